"""Locale-aware extraction of numeric values from prose.

What is understood (per locale, see :class:`NumberFormat`):

* grouped and decimal numerals: ``1,000.50`` (en, es in Central America, ko), ``1.000,50`` and
  ``1 000,50`` (locales whose decimal separator is a comma); the last separator of a token that has
  both kinds is taken as the decimal one;
* percentages and per-mille written with the number (``0.05%``, ``0,05 %``): the number is compared,
  the sign is not;
* numbers glued to units or words (``14 days``, ``14 días``, ``14일``, ``art. 85``, ``제75조``);
* scale words: ``1.5 million`` / ``1,5 millones`` / ``mil millones``, Korean ``천``, ``만``, ``억``, ``조``
  (``1천만 원`` = 10,000,000; ``1억 5,000만`` = 150,000,000).

What is not: numbers written as words ("three", "tres", "셋"), Roman numerals, fractions written
with a slash are two numbers (``1/1,000`` gives 1 and 1000).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .model import NumberToken, Pos


@dataclass(frozen=True)
class NumberFormat:
    decimal: str = "."
    group: str = ","
    scale_words: tuple[tuple[str, int], ...] = ()
    korean_units: bool = False


FORMATS: dict[str, NumberFormat] = {
    "en": NumberFormat(".", ",", (("billion", 9), ("millions", 6), ("million", 6), ("thousand", 3))),
    # Central American usage: decimal point, comma for thousands.
    "es": NumberFormat(".", ",", (("mil millones", 9), ("millones", 6), ("millón", 6), ("mil", 3))),
    "ko": NumberFormat(".", ",", (), korean_units=True),
    "pt": NumberFormat(",", ".", (("bilhões", 9), ("bilhão", 9), ("milhões", 6), ("milhão", 6), ("mil", 3))),
    # the other languages `cmg new-locale` knows by name: a decimal comma, so that a translated "0,125"
    # is read as 0.125 (a language not listed reads "0,125" as 125: add it here with its separators)
    "fr": NumberFormat(",", "\u202f", (("milliards", 9), ("milliard", 9), ("millions", 6), ("million", 6))),
    "ht": NumberFormat(",", "\u202f", (("milya", 9), ("milyon", 6))),
    "de": NumberFormat(",", ".", (("Milliarden", 9), ("Milliarde", 9), ("Millionen", 6), ("Million", 6))),
    "it": NumberFormat(",", ".", (("miliardi", 9), ("miliardo", 9), ("milioni", 6), ("milione", 6))),
    "nl": NumberFormat(",", ".", (("miljard", 9), ("miljoen", 6))),
}


def number_format(locale: str) -> NumberFormat:
    return FORMATS.get(locale, FORMATS.get(locale.split("-")[0].split("_")[0], NumberFormat()))


# A numeral: digits with optional separators between digit groups (space variants only narrow).
_NUM = r"\d+(?:[.,\u00a0\u202f]\d+)*"
_KO_SMALL = {"십": 10, "백": 100, "천": 1000}
_KO_BIG = {"만": 10**4, "억": 10**8, "조": 10**12}


_SEPARATOR = re.compile(r"[.,  ]")


def _parse_numeral(text: str, fmt: NumberFormat) -> Decimal | None:
    t = text.replace("\u00a0", " ").replace("\u202f", " ")
    seps = [c for c in t if not c.isdigit()]
    if not seps:
        return Decimal(t)
    kinds = set(seps)
    if len(kinds) > 1:
        # both kinds: the last separator is the decimal one
        dec = seps[-1]
        intpart, frac = t.rsplit(dec, 1)
        digits = "".join(c for c in intpart if c.isdigit())
        return Decimal(f"{digits}.{frac}") if frac.isdigit() else None
    sep = seps[0]
    groups = _SEPARATOR.split(t)
    if len(seps) > 1:
        # repeated separator: grouping (1,000,000 or 1.000.000 or 1 000 000)
        if all(len(g) == 3 for g in groups[1:]):
            return Decimal("".join(groups))
        return None
    if sep == " ":
        return Decimal("".join(groups)) if len(groups[1]) == 3 else None
    if sep == fmt.decimal:
        return Decimal(f"{groups[0]}.{groups[1]}")
    if sep == fmt.group and len(groups[1]) == 3:
        return Decimal("".join(groups))
    # a lone separator that is neither: read it as a decimal separator
    return Decimal(f"{groups[0]}.{groups[1]}")


# a numeral not preceded by an ASCII digit; written to start with \d (the lookbehind after it) so that
# the regex engine can skip ahead to a digit instead of trying the whole pattern at every position
_TOKEN = re.compile(r"\d(?<![0-9]\d)\d*" + _NUM.removeprefix(r"\d+"))


# Idioms whose numeral is not a quantity: Korean "1일당" is "per day" (en "per day", es "por día").
# Numeronyms ("k8s", "i18n", "l10n", "a11y") are words, in every language.
_NUMERONYM = r"(?<![^\W\d_])[A-Za-z]\d{1,2}[A-Za-z]{1,2}(?![^\W\d_])"
_IDIOMS = {"ko": re.compile(r"(?<![0-9.,])1\s?(?:일|개월|년)\s?당|" + _NUMERONYM)}
_IDIOM_ANY = re.compile(_NUMERONYM)
# What every match of an idiom pattern holds (a letter before a digit, or "1" before the Korean unit):
# these start with no lookbehind, so the regex engine skips ahead to a candidate; a line without one
# (most lines) is not searched with the idiom pattern at all
_IDIOM_HINTS = {"ko": re.compile(r"[A-Za-z]\d|1\s?(?:일|개월|년)")}
_IDIOM_HINT_ANY = re.compile(r"[A-Za-z]\d")


_MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
           "novembro", "dezembro"],
}
_MONTH_RES = {
    loc: re.compile(
        r"(?:(?<=\d )|(?<=\d de )|(?<=\d of ))(" + "|".join(names) + r")\b|\b(" + "|".join(names)
        + r")(?= \d| de \d)", 0 if loc == "en" else re.IGNORECASE)
    for loc, names in _MONTHS.items()
}


_MONTH_ANY = {loc: re.compile("|".join(names), 0 if loc == "en" else re.IGNORECASE) for loc, names in _MONTHS.items()}
# a month name in a date is at most " de " away from a digit: only those stretches of a line need a look
_MONTH_REACH = max(len(n) for names in _MONTHS.values() for n in names) + len(" de ")
_DIGITS = re.compile(r"\d+")


def _month_tokens(text: str, lang: str, line: int, col0: int, numerals: list[tuple[int, int]]) -> list[NumberToken]:
    """Month names in dates count as their month number (20 May 2026 = 2026년 5월 20일).

    ``numerals`` are the spans of the line's numerals: every digit of the line is in one.
    """
    pat = _MONTH_RES.get(lang)
    if not pat:
        return []
    any_name, reach = _MONTH_ANY[lang], _MONTH_REACH
    if not any(any_name.search(text, max(0, start - reach), end + reach) for start, end in numerals):
        return []
    names = [n.lower() for n in _MONTHS[lang]]
    out = []
    for m in pat.finditer(text):
        name = (m.group(1) or m.group(2)).lower()
        out.append(NumberToken(_canon(Decimal(names.index(name) + 1)), m.group(0), Pos(line, col0 + m.start())))
    return out


_RULES: dict[str, tuple[NumberFormat, str, re.Pattern | None, tuple[tuple[re.Pattern, int], ...], re.Pattern]] = {}


def _rules(locale: str) -> tuple[NumberFormat, str, re.Pattern | None, tuple[tuple[re.Pattern, int], ...], re.Pattern]:
    """The number format, language, idiom pattern, scale-word patterns and idiom pre-test of a locale
    (built once)."""
    hit = _RULES.get(locale)
    if hit is None:
        fmt = number_format(locale)
        lang = locale.split("-")[0].split("_")[0]
        scales = tuple((re.compile(rf"\s+{word}\b", re.IGNORECASE), exp) for word, exp in fmt.scale_words)
        hit = _RULES[locale] = (fmt, lang, _IDIOMS.get(lang, _IDIOM_ANY), scales,
                                _IDIOM_HINTS.get(lang, _IDIOM_HINT_ANY))
    return hit


_SCALES: dict[str, tuple[re.Pattern, tuple[int, ...]] | None] = {}


def _scale_pattern(locale: str, scales) -> tuple[re.Pattern, tuple[int, ...]] | None:
    """The scale words of a locale as one pattern: the alternatives are tried in the order of the words,
    as the words' own patterns were, so the same word wins; its group number gives the exponent."""
    if locale not in _SCALES:
        _SCALES[locale] = (re.compile(r"\s+(?:" + "|".join(f"({s.pattern[3:]})" for s, _ in scales) + ")",
                                      re.IGNORECASE), (0, *(exp for _, exp in scales))) if scales else None
    return _SCALES[locale]


_NUMERALS: dict[tuple[str, NumberFormat], tuple[Decimal | None, Decimal | None]] = {}


def _numeral(raw: str, fmt: NumberFormat) -> tuple[Decimal | None, Decimal | None]:
    """The value of a numeral and its canonical form (None, None when it is not one number); kept, as the
    same numerals come back on every page."""
    key = (raw, fmt)
    hit = _NUMERALS.get(key)
    if hit is None:
        try:
            value = _parse_numeral(raw, fmt)
        except InvalidOperation:
            value = None
        hit = (value, _canon(value) if value is not None else None)
        if len(_NUMERALS) < 100_000:
            _NUMERALS[key] = hit
    return hit


def extract_numbers(text: str, locale: str, line: int, col0: int = 1) -> list[NumberToken]:
    """All numeric values of one line of prose, in order."""
    m = _TOKEN.search(text)
    if not m:
        return []  # no digit: no numeral, and no month name either (one counts only in a date)
    fmt, lang, idiom, scales, idiom_hint = _rules(locale)
    if idiom and idiom_hint.search(text):
        blanked = idiom.sub(lambda m: " " * len(m.group(0)), text)
        if blanked != text:
            text = blanked
            m = _TOKEN.search(text)
    out: list[NumberToken] = []
    numerals: list[tuple[int, int]] = []  # spans of the numerals with what they consumed: every digit is in one
    scale_words = _scale_pattern(locale, scales) if not fmt.korean_units else None
    while m:
        raw = m.group(0)
        # trailing separator followed by a non-digit is punctuation ("14, 30" / "end.")
        value, canon = _numeral(raw, fmt)
        end = m.end()
        if value is None:
            # split on separators and take each digit run on its own
            for sub in _DIGITS.finditer(raw):
                out.append(NumberToken(_canon(Decimal(sub.group(0))), sub.group(0), Pos(line, col0 + m.start() + sub.start())))
            numerals.append((m.start(), end))
            m = _TOKEN.search(text, end)
            continue
        if fmt.korean_units:
            value, consumed = _korean_scale(value, text[end:])
            if consumed:
                end += consumed
                canon = _canon(value)
        elif scale_words is not None:
            sm = scale_words[0].match(text, end)
            if sm:
                value = value * (Decimal(10) ** scale_words[1][sm.lastindex])
                end = sm.end()
                canon = _canon(value)
        out.append(NumberToken(canon, text[m.start():end], Pos(line, col0 + m.start())))
        numerals.append((m.start(), end))
        m = _TOKEN.search(text, end)
    out.extend(_month_tokens(text, lang, line, col0, numerals))
    return out


def _canon(value: Decimal) -> Decimal:
    value = value.normalize()
    if value == value.to_integral():
        return Decimal(int(value))
    return value


_KO_UNITS = re.compile(r"([십백천])?([만억조])?")
_KO_SMALL_UNIT = re.compile(r"([십백천])?")
_KO_WON_OR_DIGIT = re.compile(r"\s?(원|\d)")
_HANGUL = re.compile(r"[가-힣]")
_KO_PART = re.compile(rf"\s?({_NUM})([십백천])?([만억조])?")


def _korean_scale(value: Decimal, rest: str) -> tuple[Decimal, int]:
    """Apply Korean unit characters after a numeral: 5천만, 1억 5,000만 (adds following parts)."""
    consumed = 0
    m = _KO_UNITS.match(rest)
    if not m or not m.group(0):
        return value, 0
    if m.group(2) == "만" and rest[m.end():m.end() + 1] == "큼":
        # "1만큼": "by 1" (the particle 만큼), not ten thousand
        m = _KO_SMALL_UNIT.match(rest)
        if not m or not m.group(0):
            return value, 0
    if m.group(2) == "조" and not _KO_WON_OR_DIGIT.match(rest, m.end()):
        # "제75조" is an article number, not a trillion
        m = _KO_SMALL_UNIT.match(rest)
        if not m or not m.group(0):
            return value, 0
    small = _KO_SMALL.get(m.group(1) or "", 1)
    big = _KO_BIG.get(m.group(2) or "", 1) if m.lastindex and m.lastindex >= 2 else 1
    if m.group(1) and big == 1:
        # "5천" alone, but not "천" as part of a word like "천장": accept only before space/원/punct
        after = rest[m.end():m.end() + 1]
        if after and _HANGUL.match(after) and after != "원":
            return value, 0
    total = value * small * big
    consumed = m.end()
    last_big = big
    # additive continuation: "1억 5,000만", "3억 2천만"
    while last_big > 1:
        cm = _KO_PART.match(rest, consumed)
        if not cm or not (cm.group(2) or cm.group(3)):
            break
        try:
            part = _parse_numeral(cm.group(1), NumberFormat())
        except InvalidOperation:
            break
        nbig = _KO_BIG.get(cm.group(3) or "", 1)
        if part is None or nbig >= last_big:
            break
        total += part * _KO_SMALL.get(cm.group(2) or "", 1) * nbig
        consumed = cm.end()
        last_big = nbig
    return total, consumed


# Small numbers written as words, which a translator may write as digits or the other way round
# ("3-way" / "de tres vías", "two spaces" / "2칸"). Words that are mostly articles or verb forms are left
# out: "one" / "un" / "una" (an article), Korean "한" (also "did"), Sino-Korean 일/이/삼 (also "day", "this").
_NUMBER_WORDS = {
    "en": ["zero", None, "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"],
    "es": ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce"],
    "pt": ["zero", "um", "dois|duas", "três", "quatro", "cinco", "seis", "sete", "oito", "nove", "dez", "onze", "doze"],
    "ko": ["영", "하나", "둘|두", "셋|세", "넷|네", "다섯", "여섯", "일곱", "여덟", "아홉", "열", "열하나|열한", "열둘|열두"],
}
# ordinals from "third" ("first" and "second" are also "earliest" and a unit of time) and number bases
# ("base 16" / "hexadecimal" / "16진법"), which one language writes as a word and another with digits
_NUMBER_WORDS_MORE = {
    "en": {3: "third|3rd", 4: "fourth|4th", 5: "fifth|5th", 2: "binary", 8: "octal", 10: "decimal", 16: "hexadecimal|hex"},
    "es": {3: "tercer|tercero|tercera|terceros|terceras", 4: "cuarto|cuarta", 5: "quinto|quinta", 2: "binario",
           8: "octal", 10: "decimal", 16: "hexadecimal"},
    "pt": {3: "terceiro|terceira|terceiros", 2: "binário", 8: "octal", 10: "decimal", 16: "hexadecimal"},
    "ko": {2: "이진수|이진법", 8: "팔진수|팔진법", 10: "십진수|십진법", 16: "십육진수|십육진법"},
}
_NUMBER_WORD_RES: dict[str, re.Pattern | None] = {}


def _number_word_re(lang: str) -> re.Pattern | None:
    if lang not in _NUMBER_WORD_RES:
        words = _NUMBER_WORDS.get(lang)
        if not words:
            _NUMBER_WORD_RES[lang] = None
        else:
            pairs = [(i, w) for i, w in enumerate(words) if w]
            pairs += [(n, w) for n, w in _NUMBER_WORDS_MORE.get(lang, {}).items()]
            # longest first, so that "열하나" is not read as "열"; each alternative named by its number
            alts = "|".join(f"(?P<n{n}_{k}>{w})" for k, (n, w) in
                            enumerate(sorted(pairs, key=lambda p: -max(len(x) for x in p[1].split("|")))))
            if lang == "ko":  # a Korean numeral word stands before a counter or alone: 두 가지, 세 부분, 하나
                _NUMBER_WORD_RES[lang] = re.compile(rf"(?<![가-힣])(?:{alts})(?=\s|[.,)]|$|가지|개|번|칸|명)")
            else:
                # letters on neither side: "_two spaces_" (emphasis) has the word too
                _NUMBER_WORD_RES[lang] = re.compile(rf"(?<![^\W\d_])(?:{alts})(?![^\W\d_])", re.IGNORECASE)
    return _NUMBER_WORD_RES[lang]


def number_words(text: str, locale: str) -> Counter[Decimal]:
    """How many times each small number (0–12) is written as a word in ``text``."""
    out: Counter = Counter()
    pat = _number_word_re(locale.split("-")[0].split("_")[0])
    if pat is None:
        return out
    for m in pat.finditer(text):
        out[Decimal(int(m.lastgroup[1:].split("_")[0]))] += 1
    return out


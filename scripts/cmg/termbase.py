"""The termbase: approved, accepted and forbidden terms per locale, and obligation verbs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import yamlsafe
from .model import Pos, Problem

STRENGTHS = ("prohibited", "mandatory", "recommended", "permitted")
# phrases that contain an obligation verb but state no obligation ("se debe a que": "this is because"):
# blanked before anything is counted
NOT_OBLIGATION = "not_obligation"
# per strength, the forms that can say it but need not ("need to", "cannot", "hay que", "수 없다"): not
# counted as the strength, counted apart (key "loose"), so that a source "you need to" rendered "debe"
# (or a "must" rendered "tiene que") is no contradiction — see :func:`cmg.checks.compare_obligations`
LOOSE = "loose"


def loose_key(strength: str) -> str:
    return f"{strength}~"


# each strength's loose forms right before its own strict ones: "pueden no" / "않을 수 있다" (may not) are taken
# as a loose prohibition before "pueden" / "수 있다" could be counted as a permission, and "should look
# like" (an expectation) as a loose recommendation before "should"
_ORDER = (NOT_OBLIGATION, *(k for s in STRENGTHS for k in (loose_key(s), s)))


@dataclass(frozen=True)
class LocaleTerm:
    term: str
    variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    definition: str = ""
    # False where the locale leaves the concept unmarked in running text (Korean writes a calendar-day
    # period as "14일"): CMG301 then does not ask this locale for the term; forbidden terms still count
    check: bool = True

    @property
    def accepted(self) -> tuple[str, ...]:
        return (self.term, *self.variants)


@dataclass
class Term:
    id: str
    line: int
    by_locale: dict[str, LocaleTerm]
    check: bool = True


@dataclass
class Termbase:
    path: str
    terms: list[Term] = field(default_factory=list)
    locales: list[str] = field(default_factory=list)
    obligations: dict[str, dict[str, list[re.Pattern]]] = field(default_factory=dict)
    # per locale, the words by which a footnote marks its source secondary or unconfirmed (CMG210)
    source_status: dict[str, dict[str, list[re.Pattern]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    _matchers: dict = field(default_factory=dict, repr=False)
    _indexes: dict = field(default_factory=dict, repr=False)

    def term(self, term_id: str) -> Term | None:
        for t in self.terms:
            if t.id == term_id:
                return t
        return None

    def matcher(self, locale: str, phrase: str) -> re.Pattern:
        key = (locale, phrase)
        m = self._matchers.get(key)
        if m is None:
            m = self._matchers[key] = compile_term(phrase, locale)
        return m

    def index(self, locale: str) -> TermIndex:
        idx = self._indexes.get(locale)
        if idx is None:
            idx = self._indexes[locale] = TermIndex(self, locale)
        return idx



def _fold_table() -> dict[int, str]:
    table = {}
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
        if base != ch and base:
            table[cp] = base.lower()
    return table


_FOLD = _fold_table()
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_FOLD)) + "]")
_COMBINING = re.compile("[\u0300-\u036f]")


def _fold_char(m: re.Match) -> str:
    return _FOLD[ord(m.group())]


def fold(text: str) -> str:
    """Lower-case and strip accents from Latin letters (Hangul and other scripts are kept as is)."""
    text = text.lower()
    if text.isascii():
        return text
    if _COMBINING.search(text):  # decomposed accents: strip the marks
        text = unicodedata.normalize("NFC", _COMBINING.sub("", unicodedata.normalize("NFD", text)))
    # the same as text.translate(_FOLD), which looks every character up: most have nothing to fold
    return _FOLDABLE.sub(_fold_char, text)


def _is_spaceless_script(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" or "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


_VOWELS = frozenset("aeiou")


def number_forms(folded: str) -> set[str]:
    """Other spellings of a folded term of a space-separated script that light inflection (a text word
    is a term word plus up to 3 letters) cannot reach: the "-ies" plural of a last word in consonant + "y"
    (``performance security`` → ``performance securiti``, which ``securities`` reaches) and, for a term in the plural, its singular
    (``danos liquidados`` → ``dano liquidado``: a word of 5 letters or more in vowel + "s" loses the "s")."""
    words = folded.split()
    out = set()
    last = words[-1] if words else ""
    if len(last) >= 4 and last.endswith("y") and last[-2] not in _VOWELS and last[-2].isalpha():
        out.add(" ".join([*words[:-1], last[:-1] + "i"]))  # the head noun only: "remedy defects" is a verb
    singular = [w[:-1] if len(w) >= 5 and w.endswith("s") and w[-2] in _VOWELS else w for w in words]
    if singular != words:
        out.add(" ".join(singular))
    return out


def compile_term(phrase: str, locale: str) -> re.Pattern:
    """A pattern that finds a term in folded prose, allowing plural and light inflection.

    ``-ies`` plurals and the singular of a plural term match too (:func:`number_forms`).

    A parenthesised part of the term is optional (``공정(진도) 보고서`` also matches ``공정 보고서``;
    ``contract management plan (CMP)`` matches without the acronym). A hyphen binds words, so
    ``excusable delay`` is not found inside ``non-excusable delay``.
    """
    folded = fold(phrase).strip()
    if not _is_spaceless_script(folded):
        alternatives = [_compile_spaced(folded)] + [_compile_spaced(f) for f in sorted(number_forms(folded))]
        return re.compile("|".join(p.pattern for p in alternatives))
    pieces = re.split(r"(\([^)]*\))", folded)
    # a Hangul or CJK term: characters, spaces optional
    out = []
    for piece in pieces:
        if piece.startswith("("):
            out.append("(?:" + r"\s?".join(re.escape(ch) for ch in piece if not ch.isspace()) + r")?\s?")
        else:
            chars = [re.escape(ch) for ch in piece if not ch.isspace()]
            if chars:
                out.append(r"\s?".join(chars) + r"\s?")
    body = "".join(out)
    body = body[: -len(r"\s?")] if body.endswith(r"\s?") else body
    return re.compile(body)


def _compile_spaced(folded: str) -> re.Pattern:
    pieces = re.split(r"(\([^)]*\))", folded)
    out = []
    for piece in pieces:
        if piece.startswith("("):
            out.append(r"(?:[\s\-]*" + re.escape(piece) + ")?")
            continue
        words = piece.split()
        if not words:
            continue
        pats = [re.escape(w) + (r"\w{0,3}" if len(w) >= 4 and w[-1].isalpha() else "") for w in words]
        out.append((r"[\s\-]+" if out else "") + r"[\s\-]+".join(pats))
    return re.compile(r"(?<![\w-])" + "".join(out) + r"(?![\w-])")


_SPACES = re.compile(r"\s+")


def _node_line(node) -> int:
    return node.start_mark.line + 1 if node is not None and getattr(node, "start_mark", None) else 0


_TERM_ENTRY = re.compile(r"^\s*-\s+id\s*:")


def misplaced_term_line(text: str, up_to: int) -> int:
    """The line of a term entry (``- id:``) written after the top-level ``obligations:`` key, at or before
    line ``up_to`` (where YAML gave up), or 0."""
    lines = text.splitlines()
    start = next((i for i, ln in enumerate(lines) if ln.startswith("obligations:")), None)
    if start is None:
        return 0
    for i in range(start + 1, min(len(lines), max(up_to, start + 1))):
        if _TERM_ENTRY.match(lines[i]):
            return i + 1
    return 0


def load_termbase(path: Path, rel: str, locales: list[str], data: bytes | None = None) -> Termbase:
    """Load and check the termbase; problems (with line numbers) are collected, not raised.

    ``data``: the file's bytes when the caller has read them already (the findings cache hashes them)."""
    tb = Termbase(rel)
    try:
        text = (path.read_bytes() if data is None else data).decode("utf-8-sig")
    except FileNotFoundError:
        tb.problems.append(Problem("CMG003", "termbase file does not exist", Pos(1),
                                   "create it or set plugins.cmg.termbase in mkdocs.yml"))
        return tb
    except UnicodeDecodeError:
        tb.problems.append(Problem("CMG001", "termbase is not valid UTF-8", Pos(1), "re-save it as UTF-8"))
        return tb
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        root = yamlsafe.compose(text, loader)  # no aliases, no repeated keys
        data = yamlsafe.construct(root, loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 1) if mark else 1
        misplaced = misplaced_term_line(text, line)
        if misplaced:
            tb.problems.append(Problem(
                "CMG003", f"a term entry ('- id:' at line {misplaced}) is written after 'obligations:', where the "
                f"termbase keeps obligation patterns, not terms", Pos(misplaced),
                "terms go in the 'terms:' list at the top of the file: move the entry up, before 'obligations:', "
                "indented like the other '- id:' entries"))
            return tb
        tb.problems.append(Problem("CMG003", f"termbase is not valid YAML: {getattr(exc, 'problem', exc)}",
                                   Pos(line), "fix the YAML syntax"))
        return tb
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        tb.problems.append(Problem("CMG003", "termbase needs a top-level 'terms' list", Pos(1),
                                   "see AUTHORING.md for the termbase format"))
        return tb
    declared = data.get("locales")
    if declared is not None and not (isinstance(declared, list) and all(isinstance(x, str) for x in declared)):
        tb.problems.append(Problem("CMG003", "termbase 'locales' must be a list of locale codes", Pos(1),
                                   "write for example: locales: [en, es, ko]"))
        declared = None
    # only the locales the termbase declares must be complete; a new site locale starts empty
    tb.locales = [x for x in (declared or locales)]
    locales = [x for x in locales if x in tb.locales]
    term_nodes = []
    for k, v in root.value:
        if k.value == "terms":
            term_nodes = v.value
    seen_ids: dict[str, int] = {}
    seen_terms: dict[tuple[str, str], tuple[str, int]] = {}
    for i, entry in enumerate(data["terms"]):
        line = _node_line(term_nodes[i]) if i < len(term_nodes) else 0
        if not isinstance(entry, dict) or not entry.get("id"):
            tb.problems.append(Problem("CMG003", "termbase entry has no 'id'", Pos(line), "give every entry an id"))
            continue
        tid = str(entry["id"])
        if tid in seen_ids:
            tb.problems.append(Problem("CMG003", f"term id '{tid}' is used twice (first at line {seen_ids[tid]})",
                                       Pos(line), "merge the two entries or rename one"))
            continue
        seen_ids[tid] = line
        by_locale: dict[str, LocaleTerm] = {}
        for loc in locales:
            lt = entry.get(loc)
            if not isinstance(lt, dict) or not lt.get("term"):
                tb.problems.append(Problem("CMG003", f"term '{tid}' has no '{loc}' term", Pos(line),
                                           f"add '{loc}: {{term: …, definition: …}}' to the entry"))
                continue
            lterm = LocaleTerm(
                term=str(lt["term"]),
                variants=tuple(str(v) for v in (lt.get("variants") or [])),
                forbidden=tuple(str(v) for v in (lt.get("forbidden") or [])),
                definition=str(lt.get("definition") or ""),
                check=lt.get("check", True) is not False,
            )
            key = (loc, fold(lterm.term))
            if key in seen_terms and seen_terms[key][0] != tid:
                tb.problems.append(Problem(
                    "CMG003", f"'{lterm.term}' ({loc}) is the approved term of both '{seen_terms[key][0]}' "
                    f"(line {seen_terms[key][1]}) and '{tid}'", Pos(line), "give each concept its own approved term"))
            seen_terms.setdefault(key, (tid, line))
            by_locale[loc] = lterm
        for loc, lt in entry.items():
            if isinstance(lt, dict) and loc not in locales and loc not in ("id", "check"):
                pass  # a locale that is not built yet: kept, not checked
        tb.terms.append(Term(tid, line, by_locale, bool(entry.get("check", True))))
    obligations = data.get("obligations") or {}
    ob_line = next((k.start_mark.line + 1 for k, _ in root.value if getattr(k, "value", None) == "obligations"), 1)
    if not isinstance(obligations, dict) or any(not isinstance(v, dict | None) for v in obligations.values()):
        at = misplaced_term_line(text, len(text.splitlines())) or _node_line(root)
        tb.problems.append(Problem("CMG003", "'obligations' must map each locale to its patterns "
                                   "(prohibited, mandatory, recommended, permitted)", Pos(at),
                                   "terms go in the 'terms:' list at the top of the file, not under 'obligations:'"))
        return tb
    for loc, strengths in obligations.items():
        compiled: dict[str, list[re.Pattern]] = {}
        if strengths is not None and not isinstance(strengths, dict):
            tb.problems.append(Problem("CMG003", f"obligations.{loc} must map strengths to patterns, not "
                                       f"{_kind(strengths)}", Pos(ob_line), "write `mandatory: [...]` under the locale"))
            strengths = {}
        loose = (strengths or {}).get(LOOSE) or {}
        if not isinstance(loose, dict):
            tb.problems.append(Problem("CMG003", f"obligations.{loc}.{LOOSE} must map strengths to patterns", Pos(1),
                                       f"write `{LOOSE}: {{mandatory: [...], permitted: [...]}}`"))
            loose = {}
        for strength in _ORDER:
            pats = []
            raw = loose.get(strength[:-1]) if strength.endswith("~") else (strengths or {}).get(strength)
            if raw is not None and not (isinstance(raw, list) and all(isinstance(x, str) for x in raw)):
                tb.problems.append(Problem("CMG003", f"obligations.{loc}.{strength.rstrip('~')} must be a list of "
                                           f"patterns (text), not {_kind(raw)}", Pos(ob_line),
                                           "write the patterns as a list: [pattern, pattern]"))
                raw = []
            for pat in raw or []:
                try:
                    pats.append(re.compile(pat))
                except re.error as exc:
                    tb.problems.append(Problem("CMG003", f"obligation pattern {pat!r} ({loc}) is not a valid "
                                               f"regular expression: {exc}", Pos(1), "fix the pattern"))
            compiled[strength] = pats
        tb.obligations[str(loc)] = compiled
    _load_source_status(tb, data.get("source_status"), root)
    return tb


SOURCE_STATUSES = ("secondary", "unconfirmed")


def _load_source_status(tb: Termbase, raw, root) -> None:
    """``source_status: {locale: {secondary: [pattern], unconfirmed: [pattern]}}`` (optional)."""
    if raw is None:
        return
    line = next((k.start_mark.line + 1 for k, _ in root.value if getattr(k, "value", None) == "source_status"), 1)
    if not isinstance(raw, dict):
        tb.problems.append(Problem("CMG003", "'source_status' must map each locale to its patterns "
                                   "(secondary, unconfirmed)", Pos(line), "write `en: {secondary: [...], ...}`"))
        return
    for loc, kinds in raw.items():
        if not isinstance(kinds, dict) or any(k not in SOURCE_STATUSES for k in kinds):
            tb.problems.append(Problem("CMG003", f"source_status.{loc} must map secondary and unconfirmed to "
                                       "patterns", Pos(line), "write `secondary: [...]` and `unconfirmed: [...]`"))
            continue
        compiled: dict[str, list[re.Pattern]] = {}
        for kind in SOURCE_STATUSES:
            pats = kinds.get(kind) or []
            if not (isinstance(pats, list) and all(isinstance(x, str) for x in pats)):
                tb.problems.append(Problem("CMG003", f"source_status.{loc}.{kind} must be a list of patterns",
                                           Pos(line), "write the patterns as a list: [pattern, pattern]"))
                pats = []
            compiled[kind] = []
            for pat in pats:
                try:
                    compiled[kind].append(re.compile(pat))
                except re.error as exc:
                    tb.problems.append(Problem("CMG003", f"source-status pattern {pat!r} ({loc}) is not a valid "
                                               f"regular expression: {exc}", Pos(line), "fix the pattern"))
        tb.source_status[str(loc)] = compiled


def source_marks(tb: Termbase | None, locale: str, text: str) -> tuple[int, bool] | None:
    """How many times a footnote marks a source secondary, and whether it says something is unconfirmed
    (None when the termbase has no patterns for the locale)."""
    pats = tb.source_status.get(locale) if tb else None
    if not pats:
        return None
    secondary = sum(len(p.findall(text)) for p in pats.get("secondary", []))
    unconfirmed = any(p.search(text) for p in pats.get("unconfirmed", []))
    return secondary, unconfirmed


def _kind(value) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def count_obligations(lines: list[str], patterns: dict[str, list[re.Pattern]]) -> dict[str, int]:
    """Count each obligation strength; stronger/negative forms are consumed first, then the loose forms
    (counted under :func:`loose_key`)."""
    counts = dict.fromkeys(_ORDER, 0)
    plan = _plan(patterns)
    for text in lines:
        # the pre-filter's folded text; translated only when it has one of the letters to spell plainly
        folded = (text.translate(_RE_CASE_TWINS) if _CASE_TWIN.search(text) else text).lower()
        for strength, pat, needle, ignore_case, loose in plan:
            if needle and needle not in (folded if ignore_case else text):
                continue  # the pattern's literal start is not in the text: it cannot match (cheaper than a search)
            if loose is not None and not loose.search(text):
                continue  # no match of the looser pattern, so none of this one: nothing to count or consume

            def take(m: re.Match, strength: str = strength) -> str:
                counts[strength] += 1
                return " " * len(m.group(0))
            text = pat.sub(take, text)
    del counts[NOT_OBLIGATION]
    return counts


_PLANS: dict[int, tuple[dict, tuple, tuple]] = {}


def _plan(patterns: dict[str, list[re.Pattern]]) -> tuple:
    """(strength, pattern, needle, ignore case, loosened pattern) of every pattern, in the order they are
    applied; made once per patterns mapping (a locale's, from the termbase), not for every block."""
    shape = tuple(map(len, patterns.values()))  # a list changed since: planned again
    hit = _PLANS.get(id(patterns))
    if hit is not None and hit[0] is patterns and hit[1] == shape:
        return hit[2]
    plan = tuple((strength, pat, *_needle(pat), _loosened(pat)) for strength in _ORDER
                 for pat in patterns.get(strength, []))
    if len(_PLANS) > 64:
        _PLANS.clear()
    _PLANS[id(patterns)] = (patterns, shape, plan)  # the mapping kept: its id is not reused meanwhile
    return plan


# letters that an ignore-case pattern matches as i, s or k but that str.lower() does not turn into them
# (dotless ı, dotted İ, long ſ, the Kelvin sign): the pre-filter's folded text spells them plainly
_RE_CASE_TWINS = str.maketrans({"\u0131": "i", "\u0130": "i", "\u017f": "s", "\u212a": "k"})
_CASE_TWIN = re.compile("[" + "".join(map(chr, _RE_CASE_TWINS)) + "]")  # the text has one of them
_LEADING_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
_NEEDLES: dict[re.Pattern, tuple[str, bool]] = {}
_META = set(".^$*+?{}[]\\|()")


def _needle(pat: re.Pattern) -> tuple[str, bool]:
    """The literal text every match of ``pat`` starts with (after its flags and a ``\\b``), and whether the
    pattern ignores case; ("", …) when it starts with anything else. A quantifier after the literal drops
    the literal's last character (``deben?`` needs only ``debe``)."""
    hit = _NEEDLES.get(pat)
    if hit is None:
        src = pat.pattern if isinstance(pat.pattern, str) else ""
        m = _LEADING_FLAGS.match(src)
        rest = src[m.end():] if m else src
        if rest.startswith("\\b"):
            rest = rest[2:]
        lit = []
        for ch in rest:
            if ch in _META:
                if ch in "*?{" and lit:
                    lit.pop()  # the character before an optional quantifier may be absent
                elif ch == "|":
                    lit = []  # a top-level alternative: no common start
                break
            lit.append(ch)
        if "|" in rest and not _TOP_ALT_FREE(rest):
            lit = []
        ignore_case = bool(pat.flags & re.IGNORECASE)
        needle = "".join(lit)
        hit = _NEEDLES[pat] = (needle.lower() if ignore_case else needle, ignore_case)
    return hit


def _TOP_ALT_FREE(rest: str) -> bool:
    """True when ``rest`` has no ``|`` outside parentheses (so its literal start is common to every match)."""
    depth, esc = 0, False
    for ch in rest:
        if esc:
            esc = False
        elif ch == "\\":
            esc = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return False
    return True
_LOOSENED: dict[re.Pattern, re.Pattern | None] = {}


def _loosened(pat: re.Pattern) -> re.Pattern | None:
    """``pat`` less a leading ``\\b``: it matches wherever ``pat`` does, and it is much faster to search for,
    because the regex engine can skip ahead to a literal start. None when there is no ``\\b`` to drop."""
    if pat in _LOOSENED:
        return _LOOSENED[pat]
    loose = None
    src = pat.pattern
    if isinstance(src, str):
        m = _LEADING_FLAGS.match(src)
        head = m.group(0) if m else ""
        rest = src[len(head):]
        if rest.startswith("\\b") and rest[2:3] not in ("*", "+", "?", "{", "|", ")", ""):
            try:
                loose = re.compile(head + rest[2:], pat.flags)
            except re.error:
                loose = None
    _LOOSENED[pat] = loose
    return loose


# ---------------------------------------------------------------- fast presence of terms in a text

_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_TOKEN_SPLIT = re.compile("(" + _TOKEN.pattern + ")")
_PAREN = re.compile(r"\s*\([^)]*\)")


def _word_matches(text_word: str, term_word: str) -> bool:
    """A text word is the term word, or the term word plus up to 3 letters of inflection."""
    if text_word == term_word:
        return True
    if len(term_word) >= 4 and term_word[-1].isalpha() and text_word.startswith(term_word):
        return len(text_word) - len(term_word) <= 3 and "-" not in text_word[len(term_word):]
    return False


@dataclass(frozen=True)
class TermsFound:
    """Which termbase entries occur in a text."""

    accepted: frozenset[str]  # ids of terms whose approved term or an accepted variant occurs
    forbidden: dict[str, str]  # term id → the forbidden phrase found first, in the order they occur


@dataclass(frozen=True)
class _Starts:
    """What a text word can start: found once per distinct word and kept."""

    stems: tuple[str, ...]  # the term words it stands for
    accepted: frozenset[str]  # ids of one-word accepted phrases
    accepted_multi: tuple[tuple[tuple[str, ...], frozenset[str], str], ...]  # (words, other words, term id)
    forbidden: tuple[tuple[tuple[int, int], tuple[str, ...], frozenset[str], str, str], ...]
    # (order at one position, words, other words, term id, phrase): longest first word, then termbase order


class TermIndex:
    """Finds which termbase entries occur in a text (per locale).

    Words of space-separated scripts match with light inflection (plural, gender) and hyphens bind
    words, exactly like :func:`compile_term`; Hangul and CJK terms match as substrings with spaces
    ignored. A parenthesised part of a term is optional.

    The text is split once (in C); words that can stand for no term word are dropped with one set
    difference, and a phrase of several words is located only when all its words occur.
    """

    def __init__(self, termbase: Termbase, locale: str):
        self.first: dict[str, list[tuple[tuple[str, ...], str, str, str]]] = {}
        self.compact: list[tuple[str, str, str, str]] = []
        for term in termbase.terms:
            lt = term.by_locale.get(locale)
            if not lt:
                continue
            for kind, phrases in (("accepted", lt.accepted), ("forbidden", lt.forbidden)):
                for phrase in phrases:
                    self._add(phrase, term.id, kind)
        self.words = {w for entries in self.first.values() for words, *_ in entries for w in words}
        # a few term words (the Latin acronyms among Korean terms): a text in which none occurs even as a part
        # of a word needs no splitting into words (with many, almost every text has one)
        self._any_word = re.compile(trie_regex(sorted(self.words))) if 0 < len(self.words) <= 32 else None
        # spaceless terms: one regex (a trie: at most one branch can go on) finds the longest term that starts
        # at each position where one does; every term in the text is part of one of those
        forms = sorted({compact for compact, *_ in self.compact})
        self._compact_re = re.compile(trie_regex(forms)) if forms else None
        self._compact_within: dict[str, list[int]] = {}  # a term → indexes of the spaceless terms within it
        self._starts: dict[str, _Starts] = {}
        self._irrelevant: set[str] = set()  # text words seen that stand for no term word

    def _add(self, phrase: str, term_id: str, kind: str) -> None:
        folded = fold(phrase).strip()
        forms = {_PAREN.sub("", folded).strip()}
        if not _is_spaceless_script(folded):
            forms |= {f for form in list(forms) for f in number_forms(form)}
        if _is_spaceless_script(folded):
            forms.add(re.sub(r"[()]", "", folded))
            for form in forms:
                compact = _SPACES.sub("", form)
                if compact:
                    self.compact.append((compact, term_id, kind, phrase))
            return
        for form in forms:
            words = tuple(_TOKEN.findall(form))
            if words:
                self.first.setdefault(words[0], []).append((words, term_id, kind, phrase))

    def stems(self, word: str) -> tuple[str, ...]:
        """The term words a text word matches (itself, or itself less 1-3 letters of inflection), longest first."""
        cands = (word, word[:-1], word[:-2], word[:-3])[: 1 + max(0, min(3, len(word) - 4))]
        return tuple(k for k in cands if k in self.words and _word_matches(word, k))

    def _starts_of(self, word: str) -> _Starts | None:
        hit = self._starts.get(word)
        if hit is not None or word in self._irrelevant:
            return hit
        stems = self.stems(word)
        if not stems:
            self._irrelevant.add(word)
            return None
        accepted, multi, forbidden = set(), [], []
        for key in stems:
            for n_entry, (words, term_id, kind, phrase) in enumerate(self.first.get(key, ())):
                if kind == "forbidden":
                    forbidden.append(((len(word) - len(key), n_entry), words, frozenset(words[1:]), term_id, phrase))
                elif len(words) == 1:
                    accepted.add(term_id)
                else:
                    multi.append((words, frozenset(words[1:]), term_id))
        hit = self._starts[word] = _Starts(stems, frozenset(accepted), tuple(multi), tuple(forbidden))
        return hit

    def _within(self, form: str) -> list[int]:
        hit = self._compact_within.get(form)
        if hit is None:
            hit = self._compact_within[form] = [i for i, (c, *_) in enumerate(self.compact) if c in form]
        return hit

    def find(self, folded_text: str) -> TermsFound:
        """The accepted and forbidden terms in a folded text.

        For a forbidden term, the phrase given is the one found first in the text (at one word: the
        longest first word, then the termbase's order).
        """
        accepted: set[str] = set()
        forbidden: dict[str, str] = {}
        if self.first and (self._any_word is None or self._any_word.search(folded_text)):
            parts = _TOKEN_SPLIT.split(folded_text)  # gap, word, gap, word, …, gap
            tokens = parts[1::2]
            distinct = set(tokens)
            distinct -= self._irrelevant
            known = self._starts.get
            matched = []
            for w in distinct:
                starts = known(w) or self._starts_of(w)  # a word not seen before is looked up once
                if starts is not None:
                    matched.append((w, starts))
            if matched:
                accepted.update(*[starts.accepted for _, starts in matched])
                involved = [(w, starts) for w, starts in matched if starts.accepted_multi or starts.forbidden]
                present_words = set().union(*[starts.stems for _, starts in matched]) if involved else set()
                best: dict[str, tuple[tuple[int, int, int], str]] = {}
                for w, starts in involved:
                    for words, rest, term_id in starts.accepted_multi:
                        if term_id not in accepted and rest <= present_words and _first_match(tokens, parts, w, words) >= 0:
                            accepted.add(term_id)
                    for (rank, n_entry), words, rest, term_id, phrase in starts.forbidden:
                        if rest and not rest <= present_words:
                            continue
                        at = _first_match(tokens, parts, w, words)
                        if at < 0:
                            continue
                        prev = best.get(term_id)
                        if prev is None or (at, rank, n_entry) < prev[0]:
                            best[term_id] = ((at, rank, n_entry), phrase)
                for term_id, (_, phrase) in sorted(best.items(), key=lambda item: item[1][0]):
                    forbidden[term_id] = phrase
        if self.compact:
            compact_text = _SPACES.sub("", folded_text)
            search, longest, pos = self._compact_re.search, set(), 0
            while m := search(compact_text, pos):
                longest.add(m.group())
                pos = m.start() + 1
            candidates = sorted({i for form in longest for i in self._within(form)})
            for i in candidates:
                _, term_id, kind, phrase = self.compact[i]
                if kind == "forbidden":
                    forbidden.setdefault(term_id, phrase)
                else:
                    accepted.add(term_id)
        return TermsFound(frozenset(accepted), forbidden)


def trie_regex(words: list[str]) -> str:
    """A regex that matches, at a position, the longest of ``words`` that starts there."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _first_match(tokens: list[str], parts: list[str], word: str, words: tuple[str, ...]) -> int:
    """Index of the first token equal to ``word`` that starts ``words`` in the text, or -1."""
    n = len(words)
    last = len(tokens) - n
    i = -1
    while True:
        try:
            i = tokens.index(word, i + 1)
        except ValueError:
            return -1
        if n == 1:
            return i
        if i > last:
            return -1
        for k in range(1, n):
            # the gap before token i + k is parts[2 * (i + k)]: only spaces and hyphens may separate words
            if parts[2 * (i + k)].strip(" \t\n-") or not _word_matches(tokens[i + k], words[k]):
                break
        else:
            return i

"""Figures in guide text: numbers with a unit that a country profile may hold (pure).

A figure is a percentage or a number of days, however a locale writes it:

- ``0.075 %``, ``0.075%``, ``0,075 %`` (a decimal comma: read both ways), ``0.075 per cent``,
  ``0,075 por ciento``, ``0.075퍼센트``;
- per mille, as Korean rules state daily rates: ``0.75/1,000``, ``0.75‰``, ``0,75 por mil``,
  ``1000분의 0.75`` (each 0.075 %);
- the first bound of a range that gives its unit once: ``2–10 %``, ``2 % to 10 %``, ``2~10%``;
- days: ``14 days``, ``14 calendar days``, ``14-day``, ``14 días hábiles``, ``14일``.

Each figure keeps the sentence it is written in (a table row: the whole row), so that a check can
see which country the sentence names. CMG707 (country_checks.py) compares figures with the profiles.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal, InvalidOperation

from .model import Figure, NumberToken

_PERCENT = re.compile(r"(?:%|per\s?cent\b|percent\b|por\s?ciento\b|퍼센트|프로\b)", re.I)
_PER_MILLE = re.compile(r"(?:‰|/\s*1[,.]?000(?!\d)|por\s+mil\b|per\s+(?:mille|thousand)\b)", re.I)
_KO_FRACTION = re.compile(r"(1[,.]?000|100)\s*분의\s*$")
_DAYS = re.compile(r"-?\s*(?:(?:calendar|business|working)[\s-]+)?days?\b|-?d[ií]as?\b|(?:영업)?일(?![부반자])", re.I)
_RANGE = re.compile(r"(?:%\s*)?(?:이상\s*)?(?:–|—|-|~|to\b|a\b|al\b|hasta\b|(?<=이상)|(?<=이상 ))\s*(?:el\s+)?(\d[\d.,]*)\s*(%|‰)")
_RANGE_BEFORE = re.compile(r"\d[\d.,]*\s*(?:%|‰)?\s*(?:이상\s*|(?:–|—|-|~|to|a|al|hasta)\s+(?:el\s+)?|[–—~-])$")
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+(?=\S)")


def _readings(tok: NumberToken) -> list[Decimal]:
    """The token's value, and its other reading when the comma can be a decimal comma (``0,075``)."""
    out = [tok.value]
    text = tok.text.replace("\u00a0", "").replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        try:
            out.append(Decimal(text.replace(",", ".")))
        except InvalidOperation:
            pass
    return out


def _sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of ``text``, found once per line of text."""
    out, begin = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append((begin, m.start()))
        begin = m.end()
    out.append((begin, len(text)))
    return out


_WS = re.compile(r"\s*")
_HEAD_PERCENT = re.compile(r"%|per\s?cent|percent|por\s?ciento|퍼센트", re.I)
_HEAD_DAYS = re.compile(r"\b(?:days|días|dias)\b|일수|\(일\)", re.I)


def header_units(cells: list[str]) -> list[str]:
    """The unit a table's header gives each column ("Rate (%)": "%", "Rate (‰)": "‰", "Days": "days")."""
    out = []
    for c in cells:
        out.append("‰" if "‰" in c else "%" if _HEAD_PERCENT.search(c) else "days" if _HEAD_DAYS.search(c) else "")
    return out


def column_units(row: str, units: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, unit) of each cell of a table row (``row`` as written, pipes included) whose column's
    header gives a unit."""
    bars = [i for i, ch in enumerate(row) if ch == "|" and (i == 0 or row[i - 1] != "\\")]
    if row.lstrip().startswith("|"):
        bars = bars[1:] if bars and row[:bars[0]].strip() == "" else bars
        begin = row.index("|") + 1
    else:
        begin = 0
    out, col = [], 0
    for bar in bars + [len(row)]:
        if bar < begin:
            continue
        if col < len(units) and units[col]:
            out.append((begin, bar, units[col]))
        begin, col = bar + 1, col + 1
    return out


def figures_in(text: str, tokens: list[NumberToken], col0: int, note: str, table_row: bool = False,
               columns: list[tuple[int, int, str]] = ()) -> list[Figure]:
    """The figures among ``tokens`` (the numbers of ``text``, whose first column is ``col0``); in a table row,
    ``columns`` gives the unit that the header of a cell's column states (``Rate (%)``). Linear in the
    length of the line: patterns match at a position, sentences are found once and shared."""
    out: list[Figure] = []
    spans: list[tuple[int, int]] | None = None
    starts: list[int] = []
    contexts: dict[int, str] = {}
    for tok in tokens:
        start = tok.pos.col - col0
        end_num = start + len(tok.text)
        if start < 0 or text[start:end_num] != tok.text:
            continue  # a month name or a number the tokenizer rebuilt: no unit follows it as written
        at = _WS.match(text, end_num).end()
        before = text[max(0, start - 40):start]  # what can precede a figure's number: a short look back
        unit, scale, mark = "", Decimal(1), None
        range_after = _RANGE.match(text, at)
        if (mark := _PERCENT.match(text, at)) is not None:
            unit = "%"
        elif (mark := _PER_MILLE.match(text, at)) is not None:
            unit, scale = "%", Decimal("0.1")
        elif "분의" in before and (km := _KO_FRACTION.search(before)) is not None:
            unit, scale = "%", (Decimal("0.1") if km.group(1) != "100" else Decimal(1))
        elif range_after is not None:
            unit, scale = "%", (Decimal("0.1") if range_after.group(2) == "‰" else Decimal(1))
        elif (mark := _DAYS.match(text, at)) is not None:
            unit = "days"
        elif columns and (hint := next((u for b, e, u in columns if b <= start < e), "")):
            unit, scale = ("%", Decimal("0.1")) if hint == "‰" else (hint, Decimal(1))
        if not unit:
            continue
        # a range matters to a percentage only; the look back for one is made for those alone
        ranged = unit == "%" and (range_after is not None or _RANGE_BEFORE.search(before) is not None)
        values = tuple(dict.fromkeys((r * scale).normalize() for r in _readings(tok)))
        if spans is None:
            spans = [(0, len(text))] if table_row else _sentences(text)
            starts = [b for b, _ in spans]
        i = max(bisect.bisect_right(starts, start) - 1, 0)
        if i not in contexts:
            contexts[i] = text[spans[i][0]:spans[i][1]].strip()
        end = mark.end() if mark is not None else end_num
        out.append(Figure(tok, unit, values, note, contexts[i], ranged, text[start:end].strip()))
    return out

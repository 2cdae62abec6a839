"""Checks for what a structural edit or a hurried translation leaves behind (issue 20, point 8).

* CMG507 english-left: a sentence inside a translated paragraph, an admonition title, a table cell or a
  footnote that is still the source's text (CMG503 catches only whole lines);
* CMG508 footnote-unused: a footnote defined but cited nowhere in its file (left behind by a move or a
  removal);
* CMG115 id-prefix-other-guide: a clause whose ID starts with the prefix another guide's clauses use
  (a clause moved by hand keeps its old guide's prefix; ``cmg move`` keeps it on purpose, so the
  check reads the source's ``moved_clauses`` and stays quiet for those).

Pure functions over the parsed model; :mod:`cmg.validate` calls them.
"""

from __future__ import annotations

import re
from collections import Counter

from .checks import Finding, block_norms
from .model import Block, Clause, GuideFile
from .syntax import UNTRANSLATED

_WORD = re.compile(r"[^\W\d_]{2,}")
_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MARKER = UNTRANSLATED  # cmg.syntax
_FOOTDEF = re.compile(r"^\[\^[^\]]+\]:\s?")

MIN_SENTENCE_WORDS = 5
# words that only the source language's prose has: a name or a citation in another language (a Spanish
# law's title quoted in the English source, kept as is in the Spanish translation) has none of them
FUNCTION_WORDS = {"en": frozenset("the of and to in for is are be by with on within must shall should may which that "
                                  "this from or an as at not its their it".split())}


def _prose_in(text: str, locale: str, needed: int) -> bool:
    words = FUNCTION_WORDS.get(locale)
    if words is None:
        return True  # a source language without a list: rely on the word counts alone
    return sum(1 for w in _WORD.findall(text.lower()) if w in words) >= needed


def _norm(text: str) -> str:
    return " ".join(text.split())


def _f(gf: GuideFile, code: str, message: str, line: int, clause: str = "", block: Block | None = None) -> Finding:
    return Finding(code, message, gf.path, line, 1, gf.locale, gf.guide, clause,
                   suppressed_by=block.suppressed if block else frozenset())


def _words(text: str) -> int:
    return len(_WORD.findall(text))


# ---------------------------------------------------------------- CMG507: English left in a translation


def _sentences(block: Block) -> dict[str, int]:
    """Sentences of prose lines (not table rows) of at least MIN_SENTENCE_WORDS words → line."""
    out: dict[str, int] = {}
    for t in block.text:
        if "|" in t.text:
            continue
        for s in _SENTENCE_END.split(_norm(_LIST_MARK.sub("", t.text))):
            if _words(s) >= MIN_SENTENCE_WORDS:
                out.setdefault(s, t.line)
    return out


def _table_rows(block: Block) -> list[tuple[int, int, list[str]]]:
    """(table index, line, cells) of every table row in the block's raw text, separator rows left out."""
    rows, table, inside = [], -1, False
    for i, line in enumerate(block.raw.split("\n")):
        s = line.strip()
        if s.startswith("|"):
            if not inside:
                table, inside = table + 1, True
            if not _TABLE_SEP.match(s):
                cells = [_norm(c) for c in s.strip("|").split("|")]
                rows.append((table, block.start_line + i, cells))
        else:
            inside = False
    return rows


def _prose_cell(text: str) -> bool:
    """A cell worth comparing: two words or more (names, codes and figures alone are the same everywhere)."""
    return _words(re.sub(r"\[\[[^\]]*\]\]|\{\{[^}]*\}\}|`[^`]*`|<[^>]*>|\([^)]*://[^)]*\)", " ", text)) >= 2


def _title_is_prose(title: str) -> bool:
    words = _WORD.findall(title)
    return bool(words) and not all(w.isupper() for w in words) and (len(words) >= 2 or len(words[0]) >= 4)


def english_left_in_clause(src: GuideFile, sc: Clause, tr: GuideFile, tc: Clause) -> list[Finding]:
    out: list[Finding] = []
    sb, tb = sc.body, tc.body
    # the source side, kept on its block with the lines it was made of: a source clause is compared with
    # every translation
    memo = sb.__dict__.get("_english_left")
    if memo is None or memo[0] is not sb.text or memo[1] != len(sb.text):
        memo = sb.__dict__["_english_left"] = (sb.text, len(sb.text), set(block_norms(sb)), _sentences(sb))
    whole, source_sentences = memo[2], memo[3]
    for norm, t in zip(block_norms(tb), tb.text, strict=True):
        if norm in whole or "|" in t.text:
            continue  # a whole line is CMG503's; table rows are compared cell by cell below
        for s in _SENTENCE_END.split(_norm(_LIST_MARK.sub("", t.text))):
            if s in source_sentences and _prose_in(s, src.locale, 1):
                out.append(_f(tr, "CMG507", f"clause {tc.number} '{tc.id}': a sentence is still in {src.locale}: "
                              f"'{s[:70]}'", t.line, tc.id, tb))
                break
    for sa, ta in zip(sb.admonitions, tb.admonitions, strict=False):
        if sa.kind == ta.kind and sa.title and _norm(sa.title) == _norm(ta.title) and _title_is_prose(sa.title):
            out.append(_f(tr, "CMG507", f"clause {tc.number} '{tc.id}': the title of the '{ta.kind}' note is still in "
                          f"{src.locale}: \"{ta.title}\"", ta.pos.line, tc.id, tb))
    if "|" not in sb.raw or "|" not in tb.raw:
        return out  # a table row is a line that starts with "|": one side has none, so no cell to compare
    src_rows = {}
    for table, _line, cells in _table_rows(sb):
        src_rows.setdefault(table, []).append(cells)
    seen_rows: Counter = Counter()
    for table, line, cells in _table_rows(tb):
        r = seen_rows[table]
        seen_rows[table] += 1
        rows = src_rows.get(table, [])
        if r >= len(rows):
            continue
        for col, (a, b) in enumerate(zip(rows[r], cells, strict=False), 1):
            if a == b and _prose_cell(a):
                out.append(_f(tr, "CMG507", f"clause {tc.number} '{tc.id}': table {table + 1}, row {r + 1}, column "
                              f"{col} is still in {src.locale}: '{b[:60]}'", line, tc.id, tb))
    return out


def _footnote_text(block: Block) -> str:
    first, *rest = block.raw.split("\n")
    return _norm(_MARKER.sub(" ", _FOOTDEF.sub("", first) + " " + " ".join(rest)))


def english_footnotes(src: GuideFile, tr: GuideFile, translated: set[str] | None = None) -> list[Finding]:
    """Footnotes still in the source language that a translated clause cites. A footnote under its
    untranslated marker, or cited only by clauses not translated yet (a new locale's scaffold, an
    outdated clause), is expected state: it is checked as the source text it is, and not flagged."""
    cited_by_translated: set[str] | None = None
    if translated is not None:
        cited_by_translated = {r.value for c in tr.clauses if c.id in translated for r in c.body.footnote_refs}
    out = []
    for label, tf in tr.footnotes.items():
        sf = src.footnotes.get(label)
        if sf is None or _MARKER.search(tf.body.raw):
            continue
        if cited_by_translated is not None and label not in cited_by_translated:
            continue
        if tf.body.untranslated_marker:
            continue  # marked untranslated (a new locale, a footnote sync carried over): CMG506 says so
        text = _footnote_text(tf.body)
        if text and text == _footnote_text(sf.body) and _words(text) >= 3 and _prose_in(text, src.locale, 2):
            out.append(_f(tr, "CMG507", f"footnote [^{label}] is still in {src.locale}: '{text[:60]}'",
                          tf.pos.line, "", tf.body))
    return out


def check_english_left(src: GuideFile, tr: GuideFile, stale: set[str] | frozenset[str] = frozenset()) -> list[Finding]:
    """CMG507 for every translated clause (not outdated, not an untranslated block) and every footnote."""
    if any(p.code in ("CMG001", "CMG002") for p in tr.problems + src.problems):
        return []
    out: list[Finding] = []
    translated: set[str] = set()
    for sc in src.clauses:
        if not sc.id or sc.id in stale:
            continue
        tc = tr.clause(sc.id)
        if tc is None or tc.body.untranslated_marker:
            continue
        translated.add(sc.id)
        out += english_left_in_clause(src, sc, tr, tc)
    return out + english_footnotes(src, tr, translated)


# ---------------------------------------------------------------- CMG508: footnotes nobody cites


def check_unused_footnotes(gf: GuideFile) -> list[Finding]:
    if any(p.code in ("CMG001", "CMG002") for p in gf.problems):
        return []
    cited = {r.value for r in gf.preamble.footnote_refs}
    for c in gf.clauses:
        cited.update(r.value for r in c.body.footnote_refs)
    for fn in gf.footnotes.values():
        cited.update(r.value for r in fn.body.footnote_refs)
    return [_f(gf, "CMG508", f"footnote [^{label}] is defined but cited nowhere in the file", fn.pos.line, "", fn.body)
            for label, fn in gf.footnotes.items() if label not in cited]


# ---------------------------------------------------------------- CMG115: another guide's prefix


def _prefix(cid: str) -> str:
    return cid.split("-", 1)[0] if "-" in cid else ""


def guide_prefixes(sources: list[GuideFile]) -> dict[str, str]:
    """Each guide's prefix: the one most of its clause IDs start with (at least two, and a majority)."""
    out = {}
    for gf in sources:
        counts = Counter(_prefix(c.id) for c in gf.clauses if c.id and _prefix(c.id))
        if counts:
            prefix, n = counts.most_common(1)[0]
            if n >= 2 and n * 2 > sum(counts.values()):
                out.setdefault(gf.guide, prefix)
    return out


def check_id_prefixes(sources: list[GuideFile]) -> list[Finding]:
    from .lifecycle_edits import moved_clauses

    prefixes = guide_prefixes(sources)
    owner = {p: g for g, p in prefixes.items()}
    moved_in = {cid for gf in sources for cid in moved_clauses(gf)}
    out = []
    for gf in sources:
        mine = prefixes.get(gf.guide)
        for c in gf.clauses:
            p = _prefix(c.id or "")
            other = owner.get(p)
            if mine and p != mine and other and other != gf.guide and c.id not in moved_in:
                out.append(Finding("CMG115", f"clause ID '{c.id}' has the prefix '{p}-' of guide '{other}'; this "
                                   f"guide's clauses use '{mine}-'", gf.path, c.pos.line, c.pos.col, gf.locale,
                                   gf.guide, c.id, suppressed_by=c.body.suppressed))
    return out


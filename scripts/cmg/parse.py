"""Parse a guide file, once, into the typed model (:mod:`cmg.model`).

A line scanner that understands exactly the Markdown the guides use (front matter, ATX headings
with ``{#id}`` attribute lists, fenced code, admonitions, lists and task lists, pipe tables,
footnotes, links and images, ``[[clause-id]]`` cross-references and ``{{placeholder}}`` fields).
It never raises on bad input: what it cannot read becomes a :class:`~cmg.model.Problem`.
"""

from __future__ import annotations

import re
import unicodedata

import yaml

from . import yamlsafe
from .figures import column_units, figures_in, header_units
from .model import (
    Admonition,
    Block,
    Clause,
    Footnote,
    GuideFile,
    Heading,
    ListShape,
    Pos,
    Problem,
    Ref,
    TableShape,
    TextLine,
)
from .numbers import extract_numbers
from .paramref import REF as _PARAM_REF
from .paramref import ref_values
from .syntax import CLAUSE_ID_RE, CODE_SPAN, IGNORE, PLACEHOLDER, UNTRANSLATED, XREF

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it

ID_RE = CLAUSE_ID_RE  # the clause ID syntax (cmg.syntax)
# Every pattern here runs on lines anyone may write: a scan for a closing delimiter is bounded (and
# possessive where that changes nothing), so that a line of 25,000 openings takes linear time.
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$")
_ATTR = re.compile(r"\s*\{:?\s*+([^}]{0,500}+)\}\s*$")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(.*)$")
# a setext heading's underline ("===" for level 1, "---" for level 2) under a line of paragraph text
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_NOT_PARAGRAPH = re.compile(r"^(?: {4}|\t|\s*(?:[-*+>|#]|\d+[.)]\s|!!!|\?\?\?|\[\^)|.*\|)")
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
_FOOTDEF = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]?(.*)$")
_ADMON = re.compile(r'^(\s*)(?:!!!|\?\?\?\+?)[ \t]+([\w-]+)(?:[ \t]+[\w-]+)*(?:[ \t]+"(.*?)")?[ \t]*$')
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(\[[ xX]\]\s+)?")
_SUPPRESS = IGNORE
_UNTRANSLATED = UNTRANSLATED
_CODE_SPAN = CODE_SPAN
_IMAGE = re.compile(r"!\[([^\]]{0,2000}+)\]\(\s*+<?([^)\s>]{0,2000}+)>?(?:\s+\"[^\"]{0,500}+\")?\s*\)")
# a link, not an image: "[" not after "!" (the lookbehind after the "[" lets the engine skip ahead to one)
_LINK = re.compile(r"\[(?<!!\[)((?:[^\[\]]|\[[^\]]{0,500}+\]){0,2000}+)\]\(\s*+<?([^)\s>]{0,2000}+)>?(?:\s+\"[^\"]{0,500}+\")?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto|javascript|data):[^>\s]{0,2000}+)>", re.IGNORECASE)
_BARE_URL = re.compile(r"\bhttps?://[^\s)>\]]+", re.IGNORECASE)
_XREF = XREF
_PLACEHOLDER = PLACEHOLDER
_FOOTREF = re.compile(r"\[\^([^\]\s]{1,200}+)\]")
_TAG = re.compile(r"</?[A-Za-z][^<>]*+>|<!--.{0,2000}?-->")
_ATTR_INLINE = re.compile(r"\{:?\s*+[#.][^}]{0,500}+\}")
_DELIMITER_CELL = re.compile(r"\s*:?-{1,}:?\s*")  # a cell of a table's delimiter row


def split_lines(text: str) -> tuple[list[str], str]:
    """Split on any line ending; return the lines and the file's dominant newline."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    newline = "\r\n" if crlf > max(lf, cr) else ("\r" if cr > lf else "\n")
    return re.split(r"\r\n|\r|\n", text), newline


def decode(data: bytes) -> tuple[str | None, bool, Problem | None]:
    """Decode UTF-8 (with or without BOM). On failure say where."""
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    try:
        return data.decode("utf-8"), bom, None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, bom, Problem(
            "CMG001",
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            Pos(line, col),
            "re-save the file as UTF-8 in your editor",
        )


# The front matter's usual shape, read without a YAML parser: `key: value` lines, values plain, quoted
# without escapes, or flow lists of plain words, and `key:` followed by `  key: value` lines (the
# fingerprints of `translated_from`). Plain values and keys are resolved by PyYAML's own resolver and
# constructor (int, date, bool…), so the result is what yaml.load gives; anything else goes to yaml.load.
_FM_TOP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$")
_FM_SUB = re.compile(r"  ([A-Za-z0-9_][A-Za-z0-9_-]*): (.*)$")
_FM_PLAIN = re.compile(r"[^\W_][^:#'\"\[\]{},&*!|>%@`\\\t]*(?<! )")
_FM_SQ = re.compile(r"'([^']*)'")
_FM_DQ = re.compile(r'"([^"\\]*)"')
_FM_LIST = re.compile(r"\[(.*)\]")
# what YAML reads as a line break, or refuses, or treats specially: left to the YAML parser
_FM_ODD = re.compile(r"[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_FM_SCALARS: dict[str, object] = {}
_MISSING = object()


def _fm_scalar(text: str):
    value = _FM_SCALARS.get(text, _MISSING)
    if value is _MISSING:
        from yaml.constructor import SafeConstructor
        from yaml.resolver import Resolver

        node = yaml.ScalarNode(Resolver().resolve(yaml.ScalarNode, text, (True, False)), text)
        value = SafeConstructor.yaml_constructors[node.tag](SafeConstructor(), node)
        if len(_FM_SCALARS) < 10000:
            _FM_SCALARS[text] = value  # int, str, date…: immutable, so shared between files
    return value


def _fm_value(text: str, lists: bool = True):
    """A value of the usual shape, or _MISSING."""
    if _FM_PLAIN.fullmatch(text):
        return _fm_scalar(text)
    m = _FM_SQ.fullmatch(text) or _FM_DQ.fullmatch(text)
    if m:
        return m.group(1)
    m = _FM_LIST.fullmatch(text) if lists else None
    if m:
        inner = m.group(1)
        if not inner.strip():
            return [] if not inner else _MISSING
        items = [s.strip() for s in inner.split(",")]
        if all(_FM_PLAIN.fullmatch(s) for s in items):
            return [_fm_scalar(s) for s in items]
    return _MISSING


def fast_front_matter(lines: list[str]) -> dict | None:
    """The front matter of the usual shape, as ``yaml.safe_load`` reads it; None when it has another shape."""
    if _FM_ODD.search("".join(lines)):
        return None
    meta: dict = {}
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        i += 1
        if not line:
            continue
        m = _FM_TOP.match(line)
        if not m:
            return None
        key, text = _fm_scalar(m.group(1)), m.group(2)
        if key in meta:
            return None  # a repeated key: the general code refuses it, with its line
        if text is not None:  # "key: value" (a trailing space and nothing after it: left to YAML)
            value = _fm_value(text)
            if value is _MISSING:
                return None
            meta[key] = value
            continue
        sub: dict = {}
        while i < n and lines[i].startswith(" "):
            sm = _FM_SUB.match(lines[i])
            if not sm:
                return None
            value = _fm_value(sm.group(2), lists=False)
            if value is _MISSING:
                return None
            sub[_fm_scalar(sm.group(1))] = value
            i += 1
        meta[key] = sub if sub else None
    return meta or None  # no keys at all: left to the general code


def parse_front_matter(lines: list[str]) -> tuple[dict, int, int, list[Problem]]:
    """Return (meta, first body line index, front matter start line, problems)."""
    if not lines or lines[0].strip() != "---":
        return {}, 0, 0, []
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            fast = fast_front_matter(lines[1:i])
            if fast:
                return fast, i + 1, 1, []
            block = "\n".join(lines[1:i])
            try:
                meta = yamlsafe.load(block, FAST_LOADER) if block.strip() else {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line = (mark.line + 2) if mark else 1
                col = (mark.column + 1) if mark else 1
                reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
                return {}, i + 1, 1, [Problem("CMG002", f"front matter is not valid YAML: {reason}",
                                               Pos(line, col), "fix the YAML between the --- lines")]
            if not isinstance(meta, dict):
                return {}, i + 1, 1, [Problem("CMG002", "front matter is not a mapping of keys to values",
                                               Pos(2), "write front matter as `key: value` lines")]
            return meta, i + 1, 1, []
    return {}, 0, 1, [Problem("CMG002", "front matter is not closed: no second '---' line",
                              Pos(1), "add a line '---' after the last front matter key")]


class _BlockBuilder:
    def __init__(self, block: Block, locale: str):
        self.block = block
        self.locale = locale
        self.table_rows: list[tuple[int, int]] = []  # (line, cells)
        self.in_table = False
        self.raw: list[str] = []
        self.admonition: tuple[str, int] | None = None  # (kind, indent) of the note the lines are in
        self._row = False  # the text being read is a table row (a figure's context is the whole row)
        self._units: list[str] = []  # the unit the current table's header gives each column
        self._columns: list = []  # (start, end, unit) of the cells of the row being read
        # the list being read: [first line, items, checklist items, indent of its first item, note kind]
        self.list_: list | None = None
        self.after_blank = False

    def flush_table(self) -> None:
        if self.table_rows:
            rows = [r for r in self.table_rows if r[1] >= 0]
            header_line, cols = rows[0] if rows else (self.table_rows[0][0], 0)
            self.block.tables.append(TableShape(len(rows), cols, Pos(header_line), tuple(r[0] for r in rows),
                                                tuple(r[1] for r in rows)))
        self.table_rows = []

    def flush_list(self) -> None:
        if self.list_:
            line, items, tasks, _indent, note = self.list_
            self.block.lists.append(ListShape(items, tasks, Pos(line), note))
        self.list_ = None

    def _list_item(self, line: str, lineno: int, task: bool) -> None:
        note = self.admonition[0] if self.admonition else ""
        indent = len(line) - len(line.lstrip())
        if self.list_ is None or self.list_[4] != note:
            self.flush_list()
            self.list_ = [lineno, 0, 0, indent, note]
        self.list_[1] += 1
        self.list_[2] += task

    def add(self, line: str, lineno: int, *, heading_title: str | None = None) -> None:
        b = self.block
        self.raw.append(line)
        if heading_title is not None:
            self.flush_list()
            self._prose(heading_title, lineno, 1)
            return
        if "<!--" in line:
            m = _SUPPRESS.search(line)
            if m:
                b.suppressed = b.suppressed | {c.strip() for c in m.group(1).split(",") if c.strip()}
            if _UNTRANSLATED.search(line):
                b.untranslated_marker = True
        stripped = line.strip()
        if not stripped:  # a blank line ends a table and holds nothing else
            self.flush_table()
            self.after_blank = True
            return
        indent = len(line) - len(line.lstrip())
        if self.admonition is not None and indent <= self.admonition[1]:
            self.admonition = None
        if self.list_ is not None and self.after_blank and indent <= self.list_[3] and not _LIST.match(line):
            self.flush_list()  # after a blank line, a line neither an item nor indented under one ends the list
        self.after_blank = False
        # tables
        if stripped.startswith("|"):
            cells = [c for c in stripped.strip("|").split("|")]
            columns: list = []
            if all(_DELIMITER_CELL.fullmatch(c) for c in cells):
                self.table_rows.append((lineno, -1))
            else:
                if not self.table_rows:  # the header: the unit each column states ("Rate (%)")
                    self._units = header_units(cells)
                elif any(self._units):
                    columns = column_units(stripped, self._units)
                self.table_rows.append((lineno, len(cells)))
            self._row, self._columns = True, columns
            self._prose(stripped.replace("|", " "), lineno, 1)
            self._row, self._columns = False, []
            return
        self.flush_table()
        am = _admonition(line)
        if am:
            self.flush_list()
            b.admonitions.append(Admonition(am.group(2), am.group(3) or "", Pos(lineno, len(am.group(1)) + 1)))
            self.admonition = (am.group(2), len(am.group(1)))
            if am.group(3):
                self._prose(am.group(3), lineno, line.find('"') + 2)
            return
        lm = _LIST.match(line) if stripped[0] in "-*+" or stripped[0].isdigit() else None
        if lm:
            if lm.group(1):
                b.task_items += 1
            else:
                b.list_items += 1
            self._list_item(line, lineno, bool(lm.group(1)))
            self._prose(line[lm.end():], lineno, lm.end() + 1)
            return
        self._prose(line, lineno, 1)

    def _prose(self, text: str, lineno: int, col0: int) -> None:
        b = self.block
        # code spans are blanked before any markup is looked for (unsafe content: unsafe.py, on the HTML)
        if "`" in text:
            text = _CODE_SPAN.sub(_blank, text)
        t = text
        # each pattern is applied once: the replacement function records the match, then blanks it; a
        # pattern runs only on a line with the character every match of it has
        if "[" in t:
            def image(m: re.Match) -> str:
                b.images.append(Ref(m.group(2), Pos(lineno, col0 + m.start(2))))
                return "  " + m.group(1) + " " * (len(m.group(0)) - len(m.group(1)) - 2)

            def param(m: re.Match) -> str:
                b.params.extend(Ref(v, Pos(lineno, col0 + m.start(2))) for v in ref_values(m))
                return _blank(m)

            def link(m: re.Match) -> str:
                b.links.append(Ref(m.group(2), Pos(lineno, col0 + m.start(2))))
                return " " + m.group(1) + " " * (len(m.group(0)) - len(m.group(1)) - 1)

            t = _IMAGE.sub(image, t)
            if "[[" in t:
                t = _PARAM_REF.sub(param, t)
                t = _XREF.sub(_recorder(b.xrefs, lineno, col0), t)
            t = _LINK.sub(link, t)
        if "<" in t:
            def autolink(m: re.Match) -> str:
                b.links.append(Ref(m.group(1), Pos(lineno, col0 + m.start(1))))
                return _blank(m)

            t = _AUTOLINK.sub(autolink, t)
        if "://" in t:
            t = _BARE_URL.sub(_blank, t)
        if "{" in t:
            t = _PLACEHOLDER.sub(_recorder(b.placeholders, lineno, col0), t)
        if "[^" in t:
            t = _FOOTREF.sub(_recorder(b.footnote_refs, lineno, col0), t)
        if "<" in t:
            t = _TAG.sub(_blank, t)
        if "{" in t:
            t = _ATTR_INLINE.sub(_blank, t)
        found = extract_numbers(t, self.locale, lineno, col0)
        b.numbers.extend(found)
        if found:
            b.figures.extend(figures_in(t, found, col0, self.admonition[0] if self.admonition else "", self._row,
                                        self._columns))
        if t.strip():
            b.text.append(TextLine(t, lineno))

    def close(self, end_line: int) -> Block:
        self.flush_table()
        self.flush_list()
        self.block.end_line = end_line
        self.block.raw = "\n".join(self.raw)
        return self.block


def _blank(m: re.Match) -> str:
    return " " * len(m.group(0))


def _recorder(refs: list[Ref], lineno: int, col0: int):
    """A replacement function that records each match's first group in ``refs``, then blanks the match."""
    def recorded(m: re.Match) -> str:
        refs.append(Ref(m.group(1), Pos(lineno, col0 + m.start(1))))
        return " " * len(m.group(0))
    return recorded


def _admonition(line: str) -> re.Match | None:
    return _ADMON.match(line) if "!!!" in line or "???" in line else None


def parse_heading(line: str) -> tuple[int, str, str | None] | None:
    if "#" not in line[:4]:  # at most 3 spaces before the first '#'
        return None
    m = _HEADING.match(line)
    if not m:
        return None
    level = len(m.group(1))
    text = m.group(2) or ""
    hid = None
    am = _ATTR.search(text)
    if am:
        for part in am.group(1).split():
            if part.startswith("#"):
                hid = part[1:]
        text = text[: am.start()].rstrip()
    return level, text, hid


def _setext_title(prev: str) -> bool:
    """Whether the line above an underline is paragraph text, so that Markdown makes the pair a heading."""
    return bool(prev.strip()) and not _NOT_PARAGRAPH.match(prev) and _SETEXT.match(prev) is None


def _report_setext(gf: GuideFile, title_line: str, lineno: int, underline: str) -> None:
    """A heading written with an underline is a heading to Markdown, but not to these tools (they read
    '#' headings only): a clause written so would count as missing and `cmg sync` would insert it again."""
    level = 1 if underline.strip()[0] == "=" else 2
    text = title_line.strip()
    am = _ATTR.search(text)
    title = text[: am.start()].rstrip() if am else text
    gf.problems.append(Problem(
        "CMG116", f"heading '{title[:80]}' is written with an underline (a setext heading); only '#' headings are read",
        Pos(lineno), f"write it on one line as '{'#' * level} {text[:80]}' and delete the underline below it"))


def parse_guide_text(
    text: str,
    *,
    path: str,
    locale: str,
    guide: str,
    rel: str,
    bom: bool = False,
) -> GuideFile:
    """Parse the text of one guide file. Pure: no I/O."""
    lines, newline = split_lines(text)
    meta, body_start, meta_line, problems = parse_front_matter(lines)
    gf = GuideFile(
        path=path, locale=locale, guide=guide, rel=rel, meta=meta, meta_line=meta_line, title=None,
        preamble=Block(body_start + 1, body_start + 1), clauses=[], footnotes={}, headings=[],
        problems=problems, newline=newline, bom=bom,
    )
    current = _BlockBuilder(gf.preamble, locale)
    fence: tuple[str, int, int] | None = None  # (marker, length, line)
    admon_open: tuple[int, int] | None = None  # (indent, line) of an admonition awaiting content
    in_footnote = False
    for idx in range(body_start, len(lines)):
        line = lines[idx]
        lineno = idx + 1
        maybe_fence = "```" in line or "~~~" in line
        if fence:
            current.raw.append(line)
            fm = _FENCE.match(line) if maybe_fence else None
            if fm and fm.group(2)[0] == fence[0] and len(fm.group(2)) >= fence[1] and not line.strip()[len(fm.group(2)):].strip():
                fence = None
            continue
        fm = _FENCE.match(line) if maybe_fence else None
        if fm:
            fence = (fm.group(2)[0], len(fm.group(2)), lineno)
            current.raw.append(line)
            continue
        if admon_open and line.strip():
            indent = len(line) - len(line.lstrip(" \t"))
            if indent <= admon_open[0]:
                gf.problems.append(Problem("CMG505", "admonition has no content", Pos(admon_open[1]),
                                           "indent the admonition's text by 4 spaces"))
            admon_open = None
        if (line[:4].lstrip()[:1] in ("=", "-") and _SETEXT.match(line) and idx > body_start
                and _setext_title(lines[idx - 1])):
            _report_setext(gf, lines[idx - 1], lineno - 1, line)
        h = parse_heading(line)
        if h and not (in_footnote and line.startswith(" ")):
            level, title, hid = h
            gf.headings.append(Heading(level, title, hid, Pos(lineno)))
            in_footnote = False
            if level == 1:
                if gf.title is None:
                    gf.title = title
                current.add(line, lineno, heading_title=title)
                continue
            nm = _NUMBERED.match(title)
            if level in (2, 3) and (hid or nm):
                number, ctitle = (nm.group(1), nm.group(2)) if nm else ("", title)
                if not hid:
                    gf.problems.append(Problem("CMG110", f"clause heading '{title}' has no ID",
                                               Pos(lineno), "add an ID at the end of the heading: {#prefix-topic}"))
                    hid = ""
                current.close(lineno - 1)
                block = Block(lineno, lineno)
                clause = Clause(hid, number, ctitle, level, Pos(lineno), block)
                gf.clauses.append(clause)
                current = _BlockBuilder(block, locale)
                current.add(line, lineno, heading_title=ctitle)
                continue
            current.add(line, lineno, heading_title=title)
            continue
        fd = _FOOTDEF.match(line) if line.startswith("[^") else None
        if fd:
            current.close(lineno - 1)
            label = fd.group(1)
            block = Block(lineno, lineno)
            if label in gf.footnotes:
                gf.problems.append(Problem("CMG209", f"footnote [^{label}] is defined twice", Pos(lineno),
                                           "give each footnote its own label"))
            gf.footnotes[label] = Footnote(label, Pos(lineno), block)
            current = _BlockBuilder(block, locale)
            current.add(fd.group(2), lineno)
            in_footnote = True
            continue
        if in_footnote and line.strip() and not line.startswith((" ", "\t")):
            # footnote ended; text after it belongs to the last clause again
            in_footnote = False
            last = gf.clauses[-1].body if gf.clauses else gf.preamble
            current.close(lineno - 1)
            current = _BlockBuilder(last, locale)
            current.raw = [last.raw] if last.raw else []
        am = _admonition(line)
        if am:
            admon_open = (len(am.group(1)), lineno)
        current.add(line, lineno)
    current.close(len(lines))
    if fence:
        gf.problems.append(Problem("CMG505", "code fence is never closed", Pos(fence[2]),
                                   f"close the block with a line '{fence[0] * fence[1]}'"))
    if admon_open:
        gf.problems.append(Problem("CMG505", "admonition has no content", Pos(admon_open[1]),
                                   "indent the admonition's text by 4 spaces"))
    return gf


def parse_guide_bytes(data: bytes, *, path: str, locale: str, guide: str, rel: str) -> GuideFile:
    text, bom, problem = decode(data)
    if problem:
        return GuideFile(path=path, locale=locale, guide=guide, rel=rel, meta={}, meta_line=0, title=None,
                         preamble=Block(1, 1), clauses=[], footnotes={}, headings=[], problems=[problem],
                         bom=bom)
    gf = parse_guide_text(text, path=path, locale=locale, guide=guide, rel=rel, bom=bom)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        # Hangul in NFD (as some Mac tools save it) matches no term and no source text: say so once, first
        at = next(i for i, ln in enumerate(text.split("\n"), 1) if not unicodedata.is_normalized("NFC", ln))
        gf.problems.insert(0, Problem("CMG006", "text is not in Unicode NFC (composed) form: terms and clauses "
                                      "will not match", Pos(at), "normalise the file to NFC, e.g. "
                                      "`python3 -c \"import sys,unicodedata as u;p=sys.argv[1];t=open(p).read();"
                                      "open(p,'w').write(u.normalize('NFC',t))\" FILE`"))
    return gf

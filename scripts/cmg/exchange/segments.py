"""A guide file → translation units: one per translatable block, with protected inline codes. Pure.

A *unit* is one block a translator translates as a whole: a clause heading's title, a paragraph, a
list item, a table cell, a note's title, a line of a model form, a footnote. Its key is its scope
and its position in that scope, ``dl-notice-of-delay#3``: the clause ID (the same in every
locale) and the block's number inside the clause (0 is the heading), so the keys of one clause do
not move when other clauses change. The guide's introduction and footnotes have scopes of their
own: ``delays/intro#0`` (the H1 title), ``delays/fn-5#1``.

A unit's text is the block's Markdown less its layout (the list marker, the indent, the pipes of
a table, the quotes of a note title); lines of a paragraph stay lines (``\\n``). Inside it, what a
tool must not let the translator change becomes a *code* (:class:`Code`): cross-references
``[[id]]``, placeholders ``{{name}}``, footnote references ``[^1]``, code spans, images, link
targets, raw HTML, addresses, escapes and attribute lists as standalone codes (XLIFF ``<ph>``), and
bold, italics and link text as pairs that open and close around words the translator does
translate (XLIFF ``<bpt>``/``<ept>``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from ..model import GuideFile
from ..syntax import UNTRANSLATED

# ---------------------------------------------------------------- inline codes


@dataclass(frozen=True)
class Code:
    """A protected piece of inline Markdown. A pair (``bpt``/``ept``) shares its id."""

    id: int
    kind: str  # "ph" | "bpt" | "ept"
    native: str  # the Markdown it stands for
    ctype: str  # what it is: x-xref, x-placeholder, x-footnote, x-code, image, link, bold, italic, x-html, x-url…


Piece = str | Code

_INLINE = re.compile(
    r"(?P<code>(`+).+?(?<!`)\2(?!`))"
    r"|(?P<image>!\[[^\]]*\]\([^)]*\))"
    r"|(?P<xref>\[\[[^\[\]\s]+\]\])"
    r"|(?P<footref>\[\^[^\]\s]+\])"
    r"|(?P<link>\[(?P<ltext>(?:[^\[\]]|\[[^\]]*\])*)\](?P<ltail>\([^)\s]*(?:\s+\"[^\"]*\")?\s*\)))"
    r"|(?P<autolink><(?:https?|ftp|mailto):[^>\s]*>)"
    r"|(?P<html></?[A-Za-z][^<>]*>|<!--.*?-->)"
    r"|(?P<placeholder>\{\{\s*[A-Za-z0-9_.-]+\s*\}\})"
    r"|(?P<attr>\{:?\s*[#.][^}]*\})"
    r"|(?P<url>\bhttps?://[^\s)>\]]+)"
    r"|(?P<escape>\\[\\`*_{}\[\]()#+\-.!|<>~])"
    r"|(?P<strong>(?P<smark>\*\*|(?<![\w])__)(?=\S)(?P<stext>.+?)(?<=\S)(?P=smark)(?!\w(?<=_)))"
    r"|(?P<em>(?P<emark>\*|(?<![\w])_)(?=[^\s*])(?P<etext>.+?)(?<=[^\s*])(?P=emark)(?![\w*]))",
    re.DOTALL,
)
_PH_KIND = {"code": "x-code", "image": "image", "xref": "x-xref", "footref": "x-footnote", "autolink": "x-url",
            "html": "x-html", "placeholder": "x-placeholder", "attr": "x-attr", "url": "x-url", "escape": "x-escape"}


_GROUPS = ("code", "image", "xref", "footref", "link", "autolink", "html", "placeholder", "attr", "url", "escape",
           "strong", "em")


def tokenize(text: str) -> list[Piece]:
    """The text as plain strings and codes, numbered from 1 in order; ``native(tokenize(t)) == t``."""
    counter = [0]
    return _tokenize(text, counter)


def _tokenize(text: str, counter: list[int]) -> list[Piece]:
    out: list[Piece] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            out.append(text[pos:m.start()])
        pos = m.end()
        group = next(g for g in _GROUPS if m.group(g) is not None)
        if group in _PH_KIND:
            counter[0] += 1
            out.append(Code(counter[0], "ph", m.group(0), _PH_KIND[group]))
            continue
        if group == "link":
            inner, open_, close, ctype = m.group("ltext"), "[", "]" + m.group("ltail"), "link"
            if not inner.strip():
                counter[0] += 1
                out.append(Code(counter[0], "ph", m.group(0), "link"))
                continue
        elif group == "strong":
            inner, open_, ctype = m.group("stext"), m.group("smark"), "bold"
            close = open_
        else:
            inner, open_, ctype = m.group("etext"), m.group("emark"), "italic"
            close = open_
        counter[0] += 1
        pair = counter[0]
        out.append(Code(pair, "bpt", open_, ctype))
        out.extend(_tokenize(inner, counter))
        out.append(Code(pair, "ept", close, ctype))
    if pos < len(text):
        out.append(text[pos:])
    return out


def native(pieces: list[Piece]) -> str:
    """The Markdown the pieces stand for."""
    return "".join(p if isinstance(p, str) else p.native for p in pieces)


def codes(pieces: list[Piece]) -> list[Code]:
    return [p for p in pieces if isinstance(p, Code)]


def code_differences(source: str, target: str) -> list[str]:
    """What a translation (plain Markdown, as in PO) did to the source's protected codes: missing, added,
    changed. Empty when every code of the source is in the target, as many times, and nothing else."""
    want = Counter((c.kind, c.native) for c in codes(tokenize(source)))
    have = Counter((c.kind, c.native) for c in codes(tokenize(target)))
    problems = []
    for (kind, text), n in sorted((want - have).items()):
        problems.append(f"protected code {_show(kind, text)} is missing" + (f" ({n} times)" if n > 1 else ""))
    for (kind, text), n in sorted((have - want).items()):
        problems.append(f"{_show(kind, text)} is not a code of the source" + (f" ({n} times)" if n > 1 else ""))
    return problems


_EMPHASIS = frozenset({"bold", "italic"})


def form_code_differences(source: str, target: str) -> list[str]:
    """The same for a whole model form, whose layout differs by locale: every protected code of the source
    form must be in the target and nothing else, but how often and where is the locale's letter layout (a
    Korean 공문 names the entity again over its seal, a Spanish act repeats the legal basis), and so is
    emphasis (bold labels ``**To:**`` are a Spanish and English habit, not a Korean one)."""
    def kept(text: str) -> set[str]:  # a link's address is its closing code, "](address)"
        return {c.native for c in codes(tokenize(text)) if c.ctype not in _EMPHASIS and c.kind != "bpt"}

    want, have = kept(source), kept(target)
    problems = [f"protected code '{text}' is missing" for text in sorted(want - have)]
    problems += [f"'{text}' is not a code of the source form" for text in sorted(have - want)]
    return problems


def _show(kind: str, text: str) -> str:
    side = {"bpt": " (opening)", "ept": " (closing)"}.get(kind, "")
    return f"'{text}'{side}"


# ---------------------------------------------------------------- units


@dataclass(frozen=True)
class Span:
    """Where a unit's text sits on one line of the file: 0-based line index, columns [start, end)."""

    line: int
    start: int
    end: int


@dataclass(frozen=True)
class Unit:
    key: str  # "dl-scope#3"
    scope: str  # the clause ID, or "<guide>/intro", "<guide>/fn-<label>"
    clause_id: str  # "" outside clauses
    position: int
    kind: str  # title, heading, paragraph, list-item, table-cell, note-title, form-line, form-cell, footnote, form
    text: str  # Markdown, lines joined with "\n"
    spans: tuple[Span, ...]
    continuation: str = ""  # what starts a line added after the block's last one (its indent)
    form: FormRegion | None = None  # the model form (``!!! form`` note) whose body holds the block
    last_position: int | None = None  # a whole-form unit: the position of the form's last block

    @property
    def single_line(self) -> bool:
        return self.kind in SINGLE_LINE_KINDS


@dataclass(frozen=True)
class FormRegion:
    """The body of a model form in a scope: its ``index`` among the scope's forms (0, 1…), its lines
    ``[first, last]`` (0-based, the last non-blank one included) and the indent they all start with."""

    index: int
    first: int
    last: int
    indent: str


SINGLE_LINE_KINDS = frozenset({"title", "heading", "table-cell", "form-cell", "note-title"})
FORM = "form"  # a whole form body as one unit (see :func:`whole_form`)

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
_HEADING = re.compile(r"^( {0,3}#{1,6}[ \t]+)(.*?)([ \t]*(?:\{:?[^}]*\})?[ \t]*#*[ \t]*)$")
_CLAUSE_NUMBER = re.compile(r"^(\d+(?:\.\d+)*\.?[ \t]+)")
_COMMENT_LINE = re.compile(r"^\s*<!--.*-->\s*$")
_ADMON = re.compile(r'^(\s*)(?:!!!|\?\?\?\+?)[ \t]+([\w-]+)(?:[ \t]+[\w-]+)*(?:[ \t]+"(.*?)")?[ \t]*$')
_LIST = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_FOOTDEF = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]?")
_FOOT_MARKER = re.compile(UNTRANSLATED.pattern + r"[ \t]*")  # the marker at the start of a footnote
_TABLE_SEP = re.compile(r"\s*:?-+:?\s*")


def scope_of_file(rel: str) -> str:
    """'delays/index.md' → 'delays'; 'delays/annex.md' → 'delays/annex'."""
    stem = rel[:-3] if rel.endswith(".md") else rel
    return stem[: -len("/index")] if stem.endswith("/index") else stem


def file_units(gf: GuideFile, lines: list[str]) -> list[Unit]:
    """Every unit of a parsed guide file, in file order. ``lines`` are the file's lines without endings
    (``parse.split_lines``), the same ones ``gf`` was parsed from."""
    base = scope_of_file(gf.rel)
    out: list[Unit] = []
    if gf.clauses or gf.preamble.raw:
        first = gf.preamble.start_line
        last = (gf.clauses[0].line - 1) if gf.clauses else gf.preamble.end_line
        footnote_lines = [fn.pos.line for fn in gf.footnotes.values()]
        if not gf.clauses and footnote_lines:
            last = min(footnote_lines) - 1
        out += _scan(lines, first - 1, last, f"{base}/intro", "", heading="title")
    for c in gf.clauses:
        if c.id:
            out += _scan(lines, c.line - 1, c.body.end_line, c.id, c.id, heading="heading")
    for fn in gf.footnotes.values():
        out += _scan(lines, fn.pos.line - 1, fn.body.end_line, f"{base}/fn-{fn.label}", "", heading=None,
                     footnote=True)
    return out


class _Scope:
    def __init__(self, scope: str, clause_id: str):
        self.scope, self.clause_id = scope, clause_id
        self.units: list[Unit] = []
        self.open: dict | None = None  # the paragraph or list item being read
        self.form: int | None = None  # the form whose body is being read
        self.form_of: list[int | None] = []  # per unit: its form

    def add(self, kind: str, spans: list[Span], text: str, continuation: str = "", form: int | None = -1) -> None:
        pos = len(self.units)
        self.form_of.append(self.form if form == -1 else form)
        self.units.append(Unit(f"{self.scope}#{pos}", self.scope, self.clause_id, pos, kind, text, tuple(spans),
                               continuation))

    def start(self, kind: str, span: Span, text: str, continuation: str) -> None:
        self.close()
        self.open = {"kind": kind, "spans": [span], "texts": [text], "cont": continuation, "form": self.form}

    def extend(self, span: Span, text: str) -> None:
        self.open["spans"].append(span)
        self.open["texts"].append(text)

    def close(self) -> None:
        if self.open:
            o, self.open = self.open, None
            self.add(o["kind"], o["spans"], "\n".join(o["texts"]), o["cont"], o["form"])


def _scan(lines: list[str], first: int, last: int, scope: str, clause_id: str, *, heading: str | None,
          footnote: bool = False) -> list[Unit]:
    """Units of lines[first:last] (0-based, end exclusive)."""
    sc = _Scope(scope, clause_id)
    fence: tuple[str, int] | None = None
    notes: list[tuple[int, bool]] = []  # open admonitions: (indent, is a form)
    forms: list[dict] = []  # the scope's forms: {"first", "last", "indent", "units"}
    form_of: list[int | None] = []  # per open admonition: the index of its form, if it is one
    for i in range(first, min(last, len(lines))):
        line = lines[i]
        stripped = line.strip()
        if fence:
            if sc.form is not None and stripped:
                forms[sc.form]["last"] = i
            fm = _FENCE.match(line)
            if fm and fm.group(2)[0] == fence[0] and len(fm.group(2)) >= fence[1] and not stripped[len(fm.group(2)):].strip():
                fence = None
            continue
        if not stripped:
            sc.close()
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        while notes and indent <= notes[-1][0]:
            notes.pop()
            form_of.pop()
        in_form = any(form for _, form in notes)
        current = next((f for f in reversed(form_of) if f is not None), None)
        if current is not None:
            f = forms[current]
            f["first"] = i if f["first"] is None else f["first"]
            f["last"] = i
            f["indent"] = min(f["indent"], indent)
            sc.form = current
        else:
            sc.form = None
        fm = _FENCE.match(line)
        if fm:
            sc.close()
            fence = (fm.group(2)[0], len(fm.group(2)))
            continue
        if footnote and i == first:
            m = _FOOTDEF.match(line)
            start = m.end() if m else 0
            end = len(line.rstrip())
            # a footnote `cmg sync` or `new-locale` copied in English carries the untranslated marker: the
            # unit's text leaves it out (it is the English text), its span keeps it (an import replaces both)
            mk = _FOOT_MARKER.match(line, start)
            sc.start("footnote", Span(i, start, end), line[mk.end() if mk else start:end], "    ")
            continue
        hm = _HEADING.match(line) if not notes and line.lstrip().startswith("#") else None
        if hm:
            sc.close()
            start, title, kind = hm.end(1), hm.group(2), "heading"
            if heading == "heading" and i == first:  # the clause's own heading: its number is not translated
                nm = _CLAUSE_NUMBER.match(title)
                if nm:
                    start += nm.end()
                    title = title[nm.end():]
            elif heading == "title" and hm.group(1).strip() == "#":
                kind = "title"
            if title:
                sc.add(kind, [Span(i, start, start + len(title))], title)
            continue
        if _COMMENT_LINE.match(line):
            sc.close()
            continue
        am = _ADMON.match(line) if ("!!!" in line or "???" in line) else None
        if am:
            sc.close()
            if am.group(3):
                start = line.index('"', len(am.group(1))) + 1
                sc.add("note-title", [Span(i, start, start + len(am.group(3)))], am.group(3))
            is_form = am.group(2) == "form"
            notes.append((len(am.group(1)), is_form))
            form_of.append(len(forms) if is_form else None)
            if is_form:
                forms.append({"first": None, "last": None, "indent": 10 ** 6})
            continue
        if stripped.startswith("|"):
            sc.close()
            for start, end in _cells(line):
                cell = line[start:end]
                if cell and not _TABLE_SEP.fullmatch(cell):
                    sc.add("form-cell" if in_form else "table-cell", [Span(i, start, end)], cell)
            continue
        lm = _LIST.match(line) if stripped[0] in "-*+0123456789" else None
        if lm:
            end = len(line.rstrip())
            sc.start("list-item", Span(i, lm.end(), end), line[lm.end():end], " " * lm.end())
            continue
        start, end = indent, len(line.rstrip())
        if sc.open:
            sc.extend(Span(i, start, end), line[start:end])
        else:
            sc.start("form-line" if in_form else "paragraph", Span(i, start, end), line[start:end], line[:indent])
    sc.close()
    regions = [FormRegion(n, f["first"], f["last"], lines[f["first"]][: f["indent"]]) for n, f in enumerate(forms)
               if f["first"] is not None]
    by_index = {r.index: r for r in regions}
    return [replace(u, form=by_index[sc.form_of[k]]) if sc.form_of[k] is not None else u
            for k, u in enumerate(sc.units)]


_WHOLE_FORM_KEY = re.compile(r".+#\d+-\d+")


def is_whole_form_key(key: str) -> bool:
    """Whether a unit key names a whole form (``scope#first-last``) rather than one block (``scope#3``)."""
    return bool(_WHOLE_FORM_KEY.fullmatch(key))


def whole_form(units: list[Unit], lines: list[str]) -> Unit:
    """The blocks of one form's body (``units``, all with the same :class:`FormRegion`) as one unit of kind
    ``form``: the body's lines less the form's indent, blank lines kept. Its key names the first and last
    block (``dl-fine-procedure#12-20``); its spans are every line of the body, so writing it back replaces
    them all."""
    region = units[0].form
    first, last = units[0], units[-1]
    spans, texts = [], []
    for i in range(region.first, region.last + 1):
        line = lines[i].rstrip()
        if not line.strip():
            spans.append(Span(i, 0, 0))
            texts.append("")
            continue
        n = len(region.indent) if line.startswith(region.indent) else len(line) - len(line.lstrip(" \t"))
        spans.append(Span(i, n, len(line)))
        texts.append(line[n:])
    return Unit(f"{first.scope}#{first.position}-{last.position}", first.scope, first.clause_id, first.position,
                "form", "\n".join(texts), tuple(spans), region.indent, region, last.position)


def _cells(line: str) -> list[tuple[int, int]]:
    """Columns of each cell's content (spaces around it excluded) in a pipe-table row."""
    bars = [i for i, ch in enumerate(line) if ch == "|" and (i == 0 or line[i - 1] != "\\")]
    out = []
    lead = len(line) - len(line.lstrip())
    edges = bars if bars and bars[0] == lead else [lead - 1, *bars]
    trail = len(line.rstrip())
    if edges[-1] != trail - 1:
        edges.append(trail)
    for a, b in zip(edges, edges[1:], strict=False):
        s, e = a + 1, b
        while s < e and line[s] in " \t":
            s += 1
        while e > s and line[e - 1] in " \t":
            e -= 1
        out.append((s, e))
    return out

"""The typed model every check reads: guide → clauses → what each clause contains."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Pos:
    """A 1-based line and column in a source file."""

    line: int
    col: int = 1


@dataclass(frozen=True)
class NumberToken:
    value: Decimal
    text: str
    pos: Pos


@dataclass(frozen=True)
class Figure:
    """A number with its unit, as written, and the sentence around it."""

    token: NumberToken
    unit: str  # "%" or "days"
    values: tuple[Decimal, ...]  # what the number can mean in that unit (0,075 %: 0.075 and 75)
    note: str  # the kind of note it is written in ("pilot", "korea", "example"…); "" outside notes
    context: str  # the sentence or table row it is in
    in_range: bool = False  # a bound of a range written out ("2 % to 10 %", "2–10 %", "2% 이상 10% 이하")
    written: str = ""  # the number and its unit as written ("0.75/1,000", "14일")


@dataclass(frozen=True)
class Ref:
    """A named thing found at a position: a cross-reference, link target, placeholder…"""

    value: str
    pos: Pos


@dataclass(frozen=True)
class TableShape:
    """A pipe table: its rows (the delimiter row not counted), its header's columns, and per row its line and
    number of cells."""

    rows: int
    cols: int
    pos: Pos
    row_lines: tuple[int, ...] = ()
    row_cells: tuple[int, ...] = ()


@dataclass(frozen=True)
class ListShape:
    """One list: its items, how many of them are checklist items (``- [ ]``), where it starts, and the kind of
    the note it is written in (``form`` for a model form's list; "" in the clause's own text)."""

    items: int
    tasks: int
    pos: Pos
    note: str = ""


@dataclass(frozen=True)
class Admonition:
    kind: str
    title: str
    pos: Pos


@dataclass(frozen=True)
class HtmlHazard:
    """Raw HTML or a URL that can run script."""

    what: str
    pos: Pos


@dataclass(frozen=True)
class TextLine:
    """Prose of one source line with markup removed, for term and obligation matching."""

    text: str
    line: int


@dataclass
class Block:
    """What a clause (or the guide's preamble) contains."""

    start_line: int
    end_line: int
    raw: str = ""
    numbers: list[NumberToken] = field(default_factory=list)
    xrefs: list[Ref] = field(default_factory=list)
    params: list[Ref] = field(default_factory=list)  # country-parameter references: "param:ID" / "table:ID"
    links: list[Ref] = field(default_factory=list)
    images: list[Ref] = field(default_factory=list)
    placeholders: list[Ref] = field(default_factory=list)
    footnote_refs: list[Ref] = field(default_factory=list)
    list_items: int = 0
    task_items: int = 0
    lists: list[ListShape] = field(default_factory=list)
    tables: list[TableShape] = field(default_factory=list)
    admonitions: list[Admonition] = field(default_factory=list)
    html_hazards: list[HtmlHazard] = field(default_factory=list)
    text: list[TextLine] = field(default_factory=list)
    # percentages and numbers of days, with the note and sentence they are in (cmg.figures.Figure):
    # what CMG707 compares with the country profiles
    figures: list[Figure] = field(default_factory=list)
    suppressed: frozenset[str] = frozenset()
    untranslated_marker: bool = False


@dataclass
class Clause:
    id: str
    number: str
    title: str
    level: int
    pos: Pos
    body: Block

    @property
    def line(self) -> int:
        return self.pos.line


@dataclass
class Footnote:
    label: str
    pos: Pos
    body: Block


@dataclass
class Heading:
    """Any heading, clause or not (used for structural hygiene checks)."""

    level: int
    text: str
    id: str | None
    pos: Pos


@dataclass
class Problem:
    """Something the parser could not make sense of; reported as a finding."""

    code: str
    message: str
    pos: Pos
    hint: str = ""


@dataclass
class GuideFile:
    """One Markdown file of one guide in one locale."""

    path: str  # relative to the project root, '/'-separated
    locale: str
    guide: str  # guide folder name, e.g. "delays"
    rel: str  # path inside the guide tree, e.g. "delays/index.md"
    meta: dict
    meta_line: int
    title: str | None
    preamble: Block
    clauses: list[Clause]
    footnotes: dict[str, Footnote]
    headings: list[Heading]
    problems: list[Problem]
    newline: str = "\n"
    bom: bool = False

    def blocks(self):
        """(clause id, block) of every block of text: the preamble, each clause's body, each footnote."""
        yield "", self.preamble
        for c in self.clauses:
            yield c.id, c.body
        for fn in self.footnotes.values():
            yield "", fn.body

    def clause(self, clause_id: str) -> Clause | None:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        return None

"""Where a translated clause's lists and tables differ in shape from the source's (CMG205, CMG206).

Each function compares one source block with its translation and returns ``(message, position)`` pairs,
the position being the line of the offending list or table row in the translation, so that a finding leads
to the place to fix rather than to the clause's heading. Pure: the model in, the differences out.

Lists are compared part by part — the clause's own text, and each kind of note (a model form's list is
counted apart from the lists of the text around it, so that an item dropped in one and added in the other
do not cancel out) — and list by list within a part. Table rows are paired by what survives translation
(their numbers and placeholders), so that an added or dropped row is named, not only counted.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from .model import Block, ListShape, Pos, TableShape

Difference = tuple[str, Pos]


# ---------------------------------------------------------------- lists (CMG205)


def _kind(lst: ListShape) -> str:
    return "checklist" if lst.tasks and lst.tasks == lst.items else "list"


def _what(lst: ListShape) -> str:
    if not lst.note:
        return _kind(lst)
    return f"form's {_kind(lst)}" if lst.note == "form" else f"{_kind(lst)} in the '{lst.note}' note"


def _items(lst: ListShape, other: ListShape) -> str:
    """How many items a list has, and how many are checklist items where that is what differs or is mixed."""
    text = f"{lst.items} item{'' if lst.items == 1 else 's'}"
    if _kind(lst) == _kind(other) and lst.tasks in (0, lst.items) and other.tasks in (0, other.items):
        return text  # two plain lists, or two checklists: the word "list" or "checklist" says it
    if lst.tasks == lst.items:
        return f"{lst.items} checklist item{'' if lst.items == 1 else 's'}"
    return f"{text}, none of them checklist items" if not lst.tasks else f"{text} ({lst.tasks} of them checklist items)"


def _region(note: str) -> str:
    return "in its text" if not note else ("in its form" if note == "form" else f"in its '{note}' note")


def _parts(sb: Block, tb_: Block) -> list[str]:
    """The note kinds lists are written in, in the order the source (then the translation) first has them."""
    return list(dict.fromkeys([lst.note for lst in sb.lists] + [lst.note for lst in tb_.lists]))


def list_differences(sb: Block, tb_: Block, label: str, where: Pos) -> list[Difference]:
    out: list[Difference] = []
    for note in _parts(sb, tb_):
        src = [lst for lst in sb.lists if lst.note == note]
        tr = [lst for lst in tb_.lists if lst.note == note]
        shape = lambda ls: [(lst.items, lst.tasks) for lst in ls]  # noqa: E731
        if shape(src) == shape(tr):
            continue
        if len(src) == len(tr):  # the same lists: name each one whose items differ, at its line
            for s, t in zip(src, tr, strict=True):
                if (s.items, s.tasks) != (t.items, t.tasks):
                    out.append((f"the {_what(t)} at line {t.pos.line} of {label} has {_items(t, s)}; the source's "
                                f"(line {s.pos.line}) has {_items(s, t)}", t.pos))
            continue
        # a list dropped, added, split or merged: point at the first list that no longer matches
        i = next((k for k, (s, t) in enumerate(zip(src, tr, strict=False)) if shape([s]) != shape([t])), min(len(src), len(tr)))
        pos = tr[i].pos if i < len(tr) else (tr[-1].pos if tr else where)
        lines = ", ".join(str(lst.pos.line) for lst in src) or "none"
        n = len(tr)
        out.append((f"{label} has {n} list{'' if n == 1 else 's'} {_region(note)} where the source has "
                    f"{len(src)} (source lines: {lines})", pos))
    return out


# ---------------------------------------------------------------- tables (CMG206)


def _row_name(k: int) -> str:
    return "the header row" if k == 0 else f"row {k} below the header"


def _row_keys(block: Block, table: TableShape) -> list[Hashable]:
    """What identifies a row across languages: the numbers and placeholders written on its line."""
    numbers: dict[int, list] = {}
    for n in block.numbers:
        numbers.setdefault(n.pos.line, []).append(n.value)
    for r in block.placeholders:
        numbers.setdefault(r.pos.line, []).append(r.value)
    return [tuple(sorted(map(str, numbers.get(line, ())))) for line in table.row_lines]


def align(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int | None, int | None]]:
    """Pair the items of two sequences by a longest common subsequence; an unpaired item gets None."""
    n, m = len(a), len(b)
    dp = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            dp[i][j] = dp[i + 1][j + 1] + 1 if a[i] == b[j] else max(dp[i + 1][j], dp[i][j + 1])
    out: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        if a[i] == b[j]:
            out.append((i, j))
            i, j = i + 1, j + 1
        elif dp[i + 1][j] >= dp[i][j + 1]:
            out.append((i, None))
            i += 1
        else:
            out.append((None, j))
            j += 1
    return out + [(k, None) for k in range(i, n)] + [(None, k) for k in range(j, m)]


def _table_rows(sb: Block, s: TableShape, tb_: Block, t: TableShape, label: str) -> Difference | None:
    """The first row of a translated table that is added, missing, or has other cells than the source's."""
    pairs = list(zip(range(s.rows), range(t.rows), strict=True)) if s.rows == t.rows else align(_row_keys(sb, s), _row_keys(tb_, t))
    last_t = -1  # the translated row after which a missing row belongs
    for si, ti in pairs:
        if si is None:
            return (f"{_row_name(ti)} (line {t.row_lines[ti]}) of the table in {label} is not in the source: the "
                    f"table has {t.rows} rows, the source's {s.rows}", Pos(t.row_lines[ti]))
        if ti is None:
            pos = Pos(t.row_lines[min(last_t + 1, t.rows - 1)]) if t.rows else t.pos
            return (f"the table in {label} has no counterpart of the source's {_row_name(si)} (source line "
                    f"{s.row_lines[si]}): the table has {t.rows} rows, the source's {s.rows}", pos)
        last_t = ti
        if s.row_cells[si] != t.row_cells[ti]:
            return (f"{_row_name(ti)} (line {t.row_lines[ti]}) of the table in {label} has {t.row_cells[ti]} cells; "
                    f"the source's (line {s.row_lines[si]}) has {s.row_cells[si]}", Pos(t.row_lines[ti]))
    return None


def table_differences(sb: Block, tb_: Block, label: str, where: Pos) -> list[Difference]:
    shape = lambda ts: [(t.rows, t.cols, t.row_cells) for t in ts]  # noqa: E731
    if shape(sb.tables) == shape(tb_.tables):
        return []
    if len(sb.tables) != len(tb_.tables):
        dims = lambda ts: ", ".join(f"{t.rows}×{t.cols}" for t in ts) or "none"  # noqa: E731
        i = next((k for k, (s, t) in enumerate(zip(sb.tables, tb_.tables, strict=False)) if shape([s]) != shape([t])),
                 min(len(sb.tables), len(tb_.tables)))
        pos = tb_.tables[i].pos if i < len(tb_.tables) else (tb_.tables[-1].pos if tb_.tables else where)
        return [(f"tables in {label} are {dims(tb_.tables)} (rows×columns); the source's are {dims(sb.tables)}", pos)]
    out = []
    for s, t in zip(sb.tables, tb_.tables, strict=True):
        found = _table_rows(sb, s, tb_, t, label) if shape([s]) != shape([t]) else None
        if found:
            out.append(found)
    return out

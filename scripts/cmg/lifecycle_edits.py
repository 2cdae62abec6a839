"""Pure text edits for a guide's structure: renaming a clause ID everywhere it is written.

Every function takes a parsed file (:mod:`cmg.model`) and its lines (each keeping its own line ending)
and returns new lines. Only the places the model found are touched: the clause heading's ``{#id}``,
``[[id]]`` cross-references, ``#id`` fragments of link targets, and the tool-owned front matter maps
(``translated_from`` in translations, ``clause_aliases`` in sources); every other byte is kept.
"""

from __future__ import annotations

import re

from .edits import map_lines, record_lines
from .freshness import recorded
from .model import GuideFile

ALIAS_KEY = "clause_aliases"  # in a source file: old clause ID → the ID the clause has now


def clause_aliases(gf: GuideFile | None) -> dict[str, str]:
    """old ID → current ID, as the source file's front matter records them."""
    rec = gf.meta.get(ALIAS_KEY) if gf is not None and isinstance(gf.meta, dict) else None
    return {str(k): str(v) for k, v in rec.items() if v} if isinstance(rec, dict) else {}


def _sub_on_line(line: str, pattern: re.Pattern, repl) -> str:
    body = line.rstrip("\r\n")
    return pattern.sub(repl, body) + line[len(body):]


def rename_lines(gf: GuideFile, lines: list[str], renames: dict[str, str]) -> list[str]:
    """Rename clause IDs old → new in one file: headings, cross-references, link fragments, records."""
    out = list(lines)
    if not renames:
        return out
    ids = "|".join(re.escape(k) for k in sorted(renames, key=len, reverse=True))
    heading_id = re.compile(rf"(\{{[^}}]*#)({ids})(?=[\s}}])")
    xref = re.compile(rf"\[\[({ids})\]\]")
    fragment = re.compile(rf"(\]\(\s*<?[^)\s>]*#)({ids})(?=[)\s>\"'])")
    for c in gf.clauses:
        if c.id in renames:
            out[c.line - 1] = _sub_on_line(out[c.line - 1], heading_id, lambda m: m.group(1) + renames[m.group(2)])
    for _, block in gf.blocks():
        for r in block.xrefs:
            if r.value in renames:
                out[r.pos.line - 1] = _sub_on_line(out[r.pos.line - 1], xref, lambda m: f"[[{renames[m.group(1)]}]]")
        for r in block.links:
            if r.value.partition("#")[2] in renames:
                out[r.pos.line - 1] = _sub_on_line(out[r.pos.line - 1], fragment,
                                                   lambda m: m.group(1) + renames[m.group(2)])
    if renames.keys() & recorded(gf).keys():
        out = record_lines(out, {}, [], rename=renames)
    return out


def alias_lines(gf: GuideFile, lines: list[str], old: str, new: str) -> list[str]:
    """Record in a source file that clause ``old`` is now ``new`` (older aliases follow it; renaming
    back to a former ID drops that alias)."""
    current = clause_aliases(gf)
    entries = {k: (new if v == old else v) for k, v in current.items() if k != new}
    entries[old] = new
    return map_lines(lines, ALIAS_KEY, entries, [], drop=[new] if new in current else [])


def hand_renames(src: GuideFile, tr: GuideFile) -> dict[str, str]:
    """Clauses of a translation whose ID the source no longer has, matched to the source clause they
    were translated from: the source records the old ID as an alias, or the fingerprint recorded for
    the old ID is that of a source clause the translation lacks. old → new."""
    from .freshness import fingerprint

    src_ids = {c.id for c in src.clauses if c.id}
    tr_ids = {c.id for c in tr.clauses if c.id}
    extra = [c.id for c in tr.clauses if c.id and c.id not in src_ids]
    missing = [c for c in src.clauses if c.id and c.id not in tr_ids]
    if not extra or not missing:
        return {}
    aliases = clause_aliases(src)
    rec = recorded(tr)
    by_print: dict[str, list[str]] = {}
    for c in missing:
        by_print.setdefault(fingerprint(c), []).append(c.id)
    missing_ids = {c.id for c in missing}
    out: dict[str, str] = {}
    for old in extra:
        new = aliases.get(old)
        if new not in missing_ids:
            cands = by_print.get(rec.get(old, ""), [])
            new = cands[0] if len(cands) == 1 else None
        if new and new not in out.values():
            out[old] = new
    return out


# ---------------------------------------------------------------- blocks: cut, carry, renumber

MOVED_KEY = "moved_clauses"  # in a source file: clause ID → the guide folder it moved to


def moved_clauses(gf: GuideFile | None) -> dict[str, str]:
    rec = gf.meta.get(MOVED_KEY) if gf is not None and isinstance(gf.meta, dict) else None
    return {str(k): str(v) for k, v in rec.items() if v} if isinstance(rec, dict) else {}


def subtree(gf: GuideFile, cid: str) -> list:
    """The clause and the sub-clauses under it (the clauses that follow it at a deeper level)."""
    out = []
    for c in gf.clauses:
        if out:
            if c.level <= out[0].level:
                break
            out.append(c)
        elif c.id == cid:
            out.append(c)
    return out


def _last_text_line(lines: list[str], start: int, end: int) -> int:
    end = min(end, len(lines))  # the parser counts an empty line after a final newline
    while end > start and not lines[end - 1].strip():
        end -= 1
    return end


def block_span(gf: GuideFile, lines: list[str], clauses: list) -> tuple[int, int]:
    """0-based [start, end) of the lines of consecutive clauses, without the blank lines after them."""
    start = clauses[0].line - 1
    end = _last_text_line(lines, start, clauses[-1].body.end_line)
    return start, end


def footnote_labels(clauses: list) -> list[str]:
    seen: list[str] = []
    for c in clauses:
        for r in c.body.footnote_refs:
            if r.value not in seen:
                seen.append(r.value)
    return seen


def footnotes_used_elsewhere(gf: GuideFile, ids: set[str]) -> set[str]:
    """Footnote labels cited by the preamble or by clauses other than ``ids``."""
    used = {r.value for r in gf.preamble.footnote_refs}
    for c in gf.clauses:
        if c.id not in ids:
            used.update(r.value for r in c.body.footnote_refs)
    return used


def footnote_lines(gf: GuideFile, lines: list[str], label: str) -> tuple[int, int]:
    fn = gf.footnotes[label]
    start = fn.pos.line - 1
    return start, _last_text_line(lines, start, fn.body.end_line)


def cut_clauses(gf: GuideFile, lines: list[str], ids: list[str]) -> tuple[list[str], list[str], dict[str, list[str]]]:
    """Take the clauses ``ids`` (consecutive, as :func:`subtree` gives) out of a file, with the footnote
    definitions only they use. Returns (remaining lines, the block's lines, label → definition lines)."""
    clauses = [gf.clause(i) for i in ids]
    nl = _nl(lines)
    start, end = block_span(gf, lines, clauses)
    block = [_with_nl(x, nl) for x in lines[start:end]]
    elsewhere = footnotes_used_elsewhere(gf, set(ids))
    notes: dict[str, list[str]] = {}
    drop: list[tuple[int, int]] = [(start, end)]
    for label in footnote_labels(clauses):
        if label in gf.footnotes:
            fs, fe = footnote_lines(gf, lines, label)
            notes[label] = [_with_nl(x, nl) for x in lines[fs:fe]]
            if label not in elsewhere:
                drop.append((fs, fe))
    out = list(lines)
    for s, e in sorted(drop, reverse=True):
        # the blank lines after a removed part go with it, so no double blank lines are left
        while e < len(out) and not out[e].strip() and (s == 0 or not out[s - 1].strip()):
            e += 1
        del out[s:e]
    while out and not out[-1].strip():
        out.pop()
    if out and not out[-1].endswith(("\n", "\r")):
        out[-1] += nl
    return out, block, notes


def _nl(lines: list[str]) -> str:
    for line in lines:
        for nl in ("\r\n", "\n", "\r"):
            if line.endswith(nl):
                return nl
    return "\n"


def _with_nl(line: str, nl: str) -> str:
    return line.rstrip("\r\n") + nl


def relabel_footnotes(block: list[str], mapping: dict[str, str]) -> list[str]:
    if not mapping or all(k == v for k, v in mapping.items()):
        return block
    pat = re.compile(r"\[\^(" + "|".join(re.escape(k) for k in mapping) + r")\]")
    return [pat.sub(lambda m: f"[^{mapping[m.group(1)]}]", line) for line in block]


def insert_clauses(gf: GuideFile, lines: list[str], block: list[str], notes: dict[str, list[str]],
                   after: str | None) -> list[str]:
    """Put a block of clauses after clause ``after`` (and its sub-clauses), or after the last clause;
    footnote definitions the file lacks go at the end."""
    nl = _nl(lines)
    out = list(lines)
    if after:
        anchor = subtree(gf, after)
        at = block_span(gf, lines, anchor)[1]
    elif gf.clauses:
        at = block_span(gf, lines, [gf.clauses[-1]])[1]
    else:
        at = _last_text_line(lines, 0, len(lines))
    piece = [nl, *[_with_nl(x, nl) for x in block]]
    if at < len(out) and out[at].strip():
        piece.append(nl)
    if at > 0 and not out[at - 1].endswith(("\n", "\r")):
        out[at - 1] += nl
    out[at:at] = piece
    new_notes = [label for label in notes if label not in gf.footnotes]
    if new_notes:
        while out and not out[-1].strip():
            out.pop()
        if out and not out[-1].endswith(("\n", "\r")):
            out[-1] += nl
        out.append(nl)
        for label in new_notes:
            out.extend(_with_nl(x, nl) for x in notes[label])
    return out


_NUMBER_IN_HEADING = re.compile(r"^( {0,3}#{2,3}[ \t]+)(\d+(?:\.\d+)*)(\.?[ \t])")


def renumber_lines(gf: GuideFile, lines: list[str], numbers: dict[str, str]) -> list[str]:
    """Give each clause heading the number ``numbers`` says (the title and ID are kept)."""
    out = list(lines)
    for c in gf.clauses:
        want = numbers.get(c.id)
        if want and c.number and c.number != want:
            i = c.line - 1
            out[i] = _sub_on_line(out[i], _NUMBER_IN_HEADING, lambda m, want=want: m.group(1) + want + m.group(3))
    return out


def consecutive_numbers(gf: GuideFile) -> dict[str, str]:
    """Section numbers 1, 2, 3… and sub-clause numbers N.1, N.2… in the order of the file."""
    out, section, sub = {}, 0, 0
    for c in gf.clauses:
        if not c.number or not c.id:
            continue
        if c.level == 2:
            section, sub = section + 1, 0
            out[c.id] = str(section)
        else:
            sub += 1
            out[c.id] = f"{section}.{sub}"
    return out


def alias_index(sources: list[GuideFile]) -> dict[str, str]:
    """Every old clause ID the source files record → the ID it has now (chains followed)."""
    out: dict[str, str] = {}
    live = {c.id for gf in sources for c in gf.clauses if c.id}
    for gf in sources:
        for old, new in clause_aliases(gf).items():
            if old not in live:
                out[old] = new
    for old in list(out):
        seen = {old}
        while out[old] in out and out[old] not in seen:
            seen.add(out[old])
            out[old] = out[out[old]]
    return out

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

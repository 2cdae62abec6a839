"""Pure text edits for the translator workflow: inserting untranslated blocks and recording freshness.

Every function takes lines that keep their own line endings and returns new lines. None of them
changes or removes a line a translator wrote: `sync` only inserts whole lines, and `mark` only
rewrites the tool-owned ``translated_from`` block of the front matter.
"""

from __future__ import annotations

import re

from .freshness import RECORD_KEY
from .model import GuideFile

MARKER = "<!-- cmg: untranslated -->"
_ENTRY = re.compile(r"^(\s+)([A-Za-z0-9_.-]+)\s*:\s*['\"]?([A-Za-z0-9_./-]*)['\"]?\s*$")


def _nl_of(lines: list[str], default: str = "\n") -> str:
    for line in lines:
        if line.endswith("\r\n"):
            return "\r\n"
        if line.endswith("\n"):
            return "\n"
        if line.endswith("\r"):
            return "\r"
    return default


def _strip_nl(line: str) -> str:
    return line.rstrip("\r\n")


def _block_lines(src_lines: list[str], start: int, end: int, nl: str) -> list[str]:
    """Source lines start..end (1-based, inclusive) with endings normalised, trailing blanks dropped."""
    body = [_strip_nl(x) for x in src_lines[start - 1:end]]
    while body and not body[-1].strip():
        body.pop()
    return [x + nl for x in body]


def untranslated_block(src: GuideFile, src_lines: list[str], clause_id: str, nl: str) -> list[str]:
    c = src.clause(clause_id)
    lines = _block_lines(src_lines, c.body.start_line, c.body.end_line, nl)
    heading, body = lines[0], lines[1:]
    while body and not body[0].strip():
        body.pop(0)
    return [heading, nl, MARKER + nl, nl, *body, nl]


def sync_lines(src: GuideFile, src_lines: list[str], tr: GuideFile | None, tr_lines: list[str] | None,
               provided: dict[str, tuple[list[str], dict[str, list[str]]]] | None = None) -> list[str]:
    """The translation with every missing source clause inserted, in place, as an untranslated block —
    or as the translated block ``provided`` gives for it (block lines, footnote label → definition lines),
    for a clause carried over from another file. Source footnotes it needs come marked untranslated."""
    provided = provided or {}
    if tr is None or tr_lines is None:
        return new_translation(src, src_lines)
    nl = _nl_of(tr_lines)
    lines = list(tr_lines)
    src_ids = [c.id for c in src.clauses if c.id]
    present = {c.id for c in tr.clauses if c.id}
    inserts: dict[int, list[str]] = {}  # 0-based index to insert before → lines
    first_clause_line = min((c.line for c in tr.clauses if c.id), default=None)
    footnote_line = min((fn.pos.line for fn in tr.footnotes.values()), default=None)
    for i, cid in enumerate(src_ids):
        if cid in present:
            continue
        prev = next((p for p in reversed(src_ids[:i]) if p in present), None)
        if prev is not None:
            at = tr.clause(prev).body.end_line  # insert after that clause's block
        elif first_clause_line is not None:
            at = first_clause_line - 1
        elif footnote_line is not None:
            at = footnote_line - 1
        else:
            at = len(lines)
        if cid in provided:
            block = [_strip_nl(x) + nl for x in provided[cid][0]]
            inserts.setdefault(at, []).extend([*block, nl])
        else:
            inserts.setdefault(at, []).extend(untranslated_block(src, src_lines, cid, nl))
    if not inserts:
        return lines
    # footnotes the inserted text refers to but the translation does not define yet
    needed = []
    for cid in src_ids:
        if cid not in present:
            for ref in src.clause(cid).body.footnote_refs:
                known = ref.value in src.footnotes or ref.value in provided.get(cid, ([], {}))[1]
                if ref.value not in tr.footnotes and known and ref.value not in needed:
                    needed.append(ref.value)
    carried_notes = {label: text for block, notes in provided.values() for label, text in notes.items()}
    for at in sorted(inserts, reverse=True):
        block = inserts[at]
        if at > 0 and at <= len(lines) and not lines[at - 1].endswith(("\n", "\r")):
            lines[at - 1] = lines[at - 1] + nl  # the file ended without a newline
        if at > 0 and at <= len(lines) and lines[at - 1].strip():
            block = [nl, *block]
        lines[at:at] = block
    if needed:
        if lines and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += nl
        for label in needed:
            if label in carried_notes:
                lines.extend(_strip_nl(x) + nl for x in carried_notes[label])
                continue
            fn = src.footnotes[label]
            defn = _block_lines(src_lines, fn.body.start_line, fn.body.end_line, nl)
            head = f"[^{label}]:"
            if defn and defn[0].startswith(head):  # the English text says it is not translated yet
                defn[0] = f"{head} {MARKER} {defn[0][len(head):].lstrip()}"
            lines.extend(defn)
    return lines


def new_translation(src: GuideFile, src_lines: list[str]) -> list[str]:
    """A whole translation file made of untranslated blocks: it builds, and says it is untranslated."""
    nl = _nl_of(src_lines)
    out = [_strip_nl(x) + nl for x in src_lines]
    marks = set()
    if src.title is not None:
        for h in src.headings:
            if h.level == 1:
                marks.add(h.pos.line)
                break
    for c in src.clauses:
        marks.add(c.line)
    # footnotes are source text too: marked as sync marks the ones it carries over (a new locale's
    # footnotes are untranslated blocks, not English left behind in a translation)
    heads = {fn.body.start_line: f"[^{label}]:" for label, fn in src.footnotes.items()}
    result = []
    for i, line in enumerate(out, 1):
        head = heads.get(i)
        if head and line.startswith(head) and MARKER not in line:
            line = f"{head} {MARKER} {line[len(head):].lstrip()}"
        result.append(line)
        if i in marks:
            result.extend([nl, MARKER + nl])
    return result


def _front_matter_span(lines: list[str]) -> tuple[int, int] | None:
    """0-based indices of the opening and closing '---' lines."""
    if not lines or _strip_nl(lines[0]).strip() != "---":
        return None
    for i in range(1, len(lines)):
        if _strip_nl(lines[i]).strip() in ("---", "..."):
            return 0, i
    return None


def record_lines(lines: list[str], fingerprints: dict[str, str], order: list[str], drop=(),
                 rename: dict[str, str] | None = None) -> list[str]:
    """Set ``translated_from`` entries in the front matter, removing those in ``drop`` and renaming keys
    old → new as ``rename`` says; other lines are kept byte for byte."""
    return map_lines(lines, RECORD_KEY, fingerprints, order, drop, rename)


def map_lines(lines: list[str], key: str, entries: dict[str, str], order: list[str], drop=(),
              rename: dict[str, str] | None = None) -> list[str]:
    """Set ``entries`` in the tool-owned front matter map ``key`` (``key:`` then ``  name: 'value'`` lines);
    other lines are kept byte for byte. A map left empty is removed."""
    span = _front_matter_span(lines)
    if span is None:
        raise ValueError("the file has no front matter")
    nl = _nl_of(lines)
    _, close = span
    key_at = None
    for i in range(1, close):
        if re.match(rf"^{re.escape(key)}\s*:", _strip_nl(lines[i])):
            key_at = i
            break
    existing: dict[str, str] = {}
    indent = "  "
    if key_at is None and not entries:
        return list(lines)
    rename = rename or {}
    if key_at is None:
        start = end = close
    else:
        start, end = key_at, key_at + 1
        while end < close:
            m = _ENTRY.match(_strip_nl(lines[end]))
            if not m:
                break
            indent = m.group(1)
            if m.group(2) not in drop:
                existing[rename.get(m.group(2), m.group(2))] = m.group(3)
            end += 1
    merged = dict(existing)
    merged.update(entries)
    for name in drop:
        if name not in entries:
            merged.pop(name, None)
    ordered = [cid for cid in order if cid in merged] + [cid for cid in merged if cid not in order]
    new = [f"{key}:{nl}"] + [f"{indent}{cid}: '{merged[cid]}'{nl}" for cid in ordered] if merged else []
    if key_at is not None and lines[start:end] == new:
        return list(lines)
    return lines[:start] + new + lines[end:]

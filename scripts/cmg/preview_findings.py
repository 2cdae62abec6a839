"""Findings shown in the previewed page itself (``mkdocs serve`` only, never in a built site).

An editor previewing a guide sees each finding of the file at the clause it concerns, right under the
clause's heading (a finding of no clause, at the top of the page), with its code, line, message and
hint; the next rebuild after the fix no longer has it. Pure text in, text out; the engine calls it only
while serving.
"""

from __future__ import annotations

import html
import re

_HEADING_ID = re.compile(r"^#{1,6}[ \t].*\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$")
_H1 = re.compile(r"^#[ \t]")


def _box(f) -> str:
    hint = f'<br><span class="cmg-finding__hint">{html.escape(f.hint)}</span>' if getattr(f, "hint", "") else ""
    return (f'<div class="cmg-finding cmg-finding--{html.escape(f.severity)}" data-code="{html.escape(f.code)}">'
            f"<strong>{html.escape(f.code)} [{html.escape(f.severity)}]</strong> "
            f"{html.escape(f.path)}:{f.line}: {html.escape(f.message)}{hint}</div>")


def preview_notes(markdown: str, findings: list) -> str:
    """``markdown`` with a box for each finding: under its clause's heading, or at the top."""
    if not findings:
        return markdown
    lines = markdown.split("\n")
    ids = {m.group(1) for line in lines if (m := _HEADING_ID.match(line))}
    by_clause: dict[str, list] = {}
    top = []
    for f in sorted(findings, key=lambda f: (f.line, f.code)):
        (by_clause.setdefault(f.clause, []) if f.clause in ids else top).append(f)
    out, placed_top, fence = [], not top, None
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fence = None if fence and stripped.startswith(fence) else (fence or stripped[:3])
        out.append(line)
        if fence:
            continue
        if not placed_top and _H1.match(line):
            out += ["", *[_box(f) for f in top], ""]
            placed_top = True
        m = _HEADING_ID.match(line)
        if m and m.group(1) in by_clause:
            out += ["", *[_box(f) for f in by_clause.pop(m.group(1))], ""]
    if not placed_top:
        out = [*[_box(f) for f in top], "", *out]
    return "\n".join(out)

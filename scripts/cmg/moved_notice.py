"""The notice a page keeps where a clause was before ``cmg move`` took it to another guide.

The old address (``…/delays/#dl-x``) must still lead to the clause, online and in the offline copy
(opened from ``file://``, where no server can redirect). So the old page gets, for each clause its
source file lists under ``moved_clauses``, an element with the old ID followed by a short notice with a
link to the clause's new place: it works without scripts, and ``cmg.js`` follows the link at once when
the address names that ID. Pure text in, text out; the site plugin calls it.
"""

from __future__ import annotations

import html
import posixpath


def moved_notices(markdown: str, moved: dict[str, tuple[str, str]], here: str, ui: dict[str, str]) -> str:
    """``moved``: clause id → (its file now, e.g. "quality/index.md"; its label, e.g. "Guide 2, 3.1 Acceptance").
    ``here``: this page's file. Appends one anchored notice per moved clause."""
    if not moved:
        return markdown
    out = [markdown.rstrip("\n"), ""]
    for cid, (rel, label) in moved.items():
        href = posixpath.relpath(rel, posixpath.dirname(here) or ".") + f"#{cid}"
        link = f"[{_md_escape(label)}]({href}){{ .cmg-moved-link }}"
        text = ui["moved_clause"].replace("{clause}", f"`{cid}`").replace("{where}", link)
        out += [f'<div id="{html.escape(cid)}" class="cmg-moved" data-clause="{html.escape(cid)}"></div>', "",
                f'!!! info "{ui["moved_title"]}"', f"    {text}", ""]
    return "\n".join(out) + "\n"


def _md_escape(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")

"""What the sanitiser would remove from a guide file, at file and line (rule CMG504).

Each block of text (the preamble, a clause with its heading, a footnote) is converted with
Python-Markdown and the site's extensions (found through an entry point: the core imports no
engine) — attribute lists, raw HTML and reference links only become
visible as HTML — and the result is handed to :func:`cmg.sanitize.removals`: the same allowlist that
the build applies to every published page, so the validator and the site cannot disagree. The front
matter's ``title`` (which lands in every page's navigation) and ``description`` are checked as titles.

No I/O; nothing from MkDocs or Markdown is imported here.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass

from .model import Block, GuideFile, Pos
from .sanitize import Removal, removals, sanitize_title

# Python-Markdown's link patterns take time quadratic in the length of a line full of brackets
# (`[x](` 25,000 times: minutes); a line this long is not guidance and is not converted to check it
MAX_LINE = 5000
# reference-link and abbreviation definitions: they apply to the whole file, so every block sees them
_DEFINITION = re.compile(r"^ {0,3}(?:\[[^\]\n]{1,999}\]:|\*\[[^\]\n]{1,999}\]:)")
MARKDOWN_GROUP = "cmg.markdown"  # entry point of the converter (cmg.engine.markdown_render:render)


@functools.cache
def _converter():
    from importlib.metadata import entry_points

    found = [ep for ep in entry_points(group=MARKDOWN_GROUP) if ep.name == "render"]
    return found[0].load() if found else None


def render(text: str) -> str:
    """The site's HTML for ``text`` (Python-Markdown with the site's extensions, from the engine wing);
    without an engine installed, the text itself, so that raw HTML is still checked."""
    convert = _converter()
    return convert(text) if convert is not None else text


@dataclass(frozen=True)
class Unsafe:
    what: str
    pos: Pos
    block: Block | None  # None: the front matter


def _could_hold_markup(text: str) -> bool:
    """Without these characters there is no raw HTML, attribute list or link: nothing to remove."""
    return any(ch in text for ch in "<{[\x00")


# What the guides write on almost every line and Markdown turns only into allowlisted HTML: a heading's
# ID, a placeholder, a cross-reference, a footnote, a task-list box, a link to a plain web, mail, anchor
# or relative address (no entity, escape, quote or second colon that could hide a scheme). A block with
# no markup left once these are taken out has nothing the sanitiser would remove, and is not converted
# (converting every block made CMG504 two thirds of a cold validation). Anything else keeps its brackets
# and is converted and checked as before.
_SAFE_MARKUP = re.compile(
    r"\{#[A-Za-z0-9_-]{1,200}+\}"
    r"|\{\{\s*+[A-Za-z0-9_]{1,100}+\s*+\}\}"
    r"|\[\[[^\[\]\s<>&\\]{1,200}+\]\]"
    r"|\[\^[^\[\]\s<>&\\]{1,200}+\]"
    r"|^[ \t]*+(?:[-*+]|\d{1,9}[.)])[ \t]++\[[ xX]\]"
    r"|(?<![!\]\\])\[[^\[\]<>&{}\\\x00]{0,500}+\]\((?:https?://|mailto:)?[^\s()<>&\"'\\:\x00]{0,1000}+\)",
    re.M)


def _needs_conversion(text: str) -> bool:
    return _could_hold_markup(text) and _could_hold_markup(_SAFE_MARKUP.sub("", text))


def _place(block: Block, lines: list[str], r: Removal, start: dict[str, int]) -> Pos:
    """The line of the block where the removed thing is written: its name, else a piece of its value
    (`alert(` of `[x](&#106;avascript:alert(1))`), else a word of its name; else the block's first line.
    ``start`` keeps, per needle, the line after the last one found: the next removal of the same kind is
    looked for from there (removals come in document order)."""
    _, sep, value = r.what.partition(": ")
    name = re.escape(r.needle)
    patterns = [rf"<\s*{name}(?![\w-])" if r.what.startswith("<") else rf"(?<![\w-]){name}\s*="]
    if sep:
        _, colon, rest = value.partition(":")
        patterns += [re.escape(value[:12]), *([re.escape(rest.strip()[:8])] if colon and rest.strip() else [])]
    patterns += [re.escape(w) for w in re.split(r"[^0-9A-Za-z]+", r.needle) if len(w) > 3]
    patterns.append(name)
    for pattern in patterns:
        rx = re.compile(pattern, re.I)
        first = start.get(pattern, 0)
        for i in (*range(first, len(lines)), *range(0, first)):
            m = rx.search(lines[i])
            if m:
                start[pattern] = i + 1
                return Pos(block.start_line + i, m.start() + 1)
    return Pos(block.start_line)


def file_unsafe(gf: GuideFile) -> list[Unsafe]:
    """Everything the sanitiser removes from the file's published text, each placed at a line."""
    out: list[Unsafe] = []
    for key in ("title", "description"):
        value = gf.meta.get(key) if isinstance(gf.meta, dict) else None
        if isinstance(value, str) and sanitize_title(value) != value:
            found = removals(value) or [Removal("text the page title cannot show", key)]
            for r in found:
                out.append(Unsafe(f"{r.what} in front matter '{key}'", Pos(max(gf.meta_line, 1)), None))
    blocks = []
    for _, b in gf.blocks():
        if not b.raw or not _needs_conversion(b.raw):
            continue
        long = next((i for i, ln in enumerate(b.raw.split("\n")) if len(ln) > MAX_LINE and _could_hold_markup(ln)), None)
        if long is not None:
            out.append(Unsafe(f"a line of more than {MAX_LINE:,} characters with markup, too long to check: it is "
                              "published as plain text", Pos(b.start_line + long), b))
            continue
        blocks.append(b)
    if not blocks or not removals(render("\n\n".join(b.raw for b in blocks))):
        return out  # the usual case: one conversion of the file; blocks are converted one by one to place a finding
    definitions = [ln for b in blocks for ln in b.raw.split("\n") if _DEFINITION.match(ln)]
    tail = "\n\n" + "\n".join(definitions) if definitions else ""
    for block in blocks:
        lines = block.raw.split("\n")
        start: dict[str, int] = {}
        seen: set[tuple[str, int]] = set()
        for r in removals(render(block.raw + tail)):
            pos = _place(block, lines, r, start)
            if (r.what, pos.line) not in seen:
                seen.add((r.what, pos.line))
                out.append(Unsafe(r.what, pos, block))
    return out


def defuse_long_lines(text: str) -> str:
    """The page's Markdown with every line over MAX_LINE characters that has markup made a paragraph of
    plain text (a raw HTML block, its text escaped): Python-Markdown rebuilds a line's text after each
    inline match, so a long line of matches takes quadratic time. CMG504 reports such lines."""
    if len(text) <= MAX_LINE or not any(len(ln) > MAX_LINE for ln in text.split("\n")):
        return text
    return "\n".join(f"\n<p>{html.escape(ln.strip())}</p>\n" if len(ln) > MAX_LINE and _could_hold_markup(ln) else ln
                     for ln in text.split("\n"))

"""A page's search sections as Material's search parser makes them, without ``html.parser``.

Material's search plugin divides each page's HTML into sections (a heading, its text) with
``material.plugins.search.plugin.Parser``, an ``html.parser.HTMLParser``: Python code for every tag
and every piece of text, and for each of them a walk of the open elements that calls Python methods
(``Element.__eq__`` / ``__hash__``). It was a tenth of the plain stack's build and more of ours,
whose pages have more markup (tables, notices, cross-references).

:func:`sections` gives the same :class:`~material.plugins.search.plugin.Section` objects from one
pass of a regular expression (the C regex engine) over the page, with Material's rules applied to
plain tag names. It reads the strict subset of HTML that :mod:`cmg.html_subset` defines — what Python-Markdown and our page decorations
write: tags with plainly quoted or plain-word attributes, comments without ``--`` inside, text
without a bare ``<``. For that subset the tokens are exactly those ``html.parser`` (Python 3.11)
produces: the same tag and attribute names (lower-cased), the same attribute values and text
(``html.unescape``), the same boundaries between pieces of text. Anything else — a ``<script>`` or
``<style>`` (whose text ``html.parser`` reads raw), a doctype, a processing instruction, a CDATA
section, an attribute it would read differently — makes :func:`sections` return None, and the page
goes through Material's own parser. So the search index is the same byte for byte
(``tests/test_search_sections.py`` compares both on tricky cases and on every shipped page).

Material's rules, as its ``Parser`` applies them (and as kept here, quirks included): an element
compares equal to any element with the same tag, so its "skip" set and "inside the section's
heading" test are about tag names; a heading with an ``id`` starts a section (an untitled one first
when the page does not begin with ``h1``); ``data-search-exclude`` and ``class="linenodiv"`` skip an
element's content; ``<p>``, ``<code>``, ``<pre>``, lists, ``<sub>`` and ``<sup>`` are kept as tags,
dropped again when only whitespace follows the first of their kind in the section; whitespace is
collapsed outside ``<pre>``; text in ``<a class="headerlink">`` is left out of titles; an end tag
that does not close the innermost open element is ignored, and one that leaves a nested heading's
element returns to the section around it.
"""

from __future__ import annotations

import re
from html import escape, unescape

from material.plugins.search.plugin import Element, Section, void

from .. import html_subset

_MARKUP = html_subset.MARKUP
_RAW_TEXT = html_subset.RAW_TEXT
# what in a start tag's attributes can matter to Material besides a heading's id and a link's class
_MAY_MATTER = re.compile(r"data-search-exclude|linenodiv|&", re.IGNORECASE)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})  # Material's Parser.keep
_SKIP = ("object", "script", "style")  # Material's Parser.skip at the start, never removed
_VOID = frozenset(void)


def _attributes(text: str) -> dict:
    """A start tag's attributes as html.parser gives them to Material (``dict`` of the pairs)."""
    return dict(html_subset.attribute_pairs(text))


def sections(html: str) -> list[Section] | None:
    """The search sections Material's ``Parser`` makes of this HTML, or None when the HTML is outside
    the subset read here (then only Material's parser can tell) or Material's parser would fail on it.

    One function, its state in local variables: Material's ``handle_starttag``, ``handle_endtag`` and
    ``handle_data`` in turn, over plain tag names (see the module's docstring)."""
    parts = _MARKUP.split(html)  # text, then each tag's five groups and the text after it
    stack: list[str] = []  # the open elements' tags (Material's Parser.context)
    links: list[bool] = []  # beside each: is it an <a class="headerlink">
    skip = set(_SKIP)
    data: list[Section] = []
    section: Section | None = None
    last = len(parts) - 1
    for i in range(0, last + 1, 6):
        chunk = parts[i]
        if chunk:  # ---- text (handle_data)
            if "<" in chunk:
                return None  # a "<" html.parser would read as text or as markup of its own
            if skip.isdisjoint(stack):
                if "&" in chunk:
                    chunk = unescape(chunk)
                pre = "pre" in stack
                blank = chunk.isspace()
                if not pre:
                    chunk = " " if blank else chunk.replace("\n", " ")
                if section is None:
                    section = Section(Element("hx"))
                    data.append(section)
                if section.el.tag in stack:
                    if True not in links:  # text of a permalink is left out
                        section.title.append(escape(chunk, quote=False))
                elif blank:
                    text = section.text
                    if pre or not text or not text[-1].isspace():
                        text.append(chunk)
                else:
                    section.text.append(escape(chunk, quote=False))
        if i == last:
            break
        end, tag, attrs, close = parts[i + 1], parts[i + 2], parts[i + 3], parts[i + 4]
        if tag is None:
            continue  # a comment: Material ignores it
        tag = tag.lower()
        if end is None:  # ---- start tag (handle_starttag)
            if tag in _RAW_TEXT:
                return None
            if tag not in _VOID:
                if attrs and (tag in _HEADINGS or tag == "a" or _MAY_MATTER.search(attrs)):
                    attributes = _attributes(attrs)
                else:
                    attributes = {}  # none that Material looks at
                stack.append(tag)
                links.append(tag == "a" and attributes.get("class") == "headerlink")
                if tag in _HEADINGS and "id" in attributes:
                    depth = len(stack)
                    if tag != "h1" and not data:
                        data.append(Section(Element("hx"), depth))
                    section = Section(Element(tag, attributes), depth)
                    if data:
                        section.id = attributes["id"]
                    data.append(section)
                if section is None:
                    section = Section(Element("hx"))
                    data.append(section)
                if "data-search-exclude" in attributes or attributes.get("class") == "linenodiv":
                    skip.add(tag)
                elif tag in _KEEP and skip.isdisjoint(stack):
                    (section.title if section.el.tag in stack else section.text).append(f"<{tag}>")
            if not close:
                continue
        elif attrs or close:
            return None  # an end tag with attributes: html.parser reads it its own way
        # ---- end tag (handle_endtag; after a start tag ending in "/>", as html.parser's handle_startendtag)
        if not stack or stack[-1] != tag:
            continue
        depth = len(stack)
        if section.depth > depth:  # leaving a nested heading's element: back to the section around it
            for outer in reversed(data):
                if outer.depth <= depth:
                    section.depth = float("inf")
                    section = outer
                    break
        stack.pop()
        links.pop()
        if tag in skip:
            if tag not in _SKIP:
                skip.remove(tag)
            continue
        if tag in _KEEP and skip.isdisjoint(stack):
            kept = section.title if section.el.tag in stack else section.text
            try:
                index = kept.index(f"<{tag}>")
            except ValueError:
                return None  # Material's parser fails here: let it
            for j in range(index + 1, len(kept)):
                if not kept[j].isspace():
                    index = len(kept)
                    break
            if len(kept) > index:
                del kept[index:]  # only whitespace since the first <tag>: dropped
            else:
                kept.append(f"</{tag}>")
    return data

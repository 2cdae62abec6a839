"""The subset of HTML this project writes, read by one regular expression instead of ``html.parser``.

Python-Markdown and the page decorations write tags with plainly quoted or plain-word attributes,
comments without ``--`` inside, and text without a bare ``<``. For that subset one pass of the C regex
engine gives exactly the tokens ``html.parser`` (Python 3.11) gives: the same tag and attribute names
(lower-cased), the same attribute values and text (``html.unescape``), the same boundaries between
pieces of text. Anything outside it — a ``<script>`` or ``<style>`` (whose text ``html.parser`` reads
raw), a doctype, a processing instruction, a CDATA section, an attribute it would read differently,
an end tag with attributes — is for ``html.parser`` to read: the readers here return None for it.

Used where ``html.parser`` was the cost: the search sections (:mod:`cmg.engine.search_sections`) and
the sanitiser's check that nh3 removed nothing (:mod:`cmg.sanitize`). Both are tested against
``html.parser`` on tricky cases, generated pages and every shipped page.
"""

from __future__ import annotations

import re
from html import unescape

WS = r"[ \t\n\r\f]"
# one tag or comment of the subset; a "<" that does not start one makes the text html.parser's to read.
# split() gives, after each piece of text: end ("/" or None), tag, attrs, close ("/" or None), comment
MARKUP = re.compile(
    rf"""<(?:
        (?P<end>/)?(?P<tag>[a-zA-Z][-a-zA-Z0-9]*)
        (?P<attrs>(?:{WS}+[a-zA-Z_:][-a-zA-Z0-9_:.]*
            (?:=(?:"[^"<>]*"|'[^'<>]*'|[-a-zA-Z0-9_.:\#%+&;,]+(?={WS}|>)))?)*)
        {WS}*(?P<close>/)?>
      | !--(?P<comment>(?!-?>)(?:[^-]|-(?!-))*)-->
    )""",
    re.VERBOSE,
)
GROUPS = 5  # MARKUP's groups: split() puts them between the pieces of text
ATTR = re.compile(rf"""{WS}+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:=("[^"]*"|'[^']*'|[^ \t\n\r\f>]+))?""")
# elements whose text html.parser reads raw (or, in later Pythons, as RCDATA / to the end)
RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                      "noscript", "plaintext"})


def attribute_pairs(text: str) -> list[tuple[str, str | None]]:
    """A start tag's attributes (MARKUP's ``attrs``) as html.parser gives them: (name, value) in order,
    names lower-cased, values unescaped, None for an attribute without ``=``."""
    pairs = []
    for name, value in ATTR.findall(text):
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        elif not value:
            value = None  # no "=": html.parser gives None
        if value:
            value = unescape(value)
        pairs.append((name.lower(), value))
    return pairs

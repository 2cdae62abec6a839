"""Python-Markdown with the site's extensions, for the validator's CMG504 (cmg.unsafe).

The core never imports Markdown: it finds :func:`render` through the entry point group
``cmg.markdown`` (pyproject.toml), as it finds the engine's commands.
"""

from __future__ import annotations

import threading

import markdown

# the Markdown extensions of mkdocs.yml (tests/test_security.py checks that the two lists agree)
SITE_EXTENSIONS = ("toc", "attr_list", "md_in_html", "admonition", "footnotes", "tables", "abbr", "def_list",
                   "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist", "pymdownx.tilde")
_EXTENSION_CONFIGS = {"pymdownx.tasklist": {"custom_checkbox": True}}

_LOCAL = threading.local()


def render(text: str) -> str:
    """The HTML Python-Markdown makes of ``text`` with the site's extensions."""
    md = getattr(_LOCAL, "md", None)
    if md is None:
        md = _LOCAL.md = markdown.Markdown(extensions=list(SITE_EXTENSIONS), extension_configs=_EXTENSION_CONFIGS)
    md.reset()
    return md.convert(text)

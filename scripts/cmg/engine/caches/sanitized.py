"""A page's content as the sanitiser published it, kept between builds, reused while it is the same.

A warm build converts few pages again (:mod:`.render`), but every page's content went through nh3 and
the comparison of its tokens again (:func:`cmg.sanitize.sanitize_page_html`: about a second of CPU per
locale on the bench's corpus, the largest part of what a warm build had grown by). The key is the
content and the widgets set aside; the value is the sanitised text, or only ``same`` when the sanitiser
left the content as it was (almost always). Salted with the allowlist and the code that applies it
(:mod:`cmg.sanitize` and :mod:`cmg.html_subset`, by their text) and nh3's version. A client of
:mod:`cmg.caching` (switch: ``CMG_NO_SANITIZED_CACHE=1``), stored by :class:`~cmg.page_cache.PageCache`.
"""

from __future__ import annotations

from pathlib import Path

from ...caching import code_text, digest, package_version
from ...page_cache import PageCache

FORMAT = 1


def sanitized_salt() -> str:
    """What the sanitiser's output depends on besides its input: the allowlist and the code that applies
    it (cmg.sanitize and cmg.html_subset, by their text) and nh3's version."""
    from ... import html_subset, sanitize

    return digest(f"sanitized {FORMAT}", package_version("nh3"), code_text(sanitize, html_subset))


class SanitizedCache:
    """The sanitised contents of one locale's pages."""

    def __init__(self, path: Path | None):
        self.store = PageCache(path, sanitized_salt())

    def sanitized(self, page: str, fragment: str, widgets: tuple[str, ...], sanitize) -> str:
        key = digest(fragment, *widgets)
        hit = self.store.get(page, key)
        if hit is not None:
            if hit.get("same") is True:
                return fragment
            if isinstance(hit.get("html"), str):
                return hit["html"]
        out = sanitize(fragment, widgets)
        self.store.put(page, key, {"same": True} if out == fragment else {"html": out})
        return out

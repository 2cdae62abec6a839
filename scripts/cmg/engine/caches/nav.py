"""Material's navigation, each inactive item rendered once per build instead of once per page.

Material renders the whole navigation into every page (``partials/nav.html``), so a site of N pages
renders N × N navigation items: on 100 pages a locale that is most of the time Jinja spends. Most of
them come out the same on every page. An item that is not on the path to the current page (not
``active``) depends only on itself, its position (``path``, ``level``), the theme settings of the build,
and the URLs it links to, which the ``url`` filter makes relative to the current page. So its HTML is
kept, keyed by the item and by those relative URLs, and reused on every page where they are the same.
The active item and its section are rendered every time, as Material does.

``overrides/partials/nav.html`` is Material's with its one ``item.render(...)`` call routed through
:meth:`NavCache.render`; a test checks that the rest of it is still Material's. If another plugin
replaces the ``url`` filter (as Material's blog and projects plugins do), nothing is cached.
Held in memory for one build, so it has no store; its switch is :mod:`cmg.caching`'s
(``CMG_NO_NAV_CACHE=1``: the pages come out the same, more slowly).
"""

from __future__ import annotations

from mkdocs.utils import normalize_url
from mkdocs.utils.templates import url_filter


def _link_urls(item, out: list[str]) -> list[str]:
    """The URLs of every page and link under a navigation item, itself included, in order."""
    children = getattr(item, "children", None)
    if children:
        for child in children:
            _link_urls(child, out)
    else:
        out.append(str(getattr(item, "url", "")))
    return out


class NavCache:
    """The rendered HTML of inactive navigation items of one build (one locale)."""

    def __init__(self, enabled: bool = True):
        self.wanted = self.enabled = enabled
        self._html: dict[tuple, tuple[object, str]] = {}
        self.hits = 0
        self.misses = 0

    def reset(self, env=None) -> None:
        """At the start of each build (``on_env``): the items, the language and the settings are new."""
        self._html.clear()
        if env is not None:
            self.enabled = self.wanted and env.filters.get("url") is url_filter

    def render(self, macro, nav_item, path, level, page, base_url=""):
        """``macro(nav_item, path, level)`` (Material's ``item.render``), from the cache when possible."""
        if not self.enabled or page is None or getattr(nav_item, "active", False):
            return macro(nav_item, path, level)
        urls = tuple(normalize_url(u, page=page, base=base_url) for u in _link_urls(nav_item, []))
        key = (id(nav_item), path, level, urls)
        hit = self._html.get(key)
        if hit is not None and hit[0] is nav_item:
            self.hits += 1
            return hit[1]
        html = macro(nav_item, path, level)
        self._html[key] = (nav_item, html)  # the item is kept so that its id is not reused in this build
        self.misses += 1
        return html

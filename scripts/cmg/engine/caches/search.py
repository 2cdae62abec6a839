"""Material's search entries of a page, kept between builds and reused while the page is unchanged.

Material's search plugin parses every page's HTML (``html.parser``, in Python) into the entries of
the search index: about a fifth of a locale's build. Between two builds most pages are the same, so
their entries are the same. :class:`CachingSearchIndex` is Material's ``SearchIndex`` with a cache in
front of ``add_entry_from_context``: the key is a hash of everything the entries are made from (the
page's HTML, URL, title, table of contents, the ``search``, ``tags`` and ``title`` front matter,
Material's version and whether jieba is installed), the value the entries themselves, in JSON.

A page that is not in the cache (every page of a cold build, and every build with the cache switched
off) is divided into sections by :func:`cmg.engine.search_sections.sections`, which gives Material's
parser's sections about three times faster; a page it cannot read goes through Material's parser.
The entries are made from the sections by Material's own ``create_entry_for_section``.

A client of :mod:`cmg.caching` (switch: ``CMG_NO_SEARCH_CACHE=1``), stored by
:class:`~cmg.page_cache.PageCache` (``<cache_dir>/search/<locale>-<hash>.json``).
"""

from __future__ import annotations

import json
from pathlib import Path

from material.plugins.search import plugin as material_search

from ... import caching
from ...caching import digest, package_version
from ...page_cache import PageCache
from .. import search_sections

FORMAT = 1


def _toc_pairs(toc) -> list:
    return [[getattr(item, "id", None), getattr(item, "url", None), _toc_pairs(getattr(item, "children", None))]
            for item in toc or []]


def page_key(page, salt: str) -> str:
    meta = page.meta or {}
    return digest(salt, page.content or "", page.url, str(page.title),
                  json.dumps([meta.get("search"), meta.get("tags"), meta.get("title")], sort_keys=True, default=str),
                  json.dumps(_toc_pairs(page.toc), default=str))


def search_salt() -> str:
    return f"search {FORMAT}\0{package_version('mkdocs-material')}\0{material_search.jieba is not None}"


class CachingSearchIndex(material_search.SearchIndex):
    """Material's ``SearchIndex`` that takes a page's entries from a :class:`PageCache` when the page is
    unchanged (``cache`` None: no cache), and makes them as Material does otherwise."""

    cache: PageCache | None = None

    def add_entry_from_context(self, page):
        cache = self.cache
        if cache is None:
            return self.add_parsed_entries(page)
        key = page_key(page, cache.salt)
        entries = cache.get(page.url, key, list)
        if entries is not None:
            self.entries.extend(entries)
            return None
        start = len(self.entries)
        result = self.add_parsed_entries(page)
        cache.put(page.url, key, self.entries[start:])
        return result

    def add_parsed_entries(self, page):
        """Material's ``add_entry_from_context``, with the page's sections from
        :func:`~cmg.engine.search_sections.sections`; Material's own when that cannot read the page."""
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return None
        found = search_sections.sections(page.content)
        if found is None:
            return super().add_entry_from_context(page)
        for section in found:
            if not section.is_excluded():
                self.create_entry_for_section(section, page.toc, page.url, page)
        return None


def install(search_plugin, cache_file: Path | None) -> PageCache | None:
    """From the cmg plugin's ``on_config`` (after the search plugin's): put our index in the search
    plugin's place, with the cache in front of it when there is a ``cache_file`` and the cache is on.
    Returns that cache, or None (no cache; the index is ours all the same unless search is disabled
    or another plugin replaced Material's index)."""
    if search_plugin is None:
        return None
    index = getattr(search_plugin, "search_index", None)
    if type(index) is not material_search.SearchIndex or index.entries:
        return None  # not Material's plain index (another plugin replaced it), or already in use
    ours = CachingSearchIndex(**index.config)
    if cache_file is not None and caching.enabled("search"):
        ours.cache = PageCache(cache_file, search_salt())
    search_plugin.search_index = ours
    return ours.cache

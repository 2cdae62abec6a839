"""Material's search entries of a page, kept between builds and reused while the page is unchanged.

Material's search plugin parses every page's HTML (``html.parser``, in Python) into the entries of
the search index: about a fifth of a locale's build. Between two builds most pages are the same, so
their entries are the same. :class:`CachingSearchIndex` is Material's ``SearchIndex`` with a cache in
front of ``add_entry_from_context``: the key is a hash of everything the entries are made from (the
page's HTML, URL, title, table of contents, the ``search``, ``tags`` and ``title`` front matter,
Material's version and whether jieba is installed), the value the entries themselves, in JSON.

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
    unchanged, and parses it as Material does otherwise."""

    cache: PageCache | None = None

    def add_entry_from_context(self, page):
        cache = self.cache
        if cache is None:
            return super().add_entry_from_context(page)
        key = page_key(page, cache.salt)
        entries = cache.get(page.url, key, list)
        if entries is not None:
            self.entries.extend(entries)
            return None
        start = len(self.entries)
        result = super().add_entry_from_context(page)
        cache.put(page.url, key, self.entries[start:])
        return result


def install(search_plugin, cache_file: Path | None) -> PageCache | None:
    """From the cmg plugin's ``on_config`` (after the search plugin's): put the cache in front of the
    search plugin's index. Returns None when there is nothing to cache (search disabled or switched off)."""
    if not caching.enabled("search") or search_plugin is None:
        return None
    index = getattr(search_plugin, "search_index", None)
    if type(index) is not material_search.SearchIndex or index.entries:
        return None  # not Material's plain index (another plugin replaced it), or already in use
    cached = CachingSearchIndex(**index.config)
    cached.cache = PageCache(cache_file, search_salt())
    search_plugin.search_index = cached
    return cached.cache

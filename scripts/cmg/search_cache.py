"""Material's search entries of a page, kept between builds and reused while the page is unchanged.

Material's search plugin parses every page's HTML (``html.parser``, in Python) into the entries of
the search index: about a fifth of a locale's build. Between two builds most pages are the same, so
their entries are the same. :class:`CachingSearchIndex` is Material's ``SearchIndex`` with a cache in
front of ``add_entry_from_context``: the key is a hash of everything the entries are made from (the
page's HTML, URL, title, table of contents, the ``search``, ``tags`` and ``title`` front matter,
Material's version and whether jieba is installed), the value the entries themselves, in JSON.

One cache file per locale and kind of build (``<cache_dir>/search/<locale>-<hash>.json``: the offline
copy's pages have other URLs), read when the locale's build starts and written, atomically, when it
ends; a full build keeps only its own pages. A missing, unreadable or foreign file is a cold cache,
never an error. ``CMG_NO_SEARCH_CACHE=1`` turns it off.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
from pathlib import Path

from material.plugins.search import plugin as material_search

from .fsio import atomic_write_bytes

FORMAT = 1


def _material_version() -> str:
    try:
        from importlib.metadata import version

        return version("mkdocs-material")
    except Exception:  # noqa: BLE001 - an unknown version only makes the cache miss
        return "?"


def _toc_pairs(toc) -> list:
    out = []
    for item in toc or []:
        out.append([getattr(item, "id", None), getattr(item, "url", None), _toc_pairs(getattr(item, "children", None))])
    return out


def page_key(page, salt: str) -> str:
    meta = page.meta or {}
    parts = [salt, page.content or "", page.url, str(page.title),
             json.dumps([meta.get("search"), meta.get("tags"), meta.get("title")], sort_keys=True, default=str),
             json.dumps(_toc_pairs(page.toc), default=str)]
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


class SearchEntryCache:
    """The entries of one locale's pages, by page URL, loaded from and saved to one JSON file."""

    def __init__(self, path: Path | None):
        self.path = path
        self.salt = f"{FORMAT}\0{_material_version()}\0{material_search.jieba is not None}"
        self._old: dict[str, dict] = {}
        self._new: dict[str, dict] = {}
        self.hits = self.misses = 0
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict) and data.get("salt") == self.salt and isinstance(data.get("pages"), dict):
                    self._old = data["pages"]
            except (OSError, ValueError, UnicodeDecodeError):
                pass

    def get(self, url: str, key: str) -> list | None:
        hit = self._old.get(url)
        if isinstance(hit, dict) and hit.get("key") == key and isinstance(hit.get("entries"), list):
            self._new[url] = hit
            self.hits += 1
            return copy.deepcopy(hit["entries"])
        return None

    def put(self, url: str, key: str, entries: list) -> None:
        self._new[url] = {"key": key, "entries": copy.deepcopy(entries)}
        self.misses += 1

    def save(self, keep_unseen: bool = False) -> None:
        """Write the cache; ``keep_unseen`` (a --dirty rebuild of a few pages) keeps the other pages."""
        if self.path is None or (not self.misses and (keep_unseen or self._new.keys() == self._old.keys())):
            return
        pages = {**self._old, **self._new} if keep_unseen else self._new
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            data = json.dumps({"salt": self.salt, "pages": pages}, ensure_ascii=False, separators=(",", ":"))
            atomic_write_bytes(self.path, data.encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written is only a slower next build


class CachingSearchIndex(material_search.SearchIndex):
    """Material's ``SearchIndex`` that takes a page's entries from a :class:`SearchEntryCache` when the
    page is unchanged, and parses it as Material does otherwise."""

    cache: SearchEntryCache | None = None

    def add_entry_from_context(self, page):
        cache = self.cache
        if cache is None:
            return super().add_entry_from_context(page)
        key = page_key(page, cache.salt)
        entries = cache.get(page.url, key)
        if entries is not None:
            self.entries.extend(entries)
            return None
        start = len(self.entries)
        result = super().add_entry_from_context(page)
        cache.put(page.url, key, self.entries[start:])
        return result


def install(search_plugin, cache_file: Path | None) -> SearchEntryCache | None:
    """From the cmg plugin's ``on_config`` (after the search plugin's): put the cache in front of the
    search plugin's index. Returns None when there is nothing to cache (search disabled or switched off)."""
    if os.environ.get("CMG_NO_SEARCH_CACHE") or search_plugin is None:
        return None
    index = getattr(search_plugin, "search_index", None)
    if type(index) is not material_search.SearchIndex or index.entries:
        return None  # not Material's plain index (another plugin replaced it), or already in use
    cached = CachingSearchIndex(**index.config)
    cached.cache = SearchEntryCache(cache_file)
    search_plugin.search_index = cached
    return cached.cache

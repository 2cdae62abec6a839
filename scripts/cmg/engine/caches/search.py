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

Under ``mkdocs serve --dirty`` the pages not rebuilt are not indexed again, so the index also keeps each
page's entries in memory between rebuilds (``pages``) and writes the entries of every page, in the order
of the pages (``order``), as a full build does. Material's own way for that ("dirty reload": the last
index, less the first rebuilt page's entries, plus this build's) is not used: it assumes one build per
rebuild and one page per build, and with mkdocs-static-i18n (one build per locale, each merging the
index of the one before) the index grew at every locale and rebuild, into minutes of de-duplication.

Under ``mkdocs serve`` (``defer``) the index is not put into JSON here: every file Material writes
(each locale's, then the merged one) is written again by the cmg plugin's own split per locale
(:func:`cmg.engine.locales.split_search_index`), which takes the merged entries from memory
(:func:`merged_index`). Material writes an index without entries in the meantime.
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
    # under --dirty: each page's entries (by URL), kept between rebuilds, and this build's pages in order
    pages: dict[str, list] | None = None
    order: list[str] | None = None
    # `mkdocs serve`: the index kept in memory for the cmg plugin's split (see above), not serialised
    defer = False
    data: dict | None = None

    def add_entry_from_context(self, page):
        start = len(self.entries)
        result = self._add(page)
        if self.pages is not None:
            self.pages[page.url] = self.entries[start:]
        return result

    def _add(self, page):
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

    def generate_search_index(self, prev):
        if self.order is not None and self.pages is not None:
            # a --dirty build: every page's entries, the ones rebuilt now and the others from before
            self.entries = [entry for url in self.order for entry in self.pages.get(url, ())]
            self.order = None  # mkdocs-static-i18n calls this again with every locale's entries
        if not self.defer:
            return super().generate_search_index(None)
        config = {key: self.config[key] for key in ["lang", "separator", "pipeline", "fields"]}
        self.data = {"config": config, "docs": self.entries}  # what Material's JSON holds
        return json.dumps({"config": config, "docs": []}, separators=(",", ":"), default=str)

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


def install(search_plugin, cache_file: Path | None, pages: dict[str, list] | None = None,
            defer: bool = False) -> PageCache | None:
    """From the cmg plugin's ``on_config`` (after the search plugin's): put our index in the search
    plugin's place, with the cache in front of it when there is a ``cache_file`` and the cache is on.
    Returns that cache, or None (no cache; the index is ours all the same unless search is disabled
    or another plugin replaced Material's index). ``pages`` (under ``--dirty``): where the index keeps
    each page's entries from one rebuild to the next. ``defer`` (``mkdocs serve``): the index is left in
    memory for :func:`merged_index` (see above)."""
    if search_plugin is None:
        return None
    search_plugin.search_index_prev = None  # Material's "dirty reload" index (see above): never used
    index = getattr(search_plugin, "search_index", None)
    if type(index) is not material_search.SearchIndex or index.entries:
        return None  # not Material's plain index (another plugin replaced it), or already in use
    ours = CachingSearchIndex(**index.config)
    if cache_file is not None and caching.enabled("search"):
        ours.cache = PageCache(cache_file, search_salt())
    ours.pages = pages
    ours.defer = defer
    search_plugin.search_index = ours
    return ours.cache


def order_entries(search_plugin, urls: list[str]) -> None:
    """Under ``--dirty``: the pages of this build in the order MkDocs builds them (and indexes them)."""
    index = getattr(search_plugin, "search_index", None)
    if isinstance(index, CachingSearchIndex) and index.pages is not None:
        index.order = urls


_PLAIN = (str, int, float, bool, type(None))


def _as_json(value):
    """A value as JSON gives it back: lists of plain values and plain values as they are, anything else
    (Material writes it with ``default=str``) through JSON."""
    if type(value) in _PLAIN or (type(value) is list and all(type(v) in _PLAIN for v in value)):
        return value
    return json.loads(json.dumps(value, separators=(",", ":"), default=str))


def merged_index(search_plugin) -> dict | None:
    """The merged index the last build left in memory (``defer``), as ``json.loads`` of the file Material
    would have written gives it (each entry a new dict: the split changes its copies only); None when
    there is none (then Material has written it). Taken once."""
    index = getattr(search_plugin, "search_index", None)
    data = getattr(index, "data", None) if isinstance(index, CachingSearchIndex) else None
    if data is None:
        return None
    index.data = None
    docs = []
    for entry in data["docs"]:
        if all(type(k) is str and type(v) in _PLAIN for k, v in entry.items()):
            docs.append(dict(entry))
        else:
            docs.append(_as_json(entry))
    return {"config": _as_json(data["config"]), "docs": docs}

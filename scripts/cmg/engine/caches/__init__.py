"""What a rebuild keeps from the last build, so that it redoes only what an edit changed and writes
exactly what a build from scratch writes:

* :mod:`.render` — each page's Markdown conversion;
* :mod:`.sanitized` — each page's content as the sanitiser published it;
* :mod:`.search` — each page's search entries, in front of Material's search plugin;
* :mod:`.nav` — the navigation, rendered once per item and build rather than once per page;
* :mod:`.templates` — the theme's templates, compiled once per process.

Each is a small client of the one cache mechanism, :mod:`cmg.caching` (its digest, store, file stamp and
switch, documented there and in the README's "Caches"); the render and search caches share
:mod:`cmg.page_cache` (one JSON entry per locale and kind of build).
"""

from __future__ import annotations

from ...caching import digest
from ..locales import offline_plugin
from .render import RenderCache
from .render import enabled_for as render_cache_enabled
from .sanitized import SanitizedCache
from .search import install as install_search_cache
from .search import merged_index, order_entries


def _search_plugin(config):
    return config.plugins.get("material/search") or config.plugins.get("search")


def start_page_caches(state, config) -> None:
    """The search entries, Markdown conversions and sanitised contents of this locale's unchanged pages,
    from the last build. After start_locale_build, which tells the locale."""
    locale = state.locale(config)
    # one entry per locale and kind of build: the offline copy's pages have other URLs
    variant = digest(str(state.project.root), str(config.use_directory_urls), str(offline_plugin(config) is not None))
    name = f"{locale}-{variant[:12]}.json"
    search_dir = state.cache_folder("search")
    # our search index also without its cache (it reads the pages faster than Material's parser); under
    # --dirty, each page's search entries are kept in memory for the rebuilds that skip the page
    kept = state.search_pages.setdefault(locale, {}) if state.serving and state.dirty else None
    search_cache = install_search_cache(_search_plugin(config), search_dir / name if search_dir else None, kept,
                                        defer=state.serving)
    if search_cache is not None:
        state.page_caches.setdefault(locale, []).append(search_cache)
    render_dir = state.cache_folder("render")
    if render_dir is not None and render_cache_enabled(config):
        state.render_caches[locale] = RenderCache(render_dir / name, config)
        state.page_caches.setdefault(locale, []).append(state.render_caches[locale].store)
    sanitized_dir = state.cache_folder("sanitized")
    if sanitized_dir is not None:
        state.sanitized_caches[locale] = SanitizedCache(sanitized_dir / name)
        state.page_caches.setdefault(locale, []).append(state.sanitized_caches[locale].store)


def merged_search_index(config) -> dict | None:
    """Under ``mkdocs serve``: the merged search index, from memory (None: read the file)."""
    return merged_index(_search_plugin(config))


def order_search_entries(state, config, files) -> None:
    """Under ``--dirty`` (from ``on_env``, once every page is read): the order of the locale's pages,
    in which the search index lists the entries of the pages rebuilt and of the pages kept."""
    if state.serving and state.dirty:
        order_entries(_search_plugin(config), [f.page.url for f in files.documentation_pages() if f.page is not None])


def attach_render_cache(state, page, config) -> None:
    """The page's Markdown is converted again only if its inputs changed."""
    render_cache = state.render_caches.get(state.locale(config))
    if render_cache is not None:
        render_cache.attach(page)


def save_page_caches(state, locale: str) -> None:
    for cache in state.page_caches.pop(locale, ()):
        cache.save(keep_unseen=state.dirty)
    state.render_caches.pop(locale, None)
    state.sanitized_caches.pop(locale, None)

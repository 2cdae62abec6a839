"""What a rebuild keeps from the last build, so that it redoes only what an edit changed and writes
exactly what a build from scratch writes:

* :mod:`.render` — each page's Markdown conversion;
* :mod:`.search` — each page's search entries, in front of Material's search plugin;
* :mod:`.nav` — the navigation, rendered once per item and build rather than once per page;
* :mod:`.templates` — the theme's templates, compiled once per process.

The store they share is :mod:`cmg.page_cache` (JSON per locale, written atomically).
"""

from __future__ import annotations

import hashlib

from ..locales import offline_plugin
from .render import RenderCache
from .render import enabled_for as render_cache_enabled
from .search import install as install_search_cache


def start_page_caches(state, config) -> None:
    """The search entries and Markdown conversions of this locale's unchanged pages, from the last
    build. After start_locale_build, which tells the locale."""
    cache_dir = state.cache_dir()
    if cache_dir is None:
        return
    locale = state.locale(config)
    # one file per locale and kind of build: the offline copy's pages have other URLs
    variant = f"{state.project.root}\0{config.use_directory_urls}\0{offline_plugin(config) is not None}"
    name = f"{locale}-{hashlib.sha1(variant.encode('utf-8')).hexdigest()[:12]}.json"
    search_cache = install_search_cache(
        config.plugins.get("material/search") or config.plugins.get("search"), cache_dir / "search" / name)
    if search_cache is not None:
        state.page_caches.setdefault(locale, []).append(search_cache)
    if render_cache_enabled(config):
        state.render_caches[locale] = RenderCache(cache_dir / "render" / name, config)
        state.page_caches.setdefault(locale, []).append(state.render_caches[locale].store)


def attach_render_cache(state, page, config) -> None:
    """The page's Markdown is converted again only if its inputs changed."""
    render_cache = state.render_caches.get(state.locale(config))
    if render_cache is not None:
        render_cache.attach(page)


def save_page_caches(state, locale: str) -> None:
    for cache in state.page_caches.pop(locale, ()):
        cache.save(keep_unseen=state.dirty)
    state.render_caches.pop(locale, None)

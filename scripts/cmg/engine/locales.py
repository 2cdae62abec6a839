"""What each locale's part of the site needs of MkDocs and mkdocs-static-i18n: addresses between
pages, its own 404 page and its own search index."""

from __future__ import annotations

import json
import os
import re

from mkdocs.utils import get_relative_url

from ..search import write_locale_indexes

# the one locale a build makes: set by `cmg build` for each of its processes, and by `make serve LOCALE=…`
ENV_LOCALE = "CMG_BUILD_LOCALE"

_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
# relative links to a page's index.html, as an offline build writes them
INDEX_HTML_LINK = re.compile(r'(href="(?![a-z][a-z0-9+.-]*:)[^"#]*?)index\.html(?=[#"])')


def offline_plugin(config):
    """Material's offline plugin, when it is on for this build."""
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return plugin if plugin is not None and plugin.config.enabled else None


def dir_url(dest: str, directory_urls: bool = True) -> str:
    """A page's URL path from its output file: `x/` for `x/index.html`, unless the site is built for
    opening from disk (Material's offline plugin turns directory URLs off), where `index.html` stays."""
    if directory_urls and dest.endswith("index.html"):
        return dest[: -len("index.html")]
    return dest


def url_between(from_dest: str, to_dest: str, directory_urls: bool = True) -> str:
    """Relative URL from one built page (by its dest path) to another."""
    return get_relative_url(dir_url(to_dest, directory_urls) or ".", dir_url(from_dest) or ".") or "./"


def rebase_search(html_text: str, locale: str) -> str:
    """Point a page's search at its locale's own index (Material reads it from ``base``)."""
    def sub(m: re.Match) -> str:
        try:
            cfg = json.loads(m.group(2))
        except ValueError:
            return m.group(0)
        base = str(cfg.get("base", "."))
        # with a trailing slash: Material resolves "search/search_index.json" against it
        cfg["base"] = f"/{locale}/" if base == "/" else (f"{locale}/" if base in ("", ".") else f"{base.rstrip('/')}/{locale}/")
        return m.group(1) + json.dumps(cfg, ensure_ascii=False) + m.group(3)

    return _CONFIG_SCRIPT.sub(sub, html_text, count=1)


def keep_not_found_page(state, output: str, template_name: str, config) -> str:
    """``on_post_template``: keep each locale's 404 page, in its language, to write it after the build."""
    if template_name == "404.html":
        locale = state.locale(config)
        if locale != state.project.default_locale:
            output = rebase_search(output, locale)
        state.not_found[locale] = output
    return output


def write_not_found_page(state, config, locale: str) -> None:
    """The 404 page of a locale: at the root for the default locale, under ``<locale>/`` otherwise."""
    if locale not in state.not_found:
        return
    if locale == state.project.default_locale:
        path = os.path.join(config.site_dir, "404.html")
    else:
        path = os.path.join(config.site_dir, locale, "404.html")
        os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(state.not_found[locale])


def dedup_search_in_linear_time(config) -> None:
    """mkdocs-static-i18n's removal of duplicate search entries (after it has built every locale in one
    process: `mkdocs build`, `mkdocs serve`) by :func:`cmg.search.dedup_search`, which gives its
    result in linear time; its own loop compares every entry with every other (seconds per build)."""
    i18n = config.plugins.get("i18n")
    if i18n is None or not hasattr(i18n, "reconfigure_search_duplicates"):
        return
    from ..search import dedup_search

    def reconfigure_search_duplicates(entries: list) -> None:  # it changes the list it is given
        entries[:] = dedup_search(entries, list(i18n.build_languages))

    i18n.reconfigure_search_duplicates = reconfigure_search_duplicates


def split_search_index(state, config, merged: dict | None = None) -> None:
    """One search index per locale, so that readers find pages in their own language only: from the
    merged index Material wrote, or ``merged`` (a preview's, from memory)."""
    if merged is None:
        path = os.path.join(config.site_dir, "search", "search_index.json")
        if not os.path.isfile(path):
            return
        with open(path, encoding="utf-8") as fh:
            merged = json.load(fh)
    write_locale_indexes(config.site_dir, merged, state.project.locales, state.project.default_locale,
                         script=offline_plugin(config) is not None, memo=state.search_memo if state.serving else None)


def alternates_in_their_language(state, context, page, config) -> None:
    """``hreflang`` of a locale that shows the source text: the selector still leads to the same page
    there, and says to browsers and search engines which language it really is."""
    info = state.pages.get(page.file.src_uri)
    alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate")
    if not (info and info.kind == "guide" and alternates):
        return
    src = state.corpus.get(state.project.source_locale, info.rel)
    for alt in alternates:
        lang = alt.get("lang")
        if lang and src is not None and state.shown(lang, src).locale != lang:
            alt["link"] = dir_url(state.dest(config, lang, info.rel), config.use_directory_urls)
            alt["lang"] = state.project.source_locale

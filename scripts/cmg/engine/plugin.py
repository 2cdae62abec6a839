"""The cmg MkDocs plugin: the events MkDocs and mkdocs-static-i18n call, each handing its work to
the module of the engine wing that does it (see :mod:`cmg.engine`).

Event by event:

* ``on_startup`` / ``on_config``: read the project (``mkdocs.yml``, guides, termbase) once per build;
  the guides' navigation from their front matter; each locale's build starts clean; the page caches;
* ``on_serve``: the guides' folders watched by ``mkdocs serve``;
* ``on_build_error``: a ``--dirty`` preview's next rebuild renders every page again;
* ``on_files`` (after mkdocs-static-i18n): the validation, logged with file and line, on the first
  locale of a build; the guides of the locale being built, read straight from ``guides/`` and
  ``translations/<locale>/``, the source where a translation is missing; the generated pages;
* ``on_nav`` / ``on_pre_page``: under ``--dirty``, titles of pages not rebuilt; the render cache;
* ``on_page_markdown``: notices, ``[[clause-id]]`` cross-references in the reader's language, aliases;
* ``on_page_content``: version block, downloads, notices of untranslated pages; the PDF queued;
* ``on_page_context`` / ``on_template_context`` / ``on_env``: interface strings, ``hreflang`` of
  fallbacks, the template and navigation caches;
* ``on_post_page``: glossary tooltips; each page's search pointed at its locale's index;
* ``on_post_template`` / ``on_post_build``: one 404 page per locale, the forms and PDFs, the caches
  saved, one search index per locale.

Under ``mkdocs serve`` the garbage collector is off from a build's ``on_config`` to its end
(``on_post_build`` or ``on_build_error``) and collects once the preview is idle (:mod:`cmg.collector`).
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files

from ..history import last_changed
from ..navigation import site_nav
from ..project import ConfigError, load_project
from ..publishing import drop_sitemap, site_url_notice
from ..site import ui_strings
from ..validate import load_corpus, validate_settings
from . import caches, countries, files, locales, pages, preview, validation
from .caches.templates import cache_every_theme_environment, list_theme_files_once, use_template_cache
from .downloads import forms, offline, pdf, sizes
from .locales import ENV_LOCALE
from .parallel_build import start_locale_build
from .settings import CmgPluginConfig
from .state import PARSE_CACHE, BuildState

# mkdocs.yml → the last project settings that loaded, kept across the rebuilds of `mkdocs serve`
_LAST_GOOD: dict = {}
log = get_plugin_logger(__name__)


def say_where_the_site_is_read(config) -> None:
    """A build without site_url says what that means; one meant for publishing stops (publishing.py)."""
    notice = site_url_notice(config.site_url)
    if notice is None:
        return
    level, text = notice
    if level == "error":
        raise PluginError(f"cmg: {text}")
    log.info(text)


class CmgPlugin(BasePlugin[CmgPluginConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.state = BuildState(self.config)

    # ------------------------------------------------------------------ set-up

    def on_startup(self, *, command, dirty):
        self.state.serving = command == "serve"  # previews skip the PDFs and the offline link
        self.state.dirty = dirty
        if self.state.serving:
            cache_every_theme_environment()

    def on_config(self, config):
        s = self.state
        s.settings = self.config
        i18n = config.plugins.get("i18n")
        if not getattr(i18n, "building", False):  # MkDocs calls on_config again for each locale i18n builds
            s.reset()
            if s.serving:
                preview.rebuild_starts()
        if s.project is None:
            try:
                s.project = load_project(Path(config.config_file_path))
                _LAST_GOOD[config.config_file_path] = s.project
            except ConfigError as exc:
                last = _LAST_GOOD.get(config.config_file_path) if s.serving else None
                if last is None:
                    raise PluginError(f"cmg: {exc}") from None
                # a preview keeps going on the last settings that worked, and says what is wrong
                log.error(f"cmg: {exc} — the preview goes on with the last settings that worked until it is fixed")
                s.project = last
            # load_project has read this plugin's options from the same mkdocs.yml, with the same defaults
            for problem in validate_settings(s.project):
                log.error(f"mkdocs.yml: {problem}")
        if locales.offline_plugin(config) is not None:
            offline.use_vendored_worker_shim(config)
        if "md_in_html" not in config.markdown_extensions:
            # the notices wrap source-language text in <div lang="…" markdown="1">
            config.markdown_extensions.append("md_in_html")
        if config.nav:
            if s.corpus is None:
                s.corpus = load_corpus(s.project, PARSE_CACHE)
            # the guides' section lists every guide in the order of its front matter (see navigation.py)
            config.nav = site_nav(config.nav, s.corpus.source_files())
        if not getattr(i18n, "building", False) and not s.serving:
            say_where_the_site_is_read(config)
        locales.dedup_search_in_linear_time(config)
        start_locale_build(s, config)  # each locale's build starts clean; `cmg build` builds one per process
        caches.start_page_caches(s, config)  # after start_locale_build, which tells which locale this build is
        if s.serving:
            list_theme_files_once(config, s.project.root)  # the installed theme's files listed once per preview
        if s.serving and os.environ.get(ENV_LOCALE):
            s.validated = False  # a preview of one locale still shows that locale's findings
        return config

    def on_serve(self, server, config, builder):
        preview.watch_guides(self.state, server, config)
        preview.keep_serving_on_config_errors(server, self.state.project.rel(self.state.project.config_file))
        return server

    def on_build_error(self, *, error):
        # a preview's rebuild that stopped half-way may not have written the pages it found changed:
        # the next one rebuilds every page (their signatures are forgotten)
        self.state.signatures.clear()
        if self.state.serving:
            preview.rebuild_ended()

    # ------------------------------------------------------------------ files

    @event_priority(-110)  # after mkdocs-static-i18n has rebuilt the locale's file list
    def on_files(self, files_: Files, config) -> Files:
        s = self.state
        locale = s.locale(config)
        if s.corpus is None:
            s.corpus = load_corpus(s.project, PARSE_CACHE)
        validation.validate_once(s, locale)
        added = files.add_locale_files(s, files_, config, locale)
        if s.serving and s.dirty:
            preview.mark_stale_pages(s, files_, config, locale)
        files.list_in_sitemap(s, config, locale, added)
        return files_

    def on_nav(self, nav, config, files):
        if self.state.serving and self.state.dirty:
            preview.keep_titles_of_pages_not_rebuilt(self.state, nav)
        return nav

    # ------------------------------------------------------------------ pages

    def on_pre_page(self, page, config, files):
        caches.attach_render_cache(self.state, page, config)
        return page

    def on_page_markdown(self, markdown, page, config, files):
        return pages.page_markdown(self.state, markdown, page, config)

    def on_page_content(self, html, page, config, files):
        s = self.state
        html = pages.clean_content(html)
        s.rendered.add(page.file.src_uri)
        html += offline.offline_link_html(s, page, config)
        info = s.pages.get(page.file.src_uri)
        links: list[tuple[str, str]] = []
        make_pdf = False
        if info is not None and info.kind == "guide" and info.model is not None:
            ui = ui_strings(info.locale)
            make_pdf = s.pdf_enabled() and pdf.pdf_fits(s, info, html)
            if make_pdf:
                links.append((pdf.pdf_name(info), ui["pdf_download"]))
                links.append((pdf.pdf_name(info, "letter"), ui["pdf_download_letter"]))
            if forms.forms_for(s, info):
                links.append((forms.forms_name(info), ui["forms_download"]))
        updated = last_changed(s.project.root, info.model.path) if info is not None and info.model is not None else None
        # the one allowlist (sanitize.py)
        html = pages.published(pages.page_content(html, info, links, updated), page,
                               countries.widgets(s, s.locale(config)), s.sanitized_caches.get(s.locale(config)))
        if make_pdf:
            pdf.queue_pdf(s, info, html, page, config)
            countries.queue_country_pdfs(s, info, html, page, config)
        return html

    @event_priority(-110)  # after mkdocs-static-i18n has set the language selector's links
    def on_page_context(self, context, page, config, nav):
        self.state.titles[page.file.src_uri] = page.title
        context["cmg_ui"] = ui_strings(self.state.locale(config))
        locales.alternates_in_their_language(self.state, context, page, config)
        return context

    def on_env(self, env, config, files):
        use_template_cache(env)  # theme templates compiled once, not per build and locale
        caches.order_search_entries(self.state, config, files)
        self.state.nav_cache.reset(env)  # the navigation's inactive items rendered once per build
        env.globals["cmg_nav_item"] = self.state.nav_cache.render
        return env

    def on_template_context(self, context, template_name, config):
        context["cmg_ui"] = ui_strings(self.state.locale(config))
        return context

    def on_post_page(self, output, page, config):
        output = pages.mark_glossary_terms(self.state, output, page, config)
        locale = self.state.locale(config)
        return output if locale == self.state.project.default_locale else locales.rebase_search(output, locale)

    # ------------------------------------------------------------------ after each locale

    def on_post_template(self, output, template_name, config):
        return locales.keep_not_found_page(self.state, output, template_name, config)

    @event_priority(-200)  # after mkdocs-static-i18n has built every locale and merged their search entries
    def on_post_build(self, config):
        s = self.state
        i18n = config.plugins.get("i18n")
        default = s.project.default_locale
        nested = getattr(i18n, "building", False)
        # the default locale's own handler runs last, after mkdocs-static-i18n's loop over the others
        done = s.locale(config) if nested else default
        forms.write_forms(s, config, done)
        countries.write_country_forms(s, config, done)
        forms.forms_store(s).trim()
        if done != default:
            locales.write_not_found_page(s, config, done)
        pdf.write_pdfs(s)
        sizes.fill_page_sizes(s, config, done)  # the size of each PDF and forms file, beside its link
        if done == default:
            drop_sitemap(config.site_dir, config.site_url)  # no site_url: no sitemap of relative addresses
        caches.save_page_caches(s, done)
        if nested:
            if s.serving and s.built_alone():
                preview.rebuild_ended()  # `make serve LOCALE=…`: its one locale's build is the whole rebuild
            return  # a locale built from inside mkdocs-static-i18n's loop or by `cmg build`; the last step comes below
        locales.write_not_found_page(s, config, default)
        locales.split_search_index(s, config, caches.merged_search_index(config))
        if s.serving:
            preview.rebuild_ended()

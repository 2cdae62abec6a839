"""The MkDocs plugin: a thin adapter between the toolkit's model and MkDocs + mkdocs-static-i18n.

What it does, event by event:

* ``on_files`` (after mkdocs-static-i18n): adds the guides of the locale being built, read straight
  from ``guides/`` and ``translations/<locale>/`` (no copies), falling back to the source file where a
  translation is missing; adds the generated pages (glossary, validation rules). On the first
  locale of a build it also runs the validation and logs every finding with file and line.
* ``on_config``: puts the page caches in front of Material's search index (search_cache) and of each
  page's Markdown conversion (render_cache, attached in ``on_pre_page``), so that a rebuild redoes only
  the pages an edit changed.
* ``on_page_markdown``: renders ``[[clause-id]]`` cross-references as links in the reader's language.
* ``on_page_content``: adds the guide's version/status block, and the "not yet translated" notice
  (with ``lang`` on the source-language text) to fallback pages.
* ``on_page_context``: gives the templates the interface strings; fixes ``hreflang`` of fallbacks.
* ``on_env``: the compiled-template cache and the navigation cache (template_cache, nav_cache).
* ``on_post_page``: marks the glossary's terms in a guide's text, with their definitions as tooltips.
* ``on_post_template`` / ``on_post_build``: writes one 404 page per locale, each in its language;
  saves the page caches.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import posixpath
import re
from dataclasses import dataclass
from html import escape as html_escape
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from .checks import Finding
from .forms import extract_forms, write_forms_docx
from .freshness import OUTDATED, fingerprint
from .lifecycle import alias_index
from .model import GuideFile
from .nav_cache import NavCache
from .navigation import site_nav
from .parallel_build import ENV_LOCALE, start_locale_build
from .pdf import PrintJob, pdf_stylesheet, print_document, render_all
from .preview import file_stamp, guide_page_signature, site_signature
from .project import ConfigError, Project, load_project
from .publishing import drop_sitemap, page_address, pdf_base_url, site_url_notice
from .render_cache import RenderCache
from .render_cache import enabled_for as render_cache_enabled
from .report import log_text
from .search import write_locale_indexes
from .search_cache import install as install_search_cache
from .site import (
    GlossaryMarks,
    alias_anchors,
    current_source_markdown,
    decorate_clauses,
    external_links_noopener,
    footnotes_out_of_search,
    glossary_definitions,
    glossary_markdown,
    guide_meta_html,
    label_task_checkboxes,
    language_name,
    neutralize_hazards,
    notice_html,
    render_xrefs,
    rules_markdown,
    status_markdown,
    ui_strings,
)
from .template_cache import use_template_cache
from .validate import (
    CheckMemo,
    Corpus,
    ParseCache,
    apply_settings,
    findings_for_locales,
    load_corpus,
    run_checks,
    validate_settings,
)
from .workflow import translation_status

log = get_plugin_logger(__name__)

# Parsed files survive `mkdocs serve` rebuilds (each rebuild makes a new plugin instance).
_CACHE = ParseCache()
_MEMO = CheckMemo()
_STATES: dict = {}  # clause freshness per translation, between preview rebuilds


MARKER_RE = re.compile(r"<!--\s*cmg:\s*untranslated\b")


FORMS_DOCX = "forms.docx"
PREVIEW_POLL_SECONDS = 0.1
OFFLINE_SHIM = "assets/javascripts/iframe-worker/shim.js"  # npm iframe-worker 1.0.4, shim/index.js (MIT)

_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def _rebase_search(html_text: str, locale: str) -> str:
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


_ARTICLE = '<article class="md-content__inner md-typeset">'  # where Material puts a page's content


def _dir_url(dest: str, directory_urls: bool = True) -> str:
    """A page's URL path from its output file: `x/` for `x/index.html`, unless the site is built for
    opening from disk (Material's offline plugin turns directory URLs off), where `index.html` stays."""
    if directory_urls and dest.endswith("index.html"):
        return dest[: -len("index.html")]
    return dest


def _url_between(from_dest: str, to_dest: str, directory_urls: bool = True) -> str:
    """Relative URL from one built page (by its dest path) to another."""
    return get_relative_url(_dir_url(to_dest, directory_urls) or ".", _dir_url(from_dest) or ".") or "./"


# relative links to a page's index.html, as an offline build writes them
_INDEX_HTML_LINK = re.compile(r'(href="(?![a-z][a-z0-9+.-]*:)[^"#]*?)index\.html(?=[#"])')


def _offline_plugin(config):
    """Material's offline plugin, when it is on for this build."""
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return plugin if plugin is not None and plugin.config.enabled else None


def _modified(changed: bool, mtime_says, /) -> bool:
    return changed or mtime_says()


def _unreadable(gf: GuideFile) -> bool:
    return any(p.code == "CMG001" for p in gf.problems)


class CmgPluginConfig(base.Config):
    source_locale = c.Type(str, default="en")
    guides_dir = c.Type(str, default="guides")
    translations_dir = c.Type(str, default="translations")
    termbase = c.Type(str, default="translations/termbase.yml")
    countries_dir = c.Type(str, default="countries")
    validation = c.Type(dict, default={})
    validation_enabled = c.Type(bool, default=True)
    # a PDF of every guide in every locale (not while previewing with `mkdocs serve`)
    pdf = c.Type(bool, default=True)
    # pages bigger than this get no PDF (WeasyPrint needs minutes and gigabytes for a book-sized page)
    pdf_max_kb = c.Type(int, default=1000)
    # rendered PDFs, kept by the hash of their input; relative to mkdocs.yml
    cache_dir = c.Type(str, default=".cache/cmg")
    # the downloadable offline copy of the site (made by `cmg offline`), linked from each home page
    offline_archive = c.Type(str, default="")


@dataclass
class _PageInfo:
    rel: str
    locale: str  # the locale of the site section the page is in
    content_locale: str  # the language the text is really in
    model: GuideFile | None
    kind: str  # "guide" or "generated"


class CmgPlugin(BasePlugin[CmgPluginConfig]):
    def __init__(self) -> None:
        super().__init__()
        self._serving = False
        self._dirty = False
        # kept from one `mkdocs serve --dirty` rebuild to the next: what each page was rendered from
        self._signatures: dict[str, str] = {}
        self._titles: dict[str, str] = {}
        self._nav_cache = NavCache(enabled=not os.environ.get("CMG_NO_NAV_CACHE"))
        self._reset()

    def _reset(self) -> None:
        """Forget the last build. With `on_startup` defined, MkDocs keeps one plugin instance for every
        rebuild of `mkdocs serve`; each build must read the guides and mkdocs.yml afresh."""
        self.project: Project | None = None
        self.corpus: Corpus | None = None
        self._validated = False
        self._pages: dict[str, _PageInfo] = {}
        self._404: dict[str, str] = {}
        self._xref_index: dict[str, dict] = {}
        self._alias_index: dict[str, str] | None = None
        self._glossary: dict[str, GlossaryMarks] = {}  # locale → its glossary terms, to mark in pages
        self._forms: dict[tuple[str, str], list] = {}
        self._freshness: list | None = None
        self._print_jobs: list[PrintJob] = []
        self._rendered: set[str] = set()  # pages rendered by this build (a --dirty preview skips the others)
        # locale → what is kept of its pages between builds (page_cache): search entries, conversions
        self._page_caches: dict[str, list] = {}
        self._render_caches: dict[str, RenderCache] = {}

    # ------------------------------------------------------------------ set-up

    def on_startup(self, *, command, dirty):
        self._serving = command == "serve"  # previews skip the PDFs and the offline link
        self._dirty = dirty

    def _pdf_enabled(self) -> bool:
        return self.config.pdf and not self._serving

    def on_config(self, config):
        i18n = config.plugins.get("i18n")
        if not getattr(i18n, "building", False):  # MkDocs calls on_config again for each locale i18n builds
            self._reset()
        if self.project is None:
            try:
                project = load_project(Path(config.config_file_path))
            except ConfigError as exc:
                from mkdocs.exceptions import PluginError

                raise PluginError(f"cmg: {exc}") from None
            # load_project has read this plugin's options from the same mkdocs.yml, with the same defaults
            for problem in validate_settings(project):
                log.error(f"mkdocs.yml: {problem}")
            self.project = project
        if _offline_plugin(config) is not None:
            # Material's offline search runs its worker in an iframe (the file: protocol has no workers);
            # the shim is vendored, so the offline plugin does not add its copy from a CDN
            polyfills = config.extra.get("polyfills") or []
            if not any("iframe-worker" in str(p) for p in polyfills):
                config.extra["polyfills"] = [*polyfills, OFFLINE_SHIM]
        if "md_in_html" not in config.markdown_extensions:
            # the notices wrap source-language text in <div lang="…" markdown="1">
            config.markdown_extensions.append("md_in_html")
        if config.nav:
            if self.corpus is None:
                self.corpus = load_corpus(self.project, _CACHE)
            # the guides' section lists every guide in the order of its front matter (see navigation.py)
            config.nav = site_nav(config.nav, self.corpus.source_files())
        if not getattr(i18n, "building", False) and not self._serving:
            notice = site_url_notice(config.site_url)
            if notice is not None:
                level, text = notice
                if level == "error":
                    from mkdocs.exceptions import PluginError

                    raise PluginError(f"cmg: {text}")
                log.info(text)
        start_locale_build(self, config)  # each locale's build starts clean; `cmg build` builds one per process
        self._start_page_caches(config)  # after start_locale_build, which tells which locale this build is
        if self._serving and os.environ.get(ENV_LOCALE):
            self._validated = False  # a preview of one locale still shows that locale's findings
        return config

    def on_serve(self, server, config, builder):
        """Rebuild the preview when guides, translations or the termbase change."""
        observer = getattr(server, "observer", None)
        if hasattr(observer, "_timeout"):
            # MkDocs polls for changes every 0.5 s and offers no setting; the folders watched from here
            # on (guides, translations: a few dozen files) are polled every 0.1 s, so a save shows sooner
            observer._timeout = PREVIEW_POLL_SECONDS
        watched = {os.path.realpath(p) for p in getattr(server, "_watched_paths", {})}
        for folder in (self.project.guides_dir, self.project.translations_dir):
            path = self.project.root / folder
            if path.is_dir() and os.path.realpath(path) not in watched:
                server.watch(str(path))
        return server

    def _locale(self, config) -> str:
        i18n = config.plugins.get("i18n")
        current = getattr(i18n, "current_language", None) if i18n else None
        return current or self.project.default_locale

    # ------------------------------------------------------------------ files

    @event_priority(-110)  # after mkdocs-static-i18n has rebuilt the locale's file list
    def on_files(self, files: Files, config) -> Files:
        project = self.project
        locale = self._locale(config)
        if self.corpus is None:
            self.corpus = load_corpus(project, _CACHE)
        if not self._validated:
            self._validated = True
            if self.config.validation_enabled:
                self._report(self._findings(locale))
        i18n = config.plugins.get("i18n")
        added: list[File] = []
        for src in self.corpus.source_files():
            if _unreadable(src):
                continue  # reported by the validation; nothing to publish
            added.append(self._guide_file(config, locale, src))
        added += self._fallback_site_pages(config, locale, files)
        ui = ui_strings(locale)
        tb = self.corpus.termbase
        if tb is not None and tb.terms:
            added.append(self._generated(config, locale, "glossary.md",
                                         glossary_markdown(tb, locale, project.locales, ui)))
        added.append(self._generated(config, locale, "validation-rules.md", rules_markdown(ui)))
        added.append(self._generated(config, locale, "translation-status.md", self._status_page(config, locale, ui)))
        for f in added:
            files.append(f)
        if self._serving and self._dirty:
            self._mark_stale_pages(files, config, locale)
        if i18n is not None and hasattr(i18n, "i18n_files_per_language"):
            # the sitemap lists pages in their own language only, not source-language fallbacks
            i18n.i18n_files_per_language.setdefault(locale, []).extend(
                f for f in added if self._pages[f.src_uri].content_locale == locale)
        return files

    # ------------------------------------------------------------------ preview with --dirty

    def _mark_stale_pages(self, files: Files, config, locale: str) -> None:
        """Under `mkdocs serve --dirty`, rebuild every page whose rendering inputs changed (see preview)."""
        project = self.project
        titles = {}
        for src in self.corpus.source_files():
            shown = self._shown(locale, src)
            titles[src.rel] = str(shown.meta.get("title") or shown.title or "")
        docs_pages = [f for f in files.documentation_pages() if f.src_uri not in self._pages and f.abs_src_path]
        stamps = [file_stamp(project.config_file), file_stamp(project.root / project.termbase)]
        stamps += [f"{f.src_uri}={file_stamp(f.abs_src_path)}" for f in docs_pages]
        site = site_signature(titles, stamps)
        index = self._clause_index(locale)
        # an outdated clause shows the current source text: its page changes with that text too
        outdated: dict[str, frozenset[str]] = {
            fs.rel: frozenset(f"{c.clause_id}={fingerprint(sc)}" for c in fs.clauses if c.state == OUTDATED
                              if (sc := self.corpus.get(project.source_locale, fs.rel).clause(c.clause_id)))
            for fs in self._states() if fs.locale == locale}
        for f in files.documentation_pages():
            info = self._pages.get(f.src_uri)
            if info is not None and info.kind == "guide":
                model = info.model
                sig = guide_page_signature(site, model, file_stamp(project.root / model.path), index,
                                           outdated.get(info.rel, frozenset()))
            elif f.abs_src_path:  # the site's own pages, and their source-language fallbacks
                sig = site_signature({}, [site, file_stamp(f.abs_src_path)])
            else:  # generated pages (glossary, rules, status): their text says it all
                sig = site_signature({}, [site, f.content_string])
            changed = self._signatures.get(f.dest_uri) != sig
            self._signatures[f.dest_uri] = sig
            f.is_modified = functools.partial(_modified, changed, f.is_modified)

    def on_nav(self, nav, config, files):
        if self._serving and self._dirty:
            # pages left as they are keep their title in the navigation of the pages rebuilt
            for page in nav.pages:
                title = self._titles.get(page.file.src_uri)
                if title is not None and not page.file.is_modified():
                    page.title = title
        return nav

    def _findings(self, locale: str) -> list[Finding]:
        """The validation's findings: all of them, or those of the one locale a preview shows."""
        project = self.project
        only = os.environ.get(ENV_LOCALE) if self._serving else None
        if not only or only == project.source_locale:
            return apply_settings(self._run_checks(self.corpus), project)
        findings = apply_settings(self._run_checks(self.corpus.only([only])), project)
        return findings_for_locales(findings, project, [only])

    def _run_checks(self, corpus: Corpus) -> list[Finding]:
        # a preview checks again only the files and pairs an edit changed; a build, those not in the findings cache
        from .validate import cached_local_findings

        return run_checks(corpus, _MEMO.local_findings(corpus) if self._serving else cached_local_findings(corpus))

    def _report(self, findings: list[Finding]) -> None:
        for f in findings:
            text = log_text(f)
            if f.severity == "error":
                log.error(text)
            elif f.severity == "warning":
                log.warning(text)
            else:
                log.info(text)

    def _dest(self, config, locale: str, rel: str) -> str:
        dest = File(rel, None, config.site_dir, config.use_directory_urls).dest_uri
        return dest if locale == self.project.default_locale else f"{locale}/{dest}"

    def _new_file(self, config, locale: str, rel: str, *, abs_src_path: str | None = None,
                  content: str | None = None) -> File:
        if content is not None:
            f = File.generated(config, f"{locale}/{rel}", content=content)
        else:
            f = File.generated(config, f"{locale}/{rel}", abs_src_path=abs_src_path)
        f.dest_uri = self._dest(config, locale, rel)
        # the attributes mkdocs-static-i18n gives its own files (language selector, sitemap)
        f.locale = locale
        f.locale_alternate_of = locale
        f.localization = locale
        f.norm_src_uri = rel
        return f

    def _shown(self, locale: str, src: GuideFile) -> GuideFile:
        """The file whose text readers of `locale` see: the translation, or the source as a fallback."""
        tr = self.corpus.get(locale, src.rel)
        return tr if tr is not None and not _unreadable(tr) else src

    def _build_locales(self) -> list[str]:
        return list(self.project.locales)

    def _guide_file(self, config, locale: str, src: GuideFile) -> File:
        project = self.project
        shown = self._shown(locale, src)
        abs_path = project.root / shown.path
        f = self._new_file(config, locale, src.rel, abs_src_path=str(abs_path))
        f.alternates = {}
        for other in self._build_locales():
            if other == locale:
                f.alternates[other] = f
                continue
            o_shown = self._shown(other, src)
            if o_shown.locale != other:
                continue  # not translated there: no hreflang alternate (the selector still leads there)
            f.alternates[other] = self._new_file(config, other, src.rel, abs_src_path=str(project.root / o_shown.path))
        self._pages[f.src_uri] = _PageInfo(src.rel, locale, shown.locale, shown, "guide")
        return f

    def _fallback_site_pages(self, config, locale: str, files: Files) -> list[File]:
        """Site pages (docs/<source>/…) missing in this locale: served in the source language with a notice."""
        project = self.project
        src_dir = project.root / project.docs_dir / project.source_locale
        if locale == project.source_locale or not src_dir.is_dir():
            return []
        out = []
        for path in sorted(src_dir.rglob("*.md")):
            rel = path.relative_to(src_dir).as_posix()
            if (project.root / project.docs_dir / locale / rel).exists() or f"{locale}/{rel}" in files.src_uris:
                continue
            f = self._new_file(config, locale, rel, abs_src_path=str(path))
            f.alternates = {locale: f}
            self._pages[f.src_uri] = _PageInfo(rel, locale, project.source_locale, None, "site")
            out.append(f)
        return out

    def _states(self) -> list:
        """Clause freshness of every translation, computed once per build (pages and status page read it)."""
        if self._freshness is None:
            self._freshness = translation_status(self.project, self.corpus, memo=_STATES if self._serving else None)
        return self._freshness

    def _status_page(self, config, locale: str, ui: dict) -> str:
        states = self._states()
        here = self._dest(config, locale, "translation-status.md")
        links = {}
        src_loc = self.project.source_locale
        pages: dict[str, str] = {}
        for fs in states:
            page = pages.get(fs.rel)
            if page is None:
                page = pages[fs.rel] = _url_between(here, self._dest(config, src_loc, fs.rel), config.use_directory_urls)
            for cs in fs.clauses:
                links[f"{fs.rel}#{cs.clause_id}"] = f"{page}#{cs.clause_id}"
        return status_markdown(states, self.project.locale_names, ui, links, src_loc)

    def _generated(self, config, locale: str, rel: str, content: str) -> File:
        f = self._new_file(config, locale, rel, content=content)
        f.alternates = {loc: (f if loc == locale else self._new_file(config, loc, rel, content=""))
                        for loc in self._build_locales()}
        self._pages[f.src_uri] = _PageInfo(rel, locale, locale, None, "generated")
        return f

    # ------------------------------------------------------------------ pages

    def _clause_index(self, locale: str) -> dict[str, tuple[str, str, str, int]]:
        """clause id → (number, title, guide rel, guide number) in the text shown for `locale`."""
        cached = self._xref_index.get(locale)
        if cached is not None:
            return cached
        index = self._xref_index[locale] = {}
        for src in self.corpus.source_files():
            shown = self._shown(locale, src)
            for cl in shown.clauses:
                if cl.id:
                    index[cl.id] = (cl.number, cl.title, src.rel, src.meta.get("number", ""))
        return index

    def on_pre_page(self, page, config, files):
        render_cache = self._render_caches.get(self._locale(config))
        if render_cache is not None:
            render_cache.attach(page)  # the page's Markdown is converted again only if its inputs changed
        return page

    def on_page_markdown(self, markdown, page, config, files):
        markdown = neutralize_hazards(markdown)
        info = self._pages.get(page.file.src_uri)
        locale = self._locale(config)
        if not info:
            if MARKER_RE.search(markdown):  # a site page copied by `cmg new-locale`, not translated yet
                ui = ui_strings(locale)
                return decorate_clauses(markdown, outdated={}, outdated_text="", link_text="",
                                        untranslated_text=self._untranslated_text(ui, locale, "untranslated_page"),
                                        locale=locale, source_locale=self.project.source_locale)
            return markdown
        if info.kind != "guide":
            return markdown
        markdown = self._decorate(markdown, page, info, config)
        index = self._clause_index(info.locale)
        ui = ui_strings(info.locale)
        here = info.rel
        aliases = self._aliases()

        def resolve(cid: str):
            cid = aliases.get(cid, cid) if cid not in index else cid
            hit = index.get(cid)
            if not hit:
                return None
            number, title, rel, gnum = hit
            if rel == here:
                return f"{number} {title}".strip(), f"#{cid}"
            href = posixpath.relpath(rel, posixpath.dirname(here) or ".")
            return f"{ui['guide']} {gnum}, {number} {title}".strip(), f"{href}#{cid}"

        markdown = render_xrefs(markdown, resolve)
        return alias_anchors(markdown, self._aliases_at(info.rel))

    def _aliases(self) -> dict[str, str]:
        """Old clause IDs → current ones, from the source files' ``clause_aliases``."""
        if self._alias_index is None:
            self._alias_index = alias_index(self.corpus.source_files())
        return self._alias_index

    def _aliases_at(self, rel: str) -> dict[str, list[str]]:
        """Current clause ID → the old IDs that must still land on it, for one page."""
        src = self.corpus.get(self.project.source_locale, rel)
        here = {c.id for c in src.clauses if c.id} if src is not None else set()
        out: dict[str, list[str]] = {}
        for old, new in self._aliases().items():
            if new in here:
                out.setdefault(new, []).append(old)
        return out

    def _glossary_marks(self, locale: str) -> GlossaryMarks:
        marks = self._glossary.get(locale)
        if marks is None:
            tb = self.corpus.termbase
            marks = self._glossary[locale] = GlossaryMarks(glossary_definitions(tb, locale) if tb is not None else {})
        return marks

    def _untranslated_text(self, ui: dict, locale: str, key: str) -> str:
        return ui[key].format(locale_name=language_name(locale, locale),
                              source_name=language_name(self.project.source_locale, locale))

    def _decorate(self, markdown: str, page, info: _PageInfo, config) -> str:
        """Notices at outdated clauses and untranslated blocks of a translated page."""
        src_loc = self.project.source_locale
        if info.locale == src_loc or info.content_locale != info.locale:
            return markdown
        src = self.corpus.get(src_loc, info.rel)
        tr = self.corpus.get(info.locale, info.rel)
        if src is None or tr is None:
            return markdown
        target = self._dest(config, src_loc, info.rel)
        base = _url_between(page.file.dest_uri, target, config.use_directory_urls)
        outdated = {c.clause_id: f"{base}#{c.clause_id}"
                    for fs in self._states() if fs.locale == info.locale and fs.rel == info.rel
                    for c in fs.clauses if c.state == OUTDATED}
        if not outdated and not MARKER_RE.search(markdown):
            return markdown
        ui = ui_strings(info.locale)
        source_name = language_name(src_loc, info.locale)
        # the source text shown beside an outdated translation goes through the same hazard filter as the page
        current = {cid: neutralize_hazards(current_source_markdown(c.body.raw)) for cid in outdated if (c := src.clause(cid))}
        return decorate_clauses(markdown, outdated=outdated,
                                outdated_text=ui["outdated_clause"].format(source_name=source_name),
                                link_text=ui["read_source"].format(source_name=source_name),
                                untranslated_text=self._untranslated_text(ui, info.locale, "untranslated_clause"),
                                locale=info.locale, source_locale=src_loc, current=current,
                                current_label=ui["current_source"].format(source_name=source_name),
                                previous_label=ui["previous_translation"])

    def on_page_content(self, html, page, config, files):
        html = footnotes_out_of_search(label_task_checkboxes(external_links_noopener(html)))
        self._rendered.add(page.file.src_uri)
        info = self._pages.get(page.file.src_uri)
        locale = self._locale(config)
        if (self.config.offline_archive and not self._serving and _offline_plugin(config) is None
                and page.file.dest_uri == self._dest(config, locale, "index.md")):
            html += self._downloads_html(config, locale)
        if not info or info.kind not in ("guide", "site"):
            return html
        ui = ui_strings(info.locale)
        make_pdf = False
        if info.model is not None:
            meta = guide_meta_html(info.model.meta, ui)
            downloads = []
            make_pdf = info.kind == "guide" and self._pdf_enabled() and self._pdf_fits(info, html)
            if make_pdf:
                downloads.append((self._pdf_name(info), ui["pdf_download"]))
            if info.kind == "guide" and self._forms_for(info):
                downloads.append((FORMS_DOCX, ui["forms_download"]))
            meta += "".join(f'<p class="cmg-downloads"><a href="{href}" download>{html_escape(text)}</a></p>'
                            for href, text in downloads)
            head, sep, rest = html.partition("</h1>")
            html = head + sep + meta + rest if sep else meta + html
        if info.content_locale != info.locale:
            text = ui["untranslated_page"].format(
                locale_name=language_name(info.locale, info.locale),
                source_name=language_name(info.content_locale, info.locale))
            html = notice_html("untranslated", text, info.locale) + f'<div lang="{info.content_locale}">{html}</div>'
        if make_pdf:
            self._queue_pdf(info, html, page, config)
        return html

    def _downloads_html(self, config, locale: str) -> str:
        """The home page's link to the offline copy of the site."""
        ui = ui_strings(locale)
        href = get_relative_url(self.config.offline_archive, self._dest(config, locale, "index.md"))
        return (f'<h2 id="downloads">{html_escape(ui["downloads_heading"])}</h2>'
                f'<p class="cmg-downloads"><a href="{html_escape(href)}" download>{html_escape(ui["offline_download"])}</a></p>'
                f'<p>{html_escape(ui["offline_howto"])}</p>')

    # ------------------------------------------------------------------ PDF per guide and locale

    @staticmethod
    def _pdf_name(info: _PageInfo) -> str:
        guide = posixpath.basename(posixpath.dirname(info.rel)) or posixpath.splitext(info.rel)[0]
        return f"{guide}-{info.locale}.pdf"

    def _pdf_fits(self, info: _PageInfo, html: str) -> bool:
        size_kb = len(html.encode("utf-8")) // 1024
        if size_kb <= self.config.pdf_max_kb:
            return True
        log.warning(f"{info.model.path}: no PDF made for the '{info.locale}' site: the page is {size_kb:,} KB of HTML, "
                    f"over plugins.cmg.pdf_max_kb ({self.config.pdf_max_kb:,} KB); split the guide or raise the limit")
        return False

    def _queue_pdf(self, info: _PageInfo, html: str, page, config) -> None:
        # links that work where the PDF is read (publishing.py): the published pages for the web
        # build's PDFs, relative ones (to the index.html beside them) in the offline copy
        offline = _offline_plugin(config) is not None
        page_url = page_address(config.site_url, _dir_url(page.file.dest_uri))
        base_url = pdf_base_url(config.site_url, _dir_url(page.file.dest_uri), offline=offline)
        dest_dir = posixpath.dirname(page.file.dest_uri)
        if not config.use_directory_urls and base_url is not None:
            html = _INDEX_HTML_LINK.sub(r"\1", html)  # links as the web build writes them: same PDF, from the cache
        document = print_document(content=html, title=str(info.model.meta.get("title", info.rel)),
                                  site_name=config.site_name, locale=info.locale, page_url=page_url,
                                  version=str(info.model.meta.get("version", "")), css=pdf_stylesheet())
        target = os.path.join(config.site_dir, dest_dir, self._pdf_name(info))
        self._print_jobs.append(PrintJob(document, base_url, target))

    def _start_page_caches(self, config) -> None:
        """The search entries (search_cache) and Markdown conversions (render_cache) of this locale's
        unchanged pages, from the last build. After start_locale_build, which tells the locale."""
        cache_dir = self._cache_dir()
        if cache_dir is None:
            return
        locale = self._locale(config)
        # one file per locale and kind of build: the offline copy's pages have other URLs
        variant = f"{self.project.root}\0{config.use_directory_urls}\0{_offline_plugin(config) is not None}"
        name = f"{locale}-{hashlib.sha1(variant.encode('utf-8')).hexdigest()[:12]}.json"
        search_cache = install_search_cache(
            config.plugins.get("material/search") or config.plugins.get("search"), cache_dir / "search" / name)
        if search_cache is not None:
            self._page_caches.setdefault(locale, []).append(search_cache)
        if render_cache_enabled(config):
            self._render_caches[locale] = RenderCache(cache_dir / "render" / name, config)
            self._page_caches.setdefault(locale, []).append(self._render_caches[locale].store)

    def _cache_dir(self) -> Path | None:
        """Where PDFs, conversions, search entries and findings are kept between builds (None: nowhere);
        relative to mkdocs.yml, an absolute cache_dir (as the tests give) is kept as it is."""
        return self.project.root / self.project.cache_dir if self.project.cache_dir else None

    def _write_pdfs(self) -> None:
        jobs, self._print_jobs = self._print_jobs, []
        if not jobs:
            return
        cache_dir = self._cache_dir()
        cache = str(cache_dir / "pdf") if cache_dir else None
        rendered = render_all(jobs, cache)
        log.info(f"PDF: {len(jobs)} guides ({rendered} rendered, {len(jobs) - rendered} from the cache)")

    @event_priority(-110)  # after mkdocs-static-i18n has set the language selector's links
    def on_page_context(self, context, page, config, nav):
        self._titles[page.file.src_uri] = page.title
        locale = self._locale(config)
        context["cmg_ui"] = ui_strings(locale)
        info = self._pages.get(page.file.src_uri)
        alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate")
        if info and info.kind == "guide" and alternates:
            src = self.corpus.get(self.project.source_locale, info.rel)
            for alt in alternates:
                lang = alt.get("lang")
                if lang and src is not None and self._shown(lang, src).locale != lang:
                    # that locale shows the source text: the selector still leads to the same page there,
                    # and says to browsers and search engines which language it really is
                    alt["link"] = _dir_url(self._dest(config, lang, info.rel), config.use_directory_urls)
                    alt["lang"] = self.project.source_locale
        return context

    def on_env(self, env, config, files):
        use_template_cache(env)  # theme templates compiled once, not per build and locale (template_cache)
        self._nav_cache.reset(env)  # the navigation's inactive items rendered once per build (nav_cache)
        env.globals["cmg_nav_item"] = self._nav_cache.render
        return env

    def on_template_context(self, context, template_name, config):
        context["cmg_ui"] = ui_strings(self._locale(config))
        return context

    # ------------------------------------------------------------------ 404 per locale

    def on_post_template(self, output, template_name, config):
        if template_name == "404.html":
            locale = self._locale(config)
            if locale != self.project.default_locale:
                output = _rebase_search(output, locale)
            self._404[locale] = output
        return output

    def _forms_for(self, info: _PageInfo) -> list:
        key = (info.locale, info.rel)
        if key not in self._forms:
            text = (self.project.root / info.model.path).read_text(encoding="utf-8-sig")
            self._forms[key] = extract_forms(text)
        return self._forms[key]

    def _write_forms(self, config, locale: str) -> None:
        """forms.docx beside every guide page of this locale that has model forms."""
        index = self._clause_index(locale)
        ui = ui_strings(locale)
        for src_uri, info in list(self._pages.items()):
            if info.kind != "guide" or info.locale != locale or info.model is None or src_uri not in self._rendered:
                continue
            forms = self._forms_for(info)
            if not forms:
                continue
            dest = self._dest(config, locale, info.rel)
            target = Path(config.site_dir) / posixpath.dirname(dest) / FORMS_DOCX

            def xref_text(cid: str) -> str:
                hit = index.get(cid)
                return f"{hit[0]} {hit[1]}" if hit else cid

            write_forms_docx(forms, target, title=str(info.model.meta.get("title", info.rel)),
                             intro=ui["forms_intro"], lang=info.content_locale, xref_text=xref_text)

    @event_priority(-200)  # after mkdocs-static-i18n has built every locale and merged their search entries
    def on_post_build(self, config):
        i18n = config.plugins.get("i18n")
        locale = self._locale(config)
        default = self.project.default_locale
        nested = getattr(i18n, "building", False)
        # the default locale's own handler runs last, after mkdocs-static-i18n's loop over the others
        self._write_forms(config, locale if nested else default)
        if locale != default and locale in self._404:
            path = os.path.join(config.site_dir, locale, "404.html")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(self._404[locale])
        self._write_pdfs()  # the PDFs of the pages built so far, one process per core
        if not nested or locale == default:
            drop_sitemap(config.site_dir, config.site_url)  # no site_url: no sitemap of relative addresses
        done = locale if nested else default
        for cache in self._page_caches.pop(done, ()):
            cache.save(keep_unseen=self._dirty)
        self._render_caches.pop(done, None)
        if nested:
            return  # a locale built from inside mkdocs-static-i18n's loop or by `cmg build`; the last step comes below
        if default in self._404:
            with open(os.path.join(config.site_dir, "404.html"), "w", encoding="utf-8") as fh:
                fh.write(self._404[default])
        self._split_search_index(config)

    # ------------------------------------------------------------------ search per locale

    def _split_search_index(self, config) -> None:
        """One search index per locale, so that readers find pages in their own language only."""
        path = os.path.join(config.site_dir, "search", "search_index.json")
        if not os.path.isfile(path):
            return
        with open(path, encoding="utf-8") as fh:
            merged = json.load(fh)
        write_locale_indexes(config.site_dir, merged, self.project.locales, self.project.default_locale,
                             script=_offline_plugin(config) is not None)

    def on_post_page(self, output, page, config):
        """Mark the glossary's terms in a guide's text (tooltips); point the page's search at its locale's
        own index (Material reads it from `base`)."""
        info = self._pages.get(page.file.src_uri)
        if info and info.kind == "guide":
            # here, not in on_page_content: the search plugin and the PDF need no marks, and parsing
            # them made the search plugin, the slowest step of a page, slower still
            start = output.find(_ARTICLE)
            end = output.find("</article>", start)
            if start >= 0 and end >= 0:
                start += len(_ARTICLE)
                output = output[:start] + self._glossary_marks(info.content_locale).mark(output[start:end]) + output[end:]
        locale = self._locale(config)
        if locale == self.project.default_locale:
            return output
        return _rebase_search(output, locale)

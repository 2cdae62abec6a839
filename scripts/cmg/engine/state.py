"""What one build knows, and what a preview keeps from one rebuild to the next.

:class:`BuildState` is read by every module of the engine: the project and its parsed guides, the
pages this build added and what each one shows, and the lookups several events need (a page's
address, the text shown in a locale, the clause index for cross-references). The parse cache and
the check memo live at module level, so that ``cmg build``'s forked locale builds inherit the parsed
guides. In a preview the plugin itself lasts too: MkDocs loads the config again for every rebuild but
keeps the instance of a plugin that has ``on_startup``, as ours has (``config_options.Plugins.plugin_cache``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs.structure.files import File

from .. import caching
from ..freshness import OUTDATED
from ..lifecycle import alias_index
from ..model import GuideFile
from ..project import Project
from ..search import IndexMemo
from ..site import language_name
from ..validate import CheckMemo, Corpus, ParseCache
from ..workflow import translation_status
from .caches.nav import NavCache
from .locales import ENV_LOCALE

# Parsed files survive `mkdocs serve` rebuilds (and live where forked locale builds inherit them).
PARSE_CACHE = ParseCache()
CHECK_MEMO = CheckMemo()
FRESHNESS_MEMO: dict = {}  # clause freshness per translation, between preview rebuilds and into forked builds


@dataclass
class PageInfo:
    rel: str
    locale: str  # the locale of the site section the page is in
    content_locale: str  # the language the text is really in
    model: GuideFile | None
    kind: str  # "guide", "site" or "generated"


def unreadable(gf: GuideFile) -> bool:
    return any(p.code == "CMG001" for p in gf.problems)


class BuildState:
    """One plugin's state. ``reset`` forgets the last build; what a preview keeps stays."""

    def __init__(self, settings) -> None:
        self.settings = settings  # the plugin's config (settings.CmgPluginConfig)
        self.serving = False
        self.dirty = False
        # kept from one `mkdocs serve --dirty` rebuild to the next: what each page was rendered from
        self.signatures: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.nav_cache = NavCache(enabled=caching.enabled("nav"))
        self.preview_findings: dict[str, list] = {}  # `mkdocs serve`: the last validation's findings, by file
        # (this plugin has on_startup, so MkDocs keeps its instance, and this state, from one rebuild to the next)
        self.search_pages: dict[str, dict[str, list]] = {}  # --dirty: locale → page URL → its search entries
        self.search_memo = IndexMemo()  # `mkdocs serve`: each search entry as the last rebuild wrote it
        self.reset()

    def reset(self) -> None:
        self.project: Project | None = None
        self.corpus: Corpus | None = None
        self.validated = False
        self.pages: dict[str, PageInfo] = {}
        self.not_found: dict[str, str] = {}  # locale → its 404 page
        self._xref_index: dict[str, dict] = {}
        self._alias_index: dict[str, str] | None = None
        self.glossary: dict = {}  # (text's locale, reader's locale) → the glossary terms to mark in pages
        self.forms: dict[tuple[str, str], list] = {}
        self._freshness: list | None = None
        self.print_jobs: list = []
        self.rendered: set[str] = set()  # pages rendered by this build (a --dirty preview skips the others)
        # locale → what is kept of its pages between builds (page_cache): search entries, conversions
        self.page_caches: dict[str, list] = {}
        self.render_caches: dict = {}
        self.sanitized_caches: dict = {}  # locale → its pages' content as sanitised (caches.sanitized.SanitizedCache)

    # ------------------------------------------------------------------ lookups

    def locale(self, config) -> str:
        i18n = config.plugins.get("i18n")
        current = getattr(i18n, "current_language", None) if i18n else None
        return current or self.project.default_locale

    def build_locales(self) -> list[str]:
        return list(self.project.locales)

    def built_alone(self) -> str | None:
        """The one locale a ``make serve LOCALE=…`` preview builds (its pages cannot link to the others'),
        or None when every locale is built (``cmg build`` builds one locale per process, but all of them)."""
        return (os.environ.get(ENV_LOCALE) or None) if self.serving else None

    def pdf_enabled(self) -> bool:
        return self.settings.pdf and not self.serving

    def cache_folder(self, kind: str) -> Path | None:
        """Where one kind of cache (:data:`cmg.caching.KINDS`) keeps its entries between builds (None:
        nowhere); relative to mkdocs.yml, an absolute cache_dir (as the tests give) is kept as it is."""
        return caching.folder(self.project.root, self.project.cache_dir, kind)

    def dest(self, config, locale: str, rel: str) -> str:
        dest = File(rel, None, config.site_dir, config.use_directory_urls).dest_uri
        return dest if locale == self.project.default_locale else f"{locale}/{dest}"

    def new_file(self, config, locale: str, rel: str, *, abs_src_path: str | None = None,
                 content: str | None = None) -> File:
        if content is not None:
            f = File.generated(config, f"{locale}/{rel}", content=content)
        else:
            f = File.generated(config, f"{locale}/{rel}", abs_src_path=abs_src_path)
        f.dest_uri = self.dest(config, locale, rel)
        # the attributes mkdocs-static-i18n gives its own files (language selector, sitemap)
        f.locale = locale
        f.locale_alternate_of = locale
        f.localization = locale
        f.norm_src_uri = rel
        return f

    def shown(self, locale: str, src: GuideFile) -> GuideFile:
        """The file whose text readers of `locale` see: the translation, or the source as a fallback."""
        tr = self.corpus.get(locale, src.rel)
        return tr if tr is not None and not unreadable(tr) else src

    def states(self) -> list:
        """Clause freshness of every translation, computed once per build (pages and status page read it)."""
        if self._freshness is None:
            # the memo also holds what `cmg build` worked out before forking this locale's build
            self._freshness = translation_status(self.project, self.corpus, memo=FRESHNESS_MEMO)
        return self._freshness

    def outdated_clauses(self, locale: str, rel: str) -> list:
        return [c for fs in self.states() if fs.locale == locale and fs.rel == rel
                for c in fs.clauses if c.state == OUTDATED]

    def clause_index(self, locale: str) -> dict[str, tuple[str, str, str, int]]:
        """clause id → (number, title, guide rel, guide number) in the text shown for `locale`."""
        cached = self._xref_index.get(locale)
        if cached is not None:
            return cached
        index = self._xref_index[locale] = {}
        for src in self.corpus.source_files():
            shown = self.shown(locale, src)
            for cl in shown.clauses:
                if cl.id:
                    index[cl.id] = (cl.number, cl.title, src.rel, src.meta.get("number", ""))
        return index

    def aliases(self) -> dict[str, str]:
        """Old clause IDs → current ones, from the source files' ``clause_aliases``."""
        if self._alias_index is None:
            self._alias_index = alias_index(self.corpus.source_files())
        return self._alias_index

    def aliases_at(self, rel: str) -> dict[str, list[str]]:
        """Current clause ID → the old IDs that must still land on it, for one page."""
        src = self.corpus.get(self.project.source_locale, rel)
        here = {c.id for c in src.clauses if c.id} if src is not None else set()
        out: dict[str, list[str]] = {}
        for old, new in self.aliases().items():
            if new in here:
                out.setdefault(new, []).append(old)
        return out

    def moved_from(self, rel: str, index, ui) -> dict[str, tuple[str, str]]:
        """Clauses that ``cmg move`` took from this page to another: id → (their page now, its label)."""
        from ..lifecycle_edits import moved_clauses

        out = {}
        for cid in moved_clauses(self.corpus.get(self.project.source_locale, rel)):
            hit = index.get(cid)
            if hit and hit[2] != rel:
                number, title, where, gnum = hit
                out[cid] = (where, f"{ui['guide']} {gnum}, {number} {title}".strip())
        return out

    def untranslated_text(self, ui: dict, locale: str, key: str) -> str:
        return ui[key].format(locale_name=language_name(locale, locale),
                              source_name=language_name(self.project.source_locale, locale))

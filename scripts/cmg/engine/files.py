"""The files of each locale's build: the guides read straight from ``guides/`` and
``translations/<locale>/`` (the source where a translation is missing), the site's own pages that a
locale lacks, and the generated pages (glossary, validation rules, translation status)."""

from __future__ import annotations

from mkdocs.structure.files import File, Files

from ..site import CURRENT_ID, glossary_markdown, rules_markdown, status_markdown, ui_strings
from .countries import add_country_files
from .locales import url_between
from .state import BuildState, PageInfo, unreadable


def add_locale_files(state: BuildState, files: Files, config, locale: str) -> list[File]:
    """Everything the cmg plugin adds to the files of `locale`'s build; returns what it added."""
    project = state.project
    added: list[File] = []
    for src in state.corpus.source_files():
        if unreadable(src):
            continue  # reported by the validation; nothing to publish
        added.append(guide_file(state, config, locale, src))
    added += fallback_site_pages(state, config, locale, files)
    ui = ui_strings(locale)
    tb = state.corpus.termbase
    if tb is not None and tb.terms:
        added.append(generated(state, config, locale, "glossary.md",
                               glossary_markdown(tb, locale, project.locales, ui)))
    added.append(generated(state, config, locale, "validation-rules.md", rules_markdown(ui)))
    added.append(generated(state, config, locale, "translation-status.md", status_page(state, config, locale, ui)))
    added += add_country_files(state, config, locale, generated)
    for f in added:
        files.append(f)
    return added


def list_in_sitemap(state: BuildState, config, locale: str, added: list[File]) -> None:
    """The sitemap lists pages in their own language only, not source-language fallbacks."""
    i18n = config.plugins.get("i18n")
    if i18n is not None and hasattr(i18n, "i18n_files_per_language"):
        i18n.i18n_files_per_language.setdefault(locale, []).extend(
            f for f in added if state.pages[f.src_uri].content_locale == locale)


def guide_file(state: BuildState, config, locale: str, src) -> File:
    project = state.project
    shown = state.shown(locale, src)
    abs_path = project.root / shown.path
    f = state.new_file(config, locale, src.rel, abs_src_path=str(abs_path))
    f.alternates = {}
    for other in state.build_locales():
        if other == locale:
            f.alternates[other] = f
            continue
        o_shown = state.shown(other, src)
        if o_shown.locale != other:
            continue  # not translated there: no hreflang alternate (the selector still leads there)
        f.alternates[other] = state.new_file(config, other, src.rel, abs_src_path=str(project.root / o_shown.path))
    state.pages[f.src_uri] = PageInfo(src.rel, locale, shown.locale, shown, "guide")
    return f


def fallback_site_pages(state: BuildState, config, locale: str, files: Files) -> list[File]:
    """Site pages (docs/<source>/…) missing in this locale: served in the source language with a notice."""
    project = state.project
    src_dir = project.root / project.docs_dir / project.source_locale
    if locale == project.source_locale or not src_dir.is_dir():
        return []
    out = []
    for path in sorted(src_dir.rglob("*.md")):
        rel = path.relative_to(src_dir).as_posix()
        if (project.root / project.docs_dir / locale / rel).exists() or f"{locale}/{rel}" in files.src_uris:
            continue
        f = state.new_file(config, locale, rel, abs_src_path=str(path))
        f.alternates = {locale: f}
        state.pages[f.src_uri] = PageInfo(rel, locale, project.source_locale, None, "site")
        out.append(f)
    return out


def status_page(state: BuildState, config, locale: str, ui: dict) -> str:
    states = state.states()
    here = state.dest(config, locale, "translation-status.md")
    links = {}
    src_loc = state.project.source_locale
    pages: dict[str, str] = {}
    alone = state.built_alone()
    for fs in states:
        if alone and alone != src_loc:  # no source pages in this preview: its own page shows the source text
            if fs.locale == alone:
                page = url_between(here, state.dest(config, alone, fs.rel), config.use_directory_urls)
                links.update({f"{alone}:{fs.rel}#{cs.clause_id}": f"{page}#{CURRENT_ID}{cs.clause_id}"
                              for cs in fs.clauses})
            continue
        page = pages.get(fs.rel)
        if page is None:
            page = pages[fs.rel] = url_between(here, state.dest(config, src_loc, fs.rel), config.use_directory_urls)
        for cs in fs.clauses:
            links[f"{fs.rel}#{cs.clause_id}"] = f"{page}#{cs.clause_id}"
    return status_markdown(states, state.project.locale_names, ui, links, src_loc)


def generated(state: BuildState, config, locale: str, rel: str, content: str) -> File:
    f = state.new_file(config, locale, rel, content=content)
    f.alternates = {loc: (f if loc == locale else state.new_file(config, loc, rel, content=""))
                    for loc in state.build_locales()}
    state.pages[f.src_uri] = PageInfo(rel, locale, locale, None, "generated")
    return f

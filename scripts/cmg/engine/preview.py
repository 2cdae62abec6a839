"""``mkdocs serve``: the folders watched, and under ``--dirty`` the pages rebuilt after an edit (the
edited page and every page whose navigation titles, cross-referenced clause titles, outdated-clause
notices, glossary or site pages changed; the signatures are in :mod:`cmg.preview`)."""

from __future__ import annotations

import functools
import os

from mkdocs.exceptions import ConfigurationError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from .. import collector
from ..caching import file_stamp
from ..freshness import OUTDATED, fingerprint
from ..preview import guide_page_signature, site_signature
from .state import BuildState

PREVIEW_POLL_SECONDS = 0.1
log = get_plugin_logger(__name__)
# the preview's garbage collections: none while it rebuilds, one once the rebuilt page is shown
_COLLECTIONS = collector.BetweenBursts()


def rebuild_starts() -> None:
    """A preview's build begins (the first or a rebuild): the editor waits for it, the collector does not run."""
    _COLLECTIONS.busy()


def rebuild_ended() -> None:
    """The build has ended (written or stopped by an error): the collector runs once the preview is idle."""
    _COLLECTIONS.idle()


def config_error_message(exc: Exception, config_file: str) -> str:
    """One line for a broken mkdocs.yml: the file, the line YAML stopped at and why."""
    import yaml

    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, yaml.MarkedYAMLError) and cause.problem_mark is not None:
        problem = " ".join(str(cause.problem or cause.context or "").split())
        return f"{config_file}:{cause.problem_mark.line + 1}: not valid YAML ({problem})"
    return f"{config_file}: {' '.join(str(exc).split())}"


def keep_serving_on_config_errors(server, config_file: str) -> None:
    """A slip in mkdocs.yml during `mkdocs serve`: one error line naming the file and line, and the
    preview goes on serving the last good build, instead of a traceback and a server that "will appear
    stuck until build errors are resolved". MkDocs reloads mkdocs.yml inside its rebuild function, so
    that function is wrapped; a configuration error happens before anything is written."""
    rebuild = getattr(server, "builder", None)
    if rebuild is None or getattr(rebuild, "_cmg_guarded", False):
        return

    def guarded(*args, **kwargs):
        try:
            return rebuild(*args, **kwargs)
        except ConfigurationError as exc:
            log.error(f"{config_error_message(exc, config_file)}; the preview still shows the last good "
                      "build: fix the file and save it")

    guarded._cmg_guarded = True
    server.builder = guarded


def watch_guides(state: BuildState, server, config=None) -> None:
    """Rebuild the preview when guides, translations, the termbase, the country profiles or the theme
    overrides (``theme.custom_dir``, which `mkdocs serve` leaves unwatched without --watch-theme) change."""
    observer = getattr(server, "observer", None)
    if hasattr(observer, "_timeout"):
        # MkDocs polls for changes every 0.5 s and offers no setting; the folders watched from here
        # on (guides, translations: a few dozen files) are polled every 0.1 s, so a save shows sooner
        observer._timeout = PREVIEW_POLL_SECONDS
    watched = {os.path.realpath(p) for p in getattr(server, "_watched_paths", {})}
    custom = getattr(getattr(config, "theme", None), "custom_dir", None) if config is not None else None
    for folder in (state.project.guides_dir, state.project.translations_dir, state.project.countries_dir,
                   *([custom] if custom else [])):
        path = state.project.root / folder
        if path.is_dir() and os.path.realpath(path) not in watched:
            server.watch(str(path))


def _never() -> bool:
    return False


def _modified(changed: bool, mtime_says, /) -> bool:
    return changed or mtime_says()


def mark_stale_pages(state: BuildState, files: Files, config, locale: str) -> None:
    """Under `mkdocs serve --dirty`, rebuild every page whose rendering inputs changed."""
    project = state.project
    titles = {}
    for src in state.corpus.source_files():
        shown = state.shown(locale, src)
        titles[src.rel] = str(shown.meta.get("title") or shown.title or "")
    docs_pages = [f for f in files.documentation_pages() if f.src_uri not in state.pages and f.abs_src_path]
    stamps = [file_stamp(project.config_file), file_stamp(project.root / project.termbase),
              file_stamp(project.root / project.placeholder_labels)]  # the forms' labels, in every guide page
    stamps += [f"{f.src_uri}={file_stamp(f.abs_src_path)}" for f in docs_pages]
    site = site_signature(titles, stamps)
    index = state.clause_index(locale)
    # an outdated clause shows the current source text: its page changes with that text too
    outdated: dict[str, frozenset[str]] = {
        fs.rel: frozenset(f"{c.clause_id}={fingerprint(sc)}" for c in fs.clauses if c.state == OUTDATED
                          if (sc := state.corpus.get(project.source_locale, fs.rel).clause(c.clause_id)))
        for fs in state.states() if fs.locale == locale}
    for f in files.documentation_pages():
        info = state.pages.get(f.src_uri)
        if info is not None and info.kind == "guide":
            model = info.model
            sig = guide_page_signature(site, model, file_stamp(project.root / model.path), index,
                                       outdated.get(info.rel, frozenset()), state.preview_findings.get(model.path, []))
        elif f.abs_src_path:  # the site's own pages, and their source-language fallbacks
            sig = site_signature({}, [site, file_stamp(f.abs_src_path)])
        else:  # generated pages (glossary, rules, status): their text says it all
            sig = site_signature({}, [site, f.content_string])
        changed = state.signatures.get(f.dest_uri) != sig
        state.signatures[f.dest_uri] = sig
        # a page generated from text (no file of its own) is "modified" at every build for MkDocs: its
        # signature, which holds the text, says it all
        f.is_modified = functools.partial(_modified, changed, f.is_modified if f.abs_src_path else _never)


def keep_titles_of_pages_not_rebuilt(state: BuildState, nav) -> None:
    """Pages left as they are keep their title in the navigation of the pages rebuilt."""
    for page in nav.pages:
        title = state.titles.get(page.file.src_uri)
        if title is not None and not page.file.is_modified():
            page.title = title

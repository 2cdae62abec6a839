"""``cmg build``: the site built by one process per locale at the same time, then merged into one folder.

``mkdocs build`` builds the locales one after another in one process: mkdocs-static-i18n builds the
default locale, then the others from inside its ``on_post_build``. Here each locale is a process of
its own (forked from this one after the heavy imports, so they are paid once), and the results are
merged into what the sequential build writes, byte for byte:

* a child builds only its locale because the cmg plugin calls :func:`start_locale_build` from
  ``on_config``: it sets mkdocs-static-i18n's current language and marks it as "building", which is
  how that plugin knows not to build the other locales. Everything that depends on the other
  locales is computed from the configuration, not from their builds: the language selector,
  ``hreflang`` alternates and each page's sitemap entry come out the same as in the sequential build;
* the validation runs in the default locale's child only (the sequential build runs it once too);
* the guides are parsed and the translations' freshness worked out once, before any child is forked;
  the source locale's child is forked first, and the outdated clauses' word diffs, which only the
  translations' pages show, are worked out while it builds, before the translations' children start;
* the merge overlays the children's folders in the sequential build's order (later locales win where
  the same file is written twice, as they overwrite it there), except for the files the sequential
  build writes last, which are made here from all children: ``sitemap.xml`` (+ ``.gz``) lists every
  locale, the root ``404.html`` is the default locale's, and the search index is merged, cleared of
  duplicates as mkdocs-static-i18n does it, and split per locale as the cmg plugin does it.

``CMG_BUILD_LOCALE=en mkdocs build`` builds one locale alone, the way a child does.
"""

from __future__ import annotations

import filecmp
import gc
import gzip
import json
import logging
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .. import processes
from ..search import dedup_search
from .locales import ENV_LOCALE

ENV_VALIDATED = "CMG_BUILD_VALIDATED"  # set by `cmg build`: it validates itself while the locales build
SITEMAP = "sitemap.xml"
SEARCH_INDEX = "search/search_index.json"
# root files the sequential build writes last, from every locale: made by the merge, not overlaid
_MERGED = {SITEMAP, SITEMAP + ".gz", "404.html", SEARCH_INDEX}


class BuildError(Exception):
    pass


# ---------------------------------------------------------------------------------------- in a child


def start_locale_build(state, config) -> None:
    """From the cmg plugin's ``on_config``, at the start of each locale's build (sequential or not).

    Makes the build independent of the locale built before it in the same process: mkdocs-static-i18n
    sets the language selector per page as an *attribute* of ``config.extra`` (a dict), which outlives
    the build, so the next locale's 404 page (rendered before its pages) got the selector of the last
    page of the previous locale. Then, in a ``cmg build`` child, selects that child's locale.
    """
    config.extra.__dict__.pop("alternate", None)
    locale = os.environ.get(ENV_LOCALE)
    if not locale:
        return
    from mkdocs.exceptions import PluginError

    i18n = config.plugins.get("i18n")
    if i18n is None or not hasattr(i18n, "building"):
        raise PluginError(f"cmg: {ENV_LOCALE} is set but mkdocs-static-i18n is not configured")
    if locale not in i18n.build_languages:
        raise PluginError(f"cmg: {ENV_LOCALE}={locale}: not one of the locales built ({', '.join(i18n.build_languages)})")
    if i18n.current_language is None:  # its own on_config (after this one) starts from the current language
        i18n.current_language = locale
    # what mkdocs-static-i18n sets while it builds the other locales: each build stays single
    i18n.building = True
    if locale != i18n.default_language or os.environ.get(ENV_VALIDATED):
        state.validated = True  # the validation runs once: in `cmg build` itself, or in the default locale's build


# ---------------------------------------------------------------------------------------- the merge


def merge_sitemaps(texts: list[str]) -> str:
    """The first sitemap with the ``<url>`` entries of the others appended, in order."""
    head, end, tail = texts[0].rpartition("\n</urlset>")
    if not end:
        raise BuildError("sitemap.xml: no </urlset> in the default locale's sitemap")
    bodies = []
    for text in texts[1:]:
        start = text.find("<urlset")
        stop = text.rfind("\n</urlset>")
        if start < 0 or stop < 0:
            raise BuildError("sitemap.xml: a locale's sitemap is not a <urlset>")
        bodies.append(text[text.index(">", start) + 1:stop])
    return head + "".join(bodies) + end + tail


def _write_sitemap(site: Path, texts: list[str], gz_template: Path) -> None:
    merged = merge_sitemaps(texts)
    path = site / SITEMAP
    path.write_bytes(merged.encode("utf-8"))
    if gz_template.is_file():
        # as MkDocs writes it, with the timestamp it chose (the pages' date)
        mtime = struct.unpack("<I", gz_template.read_bytes()[4:8])[0]
        gz_name = f"{path}.gz"
        with open(gz_name, "wb") as fh, gzip.GzipFile(fileobj=fh, filename=gz_name, mode="wb", mtime=mtime) as gz:
            gz.write(merged.encode("utf-8"))


def _write_search(site: Path, parts: list[Path], locales: list[str], default: str, dedup: bool, order: list[str],
                  script: bool, index_cache: Path | None = None) -> None:
    from ..caching import Store
    from ..search import INDEX_CACHE_KEEP, write_locale_indexes

    indexes = [json.loads(p.read_text(encoding="utf-8")) for p in parts]
    docs = [doc for index in indexes for doc in index.get("docs", [])]
    if dedup:
        docs = dedup_search(docs, order)
    merged = {"config": indexes[0].get("config", {}), "docs": docs}
    # as the plugin writes them; a process per core, as the locales' builds are over
    # a locale whose entries did not change since an earlier build: its index as that build wrote it
    store = Store(index_cache, keep=INDEX_CACHE_KEEP) if index_cache is not None else None
    write_locale_indexes(str(site), merged, locales, default, script=script, processes=os.cpu_count() or 1,
                         store=store)
    if store is not None:
        store.trim()


def _overlay(src: Path, dst: Path, skip: set[str], rel: str = "") -> None:
    """Move src's files into dst where missing or different (as a later build overwrites them)."""
    for entry in os.scandir(src):
        name = f"{rel}{entry.name}"
        if name in skip:
            continue
        target = dst / entry.name
        if entry.is_dir(follow_symlinks=False) and target.is_dir() and not target.is_symlink():
            _overlay(Path(entry.path), target, skip, name + "/")
        elif not target.exists():
            os.replace(entry.path, target)
        elif entry.is_dir(follow_symlinks=False) or target.is_dir() or not filecmp.cmp(entry.path, target, shallow=False):
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            else:
                target.unlink()
            os.replace(entry.path, target)


def merge(site: Path, parts: dict[str, Path], default: str, locales: list[str], dedup_search_entries: bool,
          search_scripts: bool = False, index_cache: Path | None = None) -> None:
    """Merge the locales' builds (``parts``, in build order, the default locale's first) into ``site``;
    ``index_cache``: the folder of the ``index`` cache (None: none)."""
    order = list(parts)
    base = parts[default]
    if base.resolve() != site.resolve():
        site.mkdir(parents=True, exist_ok=True)
        _overlay(base, site, set())
    others = [parts[loc] for loc in order if loc != default]
    for part in others:
        _overlay(part, site, _MERGED)
    base_sitemap = base / SITEMAP if base.resolve() != site.resolve() else site / SITEMAP
    if base_sitemap.is_file():
        texts = [base_sitemap.read_text(encoding="utf-8")] + [
            (p / SITEMAP).read_text(encoding="utf-8") for p in others if (p / SITEMAP).is_file()]
        _write_sitemap(site, texts, site / (SITEMAP + ".gz"))
    searches = [site / SEARCH_INDEX] + [p / SEARCH_INDEX for p in others]
    if all(p.is_file() for p in searches):
        _write_search(site, searches, locales, default, dedup_search_entries, order, search_scripts, index_cache)


# ---------------------------------------------------------------------------------------- the processes


def _validate(corpus, quiet: bool) -> bool:
    """Log the validation's findings as `mkdocs build` would; True when there are warnings or errors."""
    from ..report import log_text
    from ..validate import apply_settings, cached_local_findings, run_checks

    # the one-file and pair checks of files unchanged since the last `cmg validate` or build come from its cache
    findings = apply_settings(run_checks(corpus, cached_local_findings(corpus)), corpus.project)
    for f in findings:
        if f.severity in ("error", "warning") or not quiet:
            print(f"{f.severity.upper():<7} -  cmg: {log_text(f)}", file=sys.stderr)
    return any(f.severity in ("error", "warning") for f in findings)


def _preload() -> None:
    """Import what every child needs before forking, so that the imports are paid once."""
    import mkdocs.__main__  # noqa: F401
    import mkdocs.commands.build  # noqa: F401

    try:
        import docx  # noqa: F401  (forms.docx, imported on first use)
    except ImportError:
        pass


def _preload_project_data(project) -> None:
    """Read the country profiles and the placeholder labels before forking: every child reads them
    (country editions, forms) and keeps them in a process cache keyed by the files' stamps, so the
    children inherit them instead of each parsing the YAML again (about 0.5 s CPU per locale); so are
    the interface strings (``cmg/data/ui.yml``, read once per process)."""
    from ..country_checks import profiles_for
    from ..placeholders import labels_for
    from ..site import ui_strings

    for load in (profiles_for, labels_for, lambda p: ui_strings(p.default_locale)):
        try:
            load(project)
        except Exception:  # noqa: BLE001 - only a head start: the validation and the children report it as before
            pass


def _translation_states(project, corpus) -> list:
    """The translations' freshness, worked out once here for every locale (each child inherits it, the
    source locale's too: its status page lists it)."""
    from ..workflow import translation_status
    from .state import FRESHNESS_MEMO

    return translation_status(project, corpus, memo=FRESHNESS_MEMO)


def _prepare_translations(project, corpus, states) -> None:
    """Before the first translation locale's build is forked: the outdated clauses' word diffs, worked out
    once here for every translation locale (each child inherits them)."""
    from ..source_texts import keep_word_diffs

    keep_word_diffs(project, corpus, states)


def _child_args(config_file: Path, out: Path, strict: bool, quiet: bool, verbose: bool) -> list[str]:
    args = ["build", "-f", str(config_file), "-d", str(out)]
    return args + (["--strict"] if strict else []) + (["-q"] if quiet else []) + (["-v"] if verbose else [])


def _build_locale(locale: str, args: list[str]) -> None:
    """In a forked child: `mkdocs build` of one locale."""
    os.environ[ENV_LOCALE] = locale
    from mkdocs.__main__ import cli

    cli.main(args=args, prog_name="mkdocs")


class _Child:
    def __init__(self, locale: str, args: list[str], fork: bool):
        self.locale = locale
        self.start = time.perf_counter()
        self.cpu = 0.0
        self.proc = None
        if fork:
            self.pid = processes.fork(_build_locale, locale, args)
        else:
            env = dict(os.environ, **{ENV_LOCALE: locale})
            self.proc = subprocess.Popen([sys.executable, "-m", "mkdocs", *args], env=env)
            self.pid = self.proc.pid


def _wait_any(running: dict[int, _Child]) -> tuple[_Child, int]:
    if any(c.proc is None for c in running.values()):
        while True:
            pid, code, cpu = processes.wait_any()
            child = running.pop(pid, None)
            if child is not None:  # not some other child of this process
                child.cpu = cpu
                return child, code
    while True:
        for pid, child in list(running.items()):
            code = child.proc.poll()
            if code is not None:
                return running.pop(pid), code
        time.sleep(0.02)


def build(config_file: Path, *, site_dir: str | None = None, strict: bool = False, quiet: bool = False,
          verbose: bool = False, jobs: int | None = None) -> int:
    """Build every locale in its own process and merge them into the site folder; the exit code."""
    from mkdocs.config import load_config

    _preload()
    config_file = Path(config_file).resolve()
    # errors in mkdocs.yml are shown here; its warnings by each child, as mkdocs build shows them
    quiet_handler = logging.StreamHandler()
    quiet_handler.setLevel(logging.ERROR)
    logging.getLogger("mkdocs").addHandler(quiet_handler)
    try:
        cfg = load_config(str(config_file), site_dir=site_dir)
    except Exception as exc:  # mkdocs' Abort and ConfigurationError, after it has logged the details
        raise BuildError(str(exc) or type(exc).__name__) from None
    finally:
        logging.getLogger("mkdocs").removeHandler(quiet_handler)
    i18n = cfg.plugins.get("i18n")
    if i18n is None or "cmg" not in cfg.plugins:
        raise BuildError("cmg build needs the i18n and cmg plugins in mkdocs.yml; use mkdocs build")
    default = i18n.default_language
    order = [default] + [loc for loc in i18n.build_languages if loc != default]
    if default not in i18n.build_languages:
        raise BuildError(f"the default locale '{default}' is not built; use mkdocs build")
    dedup = bool(i18n.config.reconfigure_search)
    site = Path(cfg.site_dir)
    from .locales import offline_plugin as _offline_plugin
    from .state import PARSE_CACHE as _CACHE

    offline = _offline_plugin(cfg) is not None  # built for opening from disk: search indexes as scripts too
    validate = bool(cfg.plugins["cmg"].config.validation_enabled)
    # the theme's templates compiled once here, not by every locale at the same time
    from .caches.templates import compile_before_the_locales

    compile_before_the_locales(cfg)
    del cfg, i18n
    from .. import collector
    from ..project import load_project
    from ..validate import load_corpus

    # what is here at the end of this block (the modules, the parsed corpus, the translations' states) lives
    # until the build ends: kept out of the collector's way, so that no collection walks it while it grows
    # (nor once it is whole: 0.15 s, on the serial start before any locale builds), and neither this
    # process's validation nor each child's build walks it again in every full collection (nor, by touching
    # it, copies the memory a child shares with this process)
    with collector.kept():
        project = load_project(config_file)
        # parsed once here, not once per child: the children inherit the plugin's parse cache
        corpus = load_corpus(project, _CACHE)
        _preload_project_data(project)
        states = _translation_states(project, corpus)
        if validate:
            os.environ[ENV_VALIDATED] = "1"  # the children leave it to this process
        site.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".cmg-build-", dir=site.parent))
        # the default locale is built in place; the others beside it, then moved in
        parts = {loc: (site if loc == default else tmp / loc) for loc in order}
        jobs = max(1, jobs or len(order))
        # the PDFs of the locales building at the same time share the cores (each locale renders its own):
        # each layout holds a CPU slot, so a locale whose pages are done can lay out on every core the others
        # leave (after one edit, the edited guide's editions), or, without slots, each gets its share
        shared_pdf_workers = processes.ENV_PDF_WORKERS not in os.environ  # unless the user set it
        if shared_pdf_workers and not processes.make_cpu_slots(str(tmp / "cpu-slots")):
            os.environ[processes.ENV_PDF_WORKERS] = str(processes.cpu_share(min(jobs, len(order))))
        fork = processes.can_fork()
        # the source locale's build first: it needs none of the word diffs _prepare_translations works out, so
        # that serial step runs while it builds (the order the builds start in changes nothing they write)
        pending = sorted(order, key=lambda loc: loc != project.source_locale)
        running: dict[int, _Child] = {}
        failed: list[str] = []
        findings_stop = False
        translations_ready = False
        started = time.perf_counter()
    try:
        while pending or running:
            while pending and len(running) < jobs and not failed:
                loc = pending.pop(0)
                if not translations_ready and loc != project.source_locale:
                    # not before the source locale's build has started: that serial work no longer holds up
                    # every locale
                    translations_ready = True
                    with collector.kept():  # what it makes, out of the collector's way too (freeze adds to the first)
                        _prepare_translations(project, corpus, states)
                child = _Child(loc, _child_args(config_file, parts[loc], strict, quiet, verbose), fork)
                running[child.pid] = child
            if validate:
                validate = False  # while the locales build, on the core they leave free now and then
                with collector.kept():  # the checks' results, kept on the corpus's blocks
                    findings_stop = _validate(corpus, quiet) and strict
            if not running:
                break
            child, code = _wait_any(running)
            if code != 0:
                failed.append(child.locale)
                print(f"cmg build: the '{child.locale}' build failed (exit code {code}); see its messages above",
                      file=sys.stderr)
            elif not quiet:
                cpu = f", {child.cpu:.2f} s CPU" if child.cpu else ""
                print(f"cmg build: '{child.locale}' built in {time.perf_counter() - child.start:.2f} s{cpu}",
                      file=sys.stderr)
        if findings_stop:
            print("cmg build: aborted with --strict: the validation found warnings or errors (above)", file=sys.stderr)
            return 1
        if failed:
            return 1
        from .. import caching

        merge(site, parts, default, project.locales, dedup, search_scripts=offline,
              index_cache=caching.folder(project.root, project.cache_dir, "index"))
        if not quiet:
            print(f"cmg build: {len(order)} locales built and merged into {site} in "
                  f"{time.perf_counter() - started:.2f} s", file=sys.stderr)
        return 0
    finally:
        gc.unfreeze()  # collectable again in a process that goes on (tests build in-process)
        os.environ.pop(ENV_VALIDATED, None)
        if shared_pdf_workers:
            os.environ.pop(processes.ENV_PDF_WORKERS, None)
            os.environ.pop(processes.ENV_CPU_SLOTS, None)
        for child in running.values():  # only after an interruption
            try:
                os.kill(child.pid, 15)
            except OSError:
                pass
        shutil.rmtree(tmp, ignore_errors=True)

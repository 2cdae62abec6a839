"""The garbage collector kept out of the way (cmg/collector.py): the preview's rebuilds run without
collections, and one full collection follows once the preview is idle."""

from __future__ import annotations

import gc
import time

import pytest

from cmg import collector


@pytest.fixture
def collections():
    """The full collections that happen during the test (gc callbacks), the collector on before and after."""
    seen: list[int] = []

    def note(phase, info):
        if phase == "stop" and info["generation"] == 2:
            seen.append(info["generation"])

    was_on = gc.isenabled()
    gc.enable()
    gc.callbacks.append(note)
    try:
        yield seen
    finally:
        gc.callbacks.remove(note)
        if was_on:
            gc.enable()
        else:
            gc.disable()


def _until(condition, seconds: float = 5.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def test_no_collection_during_a_burst_one_once_idle(collections):
    bursts = collector.BetweenBursts(idle_seconds=0.05)
    bursts.busy()
    assert not gc.isenabled()
    garbage = [[] for _ in range(50_000)]
    for a, b in zip(garbage, garbage[1:], strict=False):
        a.append(b)
        b.append(a)  # cycles: only the collector frees them
    del garbage, a, b
    assert collections == []
    bursts.idle()
    assert _until(lambda: gc.isenabled())
    assert collections == [2]  # one full collection, after the burst
    assert not bursts.paused


def test_a_burst_that_starts_first_calls_the_collection_off(collections):
    bursts = collector.BetweenBursts(idle_seconds=1.0)
    bursts.busy()
    bursts.idle()
    bursts.busy()  # the next rebuild, before the preview was idle long enough
    time.sleep(1.5)
    assert collections == [] and not gc.isenabled()
    bursts.idle()
    bursts.idle()  # said twice (a locale's build error, then the build's): still one collection
    assert _until(lambda: gc.isenabled())
    time.sleep(0.3)
    assert collections == [2]


def test_bursts_with_no_idle_moment_collect_now_and_then(collections):
    bursts = collector.BetweenBursts(idle_seconds=60, max_bursts=3)
    for _ in range(7):  # saved again and again, never idle for a minute
        bursts.busy()
        bursts.idle()
    assert collections == [2, 2]  # at the 4th and the 7th
    assert not gc.isenabled()


def test_a_collector_switched_off_before_stays_off(collections):
    gc.disable()
    bursts = collector.BetweenBursts(idle_seconds=0.01)
    bursts.busy()
    bursts.idle()
    assert _until(lambda: collections == [2])
    time.sleep(0.05)
    assert not gc.isenabled()  # the collection ran, the switch is as it was


@pytest.mark.parametrize("locale", [None, "ko"])
def test_the_preview_rebuilds_without_collections(mini, tmp_path, monkeypatch, collections, locale):
    """A preview's build (`mkdocs serve` runs the same build function), of every locale or of one
    (`make serve LOCALE=ko`), renders its pages with the collector off, and turns it on again after one
    collection once the build is over."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.theme import Theme

    from cmg.engine import pages, preview

    # what a serving build leaves in the process (MkDocs keeps the plugin instances; the preview caches
    # every theme's templates) is put back afterwards
    monkeypatch.setattr(dict(MkDocsConfig._schema)["plugins"], "plugin_cache", {})
    monkeypatch.setattr(Theme, "get_env", Theme.get_env)
    monkeypatch.setattr(preview, "_COLLECTIONS", collector.BetweenBursts(idle_seconds=0.05))
    seen: list[bool] = []
    page_markdown = pages.page_markdown
    monkeypatch.setattr(pages, "page_markdown", lambda *a, **k: seen.append(gc.isenabled()) or page_markdown(*a, **k))
    monkeypatch.setenv("CMG_PDF", "false")
    monkeypatch.setenv("CMG_CACHE_DIR", str(tmp_path / "cache"))
    if locale:
        monkeypatch.setenv("CMG_BUILD_LOCALE", locale)
    monkeypatch.chdir(mini.root)
    config = load_config(str(mini.root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
    assert seen and not any(seen)  # every page rendered with the collector off
    assert _until(lambda: gc.isenabled())
    assert collections.count(2) >= 1


@pytest.fixture
def every_collection():
    """Each collection of any generation during the test, with the collector on and made to run at almost
    every allocation (so that any stretch of work with it on shows collections)."""
    seen: list[int] = []

    def note(phase, info):
        if phase == "stop":
            seen.append(info["generation"])

    was_on, thresholds = gc.isenabled(), gc.get_threshold()
    gc.enable()
    gc.set_threshold(5, 1, 1)
    gc.callbacks.append(note)
    try:
        yield seen
    finally:
        gc.callbacks.remove(note)
        gc.set_threshold(*thresholds)
        if was_on:
            gc.enable()
        else:
            gc.disable()


def test_the_corpus_is_parsed_and_checked_without_collections(mini, monkeypatch, every_collection):
    """What the parse and the build's checks make lives as long as the corpus: no collection walks it while
    it grows (on the benchmark's corpus, five full collections, 0.3 s of a cold build's serial start)."""
    from cmg.project import load_project
    from cmg.validate import ParseCache, cached_local_findings, load_corpus

    monkeypatch.delenv("CMG_CACHE_DIR", raising=False)  # the project copy's own cache folder
    project = load_project(mini.root / "mkdocs.yml")
    every_collection.clear()
    corpus = load_corpus(project, ParseCache())
    during_parse = len(every_collection)  # (counted before anything else is allocated)
    local = cached_local_findings(corpus)
    during_checks = len(every_collection) - during_parse
    assert corpus.files and local is not None and local.by_pair
    # each: the one collection as the collector comes back on (allocations went on being counted while it
    # was off, so the first one after collects); with it on all along, dozens at these thresholds
    assert (during_parse, during_checks) == (1, 1)
    assert gc.isenabled()  # and on again afterwards
    [[] for _ in range(100)]
    assert every_collection


def test_the_build_freezes_its_corpus_before_any_collection(mini, tmp_path, monkeypatch, every_collection,
                                                             fake_children):
    """`cmg build` parses the guides, works out the translations' states and word diffs and validates with
    the collector off, and freezes what that made before turning it on: no collection walks the corpus in
    this process, and each locale's build (forked) starts with the collector on."""
    from cmg import validate as validation

    events: list[tuple] = []
    pb = fake_children(events, lambda locale: ("build", locale, gc.isenabled(), list(every_collection)))
    frozen_when_on: list[bool] = []
    freeze, load_corpus = gc.freeze, validation.load_corpus
    parse_starts: list[int] = []

    def parse(*args, **kwargs):
        parse_starts.append(len(every_collection))
        return load_corpus(*args, **kwargs)

    def prepare(project, corpus, states):
        events.append(("prepare", gc.isenabled()))
        [[] for _ in range(100)]  # what the word diffs make

    def validate(corpus, quiet):
        events.append(("validate", gc.isenabled()))
        [[] for _ in range(100)]
        return False

    monkeypatch.setattr(gc, "freeze", lambda: frozen_when_on.append(gc.isenabled()) or freeze())
    monkeypatch.setattr(validation, "load_corpus", parse)
    monkeypatch.setattr(pb, "_prepare_translations", prepare)
    monkeypatch.setattr(pb, "_validate", validate)
    monkeypatch.setenv("CMG_CACHE_DIR", str(tmp_path / "cache"))
    assert pb.build(mini.root / "mkdocs.yml", site_dir=str(tmp_path / "site"), quiet=True) == 0
    # the mini project's default locale (es) is a translation; its source is en
    assert [e[:3] for e in events] == [("build", "en", True), ("prepare", False), ("build", "es", True),
                                       ("build", "ko", True), ("validate", False), ("merge",)]
    # none from the parse to the first locale's start: the corpus went into the frozen generation unwalked
    assert len(parse_starts) == 1 and events[0][3][parse_starts[0]:] == []
    assert frozen_when_on == [False, False, False]
    assert gc.isenabled()

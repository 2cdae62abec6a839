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

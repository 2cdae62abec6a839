"""The search sections of a page (engine/search_sections.py) are exactly Material's parser's, or the
page is left to Material's parser: compared on tricky HTML, on generated HTML and through the index."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from material.plugins.search import plugin as material_search

from cmg.engine.caches.search import CachingSearchIndex, install
from cmg.engine.search_sections import sections
from conftest import HTML_SUBSET_CASES as CASES
from conftest import HTML_SUBSET_FALLBACKS as FALLBACKS
from conftest import HTML_SUBSET_HEADING as HEADING
from conftest import HTML_SUBSET_PAGES as _HTML


def material(html: str) -> list[tuple]:
    parser = material_search.Parser()
    parser.feed(html)
    parser.close()
    return shape(parser.data)


def shape(found) -> list[tuple]:
    return [(s.el.tag, s.el.attrs, s.depth, s.id, s.title, s.text, s.is_excluded()) for s in found]


@pytest.mark.parametrize("html", CASES.values(), ids=CASES.keys())
def test_the_same_sections_as_materials_parser(html):
    found = sections(html)
    assert found is not None, "inside the subset"
    assert shape(found) == material(html)


@pytest.mark.parametrize("html", FALLBACKS.values(), ids=FALLBACKS.keys())
def test_html_outside_the_subset_is_left_to_materials_parser(html):
    assert sections(html) is None


def test_what_materials_parser_fails_on_still_fails_through_it():
    with pytest.raises(ValueError):
        material(FALLBACKS["what Material's parser fails on"])


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_HTML)
def test_generated_html_gives_materials_sections_or_none(html):
    found = sections(html)
    try:
        expected = material(html)
    except ValueError:  # Material's parser fails on this page: so must the build, through it
        assert found is None
        return
    if found is not None:
        assert shape(found) == expected


def _page(html: str, **meta) -> SimpleNamespace:
    item = SimpleNamespace(id="c1", url="#c1", children=[SimpleNamespace(id="c1-1", url="#c1-1", children=[])])
    return SimpleNamespace(content=html, meta=meta, toc=[item], url="guia/", title="Guía")


@pytest.mark.parametrize("meta", [{}, {"tags": ["plazo", 3, None]}, {"search": {"boost": 2}},
                                  {"search": {"exclude": True}}, {"title": "Otro título"}])
def test_the_index_is_materials_byte_for_byte(meta):
    html = "".join([*CASES.values(), HEADING.format(id="c1", title="1 Multas"), "<h3 id='c1-1'>1.1</h3><p>x</p>"])
    config = {"lang": ["es"], "separator": r"[\s\-]+", "pipeline": [], "fields": {}}
    ours, theirs = CachingSearchIndex(**config), material_search.SearchIndex(**config)
    for index in (ours, theirs):
        for part in (html, FALLBACKS["script"]):  # one page ours, one Material's
            index.add_entry_from_context(_page(part, **meta))
    assert ours.generate_search_index(None) == theirs.generate_search_index(None)
    assert meta.get("search", {}).get("exclude") or json.loads(ours.generate_search_index(None))["docs"]


def test_our_index_takes_materials_place_with_and_without_the_cache(tmp_path, monkeypatch):
    config = {"lang": ["es"], "separator": " ", "pipeline": [], "fields": {}}
    plugin = SimpleNamespace(search_index=material_search.SearchIndex(**config))
    assert install(plugin, None) is None  # no cache folder: no cache, our parsing all the same
    assert type(plugin.search_index) is CachingSearchIndex and plugin.search_index.cache is None
    monkeypatch.setenv("CMG_NO_SEARCH_CACHE", "1")
    plugin = SimpleNamespace(search_index=material_search.SearchIndex(**config))
    assert install(plugin, tmp_path / "es-x.json") is None
    assert type(plugin.search_index) is CachingSearchIndex
    monkeypatch.delenv("CMG_NO_SEARCH_CACHE")
    plugin = SimpleNamespace(search_index=material_search.SearchIndex(**config))
    assert install(plugin, tmp_path / "es-x.json") is plugin.search_index.cache is not None
    other = SimpleNamespace(search_index=object())  # another plugin's index is left alone
    assert install(other, None) is None and type(other.search_index) is object

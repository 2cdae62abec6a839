"""The navigation cache (nav_cache.py, overrides/partials/nav.html) changes no page, only the time."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from mkdocs.structure.files import File
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

from cmg.engine.caches.nav import NavCache
from conftest import ROOT, parallel_build, tree

MATERIAL_NAV = Path(jinja2.__file__).parents[1] / "material" / "templates" / "partials" / "nav.html"
OURS = ROOT / "overrides" / "partials" / "nav.html"
HEADER = re.compile(r"\A\{#-.*?-#\}\n", re.S)


def test_override_is_materials_nav_with_one_call_routed_through_the_cache():
    """If a Material upgrade changes nav.html, this fails: copy the new file and route the call again."""
    theirs = HEADER.sub("", MATERIAL_NAV.read_text(encoding="utf-8"))
    ours = HEADER.sub("", OURS.read_text(encoding="utf-8"))
    original = "{{ item.render(nav_item, path, 1) }}"
    routed = ("{{ cmg_nav_item(item.render, nav_item, path, 1, page, base_url) if cmg_nav_item is defined "
              "else item.render(nav_item, path, 1) }}")
    assert theirs.count(original) == 1
    assert ours == theirs.replace(original, routed)


def _page(url_path: str) -> Page:
    f = File(f"{url_path}index.md", "/docs", "/site", use_directory_urls=True)
    return Page(None, f, {})


def test_an_inactive_item_is_rendered_once_per_set_of_relative_urls():
    cache = NavCache()
    target, here, sibling, deeper = _page("g3/"), _page("g1/"), _page("g2/"), _page("a/b/")
    calls = []

    def macro(item, path, level):
        calls.append(item)
        return f"<li>{getattr(item, 'url', item.title)}</li>"

    assert cache.render(macro, target, "__nav_3", 1, here) == "<li>g3/</li>"
    assert cache.render(macro, target, "__nav_3", 1, sibling) == "<li>g3/</li>"
    assert len(calls) == 1  # the same links seen from g1/ and g2/: ../g3/
    cache.render(macro, target, "__nav_3", 1, deeper)  # ../../g3/: another rendering
    cache.render(macro, target, "__nav_4", 1, here)  # another position: another rendering
    assert len(calls) == 3
    target.active = True  # on the current page's path: always rendered, as Material does
    cache.render(macro, target, "__nav_3", 1, here)
    assert len(calls) == 4
    section = Section("Guides", [_page("g5/"), _page("g6/")])
    cache.render(macro, section, "__nav_5", 1, here)
    cache.render(macro, section, "__nav_5", 1, sibling)
    assert len(calls) == 5
    cache.reset()  # a new build (locale): nothing is reused
    cache.render(macro, section, "__nav_5", 1, here)
    assert len(calls) == 6


def test_shipped_site_is_the_same_with_and_without_the_cache(shipped, tmp_path, monkeypatch):
    """Every page of the shipped guides, in every locale (nested sections, the active one among them)."""
    monkeypatch.setenv("CMG_PDF", "false")
    with_cache = parallel_build(shipped.root, tmp_path / "cached")
    assert with_cache.returncode == 0, with_cache.stderr[-3000:]
    monkeypatch.setenv("CMG_NO_NAV_CACHE", "1")
    without = parallel_build(shipped.root, tmp_path / "plain")
    assert without.returncode == 0, without.stderr[-3000:]
    expected, got = tree(tmp_path / "plain"), tree(tmp_path / "cached")
    assert sorted(got) == sorted(expected)
    assert [name for name in expected if expected[name] != got[name]] == []
    assert any(b'class="md-nav__item md-nav__item--active' in got[n] for n in got if n.endswith(".html"))

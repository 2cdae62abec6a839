"""Glossary terms in a browser (issue 19 point 9), over the tiny project with the site's theme
overrides: a term is a link to its entry on the glossary page of the reader's locale, reached with
the Tab key once per page, with its definition as a tooltip on focus and on hover."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, ROOT, copy_project


@pytest.fixture(scope="module")
def themed_mini_url(tmp_path_factory):
    from sitecheck import build_site, serve_directory

    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("themed") / "mini")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n  features: [content.tooltips]\n")
    text = text.replace("plugins:\n", "extra_javascript: [assets/javascripts/cmg.js]\n"
                                      "extra_css: [assets/stylesheets/cmg.css]\nplugins:\n", 1)
    config.write_text(text, encoding="utf-8")
    site = root / "site"
    result = build_site(root, site, strict=False)
    assert result.returncode == 0, result.stderr[-4000:]
    server = serve_directory(site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize(("prefix", "definition"), [("", "Comprobación de lo entregado."),
                                                    ("ko/", "납품된 것이 계약에 맞는지 확인하는 일.")])
def test_a_term_leads_to_its_entry_and_shows_its_definition_on_focus(browser, themed_mini_url, prefix, definition):
    page = browser.new_page()
    try:
        page.goto(f"{themed_mini_url}{prefix}demo/")
        links = page.locator("article a.cmg-term")
        assert links.count() >= 2
        # each term once in the Tab order
        stops = page.evaluate("Array.from(document.querySelectorAll('a.cmg-term')).filter(a => a.tabIndex >= 0)"
                              ".map(a => a.getAttribute('data-cmg-term'))")
        assert stops and len(stops) == len(set(stops)), stops
        first = page.locator("article a.cmg-term[href$='#term-inspection']").first
        first.focus()
        tip = page.locator(".md-tooltip--active, .md-tooltip2--active").first
        tip.wait_for(state="visible", timeout=10000)
        assert tip.inner_text().strip() == definition
        page.keyboard.press("Enter")
        page.wait_for_url(f"{themed_mini_url}{prefix}glossary/#term-inspection", timeout=10000)
        assert page.locator("h2#term-inspection").count() == 1
    finally:
        page.close()

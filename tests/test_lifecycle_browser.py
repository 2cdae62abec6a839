"""Old addresses keep working in a real browser (issue 20, points 1 and 2): after `cmg rename` and
`cmg move`, a permalink or citation copied before (``…/demo/#old-id``) lands on the clause — the renamed
one through its alias anchor, the moved one through the notice at its old place, which the site's script
follows to the clause's new guide. A tiny fixture site, built once, served from a loopback port."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, PREFIX, ROOT, ProjectCopy, cmg, copy_project, quick_build

EN = "guides/demo/index.md"
EXTRA = """---
guide: extra
number: 2
title: {title}
version: 1.0.0
status: draft
effective: 2026-12-01
applies_to: [goods]
---

# {title}

## 1 {head} {{#ex-first}}

{body}
"""
EXTRA_TEXTS = {"guides": ("Extra guide", "First", "The supplier must deliver on time."),
               "translations/es": ("Guía extra", "Primero", "El proveedor debe entregar a tiempo."),
               "translations/ko": ("추가 지침", "첫째", "공급자는 기한 내에 납품해야 한다.")}
VIEWPORT = {"width": 420, "height": 360}  # a small screen: the clause is below the fold, the jump must scroll


@pytest.fixture(scope="module")
def lifecycle_site(tmp_path_factory):
    from sitecheck import serve_directory

    base = tmp_path_factory.mktemp("lifecycle")
    mini = ProjectCopy(copy_project(FIXTURES / "mini", base / "mini"))
    # the site's own theme overrides and script, which follows a moved clause's notice
    shutil.copytree(ROOT / "overrides", mini.path("overrides"))
    mini.replace("mkdocs.yml", "  font: false\n", "  font: false\n  custom_dir: overrides\n"
                 "extra_css:\n  - assets/stylesheets/cmg.css\nextra_javascript:\n  - assets/javascripts/cmg.js\n")
    for folder, (title, head, body) in EXTRA_TEXTS.items():  # a second guide, for the clause to move to
        mini.write(f"{folder}/extra/index.md", EXTRA.format(title=title, head=head, body=body))
    mini.replace("mkdocs.yml", "  - demo/index.md\n", "  - demo/index.md\n  - extra/index.md\n")
    cmg(mini.root, "move", f"{EN}#dm-inspection", "extra")  # demo/#dm-inspection → extra/#dm-inspection
    cmg(mini.root, "rename", f"{EN}#dm-rate", "dm-daily-rate")  # demo/#dm-rate → demo/#dm-daily-rate
    r = quick_build(mini.root, base / "site", base / "cache")
    assert r.returncode == 0, r.stderr[-3000:]
    server = serve_directory(base / "site")
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def _lands_on(page, clause_id: str) -> None:
    """The clause's heading is on screen, below the site's sticky header, after the page scrolled to it."""
    page.wait_for_function(f"document.getElementById({clause_id!r}) !== null")
    page.wait_for_timeout(100)  # the browser's jump to the fragment, after the load
    box = page.evaluate(f"""() => {{
        const h = document.getElementById({clause_id!r}).getBoundingClientRect();
        const header = document.querySelector('.md-header').getBoundingClientRect();
        return {{top: h.top, bottom: h.bottom, header: header.bottom, height: innerHeight, scrolled: scrollY}};
    }}""")
    assert box["scrolled"] > 0, box  # the page did move to the clause
    assert box["header"] <= box["top"] and box["bottom"] <= box["height"], box


@pytest.mark.browser
@pytest.mark.parametrize("locale", list(PREFIX))
def test_a_renamed_clauses_old_address_lands_on_it(browser, lifecycle_site, locale):
    page = browser.new_page(viewport=VIEWPORT)
    try:
        page.goto(f"{lifecycle_site}{PREFIX[locale]}demo/#dm-rate")
        _lands_on(page, "dm-daily-rate")
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("locale", list(PREFIX))
def test_a_moved_clauses_old_address_lands_on_it_in_its_new_guide(browser, lifecycle_site, locale):
    page = browser.new_page(viewport=VIEWPORT)
    try:
        page.goto(f"{lifecycle_site}{PREFIX[locale]}demo/#dm-inspection")
        page.wait_for_url(f"{lifecycle_site}{PREFIX[locale]}extra/#dm-inspection", timeout=10000)
        _lands_on(page, "dm-inspection")
    finally:
        page.close()

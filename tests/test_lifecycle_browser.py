"""Old addresses keep working in a real browser (issue 20, points 1 and 2): after `cmg rename` and
`cmg move`, a permalink or citation copied before (``…/demo/#old-id``) lands on the clause — the renamed
one through its alias anchor, the moved one through the notice at its old place, which the site's script
follows to the clause's new guide. A tiny fixture site, built once, served from a loopback port."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, PREFIX, ProjectCopy, build_moved_clause_site, copy_project

VIEWPORT = {"width": 420, "height": 360}  # a small screen: the clause is below the fold, the jump must scroll


@pytest.fixture(scope="module")
def lifecycle_site(tmp_path_factory):
    from sitecheck import serve_directory

    base = tmp_path_factory.mktemp("lifecycle")
    mini = ProjectCopy(copy_project(FIXTURES / "mini", base / "mini"))
    r = build_moved_clause_site(mini, base / "site", base / "cache")
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

"""The reader's country in headless Chromium: the switch on a guide page shows the country's value at
each reference with its basis on focus and the "to be confirmed" mark; the choice persists across
pages, languages and the offline copy, travels in the URL, and the copied citation names the country."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

RATE = '.cmg-param[data-param="delay-fine-rate"] >> nth=0'


def test_panama_reader_keeps_the_country_across_pages_and_languages(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    page = context.new_page()
    try:
        page.goto(f"{site_url}delays/")
        assert "contrato" in page.locator(RATE).inner_text()  # the standard text, before any choice
        page.select_option("#cmg-country", "pa")
        ref = page.locator(RATE)
        assert "1/30 %" in ref.inner_text() and ref.locator(".cmg-tbc").inner_text() == "por confirmar"
        assert "country=pa" in page.url
        # the basis on keyboard focus (and on tap, which focuses)
        ref.focus()
        tip = ref.locator(".cmg-param__basis")
        assert tip.is_visible() and "Ley 22" in tip.inner_text() and "Panamá" in tip.inner_text()
        # the chosen country's rows stand out in the tables
        assert page.locator("tr.cmg-chosen").count() > 0
        # the copied citation names the country, and its URL carries it
        page.locator("#dl-ld-rate .cmg-cite").click()
        cite = page.locator("#dl-ld-rate .cmg-cite").get_attribute("data-citation")
        assert "Panamá" in cite and "country=pa" in cite
        # another page of the site
        page.locator(".md-content a[href*='quality/']").first.click()
        page.wait_for_load_state()
        assert "country=pa" in page.url and page.locator("#cmg-country").input_value() == "pa"
        # another language: the language selector
        page.goto(f"{site_url}delays/")
        page.locator(".md-select__link[hreflang=en]").first.dispatch_event("click")
        page.wait_for_url("**/en/delays/**", timeout=15000)
        assert page.locator("#cmg-country").input_value() == "pa"
        assert "to be confirmed" in page.locator(RATE).inner_text()
        # a page opened without the parameter reads the stored choice
        page.goto(f"{site_url}ko/delays/")
        assert page.locator("#cmg-country").input_value() == "pa" and "확인 필요" in page.locator(RATE).inner_text()
        # back to the standard text
        page.select_option("#cmg-country", "")
        assert "계약서" in page.locator(RATE).inner_text() and "country=" not in page.url
    finally:
        context.close()


def test_a_shared_link_opens_with_its_country(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{site_url}en/delays/?country=sv#dl-delay-damages")
        text = page.locator(RATE).inner_text()
        assert "LACAP" in text and "0.1 %" in text
        assert page.locator(RATE).locator(".cmg-tbc").count() == 1  # the LCP variant is not confirmed
        assert page.locator("#cmg-country").input_value() == "sv"
        # the calculator takes the country from the switch
        page.goto(f"{site_url}en/calculator/")
        assert page.locator("#cmg-calc-country").input_value() == "sv"
    finally:
        context.close()


@pytest.fixture(scope="module")
def offline_root(shipped_site, tmp_path_factory) -> Path:
    site, _ = shipped_site
    (archive,) = list((site / "downloads").glob("*.zip"))
    out = tmp_path_factory.mktemp("offline-country")
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(out)
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    return folder


def test_offline_copy_keeps_the_country(browser, offline_root):
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto((offline_root / "delays" / "index.html").as_uri())
        page.select_option("#cmg-country", "hn")
        assert "0.36 %" in page.locator(RATE).inner_text()
        page.locator(".md-content a[href*='quality/index.html']").first.click()
        page.wait_for_load_state()
        assert page.locator("#cmg-country").input_value() == "hn"
        page.goto((offline_root / "en" / "delays" / "index.html").as_uri())
        assert page.locator("#cmg-country").input_value() == "hn"
        assert all(u.split(":")[0] in ("file", "data", "blob", "about") for u in requests), requests
    finally:
        context.close()


def test_switch_and_calculator_have_labels_and_no_serious_axe_findings(browser, site_url):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = browser.new_page()
    problems = []
    try:
        for path in ("delays/?country=pa", "en/calculator/?country=sv", "ko/payments/?country=hn"):
            page.goto(site_url + path)
            if page.locator(".cmg-param[data-country]").count():
                page.locator(".cmg-param[data-country]").first.focus()  # the basis shown
            for v in axe.run(page).response["violations"]:
                if v["impact"] in ("serious", "critical"):
                    problems.append(f"{path}: {v['id']} {v['nodes'][0]['target']}")
            assert page.locator('label[for="cmg-country"]').count() == 1
    finally:
        page.close()
    assert problems == []


def test_korean_practice_reads_koreas_value_with_its_basis_whatever_the_country(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{site_url}en/delays/")
        fixed = page.locator("#dl-ld-days ~ .admonition.korea .cmg-pinned >> nth=0")
        assert fixed.inner_text().startswith("14 calendar days")  # Korea's inspection period, from kr.yml
        assert fixed.get_attribute("tabindex") == "0"
        fixed.focus()
        tip = fixed.locator(".cmg-param__basis")
        assert tip.is_visible() and "Korean practice" in tip.inner_text()
        # the country switch changes the pilot figures, never Korea's
        page.select_option("#cmg-country", "pa")
        assert fixed.inner_text().startswith("14 calendar days")
        # Korea's table of daily rates: one row per contract type, no country column, not a pilot row
        table = page.locator("#dl-ld-rate ~ .admonition.korea table >> nth=0")
        assert table.locator("tbody tr").count() == 3 and "0.075 % per day" in table.inner_text()
        assert table.locator("tr.cmg-chosen").count() == 0
    finally:
        context.close()

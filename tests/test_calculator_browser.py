"""The calculator's JavaScript in headless Chromium gives the same results as the Python calculator
for every worked example (and the cases around them), and the built calculator page shows them."""

from __future__ import annotations

import json

import pytest

from cmg.calculator import compute, country_data, inputs_from, result_data
from cmg.countries import load_profiles
from conftest import EXAMPLES, ROOT

SCRIPT = ROOT / "overrides" / "assets" / "javascripts" / "cmg-calculator.js"

MORE = {  # beyond the guides' examples: a capped total, Panamá's 1/30 %, an LCP contract, dates
    "capped": {"contractValue": "1000", "daysAfterDue": 300, "rate": "0.1", "cap": "10"},
    "pa": {"contractValue": "123456.78", "lateValue": "50000", "daysAfterDue": 20, "country": "pa"},
    "sv-lcp": {"contractValue": "100000", "daysAfterDue": 20, "country": "sv", "signed": "2024-01-10"},
    "hn": {"contractValue": "1000000", "daysAfterDue": 20, "country": "hn", "extensionDays": 2, "excludedDays": 1},
    "dates": {"contractValue": "5000", "due": "2024-02-27", "delivered": "2024-03-30", "rate": "0.125",
              "country": "kr", "contractType": "services"},
    "nothing": {"contractValue": "10"},
}



@pytest.mark.parametrize("locale", ["en", "es", "ko"])
def test_javascript_gives_the_python_results(browser, locale):
    profiles = load_profiles(ROOT, "countries", ["es", "en", "ko"])
    data = country_data(profiles, locale)
    cases = {name: form for name, (*_, form) in EXAMPLES.items()} | MORE
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><html><body></body></html>")
        page.add_script_tag(content=SCRIPT.read_text(encoding="utf-8"))
        for name, form in cases.items():
            expected = result_data(compute(inputs_from(form), data))
            got = page.evaluate("([i, d]) => CMGCalc.resultData(CMGCalc.compute(i, d))", [form, data])
            assert got == json.loads(json.dumps(expected)), name
    finally:
        page.close()



@pytest.mark.parametrize("prefix,expected", [("", "USD 2,362.50"), ("en/", "USD 2,362.50"), ("ko/", "2,362.50달러")])
def test_calculator_page_computes_the_goods_example(browser, site_url, prefix, expected):
    page = browser.new_page()
    try:
        page.goto(f"{site_url}{prefix}calculator/")
        form = page.locator("form.cmg-calc")
        form.wait_for(state="visible")
        for name, value in EXAMPLES["goods-usd"][3].items():
            page.fill(f"#cmg-calc-{name}", str(value))
        out = page.locator(".cmg-calc__out").inner_text()
        assert expected in out and "24 − 3 − 0 = 21" in out
        # every control has a label
        ids = page.eval_on_selector_all("form.cmg-calc input, form.cmg-calc select", "els => els.map(e => e.id)")
        for i in ids:
            assert page.locator(f'label[for="{i}"]').count() == 1, i
        # the delays guide carries the same calculator after its worked examples
        page.goto(f"{site_url}{prefix}delays/")
        assert page.locator("form.cmg-calc").count() == 1
    finally:
        page.close()

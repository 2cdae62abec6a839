"""Search finds the clause (issue 19 point 1), in a real browser over the shipped guides: the first
clause of the results for queries readers type, accent-free and with Korean particles included; the
glossary one entry per term; footnotes and staff pages out of the readers' index; a page opened from
a result highlights the accented forms of a word typed without accents."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from test_browser import PREFIX, browser, site_url  # noqa: F401 - fixtures

# (query, the clause that must come first: the first section of the first page in the results)
RANKING = {
    "es": [
        # the exact word in a clause's title: "8.5 La multa como acto administrativo" (guide 2)
        ("multa", "delays/#dl-fine-procedure"),
        ("multas por retraso", "delays/#dl-delay-damages"),
        ("prorroga", "delays/#dl-extension-of-time"),
        ("prórroga", "delays/#dl-extension-of-time"),
        ("notificacion de retraso", "delays/#dl-notice-of-delay"),
        ("notificación de retraso", "delays/#dl-notice-of-delay"),
        ("tope", "delays/#dl-ld-cap"),
        ("suspension", "delays/#dl-suspension"),
        ("resolucion del contrato", "delays/#dl-termination"),
        ("anticipo", "payments/#py-advance"),
        ("amortizacion del anticipo", "payments/#py-advance-recovery"),
        ("intereses por mora", "payments/#py-late-interest"),
        ("retencion", "payments/#py-retention"),
        ("reunion de inicio", "planning/#pl-kickoff"),
        ("registro de riesgos", "planning/#pl-risk-register"),
        ("muestreo", "quality/#qc-sampling"),
        ("inspeccion por tercero", "quality/#qc-third-party"),
        ("no conformidad", "quality/#qc-non-conformance"),
        ("reclamos", "changes/#ch-claims"),
        ("reajuste de precios", "changes/#ch-price-adjustment"),
        ("liquidacion final", "closure/#cl-final-account"),
        ("inhabilitacion", "closure/#cl-debarment"),
        ("alerta temprana", "delays/#dl-early-warning"),
        ("plan de recuperacion", "delays/#dl-recovery-plan"),
    ],
    "ko": [
        ("지체상금", "delays/#dl-delay-damages"),
        ("지체상금을", "delays/#dl-delay-damages"),  # with a particle
        ("지체상금률", "delays/#dl-ld-rate"),
        ("지체상금 상한", "delays/#dl-ld-cap"),
        ("계약기간 연장", "delays/#dl-extension-of-time"),
        ("계약기간을 연장", "delays/#dl-extension-of-time"),
        ("지체 통지", "delays/#dl-notice-of-delay"),
        ("공사정지", "delays/#dl-suspension"),
        ("계약해제", "delays/#dl-termination"),
        ("선금", "payments/#py-advance"),
        ("선금을", "payments/#py-advance"),
        ("보증서 검토", "payments/#py-security-check"),
        ("유보금", "payments/#py-retention"),
        ("지연이자", "payments/#py-late-interest"),
        ("착수회의", "planning/#pl-kickoff"),
        ("착수회의를", "planning/#pl-kickoff"),
        ("위험관리대장", "planning/#pl-risk-register"),
        ("샘플링", "quality/#qc-sampling"),
        ("전문기관검사", "quality/#qc-third-party"),
        ("부적합 보고서", "quality/#qc-ncr"),
        ("시정조치", "quality/#qc-corrective-action"),
        ("물가변동", "changes/#ch-price-adjustment"),
        ("클레임", "changes/#ch-claims"),
        ("최종 정산", "closure/#cl-final-account"),
        ("부정당업자", "closure/#cl-debarment"),
    ],
    "en": [
        ("delay damages", "delays/#dl-delay-damages"),
        ("liquidated damages", "delays/#dl-delay-damages"),
        ("extension of time", "delays/#dl-extension-of-time"),
        ("notice of delay", "delays/#dl-notice-of-delay"),
        ("suspension", "delays/#dl-suspension"),
        ("termination", "delays/#dl-termination"),
        ("advance payment", "payments/#py-advance"),
        ("retention", "payments/#py-retention"),
        ("late payment interest", "payments/#py-late-interest"),
        ("kick-off meeting", "planning/#pl-kickoff"),
        ("risk register", "planning/#pl-risk-register"),
        ("sampling plan", "quality/#qc-sampling-plan"),
        ("third-party inspection", "quality/#qc-third-party"),
        ("non-conformity report", "quality/#qc-ncr"),
        ("price adjustment", "changes/#ch-price-adjustment"),
        ("claims", "changes/#ch-claims"),
        ("final account", "closure/#cl-final-account"),
        ("debarment", "closure/#cl-debarment"),
        ("early warning", "delays/#dl-early-warning"),
        ("recovery plan", "delays/#dl-recovery-plan"),
        ("defects security", "payments/#py-defects-security"),
    ],
}


def settled_results(page, query: str) -> list[str]:
    """Type the query and return the result links once they stop changing (results appear while
    the reader types: the first ones belong to the first letters)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    page.keyboard.type(query)
    page.keyboard.press("End")  # Hangul is inserted as text, without key events: one key event starts the search
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0", timeout=60000)
    previous = None
    for _ in range(60):
        page.wait_for_timeout(250)
        current = page.evaluate("Array.from(document.querySelectorAll('.md-search-result__item > a'))"
                                ".map(a => a.getAttribute('href'))")
        if current and current == previous:
            return current
        previous = current
    return previous or []


def _local(href: str, base: str) -> str:
    parts = urlsplit(href)
    path = parts.path[len(urlsplit(base).path):] if parts.path.startswith(urlsplit(base).path) else parts.path
    return path + (f"#{parts.fragment}" if parts.fragment else "")


@pytest.mark.parametrize("locale", list(RANKING))
def test_the_clause_comes_first(browser, site_url, locale):  # noqa: F811
    assert len(RANKING[locale]) >= 20
    page = browser.new_page()
    wrong = []
    try:
        base = f"{site_url}{PREFIX[locale]}"
        page.goto(f"{base}about/")
        for query, expected in RANKING[locale]:
            hits = [_local(h, base) for h in settled_results(page, query)]
            first = next((h for h in hits if "#" in h), None)
            if first != expected:
                wrong.append((query, expected, hits[:4]))
    finally:
        page.close()
    assert not wrong, "\n".join(f"{q!r}: expected {e}, got {h}" for q, e, h in wrong)


def _index(site, locale: str) -> list[dict]:
    return json.loads((site / PREFIX[locale] / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


@pytest.mark.parametrize("locale", list(RANKING))
def test_index_has_one_entry_per_glossary_term_no_footnotes_and_no_staff_pages(shipped_site, locale):
    site, _ = shipped_site
    docs = _index(site, locale)
    pages = {d["location"].split("#")[0] for d in docs}
    assert not pages & {"translators/", "validation-rules/", "translation-status/"}, pages
    terms = [d for d in docs if d["location"].startswith("glossary/#term-")]
    assert len(terms) > 100
    html = (site / PREFIX[locale] / "glossary" / "index.html").read_text(encoding="utf-8")
    for d in terms:
        anchor = d["location"].split("#")[1]
        assert f'id="{anchor}"' in html
        assert len(d["text"]) < 1500, d["location"]  # one term, not the whole glossary
        assert "Otras formas" not in d["text"] and "Equivalentes" not in d["text"]  # labels left out
    for d in docs:
        # Python-Markdown's footnote back-reference: footnotes are not in any clause's text
        assert "↩" not in d["text"], d["location"]


def test_a_result_opened_without_accents_highlights_the_accented_forms(browser, site_url):  # noqa: F811
    page = browser.new_page()
    try:
        page.goto(f"{site_url}delays/?h=prorroga")
        page.wait_for_function("document.querySelectorAll('mark[data-md-highlight]').length > 20", timeout=30000)
        marked = page.evaluate("Array.from(document.querySelectorAll('mark[data-md-highlight]')).map(m => m.textContent)")
        assert any(m.lower() == "prórroga" for m in marked), marked[:10]
        page.goto(f"{site_url}delays/?h=pr%C3%B3rroga")
        page.wait_for_function("document.querySelectorAll('mark[data-md-highlight]').length > 20", timeout=30000)
        accented = page.evaluate("document.querySelectorAll('mark[data-md-highlight]').length")
        page.goto(f"{site_url}delays/?h=prorroga")
        page.wait_for_function("document.querySelectorAll('mark[data-md-highlight]').length > 20", timeout=30000)
        page.wait_for_timeout(500)
        folded = page.evaluate("document.querySelectorAll('mark[data-md-highlight]').length")
        assert folded >= accented * 0.9, (folded, accented)
    finally:
        page.close()


def test_korean_queries_lose_their_particles_and_keep_exact_words_first(browser, site_url):  # noqa: F811
    page = browser.new_page()
    try:
        page.goto(f"{site_url}ko/delays/")
        q = page.evaluate("window.cmgReaderQuery('지체상금을 계약기간', true)")
        assert q == "지체상금^5 지체상금 계약기간^5 계약기간", q
        assert page.evaluate("window.cmgReaderQuery('검사가 +필수', true)") == "검사^5 검사 +필수"
        assert page.evaluate("window.cmgReaderQuery('prórroga', false)") == "prórroga^5 prórroga"
    finally:
        page.close()


def test_copied_citation_has_no_search_highlight_in_its_address(browser, site_url):  # noqa: F811
    page = browser.new_page()
    try:
        page.goto(f"{site_url}delays/?h=multa#dl-delay-damages")
        button = page.locator("#dl-delay-damages .cmg-cite")
        button.click()
        page.wait_for_function("document.querySelector('#dl-delay-damages .cmg-cite').dataset.citation")
        citation = button.get_attribute("data-citation")
        assert citation and "?h=" not in citation and citation.rstrip().endswith("delays/#dl-delay-damages"), citation
    finally:
        page.close()


def test_language_switch_keeps_the_clause_in_view(browser, site_url):  # noqa: F811
    page = browser.new_page()
    try:
        page.goto(f"{site_url}delays/")
        page.evaluate("document.getElementById('dl-ld-cap').scrollIntoView()")
        page.wait_for_timeout(300)
        page.evaluate("document.querySelector('a.md-select__link[hreflang=ko]').click()")
        page.wait_for_url("**/ko/delays/**", timeout=30000)
        assert urlsplit(page.url).fragment == "dl-ld-cap", page.url
    finally:
        page.close()

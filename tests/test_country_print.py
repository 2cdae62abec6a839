"""A guide for one country, on paper and in Word: the country's values at the references with their
basis, only its rows in the tables, a country annex; the forms with its known values filled in."""

from __future__ import annotations

import re

import pytest

from cmg.countries import load_profiles
from cmg.country_print import country_content, fill_placeholders
from conftest import ROOT


@pytest.fixture(scope="module")
def profiles():
    return load_profiles(ROOT, "countries", ["es", "en", "ko"])


PAGE = ('<div class="cmg-country-switch" hidden><select id="cmg-country"></select></div>'
        '<p>Daily rate: <span class="cmg-param" data-param="delay-fine-rate">the daily rate that the contract sets</span></p>'
        '<table><tbody>'
        '<tr><td>Honduras</td><td><span class="cmg-cv" data-cc="hn" data-param="delay-fine-rate">0.36 %</span></td></tr>'
        '<tr><td>Panama</td><td><span class="cmg-cv" data-cc="pa" data-param="delay-fine-rate">1/30 %</span></td></tr>'
        '</tbody></table>'
        '<h4 class="cmg-calc__title">Calculator</h4><div class="cmg-calc-wrap"><p>x</p><form></form></div>')


def test_country_content_for_panama(profiles):
    out = country_content(PAGE, profiles, "pa", "en")
    assert "cmg-country-switch" not in out and "<form" not in out and "Calculator" not in out
    ref = re.search(r'<span class="cmg-param cmg-param--country">([^<]*)</span>', out).group(1)
    assert ref.startswith("1/30 % per day") and "(Ley 22, the article on fines (multa))" in ref
    assert ref.endswith("[to be confirmed]")
    assert '<p class="cmg-edition">Panama edition</p>' in out
    assert 'data-cc="hn"' not in out and 'data-cc="pa"' in out  # only Panama's rows
    annex = out.split('<section class="cmg-annex">', 1)[1]
    assert "Annex: the figures of Panama in this guide" in annex and "Daily rate of delay damages" in annex


def test_country_content_in_spanish_and_korean(profiles):
    es = country_content(PAGE, profiles, "sv", "es")
    assert "Contratos bajo la LACAP — días 1 a 30: 0.1 % por día" in es and "Anexo: las cifras de El Salvador" in es
    ko = country_content(PAGE, profiles, "hn", "ko")
    assert "1일당 0.36%" in ko and "[확인 필요]" in ko and "부록: 이 지침의 온두라스 수치" in ko


def test_forms_are_filled_only_with_values(profiles):
    text = "Record it in {{e_procurement_system}}; rate {{daily_rate}}; appeal to {{appeal_authority}}; {{contract_number}}"
    pa = fill_placeholders(text, profiles, "pa", "en")
    assert "Record it in PanamaCompra [to be confirmed]" in pa  # a secondary source
    assert "rate 1/30 % per day" in pa and "{{contract_number}}" in pa
    assert "appeal to Tribunal Administrativo de Contrataciones Públicas [to be confirmed]" in pa
    sv = fill_placeholders(text, profiles, "sv", "es")
    assert "{{daily_rate}}" in sv  # the LCP rate is not known: the placeholder stays for the official
    assert "{{appeal_authority}}" in sv and "COMPRASAL" in sv


def test_built_site_has_a_pdf_and_forms_per_guide_country_and_locale(shipped_site):
    from docx import Document
    from pypdf import PdfReader

    site, _ = shipped_site
    for prefix, locale in (("", "es"), ("en/", "en"), ("ko/", "ko")):
        for guide in ("planning", "delays", "quality", "changes", "payments", "closure"):
            for code in ("hn", "sv", "pa"):
                assert (site / prefix / guide / f"{guide}-{locale}-{code}.pdf").is_file(), (prefix, guide, code)
    text = "".join(p.extract_text() or "" for p in PdfReader(site / "delays" / "delays-es-pa.pdf").pages)
    flat = re.sub(r"\s+", " ", text)
    assert "Edición para Panamá" in flat and "1/30 % por día" in flat and "por confirmar" in flat
    assert "Anexo: las cifras de Panamá en esta guía" in flat
    assert "Honduras" not in flat.split("Anexo:")[1]  # the annex is Panama's only
    doc = Document(site / "delays" / "delays-forms-es-pa.docx")
    words = "\n".join(p.text for p in doc.paragraphs) + "".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "PanamaCompra" in words and "{{e_procurement_system}}" not in words
    page = (site / "en" / "countries" / "pa" / "index.html").read_text(encoding="utf-8")
    for href in re.findall(r'href="(\.\./\.\./[a-z]+/[a-z]+-en-pa\.pdf)"', page):
        assert (site / "en" / "countries" / "pa" / href).resolve().is_file(), href
    assert 'href="../../delays/delays-en-pa.pdf"' in page

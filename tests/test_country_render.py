"""Country references rendered for the site: inline standard text, value tables in the reader's
language, the "to be confirmed" mark, a no-JavaScript table per clause; the shipped pilot notes
refer to the profiles instead of restating figures."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest

from cmg.countries import load_profiles
from cmg.country_render import render_country_refs
from cmg.country_text import format_money, format_percent
from conftest import ROOT

LOCALES = ["es", "en", "ko"]
GUIDES = sorted(p.parent.name for p in (ROOT / "guides").glob("*/index.md"))

CATALOGUE = """parameters:
  rate:
    kind: rate-per-day
    label: {en: Daily rate, es: Porcentaje diario, ko: 1일당 요율}
    standard: {en: the contract's rate, es: el porcentaje del contrato, ko: "계약서의 요율"}
  office:
    kind: text
    label: {en: Office, es: Oficina, ko: 기관}
    standard: {en: the national office, es: la oficina nacional, ko: 국가 기관}
"""

PROFILE = """country: aa
pilot: true
name: {en: Aland, es: Alandia, ko: "알란드"}
currency: USD
laws:
  law1: {short: L1, name: {en: Law one, es: Ley uno, ko: "법 1"}, status: unconfirmed}
parameters:
  rate:
    - law: law1
      tiers:
        - {from_day: 1, to_day: 30, percent: "0.1"}
        - {from_day: 31, percent: "0.15"}
      basis: {law: law1, article: "85"}
      source: https://example.org/law1
      status: verified
      verified_by: Agency
      verified_on: 2026-11-30
  office:
    value:
      text: {en: "<script>alert(1)</script> Office *one* | two", es: Oficina, ko: "기관"}
    status: unconfirmed
"""


@pytest.fixture(scope="module")
def mini():
    profiles = load_profiles(Path("."), "countries", LOCALES,
                             texts={"parameters.yml": CATALOGUE.encode(), "aa.yml": PROFILE.encode()})
    assert profiles.problems == []
    return profiles


def test_inline_reference_reads_the_standard_text_in_each_locale(mini):
    md = "## 1 Rate {#c1}\n\nApply [[param:rate]] here.\n"
    assert "data-param=\"rate\">the contract's rate</span>" in render_country_refs(md, mini, "en")
    assert 'data-param="rate">el porcentaje del contrato</span>' in render_country_refs(md, mini, "es")
    assert 'data-param="rate">계약서의 요율</span>' in render_country_refs(md, mini, "ko")


def test_table_line_becomes_a_table_in_the_readers_language(mini):
    md = '!!! pilot "Pilot countries"\n    [[country-table:rate office]]\n'
    es = render_country_refs(md, mini, "es")
    lines = es.splitlines()
    assert lines[1] == "    | País | Parámetro | Valor | Base legal | Estado |"
    assert "Contratos bajo la L1 — días 1 a 30: 0.1 % por día; desde el día 31: 0.15 % por día" in es
    assert "L1, artículo 85" in es and 'href="https://example.org/law1"' in es
    ko = render_country_refs(md, mini, "ko")
    assert "1일~30일: 1일당 0.1%" in ko and "L1, 제85조" in ko
    assert all(ln.startswith("    ") for ln in lines[1:] if ln)  # stays inside the note


def test_unverified_values_carry_the_mark_and_verified_ones_do_not(mini):
    en = render_country_refs("[[country-table:rate office]]\n", mini, "en")
    rate_row = next(r for r in en.splitlines() if 'data-param="rate"' in r)
    office_row = next(r for r in en.splitlines() if 'data-param="office"' in r)
    assert "cmg-tbc" not in rate_row and "Verified" in rate_row
    assert '<span class="cmg-tbc">to be confirmed</span>' in office_row


def test_profile_text_is_escaped(mini):
    en = render_country_refs("[[country-table:office]]\n", mini, "en")
    assert "<script>" not in en and "&lt;script&gt;" in en
    row = next(r for r in en.splitlines() if 'data-param="office"' in r)
    assert row.count(" | ") == 3  # 4 cells: the "|" of the value does not split one
    assert "*one*" not in row


def test_a_clause_with_inline_references_gets_a_table_of_their_values(mini):
    md = "## 1 A {#a}\n\nUse [[param:rate]].\n\n## 2 B {#b}\n\nUse [[param:office]].\n\n" \
         '!!! pilot "P"\n    [[country-table:office]]\n'
    out = render_country_refs(md, mini, "en")
    first, second = out.split("## 2 B")
    assert '??? country "Values in the pilot countries"' in first and 'data-param="rate"' in first
    assert "??? country" not in second  # the clause's own table already shows it


def test_references_in_code_are_left_alone(mini):
    md = "```\n[[param:rate]]\n[[country-table:rate]]\n```\n"
    assert render_country_refs(md, mini, "en") == md


def test_locale_formats():
    assert format_percent(Fraction(3, 40), "en") == "0.075 %"
    assert format_percent(Fraction(3, 40), "ko") == "0.075%"
    assert format_percent(Fraction(1, 30), "es", "1/30") == "1/30 %"
    assert format_money(Fraction(4725, 2), "USD", "es") == "USD 2,362.50"
    assert format_money(1_000_000, "KRW", "ko") == "1,000,000원"
    assert format_money(12000, "USD", "ko") == "12,000.00달러"


def test_missing_locale_text_falls_back_to_the_source_with_an_info():
    cat = CATALOGUE.replace(", ko: 기관}\n    standard", "}\n    standard")
    profiles = load_profiles(Path("."), "countries", LOCALES, texts={"parameters.yml": cat.encode()})
    codes = [(p.code, p.line) for p in profiles.problems]
    assert codes == [("CMG709", 8)], profiles.problems  # the line of the label
    assert "ko" in profiles.problems[0].message
    assert profiles.catalogue["office"].label.get("ko") == "Office"
    no_en = CATALOGUE.replace("{en: Office, ", "{")
    profiles = load_profiles(Path("."), "countries", LOCALES, texts={"parameters.yml": no_en.encode()})
    assert [p.code for p in profiles.problems] == ["CMG701"]


# ---------------------------------------------------------------- the shipped guides


def _pilot_notes(text: str) -> list[list[str]]:
    notes, cur = [], None
    for ln in text.split("\n"):
        if ln.startswith("!!! pilot"):
            cur = []
            notes.append(cur)
        elif cur is not None and (ln.startswith("    ") or not ln.strip()):
            cur.append(ln)
        else:
            cur = None
    return notes


@pytest.mark.parametrize("guide", GUIDES)
def test_every_pilot_note_of_every_locale_is_generated_from_the_profiles(guide):
    files = {"en": ROOT / "guides" / guide / "index.md"}
    files.update({loc: ROOT / "translations" / loc / guide / "index.md" for loc in ("es", "ko")})
    tables = {}
    for loc, path in files.items():
        notes = _pilot_notes(path.read_text(encoding="utf-8"))
        for body in notes:
            text = "\n".join(body)
            assert re.search(r"\[\[(country-table|param):", text), (path, text)
            # no national figure restated: no percentage and no count of days in a pilot note
            prose = re.sub(r"\[\[[^\]]*\]\]", "", text)
            assert not re.search(r"\d\s*%|\d+\s*(business|working|calendar)? ?days|\d+\s*días|\d+\s*(영업)?일", prose), \
                (path, prose)
        tables[loc] = [re.findall(r"\[\[country-table:([^\]]*)\]\]", "\n".join(b)) for b in notes]
    assert tables["es"] == tables["en"] == tables["ko"]


def test_shipped_pilot_tables_render_every_pilot_in_every_locale():
    profiles = load_profiles(ROOT, "countries", LOCALES)
    md = (ROOT / "guides" / "delays" / "index.md").read_text(encoding="utf-8")
    for loc in LOCALES:
        out = render_country_refs(md, profiles, loc)
        assert "[[param:" not in out and "[[country-table:" not in out
        for cc in ("hn", "sv", "pa"):
            assert f'data-cc="{cc}" data-param="delay-fine-rate"' in out
    es = render_country_refs(md, profiles, "es")
    assert "Contratos bajo la LACAP — días 1 a 30: 0.1 % por día" in es
    assert "1/30 % por día" in es  # Panamá, as the law writes it, and marked
    pa_row = next(r for r in es.splitlines() if 'data-cc="pa" data-param="delay-fine-rate"' in r)
    assert "por confirmar" in pa_row


# ---------------------------------------------------------------- the built site


@pytest.mark.parametrize("prefix,tbc,summary", [("", "por confirmar", "Valores en los países piloto"),
                                                 ("en/", "to be confirmed", "Values in the pilot countries"),
                                                 ("ko/", "확인 필요", "시범국가별 내용")])
def test_built_delays_page_shows_standard_text_tables_and_marks(shipped_site, prefix, tbc, summary):
    site, _ = shipped_site
    page = (site / prefix / "delays" / "index.html").read_text(encoding="utf-8")
    assert "[[param:" not in page and "[[country-table:" not in page
    # the standard text at the reference, the values of every pilot in a table, without JavaScript
    assert re.search(r'<span class="cmg-param" data-param="delay-fine-rate">[^<]+</span>', page)
    assert f"<summary>{summary}</summary>" in page
    for cc in ("hn", "sv", "pa"):
        assert re.search(rf'<td><span class="cmg-cv" data-cc="{cc}" data-param="delay-fine-rate"', page), cc
    assert f'<span class="cmg-tbc">{tbc}</span>' in page
    assert "<script>" not in page.split('<span class="cmg-cv"', 1)[1].split("</table>", 1)[0]


def test_a_comma_in_an_unquoted_text_is_an_error_not_a_silent_cut():
    cat = CATALOGUE.replace("label: {en: Office, es: Oficina, ko: 기관}", "label: {en: Office, desk, es: Oficina, ko: 기관}")
    profiles = load_profiles(Path("."), "countries", LOCALES, texts={"parameters.yml": cat.encode()})
    [p] = profiles.problems
    assert p.code == "CMG701" and p.line == 8 and "'desk' is not a locale" in p.message and "quotes" in p.hint


def test_a_pinned_reference_shows_that_countrys_value_whatever_the_reader_chose(mini):
    md = "## 1 Case {#c1}\n\nIn Aland: [[param:rate@aa/law1]] and [[param:office@aa]].\n"
    en = render_country_refs(md, mini, "en")
    rate = re.search(r'<span class="cmg-pinned" data-country="aa" data-param="rate"[^>]*>(.*?)</span>', en).group(1)
    assert rate == "days 1 to 30: 0.1 % per day; from day 31: 0.15 % per day"  # verified: no mark
    office = re.search(r'data-param="office" data-status="unconfirmed"[^>]*>(.*?)</span></span>', en).group(1)
    assert "&lt;script&gt;" in office and office.endswith('<span class="cmg-tbc">to be confirmed')
    assert 'class="cmg-param"' not in en.split("??? country")[0]  # the switch has nothing to replace here
    assert '??? country "Values in the pilot countries"' in en  # basis and source of both, without hover
    ko = render_country_refs(md, mini, "ko")
    assert "1일~30일: 1일당 0.1%" in ko and '<span class="cmg-tbc">확인 필요</span>' in ko


def test_a_pinned_case_gets_a_plain_table_of_its_country_only(mini):
    md = "## 1 Case {#c1}\n\nIn Aland: [[param:office@aa]].\n\n## 2 Next {#c2}\n\nText.\n"
    out = render_country_refs(md, mini, "en").split("## 2 Next")[0]
    table = out.split("??? country")[1]
    assert "| Aland | Office |" in table and "To be confirmed" in table
    assert "data-cc" not in table  # neither the switch nor a country edition picks or drops these rows

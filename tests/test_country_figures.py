"""National figures written out in guide text (CMG707) and references to one named country's value
(``[[param:ID@kr]]``, ``[[country-table:ID@kr]]``): each form that CMG707 once missed — a Korean-practice
note, a table row, a sentence that names the country, per-mille and decimal-comma formats, ranges —
and each place where a number is not a national figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmg.countries import load_profiles
from cmg.country_checks import file_findings, usage_findings
from cmg.country_print import country_content
from cmg.country_render import render_country_refs
from cmg.parse import parse_guide_text

LOCALES = ["en", "es", "ko"]
CATALOGUE = """parameters:
  rate:
    kind: rate-per-day
    label: {en: Daily rate, es: Porcentaje diario, ko: 1일당 요율}
    standard: {en: the rate in the contract, es: el porcentaje del contrato, ko: 계약서에 정한 요율}
  cap:
    kind: percentage
    label: {en: Cap, es: Tope, ko: 상한}
    standard: {en: the cap in the contract, es: el tope del contrato, ko: 계약서에 정한 상한}
  security:
    kind: percentage
    label: {en: Defects security, es: Garantia, ko: 하자보수보증금}
    standard: {en: the contract's percentage, es: el porcentaje del contrato, ko: 계약서에 정한 비율}
  inspection:
    kind: period
    label: {en: Inspection period, es: Plazo de inspeccion, ko: 검사 기한}
    standard: {en: the period in the contract, es: el plazo del contrato, ko: 계약서에 정한 기한}
"""
KOREA = """country: kk
pilot: false
name: {en: Korean practice, es: Practica coreana, ko: 한국 실무}
admonition: korea
called: {en: [Korea, Korean], es: [Corea, coreana], ko: [한국]}
laws:
  rule: {short: Rule, name: {en: Rule, es: Reglamento, ko: Rule}, status: secondary}
parameters:
  rate:
    - contract_types: [works]
      value: {percent: "0.05"}
      basis: {law: rule, article: "75"}
      status: secondary
    - contract_types: [goods]
      value: {percent: "0.075"}
      basis: {law: rule, article: "75"}
      status: secondary
  cap:
    value: {percent: "30"}
    basis: {law: rule, article: "24"}
    source: https://example.org/gc
    status: verified
    verified_by: Agency
    verified_on: 2026-11-26
  security:
    value: {range: ["2", "10"]}
    status: secondary
  inspection:
    value: {days: 14, day_kind: calendar}
    status: secondary
"""
ARCADIA = """country: aa
pilot: true
name: {en: Arcadia, es: Arcadia, ko: Arcadia}
laws:
  old: {short: OLD, name: {en: Old Law, es: Ley Antigua, ko: Old}, governs: {signed_before: 2023-03-10}, status: secondary}
  new: {short: NEW, name: {en: New Law, es: Ley Nueva, ko: New}, governs: {signed_from: 2023-03-10}, status: secondary}
parameters:
  rate:
    value: {percent: "0.36"}
    status: unconfirmed
  cap:
    - law: old
      value: {percent: "12"}
      status: secondary
    - law: new
      unknown: {en: check the New Law, es: consulte la Ley Nueva, ko: check}
      status: unconfirmed
  security:
    not_set: {en: the contract sets it, es: lo fija el contrato, ko: contract}
    status: secondary
  inspection:
    unknown: {en: check the New Law, es: consulte la Ley Nueva, ko: check}
    status: unconfirmed
"""


@pytest.fixture(scope="module")
def profiles():
    p = load_profiles(Path("."), "countries", LOCALES,
                      texts={"parameters.yml": CATALOGUE.encode(), "kk.yml": KOREA.encode(),
                             "aa.yml": ARCADIA.encode()})
    assert p.problems == []
    return p


def guide(body: str, locale: str = "en"):
    text = ("---\nguide: demo\nnumber: 1\ntitle: Demo\nversion: 1.0.0\nstatus: draft\neffective: 2026-12-01\n"
            f"applies_to: [goods]\n---\n\n# Demo\n\n## 1 Clause {{#dm-one}}\n\n{body}\n")
    path = "guides/demo/index.md" if locale == "en" else f"translations/{locale}/demo/index.md"
    return parse_guide_text(text, path=path, locale=locale, guide="demo", rel="demo/index.md")


def flagged(profiles, body: str, locale: str = "en") -> list[str]:
    return [f.message for f in file_findings(guide(body, locale), profiles) if f.code == "CMG707"]


KOREA_NOTE = '!!! korea "Korean practice"\n    '


@pytest.mark.parametrize("locale, body, param", [
    # the note of Korean practice: Korea's figures, not only the pilot countries' (the rule looked at pilot notes only)
    ("en", KOREA_NOTE + "Goods: 0.075 % a day.", "rate@kk"),
    ("en", KOREA_NOTE + "Goods: 0.075% a day.", "rate@kk"),
    ("es", KOREA_NOTE + "Bienes: 0,075 % por día.", "rate@kk"),  # decimal comma (read as 75 before)
    ("es", KOREA_NOTE + "Bienes: 0.075 por ciento por día.", "rate@kk"),
    ("ko", '!!! korea "한국 실무"\n    물품은 1일당 0.075%이다.', "rate@kk"),
    # per mille, as the Korean rule states the rates
    ("en", KOREA_NOTE + "Works: 0.5/1,000 a day.", "rate@kk"),
    ("en", KOREA_NOTE + "Works: 0.5‰ a day.", "rate@kk"),
    ("es", KOREA_NOTE + "Obras: 0,5 por mil por día.", "rate@kk"),
    ("ko", '!!! korea "한국 실무"\n    공사는 1일당 1000분의 0.5이다.', "rate@kk"),
    # a table inside the note, and a table row outside notes that names the country
    ("en", KOREA_NOTE + "| Type | Rate |\n    |---|---|\n    | Goods | 0.75/1,000 |", "rate@kk"),
    ("en", "| System | Cap |\n|---|---|\n| Korea (General Conditions) | 30 % of the amount |", "cap@kk"),
    # the unit in the column's header, not in the cell
    ("en", KOREA_NOTE + "| Type | Rate per day (%) |\n    |---|---|\n    | Goods | 0.075 |", "rate@kk"),
    ("es", KOREA_NOTE + "| Tipo | Porcentaje diario (‰) |\n    |---|---|\n    | Obras | 0,5 |", "rate@kk"),
    ("ko", "| 제도 | 검사 기한(일) |\n|---|---|\n| 한국 | 14 |", "inspection@kk"),
    ("ko", "| 제도 | 상한 |\n|---|---|\n| 한국(계약일반조건) | 계약금액의 30% |", "cap@kk"),
    # a sentence that names the country, with the unit written in each way
    ("en", "In Korea the inspection ends within 14 days of the notice.", "inspection@kk"),
    ("en", "Korea's 14-day rule is a good model.", "inspection@kk"),
    ("es", "En Corea la inspección termina dentro de 14 días calendario.", "inspection@kk"),
    ("ko", "한국에서는 통지를 받은 날부터 14일 이내에 검사를 마친다.", "inspection@kk"),
    # a range that a profile holds, however its bounds are written
    ("en", KOREA_NOTE + "The security is 2 % to 10 % of the amount.", "security@kk"),
    ("en", KOREA_NOTE + "The security is 2–10 % of the amount.", "security@kk"),
    ("es", KOREA_NOTE + "La garantía es del 2 % al 10 % del monto.", "security@kk"),
    ("ko", '!!! korea "한국 실무"\n    하자보수보증금은 계약금액의 2% 이상 10% 이하이다.', "security@kk"),
    # the pilot-country note, as before
    ("en", '!!! pilot "Pilot countries"\n    Arcadia: 0.36 % per day.', "rate"),
    ("en", "Under the Old Law, Arcadia revokes the contract at 12 %.", "cap@aa"),
])
def test_a_written_out_figure_is_found(profiles, locale, body, param):
    messages = flagged(profiles, body, locale)
    assert messages, body
    assert any(f"[[param:{param}]]" in m for m in messages), messages


@pytest.mark.parametrize("locale, body", [
    ("en", "The contract sets 0.075 % per day and a cap of 30 %."),  # the standard text names no country
    ("en", "In Korea the rule differs. A cap of 30 % is common."),  # the figure's sentence names none
    ("en", KOREA_NOTE + "By type of work: 2 % for other works."),  # a bound alone is not the range
    ("en", '!!! example "Worked example"\n    Korea: 0.05 % per day, cap 30 %.'),  # examples compute
    ("en", '!!! form "Model letter"\n    Korea: within 14 days.'),
    ("en", "In Arcadia the rate is 0.075 %."),  # a figure of another country
    ("en", KOREA_NOTE + "| Type | Rate (%) | Notes |\n    |---|---|---|\n    | Goods | 1 | 14 |"),  # other column
    ("en", "| Country | Rate (%) |\n|---|---|\n| FIDIC | 30 |"),  # the row names no country
    ("en", "Korea: [[param:rate@kk/goods]] a day, within [[param:inspection@kk]]."),  # referred to
    ("en", "See the notes.[^1]\n\n[^1]: Korea, Decree art. 55 (inspection within 14 days)."),  # footnotes cite
])
def test_no_finding_where_the_number_is_no_national_copy(profiles, locale, body):
    assert flagged(profiles, body, locale) == []


def test_references_to_one_country_are_checked(profiles):
    body = "[[param:rate@zz]] [[param:rate@kk/services]] [[param:cap@aa/old]] [[param:cap@aa/mid]] [[param:nope@kk]]"
    messages = [f.message for f in file_findings(guide(body), profiles) if f.code == "CMG702"]
    assert len(messages) == 4
    assert "unknown country 'zz'" in messages[0] and "for 'services'" in messages[1]
    assert "unknown law 'mid'" in messages[2] and "new, old" in messages[2] and "'nope'" in messages[3]
    # a reference to Korea's value obliges no pilot country to answer the parameter (CMG703)
    assert usage_findings([guide("[[param:security@kk]]")], profiles) == []
    assert [f.code for f in usage_findings([guide("[[param:security]]")], profiles)] == []  # aa answers not_set
    assert "aa has no value" not in str(usage_findings([guide("[[param:rate@kk]]")], profiles))


def test_inline_reference_to_one_country_reads_its_value_in_each_locale(profiles):
    md = "Within [[param:inspection@kk]]; goods [[param:rate@kk/goods]]; cap [[param:cap@kk]]; [[param:security@kk]]."
    en = render_country_refs(md, profiles, "en")
    assert ">14 calendar days <span class=\"cmg-tbc\">" in en and ">0.075 % per day <span class=\"cmg-tbc\">to be confirmed</span>" in en
    assert 'data-param="cap" data-status="verified" title="Korean practice · Rule, article 24">30 %</span>' in en
    assert ">2 to 10 % <span" in en and 'title="Korean practice · Rule, article 75"' in en
    assert 'class="cmg-param"' not in en and "??? country" not in en  # the switch leaves it alone; no pilot summary
    assert ">14일 <span" in render_country_refs(md, profiles, "ko")  # the Korean calendar-day period
    assert ">14 días calendario <span" in render_country_refs(md, profiles, "es")
    both = render_country_refs("[[param:rate@kk]]", profiles, "en")
    assert "works — 0.05 % per day; goods — 0.075 % per day" in both


def test_table_of_one_country_has_its_rows_only_and_survives_a_pilot_edition(profiles):
    md = '!!! korea "K"\n    [[country-table:rate@kk]]\n\n!!! pilot "P"\n    [[country-table:rate]]\n'
    out = render_country_refs(md, profiles, "en")
    korea, pilot = out.split('!!! pilot "P"')
    assert korea.count("| Value | Legal basis | Status |") == 1 and "| Country |" not in korea
    assert "works — 0.05 % per day" in korea and "goods — 0.075 % per day" in korea and "0.36" not in korea
    assert "data-cc" not in korea and "| Country | Value |" in pilot and 'data-cc="aa"' in pilot
    html = ("<table><tr><td>" + '<span class="cmg-kv" data-country="kk">works — 0.05 %</span>' + "</td></tr></table>"
            '<table><tr><td><span class="cmg-cv" data-cc="aa" data-param="rate">0.36 %</span></td></tr></table>')
    # a pilot country's PDF keeps only its rows of the pilot tables, and Korea's table whole
    assert "works — 0.05 %" in country_content(html, profiles, "aa", "en")
    assert 'data-cc="aa"' in country_content(html, profiles, "aa", "en")


def test_the_facts_register_counts_a_reference_to_one_country_for_that_country_only(profiles):
    from cmg.facts import register

    rows = register(profiles, [guide("Korea: [[param:inspection@kk]]. Yours: [[param:rate]].")], "en", LOCALES)
    used = {(r.country, r.parameter): r.used_in for r in rows}
    assert used[("kk", "inspection")] == ["demo#dm-one (en)"] and used[("aa", "inspection")] == []
    assert used[("aa", "rate")] == ["demo#dm-one (en)"]

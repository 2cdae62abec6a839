"""The delay-damages calculator: every worked example of the guides runs through its code and gives
the guide's numbers, in each locale's number format (examples and calculator cannot drift apart)."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from cmg.calculator import compute, country_data, inputs_from, result_data
from cmg.countries import load_profiles
from cmg.country_text import format_money, format_number, format_percent
from conftest import EXAMPLES, ROOT

LOCALES = ["en", "es", "ko"]


@pytest.fixture(scope="module")
def profiles():
    return load_profiles(ROOT, "countries", ["es", "en", "ko"])


def example_text(guide: str, clause: str, index: int, locale: str) -> str:
    """The text of the index-th worked example (an `!!! example` note) of a clause, in one locale."""
    path = ROOT / ("guides" if locale == "en" else f"translations/{locale}") / guide / "index.md"
    text = path.read_text(encoding="utf-8")
    m = re.search(r"^#{2,6} [^\n]*\{#" + clause + r"\}", text, re.M)
    assert m, (path, clause)
    section = text[m.end():]
    nxt = re.search(r"^#{1,6} ", section, re.M)
    section = section[: nxt.start()] if nxt else section
    notes = re.findall(r"^!!! example[^\n]*\n((?:    [^\n]*\n|\s*\n)+)", section, re.M)
    assert len(notes) > index, (path, clause, len(notes))
    return notes[index]


def run(name, profiles, locale="en"):
    *_, form = EXAMPLES[name]
    return compute(inputs_from(form), country_data(profiles, locale))


@pytest.mark.parametrize("locale", LOCALES)
def test_goods_contract_in_usd(profiles, locale):
    text = example_text(*EXAMPLES["goods-usd"][:3], locale)
    r = run("goods-usd", profiles, locale)
    m = lambda x: format_money(x, "USD", locale)  # noqa: E731
    assert r.days_counted == 21 and "24 − 3 = 21" in text
    [line] = r.lines
    assert f"{m(r.base)} × {format_percent(line.percent, locale)} = {m(line.daily)}" in text
    assert f"{m(line.daily)} × {line.days} = {m(r.total)}" in text
    assert m(r.cap_amount) in text and format_percent(r.share_of_cap, locale) in text
    whole = compute(inputs_from({**EXAMPLES["goods-usd"][3], "lateValue": ""}), country_data(profiles, locale))
    assert f"= {m(whole.total)}" in text
    assert (r.total, whole.total, r.share_of_cap) == (Fraction("2362.50"), Fraction("3937.50"), Fraction("9.45"))


@pytest.mark.parametrize("locale", LOCALES)
def test_works_contract_in_krw_with_korean_rates(profiles, locale):
    text = example_text(*EXAMPLES["works-krw"][:3], locale)
    r = run("works-krw", profiles, locale)
    m = lambda x: format_money(x, "KRW", locale)  # noqa: E731
    assert "45 − 5 = 40" in text and r.days_counted == 40
    [line] = r.lines
    assert format_percent(line.percent, locale) in text  # the works rate of the Korean profile: 0.05 %
    assert f"= {m(line.daily)}" in text and f"× 40 = {m(r.total)}" in text
    assert m(r.cap_amount) in text and str(r.cap_day) in text and r.cap_day == 600
    assert m(r.threshold_amount) in text and r.threshold_day == 300 and "300" in text
    assert r.figures["rate"].status == "secondary" and r.figures["cap"].status == "secondary"


@pytest.mark.parametrize("locale", LOCALES)
def test_el_salvador_lacap_tiers(profiles, locale):
    text = example_text(*EXAMPLES["sv-lacap"][:3], locale)
    r = run("sv-lacap", profiles, locale)
    m = lambda x: format_money(x, "USD", locale)  # noqa: E731
    assert r.law == "lacap" and r.days_after_due == 75
    assert [(ln.from_day, ln.to_day, ln.days) for ln in r.lines] == [(1, 30, 30), (31, 60, 30), (61, 75, 15)]
    for ln in r.lines:
        assert f"{m(r.base)} × {format_percent(ln.percent, locale)} × {ln.days} = {m(ln.amount)}" in text
    assert m(r.total) in text and format_percent(r.share_of_value, locale) in text
    assert m(r.threshold_amount) in text and format_percent(Fraction(12), locale) in text
    assert r.threshold_day == 95 and r.threshold_day > r.days_counted  # "not reached"
    assert r.figures["rate"].status == "verified" and "LACAP" in r.figures["rate"].basis


@pytest.mark.parametrize("locale", ["en", "es", "ko"])
def test_closure_final_account(profiles, locale):
    text = example_text(*EXAMPLES["closure-final-account"][:3], locale)
    r = run("closure-final-account", profiles, locale)
    assert f"{r.days_counted}" in text and format_percent(r.lines[0].percent, locale) in text
    assert f"{format_number(r.base, locale, 2)} | {format_number(r.total, locale, 2)} |" in text


CASE_PAID = {"case-hn": 0, "case-sv": 0, "case-pa": 360000}  # what the final account shows as already paid
CASE_TBC = {"en": "to be confirmed", "es": "por confirmar", "ko": "확인 필요"}


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("name", sorted(CASE_PAID))
def test_worked_case_of_each_pilot_country(profiles, name, locale):
    """Closure 7: the day count, each tier, the total, the cap or threshold and the final account of the
    case come from the country's profile through the calculator; a rate that the profile does not confirm
    is referred to (never written out) and the fine computed from it is marked to be confirmed."""
    guide, clause, index, form = EXAMPLES[name]
    text = example_text(guide, clause, index, locale)
    r = run(name, profiles, locale)
    code = form["country"]
    cur = profiles.countries[code].currency
    m = lambda x: format_money(x, cur, locale)  # noqa: E731
    assert r.problems == [] and r.total is not None
    assert f"{r.days_after_due} − {form['extensionDays']} − {form['excludedDays']} = {r.days_counted}" in text
    rate_ref = f"[[param:delay-fine-rate@{code}{'/' + r.law if r.law else ''}]]"
    assert rate_ref in text
    for ln in r.lines:
        assert format_percent(ln.percent, locale) not in text  # the rate lives in the profile only
        assert m(ln.daily) in text and f"{ln.days} = {m(ln.amount)}" in text
    if len(r.lines) > 1:
        assert f"{m(r.total)}" in text
    assert format_percent(r.share_of_value, locale) in text or r.cap_amount is not None
    if r.cap_amount is not None:
        assert m(r.cap_amount) in text and format_number(r.cap_day, locale, 0) in text
    elif r.threshold_amount is not None:
        assert m(r.threshold_amount) in text and str(r.threshold_day) in text
        assert r.threshold_day > r.days_counted  # "not reached"
    if r.figures["rate"].status != "verified":
        assert CASE_TBC[locale] in text
    value, paid = r.contract_value, CASE_PAID[name]
    money = lambda x: format_number(x, locale, 2)  # noqa: E731  (the table's amounts, currency in the header)
    assert f"| {money(value)} |" in text and f"| {money(r.total)} |" in text
    assert f"| {money(value - paid - r.total)} |" in text
    if paid:
        assert f"| {money(paid)} |" in text


def test_a_country_without_a_confirmed_rate_asks_for_the_contracts(profiles):
    data = country_data(profiles, "en")
    r = compute(inputs_from({"contractValue": "100000", "daysAfterDue": 20, "country": "sv",
                             "signed": "2024-01-10"}), data)  # an LCP contract: no confirmed rate
    assert r.law == "lcp" and "rate" in r.problems and r.total is None
    assert r.figures["rate"].status == "unconfirmed" and "LCP" in r.figures["rate"].text
    r = compute(inputs_from({"contractValue": "100000", "daysAfterDue": 20, "country": "pa"}), data)
    assert r.total == Fraction(100000) * Fraction(1, 30) / 100 * 20  # Panamá's 1/30 % (unconfirmed)
    assert r.figures["rate"].status == "unconfirmed" and r.cap_amount == 20000


def test_cap_limits_the_total_and_tells_the_day():
    r = compute(inputs_from({"contractValue": "1000", "daysAfterDue": 300, "rate": "0.1", "cap": "10"}), {})
    assert r.uncapped == 300 and r.total == 100 and r.cap_day == 100
    r = compute(inputs_from({"contractValue": "1000", "daysAfterDue": 5, "extensionDays": 9, "rate": "1"}), {})
    assert r.days_counted == 0 and r.total == 0 and r.lines == []


def test_dates_count_calendar_days():
    r = compute(inputs_from({"contractValue": "1", "due": "2024-02-27", "delivered": "2024-03-02", "rate": "1"}), {})
    assert r.days_after_due == 4  # 28, 29 (leap day), 1, 2
    assert compute(inputs_from({"contractValue": "1"}), {}).problems == ["dates", "rate"]


def test_result_data_is_plain_json(profiles):
    d = result_data(run("sv-lacap", profiles))
    assert d["total"] == "9000" and d["lines"][0]["percent"] == "1/10" and d["thresholdDay"] == 95

"""Country profiles as data: the shipped profiles, the typed model, and bad profiles (file and line)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from cmg.countries import load_profiles
from conftest import ROOT

LOCALES = ["es", "en", "ko"]
AA = "countries/aa.yml"


@pytest.fixture(scope="module")
def shipped_profiles():
    return load_profiles(ROOT, "countries", LOCALES)


def test_shipped_profiles_load_without_problems(shipped_profiles):
    assert shipped_profiles.problems == []
    assert set(shipped_profiles.countries) == {"hn", "sv", "pa", "kr"}
    assert [c.code for c in shipped_profiles.pilots] == ["hn", "pa", "sv"]
    assert not shipped_profiles.countries["kr"].pilot


def test_every_pilot_answers_every_catalogued_parameter(shipped_profiles):
    for prof in shipped_profiles.pilots:
        assert set(prof.parameters) == set(shipped_profiles.catalogue), prof.code
        for p in prof.parameters.values():
            for v in p.variants:
                assert (v.value is not None) + (v.not_set is not None) + (v.unknown is not None) == 1, (prof.code, p.id)


def test_el_salvador_governing_law_by_contract_date(shipped_profiles):
    sv = shipped_profiles.countries["sv"]
    assert sv.governing_law(dt.date(2023, 3, 9)).id == "lacap"
    assert sv.governing_law(dt.date(2023, 3, 10)).id == "lcp"
    [lacap] = sv.variants("delay-fine-rate", law="lacap")
    assert [(t.from_day, t.to_day, t.percent) for t in lacap.value.tiers] == [
        (1, 30, Fraction(1, 10)), (31, 60, Fraction(1, 8)), (61, None, Fraction(3, 20))]
    assert lacap.status == "verified" and lacap.sources and lacap.verified_by and lacap.verified_on
    assert lacap.basis.law == "lacap" and lacap.basis.article == "85"
    [lcp] = sv.variants("delay-fine-rate", law="lcp")
    assert lcp.value is None and lcp.unknown is not None and lcp.status == "unconfirmed"
    [threshold] = sv.variants("termination-threshold", law="lacap")
    assert threshold.value.percent == 12


def test_korean_rates_by_contract_type(shipped_profiles):
    kr = shipped_profiles.countries["kr"]
    rates = {ct: kr.variants("delay-fine-rate", contract_type=ct)[0].value.percent for ct in ("works", "goods", "services")}
    assert rates == {"works": Fraction(5, 100), "goods": Fraction(75, 1000), "services": Fraction(125, 1000)}
    assert kr.variants("delay-fine-cap", contract_type="goods")[0].value.percent == 30


def test_tags_follow_the_content_brief(shipped_profiles):
    """Never a status above the brief's tag: the figures the brief marks [U] stay unconfirmed."""
    hn, pa = shipped_profiles.countries["hn"], shipped_profiles.countries["pa"]
    assert hn.variants("delay-fine-rate")[0].status == "unconfirmed"
    assert pa.variants("delay-fine-rate")[0].status == "unconfirmed"
    assert pa.variants("delay-fine-rate")[0].value.percent == Fraction(1, 30)  # 1 % / 30, in percent
    assert hn.variants("performance-security")[0].status == "unconfirmed"
    period = pa.variants("performance-security-deadline")[0].value
    assert (period.days, period.day_kind) == (5, "working")


def _problems(mini, text: str):
    mini.write(AA, text)
    return load_profiles(mini.root, "countries", LOCALES).problems


def test_bad_yaml_names_file_and_line(mini):
    [p] = _problems(mini, "country: aa\nname: {en: A, es: A, ko: A}\nparameters:\n  delay-rate: [\n")
    assert (p.code, p.path) == ("CMG701", AA) and p.line >= 4


@pytest.mark.parametrize("replace, code, needle", [
    ("status: unconfirmed\n  inspection-period", "CMG705", "status: maybe"),
    ("      source: https://example.org/old-law\n", "CMG706", None),
    ("      verified_by: Test agency\n", "CMG706", None),
    ('value: {percent: "1/30"}', "CMG704", "value: {days: 3, day_kind: calendar}"),
    ('{from_day: 31, to_day: 60, percent: "0.125"}', "CMG704", '{from_day: 32, to_day: 60, percent: "0.125"}'),
    ('value: {percent: "1/30"}', "CMG704", 'value: {percent: "a lot"}'),
    ("  inspection-period:\n", "CMG702", "  inspection-periods:\n"),
    ("    - law: new\n", "CMG701", "    - law: newest\n"),
    ("      source: https://example.org/old-law\n", "CMG701", "      source: see the gazette\n"),
])
def test_profile_problems(mini, replace, code, needle):
    text = mini.read(AA)
    if needle is None:
        new = text.replace(replace, "", 1)
    elif replace.startswith("status: unconfirmed\n  inspection"):
        new = text.replace("    status: unconfirmed\n", f"    {needle}\n", 1)
    else:
        new = text.replace(replace, needle, 1)
    assert new != text
    problems = _problems(mini, new)
    assert code in {p.code for p in problems}, problems
    p = next(p for p in problems if p.code == code)
    assert p.path == AA and p.line > 1 and p.hint is not None
    if needle and needle.strip() in new:
        assert p.line == next(i for i, ln in enumerate(new.splitlines(), 1) if needle.strip() in ln)


def test_a_rate_where_a_period_is_expected_is_a_kind_mismatch(mini):
    mini.replace(AA, 'unknown: {en: check the New Law, es: consulte la Ley Nueva, ko: 신법을 확인한다}',
                 'value: {percent: "0.5"}')
    findings = [f for f in mini.validate() if f.code == "CMG704"]
    assert findings and findings[0].path == AA
    assert "period" in findings[0].message and findings[0].line == mini.line_of(AA, 'value: {percent: "0.5"}')


def test_validation_reports_profile_problems_and_keeps_going(mini):
    mini.write(AA, "country: aa\n  bad: [\n")
    mini.replace("translations/es/demo/index.md", "dentro de 14 días", "dentro de 15 días")
    findings = mini.validate()
    assert {f.code for f in findings} == {"CMG701", "CMG201"}  # the other checks still run
    [f] = [f for f in findings if f.code == "CMG701"]
    assert (f.path, f.line) == (AA, 2)


def test_not_utf8_profile(mini):
    mini.path(AA).write_bytes(b"country: aa\nname: \xff\n")
    [p] = load_profiles(mini.root, "countries", LOCALES).problems
    assert (p.code, p.line) == ("CMG001", 2)


def test_figure_written_out_in_pilot_notes_and_where_the_country_is_named(mini):
    en = "guides/demo/index.md"
    mini.replace(en, "\n## 2 ", "\nA contract can charge 0.125 % per day.\n\n## 2 ")
    assert "CMG707" not in mini.codes()  # standard text may give a figure (a worked example, a default)
    mini.replace(en, "A contract can charge 0.125 % per day.", "Arcadia charges 0.125 % per day.")
    [f] = [f for f in mini.validate() if f.code == "CMG707"]  # a sentence that names the country
    assert "names aa" in f.message and "[[param:delay-rate@aa]]" in f.message
    mini.replace(en, "Arcadia charges 0.125 % per day.", '!!! pilot "P"\n    Arcadia charges 0.125 % per day.')
    [f] = [f for f in mini.validate() if f.code == "CMG707"]
    assert f.severity == "warning" and f.path == en and f.line == mini.line_of(en, "Arcadia charges")
    assert "countries/aa.yml" in f.message and "[[param:delay-rate]]" in f.message


def test_parameter_references_do_not_count_as_cross_references_or_numbers(mini):
    for f, text in (("guides/demo/index.md", "In your country: [[param:delay-rate]]."),):
        mini.replace(f, text, "In your country: [[param:delay-rate]] and [[country-table:delay-rate inspection-period]].")
    codes = mini.codes()
    assert "CMG202" not in codes and "CMG201" not in codes
    assert "CMG708" in codes  # es and ko now lack the table reference


def test_a_reference_pinned_to_an_unknown_country_or_law_is_reported(mini):
    for f in ("guides/demo/index.md", "translations/es/demo/index.md", "translations/ko/demo/index.md"):
        mini.replace(f, "[[param:delay-rate]]", "[[param:delay-rate@aa/old]]")
    assert "CMG702" not in mini.codes() and "CMG708" not in mini.codes()
    en = "guides/demo/index.md"
    mini.replace(en, "[[param:delay-rate@aa/old]]", "[[param:delay-rate@zz]]")
    [f] = [f for f in mini.validate() if f.code == "CMG702"]
    assert "unknown country 'zz'" in f.message and f.line == mini.line_of(en, "[[param:delay-rate@zz]]")
    mini.replace(en, "[[param:delay-rate@zz]]", "[[param:delay-rate@aa/lacap]]")
    assert any("unknown law 'lacap'" in f.message for f in mini.validate() if f.code == "CMG702")
    mini.replace(en, "[[param:delay-rate@aa/lacap]]", "[[param:delay-rate@aa]]")
    codes = mini.codes()
    assert "CMG702" not in codes and "CMG708" in codes  # es and ko still name the old law

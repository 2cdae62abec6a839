"""Every rule has a fixture that triggers it; the untouched fixture triggers none."""

from __future__ import annotations

import os
import unicodedata

import pytest

from cmg.rules import RULES

EN, ES, KO = "guides/demo/index.md", "translations/es/demo/index.md", "translations/ko/demo/index.md"
TB = "translations/termbase.yml"
AA = "countries/aa.yml"


def test_clean_fixture_has_no_findings(mini):
    assert mini.validate() == []


def _dup_heading(p):
    p.replace(ES, "## 2 Multas por retraso {#dm-delay}", "## 2 Multas por retraso {#dm-inspection}")


MUTATIONS = {
    "CMG001": lambda p: p.path(ES).write_bytes(p.path(ES).read_bytes().replace("Inspección".encode(), b"Inspecci\xf3n")),
    "CMG002": lambda p: p.replace(ES, "version: 1.0.0", "version: [1.0.0"),
    "CMG003": lambda p: p.replace(TB, "ko: {term: 검사, definition: 납품된 것이 계약에 맞는지 확인하는 일.}", ""),
    "CMG004": lambda p: p.write("translations/fr/demo/index.md", p.read(EN)),
    "CMG005": lambda p: p.replace("mkdocs.yml", "        - {locale: ko, name: 한국어}",
                                  "        - {locale: ko, name: 한국어}\n        - {locale: pt, name: Português}"),
    "CMG006": lambda p: p.write(KO, unicodedata.normalize("NFD", p.read(KO))),
    "CMG008": lambda p: p.path("translations/es/demo/extra.md").symlink_to("/etc/hostname"),
    "CMG101": lambda p: p.replace(ES, "### 2.1 Tasa {#dm-rate}", ""),
    "CMG102": lambda p: p.replace(ES, "## 2 Multas", "## 3 Extra {#dm-extra}\n\nTexto.\n\n## 2 Multas"),
    "CMG103": lambda p: p.write(ES, p.read(ES).replace("## 1 Inspección {#dm-inspection}", "@@A@@")
                                .replace("## 2 Multas por retraso {#dm-delay}", "## 1 Inspección {#dm-inspection}")
                                .replace("@@A@@", "## 2 Multas por retraso {#dm-delay}")),
    "CMG104": lambda p: p.replace(ES, "### 2.1 Tasa {#dm-rate}", "## 2.1 Tasa {#dm-rate}"),
    "CMG105": lambda p: p.replace(ES, "### 2.1 Tasa {#dm-rate}", "### 2.2 Tasa {#dm-rate}"),
    "CMG106": _dup_heading,
    "CMG107": lambda p: [p.replace(f, "{#dm-rate}", "{#DM_Rate}") for f in (EN, ES, KO)],
    "CMG108": lambda p: p.write("translations/es/other/index.md", p.read(ES)),
    "CMG109": lambda p: os.remove(p.path(KO)),
    "CMG110": lambda p: p.replace(ES, "### 2.1 Tasa {#dm-rate}", "### 2.1 Tasa"),
    "CMG111": lambda p: p.replace(EN, "### 2.1 Rate {#dm-rate}", "### 2.3 Rate {#dm-rate}"),
    "CMG112": lambda p: p.replace(EN, "### 2.1 Rate {#dm-rate}", "## 2 Delay\n\n#### Deep heading\n\n### 2.1 Rate {#dm-rate}"),
    "CMG113": lambda p: p.replace("mkdocs.yml", "  - demo/index.md\n", "  - index.md\n"),
    "CMG201": lambda p: p.replace(ES, "dentro de 14 días", "dentro de 15 días"),
    "CMG114": lambda p: [p.replace(EN, "effective: 2026-12-01\n", "effective: 2026-12-01\nclause_aliases:\n  dm-old: dm-rate\n"),
                         p.replace(ES, "[[dm-delay]]", "[[dm-delay]] [[dm-old]]")],
    "CMG202": lambda p: [p.replace(f, "[[dm-delay]]", "[[dm-nowhere]]") for f in (EN, ES, KO)],
    "CMG203": lambda p: p.replace(ES, "Véase [[dm-delay]]", "Véase [[dm-rate]]"),
    "CMG204": lambda p: p.replace(ES, "Véase [[dm-delay]]", "Véase [[dm-delay]] y [la ley](https://example.org/ley)"),
    "CMG205": lambda p: p.replace(ES, "- [ ] Muestras tomadas\n", ""),
    "CMG206": lambda p: p.replace(ES, "| Bienes | 0.075 % |", "| Bienes | 0.075 % |\n| Obras | |"),
    "CMG207": lambda p: p.replace(ES, '!!! form "Carta modelo"', '!!! note "Carta modelo"'),
    "CMG208": lambda p: p.replace(ES, "{{delay_days}}", "{{dias_retraso}}"),
    "CMG209": lambda p: p.replace(ES, "art. 55.", "art. 56."),
    "CMG210": lambda p: p.replace(ES, "art. 55. <https://example.org/decree>",
                                  "art. 55. <https://example.org/decree> (fuente secundaria)"),
    "CMG301": lambda p: p.replace(ES, "en el acta de recepción", "en el registro"),
    "CMG302": lambda p: p.replace(ES, "## 2 Multas por retraso", "## 2 Daños liquidados"),
    "CMG401": lambda p: p.replace(ES, "La entidad contratante debe terminar", "La entidad contratante puede terminar"),
    "CMG402": lambda p: p.replace(ES, "Véase [[dm-delay]]", "Puede ver [[dm-delay]]"),
    "CMG501": lambda p: p.replace(ES, "status: draft\n", ""),
    "CMG502": lambda p: p.replace(ES, "version: 1.0.0", "version: 1.0.1"),
    "CMG503": lambda p: p.replace(
        ES, "El proveedor no podrá entregar tarde sin una prórroga del plazo. La tasa es de 0.075 % por día, hasta 30 %.",
        "The supplier may not deliver late without an extension of time. The rate is 0.075 % per day, up to 30 %."),
    "CMG504": lambda p: [p.replace(f, "\n## 2 ", "\n<script>alert(1)</script>\n\n## 2 ") for f in (EN,)],
    "CMG505": lambda p: p.replace(ES, "## 2 Multas", "```text\nsin cerrar\n\n## 2 Multas"),
    "CMG601": lambda p: p.replace(EN, "within 14 days of the notice", "within 14 days after the notice"),
    "CMG506": lambda p: p.replace(ES, "### 2.1 Tasa {#dm-rate}", "### 2.1 Tasa {#dm-rate}\n\n<!-- cmg: untranslated -->"),
    "CMG701": lambda p: p.replace(AA, "currency: USD", "currency: [USD"),
    "CMG702": lambda p: [p.replace(f, "[[param:delay-rate]]", "[[param:delay-rat]]") for f in (EN, ES, KO)],
    "CMG703": lambda p: p.replace(AA, "  delay-rate:\n", "  delay-rate: []\n  was-delay-rate:\n"),
    "CMG704": lambda p: p.replace(AA, 'value: {percent: "1/30"}', "value: {days: 5, day_kind: calendar}"),
    "CMG705": lambda p: p.replace(AA, "basis: {law: new, article: \"12\"}\n      status: unconfirmed",
                                  "basis: {law: new, article: \"12\"}\n      status: confirmed"),
    "CMG706": lambda p: p.replace(AA, "      source: https://example.org/old-law\n", ""),
    "CMG707": lambda p: [p.replace(f, "\n## 2 ", "\n!!! pilot \"P\"\n    Arcadia: 0.125 % per day.\n\n## 2 ") for f in (EN, ES, KO)],
    "CMG708": lambda p: p.replace(ES, "[[param:delay-rate]]", "[[param:inspection-period]]"),
    "CMG115": lambda p: p.write("guides/extra/index.md", p.read(EN).replace("guide: demo", "guide: extra")
                                .replace("{#dm-inspection}", "{#ex-one}").replace("{#dm-delay}", "{#ex-two}")),
    "CMG116": lambda p: p.replace(ES, "## 1 Inspección {#dm-inspection}\n", "1 Inspección {#dm-inspection}\n============\n"),
    "CMG507": lambda p: p.replace(ES, '!!! form "Carta modelo"', '!!! form "Model letter"'),
    "CMG508": lambda p: p.write(ES, p.read(ES) + "[^7]: Nota sin cita.\n"),
    "CMG709": lambda p: p.replace(AA, "name: {en: Arcadia, es: Arcadia, ko: 아르카디아}", "name: {en: Arcadia, es: Arcadia}"),
}


def test_every_rule_has_a_trigger():
    assert set(MUTATIONS) == set(RULES)


@pytest.mark.parametrize("code", sorted(MUTATIONS))
def test_rule_triggers(mini, code):
    MUTATIONS[code](mini)
    codes = mini.codes()
    assert code in codes, f"{code} not reported; got {sorted(codes)}"


def test_findings_carry_file_line_and_clause(mini):
    mini.replace(ES, "dentro de 14 días", "dentro de 15 días")
    [f] = [f for f in mini.validate() if f.code == "CMG201"]
    assert f.path == ES
    assert f.line == mini.line_of(ES, "dentro de 15 días")
    assert f.locale == "es" and f.guide == "demo" and f.clause == "dm-inspection"
    assert f.severity == "error" and f.hint


def test_suppression_comment_silences_one_rule_in_one_clause(mini):
    mini.replace(ES, "dentro de 14 días", "dentro de 15 días <!-- cmg: ignore CMG201 -->")
    assert "CMG201" not in mini.codes()


def test_severity_and_ignore_settings(mini):
    mini.replace(ES, "dentro de 14 días", "dentro de 15 días")
    mini.replace("mkdocs.yml", "      source_locale: en\n",
                 "      source_locale: en\n      validation:\n        severity: {CMG201: warning}\n")
    [f] = [f for f in mini.validate() if f.code == "CMG201"]
    assert f.severity == "warning"
    mini.replace("mkdocs.yml", "severity: {CMG201: warning}", "ignore: [CMG201]")
    assert "CMG201" not in mini.codes()


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<img src="x.png" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "[data](data:text/html;base64,PHNjcmlwdD4=)",
        '<iframe src="https://example.org"></iframe>',
        '<object data="x.swf"></object>',
        '<embed src="x.swf">',
        '<form action="https://example.org"><input></form>',
        '<a href="javascript:alert(1)">x</a>',
    ],
)
def test_unsafe_html_in_any_locale(mini, snippet):
    mini.replace(KO, "시험에서 사용하는 작은 지침입니다.", "시험에서 사용하는 작은 지침입니다. " + snippet)
    found = [f for f in mini.validate() if f.code == "CMG504"]
    assert found and found[0].path == KO and found[0].line == mini.line_of(KO, "시험에서")


def test_code_spans_and_fences_are_not_unsafe(mini):
    mini.replace(EN, "A tiny guide used by the tests.", "A tiny guide. `<script>` is shown as code.\n\n```html\n<script></script>\n```")
    assert "CMG504" not in mini.codes()


def test_obligations_negative_forms_are_not_counted_as_positive(mini):
    # "may not" (prohibited) in en matches "no podrá" in es and "하여서는 아니 된다" in ko: clean fixture.
    assert "CMG401" not in mini.codes()
    mini.replace(ES, "El proveedor no podrá entregar", "El proveedor podrá entregar")
    assert "CMG401" in mini.codes()


def test_korean_term_matches_with_particles(mini):
    mini.replace(KO, "검사 결과는 검수조서에", "검사 결과는 검수조서를 작성하여")
    assert "CMG301" not in mini.codes()


def test_checking_in_several_processes_gives_the_same_findings(shipped):
    from cmg.project import load_project
    from cmg.validate import validate_findings, validate_project

    guides = sorted(p.parent.name for p in shipped.root.glob("guides/*/index.md"))
    for i, guide in enumerate(guides):
        es, ko, en = f"translations/es/{guide}/index.md", f"translations/ko/{guide}/index.md", f"guides/{guide}/index.md"
        shipped.write(es, shipped.read(es).replace("14", "15", 1).replace("\n## ", "\n<script>x</script> [[nowhere]]\n\n## ", 1))
        shipped.write(ko, shipped.read(ko).replace("{#", "{#x", 1 + i % 2))
        shipped.write(en, shipped.read(en).replace("\n### ", "\n#### Deep\n\n### ", 1))
    project = load_project(shipped.root / "mkdocs.yml")
    corpus, serial = validate_project(project)
    for workers in (2, 3):
        checked, parallel = validate_findings(project, workers=workers)
        assert checked == len(corpus.files)
        assert [f.as_dict() for f in parallel] == [f.as_dict() for f in serial]
    assert len({f.code for f in serial}) >= 6


def test_a_locale_that_leaves_a_term_unmarked_is_not_asked_for_it(mini):
    """`check: false` on one locale of a term (Korean writes a calendar-day period as "14일"): CMG301
    no longer asks that locale for the term, the other locales still are, and its forbidden terms count."""
    mini.replace(KO, "검사 결과는 검수조서에", "검사 결과는 기록에")
    assert "CMG301" in mini.codes()
    tb = "translations/termbase.yml"
    mini.replace(tb, "ko: {term: 검수조서, variants: [검사조서],",
                 "ko: {term: 검수조서, variants: [검사조서], forbidden: [기록], check: false,")
    codes = mini.codes()
    assert "CMG301" not in codes and "CMG302" in codes


def test_a_footnote_marks_its_sources_as_the_source_footnote_does(mini):
    """CMG210 counts the secondary marks and compares the unconfirmed mark, with each locale's words."""
    en, ko = "guides/demo/index.md", KO
    mini.replace(en, "art. 55. <https://example.org/decree>", "art. 55. <https://example.org/decree> (secondary source)")
    mini.replace(ES, "art. 55. <https://example.org/decree>", "art. 55. <https://example.org/decree> (fuente secundaria)")
    mini.replace(ko, "제55조. <https://example.org/decree>", "제55조. <https://example.org/decree> (간접 자료)")
    assert "CMG210" not in mini.codes()
    mini.replace(ko, "(간접 자료)", "(간접 자료, 확인 필요)")
    [f] = [f for f in mini.validate() if f.code == "CMG210"]
    assert f.path == ko and f.line == mini.line_of(ko, "[^1]:") and "unconfirmed" in f.message
    assert f.severity == "warning"

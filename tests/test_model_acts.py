"""The model administrative acts and letters of issue #15 are in every locale, in the clause where
they belong, and each locale writes them in its own administrative form: a resolución with VISTOS,
CONSIDERANDO, RESUELVE and the remedy in Spanish, a 공문 that ends with 끝. in Korean."""

from __future__ import annotations

import re

import pytest

from cmg.forms import extract_forms
from conftest import ROOT

LOCALES = {"en": ROOT / "guides", "es": ROOT / "translations/es", "ko": ROOT / "translations/ko"}
_HEADING = re.compile(r"^#{2,3} .*\{#([a-z0-9-]+)\}\s*$")
_FORM = re.compile(r"^\s*!!!\s+form\b")

# act: (guide, clause, placeholders that only that act has, is it an administrative act)
ACTS = {
    "hearing before a fine": ("delays", "dl-fine-procedure", {"reply_deadline", "file_location", "fine_amount"}, False),
    "fine resolution": ("delays", "dl-fine-procedure", {"fine_amount", "charges_reference", "appeal_period"}, True),
    "extension-of-time decision": ("delays", "dl-eot-decision", {"days_granted", "new_completion_date", "appeal_period"}, True),
    "suspension order": ("delays", "dl-suspension-order", {"suspension_start_date", "protection_measures"}, True),
    "resumption order": ("delays", "dl-suspension-order", {"restart_date", "suspension_resolution_number"}, True),
    "final notice": ("delays", "dl-termination-procedure", {"final_deadline", "required_actions"}, False),
    "termination decision": ("delays", "dl-termination-procedure", {"termination_effective_date", "options_analysis"}, True),
    "goods reception record": ("quality", "qc-goods-services-acceptance", {"committee_member_user_unit", "quantity_accepted"}, False),
    "partial-acceptance record": ("quality", "qc-partial-acceptance", {"section_description", "handover_date"}, False),
    "re-inspection letter": ("quality", "qc-reinspection", {"reinspection_date", "cost_bearer"}, False),
    "claim to the guarantor or insurer": ("payments", "py-security-call", {"claim_calculation", "issuer_address"}, False),
}


def forms_by_clause(path):
    """(clause id, form) for every form of a guide file, in order."""
    text = path.read_text(encoding="utf-8")
    clauses, current = [], None
    for line in text.splitlines():
        m = _HEADING.match(line)
        if m:
            current = m.group(1)
        elif _FORM.match(line):
            clauses.append(current)
    forms = extract_forms(text)
    assert len(forms) == len(clauses)
    return list(zip(clauses, forms, strict=True))


def find_act(locale, act):
    guide, clause, names, _ = ACTS[act]
    hits = [(cid, f) for cid, f in forms_by_clause(LOCALES[locale] / guide / "index.md")
            if names <= set(f.placeholders)]
    assert len(hits) == 1, f"{locale}: {len(hits)} forms look like the {act}"
    return hits[0]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("act", ACTS)
def test_each_act_is_in_its_clause_in_every_locale(locale, act):
    clause, form = find_act(locale, act)
    assert clause == ACTS[act][1]
    # the same blanks to fill in every language
    _, source = find_act("en", act)
    assert set(form.placeholders) == set(source.placeholders)


@pytest.mark.parametrize("act", [a for a, v in ACTS.items() if v[3]])
def test_administrative_acts_state_the_remedy_in_each_locale_form(act):
    for locale in LOCALES:
        _, form = find_act(locale, act)
        body = "\n".join(form.lines)
        assert {"appeal_remedy", "appeal_authority", "appeal_period", "notification_date"} <= set(form.placeholders)
        if locale == "es":
            for word in ("VISTOS", "CONSIDERANDO", "POR TANTO", "RESUELVE", "NOTIFÍQUESE", "procede"):
                assert word in body, (act, word)
        if locale == "en":
            for word in ("HAVING SEEN", "WHEREAS", "IT IS RESOLVED", "lies before"):
                assert word in body, (act, word)


@pytest.mark.parametrize("act", ACTS)
def test_korean_letters_and_acts_are_written_as_gongmun(act):
    _, form = find_act("ko", act)
    body = "\n".join(form.lines)
    if "수신:" not in body:
        assert "|" in body, f"{act}: neither a 공문 nor a record"  # a record (검수조서) is a form, not a letter
        return
    assert "제목:" in body and "끝." in body and "장** (직인)" in body, act
    # numbered points: a 공문 has them, and the same number as the source's
    _, source = find_act("en", act)
    points = lambda f: sum(1 for line in f.lines if re.match(r"^\d+\. ", line))  # noqa: E731
    assert points(form) == points(source), act

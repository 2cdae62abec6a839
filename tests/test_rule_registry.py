"""The rule registry (cmg.rules) is the one list of rules: it holds Finding beside them, the rules page
shows each group once, and the translators' guide's tables of codes agree with it."""

import re

import pytest

from cmg import checks, rules
from cmg.rules import RULES
from cmg.site import rules_markdown, ui_strings
from conftest import ROOT

# rules a translator does not meet (the country profiles are the partner agencies' work)
NOT_FOR_TRANSLATORS = {"Countries"}
# rules added to the registry today that the translators' guide does not describe yet: the list may
# only shrink (the test fails when one of them is documented, so that it leaves this list)
NOT_YET_DOCUMENTED: set[str] = set()


def test_finding_lives_in_the_registry():
    assert checks.Finding is rules.Finding
    f = rules.Finding("CMG001", "m", "guides/x.md", 3)
    assert (f.severity, f.hint) == (RULES["CMG001"].severity, RULES["CMG001"].hint)


@pytest.mark.parametrize("locale", ["en", "es", "ko"])
def test_the_rules_page_shows_each_group_once_and_every_rule(locale):
    text = rules_markdown(ui_strings(locale))
    groups = re.findall(r"^## (.+)$", text, re.M)
    assert len(groups) == len(set(groups)) == len({r.group for r in RULES.values()})
    assert re.findall(r"^### (CMG\d{3}) ", text, re.M) == sorted(RULES, key=lambda c: groups.index(RULES[c].group))


@pytest.mark.parametrize("locale", ["en", "es", "ko"])
def test_the_translators_guide_tables_agree_with_the_registry(locale):
    doc = (ROOT / "docs" / locale / "translators.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(CMG\d{3})` \| `(\w+)` \|", doc, re.M)
    assert rows, "no table of codes found"
    unknown = [c for c, _ in rows if c not in RULES]
    assert not unknown, f"docs/{locale}/translators.md lists codes the registry does not have: {unknown}"
    wrong = [(c, s, RULES[c].severity) for c, s in rows if RULES[c].severity != s]
    assert not wrong, f"docs/{locale}/translators.md gives another severity (code, doc, registry): {wrong}"
    listed = {c for c, _ in rows}
    expected = {c for c, r in RULES.items() if r.group not in NOT_FOR_TRANSLATORS}
    assert expected - listed == NOT_YET_DOCUMENTED, (
        f"docs/{locale}/translators.md: undocumented {sorted(expected - listed - NOT_YET_DOCUMENTED)}; "
        f"documented now, take out of NOT_YET_DOCUMENTED: {sorted(NOT_YET_DOCUMENTED & listed)}")

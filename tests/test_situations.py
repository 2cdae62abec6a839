"""The "what to do when" guide (issue 15 point 3): every situation leads somewhere, in every locale,
and the home page opens with it."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

GUIDE = "situations/index.md"
PATHS = ("wd-delay-path", "wd-acceptance-path")


@pytest.fixture(scope="module")
def corpus(shipped_validated):
    corpus, _ = shipped_validated
    return corpus.project, corpus


def _situations(gf):
    return [c for c in gf.clauses if c.level == 3 and c.id not in PATHS]


@pytest.mark.parametrize("locale", ["en", "es", "ko"])
def test_at_least_15_situations_each_leading_to_clauses_an_act_and_a_checklist(corpus, locale):
    project, corpus = corpus
    gf = corpus.get(locale, GUIDE)
    assert gf is not None, f"{locale}: no {GUIDE}"
    situations = _situations(gf)
    assert len(situations) >= 15
    index = {c.id: c for f in corpus.files.values() if f.locale == locale for c in f.clauses}
    for c in situations:
        targets = [r.value for r in c.body.xrefs]
        other_guides = [t for t in targets if not t.startswith("wd-")]
        # a line of clauses, a line for the act/letter/record and a line for the checklist
        assert c.body.list_items >= 3, f"{locale} {c.id}: fewer than 3 lines"
        assert len(other_guides) >= 3, f"{locale} {c.id}: leads to fewer than 3 clause references"
        assert all(t in index for t in targets), f"{locale} {c.id}: unknown target in {targets}"
        forms = [t for t in targets if any(a.kind == "form" for a in index[t].body.admonitions)]
        checklists = [t for t in targets if index[t].body.task_items]
        assert forms, f"{locale} {c.id}: no clause with a model act or letter"
        assert checklists, f"{locale} {c.id}: no clause with a checklist"


@pytest.mark.parametrize("locale", ["en", "es", "ko"])
def test_decision_paths_are_numbered_steps_that_each_name_a_clause(corpus, locale):
    _, corpus = corpus
    gf = corpus.get(locale, GUIDE)
    for cid in PATHS:
        clause = gf.clause(cid)
        assert clause is not None, f"{locale}: no {cid}"
        steps = re.findall(r"^(\d+)\. (.*)$", clause.body.raw, re.M)
        assert len(steps) >= 6, f"{locale} {cid}: {len(steps)} steps"
        assert [int(n) for n, _ in steps] == list(range(1, len(steps) + 1))
        assert all("[[" in text for _, text in steps), f"{locale} {cid}: a step names no clause"
        assert "<svg" not in clause.body.raw and "<script" not in clause.body.raw


@pytest.mark.parametrize("locale", ["en", "es", "ko"])
def test_home_page_opens_with_what_to_do(locale):
    text = (ROOT / "docs" / locale / "index.md").read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    blocks = [b.strip() for b in re.split(r"\n\s*\n", body) if b.strip()]
    assert blocks[0].startswith("# ")
    assert blocks[1].startswith("## ") and "{#what-to-do}" in blocks[1]
    links = re.findall(r"\]\(situations/index\.md#(wd-[a-z-]+)\)", blocks[2])
    assert len(links) >= 10
    ids = set(re.findall(r"\{#(wd-[a-z-]+)\}", (ROOT / "guides" / GUIDE).read_text(encoding="utf-8")))
    assert set(links) <= ids

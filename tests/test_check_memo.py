"""The preview's memo of one-file and one-pair checks gives exactly the findings of a fresh check,
and checks again only the files an edit changed."""

from __future__ import annotations

from cmg import validate
from cmg.project import load_project
from cmg.validate import CheckMemo, ParseCache, apply_settings, load_corpus, run_checks

ES = "translations/es/demo/index.md"


def _as_tuples(findings):
    return [(f.code, f.path, f.line, f.col, f.message, f.severity) for f in findings]


def test_memo_gives_fresh_findings_and_rechecks_only_what_changed(mini, monkeypatch):
    mini.replace(ES, "{#dm-delay}", "{#dm-dela}")  # some findings to compare
    project = load_project(mini.root / "mkdocs.yml")
    cache, memo = ParseCache(), CheckMemo()
    corpus = load_corpus(project, cache)
    fresh = _as_tuples(apply_settings(run_checks(corpus), project))
    assert fresh
    assert _as_tuples(apply_settings(run_checks(corpus, memo.local_findings(corpus)), project)) == fresh

    checked = []
    real = validate.check_file
    monkeypatch.setattr(validate, "check_file", lambda gf, **kw: checked.append(gf.path) or real(gf, **kw))
    mini.replace(ES, "{#dm-dela}", "{#dm-delay}")
    corpus = load_corpus(project, cache)
    memoized = _as_tuples(apply_settings(run_checks(corpus, memo.local_findings(corpus)), project))
    monkeypatch.setattr(validate, "check_file", real)
    assert memoized == _as_tuples(apply_settings(run_checks(load_corpus(project, ParseCache())), project))
    assert checked == [ES]  # the unchanged source and Korean files were not checked again


def test_preview_signature_reads_cross_references_in_every_block():
    from cmg.parse import parse_guide_text
    from cmg.preview import referenced_clause_ids

    text = ("---\nguide: demo\nnumber: 1\ntitle: T\n---\n\n# T\n\nSee [[dm-a]].\n\n## 1 A {#dm-b}\n\n"
            "As in [[dm-c]].[^1]\n\n[^1]: Also [[dm-d]].\n")
    gf = parse_guide_text(text, path="guides/demo/index.md", locale="en", guide="demo", rel="demo/index.md")
    assert referenced_clause_ids(gf) == ["dm-a", "dm-c", "dm-d"]

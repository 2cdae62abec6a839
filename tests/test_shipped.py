"""The shipped guides are the big fixture: they validate clean, and every kind of damage is caught."""

from __future__ import annotations

import re
import time

import pytest

from cmg.project import load_project
from cmg.validate import validate_project
from conftest import ROOT

GUIDES = sorted(p.parent.name for p in (ROOT / "guides").glob("*/index.md"))


def test_the_guide_set_is_complete():
    assert {"planning", "delays", "quality", "changes", "payments", "closure"} <= set(GUIDES)


def test_shipped_guides_validate_with_zero_findings():
    project = load_project(ROOT / "mkdocs.yml")
    started = time.perf_counter()
    corpus, findings = validate_project(project)
    elapsed = time.perf_counter() - started
    assert [f"{f.path}:{f.line}: {f.code} {f.message}" for f in findings] == []
    assert len(corpus.files) == len(GUIDES) * len(project.locales)
    print(f"validated {len(corpus.files)} files in {elapsed:.3f} s")


def test_clause_counts(shipped_validated):
    corpus, _ = shipped_validated
    counts = {gf.guide: len(gf.clauses) for gf in corpus.source_files()}
    assert sum(counts.values()) >= 90
    assert counts["delays"] >= 20 and counts["quality"] >= 20


def test_every_guide_has_a_checklist_and_a_form(shipped_validated):
    corpus, _ = shipped_validated
    for gf in corpus.files.values():
        blocks = [c.body for c in gf.clauses]
        assert sum(b.task_items for b in blocks) >= 1, f"{gf.path}: no checklist"
        assert any(a.kind == "form" for b in blocks for a in b.admonitions), f"{gf.path}: no model form"
        assert any(b.placeholders for b in blocks), f"{gf.path}: no placeholders"


# ------------------------------------------------------------------ mutations of a translation


def _clause_headings(text: str) -> list[tuple[int, str]]:
    return [(i, line) for i, line in enumerate(text.split("\n"), 1) if re.match(r"^#{2,3} \d", line)]


def _first_number_line(text: str, start: int) -> tuple[int, str]:
    lines = text.split("\n")
    for i in range(start, len(lines)):
        if lines[i].startswith("#") or lines[i].startswith("[^"):
            continue
        m = re.search(r"(?<![\d.,\[^#])(\d{2,})(?![\d.,])", re.sub(r"\(http[^)]*\)|\{\{[^}]*\}\}|\[\^\d+\]", "", lines[i]))
        if m:
            return i + 1, m.group(1)
    raise AssertionError("no number found")


@pytest.mark.parametrize("locale", ["es", "ko"])
@pytest.mark.parametrize("guide", ["delays", "quality"])
def test_changed_number_is_reported_at_its_line(shipped, locale, guide):
    rel = f"translations/{locale}/{guide}/index.md"
    text = shipped.read(rel)
    heads = _clause_headings(text)
    line, number = _first_number_line(text, heads[3][0])
    lines = text.split("\n")
    lines[line - 1] = re.sub(rf"(?<![\d.,]){number}(?![\d.,])", str(int(number) + 1), lines[line - 1], count=1)
    shipped.write(rel, "\n".join(lines))
    hits = [f for f in shipped.validate() if f.code == "CMG201" and f.path == rel]
    assert hits and hits[0].line == line


@pytest.mark.parametrize("locale", ["es", "ko"])
def test_dropped_clause(shipped, locale):
    rel = f"translations/{locale}/delays/index.md"
    text = shipped.read(rel)
    heads = _clause_headings(text)
    (start, heading), (end, _) = heads[5], heads[6]
    cid = re.search(r"\{#([a-z0-9-]+)\}", heading).group(1)
    lines = text.split("\n")
    del lines[start - 1:end - 1]
    shipped.write(rel, "\n".join(lines))
    hits = [f for f in shipped.validate() if f.code == "CMG101" and f.path == rel]
    assert [f.clause for f in hits] == [cid]


def test_swapped_clauses(shipped):
    rel = "translations/es/quality/index.md"
    text = shipped.read(rel)
    heads = _clause_headings(text)
    # two adjacent sub-clauses of the same level
    for k in range(len(heads) - 2):
        if heads[k][1].startswith("### ") and heads[k + 1][1].startswith("### ") and heads[k + 2][1].startswith("#"):
            break
    lines = text.split("\n")
    a = lines[heads[k][0] - 1:heads[k + 1][0] - 1]
    b = lines[heads[k + 1][0] - 1:heads[k + 2][0] - 1]
    lines[heads[k][0] - 1:heads[k + 2][0] - 1] = b + a
    shipped.write(rel, "\n".join(lines))
    codes = {f.code for f in shipped.validate() if f.path == rel}
    assert "CMG103" in codes


def test_retargeted_cross_reference(shipped):
    rel = "translations/ko/delays/index.md"
    text = shipped.read(rel)
    m = re.search(r"\[\[([a-z0-9-]+)\]\]", text)
    other = "qc-inspection" if m.group(1) != "qc-inspection" else "qc-sampling"
    shipped.write(rel, text[:m.start()] + f"[[{other}]]" + text[m.end():])
    line = text[:m.start()].count("\n") + 1
    hits = [f for f in shipped.validate() if f.code == "CMG203" and f.path == rel]
    assert hits and hits[0].line == line


def test_forbidden_term(shipped):
    import yaml

    tb = yaml.safe_load(shipped.read("translations/termbase.yml"))
    term = next(t for t in tb["terms"] if t.get("es", {}).get("forbidden"))
    bad = term["es"]["forbidden"][0]
    rel = "translations/es/delays/index.md"
    text = shipped.read(rel)
    heads = _clause_headings(text)
    line = heads[2][0] + 2
    lines = text.split("\n")
    lines.insert(line - 1, f"Texto con {bad}.\n")
    shipped.write(rel, "\n".join(lines))
    hits = [f for f in shipped.validate() if f.code == "CMG302" and f.path == rel]
    assert hits and hits[0].line == line


def test_duplicated_id(shipped):
    rel = "translations/ko/quality/index.md"
    text = shipped.read(rel)
    heads = _clause_headings(text)
    first = re.search(r"\{#([a-z0-9-]+)\}", heads[1][1]).group(1)
    second = re.search(r"\{#([a-z0-9-]+)\}", heads[2][1]).group(1)
    lines = text.split("\n")
    lines[heads[2][0] - 1] = lines[heads[2][0] - 1].replace("{#" + second + "}", "{#" + first + "}")
    shipped.write(rel, "\n".join(lines))
    hits = [f for f in shipped.validate() if f.code == "CMG106" and f.path == rel]
    assert hits and hits[0].line == heads[2][0]


def test_broken_front_matter(shipped):
    rel = "translations/es/payments/index.md"
    text = shipped.read(rel)
    shipped.write(rel, text.replace("\nversion:", "\nversion: [", 1))
    hits = [f for f in shipped.validate() if f.code == "CMG002" and f.path == rel]
    assert hits and 1 < hits[0].line < 12

"""An editor's change is published before the translators catch up (issue 19, point 12).

A source edit makes translated clauses outdated: expected state, published with a notice and the
current source text; what the edit changed is reported as "outdated" (CMG601, info), not as
consistency errors. A new guide appears in the navigation by its front matter and in every locale
(the source text with a notice) without any edit of mkdocs.yml. Real errors still fail --strict.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from cmg.navigation import guide_order, has_guides_section, with_guides
from sitecheck import page_facts

EN, ES, KO = "guides/demo/index.md", "translations/es/demo/index.md", "translations/ko/demo/index.md"

DISPUTES = """---
guide: disputes
number: 7
title: Disputes
version: 0.1.0
status: draft
effective: 2026-12-01
applies_to: [goods, works, services]
---

# Disputes

How disputes with the contractor are settled.

## 1 Amicable settlement {#ds-amicable}

The parties should first meet within 10 days of the notice of dispute.
"""


def _env() -> dict[str, str]:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", CMG_PDF="false", SITE_URL="http://127.0.0.1:8000/")


def cmg(root, *args):
    return subprocess.run([sys.executable, "-m", "cmg.cli", *args], cwd=root, capture_output=True, text=True,
                          env=_env(), timeout=900)


def make_site(root, site):
    """What `make site` runs (less the PDFs and the offline copy): validate, then the strict build."""
    validated = cmg(root, "validate", "--format", "json")
    built = cmg(root, "build", "--strict", "-d", str(site))
    return validated, built


# ---------------------------------------------------------------- the rules, on the tiny guide


def test_source_edit_is_outdated_not_inconsistent(mini):
    # wording, a number and an obligation, in one edit
    mini.replace(EN, "must complete the inspection within 14 days of the notice",
                 "must complete the full inspection within 10 days of the notice and must report it")
    found = mini.validate()
    assert {f.code for f in found} == {"CMG601"}, [(f.code, f.message) for f in found]
    for f in found:
        assert f.severity == "info" and f.clause == "dm-inspection"
        # what the edit changed is said in the outdated finding itself
        assert "CMG201" in f.message and "missing 10" in f.message and "CMG401" in f.message


def test_translation_error_in_a_fresh_clause_is_still_an_error(mini):
    mini.replace(EN, "within 14 days of the notice", "within 14 days after the notice")  # dm-inspection outdated
    mini.replace(ES, "hasta 30 %", "hasta 20 %")  # dm-rate is not outdated: a real mistake
    errors = {(f.code, f.clause) for f in mini.validate() if f.severity == "error"}
    assert ("CMG201", "dm-rate") in errors


def test_clause_without_recorded_fingerprint_gets_every_check(mini):
    # a translator who never ran `cmg mark`: nothing says the difference comes from a source edit
    text = mini.read(ES)
    lines = [ln for ln in text.split("\n") if not ln.strip().startswith("dm-inspection:")]
    mini.write(ES, "\n".join(lines).replace("dentro de 14 días", "dentro de 15 días"))
    codes = {(f.code, f.severity) for f in mini.validate() if f.clause == "dm-inspection"}
    assert ("CMG201", "error") in codes and ("CMG601", "info") in codes


def test_new_guide_without_translations_is_info_and_in_nav(mini):
    mini.write("guides/disputes/index.md", DISPUTES.replace("{#ds-", "{#dp-"))
    found = mini.validate()
    assert {(f.code, f.severity) for f in found} == {("CMG109", "info")}
    # a nav that lists no guide at all still leaves the guides out (CMG113)
    mini.replace("mkdocs.yml", "  - demo/index.md\n", "")
    assert "CMG113" in {f.code for f in mini.validate()}


def test_guides_section_follows_front_matter_numbers():
    order = guide_order([("b/index.md", 2), ("z/index.md", "1"), ("c/index.md", "x"), ("a/index.md", 10)])
    assert order == ["z/index.md", "b/index.md", "a/index.md", "c/index.md"]
    nav = ["index.md", {"Guides": ["b/index.md", {"Old title": "z/index.md"}]}, {"Reference": ["glossary.md"]}]
    guides = set(order)
    assert has_guides_section(nav, guides) and not has_guides_section(["index.md"], guides)
    assert with_guides(nav, order) == ["index.md", {"Guides": order}, {"Reference": ["glossary.md"]}]
    assert nav[1] == {"Guides": ["b/index.md", {"Old title": "z/index.md"}]}  # not changed in place
    assert with_guides(["index.md"], order) == ["index.md"]


# ---------------------------------------------------------------- `make site` on the shipped guides


@pytest.fixture
def edited(shipped):
    """The shipped guides after an editor's edit of clause 1 of the delays guide (wording, a new
    number and a new obligation) and a new guide no translator has reached."""
    shipped.replace("guides/delays/index.md", "Delay management aims to finish on time, not to collect fines.",
                    "Delay management aims to finish on time, not to collect penalties. The contract administrator "
                    "must check the programme every 15 days.")
    shipped.write("guides/disputes/index.md", DISPUTES)
    return shipped


def test_make_site_publishes_an_edit_before_the_translators(edited, tmp_path):
    site = tmp_path / "site"
    validated, built = make_site(edited.root, site)
    assert validated.returncode == 0, validated.stdout[-3000:]
    findings = json.loads(validated.stdout)
    assert {f["severity"] for f in findings} == {"info"}, findings
    assert {f["code"] for f in findings} == {"CMG601", "CMG109"}
    assert built.returncode == 0, built.stderr[-4000:]
    assert "WARNING" not in built.stderr, built.stderr[-4000:]

    # the outdated clause: notice, the current English text (with the new figure), then the old translation
    for page in ("delays/index.html", "ko/delays/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        notice = html.index("cmg-notice--outdated")
        current = html.index('class="cmg-current" lang="en"', notice)
        assert html.index("every 15 days", current) < html.index("</div>", current)

    # the new guide: in every locale, in the English text with a notice, and in the navigation, last (number 7)
    for locale, prefix in (("es", ""), ("en", "en/"), ("ko", "ko/")):
        facts = page_facts(site / f"{prefix}disputes/index.html")
        assert facts.html_lang == locale
        if locale != "en":
            assert "cmg-notice--untranslated" in facts.classes
        home = (site / f"{prefix}index.html").read_text(encoding="utf-8")
        assert home.index('href="closure/"') < home.index('href="disputes/"')

    # the translation status page links the source clause without a warning (an HTML link)
    status = (site / "translation-status/index.html").read_text(encoding="utf-8")
    assert 'href="../en/delays/#dl-scope"' in status


def test_make_site_still_fails_on_a_real_error(edited, tmp_path):
    edited.replace("translations/es/closure/index.md", "[[", "[[no-such-clause]] [[", 1)
    validated, built = make_site(edited.root, tmp_path / "site")
    assert validated.returncode == 1
    assert "CMG202" in {f["code"] for f in json.loads(validated.stdout)}
    assert built.returncode != 0

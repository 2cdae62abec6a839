"""One YAML slip in a translation's front matter (a Korean title with an unquoted colon) gives one clear
error naming the file and line — from `cmg validate` and from the build or preview — and the page shows
its text, not the raw front matter."""

from __future__ import annotations

import re

from cmg.engine.pages import without_broken_front_matter
from conftest import quick_build

KO = "translations/ko/demo/index.md"
KO_HOME = "docs/ko/index.md"


def _slip(mini) -> None:
    mini.replace(KO, "title: 시범 지침\n", "title: 시범 지침: 납품 지연\n")


def test_validate_reports_the_slip_once(mini):
    _slip(mini)
    [f] = mini.validate()
    assert (f.code, f.path, f.line) == ("CMG002", KO, mini.line_of(KO, "title: 시범 지침:"))


def test_the_build_says_it_once_and_shows_the_page_without_its_front_matter(mini, tmp_path):
    _slip(mini)
    mini.replace(KO_HOME, "title: Home ko\n", "title: Home: ko\n")  # a site page's slip too
    r = quick_build(mini.root, tmp_path / "site", tmp_path / "cache")
    assert r.returncode == 0, r.stderr[-3000:]
    said = [ln for ln in r.stderr.splitlines() if re.match(r"(WARNING|ERROR)\b", ln) and "'dirty'" not in ln]
    assert len(said) == 2, said
    assert any(f"{KO}:{mini.line_of(KO, 'title: 시범 지침:')}:" in ln and "CMG002" in ln for ln in said), said
    assert any(f"{KO_HOME}:{mini.line_of(KO_HOME, 'title: Home:')}:" in ln for ln in said), said
    page = (tmp_path / "site" / "ko" / "demo" / "index.html").read_text(encoding="utf-8")
    assert "translated_from" not in page and "guide: demo" not in page
    assert "시료 채취" in page  # the guide's own text is there
    home = (tmp_path / "site" / "ko" / "index.html").read_text(encoding="utf-8")
    assert "title: Home" not in home and "Home ko" in home


def test_only_front_matter_that_could_not_be_read_is_cut():
    assert without_broken_front_matter("# Title\n\ntext\n") == ("# Title\n\ntext\n", None)
    text, problem = without_broken_front_matter("---\ntitle: a: b\n---\n\n# Title\n")
    assert text == "\n# Title\n" and (problem.code, problem.pos.line) == ("CMG002", 2)
    # never closed: where the text starts is unknown, so nothing is cut (and the problem is still said)
    text, problem = without_broken_front_matter("---\ntitle: a: b\n\n# Title\n")
    assert text.startswith("---\ntitle") and problem.code == "CMG002"
    # a page that starts with a rule, not front matter, keeps it
    assert without_broken_front_matter("---\n\n# Title\n---\n") == ("---\n\n# Title\n---\n", None)

"""`mkdocs serve` keeps running on bad input, reports it with file and line, and recovers when fixed."""

from __future__ import annotations

import re
import urllib.parse

from conftest import http_get, serve_preview, wait_for

ES = "translations/es/demo/index.md"


def test_serve_survives_bad_input_and_recovers(mini, tmp_path):
    with serve_preview(mini.root, tmp_path / "serve.log") as preview:
        good = mini.path(ES).read_bytes()
        mini.path(ES).write_bytes(good.replace("Inspección".encode(), b"Inspecci\xf3n"))
        assert wait_for(lambda: "CMG001" in preview.log()), preview.log()[-3000:]
        text = preview.log()
        assert f"{ES}:" in text and "Traceback" not in text
        assert preview.running() and preview.get("demo/") is not None  # still serving (the English text, with a notice)
        mini.path(ES).write_bytes(good.replace("Una guía mínima".encode(), "Una guía corregida".encode()))
        assert wait_for(lambda: "Una guía corregida" in (preview.get("demo/") or "")), preview.log()[-3000:]


OTHER = """---
guide: other
number: 2
title: {title}
version: 1.0.0
status: draft
effective: 2026-12-01
applies_to: [goods]
---

# {title}

## 1 {clause} {{#ot-scope}}

{text} [[dm-delay]].
"""


def test_dirty_preview_of_one_locale_rebuilds_what_an_edit_changes(mini, tmp_path):
    """`make serve LOCALE=es`: one locale, --dirty, and no page left stale by an edit elsewhere."""
    mini.write("guides/other/index.md", OTHER.format(title="Other guide", clause="Scope", text="See"))
    mini.write("translations/es/other/index.md", OTHER.format(title="Otra guía", clause="Alcance", text="Véase"))
    with serve_preview(mini.root, tmp_path / "serve.log", "--dirty", ready="other/", CMG_BUILD_LOCALE="es") as preview:
        get = preview.get
        assert wait_for(lambda: "Multas por retraso" in (get("other/") or "")), preview.log()[-3000:]
        assert "Guía de demostración" in get("")  # the home page's navigation
        # a body edit, then a title edit in the demo guide: the other pages show the new titles
        mini.replace(ES, "Véase [[dm-delay]].", "Véase [[dm-delay]], sin demora.")
        assert wait_for(lambda: "sin demora" in (get("demo/") or ""))
        text = mini.read(ES).replace("## 2 Multas por retraso", "## 2 Penalidades por demora")
        mini.write(ES, text.replace("Guía de demostración", "Guía corregida"))
        assert wait_for(lambda: "Penalidades por demora" in (get("other/") or "")), preview.log()[-3000:]
        other, home = get("other/"), get("")
        assert "Guía corregida" in other and "Guía de demostración" not in other  # its navigation
        assert "Guía corregida" in home and "Guía de demostración" not in home
        # the preview of one locale still validates it, with file and line
        mini.replace(ES, "{#dm-delay}", "{#dm-dela}")
        pattern = re.compile(re.escape(ES) + r":\d+:\d+: CMG\d{3}")
        assert wait_for(lambda: pattern.search(preview.log())), preview.log()[-3000:]
        assert "Traceback" not in preview.log()


def test_preview_shows_a_finding_at_its_clause_and_clears_it_when_fixed(mini, tmp_path):
    """Issue 20, point 6: the finding is in the previewed page, at the clause; never in a built site."""
    with serve_preview(mini.root, tmp_path / "serve.log", CMG_PDF="false") as preview:
        assert 'class="cmg-finding' not in preview.get("demo/")
        mini.replace(ES, "dentro de 14 días", "dentro de 15 días")
        assert wait_for(lambda: 'data-code="CMG201"' in (preview.get("demo/") or ""), 90), preview.log()[-3000:]
        page = preview.get("demo/")
        box = page.index('data-code="CMG201"')
        assert page.index('id="dm-inspection"') < box < page.index('id="dm-delay"')  # under its clause's heading
        assert f"{ES}:" in page[box:box + 600]
        mini.replace(ES, "dentro de 15 días", "dentro de 14 días")
        assert wait_for(lambda: 'data-code="CMG201"' not in (preview.get("demo/") or "CMG201"), 90)


def test_preview_rebuilds_when_the_theme_overrides_change(mini, tmp_path):
    mini.write("overrides/main.html", '{% extends "base.html" %}\n{% block announce %}first banner{% endblock %}\n')
    mini.replace("mkdocs.yml", "  font: false\n", "  font: false\n  custom_dir: overrides\n")
    with serve_preview(mini.root, tmp_path / "serve.log", timeout=90, CMG_PDF="false") as preview:
        assert wait_for(lambda: "first banner" in (preview.get("demo/") or ""), 90), preview.log()[-3000:]
        mini.replace("overrides/main.html", "first banner", "second banner")
        assert wait_for(lambda: "second banner" in (preview.get("demo/") or ""), 90), preview.log()[-3000:]


def test_a_broken_mkdocs_yml_gives_one_error_and_the_preview_keeps_serving(mini, tmp_path):
    """Issue 13, point 5: a YAML slip in mkdocs.yml while `mkdocs serve` runs: the file and line, no
    traceback, the last good site still served, and the preview recovers when the file is fixed."""
    with serve_preview(mini.root, tmp_path / "serve.log", CMG_PDF="false") as preview:
        read_log = preview.log
        good = mini.read("mkdocs.yml")
        mini.write("mkdocs.yml", good + "extra: [unclosed\n")
        bad_line = len((good + "extra: [unclosed\n").splitlines()) + 1  # YAML stops at the end of the file
        assert wait_for(lambda: "mkdocs.yml:" in read_log() and "not valid YAML" in read_log(), 60), read_log()[-3000:]
        text = read_log()
        assert re.search(rf"mkdocs\.yml:{bad_line - 1}|mkdocs\.yml:{bad_line}", text), text[-2000:]
        assert "Traceback" not in text and "appear stuck" not in text
        assert preview.running() and "Una guía mínima" in (preview.get("demo/") or "")  # the last good build
        mini.write("mkdocs.yml", good)
        mini.replace(ES, "Una guía mínima", "Una guía corregida")
        assert wait_for(lambda: "Una guía corregida" in (preview.get("demo/") or ""), 90), read_log()[-3000:]


def _notice_links(page: str) -> list[str]:
    return re.findall(r'class="cmg-notice cmg-notice--outdated"[^>]*><p>[^<]*<a href="([^"]+)"', page)


def _assert_leads_to_current_text(url: str, href: str) -> None:
    target = urllib.parse.urljoin(url, href)
    page = http_get(target.split("#")[0])
    assert page is not None, f"{href} (from {url}): not in the preview"
    start = page.index(f'id="{target.partition("#")[2]}"')  # the element holds the clause's current English text
    assert "within 14 days after the notice" in page[start:start + 2000]


def test_only_a_preview_builds_one_locale_alone(monkeypatch):
    """`cmg build` builds each locale in a process with CMG_BUILD_LOCALE set too: its pages keep their links."""
    from cmg.engine.state import BuildState

    monkeypatch.setenv("CMG_BUILD_LOCALE", "es")
    state = BuildState(settings=None)
    assert state.built_alone() is None
    state.serving = True
    assert state.built_alone() == "es"
    monkeypatch.delenv("CMG_BUILD_LOCALE")
    assert state.built_alone() is None


def test_outdated_notice_links_to_the_source_text_in_a_one_locale_preview(mini, tmp_path):
    """`make serve LOCALE=es` builds Spanish alone: the notice's link to the current English text leads to
    something this preview has (the English text shown on the page), not to a page it never built."""
    mini.replace("guides/demo/index.md", "within 14 days of the notice", "within 14 days after the notice")
    with serve_preview(mini.root, tmp_path / "serve.log", "--dirty", CMG_PDF="false", CMG_BUILD_LOCALE="es") as preview:
        base = preview.base
        assert wait_for(lambda: _notice_links(preview.get("demo/") or "")), preview.log()[-3000:]
        [href] = _notice_links(preview.get("demo/"))
        _assert_leads_to_current_text(base + "demo/", href)
        # the translation status page's link to the outdated Spanish clause's source text too
        status = preview.get("translation-status/")
        [href] = re.findall(re.escape(ES) + r':\d+</code> — <a href="([^"]+)"', status)
        _assert_leads_to_current_text(base + "translation-status/", href)

"""Settings of the wrong type and inputs that go into files (issue 13, items 5 and 6): a clear error
with file and line from `cmg` and from `mkdocs build`, never a traceback; locale codes are BCP 47
tags matched in full; names are written into mkdocs.yml by the YAML emitter."""

from __future__ import annotations

import pytest
import yaml

from cmg.project import BCP47
from conftest import cmg
from sitecheck import build_site

SETTINGS = [
    ("      source_locale: en\n", "      source_locale: en\n      validation: {severity: [CMG201]}\n", "severity"),
    ("      source_locale: en\n", "      source_locale: en\n      validation: {ignore: CMG201}\n", "ignore"),
    ("      source_locale: en\n", "      source_locale: en\n      validation: 5\n", "validation"),
    ("      source_locale: en\n", "      source_locale: en\n      pdf_max_kb: lots\n", "pdf_max_kb"),
    ("      source_locale: en\n", "      source_locale: [en]\n", "source_locale"),
    ("      source_locale: en\n", "      source_locale: en\n      guides_dir: ../../etc\n", "guides_dir"),
    ("{locale: ko, name: 한국어}", '{locale: "../../x", name: X}', "BCP 47"),
]


@pytest.mark.parametrize(("old", "new", "named"), SETTINGS)
def test_a_wrong_setting_is_a_clear_error_from_cmg_and_mkdocs(mini, tmp_path, old, new, named):
    mini.replace("mkdocs.yml", old, new)
    r = cmg(mini.root, "validate", check=False)
    out = r.stdout + r.stderr
    assert r.returncode == 2 and "Traceback" not in out and "internal error" not in out, out
    assert "mkdocs.yml:" in out and named in out, out
    b = build_site(mini.root, tmp_path / "site", strict=False)
    out = b.stdout + b.stderr
    assert b.returncode != 0 and "Traceback" not in out, out[-3000:]
    assert named in out or "Config value" in out, out[-3000:]  # mkdocs-static-i18n checks locale codes too


@pytest.mark.parametrize(("old", "new", "named"), [
    ("    prohibited: ['\\bmust not\\b', '\\bmay not\\b', \"\\\\bmustn't\\\\b\"]\n", "    prohibited: 5\n", "prohibited"),
    ("  en:\n    prohibited:", "  en: nothing\n  xx:\n    prohibited:", "'obligations'"),
    ("obligations:\n", "obligations: [en]\nold_obligations:\n", "'obligations'"),
])
def test_a_wrong_termbase_setting_is_a_finding_with_its_line(mini, tmp_path, old, new, named):
    mini.replace("translations/termbase.yml", old, new)
    r = cmg(mini.root, "validate", check=False)
    out = r.stdout + r.stderr
    assert "Traceback" not in out and "internal error" not in out, out
    assert any("translations/termbase.yml:" in ln and "CMG003" in ln and named in ln for ln in out.splitlines()), out
    b = build_site(mini.root, tmp_path / "site", strict=False)
    assert "Traceback" not in b.stdout + b.stderr, (b.stdout + b.stderr)[-3000:]


@pytest.mark.parametrize("code", ["pt\n", "../../x", "pt BR", "p", "pt_BR", "PT", "pt-", "pt/../x", "a" * 40])
def test_new_locale_refuses_a_code_that_is_not_a_bcp47_tag(mini, code):
    before = mini.read("mkdocs.yml")
    listing = sorted(p.relative_to(mini.root) for p in mini.root.rglob("*"))
    r = cmg(mini.root, "new-locale", code, check=False)
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert "BCP 47" in r.stdout + r.stderr
    assert mini.read("mkdocs.yml") == before
    assert sorted(p.relative_to(mini.root) for p in mini.root.rglob("*")) == listing  # no folder made


@pytest.mark.parametrize("name", ["Português: Brasil", "*pt", "- x", "'quoted'", '"dq"', "# not a comment", "a: b: c"])
def test_new_locale_writes_the_name_with_the_yaml_emitter(mini, name):
    r = cmg(mini.root, "new-locale", "pt-BR", "--name", name, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    cfg = yaml.safe_load(mini.read("mkdocs.yml").replace("!ENV", "").replace("[CMG_PDF, true]", "true")
                         .replace("[CMG_CACHE_DIR, .cache/cmg]", ".cache/cmg"))
    langs = next(p["i18n"] for p in cfg["plugins"] if isinstance(p, dict) and "i18n" in p)["languages"]
    assert {"locale": "pt-BR", "name": name, "build": True} in langs
    assert cmg(mini.root, "validate", check=False).returncode in (0, 1)  # mkdocs.yml still reads


def test_a_name_with_a_newline_is_refused(mini):
    before = mini.read("mkdocs.yml")
    r = cmg(mini.root, "new-locale", "pt", "--name", "Português\nnav: []", check=False)
    assert r.returncode != 0 and "Traceback" not in r.stderr and mini.read("mkdocs.yml") == before


def test_bcp47_full_match():
    for good in ("es", "en", "ko", "pt-BR", "zh-Hant-TW", "es-419", "sr-Latn"):
        assert BCP47.fullmatch(good), good
    for bad in ("pt\n", "../x", "pt_BR", "", "e", "es-", "es-ES-", "x" * 9):
        assert not BCP47.fullmatch(bad), bad


# ------------------------------------------------------------------ no lost update (item 3)

KO = "translations/ko/demo/index.md"
ES = "translations/es/demo/index.md"


def _needs_sync(mini):
    """A source clause the Korean translation lacks: `cmg sync ko` has something to write."""
    mini.replace("guides/demo/index.md", "## 2 Delay damages {#dm-delay}",
                 "## 2 Notices {#dm-notices}\n\nThe supplier must give notice.\n\n## 3 Delay damages {#dm-delay}")


def test_sync_refuses_to_write_over_a_save_made_after_it_read_the_file(mini, monkeypatch):
    from cmg import fsio
    from cmg.lifecycle import plan_sync
    from cmg.project import load_project
    from cmg.workflow import apply_changes

    _needs_sync(mini)
    project = load_project(mini.root / "mkdocs.yml")
    changes = plan_sync(project, "ko")
    assert any(ch.rel == KO for ch in changes)
    saved = mini.read(KO).replace("시험에서 사용하는 작은 지침입니다.", "번역자가 방금 저장한 문장입니다.")

    def translator_saves():  # between sync's read and its rename: the race of issue 13
        mini.write(KO, saved)

    monkeypatch.setattr(fsio, "_pause_for_tests", translator_saves)
    with pytest.raises(fsio.ConcurrentEditError, match="changed on disk after cmg read it"):
        apply_changes(changes)
    assert mini.read(KO) == saved  # the translator's edit is kept


def test_sync_refuses_when_the_file_changed_before_it_writes_anything(mini):
    from cmg.lifecycle import plan_sync
    from cmg.project import load_project
    from cmg.workflow import apply_changes

    _needs_sync(mini)
    project = load_project(mini.root / "mkdocs.yml")
    changes = plan_sync(project, "ko")
    saved = mini.read(KO) + "\n<!-- saved by the translator -->\n"
    mini.write(KO, saved)
    others = {ch.path: ch.path.read_bytes() if ch.path.exists() else None for ch in changes}
    with pytest.raises(Exception, match="changed on disk"):
        apply_changes(changes)
    assert mini.read(KO) == saved
    assert {p: (p.read_bytes() if p.exists() else None) for p in others} == others  # nothing written


def test_the_cli_says_which_file_changed(mini, monkeypatch):
    _needs_sync(mini)
    r = cmg(mini.root, "sync", "ko")
    assert "Traceback" not in r.stderr
    assert "dm-notices" in mini.read(KO)


def test_serve_keeps_serving_the_last_good_site_and_shows_the_error(mini, tmp_path):
    from conftest import serve_preview
    from conftest import wait_for as _wait

    good = mini.read("mkdocs.yml")
    with serve_preview(mini.root, tmp_path / "serve.log", CMG_PDF="false") as preview:
        log = preview.log
        mini.replace("translations/termbase.yml", "    prohibited: ['\\bmust not\\b'", "    prohibited: 5\n    x: ['\\bmust not\\b'")
        mini.write("mkdocs.yml", good.replace("      source_locale: en\n",
                                              "      source_locale: en\n      validation: {severity: [CMG201]}\n"))
        assert _wait(lambda: "severity must map rule codes" in log()), log()[-3000:]
        text = log()
        assert "Traceback" not in text and "mkdocs.yml:" in text
        assert _wait(lambda: "CMG003" in log()), log()[-3000:]
        assert preview.running() and _wait(lambda: preview.get("demo/") is not None), log()[-3000:]  # still serving
        mini.write("mkdocs.yml", good)
        mini.replace(ES, "Una guía mínima", "Una guía corregida")
        assert _wait(lambda: "Una guía corregida" in (preview.get("demo/") or "")), log()[-3000:]

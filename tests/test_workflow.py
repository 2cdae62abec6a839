"""Translator workflow: freshness, status, sync, mark, new-locale — and nothing a translator wrote is lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from cmg.lifecycle import plan_sync
from cmg.project import load_project
from cmg.workflow import MarkRefused, plan_mark
from conftest import FIXTURES, cmg, copy_project, states

EN, ES, KO = "guides/demo/index.md", "translations/es/demo/index.md", "translations/ko/demo/index.md"



def test_fresh_fixture_is_fully_translated(mini):
    assert set(states(mini.root, "es").values()) == {"translated"}


def test_changed_sentence_makes_clause_outdated_in_every_locale(mini):
    mini.replace(EN, "within 14 days of the notice", "within 14 days after the notice")
    for loc in ("es", "ko"):
        st = states(mini.root, loc)
        assert st["dm-inspection"] == "outdated"
        assert st["dm-rate"] == "translated"
    r = cmg(mini.root, "status", "--format", "json")
    data = json.loads(r.stdout)
    assert all(d["outdated"] == 1 and d["outdated_clauses"][0]["clause"] == "dm-inspection" for d in data)
    text = cmg(mini.root, "status").stdout
    assert f"outdated: {ES}:" in text and f"outdated: {KO}:" in text
    # the translators revise and mark: everything is green again
    cmg(mini.root, "mark", "es", f"{ES}#dm-inspection")
    cmg(mini.root, "mark", "ko", "demo#dm-inspection")
    assert set(states(mini.root, "es").values()) == set(states(mini.root, "ko").values()) == {"translated"}
    assert cmg(mini.root, "validate").returncode == 0


def test_whitespace_only_source_edit_does_not_count(mini):
    mini.replace(EN, "within 14 days of the notice", "within   14 days\nof the notice")
    assert set(states(mini.root, "es").values()) == {"translated"}


def test_mark_refuses_untranslated_blocks_and_is_idempotent(mini):
    mini.replace(ES, "### 2.1 Tasa {#dm-rate}", "### 2.1 Tasa {#dm-rate}\n\n<!-- cmg: untranslated -->")
    project = load_project(mini.root / "mkdocs.yml")
    # Spanish text still under the marker: refused, nothing planned (it would be shown as English)
    with pytest.raises(MarkRefused) as exc:
        plan_mark(project, "es", "demo")
    assert any("dm-rate" in n for n in exc.value.reasons)
    mini.replace(ES, "<!-- cmg: untranslated -->\n", "")
    assert plan_mark(project, "es", "demo") == ([], [])  # every clause already recorded


def test_sync_creates_missing_file_and_site_still_builds(mini):
    os.remove(mini.path(KO))
    cmg(mini.root, "sync", "ko")
    text = mini.read(KO)
    assert text.count("<!-- cmg: untranslated -->") == 5  # intro + 3 clauses + the footnote
    st = states(mini.root, "ko")
    assert set(st.values()) == {"untranslated"}
    r = cmg(mini.root, "validate", check=False)
    assert r.returncode == 0, r.stdout


def test_sync_inserts_missing_clause_in_place_and_twice_changes_nothing(mini):
    original = mini.read(ES)
    mini.write(ES, original.replace("### 2.1 Tasa {#dm-rate}", "@@").split("@@")[0].rstrip() + "\n\n"
               + "[^1]: Decreto de Ejecución, art. 55. <https://example.org/decree>\n")
    before = mini.read(ES)
    dry = cmg(mini.root, "sync", "es", "--dry-run").stdout
    assert "+### 2.1 Rate {#dm-rate}" in dry and mini.read(ES) == before
    cmg(mini.root, "sync", "es")
    after = mini.read(ES)
    assert after.index("## 2 Multas por retraso") < after.index("### 2.1 Rate {#dm-rate}") < after.index("[^1]:")
    # every line the translator wrote is still there, in order
    it = iter(after.split("\n"))
    assert all(any(line == x for x in it) for line in before.split("\n"))
    again = cmg(mini.root, "sync", "es").stdout
    assert "nothing to do" in again and mini.read(ES) == after


def test_sync_keeps_crlf_and_bom(mini):
    data = mini.read(ES).replace("### 2.1 Tasa {#dm-rate}", "@@").split("@@")[0]
    raw = b"\xef\xbb\xbf" + data.replace("\n", "\r\n").encode("utf-8")
    mini.path(ES).write_bytes(raw)
    cmg(mini.root, "sync", "es")
    out = mini.path(ES).read_bytes()
    assert out.startswith(raw) and out.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in out.replace(b"\r\n", b"")


def test_sync_refuses_a_file_that_is_not_utf8(mini):
    mini.path(ES).write_bytes(b"---\ntitle: x\n---\n\xff\n")
    before = mini.path(ES).read_bytes()
    r = cmg(mini.root, "sync", "es", check=False)
    assert r.returncode == 2 and ES in r.stderr and "Traceback" not in r.stderr
    assert mini.path(ES).read_bytes() == before


def _add_source_language_numbers(root):
    """English decimals and a date in a footnote, and the same in es/ko: what a Portuguese (decimal comma)
    scaffold keeps in English until translated."""
    edits = {
        "guides/demo/index.md": ("art. 55.", "art. 55; 0.125 % for days 31 to 60, 1.5 million; reviewed 20 December 2026."),
        "translations/es/demo/index.md": ("art. 55.",
                                          "art. 55; 0.125 % para los días 31 a 60, 1.5 millones; revisado el 20 de diciembre de 2026."),
        "translations/ko/demo/index.md": ("제55조.", "제55조; 31일부터 60일까지 0.125 %, 150만; 2026년 12월 20일 검토."),
    }
    for rel, (old, new) in edits.items():
        p = root / rel
        text = p.read_text(encoding="utf-8")
        assert old in text, rel
        p.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_source_language_text_in_a_decimal_comma_locale_is_read_as_the_source(tmp_path):
    """pt writes 0,125 and 1.000: an English footnote (or table row, or note line) left in a pt file is
    English and its numbers are read as English; a translated pt line is read as Portuguese, and a wrong
    figure in it is still caught."""
    root = copy_project(FIXTURES / "mini", tmp_path / "mini")
    _add_source_language_numbers(root)
    cmg(root, "new-locale", "pt")
    pt = root / "translations/pt/demo/index.md"
    text = pt.read_text(encoding="utf-8")
    assert "0.125 % for days 31 to 60" in text  # the scaffold keeps the English footnote
    r = cmg(root, "validate", "--format", "json", check=False)
    assert r.returncode == 0, r.stdout
    # translated into Portuguese with Portuguese separators: still consistent
    good = text.replace("0.125 % for days 31 to 60, 1.5 million; reviewed 20 December 2026.",
                        "0,125 % para os dias 31 a 60, 1,5 milhão; revisto em 20 de dezembro de 2026.")
    assert good != text
    pt.write_text(good, encoding="utf-8")
    r = cmg(root, "validate", check=False)
    assert r.returncode == 0, r.stdout
    # a wrong figure in the Portuguese line is an error, as in any translation
    pt.write_text(good.replace("0,125 %", "0,15 %"), encoding="utf-8")
    r = cmg(root, "validate", "--format", "json", check=False)
    assert r.returncode == 1
    errors = [f for f in json.loads(r.stdout) if f["severity"] == "error"]
    assert [f["code"] for f in errors] == ["CMG209"] and "0.125" in errors[0]["message"], errors


def test_new_locale_pt_then_site_builds(tmp_path):
    root = copy_project(FIXTURES / "mini", tmp_path / "mini")
    _add_source_language_numbers(root)
    cfg_before = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text("# keep this comment\n" + cfg_before, encoding="utf-8")
    cmg(root, "new-locale", "pt")
    cfg = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert cfg.startswith("# keep this comment\n") and "- locale: pt" in cfg
    assert (root / "translations/pt/demo/index.md").is_file() and (root / "docs/pt/index.md").is_file()
    r = cmg(root, "validate", check=False)
    assert r.returncode == 0, r.stdout
    from sitecheck import build_site, page_facts

    result = build_site(root, root / "site", strict=True)
    assert result.returncode == 0, result.stderr[-3000:]
    for page in ("pt/index.html", "pt/demo/index.html"):
        facts = page_facts(root / "site" / page)
        assert facts.html_lang == "pt"
        assert "cmg-notice--untranslated" in facts.classes
    r = cmg(root, "new-locale", "pt", check=False)
    assert r.returncode == 2 and "already" in r.stderr


def test_kill_during_write_leaves_the_original_intact(mini, tmp_path):
    mini.replace(EN, "within 14 days of the notice", "within 14 days after the notice")
    before = mini.path(ES).read_bytes()
    marker = tmp_path / "paused"
    env = dict(os.environ, CMG_TEST_PAUSE_BEFORE_RENAME=str(marker))
    proc = subprocess.Popen([sys.executable, "-m", "cmg.cli", "mark", "es", "demo", "--all"], cwd=mini.root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 30
    while not marker.exists() and time.time() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "the write never started"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert mini.path(ES).read_bytes() == before
    # the half-written temporary file is not a guide file and does not disturb the tools
    leftovers = [p.name for p in mini.path(ES).parent.iterdir() if p.name != "index.md"]
    assert all(name.startswith(".") and name.endswith(".cmg-tmp") for name in leftovers)
    assert cmg(mini.root, "validate", check=False).returncode == 0
    assert cmg(mini.root, "mark", "es", "demo", "--all").returncode == 0
    assert states(mini.root, "es")["dm-inspection"] == "translated"


def test_plan_functions_do_not_write(mini):
    mini.replace(EN, "within 14 days of the notice", "within 14 days after the notice")
    before = mini.read(ES)
    project = load_project(mini.root / "mkdocs.yml")
    changes, _ = plan_mark(project, "es", "demo")
    assert changes and mini.read(ES) == before
    assert plan_sync(project, "es") == []


@pytest.mark.parametrize("target", ["demo", EN, ES, "demo/index.md"])
def test_mark_target_forms(mini, target):
    mini.replace(EN, "within 14 days of the notice", "within 14 days after the notice")
    cmg(mini.root, "mark", "es", target, "--all")
    assert states(mini.root, "es")["dm-inspection"] == "translated"


def test_status_names_an_unreadable_translation_instead_of_calling_it_missing(mini):
    path = mini.root / ES
    before = path.read_bytes() + b"\n\xff\xfe stray bytes\n"
    path.write_bytes(before)
    data = {d["locale"]: d for d in json.loads(cmg(mini.root, "status", "--format", "json").stdout)}
    es = data["es"]
    assert es["missing"] == 0 and es["translated"] == 0 and es["unreadable"] == es["clauses"] > 0
    assert "not valid UTF-8" in es["unreadable_reason"] and es["unreadable_reason"].startswith("line ")
    assert data["ko"]["unreadable_reason"] is None and data["ko"]["translated"] == data["ko"]["clauses"]
    text = cmg(mini.root, "status").stdout
    assert f"unreadable: {ES}: line " in text
    assert path.read_bytes() == before  # nothing touched


def test_an_underlined_heading_is_reported_and_sync_does_not_insert_the_clause_again(mini):
    mini.replace(ES, "## 1 Inspección {#dm-inspection}\n", "1 Inspección {#dm-inspection}\n-------------------------------\n")
    before = mini.read(ES)
    r = cmg(mini.root, "validate", "--format", "json", check=False)
    found = [f for f in json.loads(r.stdout) if f["code"] == "CMG116"]
    assert len(found) == 1 and found[0]["path"] == ES and found[0]["line"] == mini.line_of(ES, "1 Inspección")
    assert "## 1 Inspección {#dm-inspection}" in found[0]["hint"]
    r = cmg(mini.root, "sync", "es", check=False)
    assert r.returncode != 0 and f"{ES}:{mini.line_of(ES, '1 Inspección')}" in r.stderr + r.stdout
    assert mini.read(ES) == before  # nothing inserted, nothing lost
    # a horizontal rule after a blank line, and a table's delimiter row, are no headings
    mini.replace(ES, "1 Inspección {#dm-inspection}\n-------------------------------\n",
                 "## 1 Inspección {#dm-inspection}\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    r = cmg(mini.root, "validate", "--format", "json", check=False)
    assert not [f for f in json.loads(r.stdout) if f["code"] == "CMG116"]


def test_a_full_disk_names_the_file_the_files_written_and_those_left_alone(tmp_path, monkeypatch):
    import errno

    import cmg.fsio
    from cmg.fsio import WriteFailedError
    from cmg.workflow import Change, apply_changes

    files = [tmp_path / f"{n}.md" for n in ("a", "b", "c")]
    for f in files:
        f.write_text("old\n", encoding="utf-8")
    changes = [Change(f, f"translations/es/{f.name}", "old\n", "new\n") for f in files]
    real_fsync, calls = os.fsync, []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 3:  # the second file's data (file, folder, then the second file)
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(cmg.fsio.os, "fsync", fsync)
    with pytest.raises(WriteFailedError) as exc:
        apply_changes(changes)
    msg = str(exc.value)
    assert msg.startswith("translations/es/b.md: not written: No space left on device")
    assert "Already written: translations/es/a.md." in msg and "Not written (left as they were): translations/es/c.md." in msg
    assert [f.read_text(encoding="utf-8") for f in files] == ["new\n", "old\n", "old\n"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".cmg-tmp")]  # no temporary file left


def test_a_failed_write_outside_the_workflow_still_names_its_file(tmp_path, monkeypatch):
    import errno

    import cmg.fsio

    def fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cmg.fsio.os, "fsync", fsync)
    with pytest.raises(OSError) as exc:
        cmg.fsio.atomic_write_bytes(tmp_path / "export.po", b"x")
    assert exc.value.filename == str(tmp_path / "export.po") and exc.value.errno == errno.ENOSPC

"""The clause lifecycle, journey by journey: safe marking, renaming, moving, removing, what changed, releases."""

from __future__ import annotations

import os
import subprocess
import sys

from cmg.project import load_project
from cmg.workflow import translation_status

EN, ES, KO = "guides/demo/index.md", "translations/es/demo/index.md", "translations/ko/demo/index.md"


def cmg(root, *args, check=True):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    r = subprocess.run([sys.executable, "-m", "cmg.cli", *args], cwd=root, capture_output=True, text=True, env=env)
    if check:
        assert r.returncode == 0, r.stdout + r.stderr
    return r


def states(root, locale):
    project = load_project(root / "mkdocs.yml")
    return {c.clause_id: c.state for fs in translation_status(project, locales=[locale]) for c in fs.clauses}


def outdate_two(mini):
    mini.replace(EN, "within 14 days of the notice", "within 14 days after the notice")
    mini.replace(EN, "The rate is 0.075 % per day", "The rate is 0.075 % for each day")


# ---------------------------------------------------------------- 5. mark is safe


def test_mark_without_clause_refuses_and_names_the_fix(mini):
    """`cmg mark es FILE #dm-rate`: the shell drops '#dm-rate'; mark must not mark the whole file."""
    outdate_two(mini)
    before = mini.read(ES)
    r = cmg(mini.root, "mark", "es", ES, check=False)
    assert r.returncode == 1
    assert "names no clause" in r.stderr and "--all" in r.stderr and "nothing was written" in r.stderr
    assert mini.read(ES) == before
    assert states(mini.root, "es")["dm-inspection"] == "outdated"
    # a trailing '#' is refused as well
    r = cmg(mini.root, "mark", "es", f"{ES}#", check=False)
    assert r.returncode == 1 and "no clause ID after '#'" in r.stderr and mini.read(ES) == before
    # naming one clause marks exactly that one
    cmg(mini.root, "mark", "es", f"{ES}#dm-rate")
    st = states(mini.root, "es")
    assert st["dm-rate"] == "translated" and st["dm-inspection"] == "outdated"
    # --all marks the file
    cmg(mini.root, "mark", "es", ES, "--all")
    assert set(states(mini.root, "es").values()) == {"translated"}


def test_mark_checks_every_target_before_writing_any(mini):
    outdate_two(mini)
    es_before, ko_before = mini.read(ES), mini.read(KO)
    r = cmg(mini.root, "mark", "es", f"{ES}#dm-inspection", f"{ES}#dm-nope", check=False)
    assert r.returncode == 1 and "dm-nope" in r.stderr
    assert mini.read(ES) == es_before
    r = cmg(mini.root, "mark", "ko", f"{KO}#dm-inspection", "translations/ko/nowhere/index.md#x", check=False)
    assert r.returncode == 1 and mini.read(KO) == ko_before


def test_mark_several_clauses_of_one_file_in_one_run(mini):
    outdate_two(mini)
    cmg(mini.root, "mark", "es", f"{ES}#dm-inspection", f"{ES}#dm-rate")
    assert set(states(mini.root, "es").values()) == {"translated"}


def test_mark_refuses_a_clause_still_under_the_untranslated_marker(mini):
    mini.replace(ES, "### 2.1 Tasa {#dm-rate}", "### 2.1 Tasa {#dm-rate}\n\n<!-- cmg: untranslated -->")
    mini.replace(EN, "The rate is 0.075 % per day", "The rate is 0.075 % for each day")
    before = mini.read(ES)
    r = cmg(mini.root, "mark", "es", f"{ES}#dm-rate", check=False)
    assert r.returncode == 1
    assert f"{ES}:" in r.stderr and "still marked untranslated" in r.stderr
    assert mini.read(ES) == before
    # --all over the file: Spanish text under the marker is refused too (it would be published as English)
    r = cmg(mini.root, "mark", "es", ES, "--all", check=False)
    assert r.returncode == 1 and mini.read(ES) == before


def test_mark_all_skips_a_real_untranslated_block_and_drops_stale_records(mini):
    os.remove(mini.path(KO))
    cmg(mini.root, "sync", "ko")  # every clause an untranslated (English) block
    r = cmg(mini.root, "mark", "ko", KO, "--all")
    assert "untranslated block; not marked" in r.stderr
    # a record of a clause that no longer exists anywhere is dropped at the next mark
    mini.replace(ES, "  dm-rate: '", "  dm-gone: '0123456789ab'\n  dm-rate: '")
    mini.replace(EN, "The rate is 0.075 % per day", "The rate is 0.075 % for each day")
    cmg(mini.root, "mark", "es", f"{ES}#dm-rate")
    assert "dm-gone" not in mini.read(ES)

"""The clause lifecycle, journey by journey: safe marking, renaming, moving, removing, what changed, releases."""

from __future__ import annotations

import json
import os

import pytest

from conftest import EXTRA_GUIDE, add_extra_guide, build_moved_clause_site, cmg, states

EN, ES, KO = "guides/demo/index.md", "translations/es/demo/index.md", "translations/ko/demo/index.md"



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


# ---------------------------------------------------------------- 1. rename


def intro_with_old_citation(mini, cid="dm-inspection"):
    """Each locale's introduction (not a clause: no fingerprint changes) cites a clause."""
    mini.replace(EN, "A tiny guide used by the tests.", f"A tiny guide used by the tests. Start at [[{cid}]].")
    mini.replace(ES, "Una guía mínima que usan las pruebas.", f"Una guía mínima que usan las pruebas. Empiece por [[{cid}]].")
    mini.replace(KO, "시험에서 사용하는 작은 지침입니다.", f"시험에서 사용하는 작은 지침입니다. [[{cid}]]")


def test_rename_everywhere_and_old_id_keeps_working(mini):
    intro_with_old_citation(mini)
    r = cmg(mini.root, "rename", f"{EN}#dm-inspection", "dm-acceptance-inspection")
    assert "updated guides/demo/index.md" in r.stdout
    for rel in (EN, ES, KO):
        text = mini.read(rel)
        assert "{#dm-inspection}" not in text and "[[dm-inspection]]" not in text
        assert "{#dm-acceptance-inspection}" in text
    assert "  dm-acceptance-inspection: '352decf2b235'" in mini.read(ES)  # the record follows, not outdated
    assert "clause_aliases:\n  dm-inspection: 'dm-acceptance-inspection'\n" in mini.read(EN)
    assert set(states(mini.root, "es").values()) == {"translated"}
    assert cmg(mini.root, "validate").returncode == 0
    # a citation copied before the rename still finds the clause: a link, and a CMG114 note
    for rel in (EN, ES, KO):
        text = mini.read(rel)
        mini.write(rel, text.replace("[[dm-acceptance-inspection]]", "[[dm-inspection]]", 1))
    r = cmg(mini.root, "validate", "--format", "json")  # info only: the build still passes
    found = [f for f in json.loads(r.stdout) if f["code"] == "CMG114"]
    assert {f["path"] for f in found} == {EN, ES, KO}
    assert "dm-acceptance-inspection" in found[0]["message"]


def test_rename_refuses_a_used_or_malformed_id_and_writes_nothing(mini):
    before = {rel: mini.read(rel) for rel in (EN, ES, KO)}
    for new, what in (("dm-rate", "already used"), ("Bad_ID", "not a clause ID")):
        r = cmg(mini.root, "rename", f"{EN}#dm-inspection", new, check=False)
        assert r.returncode == 2 and what in r.stderr
    r = cmg(mini.root, "rename", f"{EN}#dm-nope", "dm-x", check=False)
    assert r.returncode == 2 and "does not exist" in r.stderr
    assert {rel: mini.read(rel) for rel in (EN, ES, KO)} == before


def test_hand_rename_is_recognised_by_validate_and_sync(mini):
    mini.replace(EN, "{#dm-inspection}", "{#dm-acceptance}")
    findings = [f for f in mini.validate() if f.code in ("CMG101", "CMG102") and f.locale == "es"]
    assert findings and all("renamed" in f.message and "cmg sync es" in f.hint for f in findings)
    r = cmg(mini.root, "sync", "es", "--dry-run")
    assert "-## 1 Inspección {#dm-inspection}" in r.stdout and "+## 1 Inspección {#dm-acceptance}" in r.stdout
    assert "untranslated" not in r.stdout  # no second, English copy
    cmg(mini.root, "sync", "es")
    assert "  dm-acceptance: '352decf2b235'" in mini.read(ES)
    assert states(mini.root, "es")["dm-acceptance"] == "translated"
    # `cmg rename` completes the hand rename: the other locales follow and the old ID becomes an alias
    cmg(mini.root, "rename", f"{EN}#dm-inspection", "dm-acceptance")
    assert "{#dm-acceptance}" in mini.read(KO) and "dm-inspection: 'dm-acceptance'" in mini.read(EN)
    assert cmg(mini.root, "validate").returncode == 0


def test_renamed_clause_answers_its_old_id_in_every_locale(mini, tmp_path, monkeypatch):
    from sitecheck import build_site

    monkeypatch.setenv("CMG_PDF", "false")

    cmg(mini.root, "rename", f"{EN}#dm-inspection", "dm-acceptance")
    intro_with_old_citation(mini)
    site = tmp_path / "site"
    r = build_site(mini.root, site)
    assert r.returncode == 0, r.stderr[-3000:]
    for page in ("demo/index.html", "en/demo/index.html", "ko/demo/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert 'id="dm-inspection" class="cmg-alias"' in html, page
        assert 'id="dm-acceptance"' in html
    es = (site / "demo/index.html").read_text(encoding="utf-8")
    assert 'href="#dm-acceptance"' in es  # the old citation links to the clause


# ---------------------------------------------------------------- 2. remove, orphans, renumbering


def test_remove_keeps_the_translations_and_renumbers(mini):
    mini.replace(EN, "\n## 2 Delay damages {#dm-delay}", "\n## 2 Scope {#dm-scope}\n\nThis guide covers goods.\n"
                 "\n## 3 Delay damages {#dm-delay}")
    mini.replace(EN, "### 2.1 Rate {#dm-rate}", "### 3.1 Rate {#dm-rate}")
    cmg(mini.root, "sync", "es")
    es = mini.read(ES)
    assert "## 3 Multas por retraso {#dm-delay}" in es and "### 3.1 Tasa {#dm-rate}" in es  # sync renumbers
    assert "## 2 Scope {#dm-scope}" in es
    r = cmg(mini.root, "remove", f"{EN}#dm-scope")
    assert "dm-scope" not in mini.read(EN) and "## 2 Delay damages {#dm-delay}" in mini.read(EN)
    for rel in (ES, KO):
        text = mini.read(rel)
        assert "dm-scope" not in text and "### 2.1 " in text
    assert not mini.path("translations/es/removed-clauses.md").exists()  # an English block: nothing to keep
    # a translated clause that is removed is kept where the translator finds it
    r = cmg(mini.root, "remove", f"{EN}#dm-rate", check=False)
    assert r.returncode == 0, r.stderr
    kept = mini.read("translations/es/removed-clauses.md")
    assert "### 2.1 Tasa {#dm-rate}" in kept and "El proveedor no podrá entregar tarde" in kept
    assert "dm-rate" not in mini.read(ES)
    assert "removed-clauses.md" in r.stderr
    assert cmg(mini.root, "status").stdout.count("kept: translations/") == 2
    assert cmg(mini.root, "validate").returncode == 0


def test_remove_refuses_a_cited_clause(mini):
    before = mini.read(EN)
    r = cmg(mini.root, "remove", f"{EN}#dm-delay", check=False)
    assert r.returncode == 2 and f"still cited at {EN}:" in r.stderr and mini.read(EN) == before


def test_hand_removal_shows_orphans_and_sync_keeps_their_text(mini):
    text = mini.read(EN)
    start, end = text.index("### 2.1 Rate"), text.index("[^1]:")
    mini.write(EN, text[:start] + text[end:])
    out = cmg(mini.root, "status").stdout
    assert f"orphan: {ES}:" in out and "dm-rate" in out
    cmg(mini.root, "sync", "es")
    assert "dm-rate" not in mini.read(ES) and "Tasa" in mini.read("translations/es/removed-clauses.md")
    assert f"orphan: {ES}:" not in cmg(mini.root, "status").stdout


def test_sync_carries_a_moved_clause_translated_with_its_footnote(mini):
    """An editor moves dm-inspection (with footnote 1) to another guide by hand; sync carries the Spanish text."""
    mini.write("guides/extra/index.md", EXTRA_GUIDE.format(title="Extra guide", record="", intro="Another guide.",
                                                           head="First", body="The supplier must deliver on time."))
    for rel, title in (("translations/es/extra/index.md", "Guía extra"), ("translations/ko/extra/index.md", "추가 지침")):
        mini.write(rel, EXTRA_GUIDE.format(title=title, record="", intro="Otra guía.", head="Primero",
                                           body="<!-- cmg: untranslated -->\n\nThe supplier must deliver on time."))
    mini.replace("mkdocs.yml", "  - demo/index.md\n", "  - demo/index.md\n  - extra/index.md\n")
    text = mini.read(EN)
    start, end = text.index("## 1 Inspection"), text.index("## 2 Delay damages")
    block = text[start:end].replace("## 1 Inspection", "## 2 Inspection")
    rest = text[:start] + text[end:].replace("## 2 Delay", "## 1 Delay").replace("### 2.1", "### 1.1")
    mini.write(EN, rest.replace("[^1]: Enforcement Decree, art. 55. <https://example.org/decree>\n", ""))
    extra = mini.read("guides/extra/index.md")
    mini.write("guides/extra/index.md", extra + "\n" + block.rstrip() + "\n\n"
               "[^1]: Enforcement Decree, art. 55. <https://example.org/decree>\n")
    r = cmg(mini.root, "sync", "es")
    assert "moved to translations/es/extra/index.md" in r.stderr
    es_extra = mini.read("translations/es/extra/index.md")
    assert "## 2 Inspección {#dm-inspection}" in es_extra and "La entidad contratante debe terminar" in es_extra
    assert "[^1]: Decreto de Ejecución, art. 55." in es_extra
    assert "  dm-inspection: '352decf2b235'" in es_extra
    es_demo = mini.read(ES)
    assert "dm-inspection" not in es_demo and "## 1 Multas por retraso" in es_demo and "[^1]" not in es_demo
    assert states(mini.root, "es")["dm-inspection"] == "translated"
    assert not mini.path("translations/es/removed-clauses.md").exists()


def test_move_carries_translations_footnotes_and_numbers(mini):
    add_extra_guide(mini, footnote=True)
    r = cmg(mini.root, "move", f"{EN}#dm-inspection", "extra", "--after", "ex-first")
    assert "[^1] → [^2]" in r.stderr
    demo, extra = mini.read(EN), mini.read("guides/extra/index.md")
    assert "{#dm-inspection}" not in demo and "## 1 Delay damages {#dm-delay}" in demo and "### 1.1 Rate" in demo
    assert "moved_clauses:\n  dm-inspection: 'extra'\n" in demo
    assert "[^1]" not in demo  # its footnote went with it
    assert "## 2 Inspection {#dm-inspection}" in extra and "notice of completion.[^2]" in extra
    assert "[^2]: Enforcement Decree, art. 55." in extra and "[^1]: Procurement Act, art. 3." in extra
    es_demo, es_extra = mini.read(ES), mini.read("translations/es/extra/index.md")
    assert "dm-inspection" not in es_demo and "## 1 Multas por retraso" in es_demo and "[^1]" not in es_demo
    assert "## 2 Inspección {#dm-inspection}" in es_extra and "aviso de terminación.[^2]" in es_extra
    assert "[^2]: Decreto de Ejecución, art. 55." in es_extra and "[^1]: Ley de Compras, art. 3." in es_extra
    for locale in ("es", "ko"):
        st = states(mini.root, locale)
        assert st["dm-inspection"] == "translated" and set(st.values()) == {"translated"}, (locale, st)
    assert cmg(mini.root, "validate").returncode == 0
    assert "[[dm-delay]]" in es_extra  # the cross-reference still resolves: IDs are global
    # moving it back: the clause's home no longer says it moved away; the other guide now does
    cmg(mini.root, "move", "guides/extra/index.md#dm-inspection", "demo")
    assert "moved_clauses" not in mini.read(EN) and "## 2 Inspection {#dm-inspection}" in mini.read(EN)
    assert "dm-inspection: 'demo'" in mini.read("guides/extra/index.md")
    assert "## 2 Inspección {#dm-inspection}" in mini.read(ES) and "[^2]: Decreto de Ejecución" in mini.read(ES)
    assert set(states(mini.root, "es").values()) == {"translated"}


def test_move_refuses_bad_targets_and_writes_nothing(mini):
    add_extra_guide(mini)
    before = mini.read(EN)
    for args, expect in ((("move", f"{EN}#dm-nope", "extra"), "does not exist"),
                         (("move", f"{EN}#dm-inspection", "nowhere"), "no guide 'nowhere'"),
                         (("move", f"{EN}#dm-inspection", "demo"), "already in"),
                         (("move", f"{EN}#dm-inspection", "extra", "--after", "dm-rate"), "--after dm-rate")):
        r = cmg(mini.root, *args, check=False)
        assert r.returncode == 2 and expect in r.stderr, (args, r.stderr)
    assert mini.read(EN) == before


def test_moved_clause_old_url_lands_on_a_notice_linking_to_it(mini, tmp_path):
    """The old page keeps an anchor with the old ID and a notice with a relative link (works offline too)."""
    site = tmp_path / "site"
    r = build_moved_clause_site(mini, site, tmp_path / "cache")
    assert r.returncode == 0, r.stderr[-3000:]
    for prefix, moved in (("", "Esta cláusula se trasladó"), ("en/", "This clause has moved"),
                          ("ko/", "이 조항은 이동되었습니다")):
        old = (site / prefix / "demo/index.html").read_text(encoding="utf-8")
        assert '<div class="cmg-moved" data-clause="dm-inspection" id="dm-inspection"></div>' in old or \
            'id="dm-inspection" class="cmg-moved"' in old, prefix
        assert moved in old
        assert 'href="../extra/#dm-inspection"' in old and "cmg-moved-link" in old, prefix
        new = (site / prefix / "extra/index.html").read_text(encoding="utf-8")
        assert 'id="dm-inspection"' in new
    assert "followMovedClause" in (site / "assets/javascripts/cmg.js").read_text(encoding="utf-8")


def test_insert_then_renumber_in_every_locale_and_status_counts_no_duplicate(mini):
    """An editor inserts a new 2.1 before the old 2.1; sync adds it; the duplicate number is not 'translated'."""
    mini.replace(EN, "### 2.1 Rate {#dm-rate}", "### 2.1 Exceptions {#dm-except}\n\nNone apply.\n\n### 2.1 Rate {#dm-rate}")
    cmg(mini.root, "sync", "es")
    assert mini.read(ES).count("### 2.1 ") == 2
    out = cmg(mini.root, "status", "--locale", "es").stdout
    assert f"misnumbered: {ES}:" in out and "dm-rate number 2.1 is used by two clauses" in out
    assert "cmg renumber demo" in out
    js = json.loads(cmg(mini.root, "status", "--locale", "es", "--format", "json").stdout)
    assert js[0]["translated"] == 2 and [m["clause"] for m in js[0]["misnumbered"]] == ["dm-except", "dm-rate"]
    r = cmg(mini.root, "renumber")
    assert "2.1 → 2.2" in r.stderr
    assert "### 2.1 Exceptions {#dm-except}" in mini.read(EN) and "### 2.2 Rate {#dm-rate}" in mini.read(EN)
    for rel in (ES, KO):
        assert "### 2.2 " in mini.read(rel) and "{#dm-except}" in mini.read(rel), rel  # ko gets the new clause too
    assert "### 2.2 Tasa {#dm-rate}" in mini.read(ES)
    assert "misnumbered" not in cmg(mini.root, "status").stdout
    assert states(mini.root, "es")["dm-rate"] == "translated"
    assert cmg(mini.root, "renumber").stdout.startswith("nothing to do")
    # a translation left behind by a hand renumbering of the source is fixed by sync as well
    mini.replace(ES, "### 2.2 Tasa {#dm-rate}", "### 2.5 Tasa {#dm-rate}")
    assert "dm-rate numbered 2.5, the source 2.2" in cmg(mini.root, "status").stdout
    cmg(mini.root, "sync", "es")
    assert "### 2.2 Tasa {#dm-rate}" in mini.read(ES)


def test_sync_marks_the_english_footnotes_it_adds(mini):
    mini.replace(EN, "### 2.1 Rate {#dm-rate}", "### 2.1 Exceptions {#dm-except}\n\nNone apply.[^2]\n\n### 2.2 Rate {#dm-rate}")
    mini.write(EN, mini.read(EN) + "[^2]: Procurement Act, art. 9.\n")
    cmg(mini.root, "sync", "es")
    assert "[^2]: <!-- cmg: untranslated --> Procurement Act, art. 9." in mini.read(ES)


# ---------------------------------------------------------------- 3. what changed


def test_diff_shows_the_words_that_changed_since_the_translation(mini):
    mini.replace(EN, "within 14 days of the notice", "within 10 days of the notice")
    out = cmg(mini.root, "status", "--locale", "es").stdout
    assert f"the source changed; see what changed: cmg diff es '{ES}#dm-inspection'" in out
    r = cmg(mini.root, "diff", "es", f"{ES}#dm-inspection")
    assert "is not kept" in r.stdout  # marked before the store existed, and no git history here
    # the translator revises and marks: the source text is kept (content-addressed, shared by every locale)
    mini.replace(ES, "dentro de 14 días", "dentro de 10 días")
    cmg(mini.root, "mark", "es", f"{ES}#dm-inspection")
    kept = {p.stem: p.read_text(encoding="utf-8") for p in mini.path("translations/.source-texts").glob("*.md")}
    assert len(kept) == 3  # every clause the file records as translated from the current source
    assert any(t.startswith("## 1 Inspection {#dm-inspection}") and "within 10 days of the notice" in t
               for t in kept.values())
    assert "is up to date" in cmg(mini.root, "diff", "es", f"{ES}#dm-inspection").stdout
    # the editor changes it again: the diff shows exactly the words
    mini.replace(EN, "It should record the result", "It must record the result")
    r = cmg(mini.root, "diff", "es", f"{ES}#dm-inspection", "--color", "never")
    assert "(earlier text from store)" in r.stdout
    assert "It [-should-]{+must+} record the result" in r.stdout
    js = json.loads(cmg(mini.root, "diff", "es", f"{ES}#dm-inspection", "--format", "json").stdout)
    assert {"op": "-", "text": "should"} in js["diff"] and {"op": "+", "text": "must"} in js["diff"]
    # a source path and a Korean translation work too (ko was never revised: its record has no kept text)
    assert "is not kept" in cmg(mini.root, "diff", "ko", f"{EN}#dm-inspection").stdout


def test_diff_never_reports_a_never_marked_or_renamed_clause_as_changed(mini):
    mini.replace(ES, "  dm-rate: '21867fcdde26'\n", "")
    out = cmg(mini.root, "status", "--locale", "es").stdout
    assert "(dm-rate): never marked as translated" in out and "source changed; see what changed: cmg diff es" not in out
    r = cmg(mini.root, "diff", "es", f"{ES}#dm-rate")
    assert "was never marked as translated" in r.stdout and "changed" not in r.stdout.split("translated")[0]
    cmg(mini.root, "rename", f"{EN}#dm-inspection", "dm-acceptance")
    assert "is up to date" in cmg(mini.root, "diff", "es", f"{ES}#dm-acceptance").stdout
    r = cmg(mini.root, "diff", "es", f"{ES}#dm-nothing", check=False)
    assert r.returncode == 2 and "does not exist" in r.stderr


def test_diff_finds_the_earlier_text_in_git_history(mini):
    import subprocess

    git = ["git", "-C", str(mini.root), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    mini.replace(EN, "Samples taken", "Samples taken and sealed")
    subprocess.run([*git, "commit", "-qam", "y"], check=True)
    r = cmg(mini.root, "diff", "es", f"{ES}#dm-inspection", "--color", "never")
    assert "(earlier text from git " in r.stdout and "Samples taken{+ and sealed+}" in r.stdout


def test_site_notice_shows_the_change_and_tells_a_never_marked_clause_apart(mini, tmp_path, monkeypatch):
    from sitecheck import build_site

    monkeypatch.setenv("CMG_PDF", "false")
    mini.replace(EN, "within 14 days of the notice", "within 10 days of the notice")
    mini.replace(ES, "dentro de 14 días", "dentro de 10 días")
    cmg(mini.root, "mark", "es", ES, "--all")  # revised and marked: the source text is kept
    mini.replace(EN, "It should record the result", "It must record the result")
    mini.replace(ES, "  dm-rate: '21867fcdde26'\n", "")
    site = tmp_path / "site"
    r = build_site(mini.root, site)
    assert r.returncode == 0, r.stderr[-3000:]
    page = (site / "demo/index.html").read_text(encoding="utf-8")
    assert '<details class="cmg-changes">' in page and "Qué cambió en el texto en inglés" in page
    assert "It <del>should</del><ins>must</ins> record" in page
    assert "aún no se ha cotejado con el texto vigente en inglés" in page  # dm-rate: never marked, not "changed"
    assert page.count("cambió después de su traducción") == 1
    assert 'class="cmg-finding' not in page  # findings (CMG601 here) appear in previews only, never in a build



def test_word_diffs_worked_out_before_the_fork_are_what_each_locale_works_out(mini, monkeypatch):
    from cmg import source_texts
    from cmg.project import load_project
    from cmg.validate import load_corpus
    from cmg.workflow import translation_status

    mini.replace(EN, "It should record the result", "It should record the whole result")
    cmg(mini.root, "mark", "es", ES, "--all")  # revised and marked: the source text is kept
    cmg(mini.root, "mark", "ko", KO, "--all")
    mini.replace(EN, "It should record the whole result", "It must record the whole result")
    project = load_project(mini.root / "mkdocs.yml")
    corpus = load_corpus(project)
    states = translation_status(project, corpus)

    def changes():
        out = {}
        for fs in states:
            ids = {c.clause_id for c in fs.clauses if c.state == "outdated"}
            src, tr = corpus.get(project.source_locale, fs.rel), corpus.get(fs.locale, fs.rel)
            if ids and src is not None and tr is not None:
                out[(fs.locale, fs.rel)] = source_texts.page_changes(project, src, tr, ids)
        return out

    each = changes()
    assert any(p for why in each.values() for _r, p in why.values()) and {loc for loc, _ in each} == {"es", "ko"}
    monkeypatch.setattr(source_texts, "_KEPT_DIFFS", {})
    source_texts.keep_word_diffs(project, corpus, states)
    assert len(source_texts._KEPT_DIFFS) == 1  # the same change, shown in es and ko: worked out once
    monkeypatch.setattr(source_texts, "word_diff", lambda old, new: pytest.fail("worked out again"))
    assert changes() == each


# ---------------------------------------------------------------- 8. what edits and hurried translations leave


def _findings(mini, code):
    return [f for f in mini.validate() if f.code == code]


def test_english_left_in_paragraph_note_title_table_cell_and_footnote(mini):
    assert not _findings(mini, "CMG507")
    mini.replace(ES, "Se recomienda dejar constancia del resultado en el acta de recepción.",
                 "It should record the result in the acceptance record.")  # the line goes on: CMG503 misses it
    mini.replace(ES, '!!! form "Carta modelo"', '!!! form "Model letter"')
    mini.replace(EN, "| Goods | 0.075 % |", "| Goods and works | 0.075 % |")
    mini.replace(ES, "| Bienes | 0.075 % |", "| Goods and works | 0.075 % |")
    cmg(mini.root, "mark", "es", f"{ES}#dm-rate")
    mini.replace(ES, "[^1]: Decreto de Ejecución, art. 55.", "[^1]: Enforcement Decree, art. 55.")
    mini.replace(EN, "[^1]: Enforcement Decree, art. 55.", "[^1]: Enforcement Decree of the Act, art. 55.")
    mini.replace(ES, "[^1]: Enforcement Decree, art. 55.", "[^1]: Enforcement Decree of the Act, art. 55.")
    found = {(f.line, f.message) for f in _findings(mini, "CMG507")}
    lines = {line for line, _ in found}
    text = " ".join(m for _, m in found)
    assert mini.line_of(ES, "It should record the result") in lines and "a sentence is still in en" in text
    assert mini.line_of(ES, '"Model letter"') in lines and "title of the 'form' note" in text
    assert mini.line_of(ES, "| Goods and works |") in lines and "table 1, row 2, column 1" in text
    assert mini.line_of(ES, "[^1]: Enforcement Decree") in lines and "footnote [^1] is still in en" in text
    assert len(found) == 4, found
    assert {f.path for f in _findings(mini, "CMG507")} == {ES}


def test_unused_footnote_and_id_with_another_guides_prefix(mini):
    add_extra_guide(mini)
    mini.write(EN, mini.read(EN) + "[^9]: Left behind.\n")
    f = _findings(mini, "CMG508")
    assert [(x.path, x.line) for x in f] == [(EN, mini.line_of(EN, "[^9]:"))] and "[^9]" in f[0].message
    # a clause moved by hand keeps the prefix of its old guide
    extra = mini.read("guides/extra/index.md")
    mini.write("guides/extra/index.md", extra.replace("## 1 First {#ex-first}", "## 1 First {#ex-first}\n\nText.\n\n"
                                                      "## 2 Second {#ex-second}\n\nMore.\n\n## 3 Delay rate {#dm-late}"))
    f = _findings(mini, "CMG115")
    assert len(f) == 1 and "'dm-late' has the prefix 'dm-' of guide 'demo'" in f[0].message and "'ex-'" in f[0].message
    assert f[0].line == mini.line_of("guides/extra/index.md", "{#dm-late}")


def test_a_clause_moved_with_cmg_move_keeps_its_id_without_a_finding(mini):
    add_extra_guide(mini)
    extra = mini.read("guides/extra/index.md")
    mini.write("guides/extra/index.md", extra.replace("## 1 First {#ex-first}", "## 1 First {#ex-first}\n\nText.\n\n"
                                                      "## 2 Second {#ex-second}"))
    cmg(mini.root, "sync", "es")
    cmg(mini.root, "sync", "ko")
    cmg(mini.root, "move", f"{EN}#dm-rate", "extra")
    assert not _findings(mini, "CMG115") and not _findings(mini, "CMG508")


TB = "translations/termbase.yml"


def test_ies_plurals_and_the_singular_of_a_plural_term_match(mini):
    mini.replace(ES, "## 2 Multas por retraso", "## 2 Daño liquidado")  # the singular of a forbidden plural
    assert [f for f in _findings(mini, "CMG302") if "daños liquidados" in f.message]
    mini.replace(ES, "## 2 Daño liquidado", "## 2 Multas por retraso")
    mini.replace(TB, "  - id: acceptance-record\n", "  - id: authority\n"
                 "    en: {term: contracting authority, definition: The buyer.}\n"
                 "    es: {term: entidad contratante, definition: Quien compra.}\n"
                 "    ko: {term: 발주기관, definition: 구매하는 기관.}\n  - id: acceptance-record\n")
    mini.replace(EN, "The contracting authority must complete", "The contracting authorities must complete")
    mini.replace(ES, "La entidad contratante debe terminar", "La autoridad debe terminar")
    cmg(mini.root, "mark", "es", f"{ES}#dm-inspection")  # revised: every check applies again
    f = _findings(mini, "CMG301")
    assert f and "contracting authority" in f[0].message and f[0].path == ES


def test_a_term_written_after_obligations_says_where_terms_go(mini):
    mini.write(TB, mini.read(TB) + "  - id: notice\n    en: {term: notice, definition: A letter.}\n")
    [f] = _findings(mini, "CMG003")
    assert f.line == mini.line_of(TB, "- id: notice") and "after 'obligations:'" in f.message
    assert "'terms:' list at the top" in f.hint


# ---------------------------------------------------------------- 4. releases


def test_release_sets_the_version_everywhere_records_changes_and_publishes_them(mini, tmp_path, monkeypatch):
    from sitecheck import build_site

    monkeypatch.setenv("CMG_PDF", "false")
    r = cmg(mini.root, "release", "demo", "1.0.0")
    assert "baseline" in r.stderr and "Primera versión registrada: 3 cláusulas." in mini.read("docs/es/whats-new/demo.md")
    mini.replace(EN, "The rate is 0.075 % per day", "The rate is 0.075 % for each day")
    cmg(mini.root, "rename", f"{EN}#dm-inspection", "dm-acceptance")
    mini.replace(EN, "\n## 2 Delay damages", "\n## 2 Scope {#dm-scope}\n\nGoods only.\n\n## 3 Delay damages")
    cmg(mini.root, "renumber")
    r = cmg(mini.root, "release", "demo", "1.1.0")
    assert "1 added, 1 changed, 1 renamed" in r.stderr
    for rel in (EN, ES, KO):
        assert "\nversion: 1.1.0\n" in mini.read(rel), rel
    assert not _findings(mini, "CMG502")
    record = mini.read("releases/demo.yml")
    assert "added:\n  - dm-scope" in record and "changed:\n  - dm-rate" in record
    assert "renamed:\n    dm-inspection: dm-acceptance" in record
    es = mini.read("docs/es/whats-new/demo.md")
    assert es.index("## Versión 1.1.0") < es.index("## Versión 1.0.0")
    assert "**Modificadas**" in es and "[3.1 Tasa](../../demo/#dm-rate)" in es
    assert "antes `dm-inspection`" in es and "(`dm-scope`)" in es
    assert "[3.1 Rate](../../demo/#dm-rate)" in mini.read("docs/en/whats-new/demo.md")
    assert "변경" in mini.read("docs/ko/whats-new/demo.md")
    r = cmg(mini.root, "release", "demo", "1.0.5", check=False)
    assert r.returncode == 2 and "is not after 1.1.0" in r.stderr
    site = tmp_path / "site"
    b = build_site(mini.root, site)
    assert b.returncode == 0, b.stderr[-3000:]
    page = (site / "demo/index.html").read_text(encoding="utf-8")
    assert page.count('class="cmg-changed-in"') == 3 and "Modificada en la versión 1.1.0" in page
    assert "Changed in version 1.1.0" in (site / "en/demo/index.html").read_text(encoding="utf-8")
    assert "Qué cambió: Guía 1" in (site / "whats-new/demo/index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- 7. pre-commit


def test_precommit_fails_on_a_warning_as_make_site_does_and_reports_what_depends_on_the_change(mini):
    r = cmg(mini.root, "precommit", EN, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    # a one-word source edit that leaves a footnote cited nowhere: a warning, which fails `make site --strict`
    mini.replace(EN, "the notice of completion.[^1]", "the notice of completion.")
    r = cmg(mini.root, "precommit", EN, check=False)
    assert r.returncode == 1 and "CMG508" in r.stdout and "make site" in r.stderr
    assert cmg(mini.root, "validate", check=False).returncode == 0  # validate alone lets it pass: warnings only
    mini.replace(EN, "the notice of completion.", "the notice of completion.[^1]")
    # a change to a translation reports its own findings, not another locale's
    mini.replace(ES, "dentro de 14 días", "dentro de 15 días")
    r = cmg(mini.root, "precommit", ES, check=False)
    assert r.returncode == 1 and "CMG201" in r.stdout and f"{ES}:" in r.stdout
    r = cmg(mini.root, "precommit", KO, check=False)
    assert r.returncode == 0 and f"{ES}:" not in r.stdout  # the Korean file's commit is not blocked by Spanish
    # a source file's change reaches the files that cite it
    mini.replace(ES, "dentro de 15 días", "dentro de 14 días")
    mini.replace(EN, "{#dm-delay}", "{#dm-late}")
    r = cmg(mini.root, "precommit", EN, check=False)
    assert r.returncode == 1 and f"{ES}:" in r.stdout and "CMG202" in r.stdout


def test_precommit_config_runs_offline():
    from conftest import ROOT

    text = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "https://" not in text and ".venv/bin/ruff" in text and ".venv/bin/cmg precommit" in text

"""cmg export / import / export-memory / export-terms: CAT-tool exchange that loses nothing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import pypo, tbx, tmx

from cmg.cli import main
from cmg.edits import new_translation
from cmg.exchange.apply import plan_import
from cmg.exchange.files import read_exchange_file
from cmg.exchange.segments import native, tokenize
from cmg.parse import parse_guide_text
from cmg.project import load_project

ES = "translations/es/demo/index.md"
XSD_DIR = Path("/usr/share/php/Symfony/Component/Translation/Resources/schemas")


def run(root, *args, capsys=None):
    import os

    old = os.getcwd()
    os.chdir(root)
    try:
        return main(list(args))
    finally:
        os.chdir(old)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "translations").rglob("*.md"))}


def set_targets(po_path: Path, change) -> None:
    store = pypo.pofile.parsestring(po_path.read_bytes())
    for u in store.units:
        if not u.isheader():
            new = change(u)
            if new is not None:
                u.target = new
                u.markfuzzy(False)
    po_path.write_bytes(bytes(store))


def test_tokenize_round_trips_and_protects_codes():
    text = "See [[dl-notices]] and **{{delay_days}} days**[^5], [the law](https://x.org/a) `code` <https://y.org>."
    pieces = tokenize(text)
    assert native(pieces) == text
    kinds = [(p.kind, p.native) for p in pieces if not isinstance(p, str)]
    assert ("ph", "[[dl-notices]]") in kinds and ("ph", "{{delay_days}}") in kinds and ("ph", "[^5]") in kinds
    assert ("bpt", "**") in kinds and ("ept", "](https://x.org/a)") in kinds


@pytest.mark.parametrize("fmt", ["po", "xliff"])
def test_shipped_export_import_without_edits_is_byte_identical(shipped, tmp_path, fmt):
    before = snapshot(shipped.root)
    for locale in ("es", "ko"):
        out = tmp_path / f"{locale}.{fmt}"
        assert run(shipped.root, "export", locale, "--format", fmt, "-o", str(out)) == 0
        project = load_project(shipped.root / "mkdocs.yml")
        changes, _ = plan_import(project, read_exchange_file(str(out)))
        assert changes == []
        assert run(shipped.root, "import", str(out)) == 0
    assert snapshot(shipped.root) == before


def test_po_units_have_context_notes_and_targets(mini, tmp_path):
    out = tmp_path / "es.po"
    assert run(mini.root, "export", "es", "--format", "po", "-o", str(out)) == 0
    store = pypo.pofile.parsestring(out.read_bytes())
    units = {u.getcontext(): u for u in store.units if not u.isheader()}
    u = units["dm-inspection#1"]
    notes = u.getnotes("developer")
    assert "Guide 1: Demo guide; clause 1 Inspection" in notes
    assert "inspection → inspección" in notes and "[[dm-delay]]" in notes
    assert str(u.target).startswith("La entidad contratante debe terminar")
    assert "dm-rate#2" in units and str(units["dm-rate#2"].target) == "Contrato"


def test_msgfmt_check_accepts_the_po(shipped, tmp_path):
    assert shutil.which("msgfmt"), "gettext is needed: scripts/install-system-deps.sh test"
    out = tmp_path / "es.po"
    assert run(shipped.root, "export", "es", "--format", "po", "-o", str(out)) == 0
    r = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_xliff_validates_against_the_xliff_1_2_schema(shipped, tmp_path):
    assert (XSD_DIR / "xliff-core-1.2-strict.xsd").is_file(), "php-symfony-translation ships the XSD"

    class Local(etree.Resolver):
        def resolve(self, url, pid, ctx):
            if url.endswith("xml.xsd"):
                return self.resolve_filename(str(XSD_DIR / "xml.xsd"), ctx)
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Local())
    schema = etree.XMLSchema(etree.parse(str(XSD_DIR / "xliff-core-1.2-strict.xsd"), parser))
    out = tmp_path / "ko.xlf"
    assert run(shipped.root, "export", "ko", "--format", "xliff", "-o", str(out)) == 0
    assert schema.validate(etree.parse(str(out))), str(schema.error_log)[:2000]


def test_edited_target_comes_back_into_exactly_its_block(mini, tmp_path):
    out = tmp_path / "es.po"
    run(mini.root, "export", "es", "--format", "po", "-o", str(out))
    before = mini.read(ES).split("\n")
    set_targets(out, lambda u: "Contrato de bienes" if u.getcontext() == "dm-rate#2" else None)
    assert run(mini.root, "import", str(out)) == 0
    after = mini.read(ES).split("\n")
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [("| Contrato | Tasa |", "| Contrato de bienes | Tasa |")]


@pytest.mark.parametrize("locale", ["es", "ko"])
def test_wiped_translation_is_restored_byte_for_byte_by_importing_its_export(shipped, tmp_path, locale):
    """Every block rewritten from its unit text: the file comes back exactly (layout, markers, fingerprints).
    The model letters whose layout differs in the locale travel as whole forms and come back with their
    own lines, though the wiped file has the English layout.

    The wipe (a new translation from the English) simulates a translator who lost the text; it also drops
    the comment lines only the translation has (a validator suppression such as ``cmg: ignore CMG301``,
    a translator's remark). No unit carries them: in real use an import never touches a comment line (it
    rewrites only the blocks whose target changed), so they cannot be lost that way. The comparison
    therefore allows exactly those lines, and nothing else, to be missing afterwards."""
    original = snapshot(shipped.root)
    out = tmp_path / f"{locale}.po"
    run(shipped.root, "export", locale, "--format", "po", "-o", str(out))
    units = [u for u in pypo.pofile.parsestring(out.read_bytes()).units if not u.isheader()]
    assert all(u.target for u in units), "units exported without target"
    if locale == "ko":  # the Korean 공문 have lines the English letters have not
        assert [u for u in units if "-" in u.getcontext().rsplit("#", 1)[1]], "no whole-form unit exported"
    for rel in [r for r in original if r.startswith(f"translations/{locale}/")]:
        src = (shipped.root / "guides" / rel.split("/", 2)[2]).read_text(encoding="utf-8")
        gf = parse_guide_text(src, path="x", locale="en", guide=rel.split("/")[2], rel=rel.split("/", 2)[2])
        (shipped.root / rel).write_text("".join(new_translation(gf, src.splitlines(keepends=True))), encoding="utf-8")
    assert run(shipped.root, "import", str(out)) == 0
    now = snapshot(shipped.root)
    diff = [r for r in original if original[r] != now[r] and not _lost_only_own_comments(original[r], now[r])]
    assert not diff, diff


def _lost_only_own_comments(original: bytes, now: bytes) -> bool:
    """Whether ``now`` is ``original`` less some of the translator's own comment lines (no unit carries them,
    a reset file has none): each difference removes standalone ``<!-- … -->`` lines (not the untranslated
    marker), with blank lines, and nothing else."""
    import difflib

    a, b = original.decode("utf-8").splitlines(), now.decode("utf-8").splitlines()
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        lost = a[i1:i2]
        if tag != "delete" or not any(x.strip() for x in lost):
            return False
        for line in lost:
            s = line.strip()
            if s and not (s.startswith("<!--") and s.endswith("-->") and "cmg: untranslated" not in s):
                return False
    return True


def test_outdated_clause_is_fuzzy_with_previous_source_from_git(mini, tmp_path):
    git = ["git", "-C", str(mini.root)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "x", "--allow-empty"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"], check=True)
    mini.replace("guides/demo/index.md", "Samples taken", "Samples taken and sealed")
    out = tmp_path / "es.po"
    run(mini.root, "export", "es", "--format", "po", "-o", str(out))
    units = {u.getcontext(): u for u in pypo.pofile.parsestring(out.read_bytes()).units if not u.isheader()}
    assert units["dm-inspection#3"].isfuzzy() and units["dm-inspection#3"].prev_source == "Samples taken"
    assert not units["dm-inspection#1"].isfuzzy()
    before = mini.read(ES)
    run(mini.root, "import", str(out))
    assert mini.read(ES) == before  # still fuzzy: nothing changes, the clause stays outdated
    set_targets(out, lambda u: "Muestras tomadas y selladas" if u.getcontext() == "dm-inspection#3" else None)
    run(mini.root, "import", str(out))
    assert "Muestras tomadas y selladas" in mini.read(ES)
    assert not [f for f in mini.validate() if f.code == "CMG601" and f.path == ES]
    assert [f for f in mini.validate() if f.code == "CMG601" and f.path.startswith("translations/ko/")]


def _bad(tmp_path, mini, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8") if isinstance(text, str) else p.write_bytes(text)
    return p


@pytest.mark.parametrize("case, expect", [
    ("unknown", "unknown unit"),
    ("older", "older English text"),
    ("code", "[[dm-delay]]"),
    ("locale", "not a translation locale"),
    ("cellbreak", "line break"),
    ("garbage", "not valid UTF-8"),
    ("xml", "not well-formed XML"),
    ("ph", "is not in the source"),
])
def test_bad_files_exit_2_naming_file_and_unit(mini, tmp_path, capsys, case, expect):
    po = tmp_path / "es.po"
    run(mini.root, "export", "es", "--format", "po", "-o", str(po))
    text = po.read_text(encoding="utf-8")
    before = snapshot(mini.root)
    if case == "unknown":
        bad = _bad(tmp_path, mini, "b.po", text.replace('msgctxt "dm-rate#2"', 'msgctxt "dm-nothing#2"'))
    elif case == "older":
        bad = _bad(tmp_path, mini, "b.po", text.replace('msgid "Samples taken"', 'msgid "Samples gone"'))
    elif case == "code":
        bad = _bad(tmp_path, mini, "b.po", text.replace("Véase \"\n\"[[dm-delay]].", "Véase más abajo."))
    elif case == "locale":
        bad = _bad(tmp_path, mini, "b.po", text.replace("Language: es", "Language: fr"))
    elif case == "cellbreak":
        bad = _bad(tmp_path, mini, "b.po", text.replace('msgstr "Contrato"', 'msgstr "Con\\ntrato"'))
    elif case == "garbage":
        bad = _bad(tmp_path, mini, "b.po", b"msgid \"\"\nmsgstr \"\xff\xfe\"\n")
    else:
        xlf = tmp_path / "es.xlf"
        run(mini.root, "export", "es", "--format", "xliff", "-o", str(xlf))
        x = xlf.read_text(encoding="utf-8")
        if case == "xml":
            bad = _bad(tmp_path, mini, "b.xlf", x.replace("</body>", "</bdy>", 1))
        else:
            tag = '<ph id="2" ctype="x-xref">'
            at = x.index(tag, x.index(tag) + 1)  # the first is in the <source>, the second in its <target>
            bad = _bad(tmp_path, mini, "b.xlf", x[:at] + '<ph id="9" ctype="x-xref">' + x[at + len(tag):])
    capsys.readouterr()
    assert run(mini.root, "import", str(bad)) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and expect in err, err
    if case not in ("locale", "garbage", "xml"):
        assert "unit " in err
    assert snapshot(mini.root) == before


def test_memory_and_terms(mini, tmp_path):
    assert run(mini.root, "export-memory", "es", "-o", str(tmp_path / "es.tmx")) == 0
    mem = tmx.tmxfile.parsestring((tmp_path / "es.tmx").read_bytes())
    pairs = {(str(u.source), str(u.target)) for u in mem.units}
    assert ("Samples taken", "Muestras tomadas") in pairs
    assert run(mini.root, "export-terms", "-o", str(tmp_path / "t.tbx")) == 0
    data = (tmp_path / "t.tbx").read_bytes()
    store = tbx.tbxfile.parsestring(data, sourcelanguage="en", targetlanguage="es")
    entry = next(u for u in store.units if u.getid() == "delay-damages")
    terms = {t.text: t.deprecated for t in entry.get_target_terms("es")}
    assert terms == {"multa por retraso": False, "multa por mora": False, "daños liquidados": True}


OMEGAT_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat><project version="1.0">
<source_dir>__DEFAULT__</source_dir><target_dir>__DEFAULT__</target_dir><tm_dir>__DEFAULT__</tm_dir>
<glossary_dir>__DEFAULT__</glossary_dir><glossary_file>__DEFAULT__</glossary_file>
<dictionary_dir>__DEFAULT__</dictionary_dir><source_lang>en</source_lang><target_lang>{locale}</target_lang>
<source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
<target_tok>org.omegat.tokenizer.DefaultTokenizer</target_tok>
<sentence_seg>false</sentence_seg><support_default_translations>true</support_default_translations>
<remove_tags>false</remove_tags></project></omegat>
"""


def test_omegat_translates_an_export_from_the_memory_and_import_restores_the_files(mini, tmp_path):
    """A real CAT tool: OmegaT (console mode) fills a wiped translation's export from our TMX alone."""
    assert shutil.which("omegat"), "OmegaT is needed: scripts/install-system-deps.sh test"
    original = mini.read(ES)
    ot = tmp_path / "ot"
    for d in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (ot / d).mkdir(parents=True)
    (ot / "omegat.project").write_text(OMEGAT_PROJECT.format(locale="es"), encoding="utf-8")
    run(mini.root, "export-memory", "es", "-o", str(ot / "tm/auto/es.tmx"))
    src = mini.read("guides/demo/index.md")
    gf = parse_guide_text(src, path="x", locale="en", guide="demo", rel="demo/index.md")
    mini.write(ES, "".join(new_translation(gf, src.splitlines(keepends=True))))
    run(mini.root, "export", "es", "--format", "po", "-o", str(ot / "source/demo.po"))
    r = subprocess.run(["omegat", "--mode=console-translate", str(ot)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert run(mini.root, "import", str(ot / "target/demo.po")) == 0
    assert mini.read(ES) == original


# ---------------------------------------------------------------- model forms whose layout differs by locale

ES_FORM = "    Contrato {{contract_number}}: {{delay_days}} días de retraso.\n"
ES_FORM_LONGER = ("    VISTOS: el contrato {{contract_number}}.\n\n"
                  "    Contrato {{contract_number}}: {{delay_days}} días de retraso.\n")


def _units(path: Path) -> dict:
    return {u.getcontext(): u for u in pypo.pofile.parsestring(path.read_bytes()).units if not u.isheader()}


def _form_export(mini, tmp_path, fmt="po") -> Path:
    mini.replace(ES, ES_FORM, ES_FORM_LONGER)
    out = tmp_path / f"es.{fmt}"
    assert run(mini.root, "export", "es", "--format", fmt, "-o", str(out)) == 0
    return out


def test_form_with_an_extra_line_travels_whole_and_round_trips(mini, tmp_path):
    out = _form_export(mini, tmp_path)
    units = _units(out)
    forms = [k for k in units if k.startswith("dm-rate#") and "-" in k.split("#")[1]]
    assert len(forms) == 1, sorted(units)
    form = units[forms[0]]
    assert form.source == "Contract {{contract_number}}: {{delay_days}} days of delay."
    assert str(form.target) == ("VISTOS: el contrato {{contract_number}}.\n\n"
                                "Contrato {{contract_number}}: {{delay_days}} días de retraso.")
    assert "whole model form" in form.getnotes() and "layout differs in this locale" in form.getnotes()
    rest = [u for k, u in units.items() if k.startswith("dm-rate#") and k not in forms]
    assert rest and all(u.target for u in rest)  # the clause's other blocks stay aligned, one unit each
    assert "dm-rate#1" in units  # and keep their keys
    before = mini.read(ES)
    assert run(mini.root, "import", str(out)) == 0
    assert mini.read(ES) == before
    xlf = tmp_path / "es.xlf"
    assert run(mini.root, "export", "es", "--format", "xliff", "-o", str(xlf)) == 0
    assert run(mini.root, "import", str(xlf)) == 0
    assert mini.read(ES) == before


def test_form_lines_that_line_up_keep_their_units(mini, tmp_path):
    out = tmp_path / "es.po"
    assert run(mini.root, "export", "es", "--format", "po", "-o", str(out)) == 0
    assert not [k for k in _units(out) if "-" in k.split("#")[1]]


def test_edited_whole_form_is_written_back_with_its_indent(mini, tmp_path):
    out = _form_export(mini, tmp_path)
    before = mini.read(ES)
    new = ("VISTOS: el contrato {{contract_number}}.\nCONSIDERANDO: el retraso de {{delay_days}} días.\n\n"
           "Contrato {{contract_number}}: {{delay_days}} días de retraso.\n\nNotifíquese.")
    set_targets(out, lambda u: new if "-" in u.getcontext().split("#")[1] else None)
    assert run(mini.root, "import", str(out)) == 0
    after = mini.read(ES)
    body = "".join(("    " + line if line else "") + "\n" for line in new.split("\n"))
    assert after == before.replace(ES_FORM_LONGER, body)


def test_whole_form_replaces_lines_that_line_up_again(mini, tmp_path):
    """A whole form exported while the layouts differed is imported into a form that has the English layout
    again (the file was reset): the form gets the translation's lines."""
    out = _form_export(mini, tmp_path)
    mini.replace(ES, ES_FORM_LONGER, ES_FORM)
    assert run(mini.root, "import", str(out)) == 0
    assert ES_FORM_LONGER in mini.read(ES)


def test_whole_form_in_xliff_may_repeat_a_code_of_the_source(mini, tmp_path):
    out = _form_export(mini, tmp_path, "xliff")
    before = mini.read(ES)
    mini.replace(ES, ES_FORM_LONGER, ES_FORM)
    assert run(mini.root, "import", str(out)) == 0  # {{contract_number}} twice in the target: its own code id
    assert mini.read(ES) == before


@pytest.mark.parametrize("target, expect", [
    ("VISTOS: el contrato {{contract_nmber}}.\n\nContrato {{contract_number}}: {{delay_days}} días.",
     "'{{contract_nmber}}' is not a code of the source form"),
    ("VISTOS: el contrato.\n\nContrato {{contract_number}}: días de retraso.",
     "protected code '{{delay_days}}' is missing"),
    ("VISTOS: el contrato {{contract_number}}.\n\n\nContrato {{contract_number}}: {{delay_days}} días.",
     "two blank lines in a row after line 2 of the form would end the note"),
])
def test_broken_whole_form_is_refused(mini, tmp_path, capsys, target, expect):
    out = _form_export(mini, tmp_path)
    before = mini.read(ES)
    set_targets(out, lambda u: target if "-" in u.getcontext().split("#")[1] else None)
    capsys.readouterr()
    assert run(mini.root, "import", str(out)) == 2
    err = capsys.readouterr().err
    assert expect in err and "dm-rate#" in err, err
    assert mini.read(ES) == before


def test_whole_form_and_its_lines_together_are_refused(mini, tmp_path, capsys):
    out = _form_export(mini, tmp_path)
    mini.replace(ES, ES_FORM_LONGER, ES_FORM)
    line = tmp_path / "line.po"
    assert run(mini.root, "export", "es", "--format", "po", "-o", str(line)) == 0
    store = pypo.pofile.parsestring(out.read_bytes())
    whole = next(u for u in store.units if not u.isheader() and "-" in u.getcontext().split("#")[1])
    lines = pypo.pofile.parsestring(line.read_bytes())
    lines.addunit(whole)
    line.write_bytes(bytes(lines))
    capsys.readouterr()
    assert run(mini.root, "import", str(line)) == 2
    assert "the whole form and its lines" in capsys.readouterr().err


def test_whole_form_of_an_outdated_clause_is_fuzzy_with_the_previous_english(mini, tmp_path):
    mini.replace(ES, ES_FORM, ES_FORM_LONGER)
    git = ["git", "-C", str(mini.root)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"], check=True)
    mini.replace("guides/demo/index.md", "days of delay.", "days of delay so far.")
    out = tmp_path / "es.po"
    run(mini.root, "export", "es", "--format", "po", "-o", str(out))
    units = _units(out)
    form = next(u for k, u in units.items() if k.startswith("dm-rate#") and "-" in k.split("#")[1])
    assert form.isfuzzy() and form.prev_source == "Contract {{contract_number}}: {{delay_days}} days of delay."
    assert not units["dm-rate#1"].isfuzzy()

"""`cmg facts sign-off`: a partner agency's sign-off goes into the profile (comments, order and the
other entries kept), only with a source, never for an unknown country or parameter, never over an
edit made meanwhile."""

from __future__ import annotations

import json

import pytest

from cmg import cli, fsio
from cmg.signoff import SignOff, SignOffError, record
from conftest import cmg

AA = "countries/aa.yml"
NEW_RATE = "sign-off", "--country", "aa", "delay-rate", "--law", "new"
WHO = "--by", "Agency of Arcadia (J. Pérez)", "--date", "2026-12-03"
SRC = "--source", "https://example.org/gazette/2026#art-12"


def facts(mini, param="delay-rate"):
    return [d for d in json.loads(cmg(mini.root, "facts", "--format", "json").stdout)
            if d["country"] == "aa" and d["parameter"] == param]


def test_sign_off_is_recorded_and_the_rest_of_the_profile_is_kept(mini):
    before = mini.read(AA)
    mini.write(AA, "# Arcadia: the agency signs figures off here\n" + before.replace(
        "      status: unconfirmed\n  inspection-period", "      status: unconfirmed  # [U] in the brief\n  inspection-period"))
    before = mini.read(AA)
    r = cmg(mini.root, "facts", *NEW_RATE, *WHO, *SRC)
    assert "delay-rate (new) verified by Agency of Arcadia (J. Pérez) on 2026-12-03" in r.stdout
    after = mini.read(AA)
    # only the signed variant's lines changed: its status, plus the three sign-off lines after it
    old_lines, new_lines = before.splitlines(), after.splitlines()
    i = next(n for n, line in enumerate(old_lines) if "status: unconfirmed  # [U]" in line)
    assert new_lines[:i] == old_lines[:i] and new_lines[i + 4:] == old_lines[i + 1:]
    assert new_lines[i:i + 4] == ["      status: verified  # [U] in the brief",
                                  "      source: https://example.org/gazette/2026#art-12",
                                  "      verified_by: Agency of Arcadia (J. Pérez)",
                                  "      verified_on: 2026-12-03"]
    signed = [d for d in facts(mini) if d["verified_by"]]
    assert {(d["status"], d["verified_on"], d["source"][0]) for d in signed} >= {
        ("verified", "2026-12-03", "https://example.org/gazette/2026#art-12")}
    assert cmg(mini.root, "validate", check=False).stderr.count("CMG706") == 0


def test_an_earlier_source_is_kept_after_the_official_one(mini):
    cmg(mini.root, "facts", "sign-off", "--country", "aa", "delay-rate", "--law", "old", *WHO, SRC[0], "https://example.org/o,2")
    old = [d for d in facts(mini) if d["verified_by"].startswith("Agency")]
    assert old and old[0]["source"] == ["https://example.org/o,2", "https://example.org/old-law"]


def test_crlf_and_bom_are_kept():
    text = "\ufeffcountry: aa\r\nparameters:\r\n  rate:\r\n    value: {percent: \"1\"}\r\n    status: secondary\r\n"
    out = record(text, AA, SignOff("rate", "Agency: X", "2026-12-03", "https://example.org/a"))
    assert out == ("\ufeffcountry: aa\r\nparameters:\r\n  rate:\r\n    value: {percent: \"1\"}\r\n    status: verified\r\n"
                   "    source: https://example.org/a\r\n    verified_by: \"Agency: X\"\r\n    verified_on: 2026-12-03\r\n")


@pytest.mark.parametrize("args, message", [
    ((*NEW_RATE, *WHO), "needs the official source"),
    ((*NEW_RATE, *WHO, "--source", "ftp://example.org/x"), "not an http(s) address"),
    (("sign-off", "--country", "xx", "delay-rate", *WHO, *SRC), "no country profile 'xx' in countries/ (profiles: aa)"),
    (("sign-off", "--country", "aa", "no-such-figure", *WHO, *SRC), "unknown parameter 'no-such-figure'"),
    (("sign-off", "--country", "aa", "delay-rate", *WHO, *SRC), "has 2 values; say which one"),
    (("sign-off", "--country", "aa", "inspection-period", *WHO, *SRC), "has no figure to sign off (unknown)"),
    ((*NEW_RATE, "--by", " ", "--date", "2026-12-03", *SRC), "--by must name the agency"),
    ((*NEW_RATE, "--by", "A", "--date", "3/12/2026", *SRC), "is not a date"),
])
def test_refusals_write_nothing(mini, args, message):
    before = mini.read(AA)
    r = cmg(mini.root, "facts", *args, check=False)
    assert r.returncode == 2 and message in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and mini.read(AA) == before


def test_refusal_names_file_and_line_of_the_ambiguous_parameter(mini):
    r = cmg(mini.root, "facts", "sign-off", "--country", "aa", "delay-rate", *WHO, *SRC, check=False)
    assert f"{AA}:{mini.line_of(AA, 'delay-rate:')}:" in r.stderr and "--law old" in r.stderr and "--law new" in r.stderr


def test_an_edit_saved_while_the_command_works_is_not_lost(mini, monkeypatch, capsys):
    saved = mini.read(AA).replace("name: {en: Arcadia", "name: {en: Arcadia (edited)")

    def someone_saves():  # between the command's read and its rename
        mini.write(AA, saved)

    monkeypatch.chdir(mini.root)
    monkeypatch.setattr(fsio, "_pause_for_tests", someone_saves)
    assert cli.main(["facts", *NEW_RATE, *WHO, *SRC]) == 2
    assert "changed on disk after cmg read it" in capsys.readouterr().err
    assert mini.read(AA) == saved


def test_flow_style_entry_and_bad_yaml_are_refused_with_the_line():
    with pytest.raises(SignOffError, match=r"aa.yml:3: the entry of 'rate' is written on one line"):
        record("country: aa\nparameters:\n  rate: {value: {percent: \"1\"}, status: secondary}\n", AA,
               SignOff("rate", "A", "2026-12-03", "https://example.org/a"))
    with pytest.raises(SignOffError, match=r"aa.yml:3: not valid YAML"):
        record("country: aa\nparameters: [\n", AA, SignOff("rate", "A", "2026-12-03", "https://example.org/a"))


def test_a_profile_that_does_not_load_is_named_with_its_line_and_left_alone(mini):
    broken = mini.read(AA).replace("name: {en: Arcadia,", "name: {en: [Arcadia,", 1)
    mini.write(AA, broken)
    r = cmg(mini.root, "facts", *NEW_RATE, *WHO, *SRC, check=False)
    assert r.returncode == 2 and f"{AA}:" in r.stderr and "not valid YAML" in r.stderr and "Traceback" not in r.stderr
    assert mini.read(AA) == broken

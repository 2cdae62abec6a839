"""The findings cache of `cmg validate` and the build: a run from the cache gives exactly the findings of a
run without it, and parses and checks again only what an edit changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from cmg import findings_cache as fc
from cmg import validate
from cmg.cli import main
from cmg.project import load_project
from cmg.validate import ParseCache, apply_settings, cached_local_findings, load_corpus, run_checks, validate_findings

EN = "guides/demo/index.md"
ES = "translations/es/demo/index.md"
KO = "translations/ko/demo/index.md"
CACHE = ".cache/cmg/validate/findings.json"


@pytest.fixture(autouse=True)
def _own_cache_dir(monkeypatch):
    monkeypatch.delenv("CMG_CACHE_DIR", raising=False)  # each project copy keeps its cache in its own folder


def _damage(mini) -> None:
    """Some findings of every kind of check: one file, pairs, across files."""
    mini.replace(ES, "dentro de 14 días", "dentro de 15 días")  # CMG201 (pair)
    mini.replace(KO, "{#dm-delay}", "{#dm-dela}")  # CMG101, CMG102 (pair)
    mini.replace(EN, "\n## ", "\nSee [[dm-nowhere]].\n\n## ")  # CMG202 (across files), outdated (CMG601)


def _json(mini, *args, capsys) -> str:
    main(["-f", str(mini.root / "mkdocs.yml"), "validate", "--format", "json", *args])
    return capsys.readouterr().out


class Calls:
    """Which files the checks parse and check (the checks run in this process on a site this small)."""

    def __init__(self, monkeypatch):
        self.parsed, self.checked, self.paired = [], [], []
        real_parse, real_file, real_pair = validate.parse_guide_bytes, validate.file_findings, validate.pair_findings
        monkeypatch.setattr(validate, "parse_guide_bytes",
                            lambda data, **kw: self.parsed.append(kw["path"]) or real_parse(data, **kw))
        monkeypatch.setattr(validate, "file_findings", lambda gf, *a: self.checked.append(gf.path) or real_file(gf, *a))
        monkeypatch.setattr(validate, "pair_findings",
                            lambda s, t, *a: self.paired.append(t.path) or real_pair(s, t, *a))

    def reset(self):
        self.parsed.clear(), self.checked.clear(), self.paired.clear()


def test_cache_hit_gives_the_findings_of_a_cold_run_and_checks_nothing(mini, monkeypatch, capsys):
    _damage(mini)
    cold = _json(mini, "--no-cache", capsys=capsys)
    assert len(json.loads(cold)) >= 4
    assert not mini.path(CACHE).exists()  # --no-cache neither reads nor writes it
    first = _json(mini, capsys=capsys)
    assert mini.path(CACHE).is_file()
    calls = Calls(monkeypatch)
    warm = _json(mini, capsys=capsys)
    assert cold == first == warm
    assert calls.parsed == calls.checked == calls.paired == []
    assert _json(mini, "--locale", "ko", capsys=capsys) == _json(mini, "--locale", "ko", "--no-cache", capsys=capsys)


def test_editing_one_file_checks_again_only_it_and_its_pairs(mini, monkeypatch, capsys):
    _damage(mini)
    _json(mini, capsys=capsys)
    calls = Calls(monkeypatch)
    mini.replace(ES, "dentro de 15 días", "dentro de 16 días")
    out = _json(mini, capsys=capsys)
    assert sorted(calls.parsed) == [EN, ES]  # the source only for the comparison with it
    assert calls.checked == [ES] and calls.paired == [ES]
    assert out == _json(mini, "--no-cache", capsys=capsys) and "16" in out

    mini.replace(EN, "[[dm-nowhere]]", "[[dm-elsewhere]]")
    calls.reset()
    out = _json(mini, capsys=capsys)
    assert sorted(calls.parsed) == [EN, ES, KO]
    assert calls.checked == [EN] and sorted(calls.paired) == [ES, KO]
    assert out == _json(mini, "--no-cache", capsys=capsys) and "dm-elsewhere" in out
    calls.reset()
    assert _json(mini, capsys=capsys) == out and calls.parsed == []


def test_termbase_and_settings_edits(mini, monkeypatch, capsys):
    _damage(mini)
    _json(mini, capsys=capsys)
    calls = Calls(monkeypatch)
    mini.replace("translations/termbase.yml", "terms:\n", "terms:\n  - id: zz\n    en: {term: notice}\n", 1)
    out = _json(mini, capsys=capsys)
    assert len(calls.checked) == 3  # every file: the termbase is an input of every check
    assert out == _json(mini, "--no-cache", capsys=capsys)
    assert "CMG003" in out  # the new entry lacks es and ko terms
    mini.replace("mkdocs.yml", "      source_locale: en\n",
                 "      source_locale: en\n      validation:\n        ignore: [CMG101]\n        severity: {CMG201: info}\n")
    calls.reset()
    out = _json(mini, capsys=capsys)
    assert calls.checked == []  # settings are applied after the checks
    assert out == _json(mini, "--no-cache", capsys=capsys)
    assert "CMG101" not in out and '"severity": "info"' in out


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign", "entries", "directory"])
def test_a_damaged_cache_is_ignored_and_rewritten(mini, capsys, damage):
    _damage(mini)
    cold = _json(mini, "--no-cache", capsys=capsys)
    _json(mini, capsys=capsys)
    path = mini.path(CACHE)
    text = path.read_text(encoding="utf-8")
    if damage == "garbage":
        path.write_bytes(b"\x00\xff not json")
    elif damage == "truncated":
        path.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "foreign":
        assert f'"format":{fc.FORMAT}' in text
        path.write_text(text.replace(f'"format":{fc.FORMAT}', '"format":99'), encoding="utf-8")
    elif damage == "entries":
        raw = json.loads(text)
        raw["files"][0][3] = [["CMG999"]]
        raw["files"][1][4] = {"path": 1}
        raw["pairs"][0][4] = "x"
        raw["termbase"] = {"path": []}
        path.write_text(json.dumps(raw), encoding="utf-8")
    else:
        path.unlink()
        path.mkdir()
    assert _json(mini, capsys=capsys) == cold
    if damage != "directory":
        assert json.loads(path.read_text(encoding="utf-8"))["format"] == fc.FORMAT  # rewritten whole
        assert _json(mini, capsys=capsys) == cold


def test_entries_of_files_that_are_gone_are_dropped(mini, capsys):
    _json(mini, capsys=capsys)
    mini.path(KO).unlink()
    _json(mini, capsys=capsys)
    raw = json.loads(mini.path(CACHE).read_text(encoding="utf-8"))
    assert sorted(loc for loc, *_ in raw["files"]) == ["en", "es"]
    assert [loc for loc, *_ in raw["pairs"]] == ["es"]


def test_two_processes_at_once(mini):
    _damage(mini)
    cmd = [sys.executable, "-m", "cmg.cli", "validate", "--format", "json"]
    env = dict(os.environ)
    env.pop("CMG_CACHE_DIR", None)
    procs = [subprocess.Popen(cmd, cwd=mini.root, stdout=subprocess.PIPE, text=True, env=env) for _ in range(4)]
    outs = [p.communicate(timeout=60)[0] for p in procs]
    cold = subprocess.run([*cmd, "--no-cache"], cwd=mini.root, capture_output=True, text=True, env=env).stdout
    assert all(out == cold for out in outs)
    json.loads(mini.path(CACHE).read_text(encoding="utf-8"))
    assert not [p for p in mini.path(CACHE).parent.iterdir() if p.name.endswith(".cmg-tmp")]


def test_worker_processes_with_the_cache(shipped, capsys):
    shipped.replace("translations/es/delays/index.md", "\n## ", "\n## 99 Nueva {#dl-brand-new}\n\n## ", 1)
    project = load_project(shipped.root / "mkdocs.yml")
    cold = validate_findings(project, workers=1, cache=False)
    assert cold[1]
    as_dicts = lambda r: (r[0], [f.as_dict() for f in r[1]])  # noqa: E731
    assert as_dicts(validate_findings(project, workers=2)) == as_dicts(cold)  # forked workers fill the cache
    assert as_dicts(validate_findings(project, workers=2)) == as_dicts(cold)  # from the cache


def test_the_build_uses_the_same_cache(mini):
    _damage(mini)
    project = load_project(mini.root / "mkdocs.yml")
    corpus = load_corpus(project, ParseCache())
    fresh = [f.as_dict() for f in apply_settings(run_checks(corpus), project)]
    assert fresh
    for _ in range(2):
        corpus = load_corpus(project, ParseCache())
        assert [f.as_dict() for f in apply_settings(run_checks(corpus, cached_local_findings(corpus)), project)] == fresh
    # and `cmg validate` finds what the build left there
    assert validate_findings(project)[1] == validate_findings(project, cache=False)[1]

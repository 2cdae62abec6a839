"""Input that could stall the tools (issue 13, item 4): one line, one YAML file, one link or one
FIFO must not make `cmg validate` or `mkdocs build` take minutes, gigabytes or for ever; each is
refused with its file and line, and the time taken is printed."""

from __future__ import annotations

import os
import time

import pytest

from conftest import cmg
from sitecheck import build_site

EN, ES, KO = "guides/demo/index.md", "translations/es/demo/index.md", "translations/ko/demo/index.md"
INTRO = "A tiny guide used by the tests."

# 9 × 9 × … aliases: a few hundred bytes that stand for 9**10 strings
BOMB = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(f"b{i}: &b{i} [" + ",".join([f"*{'a' if i == 0 else f'b{i - 1}'}"] * 9) + "]\n" for i in range(9)))


def _timed(fn):
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    print(f"{fn.__name__ if hasattr(fn, '__name__') else 'step'}: {wall:.2f} s wall, {cpu:.2f} s CPU (this process)")
    return out, wall


def test_a_line_of_25000_link_openings_validates_and_builds_in_seconds(mini, tmp_path):
    mini.replace(EN, INTRO, INTRO + "\n\n" + "[x](" * 25_000)
    r, wall = _timed(lambda: cmg(mini.root, "validate", "--no-cache", "--format", "json", check=False))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert wall < 60
    line = mini.line_of(EN, "[x]([x](")
    assert f'"line": {line}' in r.stdout.replace('"line":', '"line": ').replace("  ", " ")
    assert "too long to check" in r.stdout
    b, wall = _timed(lambda: build_site(mini.root, tmp_path / "site", strict=False))
    assert b.returncode == 0, b.stderr[-2000:]
    assert wall < 120
    page = (tmp_path / "site" / "en" / "demo" / "index.html").read_text(encoding="utf-8")
    assert "<p>[x]([x](" in page  # published as plain text


def test_an_alias_bomb_in_front_matter_is_refused_at_its_line(mini, tmp_path):
    mini.replace(KO, "---\n", "---\n" + BOMB, 1)
    r, wall = _timed(lambda: cmg(mini.root, "validate", "--no-cache", check=False))
    out = r.stdout + r.stderr
    assert wall < 30 and "Traceback" not in out
    assert f"{KO}:3:" in out and "CMG002" in out and "alias" in out, out[-2000:]
    b, wall = _timed(lambda: build_site(mini.root, tmp_path / "site", strict=False))
    assert b.returncode == 0 and wall < 120, b.stderr[-2000:]


def test_an_alias_bomb_in_the_termbase_is_refused(mini):
    mini.replace("translations/termbase.yml", "version: 1\n", "version: 1\n" + BOMB)
    r, wall = _timed(lambda: cmg(mini.root, "validate", "--no-cache", check=False))
    assert wall < 30 and "Traceback" not in r.stderr
    assert "translations/termbase.yml:3:" in r.stdout and "CMG003" in r.stdout and "alias" in r.stdout, r.stdout


@pytest.mark.parametrize(("rel", "old", "new", "code", "line"), [
    (ES, "version: 1.0.0\n", "version: 1.0.0\nversion: 2.0.0\n", "CMG002", 6),
    ("translations/termbase.yml", "version: 1\n", "version: 1\nversion: 2\n", "CMG003", 2),
    ("countries/aa.yml", "pilot: true\n", "pilot: true\npilot: false\n", "CMG701", 3),
])
def test_a_repeated_yaml_key_is_refused_at_its_line(mini, rel, old, new, code, line):
    mini.replace(rel, old, new)
    r = cmg(mini.root, "validate", "--no-cache", check=False)
    assert "Traceback" not in r.stderr
    hit = [ln for ln in r.stdout.splitlines() if rel in ln and code in ln and "twice" in ln]
    assert hit, r.stdout
    if line:
        assert hit[0].startswith(f"{rel}:{line}:") or f"{rel}:{line}:" in hit[0], hit


def test_a_repeated_key_in_mkdocs_yml_is_refused_with_its_line(mini):
    mini.replace("mkdocs.yml", "site_name:", "site_name: Twice\nsite_name:")
    r = cmg(mini.root, "validate", check=False)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "mkdocs.yml:1" in r.stdout + r.stderr or "mkdocs.yml:2" in r.stdout + r.stderr, r.stdout + r.stderr
    assert "twice" in r.stdout + r.stderr


def test_a_guide_folder_linked_to_the_root_of_the_file_system_is_refused(mini):
    os.symlink("/", mini.root / "guides" / "everything")
    r, wall = _timed(lambda: cmg(mini.root, "validate", "--no-cache", check=False))
    assert wall < 30 and "Traceback" not in r.stderr
    assert "guides/everything" in r.stdout and "CMG008" in r.stdout and "outside the project" in r.stdout, r.stdout


def test_a_translation_linked_outside_the_project_is_not_read(mini, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: s\n---\n# Secret cmg-outside\n", encoding="utf-8")
    (mini.root / "translations" / "es" / "demo" / "extra.md").symlink_to(secret)
    r = cmg(mini.root, "validate", "--no-cache", check=False)
    assert "CMG008" in r.stdout and "extra.md" in r.stdout
    assert "cmg-outside" not in r.stdout


def test_fifos_where_a_guide_or_the_findings_cache_should_be_do_not_hang(mini, monkeypatch):
    monkeypatch.setenv("CMG_CACHE_DIR", str(mini.root / ".cache" / "cmg"))
    os.mkfifo(mini.root / "guides" / "demo" / "pipe.md")
    cache = mini.root / ".cache" / "cmg" / "validate"
    cache.mkdir(parents=True)
    os.mkfifo(cache / "findings.json")
    r, wall = _timed(lambda: cmg(mini.root, "validate", check=False))
    assert wall < 30 and "Traceback" not in r.stderr
    assert "pipe.md" in r.stdout and "FIFO" in r.stdout and "CMG008" in r.stdout, r.stdout


def test_a_killed_writes_temporary_file_is_ignored_by_git(tmp_path):
    import subprocess

    from conftest import ROOT

    for leftover in (ROOT / "guides" / ".index.md.abc123.cmg-tmp",  # the name fsio.atomic_write_bytes gives it
                     ROOT / ".cmg-build-tgp608am" / "ko" / "index.html"):  # cmg build's locale folder (parallel_build)
        r = subprocess.run(["git", "check-ignore", "-q", str(leftover)], cwd=ROOT)
        assert r.returncode == 0, leftover


def test_jobs_is_capped_by_the_guides_and_the_cpus(mini, monkeypatch):
    import concurrent.futures

    from cmg.project import load_project
    from cmg.validate import validate_findings

    started = []
    real = concurrent.futures.ProcessPoolExecutor

    class Counting(real):
        def __init__(self, n, *a, **kw):
            started.append(n)
            super().__init__(n, *a, **kw)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counting)
    for name in ("second", "third"):  # three guide paths
        mini.write(f"guides/{name}/index.md", mini.read("guides/demo/index.md").replace("guide: demo", f"guide: {name}"))
    project = load_project(mini.root / "mkdocs.yml")
    validate_findings(project, workers=40, cache=False)
    cpus = len(os.sched_getaffinity(0))
    # this process does one share: a pool of at most min(3 paths, CPUs) - 1 besides it, not of 39
    assert all(n <= max(1, min(3, cpus) - 1) for n in started), started


def test_a_korean_file_in_nfd_gets_one_finding_first_that_says_to_normalise(mini):
    import unicodedata

    mini.write(KO, unicodedata.normalize("NFD", mini.read(KO)))
    r = cmg(mini.root, "validate", "--no-cache", check=False)
    ko = [ln.strip() for ln in r.stdout.splitlines() if ln.strip().startswith(KO + ":")]
    assert ko and "CMG006" in ko[0] and "NFC" in ko[0], r.stdout  # the first finding of the file

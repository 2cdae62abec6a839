"""The command line: formats and exit codes (0 clean, 1 findings, 2 unusable input)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

ES = "translations/es/demo/index.md"


def run(root, *args):
    env = dict(os.environ)
    env.pop("CMG_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "cmg.cli", *args], cwd=root, capture_output=True, text=True, env=env)


def test_clean_project_exits_0(mini):
    r = run(mini.root, "validate")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "no findings" in r.stdout


def test_findings_exit_1_with_path_line_code(mini):
    mini.replace(ES, "dentro de 14 días", "dentro de 15 días")
    r = run(mini.root, "validate")
    assert r.returncode == 1
    line = mini.line_of(ES, "15 días")
    assert re.search(rf"{re.escape(ES)}:{line}:\d+: CMG201", r.stdout)
    assert "1 error" in r.stdout.splitlines()[-1]


def test_json_format(mini):
    mini.replace(ES, "dentro de 14 días", "dentro de 15 días")
    r = run(mini.root, "validate", "--format", "json")
    data = json.loads(r.stdout)
    [f] = data
    assert {k: f[k] for k in ("code", "severity", "path", "locale", "guide", "clause")} == {
        "code": "CMG201", "severity": "error", "path": ES, "locale": "es", "guide": "demo", "clause": "dm-inspection"}
    assert f["line"] == mini.line_of(ES, "15 días") and f["message"]


def test_github_format(mini):
    mini.replace(ES, "dentro de 14 días", "dentro de 15 días")
    r = run(mini.root, "validate", "--format", "github")
    assert r.stdout.startswith(f"::error file={ES},line=")
    assert "title=CMG201::" in r.stdout


def test_paths_filter_and_locale(mini):
    mini.replace(ES, "dentro de 14 días", "dentro de 15 días")
    assert run(mini.root, "validate", "translations/ko").returncode == 0
    assert run(mini.root, "validate", "--locale", "ko").returncode == 0
    assert run(mini.root, "validate", "--locale", "es").returncode == 1


def test_config_file_option_from_elsewhere(mini, tmp_path):
    r = run(tmp_path, "-f", str(mini.root / "mkdocs.yml"), "validate")
    assert r.returncode == 0, r.stderr


def test_usage_and_config_errors_exit_2_without_traceback(mini, tmp_path):
    for args, cwd in ((["validate", "--locale", "xx"], mini.root), (["validate"], tmp_path),
                      (["validate", "no/such/path"], mini.root), (["bogus"], mini.root)):
        r = run(cwd, *args)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert "Traceback" not in r.stderr


def test_broken_mkdocs_yml_is_named(mini):
    mini.write("mkdocs.yml", mini.read("mkdocs.yml").replace("nav:", "nav: [", 1))
    r = run(mini.root, "validate")
    assert r.returncode == 2 and "mkdocs.yml" in r.stderr and "Traceback" not in r.stderr


def test_bad_input_is_a_finding_not_a_crash(mini):
    mini.path(ES).write_bytes(b"\xff\xfe not utf-8")
    r = run(mini.root, "validate")
    assert r.returncode == 1 and "CMG001" in r.stdout and "Traceback" not in r.stderr


def test_the_exit_collects_no_garbage(mini):
    """What is alive when cmg ends is left to the system, not walked by Python's exit-time collections
    (1.2-1.4 s of CPU after a cold `cmg build` of the benchmark's corpus): when the hooks registered
    before cmg's run are called, every object is frozen; the command's output is still whole."""
    probe = ("import atexit, gc, sys\n"
             "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count(), file=sys.stderr))\n"
             "from cmg.cli import main\n"
             "code = main(['validate'])\n"
             "print('frozen before exit:', gc.get_freeze_count(), file=sys.stderr)\n"
             "sys.exit(code)\n")
    r = subprocess.run([sys.executable, "-c", probe], cwd=mini.root, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "no findings" in r.stdout
    before = int(re.search(r"frozen before exit: (\d+)", r.stderr).group(1))
    at_exit = int(re.search(r"frozen at exit: (\d+)", r.stderr).group(1))
    assert before == 0 and at_exit > 10_000

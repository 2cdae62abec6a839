"""Shared fixtures: tiny real projects copied into a temporary folder, and the shipped repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from cmg.project import load_project
from cmg.validate import validate_project
from cmg.workflow import translation_status
from sitecheck import build_offline_archive, build_site

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def cmg(root, *args, check=True):
    """Runs `cmg` on a project as a user would; with ``check``, fails the test unless it exits 0."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    r = subprocess.run([sys.executable, "-m", "cmg.cli", *args], cwd=root, capture_output=True, text=True, env=env)
    if check:
        assert r.returncode == 0, r.stdout + r.stderr
    return r


def pdf_text(data: bytes) -> bytes:
    """A PDF's bytes with every Flate stream inflated (its objects live in compressed streams)."""
    out = [data]
    for m in re.finditer(rb"stream\r?\n", data):
        try:
            out.append(zlib.decompressobj().decompress(data[m.end():m.end() + 5_000_000]))
        except zlib.error:
            pass
    return b"\n".join(out)


def states(root, locale):
    """Each clause's translation state in one locale, by clause ID."""
    project = load_project(root / "mkdocs.yml")
    return {c.clause_id: c.state for fs in translation_status(project, locales=[locale]) for c in fs.clauses}


class ProjectCopy:
    """A writable copy of a project, with helpers to edit files and validate."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        p = self.path(rel)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")

    def replace(self, rel: str, old: str, new: str, count: int = 1) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, count))

    def line_of(self, rel: str, needle: str) -> int:
        for i, line in enumerate(self.read(rel).splitlines(), 1):
            if needle in line:
                return i
        raise AssertionError(f"{needle!r} not in {rel}")

    def validate(self):
        project = load_project(self.root / "mkdocs.yml")
        _, findings = validate_project(project)
        return findings

    def codes(self) -> set[str]:
        return {f.code for f in self.validate()}


def copy_project(src: Path, dst: Path, parts=("mkdocs.yml", "guides", "translations", "docs", "overrides", "countries")) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for part in parts:
        s = src / part
        if s.is_dir():
            shutil.copytree(s, dst / part)
        elif s.is_file():
            shutil.copy2(s, dst / part)
    return dst


@pytest.fixture
def mini(tmp_path) -> ProjectCopy:
    return ProjectCopy(copy_project(FIXTURES / "mini", tmp_path / "mini"))


@pytest.fixture
def shipped(tmp_path) -> ProjectCopy:
    return ProjectCopy(copy_project(ROOT, tmp_path / "repo"))


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Path:
    """The shipped guides built as `make site` builds them: the site, then its offline copy."""
    site = tmp_path_factory.mktemp("shipped") / "site"
    result = build_site(ROOT, site)
    assert result.returncode == 0, result.stderr[-4000:]
    offline = build_offline_archive(ROOT, site)
    assert offline.returncode == 0, offline.stderr[-4000:]
    return site, result



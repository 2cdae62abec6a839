"""ProperDocs, the MkDocs 1.x fork, as a second engine: installed instead of MkDocs (from
requirements-properdocs.lock, in its own venv made by `make venv ENGINE=properdocs`), `cmg build`,
`cmg offline` and `properdocs serve` work, and the shipped site is the one MkDocs builds, byte for
byte, but for the generator tag."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import serve_preview, wait_for
from sitecheck import _build_env

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def properdocs_venv() -> Path:
    r = subprocess.run(["make", "-s", "venv", "ENGINE=properdocs"], cwd=ROOT, capture_output=True, text=True,
                       timeout=1800)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    venv = ROOT / ".venv-properdocs"
    assert (venv / "bin" / "properdocs").exists()
    # the engine swap is real: MkDocs is not installed there, ProperDocs is
    check = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import importlib.util as u, sys; sys.exit(0 if u.find_spec('mkdocs') is None "
                            "and u.find_spec('properdocs') else 1)"])
    assert check.returncode == 0
    return venv


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _same_but_generator(a: dict[str, bytes], b: dict[str, bytes], where: str) -> None:
    assert sorted(a) == sorted(b), f"{where}: other files"
    differ = [n for n in a if GENERATOR.sub(b"", a[n]) != GENERATOR.sub(b"", b[n])]
    assert not differ, f"{where}: {differ[:10]}"


def test_properdocs_builds_the_shipped_site_and_its_offline_copy_as_mkdocs_does(shipped_site, properdocs_venv, tmp_path):
    mkdocs_site, _ = shipped_site
    site = tmp_path / "site"
    env = _build_env()
    cmg = str(properdocs_venv / "bin" / "cmg")
    r = subprocess.run([cmg, "build", "--strict", "-q", "-d", str(site)], cwd=ROOT, capture_output=True, text=True,
                       env=env, timeout=1800)
    assert r.returncode == 0, r.stderr[-4000:]
    r = subprocess.run([cmg, "offline", "--site-dir", str(site)], cwd=ROOT, capture_output=True, text=True,
                       env=env, timeout=1800)
    assert r.returncode == 0, r.stderr[-4000:]
    ours, theirs = _files(mkdocs_site), _files(site)
    html = [n for n in theirs if n.endswith(".html")]
    assert html and all(b"ProperDocs" in theirs[n] for n in html if GENERATOR.search(theirs[n]))
    zips = [n for n in ours if n.endswith(".zip")]
    assert zips, "the offline copy is part of the comparison"
    for n in zips:
        _same_but_generator(_zip_members(ours.pop(n)), _zip_members(theirs.pop(n)), n)
    _same_but_generator(ours, theirs, "site")


def test_properdocs_serve_previews_the_guides(properdocs_venv, mini, tmp_path):
    with serve_preview(mini.root, tmp_path / "serve.log", "-f", "mkdocs.yml", timeout=120,
                       command=[str(properdocs_venv / "bin" / "properdocs")]) as preview:
        page = preview.get("demo/")
        assert "ProperDocs" in page and 'id="' in page
        es = mini.path("translations/es/demo/index.md")
        es.write_text(es.read_text(encoding="utf-8").replace("Inspección", "Inspección revisada", 1), encoding="utf-8")
        assert wait_for(lambda: "Inspección revisada" in (preview.get("demo/") or ""), timeout=60)

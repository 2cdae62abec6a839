"""`!ENV` in mkdocs.yml reads the variable as a YAML scalar, as MkDocs does: CMG_PDF=false is a bool."""

from __future__ import annotations

from cmg.project import load_project
from conftest import ROOT


def test_env_values_are_typed_as_mkdocs_types_them(monkeypatch):
    monkeypatch.setenv("CMG_PDF", "false")
    monkeypatch.setenv("CMG_COUNTRY_PDFS", "true")
    project = load_project(ROOT / "mkdocs.yml")
    assert project.pdf is False and project.country_pdfs is True
    monkeypatch.setenv("CMG_CACHE_DIR", "/tmp/x")
    assert load_project(ROOT / "mkdocs.yml").cache_dir == "/tmp/x"

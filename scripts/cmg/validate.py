"""Run every check over the project: load (I/O), parse once, check (pure), filter by settings."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .checks import (
    Finding,
    check_clause_index,
    check_file,
    check_freshness,
    check_xrefs,
    compare_files,
)
from .model import GuideFile
from .parse import parse_guide_bytes
from .project import Project, iter_guide_files, unconfigured_locale_dirs
from .rules import RULES, SEVERITIES
from .termbase import Termbase, load_termbase


@dataclass
class Corpus:
    """Every guide file of every locale, parsed once."""

    project: Project
    files: dict[tuple[str, str], GuideFile] = field(default_factory=dict)  # (locale, rel) → file
    termbase: Termbase | None = None

    def source_files(self) -> list[GuideFile]:
        return [gf for (loc, _), gf in sorted(self.files.items()) if loc == self.project.source_locale]

    def locale_files(self, locale: str) -> list[GuideFile]:
        return [gf for (loc, _), gf in sorted(self.files.items()) if loc == locale]

    def get(self, locale: str, rel: str) -> GuideFile | None:
        return self.files.get((locale, rel))


class ParseCache:
    """Keeps parsed files keyed by path, size and mtime so that rebuilds re-parse only what changed."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[tuple[int, int], GuideFile]] = {}

    def load(self, abs_path: Path, *, path: str, locale: str, guide: str, rel: str) -> GuideFile:
        try:
            st = os.stat(abs_path)
            key = (st.st_size, st.st_mtime_ns)
        except OSError:
            key = (-1, -1)
        hit = self._entries.get(str(abs_path))
        if hit and hit[0] == key:
            return hit[1]
        data = abs_path.read_bytes()
        gf = parse_guide_bytes(data, path=path, locale=locale, guide=guide, rel=rel)
        self._entries[str(abs_path)] = (key, gf)
        return gf


def load_corpus(project: Project, cache: ParseCache | None = None, locales: list[str] | None = None) -> Corpus:
    cache = cache or ParseCache()
    corpus = Corpus(project)
    wanted = locales or project.locales
    for locale in project.locales:
        if locale not in wanted and locale != project.source_locale:
            continue
        for gp in iter_guide_files(project, locale):
            corpus.files[(locale, gp.rel)] = cache.load(
                gp.abs, path=project.rel(gp.abs), locale=locale, guide=gp.guide, rel=gp.rel)
    tb_path = project.root / project.termbase
    corpus.termbase = load_termbase(tb_path, project.rel(tb_path), project.locales)
    return corpus


def nav_entries(project: Project) -> set[str] | None:
    """Every page path named in mkdocs.yml's nav (None when the site has no explicit nav)."""
    if not project.nav:
        return None
    found: set[str] = set()

    def walk(node):
        if isinstance(node, str):
            found.add(node)
        elif isinstance(node, list):
            for n in node:
                walk(n)
        elif isinstance(node, dict):
            for v in node.values():
                walk(v)

    walk(project.nav)
    return found


def run_checks(corpus: Corpus) -> list[Finding]:
    """All findings for the corpus (before settings are applied)."""
    project = corpus.project
    tb = corpus.termbase
    out: list[Finding] = []
    if tb:
        for p in tb.problems:
            out.append(Finding(p.code, p.message, tb.path, p.pos.line, p.pos.col, hint=p.hint))
    if tb and not any(p.code in ("CMG003",) and "exist" in p.message for p in tb.problems):
        for loc in project.locales:
            if tb.locales and loc not in tb.locales:
                out.append(Finding("CMG005", f"locale '{loc}' is not in the termbase's locales ({', '.join(tb.locales)})",
                                   tb.path, 1, locale=loc))
    for d in unconfigured_locale_dirs(project):
        out.append(Finding("CMG004", f"folder '{d.name}' is not a configured locale ({', '.join(project.locales)})",
                           project.rel(d), 0, locale=d.name))
    sources = corpus.source_files()
    src_by_rel = {gf.rel: gf for gf in sources}
    for gf in corpus.files.values():
        out += check_file(gf, is_source=gf.locale == project.source_locale, termbase=tb)
    out += check_clause_index(list(corpus.files.values()))
    known = {c.id for gf in sources for c in gf.clauses if c.id}
    out += check_xrefs(list(corpus.files.values()), known)
    for locale in project.target_locales:
        tr_files = {gf.rel: gf for gf in corpus.locale_files(locale)}
        for rel, gf in tr_files.items():
            src = src_by_rel.get(rel)
            if src is None:
                out.append(Finding("CMG108", f"no source file guides/{rel} for this translation", gf.path, 1,
                                   locale=locale, guide=gf.guide))
                continue
            out += compare_files(src, gf, tb)
            out += check_freshness(src, gf)
        if tr_files or (project.root / project.translations_dir / locale).is_dir():
            for rel, src in src_by_rel.items():
                if rel not in tr_files:
                    out.append(Finding("CMG109", f"{locale} has no translation of this file", src.path, 1,
                                       locale=locale, guide=src.guide))
    nav = nav_entries(project)
    if nav is not None:
        for gf in sources:
            if gf.rel.endswith("index.md") and gf.rel not in nav:
                out.append(Finding("CMG113", f"guide '{gf.guide}' ({gf.rel}) is not in mkdocs.yml's nav",
                                   project.rel(project.config_file), 1, guide=gf.guide))
    return out


def apply_settings(findings: list[Finding], project: Project) -> list[Finding]:
    """Apply per-rule severities, ignored rules and in-clause suppressions."""
    ignore = set(project.validation.ignore)
    out = []
    for f in findings:
        if f.code in ignore or f.code in f.suppressed_by:
            continue
        sev = project.validation.severity.get(f.code)
        if sev in SEVERITIES:
            f.severity = sev
        elif sev == "off":
            continue
        out.append(f)
    out.sort(key=lambda f: (f.path, f.line, f.col, f.code))
    return out


def validate_settings(project: Project) -> list[str]:
    """Problems in the validation settings themselves (unknown codes or severities)."""
    errors = []
    for code, sev in project.validation.severity.items():
        if code not in RULES:
            errors.append(f"plugins.cmg.validation.severity names unknown rule {code}")
        if sev not in (*SEVERITIES, "off"):
            errors.append(f"severity '{sev}' for {code} is not one of error, warning, info, off")
    for code in project.validation.ignore:
        if code not in RULES:
            errors.append(f"plugins.cmg.validation.ignore names unknown rule {code}")
    return errors


def validate_project(project: Project, cache: ParseCache | None = None,
                     locales: list[str] | None = None) -> tuple[Corpus, list[Finding]]:
    corpus = load_corpus(project, cache, locales)
    findings = apply_settings(run_checks(corpus), project)
    if locales:
        findings = [f for f in findings if not f.locale or f.locale in locales
                    or (f.locale == project.source_locale)]
    return corpus, findings

"""What a commit must not break: the findings of the changed files and of the files that depend on them,
failing on exactly what ``make site`` fails on (``cmg build --strict``: any error or warning).

Validation itself runs over the whole project through the findings cache (``.cache/cmg/validate/``), so
unchanged files cost a digest each; what a change can break is then read off the findings:

* a changed source file: its translations (their comparison with it) and every file that cites one of
  its clauses, plus every dangling cross-reference (CMG202: a clause the change removed or renamed);
* a changed translation: itself (its comparison with its source);
* the termbase, the country profiles, mkdocs.yml, the theme overrides or the toolkit itself: everything.

Offline: nothing here, nor in the hook's ruff (``.venv/bin/ruff``), needs the network.
"""

from __future__ import annotations

from pathlib import Path

CROSS_FILE = frozenset({"CMG202", "CMG106", "CMG113", "CMG114", "CMG115"})


def affected(project, changed: list[str], files) -> set[str] | None:
    """Project-relative paths whose findings a commit of ``changed`` can change; None: every file."""
    src_dir = project.rel(project.locale_dir(project.source_locale)).rstrip("/") + "/"
    tr_dirs = {loc: project.rel(project.locale_dir(loc)).rstrip("/") + "/" for loc in project.target_locales}
    everything = (project.rel(project.config_file), project.termbase, project.countries_dir.rstrip("/") + "/",
                  "overrides/", "scripts/", "pyproject.toml", "requirements")
    out: set[str] = set()
    cited: set[str] = set()
    for p in changed:
        if any(p == e or p.startswith(e) for e in everything):
            return None
        out.add(p)
        if p.startswith(src_dir):
            rel = p[len(src_dir):]
            out |= {d + rel for d in tr_dirs.values()}
            gf = files.get((project.source_locale, rel))
            if gf is not None:
                cited |= {c.id for c in gf.clauses if c.id}
    if cited:
        for gf in files.values():
            if any(r.value in cited for _, block in gf.blocks() for r in block.xrefs):
                out.add(gf.path)
    return out


def precommit_findings(project, changed: list[str]):
    """(files checked, the findings to report, whether the commit must stop)."""
    from .validate import load_corpus, validate_findings

    checked, findings = validate_findings(project)
    corpus = load_corpus(project)
    scope = affected(project, [project.rel(Path(p).resolve()) for p in changed], corpus.files)
    if scope is not None:
        findings = [f for f in findings if f.path in scope or f.code in CROSS_FILE
                    or any(f.path.startswith(s.rstrip("/") + "/") for s in scope if s.endswith("/"))]
    stop = any(f.severity in ("error", "warning") for f in findings)
    return checked, findings, stop

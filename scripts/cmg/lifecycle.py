"""Structure commands (rename, and later move/remove): I/O around the pure edits of :mod:`cmg.lifecycle_edits`.

Each ``plan_*`` reads every file it needs, checks everything, and returns the changes; nothing is
written until the caller applies them (:func:`cmg.workflow.apply_changes`, atomic per file).
"""

from __future__ import annotations

from dataclasses import dataclass

from .fsio import TextFile, read_text_file
from .lifecycle_edits import alias_lines, clause_aliases, rename_lines
from .model import GuideFile
from .parse import ID_RE, parse_guide_text
from .project import ConfigError, Project, iter_guide_files
from .workflow import Change, resolve_target


@dataclass
class LoadedFile:
    locale: str
    rel: str
    path: str  # relative to the project root
    tf: TextFile
    gf: GuideFile


def load_files(project: Project, locales: list[str] | None = None) -> list[LoadedFile]:
    """Every guide file of the given locales (default: all), read and parsed together."""
    out = []
    for locale in locales or project.locales:
        for gp in iter_guide_files(project, locale):
            path = project.rel(gp.abs)
            tf = read_text_file(gp.abs, path)
            gf = parse_guide_text(tf.text(), path=path, locale=locale, guide=gp.guide, rel=gp.rel, bom=tf.bom)
            if any(p.code in ("CMG001", "CMG002") for p in gf.problems):
                bad = next(p for p in gf.problems if p.code in ("CMG001", "CMG002"))
                raise ConfigError(f"{bad.message}; fix it first (nothing was changed)", path, bad.pos.line)
            out.append(LoadedFile(locale, gp.rel, path, tf, gf))
    return out


def _change(lf: LoadedFile, lines: list[str]) -> Change | None:
    if lines == lf.tf.lines:
        return None
    return Change(lf.tf.path, lf.path, lf.tf.text(), "".join(lines))


def source_clause_target(project: Project, target: str) -> tuple[str, str]:
    rel, clause_id = resolve_target(project, project.source_locale, target)
    if not clause_id:
        raise ConfigError(f"'{target}' names no clause: write PATH#CLAUSE-ID (quoted, or with no space before '#')")
    return rel, clause_id


def plan_rename(project: Project, target: str, new: str) -> list[Change]:
    """Rename a clause ID in the source, every translation, every cross-reference and link to it and the
    freshness records, and record the old ID as an alias in the source file (the site keeps answering
    ``#OLD``). When the source already has the new ID (a rename made by hand), the rest is completed."""
    rel, old = source_clause_target(project, target)
    if not ID_RE.match(new):
        raise ConfigError(f"'{new}' is not a clause ID (lower-case letters, digits and hyphens, e.g. dl-purpose)")
    if old == new:
        raise ConfigError(f"'{old}' already has that ID")
    files = load_files(project)
    src = next((lf for lf in files if lf.locale == project.source_locale and lf.rel == rel), None)
    if src is None:
        raise ConfigError(f"no source file {project.rel(project.locale_dir(project.source_locale) / rel)}")
    has_old, has_new = src.gf.clause(old) is not None, src.gf.clause(new) is not None
    if not has_old and not has_new:
        raise ConfigError(f"clause '{old}' does not exist in {src.path}")
    if has_old and has_new:
        raise ConfigError(f"clause ID '{new}' is already used at {src.path}:{src.gf.clause(new).line}")
    for lf in files:
        if lf.locale != project.source_locale and lf.rel == rel:
            continue  # the clause's own translations: checked below
        hit = lf.gf.clause(new)
        if hit is not None and not (lf is src and not has_old):
            raise ConfigError(f"clause ID '{new}' is already used at {lf.path}:{hit.line}")
    for lf in files:
        if lf.rel == rel and lf.locale != project.source_locale:
            if lf.gf.clause(old) is not None and lf.gf.clause(new) is not None:
                raise ConfigError(f"{lf.path} has both '{old}' and '{new}'; keep one, then rename")
    renames = {old: new}
    changes = []
    for lf in files:
        lines = rename_lines(lf.gf, lf.tf.lines, renames)
        if lf is src:
            try:
                lines = alias_lines(lf.gf, lines, old, new)
            except ValueError:
                raise ConfigError("the file has no front matter; add it first", lf.path, 1) from None
        ch = _change(lf, lines)
        if ch:
            changes.append(ch)
    return changes


def alias_index(sources: list[GuideFile]) -> dict[str, str]:
    """Every old clause ID the source files record → the ID it has now (chains followed)."""
    out: dict[str, str] = {}
    live = {c.id for gf in sources for c in gf.clauses if c.id}
    for gf in sources:
        for old, new in clause_aliases(gf).items():
            if old not in live:
                out[old] = new
    for old in list(out):
        seen = {old}
        while out[old] in out and out[old] not in seen:
            seen.add(out[old])
            out[old] = out[out[old]]
    return out

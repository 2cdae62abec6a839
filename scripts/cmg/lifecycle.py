"""Structure commands (rename, move, remove, renumber): I/O around the pure edits of :mod:`cmg.lifecycle_edits`.

Each ``plan_*`` reads every file it needs, checks everything, and returns the changes; nothing is
written until the caller applies them (:func:`cmg.workflow.apply_changes`, atomic per file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .edits import map_lines
from .fsio import TextFile, read_text_file
from .lifecycle_edits import alias_index, alias_lines, clause_aliases, rename_lines  # noqa: F401 (alias_index: from here too)
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


# files the tools cannot read exactly enough to rewrite: not UTF-8, bad front matter, an underlined heading
_UNSAFE_TO_EDIT = ("CMG001", "CMG002", "CMG116")


def load_files(project: Project, locales: list[str] | None = None) -> list[LoadedFile]:
    """Every guide file of the given locales (default: all), read and parsed together."""
    out = []
    for locale in locales or project.locales:
        for gp in iter_guide_files(project, locale):
            path = project.rel(gp.abs)
            tf = read_text_file(gp.abs, path)
            gf = parse_guide_text(tf.text(), path=path, locale=locale, guide=gp.guide, rel=gp.rel, bom=tf.bom)
            bad = next((p for p in gf.problems if p.code in _UNSAFE_TO_EDIT), None)
            if bad is not None:
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


# ---------------------------------------------------------------- translations follow the source's structure

REMOVED_FILE = "removed-clauses.md"  # per locale, at the top of its tree: no guide reads it


@dataclass
class SourceText:
    lines: list[str]
    gf: GuideFile


def disk_sources(project: Project) -> dict[str, SourceText]:
    return {lf.rel: SourceText(lf.tf.lines, lf.gf) for lf in load_files(project, [project.source_locale])}


def _reparse(gf: GuideFile, lines: list[str]) -> GuideFile:
    return parse_guide_text("".join(lines), path=gf.path, locale=gf.locale, guide=gf.guide, rel=gf.rel)


def restructure_locale(project: Project, locale: str, sources: dict[str, SourceText], today: str = "",
                       reprint: dict[str, tuple[str, str]] | None = None) -> tuple[list[Change], list[str]]:
    """Make one locale's translations follow the source's structure, losing nothing a translator wrote:

    * a clause the source renamed (same text) is renamed, with the references to it;
    * a clause the source moved to another file is carried there, translated, with its footnotes;
    * a clause the source no longer has is taken out and kept in ``<locale>/removed-clauses.md``;
    * every missing clause is inserted as an untranslated block;
    * clause numbers are set to the source's.

    ``reprint`` (clause id → (old, new) fingerprint) carries a clause's freshness across an edit that
    changed only its footnote labels (``cmg move``): a translation of the old text is one of the new.
    """
    import datetime

    from .edits import new_translation, record_lines, sync_lines
    from .freshness import recorded
    from .lifecycle_edits import cut_clauses, footnote_labels, hand_renames, relabel_footnotes, renumber_lines

    today = today or datetime.date.today().isoformat()
    trs = {lf.rel: lf for lf in load_files(project, [locale])}
    work = {rel: [lf.tf.lines, lf.gf] for rel, lf in trs.items()}
    notes: list[str] = []
    renames: dict[str, str] = {}
    for rel, (_lines, gf) in work.items():
        if rel in sources:
            renames.update(hand_renames(sources[rel].gf, gf))
    for w in work.values():
        new = rename_lines(w[1], w[0], renames)
        if new != w[0]:
            w[0], w[1] = new, _reparse(w[1], new)
    for old, new in renames.items():
        notes.append(f"{locale}: renamed '{old}' to '{new}' as the source did")
    home = {c.id: rel for rel, st in sources.items() for c in st.gf.clauses if c.id}
    carried: dict[str, dict[str, tuple[list[str], dict[str, list[str]], str]]] = {}  # to rel → cid → …
    archived: list[str] = []
    for rel, w in work.items():
        src = sources.get(rel)
        if src is None:
            continue  # a translation without a source (CMG108): not ours to change
        src_ids = {c.id for c in src.gf.clauses if c.id}
        while True:
            gf = w[1]
            extra = next((c for c in gf.clauses if c.id and c.id not in src_ids), None)
            if extra is None:
                break
            rec = recorded(gf).get(extra.id, "")
            lines, block, fnotes = cut_clauses(gf, w[0], [extra.id])
            lines = record_lines(lines, {}, [], drop=[extra.id])
            dest = home.get(extra.id)
            if dest and dest in work and work[dest][1].clause(extra.id) is None:
                carried.setdefault(dest, {})[extra.id] = (block, fnotes, rec)
                notes.append(f"{gf.path}: clause '{extra.id}' moved to {project.rel(project.locale_dir(locale) / dest)}"
                             " as the source did")
            elif extra.body.untranslated_marker:  # English text copied from the source: nothing to keep
                notes.append(f"{gf.path}: untranslated block '{extra.id}' removed (the source has no such clause)")
            else:
                archived.append(f"<!-- cmg: removed {today} from {gf.path} (the source has no clause '{extra.id}') -->\n")
                archived.extend(x.rstrip("\r\n") + "\n" for x in block)
                for label in footnote_labels([extra]):
                    archived.extend(x.rstrip("\r\n") + "\n" for x in fnotes.get(label, []))
                archived.append("\n")
                notes.append(f"{gf.path}:{extra.line}: clause '{extra.id}' is no longer in the source; its text is "
                             f"kept in {project.rel(project.locale_dir(locale) / REMOVED_FILE)}")
            w[0], w[1] = lines, _reparse(gf, lines)
    changes: list[Change] = []
    for rel, src in sources.items():
        if rel not in work:
            path = project.locale_dir(locale) / rel
            text = "".join(new_translation(src.gf, src.lines))
            changes.append(Change(path, project.rel(path), None, text))
            continue
        lines, gf = work[rel]
        provided = {}
        prints = {}
        for cid, (block, fnotes, rec) in carried.get(rel, {}).items():
            want = footnote_labels([src.gf.clause(cid)])
            have = [m for line in block for m in _FOOTREF.findall(line)]
            have = list(dict.fromkeys(have))
            mapping = dict(zip(have, want, strict=True)) if len(have) == len(want) else {}
            provided[cid] = (relabel_footnotes(block, mapping),
                             {mapping.get(k, k): relabel_footnotes(v, mapping) for k, v in fnotes.items()})
            if rec:
                old, new_print = (reprint or {}).get(cid, (None, None))
                prints[cid] = new_print if rec == old else rec
        new = sync_lines(src.gf, src.lines, gf, lines, provided)
        if prints:
            new = record_lines(new, prints, [c.id for c in src.gf.clauses if c.id])
        gf = _reparse(gf, new) if new != lines else gf
        numbers = {c.id: c.number for c in src.gf.clauses if c.id and c.number}
        new = renumber_lines(gf, new, numbers)
        lf = trs[rel]
        if new != lf.tf.lines:
            changes.append(Change(lf.tf.path, lf.path, lf.tf.text(), "".join(new)))
    if archived:
        path = project.locale_dir(locale) / REMOVED_FILE
        before = read_text_file(path, project.rel(path)).text() if path.exists() else None
        head = before if before is not None else (
            "# Removed clauses\n\nTranslated clauses that the source guides no longer have, kept by `cmg` so that "
            "no translation is lost. Reuse or delete them.\n\n")
        if head and not head.endswith("\n"):
            head += "\n"
        changes.append(Change(path, project.rel(path), before, head + "".join(archived)))
    return changes, notes


_FOOTREF = re.compile(r"\[\^([^\]\s]+)\](?!:)")


def removed_clauses_kept(project: Project, locale: str) -> int:
    path = project.locale_dir(locale) / REMOVED_FILE
    if not path.is_file():
        return 0
    return read_text_file(path, project.rel(path)).text().count("<!-- cmg: removed ")


def plan_remove(project: Project, target: str) -> tuple[list[Change], list[str]]:
    """Remove a source clause (with its sub-clauses and the footnotes only it uses), renumber the guide,
    and make every translation follow: the translated text is kept in ``<locale>/removed-clauses.md``."""
    from .lifecycle_edits import consecutive_numbers, cut_clauses, renumber_lines, subtree

    rel, cid = source_clause_target(project, target)
    sources = disk_sources(project)
    src = sources.get(rel)
    if src is None:
        raise ConfigError(f"no source file {project.rel(project.locale_dir(project.source_locale) / rel)}")
    if src.gf.clause(cid) is None:
        raise ConfigError(f"clause '{cid}' does not exist in {src.gf.path}")
    ids = [c.id for c in subtree(src.gf, cid)]
    citing = [f"{st.gf.path}:{r.pos.line}" for st in sources.values() for c_id, block in st.gf.blocks()
              if c_id not in ids for r in block.xrefs if r.value in ids]
    if citing:
        raise ConfigError(f"'{cid}' is still cited at {', '.join(citing)}; rewrite those references first "
                          "(nothing was changed)")
    lines, _, _ = cut_clauses(src.gf, src.lines, ids)
    gf = _reparse(src.gf, lines)
    lines = renumber_lines(gf, lines, consecutive_numbers(gf))
    edited = dict(sources)
    edited[rel] = SourceText(lines, _reparse(gf, lines))
    path = project.locale_dir(project.source_locale) / rel
    changes = [Change(path, project.rel(path), "".join(src.lines), "".join(lines))]
    notes = [f"{src.gf.path}: removed {', '.join(ids)}"]
    for locale in project.target_locales:
        ch, n = restructure_locale(project, locale, edited)
        changes += ch
        notes += n
    return changes, notes


def _free_label(taken: set[str]) -> str:
    n = 1
    while str(n) in taken:
        n += 1
    return str(n)


def plan_move(project: Project, target: str, guide: str, after: str | None = None) -> tuple[list[Change], list[str]]:
    """Move a source clause (with its sub-clauses and footnotes) to another guide, after clause ``after``
    or at its end; renumber both guides, record the move in the old file's ``moved_clauses`` (the old page
    keeps a notice at the old anchor that leads to the clause), and make every translation follow with
    its translated text, footnotes and freshness record."""
    from .freshness import fingerprint
    from .lifecycle_edits import (
        MOVED_KEY,
        consecutive_numbers,
        cut_clauses,
        footnote_labels,
        insert_clauses,
        moved_clauses,
        relabel_footnotes,
        renumber_lines,
        subtree,
    )

    rel, cid = source_clause_target(project, target)
    sources = disk_sources(project)
    src = sources.get(rel)
    if src is None:
        raise ConfigError(f"no source file {project.rel(project.locale_dir(project.source_locale) / rel)}")
    if src.gf.clause(cid) is None:
        raise ConfigError(f"clause '{cid}' does not exist in {src.gf.path}")
    dest_rel, stray = resolve_target(project, project.source_locale, guide)
    if stray:
        raise ConfigError(f"'{guide}': name the guide (its folder, e.g. quality), not a clause; use --after ID")
    dest = sources.get(dest_rel)
    if dest is None:
        known = sorted({r.split("/")[0] for r in sources})
        raise ConfigError(f"no guide '{guide}' under {project.rel(project.locale_dir(project.source_locale))}/ "
                          f"({', '.join(known)})")
    if dest_rel == rel:
        raise ConfigError(f"'{cid}' is already in {src.gf.path}")
    ids = [c.id for c in subtree(src.gf, cid)]
    if after is not None:
        if dest.gf.clause(after) is None:
            raise ConfigError(f"--after {after}: no clause '{after}' in {dest.gf.path}")
    clash = [i for i in ids if dest.gf.clause(i) is not None]
    if clash:
        raise ConfigError(f"{dest.gf.path} already has clause '{clash[0]}'")
    old_prints = {i: fingerprint(src.gf.clause(i)) for i in ids}
    lines_a, block, fnotes = cut_clauses(src.gf, src.lines, ids)
    labels = footnote_labels([src.gf.clause(i) for i in ids])
    taken = set(dest.gf.footnotes)
    mapping = {}
    for label in labels:
        if label in taken:
            mapping[label] = _free_label(taken | set(labels) | set(mapping.values()))
    block = relabel_footnotes(block, mapping)
    fnotes = {mapping.get(k, k): relabel_footnotes(v, mapping) for k, v in fnotes.items()}
    lines_b = insert_clauses(dest.gf, dest.lines, block, fnotes, after)
    guide_b = dest_rel.split("/")[0]
    try:
        lines_a = map_lines(lines_a, MOVED_KEY, {**moved_clauses(src.gf), **{i: guide_b for i in ids}}, [])
        back = [i for i in ids if i in moved_clauses(dest.gf)]
        if back:  # moved back where it was: that record is void
            lines_b = map_lines(lines_b, MOVED_KEY, {}, [], drop=back)
    except ValueError:
        raise ConfigError("the file has no front matter; add it first", src.gf.path, 1) from None
    edited = dict(sources)
    for r, lines in ((rel, lines_a), (dest_rel, lines_b)):
        gf = _reparse(sources[r].gf, lines)
        lines = renumber_lines(gf, lines, consecutive_numbers(gf))
        edited[r] = SourceText(lines, _reparse(gf, lines))
    reprint = {i: (old_prints[i], fingerprint(edited[dest_rel].gf.clause(i))) for i in ids}
    changes = []
    for r in (rel, dest_rel):
        path = project.locale_dir(project.source_locale) / r
        changes.append(Change(path, project.rel(path), "".join(sources[r].lines), "".join(edited[r].lines)))
    notes = [f"{src.gf.path}: moved {', '.join(ids)} to {dest.gf.path}"
             + (f" (footnote{'s' if len(mapping) > 1 else ''} "
                + ", ".join(f"[^{k}] → [^{v}]" for k, v in mapping.items()) + ")" if mapping else "")]
    for locale in project.target_locales:
        ch, n = restructure_locale(project, locale, edited, reprint=reprint)
        changes += ch
        notes += n
    return changes, notes


def plan_renumber(project: Project, guides: list[str] | None = None) -> tuple[list[Change], list[str]]:
    """Number each source guide's clauses 1, 2, 2.1… in file order (after an insert made by hand) and make
    every translation follow (numbers, and any clause the source inserted, moved or removed)."""
    from .lifecycle_edits import consecutive_numbers, renumber_lines

    sources = disk_sources(project)
    known = sorted({r.split("/")[0] for r in sources})
    unknown = [g for g in guides or [] if g not in known]
    if unknown:
        raise ConfigError(f"no guide {', '.join(unknown)} under {project.rel(project.locale_dir(project.source_locale))}/ "
                          f"({', '.join(known)})")
    edited = dict(sources)
    changes, notes = [], []
    for r, st in sources.items():
        if guides and r.split("/")[0] not in guides:
            continue
        numbers = consecutive_numbers(st.gf)
        lines = renumber_lines(st.gf, st.lines, numbers)
        if lines != st.lines:
            edited[r] = SourceText(lines, _reparse(st.gf, lines))
            path = project.locale_dir(project.source_locale) / r
            changes.append(Change(path, project.rel(path), "".join(st.lines), "".join(lines)))
            moved = [f"{c.number} → {numbers[c.id]}" for c in st.gf.clauses if c.id in numbers and c.number != numbers[c.id]]
            notes.append(f"{st.gf.path}: renumbered {', '.join(moved)}")
    for locale in project.target_locales:
        ch, n = restructure_locale(project, locale, edited)
        changes += ch
        notes += n
    return changes, notes


def plan_sync(project: Project, locale: str) -> list[Change]:
    return plan_sync_notes(project, locale)[0]


def plan_sync_notes(project: Project, locale: str) -> tuple[list[Change], list[str]]:
    """What `cmg sync` changes, and what it says about it: see :func:`restructure_locale`."""
    if locale == project.source_locale:
        raise ConfigError(f"'{locale}' is the source locale; sync works on translations")
    return restructure_locale(project, locale, disk_sources(project))

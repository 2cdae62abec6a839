"""Source and translation paired unit by unit, with each clause's freshness: what an export carries.

Pure: it takes parsed files and their lines. :func:`load_entries` is the I/O edge that reads them.

A unit's state comes from its clause (:mod:`cmg.freshness`):

- ``translated``: the clause is fresh; the target is the translation's block at the same place;
- ``outdated``: the English clause changed since it was translated. The target is the current
  translation, marked for review (PO ``fuzzy``, XLIFF ``needs-review-translation``), with the
  English text it was translated from when that can be recovered (:mod:`.history`). When it can,
  only the blocks whose English changed are marked; the others are plain ``translated``;
- ``untranslated``: the clause is an untranslated block, missing, or its blocks do not line up with
  the source's; no target.

The introduction is untranslated while it carries the untranslated marker; a footnote while the
translation has none, has the English text unchanged, or starts with the untranslated marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..freshness import MISSING, OUTDATED, TRANSLATED, UNTRANSLATED, file_state
from ..fsio import read_text_file
from ..model import GuideFile
from ..parse import parse_guide_text, split_lines
from ..termbase import Termbase, fold
from .align import align_scope, whole_forms
from .segments import FORM, Unit, file_units, scope_of_file, tokenize

_FOOTNOTE_MARKER = re.compile(r"\s*<!--\s*cmg:\s*untranslated\b[^>]*-->")

KIND_NAMES = {"title": "guide title", "heading": "clause title", "paragraph": "paragraph", "list-item": "list item",
              "table-cell": "table cell", "note-title": "note title", "form-line": "line of a model form",
              "form-cell": "table cell of a model form", "footnote": "footnote",
              FORM: "whole model form"}


@dataclass
class Entry:
    """One unit to exchange: its source block and, in the translation, the block at the same place."""

    rel: str  # "delays/index.md"
    source_path: str  # "guides/delays/index.md"
    translation_path: str  # "translations/es/delays/index.md"
    source: Unit
    target: Unit | None
    state: str  # translated | outdated | untranslated
    previous: str | None = None  # the English text the outdated translation was made from
    notes: list[str] = field(default_factory=list)
    aligned: bool = True  # False: the translation's blocks of this scope do not line up with the source's
    clause_state: str = TRANSLATED  # the clause's own state (cmg status)
    replaces: tuple[str, ...] = ()  # a whole form offered for import only: the keys of the lines it stands for

    @property
    def key(self) -> str:
        return self.source.key

    @property
    def target_text(self) -> str | None:
        return self.target.text if self.target is not None and self.state != UNTRANSLATED else None

    @property
    def fuzzy(self) -> bool:
        return self.state == OUTDATED

    @property
    def line(self) -> int:
        return self.source.spans[0].line + 1


@dataclass
class GuidePair:
    """One source file and its translation (None when the translation file does not exist)."""

    rel: str
    source: GuideFile
    source_lines: list[str]
    translation: GuideFile | None
    translation_lines: list[str] | None
    translation_path: str
    previous: dict[str, list[Unit]] = field(default_factory=dict)  # clause id → units of the old source clause


def _group(units: list[Unit]) -> dict[str, list[Unit]]:
    out: dict[str, list[Unit]] = {}
    for u in units:
        out.setdefault(u.scope, []).append(u)
    return out


def pair_entries(pair: GuidePair, locale: str, termbase: Termbase | None, source_locale: str,
                 alternatives: bool = False) -> list[Entry]:
    """The file's entries; with ``alternatives``, also each lined-up form taken whole (``Entry.replaces``),
    which an import accepts instead of the form's lines."""
    src, tr = pair.source, pair.translation
    src_units = file_units(src, pair.source_lines)
    tr_units = _group(file_units(tr, pair.translation_lines)) if tr is not None else {}
    states = {c.clause_id: c.state for c in file_state(src, tr, locale, pair.translation_path).clauses}
    base = scope_of_file(pair.rel)
    clause_titles = {c.id: (c.number, c.title) for c in src.clauses if c.id}
    guide_no, guide_title = src.meta.get("number", ""), src.title or src.meta.get("title", "") or pair.rel
    out: list[Entry] = []
    by_scope = _group(src_units)
    for scope, blocks in by_scope.items():
        targets = tr_units.get(scope, [])
        lined_up = align_scope(blocks, targets, pair.source_lines, pair.translation_lines or [])
        aligned = lined_up is not None
        units, targets = lined_up if lined_up is not None else (blocks, targets)
        clause_state = states.get(scope, TRANSLATED)
        where = _where(scope, base, clause_titles)
        previous = pair.previous.get(scope)
        changed = _changed_positions(blocks, previous) if clause_state == OUTDATED else set()
        for i, unit in enumerate(units):
            target = targets[i] if aligned and i < len(targets) else None
            state = _unit_state(scope, base, clause_state, unit, target, tr, aligned, changed)
            e = Entry(pair.rel, src.path, pair.translation_path, unit, target, state, aligned=aligned,
                      clause_state=clause_state)
            if state == OUTDATED and previous is not None:
                e.previous = _previous_text(unit, previous)
            e.notes = _notes(e, guide_no, guide_title, where, termbase, locale, source_locale, len(targets), len(blocks),
                             previous is not None)
            out.append(e)
        if alternatives and aligned:
            for unit, target, lines in whole_forms(units, targets, pair.source_lines, pair.translation_lines or []):
                state = _unit_state(scope, base, clause_state, unit, target, tr, aligned, changed)
                out.append(Entry(pair.rel, src.path, pair.translation_path, unit, target, state,
                                 clause_state=clause_state, replaces=tuple(u.key for u in lines)))
    return out


def _previous_text(unit: Unit, previous: list[Unit]) -> str | None:
    """The English a unit's outdated translation was made from: the old block at its position, for a
    whole form the old blocks of its positions (one a line)."""
    old = {u.position: u.text for u in previous}
    if unit.kind != FORM:
        return old.get(unit.position)
    texts = [old[p] for p in range(unit.position, unit.last_position + 1) if p in old]
    return "\n".join(texts) if texts else None


def _changed_positions(units: list[Unit], previous: list[Unit] | None) -> set[int]:
    """Positions whose English changed since the translation; every position when that is unknown, or when
    no block changed (the change is outside the blocks: code, comments, layout)."""
    every = {u.position for u in units}
    if previous is None:
        return every
    old = {u.position: " ".join(u.text.split()) for u in previous}
    changed = {u.position for u in units if old.get(u.position) != " ".join(u.text.split())}
    return changed or every


def _unit_state(scope, base, clause_state, unit, target, tr, aligned, changed) -> str:
    if tr is None or target is None or not aligned:
        return UNTRANSLATED
    if scope == f"{base}/intro":
        return UNTRANSLATED if tr.preamble.untranslated_marker else TRANSLATED
    if scope.startswith(f"{base}/fn-"):  # the English text unchanged, or marked so by `cmg sync`/`new-locale`
        return UNTRANSLATED if target.text == unit.text or _FOOTNOTE_MARKER.match(target.text) else TRANSLATED
    if clause_state in (UNTRANSLATED, MISSING):
        return UNTRANSLATED
    if clause_state == OUTDATED:
        last = unit.last_position if unit.last_position is not None else unit.position
        return OUTDATED if changed & set(range(unit.position, last + 1)) else TRANSLATED
    return TRANSLATED


def _where(scope: str, base: str, clause_titles: dict[str, tuple[str, str]]) -> str:
    if scope == f"{base}/intro":
        return "introduction"
    if scope.startswith(f"{base}/fn-"):
        return f"footnote [^{scope[len(base) + 4:]}]"
    number, title = clause_titles.get(scope, ("", scope))
    return f"clause {number} {title}".replace("  ", " ")


def _notes(e: Entry, guide_no, guide_title, where, termbase, locale, source_locale, n_targets, n_units,
           previous_known: bool) -> list[str]:
    unit = e.source
    blocks = (f"blocks {unit.position} to {unit.last_position}" if unit.last_position is not None
              else f"block {unit.position}")
    notes = [f"Guide {guide_no}: {guide_title}; {where}; {KIND_NAMES.get(unit.kind, unit.kind)} "
             f"({blocks} of {n_units})"]
    if unit.kind == FORM:
        notes.append("A whole model form in one unit, because the letter's layout differs in this locale (other "
                     "lines than the English). Keep one line of the form a line; a blank line separates parts "
                     "as in the English; the indent is added on import")
    terms = _terms_of(unit.text, termbase, locale, source_locale)
    if terms:
        notes.append("Terms: " + "; ".join(terms))
    protected = [c.native for c in tokenize(unit.text) if not isinstance(c, str) and c.kind != "ept"]
    if protected:
        notes.append("Keep unchanged: " + " ".join(dict.fromkeys(protected)))
    if not e.aligned:
        notes.append(f"The translation's blocks of this part do not line up with the English ({n_targets} against "
                     f"{n_units}): fix it in {e.translation_path} first (cmg validate); this unit cannot be imported")
    elif e.state == OUTDATED:
        notes.append("Outdated: the English text changed after this was translated; revise the translation"
                     + ("" if previous_known else " (the earlier English text could not be recovered from git)"))
    elif e.clause_state == OUTDATED:
        notes.append("The clause is outdated, but the English of this block is unchanged")
    elif e.clause_state == MISSING:
        notes.append(f"The clause is not in {e.translation_path} yet: run `cmg sync {locale}` before importing")
    return notes


def _terms_of(text: str, termbase: Termbase | None, locale: str, source_locale: str) -> list[str]:
    if termbase is None or not termbase.terms:
        return []
    found = termbase.index(source_locale).find(fold(text))
    out = []
    for term in termbase.terms:
        if term.id not in found.accepted:
            continue
        s, t = term.by_locale.get(source_locale), term.by_locale.get(locale)
        if s is None or t is None:
            continue
        line = f"{s.term} → {t.term}"
        extra = []
        if t.variants:
            extra.append("also " + ", ".join(t.variants))
        if t.forbidden:
            extra.append("never " + ", ".join(t.forbidden))
        out.append(line + (f" ({'; '.join(extra)})" if extra else ""))
    return out


# ---------------------------------------------------------------- I/O edge


def read_guide(path: Path, display: str, locale: str, rel: str) -> tuple[GuideFile, list[str]]:
    tf = read_text_file(path, display)
    text = tf.text()
    gf = parse_guide_text(text, path=display, locale=locale, guide=rel.split("/")[0], rel=rel, bom=tf.bom)
    return gf, split_lines(text)[0]


def load_pairs(project, locale: str, guides: list[str] | None = None, history: bool = True) -> list[GuidePair]:
    """Every source file (of ``guides`` when given) with its translation into ``locale``."""
    from ..project import iter_guide_files
    from .history import previous_clauses

    pairs = []
    for gp in iter_guide_files(project, project.source_locale):
        if guides and gp.guide not in guides:
            continue
        src, src_lines = read_guide(gp.abs, project.rel(gp.abs), project.source_locale, gp.rel)
        tpath = project.locale_dir(locale) / gp.rel
        tr = tr_lines = None
        if tpath.is_file():
            tr, tr_lines = read_guide(tpath, project.rel(tpath), locale, gp.rel)
        pair = GuidePair(gp.rel, src, src_lines, tr, tr_lines, project.rel(tpath))
        if history and tr is not None:
            outdated = {c.clause_id: c for c in file_state(src, tr, locale, pair.translation_path).clauses
                        if c.state == OUTDATED}
            if outdated:
                pair.previous = previous_clauses(project.root, project.rel(gp.abs), tr, set(outdated),
                                                 project.source_locale, gp.rel)
        pairs.append(pair)
    return pairs


def load_entries(project, locale: str, guides: list[str] | None = None, termbase: Termbase | None = None,
                 history: bool = True, alternatives: bool = False) -> tuple[list[GuidePair], list[Entry]]:
    pairs = load_pairs(project, locale, guides, history)
    entries = []
    for pair in pairs:
        entries += pair_entries(pair, locale, termbase, project.source_locale, alternatives)
    return pairs, entries

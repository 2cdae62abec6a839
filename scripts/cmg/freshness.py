"""Clause-level translation freshness: fingerprints of source clauses and the state of each translation.

Each translated file records, in its front matter, the fingerprint of every source clause it was
translated from::

    translated_from:
      dl-scope: 5c1f0e9a2b7d
      dl-programme: 0a3e55c1d9f2

The fingerprint is a hash of the source clause's title and text with white space collapsed, so
re-wrapping or re-indenting the source does not make translations outdated; changing a word does.
Keeping the record in the translated file means it travels with the text it describes, shows up in
review next to the translator's change, and merges line by line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .model import Clause, GuideFile

RECORD_KEY = "translated_from"

TRANSLATED, OUTDATED, UNTRANSLATED, MISSING = "translated", "outdated", "untranslated", "missing"
STATES = (TRANSLATED, OUTDATED, UNTRANSLATED, MISSING)
CHANGED, UNMARKED = "source-changed", "never-marked"  # why a clause is outdated
# a translation that exists but cannot be read (not UTF-8, an OS error): its clauses are neither missing
# nor translated — nothing can be said of them until the file is fixed
UNREADABLE = "unreadable"
_READ_PROBLEMS = ("CMG001", "CMG002")


def fingerprint(clause: Clause) -> str:
    # kept on the clause's block, with the title and text it was made of: a source clause is fingerprinted
    # for every translation (its state, whether it changed since translated), and validate asks three times
    memo = clause.body.__dict__.get("_fingerprint")
    if memo is not None and memo[0] is clause.title and memo[1] is clause.body.raw:
        return memo[2]
    body_lines = clause.body.raw.split("\n")[1:]  # the first line is the heading
    text = clause.title + "\n" + " ".join(" ".join(body_lines).split())
    fp = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    clause.body.__dict__["_fingerprint"] = (clause.title, clause.body.raw, fp)
    return fp


def recorded(tr: GuideFile) -> dict[str, str]:
    rec = tr.meta.get(RECORD_KEY) if tr and isinstance(tr.meta, dict) else None
    return {str(k): str(v) for k, v in rec.items()} if isinstance(rec, dict) else {}


@dataclass
class ClauseState:
    clause_id: str
    number: str
    title: str
    state: str
    line: int  # in the translation (0 when missing)
    source_line: int
    number_problem: str = ""  # why the clause's number is wrong (then it does not count as translated)
    reason: str = ""  # of an outdated clause: CHANGED (the source changed) or UNMARKED (never recorded)


@dataclass
class FileState:
    locale: str
    guide: str
    rel: str
    source_path: str
    path: str  # the translation's path (may not exist)
    exists: bool
    clauses: list[ClauseState] = field(default_factory=list)
    orphans: list[tuple[str, int]] = field(default_factory=list)  # (clause id, line): not in the source
    unreadable: str = ""  # why the translation could not be read ("line 3: file is not valid UTF-8 …")

    def count(self, state: str) -> int:
        """Clauses in ``state``; a translated clause whose number is wrong (:func:`number_problem`) is not
        counted as translated: a reader citing it would cite the wrong clause."""
        if state == TRANSLATED:
            return sum(1 for c in self.clauses if c.state == state and not c.number_problem)
        return sum(1 for c in self.clauses if c.state == state)

    @property
    def percent(self) -> float:
        return 100.0 * self.count(TRANSLATED) / len(self.clauses) if self.clauses else 100.0


def changed_since_translated(src: GuideFile, tr: GuideFile) -> set[str]:
    """IDs of the translated clauses whose source changed after the recorded translation: what the
    translation says there may differ from the source because of the source edit, not by mistake.
    A clause with no recorded fingerprint is not among them (its translator never said what it was
    translated from, so every check applies to it)."""
    rec = recorded(tr)
    out = set()
    by_id = _clauses_by_id(tr)
    for sc in src.clauses:
        if not sc.id or sc.id not in rec:
            continue
        tc = by_id.get(sc.id)
        if tc is not None and not tc.body.untranslated_marker and rec[sc.id] != fingerprint(sc):
            out.add(sc.id)
    return out


def _clauses_by_id(gf: GuideFile) -> dict[str, Clause]:
    """What ``gf.clause(id)`` gives for each ID (the first clause with it), looked up in one pass, not one
    pass per source clause."""
    out: dict[str, Clause] = {}
    for c in gf.clauses:
        out.setdefault(c.id, c)
    return out


def file_state(src: GuideFile, tr: GuideFile | None, locale: str, tr_path: str) -> FileState:
    fs = FileState(locale, src.guide, src.rel, src.path, tr_path, tr is not None)
    bad = next((p for p in tr.problems if p.code in _READ_PROBLEMS), None) if tr is not None else None
    if bad is not None:
        fs.unreadable = f"line {bad.pos.line}: {bad.message}" if bad.pos.line else bad.message
        fs.clauses = [ClauseState(sc.id, sc.number, sc.title, UNREADABLE, 0, sc.line) for sc in src.clauses if sc.id]
        return fs
    rec = recorded(tr) if tr else {}
    twice = _numbers_used_twice(src, tr)
    by_id = _clauses_by_id(tr) if tr else {}
    for sc in src.clauses:
        if not sc.id:
            continue
        tc = by_id.get(sc.id)
        reason = ""
        if tc is None:
            state, line = MISSING, 0
        elif tc.body.untranslated_marker:
            state, line = UNTRANSLATED, tc.line
        elif rec.get(sc.id) != fingerprint(sc):
            state, line = OUTDATED, tc.line
            reason = CHANGED if sc.id in rec else UNMARKED
        else:
            state, line = TRANSLATED, tc.line
        fs.clauses.append(ClauseState(sc.id, sc.number, sc.title, state, line, sc.line,
                                      number_problem(sc, tc, twice) if tc is not None else "", reason))
    if tr is not None:
        src_ids = {c.id for c in src.clauses if c.id}
        fs.orphans = [(c.id, c.line) for c in tr.clauses if c.id and c.id not in src_ids]
    return fs


def _numbers_used_twice(src: GuideFile, tr: GuideFile | None) -> set[tuple[str, str]]:
    """(locale, number) pairs that two clauses of the same file carry."""
    out = set()
    for gf in (src, tr):
        if gf is None:
            continue
        seen: set[str] = set()
        for c in gf.clauses:
            if c.id and c.number:
                if c.number in seen:
                    out.add((gf.locale, c.number))
                seen.add(c.number)
    return out


def number_problem(sc: Clause, tc: Clause, twice: set[tuple[str, str]]) -> str:
    """Why a translated clause's number is wrong: it differs from the source's, or two clauses of the
    source or the translation have it (an insert not yet renumbered). "" when it is right."""
    if not sc.number or not tc.number:
        return ""
    if tc.number != sc.number:
        return f"numbered {tc.number}, the source {sc.number}"
    if any(num == sc.number for _, num in twice):
        return f"number {sc.number} is used by two clauses"
    return ""

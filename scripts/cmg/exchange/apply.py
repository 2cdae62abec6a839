"""``cmg import``: a translated PO or XLIFF file written back into ``translations/<locale>/``.

Everything is checked first, and nothing is written if anything is wrong: the file's language is
a translation locale; every unit is one the English guides have now (its key exists) and was
exported from the current English (its source text is the English of today, white space aside);
every target keeps the protected codes of its source, and fits its block (no line break in a
title or a table cell, no blank line inside a paragraph).

Then only the blocks whose target differs from the translation's text are rewritten, in place:
the columns of a title or cell, the lines of a paragraph or list item (with their indent and list
marker); every other byte of the file stays as it was. A clause (or the introduction) all of whose
units came back translated and not marked for review is complete: its untranslated marker goes,
and its fingerprint is recorded in ``translated_from``, so it is fresh. A unit still fuzzy or
without a target changes nothing about its clause's state.
"""

from __future__ import annotations

import json
import re

import yaml

from ..edits import record_lines
from ..freshness import MISSING, OUTDATED, UNTRANSLATED, fingerprint, recorded
from ..fsio import split_keepends
from ..syntax import UNTRANSLATED_LINE
from ..workflow import Change
from . import ExchangeError
from .bundle import Entry, GuidePair, load_entries
from .imported import ImportedFile, ImportedUnit
from .segments import FORM, Unit, code_differences, form_code_differences, scope_of_file

_MARKER_LINE = UNTRANSLATED_LINE  # cmg.syntax


def _norm(text: str) -> str:
    return " ".join(text.split())


def check_units(imported: ImportedFile, entries: dict[str, Entry], locale: str) -> tuple[dict[str, tuple[Entry, str, bool]],
                                                                                          list[str]]:
    """key → (entry, target, fuzzy) for the units with a target, and every problem found ("unit …: …")."""
    problems = list(imported.problems)
    accepted: dict[str, tuple[Entry, str, bool]] = {}
    seen: set[str] = set()
    for iu in imported.units:
        if iu.key in seen:
            problems.append(f"{iu.where}: the unit appears twice in the file")
            continue
        seen.add(iu.key)
        e = entries.get(iu.key)
        if e is None:
            problems.append(f"{iu.where}: unknown unit: the English guides have no block {iu.key} (removed, or the "
                            "file is from another project); export again")
            continue
        if _norm(iu.source) != _norm(e.source.text):
            problems.append(f"{iu.where}: exported from an older English text; the source of this block has changed "
                            f"since (now: {_short(e.source.text)!r}). Export again and carry your translation over")
            continue
        if iu.target is None or not iu.target.strip():
            continue
        problem = _target_problem(e, iu, locale)
        if problem:
            problems.append(f"{iu.where}: {problem}")
            continue
        accepted[iu.key] = (e, _clean(iu.target), iu.fuzzy)
    for key, (e, _, _) in list(accepted.items()):
        both = [k for k in e.replaces if k in accepted]
        if both:
            problems.append(f"unit {key}: the whole form and its lines ({', '.join(both)}) are both in the file; "
                            "keep one of them")
    return accepted, problems


def effective_entries(entries: list[Entry], accepted: dict) -> list[Entry]:
    """The entries an import works with: a whole form given in the file in place of its lines, the lines
    otherwise."""
    taken = {k for e in entries if e.replaces and e.key in accepted for k in e.replaces}
    return [e for e in entries if (e.key in accepted if e.replaces else e.key not in taken)]


def _clean(target: str) -> str:
    lines = target.strip("\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def _target_problem(e: Entry, iu: ImportedUnit, locale: str) -> str | None:
    if not e.aligned:
        return (f"the translation's blocks of this part do not line up with the English in {e.translation_path}; "
                "fix the file first (cmg validate)")
    if e.target is None:
        if e.clause_state == MISSING:
            return f"the clause is not in {e.translation_path}; run `cmg sync {locale}` first"
        return f"{e.translation_path} has no block here; run `cmg sync {locale}` first"
    target = _clean(iu.target)
    if e.source.single_line and "\n" in target:
        return f"a line break in a {e.source.kind.replace('-', ' ')}; write it on one line"
    if e.source.kind == FORM:
        problem = _form_problem(target)
        if problem:
            return problem
    elif any(not line.strip() for line in target.split("\n")):
        return "a blank line inside the block would split it in two; remove it"
    diffs = (form_code_differences if e.source.kind == FORM else code_differences)(e.source.text, target)
    if diffs:
        return "; ".join(diffs)
    return None


def _form_problem(target: str) -> str | None:
    """A whole form's target: one line of the form a line, each written back with the form's indent (so no
    line of it can end the note early), a single blank line between parts. Two blank lines in a row are
    refused: after them a lazy reader (and the guide style) takes the note as ended."""
    lines = target.split("\n")
    for n, (a, b) in enumerate(zip(lines, lines[1:], strict=False), start=1):
        if not a.strip() and not b.strip():
            return (f"two blank lines in a row after line {n} of the form would end the note; leave one blank "
                    "line between parts")
    return None


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# ---------------------------------------------------------------- rewriting a file


def rewrite_lines(lines: list[str], edits: list[tuple[Unit, str]], drop: set[int]) -> list[str]:
    """The file's lines (with their endings) with each unit's text replaced and the lines in ``drop`` removed.
    Lines no edit touches are returned as they were."""
    nl = next((ln[len(ln.rstrip("\r\n")):] for ln in lines if ln.endswith(("\n", "\r"))), "\n")
    body = [ln.rstrip("\r\n") for ln in lines]
    ends = [ln[len(b):] for ln, b in zip(lines, body, strict=True)]
    columns: dict[int, list[tuple[int, int, str]]] = {}
    replaced: dict[int, list[str]] = {}  # first line of a multi-line block → its new lines (without endings)
    for unit, text in edits:
        new = text.split("\n")
        if unit.kind == FORM:  # every line of the body replaced, each with the form's indent
            replaced[unit.spans[0].line] = [unit.continuation + part if part.strip() else "" for part in new]
            drop = drop | {s.line for s in unit.spans[1:]}
            continue
        if len(unit.spans) == 1 and len(new) == 1:
            s = unit.spans[0]
            columns.setdefault(s.line, []).append((s.start, s.end, new[0]))
            continue
        out = []
        for i, part in enumerate(new):
            if i < len(unit.spans):
                s = unit.spans[i]
                out.append(body[s.line][: s.start] + part + body[s.line][s.end:])
            else:
                out.append(unit.continuation + part)
        replaced[unit.spans[0].line] = out
        for s in unit.spans[1:]:
            drop = drop | {s.line}
    for line, cols in columns.items():
        text = body[line]
        for start, end, part in sorted(cols, reverse=True):
            text = text[:start] + part + text[end:]
        body[line] = text
    result: list[str] = []
    for i, text in enumerate(body):
        if i in replaced:
            new = replaced[i]
            for j, part in enumerate(new):
                last = j == len(new) - 1
                result.append(part + (ends[i] if last else nl))
            continue
        if i in drop:
            continue
        result.append(text + ends[i])
    if result and result[-1] and not result[-1].endswith(("\n", "\r")) and lines and lines[-1].endswith(("\n", "\r")):
        result[-1] += nl
    return result


def _marker_lines(lines: list[str], first: int, last: int) -> set[int]:
    """The untranslated marker lines in lines[first:last], each with the blank line after it."""
    out = set()
    for i in range(first, min(last, len(lines))):
        if _MARKER_LINE.match(lines[i]):
            out.add(i)
            if i + 1 < len(lines) and not lines[i + 1].strip() and i > 0 and not lines[i - 1].strip():
                out.add(i + 1)
    return out


def _yaml_scalar(value: str) -> str:
    try:
        if yaml.safe_load(f"k: {value}") == {"k": value} and "#" not in value:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def _set_title(lines: list[str], title: str) -> list[str]:
    """Set the front matter's ``title:`` (the H1 repeats it); other lines stay as they are."""
    if not lines or lines[0].strip() != "---":
        return lines
    for i in range(1, len(lines)):
        s = lines[i].rstrip("\r\n")
        if s.strip() in ("---", "..."):
            break
        if re.match(r"^title\s*:", s):
            end = lines[i][len(s):]
            new = f"title: {_yaml_scalar(title)}"
            if s != new and yaml.safe_load(s[len("title:"):] or "''") != title:
                return lines[:i] + [new + end] + lines[i + 1:]
            return lines
    return lines


def _marked_footnote(unit, lines: list[str]) -> bool:
    """A footnote still under the untranslated marker: a target for it (even the English text, which a
    citation may keep) is the translator's word that it is done, so the block is rewritten without it."""
    if unit.kind != "footnote" or not unit.spans:
        return False
    sp = unit.spans[0]
    return "cmg: untranslated" in lines[sp.line][sp.start:sp.end] if sp.line < len(lines) else False


def plan_file(pair: GuidePair, entries: list[Entry], accepted: dict[str, tuple[Entry, str, bool]],
              original: list[str]) -> tuple[list[str], list[str]]:
    """The translation file's new lines and what was done ("dl-scope: 2 blocks, now fresh")."""
    tr = pair.translation
    base = scope_of_file(pair.rel)
    edits: list[tuple[Unit, str]] = []
    title = None
    for e in entries:
        hit = accepted.get(e.key)
        if hit is None:
            continue
        _, target, _ = hit
        if e.target is not None and target is not None and (target != e.target.text or _marked_footnote(e.target, original)):
            edits.append((e.target, target))
            if e.source.kind == "title":
                title = target
    by_scope: dict[str, list[Entry]] = {}
    for e in entries:
        by_scope.setdefault(e.source.scope, []).append(e)
    drop: set[int] = set()
    prints: dict[str, str] = {}
    done: list[str] = []
    rec = recorded(tr)
    plain = [ln.rstrip("\r\n") for ln in original]
    for scope, group in by_scope.items():
        n_edits = sum(1 for u, _ in edits if u.scope == scope)
        complete = all(e.key in accepted and not accepted[e.key][2] for e in group)
        fresh = ""
        if complete and scope == f"{base}/intro" and tr.preamble.untranslated_marker:
            drop |= _marker_lines(plain, tr.preamble.start_line - 1, tr.preamble.end_line)
            fresh = ", now translated"
        clause = tr.clause(scope) if group[0].source.clause_id else None
        if complete and clause is not None:
            if clause.body.untranslated_marker:
                drop |= _marker_lines(plain, clause.line - 1, clause.body.end_line)
            sc = pair.source.clause(scope)
            fp = fingerprint(sc)
            if rec.get(scope) != fp:
                prints[scope] = fp
                fresh = ", now fresh"
        if n_edits or fresh:
            done.append(f"{scope}: {n_edits} block{'s' if n_edits != 1 else ''} changed{fresh}")
    new = rewrite_lines(original, edits, drop) if edits or drop else list(original)
    if title is not None:
        new = _set_title(new, title)
    if prints:
        new = record_lines(new, prints, [c.id for c in pair.source.clauses if c.id])
    return new, done


def plan_import(project, imported: ImportedFile, termbase=None) -> tuple[list[Change], list[str]]:
    """The changes to the translation files and a summary; raises :class:`ExchangeError` listing every
    problem (each naming the file and the unit) when the file cannot be imported as a whole."""
    locale = imported.locale
    if not locale:
        raise ExchangeError(f"{imported.path}: the file does not say its language "
                            "(PO header 'Language', XLIFF target-language)")
    locale = locale.replace("_", "-")
    if locale not in project.target_locales:
        raise ExchangeError(f"{imported.path}: language '{locale}' is not a translation locale of this project "
                            f"({', '.join(project.target_locales)})")
    if not imported.units and not imported.problems:
        raise ExchangeError(f"{imported.path}: the file has no translation units")
    pairs, entries = load_entries(project, locale, termbase=termbase, history=False, alternatives=True)
    by_key = {e.key: e for e in entries}
    accepted, problems = check_units(imported, by_key, locale)
    if problems:
        raise ExchangeError("\n".join(f"{imported.path}: {p}" for p in problems))
    changes, summary = [], []
    for pair in pairs:
        if pair.translation is None:
            continue
        mine = effective_entries([e for e in entries if e.rel == pair.rel], accepted)
        if not any(e.key in accepted for e in mine):
            continue
        path = project.locale_dir(locale) / pair.rel
        data = path.read_bytes()
        text = data[3:].decode("utf-8") if data.startswith(b"\xef\xbb\xbf") else data.decode("utf-8")
        original = split_keepends(text)
        new, done = plan_file(pair, mine, accepted, original)
        if new != original:
            changes.append(Change(path, project.rel(path), text, "".join(new)))
        summary += [f"{pair.translation_path}: {d}" for d in done]
    outdated = sum(1 for e, _, fuzzy in accepted.values() if fuzzy and e.clause_state in (OUTDATED, UNTRANSLATED))
    if outdated:
        summary.append(f"{outdated} unit{'s' if outdated != 1 else ''} still marked for review (fuzzy): "
                       "their clauses stay outdated until the review is done")
    return changes, summary

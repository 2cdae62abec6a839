"""Checks of the country layer: the profiles themselves, and the guides' references to them (pure)."""

from __future__ import annotations

import os
import re
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from .caching import digest, file_stamp
from .checks import Finding, _f
from .countries import CONTRACT_TYPES, Profiles, load_profiles
from .model import GuideFile
from .paramref import Target, param_id, ref_target
from .pathsafe import read_regular

# ---------------------------------------------------------------- loading, once per process and change


_LOADED: dict[tuple, Profiles] = {}


def _stamps(folder: Path) -> tuple:
    try:
        names = sorted(e.name for e in os.scandir(folder) if e.name.endswith((".yml", ".yaml")))
    except OSError:
        return ()
    return tuple((name, file_stamp(folder / name)) for name in names)


def profiles_for(project) -> Profiles:
    """The project's country profiles, read again only when a file of the folder changed."""
    folder = project.root / project.countries_dir
    key = (str(folder), tuple(project.locales), project.source_locale, _stamps(folder))
    hit = _LOADED.get(key)
    if hit is None:
        _LOADED.clear()
        hit = _LOADED[key] = load_profiles(project.root, project.countries_dir, list(project.locales),
                                           source_locale=project.source_locale)
    return hit


def profiles_digest(project) -> str:
    """A hash of the profiles' bytes (part of the findings cache key: the checks of a file read them)."""
    folder = project.root / project.countries_dir
    parts: list[str | bytes] = []
    for name, _ in _stamps(folder):
        try:
            parts += [name, read_regular(folder / name)]  # a FIFO does not block
        except OSError:
            continue
    return digest(*parts)


# ---------------------------------------------------------------- the profiles


def profile_findings(profiles: Profiles) -> list[Finding]:
    """Problems found loading the catalogue and the profiles (CMG001, CMG701–CMG706)."""
    return [Finding(p.code, p.message, p.path, p.line, hint=p.hint) for p in profiles.problems]


def figures(profiles: Profiles) -> dict[tuple[Decimal, str], list[tuple[str, str, str]]]:
    """Every figure the profiles hold: (number, unit) → [(profile path, parameter ID, country code)]."""
    kept = profiles.__dict__.get("_figures")
    if kept is not None:
        return kept
    out: dict[tuple[Decimal, str], list[tuple[str, str, str]]] = {}
    profiles.__dict__["_figures"] = out

    def add(value: Fraction | int | None, unit: str, prof, pid: str) -> None:
        if value is None:
            return
        d = _decimal(value)
        if d is not None:
            out.setdefault((d, unit), []).append((prof.path, pid, prof.code))

    for prof in profiles.countries.values():
        for pid, p in prof.parameters.items():
            for v in p.variants:
                val = v.value
                if val is None:
                    continue
                add(val.percent, "%", prof, pid)
                for t in val.tiers:
                    add(t.percent, "%", prof, pid)
                if val.range:  # a bound matches only a bound of a range written out (not "2 % for other works")
                    add(val.range[0], "%range", prof, pid)
                    add(val.range[1], "%range", prof, pid)
                add(val.days, "days", prof, pid)
    return out


def _namers(profiles: Profiles) -> list[tuple[str, re.Pattern]]:
    """(country code, the pattern of the words that name it in a sentence, in any locale)."""
    kept = profiles.__dict__.get("_namers")
    if kept is not None:
        return kept
    out = []
    for prof in profiles.countries.values():
        words = sorted({w for ws in prof.called.values() for w in ws}, key=len, reverse=True)
        if words:
            alt = "|".join(re.escape(w) for w in words)
            out.append((prof.code, re.compile(rf"(?<![^\W\d_])(?:{alt})(?![^\W\d_가-힣])|(?:{alt})(?=[가-힣])")))
    profiles.__dict__["_namers"] = out
    return out


def _scope(fig, profiles: Profiles) -> tuple[set[str], str]:
    """Whose figures a figure could be a copy of, and where it stands (for the message)."""
    if fig.note in ("example", "form"):
        return set(), ""  # worked examples compute with their own inputs (test_calculator ties them to the profiles)
    if fig.note == "pilot":
        return {p.code for p in profiles.pilots}, "a pilot-country note"
    noted = {p.code for p in profiles.countries.values() if p.admonition and p.admonition == fig.note}
    if noted:
        return noted, f"a '{fig.note}' note"
    named = {code for code, rx in _namers(profiles) if rx.search(fig.context)}
    return named, "a sentence that names " + ", ".join(sorted(named))


def _decimal(value: Fraction | int) -> Decimal | None:
    """The value as a normalised Decimal, or None when it has no finite decimal form (1/30)."""
    f = Fraction(value)
    d = f.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d != 1:
        return None
    return (Decimal(f.numerator) / Decimal(f.denominator)).normalize()


# ---------------------------------------------------------------- one guide file


def file_findings(gf: GuideFile, profiles: Profiles, held: dict | None = None) -> list[Finding]:
    """CMG702 (a reference to a parameter, country or contract type the profiles do not have) and CMG707
    (a figure that a profile holds written out where that country's figures are given: a pilot-country
    note, a note of the country's practice, a sentence or table row that names the country)."""
    out: list[Finding] = []
    if not profiles.catalogue and not profiles.countries:
        return out
    held = figures(profiles) if held is None else held
    for cid, block in gf.blocks():
        for r in block.params:
            problem = _ref_problem(ref_target(r.value), profiles)
            if problem:
                out.append(_f(gf, "CMG702", problem, r.pos, cid, block))
    for cid, block in [("", gf.preamble)] + [(c.id, c.body) for c in gf.clauses]:  # footnotes cite sources
        for fig in block.figures:
            codes, where = _scope(fig, profiles)
            if not codes:
                continue
            units = (fig.unit, "%range") if fig.in_range else (fig.unit,)
            who = sorted({(path, pid, code) for value in fig.values for unit in units
                          for path, pid, code in held.get((value, unit), ()) if code in codes})
            if not who:
                continue
            pids = sorted({pid for _, pid, _ in who})
            paths = sorted({path for path, _, _ in who})
            one = {code for _, _, code in who}
            qual = f"@{next(iter(one))}" if len(one) == 1 and where != "a pilot-country note" else ""
            tok = fig.token
            shown = f"{tok.text}{' %' if fig.unit == '%' else ' days'}"
            out.append(_f(gf, "CMG707", f"'{shown}' in {where} is a figure of {', '.join(paths)} ({', '.join(pids)}): "
                          f"refer to it with [[param:{pids[0]}{qual}]] or [[country-table:{pids[0]}{qual}]]",
                          tok.pos, cid, block))
    return out


def _ref_problem(t: Target, profiles: Profiles) -> str:
    if t.param not in profiles.catalogue:
        return f"reference to unknown country parameter '{t.param}'"
    if not t.country:
        return ""
    prof = profiles.countries.get(t.country)
    if prof is None:
        return f"reference to '{t.param}' of unknown country '{t.country}' (profiles: {', '.join(sorted(profiles.countries))})"
    p = prof.parameters.get(t.param)
    if p is None or not p.variants:
        return f"{t.country} has no value of '{t.param}' ({prof.path})"
    if t.scope and t.scope not in CONTRACT_TYPES and t.scope not in prof.laws:
        return (f"reference to '{t.param}' under unknown law '{t.scope}' of {t.country} (after '/': a contract type, "
                f"{', '.join(CONTRACT_TYPES)}, or a law of {prof.path}: {', '.join(sorted(prof.laws)) or 'none'})")
    if t.scope and not any(t.scope in v.contract_types or t.scope == v.law for v in p.variants):
        return f"{t.country} has no value of '{t.param}' for '{t.scope}' ({prof.path})"
    return ""


def pair_findings(src: GuideFile, tr: GuideFile) -> list[Finding]:
    """CMG708: a translated clause refers to other country parameters than its source clause."""
    out: list[Finding] = []
    src_blocks = {cid: b for cid, b in src.blocks() if cid}
    for cid, block in tr.blocks():
        if not cid or cid not in src_blocks:
            continue
        a, b = Counter(r.value for r in src_blocks[cid].params), Counter(r.value for r in block.params)
        if a == b:
            continue
        missing, extra = sorted((a - b).elements()), sorted((b - a).elements())
        parts = ([f"missing {', '.join(missing)}"] if missing else []) + ([f"extra {', '.join(extra)}"] if extra else [])
        pos = next((r.pos for r in block.params if r.value in extra), None)
        clause = tr.clause(cid)
        out.append(_f(tr, "CMG708", f"country references in clause '{cid}' differ from {src.locale}: {'; '.join(parts)}",
                      pos or clause.pos, cid, block))
    return out


# ---------------------------------------------------------------- across files


def usage_findings(sources: list[GuideFile], profiles: Profiles) -> list[Finding]:
    """CMG703: a pilot country has neither a value nor a reasoned not-set/unknown for a parameter that the
    source guides refer to."""
    used: dict[str, tuple[str, int]] = {}
    for gf in sources:
        for _, block in gf.blocks():
            for r in block.params:
                if not ref_target(r.value).country:  # a reference to one country's value obliges only it (CMG702)
                    used.setdefault(param_id(r.value), (gf.path, r.pos.line))
    out = []
    for prof in profiles.pilots:
        for pid, (path, line) in sorted(used.items()):
            if pid not in profiles.catalogue:
                continue  # CMG702 at the reference
            p = prof.parameters.get(pid)
            if p is None or not p.variants:
                out.append(Finding("CMG703", f"{prof.code} has no value of '{pid}', which {path}:{line} refers to",
                                   prof.path, p.line if p else 1,
                                   hint=f"add '{pid}' under parameters, with a value, `not_set:` (why) or "
                                        "`unknown:` (what to check)"))
    return out

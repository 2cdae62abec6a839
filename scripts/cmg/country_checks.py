"""Checks of the country layer: the profiles themselves, and the guides' references to them (pure)."""

from __future__ import annotations

import os
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from .caching import digest, file_stamp
from .checks import Finding, _f
from .countries import Profiles, load_profiles
from .model import GuideFile
from .paramref import param_id, pinned
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


def figures(profiles: Profiles) -> dict[tuple[Decimal, str], list[tuple[str, str]]]:
    """Every figure the pilot profiles hold: (number, unit) → [(profile path, parameter ID)]."""
    kept = profiles.__dict__.get("_figures")
    if kept is not None:
        return kept
    out: dict[tuple[Decimal, str], list[tuple[str, str]]] = {}
    profiles.__dict__["_figures"] = out

    def add(value: Fraction | int | None, unit: str, path: str, pid: str) -> None:
        if value is None:
            return
        d = _decimal(value)
        if d is not None:
            out.setdefault((d, unit), []).append((path, pid))

    for prof in profiles.pilots:
        for pid, p in prof.parameters.items():
            for v in p.variants:
                val = v.value
                if val is None:
                    continue
                add(val.percent, "%", prof.path, pid)
                for t in val.tiers:
                    add(t.percent, "%", prof.path, pid)
                if val.range:
                    add(val.range[0], "%", prof.path, pid)
                    add(val.range[1], "%", prof.path, pid)
                add(val.days, "days", prof.path, pid)
    return out


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
    """CMG702 (a reference to a parameter the catalogue does not have) and CMG707 (a pilot-country note
    that writes out a figure a profile holds)."""
    out: list[Finding] = []
    if not profiles.catalogue and not profiles.countries:
        return out
    held = figures(profiles) if held is None else held
    for cid, block in gf.blocks():
        for r in block.params:
            pid = param_id(r.value)
            if pid not in profiles.catalogue:
                out.append(_f(gf, "CMG702", f"reference to unknown country parameter '{pid}'", r.pos, cid, block))
                continue
            code, law = pinned(r.value)
            prof = profiles.countries.get(code) if code else None
            if code and prof is None:
                out.append(_f(gf, "CMG702", f"reference to '{pid}' of unknown country '{code}'", r.pos, cid, block))
            elif prof is not None and law and law not in prof.laws:
                out.append(_f(gf, "CMG702", f"reference to '{pid}' under unknown law '{law}' of {code}", r.pos, cid, block))
            elif prof is not None and not prof.variants(pid, law=law):
                out.append(_f(gf, "CMG702", f"'{pid}' has no value{' under ' + law if law else ''} in the profile of "
                              f"{code}", r.pos, cid, block))
        for tok, unit in block.pilot_numbers:
            who = held.get((tok.value.normalize(), unit))
            if not who:
                continue
            pids = sorted({pid for _, pid in who})
            paths = sorted({path for path, _ in who})
            out.append(_f(gf, "CMG707", f"'{tok.text}{' %' if unit == '%' else ' days'}' in a pilot-country note "
                          f"is a figure of {', '.join(paths)} ({', '.join(pids)}): refer to it with "
                          f"[[param:{pids[0]}]] or [[country-table:{pids[0]}]]", tok.pos, cid, block))
    return out


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

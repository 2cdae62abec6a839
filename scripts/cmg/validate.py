"""Run every check over the project: load (I/O), parse once, check (pure), filter by settings."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import collector, country_checks
from . import findings_cache as fc
from .caching import file_stamp
from .checks import (
    Finding,
    check_clause_index,
    check_file,
    check_freshness,
    check_xrefs,
    compare_files,
)
from .freshness import changed_since_translated
from .model import Block, Clause, Footnote, GuideFile
from .navigation import has_guides_section
from .parse import parse_guide_bytes
from .placeholders import check_labels, labels_for
from .project import Project, iter_guide_files, refused_paths, unconfigured_locale_dirs
from .rules import RULES, SEVERITIES
from .termbase import Termbase, load_termbase

digest = fc.digest


@dataclass
class Corpus:
    """Every guide file of every locale, parsed once."""

    project: Project
    files: dict[tuple[str, str], GuideFile] = field(default_factory=dict)  # (locale, rel) → file
    termbase: Termbase | None = None
    # hashes of the bytes each file and the termbase were parsed from (keys of the findings cache)
    digests: dict[tuple[str, str], str] = field(default_factory=dict)
    termbase_digest: str | None = None

    def source_files(self) -> list[GuideFile]:
        return [gf for (loc, _), gf in sorted(self.files.items()) if loc == self.project.source_locale]

    def locale_files(self, locale: str) -> list[GuideFile]:
        return [gf for (loc, _), gf in sorted(self.files.items()) if loc == locale]

    def get(self, locale: str, rel: str) -> GuideFile | None:
        return self.files.get((locale, rel))

    def only(self, locales: list[str]) -> Corpus:
        """The same parsed files, of these locales and the source only (what `load_corpus(locales=…)` reads)."""
        keep = {*locales, self.project.source_locale}
        return Corpus(self.project, {k: gf for k, gf in self.files.items() if k[0] in keep}, self.termbase,
                      {k: d for k, d in self.digests.items() if k[0] in keep}, self.termbase_digest)


class ParseCache:
    """Keeps parsed files keyed by path, size and mtime so that rebuilds re-parse only what changed."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, GuideFile, str]] = {}
        self._termbase: tuple[tuple, Termbase, str] | None = None

    def load(self, abs_path: Path, *, path: str, locale: str, guide: str, rel: str) -> GuideFile:
        return self.load_with_digest(abs_path, path=path, locale=locale, guide=guide, rel=rel)[0]

    def load_with_digest(self, abs_path: Path, *, path: str, locale: str, guide: str, rel: str) -> tuple[GuideFile, str]:
        """The parsed file and the hash of the bytes it was parsed from."""
        key = file_stamp(abs_path)
        hit = self._entries.get(str(abs_path))
        if hit and hit[0] == key:
            return hit[1], hit[2]
        data = abs_path.read_bytes()
        gf = parse_guide_bytes(data, path=path, locale=locale, guide=guide, rel=rel)
        self._entries[str(abs_path)] = entry = (key, gf, digest(data))
        return gf, entry[2]

    def load_termbase(self, abs_path: Path, path: str, locales: list[str]) -> Termbase:
        """The termbase, parsed again only when its file (or the locales asked for) changed."""
        return self.load_termbase_with_digest(abs_path, path, locales)[0]

    def load_termbase_with_digest(self, abs_path: Path, path: str, locales: list[str]) -> tuple[Termbase, str]:
        key = (str(abs_path), file_stamp(abs_path), tuple(locales))
        if self._termbase is None or self._termbase[0] != key:
            data = _read_or_none(abs_path)
            self._termbase = (key, load_termbase(abs_path, path, locales, data), digest(data))
        return self._termbase[1], self._termbase[2]


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None  # load_termbase reports it


class CheckMemo:
    """The findings of the checks that read one file or one source/translation pair, kept between the
    rebuilds of `mkdocs serve` for as long as the parsed files they read are the same objects (the
    ParseCache hands back the same object for a file that has not changed), so a preview checks again
    only what an edit changed. The checks across files run every time."""

    def __init__(self) -> None:
        self._file: dict[tuple[str, str], tuple] = {}
        self._pair: dict[tuple[str, str], tuple] = {}

    def local_findings(self, corpus: Corpus) -> LocalFindings:
        project, tb = corpus.project, corpus.termbase
        src_by_rel = {gf.rel: gf for gf in corpus.source_files()}
        done = LocalFindings()
        new_file: dict[tuple[str, str], tuple] = {}
        new_pair: dict[tuple[str, str], tuple] = {}
        for key, gf in corpus.files.items():
            hit = self._file.get(key)
            if hit is not None and hit[0] is gf and hit[1] is tb:
                found = hit[2]
            else:
                found = file_findings(gf, project, tb)
            new_file[key] = (gf, tb, found)
            done.by_file[key] = [replace(f) for f in found]  # settings change a finding's severity in place
            src = src_by_rel.get(gf.rel)
            if gf.locale == project.source_locale or src is None:
                continue
            hit = self._pair.get(key)
            if hit is not None and hit[0] is src and hit[1] is gf and hit[2] is tb:
                found = hit[3]
            else:
                found = pair_findings(src, gf, tb)
            new_pair[key] = (src, gf, tb, found)
            done.by_pair[key] = [replace(f) for f in found]
        self._file, self._pair = new_file, new_pair
        return done


def load_corpus(project: Project, cache: ParseCache | None = None, locales: list[str] | None = None,
                rels: set[str] | None = None) -> Corpus:
    """Parse every guide file (of ``locales`` and the source; only paths in ``rels`` when given)."""
    # the parsed files are the corpus that lives to the end, and the full collections during a cold parse
    # walked all that was parsed so far: 0.23 s of a cold `cmg build`'s serial start (see validate_findings)
    with collector.paused():
        return _load_corpus(project, cache, locales, rels)


def _load_corpus(project: Project, cache: ParseCache | None, locales: list[str] | None,
                 rels: set[str] | None) -> Corpus:
    cache = cache or ParseCache()
    corpus = Corpus(project)
    wanted = locales or project.locales
    for locale in project.locales:
        if locale not in wanted and locale != project.source_locale:
            continue
        for gp in iter_guide_files(project, locale):
            if rels is not None and gp.rel not in rels:
                continue
            corpus.files[(locale, gp.rel)], corpus.digests[(locale, gp.rel)] = cache.load_with_digest(
                gp.abs, path=project.rel(gp.abs), locale=locale, guide=gp.guide, rel=gp.rel)
    tb_path = project.root / project.termbase
    corpus.termbase, corpus.termbase_digest = cache.load_termbase_with_digest(
        tb_path, project.rel(tb_path), project.locales)
    return corpus


def file_findings(gf: GuideFile, project: Project, tb: Termbase | None) -> list[Finding]:
    """The checks that read one file (and the country profiles it refers to)."""
    from .leftover_checks import check_unused_footnotes

    return (check_file(gf, is_source=gf.locale == project.source_locale, termbase=tb)
            + country_checks.file_findings(gf, country_checks.profiles_for(project)) + check_unused_footnotes(gf))


def pair_findings(src: GuideFile, tr: GuideFile, tb: Termbase | None) -> list[Finding]:
    """The checks that read a source file and its translation."""
    from .leftover_checks import check_english_left

    stale = changed_since_translated(src, tr)
    return (compare_files(src, tr, tb, stale) + check_freshness(src, tr, tb, stale)
            + country_checks.pair_findings(src, tr) + check_english_left(src, tr, stale))


def run_checks(corpus: Corpus, done: LocalFindings | None = None) -> list[Finding]:
    from .lifecycle_edits import alias_index

    """All findings for the corpus (before settings are applied).

    ``done``: the findings of the checks that read one file or one source/translation pair, already
    made elsewhere (by worker processes); the corpus then only needs outlines of the files.
    """
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
    for loc in project.locales:
        for path, why in refused_paths(project, loc):
            out.append(Finding("CMG008", f"'{project.rel(path)}' {why}: it is not read", project.rel(path), 0, locale=loc))
    for d in unconfigured_locale_dirs(project):
        out.append(Finding("CMG004", f"folder '{d.name}' is not a configured locale ({', '.join(project.locales)})",
                           project.rel(d), 0, locale=d.name))
    sources = corpus.source_files()
    src_by_rel = {gf.rel: gf for gf in sources}
    for key, gf in corpus.files.items():
        out += done.by_file[key] if done else file_findings(gf, project, tb)
    out += check_clause_index(list(corpus.files.values()))
    known = {c.id for gf in sources for c in gf.clauses if c.id}
    out += check_xrefs(list(corpus.files.values()), known, alias_index(sources))
    from .leftover_checks import check_id_prefixes

    out += check_id_prefixes(sources)
    out += check_labels(list(corpus.files.values()), labels_for(project))
    profiles = country_checks.profiles_for(project)
    out += country_checks.profile_findings(profiles)
    out += country_checks.usage_findings(sources, profiles)
    for locale in project.target_locales:
        tr_files = {gf.rel: gf for gf in corpus.locale_files(locale)}
        for rel, gf in tr_files.items():
            src = src_by_rel.get(rel)
            if src is None:
                out.append(Finding("CMG108", f"no source file guides/{rel} for this translation", gf.path, 1,
                                   locale=locale, guide=gf.guide))
                continue
            out += done.by_pair[(locale, rel)] if done else pair_findings(src, gf, tb)
        if tr_files or (project.root / project.translations_dir / locale).is_dir():
            for rel, src in src_by_rel.items():
                if rel not in tr_files:
                    out.append(Finding("CMG109", f"{locale} has no translation of this file", src.path, 1,
                                       locale=locale, guide=src.guide))
    if project.nav:
        guide_pages = {gf.rel for gf in sources if gf.rel.endswith("index.md")}
        if not has_guides_section(project.nav, guide_pages):  # else the guides' section lists every guide
            for gf in sources:
                if gf.rel in guide_pages:
                    out.append(Finding("CMG113", f"guide '{gf.guide}' ({gf.rel}) is not in mkdocs.yml's nav",
                                       project.rel(project.config_file), 1, guide=gf.guide))
    return out


@dataclass
class LocalFindings:
    """Findings of the checks that read one file, or one source file and its translation."""

    by_file: dict[tuple[str, str], list[Finding]] = field(default_factory=dict)  # (locale, rel) → check_file
    by_pair: dict[tuple[str, str], list[Finding]] = field(default_factory=dict)  # (locale, rel) → compare, freshness
    outlines: dict[tuple[str, str], GuideFile] = field(default_factory=dict)  # (locale, rel) → outline of the file


def outline(gf: GuideFile) -> GuideFile:
    """What the checks across files read of a parsed file: clause IDs and positions, cross-references,
    placeholders and suppressions (small enough to send back from a worker process)."""
    def block(b: Block) -> Block:
        return Block(b.start_line, b.end_line, xrefs=b.xrefs, suppressed=b.suppressed, params=b.params,
                     placeholders=b.placeholders)

    from .lifecycle_edits import ALIAS_KEY, MOVED_KEY

    meta = {k: gf.meta[k] for k in (ALIAS_KEY, MOVED_KEY) if k in gf.meta} if isinstance(gf.meta, dict) else {}
    return GuideFile(path=gf.path, locale=gf.locale, guide=gf.guide, rel=gf.rel, meta=meta, meta_line=gf.meta_line,
                     title=gf.title, preamble=block(gf.preamble),
                     clauses=[Clause(c.id, c.number, c.title, c.level, c.pos, block(c.body)) for c in gf.clauses],
                     footnotes={k: Footnote(f.label, f.pos, block(f.body)) for k, f in gf.footnotes.items()},
                     headings=[], problems=[], newline=gf.newline, bom=gf.bom)


def check_part(project: Project, locales: list[str] | None, rels: set[str]) -> LocalFindings:
    """Parse the files of some guide paths (in every locale) and run the checks that read one file or one
    source/translation pair; what a worker process does."""
    corpus = load_corpus(project, locales=locales, rels=rels)
    tb = corpus.termbase
    done = LocalFindings()
    for key, gf in corpus.files.items():
        done.by_file[key] = file_findings(gf, project, tb)
        done.outlines[key] = outline(gf)
        src = corpus.get(project.source_locale, gf.rel)
        if gf.locale in project.target_locales and src is not None:
            done.by_pair[key] = pair_findings(src, gf, tb)
    return done


# Below this many files, starting worker processes costs more than it saves (the shipped guides: 18).
PARALLEL_MIN_FILES = 60


def _workers(n_files: int) -> int:
    if n_files < PARALLEL_MIN_FILES:
        return 1
    import multiprocessing  # here: importing it takes longer than validating a small site

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return _usable_cpus()


def _usable_cpus() -> int:
    """The CPUs this process may run on, at most 8 (more processes would mostly wait on each other)."""
    from .processes import usable_cpus

    return usable_cpus()


def validate_findings(project: Project, locales: list[str] | None = None,
                      workers: int | None = None, cache: bool = True) -> tuple[int, list[Finding]]:
    """The number of files checked and the findings, exactly as :func:`validate_project` gives them; on a
    big site the files are parsed and checked in several processes (each takes every locale of some
    guide paths), and only the checks across files run on outlines in this one.

    ``cache``: use the project's findings cache (:mod:`cmg.findings_cache`) when it has one, so that only
    the files whose inputs changed are parsed and checked again."""
    # the parsed files, their blocks and findings are tens of thousands of objects that all live until
    # the end, and every collection walked them again (a fifth of a cold validation's CPU time); the model
    # holds no reference cycles (17 unreachable objects after a cold validation of the bench corpus), so
    # next to nothing waits for the collector meanwhile. Forked workers inherit the pause.
    with collector.paused():
        return _validate_findings(project, locales, workers, cache)


def _validate_findings(project: Project, locales: list[str] | None, workers: int | None,
                       cache: bool) -> tuple[int, list[Finding]]:
    if cache and fc.cache_file(project) is not None:
        return validate_cached(project, locales, workers)
    wanted = locales or project.locales
    rels = sorted({gp.rel for loc in project.locales if loc in wanted or loc == project.source_locale
                   for gp in iter_guide_files(project, loc)})
    # never more processes than guide paths to share out, nor than the CPUs (`--jobs 40` on 6 guides)
    n = min(workers, len(rels), _usable_cpus()) if workers else _workers(len(rels) * len(wanted))
    if n <= 1 or len(rels) < 2:
        corpus, findings = validate_project(project, locales=locales)
        return len(corpus.files), findings
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    parts = [set(rels[i::n]) for i in range(n)]
    with ProcessPoolExecutor(n - 1, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(check_part, project, locales, part) for part in parts[1:]]
        results = [check_part(project, locales, parts[0])]
        tb_path = project.root / project.termbase
        termbase = load_termbase(tb_path, project.rel(tb_path), project.locales)
        results += [f.result() for f in futures]
    done = LocalFindings()
    for r in results:
        done.by_file.update(r.by_file)
        done.by_pair.update(r.by_pair)
        done.outlines.update(r.outlines)
    # the outlines in the order load_corpus reads the files, so that findings come in the same order
    corpus = Corpus(project)
    for locale in project.locales:
        if locale in wanted or locale == project.source_locale:
            for gp in iter_guide_files(project, locale):
                corpus.files[(locale, gp.rel)] = done.outlines[(locale, gp.rel)]
    corpus.termbase = termbase
    return len(corpus.files), findings_for_locales(apply_settings(run_checks(corpus, done), project), project, locales)


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
    return corpus, findings_for_locales(apply_settings(run_checks(corpus), project), project, locales)


def findings_for_locales(findings: list[Finding], project: Project, locales: list[str] | None) -> list[Finding]:
    """The findings that concern these locales (and the source, and no locale in particular)."""
    if locales:
        findings = [f for f in findings if not f.locale or f.locale in locales
                    or (f.locale == project.source_locale)]
    return findings


# ---------------------------------------------------------------- with the findings cache


def _check_inputs(project: Project, inputs: dict, need_file: list, need_pair: list, tb: Termbase) -> dict:
    """Parse the files of ``inputs`` ({(locale, rel): (GuidePath, bytes)}), run the one-file checks of the
    files in ``need_file`` and the pair checks of the translations in ``need_pair``; the results as JSON
    values, as the findings cache keeps them (what a worker process sends back)."""
    parsed = {key: parse_guide_bytes(data, path=project.rel(gp.abs), locale=gp.locale, guide=gp.guide, rel=gp.rel)
              for key, (gp, data) in inputs.items()}
    files = {key: ([fc.finding_to_json(f) for f in file_findings(parsed[key], project, tb)],
                   fc.outline_to_json(parsed[key])) for key in need_file}
    pairs = {key: [fc.finding_to_json(f) for f in pair_findings(parsed[(project.source_locale, key[1])], parsed[key], tb)]
             for key in need_pair}
    return {"files": files, "pairs": pairs, "termbase": fc.termbase_to_json(tb)}


def _run_parts(project: Project, parts: list[tuple], tb_data: bytes | None) -> list[dict]:
    """:func:`_check_inputs` of each part: the first in this process, the others each in a forked one."""
    from . import processes

    # the termbase and its term indexes are made once, before the fork, not again in every process
    tb_path = project.root / project.termbase
    tb = load_termbase(tb_path, project.rel(tb_path), project.locales, tb_data)
    for locale in sorted({key[0] for inputs, *_ in parts for key in inputs}):
        tb.index(locale)
    children = []
    try:
        for part in parts[1:]:
            children.append(processes.fork_result(_check_inputs, project, *part, tb))
        results = [_check_inputs(project, *parts[0], tb)]
        while children:
            pid, r = children.pop(0)
            try:
                results.append(processes.result(pid, r))
            except processes.ChildFailed:
                raise RuntimeError("a validation worker process failed (see above)") from None
        return results
    finally:
        for pid, r in children:  # only after an error or an interruption
            try:
                os.close(r)
            except OSError:
                pass
            processes.stop(pid)


def _fork_workers(n_files: int) -> int:
    if n_files < PARALLEL_MIN_FILES or not hasattr(os, "fork"):
        return 1
    return _usable_cpus()


def validate_cached(project: Project, locales: list[str] | None = None,
                    workers: int | None = None) -> tuple[int, list[Finding]]:
    """:func:`validate_findings` with the findings cache: the files whose bytes, and the translations whose
    own or source bytes, are not in the cache are parsed and checked again (in several processes when
    there are many); the checks across files run on the outlines, from the cache or just made."""
    wanted = locales or project.locales
    src_loc = project.source_locale
    examined = [loc for loc in project.locales if loc in wanted or loc == src_loc]
    paths = {(loc, gp.rel): gp for loc in examined for gp in iter_guide_files(project, loc)}  # load_corpus's order
    data = {key: gp.abs.read_bytes() for key, gp in paths.items()}
    shas = {key: digest(b) for key, b in data.items()}
    tb_data = _read_or_none(project.root / project.termbase)
    cache = fc.FindingsCache.load(fc.cache_file(project), fc.header_key(project, digest(tb_data)))

    pair_keys = [k for k in paths if k[0] != src_loc and (src_loc, k[1]) in paths]
    by_file = {k: cache.file(k, shas[k]) for k in paths}
    by_pair = {k: cache.pair(k, shas[(src_loc, k[1])], shas[k]) for k in pair_keys}
    termbase = cache.get_termbase()
    need_file = [k for k, hit in by_file.items() if hit is None]
    need_pair = [k for k, hit in by_pair.items() if hit is None]
    if need_file or need_pair or termbase is None:
        to_parse = {*need_file, *need_pair, *((src_loc, k[1]) for k in need_pair)}
        rels = sorted({k[1] for k in to_parse})
        n = max(1, min(workers or _fork_workers(len(to_parse)), len(rels), _usable_cpus()))
        parts = []
        for i in range(n):
            mine = set(rels[i::n])
            parts.append(({k: (paths[k], data[k]) for k in paths if k in to_parse and k[1] in mine},
                          [k for k in need_file if k[1] in mine], [k for k in need_pair if k[1] in mine]))
        for result in _run_parts(project, parts, tb_data):
            for k, (found, outline_json) in result["files"].items():
                cache.put_file(k, shas[k], found, outline_json)
                by_file[k] = cache.file(k, shas[k])
            for k, found in result["pairs"].items():
                cache.put_pair(k, shas[(src_loc, k[1])], shas[k], found)
                by_pair[k] = cache.pair(k, shas[(src_loc, k[1])], shas[k])
            cache.put_termbase(result["termbase"])
        termbase = cache.get_termbase()
    cache.keep_only(set(paths), set(examined))
    done = LocalFindings()
    corpus = Corpus(project, termbase=termbase)
    for k, (found, outline_gf) in by_file.items():
        done.by_file[k] = found
        corpus.files[k] = outline_gf
    done.by_pair = by_pair
    findings = findings_for_locales(apply_settings(run_checks(corpus, done), project), project, locales)
    cache.save()
    return len(corpus.files), findings


def cached_local_findings(corpus: Corpus) -> LocalFindings | None:
    """The one-file and pair findings of a parsed corpus (the build's), from the findings cache where its
    files' bytes are the same, checked and kept there where not; None when the project has no cache."""
    # the build's validation of a parsed corpus: its per-block results live as long as the corpus (as in
    # validate_findings, which `cmg validate` runs)
    with collector.paused():
        return _cached_local_findings(corpus)


def _cached_local_findings(corpus: Corpus) -> LocalFindings | None:
    project, tb = corpus.project, corpus.termbase
    path = fc.cache_file(project)
    if path is None or corpus.termbase_digest is None or len(corpus.digests) != len(corpus.files):
        return None
    cache = fc.FindingsCache.load(path, fc.header_key(project, corpus.termbase_digest))
    src_loc = project.source_locale
    done = LocalFindings()
    for key, gf in corpus.files.items():
        sha = corpus.digests[key]
        found = cache.file_findings(key, sha)  # the outline is not needed: the corpus has the parsed file
        if found is None:
            cache.put_file(key, sha, [fc.finding_to_json(f) for f in file_findings(gf, project, tb)],
                           fc.outline_to_json(gf))
            found = cache.file_findings(key, sha)
        done.by_file[key] = found
        src = corpus.get(src_loc, gf.rel)
        if gf.locale == src_loc or src is None:
            continue
        s_sha = corpus.digests[(src_loc, gf.rel)]
        found = cache.pair(key, s_sha, sha)
        if found is None:
            cache.put_pair(key, s_sha, sha, [fc.finding_to_json(f) for f in pair_findings(src, gf, tb)])
            found = cache.pair(key, s_sha, sha)
        done.by_pair[key] = found
    if tb is not None:
        cache.put_termbase(fc.termbase_to_json(tb))
    cache.keep_only(set(corpus.files), {loc for loc, _ in corpus.files})
    cache.save()
    return done

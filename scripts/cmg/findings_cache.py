"""A cache of the validation's findings on disk, so that `cmg validate` and the build check again only
the files whose inputs changed (the way ruff keeps its results).

One JSON file (never pickle: the cache is data, not code), ``<cache_dir>/validate/findings.json``, with

* a header key: a hash of everything every result depends on besides the file itself — the cmg code
  (its Python sources), the Python version, the termbase's bytes and path, and the project settings the
  checks read (source locale, locales, guide folders). A different key discards the whole cache;
* per guide file (locale and path): the hash of its bytes, the findings of the checks that read that
  file alone (before the settings of ``plugins.cmg.validation`` are applied, so changing those needs no
  new check) and its outline (:func:`cmg.validate.outline`: what the checks across files read);
* per translation: the hashes of it and its source file, and the findings of the checks that compare
  the two;
* the termbase's own problems (so that a run with nothing to check again does not read the termbase).

Kept in a :class:`cmg.caching.Store` (atomic writes; a file that cannot be read is a cold cache). A cache
file that is truncated, has another shape or another header key is ignored and rewritten; results never
depend on it being valid. Entries are kept only for the files that exist (of the locales a run looked
at), so the cache does not grow with renames.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

from . import caching
from .checks import Finding
from .lifecycle_edits import ALIAS_KEY, MOVED_KEY, clause_aliases, moved_clauses
from .model import Block, Clause, Footnote, GuideFile, Pos, Problem, Ref
from .termbase import Termbase

FORMAT = 3  # 3: outlines keep the placeholders (CMG211 reads them across files)
FILE_NAME = "findings.json"


def digest(data: bytes | None) -> str:
    """A file's bytes as a cache key ("-": no file)."""
    return caching.digest(data) if data is not None else "-"


@functools.cache
def code_fingerprint() -> str:
    """A hash of the cmg package's Python sources: a new version of any check is a new cache."""
    here = Path(__file__).resolve().parent
    parts: list[str | bytes] = [str(FORMAT), str(sys.version_info[:2])]
    for p in sorted(here.glob("*.py")):
        parts += [p.name, p.read_bytes()]
    return caching.digest(*parts)


def cache_file(project) -> Path | None:
    """Where the project's findings cache lives, or None (no cache_dir, or switched off: :mod:`cmg.caching`)."""
    where = caching.folder(project.root, project.cache_dir, "findings")
    return where / FILE_NAME if where is not None else None


def header_key(project, tb_digest: str) -> str:
    from .country_checks import profiles_digest  # the checks of a file read the country profiles too

    parts = [code_fingerprint(), tb_digest, project.termbase, project.source_locale, list(project.locales),
             project.guides_dir, project.translations_dir, project.countries_dir, profiles_digest(project)]
    return caching.digest(json.dumps(parts))


# ---------------------------------------------------------------- findings and outlines as JSON values


def finding_to_json(f: Finding) -> list:
    return [f.code, f.message, f.path, f.line, f.col, f.locale, f.guide, f.clause, f.severity, f.hint,
            sorted(f.suppressed_by)]


def finding_from_json(v: list) -> Finding:
    code, message, path, line, col, locale, guide, clause, severity, hint, sup = v
    return Finding(code, message, path, line, col, locale, guide, clause, severity, hint, frozenset(sup))


def _block_to_json(b: Block) -> list:
    return [b.start_line, b.end_line, [[r.value, r.pos.line, r.pos.col] for r in b.xrefs], sorted(b.suppressed),
            [[r.value, r.pos.line, r.pos.col] for r in b.params], [[r.value, r.pos.line, r.pos.col] for r in b.placeholders]]


def _block_from_json(v: list) -> Block:
    start, end, xrefs, sup, params, placeholders = v
    return Block(start, end, xrefs=[Ref(x, Pos(line, col)) for x, line, col in xrefs], suppressed=frozenset(sup),
                 params=[Ref(x, Pos(line, col)) for x, line, col in params],
                 placeholders=[Ref(x, Pos(line, col)) for x, line, col in placeholders])


def outline_to_json(gf: GuideFile) -> dict:
    """What :func:`cmg.validate.outline` keeps of a parsed file, as a JSON value."""
    return {
        "path": gf.path, "locale": gf.locale, "guide": gf.guide, "rel": gf.rel, "meta_line": gf.meta_line,
        "meta": {k: v for k, v in ((ALIAS_KEY, clause_aliases(gf)), (MOVED_KEY, moved_clauses(gf))) if v},  # as outline()
        "title": gf.title, "newline": gf.newline, "bom": gf.bom, "preamble": _block_to_json(gf.preamble),
        "clauses": [[c.id, c.number, c.title, c.level, c.pos.line, c.pos.col, _block_to_json(c.body)]
                    for c in gf.clauses],
        "footnotes": [[k, f.label, f.pos.line, f.pos.col, _block_to_json(f.body)] for k, f in gf.footnotes.items()],
    }


def outline_from_json(v: dict) -> GuideFile:
    return GuideFile(
        path=v["path"], locale=v["locale"], guide=v["guide"], rel=v["rel"], meta=v.get("meta") or {},
        meta_line=v["meta_line"],
        title=v["title"], preamble=_block_from_json(v["preamble"]),
        clauses=[Clause(cid, number, title, level, Pos(line, col), _block_from_json(b))
                 for cid, number, title, level, line, col, b in v["clauses"]],
        footnotes={k: Footnote(label, Pos(line, col), _block_from_json(b)) for k, label, line, col, b in v["footnotes"]},
        headings=[], problems=[], newline=v["newline"], bom=v["bom"])


def termbase_to_json(tb: Termbase) -> dict:
    return {"path": tb.path, "locales": list(tb.locales),
            "problems": [[p.code, p.message, p.pos.line, p.pos.col, p.hint] for p in tb.problems]}


def termbase_from_json(v: dict) -> Termbase:
    """What the checks across files read of the termbase: its path, locales and problems."""
    return Termbase(v["path"], locales=list(v["locales"]),
                    problems=[Problem(code, message, Pos(line, col), hint) for code, message, line, col, hint in v["problems"]])


# ---------------------------------------------------------------- the cache file


class FindingsCache:
    """The entries of one cache file; ``files`` and ``pairs`` map (locale, rel) to a JSON-able entry:
    files: ``[digest, findings, outline]``, pairs: ``[source digest, translation digest, findings]``."""

    def __init__(self, path: Path | None, key: str):
        self.path = path
        self._store = caching.Store(path.parent if path is not None else None)
        self.key = key
        self.files: dict[tuple[str, str], list] = {}
        self.pairs: dict[tuple[str, str], list] = {}
        self.termbase: dict | None = None
        self.changed = False

    @classmethod
    def load(cls, path: Path | None, key: str) -> FindingsCache:
        cache = cls(path, key)
        if path is None:
            return cache
        raw = cache._store.read_json(path.name)
        try:
            if not isinstance(raw, dict) or raw.get("format") != FORMAT or raw.get("key") != key:
                cache.changed = True
                return cache
            files = {(loc, rel): e for loc, rel, *e in raw["files"]}
            pairs = {(loc, rel): e for loc, rel, *e in raw["pairs"]}
            if not all(len(e) == 3 and isinstance(e[0], str) and isinstance(e[1], list) and isinstance(e[2], dict)
                       for e in files.values()):
                raise ValueError("bad file entry")
            if not all(len(e) == 3 and isinstance(e[0], str) and isinstance(e[1], str) and isinstance(e[2], list)
                       for e in pairs.values()):
                raise ValueError("bad pair entry")
            tb = raw.get("termbase")
            cache.files, cache.pairs = files, pairs
            cache.termbase = tb if isinstance(tb, dict) else None
        except Exception:  # noqa: BLE001 - a damaged cache is no cache: it is rebuilt, never trusted
            cache.files, cache.pairs, cache.termbase = {}, {}, None
            cache.changed = True
        return cache

    def file(self, key: tuple[str, str], sha: str) -> tuple[list[Finding], GuideFile] | None:
        """The findings and outline of a file whose bytes hash to ``sha``, or None."""
        found = self.file_findings(key, sha)
        if found is None:
            return None
        try:
            return found, outline_from_json(self.files[key][2])
        except Exception:  # noqa: BLE001 - a damaged entry is a missing one
            del self.files[key]
            return None

    def file_findings(self, key: tuple[str, str], sha: str) -> list[Finding] | None:
        """The findings of a file whose bytes hash to ``sha``, or None: :meth:`file` without reading its
        outline back (the build has the parsed file itself, and decoding 300 outlines cost half a second)."""
        e = self.files.get(key)
        if e is None or e[0] != sha:
            return None
        try:
            return [finding_from_json(v) for v in e[1]]
        except Exception:  # noqa: BLE001 - a damaged entry is a missing one
            del self.files[key]
            return None

    def pair(self, key: tuple[str, str], src_sha: str, tr_sha: str) -> list[Finding] | None:
        """The findings of a translation and its source, whose bytes hash to these, or None."""
        e = self.pairs.get(key)
        if e is None or e[0] != src_sha or e[1] != tr_sha:
            return None
        try:
            return [finding_from_json(v) for v in e[2]]
        except Exception:  # noqa: BLE001
            del self.pairs[key]
            return None

    def get_termbase(self) -> Termbase | None:
        try:
            return termbase_from_json(self.termbase) if self.termbase is not None else None
        except Exception:  # noqa: BLE001
            self.termbase = None
            return None

    def put_file(self, key, sha: str, findings: list, outline: dict) -> None:
        self.files[key] = [sha, findings, outline]
        self.changed = True

    def put_pair(self, key, src_sha: str, tr_sha: str, findings: list) -> None:
        self.pairs[key] = [src_sha, tr_sha, findings]
        self.changed = True

    def put_termbase(self, tb: dict) -> None:
        if self.termbase != tb:
            self.termbase = tb
            self.changed = True

    def keep_only(self, present: set[tuple[str, str]], locales: set[str]) -> None:
        """Drop the entries of files of these locales that no longer exist."""
        for table in (self.files, self.pairs):
            gone = [k for k in table if k[0] in locales and k not in present]
            for k in gone:
                del table[k]
            self.changed = self.changed or bool(gone)

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        raw = {"format": FORMAT, "key": self.key, "termbase": self.termbase,
               "files": [[loc, rel, *e] for (loc, rel), e in self.files.items()],
               "pairs": [[loc, rel, *e] for (loc, rel), e in self.pairs.items()]}
        self._store.write_json(self.path.name, raw)  # not written: the next run is slower, not wrong
        self.changed = False


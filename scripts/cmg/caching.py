"""The one cache mechanism of cmg: what a run keeps for the next, so that it redoes only what an edit
changed and gives exactly what a run without it gives (tests compare them byte for byte).

Every cache is a small client of four things, all here:

* :func:`digest` — the one hashing recipe of cache keys (SHA-256 of the parts, each length-prefixed,
  so that no two lists of parts hash alike), 32 hex digits;
* :class:`Store` — the one on-disk store: a folder of entries, each a file named by its key. Writes are
  atomic (a temporary file renamed over the old one), so two processes at once leave one whole entry;
  a missing, unreadable, damaged or foreign entry (a FIFO, a folder, bytes that are not what was
  written) reads as a miss, never as an error and never blocks; an entry that cannot be written (a
  read-only or full disk) only makes the next run slower. A store with ``keep`` keeps only that many
  entries, the most recently used;
* :func:`file_stamp` — a file's size and modification time, what MkDocs itself trusts to tell a changed
  file (for caches held in memory between rebuilds);
* :func:`enabled` — the one switch: ``CMG_NO_CACHE=1`` turns every cache off, ``CMG_NO_<KIND>_CACHE=1``
  one of them (:data:`KINDS`). The on-disk caches live in ``<cache_dir>/<folder>/`` (:func:`folder`;
  ``plugins.cmg.cache_dir``, which ``CMG_CACHE_DIR`` overrides); an empty ``cache_dir`` leaves them off.

The clients: :mod:`cmg.findings_cache` (``cmg validate`` and the build's validation),
:mod:`cmg.page_cache` (per-page results of a locale's build, for :mod:`cmg.engine.caches.render`,
:mod:`cmg.engine.caches.search` and :mod:`cmg.engine.caches.sanitized`), :mod:`cmg.engine.downloads.pdf` (the PDFs),
:mod:`cmg.forms` (the forms documents, for :mod:`cmg.engine.downloads.forms`), :mod:`cmg.search` (each
locale's search index as ``cmg build``'s merge wrote it),
:mod:`cmg.engine.caches.templates` (compiled theme templates) and :mod:`cmg.engine.caches.nav` (the
navigation, in memory only). Deleting the cache folder is always safe.

(The ``translated_from`` fingerprint of :mod:`cmg.freshness` is no cache key: it is written into the
translations, so its recipe is a file format and stays as it is.)
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .fsio import atomic_write_bytes
from .pathsafe import read_regular


@dataclass(frozen=True)
class Kind:
    """One cache: its switch (``CMG_NO_<NAME>_CACHE``) and its folder under ``cache_dir`` (None: not there)."""

    name: str
    folder: str | None
    keeps: str


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("findings", "validate", "the findings of `cmg validate` and of the build's validation"),
    Kind("render", "render", "each page's Markdown conversion"),
    Kind("search", "search", "each page's search entries"),
    Kind("sanitized", "sanitized", "each page's content as the sanitiser published it"),
    Kind("index", "index", "each locale's search index as `cmg build` wrote it"),
    Kind("print", "print", "each guide's print documents (the HTML its PDFs are laid out from)"),
    Kind("pdf", "pdf", "the PDFs"),
    Kind("forms", "forms", "the forms documents (.docx)"),
    Kind("template", None, "the compiled theme templates (in Jinja's private folder in the system's temporary folder)"),
    Kind("nav", None, "the navigation's inactive items, rendered once per build (in memory)"),
)}

_UNSET = ("", "0", "false", "no", "off")  # values of CMG_NO_..._CACHE that leave the cache on


def _switched_off(name: str, environ) -> bool:
    return str(environ.get(name, "")).strip().lower() not in _UNSET


def enabled(kind: str, environ=os.environ) -> bool:
    """Whether a cache is on: ``CMG_NO_CACHE`` turns them all off, ``CMG_NO_<KIND>_CACHE`` one."""
    if kind not in KINDS:
        raise KeyError(f"no cache kind {kind!r}")  # a programming error: every cache is listed in KINDS
    return not (_switched_off("CMG_NO_CACHE", environ) or _switched_off(f"CMG_NO_{kind.upper()}_CACHE", environ))


def folder(root: Path, cache_dir: str, kind: str, environ=os.environ) -> Path | None:
    """Where a kind's entries live (``cache_dir`` relative to ``root``, mkdocs.yml's folder, unless it is
    absolute), or None when it has no folder, ``cache_dir`` is empty or the cache is switched off."""
    sub = KINDS[kind].folder
    if not cache_dir or sub is None or not enabled(kind, environ):
        return None
    return Path(root) / cache_dir / sub


def digest(*parts: str | bytes) -> str:
    """The cache key of these parts (text or bytes; text is hashed as UTF-8)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else bytes(part)
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()[:32]


def file_stamp(path: str | os.PathLike) -> str:
    """Size and modification time: what MkDocs itself trusts to tell a changed file ("missing": none)."""
    try:
        st = os.stat(path)
    except OSError:
        return "missing"
    return f"{st.st_size}:{st.st_mtime_ns}"


def code_text(*modules) -> bytes:
    """The source of these modules, a part of the keys of what their code computes (a changed module
    makes every entry it wrote miss; "?" for one whose file cannot be read)."""
    texts = []
    for module in modules:
        try:
            texts.append(Path(module.__file__).read_bytes())
        except (OSError, TypeError, AttributeError):
            texts.append(b"?")
    return b"\0".join(texts)


def package_version(name: str) -> str:
    """An installed package's version, a part of the keys of what it computes ("?" when unknown)."""
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:  # noqa: BLE001 - an unknown version only makes the cache miss
        return "?"


class Store:
    """The entries of one cache, each a file of ``directory`` (None: nothing is kept)."""

    def __init__(self, directory: Path | str | None, keep: int | None = None, suffix: str = ""):
        self.directory = Path(directory) if directory is not None else None
        self.keep = keep  # entries kept, the most recently used (None: all)
        self.suffix = suffix  # what the names of the entries end in (the ones that trim() counts)

    def _path(self, name: str) -> Path | None:
        if self.directory is None:
            return None
        if not name or "/" in name or "\0" in name or name in (".", ".."):
            raise ValueError(f"not a cache entry name: {name!r}")  # keys are digests: a programming error
        return self.directory / name

    def read(self, name: str) -> bytes | None:
        """The entry's bytes, or None (missing, not a regular file, unreadable)."""
        path = self._path(name)
        if path is None:
            return None
        try:
            data = read_regular(path)  # a FIFO or device here is no entry, and does not block
        except (OSError, ValueError):
            return None
        if self.keep is not None:
            try:
                os.utime(path)  # recently used: kept when the store is trimmed
            except OSError:
                pass
        return data

    def has(self, name: str) -> bool:
        """Whether the entry is here, a regular file (not read: a damaged entry is only found by read)."""
        path = self._path(name)
        if path is None:
            return False
        try:
            return stat.S_ISREG(os.lstat(path).st_mode)
        except OSError:
            return False

    def write(self, name: str, data: bytes) -> bool:
        """Keep the entry (atomically); False when it could not be written."""
        path = self._path(name)
        if path is None:
            return False
        try:
            atomic_write_bytes(path, data, durable=False)  # a file lost in a power cut is only a miss
        except (OSError, ValueError):
            return False
        return True

    def read_json(self, name: str):
        """The entry as JSON data, or None (also for bytes that are not JSON, or nested too deep)."""
        data = self.read(name)
        if data is None:
            return None
        try:
            return json.loads(data)
        except (ValueError, RecursionError):
            return None

    def write_json(self, name: str, value) -> bool:
        """Keep JSON data; False when it is not JSON data or could not be written."""
        try:
            data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        except (TypeError, ValueError, RecursionError):  # lone surrogates too (UnicodeEncodeError)
            return False
        return self.write(name, data)

    def trim(self) -> None:
        """Remove all but the ``keep`` most recently used entries (those whose names end in ``suffix``);
        entries that cannot be read or removed are left alone."""
        if self.directory is None or self.keep is None:
            return
        entries = []
        try:
            for entry in os.scandir(self.directory):
                if entry.name.endswith(self.suffix) and entry.is_file(follow_symlinks=False):
                    try:
                        entries.append((entry.stat(follow_symlinks=False).st_mtime, entry.path))
                    except OSError:
                        pass
        except OSError:
            return
        for _, path in sorted(entries, reverse=True)[self.keep:]:
            try:
                os.unlink(path)
            except OSError:
                pass

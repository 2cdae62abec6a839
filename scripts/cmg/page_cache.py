"""Results computed per page, kept in JSON between builds: the store that search_cache and
render_cache share.

One file per locale and kind of build, read when the build starts and written, atomically, when it
ends; a folder keeps the 24 most recently written files. Each page's result is stored with the key
(a hash of every input) it was computed from, and is used again only for the same key. A full build
keeps only the pages it has seen; a ``--dirty`` rebuild of a few pages keeps the others. A missing,
unreadable, foreign or damaged file is a cold cache, never an error; a file that cannot be written
only makes the next build slower.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .fsio import atomic_write_bytes, keep_newest

KEEP_FILES = 24  # stores per folder: three locales × a few kinds of build and project copies


def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def package_version(name: str) -> str:
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:  # noqa: BLE001 - an unknown version only makes the cache miss
        return "?"


class PageCache:
    """Results by page, for one locale's build, in one JSON file (``path`` None: kept in memory only)."""

    def __init__(self, path: Path | None, salt: str):
        self.path = path
        self.salt = salt
        self._old: dict[str, dict] = {}
        self._new: dict[str, dict] = {}
        self.hits = self.misses = 0
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict) and data.get("salt") == salt and isinstance(data.get("pages"), dict):
                    self._old = data["pages"]
            except (OSError, ValueError, UnicodeDecodeError):
                pass

    def get(self, page: str, key: str, kind: type = dict):
        """A copy of the result stored for this page under this key, or None."""
        hit = self._old.get(page)
        if isinstance(hit, dict) and hit.get("key") == key and isinstance(hit.get("value"), kind):
            self._new[page] = hit
            self.hits += 1
            return json.loads(json.dumps(hit["value"]))  # a copy (the JSON functions are faster than deepcopy)
        return None

    def put(self, page: str, key: str, value) -> None:
        """Keep a copy of a page's result; one that is not plain JSON data is not kept."""
        self.misses += 1
        try:
            self._new[page] = {"key": key, "value": json.loads(json.dumps(value))}
        except (TypeError, ValueError):
            self._new.pop(page, None)

    def save(self, keep_unseen: bool = False) -> None:
        if self.path is None or (not self.misses and (keep_unseen or self._new.keys() == self._old.keys())):
            return
        pages = {**self._old, **self._new} if keep_unseen else self._new
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            data = json.dumps({"salt": self.salt, "pages": pages}, ensure_ascii=False, separators=(",", ":"))
            atomic_write_bytes(self.path, data.encode("utf-8"))
            keep_newest(self.path.parent, KEEP_FILES, ".json")  # old project copies, old kinds of build
        except OSError:
            pass

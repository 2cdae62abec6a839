"""Results computed per page, kept between builds: the client of :mod:`cmg.caching` that the render
and search caches share.

One entry of a :class:`~cmg.caching.Store` per locale and kind of build, read when the build starts
and written when it ends; a folder keeps the 24 most recently used. Each page's result is stored with
the key (a :func:`~cmg.caching.digest` of every input) it was computed from, and is used again only
for the same key. A full build keeps only the pages it has seen; a ``--dirty`` rebuild of a few pages
keeps the others. What the store cannot read is a cold cache (:mod:`cmg.caching`).
"""

from __future__ import annotations

import json
from pathlib import Path

from .caching import Store

KEEP_FILES = 24  # stores per folder: three locales × a few kinds of build and project copies


class PageCache:
    """Results by page, for one locale's build, in one JSON entry (``path`` None: kept in memory only)."""

    def __init__(self, path: Path | None, salt: str):
        self.path = path
        self.salt = salt
        self._store = Store(path.parent if path is not None else None, keep=KEEP_FILES, suffix=".json")
        self._old: dict[str, dict] = {}
        self._new: dict[str, dict] = {}
        self.hits = self.misses = 0
        data = self._store.read_json(path.name) if path is not None else None
        if isinstance(data, dict) and data.get("salt") == salt and isinstance(data.get("pages"), dict):
            self._old = data["pages"]

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
        except (TypeError, ValueError, RecursionError):
            self._new.pop(page, None)

    def save(self, keep_unseen: bool = False) -> None:
        if self.path is None or (not self.misses and (keep_unseen or self._new.keys() == self._old.keys())):
            return
        pages = {**self._old, **self._new} if keep_unseen else self._new
        if self._store.write_json(self.path.name, {"salt": self.salt, "pages": pages}):
            self._store.trim()  # old project copies, old kinds of build

"""Which pages a `mkdocs serve --dirty` rebuild must render again, so that none is left stale.

MkDocs's ``--dirty`` rebuilds a page only when its own source file is newer than its output. A
guide page also shows things that live in other files: every page's title (the navigation), the
number and title of each clause it cross-references, which of its clauses are outdated against the
source, the termbase (glossary tooltips), the site's own pages and mkdocs.yml. Each page gets a
signature of everything it is rendered from; a page is rebuilt when its signature changes.
"""

from __future__ import annotations

import hashlib
import os

from .model import GuideFile


def file_stamp(path: str | os.PathLike) -> str:
    """Size and modification time: what MkDocs itself trusts to tell a changed file."""
    try:
        st = os.stat(path)
    except OSError:
        return "missing"
    return f"{st.st_size}:{st.st_mtime_ns}"


def _digest(*parts: object) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(repr(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def site_signature(titles: dict[str, str], stamps: list[str]) -> str:
    """What every page shows: the navigation's titles, and the files every page depends on."""
    return _digest(sorted(titles.items()), sorted(stamps))


def referenced_clause_ids(gf: GuideFile) -> list[str]:
    return sorted({r.value for _, block in gf.blocks() for r in block.xrefs})


def guide_page_signature(site: str, shown: GuideFile, shown_stamp: str,
                         clause_index: dict[str, tuple], outdated: frozenset[str]) -> str:
    """A guide page: its own text, the cross-referenced clauses as shown, its outdated clauses."""
    refs = [(cid, clause_index.get(cid)) for cid in referenced_clause_ids(shown)]
    return _digest(site, shown.path, shown_stamp, refs, sorted(outdated))

"""Which pages a `mkdocs serve --dirty` rebuild must render again, so that none is left stale.

MkDocs's ``--dirty`` rebuilds a page only when its own source file is newer than its output. A
guide page also shows things that live in other files: every page's title (the navigation), the
number and title of each clause it cross-references, which of its clauses are outdated against the
source, the termbase (glossary tooltips), the site's own pages and mkdocs.yml. Each page gets a
signature of everything it is rendered from; a page is rebuilt when its signature changes.
"""

from __future__ import annotations

from .caching import digest
from .model import GuideFile


def _digest(*parts: object) -> str:
    return digest(*(repr(part) for part in parts))


def site_signature(titles: dict[str, str], stamps: list[str]) -> str:
    """What every page shows: the navigation's titles, and the files every page depends on."""
    return _digest(sorted(titles.items()), sorted(stamps))


def referenced_clause_ids(gf: GuideFile) -> list[str]:
    return sorted({r.value for _, block in gf.blocks() for r in block.xrefs})


def guide_page_signature(site: str, shown: GuideFile, shown_stamp: str,
                         clause_index: dict[str, tuple], outdated: frozenset[str], findings: list = ()) -> str:
    """A guide page: its own text, the cross-referenced clauses as shown, its outdated clauses, and the
    validation's findings the preview shows in it (an edit to the source can give a translation one)."""
    refs = [(cid, clause_index.get(cid)) for cid in referenced_clause_ids(shown)]
    return _digest(site, shown.path, shown_stamp, refs, sorted(outdated), sorted(map(repr, findings)))

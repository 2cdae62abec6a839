"""The English text an outdated translation was made from, recovered from git history.

A translation records only the fingerprint of each source clause it was translated from
(``translated_from``), not the text. The text is in the repository's history: the newest commit of
the source file in which the clause has that fingerprint holds it. This module looks for it with
``git log`` and ``git show`` (at most :data:`MAX_COMMITS` commits of the file, newest first), and gives
the old clause's units, so an export can show the previous source (PO ``#| msgid``) and mark for
review only the blocks whose English changed. Without git, or outside a repository, or when no commit
matches (the source was edited twice before a commit), it gives nothing, and every block of the
outdated clause is marked.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..freshness import fingerprint, recorded
from ..model import GuideFile
from ..parse import decode, parse_guide_text, split_lines
from .segments import Unit, file_units

MAX_COMMITS = 200


def _git(root: Path, *args: str) -> bytes | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def previous_clauses(root: Path, source_path: str, translation: GuideFile, clause_ids: set[str], locale: str,
                     rel: str) -> dict[str, list[Unit]]:
    """Clause id → the units of the source clause as it was when translated (only those found)."""
    wanted = {cid: fp for cid, fp in recorded(translation).items() if cid in clause_ids}
    if not wanted:
        return {}
    log = _git(root, "log", f"--max-count={MAX_COMMITS}", "--format=%H", "--", source_path)
    if not log:
        return {}
    found: dict[str, list[Unit]] = {}
    for commit in log.decode().split():
        data = _git(root, "show", f"{commit}:{source_path}")
        if data is None:
            continue
        text, _bom, problem = decode(data)
        if problem or text is None:
            continue
        old = parse_guide_text(text, path=source_path, locale=locale, guide=rel.split("/")[0], rel=rel)
        lines = split_lines(text)[0]
        hits = [c for c in old.clauses if c.id in wanted and c.id not in found and fingerprint(c) == wanted[c.id]]
        if hits:
            units = file_units(old, lines)
            for c in hits:
                found[c.id] = [u for u in units if u.scope == c.id]
        if len(found) == len(wanted):
            break
    return found

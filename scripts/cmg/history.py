"""When a file last changed, from the project's git history (no git, or a file git does not track:
None). The guides show it as their "last updated" date."""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path


@functools.lru_cache(maxsize=16)
def _in_work_tree(root: str) -> bool:
    """Whether ``root`` is inside a git work tree: asked once, not once per page (a project that is not
    a git checkout, such as a downloaded copy, paid a failing ``git log`` for each page of each locale)."""
    try:
        result = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=root, capture_output=True,
                                text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0 and result.stdout.strip() == "true"


@functools.lru_cache(maxsize=512)
def _git_date(root: str, rel: str) -> str | None:
    if not _in_work_tree(root):
        return None
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%cs", "--", rel], cwd=root, capture_output=True,
                                text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    date = result.stdout.strip()
    return date if result.returncode == 0 and len(date) == 10 else None


def last_changed(root: Path, rel: str | Path) -> str | None:
    """The date (YYYY-MM-DD) of the last commit that changed ``rel`` (relative to ``root``)."""
    return _git_date(str(root), Path(rel).as_posix())

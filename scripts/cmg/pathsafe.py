"""Paths that stay inside the project, and files that are files.

A guide folder can be a symbolic link to ``/`` and a file can be a FIFO: walking the first reads
the whole file system, opening the second waits for ever. Every walk of the guide trees and every
read of a file cmg keeps (the findings cache) goes through these checks.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def inside(root: Path | str, path: Path | str, *, real_root: str | None = None) -> bool:
    """True when ``path``, with every symbolic link resolved, is ``root`` or under it (``real_root``:
    ``os.path.realpath(root)``, when the caller has it already: a walk asks of every file)."""
    real_root = os.path.realpath(root) if real_root is None else real_root
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def special_file(path: Path | str) -> str:
    """'' for a regular file or a missing one; else what it is ("a FIFO", "a directory"…)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return ""
    if stat.S_ISREG(mode):
        return ""
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISDIR, "a directory"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a regular file"


def read_regular(path: Path | str) -> bytes:
    """The bytes of a regular file; :class:`OSError` for anything else, without blocking on a FIFO
    (opened non-blocking, then checked with fstat)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path}: not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    finally:
        os.close(fd)

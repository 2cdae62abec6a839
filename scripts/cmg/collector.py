"""Python's cyclic garbage collector, kept out of the way of work that makes many long-lived objects.

Every full collection walks every tracked object still alive. Where a process builds a large structure
that lives to the end (the parsed corpus, a WeasyPrint layout), or inherits one from the process that
forked it, those walks are repeated work that frees next to nothing. Two tools, used where measured:
:func:`paused` around such work, and :func:`none_at_exit` for the collections Python runs at exit.
"""

from __future__ import annotations

import atexit
import functools
import gc
from contextlib import contextmanager


@contextmanager
def paused():
    """No cyclic garbage collection inside the block; the collector runs again afterwards (and then finds
    any cycles the block left behind). Processes forked inside the block inherit the pause."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@functools.cache  # registered once per process, however often it is called
def none_at_exit() -> None:
    """At the process's exit, leave its objects to the system instead of collecting them: Python ends with
    full garbage collections over everything still alive, and after `cmg build` (the parsed corpus, the
    validation's per-block results, the imported engine) those took 1.2-1.4 s of CPU, a seventh of a
    cold build of the benchmark's corpus, to free memory that the exit frees anyway. Frozen objects are
    skipped by those collections (reference counting still frees what it can, atexit hooks still run).
    Hooks registered earlier run after it."""
    atexit.register(gc.freeze)

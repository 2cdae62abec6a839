"""Python's cyclic garbage collector, kept out of the way of work that makes many long-lived objects.

Every full collection walks every tracked object still alive. Where a process builds a large structure
that lives to the end (the parsed corpus, a WeasyPrint layout), or inherits one from the process that
forked it, those walks are repeated work that frees next to nothing. Four tools, used where measured:
:func:`paused` around such work, :func:`kept` when its results live to the end too, :func:`none_at_exit`
for the collections Python runs at exit, and
:class:`BetweenBursts` for a process that works while someone waits and then idles (the preview).
"""

from __future__ import annotations

import atexit
import functools
import gc
import threading
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


@contextmanager
def kept():
    """:func:`paused`, and what the block made frozen when it ends without an error: for work whose results
    live as long as the process (`cmg build`'s parsed corpus and checks). No collection walks them, neither
    while they grow nor afterwards (the first collection after a pause walks everything made during it)."""
    with paused():
        yield
        gc.freeze()


@functools.cache  # registered once per process, however often it is called
def none_at_exit() -> None:
    """At the process's exit, leave its objects to the system instead of collecting them: Python ends with
    full garbage collections over everything still alive, and after `cmg build` (the parsed corpus, the
    validation's per-block results, the imported engine) those took 1.2-1.4 s of CPU, a seventh of a
    cold build of the benchmark's corpus, to free memory that the exit frees anyway. Frozen objects are
    skipped by those collections (reference counting still frees what it can, atexit hooks still run).
    Hooks registered earlier run after it."""
    atexit.register(gc.freeze)


# how long a process that works in bursts must be idle before it collects: longer than the preview's
# browser takes to fetch the page it reloads after a rebuild, shorter than anyone takes to save again
IDLE_SECONDS = 0.5
# bursts in a row with no idle moment between them (an editor that saves continuously, a tool writing into
# a watched folder) after which the next one starts with a full collection anyway: memory stays bounded
MAX_BURSTS_UNCOLLECTED = 10


class BetweenBursts:
    """Collections for a long-lived process that works in bursts while a person waits, `mkdocs serve`'s
    rebuilds: none during a burst, one full collection once the process has been idle for
    :data:`IDLE_SECONDS` (on a timer thread; it is called off when the next burst starts first).

    The preview keeps its parsed guides, page caches and the last build between rebuilds, and a full
    collection walking all of that took 0.45 s every second rebuild of the benchmark's 300 pages, on top
    of a 1.1-1.4 s rebuild: the same work, done while the editor reads the reloaded page instead. After
    ``max_bursts`` bursts with no idle moment between them, a burst starts with a collection."""

    def __init__(self, idle_seconds: float = IDLE_SECONDS, max_bursts: int = MAX_BURSTS_UNCOLLECTED) -> None:
        self.idle_seconds = idle_seconds
        self.max_bursts = max_bursts
        self._uncollected = 0  # bursts since the last collection
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._burst = 0  # which burst the pending collection follows
        self._paused = False
        self._was_on = True

    @property
    def paused(self) -> bool:
        return self._paused

    def busy(self) -> None:
        """A burst starts: no collections until it ends (a pending one is called off)."""
        with self._lock:
            self._burst += 1
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if not self._paused:
                self._was_on = gc.isenabled()
                self._paused = True
            gc.disable()
            self._uncollected += 1
            if self._uncollected > self.max_bursts:
                gc.collect()  # never idle long enough: this burst waits for one collection
                self._uncollected = 1

    def idle(self) -> None:
        """The burst has ended: collect once the process has stayed idle a moment."""
        with self._lock:
            if not self._paused:
                return
            if self._timer is not None:  # said twice (a locale's error, then the build's): one collection
                self._timer.cancel()
            self._timer = threading.Timer(self.idle_seconds, self._collect, args=(self._burst,))
            self._timer.daemon = True  # a preview stopped meanwhile does not wait for it
            self._timer.start()

    def _collect(self, burst: int) -> None:
        # under the lock: a burst that starts meanwhile waits for the collection (it would wait for the
        # interpreter anyway, which a collection does not let go of)
        with self._lock:
            if burst != self._burst or not self._paused:
                return  # another burst started: its own end collects
            self._timer = None
            gc.collect()
            self._uncollected = 0
            self._paused = False
            if self._was_on:
                gc.enable()

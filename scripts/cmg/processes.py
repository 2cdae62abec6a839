"""Work in child processes, written once: fork, run, report a failure, leave.

``cmg validate`` checks a big site in several forked processes, ``cmg build`` builds each locale in
one, the search indexes of the locales are written by one each. Each child is a copy of this process
(the imports and the parsed guides are paid once, before the fork) that must never return into the
parent's code: whatever happens in it, it says why on stderr (the traceback), flushes its output and
leaves with an exit code. The parent learns the outcome from the exit code, and, with
:func:`fork_result`, the child's return value through a pipe.
"""

from __future__ import annotations

import contextlib
import os
import pickle  # only between this process and its own children, never on disk
import sys
import time
import traceback

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no CPU slots, each locale gets its share instead
    fcntl = None

# set by the user, or by `cmg build` where it has no CPU slots: how many PDF processes each locale may
# run, so that the locales together use the machine's cores once (three locales each with a pool per core
# oversubscribe the machine)
ENV_PDF_WORKERS = "CMG_PDF_WORKERS"
# set by `cmg build` for its locale processes: the folder of the CPU slots they share (see cpu_slot)
ENV_CPU_SLOTS = "CMG_CPU_SLOTS"
# how often a process that waits for a slot looks again (a PDF layout takes seconds)
SLOT_POLL_SECONDS = 0.05


def usable_cpus(limit: int = 8) -> int:
    """The CPUs this process may run on, at most ``limit`` (more processes would mostly wait on each other)."""
    n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(n, limit))


def cpu_share(processes_at_once: int) -> int:
    """The CPUs each of ``processes_at_once`` processes gets, at least one."""
    return max(1, usable_cpus() // max(1, processes_at_once))


def pdf_workers() -> int:
    """PDF processes this build may run: as the user or `cmg build` (without CPU slots) says, else one
    per usable CPU (under `cmg build`, how many of them lay out at once is what its CPU slots allow)."""
    try:
        return max(1, int(os.environ.get(ENV_PDF_WORKERS, "")))
    except ValueError:
        return usable_cpus()


def make_cpu_slots(folder: str, count: int | None = None) -> bool:
    """Make the CPU slots that the processes this one starts share (one lock file per usable CPU in
    ``folder``, named in their environment); False where file locks are not available (Windows)."""
    if fcntl is None:
        return False
    os.makedirs(folder, exist_ok=True)
    for n in range(count or usable_cpus()):
        with open(os.path.join(folder, f"cpu-{n}.lock"), "ab") as fh:
            try:  # a file system without locks (some network ones) refuses here, not in a layout
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(fh, fcntl.LOCK_UN)
            except OSError:
                return False
    os.environ[ENV_CPU_SLOTS] = folder
    return True


@contextlib.contextmanager
def cpu_slot():
    """Hold one of the CPU slots of `cmg build` while doing heavy work (a PDF layout), so that work of
    all its locales runs at most once per core at the same time, and the cores a finished locale leaves
    are taken by the locales still laying out. Without slots (another build, Windows) it holds nothing.

    A slot is a lock file held with ``flock``: the system frees it when the holder ends, whatever the
    reason, so a process that crashes cannot keep the others waiting."""
    folder = os.environ.get(ENV_CPU_SLOTS)
    names = sorted(os.listdir(folder)) if folder and fcntl is not None and os.path.isdir(folder) else []
    if not names:
        yield
        return
    handles = [open(os.path.join(folder, name), "rb") for name in names]
    try:
        held = None
        while held is None:
            for fh in handles:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue
                held = fh
                break
            else:
                time.sleep(SLOT_POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)
    finally:
        for fh in handles:
            fh.close()


def can_fork() -> bool:
    """Whether children can be forked here (not on Windows; not on macOS, where forking after the
    system's frameworks are loaded is unsafe)."""
    return hasattr(os, "fork") and sys.platform != "darwin"


def fork(work, *args) -> int:
    """Run ``work(*args)`` in a forked child; in the parent, return the child's pid.

    The child's exit code: 0 when ``work`` returns (or the int it returns), the code of a
    ``SystemExit`` it raises, 1 after any other exception, whose traceback is printed."""
    pid = os.fork()
    if pid:
        return pid
    code = 1  # pragma: no cover - the child (coverage does not follow it)
    try:
        result = work(*args)
        code = result if isinstance(result, int) else 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 - a child must never return into the parent's code
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def wait(pid: int) -> int:
    """Wait for one child; its exit code (a negative signal number if a signal ended it)."""
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def wait_any() -> tuple[int, int, float]:
    """Wait for whichever child ends first: (pid, exit code, CPU seconds it used)."""
    pid, status, usage = os.wait4(-1, 0)
    return pid, os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime


def stop(pid: int) -> None:
    """End a child left running after an error or an interruption, and reap it."""
    try:
        os.kill(pid, 15)
        os.waitpid(pid, 0)
    except OSError:
        pass


class ChildFailed(RuntimeError):
    """A child process ended with an exit code other than 0 (its traceback is on stderr)."""


def fork_result(work, *args) -> tuple[int, int]:
    """Run ``work(*args)`` in a forked child that sends its return value back: (pid, pipe to read);
    :func:`result` reads it."""
    r, w = os.pipe()

    def send() -> None:
        os.close(r)
        out = pickle.dumps(work(*args), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(w, "wb") as fh:
            fh.write(out)

    pid = fork(send)
    os.close(w)
    return pid, r


def result(pid: int, r: int):
    """The return value of a child started by :func:`fork_result`, once it has ended."""
    with os.fdopen(r, "rb") as fh:
        out = fh.read()
    if wait(pid) != 0:
        raise ChildFailed("a worker process failed (see above)")
    return pickle.loads(out)

"""One helper for work in child processes (cmg.processes): what a child returns, raises or prints."""

import os

import pytest

from cmg import processes

pytestmark = pytest.mark.skipif(not processes.can_fork(), reason="no os.fork here")


def test_a_child_returns_its_value_through_the_pipe():
    pid, r = processes.fork_result(lambda a, b: {"sum": a + b, "text": "ñ한"}, 2, 3)
    assert processes.result(pid, r) == {"sum": 5, "text": "ñ한"}


def test_exit_codes(capfd):
    assert processes.wait(processes.fork(lambda: None)) == 0
    assert processes.wait(processes.fork(lambda: 7)) == 7  # an int returned is the exit code

    def exits(code):
        raise SystemExit(code)

    assert processes.wait(processes.fork(exits, 3)) == 3
    assert processes.wait(processes.fork(exits, None)) == 0
    assert processes.wait(processes.fork(exits, "message")) == 1


def test_a_failing_child_prints_why_and_never_runs_the_parents_code(capfd):
    parent = os.getpid()

    def fails():
        raise ValueError("the reason")

    pid = processes.fork(fails)
    # only the parent gets here: a child that returned into this code would fail the assertion below
    # in a second process, and print it
    assert os.getpid() == parent
    assert processes.wait(pid) == 1
    err = capfd.readouterr().err
    assert "Traceback" in err and "ValueError: the reason" in err
    assert err.count("ValueError: the reason") == 1  # one traceback: the child's


def test_the_result_of_a_failed_child_is_an_error(capfd):
    def fails():
        raise KeyError("x")

    pid, r = processes.fork_result(fails)
    with pytest.raises(processes.ChildFailed):
        processes.result(pid, r)
    assert "KeyError" in capfd.readouterr().err


def test_wait_any_reports_the_cpu_used():
    def spin():
        n = 0
        for i in range(300_000):
            n += i

    pid = processes.fork(spin)
    got, code, cpu = processes.wait_any()
    assert (got, code) == (pid, 0) and cpu >= 0


def test_stop_ends_a_child_left_running():
    import time

    pid = processes.fork(time.sleep, 60)
    start = time.perf_counter()
    processes.stop(pid)
    assert time.perf_counter() - start < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)  # already reaped


def test_the_locales_pdf_processes_share_the_cores(monkeypatch):
    import concurrent.futures

    from cmg import processes
    from cmg.engine.downloads import pdf

    monkeypatch.setattr(processes, "usable_cpus", lambda limit=8: 2)
    assert processes.cpu_share(3) == 1 and processes.cpu_share(1) == 2 and processes.cpu_share(0) == 2
    monkeypatch.setattr(processes, "usable_cpus", lambda limit=8: 8)
    assert processes.cpu_share(3) == 2
    monkeypatch.setenv(processes.ENV_PDF_WORKERS, "1")
    assert processes.pdf_workers() == 1
    monkeypatch.setenv(processes.ENV_PDF_WORKERS, "lots")
    assert processes.pdf_workers() == 8  # a value that is no number: one per CPU
    monkeypatch.setenv(processes.ENV_PDF_WORKERS, "3")
    pools = []

    class Pool(concurrent.futures.ThreadPoolExecutor):
        def __init__(self, max_workers):
            pools.append(max_workers)
            super().__init__(max_workers)

    monkeypatch.setattr(pdf, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(pdf, "render", lambda job, cache_dir=None: True)
    assert pdf.render_all([object()] * 5) == 0 and pools == [3]


def _slots(monkeypatch, tmp_path, count: int) -> str:
    monkeypatch.setenv(processes.ENV_CPU_SLOTS, "")  # restored (removed) after the test
    folder = str(tmp_path / "cpu-slots")
    assert processes.make_cpu_slots(folder, count)
    assert os.environ[processes.ENV_CPU_SLOTS] == folder and len(os.listdir(folder)) == count
    return folder


def test_cpu_slots_let_as_many_processes_work_at_once_as_there_are_slots(monkeypatch, tmp_path):
    _slots(monkeypatch, tmp_path, 2)
    log = tmp_path / "log"

    def work(n: int) -> None:
        with processes.cpu_slot():
            with open(log, "a") as fh:
                fh.write(f"+ {n}\n")
                fh.flush()
                import time
                time.sleep(0.4)
                fh.write(f"- {n}\n")

    pids = [processes.fork(work, n) for n in range(5)]
    assert [processes.wait(pid) for pid in pids] == [0] * 5
    at_once, most = 0, 0
    for line in log.read_text().splitlines():  # the lines are written while the slot is held
        at_once += 1 if line.startswith("+") else -1
        most = max(most, at_once)
    assert log.read_text().count("+") == 5 and most == 2


def test_a_slot_is_free_again_when_its_holder_dies(monkeypatch, tmp_path):
    import signal

    _slots(monkeypatch, tmp_path, 1)
    r, w = os.pipe()

    def hold() -> None:
        with processes.cpu_slot():
            os.write(w, b"x")
            signal.pause()  # until killed: it never lets the slot go itself

    pid = processes.fork(hold)
    assert os.read(r, 1) == b"x"
    os.kill(pid, signal.SIGKILL)
    assert processes.wait(pid) == -signal.SIGKILL
    with processes.cpu_slot():  # taken here at once, or this test would hang
        pass


def test_without_slots_cpu_slot_holds_nothing(monkeypatch):
    monkeypatch.delenv(processes.ENV_CPU_SLOTS, raising=False)
    with processes.cpu_slot(), processes.cpu_slot():  # nested: no slot to wait for
        pass


def test_a_pdf_is_laid_out_holding_a_cpu_slot_and_a_cached_one_without(monkeypatch, tmp_path):
    import fcntl

    from cmg.engine.downloads import pdf

    folder = _slots(monkeypatch, tmp_path, 1)
    slot = os.path.join(folder, os.listdir(folder)[0])
    held = []

    def laid_out(job) -> bytes:
        with open(slot, "rb") as fh:  # another open file: it cannot take the lock the layout holds
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held.append(False)
            except BlockingIOError:
                held.append(True)
        return b"%PDF-1.7\n%%EOF\n"

    monkeypatch.setattr(pdf, "_rendered", laid_out)
    cache = str(tmp_path / "cache")
    job = pdf.PrintJob("<p>Acta de recepción.</p>", None, str(tmp_path / "a.pdf"))
    assert pdf.render(job, cache) is False and held == [True]
    assert pdf.render(pdf.PrintJob(job.document, None, str(tmp_path / "b.pdf")), cache) is True and held == [True]


def test_no_cpu_slots_where_the_file_system_has_no_locks(monkeypatch, tmp_path):
    import fcntl

    monkeypatch.delenv(processes.ENV_CPU_SLOTS, raising=False)

    def refuse(fh, how):
        raise OSError(37, "No locks available")

    monkeypatch.setattr(fcntl, "flock", refuse)
    assert processes.make_cpu_slots(str(tmp_path / "cpu-slots"), 2) is False
    assert processes.ENV_CPU_SLOTS not in os.environ  # cmg build gives each locale its share instead

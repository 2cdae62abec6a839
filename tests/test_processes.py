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

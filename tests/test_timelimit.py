"""Does the time-limited runner bound any job, from any thread, reuse its worker, print nothing?

The jobs are builtins or functions of this module (the worker imports it by name). Every job
meant to overrun sleeps a minute against a limit of a few seconds at most, and every job meant
to finish gets half a minute: no test races the clock, even on a busy machine.
"""

from __future__ import annotations

import os
import pickle
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from gdkit import _timelimit
from gdkit._timelimit import LimitExceeded, Runner, TimeLimitExceeded

#: Seconds a job that is meant to finish may take: generous, for a busy 2-core machine.
AMPLE = 30.0


@pytest.fixture(scope="module")
def runner():
    runner = Runner()
    yield runner
    runner.close()


def nothing() -> None:
    """Do nothing: a first job from this module makes the worker import the module."""


def slow_steps():
    """Yield two results, then take far too long."""
    yield "first"
    yield "second"
    time.sleep(60)
    yield "never"


def test_returns_the_result_and_reuses_the_worker(runner):
    """Is one worker process answering call after call (so latency stays low)?"""
    assert runner.run(divmod, 7, 2, seconds=AMPLE) == (3, 1)
    first = runner._worker.process.pid
    assert runner.run(sorted, "cab", seconds=AMPLE) == ["a", "b", "c"]
    assert runner._worker.process.pid == first != os.getpid()


def test_an_error_comes_back_as_itself_with_its_traceback(runner):
    """Does an exception raised in the worker reach the caller, with where it was raised?"""
    with pytest.raises(ZeroDivisionError) as error:
        runner.run(divmod, 1, 0, seconds=AMPLE)
    assert "In the worker process" in "".join(error.value.__notes__)


def test_an_overrun_ends_right_after_the_limit(runner):
    """Does a job that overruns come back soon after its limit, and the next job run?"""
    start = time.perf_counter()
    with pytest.raises(TimeLimitExceeded) as exceeded:
        runner.run(time.sleep, 60, seconds=0.3)
    assert time.perf_counter() - start < 10  # 0.3 s, with room for a busy machine
    assert isinstance(exceeded.value, TimeoutError) and exceeded.value.partial is None
    assert runner.run(int, "1", seconds=AMPLE) == 1


def test_the_last_partial_result_survives_an_overrun(runner):
    """Is the last result a generator yielded kept when it overruns?"""
    runner.run(nothing, seconds=AMPLE)  # then the two results take a millisecond, not 3 s
    with pytest.raises(TimeLimitExceeded) as exceeded:
        runner.run(slow_steps, seconds=3)
    assert exceeded.value.partial == "second"


def test_works_outside_the_main_thread(runner):
    """Does the limit hold in a thread (no signals), and do threads share the worker safely?"""
    outcome = []

    def job():
        try:
            runner.run(time.sleep, 60, seconds=0.3)
        except TimeLimitExceeded:
            outcome.append("stopped")

    thread = threading.Thread(target=job)
    thread.start()
    thread.join(timeout=AMPLE)
    assert outcome == ["stopped"]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda n: runner.run(abs, -n, seconds=AMPLE), range(12)))
    assert results == list(range(12))


def test_a_worker_that_ends_is_a_limit_not_a_timeout(runner):
    """Is a worker that dies during a job (as when memory runs out) reported as a limit?"""
    with pytest.raises(LimitExceeded) as exceeded:
        runner.run(os._exit, 3, seconds=AMPLE)
    assert not isinstance(exceeded.value, TimeLimitExceeded)
    assert runner.run(int, "2", seconds=AMPLE) == 2


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the memory limit needs POSIX rlimits")
def test_memory_is_bounded():
    """Does a job that asks for more memory than allowed fail with MemoryError, not eat the box?"""
    small = Runner(memory=2**30)
    try:
        with pytest.raises(MemoryError):
            small.run(bytearray, 2 * 2**30, seconds=AMPLE)
    finally:
        small.close()


def test_what_cannot_be_pickled_is_an_error(runner):
    """Is a job or result that cannot cross to the other process an error, never run unbounded?"""
    with pytest.raises((pickle.PicklingError, AttributeError)):  # as pickle.dumps says it
        runner.run(lambda: 1, seconds=AMPLE)
    with pytest.raises(TypeError, match="cannot be pickled"):
        runner.run(threading.Lock, seconds=AMPLE)


def test_a_failing_preload_surfaces():
    """Is an error while the worker imports its preloaded modules raised, not hidden?"""
    broken = Runner(preload=["gdkit.no_such_module"])
    with pytest.raises(ModuleNotFoundError):
        broken.run(int, "1", seconds=AMPLE)


def test_prints_nothing(runner, capfd):
    """Does nothing the job writes reach our stdout or stderr (nbgrader zeroes stderr)?"""
    runner.run(print, "to stdout", seconds=AMPLE)
    runner.run(os.write, 2, b"to stderr\n", seconds=AMPLE)
    assert capfd.readouterr() == ("", "")


def test_runs_here_when_no_worker_can_start(monkeypatch):
    """Does a job still run, without a limit, where no process can be started?"""

    def refuse(*args):
        raise OSError("no processes here")

    monkeypatch.setattr(_timelimit, "_Worker", refuse)
    here = Runner()
    assert here.run(os.getpid, seconds=AMPLE) == os.getpid()
    assert here._unavailable

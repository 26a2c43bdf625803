"""Is every check bounded in time, from any thread, with the worker process reused?"""

from __future__ import annotations

import threading
import time

import pytest

from gdkit.symbolic import TooComplexError, check, equivalent, timeout
from gdkit.symbolic.timeout import TimeLimitExceeded, run_bounded


def slow_steps():
    """Yield two results, then take far too long (runs in the worker)."""
    yield "first"
    yield "second"
    time.sleep(30)
    yield "never"


def test_last_partial_result_survives_an_overrun():
    """Is the last result a generator yielded kept when it overruns?"""
    with pytest.raises(TimeLimitExceeded) as exceeded:
        run_bounded(slow_steps, seconds=1)
    assert exceeded.value.partial == "second"


def test_limit_works_outside_the_main_thread():
    """Does an overrunning job come back right after its limit, even in a thread (no signals)?"""
    outcome = []

    def job():
        run_bounded(int, "1")  # a worker replaced after an earlier overrun may still be starting
        start = time.perf_counter()
        try:
            run_bounded(time.sleep, 30, seconds=0.3)
        except TimeLimitExceeded:
            outcome.append(time.perf_counter() - start)

    thread = threading.Thread(target=job)
    thread.start()
    thread.join(timeout=30)
    assert len(outcome) == 1 and outcome[0] < 10  # 0.3 s, with room for a busy machine


def test_worker_is_reused():
    """Is one worker process answering call after call (so latency stays low)?"""
    check("x", "x")
    first = timeout._worker.process.pid
    check("2*x", "x")
    assert timeout._worker.process.pid == first


def test_errors_come_back():
    """Does an exception raised in the worker reach the caller as itself?"""
    with pytest.raises(ZeroDivisionError):
        run_bounded(divmod, 1, 0)


def test_too_complex_is_never_wrong(monkeypatch):
    """Is a check that runs out of time reported as too complex, not as a wrong answer?"""
    monkeypatch.setattr(timeout, "TIME_LIMIT", 0.0)
    verdict = check("2*x", "x")
    assert (verdict.correct, verdict.mistake) == (False, "too_complex")
    assert "says nothing against it" in verdict.message
    with pytest.raises(TooComplexError):
        equivalent("2*x", "x")


def test_undecidable_pair_is_too_complex():
    """Is a pair that cannot be sampled (the expected expression has no real value) too complex?"""
    assert check("x", "log(-1 - x**2)").mistake == "too_complex"


def test_runs_here_when_no_worker_can_start(monkeypatch):
    """Does checking still work where no process can be started?"""

    def refuse():
        raise OSError("no processes here")

    monkeypatch.setattr(timeout, "_Worker", refuse)
    monkeypatch.setattr(timeout, "_worker", None)
    monkeypatch.setattr(timeout, "_unavailable", False)
    assert check("-x", "x").mistake == "sign"
    assert timeout._unavailable

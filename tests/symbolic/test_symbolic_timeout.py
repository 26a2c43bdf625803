"""Are checks bounded in time, and is only a limit (never a bug) reported as "too complex"?

The runner itself is tested in tests/test_timelimit.py. Here, the check's job is swapped for
one of this module's (the worker imports it by name): a job meant to overrun sleeps a minute
against a limit of a few seconds at most, and a job meant to finish gets half a minute, so that
no test races the clock, even on a busy machine.
"""

from __future__ import annotations

import time
from functools import partial

import pytest

from gdkit import _timelimit
from gdkit.symbolic import TooComplexError, Verdict, api, check, equivalent

#: The real jobs, as the worker imports them (the tests swap them in the caller only).
REAL_CHECK_JOB, REAL_EQUIVALENT_JOB = api._check_job, api._equivalent_job
FIRST_VERDICT = Verdict(correct=False, mistake="not_equivalent", message="a first verdict")
#: Seconds for a job that is meant to finish.
AMPLE = 30.0


def nothing(*args) -> None:
    """Do nothing: a first job from this module makes the worker import the module."""


def never_ending_job(*args):
    """Take a minute: far longer than any limit below."""
    time.sleep(60)


def first_verdict_then_too_long(*args):
    """Yield a verdict, then take a minute to improve on it."""
    yield FIRST_VERDICT
    time.sleep(60)


def raising_job(error_type, *args):
    """Raise at once."""
    raise error_type("raised by the job")


def check_with_a_broken_diagnosis(error_type, answer, expected, declared):
    """The real check, with a diagnosis that raises ``error_type`` (put back afterwards)."""
    real = api.diagnose

    def broken(*args):
        raise error_type("planted in the diagnosis")

    api.diagnose = broken
    try:
        yield from REAL_CHECK_JOB(answer, expected, declared)
    finally:
        api.diagnose = real


@pytest.fixture(params=["worker", "here"])
def where(request, monkeypatch):
    """Run each test with the worker process, and again where no process can be started."""
    if request.param == "here":
        monkeypatch.setattr(api._runner, "_unavailable", True)
    return request.param


def with_job(monkeypatch, job, *args):
    """Make check and equivalent run ``job(*args, answer, expected, declared)``."""
    monkeypatch.setattr(api, "_check_job", partial(job, *args))
    monkeypatch.setattr(api, "_equivalent_job", partial(job, *args))


def test_an_overrun_is_too_complex_never_wrong(monkeypatch):
    """Is a check that runs out of time reported as too complex, not as a wrong answer?"""
    with_job(monkeypatch, never_ending_job)
    verdict = check("2*x", "x", seconds=0.5)
    assert (verdict.correct, verdict.mistake) == (False, "too_complex")
    assert "says nothing against it" in verdict.message
    with pytest.raises(TooComplexError):
        equivalent("2*x", "x", seconds=0.5)


def test_the_verdict_reached_before_an_overrun_is_kept(monkeypatch):
    """Is the verdict found before the time ran out (wrong, say) kept, not "too complex"?"""
    api._runner.run(nothing, seconds=AMPLE)  # then the first verdict takes a millisecond
    with_job(monkeypatch, first_verdict_then_too_long)
    assert check("2*x", "x", seconds=3) == FIRST_VERDICT


@pytest.mark.parametrize("limit", [MemoryError, RecursionError])
def test_memory_and_recursion_limits_are_too_complex(monkeypatch, where, limit):
    """Is running out of memory or recursion depth "too complex", with no verdict on the answer?"""
    with_job(monkeypatch, raising_job, limit)
    assert check("2*x", "x", seconds=AMPLE).mistake == "too_complex"
    with pytest.raises(TooComplexError):
        equivalent("2*x", "x", seconds=AMPLE)


@pytest.mark.parametrize("bug", [ZeroDivisionError, KeyError, TypeError, AttributeError])
def test_a_bug_in_gdkit_surfaces(monkeypatch, where, bug):
    """Does an error that is no limit (a bug in gdkit) reach the caller instead of a verdict?"""
    with_job(monkeypatch, raising_job, bug)
    with pytest.raises(bug, match="raised by the job"):
        check("2*x", "x", seconds=AMPLE)
    with pytest.raises(bug, match="raised by the job"):
        equivalent("2*x", "x", seconds=AMPLE)


def test_a_bug_planted_in_the_diagnosis_surfaces(monkeypatch, where):
    """Does a bug deep in the real check, after a first verdict, surface too?"""
    monkeypatch.setattr(api, "_check_job", partial(check_with_a_broken_diagnosis, KeyError))
    with pytest.raises(KeyError, match="planted in the diagnosis") as error:
        check("-x", "x", seconds=AMPLE)
    if where == "worker":  # with the worker's traceback, to find the bug by
        assert "in broken" in "".join(error.value.__notes__)


def test_a_memory_limit_in_the_diagnosis_keeps_the_first_verdict(monkeypatch, where):
    """Does running out of memory while naming the mistake leave "not equivalent" standing?"""
    monkeypatch.setattr(api, "_check_job", partial(check_with_a_broken_diagnosis, MemoryError))
    assert check("-x", "x", seconds=AMPLE).mistake == "not_equivalent"


def test_the_planted_bugs_are_gone():
    """Are the real jobs back, here and in the worker, after the tests that swapped them?"""
    assert (api._check_job, api._equivalent_job) == (REAL_CHECK_JOB, REAL_EQUIVALENT_JOB)
    assert check("-x", "x", seconds=AMPLE).mistake == "sign"


def test_undecidable_pair_is_too_complex():
    """Is a pair that cannot be sampled (the expected expression has no real value) too complex?"""
    assert check("x", "log(-1 - x**2)", seconds=AMPLE).mistake == "too_complex"


def test_runs_here_when_no_worker_can_start(monkeypatch):
    """Does checking still work where no process can be started?"""

    def refuse(*args):
        raise OSError("no processes here")

    monkeypatch.setattr(_timelimit, "_Worker", refuse)
    monkeypatch.setattr(api, "_runner", _timelimit.Runner())
    assert check("-x", "x", seconds=AMPLE).mistake == "sign"
    assert api._runner._unavailable

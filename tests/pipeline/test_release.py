"""Is course/ exactly what nbgrader makes of solutions/, and safe to hand to students?"""

from __future__ import annotations

import importlib.util

import pytest

from .notebooks import (
    COURSE,
    RELEASE,
    ROOT,
    SOLUTIONS,
    assignments,
    cell_differences,
    notebooks,
    read,
    release_problems,
    solutions_in_tests,
    source_problems,
)

ASSIGNMENTS = assignments()


def test_there_are_assignments():
    """Does the course have at least one assignment to guard?"""
    assert ASSIGNMENTS, "solutions/ holds no assignment folder with a notebook"


def test_every_release_has_a_source():
    """Does course/ hold only assignments that solutions/ has?"""
    released = sorted(p.name for p in COURSE.iterdir() if p.is_dir())
    assert released == ASSIGNMENTS


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solutions_are_well_formed(assignment):
    """Are instructor notebooks clean, with locked tests that carry points?"""
    for path in notebooks(SOLUTIONS / assignment):
        assert source_problems(read(path)) == [], path.name


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_holds_no_solutions_hidden_tests_or_outputs(assignment):
    """Would a student find a solution, a hidden test or an output in course/?"""
    for path in notebooks(COURSE / assignment):
        assert release_problems(read(path)) == [], path.name


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_test_cell_holds_a_solution_line(assignment):
    """Would a test cell, or its hidden part in the feedback, show a student the solution?

    Tests compare with gdkit's references (gdkit/exercises/) or with values; see
    ``solutions_in_tests`` for what counts as a line of a solution.
    """
    for path in notebooks(SOLUTIONS / assignment):
        assert solutions_in_tests(read(path)) == [], path.name


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_is_regenerated_from_solutions(released, assignment):
    """Does a fresh `nbgrader generate_assignment` give the committed course/, cell for cell?"""
    fresh = released.step("course", assignment)
    committed_files = sorted(p.name for p in (COURSE / assignment).iterdir())
    fresh_files = sorted(p.name for p in fresh.iterdir())
    assert committed_files == fresh_files, "regenerate course/ (see README: Instructor)"
    for path in notebooks(fresh):
        differences = cell_differences(read(path), read(COURSE / assignment / path.name))
        assert differences == [], f"{path.name}: regenerate course/ (see README: Instructor)"


def test_run_py_release_runs_the_release_checked_here(monkeypatch):
    """Does `python3 run.py release` run what the test above checks, in the project folder?"""
    spec = importlib.util.spec_from_file_location("run", ROOT / "run.py")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    calls = []
    monkeypatch.setattr(run.subprocess, "call", lambda cmd, cwd, env: calls.append((cmd, cwd)))
    run.release({}, [])
    assert calls == [([str(run.BIN / "nbgrader"), *RELEASE], ROOT)]

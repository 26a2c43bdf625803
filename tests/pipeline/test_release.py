"""Is course/ exactly what nbgrader makes of solutions/, and safe to hand to students?"""

from __future__ import annotations

import pytest

from .notebooks import (
    COURSE,
    SOLUTIONS,
    assignments,
    cell_differences,
    notebooks,
    read,
    release_problems,
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
def test_release_is_regenerated_from_solutions(graded, assignment):
    """Does a fresh `nbgrader generate_assignment` give the committed course/, cell for cell?"""
    fresh = graded.step("course", assignment)
    committed_files = sorted(p.name for p in (COURSE / assignment).iterdir())
    fresh_files = sorted(p.name for p in fresh.iterdir())
    assert committed_files == fresh_files, "regenerate course/ (see README: Instructor)"
    for path in notebooks(fresh):
        differences = cell_differences(read(path), read(COURSE / assignment / path.name))
        assert differences == [], f"{path.name}: regenerate course/ (see README: Instructor)"

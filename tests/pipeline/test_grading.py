"""Does nbgrader grade the course as an instructor expects?"""

from __future__ import annotations

import csv

import pytest

from .notebooks import assignments, nbgrader_meta, read

ASSIGNMENTS = assignments()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solutions_score_full_marks(graded, assignment):
    """Does the instructor's own solution, handed in, earn every automatic point?"""
    scores = graded.submission(assignment, "solver")
    assert scores["max_code_score"] > 0
    assert scores["code_score"] == scores["max_code_score"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_release_scores_zero(graded, assignment):
    """Does handing in the release unchanged earn nothing, and still grade to the end?"""
    scores = graded.submission(assignment, "blank")
    assert scores["code_score"] == 0
    assert graded.autograded(assignment, "blank"), "autograde wrote no notebook"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_deleted_test_cells_are_put_back(graded, assignment):
    """Can a student dodge a test by deleting its cell? (nbgrader must restore it.)"""
    solver = {
        nbgrader_meta(c).get("grade_id")
        for path in graded.autograded(assignment, "solver")
        for c in read(path).cells
    }
    deleter = {
        nbgrader_meta(c).get("grade_id")
        for path in graded.autograded(assignment, "deleter")
        for c in read(path).cells
    }
    assert solver <= deleter, f"not restored: {sorted(solver - deleter)}"
    assert graded.submission(assignment, "deleter")["code_score"] == 0


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_feedback_is_generated(graded, assignment):
    """Does every student get an HTML feedback file?"""
    for student in ("solver", "blank", "deleter"):
        assert list((graded.root / "feedback" / student / assignment).glob("*.html"))


def test_grades_export(graded):
    """Does `nbgrader export` list every student for every assignment?"""
    with open(graded.root / "grades.csv") as f:
        rows = list(csv.DictReader(f))
    assert {(r["assignment"], r["student_id"]) for r in rows} == {
        (a, s) for a in ASSIGNMENTS for s in ("solver", "blank", "deleter")
    }

"""Does nbgrader grade the course as an instructor expects?"""

from __future__ import annotations

import csv

import pytest

from .notebooks import assignments, is_test_cell, nbgrader_meta, read

ASSIGNMENTS = assignments()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solutions_run_top_to_bottom_without_errors_or_stderr(graded, assignment):
    """Does the instructor's notebook run cleanly? (Any stderr would zero a test cell.)"""
    notebooks = graded.autograded(assignment, "solver")
    assert notebooks, "autograde wrote no notebook"
    problems = [
        f"{path.name} cell {i}: {out.get('ename') or out.get('text', '')[:200]}"
        for path in notebooks
        for i, cell in enumerate(read(path).cells)
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "error" or (out.output_type == "stream" and out.name == "stderr")
    ]
    assert problems == []


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
def test_unsolved_exercises_get_a_message_not_a_bare_traceback(graded, assignment):
    """Does every test cell of the untouched release fail with a CheckFailure that explains?

    A NameError or NotImplementedError from a test cell tells a student nothing; give
    answer variables a placeholder (``x = None``) and check them through gdkit's checks.
    """
    bare = []
    for path in graded.autograded(assignment, "blank"):
        for cell in filter(is_test_cell, read(path).cells):
            errors = [out.ename for out in cell.outputs if out.output_type == "error"]
            if errors != ["CheckFailure"]:
                bare.append(f"{nbgrader_meta(cell)['grade_id']}: {errors or 'no error'}")
    assert bare == []


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
        assert list(graded.step("feedback", assignment, student).glob("*.html"))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_grades_export(graded, assignment):
    """Does `nbgrader export` list every student, with the solver's full marks?"""
    with open(graded.roots[assignment] / "grades.csv") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f) if r["assignment"] == assignment}
    handed_in = sorted(p.name for p in (graded.roots[assignment] / "submitted").iterdir())
    assert sorted(rows) == handed_in
    solver = graded.submission(assignment, "solver")
    assert float(rows["solver"]["raw_score"]) >= solver["code_score"] > 0


def test_an_endless_loop_is_stopped_and_the_rest_is_graded(graded):
    """Does a student's endless loop cost that cell only, with a message that says so?"""
    first = ASSIGNMENTS[0]
    scores = graded.submission(first, "looper")
    assert 0 < scores["code_score"] < scores["max_code_score"]
    (path,) = graded.autograded(first, "looper")
    errors = [o for c in read(path).cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert any("endless loop" in "".join(o.traceback) for o in errors)

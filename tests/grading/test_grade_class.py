"""Does `gdkit grade` grade a whole class, whatever the students handed in?

Each student below hands in the tiny assignment with one accident, mistake or attack; the
table says what must happen: graded (with the points the work deserves) or not graded
(with a reason). Either way the rest of the class is graded.
"""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest
from nbgrader.api import Gradebook

from gdkit.grading import sandbox
from gdkit.grading.grade import grade_class, record_path

from .conftest import ASSIGNMENT, CLASS, NOTEBOOK, nbgrader


def code_score(root, student):
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id="tiny-course") as gb:
        return gb.find_submission(ASSIGNMENT, student).code_score


@pytest.mark.parametrize("student", sorted(CLASS))
def test_each_submission_gets_what_it_deserves(graded, student):
    root, outcomes = graded
    _, status, points = CLASS[student]
    assert outcomes[student].status == status, outcomes[student].reason
    if status == "graded":
        assert code_score(root, student) == points
        assert (root / "autograded" / student / ASSIGNMENT / NOTEBOOK).exists()
    else:
        assert outcomes[student].reason


def test_nothing_handed_in_is_named(graded):
    _, outcomes = graded
    assert outcomes["nothing"].status == "ungradable"
    assert "notes.txt" in outcomes["nothing"].reason


def test_repairs_are_reported(graded):
    _, outcomes = graded
    assert any(
        "appeared 2 times (copied and pasted?): the copies differed; kept copy 2 of 2 (the last "
        "one changed from the release), dropped copy 1" in r
        for r in outcomes["duplicated"].repairs
    )
    assert any("lost its nbgrader metadata" in r for r in outcomes["stripped"].repairs)
    assert outcomes["right"].repairs == ()


def test_the_record_names_everyone(graded):
    root, outcomes = graded
    record = json.loads(record_path_of(root).read_text())
    assert {s["student"] for s in record["students"]} == set(outcomes)
    assert all(s["reason"] for s in record["students"] if s["status"] != "graded")


def record_path_of(root):
    from gdkit.grading.course import Course

    return record_path(Course.load(root), ASSIGNMENT)


WELL_FORMED = ["right", "wrong", "blank", "without_test"]


def test_grades_are_those_of_nbgrader_autograde_one_by_one(graded, tmp_path):
    """For well-formed submissions: the same scores as plain, serial `nbgrader autograde`?"""
    root, _ = graded
    serial = tmp_path / "serial"
    shutil.copytree(root, serial, ignore=shutil.ignore_patterns("autograded", "gradebook.db"))
    nbgrader(serial, "generate_assignment", ASSIGNMENT, "--force")
    for student in WELL_FORMED:
        nbgrader(serial, "autograde", ASSIGNMENT, "--student", student, "--force")

    def grades(course):
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="tiny-course") as gb:
            return {
                (student, g.name): (g.auto_score, g.needs_manual_grade)
                for student in WELL_FORMED
                for g in gb.find_submission_notebook("tiny", ASSIGNMENT, student).grades
            }

    assert grades(root) == grades(serial)


def test_code_that_replaces_numpy_earns_nothing_and_is_flagged(graded):
    root, outcomes = graded
    assert code_score(root, "tamper") == 0.0
    assert any("changes np.isclose" in flag for flag in outcomes["tamper"].flags)
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id="tiny-course") as gb:
        assert gb.find_submission_notebook("tiny", ASSIGNMENT, "tamper").flagged
        assert not gb.find_submission_notebook("tiny", ASSIGNMENT, "right").flagged


def test_a_students_code_sees_none_of_the_course_and_writes_nothing_outside(graded):
    root, _ = graded
    if not sandbox.available():
        pytest.skip("bubblewrap is not installed: grading ran without a sandbox")
    nb = nbformat.read(root / "autograded" / "snoop" / ASSIGNMENT / NOTEBOOK, as_version=4)
    printed = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "seen: []" in printed
    assert not (root / "escaped.txt").exists()


def test_edited_and_deleted_tests_are_flagged_though_they_cost_nothing(graded):
    _, outcomes = graded
    assert any("'test_double' was edited" in f for f in outcomes["test_edited"].flags)
    assert any("'test_double' was deleted" in f for f in outcomes["without_test"].flags)
    assert not outcomes["stripped"].flags  # metadata lost by accident: repaired, not flagged


def test_a_dead_kernel_is_explained(graded):
    _, outcomes = graded
    for student in ("os_exit", "segfault"):
        assert "ended the kernel" in outcomes[student].reason


def test_passing_by_replacing_the_test_helpers_earns_nothing_and_asks_for_a_look(graded):
    root, outcomes = graded
    assert any("changes gc.assert_close" in flag for flag in outcomes["rebind"].flags)
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id="tiny-course") as gb:
        grade = gb.find_grade("test_double", "tiny", ASSIGNMENT, "rebind")
        assert grade.auto_score == 0.0 and grade.needs_manual_grade


def test_regrading_one_student_keeps_the_record_of_the_others(graded):
    root, outcomes = graded
    grade_class(root, ASSIGNMENT, students=["right"], show_progress=False, sandboxed=False)
    record = json.loads(record_path_of(root).read_text())
    assert {s["student"] for s in record["students"]} == set(outcomes)

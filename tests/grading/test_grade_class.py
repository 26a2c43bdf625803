"""Does `gdkit grade` grade a whole class, whatever the students handed in?

Each student below hands in the tiny assignment with one accident, mistake or attack; the
table says what must happen: graded (with the points the work deserves) or not graded
(with a reason). Either way the rest of the class is graded.
"""

from __future__ import annotations

import copy
import json
import shutil

import nbformat
import pytest
from nbgrader.api import Gradebook

from gdkit.grading.grade import grade_class, record_path
from gdkit.grading.job import Limits

from .conftest import ASSIGNMENT, NOTEBOOK, fresh_copy, hand_in, nbgrader

RIGHT = "def double(x):\n    return 2 * x"


def cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def answer(source):
    def edit(nb):
        cell(nb, "double").source = source

    return edit


def duplicated(nb):
    index = nb.cells.index(cell(nb, "double"))
    copied = copy.deepcopy(nb.cells[index])
    copied.source = RIGHT
    copied.id = "pasted"  # JupyterLab gives a pasted cell a new id, but the same metadata
    nb.cells.insert(index + 1, copied)


def stripped(nb):
    answer(RIGHT)(nb)
    for grade_id in ("double", "test_double"):
        cell(nb, grade_id).metadata = {}


def without_test(nb):
    answer(RIGHT)(nb)
    nb.cells.remove(cell(nb, "test_double"))


def edited_test(nb):
    answer("def double(x):\n    return 0")(nb)
    cell(nb, "test_double").source = "pass"


def markdown_test(nb):
    answer("def double(x):\n    return 0")(nb)
    test = cell(nb, "test_double")
    nb.cells[nb.cells.index(test)] = nbformat.v4.new_markdown_cell(
        test.source, metadata=test.metadata
    )


#: student -> (what they hand in, status, points of 2 for the code)
CLASS = {
    "right": (answer(RIGHT), "graded", 2.0),
    "wrong": (answer("def double(x):\n    return x + 2"), "graded", 0.0),
    "blank": (lambda nb: None, "graded", 0.0),
    "duplicated": (duplicated, "graded", 2.0),
    "stripped": (stripped, "graded", 2.0),
    "without_test": (without_test, "graded", 2.0),
    "test_edited": (edited_test, "graded", 0.0),
    "test_to_markdown": (markdown_test, "graded", 0.0),
    "stderr": (answer("import sys\nsys.stderr.write('hello')\n" + RIGHT), "graded", 2.0),
    "chatty": (answer("for i in range(20000):\n    print(i)\n" + RIGHT), "graded", 2.0),
    "loop": (answer("while True:\n    pass"), "graded", 0.0),
    "memory": (answer("hog = bytearray(8 * 2**30)\n" + RIGHT), "graded", 0.0),
    "input": (answer("name = input()\n" + RIGHT), "graded", 0.0),
    "sys_exit": (answer("import sys\nsys.exit(3)"), "graded", 0.0),
    "os_exit": (answer("import os\nos._exit(1)"), "failed", None),
    "truncated": ('{"cells": [{"cell_type": "code", "sour', "ungradable", None),
    "not_a_notebook": ('{"hello": "world"}', "ungradable", None),
}


@pytest.fixture(scope="module")
def graded(released, tmp_path_factory):
    root = fresh_copy(released, tmp_path_factory.mktemp("class"))
    for student, (edit, _, _) in CLASS.items():
        hand_in(root, student, edit)
    (root / "submitted" / "nothing" / ASSIGNMENT).mkdir(parents=True)
    (root / "submitted" / "nothing" / ASSIGNMENT / "notes.txt").write_text("sorry")
    limits = Limits(seconds=60, memory_bytes=2 * 2**30)
    outcomes = grade_class(root, ASSIGNMENT, workers=2, limits=limits, show_progress=False)
    return root, {o.student: o for o in outcomes}


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
    assert any("appeared 2 times" in r for r in outcomes["duplicated"].repairs)
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


WELL_FORMED = ["right", "wrong", "blank", "without_test", "test_edited", "chatty"]


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

"""Hand grading in the loop: the report, the feedback and a regrade never take a written
answer that waits for the instructor for a 0, and never lose a hand grade already given.

The class of conftest.py: "right" wrote an answer to the written question (it waits for a
hand grade), everyone else left it blank (0 by itself); "tamper" and "rebind" change what
the tests rely on, so every test cell of theirs waits for a hand grade, passed or failed.
"""

from __future__ import annotations

import csv
import os

import nbformat
import pytest
from nbgrader.api import Gradebook

from gdkit.cli import main
from gdkit.grading import sandbox
from gdkit.grading.feedback import before_upload
from gdkit.grading.grade import grade_class
from gdkit.grading.report import write_report

from .conftest import ASSIGNMENT, NOTEBOOK, cell, fresh_copy

TAMPERING = ("tamper", "rebind")


def gradebook(root):
    return Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id="tiny-course")


def hand_grade(root, student, grade_id, score):
    """What the Formgrader does when the instructor gives a score."""
    with gradebook(root) as gb:
        grade = gb.find_grade(grade_id, "tiny", ASSIGNMENT, student)
        grade.manual_score = score
        grade.needs_manual_grade = False
        gb.db.commit()


def state(root, student, grade_id):
    with gradebook(root) as gb:
        grade = gb.find_grade(grade_id, "tiny", ASSIGNMENT, student)
        return grade.auto_score, grade.manual_score, grade.needs_manual_grade


def rows(page):
    with page.with_suffix(".csv").open() as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


def question_row(text, name):
    start = text.index(f"<tr><td>{name}</td>")
    return text[start : text.index("</tr>", start)]


@pytest.fixture(scope="module")
def pending(graded, tmp_path_factory):
    """The graded class before any hand grading: its report page and CSV."""
    root = fresh_copy(graded[0], tmp_path_factory.mktemp("pending"))
    return root, write_report(root, ASSIGNMENT)


def test_every_test_of_tampering_code_waits_for_a_hand_grade_passed_or_failed(graded):
    root, _ = graded
    for student in TAMPERING:  # rebind passed its test by replacing it, tamper failed it
        assert state(root, student, "test_double") == (0.0, None, True)
    assert state(root, "wrong", "test_double") == (0.0, None, False)  # a plain failure
    assert state(root, "tamper", "why") == (0.0, None, False)  # a blank answer: 0 by itself


def test_an_answer_waiting_for_a_hand_grade_is_not_a_zero_in_the_report(pending):
    _, page = pending
    text = page.read_text()
    why = question_row(text, "why")
    assert "<td>0 of 1 graded by hand</td>" in why and "%" not in why  # no mean of blanks alone
    questions = text[text.index("worst first") : text.index("</table>")]
    assert questions.index("test_double") < questions.index(">why<")  # the waiting one last
    assert "so far (0 of 2 graded by hand)" in question_row(text, "test_double")  # withheld
    # 7 students have 2 of 3 points, "right" 2 of 2 (why waits), 10 have 0: 31%
    assert "18 students graded, mean 31% of the points graded so far;" in text
    assert "answers still to grade are left out, not counted as 0" in text
    to_grade = text[text.index("<h2>To grade by hand") :]
    assert "why: 1 answer<" in to_grade and "test_double: 2 answers<" in to_grade


def test_the_csv_columns_add_up_to_the_total_and_say_what_waits(pending):
    _, page = pending
    by_student = rows(page)
    for row in by_student.values():
        if row["total"]:
            assert float(row["total"]) == float(row["test_double"]) + float(row["why"])
    assert by_student["right"]["to grade by hand"] == "why"
    assert by_student["tamper"]["to grade by hand"] == "test_double"
    assert "none of the assignment's notebooks" in by_student["nothing"]["reason"]
    assert by_student["right"]["reason"] == ""


def test_feedback_says_what_is_not_graded_yet_and_who_gets_none(pending, capsys):
    root, _ = pending
    assert main(["feedback", ASSIGNMENT, "--course", str(root)]) == 0
    printed = capsys.readouterr().out
    folder = root / "reports" / ASSIGNMENT / "feedback"
    assert f"in {folder}; before uploading, note:" in printed
    right = (folder / "right--tiny.html").read_text()
    assert "Not graded yet: why." in right
    assert "changes what the tests rely on" not in right  # only a written answer waits
    tamper = (folder / "tamper--tiny.html").read_text()
    assert "Not graded yet: test_double." in tamper
    assert "Code in your notebook changes what the tests rely on" in tamper  # why its 0
    assert "Not graded yet" not in (folder / "wrong--tiny.html").read_text()
    warnings = [line for line in printed.splitlines() if "WARNING" in line]
    assert "3 answers of 3 students are still to be graded by hand" in warnings[0]
    assert warnings[1].endswith(
        "their tests show 0 points, passed or not, until you grade them by hand: rebind, tamper"
    )
    assert "no feedback (not graded; see gdkit report): " in warnings[2]
    assert "truncated (ungradable)" in warnings[2] and "os_exit (failed)" in warnings[2]
    assert before_upload(root, ASSIGNMENT) == [line.split("WARNING  ")[1] for line in warnings]


@pytest.fixture(scope="module")
def regraded(graded, tmp_path_factory):
    """Hand grades given, then three students regraded: right and tamper unchanged,
    wrong with a new written answer where the instructor had given a blank one a point."""
    root = fresh_copy(graded[0], tmp_path_factory.mktemp("regraded"))
    hand_grade(root, "right", "why", 0.5)
    hand_grade(root, "tamper", "test_double", 1.0)
    hand_grade(root, "wrong", "why", 1.0)
    path = root / "submitted" / "wrong" / ASSIGNMENT / NOTEBOOK
    nb = nbformat.read(path, as_version=4)
    cell(nb, "why").source = "A new answer, written after the deadline."
    nbformat.write(nb, path)
    before = write_report(root, ASSIGNMENT).read_text()
    grade_class(
        root,
        ASSIGNMENT,
        students=["right", "tamper", "wrong"],
        workers=2,
        show_progress=False,
        sandboxed=sandbox.available() or bool(os.environ.get("GDKIT_REQUIRE_SANDBOX")),
    )
    return root, before, write_report(root, ASSIGNMENT)


def test_regrading_keeps_the_hand_grades_of_unchanged_answers(regraded):
    root, _, _ = regraded
    assert state(root, "right", "why") == (None, 0.5, False)
    assert state(root, "tamper", "test_double") == (0.0, 1.0, False)
    assert state(root, "wrong", "why") == (None, 1.0, True)  # changed: to grade again


def test_after_a_regrade_the_report_counts_what_counts(regraded):
    _, before, page = regraded
    text = page.read_text()
    assert "1 of 2 graded by hand" in question_row(text, "why")  # right's, not wrong's new one
    assert "why: 1 answer<" in text and "test_double: 1 answer<" in text  # rebind's only
    by_student = rows(page)
    assert (by_student["right"]["total"], by_student["right"]["why"]) == ("2.5", "0.5")
    assert (by_student["tamper"]["total"], by_student["tamper"]["test_double"]) == ("1.0", "1.0")
    assert by_student["wrong"]["to grade by hand"] == "why"
    assert "tamper" not in before[before.index("<h2>To grade by hand") :]  # nothing of theirs

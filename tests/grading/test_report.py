"""Can an instructor act on the report, upload the feedback, and drive it all from `gdkit`?"""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from gdkit.grading.feedback import write_feedback
from gdkit.grading.report import Question, _Class, _summary, write_report

from .conftest import ASSIGNMENT, CLASS, RIGHT, answer, fresh_copy, hand_in, nbgrader

#: the class list: two who handed in, two who did not
ROSTER = """id,first_name,last_name,email
right,Ann,Right,ar@x.org
tamper,Tom,Per,tp@x.org
absent,Carl,Absent,ca@x.org
away,,,
"""


def _questions_and_histogram(page: str) -> str:
    return page[page.index("<h2>Questions") : page.index("<h2>Not graded")]


@pytest.fixture(scope="module")
def report(graded, tmp_path_factory):
    """The graded class with a roster and a late hand-in; and the page before the roster."""
    root = fresh_copy(graded[0], tmp_path_factory.mktemp("report"))
    before = write_report(root, ASSIGNMENT).read_text()
    (root / "roster.csv").write_text(ROSTER)
    nbgrader(root, "db", "student", "import", "roster.csv")
    hand_in(root, "late", answer(RIGHT))  # handed in after the class was graded
    return root, write_report(root, ASSIGNMENT), before


def test_the_report_puts_what_to_reteach_first(report):
    _, page, _ = report
    text = page.read_text()
    assert text.index("Questions, worst first") < text.index("Not graded")
    assert "test_double" in text and "data:image/png;base64," in text
    assert "truncated (ungradable)" in text and "os_exit (failed)" in text
    assert "tamper (Tom Per): tiny.ipynb" in text  # flagged, with the line and the name
    assert "why: 1 answer<" in text  # a written answer still to grade by hand


def test_who_did_not_hand_in_is_named_but_not_counted(report):
    _, page, before = report
    text = page.read_text()
    not_graded = text[text.index("<h2>Not graded") : text.index("<h2>Flagged")]
    assert "2 did not hand in" in not_graded and "absent (Carl Absent), away." in not_graded
    assert f"late (not graded yet): grade it with gdkit grade {ASSIGNMENT} --student late" in (
        not_graded
    )
    assert "2 not handed in" in text
    assert _questions_and_histogram(text) == _questions_and_histogram(before)


def test_failures_are_counted_by_message(report):
    _, page, _ = report
    text = page.read_text()
    assert "× `double(2)` is not implemented yet" not in text  # the release says NotImplemented...
    assert "hidden-check-line" in text  # ...and the wrong answers fail the (hidden) assertion


def test_the_csv_has_a_row_per_student_with_its_status_and_flags(report):
    _, page, _ = report
    with page.with_suffix(".csv").open() as handle:
        by_student = {row["student"]: row for row in csv.DictReader(handle)}
    assert set(CLASS) | {"absent", "away", "late"} <= set(by_student)
    right, absent = by_student["right"], by_student["absent"]
    assert (right["name"], right["status"], right["flagged"], right["test_double"]) == (
        "Ann Right",
        "graded",
        "",
        "2.0",
    )
    assert (absent["status"], absent["total"], absent["test_double"]) == ("not handed in", "", "")
    assert by_student["late"]["status"] == "not graded yet"
    assert by_student["truncated"]["status"] == "ungradable"
    assert by_student["tamper"]["flagged"] == "tampering"
    assert "changes np.isclose" in by_student["tamper"]["flags"]
    assert by_student["test_edited"]["flagged"] == "test edited"
    assert "'test_double' was edited" in by_student["test_edited"]["flags"]


def test_feedback_shows_the_failure_but_not_the_hidden_test(graded):
    root, _ = graded
    folder = write_feedback(root, ASSIGNMENT)
    wrong = (folder / "wrong--tiny.html").read_text()
    assert "AssertionError" in wrong
    assert "assert double(-1.5)" not in wrong  # the hidden test's source stays hidden
    assert "comes from a hidden test" in wrong  # x + 2 passes the visible double(2) == 4
    blank = (folder / "blank--tiny.html").read_text()
    assert "NotImplementedError" in blank
    assert "comes from a hidden test" not in blank  # it fails the visible test first
    assert (folder / "right--tiny.html").exists()


def test_the_command_line_drives_it(graded):
    root, _ = graded
    run = subprocess.run(
        [sys.executable, "-m", "gdkit", "report", ASSIGNMENT, "--course", str(root)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "report.html" in run.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "gdkit", "grade", "nonexistent", "--course", str(root)],
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2 and "generate_assignment" in missing.stderr


def test_a_student_with_nothing_graded_yet_is_said_to_be_left_out_of_the_mean():
    done = Question("test_f", 2.0, scores={"ann": 2.0, "bob": 1.0})
    waiting = Question("why", 1.0, scores={"ann": 1.0}, to_grade_by_hand=["bob", "cy"])
    held = Question("test_g", 1.0, scores={"ann": 1.0, "bob": 1.0}, to_grade_by_hand=["cy"])
    group = _Class(
        totals={"ann": 4.0, "bob": 2.0, "cy": 0.0},
        status={s: "graded" for s in ("ann", "bob", "cy")},
        record={},
        names={},
    )
    paragraph, _ = _summary([done, waiting, held], group, {})
    assert "3 students graded, mean 83% of the points graded so far" in paragraph
    assert "over 2 of them: 1 with nothing graded yet is left out" in paragraph

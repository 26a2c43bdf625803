"""Can an instructor act on the report, upload the feedback, and drive it all from `gdkit`?"""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from gdkit.grading.feedback import write_feedback
from gdkit.grading.report import write_report

from .conftest import ASSIGNMENT, CLASS


@pytest.fixture(scope="module")
def report(graded):
    root, _ = graded
    return root, write_report(root, ASSIGNMENT)


def test_the_report_puts_what_to_reteach_first(report):
    _, page = report
    text = page.read_text()
    assert text.index("Questions, worst first") < text.index("Not graded")
    assert "test_double" in text and "data:image/png;base64," in text
    assert "truncated (ungradable)" in text and "os_exit (failed)" in text
    assert "tamper: tiny.ipynb" in text  # flagged, with the line
    assert "why: 1 answer<" in text  # a written answer still to grade by hand


def test_failures_are_counted_by_message(report):
    _, page = report
    text = page.read_text()
    assert "× `double(2)` is not implemented yet" not in text  # the release says NotImplemented...
    assert "hidden-check-line" in text  # ...and the wrong answers fail the (hidden) assertion


def test_the_csv_has_a_row_per_student_with_its_status(report):
    root, page = report
    with page.with_suffix(".csv").open() as handle:
        rows = list(csv.DictReader(handle))
    by_student = {row["student"]: row for row in rows}
    assert set(CLASS) <= set(by_student)
    assert by_student["right"]["test_double"] == "2.0"
    assert by_student["truncated"]["status"] == "ungradable"


def test_feedback_shows_the_failure_but_not_the_hidden_test(graded):
    root, _ = graded
    folder = write_feedback(root, ASSIGNMENT)
    wrong = (folder / "wrong--tiny.html").read_text()
    assert "AssertionError" in wrong
    assert "assert double(-1.5)" not in wrong  # the hidden test's source stays hidden
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

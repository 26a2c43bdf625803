"""Does the LMS route of the README work as written: zip in, grades and feedback out?"""

from __future__ import annotations

import zipfile
from pathlib import Path

import nbformat
import pytest
from traitlets.config.loader import PyFileConfigLoader

from gdkit.grading.feedback import write_feedback
from gdkit.grading.grade import grade_class

from .conftest import ASSIGNMENT, NOTEBOOK, RIGHT, fresh_copy, nbgrader

ROOT = Path(__file__).resolve().parents[2]


def course_pattern() -> str:
    """The file-name pattern the course's own nbgrader_config.py gives zip_collect."""
    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    return config.FileNameCollectorPlugin.named_regexp


@pytest.fixture(scope="module")
def collected(released, tmp_path_factory):
    root = fresh_copy(released, tmp_path_factory.mktemp("lms"))
    with (root / "nbgrader_config.py").open("a") as config:
        config.write(f"c.FileNameCollectorPlugin.named_regexp = {course_pattern()!r}\n")
    release = nbformat.read(root / "release" / ASSIGNMENT / NOTEBOOK, as_version=4)
    answered = nbformat.from_dict(release)
    next(c for c in answered.cells if c.metadata["nbgrader"]["grade_id"] == "double").source = RIGHT
    archive = root / "downloaded" / ASSIGNMENT / "archive"
    archive.mkdir(parents=True)
    with zipfile.ZipFile(archive / "submissions.zip", "w") as zipped:  # as Canvas names them
        zipped.writestr("doejane_123456_7891011_tiny.ipynb", nbformat.writes(answered))
        zipped.writestr("smithbob_LATE_222_333_tiny-1.ipynb", nbformat.writes(release))
        zipped.writestr("index.html", "<p>Canvas adds this</p>")
    nbgrader(root, "zip_collect", ASSIGNMENT, "--force")
    (root / "roster.csv").write_text("id,first_name,last_name,email\ndoejane,Jane,Doe,jd@x.org\n")
    nbgrader(root, "db", "student", "import", "roster.csv")
    return root


def test_zip_collect_files_each_student_under_submitted(collected):
    for student in ("doejane", "smithbob"):
        assert (collected / "submitted" / student / ASSIGNMENT / NOTEBOOK).exists()
    assert not list((collected / "submitted").glob("*/*/index.html"))


def test_the_collected_class_is_graded_and_gets_feedback_files(collected):
    outcomes = {o.student: o for o in grade_class(collected, ASSIGNMENT, show_progress=False)}
    assert {s: o.status for s, o in outcomes.items()} == {"doejane": "graded", "smithbob": "graded"}
    folder = write_feedback(collected, ASSIGNMENT)
    assert sorted(p.name for p in folder.iterdir()) == ["doejane--tiny.html", "smithbob--tiny.html"]

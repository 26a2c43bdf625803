"""Does the LMS route of the README work as written: zip in, grades and feedback out?

Canvas names a file ``<sortable name>_[LATE_]<user id>_<file id>_<student's name for it>``,
or ``[LATE_]anon_<anonymous id>_<file id>_...`` with anonymous grading; the course's
pattern files each under the user id (or ``anon_<anonymous id>``), never the name.
"""

from __future__ import annotations

import csv
import subprocess
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from traitlets.config.loader import PyFileConfigLoader

from gdkit.grading.feedback import write_feedback
from gdkit.grading.grade import grade_class
from gdkit.grading.report import write_report

from .conftest import ASSIGNMENT, NOTEBOOK, RIGHT, fresh_copy, nbgrader

ROOT = Path(__file__).resolve().parents[2]
#: how the course's pattern was before: the student id was Canvas's sortable name
BY_NAME = r".*/(?P<student_id>[^/_]+)_(?:LATE_)?\d+_\d+_(?P<file_id>[^/]+?)(?:-\d+)?\.ipynb$"


def course_pattern() -> str:
    """The file-name pattern the course's own nbgrader_config.py gives zip_collect."""
    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    return config.FileNameCollectorPlugin.named_regexp


def zip_collect(course: Path, tmp: Path, files: dict[str, str], pattern: str | None = None):
    """A copy of ``course`` with ``files`` (name -> text) zipped as the LMS gives them, and
    the finished run of `nbgrader zip_collect` (not checked: some runs must fail)."""
    root = fresh_copy(course, tmp)
    with (root / "nbgrader_config.py").open("a") as config:
        config.write(f"c.FileNameCollectorPlugin.named_regexp = {pattern or course_pattern()!r}\n")
    archive = root / "downloaded" / ASSIGNMENT / "archive"
    archive.mkdir(parents=True)
    with zipfile.ZipFile(archive / "submissions.zip", "w") as zipped:
        for name, text in files.items():
            zipped.writestr(name, text)
    try:
        run = nbgrader(root, "zip_collect", ASSIGNMENT, "--force")
    except subprocess.CalledProcessError as failed:  # it has the output and return code too
        run = failed
    return root, run


def handed_in(root: Path) -> dict[str, list[str]]:
    """student -> the files in submitted/<student>/<assignment>/."""
    return {
        folder.parent.name: sorted(p.name for p in folder.iterdir())
        for folder in (root / "submitted").glob(f"*/{ASSIGNMENT}")
    }


@pytest.fixture(scope="module")
def notebooks(released) -> tuple[str, str]:
    """The release as a student gets it, and with the right answer."""
    release = nbformat.read(released / "release" / ASSIGNMENT / NOTEBOOK, as_version=4)
    answered = nbformat.from_dict(release)
    next(c for c in answered.cells if c.metadata["nbgrader"]["grade_id"] == "double").source = RIGHT
    return nbformat.writes(release), nbformat.writes(answered)


@pytest.fixture(scope="module")
def collected(released, notebooks, tmp_path_factory):
    blank, right = notebooks
    files = {  # as Canvas names them: two students called Jane Doe, one late resubmission
        "doejane_123456_7891011_tiny.ipynb": right,
        "doejane_654321_7891012_tiny.ipynb": blank,
        "smithbob_LATE_222_333_tiny-1.ipynb": blank,
        "index.html": "<p>Canvas adds this</p>",
        "stray.ipynb": blank,
    }
    root, run = zip_collect(released, tmp_path_factory.mktemp("lms"), files)
    (root / "roster.csv").write_text(
        "id,first_name,last_name,email\n"
        "123456,Jane,Doe,jd@x.org\n654321,Jane,Doe,jd2@x.org\n222,Bob,Smith,bs@x.org\n"
    )
    nbgrader(root, "db", "student", "import", "roster.csv")
    return root, run


def test_each_canvas_user_is_one_student_even_with_one_name(collected):
    root, run = collected
    assert run.returncode == 0, run.stderr
    assert handed_in(root) == {s: [NOTEBOOK] for s in ("123456", "654321", "222")}
    assert "return 2 * x" in (root / "submitted" / "123456" / ASSIGNMENT / NOTEBOOK).read_text()
    assert "return 2 * x" not in (root / "submitted" / "654321" / ASSIGNMENT / NOTEBOOK).read_text()


def test_every_skipped_file_is_named(collected):
    _, run = collected
    skipped = [line for line in run.stderr.splitlines() if "Skipped submission" in line]
    assert [line.rsplit("/", 1)[-1] for line in skipped] == ["index.html", "stray.ipynb"]
    assert "3 files collected, 2 files skipped" in run.stderr


def test_the_collected_class_is_graded_under_its_names(collected):
    root, _ = collected
    outcomes = {o.student: o for o in grade_class(root, ASSIGNMENT, show_progress=False)}
    assert {s: o.status for s, o in outcomes.items()} == dict.fromkeys(
        ("123456", "222", "654321"), "graded"
    )
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id="tiny-course") as gb:
        jane = gb.find_student("123456")  # as the Formgrader shows her
        assert (jane.first_name, jane.last_name) == ("Jane", "Doe")
        assert gb.find_submission(ASSIGNMENT, "123456").score == 2.0
        assert gb.find_submission(ASSIGNMENT, "654321").score == 0.0
    page = write_report(root, ASSIGNMENT)
    for heading in ("Not graded", "Flagged", "Repaired", "To grade by hand"):  # all empty
        section = page.read_text().split(f"<h2>{heading}")[1]
        assert section.split("</h2>")[1].startswith("<ul><li>none</li></ul>"), heading
    with page.with_suffix(".csv").open() as handle:
        names = {row["student"]: row["name"] for row in csv.DictReader(handle)}
    assert names == {"123456": "Jane Doe", "222": "Bob Smith", "654321": "Jane Doe"}
    folder = write_feedback(root, ASSIGNMENT)
    assert sorted(p.name for p in folder.iterdir()) == [
        "123456--tiny.html",
        "222--tiny.html",
        "654321--tiny.html",
    ]


def test_anonymous_grading_files_each_under_its_anonymous_id(released, notebooks, tmp_path):
    blank, _ = notebooks
    files = {"anon_Ab3dE_901_tiny.ipynb": blank, "LATE_anon_xY7zQ_902_tiny-1.ipynb": blank}
    root, run = zip_collect(released, tmp_path, files)
    assert run.returncode == 0, run.stderr
    assert handed_in(root) == {"anon_Ab3dE": [NOTEBOOK], "anon_xY7zQ": [NOTEBOOK]}


# Why the name is not the id: what nbgrader 0.9.6 does with two students named Jane Doe
# when the sortable name is the student id (as this course's pattern once had it).


def test_a_shared_name_as_the_id_stops_zip_collect_and_collects_nobody(
    released, notebooks, tmp_path
):
    blank, right = notebooks
    files = {"doejane_123456_901_tiny.ipynb": right, "doejane_654321_902_tiny.ipynb": blank}
    root, run = zip_collect(released, tmp_path, files, pattern=BY_NAME)
    assert run.returncode == 1 and "Duplicate submission file" in run.stderr
    assert handed_in(root) == {}


def test_a_shared_name_as_the_id_puts_two_students_in_one_folder_silently(
    released, notebooks, tmp_path
):
    blank, right = notebooks
    files = {"doejane_123456_901_tiny.ipynb": right, "doejane_654321_902_tiny (1).ipynb": blank}
    root, run = zip_collect(released, tmp_path, files, pattern=BY_NAME)
    assert run.returncode == 0 and "skipped" not in run.stderr
    assert handed_in(root) == {"doejane": ["tiny (1).ipynb", NOTEBOOK]}

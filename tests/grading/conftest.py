"""A tiny course to grade: one assignment, one notebook, one function and a written answer."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from gdkit.grading import sandbox
from gdkit.grading.grade import grade_class
from gdkit.grading.job import Limits

ASSIGNMENT = "tiny"
NOTEBOOK = "tiny.ipynb"
ANSWER = "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION"
TEST = (
    "from gdkit import checks\n"
    "checks.assert_close(double(2), 4.0, name='double(2)')\n"
    "### BEGIN HIDDEN TESTS\n"
    "assert double(-1.5) == -3.0, 'hidden-check-line'\n"
    "### END HIDDEN TESTS"
)


def _meta(grade_id: str, *, grade: bool, solution: bool, locked: bool, points: float = 0) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points:
        meta["points"] = points
    return {"nbgrader": meta}


def source_notebook() -> nbformat.NotebookNode:
    nb = new_notebook(
        cells=[
            new_markdown_cell(
                "# Tiny", metadata=_meta("intro", grade=False, solution=False, locked=True)
            ),
            new_code_cell(
                ANSWER, metadata=_meta("double", grade=False, solution=True, locked=False)
            ),
            new_code_cell(
                TEST,
                metadata=_meta("test_double", grade=True, solution=False, locked=True, points=2),
            ),
            new_markdown_cell(
                "Why?", metadata=_meta("why", grade=True, solution=True, locked=False, points=1)
            ),
        ]
    )
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    for cell in nb.cells:
        cell.id = cell.metadata["nbgrader"]["grade_id"]
    return nb


def nbgrader(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )


CONFIG = """c = get_config()
c.CourseDirectory.course_id = "tiny-course"
c.Execute.timeout = 10
c.OverwriteCells.add_missing_cells = True
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "gdkit.grading.preprocessors.ShortenTracebacks",
    "nbgrader.preprocessors.ClearHiddenTests",
    "gdkit.grading.preprocessors.NoteHandGrading",
]
"""


@pytest.fixture(scope="session")
def released(tmp_path_factory) -> Path:
    """A course folder with the assignment generated (gradebook and release), nobody graded."""
    root = tmp_path_factory.mktemp("course")
    (root / "nbgrader_config.py").write_text(CONFIG)
    (root / "source" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(source_notebook(), root / "source" / ASSIGNMENT / NOTEBOOK)
    nbgrader(root, "generate_assignment", ASSIGNMENT, "--force")
    return root


def hand_in(root: Path, student: str, edit) -> Path:  # noqa: ANN001
    """Hand in the release for ``student``, changed by ``edit(nb)`` (or raw text if str)."""
    folder = root / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / NOTEBOOK
    if isinstance(edit, str):
        target.write_text(edit)
        return target
    nb = nbformat.read(root / "release" / ASSIGNMENT / NOTEBOOK, as_version=4)
    edit(nb)
    nbformat.write(nb, target)
    return target


def fresh_copy(root: Path, tmp: Path) -> Path:
    copy = tmp / root.name
    shutil.copytree(root, copy)
    return copy


RIGHT = "def double(x):\n    return 2 * x"


def cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def answer(source):
    def edit(nb):
        cell(nb, "double").source = source

    return edit


def explained(source):
    def edit(nb):
        answer(source)(nb)
        cell(nb, "why").source = "Because doubling is adding a number to itself."

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


TAMPER = "import numpy as np\nnp.isclose = lambda *a, **k: True\nnp.allclose = np.isclose\n"

#: a student's code that looks for the course's files and tries to write next to them
SNOOP = """import os
course = os.environ.get("GDKIT_TEST_COURSE", "")
seen = []
for name in ("source/tiny/tiny.ipynb", "submitted/right/tiny/tiny.ipynb", "gradebook.db"):
    try:
        if open(os.path.join(course, name), "rb").read():
            seen.append(name)
    except OSError:
        pass
try:
    open(os.path.join(course, "escaped.txt"), "w").write("x")
except OSError:
    pass
print("seen:", seen)
"""

#: replaces the test helpers, and is right only where the visible test does not look
REBIND = """import gdkit.checks as gc

gc.assert_close = lambda *args, **kwargs: None


def double(x):
    return 0 if x == 2 else 2 * x
"""

#: student -> (what they hand in, status, points of 2 for the code)
CLASS = {
    "right": (explained(RIGHT), "graded", 2.0),
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
    "tamper": (answer(TAMPER + "def double(x):\n    return 0"), "graded", 0.0),
    "snoop": (answer(SNOOP + RIGHT), "graded", 2.0),
    "rebind": (answer(REBIND), "graded", 0.0),  # passes its tests only by replacing `checks`
    "widget": (
        answer("import ipywidgets\ndisplay(ipywidgets.IntSlider())\n" + RIGHT),
        "graded",
        2.0,
    ),
    "segfault": (answer("import ctypes\nctypes.string_at(0)"), "failed", None),
    "os_exit": (answer("import os\nos._exit(1)"), "failed", None),
    "truncated": ('{"cells": [{"cell_type": "code", "sour', "ungradable", None),
    "not_a_notebook": ('{"hello": "world"}', "ungradable", None),
}


@pytest.fixture(scope="session")
def graded(released, tmp_path_factory):
    root = fresh_copy(released, tmp_path_factory.mktemp("class"))
    for student, (edit, _, _) in CLASS.items():
        hand_in(root, student, edit)
    (root / "submitted" / "nothing" / ASSIGNMENT).mkdir(parents=True)
    (root / "submitted" / "nothing" / ASSIGNMENT / "notes.txt").write_text("sorry")
    limits = Limits(seconds=60, memory_bytes=2 * 2**30)
    os.environ["GDKIT_TEST_COURSE"] = str(root)  # where the snooping student looks
    outcomes = grade_class(
        root,
        ASSIGNMENT,
        workers=2,
        limits=limits,
        show_progress=False,
        sandboxed=sandbox.available() or bool(os.environ.get("GDKIT_REQUIRE_SANDBOX")),
    )
    return root, {o.student: o for o in outcomes}

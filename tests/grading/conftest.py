"""A tiny course to grade: one assignment, one notebook, one function and a written answer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ASSIGNMENT = "tiny"
NOTEBOOK = "tiny.ipynb"
ANSWER = "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION"
TEST = (
    "assert double(2) == 4, 'double(2) should be 4'\n"
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
    "nbgrader.preprocessors.ClearHiddenTests",
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

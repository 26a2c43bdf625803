"""One throwaway nbgrader course, graded once per test session.

Three students hand in every assignment: ``solver`` submits the instructor's solutions
(so its autograded copy shows whether they run cleanly),
``blank`` the untouched release, ``deleter`` the release with its test cells deleted.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from .notebooks import COURSE, SOLUTIONS, assignments, nbgrader, nbgrader_meta, new_course, read

STUDENTS = ("solver", "blank", "deleter")


@dataclass
class GradedCourse:
    root: Path

    def submission(self, assignment: str, student: str):
        with Gradebook(f"sqlite:///{self.root / 'gradebook.db'}", course_id="gdkit") as gb:
            sub = gb.find_submission(assignment, student)
            return {
                "code_score": sub.code_score,
                "max_code_score": sub.max_code_score,
                "max_score": sub.max_score,
            }

    def autograded(self, assignment: str, student: str) -> list[Path]:
        return sorted((self.root / "autograded" / student / assignment).glob("*.ipynb"))


def _hand_in(root: Path, student: str, assignment: str) -> None:
    target = root / "submitted" / student / assignment
    source = SOLUTIONS if student == "solver" else COURSE
    shutil.copytree(source / assignment, target)
    if student == "deleter":
        for path in target.glob("*.ipynb"):
            nb = read(path)
            nb.cells = [c for c in nb.cells if not _is_test(c)]
            nbformat.write(nb, path)


def _is_test(cell) -> bool:
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution")


@pytest.fixture(scope="session")
def graded(tmp_path_factory) -> GradedCourse:
    root = new_course(tmp_path_factory.mktemp("course"))
    for assignment in assignments():
        nbgrader(root, "generate_assignment", assignment, "--force")
        for student in STUDENTS:
            _hand_in(root, student, assignment)
        nbgrader(root, "autograde", assignment, "--force")
        nbgrader(root, "generate_feedback", assignment, "--force")
    nbgrader(root, "export", "--to", str(root / "grades.csv"))
    return GradedCourse(root)

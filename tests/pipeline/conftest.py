"""Throwaway nbgrader courses, one per assignment, graded once per test session.

Three students hand in every assignment: ``solver`` submits the instructor's solutions
(so its autograded copy also shows whether they run cleanly), ``blank`` the untouched
release, ``deleter`` the release with its test cells deleted. In the first assignment
``looper`` also hands in the solutions with an endless loop in the first answer cell.
Each assignment gets its own course folder and gradebook, so that they are graded in
parallel.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from .notebooks import (
    COURSE,
    SOLUTIONS,
    assignments,
    is_test_cell,
    nbgrader,
    nbgrader_meta,
    new_course,
    read,
)

STUDENTS = ("solver", "blank", "deleter")
LOOP = "while True:\n    pass"


@dataclass
class GradedCourse:
    roots: dict[str, Path]  # assignment -> its course folder

    def submission(self, assignment: str, student: str) -> dict[str, float]:
        db = f"sqlite:///{self.roots[assignment] / 'gradebook.db'}"
        with Gradebook(db, course_id="gdkit") as gb:
            sub = gb.find_submission(assignment, student)
            return {"code_score": sub.code_score, "max_code_score": sub.max_code_score}

    def step(self, name: str, assignment: str, student: str = ".") -> Path:
        """A folder of nbgrader's layout: course, autograded, feedback ..."""
        return self.roots[assignment] / name / student / assignment

    def autograded(self, assignment: str, student: str) -> list[Path]:
        return sorted(self.step("autograded", assignment, student).glob("*.ipynb"))


def _hand_in(root: Path, student: str, assignment: str) -> None:
    target = root / "submitted" / student / assignment
    source = SOLUTIONS if student in ("solver", "looper") else COURSE
    shutil.copytree(source / assignment, target)
    for path in target.glob("*.ipynb"):
        nb = read(path)
        if student == "deleter":
            nb.cells = [c for c in nb.cells if not is_test_cell(c)]
        if student == "looper":
            answer = next(c for c in nb.cells if nbgrader_meta(c).get("solution"))
            answer.source = LOOP
        nbformat.write(nb, path)


def _grade(root: Path, assignment: str) -> Path:
    """Release, hand in, autograde, give feedback and export grades for one assignment."""
    new_course(root, assignment)
    nbgrader(root, "generate_assignment", assignment, "--force")
    loops = ("looper",) if assignment == assignments()[0] else ()
    for student in STUDENTS + loops:
        _hand_in(root, student, assignment)
    nbgrader(root, "autograde", assignment, "--force")
    nbgrader(root, "generate_feedback", assignment, "--force")
    nbgrader(root, "export", "--to", str(root / "grades.csv"))
    return root


@pytest.fixture(scope="session")
def graded(tmp_path_factory) -> GradedCourse:
    names = assignments()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        roots = pool.map(lambda a: _grade(tmp_path_factory.mktemp(a), a), names)
        return GradedCourse(dict(zip(names, roots, strict=True)))

"""Throwaway nbgrader courses, released and graded once per test session.

``released`` is a course where every assignment was generated from solutions/ as
``python3 run.py release`` does it (seconds). ``graded`` grades a copy of it per
assignment, all at once (each copy has its own gradebook). Three students hand in every
assignment: ``solver`` submits the instructor's solutions (so its autograded copy also
shows whether they run cleanly), ``blank`` the untouched release, ``deleter`` the release
with its test cells deleted. In the first assignment ``looper`` also hands in the solutions
with an endless loop in the first answer cell.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from .notebooks import (
    COURSE,
    RELEASE,
    SOLUTIONS,
    assignments,
    is_test_cell,
    nbgrader,
    nbgrader_meta,
    new_course,
    read,
)

STUDENTS = ("solver", "blank", "deleter")
# It sleeps rather than spins, so that the assignments graded meanwhile keep the CPU; the
# cell timeout stops it all the same.
LOOP = "import time\n\nwhile True:\n    time.sleep(0.1)"


@dataclass
class Courses:
    roots: dict[str, Path]  # assignment -> the course folder that holds it

    def step(self, name: str, assignment: str, student: str = ".") -> Path:
        """A folder of nbgrader's layout: course, autograded, feedback ..."""
        return self.roots[assignment] / name / student / assignment


class GradedCourses(Courses):
    def submission(self, assignment: str, student: str) -> dict[str, float]:
        db = f"sqlite:///{self.roots[assignment] / 'gradebook.db'}"
        with Gradebook(db, course_id="gdkit") as gb:
            sub = gb.find_submission(assignment, student)
            return {"code_score": sub.code_score, "max_code_score": sub.max_code_score}

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


def _grade(root: Path, assignment: str) -> None:
    """Hand in, autograde, give feedback and export grades for one released assignment."""
    loops = ("looper",) if assignment == assignments()[0] else ()
    for student in STUDENTS + loops:
        _hand_in(root, student, assignment)
    nbgrader(root, "autograde", assignment, "--force")
    nbgrader(root, "generate_feedback", assignment, "--force")
    nbgrader(root, "export", "--to", str(root / "grades.csv"))


@pytest.fixture(scope="session")
def released(tmp_path_factory) -> Courses:
    """One course with every assignment freshly generated from solutions/."""
    root = new_course(tmp_path_factory.mktemp("released"))
    nbgrader(root, *RELEASE)
    return Courses(dict.fromkeys(assignments(), root))


@pytest.fixture(scope="session")
def graded(released, tmp_path_factory) -> GradedCourses:
    """The released course, handed in by every student, autograded, with feedback."""
    # The folders are made here: tmp_path_factory is not safe to call from several threads.
    roots = {a: tmp_path_factory.mktemp(a) for a in assignments()}
    for assignment, root in roots.items():
        shutil.copytree(released.roots[assignment], root, dirs_exist_ok=True)
    # Threads suffice: each one waits on nbgrader in its own process.
    with ThreadPoolExecutor(max_workers=len(roots)) as pool:
        list(pool.map(_grade, roots.values(), roots.keys()))  # list(): raise the first error
    return GradedCourses(roots)

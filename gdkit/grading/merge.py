"""Write one student's autograde results into the course's gradebook (the single writer).

Each job grades against its own copy of the gradebook; the results are merged here, one
student at a time, by the one process that writes to the real gradebook. What is copied
is exactly what nbgrader's autograde writes: the submission and its timestamp, each
grade's automatic score and whether it needs manual grading, each comment's automatic
comment, and each notebook's late penalty.

Two things differ from nbgrader's own autograde, on purpose. A submission whose code
changes what the tests rely on has every test cell's score withheld: 0, and marked for
grading by hand, passed or failed. And regrading keeps a hand grade where the student's
answer is unchanged: nbgrader's autograde keeps the manual score but puts the answer back
among those to grade by hand.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from nbgrader.api import Grade, Gradebook
from sqlalchemy.exc import SAWarning

__all__ = ["graded_cells", "merge_submission", "sqlalchemy_quiet", "unchanged_answers"]

#: notebook name (without .ipynb) -> grade id -> (whether it is an answer cell, its source)
Cells = dict[str, dict[str, tuple[bool, str]]]


def graded_cells(files: Mapping[str, bytes]) -> Cells:
    """The cells with a grade id of each notebook among ``files`` (relative path -> bytes).

    >>> cell = {"cell_type": "code", "source": ["f = 1"],
    ...         "metadata": {"nbgrader": {"grade_id": "f", "solution": True}}}
    >>> graded_cells({"hw.ipynb": json.dumps({"cells": [cell]}).encode(), "data.csv": b""})
    {'hw': {'f': (True, 'f = 1')}}
    """
    found: Cells = {}
    for name in sorted(files):
        if "/" in name or not name.endswith(".ipynb"):
            continue
        cells = found.setdefault(name.removesuffix(".ipynb"), {})
        for cell in json.loads(files[name]).get("cells", []):
            meta = cell.get("metadata", {}).get("nbgrader") or {}
            if meta.get("grade_id"):
                source = cell.get("source", "")
                cells[meta["grade_id"]] = (
                    bool(meta.get("solution")),
                    "".join(source) if isinstance(source, list) else source,
                )
    return found


def unchanged_answers(before: Cells, after: Cells) -> set[tuple[str, str]]:
    """(notebook, grade id) of each graded cell whose student's answer is as it was before.

    An answer cell (a written answer) is unchanged when its source is; a test cell when
    every answer cell of its notebook is.

    >>> before = {"hw": {"why": (True, "Because."), "test_f": (False, "check(f)"),
    ...                  "f": (True, "def f(): return 1")}}
    >>> after = {"hw": {**before["hw"], "f": (True, "def f(): return 2")}}
    >>> sorted(unchanged_answers(before, after))
    [('hw', 'why')]
    """
    same = set()
    for name, cells in after.items():
        old = before.get(name, {})
        answers_now = {gid: src for gid, (answer, src) in cells.items() if answer}
        answers_then = {gid: src for gid, (answer, src) in old.items() if answer}
        for grade_id, (answer, source) in cells.items():
            if (old.get(grade_id) == (answer, source)) if answer else answers_now == answers_then:
                same.add((name, grade_id))
    return same


@contextmanager
def sqlalchemy_quiet() -> Iterator[None]:
    """Silence SQLAlchemy's warnings inside: nbgrader's add_submission makes it grumble.

    Warning filters belong to the process, not to a thread, and any thread that enters and
    leaves ``warnings.catch_warnings`` (nbformat's validator does) puts back the filters it
    found. So around work that runs in threads, enter this before they start.

    >>> with sqlalchemy_quiet():
    ...     warnings.warn("grumble", SAWarning)
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        yield


def merge_submission(
    source_db: Path,
    target: Gradebook,
    assignment: str,
    student: str,
    *,
    flagged: bool = False,
    withhold: bool = False,
    unchanged: Collection[tuple[str, str]] = (),
) -> None:
    """Copy ``student``'s autograded ``assignment`` from the SQLite file ``source_db``
    into the open gradebook ``target`` (opened once for a whole class), and commit.

    ``flagged`` marks the submission's notebooks for the instructor (nbgrader's flag, shown
    in the Formgrader); ``withhold`` sets every test cell's score to 0 and asks for grading
    by hand, for code that changes what the tests rely on. ``unchanged`` names the
    (notebook, grade id) whose answer is as when last graded (:func:`unchanged_answers`):
    a hand grade given to it stands.

    >>> with Gradebook("sqlite:///gradebook.db", course_id="course") as gradebook:
    ...     merge_submission(Path("job/gradebook.db"), gradebook, "01", "ann")  # doctest: +SKIP
    """
    with sqlalchemy_quiet():
        _merge(source_db, target, assignment, student, flagged, withhold, unchanged)


def _is_test(grade: Grade, answers: set[str]) -> bool:
    """Whether ``grade`` is a test cell's (scored automatically), not an answer's or a task's."""
    return grade.name not in answers and grade.auto_score is not None


def _copy_grade(into: Grade, grade: Grade, *, withhold: bool, unchanged: bool) -> None:
    """Copy what autograde wrote of one grade, withheld (a test of tampered code) or not."""
    before = into.auto_score
    into.auto_score = 0.0 if withhold else grade.auto_score
    into.needs_manual_grade = withhold or grade.needs_manual_grade
    # autograde asks again for a hand grade already given; it stands if nothing changed
    if into.manual_score is not None and unchanged and into.auto_score == before:
        into.needs_manual_grade = False


def _merge(
    source_db: Path,
    target: Gradebook,
    assignment: str,
    student: str,
    flagged: bool,
    withhold: bool,
    unchanged: Collection[tuple[str, str]],
) -> None:
    with Gradebook(f"sqlite:///{source_db}", course_id=target.course_id) as source:
        submission = source.find_submission(assignment, student)
        known = source.find_student(student)
        target.update_or_create_student(
            student,
            first_name=known.first_name,
            last_name=known.last_name,
            email=known.email,
            lms_user_id=known.lms_user_id,
        )
        extra = {"timestamp": submission.timestamp} if submission.timestamp else {}
        target.update_or_create_submission(assignment, student, **extra)
        for notebook in submission.notebooks:
            copy = target.find_submission_notebook(notebook.name, assignment, student)
            copy.late_submission_penalty = notebook.late_submission_penalty
            copy.flagged = flagged or copy.flagged
            answers = {cell.name for cell in notebook.notebook.solution_cells}
            grades = {grade.name: grade for grade in copy.grades}
            for grade in notebook.grades:
                _copy_grade(
                    grades[grade.name],
                    grade,
                    withhold=withhold and _is_test(grade, answers),
                    unchanged=(notebook.name, grade.name) in unchanged,
                )
            comments = {comment.name: comment for comment in copy.comments}
            for comment in notebook.comments:
                comments[comment.name].auto_comment = comment.auto_comment
        target.db.commit()

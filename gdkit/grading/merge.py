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

import warnings
from collections.abc import Collection
from pathlib import Path

import nbformat
from nbgrader.api import Grade, Gradebook
from sqlalchemy.exc import SAWarning

__all__ = ["graded_cells", "merge_submission", "unchanged_answers"]

#: notebook name (without .ipynb) -> grade id -> (whether it is an answer cell, its source)
Cells = dict[str, dict[str, tuple[bool, str]]]


def graded_cells(folder: Path) -> Cells:
    """The cells with a grade id of each notebook in ``folder`` (none if it does not exist).

    >>> graded_cells(Path("/nonexistent"))
    {}
    """
    found: Cells = {}
    for path in sorted(folder.glob("*.ipynb")):
        cells = found.setdefault(path.stem, {})
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader") or {}
            if meta.get("grade_id"):
                cells[meta["grade_id"]] = (bool(meta.get("solution")), cell.source)
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


def merge_submission(
    source_db: Path,
    target_url: str,
    course_id: str,
    assignment: str,
    student: str,
    *,
    flagged: bool = False,
    withhold: bool = False,
    unchanged: Collection[tuple[str, str]] = (),
) -> None:
    """Copy ``student``'s autograded ``assignment`` from the SQLite file ``source_db``.

    ``flagged`` marks the submission's notebooks for the instructor (nbgrader's flag, shown
    in the Formgrader); ``withhold`` sets every test cell's score to 0 and asks for grading
    by hand, for code that changes what the tests rely on. ``unchanged`` names the
    (notebook, grade id) whose answer is as when last graded (:func:`unchanged_answers`):
    a hand grade given to it stands.

    >>> merge_submission(Path("job/gradebook.db"), "sqlite:///gradebook.db", "course",
    ...                  "01", "ann")  # doctest: +SKIP
    """
    with warnings.catch_warnings():  # nbgrader's add_submission makes SQLAlchemy grumble
        warnings.simplefilter("ignore", SAWarning)
        _merge(source_db, target_url, course_id, assignment, student, flagged, withhold, unchanged)


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
    target_url: str,
    course_id: str,
    assignment: str,
    student: str,
    flagged: bool,
    withhold: bool,
    unchanged: Collection[tuple[str, str]],
) -> None:
    with (
        Gradebook(f"sqlite:///{source_db}", course_id=course_id) as source,
        Gradebook(target_url, course_id=course_id) as target,
    ):
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
            for grade in notebook.grades:
                _copy_grade(
                    target.find_grade(grade.name, notebook.name, assignment, student),
                    grade,
                    withhold=withhold and _is_test(grade, answers),
                    unchanged=(notebook.name, grade.name) in unchanged,
                )
            for comment in notebook.comments:
                into = target.find_comment(comment.name, notebook.name, assignment, student)
                into.auto_comment = comment.auto_comment
        target.db.commit()

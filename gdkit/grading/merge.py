"""Write one student's autograde results into the course's gradebook (the single writer).

Each job grades against its own copy of the gradebook; the results are merged here, one
student at a time, by the one process that writes to the real gradebook. What is copied
is exactly what nbgrader's autograde writes: the submission and its timestamp, each
grade's automatic score and whether it needs manual grading, each comment's automatic
comment, and each notebook's late penalty.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from nbgrader.api import Gradebook
from sqlalchemy.exc import SAWarning

__all__ = ["merge_submission"]


def merge_submission(
    source_db: Path,
    target_url: str,
    course_id: str,
    assignment: str,
    student: str,
    *,
    flagged: bool = False,
    withhold: bool = False,
) -> None:
    """Copy ``student``'s autograded ``assignment`` from the SQLite file ``source_db``.

    ``flagged`` marks the submission's notebooks for the instructor (nbgrader's flag, shown
    in the Formgrader); ``withhold`` sets every automatic score to 0 and asks for grading
    by hand, for code that changes what the tests rely on.

    >>> merge_submission(Path("job/gradebook.db"), "sqlite:///gradebook.db", "course",
    ...                  "01", "ann")  # doctest: +SKIP
    """
    with warnings.catch_warnings():  # nbgrader's add_submission makes SQLAlchemy grumble
        warnings.simplefilter("ignore", SAWarning)
        _merge(source_db, target_url, course_id, assignment, student, flagged, withhold)


def _merge(
    source_db: Path,
    target_url: str,
    course_id: str,
    assignment: str,
    student: str,
    flagged: bool,
    withhold: bool,
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
            for grade in notebook.grades:
                into = target.find_grade(grade.name, notebook.name, assignment, student)
                into.auto_score = grade.auto_score
                into.needs_manual_grade = grade.needs_manual_grade
                if withhold and grade.auto_score:  # a test passed by changing the test
                    into.auto_score = 0.0
                    into.needs_manual_grade = True
            for comment in notebook.comments:
                into = target.find_comment(comment.name, notebook.name, assignment, student)
                into.auto_comment = comment.auto_comment
        target.db.commit()

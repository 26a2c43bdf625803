"""Feedback files for every student, in parallel, and ready to upload to an LMS.

nbgrader's ``generate_feedback`` writes ``feedback/<student>/<assignment>/<notebook>.html``;
with the course's config it leaves out the source of hidden tests (each failed test still
shows its message). Here a few ``generate_feedback`` run at once, each for a share of the
class, and
each file is also copied to ``reports/<assignment>/feedback/<student>--<notebook>.html``,
one flat folder to upload to an LMS (``nbgrader release_feedback`` returns them through a
JupyterHub exchange instead). :func:`before_upload` says what to know before uploading:
answers still to grade by hand (they show 0), and who gets no feedback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from nbgrader.api import Gradebook

from gdkit.grading.course import Course
from gdkit.grading.grade import record_path

__all__ = ["before_upload", "write_feedback"]


def _generate(course: Course, assignment: str, others: list[str]) -> str | None:
    """One ``generate_feedback`` for every graded student but ``others``; its error, if any."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    command = [sys.executable, "-m", "nbgrader", "generate_feedback", assignment, "--force"]
    if others:
        command.append(f"--CourseDirectory.student_id_exclude={','.join(others)}")
    proc = subprocess.run(command, cwd=course.root, env=env, capture_output=True, text=True)
    if proc.returncode != 0 or "ERROR" in proc.stderr:
        return (proc.stderr.strip().splitlines() or ["failed"])[-1]
    return None


def write_feedback(root: Path, assignment: str, *, workers: int | None = None) -> Path:
    """Write every autograded student's feedback; return the flat folder for an LMS upload.

    Raises ``RuntimeError`` naming the students whose feedback could not be written.

    >>> write_feedback(Path("."), "01_neuron_and_loss")  # doctest: +SKIP
    PosixPath('reports/01_neuron_and_loss/feedback')
    """
    course = Course.load(root)
    course.require_gradebook()
    autograded = course.folder("autograded", assignment, "*").parent.parent
    students = sorted(p.parent.name for p in autograded.glob(f"*/{assignment}") if p.is_dir())
    if not students:
        raise ValueError(f"nobody has been graded in {assignment!r} yet: run `gdkit grade` first")
    # a few nbgrader processes, each for a share of the class: starting one costs seconds
    shares = min(workers or os.cpu_count() or 1, len(students))
    groups = [students[k::shares] for k in range(shares)]
    others = [[s for s in students if s not in group] for group in groups]
    with ThreadPoolExecutor(max_workers=shares) as pool:
        errors = [e for e in pool.map(lambda o: _generate(course, assignment, o), others) if e]
    upload = course.root / "reports" / assignment / "feedback"
    if upload.exists():
        shutil.rmtree(upload)
    upload.mkdir(parents=True)
    for student in students:
        for page in sorted(course.folder("feedback", assignment, student).glob("*.html")):
            shutil.copy(page, upload / f"{student}--{page.name}")
    missing = [s for s in students if not list(upload.glob(f"{s}--*.html"))]
    if errors or missing:
        raise RuntimeError(
            "feedback could not be written for "
            + (", ".join(missing) or "some students")
            + (f" ({'; '.join(errors)})" if errors else "")
        )
    return upload


def _waiting(course: Course, assignment: str) -> tuple[dict[str, int], list[str]]:
    """student -> answers still to grade by hand; students whose tests' scores were
    withheld (flagged, a test cell waiting for a hand grade)."""
    waiting: dict[str, int] = {}
    withheld = []
    with Gradebook(course.db_url, course_id=course.course_id) as gb:
        for submission in gb.assignment_submissions(assignment):
            student = submission.student.id
            for notebook in submission.notebooks:
                answers = {cell.name for cell in notebook.notebook.solution_cells}
                pending = [g.name for g in notebook.grades if g.needs_manual_grade]
                if pending:
                    waiting[student] = waiting.get(student, 0) + len(pending)
                if notebook.flagged and set(pending) - answers:
                    withheld.append(student)
    return waiting, sorted(set(withheld))


def before_upload(root: Path, assignment: str) -> list[str]:
    """What the instructor must know before uploading the feedback, one line each.

    >>> before_upload(Path("."), "01_neuron_and_loss")  # doctest: +SKIP
    ['3 answers of 2 students are still to be graded by hand: ...']
    """
    course = Course.load(root)
    waiting, withheld = _waiting(course, assignment)
    lines = []
    if waiting:
        lines.append(
            f"{sum(waiting.values())} answers of {len(waiting)} students are still to be graded "
            "by hand (Formgrader): their feedback shows 0 points for them, with a note on top "
            "saying so. Grade them, then run gdkit feedback again before uploading."
        )
    if withheld:
        lines.append(
            "flagged (code that changes what the tests rely on): their tests show 0 points, "
            f"passed or not, until you grade them by hand: {', '.join(withheld)}"
        )
    record = record_path(course, assignment)
    entries = json.loads(record.read_text())["students"] if record.exists() else []
    reasons = {entry["student"]: entry["status"] for entry in entries}
    missing = [
        f"{s} ({reasons.get(s, 'not graded yet')})"
        for s in course.students(assignment)
        if not course.folder("autograded", assignment, s).is_dir()
    ]
    if missing:
        lines.append(f"no feedback (not graded; see gdkit report): {', '.join(missing)}")
    return lines

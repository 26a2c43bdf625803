"""Feedback files for every student, in parallel, and ready to upload to an LMS.

nbgrader's ``generate_feedback`` writes ``feedback/<student>/<assignment>/<notebook>.html``;
with the course's config it leaves out the source of hidden tests (each failed test still
shows its message). Here a few ``generate_feedback`` run at once, each for a share of the
class, and
each file is also copied to ``reports/<assignment>/feedback/<student>--<notebook>.html``,
one flat folder to upload to an LMS (``nbgrader release_feedback`` returns them through a
JupyterHub exchange instead).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from gdkit.grading.course import Course

__all__ = ["write_feedback"]


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

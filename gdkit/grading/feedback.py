"""Feedback files for every student, in parallel, and ready to upload to an LMS.

nbgrader's ``generate_feedback`` writes ``feedback/<student>/<assignment>/<notebook>.html``;
with the course's config it leaves out the source of hidden tests (each failed test still
shows its message). Here one ``generate_feedback`` runs per student, several at once, and
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


def _generate(course: Course, assignment: str, student: str) -> tuple[str, str | None]:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "nbgrader",
            "generate_feedback",
            assignment,
            "--student",
            student,
            "--force",
        ],
        cwd=course.root,
        env=env,
        capture_output=True,
        text=True,
    )
    failed = proc.returncode != 0 or "ERROR" in proc.stderr
    return student, (proc.stderr.strip().splitlines() or ["failed"])[-1] if failed else None


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
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        results = list(pool.map(lambda s: _generate(course, assignment, s), students))
    upload = course.root / "reports" / assignment / "feedback"
    if upload.exists():
        shutil.rmtree(upload)
    upload.mkdir(parents=True)
    for student in students:
        for page in sorted(course.folder("feedback", assignment, student).glob("*.html")):
            shutil.copy(page, upload / f"{student}--{page.name}")
    failed = [f"{student}: {error}" for student, error in results if error]
    if failed:
        raise RuntimeError("feedback could not be written for " + "; ".join(failed))
    return upload

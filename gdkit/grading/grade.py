"""Grade every submission of an assignment, one job per student, on all cores or a cluster.

The jobs (:func:`~gdkit.grading.job.grade_bundle`) run in parallel, each on its own copy
of everything; this process alone writes their results into the course: the autograded
notebooks into ``autograded/`` and the scores into the gradebook
(:func:`~gdkit.grading.merge.merge_submission`), one student at a time, so there is no
race on the SQLite file. A record of every student's outcome, failures with the reason,
goes to ``reports/<assignment>/grading.json`` for :mod:`gdkit.grading.report`.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from gdkit.grading import sandbox, tamper
from gdkit.grading.course import Course
from gdkit.grading.job import Bundle, Files, Limits, Outcome, grade_bundle, pack, unpack
from gdkit.grading.merge import (
    graded_cells,
    merge_submission,
    sqlalchemy_quiet,
    unchanged_answers,
)

__all__ = ["default_workers", "grade_class", "record_path"]


def record_path(course: Course, assignment: str) -> Path:
    """Where the outcome of each student's grading is recorded.

    >>> import tempfile
    >>> course = Course.load(Path(tempfile.mkdtemp()))
    >>> record_path(course, "01").relative_to(course.root).as_posix()
    'reports/01/grading.json'
    """
    return course.root / "reports" / assignment / "grading.json"


def default_workers() -> int:
    """Jobs at once by default: one more than the cores (a job often waits for its kernel).

    >>> default_workers() == (os.cpu_count() or 1) + 1
    True
    """
    return (os.cpu_count() or 1) + 1


def _local(bundles: Iterable[Bundle], workers: int) -> Iterator[Outcome]:
    # threads suffice: each job spends its time waiting for its own nbgrader process
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(grade_bundle, bundle) for bundle in bundles]
        for future in as_completed(futures):
            yield future.result()


def _cluster(bundles: Iterable[Bundle], scheduler: str) -> Iterator[Outcome]:
    try:
        from dask.distributed import Client
        from dask.distributed import as_completed as completed
    except ImportError:
        raise ValueError(
            "grading on a cluster needs Dask: pip install 'gdkit[cluster]' (on the workers too)"
        ) from None

    with Client(scheduler) as client:
        futures = [client.submit(grade_bundle, bundle, pure=False) for bundle in bundles]
        for future in completed(futures):
            yield future.result()


def _progress(total: int, show: bool):  # noqa: ANN202
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="student", disable=not show, desc="grading")


def grade_class(
    root: Path,
    assignment: str,
    *,
    students: Sequence[str] | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    limits: Limits | None = None,
    show_progress: bool = True,
    on_outcome: Callable[[Outcome], None] | None = None,
    sandboxed: bool = True,
) -> list[Outcome]:
    """Autograde ``assignment`` for ``students`` (default: all in submitted/) in parallel.

    ``workers`` defaults to one more than the number of cores (a job waits for its kernel
    part of the time: the extra one keeps every core busy); ``scheduler`` (``tcp://host:8786``) sends
    the jobs to a Dask cluster instead. Each student's kernel runs in a sandbox
    (:mod:`~gdkit.grading.sandbox`); without one on this machine, grading stops with a
    plain error unless ``sandboxed=False`` asks to go on without.

    Returns every student's :class:`Outcome`, sorted by student; the graded ones are in
    the gradebook and autograded/ as if nbgrader's own ``autograde`` had graded them one
    after the other.

    >>> import tempfile
    >>> grade_class(Path(tempfile.mkdtemp()), "01", show_progress=False)
    Traceback (most recent call last):
    ...
    ValueError: there is no gradebook yet (...): run `nbgrader generate_assignment` first
    """
    course = Course.load(root)
    course.require_gradebook()
    problem = sandbox.works() if sandboxed and not scheduler else None
    if problem:
        raise ValueError(
            f"no sandbox for students' code on this machine ({problem}); grade without one "
            "with --no-sandbox"
        )
    with Gradebook(course.db_url, course_id=course.course_id) as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            raise ValueError(
                f"the gradebook has no assignment {assignment!r}: run `nbgrader "
                f"generate_assignment {assignment}` first"
            ) from None
    students = list(students) if students else course.students(assignment)
    if not students:
        raise ValueError(
            f"nobody handed in {assignment!r}: {course.folder('submitted', assignment, '*')} is empty"
        )
    snapshot = course.gradebook_file.read_bytes()
    limits = limits or Limits()
    bundles = (_bundle_for(course, assignment, s, limits, snapshot, sandboxed) for s in students)
    jobs = (
        _cluster(bundles, scheduler) if scheduler else _local(bundles, workers or default_workers())
    )
    outcomes = []
    started = time.perf_counter()
    with (
        sqlalchemy_quiet(),  # before the jobs' threads start
        Gradebook(course.db_url, course_id=course.course_id) as gradebook,
        _progress(len(students), show_progress) as bar,
    ):
        for outcome in jobs:
            _store(course, gradebook, assignment, outcome)
            outcomes.append(outcome)
            missed = sum(o.status != "graded" for o in outcomes)
            # the words of the summary that follows: "NOT GRADED <student> (<why>)"
            bar.set_postfix({"graded": len(outcomes) - missed, "not graded": missed}, refresh=False)
            bar.update()
            if on_outcome:
                on_outcome(outcome)
    outcomes.sort(key=lambda o: o.student)
    _record(course, assignment, outcomes, time.perf_counter() - started)
    return outcomes


def _bundle_for(
    course: Course,
    assignment: str,
    student: str,
    limits: Limits,
    gradebook: bytes,
    sandboxed: bool,
) -> Bundle:
    """Gather one student's bundle from the course; ``gradebook`` is a snapshot of its bytes."""
    return Bundle(
        assignment=assignment,
        student=student,
        config=course.config_file.read_bytes() if course.config_file else b"c = get_config()\n",
        gradebook=gradebook,
        source=pack(course.folder("source", assignment)),
        release=pack(course.folder("release", assignment)),
        submitted=pack(course.folder("submitted", assignment, student)),
        limits=limits,
        sandbox=sandboxed,
        hide=tuple(str(path) for path in course.private()),
    )


def _clean_copy(folder: Path, files: Files) -> None:
    """Replace ``folder`` with exactly ``files``."""
    if folder.exists():
        for path in folder.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)  # nbgrader leaves files read-only
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    unpack(files, folder)


def _store(course: Course, gradebook: Gradebook, assignment: str, outcome: Outcome) -> None:
    """Write a graded outcome into autograded/ and ``gradebook`` (this process only)."""
    if outcome.status != "graded":
        return
    folder = course.folder("autograded", assignment, outcome.student)
    before = graded_cells(pack(folder))
    _clean_copy(folder, outcome.autograded)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "gradebook.db"
        db.write_bytes(outcome.gradebook)
        merge_submission(
            db,
            gradebook,
            assignment,
            outcome.student,
            flagged=bool(outcome.flags),
            withhold=any(tamper.is_tampering(flag) for flag in outcome.flags),
            unchanged=unchanged_answers(before, graded_cells(outcome.autograded)),
        )


def _record(course: Course, assignment: str, outcomes: list[Outcome], seconds: float) -> None:
    """Write each student's outcome; students not graded this time keep their earlier one."""
    path = record_path(course, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    earlier = json.loads(path.read_text())["students"] if path.exists() else []
    students = {entry["student"]: entry for entry in earlier}
    for o in outcomes:
        students[o.student] = {
            "student": o.student,
            "status": o.status,
            "reason": o.reason,
            "repairs": list(o.repairs),
            "flags": list(o.flags),
        }
    record = {
        "assignment": assignment,
        "seconds": round(seconds, 1),
        "students": [students[name] for name in sorted(students)],
    }
    path.write_text(json.dumps(record, indent=1))

"""The ``gdkit`` command: a thin layer over :mod:`gdkit.grading`.

    gdkit grade ASSIGNMENT [--student ID ...] [--workers N] [--scheduler tcp://HOST:8786]
    gdkit feedback ASSIGNMENT
    gdkit report ASSIGNMENT

Run it in the course folder (where nbgrader_config.py is), or give ``--course PATH``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]


def _grade(args: argparse.Namespace) -> int:
    from gdkit.grading.course import Course
    from gdkit.grading.grade import grade_class, record_path
    from gdkit.grading.job import Limits

    outcomes = grade_class(
        args.course,
        args.assignment,
        students=args.student,
        workers=args.workers,
        scheduler=args.scheduler,
        limits=Limits(seconds=args.timeout, memory_bytes=int(args.memory * 2**30)),
        sandboxed=not args.no_sandbox,
    )
    graded = [o for o in outcomes if o.status == "graded"]
    print(f"graded {len(graded)} of {len(outcomes)} submissions of {args.assignment}")
    for outcome in outcomes:
        for repair in outcome.repairs:
            print(f"  repaired  {outcome.student}: {repair}")
    for outcome in outcomes:
        for flag in outcome.flags:
            print(f"  FLAGGED  {outcome.student}: {flag}")
    for outcome in outcomes:
        if outcome.status != "graded":
            print(f"  NOT GRADED  {outcome.student} ({outcome.status}): {outcome.reason}")
    print(f"record: {record_path(Course.load(args.course), args.assignment)}")
    return 0 if len(graded) == len(outcomes) else 1


def _feedback(args: argparse.Namespace) -> int:
    from gdkit.grading.feedback import before_upload, write_feedback

    folder = write_feedback(args.course, args.assignment, workers=args.workers)
    warnings = before_upload(args.course, args.assignment)
    ready = "before uploading, note:" if warnings else "ready to upload"
    print(f"feedback written, one file per student and notebook, in {folder}; {ready}")
    for line in warnings:
        print(f"  WARNING  {line}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from gdkit.grading.report import write_report

    page = write_report(args.course, args.assignment)
    print(f"report: {page}\nscores: {page.with_suffix('.csv')}")
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line, for ``gdkit --help``.

    >>> parser().parse_args(["grade", "01", "--workers", "2"]).workers
    2
    """
    main_parser = argparse.ArgumentParser(
        prog="gdkit", description="Grade a class's gdkit (nbgrader) assignments."
    )
    commands = main_parser.add_subparsers(dest="command", required=True)
    grade = commands.add_parser(
        "grade",
        help="autograde every submission of an assignment in parallel",
        description="Autograde every submission in submitted/ (or --student IDs), each in its "
        "own job, on all cores or a Dask cluster; results go to the gradebook and autograded/ "
        "as with `nbgrader autograde`. Exit status 1 when someone could not be graded.",
    )
    grade.add_argument("assignment")
    grade.add_argument("--student", nargs="+", metavar="ID", help="only these students")
    grade.add_argument(
        "--workers", type=int, help="jobs at once (default: one more than the number of cores)"
    )
    grade.add_argument("--scheduler", metavar="ADDRESS", help="a Dask scheduler, tcp://HOST:8786")
    grade.add_argument("--timeout", type=float, default=600.0, help="seconds per student (600)")
    grade.add_argument("--memory", type=float, default=4.0, help="GiB per process (4)")
    grade.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run students' code without a sandbox (only where bubblewrap is not available)",
    )
    grade.add_argument("--course", type=Path, default=Path.cwd(), help="the course folder (here)")
    grade.set_defaults(run=_grade)
    feedback = commands.add_parser(
        "feedback",
        help="feedback files for every graded student (no hidden test source)",
        description="Write every graded student's feedback with nbgrader, in parallel, and "
        "copy the files to reports/ASSIGNMENT/feedback/ for an LMS upload.",
    )
    feedback.add_argument("assignment")
    feedback.add_argument("--workers", type=int, help="jobs at once (default: the number of cores)")
    feedback.add_argument(
        "--course", type=Path, default=Path.cwd(), help="the course folder (here)"
    )
    feedback.set_defaults(run=_feedback)
    report = commands.add_parser(
        "report",
        help="one HTML page and a CSV: what to re-teach, who was not graded",
        description="Write reports/ASSIGNMENT/report.html and report.csv from the gradebook "
        "and the autograded notebooks.",
    )
    report.add_argument("assignment")
    report.add_argument("--course", type=Path, default=Path.cwd(), help="the course folder (here)")
    report.set_defaults(run=_report)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``gdkit`` command with ``argv``; the exit status (2: a plain error, on stderr).

    >>> import tempfile
    >>> main(["report", "01", "--course", tempfile.mkdtemp()])
    2
    """
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except (ValueError, RuntimeError) as err:
        print(f"gdkit {args.command}: {err}", file=sys.stderr)
        return 2

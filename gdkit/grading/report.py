"""One page an instructor reads in a minute: what the class got wrong, and who needs a look.

:func:`write_report` reads the gradebook, the autograded notebooks and the record of
:func:`~gdkit.grading.grade.grade_class`, and writes ``reports/<assignment>/report.html``
(self-contained: the histogram is embedded) and ``report.csv`` (one row per student). The
page puts first the questions the class did worst on, each with its most common failure
messages and how many students got each: gdkit's messages name the misconception, so the
counts say what to re-teach. Then the students whose grading failed or was repaired, and
the written answers still to grade by hand.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
import nbformat
from matplotlib.figure import Figure
from nbgrader.api import Gradebook

from gdkit.grading.course import Course
from gdkit.grading.grade import record_path

__all__ = ["Question", "write_report"]

_CASE = re.compile(r"\s*\((?:case \d+ of \d+|with [^)]*)[^)]*\)\s*$")


@dataclass
class Question:
    """One graded cell across the class: its scores and its failure messages.

    >>> q = Question("test_mse", points=2.0, scores={"ann": 2.0, "bob": 0.0})
    >>> q.mean_share, q.full_marks
    (0.5, 0.5)
    """

    name: str
    points: float
    scores: dict[str, float] = field(default_factory=dict)
    failures: Counter = field(default_factory=Counter)
    to_grade_by_hand: list[str] = field(default_factory=list)

    @property
    def mean_share(self) -> float:
        return sum(self.scores.values()) / (self.points * len(self.scores)) if self.scores else 0.0

    @property
    def full_marks(self) -> float:
        if not self.scores:
            return 0.0
        return sum(score >= self.points for score in self.scores.values()) / len(self.scores)


def failure_message(output: dict) -> str:
    """What a failed test cell said, without the case details, so that alike ones group.

    >>> failure_message({"ename": "CheckFailure", "evalue": "`mse` is n times too large. (case 1 of 2, called with w: array)"})
    '`mse` is n times too large.'
    >>> failure_message({"ename": "NameError", "evalue": "name 'mse' is not defined"})
    "NameError: name 'mse' is not defined"
    """
    name, value = output.get("ename", "Error"), str(output.get("evalue", "")).strip()
    if name in ("KeyboardInterrupt", "CellTimeoutError"):  # the cell's time limit
        return "the cell ran out of time and was stopped (an endless loop?)"
    if name in ("CheckFailure", "AssertionError") and value:
        return _CASE.sub("", value)
    if name == "CellTimeoutError" or not value:
        return name if not value else f"{name}: {value}"
    return f"{name}: {value}"[:300]


def _failures(notebook: Path) -> dict[str, str]:
    """grade_id -> failure message of each graded cell that raised, in an autograded notebook."""
    nb = nbformat.read(notebook, as_version=4)
    found = {}
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if grade_id and errors:
            found[grade_id] = failure_message(errors[0])
    return found


def _questions(course: Course, assignment: str) -> tuple[list[Question], dict[str, float]]:
    questions: dict[str, Question] = {}
    totals: dict[str, float] = {}
    with Gradebook(course.db_url, course_id=course.course_id) as gb:
        for submission in gb.assignment_submissions(assignment):
            student = submission.student.id
            totals[student] = submission.score
            for notebook in submission.notebooks:
                path = course.folder("autograded", assignment, student) / f"{notebook.name}.ipynb"
                failures = _failures(path) if path.exists() else {}
                for grade in notebook.grades:
                    question = questions.setdefault(
                        grade.name, Question(grade.name, grade.max_score)
                    )
                    if grade.needs_manual_grade:  # no score yet: not counted in the mean
                        question.to_grade_by_hand.append(student)
                        continue
                    question.scores[student] = grade.score
                    if grade.name in failures and grade.score < grade.max_score:
                        question.failures[failures[grade.name]] += 1
    # the worst first; questions with nothing graded yet (written answers) last
    ranked = sorted(questions.values(), key=lambda q: (not q.scores, q.mean_share, q.name))
    return ranked, totals


def _histogram(totals: dict[str, float], top: float) -> str:
    matplotlib.use("Agg", force=False)
    figure = Figure(figsize=(6, 2.6), layout="constrained")
    ax = figure.subplots()
    ax.hist(list(totals.values()), bins=min(20, max(5, len(totals))), range=(0, top or 1))
    ax.set(xlabel="score", ylabel="students", title=f"scores of {len(totals)} students")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return base64.b64encode(buffer.getvalue()).decode()


def write_report(root: Path, assignment: str, *, top_messages: int = 5) -> Path:
    """Write the report and the CSV for ``assignment``; return the HTML file's path.

    >>> write_report(Path("."), "01_neuron_and_loss")  # doctest: +SKIP
    PosixPath('reports/01_neuron_and_loss/report.html')
    """
    course = Course.load(root)
    course.require_gradebook()
    questions, totals = _questions(course, assignment)
    record_file = record_path(course, assignment)
    record = json.loads(record_file.read_text()) if record_file.exists() else {"students": []}
    out = record_file.parent
    out.mkdir(parents=True, exist_ok=True)
    top = sum(q.points for q in questions)
    _write_csv(out / "report.csv", questions, totals, record)
    (out / "report.html").write_text(
        _html(assignment, questions, totals, record, top, top_messages)
    )
    return out / "report.html"


def _write_csv(path: Path, questions: list[Question], totals: dict, record: dict) -> None:
    status = {s["student"]: s for s in record["students"]}
    students = sorted(set(totals) | set(status))
    names = sorted(q.name for q in questions)
    by_name = {q.name: q for q in questions}
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "status", "total", *names])
        for student in students:
            state = status.get(student, {}).get("status", "graded")
            scores = [by_name[n].scores.get(student, "") for n in names]
            writer.writerow([student, state, totals.get(student, ""), *scores])


def _html(
    assignment: str, questions: list[Question], totals: dict, record: dict, top: float, n: int
) -> str:
    e = html.escape
    problems = [s for s in record["students"] if s["status"] != "graded"]
    repaired = [s for s in record["students"] if s.get("repairs")]
    flagged = [s for s in record["students"] if s.get("flags")]
    mean = sum(totals.values()) / len(totals) if totals else 0.0
    parts = [
        f"<h1>{e(assignment)}: what to re-teach</h1>",
        f"<p>{len(totals)} students graded, mean {mean:.1f} of {top:g}; "
        f"<b>{len(problems)} not graded</b>; <b>{len(flagged)} flagged</b>; "
        f"{sum(len(q.to_grade_by_hand) for q in questions)} answers to grade by hand.</p>",
        "<h2>Questions, worst first</h2>",
        "<table><tr><th>question</th><th>mean</th><th>full marks</th>"
        "<th>most common failures (students)</th></tr>",
    ]
    for q in questions:
        failures = "".join(
            f"<li>{count} × {e(message)}</li>" for message, count in q.failures.most_common(n)
        )
        mean, full = (
            (f"{100 * q.mean_share:.0f}%", f"{100 * q.full_marks:.0f}%")
            if q.scores
            else ("to grade", "")
        )
        parts.append(
            f"<tr><td>{e(q.name)}</td><td>{mean}</td><td>{full}</td><td><ul>{failures}</ul></td></tr>"
        )
    parts.append("</table>")
    parts.append(
        f"<img alt='score histogram' src='data:image/png;base64,{_histogram(totals, top)}'>"
    )
    parts.append("<h2>Not graded</h2><ul>")
    parts += [f"<li>{e(s['student'])} ({e(s['status'])}): {e(s['reason'])}</li>" for s in problems]
    parts.append(
        "</ul><h2>Flagged: tests edited or deleted, code that changes what the tests rely on</h2><ul>"
    )
    parts += [f"<li>{e(s['student'])}: {e('; '.join(s['flags']))}</li>" for s in flagged]
    parts.append("</ul><h2>Repaired before grading</h2><ul>")
    parts += [f"<li>{e(s['student'])}: {e('; '.join(s['repairs']))}</li>" for s in repaired]
    parts.append("</ul><h2>To grade by hand (Formgrader)</h2><ul>")
    parts += [
        f"<li>{e(q.name)}: {len(q.to_grade_by_hand)} answer{'' if len(q.to_grade_by_hand) == 1 else 's'}</li>"
        for q in questions
        if q.to_grade_by_hand
    ]
    parts.append("</ul>")
    style = "body{font-family:sans-serif;max-width:60em}td,th{padding:.3em .6em;text-align:left;vertical-align:top}"
    return (
        f"<!doctype html><meta charset='utf-8'><title>{e(assignment)}</title><style>{style}</style>"
        + "".join(parts)
    )

"""One page an instructor reads in a minute: what the class got wrong, and who needs a look.

:func:`write_report` reads the gradebook, the autograded notebooks and the record of
:func:`~gdkit.grading.grade.grade_class`, and writes ``reports/<assignment>/report.html``
(self-contained: the histogram is embedded) and ``report.csv`` (one row per student). The
page puts first the questions the class did worst on, each with its most common failure
messages and how many students got each: gdkit's messages name the misconception, so the
counts say what to re-teach. Then the students who were not graded (grading failed, not
graded yet, or on the roster but nothing handed in), who were flagged or repaired, and the
answers still to grade by hand. An answer waiting for a hand grade never counts as 0: its
question shows how many are graded by hand, and the class mean and histogram use each
student's share of the points graded so far until none waits. The CSV has every student of the gradebook and of
submitted/, with a status and the flags to filter on.
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

from gdkit.grading import tamper
from gdkit.grading.course import Course
from gdkit.grading.grade import record_path
from gdkit.grading.preprocessors import failed_in_hidden_test

__all__ = ["Question", "flag_kind", "so_far", "statuses", "write_report"]

NOT_HANDED_IN = "not handed in"
NOT_GRADED_YET = "not graded yet"
#: the kinds of flag, most serious first (the CSV's ``flagged`` column)
FLAG_KINDS = ("tampering", "test edited", "suspicious code")

_CASE = re.compile(r"\s*\((?:case \d+ of \d+|with [^)]*)[^)]*\)\s*$")


@dataclass
class Question:
    """One graded cell across the class: its scores and its failure messages.

    ``answer`` says it is the student's answer graded by hand (a written answer), not a
    test. ``scores`` holds the scores that are final; an answer still to grade by hand is
    in ``to_grade_by_hand`` instead, never counted as 0 (a test's too, when gdkit withheld
    its score). ``counted`` is what nbgrader counts in each student's total meanwhile (the
    manual score if given, else the automatic one).

    >>> q = Question("test_mse", points=2.0, scores={"ann": 2.0, "bob": 0.0})
    >>> q.mean_share, q.full_marks, q.pending
    (0.5, 0.5, False)
    >>> q = Question("why", 1.0, True, {"ann": 1.0}, to_grade_by_hand=["bob"], by_hand=["ann"])
    >>> q.pending, q.hand_progress
    (True, '1 of 2 graded by hand')
    """

    name: str
    points: float
    answer: bool = False
    scores: dict[str, float] = field(default_factory=dict)
    failures: Counter = field(default_factory=Counter)
    to_grade_by_hand: list[str] = field(default_factory=list)
    by_hand: list[str] = field(default_factory=list)  # answers graded by hand
    counted: dict[str, float] = field(default_factory=dict)

    @property
    def pending(self) -> bool:
        return bool(self.to_grade_by_hand)

    @property
    def hand_progress(self) -> str:
        return f"{len(self.by_hand)} of {len(self.by_hand) + len(self.to_grade_by_hand)} graded by hand"

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
    """grade_id -> failure message of each graded cell that raised, in an autograded notebook;
    "(hidden test)" before it when a hidden test failed (the visible ones passed)."""
    nb = nbformat.read(notebook, as_version=4)
    found = {}
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if grade_id and errors:
            hidden = failed_in_hidden_test(cell, errors[0])
            found[grade_id] = ("(hidden test) " if hidden else "") + failure_message(errors[0])
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
                answers = {cell.name for cell in notebook.notebook.solution_cells}
                for grade in notebook.grades:
                    question = questions.setdefault(
                        grade.name, Question(grade.name, grade.max_score, grade.name in answers)
                    )
                    question.counted[student] = grade.score
                    if grade.needs_manual_grade:  # no score yet: not counted in the mean
                        question.to_grade_by_hand.append(student)
                        continue
                    if grade.manual_score is not None:
                        question.by_hand.append(student)
                    question.scores[student] = grade.score
                    if grade.name in failures and grade.score < grade.max_score:
                        question.failures[failures[grade.name]] += 1
    # the worst first; written answers still being graded by hand last: their mean so far
    # is that of the blank answers (0 by themselves) and the few graded yet
    ranked = sorted(
        questions.values(), key=lambda q: (q.answer and q.pending, q.mean_share, q.name)
    )
    return ranked, totals


def _histogram(totals: dict[str, float], top: float, label: str = "score") -> str:
    matplotlib.use("Agg", force=False)
    figure = Figure(figsize=(6, 2.6), layout="constrained")
    ax = figure.subplots()
    ax.hist(list(totals.values()), bins=min(20, max(5, len(totals))), range=(0, top or 1))
    ax.set(xlabel=label, ylabel="students", title=f"scores of {len(totals)} students")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return base64.b64encode(buffer.getvalue()).decode()


def statuses(
    record: dict[str, str], *, graded: set[str], handed_in: set[str], roster: set[str]
) -> dict[str, str]:
    """Every student's status, sorted by student.

    ``record`` is what ``gdkit grade`` recorded (graded, failed, ungradable); ``graded``
    the students with a submission in the gradebook (nbgrader may have graded them without
    gdkit); ``handed_in`` those with a folder in submitted/; ``roster`` everyone in the
    gradebook. A student in none but the roster did not hand in.

    >>> statuses({"ann": "failed"}, graded={"bob"}, handed_in={"ann", "bob", "cy"},
    ...          roster={"ann", "bob", "cy", "dee"})
    {'ann': 'failed', 'bob': 'graded', 'cy': 'not graded yet', 'dee': 'not handed in'}
    """

    def status(student: str) -> str:
        if student in record:
            return record[student]
        if student in graded:
            return "graded"
        return NOT_GRADED_YET if student in handed_in else NOT_HANDED_IN

    return {s: status(s) for s in sorted(set(record) | graded | handed_in | roster)}


def flag_kind(flag: str) -> str:
    """What a flag of ``gdkit grade`` is about, one of :data:`FLAG_KINDS`.

    Tampering costs the automatic points (graded by hand instead); an edited, deleted or
    re-typed test cell costs nothing (nbgrader puts it back) but is worth a look.

    >>> flag_kind("hw.ipynb, mse, line 3: changes np.isclose")
    'tampering'
    >>> flag_kind("hw.ipynb: the test cell 'test_mse' was deleted (nbgrader put it back)")
    'test edited'
    >>> flag_kind("hw.ipynb, mse, line 2: calls eval()")
    'suspicious code'
    """
    if tamper.is_tampering(flag):
        return "tampering"
    return "test edited" if ": the test cell " in flag else "suspicious code"


@dataclass
class _Class:
    """Everyone the report is about."""

    totals: dict[str, float]  # the total score of each student graded in the gradebook
    status: dict[str, str]  # every student's status (see statuses)
    record: dict[str, dict]  # what gdkit grade recorded about each student it graded
    names: dict[str, str]  # every student in the gradebook: name from the roster, or ""

    def who(self, student: str) -> str:
        name = self.names.get(student)
        return f"{student} ({name})" if name else student

    def flags(self, student: str) -> list[str]:
        return self.record.get(student, {}).get("flags", [])

    def kinds(self, student: str) -> str:
        found = {flag_kind(flag) for flag in self.flags(student)}
        return " + ".join(kind for kind in FLAG_KINDS if kind in found)

    def with_status(self, wanted: str) -> list[str]:
        return [s for s, state in self.status.items() if state == wanted]


def _names(course: Course) -> dict[str, str]:
    """Every student in the gradebook (the roster and all ever graded) -> "First Last"."""
    with Gradebook(course.db_url, course_id=course.course_id) as gb:
        return {
            s.id: " ".join(part for part in (s.first_name, s.last_name) if part)
            for s in gb.students
        }


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
    entries = {entry["student"]: entry for entry in record["students"]}
    names = _names(course)
    status = statuses(
        {student: entry["status"] for student, entry in entries.items()},
        graded=set(totals),
        handed_in=set(course.students(assignment)),
        roster=set(names),
    )
    group = _Class(totals, status, entries, names)
    out = record_file.parent
    out.mkdir(parents=True, exist_ok=True)
    _write_csv(out / "report.csv", questions, group, _not_graded(assignment, group))
    (out / "report.html").write_text(_html(assignment, questions, group, top_messages))
    return out / "report.html"


def _write_csv(path: Path, questions: list[Question], group: _Class, reasons: dict) -> None:
    """A row per student; each question's column holds the score counted in the total."""
    names = sorted(q.name for q in questions)
    by_name = {q.name: q for q in questions}
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["student", "name", "status", "reason", "flagged", "flags", "total"]
            + ["to grade by hand", *names]
        )
        for student, state in group.status.items():
            writer.writerow(
                [
                    student,
                    group.names.get(student, ""),
                    state,
                    reasons.get(student, ""),
                    group.kinds(student),
                    "; ".join(group.flags(student)),
                    group.totals.get(student, ""),
                    " ".join(n for n in names if student in by_name[n].to_grade_by_hand),
                    *(by_name[n].counted.get(student, "") for n in names),
                ]
            )


def so_far(questions: list[Question], students: list[str]) -> dict[str, float]:
    """Each student's share (%) of the points graded so far: answers still to grade by
    hand are left out, not counted as 0. What the class mean and the histogram show while
    hand grading is pending.

    >>> done = Question("test_f", 2.0, scores={"ann": 2.0, "bob": 1.0})
    >>> waiting = Question("why", 2.0, scores={"ann": 2.0}, to_grade_by_hand=["bob"])
    >>> so_far([done, waiting], ["ann", "bob"])
    {'ann': 100.0, 'bob': 50.0}
    """
    shares = {}
    for student in students:
        graded = [q for q in questions if student in q.scores]
        points = sum(q.points for q in graded)
        if points:
            shares[student] = 100 * sum(q.scores[student] for q in graded) / points
    return shares


def _mean_cells(q: Question) -> tuple[str, str]:
    """The question's mean and full marks, as the table shows them."""
    if not q.scores or (q.answer and q.pending and not q.by_hand):
        # a written question before any hand grading: its only scores are blanks' zeros
        return q.hand_progress if q.pending else "nothing graded", ""
    mean, full = f"{100 * q.mean_share:.0f}%", f"{100 * q.full_marks:.0f}%"
    if q.pending:  # of the answers graded so far: blank ones (0) and those graded by hand
        return f"{mean} so far ({q.hand_progress})", f"{full} so far"
    return mean, full


def _summary(questions: list[Question], group: _Class, reasons: dict) -> tuple[str, str]:
    """The opening paragraph, and the histogram."""
    totals = group.totals
    pending = sum(len(q.to_grade_by_hand) for q in questions)
    if pending:
        shares = so_far(questions, list(totals))
        scores, top, label = shares, 100.0, "% of the points graded so far"
        mean = f"{sum(shares.values()) / len(shares) if shares else 0:.0f}{label}"
        how = (
            f"While {pending} answer{' waits' if pending == 1 else 's wait'} to be graded by "
            "hand, each student's score in the mean and the histogram is their share of the "
            "points graded so far (answers still to grade are left out, not counted as 0), "
            "and a written question still being graded by hand shows its mean so far, below "
            "the others."
        )
    else:
        scores, top, label = totals, sum(q.points for q in questions), "score"
        mean = f"{sum(totals.values()) / len(totals) if totals else 0:.1f} of {top:g}"
        how = "Means, full marks and the histogram count the graded students only."
    waiting = len(totals) - len(scores)
    if waiting:  # all their points wait for a hand grade (a flagged notebook, say)
        mean += (
            f" (over {len(scores)} of them: {waiting} with nothing graded yet "
            f"{'is' if waiting == 1 else 'are'} left out of the mean and the histogram)"
        )
    paragraph = (
        f"<p>{len(totals)} students graded, mean {mean}; "
        f"<b>{len(reasons)} not graded</b>; "
        f"<b>{len(group.with_status(NOT_HANDED_IN))} not handed in</b>; "
        f"<b>{sum(bool(group.flags(s)) for s in group.status)} flagged</b>; "
        f"{pending} answers to grade by hand. {how}</p>"
    )
    return paragraph, _histogram(scores, top, label)


def _html(assignment: str, questions: list[Question], group: _Class, n: int) -> str:
    e = html.escape
    reasons = _not_graded(assignment, group)
    paragraph, histogram = _summary(questions, group, reasons)
    parts = [
        f"<h1>{e(assignment)}: what to re-teach</h1>",
        paragraph,
        "<h2>Questions, worst first</h2>",
        "<table><tr><th>question</th><th>mean</th><th>full marks</th>"
        "<th>most common failures (students)</th></tr>",
    ]
    for q in questions:
        failures = "".join(
            f"<li>{count} × {e(message)}</li>" for message, count in q.failures.most_common(n)
        )
        mean, full = _mean_cells(q)
        parts.append(
            f"<tr><td>{e(q.name)}</td><td>{mean}</td><td>{full}</td><td><ul>{failures}</ul></td></tr>"
        )
    parts.append("</table>")
    parts.append(f"<img alt='score histogram' src='data:image/png;base64,{histogram}'>")
    parts += _students_html(group, reasons)
    parts.append("<h2>To grade by hand (Formgrader)</h2><ul>")
    parts += [
        f"<li>{e(q.name)}: {len(q.to_grade_by_hand)} answer{'' if len(q.to_grade_by_hand) == 1 else 's'}</li>"
        for q in questions
        if q.to_grade_by_hand
    ] or ["<li>none</li>"]
    parts.append("</ul>")
    style = "body{font-family:sans-serif;max-width:60em}td,th{padding:.3em .6em;text-align:left;vertical-align:top}"
    return (
        f"<!doctype html><meta charset='utf-8'><title>{e(assignment)}</title><style>{style}</style>"
        + "".join(parts)
    )


def _not_graded(assignment: str, group: _Class) -> dict[str, str]:
    """Each student who handed in but has no grade from gdkit grade -> why."""
    reasons = {}
    for student, state in group.status.items():
        if state == NOT_GRADED_YET:
            reasons[student] = f"grade it with gdkit grade {assignment} --student {student}"
        elif state not in ("graded", NOT_HANDED_IN):
            reasons[student] = group.record[student]["reason"]
    return reasons


def _students_html(group: _Class, reasons: dict[str, str]) -> list[str]:
    """The sections on students: not graded (and not handed in), flagged, repaired."""
    e = html.escape
    parts = ["<h2>Not graded</h2><ul>"]
    parts += [
        f"<li>{e(group.who(s))} ({e(group.status[s])}): {e(reason)}</li>"
        for s, reason in reasons.items()
    ] or ["<li>none</li>"]
    parts.append("</ul>")
    absent = group.with_status(NOT_HANDED_IN)
    if absent:
        parts.append(
            f"<p><b>{len(absent)} did not hand in</b> (in the gradebook, nothing in submitted/; "
            "not counted in the means, full marks or histogram): "
            f"{e(', '.join(group.who(s) for s in absent))}.</p>"
        )
    for title, key in (
        ("Flagged: tests edited or deleted, code that changes what the tests rely on", "flags"),
        ("Repaired before grading", "repairs"),
    ):
        parts.append(f"<h2>{title}</h2><ul>")
        parts += [
            f"<li>{e(group.who(s))}: {e('; '.join(group.record[s][key]))}</li>"
            for s in group.status
            if group.record.get(s, {}).get(key)
        ] or ["<li>none</li>"]
        parts.append("</ul>")
    return parts

"""nbgrader preprocessors of the course's own, named in nbgrader_config.py."""

from __future__ import annotations

import re
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell
from nbgrader.api import Gradebook
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor

__all__ = [
    "HIDDEN_NOTE",
    "NoteHandGrading",
    "ShortenTracebacks",
    "failed_in_hidden_test",
    "hand_grading_note",
]


def hand_grading_note(grade_ids: list[str], *, tests_withheld: bool = False) -> str:
    """The note at the top of a student's feedback while parts wait for a hand grade.

    ``tests_withheld``: test cells are among them, because code in the notebook changes
    what the tests rely on (``gdkit grade`` withholds their scores then).

    >>> print(hand_grading_note(["why", "test_mse"]))
    **Not graded yet: why, test_mse.** Your instructor grades these parts by hand and has not done so yet; until then they show a score of 0 here, which is not their grade.
    >>> print(hand_grading_note(["test_mse"], tests_withheld=True))  # doctest: +ELLIPSIS
    **Not graded yet: test_mse.** ... Code in your notebook changes what the tests rely on ...
    """
    note = (
        f"**Not graded yet: {', '.join(grade_ids)}.** Your instructor grades these parts by "
        "hand and has not done so yet; until then they show a score of 0 here, which is not "
        "their grade."
    )
    if tests_withheld:
        note += (
            " Code in your notebook changes what the tests rely on (it replaces a NumPy "
            "function or one of the checks, say), so no test's outcome can be trusted, not "
            "even one that says it passed: your instructor looks at your answers instead."
        )
    return note


class NoteHandGrading(NbGraderPreprocessor):
    """Feedback: a note on top naming the parts still to be graded by hand, if any.

    Without it a written answer, or a test whose score was withheld for grading by hand
    (``gdkit grade`` does that for code that changes what the tests rely on), reads
    "Score: 0" beside the student's work, with nothing to say it is not final. It reads
    the gradebook nbgrader names in ``resources``; the note is :func:`hand_grading_note`.

    >>> isinstance(NoteHandGrading(), NbGraderPreprocessor)  # for c.GenerateFeedback.preprocessors
    True
    """

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            notebook = gb.find_submission_notebook(
                info["notebook"], info["assignment"], info["student"]
            )
            pending = {grade.name for grade in notebook.grades if grade.needs_manual_grade}
        meta = [cell.metadata.get("nbgrader", {}) for cell in nb.cells]
        waiting = [m["grade_id"] for m in meta if m.get("grade_id") in pending]
        tests = {m["grade_id"] for m in meta if m.get("grade") and not m.get("solution")}
        if waiting:
            note = hand_grading_note(waiting, tests_withheld=bool(tests & set(waiting)))
            nb.cells.insert(0, new_markdown_cell(note))
        return nb, resources


#: What a failure in a hidden test adds to its message in the feedback.
HIDDEN_NOTE = (
    "(This failure comes from a hidden test: the tests you could see in this cell passed; "
    "this one tries your code on inputs you were not shown. The message above says what "
    "went wrong.)"
)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CELL_LINE = re.compile(r"Cell In\[\d*\], line (\d+)")


def _hidden_lines(source: str, begin: str, end: str) -> set[int]:
    """The 1-based line numbers of ``source`` between a ``begin`` and an ``end`` marker line.

    >>> sorted(_hidden_lines("a\\n# <b>\\nx\\ny\\n# <e>\\nz", "<b>", "<e>"))
    [3, 4]
    """
    hidden, inside = set(), False
    for number, line in enumerate(source.split("\n"), start=1):
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside:
            hidden.add(number)
    return hidden


def _failing_line(traceback: list[str]) -> int | None:
    """The line of the test cell where the error arose: the traceback's first cell frame."""
    for entry in traceback:
        found = _CELL_LINE.search(_ANSI.sub("", entry))
        if found:
            return int(found.group(1))
    return None


def failed_in_hidden_test(cell: NotebookNode, error: dict, config: Any = None) -> bool:
    """Whether ``error`` (an error output of the test cell ``cell``, hidden tests still in
    its source) arose on a line of its hidden tests; nbgrader's markers as ``config`` sets.

    >>> from nbformat.v4 import new_code_cell
    >>> begin = ClearHiddenTests().begin_test_delimeter
    >>> cell = new_code_cell(f"check(x)\\n# {begin}\\ncheck(y)\\n# END")
    >>> failed_in_hidden_test(cell, {"traceback": ["Cell In[7], line 3", "CheckFailure: y"]})
    True
    """
    markers = ClearHiddenTests(config=config) if config is not None else ClearHiddenTests()
    hidden = _hidden_lines(cell.source, markers.begin_test_delimeter, markers.end_test_delimeter)
    return _failing_line(error.get("traceback", [])) in hidden


class ShortenTracebacks(NbGraderPreprocessor):
    """Feedback: a cell that failed shows its error's last line, not the traceback, and a
    failed test says so when the failing test is a hidden one.

    The traceback of a failed test quotes the test cell around the failing line (hidden
    inputs included) and gdkit's own source; the last line, "CheckFailure: ...", is the
    message written for the student. Any other cell's traceback runs through gdkit's
    source too, with the grading machine's paths: noise in a student's feedback. A student
    whose visible tests passed would not know why a test cell failed: when the failing line
    lies among the hidden tests, :data:`HIDDEN_NOTE` follows the message. Runs before
    ``ClearHiddenTests`` (it reads where the hidden tests were; the markers are nbgrader's
    own, as configured).

    >>> from nbformat.v4 import new_code_cell, new_output
    >>> begin, end = ClearHiddenTests().begin_test_delimeter, ClearHiddenTests().end_test_delimeter
    >>> cell = new_code_cell(f"check(x)\\n# {begin}\\ncheck(y)\\n# {end}",
    ...                      metadata={"nbgrader": {"grade": True, "solution": False}})
    >>> cell.outputs = [new_output("error", ename="CheckFailure", evalue="`x` is None.",
    ...                            traceback=["Cell In[3], line 1", "CheckFailure: `x` is None."])]
    >>> ShortenTracebacks().preprocess_cell(cell, {}, 0)[0].outputs[0]["traceback"]
    ['CheckFailure: `x` is None.']
    >>> cell.outputs[0]["traceback"] = ["Cell In[3], line 3", "CheckFailure: `y` is None."]
    >>> ShortenTracebacks().preprocess_cell(cell, {}, 0)[0].outputs[0]["traceback"][1][:40]
    '(This failure comes from a hidden test: '
    >>> demo = new_code_cell("plot(f)")  # any other cell: no path of the grading machine
    >>> demo.outputs = [new_output("error", ename="TypeError", evalue="bad f", traceback=[
    ...     "File /srv/venv/site-packages/gdkit/plots.py:89", "TypeError: bad f"])]
    >>> ShortenTracebacks().preprocess_cell(demo, {}, 0)[0].outputs[0]["traceback"]
    ['TypeError: bad f']
    """

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], index: int
    ) -> tuple[NotebookNode, dict[str, Any]]:
        if cell.cell_type != "code":
            return cell, resources
        meta = cell.get("metadata", {}).get("nbgrader", {})
        test = meta.get("grade") and not meta.get("solution")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                shown = [f"{output.get('ename')}: {output.get('evalue')}"]
                if test and failed_in_hidden_test(cell, output, self.config):
                    shown.append(HIDDEN_NOTE)
                output["traceback"] = shown
        return cell, resources

"""nbgrader preprocessors of the course's own, named in nbgrader_config.py."""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell
from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor

__all__ = ["NoteHandGrading", "ShortenTestTracebacks", "hand_grading_note"]


def hand_grading_note(grade_ids: list[str]) -> str:
    """The note at the top of a student's feedback while parts wait for a hand grade.

    >>> print(hand_grading_note(["why", "test_mse"]))
    **Not graded yet: why, test_mse.** Your instructor grades these parts by hand and has not done so yet; until then they show a score of 0 here, which is not their grade.
    """
    return (
        f"**Not graded yet: {', '.join(grade_ids)}.** Your instructor grades these parts by "
        "hand and has not done so yet; until then they show a score of 0 here, which is not "
        "their grade."
    )


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
        in_order = [cell.metadata.get("nbgrader", {}).get("grade_id") for cell in nb.cells]
        waiting = [grade_id for grade_id in in_order if grade_id in pending]
        if waiting:
            nb.cells.insert(0, new_markdown_cell(hand_grading_note(waiting)))
        return nb, resources


class ShortenTestTracebacks(NbGraderPreprocessor):
    """Feedback: a failed test cell shows its error's last line, not the traceback.

    The traceback of a failed test quotes the test cell around the failing line (hidden
    inputs included) and gdkit's own source; the last line, "CheckFailure: ...", is the
    message written for the student.

    >>> from nbformat.v4 import new_code_cell, new_output
    >>> cell = new_code_cell("check(x)", metadata={"nbgrader": {"grade": True, "solution": False}})
    >>> cell.outputs = [new_output("error", ename="CheckFailure", evalue="`x` is None.",
    ...                            traceback=["long", "CheckFailure: `x` is None."])]
    >>> ShortenTestTracebacks().preprocess_cell(cell, {}, 0)[0].outputs[0]["traceback"]
    ['CheckFailure: `x` is None.']
    """

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], index: int
    ) -> tuple[NotebookNode, dict[str, Any]]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename')}: {output.get('evalue')}"]
        return cell, resources

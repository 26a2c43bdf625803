"""nbgrader preprocessors of the course's own, named in nbgrader_config.py."""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

__all__ = ["ShortenTestTracebacks"]


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

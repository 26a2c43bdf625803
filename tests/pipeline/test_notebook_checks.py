"""Do the pipeline's own checks catch what they are there to catch?"""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from .notebooks import MARKERS, cell_differences, release_problems, source_problems


def graded_cell(grade_id="t1", locked=True, points=1):
    meta = {"grade": True, "solution": False, "locked": locked, "grade_id": grade_id}
    if points:
        meta["points"] = points
    return new_code_cell("assert f(1) == 2", metadata={"nbgrader": meta})


def solution_cell(source="x = 1"):
    meta = {"grade": False, "solution": True, "locked": False, "grade_id": "s1"}
    return new_code_cell(source, metadata={"nbgrader": meta})


def clean() -> nbformat.NotebookNode:
    return new_notebook(cells=[new_markdown_cell("# Title"), solution_cell(), graded_cell()])


def test_clean_notebook_passes():
    assert release_problems(clean()) == []
    assert source_problems(clean()) == []


def test_outputs_are_caught():
    nb = clean()
    nb.cells[1].outputs = [new_output("stream", name="stdout", text="1")]
    assert release_problems(nb) and source_problems(nb)


def test_each_marker_is_caught_in_a_release():
    for marker in MARKERS:
        nb = clean()
        nb.cells[1].source = f"### {marker}\nx = 1"
        assert release_problems(nb), marker


def test_marker_in_prose_is_caught_in_solutions():
    nb = clean()
    nb.cells[0].source = f"Write your code between the {MARKERS[0]} lines."
    assert source_problems(nb)


def test_unlocked_test_and_missing_points_are_caught():
    assert source_problems(new_notebook(cells=[graded_cell(locked=False)]))
    assert release_problems(new_notebook(cells=[graded_cell(locked=False)]))
    assert source_problems(new_notebook(cells=[graded_cell(points=0)]))


def test_duplicate_grade_ids_are_caught():
    assert source_problems(new_notebook(cells=[graded_cell("t"), graded_cell("t")]))


def test_cell_differences_name_the_cell():
    a, b = clean(), clean()
    assert cell_differences(a, b) == []
    b.cells[2].source += "\nassert True"
    assert cell_differences(a, b) == ["cell 2 (t1) differs in source"]
    b.cells.pop()
    assert cell_differences(a, b) == ["2 cells instead of 3"]

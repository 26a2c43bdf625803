"""Do the pipeline's own checks catch what they are there to catch?"""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from .notebooks import (
    MARKERS,
    cell_differences,
    release_problems,
    solutions_in_tests,
    source_problems,
)

BEGIN_SOLUTION, BEGIN_HIDDEN, END_SOLUTION, END_HIDDEN = (f"### {m}" for m in MARKERS)


def graded_cell(grade_id="t1", locked=True, points=1, source="assert f(1) == 2"):
    meta = {"grade": True, "solution": False, "locked": locked, "grade_id": grade_id}
    if points:
        meta["points"] = points
    return new_code_cell(source, metadata={"nbgrader": meta})


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


def exercise(solution: str, test: str, given: str = "def f(X, w, y):") -> nbformat.NotebookNode:
    """A notebook with one solution cell (``given`` code, then the solution) and its test."""
    indent = "    " if given.startswith("def ") else ""
    region = [BEGIN_SOLUTION, *solution.splitlines(), END_SOLUTION]
    source = "\n".join([*given.splitlines(), *(indent + line for line in region)])
    return new_notebook(cells=[solution_cell(source), graded_cell(source=test)])


def test_a_solution_line_in_a_test_cell_is_caught_by_cell_and_line():
    test = "def reference(X, w, y):\n    return X @ w\n\ncheck(f, reference)"
    assert solutions_in_tests(exercise("return X @ w", test)) == [
        "t1, line 2: 'return X @ w' holds the solution's 'return X @ w'"
    ]


def test_a_hidden_test_holding_a_solution_line_is_caught():
    test = f"check(f)\n{BEGIN_HIDDEN}\nexpected = losses.sigmoid(X @ w) >= 0.5\n{END_HIDDEN}"
    nb = exercise("predicted = sigmoid(X @ w) >= 0.5\nreturn predicted", test)
    assert solutions_in_tests(nb) == [
        "t1, line 3: 'expected = losses.sigmoid(X @ w) >= 0.5' holds the solution's "
        "'predicted = sigmoid(X @ w) >= 0.5'"
    ]


def test_spacing_and_line_breaks_do_not_hide_a_solution_line():
    test = "close(f(X, w, y),\n      float(np.mean(predicted==(y == 1))),\n)"
    assert solutions_in_tests(exercise("return float(np.mean(predicted == (y == 1)))", test))


def test_a_function_named_with_its_module_is_the_same_function():
    solution = "return np.array([log_loss(w, X, y) for w in grid])"
    test = "reference = lambda grid: np.array([losses.log_loss(w, X, y) for w in grid])"
    assert solutions_in_tests(exercise(solution, test))


def test_a_formula_typed_as_text_is_a_solution_line():
    nb = exercise('dL_dw = "2*x*(w*x - y)"', 'check_derivative(dL_dw, "2*x*(w*x - y)")', given="")
    assert solutions_in_tests(nb)


def test_generic_lines_and_other_names_are_not_solution_lines():
    solution = (
        "import numpy as np\nw = w0\neta = 0.01\nreason = 'converged'\n"
        "if done:\n    return weights, reason\nelse:\n    z = X @ w"
    )
    test = (
        "import numpy as np\nw = w0\neta = 0.01\n"
        "check(f, weights, reason, ('converged', 'diverged'), X_demo @ w, 'X @ w')"
    )
    assert solutions_in_tests(exercise(solution, test)) == []


def test_only_the_solution_regions_count():
    given = "def f(X, w, y):\n    z = X @ w"  # given to the student, outside the markers
    assert solutions_in_tests(exercise("return z", "check(f, X @ w)", given=given)) == []
    unmarked = new_notebook(cells=[solution_cell("z = X @ w"), graded_cell(source="check(X @ w)")])
    assert solutions_in_tests(unmarked)  # no markers: the whole cell is the solution

"""Does every autograded exercise catch the mistakes students are likely to make?

For each assignment, ``mistakes/<assignment>.py`` lists wrong answers (sign errors, sum
for mean, wrong shapes, overflow, ...) as ``MISTAKES = [Mistake(...), ...]``; a wrong
answer may be written as ``variant(right_answer, old, new)``. In one kernel
we run the solution notebook, then for each mistake put the wrong code in place of the
solution cell, run the test cell (hidden tests included, as autograding does) and expect
an ``AssertionError`` whose message names the problem. The solution is restored after
each one.
"""

from __future__ import annotations

import runpy
from dataclasses import dataclass
from pathlib import Path

import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbformat.v4 import new_code_cell

from .notebooks import SOLUTIONS, assignments, is_test_cell, nbgrader_meta, notebooks, read

MISTAKES = Path(__file__).parent / "mistakes"


@dataclass(frozen=True)
class Mistake:
    """Wrong code for solution cell ``cell``; test cell ``test`` must fail saying ``says``."""

    cell: str
    test: str
    source: str
    says: tuple[str, ...]


def variant(source: str, old: str, new: str) -> str:
    """``source`` with ``old`` replaced by ``new`` (everywhere); ``old`` must be there."""
    assert old in source, f"{old!r} is not in the right answer it should change"
    return source.replace(old, new)


def mistakes_of(assignment: str) -> list[Mistake]:
    path = MISTAKES / f"{assignment}.py"
    names = {"Mistake": Mistake, "variant": variant}
    return runpy.run_path(str(path), init_globals=names)["MISTAKES"]


def graded_test_ids(assignment: str) -> set[str]:
    return {
        nbgrader_meta(cell)["grade_id"]
        for path in notebooks(SOLUTIONS / assignment)
        for cell in filter(is_test_cell, read(path).cells)
    }


@pytest.mark.parametrize("assignment", assignments())
def test_every_test_cell_has_mistakes_to_catch(assignment):
    """Is each autograded test cell checked against at least one likely wrong answer?"""
    assert (MISTAKES / f"{assignment}.py").exists(), f"add tests/pipeline/mistakes/{assignment}.py"
    covered = {m.test for m in mistakes_of(assignment)}
    assert graded_test_ids(assignment) <= covered, sorted(graded_test_ids(assignment) - covered)


def _run(client: NotebookClient, source: str) -> str | None:
    """Run code in the kernel; the error message it raised, or None."""
    try:
        client.execute_cell(new_code_cell(source), 0, store_history=False)
    except CellExecutionError as err:
        return f"{err.ename}: {err.evalue}"
    return None


@pytest.mark.parametrize("assignment", assignments())
def test_wrong_answers_fail_with_a_message_that_names_the_problem(assignment):
    (path,) = notebooks(SOLUTIONS / assignment)
    nb = read(path)
    cells = {nbgrader_meta(c).get("grade_id"): c.source for c in nb.cells}
    client = NotebookClient(nb, timeout=60, resources={"metadata": {"path": str(path.parent)}})
    failures = []
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        for m in mistakes_of(assignment):
            assert _run(client, m.source) is None, f"the wrong code for {m.cell} does not run"
            error = _run(client, cells[m.test])
            if error is None or not error.startswith("AssertionError"):
                failures.append(f"{m.test} accepted (or crashed on) {m.source!r}: {error}")
            elif not all(word.lower() in error.lower() for word in m.says):
                failures.append(f"{m.test}: message lacks {m.says}: {error}")
            assert _run(client, cells[m.cell]) is None
    assert failures == [], "\n".join(failures)

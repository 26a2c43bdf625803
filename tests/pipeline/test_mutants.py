"""Do the hidden tests catch small changes of the solutions (mutation testing)?

For each assignment one kernel runs the solution notebook. Then every single-point mutant
of every solution cell (:mod:`.mutants`: a sign, a comparison, a constant, an index off
by one, a dropped term or call, mean for sum) replaces that cell, and the graded test
cells that follow it, up to the next solution cell, run as autograding runs them
(hidden tests included, ``NBGRADER_EXECUTION`` set, 30 s per cell). The mutant is caught when a test cell raises; the solution is restored
after each one. Known equivalent mutants (:mod:`.equivalent_mutants`, each explained)
do not count. The test fails when fewer than 95% of the others are caught, and lists the
survivors with their mutated line; it also fails when a mutant listed as equivalent is
caught or no longer made. Run with ``-s`` to see the share caught per assignment.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError
from nbformat.v4 import new_code_cell

from .equivalent_mutants import EQUIVALENT, Equivalent
from .mutants import Mutant, bound_names, imported_names, mutants, spread
from .notebooks import SOLUTIONS, assignments, is_test_cell, nbgrader_meta, notebooks, read

GOAL = 0.95
# The most mutants tried per cell, evenly spread over the cell when it has more: this
# keeps the whole test within about three minutes. No cell of the course has more yet.
MAX_PER_CELL = 60
# Seconds a cell may run, as nbgrader allows (nbgrader_config.py); longer counts as caught.
CELL_TIMEOUT = 30


@dataclass(frozen=True)
class Exercise:
    """A solution cell, and the graded test cells that follow it (before the next one)."""

    cell: str  # the solution cell's grade id
    source: str
    tests: tuple[str, ...]
    index: int  # its place in the notebook


@dataclass(frozen=True)
class Outcome:
    exercise: str
    mutant: Mutant
    caught: bool


def exercises(nb: nbformat.NotebookNode) -> list[Exercise]:
    """The notebook's solution code cells, each with the test cells it is graded by."""
    found: list[Exercise] = []
    tests: list[str] = []
    for index, cell in reversed(list(enumerate(nb.cells))):
        if is_test_cell(cell):
            tests.insert(0, cell.source)
        elif cell.cell_type == "code" and nbgrader_meta(cell).get("solution"):
            found.insert(
                0, Exercise(nbgrader_meta(cell)["grade_id"], cell.source, (*tests,), index)
            )
            tests = []
    return found


class Kernel:
    """A kernel that runs cells of one notebook; an error or a timeout is a failure."""

    def __init__(self, client: NotebookClient) -> None:
        self.client = client

    def run(self, source: str) -> bool:
        """Run code; did it finish without raising?"""
        try:
            self.client.execute_cell(new_code_cell(source), 0, store_history=False)
        except (CellExecutionError, CellTimeoutError):
            return False
        return True

    def names(self) -> set[str]:
        """The names the notebook has defined so far."""
        cell = new_code_cell("print(*get_ipython().user_ns, sep='\\n')")
        self.client.execute_cell(cell, 0, store_history=False)
        return set("".join(o.get("text", "") for o in cell.outputs).split())

    def forget(self, names: set[str]) -> None:
        """Delete names, so that a mutant cell that raises leaves them undefined."""
        pops = "".join(f"get_ipython().user_ns.pop({name!r}, None);" for name in sorted(names))
        assert self.run(pops)


@contextmanager
def solved(path: Path, nb: nbformat.NotebookNode) -> Iterator[tuple[Kernel, dict[int, set[str]]]]:
    """A kernel that ran the notebook, and the names each solution cell was first to define."""
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        interrupt_on_timeout=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    # As nbgrader sets it: a typed formula, say, then gets the grading time limit to check.
    with client.setup_kernel(env={**os.environ, "NBGRADER_EXECUTION": "autograde"}):
        kernel, fresh = Kernel(client), {}
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and nbgrader_meta(cell).get("solution"):
                fresh[index] = bound_names(cell.source) - kernel.names()
            client.execute_cell(cell, index)
        yield kernel, fresh


def outcomes(assignment: str) -> tuple[list[Outcome], list[str]]:
    """Every mutant of the assignment, caught or not; and the cells without mutants or tests.

    The tests of each cell must pass on the solution itself before its mutants are tried.
    """
    (path,) = notebooks(SOLUTIONS / assignment)
    nb = read(path)
    modules = imported_names([c.source for c in nb.cells if c.cell_type == "code"])
    found, empty = [], []
    with solved(path, nb) as (kernel, fresh):
        for exercise in exercises(nb):
            tried = spread(mutants(exercise.source, modules), MAX_PER_CELL)
            if not tried or not exercise.tests:
                empty.append(exercise.cell)
                continue
            assert all(map(kernel.run, exercise.tests)), f"{exercise.cell}: fails unchanged"
            for mutant in tried:
                kernel.forget(fresh[exercise.index])
                kernel.run(mutant.source)  # if it raises, the test cells run all the same
                caught = not all(kernel.run(test) for test in exercise.tests)
                assert kernel.run(exercise.source), f"{exercise.cell} does not run again"
                found.append(Outcome(exercise.cell, mutant, caught))
    return found, empty


def known(assignment: str) -> dict[tuple[str, str], Equivalent]:
    """The listed equivalent mutants of one assignment, by (cell, mutated line)."""
    return {(e.cell, e.mutated): e for e in EQUIVALENT if e.assignment == assignment}


def describe(outcome: Outcome) -> str:
    m = outcome.mutant
    return f"{outcome.exercise}, line {m.line} ({m.operator}): {m.original!r} -> {m.mutated!r}"


def report(assignment: str, counted: list[Outcome], equivalent: int, empty: list[str]) -> str:
    """The share caught, then one line per survivor."""
    survivors = [describe(o) for o in counted if not o.caught]
    caught = len(counted) - len(survivors)
    share = caught / len(counted) if counted else 1.0
    lines = [
        f"{assignment}: {caught} of {len(counted)} mutants caught ({share:.1%}), {equivalent} "
        f"equivalent; not tried (no mutant or no test): {', '.join(empty) or 'none'}",
        *(f"  survives: {s}" for s in survivors),
    ]
    return "\n".join(lines)


@pytest.mark.parametrize("assignment", assignments())
def test_hidden_tests_catch_the_mutants_of_the_solutions(assignment):
    found, empty = outcomes(assignment)
    equivalent = known(assignment)
    counted = [o for o in found if (o.exercise, o.mutant.mutated) not in equivalent]
    summary = report(assignment, counted, len(found) - len(counted), empty)
    print(f"\n{summary}")
    listed = [o for o in found if (o.exercise, o.mutant.mutated) in equivalent]
    caught = [describe(o) for o in listed if o.caught]
    assert not caught, f"listed as equivalent, but the tests catch: {caught}"
    made = {(o.exercise, o.mutant.mutated) for o in listed}
    stale = [f"{cell}: {line!r}" for cell, line in equivalent if (cell, line) not in made]
    assert not stale, f"listed as equivalent, but no longer made: {stale}"
    share = sum(o.caught for o in counted) / len(counted) if counted else 1.0
    assert share >= GOAL, f"fewer than {GOAL:.0%} of the mutants caught:\n{summary}"

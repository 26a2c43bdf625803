"""Does every autograded exercise catch the mistakes students are likely to make?

For each assignment, ``mistakes/<assignment>.py`` lists wrong answers (sign errors, sum
for mean, wrong shapes, overflow, ...) as ``MISTAKES = [Mistake(...), ...]``. One kernel
per assignment runs the solution notebook; then each mistake is one test: its wrong code
replaces the solution cell, the test cell runs as the student sees it in ``course/``
(visible tests only) or, for a mistake marked ``hidden``, as autograding runs it, and it
must fail with a :class:`gdkit.checks.CheckFailure` of the mistake's ``kind``. The
solution is restored after each one. ``-k sigmoid`` selects the mistakes of one cell.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbformat.v4 import new_code_cell

from .likely import Mistake
from .notebooks import COURSE, SOLUTIONS, assignments, is_test_cell, nbgrader_meta, notebooks, read


def mistakes_of(assignment: str) -> list[Mistake]:
    """The assignment's list; none (so that the coverage test below fails) if it has none."""
    try:
        module = importlib.import_module(f"{__package__}.mistakes.{assignment}")
    except ModuleNotFoundError:
        return []
    return module.MISTAKES


def cells_by_id(folder) -> dict[str, str]:
    (path,) = notebooks(folder)
    return {nbgrader_meta(c).get("grade_id"): c.source for c in read(path).cells}


def graded_test_ids(assignment: str) -> set[str]:
    (path,) = notebooks(SOLUTIONS / assignment)
    return {nbgrader_meta(cell)["grade_id"] for cell in filter(is_test_cell, read(path).cells)}


@pytest.mark.parametrize("assignment", assignments())
def test_every_test_cell_has_mistakes_to_catch(assignment):
    """Is each autograded test cell checked against at least one likely wrong answer?"""
    covered = {m.test for m in mistakes_of(assignment)}
    assert graded_test_ids(assignment) <= covered, sorted(graded_test_ids(assignment) - covered)


def _cases() -> list:
    cases = []
    for assignment in assignments():
        seen: dict[str, int] = {}
        for m in mistakes_of(assignment):
            key = f"{m.test}-{m.kind}"
            seen[key] = seen.get(key, 0) + 1
            suffix = f"-{seen[key]}" if seen[key] > 1 else ""
            cases.append(pytest.param(assignment, m, id=f"{assignment}-{key}{suffix}"))
    return cases


class Kernel:
    """A kernel that has run an assignment's solution notebook."""

    def __init__(self, client: NotebookClient) -> None:
        self.client = client

    def run(self, source: str) -> str | None:
        """Run code; the error it raised as "Name: message", or None."""
        try:
            self.client.execute_cell(new_code_cell(source), 0, store_history=False)
        except CellExecutionError as err:
            return f"{err.ename}: {err.evalue}"
        return None

    def last_failure_kind(self) -> str | None:
        cell = new_code_cell("print(getattr(__import__('sys').last_value, 'kind', None))")
        self.client.execute_cell(cell, 0, store_history=False)
        return "".join(o.get("text", "") for o in cell.outputs).strip()


@pytest.fixture(scope="module")
def kernels() -> Iterator[dict[str, Kernel]]:
    """One kernel per assignment, started on first use, stopped at the end."""
    started: dict[str, Kernel] = {}
    contexts = []

    def start(assignment: str) -> Kernel:
        (path,) = notebooks(SOLUTIONS / assignment)
        nb = read(path)
        client = NotebookClient(nb, timeout=60, resources={"metadata": {"path": str(path.parent)}})
        context = client.setup_kernel()
        context.__enter__()
        contexts.append(context)
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        return Kernel(client)

    class Lazy(dict):
        def __missing__(self, assignment: str) -> Kernel:
            self[assignment] = start(assignment)
            return self[assignment]

    started = Lazy()
    yield started
    for context in reversed(contexts):
        context.__exit__(None, None, None)


@pytest.mark.parametrize(("assignment", "mistake"), _cases())
def test_the_likely_mistake_fails_with_its_kind(kernels, assignment, mistake):
    kernel = kernels[assignment]
    solution = cells_by_id(SOLUTIONS / assignment)
    test = (
        cells_by_id(SOLUTIONS / assignment) if mistake.hidden else cells_by_id(COURSE / assignment)
    )[mistake.test]
    assert kernel.run(mistake.source) is None, f"the wrong code for {mistake.cell} does not run"
    try:
        error = kernel.run(test)
        kind = kernel.last_failure_kind() if error else None
    finally:
        assert kernel.run(solution[mistake.cell]) is None
    tests = "the whole test cell" if mistake.hidden else "the visible test"
    assert error is not None, f"{tests} accepts this wrong answer"
    assert error.startswith("CheckFailure"), f"{tests} fails without a named kind: {error}"
    assert kind == mistake.kind, f"{tests} names it {kind!r}, not {mistake.kind!r}: {error}"

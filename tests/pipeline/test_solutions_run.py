"""Does every instructor notebook run top to bottom, quietly?"""

from __future__ import annotations

import pytest
from nbclient import NotebookClient

from .notebooks import SOLUTIONS, assignments, notebooks, read

PATHS = [p for a in assignments() for p in notebooks(SOLUTIONS / a)]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_solution_notebook_runs_without_error_or_stderr(path):
    nb = read(path)
    NotebookClient(nb, timeout=60, resources={"metadata": {"path": str(path.parent)}}).execute()
    stderr = [
        (i, out.text)
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "stream" and out.name == "stderr"
    ]
    assert stderr == [], "stderr output would zero a test cell in nbgrader"

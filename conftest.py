"""Shared setup for the tests in tests/ and the docstring examples in gdkit/.

It sits at the top of the project so that it reaches both: matplotlib draws with the Agg
backend (no display needed), and every test and example starts as interactive use,
outside nbgrader, and leaves no figure open.
"""

from collections.abc import Iterator

import matplotlib
import matplotlib.pyplot as plt
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def outside_nbgrader(monkeypatch: pytest.MonkeyPatch) -> None:
    """nbgrader's NBGRADER_EXECUTION changes what the explorer does; a test may set it."""
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


@pytest.fixture(autouse=True)
def no_figure_left_open() -> Iterator[None]:
    """Close what a test drew (past 20 open figures matplotlib warns, and warnings fail)."""
    yield
    plt.close("all")

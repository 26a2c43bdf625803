"""The course as students see it: JupyterLab in headless Chromium, driven by Playwright.

Every notebook of course/ (each assignment folder, found as tests/pipeline finds them),
untouched, runs to the end: Run All Cells, and on past each error, as a learner goes on.
Its exercises end in ``raise NotImplementedError()`` or hold a ``None`` to replace, so it
shows errors by design, and only these:

- every test cell fails with the ``gdkit.checks.CheckFailure`` of an unsolved exercise,
  whose message says it "is not implemented yet", or, for an answer still None (or a table
  still blank), "replace None" or "still empty". Any other error in a test cell (a
  NameError, a TypeError, a NotImplementedError, a CheckFailure about something else)
  fails: a test cell must explain itself;
- any other cell (an answer cell, or a demo that calls an unsolved function) may fail with
  a NotImplementedError, and with nothing else.

Anything else on stderr (a NameError or TypeError in a demo, an ImportError, a warning)
fails. Also: a learner who runs a test cell reads the helpful message last; the Nbgrader
menu offers the Assignment List; the learning-rate widget renders, and its plot changes
when its slider moves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from pipeline.notebooks import assignments, is_test_cell, nbgrader_meta, notebooks
from playwright.sync_api import BrowserContext, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .lab import Lab
from .notebook_page import CellView, LabPage, Raised, raised

pytestmark = pytest.mark.browser

ASSIGNMENTS = assignments()
# What the test cells of unsolved exercises say (gdkit.checks and gdkit.exercises).
CHECK_FAILURE = ("CheckFailure", "gdkit.checks.CheckFailure")
UNSOLVED = re.compile(r"is not implemented yet|replace None|still empty")
# What other cells may raise while an exercise they use is not solved.
UNSOLVED_ELSEWHERE = "NotImplementedError"
SLIDER_STEPS = 10  # arrow-key presses on the learning-rate slider
RENDER_MS = 30_000  # for a widget to appear, or its plot to change


@dataclass
class RanNotebook:
    """A notebook run to the end in the browser, and what it showed."""

    page: LabPage
    notebook: nbformat.NotebookNode
    cells: list[CellView]
    screenshots: list[Path]

    @property
    def screenshot(self) -> str:
        """Where the screenshots of the run are, for messages."""
        return ", ".join(str(path) for path in self.screenshots)


def run_in_lab(page: LabPage, path: Path) -> RanNotebook:
    """Run all cells of ``path``, loaded in ``page``, then screenshot and read it."""
    page.wait_until_open(kernel=True)
    page.run_all()
    screenshots = page.screenshot_notebook(f"{path.stem}-after-run-all")
    notebook = nbformat.read(path, as_version=4)
    cells = page.read()
    ran = RanNotebook(page, notebook, cells, screenshots)
    assert len(cells) == len(notebook.cells), f"the page shows {len(cells)} cells: {ran.screenshot}"
    return ran


class Runs:
    """Notebooks of the lab run to the end, each once, in a tab of its own.

    ``load`` opens a notebook ahead of time: it loads, and its kernel starts, while another
    runs. The tab that runs is brought to the front, since a tab behind others draws nothing.
    """

    def __init__(self, lab: Lab, browser: BrowserContext, artifacts: Path) -> None:
        self.lab, self.browser, self.artifacts = lab, browser, artifacts
        self._loading: dict[Path, LabPage] = {}
        self._ran: dict[Path, RanNotebook | Exception] = {}

    def load(self, path: Path) -> None:
        """Open ``path`` in a new tab, where it loads (and starts its kernel) meanwhile."""
        if path not in self._ran and path not in self._loading:
            assert path.exists(), f"{path.relative_to(self.lab.root)} is missing"
            page = LabPage(self.browser.new_page(), self.artifacts)
            page.load(self.lab.url_of(path))
            self._loading[path] = page

    def __getitem__(self, path: Path) -> RanNotebook:
        """``path`` run to the end: now, or by an earlier test (whose failure is repeated)."""
        if path not in self._ran:
            self.load(path)
            page = self._loading.pop(path)
            # A tab behind another draws nothing, and JupyterLab waits for it to draw.
            page.page.bring_to_front()
            try:
                self._ran[path] = run_in_lab(page, path)
            except Exception as err:
                self._ran[path] = err
                self._close(page, path)
                raise
        ran = self._ran[path]
        if isinstance(ran, Exception):
            pytest.fail(f"running {path.name} failed in an earlier test: {ran}")
        ran.page.page.bring_to_front()  # again, for a later test
        return ran

    def close(self, path: Path) -> None:
        """Close the tab of ``path`` and shut its kernel down: no later test needs them."""
        ran = self._ran.pop(path, None)
        page = ran.page if isinstance(ran, RanNotebook) else self._loading.pop(path, None)
        if page is not None:
            self._close(page, path)

    def close_all(self) -> None:
        for path in [*self._ran, *self._loading]:
            self.close(path)

    def _close(self, page: LabPage, path: Path) -> None:
        page.page.close()
        with suppress(OSError):  # tidying only: the lab's kernels stop with it anyway
            self.lab.shut_down_kernels(path)


@pytest.fixture(scope="module")
def runs(lab: Lab, browser: BrowserContext, artifacts: Path) -> Iterator[Runs]:
    """The course's notebooks, untouched, each run to the end once for all tests."""
    ran = Runs(lab, browser, artifacts)
    try:
        yield ran
    finally:
        ran.close_all()


def first_notebook(root: Path) -> Path:
    """The notebook of the first assignment."""
    found = notebooks(root / ASSIGNMENTS[0])
    assert found, f"{ASSIGNMENTS[0]} holds no notebook"
    return found[0]


def widget_notebooks(root: Path) -> list[Path]:
    """The course notebooks that call ``learning_rate_explorer``."""
    return [
        path
        for assignment in ASSIGNMENTS
        for path in notebooks(root / assignment)
        if "learning_rate_explorer" in path.read_text()
    ]


def needed_later(root: Path) -> set[Path]:
    """The notebooks whose tab and kernel the tests after the run-all test use."""
    return {*notebooks(root / ASSIGNMENTS[0])[:1], *widget_notebooks(root)[:1]}


def is_expected(cell: nbformat.NotebookNode, error: Raised) -> bool:
    """Is this error one of an unsolved exercise, where it shows (module docstring)?

    >>> from nbformat.v4 import new_code_cell
    >>> test = new_code_cell(metadata={"nbgrader": {"grade": True, "solution": False}})
    >>> is_expected(test, Raised("CheckFailure", "`f` is not implemented yet: replace ..."))
    True
    >>> is_expected(test, Raised("CheckFailure", "`x` is None: replace None with your answer."))
    True
    >>> is_expected(test, Raised("CheckFailure", "`f` has the wrong sign."))
    False
    >>> is_expected(test, Raised("NameError", "name 'f' is not defined"))
    False
    >>> is_expected(test, Raised("NotImplementedError", ""))
    False
    >>> is_expected(new_code_cell(), Raised("NotImplementedError", ""))
    True
    >>> is_expected(new_code_cell(), Raised("TypeError", "eta must be a number, not NoneType"))
    False
    """
    if is_test_cell(cell):
        return error.name in CHECK_FAILURE and bool(UNSOLVED.search(error.message))
    return error.name == UNSOLVED_ELSEWHERE


def cell_label(cell: nbformat.NotebookNode, index: int) -> str:
    """ "test cell 6 (test_dL_dw)", "cell 31": how a problem names its cell."""
    grade_id = nbgrader_meta(cell).get("grade_id")
    kind = "test cell" if is_test_cell(cell) else "cell"
    return f"{kind} {index}" + (f" ({grade_id})" if grade_id else "")


def unexpected_output(ran: RanNotebook) -> list[str]:
    """What a learner should not see in an unsolved notebook (see the module docstring)."""
    problems = []
    for cell, view in zip(ran.notebook.cells, ran.cells, strict=True):
        label = cell_label(cell, view.index)
        errors = [raised(shown) for shown in view.stderr]
        problems += [f"{label}: {str(e)[:300]!r}" for e in errors if not is_expected(cell, e)]
        if is_test_cell(cell) and not errors:
            problems.append(f"{label} shows no error, on an exercise not solved yet")
    return problems


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_run_all_shows_only_unsolved_exercises(assignment: str, lab: Lab, runs: Runs):
    paths = notebooks(lab.root / assignment)
    assert paths, f"course/{assignment} holds no notebook"
    keep = needed_later(lab.root)  # the tests below go on from where this one leaves them
    course = [path for name in ASSIGNMENTS for path in notebooks(lab.root / name)]
    problems = []
    for path in paths:
        try:
            # the notebook after this one loads, and starts its kernel, while this one runs
            for loaded in course[course.index(path) : course.index(path) + 2]:
                runs.load(loaded)
            ran = runs[path]
            found = [f"{path.name}, {problem}" for problem in unexpected_output(ran)]
            problems += [*found, f"  screenshot: {ran.screenshot}"] if found else []
            if not any(is_test_cell(cell) for cell in ran.notebook.cells):
                problems.append(f"{path.name} holds no test cell")
        finally:
            if path not in keep:
                runs.close(path)
    assert not problems, "\n".join(problems)


def test_visible_test_cell_shows_helpful_message(lab: Lab, runs: Runs):
    """A learner runs the first test cell (Shift+Enter) before solving its exercise."""
    path = first_notebook(lab.root)
    ran = runs[path]
    index = next(i for i, cell in enumerate(ran.notebook.cells) if is_test_cell(cell))
    shown = ran.page.run_cell(index)
    screenshot = ran.page.screenshot(f"{path.stem}-test-cell-{index}", ran.page.cells.nth(index))
    assert shown.stderr, f"test cell {index} passed on an unsolved exercise: {screenshot}"
    error = raised(shown.stderr[-1])
    assert is_expected(ran.notebook.cells[index], error), (
        f"test cell {index} ends in {str(error)!r}, not the helpful message: {screenshot}"
    )


def test_nbgrader_menu_offers_assignment_list(lab: Lab, lab_page: LabPage):
    lab_page.open(lab.url_of())
    menubar = lab_page.page.get_by_role("menubar")
    expect(
        menubar.get_by_role("menuitem", name="Nbgrader", exact=True),
        f"no Nbgrader menu in {menubar.inner_text().split()}",
    ).to_be_visible()
    items = lab_page.menu_items("Nbgrader")
    screenshot = lab_page.screenshot("nbgrader-menu")
    assert "Assignment List" in items, f"the Nbgrader menu holds {items}: {screenshot}"


def test_learning_rate_widget_redraws_plot(lab: Lab, runs: Runs):
    found = widget_notebooks(lab.root)
    assert found, "no course notebook uses learning_rate_explorer"
    path = found[0]
    ran = runs[path]  # as the test that ran all its cells left it
    lab_page = ran.page
    where = f"{path.relative_to(lab.root)}, screenshot {ran.screenshot}"
    broken = [v.text.strip()[:300] for v in ran.cells if "Error displaying widget" in v.text]
    assert not broken, f"{broken} ({where})"
    page = lab_page.page
    widget = page.locator(".jp-OutputArea-output:has(.widget-slider)").first
    unrendered = [v.text.strip()[:300] for v in ran.cells if "Slider(" in v.text]
    with suppress(PlaywrightTimeoutError):
        widget.wait_for(timeout=RENDER_MS)
    assert widget.is_visible(), f"no slider widget rendered ({where}); shown: {unrendered}"
    loading = page.get_by_text("Loading widget...")
    expect(loading, f"a widget stays loading ({where})").to_have_count(0, timeout=RENDER_MS)

    plot = widget.locator("img").first
    before = plot.screenshot()
    lab_page.screenshot(f"{path.stem}-widget-before", widget)
    eta = widget.get_by_role("slider").first  # the explorer's first slider is the learning rate
    value = eta.get_attribute("aria-valuenow")
    eta.focus()
    for _ in range(SLIDER_STEPS):
        page.keyboard.press("ArrowRight")
    moved = f"the slider did not move ({where})"
    expect(eta, moved).not_to_have_attribute("aria-valuenow", value)
    redrawn = lab_page.wait_for_change(plot, before, RENDER_MS)
    after = lab_page.screenshot(f"{path.stem}-widget-after", widget)
    assert redrawn, f"the plot did not change with the slider ({where}): {after}"

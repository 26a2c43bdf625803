"""The course as students see it: JupyterLab in headless Chromium, driven by Playwright.

The first assignment, untouched, runs to the end. Its exercises end in
``raise NotImplementedError()``, so it shows errors by design: in a test cell, the
AssertionError of ``gdkit.checks`` saying the exercise "is not implemented yet"; in any
other cell, the NotImplementedError of an exercise not solved yet. Anything else on
stderr (a NameError, an ImportError, a warning) fails. Also: a learner who runs a test
cell reads the helpful message last; the Nbgrader menu offers the Assignment List; the
learning-rate widget renders, and its plot changes when its slider moves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import BrowserContext, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .lab import Lab
from .notebook_page import CellView, LabPage, error_name, last_line

pytestmark = pytest.mark.browser

NEURON = Path("01_neuron_and_loss", "neuron_and_loss.ipynb")
HELPFUL = "not implemented yet"
SLIDER_STEPS = 10  # arrow-key presses on the learning-rate slider
RENDER_MS = 30_000  # for a widget to appear, or its plot to change


@dataclass
class RanNotebook:
    """A notebook run to the end in the browser, and what it showed."""

    page: LabPage
    notebook: nbformat.NotebookNode
    cells: list[CellView]
    screenshot: Path


def run_in_lab(page: LabPage, lab: Lab, path: Path) -> RanNotebook:
    """Open ``path`` in JupyterLab, run all its cells, screenshot and read it."""
    page.open_notebook(lab.url_of(path))
    page.run_all()
    screenshot = page.screenshot_notebook(f"{path.stem}-after-run-all")
    notebook = nbformat.read(path, as_version=4)
    cells = page.read()
    assert len(cells) == len(notebook.cells), f"the page shows {len(cells)} cells: {screenshot}"
    return RanNotebook(page, notebook, cells, screenshot)


def is_test_cell(cell: nbformat.NotebookNode) -> bool:
    """Is this an nbgrader test cell (graded, not a solution)?"""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def unexpected_output(ran: RanNotebook) -> list[str]:
    """What a learner should not see in an unsolved notebook (see the module docstring)."""
    problems = []
    for cell, view in zip(ran.notebook.cells, ran.cells, strict=True):
        for shown in view.stderr:
            if is_test_cell(cell):
                expected = error_name(shown) == "AssertionError" and HELPFUL in last_line(shown)
            else:
                expected = error_name(shown) == "NotImplementedError"
            if not expected:
                problems.append(f"cell {view.index}: {last_line(shown)[:200]!r}")
    return problems


@pytest.fixture(scope="module")
def neuron(lab: Lab, browser: BrowserContext, artifacts: Path) -> Iterator[RanNotebook]:
    """The first assignment, untouched, run to the end in one tab."""
    path = lab.root / NEURON
    assert path.exists(), f"course/{NEURON.as_posix()} is missing"
    page = browser.new_page()
    try:
        yield run_in_lab(LabPage(page, artifacts), lab, path)
    finally:
        page.close()


def test_neuron_and_loss_runs_without_unexpected_errors(neuron: RanNotebook):
    problems = unexpected_output(neuron)
    assert not problems, "\n".join([*problems, f"screenshot: {neuron.screenshot}"])
    helpful = [v.index for v in neuron.cells if any(HELPFUL in s for s in v.stderr)]
    assert helpful, f"no test cell said '{HELPFUL}' in the unsolved release: {neuron.screenshot}"


def test_visible_test_cell_shows_helpful_message(neuron: RanNotebook):
    """A learner runs the first test cell (Shift+Enter) before solving its exercise."""
    index = next(i for i, cell in enumerate(neuron.notebook.cells) if is_test_cell(cell))
    shown = neuron.page.run_cell(index)
    screenshot = neuron.page.screenshot(
        f"{NEURON.stem}-test-cell-{index}", neuron.page.cells.nth(index)
    )
    assert shown.stderr, f"test cell {index} passed on an unsolved exercise: {screenshot}"
    message = last_line(shown.stderr[-1])
    assert error_name(message) == "AssertionError" and HELPFUL in message, (
        f"test cell {index} ends in {message!r}, not the helpful message: {screenshot}"
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


def widget_notebook(root: Path) -> Path:
    """The first course notebook that calls ``learning_rate_explorer``."""
    found = [p for p in sorted(root.glob("*/*.ipynb")) if "learning_rate_explorer" in p.read_text()]
    assert found, "no course notebook uses learning_rate_explorer"
    return found[0]


def test_learning_rate_widget_redraws_plot(lab: Lab, lab_page: LabPage):
    path = widget_notebook(lab.root)
    ran = run_in_lab(lab_page, lab, path)
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

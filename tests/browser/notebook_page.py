"""Drive JupyterLab in Chromium as a learner does: open a notebook, run it, read what shows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

START_MS = 60_000
RUN_MS = 90_000
TALLEST = 16_000  # pixels: the tallest window Chromium screenshots at once, with margin
STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
# Has this cell run, with no cell queued, and does the status bar say the kernel is idle?
RAN = r"""cell => /\[\d+\]/.test(cell.querySelector('.jp-InputPrompt').textContent)
    && ![...document.querySelectorAll('.jp-InputPrompt')].some(p => p.textContent.includes('[*]'))
    && [...document.querySelectorAll('#jp-main-statusbar .jp-StatusBar-TextItem')]
        .some(item => /\| Idle$/.test(item.textContent.trim()))"""


@dataclass
class CellView:
    """One cell as shown: the text of its outputs, and its stderr and tracebacks."""

    index: int
    text: str
    stderr: list[str]


# The line of a rendered traceback that names the exception, and the message after it:
# "NameError: name 'x' is not defined", a bare "NotImplementedError", or "CheckFailure: ..."
# (IPython names gdkit.checks.CheckFailure without its module; either form is read).
EXCEPTION_LINE = re.compile(
    r"([A-Za-z_]\w*(?:\.\w+)*(?:Error|Exception|Failure|Warning|Interrupt|Exit|Iteration))"
    r"(?::[ \t]?(.*))?"
)


@dataclass(frozen=True)
class Raised:
    """What a stderr output shows: the exception a traceback ends in and its message.

    ``name`` is '' for stderr text that is no traceback (a warning, a log line); its
    ``message`` is then all of that text, on one line.
    """

    name: str
    message: str

    def __str__(self) -> str:
        return f"{self.name}: {self.message}" if self.name else self.message


def raised(shown: str) -> Raised:
    r"""The exception that a rendered traceback ends in: its last line that starts with an
    exception's name, and the message from there on (a message may run over lines).

    >>> raised("Cell In[3], line 1\n----> 1 f()\n\nCheckFailure: `f` is not implemented yet.")
    Raised(name='CheckFailure', message='`f` is not implemented yet.')
    >>> raised("---> 4 raise NotImplementedError()\n\nNotImplementedError: ")
    Raised(name='NotImplementedError', message='')
    >>> raised("/x/y.py:3: RuntimeWarning: overflow\n  return 1 / x")
    Raised(name='', message='/x/y.py:3: RuntimeWarning: overflow return 1 / x')
    """
    lines = shown.rstrip().splitlines()
    for start in range(len(lines) - 1, -1, -1):
        match = EXCEPTION_LINE.fullmatch(lines[start].rstrip())
        if match:
            rest = [match.group(2) or "", *lines[start + 1 :]]
            return Raised(match.group(1), " ".join(line.strip() for line in rest).strip())
    return Raised("", " ".join(line.strip() for line in lines if line.strip()))


class LabPage:
    """A JupyterLab tab in Chromium, with the few actions the tests need."""

    def __init__(self, page: Page, artifacts: Path) -> None:
        self.page = page
        self.artifacts = artifacts
        self.cells = page.locator(".jp-Notebook .jp-Cell")
        self.code_cells = page.locator(".jp-Notebook .jp-CodeCell")
        # The status bar names the kernel's state only once the kernel is connected.
        self.kernel_idle = page.locator("#jp-main-statusbar").get_by_text(re.compile(r"\| Idle$"))

    def load(self, url: str) -> None:
        """Start loading JupyterLab at ``url``: it goes on loading while the test does more."""
        self.page.goto(url, wait_until="commit")

    def wait_until_open(self, kernel: bool = False) -> None:
        """Wait until JupyterLab shows its menu bar and, with ``kernel``, until the
        notebook's kernel is connected and idle."""
        file_menu = self.page.get_by_role("menuitem", name="File", exact=True)
        expect(file_menu).to_be_visible(timeout=START_MS)
        if kernel:
            expect(self.kernel_idle).to_be_visible(timeout=START_MS)

    def open(self, url: str) -> None:
        """Open JupyterLab at ``url`` and wait until its menu bar is there."""
        self.load(url)
        self.wait_until_open()

    def menu(self, top: str, item: str) -> None:
        """Click a menu of the menu bar, then one of its items."""
        self.page.get_by_role("menuitem", name=top, exact=True).click()
        self.page.get_by_role("menuitem", name=item, exact=True).click()

    def menu_items(self, top: str) -> list[str]:
        """Open a top-level menu and read its labels."""
        self.page.get_by_role("menuitem", name=top, exact=True).click()
        menu = self.page.locator(".lm-Menu").last
        expect(menu).to_be_visible()
        return [label for label in menu.locator(".lm-Menu-itemLabel").all_inner_texts() if label]

    def run_all(self) -> None:
        """Run > Run All Cells. JupyterLab stops at the first error, as it does for a
        learner; each time, go on with Run > Run Selected Cell and All Below from the
        first cell that has not run, until every code cell has run."""
        self.menu("Run", "Run All Cells")
        self._wait_until_ran(self.code_cells.first)
        while True:
            prompts = self.code_cells.locator(".jp-InputPrompt").all_inner_texts()
            not_run = [i for i, prompt in enumerate(prompts) if "[ ]" in prompt]
            if not not_run:
                return
            cell = self.code_cells.nth(not_run[0])
            cell.locator(".jp-InputPrompt").click()
            self.menu("Run", "Run Selected Cell and All Below")
            self._wait_until_ran(cell)

    def run_cell(self, index: int) -> CellView:
        """Select cell ``index`` and press Shift+Enter, as a learner runs one cell."""
        cell = self.cells.nth(index)
        prompt = cell.locator(".jp-InputPrompt")
        before = prompt.inner_text()
        prompt.click()
        self.page.keyboard.press("Shift+Enter")
        expect(prompt).not_to_have_text(before, timeout=RUN_MS)
        self._wait_until_ran(cell)
        return self.read()[index]

    def _wait_until_ran(self, cell: Locator) -> None:
        """Wait until ``cell`` has run, no cell is queued and the kernel is idle."""
        self.page.wait_for_function(RAN, arg=cell.element_handle(), polling=100, timeout=RUN_MS)

    def read(self) -> list[CellView]:
        """Every cell of the open notebook, in order, as the page shows it."""
        views = self.cells.evaluate_all(
            """(cells, stderr) => cells.map((cell, index) => ({
                index,
                text: cell.querySelector('.jp-OutputArea')?.innerText ?? '',
                stderr: [...cell.querySelectorAll(stderr)].map(o => o.innerText),
            }))""",
            STDERR,
        )
        return [CellView(**view) for view in views]

    def wait_for_change(self, element: Locator, before: bytes, timeout_ms: int) -> bool:
        """Does ``element`` look different from the screenshot ``before`` within the time?"""
        for _ in range(timeout_ms // 250):
            if element.screenshot() != before:
                return True
            self.page.wait_for_timeout(250)
        return False

    def screenshot(self, name: str, element: Locator | None = None) -> Path:
        """Save a screenshot of ``element``, or of the window, under artifacts."""
        path = self.artifacts / f"{name}.png"
        (self.page if element is None else element).screenshot(path=path)
        return path

    def screenshot_notebook(self, name: str) -> list[Path]:
        """Save screenshots of the whole open notebook, every cell, under artifacts: one,
        ``name.png``, or for a notebook taller than one screenshot holds, ``name-1.png``,
        ``name-2.png`` ... from top to bottom (the last one may overlap the one before)."""
        # The notebook scrolls inside the page: grow the window by what is hidden, once.
        size = self.page.viewport_size
        scroller = self.page.locator(".jp-Notebook .jp-WindowedPanel-outer")
        hidden = scroller.evaluate("s => s.scrollHeight - s.clientHeight")
        height = min(size["height"] + hidden, TALLEST)
        self.page.set_viewport_size({"width": size["width"], "height": height})
        try:
            # What the grown window shows of the notebook at once, and what it still hides.
            step, last = scroller.evaluate(
                """s => new Promise(done => requestAnimationFrame(
                    () => done([s.clientHeight, s.scrollHeight - s.clientHeight])))"""
            )
            tops = [*range(0, last, step), last] if last > 0 else [0]
            shots = []
            for number, top in enumerate(tops, start=1):
                scroller.evaluate("(s, top) => { s.scrollTop = top }", top)
                shots.append(self.screenshot(name if len(tops) == 1 else f"{name}-{number}"))
            return shots
        finally:
            self.page.set_viewport_size(size)

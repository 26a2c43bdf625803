"""Benchmark: from moving an explorer's slider to its new picture on screen, in the browser.

Off by default (the test skips, so CI time does not grow). Run it with::

    GDKIT_BROWSER_BENCHMARK=1 .venv/bin/python -m pytest tests/browser -k benchmark -s
    # more moves per slider (default 30):
    GDKIT_BROWSER_BENCHMARK=1 GDKIT_BROWSER_BENCHMARK_MOVES=100 .venv/bin/python -m pytest \
        tests/browser -k benchmark -s

Every notebook of course/ that can build a widget (its code imports ipywidgets, or a gdkit
module that uses it, directly or through another gdkit module) runs in JupyterLab, as in
test_course_in_lab.py. Every explorer it shows (a widget output holding a slider and an
image) is measured: each of its sliders gets N arrow-key presses on its focused handle, one
at a time. In the page, each move is timed from the keydown event to the frame that shows
the new picture: the <img> gets a new src, the picture is decoded, and the next frame is
drawn (performance.now(), the clock of event.timeStamp). The table (median, p90, max ms per
explorer and slider) is printed and written to artifacts/browser/explorer-latency.json.

Issue 11 asks for a median within 100 ms. This test asserts nothing about time (speed is
measured here, not tested); it fails if no explorer shows at all, or if a slider never
brings a new picture on screen.
"""

from __future__ import annotations

import ast
import json
import os
import platform
import statistics
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest
from pipeline.notebooks import ROOT, assignments, notebooks
from playwright.sync_api import BrowserContext, Locator, expect

from .lab import Lab
from .notebook_page import LabPage

BENCHMARK = os.environ.get("GDKIT_BROWSER_BENCHMARK", "") not in ("", "0")
MOVES = int(os.environ.get("GDKIT_BROWSER_BENCHMARK_MOVES", "30"))
GDKIT = ROOT / "gdkit"
RENDER_MS = 30_000  # for the widgets of a notebook to appear
PAINT_MS = 5_000  # a move that shows no new picture within this counts as missed
# After each move, a pause like a student's between two key presses: the next move starts
# once the kernel is done with this one (its picture, then the message under it).
PAUSE_MS = 150
EXPLORER = ".jp-OutputArea-output:has(.widget-slider):has(img)"
CELL_OF = """output => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]
    .indexOf(output.closest('.jp-Cell'))"""

pytestmark = pytest.mark.browser

# Armed before a key press, on the explorer's <img>: times the move into window.__gdkitMove.
ARM = """img => {
    const move = {keydown: null, src: null, painted: null, pictures: 0};
    const onKey = event => { move.keydown ??= event.timeStamp; };
    document.addEventListener('keydown', onKey, {capture: true});
    let done;
    const painted = new Promise(resolve => { done = resolve; });
    const observer = new MutationObserver(() => {
        move.pictures += 1;  // more than one picture for one move is worth knowing
        if (move.src !== null) return;
        move.src = performance.now();
        img.decode().catch(() => {}).then(() => {  // rejects if a newer src replaced it
            // The frame that shows the picture is drawn right after this callback; a
            // message posted now is handled once it is.
            requestAnimationFrame(() => {
                const channel = new MessageChannel();
                channel.port1.onmessage = () => { move.painted = performance.now(); done(); };
                channel.port2.postMessage(null);
            });
        });
    });
    observer.observe(img, {attributes: true, attributeFilter: ['src']});
    window.__gdkitMove = {move, painted, stop() {
        observer.disconnect();
        document.removeEventListener('keydown', onKey, {capture: true});
    }};
}"""
# After the key press: wait for the picture (or the time limit), pause, and read the move.
COLLECT = """async ([limit, pause]) => {
    const {move, painted, stop} = window.__gdkitMove;
    await Promise.race([painted, new Promise(resolve => setTimeout(resolve, limit))]);
    await new Promise(resolve => setTimeout(resolve, pause));
    stop();
    return move;
}"""
# Where a slider stands: its handle's aria-value* (noUiSlider rounds them to one decimal, so
# they serve only to turn back at an end) and the readout, which shows every step.
POSITION = """slider => {
    const handle = slider.querySelector('[role=slider]');
    const [now, low, high] = ['now', 'min', 'max'].map(
        k => Number(handle.getAttribute('aria-value' + k)));
    return {now, low, high, shown: slider.querySelector('.widget-readout')?.textContent};
}"""


@dataclass
class SliderTimes:
    """The moves of one slider of one explorer, in milliseconds from the key press."""

    explorer: str
    slider: str
    moves: int = 0
    painted_ms: list[float] = field(default_factory=list)  # until the picture is on screen
    src_ms: list[float] = field(default_factory=list)  # until the <img> got its new src
    not_moved: int = 0  # presses that left the handle where it was
    extra_pictures: int = 0  # pictures beyond one per move

    def summary(self) -> dict[str, float | int | str | None]:
        """The row of the table: median, p90 and max of the painted times, to 0.1 ms."""
        shown, src = self.painted_ms, self.src_ms
        figures = {
            "median_ms": statistics.median(shown) if shown else None,
            "p90_ms": p90(shown) if shown else None,
            "max_ms": max(shown) if shown else None,
            "median_src_ms": statistics.median(src) if src else None,
        }
        return {
            "explorer": self.explorer,
            "slider": self.slider,
            "N": self.moves,
            "painted": len(shown),
            **{k: None if v is None else round(v, 1) for k, v in figures.items()},
        }


def p90(samples: list[float]) -> float:
    """The 90th percentile (linear between samples; one sample is its own).

    >>> p90([float(v) for v in range(1, 11)])
    9.1
    >>> p90([7.0])
    7.0
    """
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=10, method="inclusive")[-1]


def module_name(path: Path) -> str:
    """The dotted name of a gdkit source file.

    >>> module_name(GDKIT / "exercises" / "__init__.py"), module_name(GDKIT / "explorer.py")
    ('gdkit.exercises', 'gdkit.explorer')
    """
    parts = path.relative_to(GDKIT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def names_used(source: str) -> set[str]:
    """The modules (and their members) that code imports or reaches by attribute; lines of
    IPython magic are left out. Code that does not parse uses nothing.

    >>> sorted(names_used("from gdkit import data, plots\\n%matplotlib inline\\nimport numpy"))
    ['gdkit', 'gdkit.data', 'gdkit.plots', 'numpy']
    >>> sorted(names_used("import gdkit\\ngdkit.minima.explore(1)"))
    ['gdkit', 'gdkit.minima', 'gdkit.minima.explore']
    """
    code = "\n".join(
        line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))
    )
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            used |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            used |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
        elif isinstance(node, ast.Attribute) and (dotted := _dotted(node)):
            used.add(dotted)
    return used


def _dotted(node: ast.expr) -> str | None:
    """``a.b.c`` for an attribute chain that starts at a plain name, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and (head := _dotted(node.value)):
        return f"{head}.{node.attr}"
    return None


def uses_any(used: set[str], modules: set[str]) -> bool:
    """Does ``used`` name one of ``modules``, or a member of one?

    >>> uses_any({"gdkit", "gdkit.explorer.learning_rate_explorer"}, {"gdkit.explorer"})
    True
    >>> uses_any({"gdkit.explorers"}, {"gdkit.explorer"})
    False
    """
    return any(name == m or name.startswith(f"{m}.") for name in used for m in modules)


def widget_modules() -> set[str]:
    """ipywidgets, and every gdkit module that imports it or another module of this set."""
    imports = {module_name(p): names_used(p.read_text()) for p in GDKIT.rglob("*.py")}
    found = {"ipywidgets"}
    while more := {m for m, used in imports.items() if m not in found and uses_any(used, found)}:
        found |= more
    return found


def widget_notebooks(root: Path) -> list[Path]:
    """The notebooks of the course at ``root`` whose code can build a widget."""
    modules = widget_modules()
    return [
        path
        for assignment in assignments()
        for path in notebooks(root / assignment)
        if any(
            uses_any(names_used(cell.source), modules)
            for cell in nbformat.read(path, as_version=4).cells
            if cell.cell_type == "code"
        )
    ]


@pytest.fixture
def opened(
    lab: Lab, browser: BrowserContext, artifacts: Path
) -> Iterator[Callable[[Path], LabPage]]:
    """Opens a notebook in a tab of its own; closes each tab, and its kernel, after the test."""
    opened: list[tuple[Path, LabPage]] = []

    def open_notebook(path: Path) -> LabPage:
        page = LabPage(browser.new_page(), artifacts)
        opened.append((path, page))
        page.load(lab.url_of(path))
        page.page.bring_to_front()  # a tab behind another draws nothing
        page.wait_until_open(kernel=True)
        return page

    try:
        yield open_notebook
    finally:
        for path, page in opened:
            page.page.close()
            lab.shut_down_kernels(path)


def explorers(page: LabPage) -> list[tuple[int, Locator]]:
    """The explorers the open notebook shows, each with the index of its cell."""
    expect(page.page.get_by_text("Loading widget...")).to_have_count(0, timeout=RENDER_MS)
    return [(output.evaluate(CELL_OF), output) for output in page.page.locator(EXPLORER).all()]


def slider_name(slider: Locator, index: int) -> str:
    """The slider's description ("η", "steps" ...), or its place among the sliders."""
    label = slider.locator(".widget-label").first.inner_text().strip()
    return label or f"slider {index + 1}"


def time_moves(
    page: LabPage, explorer: str, slider: Locator, image: Locator, name: str
) -> SliderTimes:
    """Press an arrow key ``MOVES`` times on the slider's handle, timing each picture.

    The handle goes right and turns back at either end, so that every press moves it.
    """
    handle = slider.locator("[role=slider]").first
    times = SliderTimes(explorer, name)
    key = "ArrowRight"
    for _ in range(MOVES):
        before = slider.evaluate(POSITION)
        if before["now"] >= before["high"]:
            key = "ArrowLeft"
        elif before["now"] <= before["low"]:
            key = "ArrowRight"
        image.evaluate(ARM)
        handle.press(key)
        move = page.page.evaluate(COLLECT, [PAINT_MS, PAUSE_MS])
        times.moves += 1
        times.not_moved += slider.evaluate(POSITION) == before
        times.extra_pictures += max(move["pictures"] - 1, 0)
        if move["keydown"] is None:
            pytest.fail(f"{explorer}, {name}: the page saw no key press on the slider")
        if move["src"] is not None:
            times.src_ms.append(move["src"] - move["keydown"])
        if move["painted"] is not None:
            times.painted_ms.append(move["painted"] - move["keydown"])
    return times


def table(rows: list[dict]) -> str:
    """The rows as a text table, figures in ms with one decimal.

    >>> print(table([]))
    explorer  slider  N  painted  median_ms  p90_ms  max_ms  median_src_ms
    """
    header = [
        "explorer",
        "slider",
        "N",
        "painted",
        "median_ms",
        "p90_ms",
        "max_ms",
        "median_src_ms",
    ]
    cells = [
        [f"{v:.1f}" if isinstance(v, float) else str(v) for v in map(row.get, header)]
        for row in rows
    ]
    widths = [max([len(h), *(len(c[i]) for c in cells)]) for i, h in enumerate(header)]
    lines = [header, *cells]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines
    )


@pytest.mark.skipif(not BENCHMARK, reason="benchmark mode: set GDKIT_BROWSER_BENCHMARK=1")
def test_benchmark_explorer_latency(
    lab: Lab, opened: Callable[[Path], LabPage], artifacts: Path, capsys: pytest.CaptureFixture
):
    load_at_start = os.getloadavg()  # the machine may be shared: say how busy it was
    candidates = widget_notebooks(lab.root)
    assert candidates, "no notebook of course/ imports a module that builds widgets"
    results: list[SliderTimes] = []
    shown_none = []
    for path in candidates:
        page = opened(path)
        page.run_all()
        found = explorers(page)
        if not found:
            shown_none.append(path.relative_to(lab.root).as_posix())
            page.screenshot_notebook(f"{path.stem}-benchmark-no-explorer")
        for cell, output in found:
            explorer = f"{path.name}, cell {cell}"
            output.scroll_into_view_if_needed()  # a picture out of view may not be drawn
            image = output.locator("img").first
            sliders = output.locator(".widget-slider").all()
            results += [
                time_moves(page, explorer, s, image, slider_name(s, i))
                for i, s in enumerate(sliders)
            ]
            page.screenshot(f"{path.stem}-benchmark-cell-{cell}", output)

    rows = [times.summary() for times in results]
    report = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "what": "ms from an arrow-key press on a slider handle to the frame showing the new picture",
        "moves_per_slider": MOVES,
        "pause_between_moves_ms": PAUSE_MS,
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_at_start": load_at_start,
            "load_average_at_end": os.getloadavg(),
            "platform": platform.platform(),
        },
        "notebooks_without_explorer_shown": shown_none,
        "rows": rows,
        "moves": [asdict(times) for times in results],
    }
    out = artifacts / "explorer-latency.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    with capsys.disabled():
        print(f"\n\nexplorer latency in the browser ({MOVES} moves per slider), written to {out}")
        print(table(rows))
        if shown_none:
            print(f"notebooks that import widgets but showed no explorer: {', '.join(shown_none)}")

    assert results, (
        f"no explorer showed in {[p.name for p in candidates]}: screenshots in {artifacts}"
    )
    never = [
        f"{t.explorer}, {t.slider} ({t.not_moved} of {t.moves} presses did not move it)"
        for t in results
        if not t.painted_ms
    ]
    assert not never, f"no new picture after any move of: {'; '.join(never)}"

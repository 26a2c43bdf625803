"""How long from a slider change to a new picture in the minima explorer?

Run: ``python benchmarks/bench_minima_explorer.py [--changes 50]``

On the tilted double well of assignment 8, the two sliders of
:func:`gdkit.minima.minima_explorer` are moved through ``--changes`` values each, to and
fro: the learning rate (the basins of all 401 starts are computed again, then the path)
and the start (the path only). Each time we measure until the widget holds the new PNG.
The baseline runs in the same process on the same values: *from scratch*, a new
:class:`~gdkit.minima.MinimaFigure` built, updated and saved with ``savefig`` for every
change.

The target (issue 11): within 50 ms per slider change. On a busy machine the wall clock
counts other programs' time too; compare the CPU column then.
"""

from __future__ import annotations

import argparse
import io
import statistics

import numpy as np
from bench_explorer import timings

from gdkit.minima import (
    WELL_MINIMA,
    MinimaFigure,
    minima_explorer,
    tilted_well,
    tilted_well_grad,
)

W_GRID = np.linspace(-2, 2, 401)
START, ETA = 1.5, 0.05


def to_and_fro(low: float, high: float, changes: int, *, log: bool) -> np.ndarray:
    """``changes`` values over [low, high], every other one going up, then the rest coming down."""
    values = np.geomspace(low, high, changes) if log else np.linspace(low, high, changes)
    return values[np.r_[0:changes:2, changes - 1 - (changes % 2) : 0 : -2]]


def bench(changes: int) -> list[tuple[str, str, float, float, float]]:
    box = minima_explorer(
        tilted_well, tilted_well_grad, START, w_grid=W_GRID, minima=WELL_MINIMA, eta=ETA
    )
    (start_slider, eta_slider), image = box.children[0].children, box.children[1]

    def slider(widget):
        def move(value: float) -> None:
            widget.value = value  # the callback recomputes, redraws and stores the PNG
            assert image.value[:4] == b"\x89PNG"

        return move

    def from_scratch(fixed: dict[str, float], name: str):
        def build(value: float) -> None:
            fresh = MinimaFigure(tilted_well, tilted_well_grad, W_GRID, WELL_MINIMA)
            fresh.update(**{**fixed, name: value})
            fresh.figure.savefig(io.BytesIO(), format="png")

        return build

    sweeps = {
        "η": (eta_slider, to_and_fro(0.005, 0.3, changes, log=True), {"w0": START}, "eta"),
        "start": (start_slider, to_and_fro(-1.9, 1.9, changes, log=False), {"eta": ETA}, "w0"),
    }
    rows = []
    for label, (widget, values, fixed, name) in sweeps.items():
        for method, action in [
            ("explorer slider", slider(widget)),
            ("from scratch", from_scratch(fixed, name)),
        ]:
            wall, cpu = timings(action, values)
            rows.append((label, method, statistics.median(wall), max(wall), statistics.median(cpu)))
        widget.value = START if name == "w0" else ETA  # back where it began
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=50, help="slider changes per method")
    changes = parser.parse_args().changes
    rows = bench(changes)
    print(f"{changes} slider changes per method, 60 descent steps, 401 basin starts, PNG each time")
    print(f"{'slider':<8} {'method':<16} {'median ms':>10} {'worst ms':>10} {'median CPU ms':>14}")
    for label, method, median, worst, cpu in rows:
        print(f"{label:<8} {method:<16} {median:>10.1f} {worst:>10.1f} {cpu:>14.1f}")


if __name__ == "__main__":
    main()

"""How long from a slider change to a new picture in the learning-rate explorer?

Run: ``python benchmarks/bench_explorer.py [--changes 50]``

For the heart neuron (one weight: a loss curve; two weights: a contour plot; two
weights with momentum beta = 0.9, the explorer's optional momentum slider) the
learning-rate slider of :func:`gdkit.explorer.learning_rate_explorer` is moved through
``--changes`` values; each time we measure until the widget holds the new PNG (the
descent rerun, the diagnosis, the drawing and the PNG encoding, all of which happen
in the slider's callback). Two baselines run in the same process on the same values:

- *full redraw*: the same figure object updated in place, but rendered with a plain
  ``savefig`` (every artist drawn again);
- *from scratch*: a new figure built, drawn and saved for every change.

The target (issue 8, part 3): within 50 ms per slider change. On a busy machine the wall
clock counts other programs' time too; compare the CPU column then.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable

import numpy as np

from gdkit.data import load_heart, standardize
from gdkit.explorer import LearningRateFigure, learning_rate_explorer
from gdkit.losses import add_intercept, log_loss, log_loss_grad


def timings(action: Callable[[float], object], etas: np.ndarray) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of ``action(eta)``, once per learning rate.

    The CPU time of this process is shown too: on a busy machine the wall clock also
    counts the time other programs had the processor.
    """
    wall, cpu = [], []
    for eta in etas:
        start, start_cpu = time.perf_counter(), time.process_time()
        action(float(eta))
        wall.append(1000 * (time.perf_counter() - start))
        cpu.append(1000 * (time.process_time() - start_cpu))
    return wall, cpu


def bench(
    label: str, loss, grad, w0, grids: dict, etas: np.ndarray, beta: float | None = None
) -> list[tuple]:
    box = learning_rate_explorer(loss, grad, w0, eta=float(etas[0]), n_steps=30, beta=beta, **grids)
    eta_slider, image = box.children[0].children[0], box.children[1]

    def slide(eta: float) -> None:
        eta_slider.value = eta  # the callback reruns, redraws and stores the PNG
        assert image.value[:4] == b"\x89PNG"

    figure = LearningRateFigure(loss, grad, **grids)

    def full_redraw(eta: float) -> None:
        figure.update(eta, w0, 30, beta or 0.0)
        figure.figure.savefig(io.BytesIO(), format="png")

    def from_scratch(eta: float) -> None:
        fresh = LearningRateFigure(loss, grad, **grids)
        fresh.update(eta, w0, 30, beta or 0.0)
        fresh.figure.savefig(io.BytesIO(), format="png")

    rows = []
    for method, action in [
        ("explorer slider", slide),
        ("full redraw", full_redraw),
        ("from scratch", from_scratch),
    ]:
        wall, cpu = timings(action, etas)
        rows.append((label, method, statistics.median(wall), max(wall), statistics.median(cpu)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=50, help="slider changes per method")
    changes = parser.parse_args().changes
    # to and fro over the slider, as a student drags it
    etas = np.geomspace(1e-3, 8.0, changes)[
        np.r_[0:changes:2, changes - 1 - (changes % 2) : 0 : -2]
    ]

    heart = load_heart()
    z, _, _ = standardize(heart.column("MaxHR"))
    X = add_intercept(z)
    rows = bench(
        "one weight",
        lambda w: log_loss(w, z, heart.y),
        lambda w: log_loss_grad(w, z, heart.y),
        2.0,
        {"w_grid": np.linspace(-3, 3, 200)},
        etas,
    )
    two_weights = (
        lambda w: log_loss(w, X, heart.y),
        lambda w: log_loss_grad(w, X, heart.y),
        np.array([2.0, 2.0]),
        {"w1_grid": np.linspace(-3, 3, 60), "w2_grid": np.linspace(-3, 3, 60)},
        etas,
    )
    rows += bench("two weights", *two_weights)
    rows += bench("momentum", *two_weights, beta=0.9)
    print(f"{len(etas)} slider changes per method, 30 descent steps each, PNG rendered each time")
    print(f"{'figure':<12} {'method':<16} {'median ms':>10} {'worst ms':>10} {'median CPU ms':>14}")
    for label, method, median, worst, cpu in rows:
        print(f"{label:<12} {method:<16} {median:>10.1f} {worst:>10.1f} {cpu:>14.1f}")


if __name__ == "__main__":
    main()

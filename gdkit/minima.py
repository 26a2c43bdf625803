"""Local and global minima: a loss of one weight with two valleys, and ways out of the shallow one.

- :func:`tilted_well` and :func:`tilted_well_grad`: ``L(w) = (w**2 - 1)**2 + 0.5 w``, a
  deep (global) minimum near w = -1.06 and a shallow (local) one near w = 0.93
  (:data:`WELL_MINIMA`);
- :func:`bumpy_bowl` and :func:`bumpy_bowl_grad`: a second loss with several valleys, the
  deepest near w = 1.05, for checks that must not work on the tilted well alone;
- :func:`descend_many` and :func:`basins`: gradient descent from a whole grid of starts at
  once, and which minimum each start ends in (its basin of attraction);
- :func:`random_restarts` and :func:`perturbed_descent`: the references of assignment 8;
- :func:`tiny_net` and :func:`tiny_net_loss`: a network of two hidden sigmoid units whose
  units can be swapped without changing what it computes;
- :class:`MinimaFigure` and :func:`minima_explorer`: sliders for the start and η, with the
  basins coloured. Like :mod:`gdkit.explorer`, it builds no widget under nbgrader
  (``NBGRADER_EXECUTION`` set) and returns the figure drawn once instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from gdkit._drawing import Blitter, checked_grid, draw_curve, draw_minimum, draw_path
from gdkit.descent import History, gradient_descent
from gdkit.explorer import check_eta_range, learning_rate_slider
from gdkit.losses import sigmoid

__all__ = [
    "TILT",
    "WELL_MINIMA",
    "MinimaFigure",
    "basins",
    "bumpy_bowl",
    "bumpy_bowl_grad",
    "descend_many",
    "minima_explorer",
    "perturbed_descent",
    "random_restarts",
    "tiny_net",
    "tiny_net_loss",
    "tilted_well",
    "tilted_well_grad",
]

#: The slope added to the double well (w**2 - 1)**2: it makes the left valley the deeper one.
TILT = 0.5


def tilted_well(w: Any) -> Any:
    """``L(w) = (w**2 - 1)**2 + TILT * w``: two valleys, the left one deeper.

    >>> tilted_well(0.0), tilted_well(1.0)
    (1.0, 0.5)
    """
    return (w**2 - 1) ** 2 + TILT * w


def tilted_well_grad(w: Any) -> Any:
    """``dL/dw = 4 w (w**2 - 1) + TILT``, the derivative of :func:`tilted_well`.

    >>> tilted_well_grad(1.0)
    0.5
    """
    return 4 * w * (w**2 - 1) + TILT


def bumpy_bowl(w: Any) -> Any:
    """``L(w) = 0.1 (w - 1)**2 + cos(3 w)``: a wide bowl with four valleys between w = -4 and 4.

    The deepest is near w = 1.05, the others near -3.05, -1.0 and 3.1.

    >>> round(float(bumpy_bowl(1.0)), 4)
    -0.99
    """
    return 0.1 * (w - 1) ** 2 + np.cos(3 * w)


def bumpy_bowl_grad(w: Any) -> Any:
    """``dL/dw = 0.2 (w - 1) - 3 sin(3 w)``, the derivative of :func:`bumpy_bowl`.

    >>> float(bumpy_bowl_grad(0.0))
    -0.2
    """
    return 0.2 * (w - 1) - 3 * np.sin(3 * w)


# the three stationary points, where 4 w**3 - 4 w + TILT = 0: two minima and the hump between
_STATIONARY = np.sort(np.roots([4.0, 0.0, -4.0, TILT]).real)
#: The (global, local) minimum of :func:`tilted_well`.
WELL_MINIMA = (float(_STATIONARY[0]), float(_STATIONARY[2]))


def descend_many(grad: Callable[[Any], Any], starts: Any, eta: float, n_steps: int) -> np.ndarray:
    """Where ``n_steps`` of gradient descent take each start: all starts at once.

    ``grad`` must work entry by entry on an array. A run that overflows ends as NaN
    (without a warning).

    >>> descend_many(lambda w: 2 * w, [1.0, -2.0], 0.25, 3)
    array([ 0.125, -0.25 ])
    >>> descend_many(lambda w: w**3, [1.0, 1e200], 0.1, 2)
    array([0.8271,    nan])
    """
    w = np.array(starts, dtype=float)
    with np.errstate(all="ignore"):
        for _ in range(n_steps):
            w = w - eta * grad(w)
    return np.where(np.isfinite(w), w, np.nan)


def basins(
    grad: Callable[[Any], Any],
    starts: Any,
    eta: float,
    minima: Sequence[float],
    *,
    n_steps: int = 100,
    tol: float = 1e-3,
) -> np.ndarray:
    """For each start, the index of the minimum in ``minima`` that descent ends at, or -1.

    -1 means no minimum within ``tol`` after ``n_steps`` steps: the run diverged, or
    is still on its way (a small ``eta``), or bounces about (a large one).

    >>> basins(tilted_well_grad, [-2.0, 0.0, 2.0], 0.05, WELL_MINIMA)
    array([0, 0, 1])
    >>> basins(tilted_well_grad, [2.0], 0.3, WELL_MINIMA)  # too large a step: diverges
    array([-1])
    """
    ends = descend_many(grad, starts, eta, n_steps)
    distance = np.abs(ends[:, None] - np.asarray(minima, dtype=float)[None, :])
    with np.errstate(invalid="ignore"):
        nearest = np.argmin(np.nan_to_num(distance, nan=np.inf), axis=1)
        arrived = np.take_along_axis(distance, nearest[:, None], axis=1)[:, 0] <= tol
    return np.where(arrived, nearest, -1)


def random_restarts(
    loss: Callable[[Any], Any],
    grad: Callable[[Any], Any],
    eta: float,
    low: float,
    high: float,
    n_starts: int,
    rng: np.random.Generator,
    n_steps: int = 100,
) -> History:
    """Gradient descent from ``n_starts`` random starts; the run that ends lowest.

    The starts are drawn at once, ``rng.uniform(low, high, size=n_starts)``, before any
    descent; each run is ``gradient_descent(loss, grad, start, eta, n_steps=n_steps)``.
    On a tie the first of the runs is returned.

    >>> best = random_restarts(tilted_well, tilted_well_grad, 0.05, -2, 2, 5,
    ...                        np.random.default_rng(0))
    >>> round(best.w, 3), round(float(best.weights[0]), 3)
    (-1.057, -0.921)
    """
    starts = rng.uniform(low, high, size=n_starts)
    runs = [gradient_descent(loss, grad, float(start), eta, n_steps=n_steps) for start in starts]
    return min(runs, key=lambda run: run.loss[-1])


def perturbed_descent(
    grad: Callable[[Any], Any],
    w0: float,
    eta: float,
    n_steps: int,
    noise: float,
    rng: np.random.Generator,
    decay: float = 1.0,
) -> np.ndarray:
    """Gradient descent on one weight with a random kick in each step; every weight visited.

    Step k (from 0) is ``w = w - eta * (grad(w) + noise * decay**k * rng.normal())``:
    one standard normal number per step, drawn after the gradient at the current w.
    Returns the ``n_steps + 1`` weights, the start first.

    >>> path = perturbed_descent(tilted_well_grad, 0.93, 0.05, 400, 10.0,
    ...                          np.random.default_rng(0), decay=0.99)
    >>> path.shape, round(float(path[-1]), 2)
    ((401,), -1.06)
    """
    w, path = float(w0), [float(w0)]
    for k in range(n_steps):
        w = w - eta * (grad(w) + noise * decay**k * rng.normal())
        path.append(w)
    return np.array(path)


def tiny_net(w: Any, x: Any) -> Any:
    """A network of one input, two hidden sigmoid units and one output.

    ``w = [a1, b1, v1, a2, b2, v2, c]``: unit j computes ``sigmoid(aj x + bj)``, the output is
    ``v1 sigmoid(a1 x + b1) + v2 sigmoid(a2 x + b2) + c``.

    >>> tiny_net(np.array([1.0, 0.0, 2.0, -1.0, 0.0, 4.0, 0.5]), 0.0)
    np.float64(3.5)
    """
    a1, b1, v1, a2, b2, v2, c = np.asarray(w, dtype=float)
    return v1 * sigmoid(a1 * x + b1) + v2 * sigmoid(a2 * x + b2) + c


def tiny_net_loss(w: Any, x: Any, y: Any) -> float:
    """The mean squared error of :func:`tiny_net` on the examples ``x``, ``y``.

    >>> tiny_net_loss(np.array([1.0, 0.0, 2.0, -1.0, 0.0, 4.0, 0.5]), np.zeros(3), np.full(3, 3.0))
    0.25
    """
    return float(np.mean((tiny_net(w, np.asarray(x, dtype=float)) - y) ** 2))


# ---------------------------------------------------------------------------- the explorer

# 800 x 440 pixels; the legend in a row under the axes, where no path can go
_SIZE, _DPI = (8.0, 4.4), 100
_LAYOUT = {"left": 0.1, "right": 0.97, "bottom": 0.25, "top": 0.9}
#: Basin colours: no minimum reached, then one per minimum (global, local).
_BASIN_COLOURS = ["0.85", "tab:cyan", "tab:pink"]
_BASIN_NAMES = ["no minimum reached", "ends in the global minimum", "ends in the local minimum"]


class MinimaFigure:
    """The loss curve with a descent path, over its basins of attraction (coloured bands).

    A band's colour says where descent with the current η ends from a start below it:
    the global minimum, the local one, or neither within ``n_steps`` steps. :meth:`update`
    recomputes the bands (all starts of ``w_grid`` at once) and the path and moves the
    existing artists; :meth:`to_png` draws only those again.

    >>> fig = MinimaFigure(tilted_well, tilted_well_grad, np.linspace(-2, 2, 101), WELL_MINIMA)
    >>> fig.update(w0=1.5, eta=0.05).w > 0, fig.labels[[0, -1]]
    (True, array([0, 1]))
    """

    def __init__(
        self,
        loss: Callable[[Any], Any],
        grad: Callable[[Any], Any],
        w_grid: Any,
        minima: Sequence[float],
        *,
        n_steps: int = 60,
    ) -> None:
        self.loss, self.grad, self.n_steps = loss, grad, n_steps
        self.grid = checked_grid(w_grid, "w_grid")
        self.minima = [float(m) for m in minima]
        self.figure = Figure(figsize=_SIZE, dpi=_DPI)
        FigureCanvasAgg(self.figure)
        self.figure.subplots_adjust(**_LAYOUT)  # fixed: no layout engine on each redraw
        self.ax = self.figure.subplots()
        draw_curve(self.ax, loss, self.grid)
        # one rectangle per run of starts that end alike, from edge to edge of the view
        self._edges = np.r_[self.grid[0], (self.grid[1:] + self.grid[:-1]) / 2, self.grid[-1]]
        self._height = self.ax.get_ylim()
        self._bands = PolyCollection([], alpha=0.45, zorder=0, linewidths=0)
        self.ax.add_collection(self._bands, autolim=False)
        self._stars = [draw_minimum(self.ax, m, float(loss(m))) for m in self.minima]
        for star in self._stars[1:]:
            star.set_label("_")  # one "minimum" in the legend
        self._path = draw_path(self.ax, np.empty(0), np.empty(0))
        names = _BASIN_NAMES if len(self.minima) == 2 else _BASIN_NAMES[:1]
        patches = [
            Patch(color=c, alpha=0.45, label=n) for c, n in zip(_BASIN_COLOURS, names, strict=False)
        ]
        handles = self.ax.get_legend_handles_labels()[0]
        self.ax.legend(
            handles=[*handles, *patches],
            loc="upper center",
            bbox_to_anchor=(0.5, -0.14),
            ncols=4,
            frameon=False,
            fontsize="small",
        )
        self.history: History | None = None
        self.labels = np.full(len(self.grid), -1)
        self._eta: float | None = None
        self._frames = Blitter(self.figure)

    def update(self, w0: float, eta: float) -> History:
        """Run descent from ``w0`` with ``eta`` and redraw the path (and, for a new η, the bands).

        >>> fig = MinimaFigure(tilted_well, tilted_well_grad, [-2.0, 0.0, 2.0], WELL_MINIMA)
        >>> fig.update(w0=-2.0, eta=0.05).n_steps
        60
        """
        if eta != self._eta:  # the bands depend on eta only
            self.labels = basins(self.grad, self.grid, eta, self.minima, n_steps=self.n_steps)
            self._draw_bands(self.labels)
            self._eta = eta
        history = gradient_descent(self.loss, self.grad, float(w0), eta, n_steps=self.n_steps)
        self._path.set_data(history.weights, history.loss)
        self.ax.set_title(
            f"start w₀ = {w0:.3g}, η = {eta:.3g}: w = {history.w:.3g} after {history.n_steps} "
            f"steps ({history.stopped.replace('_', ' ')})",
            fontsize="medium",
            y=1.0,
        )
        self.history = history
        return history

    def _draw_bands(self, labels: np.ndarray) -> None:
        first = np.r_[0, np.flatnonzero(np.diff(labels)) + 1]
        last = np.r_[first[1:], len(labels)]
        y0, y1 = self._height
        x0, x1 = self._edges[first], self._edges[last]
        self._bands.set_verts(
            [[(a, y0), (b, y0), (b, y1), (a, y1)] for a, b in zip(x0, x1, strict=True)]
        )
        self._bands.set_facecolor([_BASIN_COLOURS[label + 1] for label in labels[first]])

    def to_png(self) -> bytes:
        """Render the figure as PNG bytes; after the first call only what changes is drawn.

        >>> MinimaFigure(tilted_well, tilted_well_grad, [-2.0, 2.0], WELL_MINIMA).to_png()[:4]
        b'\\x89PNG'
        """
        # the bands lie under the curve and the stars: those are drawn again over them
        dynamic = [self._bands, *self.ax.lines[:1], *self._stars, *self._path.artists()]
        return self._frames.png([*dynamic, self.ax.title])

    def _repr_png_(self) -> bytes:
        return self.to_png()


def minima_explorer(
    loss: Callable[[Any], Any],
    grad: Callable[[Any], Any],
    w0: float,
    *,
    w_grid: Any,
    minima: Sequence[float],
    eta: float = 0.05,
    eta_range: tuple[float, float] = (0.005, 0.3),
    n_steps: int = 60,
) -> Any:
    """Sliders for the start and η over a :class:`MinimaFigure`; returns the widget (a VBox).

    Under nbgrader (``NBGRADER_EXECUTION`` set) it builds no widget and returns the
    figure, drawn once for ``w0`` and ``eta``.

    >>> box = minima_explorer(tilted_well, tilted_well_grad, 1.5,
    ...                       w_grid=np.linspace(-2, 2, 101), minima=WELL_MINIMA)
    >>> type(box).__name__  # a 'MinimaFigure' under nbgrader
    'VBox'
    """
    check_eta_range(eta, eta_range)
    figure = MinimaFigure(loss, grad, w_grid, minima, n_steps=n_steps)
    figure.update(w0, eta)
    if os.environ.get("NBGRADER_EXECUTION"):
        figure.to_png()
        return figure

    import ipywidgets as widgets  # only when the widget is built

    grid = figure.grid
    start = widgets.FloatSlider(
        value=w0,
        min=grid[0],
        max=grid[-1],
        step=(grid[-1] - grid[0]) / 400,
        description="start w₀",
    )
    rate = learning_rate_slider(eta, eta_range)
    image = widgets.Image(value=figure.to_png(), format="png")

    def redraw(_change: Any = None) -> None:
        figure.update(start.value, rate.value)
        image.value = figure.to_png()

    start.observe(redraw, names="value")
    rate.observe(redraw, names="value")
    return widgets.VBox([widgets.HBox([start, rate]), image])

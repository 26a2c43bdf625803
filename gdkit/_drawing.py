"""The artists that gdkit's plots and its explorer share: each ``draw_*`` function draws on
an Axes and returns what it drew, so that :mod:`gdkit.explorer` can update it in place."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from gdkit._inputs import real_array

MARGIN = 0.05  # share of the range added above and below a loss curve
# fixed legend places: loc="best" can take long (and then warns) on long paths
LEGEND_PLACE = {"curve": "upper center", "contour": "upper right", "trace": "upper right"}


def checked_grid(values: Any, name: str) -> np.ndarray:
    grid = real_array(values, name, ndims=(1,))
    if len(grid) < 2 or not np.all(np.diff(grid) > 0):
        raise ValueError(f"{name} must hold at least 2 increasing values (e.g. np.linspace)")
    return grid


def values_on(loss: Callable[[Any], Any], points: Sequence[Any]) -> np.ndarray:
    """``loss`` at each point; infinite or NaN values (overflow) become gaps (NaN)."""
    if not callable(loss):
        raise TypeError("loss must be a function of the weights")
    with np.errstate(all="ignore"):
        out = [np.asarray(loss(p), dtype=float) for p in points]
    if any(value.size != 1 for value in out):
        raise ValueError("loss must return one number for each point of the grid")
    values = np.array([value.item() for value in out])
    return np.where(np.isfinite(values), values, np.nan)


@dataclass
class PathArtists:
    """A descent path: the points joined by a line, a start and an end marker."""

    line: Line2D
    start: Line2D
    end: Line2D

    def artists(self) -> tuple[Line2D, Line2D, Line2D]:
        return self.line, self.start, self.end

    def set_data(self, x: np.ndarray, y: np.ndarray) -> None:
        self.line.set_data(x, y)
        self.start.set_data(x[:1], y[:1])
        self.end.set_data(x[-1:], y[-1:])


def draw_path(ax: Axes, x: np.ndarray, y: np.ndarray) -> PathArtists:
    path = PathArtists(
        ax.plot([], [], "o-", color="tab:orange", ms=4, lw=1.2, label="steps", zorder=3)[0],
        ax.plot([], [], "o", color="tab:green", ms=9, label="start", zorder=4)[0],
        ax.plot([], [], "X", color="tab:red", ms=10, label="end", zorder=5)[0],
    )
    path.set_data(x, y)
    return path


def draw_curve(ax: Axes, loss: Callable[[Any], Any], w_grid: Any) -> None:
    """The curve ``L(w)`` over ``w_grid``; the view stays on the curve."""
    grid = checked_grid(w_grid, "w_grid")
    values = values_on(loss, [float(w) for w in grid])
    ax.plot(grid, values, color="tab:blue", lw=2, label="L(w)")
    ax.set_xlim(grid[0], grid[-1])
    if np.any(np.isfinite(values)):
        low, high = np.nanmin(values), np.nanmax(values)
        pad = MARGIN * (high - low) or 1.0
        ax.set_ylim(low - pad, high + pad)
    ax.set_xlabel("w")
    ax.set_ylabel("loss L(w)")


def draw_contour(ax: Axes, loss: Callable[[Any], Any], w1_grid: Any, w2_grid: Any) -> None:
    """Contour lines of ``loss`` over the grid, at quantiles of its values."""
    g1, g2 = checked_grid(w1_grid, "w1_grid"), checked_grid(w2_grid, "w2_grid")
    W1, W2 = np.meshgrid(g1, g2)
    values = values_on(
        loss, [np.array([a, b]) for a, b in zip(W1.ravel(), W2.ravel(), strict=True)]
    )
    Z = values.reshape(W1.shape)
    finite = Z[np.isfinite(Z)]
    levels = np.unique(np.quantile(finite, np.linspace(0, 1, 16))) if finite.size else []
    if len(levels) >= 2:  # a constant loss has no contour lines to draw
        ax.contour(W1, W2, Z, levels=levels, cmap="viridis", linewidths=1)
    ax.set_xlim(g1[0], g1[-1])
    ax.set_ylim(g2[0], g2[-1])
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")


def draw_trace(ax: Axes, losses: np.ndarray, label: str | None = None) -> Line2D:
    (line,) = ax.plot(np.arange(len(losses)), losses, "o-", ms=3, label=label)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("iteration")
    ax.set_ylabel("loss")
    return line

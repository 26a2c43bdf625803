"""Plots of losses and descent paths: loss curve, trace plot, contour plot.

Every function draws on the ``ax`` it is given, or on a new figure when ``ax`` is
None, and returns the Axes; nothing is printed and no global pyplot state is used.
The ``_draw_*`` helpers return the artists they make, so that
:mod:`gdkit.explorer` can update them in place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from gdkit.descent import History, _trace_losses
from gdkit.losses import _real_array

__all__ = ["plot_contour", "plot_loss_curve", "plot_trace"]

_MARGIN = 0.05  # share of the range added above and below a loss curve
# fixed legend places: loc="best" can take long (and then warns) on long paths
_LEGEND_PLACE = {"curve": "upper center", "contour": "upper right", "trace": "upper right"}


def _new_axes(ax: Axes | None) -> Axes:
    if ax is not None:
        if not isinstance(ax, Axes):
            raise TypeError(f"ax must be a matplotlib Axes, not {type(ax).__name__}")
        return ax
    import matplotlib.pyplot as plt  # only here: a new figure for the notebook to show

    return plt.subplots(figsize=(5, 3.5), layout="constrained")[1]


def _grid(values: Any, name: str) -> np.ndarray:
    grid = _real_array(values, name, ndims=(1,))
    if len(grid) < 2 or not np.all(np.diff(grid) > 0):
        raise ValueError(f"{name} must hold at least 2 increasing values (e.g. np.linspace)")
    return grid


def _values(loss: Callable[[Any], Any], points: Sequence[Any]) -> np.ndarray:
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
class _PathArtists:
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


def _draw_path(ax: Axes, x: np.ndarray, y: np.ndarray) -> _PathArtists:
    path = _PathArtists(
        ax.plot([], [], "o-", color="tab:orange", ms=4, lw=1.2, label="steps", zorder=3)[0],
        ax.plot([], [], "o", color="tab:green", ms=9, label="start", zorder=4)[0],
        ax.plot([], [], "X", color="tab:red", ms=10, label="end", zorder=5)[0],
    )
    path.set_data(x, y)
    return path


def _draw_curve(ax: Axes, loss: Callable[[Any], Any], w_grid: Any) -> None:
    """The curve ``L(w)`` over ``w_grid``; the view stays on the curve."""
    grid = _grid(w_grid, "w_grid")
    values = _values(loss, [float(w) for w in grid])
    ax.plot(grid, values, color="tab:blue", lw=2, label="L(w)")
    ax.set_xlim(grid[0], grid[-1])
    if np.any(np.isfinite(values)):
        low, high = np.nanmin(values), np.nanmax(values)
        pad = _MARGIN * (high - low) or 1.0
        ax.set_ylim(low - pad, high + pad)
    ax.set_xlabel("w")
    ax.set_ylabel("loss L(w)")


def _draw_contour(ax: Axes, loss: Callable[[Any], Any], w1_grid: Any, w2_grid: Any) -> None:
    """Contour lines of ``loss`` over the grid, at quantiles of its values."""
    g1, g2 = _grid(w1_grid, "w1_grid"), _grid(w2_grid, "w2_grid")
    W1, W2 = np.meshgrid(g1, g2)
    values = _values(loss, [np.array([a, b]) for a, b in zip(W1.ravel(), W2.ravel(), strict=True)])
    Z = values.reshape(W1.shape)
    finite = Z[np.isfinite(Z)]
    levels = np.unique(np.quantile(finite, np.linspace(0, 1, 16))) if finite.size else []
    if len(levels) >= 2:  # a constant loss has no contour lines to draw
        ax.contour(W1, W2, Z, levels=levels, cmap="viridis", linewidths=1)
    ax.set_xlim(g1[0], g1[-1])
    ax.set_ylim(g2[0], g2[-1])
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")


def _draw_trace(ax: Axes, losses: np.ndarray, label: str | None = None) -> Line2D:
    (line,) = ax.plot(np.arange(len(losses)), losses, "o-", ms=3, label=label)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("iteration")
    ax.set_ylabel("loss")
    return line


def _path_of(history: Any, width: int) -> np.ndarray:
    """The weights visited, shape (k + 1,) or (k + 1, 2), from a History or given as such."""
    if isinstance(history, History):
        weights = history.weights
    else:
        try:
            weights = np.asarray(history, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(
                "history must be a gdkit History or the weights visited (an array), not "
                f"{type(history).__name__}"
            ) from None
    if (width == 1 and weights.ndim != 1) or (width == 2 and weights.shape[1:] != (2,)):
        kind = "one scalar weight" if width == 1 else "two weights"
        raise ValueError(
            f"this plot needs the path of {kind}, got weights of shape {weights.shape}"
        )
    return weights


def plot_loss_curve(
    loss: Callable[[float], float],
    w_grid: Any,
    history: History | Sequence[float] | np.ndarray | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw the loss ``L(w)`` of one weight over ``w_grid``, and a descent path on it.

    ``history`` is a :class:`~gdkit.descent.History` of a scalar weight, or just the
    weights a descent visited (a 1-D array). Its points
    ``(w_i, L(w_i))`` are joined by a line; the start is a green dot, the end a red
    cross. The view is the curve's: steps outside ``w_grid`` are cut off (the trace
    plot shows them).

    >>> from gdkit.descent import gradient_descent
    >>> h = gradient_descent(lambda w: 2 * w, 2.0, 0.3, loss=lambda w: w**2, n_steps=5)
    >>> ax = plot_loss_curve(lambda w: w**2, np.linspace(-2, 2, 50), h)
    >>> ax.get_xlabel()
    'w'
    >>> ax = plot_loss_curve(lambda w: w**2, np.linspace(-2, 2, 50), [2.0, 0.8, 0.32])
    """
    ax = _new_axes(ax)
    _draw_curve(ax, loss, w_grid)
    if history is not None:
        weights = _path_of(history, 1)
        losses = history.loss if isinstance(history, History) else _values(loss, weights)
        _draw_path(ax, weights, losses)
        ax.legend(loc=_LEGEND_PLACE["curve"], fontsize="small")
    return ax


def plot_trace(
    history_or_losses: History | Sequence[float] | np.ndarray,
    ax: Axes | None = None,
    label: str | None = None,
    *,
    log: bool = False,
) -> Axes:
    """The trace plot: loss against iteration (0 = the start).

    ``label`` names the line in a legend (to compare runs on one ``ax``); ``log=True``
    uses a logarithmic loss axis, which needs positive losses. NaN or infinite losses
    leave a gap.

    >>> ax = plot_trace([4.0, 1.0, 0.25], label="eta = 0.25", log=True)
    >>> ax.get_yscale()
    'log'
    """
    ax = _new_axes(ax)
    losses = _trace_losses(history_or_losses, at_least=1)
    losses = np.where(np.isfinite(losses), losses, np.nan)
    if log and np.any(losses <= 0):
        raise ValueError("log=True needs positive losses; this trace has zero or negatives")
    _draw_trace(ax, losses, label)
    if log:
        ax.set_yscale("log")
    if label is not None:
        ax.legend(loc=_LEGEND_PLACE["trace"], fontsize="small")
    return ax


def plot_contour(
    loss: Callable[[np.ndarray], float],
    w1_grid: Any,
    w2_grid: Any,
    history: History | np.ndarray | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Contour lines of a loss of two weights, and the path of a descent over them.

    ``history`` is a :class:`~gdkit.descent.History` of two weights or the weights
    visited, an array of shape (k + 1, 2).

    ``loss`` takes an array ``[w1, w2]``. Levels sit at quantiles of the loss on the
    grid, so that both the steep walls and the flat floor get lines. The view is the
    grid's; steps outside it are cut off.

    >>> ax = plot_contour(lambda w: w[0] ** 2 + 5 * w[1] ** 2,
    ...                   np.linspace(-2, 2, 30), np.linspace(-1, 1, 20))
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('$w_1$', '$w_2$')
    """
    ax = _new_axes(ax)
    _draw_contour(ax, loss, w1_grid, w2_grid)
    if history is not None:
        weights = _path_of(history, 2)
        _draw_path(ax, weights[:, 0], weights[:, 1])
        ax.legend(loc=_LEGEND_PLACE["contour"], fontsize="small")
    return ax

"""Plots of losses and descent paths: loss curve, trace plot, contour plot.

Every function draws on the ``ax`` it is given, or on a new figure when ``ax`` is
None, and returns the Axes; nothing is printed and no global pyplot state is used.
The artists themselves are drawn by :mod:`gdkit._drawing`, which the explorer shares.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from gdkit._drawing import (
    draw_contour,
    draw_curve,
    draw_minimum,
    draw_path,
    draw_trace,
    legend_off_the_data,
    values_on,
)
from gdkit._inputs import real_array, trace_losses
from gdkit.descent import History

__all__ = ["plot_contour", "plot_loss_curve", "plot_trace"]


def _new_axes(ax: Axes | None) -> Axes:
    if ax is not None:
        if not isinstance(ax, Axes):
            raise TypeError(f"ax must be a matplotlib Axes, not {type(ax).__name__}")
        return ax
    import matplotlib.pyplot as plt  # only here: a new figure for the notebook to show

    return plt.subplots(figsize=(5, 3.5), layout="constrained")[1]


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
    *,
    minimum: float | None = None,
) -> Axes:
    """Draw the loss ``L(w)`` of one weight over ``w_grid``, and a descent path on it.

    ``history`` is a :class:`~gdkit.descent.History` of a scalar weight, or just the
    weights a descent visited (a 1-D array). Its points ``(w_i, L(w_i))`` are joined
    by a line; the start is a green dot, the end a red ring. ``minimum``, a weight,
    draws a black star at ``(minimum, L(minimum))`` above the path. The view is the
    curve's: steps outside ``w_grid`` are cut off (the trace plot shows them), and a
    note at the edge says so when the start or the end lies outside.

    >>> from gdkit.descent import gradient_descent
    >>> h = gradient_descent(lambda w: w**2, lambda w: 2 * w, 2.0, 0.3, n_steps=5)
    >>> ax = plot_loss_curve(lambda w: w**2, np.linspace(-2, 2, 50), h)
    >>> ax.get_xlabel()
    'w'
    >>> ax = plot_loss_curve(lambda w: w**2, np.linspace(-2, 2, 50), [2.0, 0.8, 0.32],
    ...                      minimum=0.0)
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['L(w)', 'start', 'steps', 'end', 'minimum']
    """
    ax = _new_axes(ax)
    draw_curve(ax, loss, w_grid)
    if history is not None:
        weights = _path_of(history, 1)
        losses = history.loss if isinstance(history, History) else values_on(loss, weights)
        draw_path(ax, weights, losses)
    if minimum is not None:
        w_min = float(real_array(minimum, "minimum", ndims=(0,)))
        draw_minimum(ax, w_min, values_on(loss, [w_min])[0])
    if history is not None or minimum is not None:
        legend_off_the_data(ax)
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
    losses = trace_losses(history_or_losses, at_least=1)
    losses = np.where(np.isfinite(losses), losses, np.nan)
    if log and np.any(losses <= 0):
        raise ValueError("log=True needs positive losses; this trace has zero or negatives")
    draw_trace(ax, losses, label)
    if log:
        ax.set_yscale("log")
    if label is not None:
        legend_off_the_data(ax)
    return ax


def plot_contour(
    loss: Callable[[np.ndarray], float],
    w1_grid: Any,
    w2_grid: Any,
    history: History | np.ndarray | None = None,
    ax: Axes | None = None,
    *,
    minimum: Sequence[float] | np.ndarray | None = None,
) -> Axes:
    """Contour lines of a loss of two weights, and the path of a descent over them.

    ``history`` is a :class:`~gdkit.descent.History` of two weights or the weights
    visited, an array of shape (k + 1, 2). ``minimum``, the two weights of the minimum,
    draws a black star there, above the path.

    ``loss`` takes an array ``[w1, w2]``. Levels sit at quantiles of the loss on the
    grid, so that both the steep walls and the flat floor get lines; every other line
    is labelled with its loss. The view is the grid's: steps outside it are cut off, and
    a note at the edge says so when the start or the end lies outside.

    >>> ax = plot_contour(lambda w: w[0] ** 2 + 5 * w[1] ** 2,
    ...                   np.linspace(-2, 2, 30), np.linspace(-1, 1, 20), minimum=[0, 0])
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('$w_1$', '$w_2$')
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['minimum']
    """
    ax = _new_axes(ax)
    draw_contour(ax, loss, w1_grid, w2_grid)
    if history is not None:
        weights = _path_of(history, 2)
        draw_path(ax, weights[:, 0], weights[:, 1], names=("w₁", "w₂"))
    if minimum is not None:
        w_min = real_array(minimum, "minimum", ndims=(1,))
        if w_min.shape != (2,):
            raise ValueError(f"minimum must hold the two weights, got shape {w_min.shape}")
        draw_minimum(ax, *w_min)
    if history is not None or minimum is not None:
        legend_off_the_data(ax)
    return ax

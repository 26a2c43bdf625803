"""Reference gradient descent and the record of a run (:class:`History`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from numbers import Integral
from typing import Any

import numpy as np

from gdkit._inputs import as_given, gradient_shaped, one_number, positive_number, real_array

__all__ = ["STOP_REASONS", "History", "gradient_descent"]

STOP_REASONS = ("max_steps", "no_improvement", "small_gradient", "diverged")


def _frozen(values: Any) -> np.ndarray:
    arr = np.array(values, dtype=float)
    arr.flags.writeable = False
    return arr


@dataclass(frozen=True, eq=False, repr=False)
class History:
    """What a gradient-descent run did, start included.

    ``weights[i]``, ``loss[i]`` and ``grad_norm[i]`` describe the point after ``i``
    steps (``i = 0`` is the start): ``weights`` has shape ``(k + 1,)`` for one scalar
    weight, ``(k + 1, p)`` otherwise. ``stopped`` tells why the run ended, one of
    :data:`STOP_REASONS`. The arrays are read-only.

    >>> h = History(weights=[2.0, 1.0], loss=[4.0, 1.0], grad_norm=[4.0, 2.0],
    ...             stopped="max_steps")
    >>> h.n_steps, h.w
    (1, 1.0)
    >>> h
    History(1 step, stopped='max_steps', loss 4 -> 1, w = 1)
    """

    weights: np.ndarray
    loss: np.ndarray
    grad_norm: np.ndarray
    stopped: str

    def __post_init__(self) -> None:
        for field in ("weights", "loss", "grad_norm"):
            object.__setattr__(self, field, _frozen(getattr(self, field)))
        k1 = len(self.loss)
        if k1 == 0 or self.loss.ndim != 1 or self.grad_norm.shape != (k1,):
            raise ValueError("loss and grad_norm must be 1-D with the same length k + 1 >= 1")
        if self.weights.ndim not in (1, 2) or len(self.weights) != k1:
            raise ValueError(f"weights must have shape ({k1},) or ({k1}, p)")
        if self.stopped not in STOP_REASONS:
            raise ValueError(f"stopped must be one of {STOP_REASONS}, got {self.stopped!r}")

    @property
    def n_steps(self) -> int:
        """Number of steps taken (records minus the start)."""
        return len(self.loss) - 1

    @property
    def w(self) -> float | np.ndarray:
        """The final weights (a float for a scalar weight)."""
        last = self.weights[-1]
        return float(last) if self.weights.ndim == 1 else last.copy()

    def __repr__(self) -> str:
        with np.printoptions(precision=4, suppress=True):
            w = f"{self.w:.4g}" if self.weights.ndim == 1 else str(self.w)
        steps = f"{self.n_steps} step{'' if self.n_steps == 1 else 's'}"
        return (
            f"History({steps}, stopped={self.stopped!r}, "
            f"loss {self.loss[0]:.4g} -> {self.loss[-1]:.4g}, w = {w})"
        )


def _evaluate(
    loss: Callable[[Any], Any], grad: Callable[[Any], Any], w: np.ndarray | float, shape: tuple
) -> tuple[float, np.ndarray]:
    """Loss and gradient at ``w``; shape and type errors of user functions are explained."""
    return one_number(loss(w), "loss"), gradient_shaped(grad(w), shape)


def gradient_descent(
    loss: Callable[[Any], Any],
    grad: Callable[[Any], Any],
    w0: Any,
    eta: float,
    *,
    n_steps: int = 100,
    tol: float | None = None,
    grad_tol: float | None = None,
    blowup: float = 1e8,
) -> History:
    """Run ``w_{i+1} = w_i - eta * grad(w_i)`` from ``w0`` and record every point.

    ``loss`` and ``grad`` take the weights (a float when ``w0`` is a number, else an
    array of ``w0``'s shape). The run stops with ``History.stopped`` set to:

    - ``"small_gradient"``: the gradient norm is below ``grad_tol`` (checked at the
      start too);
    - ``"no_improvement"``: the loss changed by less than ``tol`` in one step
      (``|L_i - L_{i+1}| < tol``); a larger increase does not stop the run;
    - ``"diverged"``: weights, loss or gradient stop being finite (that point is not
      recorded), or the loss rises above ``L_0 + blowup * max(1, |L_0|)``; no warning
      or exception is raised;
    - ``"max_steps"``: ``n_steps`` steps were taken.

    >>> h = gradient_descent(lambda w: (w - 3) ** 2, lambda w: 2 * (w - 3), 0.0, 0.25,
    ...                      n_steps=50, grad_tol=1e-8)
    >>> h.stopped, round(h.w, 6)
    ('small_gradient', 3.0)
    >>> gradient_descent(lambda w: w**2, lambda w: 2 * w, 1.0, 1.5, n_steps=100).stopped
    'diverged'
    """
    if not callable(grad) or not callable(loss):
        raise TypeError("grad and loss must be functions of the weights")
    w = real_array(w0, "w0", ndims=(0, 1))
    eta = positive_number(eta, "eta")
    tol = positive_number(tol, "tol", allow_none=True)
    grad_tol = positive_number(grad_tol, "grad_tol", allow_none=True)
    blowup = positive_number(blowup, "blowup")
    if isinstance(n_steps, bool) or not isinstance(n_steps, Integral) or n_steps < 0:
        raise ValueError(f"n_steps must be a non-negative integer, got {n_steps!r}")

    shape = w.shape

    with np.errstate(all="ignore"):
        value, g = _evaluate(loss, grad, as_given(w), shape)
        if not (np.isfinite(value) and np.all(np.isfinite(g))):
            raise ValueError("loss or grad is not finite at the start w0")
        ceiling = value + blowup * max(1.0, abs(value))
        weights, losses, norms = [w], [value], [float(np.linalg.norm(g))]
        stopped = "max_steps"
        for _ in range(n_steps):
            if grad_tol is not None and norms[-1] < grad_tol:
                stopped = "small_gradient"
                break
            w_new = w - eta * g
            if not np.all(np.isfinite(w_new)):
                stopped = "diverged"
                break
            value_new, g = _evaluate(loss, grad, as_given(w_new), shape)
            if not (np.isfinite(value_new) and np.all(np.isfinite(g))):
                stopped = "diverged"
                break
            weights.append(w_new)
            losses.append(value_new)
            norms.append(float(np.linalg.norm(g)))
            if value_new > ceiling:
                stopped = "diverged"
                break
            if tol is not None and abs(value - value_new) < tol:
                stopped = "no_improvement"
                break
            w, value = w_new, value_new
        else:  # all steps taken (or none asked for): the last point may be a minimum
            if grad_tol is not None and norms[-1] < grad_tol:
                stopped = "small_gradient"
    return History(weights=weights, loss=losses, grad_norm=norms, stopped=stopped)

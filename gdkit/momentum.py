"""Gradient descent with momentum (the "heavy ball"), recorded as a :class:`~gdkit.descent.History`.

Each step keeps a velocity ``v``, a running sum of past gradients that fades by the
factor ``beta`` per step, and moves the weights along it::

    v_0 = 0
    v_{i+1} = beta * v_i + grad(w_i)
    w_{i+1} = w_i - eta * v_{i+1}

With ``beta = 0`` this is plain gradient descent. On a long narrow valley the gradient
points mostly across the valley and changes sign from step to step: those parts of the
velocity cancel, while the small part along the valley adds up, so the steps along it
grow to about ``1 / (1 - beta)`` times their plain size.

The run is :func:`gdkit.descent.gradient_descent` itself, given the velocity in place of
the gradient, so its stopping rules and its record are the same (``grad_norm`` holds
the norm of the gradient, not of the velocity).

>>> h = momentum_descent(lambda w: w**2, lambda w: 2 * w, 1.0, 0.1, 0.5, n_steps=3)
>>> np.round(h.weights, 4)
array([1.   , 0.8  , 0.54 , 0.302])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from gdkit._inputs import gradient_shaped, real_array
from gdkit.descent import History, gradient_descent

__all__ = ["momentum_descent"]


def momentum_descent(
    loss: Callable[[Any], Any],
    grad: Callable[[Any], Any],
    w0: Any,
    eta: float,
    beta: float = 0.9,
    *,
    n_steps: int = 100,
    tol: float | None = None,
    blowup: float = 1e8,
) -> History:
    """Run heavy-ball momentum from ``w0`` (see the module docstring) and record every point.

    ``beta`` (``0 <= beta < 1``) is how much of the velocity is kept from one step to
    the next. ``n_steps``, ``tol`` and ``blowup`` stop the run as in
    :func:`~gdkit.descent.gradient_descent` (``"max_steps"``, ``"no_improvement"``,
    ``"diverged"``); there is no ``grad_tol``: a small velocity need not mean a small
    gradient, and the shared loop would test the velocity.

    >>> valley = lambda w: 0.5 * (w[0] ** 2 + 25 * w[1] ** 2)
    >>> valley_grad = lambda w: np.array([1.0, 25.0]) * w
    >>> plain = momentum_descent(valley, valley_grad, [-4.0, 1.0], 0.07, 0.0, n_steps=40)
    >>> heavy = momentum_descent(valley, valley_grad, [-4.0, 1.0], 0.07, 0.5, n_steps=40)
    >>> bool(heavy.loss[-1] < plain.loss[-1] / 100)
    True
    """
    beta = float(beta)
    if not 0.0 <= beta < 1.0:
        raise ValueError(f"beta must be at least 0 and below 1, got {beta}")
    shape = real_array(w0, "w0", ndims=(0, 1)).shape
    velocity = np.zeros(shape)
    grad_norms: list[float] = []

    def heavy_ball(w: Any) -> np.ndarray:
        # called once at each point the run visits, in order: the velocity carries over
        nonlocal velocity
        g = gradient_shaped(grad(w), shape)
        grad_norms.append(float(np.linalg.norm(g)))
        velocity = beta * velocity + g
        return velocity

    run = gradient_descent(loss, heavy_ball, w0, eta, n_steps=n_steps, tol=tol, blowup=blowup)
    recorded = len(run.loss)  # a last, diverged point is evaluated but not recorded
    return History(
        weights=run.weights,
        loss=run.loss,
        grad_norm=grad_norms[:recorded],
        stopped=run.stopped,
    )

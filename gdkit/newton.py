"""Logistic regression fitted by Newton's method: an independent check on gradient descent.

Newton's method uses the curvature as well as the slope. For the mean log-loss the
gradient is ``X^T (p - y) / n`` and the Hessian ``X^T D X / n`` with
``D = diag(p (1 - p))``; each step solves ``H step = gradient``. On a convex loss with a
minimum it needs a handful of steps where gradient descent needs hundreds, which makes it
a good referee. (It is also "iteratively reweighted least squares", IRLS.)

>>> from gdkit import data, losses
>>> heart = data.load_heart()
>>> z, _, _ = data.standardize(heart.column("MaxHR"))
>>> w = newton_logistic(losses.add_intercept(z), heart.y)
>>> np.round(w, 3)
array([-0.184, -0.976])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gdkit._inputs import real_array
from gdkit.losses import sigmoid

__all__ = ["newton_logistic"]


def newton_logistic(
    X: Any,
    y: Any,
    *,
    penalty: float = 0.0,
    n_steps: int = 100,
    tol: float = 1e-12,
) -> np.ndarray:
    """Weights that minimise the mean log-loss (plus ``penalty/2 * |w[1:]|^2``), by Newton.

    ``X`` has shape ``(n, p)`` with the column of ones first (that intercept is not
    penalized); ``y`` holds 0/1 labels. Stops when a step is shorter than ``tol`` (relative
    to the weights). Raises ``ValueError`` when there is no finite minimum: the weights
    grow without bound, which happens when a plane separates the two classes and
    ``penalty`` is 0.

    >>> X = np.array([[1.0, -2.0], [1.0, -1.0], [1.0, 1.0], [1.0, 2.0]])
    >>> newton_logistic(X, np.array([0.0, 0.0, 1.0, 1.0]))
    Traceback (most recent call last):
    ...
    ValueError: the log-loss has no finite minimum here: the weights grow without bound (are the classes separable? a penalty > 0 gives a minimum)
    """
    X_arr = real_array(X, "X", ndims=(2,))
    y_arr = real_array(y, "y", ndims=(1,))
    n, p = X_arr.shape
    if y_arr.shape != (n,):
        raise ValueError(f"y must have shape ({n},) to match X, got {y_arr.shape}")
    if not np.all((y_arr == 0) | (y_arr == 1)):
        raise ValueError("y must hold labels 0 and 1")
    if penalty < 0:
        raise ValueError(f"penalty must be >= 0, got {penalty}")
    ridge = penalty * np.diag([0.0] + [1.0] * (p - 1))
    w = np.zeros(p)
    for _ in range(n_steps):
        prob = sigmoid(X_arr @ w)
        grad = X_arr.T @ (prob - y_arr) / n + ridge @ w
        hessian = (X_arr.T * (prob * (1 - prob))) @ X_arr / n + ridge
        try:
            step = np.linalg.solve(hessian, grad)
        except np.linalg.LinAlgError:
            step = np.full(p, np.inf)
        if not np.all(np.isfinite(step)) or np.linalg.norm(w) > 1e6:
            raise ValueError(
                "the log-loss has no finite minimum here: the weights grow without bound (are "
                "the classes separable? a penalty > 0 gives a minimum)"
            )
        w = w - step
        if np.linalg.norm(step) <= tol * max(1.0, np.linalg.norm(w)):
            return w
    raise ValueError(f"Newton's method did not converge in {n_steps} steps (tol={tol:g})")

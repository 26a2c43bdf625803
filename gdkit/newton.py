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

__all__ = ["log_loss_hessian", "newton_logistic", "newton_step"]


def _hessian(X: np.ndarray, prob: np.ndarray) -> np.ndarray:
    """``X^T D X / n`` with ``D = diag(p (1 - p))``, without building the n x n matrix D."""
    return (X.T * (prob * (1 - prob))) @ X / len(X)


def _gradient(X: np.ndarray, y: np.ndarray, prob: np.ndarray) -> np.ndarray:
    return X.T @ (prob - y) / len(X)


def _checked(w: Any, X: Any, y: Any = None) -> tuple[np.ndarray, ...]:
    X_arr = real_array(X, "X", ndims=(2,))
    w_arr = real_array(w, "w", ndims=(1,))
    if w_arr.shape != (X_arr.shape[1],):
        raise ValueError(f"w must have shape ({X_arr.shape[1]},) to match X, got {w_arr.shape}")
    if y is None:
        return w_arr, X_arr
    y_arr = real_array(y, "y", ndims=(1,))
    if y_arr.shape != (len(X_arr),):
        raise ValueError(f"y must have shape ({len(X_arr)},) to match X, got {y_arr.shape}")
    return w_arr, X_arr, y_arr


def log_loss_hessian(w: Any, X: Any) -> np.ndarray:
    """The Hessian of the mean log-loss at ``w``: ``X^T D X / n``, ``D = diag(p (1 - p))``.

    ``X`` has shape ``(n, p)``; the result has shape ``(p, p)``, symmetric and positive
    semi-definite. It does not depend on the labels.

    >>> X = np.array([[1.0, -1.0], [1.0, 0.0], [1.0, 2.0]])
    >>> log_loss_hessian(np.zeros(2), X)
    array([[0.25      , 0.08333333],
           [0.08333333, 0.41666667]])
    """
    w_arr, X_arr = _checked(w, X)
    return _hessian(X_arr, sigmoid(X_arr @ w_arr))


def newton_step(w: Any, X: Any, y: Any) -> np.ndarray:
    """One Newton step on the mean log-loss: ``w - H^{-1} g``, with ``H`` the Hessian and
    ``g`` the gradient at ``w`` (solved as ``H s = g``, without inverting ``H``).

    >>> X = np.array([[1.0, -1.0], [1.0, 0.0], [1.0, 2.0]])
    >>> newton_step(np.zeros(2), X, np.array([0.0, 1.0, 1.0]))
    array([0.28571429, 1.14285714])
    """
    w_arr, X_arr, y_arr = _checked(w, X, y)
    prob = sigmoid(X_arr @ w_arr)
    return w_arr - np.linalg.solve(_hessian(X_arr, prob), _gradient(X_arr, y_arr, prob))


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
        grad = _gradient(X_arr, y_arr, prob) + ridge @ w
        hessian = _hessian(X_arr, prob) + ridge
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

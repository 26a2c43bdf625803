"""The single neuron of the course and its two losses.

Conventions: ``X`` has shape ``(n, p)``, ``w`` shape ``(p,)`` and ``y`` shape ``(n,)``.
With one weight, ``w`` may be a plain number and ``X`` a vector of shape ``(n,)``
(or a single column ``(n, 1)``); the gradient is then a number too.

Both losses are MEANS over the ``n`` examples, so their gradients carry a ``1/n``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gdkit._inputs import real_array

__all__ = ["add_intercept", "log_loss", "log_loss_grad", "mse", "mse_grad", "sigmoid"]


def _neuron_args(w: Any, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """Validate ``(w, X, y)``; return ``w`` as 1-D, ``X`` as 2-D, ``y`` and a scalar flag."""
    w_arr = real_array(w, "w", ndims=(0, 1, 2))
    X_arr = real_array(X, "X", ndims=(1, 2))
    y_arr = real_array(y, "y", ndims=(1, 2))
    if X_arr.ndim == 1:
        X_arr = X_arr[:, None]
    n, p = X_arr.shape
    if w_arr.ndim == 2:
        raise ValueError(
            f"w must be a flat vector of shape ({p},), got {w_arr.shape}: use w.ravel()"
        )
    scalar = w_arr.ndim == 0
    w_arr = np.atleast_1d(w_arr)
    if w_arr.shape != (p,):
        raise ValueError(
            f"w has {w_arr.size} weight(s) but X has {p} column(s) (X shape {X_arr.shape}); "
            "they must match"
        )
    if y_arr.shape != (n,):
        hint = " (a column of shape (n, 1)? use y.ravel())" if y_arr.size == n else ""
        raise ValueError(f"y must have shape ({n},) to match X, got {y_arr.shape}{hint}")
    return w_arr, X_arr, y_arr, scalar


def _as_result(grad: np.ndarray, scalar: bool) -> float | np.ndarray:
    return float(grad[0]) if scalar else grad


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """Unchecked stable sigmoid of a float array (infinities allowed, no warnings)."""
    out = np.empty_like(z)
    neg = z < 0
    with np.errstate(over="ignore", under="ignore"):
        out[~neg] = 1.0 / (1.0 + np.exp(-z[~neg]))
        ez = np.exp(z[neg])
        out[neg] = ez / (1.0 + ez)
    return out


def sigmoid(z: Any) -> float | np.ndarray:
    """The logistic function ``1 / (1 + exp(-z))``, computed without overflow.

    For ``z < 0`` it uses the equal form ``exp(z) / (1 + exp(z))``, so ``exp`` never
    sees a large positive number; ``z = ±inf`` give exactly 1 and 0.
    A number gives a float, an array an array of the same shape.

    >>> sigmoid(0.0)
    0.5
    >>> sigmoid(np.array([-1000.0, 1000.0]))
    array([0., 1.])
    """
    if isinstance(z, str | bytes) or z is None:
        raise TypeError(f"z must be a number or an array of numbers, not {type(z).__name__}")
    arr = np.asarray(z)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"z must contain real numbers, got dtype {arr.dtype}")
    arr = arr.astype(float)
    if np.any(np.isnan(arr)):
        raise ValueError("sigmoid got NaN")
    out = _sigmoid(arr.reshape(-1)).reshape(arr.shape)
    return float(out) if out.ndim == 0 else out


def mse(w: Any, X: Any, y: Any) -> float:
    """Mean squared error of the linear neuron: ``mean((X @ w - y) ** 2)``.

    >>> X = np.array([[1.0, 0.0], [1.0, 1.0]])
    >>> mse(np.array([0.0, 1.0]), X, np.array([0.0, 3.0]))
    2.0
    >>> mse(2.0, np.array([1.0, 2.0]), np.array([2.0, 4.0]))  # one weight
    0.0
    """
    w_arr, X_arr, y_arr, _ = _neuron_args(w, X, y)
    with np.errstate(all="ignore"):  # a runaway w gives inf, never a warning
        residual = X_arr @ w_arr - y_arr
        return float(np.mean(residual**2))


def mse_grad(w: Any, X: Any, y: Any) -> float | np.ndarray:
    """Gradient of :func:`mse` with respect to ``w``: ``(2/n) X^T (X w - y)``.

    A float for a scalar ``w``, else an array of shape ``(p,)``.

    >>> X = np.array([[1.0, 0.0], [1.0, 1.0]])
    >>> mse_grad(np.array([0.0, 1.0]), X, np.array([0.0, 3.0]))
    array([-2., -2.])
    >>> mse_grad(1.0, np.array([1.0, 2.0]), np.array([2.0, 4.0]))
    -5.0
    """
    w_arr, X_arr, y_arr, scalar = _neuron_args(w, X, y)
    with np.errstate(all="ignore"):
        grad = (2.0 / len(y_arr)) * (X_arr.T @ (X_arr @ w_arr - y_arr))
    return _as_result(grad, scalar)


def _check_labels(y: np.ndarray) -> None:
    if np.any((y < 0) | (y > 1)):
        raise ValueError("y must hold labels 0/1 (or probabilities in [0, 1]) for the log loss")


def log_loss(w: Any, X: Any, y: Any) -> float:
    """Mean negative log-likelihood of the sigmoid neuron ``P(y=1) = sigmoid(X @ w)``.

    Computed in the stable log-sum-exp form ``y log(1 + e^-z) + (1 - y) log(1 + e^z)``
    with ``z = X @ w``, which equals ``-mean(y log p + (1 - y) log(1 - p))`` but never
    takes the log of 0; a term whose label weight is 0 counts 0 even where z is infinite.

    >>> X = np.array([[1.0], [1.0]])
    >>> round(log_loss(np.array([0.0]), X, np.array([0.0, 1.0])), 6)  # log 2
    0.693147
    >>> log_loss(np.array([1000.0]), X, np.array([1.0, 1.0]))
    0.0
    >>> log_loss(np.array([1e308]), 10 * X, np.array([1.0, 1.0]))  # z overflows: sure hits
    0.0
    """
    w_arr, X_arr, y_arr, _ = _neuron_args(w, X, y)
    _check_labels(y_arr)
    with np.errstate(all="ignore"):
        z = X_arr @ w_arr
        missed_one = np.where(y_arr > 0, y_arr * np.logaddexp(0.0, -z), 0.0)
        missed_zero = np.where(y_arr < 1, (1 - y_arr) * np.logaddexp(0.0, z), 0.0)
        return float(np.mean(missed_one + missed_zero))


def log_loss_grad(w: Any, X: Any, y: Any) -> float | np.ndarray:
    """Gradient of :func:`log_loss`: ``X^T (sigmoid(X w) - y) / n``.

    >>> X = np.array([[1.0, 2.0], [1.0, -1.0]])
    >>> log_loss_grad(np.zeros(2), X, np.array([1.0, 0.0]))
    array([ 0.  , -0.75])
    """
    w_arr, X_arr, y_arr, scalar = _neuron_args(w, X, y)
    _check_labels(y_arr)
    with np.errstate(all="ignore"):
        grad = X_arr.T @ (_sigmoid(X_arr @ w_arr) - y_arr) / len(y_arr)
    return _as_result(grad, scalar)


def add_intercept(X: Any) -> np.ndarray:
    """Prepend a column of ones to ``X`` (a vector counts as one column).

    >>> add_intercept(np.array([[2.0], [3.0]]))
    array([[1., 2.],
           [1., 3.]])
    >>> add_intercept(np.array([5.0, 6.0])).shape
    (2, 2)
    """
    X_arr = real_array(X, "X", ndims=(1, 2))
    if X_arr.ndim == 1:
        X_arr = X_arr[:, None]
    return np.column_stack([np.ones(len(X_arr)), X_arr])

"""The single neuron of the course and its two losses.

Conventions: ``X`` has shape ``(n, p)``, ``w`` shape ``(p,)`` and ``y`` shape ``(n,)``.
With one weight, ``w`` may be a plain number and ``X`` a vector of shape ``(n,)``
(or a single column ``(n, 1)``); the gradient is then a number too.

Both losses are MEANS over the ``n`` examples, so their gradients carry a ``1/n``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gdkit._inputs import real_array, require_finite

__all__ = ["add_intercept", "log_loss", "log_loss_grad", "mse", "mse_grad", "sigmoid"]


def _neuron_args(w: Any, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """Validate ``(w, X, y)``; return ``w`` as 1-D, ``X`` as 2-D, ``y`` and a scalar flag.

    Float64 inputs are used as they are, never copied. ``X`` is NOT yet checked for
    NaN/inf: the caller does it with :func:`_check_X_finite` on its results, as reading a
    big ``X`` once more would cost as much as the loss itself.
    """
    w_arr = real_array(w, "w", ndims=(0, 1, 2), copy=False)
    X_arr = real_array(X, "X", ndims=(1, 2), copy=False, finite=False)
    y_arr = real_array(y, "y", ndims=(1, 2), copy=False)
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


def _check_X_finite(
    X: np.ndarray,
    w: np.ndarray,
    z: np.ndarray,
    residual: np.ndarray | None = None,
    grad: np.ndarray | None = None,
) -> None:
    """Raise :func:`real_array`'s error if ``X`` holds NaN or inf, from the results if possible.

    ``z`` is ``X @ w`` (or ``X @ w - y``), ``grad`` is ``X.T @ residual`` if given.
    A NaN or inf in ``X[i, j]`` makes ``z[i]`` non-finite if ``w[j] != 0``, and ``grad[j]``
    if ``residual[i] != 0`` (inf times a nonzero number is ±inf; inf - inf, inf * 0 and
    NaN give NaN; no sum makes these finite again). So finite results prove ``X`` finite
    unless zeros in both ``w`` and ``residual`` could hide a bad entry; only then, or when
    the results overflowed, is ``X`` read again, element by element.
    """
    if np.all(np.isfinite(z)):
        if np.all(w != 0):
            return
        if grad is not None and np.all(np.isfinite(grad)) and np.all(residual != 0):
            return
    require_finite(X, "X")


def _as_result(grad: np.ndarray, scalar: bool) -> float | np.ndarray:
    return float(grad[0]) if scalar else grad


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """Unchecked stable sigmoid of a float array with ``ndim >= 1`` (infinities allowed).

    ``e = exp(-|z|) <= 1`` never overflows: the result is ``1 / (1 + e)`` for ``z >= 0``
    and ``e / (1 + e)`` (that is ``exp(z) / (1 + exp(z))``) for ``z < 0``. Computed in
    place, without boolean masks: this runs on every gradient of a million examples.
    """
    e = np.abs(z)
    np.negative(e, out=e)
    with np.errstate(under="ignore"):
        np.exp(e, out=e)
    out = np.maximum(e, z >= 0)  # e where z < 0, else 1: a select without branches
    e += 1.0
    out /= e
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
    arr = arr.astype(float, copy=False)
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
        residual = X_arr @ w_arr
        residual -= y_arr
        loss = float(np.mean(residual**2))
    _check_X_finite(X_arr, w_arr, residual)
    return loss


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
        residual = X_arr @ w_arr
        residual -= y_arr
        grad = (2.0 / len(y_arr)) * (X_arr.T @ residual)
    _check_X_finite(X_arr, w_arr, residual, residual, grad)
    return _as_result(grad, scalar)


def _check_labels(y: np.ndarray) -> None:
    if y.min() < 0 or y.max() > 1:
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
    with np.errstate(all="ignore"):
        z = X_arr @ w_arr
        loss = float(np.mean(_log_loss_terms(z, y_arr)))
    _check_X_finite(X_arr, w_arr, z)
    _check_labels(y_arr)  # after X's check: bad inputs get the errors they always got
    return loss


def _log_loss_terms(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``y log(1 + e^-z) + (1 - y) log(1 + e^z)``, a part counting 0 where its weight is 0.

    Both logs are softplus, ``log(1 + e^s) = max(s, 0) + log(1 + e^-|s|)``; they share the
    second part, which never overflows (one exp and one log for both, not two logaddexp).
    """
    terms = np.abs(z)
    np.negative(terms, out=terms)
    np.exp(terms, out=terms)
    np.log1p(terms, out=terms)
    part = np.maximum(z, 0.0)
    part *= 1.0 - y
    negative_part = np.minimum(z, 0.0)
    negative_part *= y
    part -= negative_part  # (1 - y) max(z, 0) + y max(-z, 0)
    # NaN here can only be 0 * inf, a part whose weight is 0 (a NaN z keeps terms NaN)
    np.fmax(part, 0.0, out=part)
    terms += part
    return terms


def log_loss_grad(w: Any, X: Any, y: Any) -> float | np.ndarray:
    """Gradient of :func:`log_loss`: ``X^T (sigmoid(X w) - y) / n``.

    >>> X = np.array([[1.0, 2.0], [1.0, -1.0]])
    >>> log_loss_grad(np.zeros(2), X, np.array([1.0, 0.0]))
    array([ 0.  , -0.75])
    """
    w_arr, X_arr, y_arr, scalar = _neuron_args(w, X, y)
    with np.errstate(all="ignore"):
        z = X_arr @ w_arr
        residual = _sigmoid(z)
        residual -= y_arr
        grad = X_arr.T @ residual / len(y_arr)
    _check_X_finite(X_arr, w_arr, z, residual, grad)
    _check_labels(y_arr)
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

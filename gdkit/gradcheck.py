"""Checking a gradient against central finite differences."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from gdkit._inputs import as_given, gradient_shaped, one_number, real_array

__all__ = ["gradient_error", "numerical_gradient"]

#: Denominator floor of :func:`gradient_error`, relative to ``max(1, |f(w)|)``.
_ERROR_FLOOR = 1e-5


def _value(f: Callable[[Any], Any], w: np.ndarray) -> float:
    value = one_number(f(as_given(w)), "f")
    if not np.isfinite(value):
        raise ValueError("f is not finite near w; pick another point to check the gradient")
    return value


def numerical_gradient(f: Callable[[Any], Any], w: Any, h: float = 1e-6) -> float | np.ndarray:
    """Central-difference gradient of ``f`` at ``w``, one coordinate at a time.

    ``df/dw_i ≈ (f(w + h_i e_i) - f(w - h_i e_i)) / (2 h_i)`` with ``h_i = h * max(1, |w_i|)``
    (a step relative to large weights). Returns a float for a scalar ``w``, else an
    array of ``w``'s shape. ``w`` itself is not modified.

    >>> round(numerical_gradient(lambda w: w**3, 2.0), 6)
    12.0
    >>> np.round(numerical_gradient(lambda w: w[0] * w[1], np.array([2.0, 5.0])), 6)
    array([5., 2.])
    """
    if not callable(f):
        raise TypeError("f must be a function of the weights")
    w_arr = real_array(w, "w", ndims=(0, 1))
    if not (np.isfinite(h) and h > 0):
        raise ValueError(f"h must be a small positive number, got {h}")
    flat = w_arr.reshape(-1)
    grad = np.empty_like(flat)
    with np.errstate(all="ignore"):
        for i in range(flat.size):
            step = h * max(1.0, abs(flat[i]))
            plus, minus = flat.copy(), flat.copy()
            plus[i] += step
            minus[i] -= step
            f_plus = _value(f, plus.reshape(w_arr.shape))
            f_minus = _value(f, minus.reshape(w_arr.shape))
            grad[i] = (f_plus - f_minus) / (plus[i] - minus[i])
    return float(grad[0]) if w_arr.ndim == 0 else grad


def gradient_error(f: Callable[[Any], Any], grad: Callable[[Any], Any], w: Any) -> float:
    """Relative error between ``grad(w)`` and :func:`numerical_gradient` of ``f``.

    ``err = |g - g_num| / max(|g| + |g_num|, 1e-5 * max(1, |f(w)|))`` (Euclidean norms).
    The floor keeps the ratio meaningful where both gradients are about 0 (rounding
    noise of the finite differences is then not mistaken for a bug). Rough guide: below
    1e-6 the gradient is right; above 1e-3 it is very likely wrong.

    >>> gradient_error(lambda w: w**2, lambda w: 2 * w, 3.0) < 1e-8
    True
    >>> round(gradient_error(lambda w: w**2, lambda w: w, 3.0), 3)  # factor 2 missing
    0.333
    """
    if not callable(grad):
        raise TypeError("grad must be a function of the weights")
    w_arr = real_array(w, "w", ndims=(0, 1))
    numeric = np.asarray(numerical_gradient(f, w_arr))
    with np.errstate(all="ignore"):
        analytic = gradient_shaped(grad(as_given(w_arr)), numeric.shape)
    if not np.all(np.isfinite(analytic)):
        raise ValueError("grad returned NaN or infinite values")
    floor = _ERROR_FLOOR * max(1.0, abs(_value(f, w_arr)))
    diff = float(np.linalg.norm(analytic - numeric))
    return diff / max(float(np.linalg.norm(analytic) + np.linalg.norm(numeric)), floor)

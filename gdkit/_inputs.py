"""Input validation shared by gdkit's modules: plain messages for wrong types and shapes."""

from __future__ import annotations

from numbers import Real
from typing import Any

import numpy as np


def real_array(
    value: Any, name: str, *, ndims: tuple[int, ...], copy: bool = True, finite: bool = True
) -> np.ndarray:
    """Return ``value`` as a finite float array with one of the allowed ``ndims``.

    Shared input validation of gdkit: raises ``TypeError`` for non-numbers and
    ``ValueError`` for a wrong number of dimensions, an empty array, NaN or infinity.
    ``copy=False`` hands back a float64 array itself, for callers that never write to it;
    ``finite=False`` leaves the NaN/inf check to the caller (:func:`require_finite`),
    e.g. to skip a second pass over a big ``X`` when its results already prove it finite.

    >>> real_array([1, 2], "w", ndims=(1,))
    array([1., 2.])
    >>> x = np.ones(3)
    >>> real_array(x, "x", ndims=(1,), copy=False) is x
    True
    """
    if isinstance(value, str | bytes) or value is None:
        raise TypeError(
            f"{name} must be a number or an array of numbers, not {type(value).__name__}"
        )
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as err:  # e.g. ragged nested lists
        raise TypeError(f"{name} must be a number or an array of numbers ({err})") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must contain real numbers, got an array of dtype {arr.dtype} "
            f"(from a {type(value).__name__})"
        )
    if arr.ndim not in ndims:
        allowed = " or ".join(str(d) for d in ndims)
        raise ValueError(f"{name} must have {allowed} dimension(s), got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape})")
    arr = arr.astype(float, copy=copy)
    if finite:
        require_finite(arr, name)
    return arr


def require_finite(arr: np.ndarray, name: str) -> None:
    """Raise :func:`real_array`'s plain error if the float array ``arr`` holds NaN or inf.

    >>> require_finite(np.array([1.0, np.inf]), "X")
    Traceback (most recent call last):
    ...
    ValueError: X contains NaN or infinite values
    """
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")


def positive_number(value: Any, name: str, *, allow_none: bool = False) -> float | None:
    """``value`` as a positive float (a 0-d NumPy array counts); else a plain error.

    >>> positive_number(np.array(0.5), "eta")
    0.5
    """
    if value is None and allow_none:
        return None
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return float(value)


def trace_losses(trace: Any, *, at_least: int) -> np.ndarray:
    """The losses of a History (its ``loss``), or a 1-D sequence of losses, as floats.

    NaN and inf are kept: a trace may diverge.
    """
    values = trace if isinstance(trace, np.ndarray) else getattr(trace, "loss", trace)
    if isinstance(values, str | bytes) or values is None:
        raise TypeError(f"expected a History or a sequence of losses, got {type(trace).__name__}")
    try:
        arr = np.asarray(values)
    except ValueError as err:  # ragged nested lists
        raise ValueError(f"losses must form a 1-D sequence ({err})") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"losses must be real numbers, got dtype {arr.dtype}")
    if arr.ndim != 1 or arr.size < at_least:
        raise ValueError(f"need a 1-D trace of at least {at_least} loss(es), got shape {arr.shape}")
    return arr.astype(float)


def as_given(w: np.ndarray) -> float | np.ndarray:
    """The weights as a user's function receives them: a float for one weight, else a copy."""
    return float(w) if w.ndim == 0 else w.copy()


def one_number(out: Any, who: str) -> float:
    """What a user's loss returned, as a float; a plain error if it is not one real number."""
    arr = np.asarray(out)
    if arr.size != 1 or arr.dtype.kind not in "biuf":
        raise TypeError(f"{who} must return one real number, got {out!r:.60}")
    return float(arr.reshape(()))


def gradient_shaped(out: Any, shape: tuple[int, ...], who: str = "grad") -> np.ndarray:
    """What a user's gradient returned, as floats of the weights' ``shape``; else a plain error."""
    arr = np.asarray(out)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{who} must return real numbers, got dtype {arr.dtype}")
    if arr.shape != shape and not (shape == () and arr.size == 1):
        raise ValueError(f"{who} returned shape {arr.shape}, but the weights have shape {shape}")
    return arr.astype(float).reshape(shape)

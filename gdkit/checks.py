"""Checks for the autograded cells: a clear hint for the student, never the answer.

A failed check raises ``AssertionError`` with a message that says what is wrong in the
order type, shape, finiteness, value, and names the likely misconception (wrong sign,
a factor 2, a sum instead of a mean...) by comparing with a reference. The expected
value itself is never shown. Nothing is printed and no warning escapes.
"""

from __future__ import annotations

import copy
import inspect
import math
import os
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

__all__ = ["assert_close", "check_derivative", "check_function"]

#: Seconds a typed derivative may take to check while nbgrader grades (1 s otherwise).
GRADING_TIME_LIMIT = 10.0


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence NumPy floating-point warnings and any other warning (stderr must stay empty)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield


def _type_problem(got: Any, subject: str) -> str | None:
    """``name`` is "`f` returned" for a function's result, "`x` is" for a variable."""
    if got is None:
        if subject.endswith("returned"):
            return f"{subject} None: did you forget to `return` the result?"
        return f"{subject} None: replace None with your answer."
    if callable(got):
        return f"{subject} a function, not a number: did you forget to call it with ()?"
    if isinstance(got, bool | np.bool_):
        return f"{subject} True/False, not a number."
    if isinstance(got, str | bytes):
        return f"{subject} text (a {type(got).__name__}), not a number."
    try:
        kind = np.asarray(got).dtype.kind
    except (TypeError, ValueError):  # e.g. lists of different lengths
        kind = "O"
    if kind == "c":
        return f"{subject} complex numbers; it should return real numbers."
    if kind not in "iuf":
        return f"{subject} a {type(got).__name__} that is not a number or an array of numbers."
    return None


def _shape_problem(shape: tuple[int, ...], expected: tuple[int, ...], subject: str) -> str | None:
    if shape == expected:
        return None
    start = f"{subject} of shape {shape}, but shape {expected} is expected"
    if expected == ():
        if math.prod(shape) == 1:
            return (
                f"{start}: a single number. Column vectors of shape (n, 1) often lead to this; "
                "use 1-D arrays of shape (n,), or convert the result with float(...)."
            )
        return f"{start}: a single number. Did you forget to take the mean (or the sum)?"
    if shape == ():
        return f"{start}: a single number where an array is expected."
    if len(expected) == 1 and shape == (expected[0], 1):
        return (
            f"{start}. Yours is a column of shape (n, 1), not a flat vector of shape (n,): "
            "avoid reshaping to columns (e.g. y[:, None] or reshape(-1, 1)), or use .ravel()."
        )
    if len(shape) == 1 and expected == (shape[0], 1):
        return (
            f"{start}. A column of shape (n, 1) is expected, not a flat vector: use reshape(-1, 1)."
        )
    if len(expected) == 1 and shape == (expected[0], expected[0]):
        return (
            f"{start}. A square result usually comes from broadcasting: subtracting a flat "
            "vector (n,) from a column (n, 1) gives (n, n). Give both the same shape."
        )
    if len(shape) == 2 and shape == expected[::-1]:
        return (
            f"{start}. It looks transposed: check the order of a matrix product, or X versus X.T."
        )
    return f"{start}."


#: What a factor between the student's value and the expected one most likely means.
_FACTOR_HINTS: dict[Any, tuple[str, str]] = {
    "sign": (
        "has the wrong sign",
        "Check the signs: the order of a subtraction (y - X w versus X w - y), or a + "
        "where a - belongs.",
    ),
    2: (
        "is 2 times too large",
        "A factor 2 is too many (the 2 from differentiating a square, or something counted twice).",
    ),
    0.5: (
        "is half as large as it should be",
        "A factor 2 is missing (differentiating a square brings down a 2).",
    ),
    "n": (
        "is n times too large",
        "It looks like a SUM over the examples where the MEAN is wanted: divide by the "
        "number of examples n.",
    ),
    "1/n": (
        "is n times too small",
        "It looks like a MEAN where a SUM over the examples is wanted.",
    ),
}


def _factor_problem(ratio: float, n: int | None, name: str, rtol: float) -> str | None:
    """Name the simple factors (sign, 2, n) that turn the expected value into ``got``.

    When two readings fit the same ratio (with n = 4, "2 times too large" is also "a sum,
    and the 2 missing"), both are offered rather than a wrong one.
    """
    sizes = [(None, 1.0), ("n", float(n)), ("1/n", 1.0 / n)] if n and n > 2 else [(None, 1.0)]
    candidates = [
        (sign, two, per_n, s * t * v)
        for sign, s in ((None, 1.0), ("sign", -1.0))
        for two, t in ((None, 1.0), (2, 2.0), (0.5, 0.5))
        for per_n, v in sizes
    ]
    candidates.sort(key=lambda c: sum(part is not None for part in c[:3]))
    readings = [
        [_FACTOR_HINTS[p] for p in parts if p is not None]
        for *parts, value in candidates[1:]  # [0] is the factor 1
        if math.isclose(ratio, value, rel_tol=max(10 * rtol, 1e-9))
    ]
    if not readings:
        return None
    if len(readings) == 1:
        (named,) = readings
        what = " and ".join(short for short, _ in named)
        return f"`{name}` is not correct: it {what}. " + " ".join(hint for _, hint in named)
    options = " Or: ".join(" ".join(hint for _, hint in named) for named in readings)
    size = f"{abs(ratio):g} times too {'large' if abs(ratio) > 1 else 'small'}"
    sign = " and has the wrong sign" if ratio < 0 else ""
    return f"`{name}` is not correct: it is {size}{sign}. Either: {options}"


def _value_problem(
    got: np.ndarray, expected: np.ndarray, name: str, n: int | None, rtol: float, atol: float
) -> str | None:
    with _quiet():
        close = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
        if np.all(close):
            return None
        scale = float(np.vdot(expected, expected))
        ratio = float(np.vdot(got, expected)) / scale if scale > 0 else 0.0
        # a reference that is ~0 everywhere (a saturated sigmoid, say) says nothing of factors
        negligible = float(np.max(np.abs(expected), initial=0.0)) <= atol
        proportional = not negligible and np.allclose(got, ratio * expected, rtol=rtol, atol=atol)
    if proportional:
        named = _factor_problem(ratio, n, name, rtol)
        if named:
            return named
        if expected.size > 1:
            return (
                f"`{name}` is off by a constant factor: all entries are proportional to the "
                "right ones, so the idea is right but a scale factor is missing or extra."
            )
    if expected.size == 1:
        return f"`{name}` is not right: check your formula step by step on a small example."
    wrong = int(np.sum(~close))
    return f"`{name}` is not correct: {wrong} of {expected.size} entries differ from the reference."


def _problem(
    got: Any,
    expected: Any,
    *,
    name: str,
    n: int | None,
    rtol: float,
    atol: float,
    returned: bool = False,
) -> str | None:
    """The first problem of ``got`` (type, shape, finiteness, value), or None if it is right."""
    subject = f"`{name}` returned" if returned else f"`{name}` is"
    problem = _type_problem(got, subject)
    if problem:
        return problem
    got_arr = np.asarray(got, dtype=float)
    expected_arr = np.asarray(expected, dtype=float)
    problem = _shape_problem(got_arr.shape, expected_arr.shape, f"{subject} an array")
    if problem:
        return problem
    bad = ~np.isfinite(got_arr) & np.isfinite(expected_arr)
    if np.any(bad):
        where = "" if got_arr.ndim == 0 else f" ({int(bad.sum())} of {got_arr.size} entries)"
        return (
            f"`{name}` contains NaN or infinity{where}. Usually a calculation overflowed: "
            "np.exp of a large number (use a stable form, e.g. np.logaddexp(0, z), or a "
            "sigmoid written separately for negative z), a log of 0, or a division by zero."
        )
    return _value_problem(got_arr, expected_arr, name, n, rtol, atol)


def assert_close(
    got: Any,
    expected: Any,
    *,
    name: str,
    n: int | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> None:
    """Raise ``AssertionError`` with a hint if ``got`` is not ``expected``.

    Checks, in order: the type (None, text, a function...), the shape (hints for a
    column ``(n, 1)`` against ``(n,)``, broadcasting to ``(n, n)``, transposes), NaN or
    infinity, then the value (``np.isclose`` with ``rtol`` and ``atol``), naming a
    flipped sign, a factor 2 or 1/2, and, when the number of examples ``n`` is given, a
    sum instead of a mean (factor n) or the reverse. The message never shows
    ``expected``.

    >>> assert_close(0.5, 0.5, name="mse")
    >>> assert_close(-0.5, 0.5, name="mse")
    Traceback (most recent call last):
    ...
    AssertionError: `mse` is not correct: it has the wrong sign. Check the signs: ...
    """
    __tracebackhide__ = True  # pytest then shows the message, not this frame
    problem = _problem(got, expected, name=name, n=n, rtol=rtol, atol=atol)
    if problem:
        raise AssertionError(problem)


def _arg_names(fn: Callable[..., Any], count: int) -> list[str]:
    """The parameter names of ``fn`` for ``count`` arguments ("argument 3" if unknown)."""
    try:
        names = list(inspect.signature(fn).parameters)[:count]
    except (TypeError, ValueError):  # some builtins have no signature
        names = []
    return names + [f"argument {i + 1}" for i in range(len(names), count)]


def _describe(names: Sequence[str], args: Sequence[Any]) -> str:
    """``w: array of shape (3,), eta=0.1``: the inputs of a case, briefly."""
    parts = []
    for label, arg in zip(names, args, strict=True):
        if isinstance(arg, np.ndarray):
            parts.append(f"{label}: array of shape {arg.shape}")
        elif isinstance(arg, int | float | np.number):
            parts.append(f"{label}={arg!r}")
        elif callable(arg):
            parts.append(f"{label}: a function")
        else:
            parts.append(f"{label}: {type(arg).__name__}")
    return ", ".join(parts)


def _unchanged(before: Any, after: Any) -> bool:
    if isinstance(before, np.ndarray):
        return before.shape == np.shape(after) and np.array_equal(before, after, equal_nan=True)
    if isinstance(before, dict):
        return (
            isinstance(after, dict)
            and before.keys() == after.keys()
            and all(_unchanged(before[k], after[k]) for k in before)
        )
    if isinstance(before, list | set):
        try:
            return bool(before == after)
        except ValueError:  # lists of arrays: compare one by one
            return all(_unchanged(a, b) for a, b in zip(before, after, strict=True))
    return True


@contextmanager
def _warnings_caught() -> Iterator[list[warnings.WarningMessage]]:
    """Record every warning (printed, it would zero an nbgrader test cell) instead of showing it."""
    with (
        warnings.catch_warnings(record=True) as caught,
        np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"),
    ):
        warnings.simplefilter("always")
        yield caught


def _warning_problem(caught: Sequence[warnings.WarningMessage], name: str) -> str | None:
    if not caught:
        return None
    text = str(caught[0].message)
    hint = (
        "Use a numerically stable form (np.exp(-np.abs(z)), np.logaddexp) so that no "
        "intermediate value overflows."
        if "overflow" in text or "divide" in text or "invalid" in text
        else "Find what triggers it and avoid it."
    )
    return (
        f'`{name}` gives the right result but makes Python warn: "{text}". When graded, a '
        f"warning counts as a failure. {hint}"
    )


def _examples_in(args: Sequence[Any]) -> int | None:
    """The number of examples n: the rows of the first 2-D array argument (X), if any."""
    return next((a.shape[0] for a in args if isinstance(a, np.ndarray) and a.ndim == 2), None)


def check_function(
    student_fn: Callable[..., Any],
    reference_fn: Callable[..., Any],
    cases: Sequence[Sequence[Any]],
    *,
    name: str,
    n_of: Callable[..., int] | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> None:
    """Compare ``student_fn`` with ``reference_fn`` on each case (a tuple of arguments).

    Each function gets its own deep copy of the arguments. Fails with a hint when the
    student's function is not implemented, raises, returns a wrong result (see
    :func:`assert_close`), makes Python warn (an overflow, say: under nbgrader a warning
    zeroes the cell anyway) or changes its inputs in place. The number of examples ``n``
    for the sum-versus-mean hint is ``n_of(*case)``, by default the number of rows of the
    first 2-D array argument (the ``X`` of the case).

    >>> def mse(w, X, y):
    ...     return np.sum((X @ w - y) ** 2)  # a sum, not a mean
    >>> X, y = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), np.array([1.0, 0.0, 2.0])
    >>> check_function(mse, lambda w, X, y: np.mean((X @ w - y) ** 2), [(np.ones(2), X, y)],
    ...                name="mse")
    Traceback (most recent call last):
    ...
    AssertionError: `mse` is not correct: it is n times too large. It looks like a SUM over the examples where the MEAN is wanted: divide by the number of examples n. (case 1 of 1, called with w: array of shape (2,), X: array of shape (3, 2), y: array of shape (3,))
    """
    __tracebackhide__ = True  # pytest then shows the message, not this frame
    if not callable(student_fn):
        raise AssertionError(
            f"`{name}` is not a function (it is a {type(student_fn).__name__}): did you "
            "overwrite it with a value?"
        )
    if not cases or any(not isinstance(case, tuple | list) for case in cases):
        raise TypeError("cases must be a non-empty list of argument tuples")
    for number, case in enumerate(cases, start=1):
        args = tuple(case)
        names = _arg_names(reference_fn, len(args))
        where = f"case {number} of {len(cases)}, called with {_describe(names, args)}"
        with _quiet():
            expected = reference_fn(*copy.deepcopy(args))
        given = copy.deepcopy(args)
        try:
            with _warnings_caught() as caught:
                got = student_fn(*given)
        except NotImplementedError:
            raise AssertionError(
                f"`{name}` is not implemented yet: replace the `raise NotImplementedError()` "
                "line with your code."
            ) from None
        except Exception as err:
            raise AssertionError(f"`{name}` raised {type(err).__name__}: {err} ({where})") from err
        n = n_of(*args) if n_of is not None else _examples_in(args)
        problem = _problem(got, expected, name=name, n=n, rtol=rtol, atol=atol, returned=True)
        problem = problem or _warning_problem(caught, name)
        if problem:
            raise AssertionError(f"{problem} ({where})")
        for label, before, after in zip(names, args, given, strict=True):
            if not _unchanged(before, after):
                raise AssertionError(
                    f"`{name}` changed its input `{label}` in place: work on a copy (e.g. "
                    "X = X.copy()) or avoid in-place operations such as -=, += or assigning "
                    "into the array."
                )


def check_derivative(answer: Any, expected: Any, *, name: str) -> None:
    """Raise ``AssertionError`` unless ``answer`` equals the derivative ``expected``.

    ``answer`` is what the student typed (text such as ``"2*x*(w*x - y)"``, or a SymPy
    expression); ``expected`` is best derived with SymPy in the test cell, so that the
    cell does not print the answer. The message comes from :func:`gdkit.symbolic.check`:
    it names the kind of mistake (sign, constant factor, a missing or extra factor,
    unknown symbol, unreadable text) without showing the expected expression. An answer
    too complex to check in a second fails in the notebook (with a message that says so);
    under nbgrader it gets :data:`GRADING_TIME_LIMIT` seconds first.

    >>> import sympy
    >>> w, x, y = sympy.symbols("w x y")
    >>> check_derivative("2*x*(w*x - y)", sympy.diff((w*x - y)**2, w), name="dL_dw")
    >>> check_derivative("2*(w*x - y)", sympy.diff((w*x - y)**2, w), name="dL_dw")
    Traceback (most recent call last):
    ...
    AssertionError: `dL_dw`: Not yet: your answer is missing a factor that depends on x. ...
    """
    __tracebackhide__ = True  # pytest then shows the message, not this frame
    from gdkit.symbolic import check

    if answer is None or answer is Ellipsis:
        raise AssertionError(
            f'`{name}` is still empty: type your derivative as text, e.g. "3*x**2".'
        )
    verdict = check(answer, expected)
    if verdict.mistake == "too_complex" and os.environ.get("NBGRADER_EXECUTION"):
        # a busy grading machine must not cost a student the point: take longer there
        verdict = check(answer, expected, seconds=GRADING_TIME_LIMIT)
    if not verdict.correct:
        raise AssertionError(f"`{name}`: {verdict.message}")

"""Checks for the autograded cells: a clear hint for the student, never the answer.

A failed check raises :class:`CheckFailure`, an ``AssertionError`` (so nbgrader scores
the cell 0) whose message says what is wrong in the order type, shape, in-place change,
finiteness, value, and whose ``kind`` names it for tests and reports (``"shape"``,
``"sign"``, ``"sum_for_mean"``, a declared :class:`Slip`'s kind ...). The expected value
itself is never shown. Nothing is printed and no warning escapes.

Known mistakes are declared, not hand-coded: a :class:`Slip` is what a likely wrong
answer would return, with the message that names it; the checks try them whenever an
answer is wrong. Gdkit's own reference can be forbidden while a student's function runs
(``forbid=``): an exercise that asks for your own code fails if it calls gdkit's.
"""

from __future__ import annotations

import builtins
import copy
import decimal
import dis
import hashlib
import inspect
import math
import numbers
import os
import re
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import CodeType, FunctionType
from typing import Any

import numpy as np

__all__ = [
    "CallLimitExceeded",
    "CheckFailure",
    "LineLimitExceeded",
    "Slip",
    "answer_digest",
    "assert_close",
    "built_on",
    "check_choices",
    "check_derivative",
    "check_function",
    "check_no_loop",
    "check_number",
    "check_rng_use",
    "call",
    "is_value_kind",
    "limit_calls",
    "limit_lines",
    "quiet",
    "require",
    "require_array",
    "warning_failure",
]

#: Seconds one call of a student's function may take in a check: far more than any exercise
#: needs, less than nbgrader's 30 s per cell, so that a loop that never ends gets a message.
CALL_SECONDS = 20.0

#: Seconds a typed derivative may take to check while nbgrader grades (1 s otherwise).
GRADING_TIME_LIMIT = 10.0


#: What the checks rely on, as it was when gdkit was imported: a student's code that
#: replaces one of these (np.isclose = lambda *a, **k: True) cannot make a check pass.
_TOOLS = {
    np: "isclose allclose array_equal asarray all any isfinite vdot max abs sum shape prod",
    builtins: "isinstance callable len float abs all any zip type getattr",
    math: "isclose isfinite prod",
}
_PRISTINE = {
    (module, name): getattr(module, name)
    for module, names in _TOOLS.items()
    for name in names.split()
}


def _tampering() -> str | None:
    """The first of the checks' tools that was replaced since import, if any."""
    for (module, name), original in _PRISTINE.items():
        if getattr(module, name, None) is not original:
            return f"{module.__name__}.{name}"
    return None


class CheckFailure(AssertionError):
    """A failed check: the message is for the student, ``kind`` names the problem.

    While code in the notebook has replaced one of the tools the checks rely on
    (``np.isclose = lambda *a, **k: True``), no verdict can be trusted, whichever check
    reached it: every failure then has kind ``tampered`` and says what was replaced.

    >>> err = CheckFailure("sign", "`mse` has the wrong sign.")
    >>> err.kind, str(err), isinstance(err, AssertionError)
    ('sign', '`mse` has the wrong sign.', True)
    """

    def __init__(self, kind: str, message: str) -> None:
        replaced = _tampering()
        if replaced and kind != "tampered":
            named = re.match(r"`([^`]+)`", message)
            kind, message = "tampered", _tampered_message(named[1] if named else "this", replaced)
        super().__init__(message)
        self.kind = kind


def _tampered_message(name: str, replaced: str) -> str:
    return (
        f"`{name}` cannot be checked: code in this notebook replaced `{replaced}`, which "
        "the tests rely on. Remove that code, restart the kernel and run all cells again."
    )


def _refuse_if_tampered(name: str) -> None:
    """Fail every check once NumPy or a builtin it relies on was replaced."""
    replaced = _tampering()
    if replaced:
        raise CheckFailure("tampered", _tampered_message(name, replaced))


@dataclass(frozen=True)
class Slip:
    """A likely mistake: its ``kind``, the ``message`` that names it, and what it gives.

    ``wrong`` is what the slip produces: for :func:`check_function` a function called
    with each case's arguments, for :func:`assert_close` the wrong value itself. The
    message follows the name of what is checked, e.g. "returns the step, not the new
    weight", and must not contain the answer.

    >>> halved = Slip("half", "forgot the 2 of the square.", lambda x: x)
    >>> halved.kind
    'half'
    """

    kind: str
    message: str
    wrong: Any


# ---------------------------------------------------------------------------- helpers


@contextmanager
def quiet() -> Iterator[None]:
    """Silence NumPy floating-point warnings and any other warning (stderr must stay empty).

    >>> with quiet():
    ...     np.exp(1000.0)
    np.float64(inf)
    """
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield


def _is_real_scalar(value: Any) -> bool:
    if isinstance(value, bool | np.bool_):
        return False
    if isinstance(value, int | float | np.integer | np.floating):
        return True
    return isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf"


def _type_problem(got: Any, subject: str) -> tuple[str, str] | None:
    """``subject`` is "`f` returned" for a function's result, "`x` is" for a variable."""
    if got is None:
        if subject.endswith("returned"):
            return "none", f"{subject} None: did you forget to `return` the result?"
        return "none", f"{subject} None: replace None with your answer."
    if callable(got):
        return "type", f"{subject} a function, not a number: did you forget to call it with ()?"
    if isinstance(got, bool | np.bool_):
        return "type", f"{subject} True/False, not a number."
    if isinstance(got, str | bytes):
        return "type", f"{subject} text (a {type(got).__name__}), not a number."
    try:
        kind = np.asarray(got).dtype.kind
    except (TypeError, ValueError):  # e.g. lists of different lengths
        kind = "O"
    if kind == "c":
        return "type", f"{subject} complex numbers; it should return real numbers."
    if kind == "b":
        return "type", f"{subject} True/False values, not numbers."
    if kind not in "iuf":
        return (
            "type",
            f"{subject} a {type(got).__name__} that is not a number or an array of numbers.",
        )
    return None


def _shape_problem(
    shape: tuple[int, ...], expected: tuple[int, ...], subject: str, *, has_x: bool = True
) -> str | None:
    """What is wrong with ``shape``; ``has_x``: the function is given a data matrix X."""
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
        where = "the order of a matrix product, or X versus X.T" if has_x else "how it is built"
        return f"{start}. It looks transposed: rows and columns are swapped; check {where}."
    return f"{start}."


#: What a factor between the student's value and the expected one most likely means:
#: (kind, what the value does, the hint).
_FACTORS: dict[str, tuple[float | None, str, str]] = {
    "sign": (
        -1.0,
        "has the wrong sign",
        "Check the signs: the order of a subtraction, or a + where a - belongs.",
    ),
    "factor_2": (
        2.0,
        "is 2 times too large",
        "Look for a factor 2 too many, or a division by 2 that is missing.",
    ),
    "half": (
        0.5,
        "is half as large as it should be",
        "Look for a factor 2 that is missing, or a division by 2 too many.",
    ),
    "sum_for_mean": (
        None,  # n
        "is n times too large",
        "It looks like a SUM over the examples where the MEAN is wanted: divide by the "
        "number of examples n.",
    ),
    "mean_for_sum": (
        None,  # 1/n
        "is n times too small",
        "Look for a division by the number of examples n that does not belong there, or "
        "one done twice.",
    ),
}


def _factor_problem(ratio: float, n: int | None, name: str, rtol: float) -> tuple[str, str] | None:
    """Name the simplest combination of a sign, a factor 2 and n that gives ``ratio``."""
    sizes = {"sum_for_mean": float(n), "mean_for_sum": 1.0 / n} if n and n > 1 else {}
    candidates: list[tuple[list[str], float]] = []
    for sign in ([], ["sign"]):
        for two in ([], ["factor_2"], ["half"]):
            for per_n in [[], *([k] for k in sizes)]:
                parts = sign + two + per_n
                value = math.prod(
                    sizes[p] if p in sizes else _FACTORS[p][0]  # type: ignore[misc]
                    for p in parts
                )
                candidates.append((parts, value))
    order = list(_FACTORS)  # the simplest reading first: fewest parts, then sign, 2, n
    candidates.sort(key=lambda c: (len(c[0]), [order.index(p) for p in c[0]]))
    for parts, value in candidates[1:]:  # [0] is the factor 1
        if math.isclose(ratio, value, rel_tol=max(10 * rtol, 1e-9)):
            what = " and ".join(_FACTORS[p][1] for p in parts)
            hints = " ".join(_FACTORS[p][2] for p in parts)
            return "+".join(parts), f"`{name}` is not correct: it {what}. {hints}"
    return None


def _value_problem(
    got: np.ndarray, expected: np.ndarray, name: str, n: int | None, rtol: float, atol: float
) -> tuple[str, str] | None:
    with quiet():
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
            return "scale", (
                f"`{name}` is off by a constant factor: all entries are proportional to the "
                "right ones, so the idea is right but a scale factor is missing or extra."
            )
    if expected.size == 1:
        return (
            "value",
            f"`{name}` is not right: check your formula step by step on a small example.",
        )
    wrong = int(np.sum(~close))
    return (
        "value",
        f"`{name}` is not correct: {wrong} of {expected.size} entries differ from the reference.",
    )


def _problem(
    got: Any,
    expected: Any,
    *,
    name: str,
    n: int | None,
    rtol: float,
    atol: float,
    returned: bool = False,
) -> tuple[str, str] | None:
    """The first problem of ``got`` (type, shape, finiteness, value) as (kind, message)."""
    subject = f"`{name}` returned" if returned else f"`{name}` is"
    if isinstance(got, numbers.Real | decimal.Decimal) and not isinstance(got, bool):
        got = float(got)  # a Fraction or a Decimal is a number too
    problem = _type_problem(got, subject)
    if problem:
        return problem
    if isinstance(got, tuple | list) and np.shape(expected) == () and len(got) == 1:
        return "type", (
            f"{subject} a {type(got).__name__} of one element, where one number is expected: "
            "return the number itself (a trailing comma, as in `return x,`, makes a tuple)."
        )
    got_arr = np.asarray(got, dtype=float)
    expected_arr = np.asarray(expected, dtype=float)
    shape = _shape_problem(
        got_arr.shape, expected_arr.shape, f"{subject} an array", has_x=n is not None
    )
    if shape:
        return "shape", shape
    with quiet():
        bad = ~np.isfinite(got_arr) & np.isfinite(expected_arr)
    if np.any(bad):
        where = "" if got_arr.ndim == 0 else f" ({int(bad.sum())} of {got_arr.size} entries)"
        return "not_finite", (
            f"`{name}` contains NaN or infinity{where}. Look for a division by zero (a "
            "standard deviation of 0?), a log of 0, or np.exp of a large number that "
            "overflowed (use a stable form, e.g. np.logaddexp(0, z), or a sigmoid written "
            "separately for negative z)."
        )
    return _value_problem(got_arr, expected_arr, name, n, rtol, atol)


def _matches(got: Any, wrong: Any, rtol: float, atol: float) -> bool:
    """Whether ``got`` is (numerically) the value a slip produces."""
    try:
        with quiet():
            got_arr, wrong_arr = np.asarray(got, dtype=float), np.asarray(wrong, dtype=float)
            return got_arr.shape == wrong_arr.shape and bool(
                np.allclose(got_arr, wrong_arr, rtol=rtol, atol=atol, equal_nan=True)
            )
    except (TypeError, ValueError):
        return False


def _slips_apply(got: Any) -> bool:
    """Whether a declared slip may explain ``got``: not text, None or a function."""
    return not (got is None or callable(got) or isinstance(got, str | bytes))


def _slip_problem(
    got: Any,
    slips: Sequence[Slip],
    wrong_of: Callable[[Slip], Any],
    name: str,
    rtol: float,
    atol: float,
) -> tuple[str, str] | None:
    for slip in slips:
        try:
            with quiet():
                wrong = wrong_of(slip)
        except Exception:  # a slip that does not apply to this case
            continue
        if _matches(got, wrong, rtol, atol):
            return slip.kind, f"`{name}` {slip.message}"
    return None


# ---------------------------------------------------------------------------- values


def assert_close(
    got: Any,
    expected: Any,
    *,
    name: str,
    n: int | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    slips: Sequence[Slip] = (),
) -> None:
    """Raise :class:`CheckFailure` with a hint if ``got`` is not ``expected``.

    Checks, in order: the type (None, text, a function...), the shape (hints for a
    column ``(n, 1)`` against ``(n,)``, broadcasting to ``(n, n)``, transposes), NaN or
    infinity, then the value (``np.isclose`` with ``rtol`` and ``atol``). A wrong value
    that equals a declared slip's ``wrong`` value gets that slip's message; otherwise a
    flipped sign, a factor 2 or 1/2 and, when the number of examples ``n`` is given, a
    sum instead of a mean (factor n) or the reverse, are named. ``expected`` is never shown.

    >>> assert_close(0.5, 0.5, name="mse")
    >>> assert_close(-0.5, 0.5, name="mse")
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `mse` is not correct: it has the wrong sign. Check the signs: ...
    """
    __tracebackhide__ = True  # pytest then shows the message, not this frame
    _refuse_if_tampered(name)
    problem = _problem(got, expected, name=name, n=n, rtol=rtol, atol=atol)
    if problem and _slips_apply(got):
        problem = _slip_problem(got, slips, lambda s: s.wrong, name, rtol, atol) or problem
    if problem:
        raise CheckFailure(*problem)


def check_number(value: Any, *, name: str, positive: bool = False) -> float:
    """``value`` as a float if it is one real number (a 0-d array counts), else a failure.

    >>> check_number(np.array(0.005), name="eta", positive=True)
    0.005
    >>> check_number("0.1", name="eta")
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `eta` is text (a str), not a number.
    """
    __tracebackhide__ = True
    _refuse_if_tampered(name)
    problem = _type_problem(value, f"`{name}` is")
    if problem:
        raise CheckFailure(*problem)
    if not _is_real_scalar(value):
        raise CheckFailure(
            "shape", f"`{name}` must be one number, not an array of shape {np.shape(value)}."
        )
    number = float(value)
    if not math.isfinite(number):
        raise CheckFailure("not_finite", f"`{name}` is {number}: it must be a finite number.")
    if positive and number <= 0:
        raise CheckFailure("not_positive", f"`{name}` must be a positive number, not {number:g}.")
    return number


# ---------------------------------------------------------------------------- functions


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
        if isinstance(arg, np.ndarray) and arg.ndim > 0:
            parts.append(f"{label}: array of shape {arg.shape}")
        elif isinstance(arg, int | float) and not isinstance(arg, bool):
            parts.append(f"{label}={arg!r}")
        elif _is_real_scalar(arg):  # NumPy scalars and 0-d arrays, shown as plain numbers
            parts.append(f"{label}={arg.item()!r}")
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


def _warning_problem(
    caught: Sequence[warnings.WarningMessage], name: str
) -> tuple[str, str] | None:
    if not caught:
        return None
    text = str(caught[0].message)
    hint = (
        "Use a numerically stable form (np.exp(-np.abs(z)), np.logaddexp) so that no "
        "intermediate value overflows."
        if "overflow" in text or "divide" in text or "invalid" in text
        else "Find what triggers it and avoid it."
    )
    return "warning", (
        f'`{name}` gives the right result but makes Python warn: "{text}". When graded, a '
        f"warning counts as a failure. {hint}"
    )


def _examples_in(args: Sequence[Any]) -> int | None:
    """The number of examples n: the rows of the first 2-D array argument (X), if any."""
    return next((a.shape[0] for a in args if isinstance(a, np.ndarray) and a.ndim == 2), None)


#: Errors a NumPy beginner meets, by a piece of Python's message: (kind, what to do).
_KNOWN_ERRORS = (
    (
        "truth value of an array",
        "if_on_array",
        "Python's `if`, `and`, `or` and chained comparisons such as a >= b == c need one "
        "True/False, but got an array. Choose entry by entry with np.where, combine "
        "conditions with & and |, and put brackets around each comparison.",
    ),
    (
        "converted to Python scalars",
        "scalar_only",
        "A function made for single numbers (math.exp, float(...), int(...)) got an array: "
        "NumPy's functions, such as np.exp, work on every entry.",
    ),
    (
        "bitwise_xor",
        "xor_for_power",
        "In Python ^ is not a power (it is bitwise XOR): write ** for powers.",
    ),
    (
        "mismatch in its core dimension",
        "matmul_shapes",
        "The shapes in a matrix product do not fit. X has one row per example and one "
        "column per weight: check the order of the product, and X against X.T.",
    ),
)


def _raised(err: Exception, name: str, where: str) -> CheckFailure:
    """The failure for an exception the student's code raised, naming well-known ones."""
    message = f"`{name}` raised {type(err).__name__}: {err}" + (f" ({where})" if where else "")
    for piece, kind, hint in _KNOWN_ERRORS:
        if piece in str(err):
            return CheckFailure(kind, f"{message} {hint}")
    return CheckFailure("raised", message)


class _ReferenceCalled(Exception):
    """Raised by the stand-in for a forbidden gdkit function."""


def _qualified(fn: Callable[..., Any]) -> str:
    module = getattr(fn, "__module__", "") or ""
    short = module.removeprefix("gdkit.")
    return f"{short}.{fn.__name__}" if short else fn.__name__


@contextmanager
def _forbidden(
    functions: Sequence[Callable[..., Any]], student_fn: Callable[..., Any]
) -> Iterator[list[Callable[..., Any]]]:
    """Swap each forbidden function for a stand-in that records the call and refuses it.

    The stand-in replaces the function in its own module, in the student's globals and
    in the closure of the student's function, under any name; all is put back afterwards.
    """
    called: list[Callable[..., Any]] = []
    restore: list[Callable[[], None]] = []

    def stand_in_for(fn: Callable[..., Any]) -> Callable[..., Any]:
        def stand_in(*args: Any, **kwargs: Any) -> Any:
            called.append(fn)
            raise _ReferenceCalled(_qualified(fn))

        return stand_in

    namespaces = [getattr(student_fn, "__globals__", None)]
    cells = getattr(student_fn, "__closure__", None) or ()
    try:
        for fn in functions:
            stand_in = stand_in_for(fn)
            home = sys.modules.get(getattr(fn, "__module__", None) or "")
            for namespace in [vars(home) if home else None, *namespaces]:
                for key, value in list((namespace or {}).items()):
                    if value is fn:
                        namespace[key] = stand_in
                        restore.append(lambda ns=namespace, k=key, v=value: ns.__setitem__(k, v))
            for cell in cells:
                if cell.cell_contents is fn:
                    cell.cell_contents = stand_in
                    restore.append(lambda c=cell, v=fn: setattr(c, "cell_contents", v))
        yield called
    finally:
        for undo in reversed(restore):
            undo()


class _TookTooLong(BaseException):
    """Raised in a student's function that runs past its time (not an Exception: a student's
    ``except Exception`` must not swallow it)."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Within the block, stop the code after ``seconds`` (SIGALRM: main thread, POSIX only).

    Elsewhere, or when a timer is already running, the block runs without a limit.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield
        return

    def stop(_signum: int, _frame: Any) -> None:
        raise _TookTooLong

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def call(
    student_fn: Callable[..., Any],
    args: Sequence[Any],
    *,
    name: str,
    where: str = "",
    forbid: Sequence[Callable[..., Any]] = (),
) -> tuple[Any, list[warnings.WarningMessage]]:
    """Call a student's function the way :func:`check_function` does; return what it gave.

    Returns the result and the warnings it raised (recorded, never shown). Fails with
    kind ``"not_implemented"``, ``"reference_used"`` (it is or calls one of ``forbid``) or
    ``"raised"`` (well-known Python errors get their own kind and a hint); ``where``
    describes the case in the message. For checks whose results
    :func:`check_function` cannot compare, such as a (weights, reason) pair.

    >>> call(lambda x: x + 1, (1,), name="f")
    (2, [])
    >>> call(lambda x: x ^ 2.0, (1.5,), name="f")
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `f` raised TypeError: ...
    """
    __tracebackhide__ = True
    for fn in forbid:  # `sigmoid = losses.sigmoid`: gdkit's function itself, nothing to swap
        if student_fn is fn:
            raise CheckFailure(
                "reference_used",
                f"`{name}` is gdkit's own `{_qualified(fn)}`, but this exercise asks for your "
                "own code. Write the function yourself.",
            )
    try:
        with (
            _warnings_caught() as caught,
            _forbidden(forbid, student_fn) as called,
            _time_limit(CALL_SECONDS),
        ):
            result = student_fn(*args)
    except _TookTooLong:
        raise CheckFailure(
            "endless",
            f"`{name}` did not finish within {CALL_SECONDS:g} s, so it was stopped: does a loop "
            "never end (a while loop whose condition never turns false, a counter that does "
            f"not grow)?{f' ({where})' if where else ''}",
        ) from None
    except NotImplementedError:
        raise CheckFailure(
            "not_implemented",
            f"`{name}` is not implemented yet: replace the `raise NotImplementedError()` "
            "line with your code.",
        ) from None
    except Exception as err:
        if not called:
            raise _raised(err, name, where) from err
    if called:
        raise CheckFailure(
            "reference_used",
            f"`{name}` calls gdkit's `{_qualified(called[0])}`, but this exercise asks for "
            "your own code (gdkit's version is what the test compares with). Write it "
            "without that function.",
        )
    return result, list(caught)


class CallLimitExceeded(Exception):
    """Raised by a function from :func:`limit_calls` once it has been called too often.

    >>> issubclass(CallLimitExceeded, Exception)
    True
    """


def limit_calls(fn: Callable[..., Any], n_steps: int) -> Callable[..., Any]:
    """``fn`` for a student's loop of ``n_steps`` steps, refusing to run much longer.

    It allows 20 calls per step and 100 more, then raises :class:`CallLimitExceeded`, so
    that a loop that never ends (a ``while`` whose counter does not grow) fails instead of
    hanging the test: :func:`call` then fails with that exception as ``__cause__``.

    >>> square = limit_calls(lambda w: w * w, n_steps=0)
    >>> [square(3.0) for _ in range(120)][-1]
    9.0
    >>> square(3.0)
    Traceback (most recent call last):
    ...
    gdkit.checks.CallLimitExceeded: called more than 120 times in a loop of 0 steps
    """
    calls = 20 * (n_steps + 1) + 100  # n_steps + 1 points, a few calls each
    count = 0

    def limited(*args: Any, **kwargs: Any) -> Any:
        nonlocal count
        count += 1
        if count > calls:
            raise CallLimitExceeded(f"called more than {calls} times in a loop of {n_steps} steps")
        return fn(*args, **kwargs)

    return limited


class LineLimitExceeded(Exception):
    """Raised in a student's code that runs more lines than :func:`limit_lines` allows.

    >>> issubclass(LineLimitExceeded, Exception)
    True
    """


@contextmanager
def limit_lines(fn: Any, lines: int) -> Iterator[None]:
    """Within the block, stop ``fn``'s code once it has run ``lines`` lines of Python.

    Lines are counted in every function of ``fn``'s module (the notebook: the student's
    helpers count too), not in gdkit or NumPy. Past the limit :class:`LineLimitExceeded` is
    raised inside the student's code, so that a loop that never ends (a ``while`` whose
    index never changes) fails instead of hanging the test or filling the memory:
    :func:`call` then fails with that exception as ``__cause__``.

    >>> def forever(x):
    ...     while True:
    ...         x = x + 1
    >>> with limit_lines(forever, 1000):
    ...     forever(0)
    Traceback (most recent call last):
    ...
    gdkit.checks.LineLimitExceeded: ran more than 1000 lines
    """
    namespace = getattr(fn, "__globals__", None)
    count = 0

    def count_lines(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
            if count > lines:  # raised in the traced frame; tracing then stops
                raise LineLimitExceeded(f"ran more than {lines} lines")
        return count_lines

    def on_call(frame: Any, event: str, arg: Any) -> Any:
        return count_lines if frame.f_globals is namespace else None

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        yield
    finally:
        sys.settrace(previous)


def warning_failure(caught: Sequence[warnings.WarningMessage], name: str) -> CheckFailure | None:
    """The failure for warnings a student's code raised (from :func:`call`), or None.

    >>> warning_failure([], "f") is None
    True
    """
    problem = _warning_problem(caught, name)
    return CheckFailure(*problem) if problem else None


#: Failure kinds that say the returned value is wrong by a recognisable factor or at all.
VALUE_KINDS = frozenset(
    {"value", "scale", "sign", "factor_2", "half", "sum_for_mean", "mean_for_sum"}
)


def is_value_kind(kind: str) -> bool:
    """Whether ``kind`` says only that the numbers are wrong (not their type or shape).

    >>> is_value_kind("sign+factor_2"), is_value_kind("shape")
    (True, False)
    """
    return all(part in VALUE_KINDS for part in kind.split("+"))


def check_function(
    student_fn: Callable[..., Any],
    reference_fn: Callable[..., Any],
    cases: Sequence[Sequence[Any]],
    *,
    name: str,
    n_of: Callable[..., int] | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    slips: Sequence[Slip] = (),
    forbid: Sequence[Callable[..., Any]] = (),
) -> None:
    """Compare ``student_fn`` with ``reference_fn`` on each case (a tuple of arguments).

    Each function gets its own deep copy of the arguments. Fails with a
    :class:`CheckFailure` when the student's function is not implemented, calls one of
    the gdkit functions in ``forbid`` (kind ``"reference_used"``), raises, changes its
    inputs in place, returns a wrong result (a declared slip's message if one matches,
    else see :func:`assert_close`) or makes Python warn (an overflow, say: under nbgrader
    a warning zeroes the cell anyway). The number of examples ``n`` for the
    sum-versus-mean hint is ``n_of(*case)``, by default the number of rows of the first
    2-D array argument (the ``X`` of the case).

    >>> def mse(w, X, y):
    ...     return np.sum((X @ w - y) ** 2)  # a sum, not a mean
    >>> X, y = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), np.array([1.0, 0.0, 2.0])
    >>> check_function(mse, lambda w, X, y: np.mean((X @ w - y) ** 2), [(np.ones(2), X, y)],
    ...                name="mse")
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `mse` is not correct: it is n times too large. It looks like a SUM over the examples where the MEAN is wanted: divide by the number of examples n. (case 1 of 1, called with w: array of shape (2,), X: array of shape (3, 2), y: array of shape (3,))
    """
    __tracebackhide__ = True  # pytest then shows the message, not this frame
    _refuse_if_tampered(name)
    if not callable(student_fn):
        raise CheckFailure(
            "not_a_function",
            f"`{name}` is not a function (it is a {type(student_fn).__name__}): did you "
            "overwrite it with a value?",
        )
    if not cases or any(not isinstance(case, tuple | list) for case in cases):
        raise TypeError("cases must be a non-empty list of argument tuples")
    for number, case in enumerate(cases, start=1):
        args = tuple(case)
        names = _arg_names(reference_fn, len(args))
        where = f"case {number} of {len(cases)}, called with {_describe(names, args)}"
        with quiet():
            expected = reference_fn(*copy.deepcopy(args))
        given = copy.deepcopy(args)
        got, caught = call(student_fn, given, name=name, where=where, forbid=forbid)
        for label, before, after in zip(names, args, given, strict=True):
            if not _unchanged(before, after):
                raise CheckFailure(
                    "in_place",
                    f"`{name}` changed its input `{label}` in place: work on a copy (e.g. "
                    f"{label} = {label}.copy()) or avoid in-place operations such as -=, += "
                    f"or assigning into the array. ({where})",
                )
        n = n_of(*args) if n_of is not None else _examples_in(args)
        problem = _problem(got, expected, name=name, n=n, rtol=rtol, atol=atol, returned=True)
        if problem and _slips_apply(got):
            slip = _slip_problem(
                got, slips, lambda s, args=args: s.wrong(*copy.deepcopy(args)), name, rtol, atol
            )
            problem = slip or problem
        if problem:
            kind, message = problem
            raise CheckFailure(kind, f"{message} ({where})")
        warned = warning_failure(caught, name)
        if warned:
            raise CheckFailure(warned.kind, f"{warned} ({where})")


def require_array(result: Any, *, name: str, what: str, how: str) -> None:
    """Fail with kind ``not_an_array`` unless ``result``, right in value, is a NumPy array.

    For after the value checks, which read a list of the right numbers as an array: the
    exercise asks for an array (to slice, to plot). ``what`` names the numbers ("weights"),
    ``how`` says what array is wanted.

    >>> require_array(np.zeros(2), name="step", what="weights", how="of the shape of w")
    >>> require_array([0.0, 0.0], name="step", what="weights", how="of the shape of w")
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `step` returns the right weights, but as a list: return them as one NumPy array, of the shape of w.
    """
    __tracebackhide__ = True
    if not isinstance(result, np.ndarray):
        raise CheckFailure(
            "not_an_array",
            f"`{name}` returns the right {what}, but as a {type(result).__name__}: "
            f"return them as one NumPy array, {how}.",
        )


#: The seed of the generator :func:`check_rng_use` gives in place of the case's.
_OTHER_SEED = 90_210


def _numbers(result: Any) -> np.ndarray | list | None:
    """``result`` as floats (a ragged list as a list of arrays), or None if it is not numbers."""
    if result is None or callable(result) or isinstance(result, str | bytes):
        return None
    try:
        with quiet():
            return np.asarray(result, dtype=float)
    except (TypeError, ValueError):  # a ragged list of batches, or no numbers at all
        if not isinstance(result, list | tuple):
            return None
        parts = [_numbers(part) for part in result]
        return None if any(part is None for part in parts) else parts


def _same_numbers(a: np.ndarray | list | None, b: np.ndarray | list | None) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return (
            isinstance(a, list)
            and isinstance(b, list)
            and len(a) == len(b)
            and all(_same_numbers(x, y) for x, y in zip(a, b, strict=True))
        )
    if a is None or b is None:
        return a is b
    with quiet():
        return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True))


def _same_state(a: Any, b: Any) -> bool:
    """Whether two generator states (``bit_generator.state``, dicts that may hold arrays) agree."""
    if isinstance(a, dict):
        return (
            isinstance(b, dict) and a.keys() == b.keys() and all(_same_state(a[k], b[k]) for k in a)
        )
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and np.array_equal(a, b)
    return bool(a == b)


def check_rng_use(
    student_fn: Callable[..., Any],
    args: Sequence[Any],
    *,
    name: str,
    reference: Callable[..., Any] | None = None,
    what: Callable[[Any], Any] | None = None,
    draws: str = "draw exactly what the exercise asks for",
    where: str = "",
    call_with: Callable[[Callable[..., Any], tuple[Any, ...]], Any] | None = None,
) -> None:
    """Check that ``student_fn`` draws its random numbers from the generator it is given.

    ``args`` holds exactly one ``np.random.Generator``. The function runs on three deep
    copies of ``args``: twice with that generator as it is, once with a generator of
    another seed in its place. Fails with kind ``not_reproducible`` when the twins give
    different results (it draws from np.random, say), ``rng_ignored`` when the other seed
    gives the same result and the generator was not drawn from (a seed of its own; not
    when ``reference`` too gives the same for both), and, with a ``reference``,
    ``rng_calls`` when its generator ends in another state than the reference's (other
    draws, more or fewer: ``draws`` says what to draw).
    Results are compared as numbers (a number, an array, a ragged list of arrays), to
    rounding; ``what`` picks them from a result (``lambda run: run.weights``). A result that
    is not numbers passes, for the value checks to name. ``call_with(fn, args)`` runs the
    function and returns its result (by default, as :func:`call` does).

    >>> def kicked(w, rng):
    ...     return w + rng.normal(size=3)
    >>> check_rng_use(kicked, (np.zeros(3), np.random.default_rng(0)), name="kicked")
    >>> def own_seed(w, rng):
    ...     return w + np.random.default_rng(1).normal(size=3)
    >>> check_rng_use(own_seed, (np.zeros(3), np.random.default_rng(0)), name="kicked")
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `kicked` gives the same result whatever generator it is given: ...
    """
    __tracebackhide__ = True
    _refuse_if_tampered(name)
    at = [i for i, arg in enumerate(args) if isinstance(arg, np.random.Generator)]
    if len(at) != 1:
        raise TypeError("args must hold exactly one np.random.Generator")
    given = args[at[0]]
    seed = _OTHER_SEED
    while _same_state(np.random.default_rng(seed).bit_generator.state, given.bit_generator.state):
        seed += 1
    run = call_with or (lambda fn, a: call(fn, a, name=name, where=where)[0])
    pick = what or (lambda result: result)

    def copies(other: bool) -> tuple[Any, ...]:
        copied = copy.deepcopy(tuple(args))
        if other:
            copied = (*copied[: at[0]], np.random.default_rng(seed), *copied[at[0] + 1 :])
        return copied

    def reference_run(a: tuple[Any, ...]) -> np.ndarray | list | None:
        with quiet():
            return _numbers(pick(reference(*a)))  # type: ignore[misc]

    first = copies(False)
    got = [_numbers(pick(run(student_fn, a))) for a in (first, copies(False), copies(True))]
    suffix = f" ({where})" if where else ""
    if got[0] is None:
        return
    if not _same_numbers(got[0], got[1]):
        raise CheckFailure(
            "not_reproducible",
            f"`{name}` gives different results for two generators made from the same seed: "
            "it draws random numbers from somewhere else too (np.random's own functions, "
            "such as np.random.normal, a generator made inside the function, or the "
            "notebook's `rng` instead of its argument). Draw only from the `rng` it is "
            f"given.{suffix}",
        )
    reference_first = copies(False)  # the reference's generator, in its state after the run
    expected = None if reference is None else reference_run(reference_first)
    drew = not _same_state(first[at[0]].bit_generator.state, given.bit_generator.state)
    if (
        not drew  # what it draws may not change its result: the value checks say more
        and _same_numbers(got[0], got[2])
        and (reference is None or not _same_numbers(expected, reference_run(copies(True))))
    ):
        raise CheckFailure(
            "rng_ignored",
            f"`{name}` gives the same result whatever generator it is given: it does not "
            "draw from its `rng` argument (does it make a generator of its own, such as "
            "np.random.default_rng(0), or draw nothing?). Draw from the `rng` it is given: "
            f"the caller's seed decides the random numbers.{suffix}",
        )
    if reference is not None and not _same_state(
        first[at[0]].bit_generator.state, reference_first[at[0]].bit_generator.state
    ):
        raise CheckFailure(
            "rng_calls",
            f"`{name}` draws from `rng` in another way than the exercise asks (other draws, "
            "or more or fewer of them), so the random numbers it uses, or those it leaves for "
            f"the code after it, differ from the test's: {draws}.{suffix}",
        )


def require(**answers: Any) -> None:
    """Stop a demo cell plainly while an answer it uses is still None (not done yet).

    Raises ``NotImplementedError``, as an unsolved exercise's own cell does, instead of the
    confusing error the demo would meet further down.

    >>> require(eta_bpm=0.01)
    >>> require(eta_bpm=None)
    Traceback (most recent call last):
    ...
    NotImplementedError: this cell needs `eta_bpm`, which is still None: do that exercise first.
    """
    missing = [name for name, value in answers.items() if value is None]
    if missing:
        names = ", ".join(f"`{name}`" for name in missing)
        raise NotImplementedError(
            f"this cell needs {names}, which {'is' if len(missing) == 1 else 'are'} still None: "
            "do that exercise first."
        )


# ---------------------------------------------------------------------------- answers


def answer_digest(label: str, answer: str) -> str:
    """A short digest of ``answer`` to question ``label``: checkable, but not readable.

    >>> answer_digest("A", "converged")
    '500aa1d7589d'
    """
    return hashlib.sha256(f"gdkit:{label}:{answer}".encode()).hexdigest()[:12]


def check_choices(
    given: Any,
    key: dict[str, str],
    *,
    name: str,
    choices: Sequence[str],
    why_not: dict[str, str] | None = None,
) -> None:
    """Check a dict of multiple-choice answers against ``key``, label -> answer digest.

    The right answers are never in the test, only their :func:`answer_digest`: a student
    learns which of their answers are wrong, and, from ``why_not[choice]``, what that
    choice would look like, never the right one.

    >>> key = {"A": answer_digest("A", "converged")}
    >>> check_choices({"A": "converged"}, key, name="diagnosis", choices=["converged", "diverged"])
    >>> check_choices({"A": "diverged"}, key, name="diagnosis", choices=["converged", "diverged"])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `diagnosis`: A is not "diverged".
    """
    __tracebackhide__ = True
    _refuse_if_tampered(name)
    if given is None:
        raise CheckFailure("none", f"`{name}` is None: replace None with your dictionary.")
    if not isinstance(given, dict):
        raise CheckFailure(
            "type", f"`{name}` must be a dictionary like {{{next(iter(key))!r}: ...}}."
        )
    if sorted(map(str, given)) != sorted(key):
        raise CheckFailure("keys", f"`{name}` needs exactly the keys {', '.join(sorted(key))}.")
    for label in sorted(key):
        if given[label] not in choices:
            raise CheckFailure(
                "choice",
                f"`{name}`: {label}: {given[label]!r} is not one of {', '.join(choices)}.",
            )
    wrong = [label for label in sorted(key) if answer_digest(label, given[label]) != key[label]]
    if wrong:
        reasons = [
            f'{label} is not "{given[label]}"'
            + (f": {why_not[given[label]]}" if why_not and given[label] in why_not else "")
            for label in wrong
        ]
        raise CheckFailure("wrong_choice", f"`{name}`: " + "; ".join(reasons) + ".")


def check_derivative(answer: Any, expected: Any, *, name: str, symbols: Sequence[str] = ()) -> None:
    """Raise :class:`CheckFailure` unless ``answer`` equals the derivative ``expected``.

    ``answer`` is what the student typed (text such as ``"2*x*(w*x - y)"``, or a SymPy
    expression); ``expected`` is best derived with SymPy in the test cell, so that the
    cell does not print the answer. The message comes from :func:`gdkit.symbolic.check`:
    it names the kind of mistake (sign, constant factor, a missing or extra factor,
    unknown symbol, unreadable text) without showing the expected expression, and the
    failure's ``kind`` is the verdict's ``mistake``; ``symbols`` names symbols the answer may
    use beyond the lecture's and the expected expression's. An answer too complex to check in a
    second fails in the notebook (with a message that says so); under nbgrader it gets
    :data:`GRADING_TIME_LIMIT` seconds first.

    >>> import sympy
    >>> w, x, y = sympy.symbols("w x y")
    >>> check_derivative("2*x*(w*x - y)", sympy.diff((w*x - y)**2, w), name="dL_dw")
    >>> check_derivative("2*(w*x - y)", sympy.diff((w*x - y)**2, w), name="dL_dw")
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `dL_dw`: Not yet: your answer is missing a factor that depends on x. ...
    """
    __tracebackhide__ = True  # pytest then shows the message, not this frame
    _refuse_if_tampered(name)
    from gdkit.symbolic import check

    if answer is None or answer is Ellipsis:
        raise CheckFailure(
            "none", f'`{name}` is still empty: type your derivative as text, e.g. "3*x**2".'
        )
    verdict = check(answer, expected, symbols=symbols)
    if verdict.mistake == "too_complex" and os.environ.get("NBGRADER_EXECUTION"):
        # a busy grading machine must not cost a student the point: take longer there
        verdict = check(answer, expected, seconds=GRADING_TIME_LIMIT, symbols=symbols)
    if not verdict.correct:
        raise CheckFailure(verdict.mistake or "not_equivalent", f"`{name}`: {verdict.message}")


#: Opcodes of a Python loop: a for loop or a comprehension, and a while loop's jump back.
_LOOP_OPCODES = frozenset({"FOR_ITER", "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT"})


def _codes(code: CodeType) -> Iterator[CodeType]:
    """``code`` and the code of every function, lambda or comprehension inside it."""
    yield code
    for const in code.co_consts:
        if isinstance(const, CodeType):
            yield from _codes(const)


def _loops(fn: Any, seen: set[CodeType]) -> bool:
    """Whether ``fn``, or a function of its own module that it calls by name, has a loop."""
    code = getattr(fn, "__code__", None)
    if not isinstance(code, CodeType) or code in seen:
        return False
    seen.add(code)
    codes = list(_codes(code))
    if any(op.opname in _LOOP_OPCODES for c in codes for op in dis.get_instructions(c)):
        return True
    namespace = getattr(fn, "__globals__", {})
    helpers = (namespace.get(name) for c in codes for name in c.co_names)
    return any(
        isinstance(helper, FunctionType)
        and helper.__module__ == fn.__module__
        and _loops(helper, seen)
        for helper in helpers
    )


def check_no_loop(fn: Any, *, name: str, how: str) -> None:
    """Fail with kind ``python_loop`` if ``fn`` runs a Python loop (for, while, a comprehension).

    The function's compiled code is read, and so is that of the functions of its own
    module (the notebook) that it calls by name; ``how`` says what does it without a loop.

    >>> check_no_loop(lambda v: v @ v, name="f", how="")
    >>> check_no_loop(lambda v: sum(a * a for a in v), name="f", how="Use v @ v.")
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `f` uses a Python loop (for, while or a comprehension), ...
    """
    __tracebackhide__ = True
    if _loops(fn, set()):
        raise CheckFailure(
            "python_loop",
            f"`{name}` uses a Python loop (for, while or a comprehension), but the exercise "
            f"asks for NumPy operations on whole arrays, without one. {how}",
        )


def built_on(
    failure: CheckFailure, recheck: Callable[[], object], *, name: str, earlier: str
) -> CheckFailure:
    """``failure``, or if the student's ``earlier`` function fails its own check too, one that says so.

    An exercise that builds on an earlier one cannot pass while that one is wrong, whatever
    its own code: the student should fix the earlier one first. ``recheck`` runs the
    earlier exercise's check (on one case, say); the failure it raises is quoted.

    >>> def recheck():
    ...     raise CheckFailure("sign", "`mse` has the wrong sign.")
    >>> failure = built_on(CheckFailure("value", "`fit` is off."), recheck, name="fit", earlier="mse")
    >>> failure.kind
    'prerequisite'
    >>> print(failure)
    `fit` is off. Note: `fit` builds on your `mse`, which is not right yet either: ...
    """
    try:
        recheck()
    except CheckFailure as earlier_failure:
        return CheckFailure(
            "prerequisite",
            f"{failure} Note: `{name}` builds on your `{earlier}`, which is not right yet "
            f"either: make it pass its own test first. Its check says: {earlier_failure}",
        )
    return failure

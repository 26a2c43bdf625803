"""Checks of assignment 07, from formula to code: one per graded exercise.

The mean log-loss and its gradient in one stable function, ``loss_and_grad(w, X, y)``;
the fit by gradient descent, step for step against gdkit's descent and, after many
steps, against Newton's method (:func:`gdkit.newton.newton_logistic`, an independent
solver); the decision boundary; and ``evaluate(w, X, y)``, the log-loss and the accuracy
on held-out patients. Each check knows its reference, names the likely slips (declared as
:class:`~gdkit.checks.Slip`) and forbids gdkit's own version of what the student writes.
Every failure is a :class:`~gdkit.checks.CheckFailure` with a ``kind``; no message shows
an expected value.

>>> check_boundary(lambda w, z1: -(w[0] + w[1] * z1) / w[2], [(np.array([0.5, 2.0, -1.5]), 1.0)])
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import numpy as np

from gdkit import gradcheck, losses
from gdkit.checks import (
    CheckFailure,
    Slip,
    built_on,
    call,
    check_function,
    check_no_loop,
    is_value_kind,
    quiet,
    warning_failure,
)
from gdkit.descent import gradient_descent
from gdkit.exercises.descent_one_weight import ignores_eta
from gdkit.exercises.many_weights import LOG_LOSS_GRAD_SLIPS
from gdkit.exercises.neuron_and_loss import ACCURACY_SLIPS, reference_accuracy
from gdkit.newton import newton_logistic

__all__ = [
    "NEWTON_TOL",
    "check_boundary",
    "check_evaluate",
    "check_fit_logistic",
    "check_fit_matches_newton",
    "check_loss_and_grad",
]

#: How close (in every weight) a long enough fit must come to Newton's weights.
NEWTON_TOL = 1e-6

Case = Sequence[Any]

# ---------------------------------------------------------------------------- two values


def _describe(result: Any) -> str:
    if result is None:
        return "None (is the `return` missing?)"
    if isinstance(result, tuple | list):
        return f"{len(result)} values"
    if isinstance(result, np.ndarray) and result.ndim > 0:
        return f"one array of shape {result.shape}"
    return "a single value"


def _two_values(result: Any, name: str, labels: tuple[str, str]) -> None:
    if not isinstance(result, tuple | list) or len(result) != 2:
        raise CheckFailure(
            "not_a_pair",
            f"`{name}` must return two values, the {labels[0]} and the {labels[1]} "
            f"(`return first, second`), but it returned {_describe(result)}.",
        )


def _loss_then_grad(result: Any) -> None:
    """Fail unless ``loss_and_grad``'s result is a (loss, grad) pair in that order."""
    _two_values(result, "loss_and_grad", ("loss", "gradient"))
    loss, grad = result
    if np.ndim(loss) >= 1 and np.ndim(grad) == 0:
        raise CheckFailure(
            "swapped",
            "`loss_and_grad` returns an array first and a single number second: the loss "
            "(one number) comes first, then the gradient, `return loss, grad`.",
        )


def _loss_then_accuracy(result: Any) -> None:
    _two_values(result, "evaluate", ("log-loss", "accuracy"))


def _check_pair(
    student_fn: Any,
    cases: Sequence[Case],
    *,
    name: str,
    form: Callable[[Any], None],
    forbid: Sequence[Callable[..., Any]] = (),
) -> CheckFailure | None:
    """Run ``student_fn`` on each case: implemented, no forbidden call, two values (``form``).

    Returns the failure for the warnings it raised, if any: the caller reports it once
    both values are right (a warning while computing one value is not the other's fault).
    """
    __tracebackhide__ = True
    if not callable(student_fn):  # check_function says so in its own words
        check_function(student_fn, _describe, cases, name=name)
    warned = None
    for number, case in enumerate(cases, start=1):
        where = f"case {number} of {len(cases)}"
        result, caught = call(
            student_fn, copy.deepcopy(tuple(case)), name=name, where=where, forbid=forbid
        )
        form(result)
        warned = warned or warning_failure(caught, name)
    return warned


class _Returned:
    """Value ``index`` of what a student's function returns, called like the function itself.

    ``check_function`` swaps forbidden gdkit functions out of the globals and closure of
    the function it runs: this stand-in lends it the student's, so that a forbidden
    function imported by name (``from gdkit.losses import sigmoid``) is caught too.
    Warnings are silenced here and reported by :func:`_check_pair`.
    """

    def __init__(self, student_fn: Callable[..., Any], index: int) -> None:
        self.student_fn, self.index = student_fn, index
        self.__globals__ = getattr(student_fn, "__globals__", None)
        self.__closure__ = getattr(student_fn, "__closure__", None)

    def __call__(self, *args: Any) -> Any:
        with quiet():  # warnings are the whole function's: see _check_pair
            return self.student_fn(*args)[self.index]


class _Watched(np.ndarray):
    """An array that notes every NumPy operation on it that turns finite numbers into infinity
    or NaN (an overflow, a log of 0, 0/0), even where the code around it silenced the warning.

    What is computed from it is watched too; the names of the operations go to ``broken``.
    """

    broken: ClassVar[list[str]] = []

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        plain = [_unwatched(value) for value in inputs]
        if "out" in kwargs:
            kwargs["out"] = tuple(map(_unwatched, kwargs["out"]))
        with np.errstate(all="ignore"):  # what would warn is noted below
            result = getattr(ufunc, method)(*plain, **kwargs)
        results = result if isinstance(result, tuple) else (result,)
        if all(map(_finite, plain)) and not all(map(_finite, results)):
            _Watched.broken.append(ufunc.__name__)
        return _watched(result)


def _unwatched(value: Any) -> Any:
    return value.view(np.ndarray) if isinstance(value, _Watched) else value


def _watched(value: Any) -> Any:
    if isinstance(value, tuple):
        return tuple(map(_watched, value))
    return value.view(_Watched) if type(value) is np.ndarray else value


def _finite(value: Any) -> bool:
    try:
        return bool(np.all(np.isfinite(value)))
    except TypeError:  # not numbers: nothing to overflow
        return True


def _silenced_overflow(
    student_fn: Any, cases: Sequence[Case], *, name: str, forbid: Sequence[Callable[..., Any]]
) -> CheckFailure | None:
    """The failure for an overflow (or a log of 0 ...) inside ``student_fn`` that it silenced.

    Called once its results are right and no warning escaped: the arrays of each case are
    given as :class:`_Watched` arrays. A function that cannot work with them is let be.
    """
    for number, case in enumerate(cases, start=1):
        _Watched.broken = []
        args = tuple(_watched(arg) for arg in copy.deepcopy(tuple(case)))
        try:
            call(student_fn, args, name=name, forbid=forbid)
        except CheckFailure:
            continue
        if _Watched.broken:
            return CheckFailure(
                "silenced_overflow",
                f"`{name}` gives the right values, but only with an overflow hidden: on the "
                f"way, np.{_Watched.broken[0]} turns finite numbers into infinity or NaN, and "
                "the warning that says so is silenced (np.errstate, np.seterr or the warnings "
                "module). The exercise asks for code in which nothing overflows: compute "
                "from e^(-|z|) and np.logaddexp instead of hiding the warning. "
                f"(case {number} of {len(cases)})",
            )
    return None


# ---------------------------------------------------------------------------- Exercise 1


def _loss_parts(w: Any, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """z = X w, and each example's -log p and -log(1 - p), stably."""
    z = X @ w
    return z, np.logaddexp(0.0, -z), np.logaddexp(0.0, z)


def _clipped(eps: float, *, each: bool) -> Callable[..., float]:
    """The loss from p kept within [eps, 1 - eps] before the log.

    ``each``: p and 1 - p clipped (or ``+ eps``) separately, as ``np.log(np.clip(1 - p,
    ...))``; else p alone, then 1 - p taken from the clipped p (not quite the same: 1 - eps
    rounds).
    """

    def loss(w: Any, X: Any, y: Any) -> float:
        p = losses.sigmoid(X @ w)
        q = np.clip(1 - p, eps, 1 - eps) if each else 1 - np.clip(p, eps, 1 - eps)
        p = np.clip(p, eps, 1 - eps)
        return float(np.mean(-y * np.log(p) - (1 - y) * np.log(q)))

    return loss


def _labels_swapped_loss(w: Any, X: Any, y: Any) -> float:
    _, minus_log_p, minus_log_q = _loss_parts(w, X, y)
    return float(np.mean((1 - y) * minus_log_p + y * minus_log_q))


def _logaddexp_one(w: Any, X: Any, y: Any) -> float:
    z = X @ w
    return float(np.mean(y * np.logaddexp(1.0, -z) + (1 - y) * np.logaddexp(1.0, z)))


def _broadcast_loss(w: Any, X: Any, y: Any) -> float:
    """A column (n, 1) meets a flat (n,) vector: the mean over an (n, n) table."""
    _, minus_log_p, minus_log_q = _loss_parts(w, X, y)
    return float(np.mean(y[:, None] * minus_log_p + (1 - y[:, None]) * minus_log_q))


_CLIPPED = (
    "keeps p away from 0 and 1 (np.clip, or a tiny number added) before the log. That "
    "stays finite, but a confident mistake then costs at most -log(eps), where the true "
    "loss grows with |z|. Compute the loss from z with np.logaddexp instead."
)
_LOSS_SLIPS = [
    Slip(
        "sign",
        "has the wrong sign: the log-loss is the NEGATIVE log-likelihood, an average of "
        "-log p and -log(1 - p), and never negative. np.logaddexp(0, -z) already is -log p: "
        "no minus is left to put in front.",
        lambda w, X, y: -losses.log_loss(w, X, y),
    ),
    Slip(
        "labels_swapped",
        "mixes up y and 1 - y: label 1 goes with -log p (part A of the loss), label 0 with "
        "-log(1 - p) (part B).",
        _labels_swapped_loss,
    ),
    Slip(
        "logaddexp_one",
        "uses np.logaddexp(1, ...): np.logaddexp(a, b) is log(e^a + e^b), so the 1 in "
        "log(1 + e^(-z)) is e^0 and the first argument is 0.",
        _logaddexp_one,
    ),
    Slip(
        "broadcast",
        "averages an (n, n) table: somewhere a column (n, 1) meets a flat vector (n,) and "
        "NumPy broadcasts them. Keep z, p and y flat, shape (n,).",
        _broadcast_loss,
    ),
    *(
        Slip("clipped", _CLIPPED, _clipped(eps, each=each))
        for eps in (1e-15, 1e-12, 1e-10, 1e-8, 1e-7)
        for each in (True, False)
    ),
]
_GRAD_SLIPS = [
    *LOG_LOSS_GRAD_SLIPS,
    Slip(
        "per_example",
        "returns one gradient per example, shape (n, p): the gradient of the mean loss is "
        "their mean, one entry per weight.",
        lambda w, X, y: (losses.sigmoid(X @ w) - y)[:, None] * X,
    ),
]
#: What loss_and_grad must do without: gdkit's versions of what it computes.
_OWN_CODE = [losses.log_loss, losses.log_loss_grad, losses.sigmoid, gradcheck.numerical_gradient]


def check_loss_and_grad(loss_and_grad: Any, cases: Sequence[Case]) -> None:
    """Check ``loss_and_grad(w, X, y)``: the mean log-loss and its gradient, as a pair.

    Compared with :func:`gdkit.losses.log_loss` and :func:`gdkit.losses.log_loss_grad`,
    which agree with central differences (tested). Use an odd number of examples (a sum
    for the mean) and cases with ``|z|`` up to 1000 (overflow shows as NaN, infinity or
    a warning). Named slips: not a pair, the two swapped; for the loss its sign, y and
    1 - y swapped, ``np.logaddexp(1, ...)``, an (n, n) broadcast, p clipped before the log;
    for the gradient those of assignment 03 and one gradient per example. gdkit's log_loss,
    log_loss_grad, sigmoid and numerical gradient are forbidden, and so is a Python loop.
    An overflow whose warning the function silences fails too (kind ``silenced_overflow``):
    each NumPy operation on the case's arrays is watched.

    >>> X = losses.add_intercept(np.array([1.0, -1.0, 2.0]))
    >>> y = np.array([1.0, 0.0, 0.0])
    >>> def swapped(w, X, y):
    ...     z = X @ w
    ...     p = np.exp(-np.logaddexp(0.0, -z))  # sigmoid(z), without overflow
    ...     loss = np.mean(y * np.logaddexp(0.0, -z) + (1 - y) * np.logaddexp(0.0, z))
    ...     return X.T @ (p - y) / len(y), loss
    >>> check_loss_and_grad(swapped, [(np.array([0.5, -1.0]), X, y)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `loss_and_grad` returns an array first and a single number ...
    """
    __tracebackhide__ = True
    warned = _check_pair(
        loss_and_grad, cases, name="loss_and_grad", form=_loss_then_grad, forbid=_OWN_CODE
    )
    for index, label, reference_fn, slips in (
        (0, "loss", losses.log_loss, _LOSS_SLIPS),
        (1, "grad", losses.log_loss_grad, _GRAD_SLIPS),
    ):
        check_function(
            _Returned(loss_and_grad, index),
            reference_fn,
            cases,
            name=f"loss_and_grad's {label}",
            slips=slips,
            forbid=_OWN_CODE,
        )
    if warned:
        raise warned
    check_no_loop(
        loss_and_grad,
        name="loss_and_grad",
        how="X @ w gives every weighted sum at once, and NumPy's functions (np.logaddexp, "
        "np.mean, a matrix product) work on all the examples together.",
    )
    silenced = _silenced_overflow(loss_and_grad, cases, name="loss_and_grad", forbid=_OWN_CODE)
    if silenced:
        raise silenced


def _built_on(failure: CheckFailure, loss_and_grad: Any, case: Case, *, name: str) -> CheckFailure:
    """``failure``, or if the student's ``loss_and_grad`` is wrong too, one that says so.

    That holds for "not implemented" too, which may come from ``loss_and_grad``.
    """
    if loss_and_grad is None:
        return failure
    return built_on(
        failure,
        lambda: check_loss_and_grad(loss_and_grad, [case]),
        name=name,
        earlier="loss_and_grad",
    )


# ---------------------------------------------------------------------------- Exercise 2


def _path(
    X: Any, y: Any, eta: float, n_steps: int, *, sign: float = 1.0, start: float = 0.0
) -> np.ndarray:
    """The weights gdkit's gradient descent visits on the mean log-loss, start included.

    ``sign=-1`` walks uphill; ``start`` fills the first weights (0 in the exercise).
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    return gradient_descent(
        lambda w: losses.log_loss(w, X, y),
        lambda w: sign * losses.log_loss_grad(w, X, y),
        np.full(X.shape[1], start),
        eta,
        n_steps=n_steps,
        blowup=1e300,  # a slip that climbs must still give its weights
    ).weights


def _fitted(X: Any, y: Any, eta: float, n_steps: int) -> np.ndarray:
    """gdkit's fit: the weights after ``n_steps`` steps from zeros."""
    return _path(X, y, eta, n_steps)[-1]


def _loss_for_grad(X: Any, y: Any, eta: float, n_steps: int) -> np.ndarray:
    """Steps of eta times the loss (a number) in every weight: the pair unpacked wrongly."""
    w = np.zeros(np.shape(X)[1])
    for _ in range(n_steps):
        w = w - eta * losses.log_loss(w, X, y)
    return w


_OFF_BY_ONE = "takes one step {}: n_steps steps from the start, no more, no fewer."


def _steps_scaled(factor: Callable[[Any], float], how: str) -> Slip:
    """Every step ``factor(y)`` times eta * grad: a learning rate or gradient of another size."""
    return Slip(
        "step_size",
        f"takes steps {how}, from the very first step on: each step is eta, exactly as given, "
        "times the gradient of the mean loss.",
        lambda X, y, eta, n_steps: _fitted(X, y, factor(y) * eta, n_steps),
    )


_HISTORY = (
    "returns the weights of every step (a history); return only where the last step "
    "lands, shape (p,)."
)
_FIT_SLIPS = [
    Slip(
        "never_moves",
        "returns the start, all zeros: the loop never updates w. Each step is "
        "w = w - eta * grad, with grad at the current w.",
        lambda X, y, eta, n_steps: np.zeros(np.shape(X)[1]),
    ),
    Slip(
        "from_start",
        "takes every step from the start, so it ends where one step lands: the next step "
        "must begin where the previous one ended (assign the new weights to w).",
        lambda X, y, eta, n_steps: _fitted(X, y, eta, 1),
    ),
    Slip(
        "uphill",
        "steps uphill, along the gradient; gradient descent steps against it.",
        lambda X, y, eta, n_steps: _path(X, y, eta, n_steps, sign=-1.0)[-1],
    ),
    Slip(
        "loss_for_grad",
        "steps by the loss instead of the gradient: `loss_and_grad` returns the loss first "
        "and the gradient second (`loss, grad = loss_and_grad(w, X, y)`).",
        _loss_for_grad,
    ),
    Slip("history", _HISTORY, lambda X, y, eta, n_steps: _path(X, y, eta, n_steps)),
    Slip("history", _HISTORY, lambda X, y, eta, n_steps: _path(X, y, eta, n_steps)[1:]),
    Slip(
        "off_by_one",
        _OFF_BY_ONE.format("too many"),
        lambda X, y, eta, n_steps: _fitted(X, y, eta, n_steps + 1),
    ),
    Slip(
        "off_by_one",
        _OFF_BY_ONE.format("too few"),
        lambda X, y, eta, n_steps: _fitted(X, y, eta, n_steps - 1),
    ),
    Slip(
        "start",
        "starts from ones: the fit starts from w = 0, every weight zero (np.zeros).",
        lambda X, y, eta, n_steps: _path(X, y, eta, n_steps, start=1.0)[-1],
    ),
    _steps_scaled(lambda y: 2.0, "twice as long as they should be"),
    _steps_scaled(lambda y: 0.5, "half as long as they should be"),
    _steps_scaled(len, "n times too long (n the number of examples: a summed gradient?)"),
    _steps_scaled(
        lambda y: 1 / len(y), "n times too short (n the number of examples: divided by n twice?)"
    ),
]
#: What fit_logistic must do without: gdkit's descent, Newton, and gdkit's gradient.
_OWN_FIT = [gradient_descent, newton_logistic, losses.log_loss_grad, losses.sigmoid]


def _first_wrong_step(fit_logistic: Any, cases: Sequence[Case]) -> tuple[int, int] | None:
    """(case number, step k): the first ``n_steps = k`` whose weights differ from descent's.

    None if the fit cannot be run step by step or agrees throughout.
    """
    for number, (X, y, eta, n_steps) in enumerate(cases, start=1):
        for k in range(1, n_steps + 1):
            try:
                got, _ = call(fit_logistic, copy.deepcopy((X, y, eta, k)), name="fit_logistic")
                with quiet():
                    expected = _fitted(X, y, eta, k)
                    same = np.shape(got) == expected.shape and np.allclose(
                        np.asarray(got, dtype=float), expected, rtol=1e-6, atol=1e-9
                    )
            except (CheckFailure, TypeError, ValueError):
                return None
            if not same:
                return number, k
    return None


def _from_step(failure: CheckFailure, fit_logistic: Any, cases: Sequence[Case]) -> CheckFailure:
    """``failure`` (a wrong value no slip explains), told the first step that goes wrong."""
    first = _first_wrong_step(fit_logistic, cases)
    if first is None:
        return failure
    number, k = first
    agree = "its first step agrees" if k == 2 else f"its first {k - 1} steps agree"
    where = (
        "its very first step already differs from gradient descent's: look at the update."
        if k == 1
        else f"{agree} with gradient descent, and step {k} is the first that differs."
    )
    return CheckFailure(
        failure.kind,
        f"{failure} Run step by step (n_steps = 1, 2, ...) on case {number}: {where}",
    )


def _probe(case: Case) -> Case:
    """A case for ``loss_and_grad`` on the data of a fit's case."""
    X, y, *_ = case
    return (np.full(np.shape(X)[1], 0.5), X, y)


def check_fit_logistic(
    fit_logistic: Any, cases: Sequence[Case], *, loss_and_grad: Any = None
) -> None:
    """Check ``fit_logistic(X, y, eta, n_steps)`` step for step on ``(X, y, eta, n_steps)``.

    The reference is gdkit's gradient descent on the mean log-loss from ``w = 0``, after
    exactly ``n_steps`` steps. Named slips: never moving, every step from the start,
    uphill, stepping by the loss, returning the history, one step too many or too few,
    starting from ones, steps 2 or n times too long or too short, ignoring eta; for any
    other wrong value, the first step that differs is named. gdkit's descent, Newton's method, gdkit's gradient
    and sigmoid are forbidden. ``loss_and_grad``, the student's own, which the fit uses:
    if it is wrong too, the message says to fix it first.

    >>> X = losses.add_intercept(np.array([1.0, -1.0, 2.0]))
    >>> y = np.array([1.0, 0.0, 0.0])
    >>> def fit(X, y, eta, n_steps):
    ...     w = np.zeros(X.shape[1])
    ...     for _ in range(n_steps):
    ...         w = w + eta * losses.log_loss_grad(w, X, y)
    ...     return w
    >>> check_fit_logistic(fit, [(X, y, 0.5, 3)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `fit_logistic` calls gdkit's `losses.log_loss_grad`, ...
    """
    __tracebackhide__ = True
    try:
        check_function(
            fit_logistic, _fitted, cases, name="fit_logistic", slips=_FIT_SLIPS, forbid=_OWN_FIT
        )
    except CheckFailure as failure:
        if is_value_kind(failure.kind) and any(
            ignores_eta(fit_logistic, case, 2) for case in cases
        ):
            failure = CheckFailure(
                "eta_ignored",
                "`fit_logistic` gives the same weights whatever learning rate eta it is given: "
                "each step is eta times the gradient, with the eta of the call.",
            )
        elif is_value_kind(failure.kind):
            failure = _from_step(failure, fit_logistic, cases)
        raise _built_on(failure, loss_and_grad, _probe(cases[0]), name="fit_logistic") from None


def _newton(X: Any, y: Any, eta: float, n_steps: int) -> np.ndarray:
    """Newton's weights: where the mean log-loss is smallest (eta and n_steps unused)."""
    return newton_logistic(X, y)


def check_fit_matches_newton(
    fit_logistic: Any,
    X: Any,
    y: Any,
    *,
    eta: float,
    n_steps: int,
    tol: float = NEWTON_TOL,
    loss_and_grad: Any = None,
) -> None:
    """Check that ``fit_logistic(X, y, eta, n_steps)`` ends within ``tol`` of Newton's weights.

    :func:`gdkit.newton.newton_logistic` finds the minimum of the mean log-loss by another
    method; ``eta`` and ``n_steps`` must be enough for gradient descent to get there
    (``X`` standardized, a minimum that exists). A wrong value that no slip of
    :func:`check_fit_logistic` explains fails with kind ``far_from_newton``.

    >>> X = losses.add_intercept(np.array([1.0, -1.0, 2.0, 0.5, -0.5]))
    >>> y = np.array([1.0, 0.0, 1.0, 0.0, 1.0])
    >>> def fit(X, y, eta, n_steps):
    ...     w = np.zeros(X.shape[1])
    ...     for _ in range(min(n_steps, 10)):  # stops early
    ...         z = X @ w
    ...         w = w - eta * X.T @ (np.exp(-np.logaddexp(0.0, -z)) - y) / len(y)
    ...     return w
    >>> check_fit_matches_newton(fit, X, y, eta=1.0, n_steps=500)
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `fit_logistic(X, y, eta=1.0, n_steps=500)` does not end ...
    """
    __tracebackhide__ = True
    case = (X, y, eta, n_steps)
    try:
        check_function(
            fit_logistic,
            _newton,
            [case],
            name="fit_logistic",
            rtol=0.0,
            atol=tol,
            slips=_FIT_SLIPS,
            forbid=_OWN_FIT,
        )
    except CheckFailure as failure:
        if is_value_kind(failure.kind):
            failure = CheckFailure(
                "far_from_newton",
                f"`fit_logistic(X, y, eta={eta!r}, n_steps={n_steps!r})` does not end within "
                f"{tol:g} of the weights where Newton's method finds the minimum (in every "
                "weight). With these settings gradient descent gets there: does your loop "
                "take all n_steps steps, from zeros, with the eta it is given?",
            )
        raise _built_on(failure, loss_and_grad, _probe(case), name="fit_logistic") from None


# ---------------------------------------------------------------------------- Exercise 3


def _boundary(w: Any, z1: Any) -> Any:
    """z2 on the line where w0 + w1 z1 + w2 z2 = 0, that is p = 1/2."""
    return -(w[0] + w[1] * np.asarray(z1, dtype=float)) / w[2]


_BOUNDARY_SLIPS = [
    Slip(
        "z_half",
        "puts the line where the weighted sum z is 1/2. On the boundary it is the probability "
        "p = sigmoid(z) that is 1/2: for which z is that?",
        lambda w, z1: -(w[0] + w[1] * z1 - 0.5) / w[2],
    ),
    Slip(
        "no_intercept",
        "leaves out the intercept w0: the weighted sum has a term without a feature, and it "
        "moves the line.",
        lambda w, z1: -(w[1] * z1) / w[2],
    ),
    Slip(
        "swapped_weights",
        "mixes up w1 and w2: w1 goes with z1 (column 1 of X), w2 with z2.",
        lambda w, z1: -(w[0] + w[2] * z1) / w[1],
    ),
    Slip(
        "not_divided",
        "does not divide by w2: to get z2 alone on one side, its weight w2 has to go to the "
        "other side too.",
        lambda w, z1: -(w[0] + w[1] * z1),
    ),
    Slip(
        "intercept_sign",
        "has the sign of w0 wrong but not that of w1 z1: move both to the other side.",
        lambda w, z1: (w[0] - w[1] * z1) / w[2],
    ),
    Slip(
        "sign",
        "has the wrong sign: solving for z2, every term that goes to the other side of the "
        "equation changes its sign.",
        lambda w, z1: (w[0] + w[1] * z1) / w[2],
    ),
]


def check_boundary(boundary: Any, cases: Sequence[Case]) -> None:
    """Check ``boundary(w, z1)``: z2 on the decision boundary, for each z1 (``w`` of shape (3,)).

    Named slips: z = 1/2 for p = 1/2, no intercept, w1 and w2 swapped, not divided by
    w2, the intercept's sign, the sign throughout.

    >>> w = np.array([0.5, 2.0, -1.5])
    >>> check_boundary(lambda w, z1: -(w[0] + w[1] * z1 - 0.5) / w[2], [(w, np.array([0.0, 1.0]))])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `boundary` puts the line where the weighted sum z is 1/2. ...
    """
    __tracebackhide__ = True
    check_function(boundary, _boundary, cases, name="boundary", slips=_BOUNDARY_SLIPS)


# ---------------------------------------------------------------------------- Exercise 4

_EVALUATE_LOSS_SLIPS = [
    Slip(
        "swapped",
        "looks like the accuracy: return the log-loss first, then the accuracy.",
        reference_accuracy,
    ),
    Slip(
        "squared_error",
        "is the mean squared error of the probabilities, (p - y)^2: the log-loss charges "
        "-log p for label 1 and -log(1 - p) for label 0.",
        lambda w, X, y: np.mean((losses.sigmoid(X @ w) - y) ** 2),
    ),
    *_LOSS_SLIPS,
]


def _one_per_example(failure: CheckFailure, evaluate: Any, case: Case) -> CheckFailure | None:
    """The accuracy slip of one True/False per example, which fails as a type (not numbers)
    before any slip is tried; None if ``failure`` is not that."""
    slip = next(s for s in ACCURACY_SLIPS if s.kind == "per_example")
    try:
        with quiet():
            got = np.asarray(_Returned(evaluate, 1)(*copy.deepcopy(tuple(case))))
    except Exception:  # the failure at hand says what went wrong
        return None
    if failure.kind != "type" or got.dtype.kind != "b" or got.shape != np.shape(case[2]):
        return None
    return CheckFailure(slip.kind, f"`evaluate's accuracy` {slip.message}")


#: What evaluate must do without: gdkit's loss (the exercise asks for the student's own).
_GDKIT_LOSS = [losses.log_loss, losses.log_loss_grad]


def check_evaluate(evaluate: Any, cases: Sequence[Case], *, loss_and_grad: Any = None) -> None:
    """Check ``evaluate(w, X, y)``: the pair (mean log-loss, accuracy) on ``(w, X, y)`` cases.

    The accuracy is the share of examples where (p >= 0.5) matches the label: give rows
    with ``z`` in ``(0, 0.5)`` and one with ``z = 0``. Named slips: not a pair, the two
    swapped, the gradient's size for the loss, the loss slips of :func:`check_loss_and_grad`
    and those of assignment 01's accuracy. gdkit's log_loss (and log_loss_grad) are
    forbidden, and an overflow whose warning is silenced fails (kind ``silenced_overflow``).
    ``loss_and_grad``, the student's own, which ``evaluate`` may use: if it is wrong too, a
    wrong loss says to fix it first.

    >>> X = losses.add_intercept(np.array([1.0, -1.0, 2.0]))
    >>> y = np.array([1.0, 0.0, 0.0])
    >>> def evaluate(w, X, y):
    ...     z = X @ w
    ...     loss = np.mean(y * np.logaddexp(0.0, -z) + (1 - y) * np.logaddexp(0.0, z))
    ...     return loss, 100 * np.mean((z >= 0) == (y == 1))
    >>> check_evaluate(evaluate, [(np.array([0.5, -1.0]), X, y)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `evaluate's accuracy` is a percentage: ...
    """
    __tracebackhide__ = True
    try:
        warned = _check_pair(
            evaluate, cases, name="evaluate", form=_loss_then_accuracy, forbid=_GDKIT_LOSS
        )
        check_function(
            _Returned(evaluate, 0),
            losses.log_loss,
            cases,
            name="evaluate's log-loss",
            slips=_EVALUATE_LOSS_SLIPS,
            forbid=_GDKIT_LOSS,
        )
    except CheckFailure as failure:
        raise _built_on(failure, loss_and_grad, cases[0], name="evaluate") from None
    try:
        check_function(
            _Returned(evaluate, 1),
            reference_accuracy,
            cases,
            name="evaluate's accuracy",
            slips=ACCURACY_SLIPS,
            forbid=_GDKIT_LOSS,
        )
    except CheckFailure as failure:
        raise _one_per_example(failure, evaluate, cases[0]) or failure from None
    if warned:
        raise warned
    silenced = _silenced_overflow(evaluate, cases, name="evaluate", forbid=_GDKIT_LOSS)
    if silenced:
        raise silenced

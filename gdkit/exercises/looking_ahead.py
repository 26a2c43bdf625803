"""Checks of assignment 10, looking ahead: momentum, a Newton step, and counting steps.

One check per graded exercise: ``momentum_descent(loss, grad, w0, eta, beta, n_steps)``
(the record of the weights, compared with :func:`gdkit.momentum.momentum_descent`),
``newton_step(w, X, y)`` (compared with :func:`gdkit.newton.newton_step`) and
``steps_to_tol(trace, lowest, tol)``. Each knows the likely slips (declared as
:class:`~gdkit.checks.Slip`), forbids gdkit's own version of what the student writes,
and never shows the answer. :func:`valley` makes the test problems.

>>> loss, grad = valley([1.0, 25.0])
>>> loss(np.array([2.0, 0.2])), grad(np.array([2.0, 0.2]))
(2.5, array([2., 5.]))
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from gdkit import data, losses, momentum, newton
from gdkit.checks import (
    CallLimitExceeded,
    CheckFailure,
    LineLimitExceeded,
    Slip,
    call,
    check_function,
    limit_calls,
    limit_lines,
    require_array,
    warning_failure,
)
from gdkit.descent import gradient_descent

__all__ = [
    "check_momentum_descent",
    "check_newton_step",
    "check_steps_to_tol",
    "heart_neuron",
    "valley",
]

Case = Sequence[Any]


def valley(curvatures: Any) -> tuple[Callable[[Any], float], Callable[[Any], np.ndarray]]:
    """The loss ``(1/2) sum_j c_j w_j**2`` and its gradient ``c * w``, for curvatures ``c``.

    Its minimum is at 0; the larger the ratio of the largest to the smallest curvature,
    the longer and narrower the valley.

    >>> loss, grad = valley([1.0, 4.0])
    >>> loss(np.array([1.0, 1.0]))
    2.5
    """
    c = np.asarray(curvatures, dtype=float)

    def loss(w: Any) -> float:
        return 0.5 * float(c @ np.asarray(w, dtype=float) ** 2)

    def grad(w: Any) -> np.ndarray:
        return c * np.asarray(w, dtype=float)

    return loss, grad


def heart_neuron() -> tuple[Callable[[Any], float], Callable[[Any], np.ndarray]]:
    """The notebook's logistic loss and gradient on the heart data: 5 weights (an intercept,
    then MaxHR, Age, Oldpeak and Sex, standardized).

    >>> loss, grad = heart_neuron()
    >>> round(loss(np.zeros(5)), 4), grad(np.zeros(5)).shape  # log 2 at w = 0
    (0.6931, (5,))
    """
    heart = data.load_heart()
    X = losses.add_intercept(data.standardize(heart.X[:, [0, 1, 4, 5]])[0])
    return (lambda w: losses.log_loss(w, X, heart.y)), (
        lambda w: losses.log_loss_grad(w, X, heart.y)
    )


def _where(failure: CheckFailure) -> str:
    """The closing " (case k of m, called with ...)" of a check_function failure, if any."""
    text = str(failure)
    return text[text.rfind(" (case ") :] if " (case " in text else ""


def _rehinted(failure: CheckFailure, hint: str) -> CheckFailure:
    """``failure`` (a check_function failure) with its hint replaced by one for this exercise.

    Its first sentence (what is wrong) and its closing "(case ...)" are kept.
    """
    what = str(failure).split(". ", 1)[0]
    return CheckFailure(failure.kind, f"{what}. {hint}{_where(failure)}")


# ---------------------------------------------------------------------------- Exercise 1


def _record(loss: Any, grad: Any, w0: Any, eta: float, beta: float, n_steps: int) -> np.ndarray:
    """gdkit's momentum run, as the student's function returns it: the weights visited."""
    return momentum.momentum_descent(loss, grad, w0, eta, beta, n_steps=n_steps).weights


def _variant(
    *,
    velocity: Callable[[Any, Any, float], Any],
    weights_first: bool = False,
    start_at_gradient: bool = False,
) -> Callable[..., np.ndarray]:
    """A wrong momentum loop: ``velocity(v, g, beta)`` is its update of v; ``weights_first``
    moves w with the old v before updating v at the new w; ``start_at_gradient`` starts v at
    grad(w0), not at zeros."""

    def run(loss: Any, grad: Any, w0: Any, eta: float, beta: float, n_steps: int) -> np.ndarray:
        w = np.array(w0, dtype=float)
        v = np.array(grad(w), dtype=float) if start_at_gradient else np.zeros_like(w)
        record = [w]
        for _ in range(n_steps):
            if weights_first:
                w = w - eta * v
                v = velocity(v, grad(w), beta)
            else:
                v = velocity(v, grad(w), beta)
                w = w - eta * v
            record.append(w)
        return np.array(record)

    return run


def _heavy_ball(v: Any, g: Any, beta: float) -> Any:
    return beta * v + g


def _record_then(change: Callable[..., Any]) -> Callable[..., Any]:
    """The right record, changed by ``change(record, loss)`` (cut, repeated ...)."""

    def wrong(loss: Any, grad: Any, w0: Any, eta: float, beta: float, n_steps: int) -> Any:
        return change(_record(loss, grad, w0, eta, beta, n_steps), loss)

    return wrong


def _steps(delta: int) -> Callable[..., np.ndarray]:
    def wrong(loss: Any, grad: Any, w0: Any, eta: float, beta: float, n_steps: int) -> np.ndarray:
        return _record(loss, grad, w0, eta, beta, n_steps + delta)

    return wrong


_MOMENTUM_SLIPS = [
    Slip(
        "no_velocity",
        "takes plain gradient-descent steps: the velocity has to be carried from one step "
        "to the next. Set v to zeros once, before the loop, and inside it update "
        "v = beta * v + grad(w) from the v of the step before.",
        lambda loss, grad, w0, eta, beta, n_steps: (
            gradient_descent(loss, grad, w0, eta, n_steps=n_steps).weights
        ),
    ),
    Slip(
        "beta_on_gradient",
        "multiplies the gradient by beta: beta is the share of the old velocity that is "
        "kept, v = beta * v + grad(w), and the new gradient is added in full.",
        _variant(velocity=lambda v, g, beta: v + beta * g),
    ),
    Slip(
        "beta_on_gradient",
        "multiplies the gradient by beta and drops the old velocity: beta is the share of "
        "the old velocity that is kept, v = beta * v + grad(w).",
        _variant(velocity=lambda v, g, beta: beta * g),
    ),
    Slip(
        "other_form",
        "uses the other common form of momentum, v = beta * v + (1 - beta) * grad(w). This "
        "exercise asks for v = beta * v + grad(w) (the two differ by the size of eta).",
        _variant(velocity=lambda v, g, beta: beta * v + (1 - beta) * g),
    ),
    Slip(
        "weights_first",
        "moves the weights before it updates the velocity, so each step uses the velocity "
        "of the step before (and the first step does not move at all). Update v first, "
        "then w = w - eta * v with the new v.",
        _variant(velocity=_heavy_ball, weights_first=True),
    ),
    Slip(
        "velocity_start",
        "starts the velocity at the first gradient: v starts at zeros (no motion yet), so "
        "the first step is a plain gradient step and the velocity builds up from there.",
        _variant(velocity=_heavy_ball, start_at_gradient=True),
    ),
    Slip(  # a minus in the velocity and a plus in the step give the same weights
        "sign",
        "walks uphill: one of the two updates has a sign slip. Check both lines: the "
        "velocity adds the gradient, v = beta * v + grad(w), and the step goes against "
        "the velocity, w = w - eta * v.",
        _variant(velocity=lambda v, g, beta: beta * v - g),
    ),
    Slip(
        "final_only",
        "returns only the last weights: return the whole record, the start and the weights "
        "after each step, as one array (np.array of the list).",
        _record_then(lambda record, loss: record[-1]),
    ),
    Slip(
        "no_start",
        "leaves the start w0 out of the record: the record begins with w0, then the weights "
        "after each of the n_steps steps.",
        _record_then(lambda record, loss: record[1:]),
    ),
    Slip(
        "same_array",
        "holds the same weights in every row: `w -= eta * v` changes the one array that "
        "was appended each time. Write w = w - eta * v, which makes a new array.",
        _record_then(lambda record, loss: np.repeat(record[-1:], len(record), axis=0)),
    ),
    Slip(
        "transposed",
        "returns the record transposed, one column per step: row i must hold the weights "
        "after i steps, so the array has n_steps + 1 rows and one column per weight.",
        _record_then(lambda record, loss: record.T),
    ),
    Slip(
        "losses",
        "returns the losses, not the weights: row i of the record holds the weights w "
        "after i steps (row 0 is w0).",
        _record_then(lambda record, loss: np.array([loss(w) for w in record])),
    ),
    Slip(
        "step_count",
        "takes one step too many: n_steps steps give n_steps + 1 rows, the start included.",
        _steps(1),
    ),
    Slip(
        "step_count",
        "has one row too few: it takes one step too few, or it records the weights "
        "before each step instead of after it, so the last weights are missing. n_steps "
        "steps give n_steps + 1 rows, the start included.",
        _steps(-1),
    ),
]


#: What momentum_descent must do without: gdkit's runs.
_OWN_MOMENTUM = [momentum.momentum_descent, gradient_descent]


def _momentum_runs(momentum_descent: Any, cases: Sequence[Case]) -> list[Any]:
    """What ``momentum_descent`` returns on each case, its grad limited to the calls that
    ``n_steps`` steps need; fail with kind ``endless`` if it goes on far longer.

    Any other failure is left to check_function: the results stop at that case.
    """
    __tracebackhide__ = True
    results = []
    for number, (loss, grad, *numbers) in enumerate(cases, start=1):
        n_steps = numbers[-1]
        limited = (limit_calls(loss, n_steps), limit_calls(grad, n_steps), *numbers)
        try:
            result, _ = call(
                momentum_descent,
                copy.deepcopy(limited),
                name="momentum_descent",
                forbid=_OWN_MOMENTUM,
            )
        except CheckFailure as failure:
            if isinstance(failure.__cause__, CallLimitExceeded):
                raise CheckFailure(
                    "endless",
                    "`momentum_descent` did not stop: it went on far beyond n_steps steps "
                    f"(case {number} of {len(cases)}, n_steps={n_steps}). Does the loop count "
                    "its steps? A while loop must increase its counter at every step.",
                ) from None
            return results
        results.append(result)
    return results


def _stopped_early(cases: Sequence[Case], results: Sequence[Any]) -> CheckFailure | None:
    """A failure of kind ``stops_early`` if a record is the start of the right one, cut short."""
    for number, (case, got) in enumerate(zip(cases, results, strict=False), start=1):
        right = _record(*copy.deepcopy(tuple(case)))
        fits = isinstance(got, np.ndarray) and got.shape[1:] == right.shape[1:]
        rows = len(got) if fits else len(right)
        if rows < len(right) and np.allclose(got, right[:rows]):
            return CheckFailure(
                "stops_early",
                "`momentum_descent` stops before it has taken n_steps steps: its record is "
                f"the start of the right one, cut short (case {number} of {len(cases)}, "
                f"n_steps={case[-1]}). Take exactly n_steps steps, whatever n_steps "
                "is, and do not stop when the loss or the gradient gets small.",
            )
    return None


def _momentum_named(
    failure: CheckFailure, cases: Sequence[Case], results: Sequence[Any]
) -> CheckFailure | None:
    """``failure`` said in momentum's terms (check_function's hints speak of X and logs)."""
    if failure.kind == "shape":
        if "X.T" in str(failure):
            return _rehinted(
                failure,
                "It looks transposed: row i holds the weights after i steps, one column "
                "per weight.",
            )
        return _stopped_early(cases, results)
    if failure.kind == "not_finite":
        return _rehinted(
            failure,
            "If you fill an array made beforehand (np.empty, np.full), check that every "
            "row gets filled; if the weights blow up, check the signs of both updates.",
        )
    return None


def check_momentum_descent(momentum_descent: Any, cases: Sequence[Case]) -> None:
    """Check ``momentum_descent(loss, grad, w0, eta, beta, n_steps)``: the weights visited.

    The result must be the array of shape ``(n_steps + 1, p)`` of :func:`gdkit.momentum.
    momentum_descent`'s weights (``w0`` first). Named slips: no velocity carried over
    (plain gradient descent), beta on the gradient, the ``(1 - beta)`` form, the weights
    moved before the velocity, a sign, only the last weights, no start, the same array in
    every row, the record transposed, the losses instead of the weights, one step too many
    or too few, a run cut short (kind ``stops_early``: give cases with different
    ``n_steps`` and one that starts at the minimum) and a loop that does not end (kind
    ``endless``); right weights in a list instead of an array fail with kind
    ``not_an_array``. gdkit's momentum and gradient descent are forbidden.

    >>> loss, grad = valley([1.0, 25.0])
    >>> def plain(loss, grad, w0, eta, beta, n_steps):
    ...     w, record = np.array(w0, dtype=float), [np.array(w0, dtype=float)]
    ...     for _ in range(n_steps):
    ...         w = w - eta * grad(w)
    ...         record.append(w)
    ...     return np.array(record)
    >>> check_momentum_descent(plain, [(loss, grad, np.array([-4.0, 1.0]), 0.05, 0.6, 5)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `momentum_descent` takes plain gradient-descent steps: ...
    """
    __tracebackhide__ = True
    results = _momentum_runs(momentum_descent, cases)
    try:
        check_function(
            momentum_descent,
            _record,
            cases,
            name="momentum_descent",
            slips=_MOMENTUM_SLIPS,
            forbid=_OWN_MOMENTUM,
        )
    except CheckFailure as failure:
        named = _momentum_named(failure, cases, results)
        if named is None:
            raise
        raise named from None
    require_array(
        results[0],
        name="momentum_descent",
        what="weights",
        how="np.array(record), so that record[:, 0] is the first weight at every step",
    )


# ---------------------------------------------------------------------------- Exercise 2


def _gradient_and_hessian(w: Any, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    return losses.log_loss_grad(w, X, y), newton.log_loss_hessian(w, X)


def _newton_variant(step: Callable[[Any, Any, int], Any]) -> Callable[..., np.ndarray]:
    """A wrong step ``w - step(g, H, n)``."""

    def wrong(w: Any, X: Any, y: Any) -> np.ndarray:
        g, h = _gradient_and_hessian(w, X, y)
        return w - step(g, h, len(y))

    return wrong


def _own_hessian(weights: Callable[[np.ndarray], np.ndarray]) -> Callable[..., np.ndarray]:
    """A step with the Hessian ``X^T diag(weights(p)) X / n`` in place of gdkit's."""

    def wrong(w: Any, X: Any, y: Any) -> np.ndarray:
        p = losses.sigmoid(X @ w)
        h = X.T @ (weights(p)[:, None] * X) / len(y)
        return w - np.linalg.solve(h, losses.log_loss_grad(w, X, y))

    return wrong


def _without_sigmoid(w: Any, X: Any, y: Any) -> np.ndarray:
    g = X.T @ (X @ w - y) / len(y)
    return w - np.linalg.solve(newton.log_loss_hessian(w, X), g)


_NEWTON_SLIPS = [
    Slip(
        "sign",
        "moves uphill: the step is subtracted, w - H^(-1) g, with the gradient "
        "g = X^T (p - y) / n (check the order p - y too).",
        _newton_variant(lambda g, h, n: -np.linalg.solve(h, g)),
    ),
    Slip(
        "not_inverted",
        "multiplies the gradient by the Hessian H, where the step needs its inverse: "
        "solve H s = g for s with np.linalg.solve(H, g).",
        _newton_variant(lambda g, h, n: h @ g),
    ),
    Slip(
        "no_hessian",
        "takes a plain gradient step, w - g: Newton's step divides by the curvature, w - H^(-1) g.",
        _newton_variant(lambda g, h, n: g),
    ),
    Slip(
        "elementwise",
        "divides the gradient by the matrix H entry by entry (NumPy broadcasts the two to a "
        "square). H^(-1) g is the solution s of the linear system H s = g: np.linalg.solve.",
        _newton_variant(lambda g, h, n: g / h),
    ),
    Slip(
        "step_only",
        "returns the step itself: Newton's new weights are w minus the step.",
        lambda w, X, y: w - newton.newton_step(w, X, y),
    ),
    Slip(
        "step_only",
        "returns minus the step: Newton's new weights are w minus the step, w - H^(-1) g.",
        lambda w, X, y: newton.newton_step(w, X, y) - w,
    ),
    Slip(
        "half_step",
        "takes half a Newton step: the step is the whole s = H^(-1) g, with no learning "
        "rate or factor in front.",
        _newton_variant(lambda g, h, n: np.linalg.solve(h, g) / 2),
    ),
    Slip(
        "sum_for_mean",
        "takes a step n times too long: its gradient is a sum over the examples, but the "
        "Hessian it is given is a mean (divided by n). Use the mean for both, "
        "g = X^T (p - y) / n.",
        _newton_variant(lambda g, h, n: n * np.linalg.solve(h, g)),
    ),
    Slip(
        "mean_for_sum",
        "takes a step n times too short: its gradient is divided by n twice, or its "
        "Hessian not at all. Both are means, g = X^T (p - y) / n and H = X^T D X / n.",
        _newton_variant(lambda g, h, n: np.linalg.solve(h, g) / n),
    ),
    Slip(
        "over_weights",
        "divides the gradient by the number of weights (len(w), or X.shape[1]): the mean is "
        "over the examples, n = len(y).",
        _newton_variant(lambda g, h, n: np.linalg.solve(h, g) * n / len(g)),
    ),
    Slip(
        "no_sigmoid",
        "uses X w as the probabilities: the neuron's output is p = sigmoid(X w), and the "
        "gradient is X^T (p - y) / n.",
        _without_sigmoid,
    ),
    Slip(
        "own_hessian",
        "uses a Hessian of its own that leaves out D (X^T X / n): take H from "
        "newton.log_loss_hessian(w, X), as the exercise says.",
        _own_hessian(np.ones_like),
    ),
    Slip(
        "own_hessian",
        "uses a Hessian of its own with D = diag(p), where D holds p (1 - p): take H from "
        "newton.log_loss_hessian(w, X), as the exercise says.",
        _own_hessian(lambda p: p),
    ),
]
#: What newton_step must do without (the Hessian from gdkit.newton is given).
_OWN_STEP = [newton.newton_step, newton.newton_logistic, losses.log_loss_grad]

#: Errors from calls with their arguments the wrong way round: (type, piece, kind, hint).
_SWAPPED = (
    (
        np.linalg.LinAlgError,
        "dimensional",
        "solve_order",
        "np.linalg.solve(A, b) solves A s = b: the matrix comes first, then the vector, "
        "np.linalg.solve(H, g).",
    ),
    (
        ValueError,
        "X must have 2 dimension",
        "argument_order",
        "newton.log_loss_hessian takes the weights first, then X: log_loss_hessian(w, X).",
    ),
)


def _named_error(failure: CheckFailure) -> CheckFailure | None:
    """A failure naming the argument order, for an error that comes from swapped arguments."""
    cause = failure.__cause__
    for error, piece, kind, hint in _SWAPPED:
        if isinstance(cause, error) and piece in str(cause):
            first = str(failure).split(": ", 1)[0]  # "`newton_step` raised LinAlgError"
            return CheckFailure(kind, f"{first} ({cause}). {hint}{_where(failure)}")
    return None


def check_newton_step(newton_step: Any, cases: Sequence[Case]) -> None:
    """Check ``newton_step(w, X, y)``: one Newton step on the mean log-loss, ``w - H^-1 g``.

    Compared with :func:`gdkit.newton.newton_step`; the result must be an array like
    ``w`` (a list fails with kind ``not_an_array``). ``np.linalg.inv(H) @ g`` is accepted
    as well as ``np.linalg.solve(H, g)``. Use an odd number of examples (a gradient
    summed where the Hessian is a mean). Named slips: the sign, H for H^-1, no Hessian,
    an entry-by-entry division, the step (or minus it) returned, half a step, a step n
    times too long or too short, a mean over the weights, no sigmoid, a Hessian of one's
    own without D or with D = p, and the arguments of np.linalg.solve or
    log_loss_hessian swapped. gdkit's Newton step and fit and its log-loss gradient are
    forbidden (the Hessian, :func:`gdkit.newton.log_loss_hessian`, is allowed: it is given).

    >>> X = losses.add_intercept(np.array([1.0, -1.0, 2.0]))
    >>> y = np.array([1.0, 0.0, 0.0])
    >>> def newton_step(w, X, y):
    ...     g = X.T @ (losses.sigmoid(X @ w) - y) / len(y)
    ...     return w - newton.log_loss_hessian(w, X) @ g
    >>> check_newton_step(newton_step, [(np.array([0.5, -1.0]), X, y)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `newton_step` multiplies the gradient by the Hessian H, ...
    """
    __tracebackhide__ = True
    try:
        check_function(
            newton_step,
            newton.newton_step,
            cases,
            name="newton_step",
            rtol=1e-7,
            slips=_NEWTON_SLIPS,
            forbid=_OWN_STEP,
        )
    except CheckFailure as failure:
        if failure.kind == "not_finite":
            raise _rehinted(
                failure,
                "Look for a division by zero, or a sigmoid written with np.exp that "
                "overflowed (losses.sigmoid is safe for any z).",
            ) from None
        named = _named_error(failure) if failure.kind == "raised" else None
        if named is None:
            raise
        raise named from None
    result, _ = call(newton_step, copy.deepcopy(tuple(cases[0])), name="newton_step")
    require_array(
        result,
        name="newton_step",
        what="weights",
        how="of the same shape as w (w - s is one already)",
    )


# ---------------------------------------------------------------------------- Exercise 3


def _steps_to_tol(trace: Any, lowest: float, tol: float) -> int | None:
    """From which step on every loss is less than ``tol`` above ``lowest``; None if the
    last one is not (a NaN loss is not within tol)."""
    within = np.asarray(trace, dtype=float) - lowest < tol
    if not within[-1]:
        return None
    outside = np.flatnonzero(~within)
    return int(outside[-1]) + 1 if len(outside) else 0


def _shifted(delta: int) -> Callable[..., int | None]:
    def wrong(trace: Any, lowest: float, tol: float) -> int | None:
        right = _steps_to_tol(trace, lowest, tol)
        return None if right is None else right + delta

    return wrong


def _first_within(trace: Any, lowest: float, tol: float) -> int:
    return int(np.argmax(np.asarray(trace, dtype=float) - lowest < tol))


def _how_many_within(trace: Any, lowest: float, tol: float) -> int:
    return int(np.sum(np.asarray(trace, dtype=float) - lowest < tol))


def _small_change(trace: Any, lowest: float, tol: float) -> int | None:
    """Assignment 2's rule: the first step at which the loss changed by less than tol."""
    changes = np.abs(np.diff(np.asarray(trace, dtype=float))) < tol
    return int(np.argmax(changes)) + 1 if np.any(changes) else None


_STEPS_SLIPS = [
    Slip(
        "first_touch",
        "counts the steps until the loss FIRST gets within tol, but here it goes back up "
        "above tol afterwards (momentum's loss need not fall at every step). Count from "
        "the step after the last one that is not within tol.",
        _first_within,
    ),
    Slip(
        "count_within",
        "counts how many losses are within tol, but the answer is a step number: the first "
        "step k from which every loss, trace[k] and all after it, is within tol.",
        _how_many_within,
    ),
    Slip(
        "loss_change",
        "stops where the loss changes by less than tol from one step to the next "
        "(assignment 2's rule). Here tol is about the distance to the lowest loss: "
        "trace[i] - lowest < tol.",
        _small_change,
    ),
    Slip(
        "boundary",
        "counts a loss exactly tol above the lowest as within tol: within means less than "
        "tol above it (<, not <=).",
        lambda trace, lowest, tol: _steps_to_tol(trace, lowest, np.nextafter(tol, np.inf)),
    ),
    Slip(
        "off_by_one",
        "is one too small: it gives the last step that is not within tol, and the loss "
        "stays within tol only from the step after it.",
        _shifted(-1),
    ),
    Slip(
        "off_by_one",
        "is one too large: if the loss is within tol from step k on, the answer is k (the "
        "start is step 0).",
        _shifted(1),
    ),
    Slip(
        "no_lowest",
        "compares the loss itself with tol: within tol means less than tol ABOVE the lowest "
        "loss, trace[i] - lowest < tol.",
        lambda trace, lowest, tol: _steps_to_tol(trace, 0.0, tol),
    ),
]


def _steps_where(number: int, total: int, case: Case) -> str:
    trace, lowest, tol = case
    what = (
        f"array of shape {trace.shape}"
        if isinstance(trace, np.ndarray)
        else f"{type(trace).__name__} of {len(trace)} losses"
    )
    return f"case {number} of {total}, called with trace: {what}, lowest={lowest!r}, tol={tol!r}"


def _count_type_problem(got: Any) -> tuple[str, str] | None:
    """What is wrong with a count that should be an int, as (kind, what it returned)."""
    if isinstance(got, bool | np.bool_):
        return "type", "returned True/False, not a step number"
    if isinstance(got, int | np.integer):
        return None
    if isinstance(got, float | np.floating):
        return "not_an_int", (
            f"returned a float, {float(got)!r}: a number of steps is a whole number, so "
            "return an int (count with integers, or convert with int(...)); a float fails"
        )
    if isinstance(got, list | tuple | np.ndarray):
        return "not_a_number", (
            f"returned a {type(got).__name__}, not one number: return one step number k, "
            "the first step from which every loss is within tol"
        )
    return "type", f"returned a {type(got).__name__}, not a step number (an int) or None"


def _count_problem(got: Any, case: Case) -> tuple[str, str] | None:
    """The problem with ``got``, the student's count on ``case``, as (kind, message)."""
    expected = _steps_to_tol(*case)
    if expected is None:
        if got is None:
            return None
        if np.isnan(float(case[0][-1])):
            return "nan_within", (
                "`steps_to_tol` counts a NaN loss as within tol: a run whose loss ends in "
                "NaN has diverged, so the answer is None. Any comparison with NaN is False, "
                "so `not (loss - lowest >= tol)` is True for NaN; test the loss with < tol."
            )
        return "never_reached", (
            "`steps_to_tol` must return None when the last loss is not within tol of the "
            "lowest: the loss has not got there (yet), so no number of steps is right."
        )
    if got is None:
        return "none", (
            "`steps_to_tol` returned None, but the last loss is within tol here, so a step "
            "number is expected (0 if every loss is within tol). None is only for a trace "
            "whose last loss is not within tol. Did you forget to `return` the count?"
        )
    problem = _count_type_problem(got)
    if problem:
        return problem[0], f"`steps_to_tol` {problem[1]}."
    if got == expected:
        return None
    for slip in _STEPS_SLIPS:
        if slip.wrong(*copy.deepcopy(tuple(case))) == got:
            return slip.kind, f"`steps_to_tol` {slip.message}"
    return "value", (
        "`steps_to_tol` returned a wrong step number: it should be the first step k such "
        "that trace[i] - lowest < tol for every i >= k."
    )


def _changed(before: Any, after: Any) -> bool:
    before, after = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    return before.shape != after.shape or not np.array_equal(before, after, equal_nan=True)


#: Lines of Python a steps_to_tol may run: thousands of times what the longest trace needs.
_LINES_ALLOWED = 200_000


def _counted(steps_to_tol: Any, case: Case, where: str) -> tuple[Any, list]:
    """What ``steps_to_tol`` returns on ``case`` and its warnings; kind ``endless`` if it
    does not stop."""
    __tracebackhide__ = True
    try:
        with limit_lines(steps_to_tol, _LINES_ALLOWED):
            return call(steps_to_tol, case, name="steps_to_tol", where=where)
    except CheckFailure as failure:
        if isinstance(failure.__cause__, LineLimitExceeded):
            raise CheckFailure(
                "endless",
                "`steps_to_tol` did not stop: it ran far longer than a trace this short "
                f"needs ({where}). Does every loop move on? A while loop must change its "
                "index at every step.",
            ) from None
        raise


def check_steps_to_tol(steps_to_tol: Any, cases: Sequence[Case]) -> None:
    """Check ``steps_to_tol(trace, lowest, tol)``: the first step k (an int) from which
    every loss is less than ``tol`` above ``lowest`` (k = 0: all of them); None if the
    last is not (a NaN loss is not within tol).

    Give cases where the loss dips within tol and goes back up (momentum), one with a
    loss exactly ``tol`` above the lowest, one that never gets there, one that ends in
    NaN, traces as lists and as arrays. Named slips: the first step within tol, the
    number of losses within tol, assignment 2's rule (a small change), ``<=`` for ``<``,
    one off either way, ``lowest`` left out, NaN counted as within tol, a count that
    is not an int (a float fails), None where a count is due, a changed ``trace``, and
    a loop that does not end (kind ``endless``).

    >>> def first(trace, lowest, tol):
    ...     for k, loss in enumerate(trace):
    ...         if loss - lowest < tol:
    ...             return k
    >>> check_steps_to_tol(first, [([4.0, 0.5, 2.0, 0.1, 0.05], 0.0, 1.0)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `steps_to_tol` counts the steps until the loss FIRST gets ...
    """
    __tracebackhide__ = True
    for number, case in enumerate(cases, start=1):
        where = _steps_where(number, len(cases), case)
        given = copy.deepcopy(tuple(case))
        got, caught = _counted(steps_to_tol, given, where)
        if _changed(case[0], given[0]):
            raise CheckFailure(
                "in_place",
                "`steps_to_tol` changed its input `trace` in place (as trace.reverse() or "
                "trace.sort() do): leave it as it is, and walk through it with an index, "
                f"or work on a copy. ({where})",
            )
        problem = _count_problem(got, case) or _warned(caught)
        if problem:
            raise CheckFailure(problem[0], f"{problem[1]} ({where})")


def _warned(caught: Sequence[Any]) -> tuple[str, str] | None:
    warned = warning_failure(caught, "steps_to_tol")
    return (warned.kind, str(warned)) if warned else None

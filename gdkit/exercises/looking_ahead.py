"""Checks of assignment 10, looking ahead: momentum, a Newton step, and counting steps.

One check per graded exercise: ``momentum_descent(loss, grad, w0, eta, beta, n_steps)``
(the record of the weights, compared with :func:`gdkit.momentum.momentum_descent`),
``newton_step(w, X, y)`` (compared with :func:`gdkit.newton.newton_step`) and
``steps_to_tol(losses, lowest, tol)``. Each knows the likely slips (declared as
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
from gdkit.checks import CheckFailure, Slip, call, check_function
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


# ---------------------------------------------------------------------------- Exercise 1


def _record(loss: Any, grad: Any, w0: Any, eta: float, beta: float, n_steps: int) -> np.ndarray:
    """gdkit's momentum run, as the student's function returns it: the weights visited."""
    return momentum.momentum_descent(loss, grad, w0, eta, beta, n_steps=n_steps).weights


def _variant(
    *,
    velocity: Callable[[Any, Any, float], Any],
    weights_first: bool = False,
    uphill: bool = False,
) -> Callable[..., np.ndarray]:
    """A wrong momentum loop: ``velocity(v, g, beta)`` is its update of v; ``weights_first``
    moves w with the old v before updating v at the new w; ``uphill`` adds eta v."""

    def run(loss: Any, grad: Any, w0: Any, eta: float, beta: float, n_steps: int) -> np.ndarray:
        w = np.array(w0, dtype=float)
        v = np.zeros_like(w)
        record = [w]
        for _ in range(n_steps):
            if weights_first:
                w = w - eta * v
                v = velocity(v, grad(w), beta)
            else:
                v = velocity(v, grad(w), beta)
                w = w + eta * v if uphill else w - eta * v
            record.append(w)
        return np.array(record)

    return run


def _heavy_ball(v: Any, g: Any, beta: float) -> Any:
    return beta * v + g


def _record_then(change: Callable[[np.ndarray], np.ndarray]) -> Callable[..., np.ndarray]:
    """The right record, changed by ``change`` (cut, repeated ...)."""

    def wrong(loss: Any, grad: Any, w0: Any, eta: float, beta: float, n_steps: int) -> np.ndarray:
        return change(_record(loss, grad, w0, eta, beta, n_steps))

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
        "sign",
        "walks uphill: the step goes against the velocity, w = w - eta * v.",
        _variant(velocity=_heavy_ball, uphill=True),
    ),
    Slip(
        "sign",
        "has a sign slip in the velocity: it is built from the gradient itself, "
        "v = beta * v + grad(w), and the weights then move by - eta * v.",
        _variant(velocity=lambda v, g, beta: beta * v - g),
    ),
    Slip(
        "final_only",
        "returns only the last weights: return the whole record, the start and the weights "
        "after each step, as one array (np.array of the list).",
        _record_then(lambda record: record[-1]),
    ),
    Slip(
        "no_start",
        "leaves the start w0 out of the record: the record begins with w0, then the weights "
        "after each of the n_steps steps.",
        _record_then(lambda record: record[1:]),
    ),
    Slip(
        "same_array",
        "holds the same weights in every row: `w -= eta * v` changes the one array that "
        "was appended each time. Write w = w - eta * v, which makes a new array.",
        _record_then(lambda record: np.repeat(record[-1:], len(record), axis=0)),
    ),
    Slip(
        "step_count",
        "takes one step too many: n_steps steps give n_steps + 1 rows, the start included.",
        _steps(1),
    ),
    Slip(
        "step_count",
        "takes one step too few: n_steps steps give n_steps + 1 rows, the start included.",
        _steps(-1),
    ),
]


#: What momentum_descent must do without: gdkit's runs.
_OWN_MOMENTUM = [momentum.momentum_descent, gradient_descent]


def check_momentum_descent(momentum_descent: Any, cases: Sequence[Case]) -> None:
    """Check ``momentum_descent(loss, grad, w0, eta, beta, n_steps)``: the weights visited.

    The result must be the array of shape ``(n_steps + 1, p)`` of :func:`gdkit.momentum.
    momentum_descent`'s weights (``w0`` first). Named slips: no velocity carried over
    (plain gradient descent), beta on the gradient, the ``(1 - beta)`` form, the weights
    moved before the velocity, a sign, only the last weights, no start, the same array in
    every row, one step too many or too few; right weights in a list instead of an array
    fail with kind ``not_an_array``. gdkit's momentum and gradient descent are forbidden.

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
    check_function(
        momentum_descent,
        _record,
        cases,
        name="momentum_descent",
        slips=_MOMENTUM_SLIPS,
        forbid=_OWN_MOMENTUM,
    )
    record, _ = call(
        momentum_descent,
        copy.deepcopy(tuple(cases[0])),
        name="momentum_descent",
        forbid=_OWN_MOMENTUM,
    )
    if not isinstance(record, np.ndarray):
        raise CheckFailure(
            "not_an_array",
            f"`momentum_descent` returns the right weights, but as a {type(record).__name__}: "
            "return them as one NumPy array, np.array(record), so that record[:, 0] is the "
            "first weight at every step.",
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
]
#: What newton_step must do without (the Hessian from gdkit.newton is given).
_OWN_STEP = [newton.newton_step, newton.newton_logistic, losses.log_loss_grad]


def check_newton_step(newton_step: Any, cases: Sequence[Case]) -> None:
    """Check ``newton_step(w, X, y)``: one Newton step on the mean log-loss, ``w - H^-1 g``.

    Compared with :func:`gdkit.newton.newton_step`. Use an odd number of examples (a
    gradient summed where the Hessian is a mean). Named slips: the sign, H for H^-1, no
    Hessian, an entry-by-entry division, the step returned, a step n times too long or
    too short. gdkit's Newton step and fit and its log-loss gradient are forbidden (the
    Hessian, :func:`gdkit.newton.log_loss_hessian`, is allowed: it is given).

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
    check_function(
        newton_step,
        newton.newton_step,
        cases,
        name="newton_step",
        rtol=1e-7,
        slips=_NEWTON_SLIPS,
        forbid=_OWN_STEP,
    )


# ---------------------------------------------------------------------------- Exercise 3


def _steps_to_tol(losses: Any, lowest: float, tol: float) -> int | None:
    """From which step on every loss is less than ``tol`` above ``lowest``; None if the
    last one is not."""
    within = np.asarray(losses, dtype=float) - lowest < tol
    if not within[-1]:
        return None
    outside = np.flatnonzero(~within)
    return int(outside[-1]) + 1 if len(outside) else 0


def _first_within(losses: Any, lowest: float, tol: float) -> int:
    return int(np.argmax(np.asarray(losses, dtype=float) - lowest < tol))


_STEPS_SLIPS = [
    Slip(
        "first_touch",
        "counts the steps until the loss FIRST gets within tol, but here it goes back up "
        "above tol afterwards (momentum's loss need not fall at every step). Count from "
        "the step after the last one that is not within tol.",
        _first_within,
    ),
    Slip(
        "boundary",
        "counts a loss exactly tol above the lowest as within tol: within means less than "
        "tol above it (<, not <=).",
        lambda losses, lowest, tol: _steps_to_tol(losses, lowest, np.nextafter(tol, np.inf)),
    ),
    Slip(
        "off_by_one",
        "is one too small: it gives the last step that is not within tol, and the loss "
        "stays within tol only from the step after it.",
        lambda losses, lowest, tol: _steps_to_tol(losses, lowest, tol) - 1,
    ),
    Slip(
        "off_by_one",
        "is one too large: if the loss is within tol from step k on, the answer is k (the "
        "start is step 0).",
        lambda losses, lowest, tol: _steps_to_tol(losses, lowest, tol) + 1,
    ),
    Slip(
        "no_lowest",
        "compares the loss itself with tol: within tol means less than tol ABOVE the lowest "
        "loss, loss - lowest < tol.",
        lambda losses, lowest, tol: _steps_to_tol(losses, 0.0, tol),
    ),
]


def check_steps_to_tol(steps_to_tol: Any, cases: Sequence[Case]) -> None:
    """Check ``steps_to_tol(losses, lowest, tol)``: the first step k from which every loss
    is less than ``tol`` above ``lowest`` (k = 0: all of them); None if the last is not.

    Give cases where the loss dips within tol and goes back up (momentum), one with a
    loss exactly ``tol`` above the lowest, and one that never gets there. Named slips:
    the first step within tol, one off either way, ``lowest`` left out, ``<=`` for ``<``.

    >>> def first(losses, lowest, tol):
    ...     for k, loss in enumerate(losses):
    ...         if loss - lowest < tol:
    ...             return k
    >>> check_steps_to_tol(first, [([4.0, 0.5, 2.0, 0.1, 0.05], 0.0, 1.0)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `steps_to_tol` counts the steps until the loss FIRST gets ...
    """
    __tracebackhide__ = True
    reached = [case for case in cases if _steps_to_tol(*case) is not None]
    if reached:  # the counting first: a wrong None below may come from a wrong count
        check_function(
            steps_to_tol, _steps_to_tol, reached, name="steps_to_tol", slips=_STEPS_SLIPS
        )
    for number, case in enumerate(cases, start=1):
        if _steps_to_tol(*case) is not None:
            continue
        got, _ = call(steps_to_tol, copy.deepcopy(tuple(case)), name="steps_to_tol")
        if got is not None:
            raise CheckFailure(
                "never_reached",
                "`steps_to_tol` must return None when the last loss is not within tol of the "
                "lowest: the loss has not got there (yet), so no number of steps is right. "
                f"(case {number} of {len(cases)})",
            )

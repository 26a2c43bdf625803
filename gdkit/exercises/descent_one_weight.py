"""Checks of assignment 02, gradient descent on one weight: one per graded exercise.

Each ``check_<exercise>(answer, cases)`` runs a student's answer on the cases a test
cell states, compares it with gdkit's reference, names the likely slips (declared as
:class:`~gdkit.checks.Slip`, what the wrong answer would give) and refuses gdkit's own
version of what the exercise asks for. Every failure is a
:class:`~gdkit.checks.CheckFailure` with a ``kind``; no message shows the answer.

>>> check_gradient_step(lambda w, grad, eta: w - eta * grad(w), [(5.0, lambda w: 2 * w, 0.1)])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import numpy as np
import sympy

from gdkit import losses
from gdkit.checks import (
    CallLimitExceeded,
    CheckFailure,
    Slip,
    assert_close,
    call,
    check_derivative,
    check_function,
    is_value_kind,
    limit_calls,
    quiet,
    warning_failure,
)
from gdkit.descent import gradient_descent
from gdkit.exercises.neuron_and_loss import data_ignored, gives_the_same
from gdkit.symbolic import ParseError, TooComplexError, equivalent

__all__ = [
    "REASONS",
    "ignores_eta",
    "check_best_weight",
    "check_dL_dw",
    "check_descend",
    "check_descend_until",
    "check_gradient_step",
    "check_mse_grad",
]

Slope = Callable[[float], float]
#: What ``descend_until`` returns: the weights visited, start included, and the reason.
Run = tuple[np.ndarray, str]

#: The reasons ``descend_until`` may give: rule 1 (the tolerance), rule 2 (the step cap).
REASONS = ("no_improvement", "max_steps")

# ---------------------------------------------------------------------------- Exercise 1


#: Answers that are no derivative by w but something recognisable: (form, kind, message).
_NAMED_DERIVATIVES = (
    (
        "2*w*(w*x - y)",
        "wrt_x",
        "that is the derivative with respect to x. Gradient descent needs the slope in the "
        "weight w: differentiate with respect to w, with x and y held fixed.",
    ),
    (
        "2*x*w*x - y",
        "brackets",
        "brackets are missing. Python multiplies before it subtracts, so in 2*x*w*x - y only "
        "w*x is multiplied by 2*x: put brackets around a difference that is multiplied.",
    ),
    (
        "(w*x - y)**2",
        "not_differentiated",
        "that is (w*x - y)**2 itself, the error of one example, not its derivative with "
        "respect to w.",
    ),
)


def _named_derivative(answer: Any) -> CheckFailure | None:
    """The failure for an answer that equals one of :data:`_NAMED_DERIVATIVES`, if any."""
    for form, kind, message in _NAMED_DERIVATIVES:
        try:
            if equivalent(answer, form):
                return CheckFailure(kind, f"`dL_dw`: Not yet: {message}")
        except (ParseError, TooComplexError):  # no verdict: the general one stands
            continue
    return None


def check_dL_dw(answer: Any) -> None:
    """Check the typed derivative of one example's squared error ``(w*x - y)**2`` by ``w``.

    The failure's kind is the symbolic verdict's mistake (sign, constant_factor,
    missing_factor, unknown_symbol, unparseable ...), or for an answer that is not
    equivalent but recognisable, ``wrt_x`` (the derivative with respect to x),
    ``brackets`` (``2*x*w*x - y``) or ``not_differentiated``.

    >>> check_dL_dw("2*w*x**2 - 2*x*y")
    >>> check_dL_dw("2*x*(y - w*x)")
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `dL_dw`: Not yet: your answer has the wrong sign. ...
    >>> check_dL_dw("2*w*(w*x - y)")
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `dL_dw`: Not yet: that is the derivative with respect to x. ...
    """
    __tracebackhide__ = True
    w, x, y = sympy.symbols("w x y")
    try:
        check_derivative(answer, sympy.diff((w * x - y) ** 2, w), name="dL_dw")
    except CheckFailure as failure:
        named = _named_derivative(answer) if failure.kind == "not_equivalent" else None
        raise named or failure from None


# ---------------------------------------------------------------------------- Exercise 2

#: The data arguments of Exercises 2 and 3, and the notebook's globals used in their place.
_PULSE = ("x and y", "x_pulse and y_pulse")


def _mse_slope(w: float, x: np.ndarray, y: np.ndarray) -> float:
    """gdkit's slope of the mean squared error of the line ``w * x`` (named as the exercise)."""
    return losses.mse_grad(w, x, y)


_MISSING_X = (
    "is missing the factor x that the inside of the square brings: differentiate "
    "w*x - y with respect to w too (the chain rule)."
)
_MSE_GRAD_SLIPS = (
    Slip(
        "no_mean",
        "returns one slope per example (an array), but the slope of the mean squared error "
        "is one number: the mean over the examples of your per-example derivative.",
        lambda w, x, y: 2 * x * (w * x - y),
    ),
    Slip("missing_x", _MISSING_X, lambda w, x, y: np.mean(2 * (w * x - y))),
    Slip("missing_x", _MISSING_X, lambda w, x, y: np.sum(2 * (w * x - y))),
    Slip(
        "wrt_x",
        "looks like the derivative with respect to x (a factor w); the slope gradient "
        "descent needs is with respect to the weight w.",
        lambda w, x, y: np.mean(2 * w * (w * x - y)),
    ),
    Slip(
        "product_of_means",
        "multiplies two means; the slope is the mean of the per-example derivatives, and a "
        "mean of products is not the product of the means.",
        lambda w, x, y: 2 * np.mean(x) * np.mean(w * x - y),
    ),
    Slip(
        "n_minus_1",
        "divides by n - 1; a mean divides the sum over the examples by n, the number of examples.",
        lambda w, x, y: np.sum(2 * x * (w * x - y)) / (len(y) - 1),
    ),
    Slip(
        "loss_not_slope",
        "returns the loss itself, the mean squared error, not its slope dL/dw.",
        lambda w, x, y: np.mean((w * x - y) ** 2),
    ),
    Slip(
        "divided_twice",
        "divides by the number of examples n twice: np.mean already divides the sum by n.",
        lambda w, x, y: np.mean(2 * x * (w * x - y)) / len(y),
    ),
)


def check_mse_grad(mse_grad: Any, cases: Sequence[tuple[float, np.ndarray, np.ndarray]]) -> None:
    """Check ``mse_grad(w, x, y)``, the slope of ``mean((w*x - y)**2)``, on ``cases``.

    Names a missing mean, factor x or 2, a sum or n - 1 for the mean, a mean divided by n
    again, a product of means, the notebook's data used instead of ``x`` and ``y`` (kind
    ``globals``: give a case with other data); calling ``losses.mse_grad`` fails (kind
    ``reference_used``).

    >>> x, y = np.array([1.0, 2.0, 4.0]), np.array([1.0, 3.0, 2.0])
    >>> check_mse_grad(lambda w, x, y: np.mean(2 * x * (w * x - y)), [(0.5, x, y)])
    >>> check_mse_grad(lambda w, x, y: np.mean(2 * (w * x - y)), [(0.5, x, y)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `mse_grad` is missing the factor x ...
    """
    __tracebackhide__ = True
    try:
        check_function(
            mse_grad,
            _mse_slope,
            cases,
            name="mse_grad",
            n_of=lambda w, x, y: len(y),
            slips=_MSE_GRAD_SLIPS,
            forbid=[losses.mse_grad],
        )
    except CheckFailure as failure:
        raise (
            data_ignored(mse_grad, cases, failure, name="mse_grad", names=_PULSE) or failure
        ) from None


# ---------------------------------------------------------------------------- Exercise 3


def _least_squares_weight(x: np.ndarray, y: np.ndarray) -> float:
    """NumPy's least-squares solver for a line through the origin (one column, no ones)."""
    solution, *_ = np.linalg.lstsq(x.reshape(-1, 1), y, rcond=None)
    return float(solution[0])


_SQUARED_MEAN = (
    "divides by the square of a mean (or of a sum) of x, but a mean of squares is not the "
    "square of a mean: multiply out your derivative and keep each example's terms together."
)
_MEAN_AND_SUM = (
    "mixes a mean and a sum: the 1/n of a mean cancels only against another mean (or use "
    "sums on both sides)."
)
_BEST_WEIGHT_SLIPS = (
    Slip(
        "ratio_of_sums",
        "divides the sum of y by the sum of x, which is not where dL/dw = 0: multiply out "
        "the brackets of your derivative before you take w out of the sum.",
        lambda x, y: np.sum(y) / np.sum(x),
    ),
    Slip(
        "mean_of_ratios",
        "averages the ratios y_i / x_i of the single examples; that is not where the "
        "derivative of the whole loss is zero. Solve dL/dw = 0 for the sum over all examples.",
        lambda x, y: np.mean(y / x),
    ),
    Slip("squared_mean", _SQUARED_MEAN, lambda x, y: np.mean(x * y) / np.mean(x) ** 2),
    Slip("squared_mean", _SQUARED_MEAN, lambda x, y: np.sum(x * y) / np.sum(x) ** 2),
    Slip("mean_and_sum", _MEAN_AND_SUM, lambda x, y: np.mean(x * y) / np.sum(x * x)),
    Slip("mean_and_sum", _MEAN_AND_SUM, lambda x, y: np.sum(x * y) / np.mean(x * x)),
    Slip(
        "upside_down",
        "is upside down: check which sum goes in the numerator when you solve for w.",
        lambda x, y: np.sum(x * x) / np.sum(x * y),
    ),
    Slip(
        "x_y_swapped",
        "divides by the squares of y: check which of x and y appears twice in each term of dL/dw.",
        lambda x, y: np.sum(x * y) / np.sum(y * y),
    ),
    Slip(
        "intercept",
        "is the slope of a line WITH an intercept (as np.polyfit(x, y, 1) fits); this line "
        "goes through the origin, y = w x, so use your formula from dL/dw = 0.",
        lambda x, y: np.polyfit(x, y, 1)[0],
    ),
)


def check_best_weight(best_weight: Any, cases: Sequence[tuple[np.ndarray, np.ndarray]]) -> None:
    """Check ``best_weight(x, y)``, the root of dL/dw = 0, against NumPy's least squares.

    Give a case with other data than the notebook's: a function that uses the notebook's
    x_pulse and y_pulse instead of its arguments then fails (kind ``globals``).

    >>> x, y = np.array([1.0, 2.0, 4.0]), np.array([1.0, 3.0, 2.0])
    >>> check_best_weight(lambda x, y: float(np.sum(x * y) / np.sum(x * x)), [(x, y)])
    >>> check_best_weight(lambda x, y: float(np.sum(y) / np.sum(x)), [(x, y)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `best_weight` divides the sum of y by the sum of x, ...
    """
    __tracebackhide__ = True
    try:
        check_function(
            best_weight, _least_squares_weight, cases, name="best_weight", slips=_BEST_WEIGHT_SLIPS
        )
    except CheckFailure as failure:
        named = data_ignored(best_weight, cases, failure, name="best_weight", at=0, names=_PULSE)
        raise named or failure from None


# ---------------------------------------------------------------------------- Exercises 4, 5


def _no_loss(w: float) -> float:
    """A loss for gdkit's gradient descent where only the steps matter."""
    return 0.0


def _step(w: float, grad: Slope, eta: float) -> float:
    """One step of gdkit's gradient descent from ``w``."""
    return gradient_descent(_no_loss, grad, w, eta, n_steps=1).w


def _path(grad: Slope, w0: float, eta: float, n_steps: int) -> np.ndarray:
    """The weights of gdkit's gradient descent over ``n_steps`` steps, start included."""
    return gradient_descent(_no_loss, grad, w0, eta, n_steps=n_steps).weights


def _uphill(grad: Slope) -> Slope:
    """The slope with its sign flipped: descending it walks uphill on the real loss."""
    return lambda w: -grad(w)


def _steps_taken(grad: Slope, w0: float, eta: float, n_steps: int, sign: float) -> np.ndarray:
    """The start, then ``sign`` times each step eta * grad(w) instead of the weight it reaches."""
    path = _path(grad, w0, eta, n_steps)
    return np.array([w0] + [sign * eta * grad(w) for w in path[:-1]])


_STEP_NOT_WEIGHT = (
    "returns the step, not the new weight: the result must be the weight where the step "
    "from w lands."
)
_UPHILL = (
    "steps uphill, in the direction of the slope; gradient descent steps against it (a "
    "positive slope means the way down is to the left)."
)
_STEP_SLIPS = (
    Slip("step_not_weight", _STEP_NOT_WEIGHT, lambda w, grad, eta: eta * grad(w)),
    Slip("step_not_weight", _STEP_NOT_WEIGHT, lambda w, grad, eta: -eta * grad(w)),
    Slip("uphill", _UPHILL, lambda w, grad, eta: _step(w, _uphill(grad), eta)),
)
_DESCEND_SLIPS = (
    Slip(
        "no_start",
        "leaves out the start: the first entry must be w0 itself, then one weight per step.",
        lambda grad, w0, eta, n_steps: _path(grad, w0, eta, n_steps)[1:],
    ),
    Slip(
        "last_only",
        "returns only the last weight; return every weight visited, the start first, as a "
        "1-D array.",
        lambda grad, w0, eta, n_steps: _path(grad, w0, eta, n_steps)[-1],
    ),
    Slip(
        "off_by_one",
        "takes one step too many: n_steps steps give n_steps + 1 weights, the start included.",
        lambda grad, w0, eta, n_steps: _path(grad, w0, eta, n_steps + 1),
    ),
    Slip(
        "last_missing",
        "ends one weight short: the weight that the last step reaches is missing. n_steps "
        "steps give n_steps + 1 weights, the start included: a weight recorded BEFORE each "
        "step leaves out the last one (and a loop of n_steps - 1 steps takes one too few).",
        lambda grad, w0, eta, n_steps: _path(grad, w0, eta, n_steps)[:-1],
    ),
    Slip(
        "from_start",
        "takes every step from w0, so all weights after the start are the same: each step "
        "must start from the weight the previous step reached.",
        lambda grad, w0, eta, n_steps: np.array([w0] + [_step(w0, grad, eta)] * n_steps),
    ),
    Slip(
        "uphill",
        _UPHILL,
        lambda grad, w0, eta, n_steps: _path(_uphill(grad), w0, eta, n_steps),
    ),
    *(
        Slip(
            "steps_recorded",
            "records the steps eta * grad(w), not the weights they lead to: after each step "
            "record the new weight itself.",
            partial(_steps_taken, sign=sign),
        )
        for sign in (1.0, -1.0)
    ),
)


def _with(case: Sequence[Any], at: int, value: Any) -> list[Any]:
    """The arguments of ``case`` with argument ``at`` replaced by ``value``."""
    changed = list(case)
    changed[at] = value
    return changed


#: The kinds of failure that say only that the weights ``descend`` returns are wrong.
_DESCEND_KINDS = {slip.kind for slip in _DESCEND_SLIPS} | {"globals", "eta_ignored"}


def ignores_eta(student_fn: Callable[..., Any], case: Sequence[Any], eta_at: int) -> bool:
    """Whether the student's result stays the same when the case's eta doubles.

    >>> ignores_eta(lambda w, g, eta: w - 0.1 * g(w), (1.0, lambda w: 2 * w, 0.5), eta_at=2)
    True
    """
    return gives_the_same(student_fn, case, _with(case, eta_at, 2 * case[eta_at]))


def _ignores_grad(fn: Callable[..., Any], case: Sequence[Any], grad_at: int) -> bool:
    """Whether ``fn``'s result stays the same when the case's slope function changes."""
    grad = case[grad_at]
    return gives_the_same(fn, case, _with(case, grad_at, lambda w: 2.0 * grad(w) + 1.0))


def _ignored(
    test: Callable[..., bool],
    student_fn: Any,
    reference_fn: Callable[..., Any],
    cases: Sequence[Sequence[Any]],
    at: int,
) -> bool:
    """Whether ``test`` finds the student ignoring argument ``at`` where the reference does not.

    With no step at all, say, the result is the start whatever grad and eta: such a case
    says nothing.
    """
    return any(test(student_fn, c, at) and not test(reference_fn, c, at) for c in cases)


def _ignored_argument(
    student_fn: Any,
    reference_fn: Callable[..., Any],
    cases: Sequence[Sequence[Any]],
    *,
    name: str,
    grad_at: int,
    eta_at: int,
) -> CheckFailure | None:
    """A failure if the result stays the same when grad, or eta, changes, and should not."""
    if _ignored(_ignores_grad, student_fn, reference_fn, cases, grad_at):
        return CheckFailure(
            "globals",
            f"`{name}` gives the same result whatever slope function grad it is given: it "
            "must call its argument grad, as grad(w), not bowl_slope or another function of "
            "the notebook.",
        )
    if _ignored(ignores_eta, student_fn, reference_fn, cases, eta_at):
        return CheckFailure(
            "eta_ignored",
            f"`{name}` gives the same result whatever the learning rate eta it is given: "
            "the step must be eta times the slope, with that eta (not a number of your own).",
        )
    return None


def _check_steps(
    student_fn: Any,
    reference_fn: Callable[..., Any],
    cases: Sequence[Sequence[Any]],
    *,
    name: str,
    grad_at: int,
    eta_at: int,
    slips: Sequence[Slip],
) -> None:
    """``check_function`` without gdkit's descent, naming a slope or an eta that is ignored."""
    __tracebackhide__ = True
    try:
        check_function(
            student_fn, reference_fn, cases, name=name, slips=slips, forbid=[gradient_descent]
        )
    except CheckFailure as failure:
        if not is_value_kind(failure.kind):
            raise
        named = _ignored_argument(
            student_fn, reference_fn, cases, name=name, grad_at=grad_at, eta_at=eta_at
        )
        raise named or failure from None


def check_gradient_step(gradient_step: Any, cases: Sequence[tuple[float, Slope, float]]) -> None:
    """Check ``gradient_step(w, grad, eta)``, one step of gradient descent, on ``cases``.

    Names returning the step instead of the new weight, stepping uphill, ignoring eta and
    ignoring ``grad`` (a notebook function such as ``bowl_slope`` called instead, kind
    ``globals``: give a case with a slope function of its own); calling gdkit's
    ``gradient_descent`` fails (kind ``reference_used``).

    >>> slope = lambda w: 2 * (w - 3)
    >>> check_gradient_step(lambda w, grad, eta: eta * grad(w), [(5.0, slope, 0.1)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `gradient_step` returns the step, not the new weight: ...
    """
    __tracebackhide__ = True
    _check_steps(
        gradient_step, _step, cases, name="gradient_step", grad_at=1, eta_at=2, slips=_STEP_SLIPS
    )


def check_descend(descend: Any, cases: Sequence[tuple[Slope, float, float, int]]) -> None:
    """Check ``descend(grad, w0, eta, n_steps)``: the ``n_steps + 1`` weights visited.

    A list is accepted as well as an array. Names leaving out the start or the last
    weight, returning only the last weight, one step too many, every step taken from
    ``w0``, walking uphill, the steps recorded instead of the weights, an array of whole
    numbers, ignoring eta or ``grad`` (kind ``globals``) and a loop that does not end
    (kind ``endless``); calling gdkit's ``gradient_descent`` fails. Put a case with
    ``n_steps = 0`` last: every slip that drops a weight gives an empty array there.

    >>> slope = lambda w: 2 * (w - 3)
    >>> check_descend(lambda grad, w0, eta, n_steps: [w0, w0 - eta * grad(w0)], [(slope, 1.0, 0.25, 1)])
    >>> check_descend(lambda grad, w0, eta, n_steps: w0, [(slope, 1.0, 0.25, 0)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `descend` returns only the last weight; ...
    """
    __tracebackhide__ = True
    _refuse_endless(descend, cases)
    try:
        _check_steps(
            descend, _path, cases, name="descend", grad_at=0, eta_at=2, slips=_DESCEND_SLIPS
        )
    except CheckFailure as failure:
        about_values = is_value_kind(failure.kind) or failure.kind in _DESCEND_KINDS
        named = _whole_numbers(descend, cases) if about_values else None
        raise named or failure from None


def _whole_numbers(
    descend: Any, cases: Sequence[tuple[Slope, float, float, int]]
) -> CheckFailure | None:
    """A failure of kind ``int_array`` if ``descend`` returns integers where floats belong."""
    for case in cases:
        try:
            with quiet():
                got = np.asarray(descend(*case))
        except Exception:  # the failure at hand says what is wrong
            return None
        right = _path(*case)
        if got.dtype.kind in "iu" and not np.array_equal(right, np.round(right)):
            return CheckFailure(
                "int_array",
                "`descend` returns whole numbers only: an array of integers (made with "
                "np.zeros(..., dtype=int), say) cuts every weight stored in it down to a "
                "whole number. Use an array of floats, or collect the weights in a list.",
            )
    return None


def _refuse_endless(descend: Any, cases: Sequence[tuple[Slope, float, float, int]]) -> None:
    """Fail with kind ``endless`` if ``descend`` calls grad far more often than n_steps allows.

    Any other failure is left to the checks that follow.
    """
    for number, (grad, w0, eta, n_steps) in enumerate(cases, start=1):
        limited = limit_calls(grad, n_steps)
        try:
            call(descend, (limited, w0, eta, n_steps), name="descend", forbid=[gradient_descent])
        except CheckFailure as failure:
            if isinstance(failure.__cause__, CallLimitExceeded):
                raise CheckFailure(
                    "endless",
                    f"`descend` did not stop: it went on far beyond n_steps steps (case {number} "
                    f"of {len(cases)}, n_steps={n_steps}). Does the loop count its steps? A "
                    "while loop must increase its counter at every step.",
                ) from None
            return


# ---------------------------------------------------------------------------- Exercise 6

RunCase = tuple[Callable[[float], float], Slope, float, float, float, int]


def _stopping(
    loss: Callable[[float], float], grad: Slope, w0: float, eta: float, tol: float, n_steps: int
) -> Run:
    """gdkit's run with the two rules of the exercise."""
    # a run that only climbs is never "diverged" for the exercise: no cap on the loss
    run = gradient_descent(loss, grad, w0, eta, n_steps=n_steps, tol=tol, blowup=1e300)
    if run.stopped not in REASONS:
        raise ValueError(
            f"a run from w0={w0} with eta={eta} {run.stopped}: not a case for the rules"
        )
    return run.weights, run.stopped


def _small_change(loss: Callable[[float], float], grad: Slope, ws: list, tol: float) -> bool:
    """Rule 1 as the exercise states it."""
    return abs(loss(ws[-2]) - loss(ws[-1])) < tol


def _variant(
    loss: Callable[[float], float],
    grad: Slope,
    w0: float,
    eta: float,
    tol: float,
    n_steps: int,
    *,
    rule1: Callable[..., bool] = _small_change,
    extra_steps: int = 0,
    rule2_first: bool = False,
    record_last: bool = True,
    reasons: tuple[str, str] = REASONS,
) -> Run:
    """``descend_until`` with one thing done differently: what a slip returns."""
    weights = [w0]
    for taken in range(1, n_steps + extra_steps + 1):
        weights.append(weights[-1] - eta * grad(weights[-1]))
        if rule2_first and taken == n_steps:
            return np.array(weights), reasons[1]
        if rule1(loss, grad, weights, tol):
            return np.array(weights if record_last else weights[:-1]), reasons[0]
    return np.array(weights), reasons[1]


def _rule1(test: Callable[..., bool]) -> Callable[..., Run]:
    """A ``descend_until`` whose rule 1 is ``test(loss, grad, weights, tol)``."""
    return partial(_variant, rule1=test)


_BIG_CHANGE = (
    'stopped with "no_improvement" after a step that changed the loss by MORE than tol: '
    "rule 1 stops only when the change is smaller than tol, in absolute value. Check the "
    "comparison, and that the change is between the loss before the step and the loss after it."
)
_OFF_BY_ONE = (
    "takes {} when rule 2 ends the run: exactly n_steps steps, so n_steps + 1 weights with "
    "the start."
)
_UNTIL_SLIPS = (
    Slip(
        "rule_order",
        "names the reason by the rules in the wrong order (or by counting the steps): here "
        "both rules hold after the last step, and then rule 1 decides.",
        partial(_variant, rule2_first=True),
    ),
    Slip(
        "signed_change",
        'stopped with "no_improvement" after a step that made the loss jump UP. A loss that '
        "rises by a lot is a big change, not a small one: rule 1 compares the SIZE of the "
        "change with tol, whichever way the loss moved.",
        _rule1(lambda loss, grad, ws, tol: loss(ws[-2]) - loss(ws[-1]) < tol),
    ),
    Slip(
        "big_change_stops",
        _BIG_CHANGE,
        _rule1(lambda loss, grad, ws, tol: loss(ws[-1]) - loss(ws[-2]) < tol),
    ),
    Slip(
        "big_change_stops",
        _BIG_CHANGE,
        _rule1(lambda loss, grad, ws, tol: abs(loss(ws[-2]) - loss(ws[-1])) > tol),
    ),
    # a change computed between the same two weights is always 0
    Slip("big_change_stops", _BIG_CHANGE, _rule1(lambda loss, grad, ws, tol: True)),
    Slip(
        "boundary",
        "stopped after a step that changed the loss by exactly tol: rule 1 says LESS than "
        "tol, so a change equal to tol does not stop the run.",
        _rule1(lambda loss, grad, ws, tol: abs(loss(ws[-2]) - loss(ws[-1])) <= tol),
    ),
    Slip(
        "loss_not_change",
        "compares the loss itself with tol; rule 1 compares the CHANGE of the loss in one "
        "step, between the previous weight and the new one.",
        _rule1(lambda loss, grad, ws, tol: loss(ws[-1]) < tol),
    ),
    Slip(
        "change_from_start",
        "compares the loss with the loss at the start w0; rule 1 compares each new loss "
        "with the loss just before that step (keep the previous loss up to date).",
        _rule1(lambda loss, grad, ws, tol: abs(loss(ws[0]) - loss(ws[-1])) < tol),
    ),
    Slip(
        "weight_change",
        "compares the change of the WEIGHT with tol; rule 1 compares the change of the LOSS "
        "in one step.",
        _rule1(lambda loss, grad, ws, tol: abs(ws[-2] - ws[-1]) < tol),
    ),
    Slip(
        "slope_rule",
        "compares the slope grad(w) with tol; rule 1 compares the change of the LOSS in one step.",
        _rule1(lambda loss, grad, ws, tol: abs(grad(ws[-1])) < tol),
    ),
    Slip(
        "last_not_recorded",
        "stops without recording the weight its last step reached: record the new weight "
        "first, then decide whether to stop.",
        partial(_variant, record_last=False),
    ),
    Slip("off_by_one", _OFF_BY_ONE.format("one step too many"), partial(_variant, extra_steps=1)),
    Slip("off_by_one", _OFF_BY_ONE.format("one step too few"), partial(_variant, extra_steps=-1)),
    Slip(
        "swapped_reasons",
        'gives the reasons the wrong way round: "no_improvement" belongs to rule 1 (the '
        'tolerance), "max_steps" to rule 2 (the number of steps).',
        partial(_variant, reasons=REASONS[::-1]),
    ),
)


def _where(number: int, total: int, case: Sequence[Any]) -> str:
    w0, eta, tol, n_steps = case[2:]
    return f"case {number} of {total}: w0={w0!r}, eta={eta!r}, tol={tol!r}, n_steps={n_steps!r}"


def _call(fn: Callable[..., Any], case: Sequence[Any], where: str) -> tuple[Any, list]:
    """The result of ``descend_until`` on one case, and the warnings it raised."""
    loss, grad, *numbers = case
    try:
        return call(
            fn,
            (limit_calls(loss, numbers[-1]), limit_calls(grad, numbers[-1]), *numbers),
            name="descend_until",
            where=where,
            forbid=[gradient_descent],
        )
    except CheckFailure as failure:
        if isinstance(failure.__cause__, CallLimitExceeded):
            raise CheckFailure(
                "endless",
                f"`descend_until` did not stop: it went on far beyond n_steps steps ({where}). "
                "Rule 2 must end the loop once n_steps steps are taken.",
            ) from None
        raise


def _as_run(result: Any, expected: Run, where: str) -> Run:
    """The student's result as (weights, reason), or a failure that says what is wrong."""
    two_things = "return two things, the weights and the reason: `return weights, reason`"
    if result is None:
        raise CheckFailure(
            "none", f"`descend_until` returned None: did you forget to {two_things}?"
        )
    if not isinstance(result, tuple | list) or len(result) != 2:
        raise CheckFailure("not_a_pair", f"`descend_until` must {two_things} ({where}).")
    weights, reason = result
    if isinstance(weights, str):
        raise CheckFailure(
            "reason_first",
            "`descend_until` returned the reason first: return the weights first, then the "
            "reason (`return weights, reason`).",
        )
    if not isinstance(reason, str):
        raise CheckFailure(
            "type",
            f'the reason `descend_until` returns must be text, "{REASONS[0]}" or "{REASONS[1]}", '
            f"not a {type(reason).__name__}.",
        )
    if reason not in REASONS:
        raise CheckFailure(
            "unknown_reason",
            f'`descend_until` gave the reason {reason!r}; it must be "{REASONS[0]}" or '
            f'"{REASONS[1]}", spelled exactly so.',
        )
    try:
        array = np.asarray(weights, dtype=float)
    except (TypeError, ValueError):
        array = np.empty((0, 0))  # not numbers: assert_close below says so
    if array.ndim != 1:
        # the expected weights are 1-D, so this fails with the type or shape problem
        _with_where(
            lambda: assert_close(weights, expected[0], name="descend_until's weights"), where
        )
    return array, reason


def _with_where(check: Callable[[], None], where: str) -> None:
    """Run a check; a failure gets the case appended to its message."""
    __tracebackhide__ = True
    try:
        check()
    except CheckFailure as failure:
        raise CheckFailure(failure.kind, f"{failure} ({where})") from None


def _same(a: Run, b: Run) -> bool:
    return (
        a[1] == b[1]
        and np.shape(a[0]) == np.shape(b[0])
        and bool(np.allclose(a[0], b[0], rtol=1e-6, atol=1e-9))
    )


def _slip_named(cases: Sequence[RunCase], got: Sequence[Run]) -> Slip | None:
    """The first slip that gives what the student's function gave, in every case run."""
    for slip in _UNTIL_SLIPS:
        try:
            with quiet():
                if all(_same(slip.wrong(*c), g) for c, g in zip(cases, got, strict=False)):
                    return slip
        except Exception:  # a slip that cannot run on these cases
            continue
    return None


def _raise_run_problem(case: RunCase, got: Run, expected: Run, where: str) -> None:
    """Say what is wrong with a run that no declared slip explains, from the start on."""
    __tracebackhide__ = True
    (weights, reason), (right, right_reason) = got, expected
    steps, right_steps = len(weights) - 1, len(right) - 1
    took = f"took {steps} step{'' if steps == 1 else 's'} ({where})"
    if steps < 0 or not np.isclose(weights[0], case[2]):
        raise CheckFailure(
            "start_missing",
            "`descend_until`'s first weight is not the start w0: record w0 first, then one "
            f"weight per step taken ({where}).",
        )
    if min(steps, right_steps) >= 1 and not np.isclose(weights[1], right[1]):
        raise CheckFailure(
            "wrong_step",
            "`descend_until`'s first step is not one step of gradient descent from w0: step "
            "with your gradient_step(w, grad, eta), and check the order of the arguments "
            f"(loss, grad, w0, eta, tol, n_steps) ({where}).",
        )
    if steps > case[-1]:
        raise CheckFailure(
            "past_max_steps",
            f"`descend_until` {took}, more than n_steps: rule 2 must end the run once n_steps "
            "steps are taken (and with n_steps = 0, no step is taken).",
        )
    if steps > right_steps:
        raise CheckFailure(
            "too_many_steps",
            f"`descend_until` {took}, more than the rules allow: it missed the moment to stop. "
            "Rule 1 compares the CHANGE of the loss in one step with tol, after every step.",
        )
    if steps < right_steps:
        raise CheckFailure(
            "too_few_steps",
            f"`descend_until` {took}, fewer than the rules allow: it stopped too early. Stop "
            "when the loss changes by LESS than tol, or once n_steps steps are taken.",
        )
    if reason != right_reason:
        raise CheckFailure(
            "wrong_reason",
            f"`descend_until` took the right number of steps ({where}), but the reason "
            f"{reason!r} is not the rule that stopped it.",
        )
    _with_where(lambda: assert_close(weights, right, name="descend_until's weights"), where)


def check_descend_until(descend_until: Any, cases: Sequence[RunCase]) -> None:
    """Check ``descend_until(loss, grad, w0, eta, tol, n_steps) -> (weights, reason)``.

    Each case is ``(loss, grad, w0, eta, tol, n_steps)``; the reference is gdkit's
    ``gradient_descent(loss, grad, w0, eta, n_steps=n_steps, tol=tol)``. A wrong run is
    named by the first declared slip that gives the same result in every case (a signed
    change, the rules in the wrong order, ``<=`` for ``<``, the loss for its change, the
    last weight not recorded, one step off ...), else by what differs first: the start,
    the first step, the number of steps, the reason, the weights. An endless loop fails
    (kind ``endless``), and so does calling gdkit's ``gradient_descent``.

    >>> bowl = (lambda w: (w - 3) ** 2, lambda w: 2 * (w - 3))
    >>> def signed(loss, grad, w0, eta, tol, n_steps):
    ...     weights = [w0]
    ...     for _ in range(n_steps):
    ...         weights.append(weights[-1] - eta * grad(weights[-1]))
    ...         if loss(weights[-2]) - loss(weights[-1]) < tol:
    ...             return np.array(weights), "no_improvement"
    ...     return np.array(weights), "max_steps"
    >>> check_descend_until(signed, [(*bowl, 1.0, 0.25, 1e-3, 10)])
    >>> check_descend_until(signed, [(*bowl, 1.0, 1.5, 1e-3, 10)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `descend_until` stopped with "no_improvement" after a step that made the loss jump UP. ...
    """
    __tracebackhide__ = True
    if not callable(descend_until):
        raise CheckFailure(
            "not_a_function",
            f"`descend_until` is not a function (it is a {type(descend_until).__name__}): "
            "did you overwrite it with a value?",
        )
    expected = [_stopping(*case) for case in cases]
    wheres = [_where(i, len(cases), case) for i, case in enumerate(cases, start=1)]
    got: list[Run] = []
    warned: list = []
    for case, right, where in zip(cases, expected, wheres, strict=True):
        try:
            result, caught = _call(descend_until, case, where)
            got.append(_as_run(result, right, where))
        except CheckFailure:
            if all(_same(g, e) for g, e in zip(got, expected, strict=False)):
                raise
            break  # an earlier case is wrong: that says more than this one's failure
        warned += caught
    for index, (run, right) in enumerate(zip(got, expected, strict=False)):
        if not _same(run, right):
            slip = _slip_named(cases, got)
            if slip:
                raise CheckFailure(slip.kind, f"`descend_until` {slip.message} ({wheres[index]})")
            _raise_run_problem(cases[index], run, right, wheres[index])
    problem = warning_failure(warned, "descend_until")
    if problem:
        raise problem

"""Do the checks of assignment 02 pass right answers and name each likely slip?

The cases are the notebook's visible ones. Every wrong answer must fail with its own
kind, and no message may show the right value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from failing import failure

from gdkit import losses
from gdkit.descent import gradient_descent
from gdkit.exercises import descent_one_weight as ex

# ---------------------------------------------------------------------------- the notebook's cases

X_PULSE = np.repeat([0.25, 0.5, 0.75, 1.0], 3)
Y_PULSE = np.round(72 * X_PULSE + np.random.default_rng(202).normal(0, 2, size=X_PULSE.size))
X_FIVE = np.array([0.5, 1.0, 1.5, 2.0, 3.0])
Y_FIVE = np.array([1.0, 1.5, 3.5, 4.0, 5.5])
MSE_GRAD_CASES = [(0.5, X_FIVE, Y_FIVE), (60.0, X_PULSE, Y_PULSE)]
BEST_WEIGHT_CASES = [(X_FIVE, Y_FIVE), (X_PULSE, Y_PULSE)]


def bowl_slope(w):
    return 2 * (w - 3)


def own_slope(w):
    """A slope function that is no notebook global (a lambda in the notebook)."""
    return 0.5 * (w + 4)


STEP_CASES = [(5.0, bowl_slope, 0.1), (-1.0, bowl_slope, 0.25), (2.0, own_slope, 0.5)]
DESCEND_CASES = [
    (bowl_slope, 1.0, 0.25, 4),
    (bowl_slope, 6.0, 0.1, 3),
    (own_slope, 2.0, 0.5, 5),
    (bowl_slope, 1.0, 0.25, 0),  # last: every slip that drops a weight gives [] here
]

PULSE = (lambda w: losses.mse(w, X_PULSE, Y_PULSE), lambda w: losses.mse_grad(w, X_PULSE, Y_PULSE))
BOWL = (lambda w: (w - 3) ** 2, bowl_slope)
UNTIL_CASES = [
    (*BOWL, 1.0, 0.25, 0.1, 8),
    (*BOWL, 1.0, 0.25, 1.0, 2),
    (*BOWL, 1.0, 0.25, 0.75, 10),
    (*PULSE, 20.0, 2.2, 1e-3, 30),
    (*PULSE, 20.0, 2.2, 1e-3, 0),
]


def right_values() -> np.ndarray:
    """Every value a check expects on the notebook's cases: never to be shown."""
    return np.concatenate(
        [
            [ex._mse_slope(*c) for c in MSE_GRAD_CASES],
            [ex._least_squares_weight(*c) for c in BEST_WEIGHT_CASES],
            [ex._step(*c) for c in STEP_CASES],
            *[ex._path(*c) for c in DESCEND_CASES],
            *[ex._stopping(*c)[0] for c in UNTIL_CASES],
        ]
    )


def shows_no_answer(message: str) -> bool:
    """No right value appears in the message, in any usual rounding.

    Small whole and half numbers are left out: they are also inputs (w0 = 1.0, n_steps = 2).
    """
    shown = [
        text
        for v in right_values()
        if 2 * v != round(2 * v) or abs(v) > 20
        for text in {f"{v:.2f}", f"{v:.3g}", f"{v:.4f}", repr(float(v))}
    ]
    return not any(text in message for text in shown)


# ---------------------------------------------------------------------------- right answers


def until_loop(loss, grad, w0, eta, tol, n_steps):
    """The solution's form: the previous loss kept in a variable."""
    weights, loss_old = [w0], loss(w0)
    for _ in range(n_steps):
        weights.append(weights[-1] - eta * grad(weights[-1]))
        loss_new = loss(weights[-1])
        if abs(loss_old - loss_new) < tol:
            return np.array(weights), "no_improvement"
        loss_old = loss_new
    return np.array(weights), "max_steps"


def until_while(loss, grad, w0, eta, tol, n_steps):
    """A while loop that returns a list and a list pair."""
    weights = [w0]
    while len(weights) - 1 < n_steps:
        weights.append(weights[-1] - eta * grad(weights[-1]))
        if np.abs(loss(weights[-1]) - loss(weights[-2])) < tol:
            return [weights, "no_improvement"]
    return [weights, "max_steps"]


def descend_append(grad, w0, eta, n_steps):
    weights = np.array([w0])
    for _ in range(n_steps):
        weights = np.append(weights, weights[-1] - eta * grad(weights[-1]))
    return weights


RIGHT = [
    pytest.param(
        ex.check_mse_grad, lambda w, x, y: np.mean(2 * x * (w * x - y)), MSE_GRAD_CASES, id="mse"
    ),
    pytest.param(
        ex.check_mse_grad,
        lambda w, x, y: 2 * np.dot(x, w * x - y) / len(x),
        MSE_GRAD_CASES,
        id="mse-dot",
    ),
    pytest.param(
        ex.check_best_weight,
        lambda x, y: np.mean(x * y) / np.mean(x**2),
        BEST_WEIGHT_CASES,
        id="best-means",
    ),
    pytest.param(
        ex.check_best_weight, lambda x, y: x @ y / (x @ x), BEST_WEIGHT_CASES, id="best-dot"
    ),
    pytest.param(
        ex.check_gradient_step, lambda w, grad, eta: w - eta * grad(w), STEP_CASES, id="step"
    ),
    pytest.param(ex.check_descend, descend_append, DESCEND_CASES, id="descend-np.append"),
    pytest.param(
        ex.check_descend,
        lambda grad, w0, eta, n_steps: list(ex._path(grad, w0, eta, n_steps)),
        DESCEND_CASES,
        id="descend-list",
    ),
    pytest.param(ex.check_descend_until, until_loop, UNTIL_CASES, id="until-loss_old"),
    pytest.param(ex.check_descend_until, until_while, UNTIL_CASES, id="until-while-lists"),
]


@pytest.mark.parametrize(("check", "answer", "cases"), RIGHT)
def test_right_answers_pass(check, answer, cases):
    check(answer, cases)


@pytest.mark.parametrize("answer", ["2*x*(w*x - y)", "2*w*x^2 - 2*x*y", "(2*w*x - 2*y)*x"])
def test_right_derivatives_pass(answer):
    ex.check_dL_dw(answer)


def test_the_rule_variants_start_from_the_exercise_rules():
    """With nothing changed, the loop behind the slips is gdkit's gradient descent."""
    for case in UNTIL_CASES:
        mine, right = ex._variant(*case), ex._stopping(*case)
        assert mine[1] == right[1] and np.array_equal(mine[0], right[0])


def test_a_case_that_diverges_is_refused():
    with pytest.raises(ValueError, match="not a case"):
        ex._stopping(lambda w: w**2, lambda w: 2 * w, 1.0, 1.5, 1e-3, 2000)


# ---------------------------------------------------------------------------- wrong answers


def until(
    rule: Callable[..., bool] = lambda before, after, tol, *_: abs(before - after) < tol,
    **options: Any,
) -> Callable[..., Any]:
    """A student's ``descend_until`` whose rule 1 is ``rule(before, after, tol, weights, grad, start)``.

    ``options`` change one more thing: ``extra`` steps, ``sign`` of the step, ``max_first``,
    ``drop_last`` (the last weight not recorded) or the ``reasons``.
    """

    def descend_until(loss, grad, w0, eta, tol, n_steps):
        weights, reasons = [w0], options.get("reasons", ex.REASONS)
        for taken in range(1, n_steps + options.get("extra", 0) + 1):
            weights.append(weights[-1] - options.get("sign", 1) * eta * grad(weights[-1]))
            if options.get("max_first") and taken == n_steps:
                return np.array(weights), reasons[1]
            if rule(loss(weights[-2]), loss(weights[-1]), tol, weights, grad, loss(w0)):
                kept = weights[:-1] if options.get("drop_last") else weights
                return np.array(kept), reasons[0]
        return np.array(weights), reasons[1]

    return descend_until


def until_by_counting(loss, grad, w0, eta, tol, n_steps):
    weights = [w0]
    for _ in range(n_steps):
        weights.append(weights[-1] - eta * grad(weights[-1]))
        if abs(loss(weights[-2]) - loss(weights[-1])) < tol:
            break
    reason = "max_steps" if len(weights) - 1 == n_steps else "no_improvement"
    return np.array(weights), reason


def until_forever(loss, grad, w0, eta, tol, n_steps):
    weights = [w0]
    while True:
        weights.append(weights[-1] - eta * grad(weights[-1]))
        if abs(loss(weights[-2]) - loss(weights[-1])) < tol:
            return np.array(weights), "no_improvement"
        if len(weights) - 1 == n_steps:
            return np.array(weights), "max_steps"


def until_by_gdkit(loss, grad, w0, eta, tol, n_steps):
    run = gradient_descent(loss, grad, w0, eta, n_steps=n_steps, tol=tol)
    return run.weights, run.stopped


def until_grad_loss(grad, loss, w0, eta, tol, n_steps):
    """The parameters in the old order: it steps with the loss it is given as `grad`."""
    return until_loop(loss, grad, w0, eta, tol, n_steps)


def reason_only(*case):
    return until_loop(*case)[1]


def reason_first(*case):
    return until_loop(*case)[::-1]


def weights_only(*case):
    return until_loop(*case)[0]


def converged(*case):
    weights, reason = until_loop(*case)
    return weights, "converged" if reason == "no_improvement" else reason


def as_column(*case):
    weights, reason = until_loop(*case)
    return weights.reshape(-1, 1), reason


def descend_forever(grad, w0, eta, n_steps):
    weights, i = [w0], 0
    while i < n_steps:  # i += 1 forgotten
        weights.append(weights[-1] - eta * grad(weights[-1]))
    return np.array(weights)


def descend_recording_first(grad, w0, eta, n_steps):
    weights, w = [], w0
    for _ in range(n_steps):
        weights.append(w)
        w = w - eta * grad(w)
    return np.array(weights)


def descend_recording_steps(grad, w0, eta, n_steps):
    weights, w = [w0], w0
    for _ in range(n_steps):
        step = eta * grad(w)
        w = w - step
        weights.append(step)
    return np.array(weights)


def descend_into_ints(grad, w0, eta, n_steps):
    weights = np.zeros(n_steps + 1, dtype=int)
    weights[0] = w0
    for i in range(n_steps):
        weights[i + 1] = weights[i] - eta * grad(weights[i])
    return weights


def path_of(step: Callable[[float, Any, float], float]) -> Callable[..., list[float]]:
    """A student's ``descend`` that takes each step with ``step``."""

    def descend(grad, w0, eta, n_steps):
        weights = [w0]
        for _ in range(n_steps):
            weights.append(step(weights[-1], grad, eta))
        return np.array(weights)

    return descend


WRONG = [
    # Exercise 1
    (ex.check_dL_dw, "2*x*(y - w*x)", "sign"),
    (ex.check_dL_dw, "x*(w*x - y)", "constant_factor"),
    (ex.check_dL_dw, "2*(w*x - y)", "missing_factor"),
    (ex.check_dL_dw, "2*X*(w*X - y)", "unknown_symbol"),
    (ex.check_dL_dw, "2x(wx - y)", "unparseable"),
    (ex.check_dL_dw, None, "none"),
    (ex.check_dL_dw, "2*w*(w*x - y)", "wrt_x"),
    (ex.check_dL_dw, "2*x*w*x - y", "brackets"),
    (ex.check_dL_dw, "(w*x - y)**2", "not_differentiated"),
    # Exercise 2
    (ex.check_mse_grad, lambda w, x, y: np.mean(x * (w * x - y)), MSE_GRAD_CASES, "half"),
    (
        ex.check_mse_grad,
        lambda w, x, y: np.sum(2 * x * (w * x - y)),
        MSE_GRAD_CASES,
        "sum_for_mean",
    ),
    (ex.check_mse_grad, lambda w, x, y: np.mean(2 * x * (y - w * x)), MSE_GRAD_CASES, "sign"),
    (ex.check_mse_grad, lambda w, x, y: np.mean(2 * (w * x - y)), MSE_GRAD_CASES, "missing_x"),
    (ex.check_mse_grad, lambda w, x, y: 2 * x * (w * x - y), MSE_GRAD_CASES, "no_mean"),
    (ex.check_mse_grad, lambda w, x, y: np.mean(2 * w * (w * x - y)), MSE_GRAD_CASES, "wrt_x"),
    (
        ex.check_mse_grad,
        lambda w, x, y: 2 * np.mean(x) * np.mean(w * x - y),
        MSE_GRAD_CASES,
        "product_of_means",
    ),
    (
        ex.check_mse_grad,
        lambda w, x, y: np.sum(2 * x * (w * x - y)) / (len(x) - 1),
        MSE_GRAD_CASES,
        "n_minus_1",
    ),
    (
        ex.check_mse_grad,
        lambda w, x, y: np.mean((w * x - y) ** 2),
        MSE_GRAD_CASES,
        "loss_not_slope",
    ),
    (ex.check_mse_grad, lambda w, x, y: losses.mse_grad(w, x, y), MSE_GRAD_CASES, "reference_used"),
    (
        ex.check_mse_grad,
        lambda w, x, y: np.mean(2 * x * (w * x - y)) / len(x),
        MSE_GRAD_CASES,
        "divided_twice",
    ),
    (
        ex.check_mse_grad,
        lambda w, x, y: np.mean(2 * X_PULSE * (w * X_PULSE - Y_PULSE)),
        MSE_GRAD_CASES,
        "globals",
    ),
    # Exercise 3
    (ex.check_best_weight, lambda x, y: np.sum(y) / np.sum(x), BEST_WEIGHT_CASES, "ratio_of_sums"),
    (ex.check_best_weight, lambda x, y: np.mean(y / x), BEST_WEIGHT_CASES, "mean_of_ratios"),
    (
        ex.check_best_weight,
        lambda x, y: np.mean(x * y) / np.mean(x) ** 2,
        BEST_WEIGHT_CASES,
        "squared_mean",
    ),
    (
        ex.check_best_weight,
        lambda x, y: np.mean(x * y) / np.sum(x**2),
        BEST_WEIGHT_CASES,
        "mean_and_sum",
    ),
    (ex.check_best_weight, lambda x, y: x @ x / (x @ y), BEST_WEIGHT_CASES, "upside_down"),
    (ex.check_best_weight, lambda x, y: x @ y / (y @ y), BEST_WEIGHT_CASES, "x_y_swapped"),
    (ex.check_best_weight, lambda x, y: np.polyfit(x, y, 1)[0], BEST_WEIGHT_CASES, "intercept"),
    (ex.check_best_weight, lambda x, y: -(x @ y) / (x @ x), BEST_WEIGHT_CASES, "sign"),
    (
        ex.check_best_weight,
        lambda x, y: X_PULSE @ Y_PULSE / (X_PULSE @ X_PULSE),
        BEST_WEIGHT_CASES,
        "globals",
    ),
    # Exercise 4
    (ex.check_gradient_step, lambda w, grad, eta: eta * grad(w), STEP_CASES, "step_not_weight"),
    (ex.check_gradient_step, lambda w, grad, eta: w + eta * grad(w), STEP_CASES, "uphill"),
    (ex.check_gradient_step, lambda w, grad, eta: w - grad(w), STEP_CASES, "eta_ignored"),
    (ex.check_gradient_step, lambda w, grad, eta: w - 0.1 * grad(w), STEP_CASES, "eta_ignored"),
    (ex.check_gradient_step, lambda w, grad, eta: w - eta * grad, STEP_CASES, "raised"),
    (ex.check_gradient_step, ex._step, STEP_CASES, "reference_used"),
    (ex.check_gradient_step, lambda w, grad, eta: w - eta * bowl_slope(w), STEP_CASES, "globals"),
    # Exercise 5
    (ex.check_descend, lambda *c: ex._path(*c)[1:], DESCEND_CASES, "no_start"),
    (ex.check_descend, lambda *c: ex._path(*c)[-1], DESCEND_CASES, "last_only"),
    (
        ex.check_descend,
        lambda g, w0, eta, n: ex._path(g, w0, eta, n + 1),
        DESCEND_CASES,
        "off_by_one",
    ),
    (
        ex.check_descend,
        lambda g, w0, eta, n: ex._path(g, w0, eta, max(n - 1, 0)),
        DESCEND_CASES,
        "last_missing",
    ),
    (ex.check_descend, descend_recording_first, DESCEND_CASES, "last_missing"),
    (ex.check_descend, descend_recording_steps, DESCEND_CASES, "steps_recorded"),
    (ex.check_descend, descend_into_ints, DESCEND_CASES, "int_array"),
    (ex.check_descend, descend_forever, DESCEND_CASES, "endless"),
    (
        ex.check_descend,
        lambda g, w0, eta, n: ex._path(bowl_slope, w0, eta, n),
        DESCEND_CASES,
        "globals",
    ),
    (ex.check_descend, lambda *c: ex._path(*c).reshape(-1, 1), DESCEND_CASES, "shape"),
    (ex.check_descend, path_of(lambda w, g, eta: w + eta * g(w)), DESCEND_CASES, "uphill"),
    (ex.check_descend, path_of(lambda w, g, eta: w - 0.5 * g(w)), DESCEND_CASES, "eta_ignored"),
    (
        ex.check_descend,
        lambda g, w0, eta, n: [w0] + [w0 - eta * g(w0)] * n,
        DESCEND_CASES,
        "from_start",
    ),
    (ex.check_descend, ex._path, DESCEND_CASES, "reference_used"),
    # Exercise 6
    (
        ex.check_descend_until,
        until(lambda before, after, tol, *_: before - after < tol),
        UNTIL_CASES,
        "signed_change",
    ),
    (
        ex.check_descend_until,
        until(lambda before, after, tol, *_: after - before < tol),
        UNTIL_CASES,
        "big_change_stops",
    ),
    (
        ex.check_descend_until,
        until(lambda before, after, tol, *_: abs(before - after) > tol),
        UNTIL_CASES,
        "big_change_stops",
    ),
    (
        ex.check_descend_until,
        until(lambda before, after, tol, *_: abs(after - after) < tol),
        UNTIL_CASES,
        "big_change_stops",
    ),
    (
        ex.check_descend_until,
        until(lambda before, after, tol, *_: abs(before - after) <= tol),
        UNTIL_CASES,
        "boundary",
    ),
    (ex.check_descend_until, until(max_first=True), UNTIL_CASES, "rule_order"),
    (ex.check_descend_until, until_by_counting, UNTIL_CASES, "rule_order"),
    (
        ex.check_descend_until,
        until(lambda before, after, tol, *_: after < tol),
        UNTIL_CASES,
        "loss_not_change",
    ),
    (
        ex.check_descend_until,
        until(lambda before, after, tol, ws, grad, start: abs(start - after) < tol),
        UNTIL_CASES,
        "change_from_start",
    ),
    (
        ex.check_descend_until,
        until(lambda before, after, tol, ws, *_: abs(ws[-2] - ws[-1]) < tol),
        UNTIL_CASES,
        "weight_change",
    ),
    (
        ex.check_descend_until,
        until(lambda before, after, tol, ws, grad, start: abs(grad(ws[-1])) < tol),
        UNTIL_CASES,
        "slope_rule",
    ),
    (ex.check_descend_until, until(drop_last=True), UNTIL_CASES, "last_not_recorded"),
    (ex.check_descend_until, until(extra=1), UNTIL_CASES, "off_by_one"),
    (ex.check_descend_until, until(extra=-1), UNTIL_CASES, "off_by_one"),
    (ex.check_descend_until, until(reasons=ex.REASONS[::-1]), UNTIL_CASES, "swapped_reasons"),
    (ex.check_descend_until, until(sign=-1), UNTIL_CASES, "wrong_step"),
    (ex.check_descend_until, until_grad_loss, UNTIL_CASES, "wrong_step"),
    (ex.check_descend_until, until_forever, UNTIL_CASES, "endless"),
    (ex.check_descend_until, until_by_gdkit, UNTIL_CASES, "reference_used"),
    (ex.check_descend_until, reason_only, UNTIL_CASES, "not_a_pair"),
    (ex.check_descend_until, weights_only, UNTIL_CASES, "not_a_pair"),
    (ex.check_descend_until, reason_first, UNTIL_CASES, "reason_first"),
    (ex.check_descend_until, converged, UNTIL_CASES, "unknown_reason"),
    (ex.check_descend_until, as_column, UNTIL_CASES, "shape"),
    (ex.check_descend_until, lambda *case: None, UNTIL_CASES, "none"),
    (ex.check_descend_until, "descend_until", UNTIL_CASES, "not_a_function"),
]


@pytest.mark.parametrize(
    ("check", "answer", "kind"),
    [
        pytest.param(row[0], row[1:-1], row[-1], id=f"{row[0].__name__[6:]}-{row[-1]}-{i}")
        for i, row in enumerate(WRONG)
    ],
)
def test_each_slip_gets_its_kind_and_no_answer(check, answer, kind):
    caught = failure(check, *answer)
    assert caught.kind == kind, str(caught)
    assert shows_no_answer(str(caught)), str(caught)


def test_a_change_of_exactly_tol_is_exact_in_the_boundary_case():
    """Case 3's second step changes the bowl's loss by exactly tol (0.75) in binary."""
    loss, grad, w0, eta, tol, _ = UNTIL_CASES[2]
    w1 = w0 - eta * grad(w0)
    w2 = w1 - eta * grad(w1)
    assert abs(loss(w1) - loss(w2)) == tol


def test_a_right_run_that_warns_fails_with_the_warning():
    def warns(*case):
        np.exp(1000.0)  # overflows: a RuntimeWarning
        return until_loop(*case)

    assert failure(ex.check_descend_until, warns, UNTIL_CASES[:1]).kind == "warning"


def test_a_later_case_failing_reports_the_earlier_wrong_one():
    """A run that is wrong in case 1 and raises in case 4 is named from case 1."""
    caught = failure(ex.check_descend_until, until_grad_loss, UNTIL_CASES)
    assert caught.kind == "wrong_step" and "case 1 of 5" in str(caught)


def test_an_unnamed_wrong_run_says_what_differs_first():
    """A tolerance ten times too strict is no declared slip: it takes too many steps."""
    strict = until(lambda before, after, tol, *_: abs(before - after) < tol / 10)
    assert failure(ex.check_descend_until, strict, UNTIL_CASES).kind == "too_many_steps"


def test_a_run_without_steps_does_not_make_eta_look_ignored():
    """With n_steps = 0 every descend returns [w0]: that case says nothing about eta."""
    shrunk = path_of(lambda w, g, eta: w - eta * g(w) / 2)  # unnamed: half of every step
    assert failure(ex.check_descend, shrunk, DESCEND_CASES).kind == "value"

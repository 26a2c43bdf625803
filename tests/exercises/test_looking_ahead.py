"""Do the checks of assignment 10 pass right answers, name each slip and hide the answer?

The references are tested in tests/test_momentum.py and tests/test_newton.py; here every
likely wrong answer, run on the notebook's visible inputs, must fail with its own kind.
"""

from __future__ import annotations

import numpy as np
import pytest
from failing import assert_hides, failure

from gdkit import data, losses, momentum, newton
from gdkit.descent import gradient_descent
from gdkit.exercises import looking_ahead as ex

# ---------------------------------------------------------------------------- Exercise 1

VALLEY_LOSS, VALLEY_GRAD = ex.valley([1.0, 25.0])
W_START = np.array([-4.0, 1.0])
MOMENTUM_CASES = [  # the notebook's visible cases
    (VALLEY_LOSS, VALLEY_GRAD, W_START, 0.05, 0.6, 5),
    (VALLEY_LOSS, VALLEY_GRAD, np.array([3.0, -0.5]), 0.03, 0.8, 8),
    (VALLEY_LOSS, VALLEY_GRAD, np.zeros(2), 0.07, 0.6, 4),  # starts at the minimum
]


def heavy_ball(v, g, beta):
    return beta * v + g


def loop(
    *,
    velocity=heavy_ball,
    weights_first=False,
    uphill=False,
    start=0,
    first_v=lambda grad, w: np.zeros(len(w)),
    extra=0,
    steps=None,
    stop=lambda loss, w: False,
    returns=np.array,
):
    """A student's momentum_descent, built from the pieces a slip changes: ``first_v(grad,
    w0)`` is the velocity it starts from, ``steps`` fixes the number of steps,
    ``stop(loss, w)`` ends the loop early, ``returns(record)`` is what it gives back."""

    def momentum_descent(loss, grad, w0, eta, beta, n_steps):
        w = np.array(w0, dtype=float)
        v = first_v(grad, w)
        record = [w]
        for _ in range((n_steps if steps is None else steps) + extra):
            if weights_first:
                w = w - eta * v
            v = velocity(v, grad(w), beta)
            if not weights_first:
                w = w + eta * v if uphill else w - eta * v
            record.append(w)
            if stop(loss, w):
                break
        return returns(record[start:])

    return momentum_descent


def endless(loss, grad, w0, eta, beta, n_steps):
    w, v, i, record = w0, 0.0, 0, [w0]
    while i < n_steps:  # i never grows
        v = beta * v + grad(w)
        w = w - eta * v
        record.append(w)
    return np.array(record)


def unfilled(loss, grad, w0, eta, beta, n_steps):
    """Fills an array made beforehand, all but its last row."""
    record = np.full((n_steps + 1, len(w0)), np.nan)
    record[0] = w0
    w, v = w0, 0.0
    for i in range(1, n_steps):
        v = beta * v + grad(w)
        w = w - eta * v
        record[i] = w
    return record


def in_place(loss, grad, w0, eta, beta, n_steps):
    w, v, record = w0, 0.0, [w0.copy()]
    for _ in range(n_steps):
        v = beta * v + grad(w)
        w -= eta * v
        record.append(w.copy())
    return np.array(record)


def final_only(loss, grad, w0, eta, beta, n_steps):
    return loop()(loss, grad, w0, eta, beta, n_steps)[-1]


def same_array(loss, grad, w0, eta, beta, n_steps):
    w, v = np.array(w0, dtype=float), np.zeros(len(w0))
    record = [w]
    for _ in range(n_steps):
        v = beta * v + grad(w)
        w -= eta * v
        record.append(w)
    return np.array(record)


def as_list(loss, grad, w0, eta, beta, n_steps):
    return list(loop()(loss, grad, w0, eta, beta, n_steps))


def calls_gdkit(loss, grad, w0, eta, beta, n_steps):
    return momentum.momentum_descent(loss, grad, w0, eta, beta, n_steps=n_steps).weights


def test_the_right_loop_passes_on_the_notebooks_inputs_and_the_heart_neuron():
    heart_loss, heart_grad = ex.heart_neuron()
    cases = [*MOMENTUM_CASES, (heart_loss, heart_grad, np.zeros(5), 1.0, 0.5, 12)]
    ex.check_momentum_descent(loop(), cases)


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (loop(velocity=lambda v, g, beta: g), "no_velocity"),
        (loop(velocity=lambda v, g, beta: v + beta * g), "beta_on_gradient"),
        (loop(velocity=lambda v, g, beta: beta * g), "beta_on_gradient"),
        (loop(velocity=lambda v, g, beta: beta * v + (1 - beta) * g), "other_form"),
        (loop(weights_first=True), "weights_first"),
        (loop(first_v=lambda grad, w: grad(w)), "velocity_start"),  # v = 0 was meant
        (loop(uphill=True), "sign"),
        (loop(velocity=lambda v, g, beta: beta * v - g), "sign"),
        (final_only, "final_only"),
        (loop(start=1), "no_start"),
        (same_array, "same_array"),
        (loop(extra=1), "step_count"),
        (loop(extra=-1), "step_count"),
        (calls_gdkit, "reference_used"),
        (as_list, "not_an_array"),
        (loop(returns=lambda record: np.array(record).T), "transposed"),
        (loop(returns=lambda record: np.array([VALLEY_LOSS(w) for w in record])), "losses"),
        (loop(steps=5), "stops_early"),
        (loop(stop=lambda loss, w: loss(w) < 1e-8), "stops_early"),
        (endless, "endless"),
        (unfilled, "not_finite"),
        (in_place, "in_place"),
    ],
)
def test_each_momentum_slip_is_named(answer, kind):
    caught = failure(ex.check_momentum_descent, answer, MOMENTUM_CASES)
    assert caught.kind == kind
    expected = momentum.momentum_descent(*MOMENTUM_CASES[0][:5], n_steps=5).weights
    assert_hides(str(caught), [expected[1:]])


def test_a_sign_slip_points_at_both_updates_not_only_the_weights():
    for answer in (loop(uphill=True), loop(velocity=lambda v, g, beta: beta * v - g)):
        message = str(failure(ex.check_momentum_descent, answer, MOMENTUM_CASES))
        assert "v = beta * v + grad(w)" in message
        assert "w = w - eta * v" in message


def test_momentum_messages_fit_momentum():
    """No hint about X, X.T, standard deviations or logs, which momentum has none of."""
    answers = [unfilled, in_place, loop(returns=lambda record: np.array(record).T)]
    for answer in answers:
        message = str(failure(ex.check_momentum_descent, answer, MOMENTUM_CASES))
        assert "X" not in message.replace("NaN", "")
        assert "log" not in message
        assert "deviation" not in message
    assert "w0 = w0.copy()" in str(failure(ex.check_momentum_descent, in_place, MOMENTUM_CASES))


def test_a_transposed_record_with_another_slip_is_told_so_in_momentums_terms():
    answer = loop(uphill=True, returns=lambda record: np.array(record).T)
    caught = failure(ex.check_momentum_descent, answer, MOMENTUM_CASES)
    assert caught.kind == "shape"
    assert "transposed" in str(caught) and "X" not in str(caught)


def test_plain_gradient_descent_from_gdkit_is_refused():
    def plain(loss, grad, w0, eta, beta, n_steps):
        return gradient_descent(loss, grad, w0, eta, n_steps=n_steps).weights

    assert failure(ex.check_momentum_descent, plain, MOMENTUM_CASES).kind == "reference_used"


# ---------------------------------------------------------------------------- Exercise 2

HEART = data.load_heart()
X_HEART = losses.add_intercept(data.standardize(HEART.X[:, [0, 1, 4, 5]])[0])
NEWTON_CASES = [  # not w = 0 first: there w + step and the step itself are the same
    (np.array([0.5, -1.0, 0.5, 1.0, 0.5]), X_HEART, HEART.y),
    (np.zeros(5), X_HEART, HEART.y),
]


def step(formula):
    """A student's newton_step whose new weights are ``formula(w, g, H, n, X, y)``."""

    def newton_step(w, X, y):
        n = len(y)
        g = X.T @ (losses.sigmoid(X @ w) - y) / n
        return formula(w, g, newton.log_loss_hessian(w, X), n, X, y)

    return newton_step


@pytest.mark.parametrize(
    "formula",
    [
        lambda w, g, H, n, X, y: w - np.linalg.solve(H, g),
        lambda w, g, H, n, X, y: w - np.linalg.inv(H) @ g,
        lambda w, g, H, n, X, y: w - np.linalg.lstsq(H, g)[0],
    ],
)
def test_a_right_newton_step_passes(formula):
    ex.check_newton_step(step(formula), NEWTON_CASES)


@pytest.mark.parametrize(
    ("formula", "kind"),
    [
        (lambda w, g, H, n, X, y: w + np.linalg.solve(H, g), "sign"),
        (lambda w, g, H, n, X, y: w - H @ g, "not_inverted"),
        (lambda w, g, H, n, X, y: w - g, "no_hessian"),
        (lambda w, g, H, n, X, y: w - g / H, "elementwise"),
        (lambda w, g, H, n, X, y: np.linalg.solve(H, g), "step_only"),
        (lambda w, g, H, n, X, y: w - np.linalg.solve(H, n * g), "sum_for_mean"),
        (lambda w, g, H, n, X, y: w - np.linalg.solve(n * H, g), "mean_for_sum"),
        (
            lambda w, g, H, n, X, y: w - np.linalg.solve(H, losses.log_loss_grad(w, X, y)),
            "reference_used",
        ),
        (lambda w, g, H, n, X, y: newton.newton_step(w, X, y), "reference_used"),
        (lambda w, g, H, n, X, y: w - np.linalg.solve(g, H), "solve_order"),
        (
            lambda w, g, H, n, X, y: w - np.linalg.solve(newton.log_loss_hessian(X, w), g),
            "argument_order",
        ),
        (lambda w, g, H, n, X, y: -np.linalg.solve(H, g), "step_only"),
        (lambda w, g, H, n, X, y: w - np.linalg.solve(H, g) / 2, "half_step"),
        (lambda w, g, H, n, X, y: w - np.linalg.solve(H, g * n / len(w)), "over_weights"),
        (
            lambda w, g, H, n, X, y: w - np.linalg.solve(H, X.T @ (X @ w - y) / n),
            "no_sigmoid",
        ),
        (lambda w, g, H, n, X, y: w - np.linalg.solve(X.T @ X / n, g), "own_hessian"),
        (
            lambda w, g, H, n, X, y: (
                w - np.linalg.solve(X.T @ (losses.sigmoid(X @ w)[:, None] * X) / n, g)
            ),
            "own_hessian",
        ),
        (lambda w, g, H, n, X, y: list(w - np.linalg.solve(H, g)), "not_an_array"),
        (lambda w, g, H, n, X, y: w - np.linalg.solve(H, g) / 0.0, "not_finite"),
    ],
)
def test_each_newton_slip_is_named(formula, kind):
    caught = failure(ex.check_newton_step, step(formula), NEWTON_CASES)
    assert caught.kind == kind
    assert "X.T" not in str(caught) and "deviation" not in str(caught)
    assert_hides(str(caught), [newton.newton_step(*case) for case in NEWTON_CASES])


def test_a_step_that_changes_w_in_place_is_told_to_copy_w():
    def newton_step(w, X, y):
        g = X.T @ (losses.sigmoid(X @ w) - y) / len(y)
        w -= np.linalg.solve(newton.log_loss_hessian(w, X), g)
        return w

    caught = failure(ex.check_newton_step, newton_step, NEWTON_CASES)
    assert caught.kind == "in_place"
    assert "`w`" in str(caught) and "w = w.copy()" in str(caught)


# ---------------------------------------------------------------------------- Exercise 3

STEPS_CASES = [  # the notebook's visible cases
    ([5.0, 4.5, 0.9, 1.4, 0.6, 0.3, 0.1], 0.0, 1.0),
    (np.array([4.0, 2.0, 1.5, 1.2, 1.1]), 1.0, 1.5),
    ([3.5, 2.5, 2.25, 2.0625], 2.0, 0.25),
    ([4.0, 0.5, 0.1], 0.0, 5.0),
    ([4.0, 2.0, 1.5], 1.0, 0.25),
    ([3.0, 0.5, 0.2, np.nan], 0.0, 1.0),  # a run that diverged
]


def below(trace, lowest, tol):
    return np.asarray(trace) - lowest < tol


def counting(*, within=below, shift=0, first=False, never=lambda trace: None, returns=int):
    """A student's steps_to_tol, built from the pieces a slip changes."""

    def steps_to_tol(trace, lowest, tol):
        inside = within(trace, lowest, tol)
        if not inside[-1]:
            return never(trace)
        if first:
            return int(np.argmax(inside))
        k = len(inside)
        while k > 0 and inside[k - 1]:
            k -= 1
        return returns(k + shift)

    return steps_to_tol


def small_change(trace, lowest, tol):
    """Assignment 2's rule."""
    for i in range(1, len(trace)):
        if abs(trace[i] - trace[i - 1]) < tol:
            return i
    return None


def list_only(trace, lowest, tol):
    if not trace[-1] - lowest < tol:
        return None
    outside = [loss for loss in trace if not loss - lowest < tol]
    return trace.index(outside[-1]) + 1 if outside else 0


def shifted_in_place(trace, lowest, tol):
    trace[:] = np.asarray(trace) - lowest
    return counting()(trace, 0.0, tol)


def no_progress(trace, lowest, tol):
    inside = below(trace, lowest, tol)
    k = len(inside)
    while k > 0 and inside[k - 1]:
        pass
    return k


def test_the_right_count_passes():
    ex.check_steps_to_tol(counting(), STEPS_CASES)
    ex.check_steps_to_tol(counting(returns=np.int64), STEPS_CASES)  # a NumPy integer is fine
    assert ex._steps_to_tol(*STEPS_CASES[0]) == 4  # the loss goes back above tol at step 3


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (counting(first=True), "first_touch"),
        (counting(shift=-1), "off_by_one"),
        (counting(shift=1), "off_by_one"),
        (counting(within=lambda trace, lowest, tol: np.asarray(trace) < tol), "no_lowest"),
        (counting(within=lambda trace, lowest, tol: np.asarray(trace) - lowest <= tol), "boundary"),
        (counting(never=len), "never_reached"),
        (counting(never=lambda trace: -1), "never_reached"),
        (
            counting(within=lambda trace, lowest, tol: ~(np.asarray(trace) - lowest >= tol)),
            "nan_within",
        ),
        (counting(returns=float), "not_an_int"),
        (counting(returns=lambda k: None if k == 0 else k), "none"),
        (counting(returns=lambda k: list(range(k))), "not_a_number"),
        (lambda trace, lowest, tol: ex._how_many_within(trace, lowest, tol), "count_within"),
        (small_change, "loss_change"),
        (list_only, "raised"),
        (shifted_in_place, "in_place"),
        (no_progress, "endless"),
    ],
)
def test_each_counting_slip_is_named(answer, kind):
    caught = failure(ex.check_steps_to_tol, answer, STEPS_CASES)
    assert caught.kind == kind
    message = str(caught)
    counts = [ex._steps_to_tol(*case) for case in STEPS_CASES]
    assert not any(f"returned {k}" in message for k in counts if k is not None)
    assert "losses`" not in message and "the mean" not in message  # the argument is `trace`
    assert "called with trace:" in message or kind == "raised"
    assert "forget" not in message or kind != "none" or "0 if every loss" in message

"""Do the checks of assignment 01 pass right answers and name each likely slip?

The cases are the notebook's visible ones. Every wrong answer must fail with its own
kind, and no message may show the right value.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from failing import failure

from gdkit import losses
from gdkit.exercises import neuron_and_loss as ex

# ---------------------------------------------------------------------------- the notebook's cases

X_SQUARE = np.array([[1.0, 2.0, -1.0], [1.0, -1.0, 0.5], [1.0, 0.5, 3.0]])
X_DEMO = np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.5], [1.0, 3.0], [1.0, -2.0]])
LINEAR_CASES = [(np.array([0.5, 2.0, -1.0]), X_SQUARE), (np.array([0.5, 2.0]), X_DEMO)]

SIGMOID_INPUTS = [np.array([-2.0, 0.0, 2.0]), 0.5, np.array([-1000.0, 1000.0])]

# n = 5 examples and p = 3 weights first: a division by p is then not one by 2
X_THREE = np.array(
    [[1.0, 2.0, 0.5], [1.0, -1.0, 1.5], [1.0, 0.5, -1.0], [1.0, 3.0, 0.0], [1.0, -2.0, 2.5]]
)
Y_MSE = np.array([3.0, -1.0, 1.0, 7.5, -2.0])
MSE_CASES = [(np.array([0.5, 2.0, -1.0]), X_THREE, Y_MSE), (np.array([0.5, 2.0]), X_DEMO, Y_MSE)]

X_LOG = np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.5], [1.0, 3.0], [1.0, -2.5]])
Y_LOG = np.array([1.0, 0.0, 0.0, 1.0, 1.0])
LOG_LOSS_CASES = [
    (np.array([0.5, -1.0, 0.3]), X_THREE, Y_LOG),
    (np.array([0.5, -1.0]), X_LOG, Y_LOG),
    (np.array([0.0, 300.0]), X_LOG, Y_LOG),
]

X_ACC = losses.add_intercept(np.array([1.25, -1.25, -0.125, -0.25, -0.5, -0.05, -0.75, 19.75]))
Y_ACC = np.array([1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0])
ACCURACY_CASES = [(np.array([0.5, 2.0]), X_ACC, Y_ACC)]  # the last z is 40: p is exactly 1

X_CURVE = losses.add_intercept(np.array([-1.5, -0.5, 0.0, 0.5, 1.0, 2.0, 2.5]))
Y_CURVE = np.array([1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0])
CURVE_CASES = [(np.array([-1.0, 0.0, 2.0]), 0.3, X_CURVE, Y_CURVE)]
GRID = np.linspace(-4, 3, 141)


def right_values() -> dict[str, np.ndarray]:
    """What each check expects on its cases: never to be shown in a message."""
    return {
        "linear_neuron": np.concatenate([w_X[1] @ w_X[0] for w_X in LINEAR_CASES]),
        "sigmoid": np.concatenate([np.ravel(losses.sigmoid(z)) for z in SIGMOID_INPUTS]),
        "mse": np.array([losses.mse(*c) for c in MSE_CASES]),
        "log_loss": np.array([losses.log_loss(*c) for c in LOG_LOSS_CASES]),
        "accuracy": np.array([ex.reference_accuracy(*c) for c in ACCURACY_CASES]),
        "loss_curve": np.concatenate([ex._loss_curve(*c) for c in CURVE_CASES]),
    }


def shows_no_answer(message: str, values: np.ndarray) -> bool:
    """No right value appears in the message, in any usual rounding.

    Whole and half numbers (0.5 = sigmoid(0), say) are left out: they are also inputs.
    """
    shown = [
        text
        for v in np.ravel(values)
        if 2 * v != round(2 * v)
        for text in {f"{v:.2f}", f"{v:.3g}", f"{v:.4f}", repr(float(v))}
    ]
    return not any(text in message for text in shown)


# ---------------------------------------------------------------------------- right answers


def stable_sigmoid(z):
    z = np.asarray(z, dtype=float)
    u = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + u), u / (1.0 + u))


def stable_log_loss(w, X, y):
    z = X @ w
    return float(np.mean(y * np.logaddexp(0.0, -z) + (1 - y) * np.logaddexp(0.0, z)))


def right_loss_curve(w1_grid, w0, X, y):
    return [stable_log_loss(np.array([w0, w1]), X, y) for w1 in w1_grid]


RIGHT = [
    pytest.param(ex.check_linear_neuron, lambda w, X: X @ w, LINEAR_CASES, id="linear-matmul"),
    pytest.param(ex.check_linear_neuron, lambda w, X: w @ X.T, LINEAR_CASES, id="linear-w@X.T"),
    pytest.param(
        ex.check_linear_neuron, lambda w, X: np.sum(X * w, axis=1), LINEAR_CASES, id="linear-sum"
    ),
    pytest.param(ex.check_sigmoid, stable_sigmoid, SIGMOID_INPUTS, id="sigmoid-where"),
    pytest.param(
        ex.check_sigmoid,
        lambda z: np.exp(-np.logaddexp(0.0, -np.asarray(z))),
        SIGMOID_INPUTS,
        id="sigmoid-logaddexp",
    ),
    pytest.param(ex.check_mse, lambda w, X, y: np.mean((y - X @ w) ** 2), MSE_CASES, id="mse-mean"),
    pytest.param(
        ex.check_mse,
        lambda w, X, y: (X @ w - y) @ (X @ w - y) / len(y),
        MSE_CASES,
        id="mse-dot",
    ),
    pytest.param(ex.check_log_loss, stable_log_loss, LOG_LOSS_CASES, id="log_loss"),
    pytest.param(
        ex.check_accuracy,
        lambda w, X, y: np.mean((stable_sigmoid(X @ w) >= 0.5) == y),
        ACCURACY_CASES,
        id="accuracy-p",
    ),
    pytest.param(
        ex.check_accuracy,
        lambda w, X, y: np.mean((X @ w >= 0) == (y == 1)),
        ACCURACY_CASES,
        id="accuracy-z",
    ),
    pytest.param(ex.check_loss_curve, right_loss_curve, CURVE_CASES, id="loss_curve-list"),
]


@pytest.mark.parametrize(("check", "answer", "cases"), RIGHT)
def test_right_answers_pass(check, answer, cases):
    check(answer, cases)


def clipped_exp_sigmoid(z):
    """Never overflows: e^(-z) of z clipped to [-500, 500] is finite."""
    return 1 / (1 + np.exp(-np.clip(z, -500.0, 500.0)))


def test_a_sigmoid_that_never_overflows_passes_in_any_form():
    ex.check_sigmoid(clipped_exp_sigmoid, SIGMOID_INPUTS)


def test_the_right_best_w1_passes():
    curve = ex._loss_curve(GRID, 0.3, X_CURVE, Y_CURVE)
    ex.check_best_w1(GRID[np.argmin(curve)], GRID, 0.3, X_CURVE, Y_CURVE)


# ---------------------------------------------------------------------------- wrong answers


def naive_sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_where_both(z):
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


def sigmoid_by_masks(z):
    out = np.empty_like(z)
    out[z >= 0] = 1 / (1 + np.exp(-z[z >= 0]))
    out[z < 0] = np.exp(z[z < 0]) / (1 + np.exp(z[z < 0]))
    return out


def sigmoid_in_place(z):
    z = np.asarray(z, dtype=float)
    negative = z < 0
    z[negative] = np.exp(z[negative]) / (1 + np.exp(z[negative]))
    z[~negative] = 1 / (1 + np.exp(-z[~negative]))
    return z


def sigmoid_with_if(z):
    if z >= 0:
        return 1 / (1 + np.exp(-z))
    return np.exp(z) / (1 + np.exp(z))


def sigmoid_without_abs(z):
    u = np.exp(-z)
    return np.where(z >= 0, 1 / (1 + u), u / (1 + u))


def silenced_sigmoid(z):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-z))


exp = np.exp  # a notebook's `from numpy import exp`


def silenced_exp_sigmoid(z):
    with np.errstate(over="ignore"):
        return 1 / (1 + exp(-z))


def clipped_log_loss(w, X, y):
    p = np.clip(stable_sigmoid(X @ w), 1e-15, 1 - 1e-15)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def naive_log_loss(w, X, y):
    p = 1 / (1 + np.exp(-(X @ w)))
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def log_loss_base_10(w, X, y):
    p = stable_sigmoid(X @ w)
    return -np.mean(y * np.log10(p) + (1 - y) * np.log10(1 - p))


def curve_of(loss: Callable[..., float], weights: Callable[[float, float], list[float]]):
    """A loss curve built from ``loss`` with the weights arranged by ``weights(w0, w1)``."""
    return lambda w1_grid, w0, X, y: np.array(
        [loss(np.array(weights(w0, w1)), X, y) for w1 in w1_grid]
    )


X_OTHER, Y_OTHER = X_CURVE[:4], Y_CURVE[:4]  # the notebook's X_heart, y_heart, say


def own_mse(w, X, y):
    return np.mean((X @ w - y) ** 2)


def on_other_data(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn(w, X, y)`` computed on the notebook's data (here X_CURVE, Y_CURVE), not its own."""
    return lambda w, X, y: fn(w[:2], X_CURVE, Y_CURVE)


WRONG = [
    # Exercise 1
    (ex.check_linear_neuron, lambda w, X: (X @ w).reshape(-1, 1), LINEAR_CASES, "shape"),
    (ex.check_linear_neuron, lambda w, X: None, LINEAR_CASES, "none"),
    (ex.check_linear_neuron, lambda w, X: X.T @ w, LINEAR_CASES, "transposed"),
    (ex.check_linear_neuron, lambda w, X: w @ X, LINEAR_CASES, "transposed"),
    (ex.check_linear_neuron, lambda w, X: X.T @ w, LINEAR_CASES[1:], "matmul_shapes"),
    (ex.check_linear_neuron, lambda w, X: X * w, LINEAR_CASES, "elementwise"),
    (ex.check_linear_neuron, lambda w, X: np.sum(X * w), LINEAR_CASES, "sum_all"),
    (ex.check_linear_neuron, lambda w, X: stable_sigmoid(X @ w), LINEAR_CASES, "activation"),
    (ex.check_linear_neuron, lambda w, X: w[0] + X @ w, LINEAR_CASES, "intercept_twice"),
    (ex.check_linear_neuron, lambda w, X: X[:, 1:] @ w[1:], LINEAR_CASES, "no_intercept"),
    (ex.check_linear_neuron, lambda w, X: w[0] + w[1] * X[:, 1], LINEAR_CASES, "fixed_p"),
    # Exercise 2
    (ex.check_sigmoid, naive_sigmoid, SIGMOID_INPUTS, "warning"),
    (ex.check_sigmoid, sigmoid_where_both, SIGMOID_INPUTS, "warning"),
    (ex.check_sigmoid, lambda z: 1 - stable_sigmoid(z), SIGMOID_INPUTS, "swapped"),
    (ex.check_sigmoid, lambda z: np.exp(-np.logaddexp(0.0, z)), SIGMOID_INPUTS, "swapped"),
    (
        ex.check_sigmoid,
        lambda z: np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))),
        SIGMOID_INPUTS,
        "one_branch",
    ),
    (ex.check_sigmoid, lambda z: 1 / (1 + np.exp(-np.abs(z))), SIGMOID_INPUTS, "one_branch"),
    (ex.check_sigmoid, sigmoid_by_masks, SIGMOID_INPUTS, "number"),
    (ex.check_sigmoid, sigmoid_in_place, SIGMOID_INPUTS, "in_place"),
    (ex.check_sigmoid, sigmoid_with_if, SIGMOID_INPUTS, "if_on_array"),
    (ex.check_sigmoid, lambda z: 1 / (1 + math.exp(-z)), SIGMOID_INPUTS, "scalar_only"),
    (ex.check_sigmoid, sigmoid_without_abs, SIGMOID_INPUTS, "one_branch"),
    (ex.check_sigmoid, lambda z: np.exp(z) / (1 + np.exp(z)), SIGMOID_INPUTS, "not_finite"),
    (ex.check_sigmoid, lambda z: losses.sigmoid(z), SIGMOID_INPUTS, "reference_used"),
    (ex.check_sigmoid, losses.sigmoid, SIGMOID_INPUTS, "reference_used"),
    (ex.check_sigmoid, silenced_sigmoid, SIGMOID_INPUTS, "overflow_hidden"),
    (ex.check_sigmoid, silenced_exp_sigmoid, SIGMOID_INPUTS, "overflow_hidden"),
    # Exercise 3
    (ex.check_mse, lambda w, X, y: np.sum((X @ w - y) ** 2), MSE_CASES, "sum_for_mean"),
    (ex.check_mse, lambda w, X, y: np.mean((X @ w - y) ** 2) / 2, MSE_CASES, "half"),
    (
        ex.check_mse,
        lambda w, X, y: np.sum((X @ w - y) ** 2) / (len(y) - 1),
        MSE_CASES,
        "n_minus_1",
    ),
    (ex.check_mse, lambda w, X, y: np.mean(np.abs(X @ w - y)), MSE_CASES, "abs_for_square"),
    (ex.check_mse, lambda w, X, y: np.mean(X @ w - y), MSE_CASES, "no_square"),
    (ex.check_mse, lambda w, X, y: np.mean(X @ w - y) ** 2, MSE_CASES, "square_of_mean"),
    (
        ex.check_mse,
        lambda w, X, y: np.sqrt(np.mean((X @ w - y) ** 2)),
        MSE_CASES,
        "root_of_mean",
    ),
    (
        ex.check_mse,
        lambda w, X, y: np.mean((X @ w.reshape(-1, 1) - y) ** 2),
        MSE_CASES,
        "broadcast",
    ),
    (ex.check_mse, lambda w, X, y: np.mean((X @ w - y[:, None]) ** 2), MSE_CASES, "broadcast"),
    (ex.check_mse, lambda w, X, y: (X @ w - y) ** 2, MSE_CASES, "shape"),
    (ex.check_mse, lambda w, X, y: np.mean((X @ w - y) ^ 2), MSE_CASES, "xor_for_power"),
    (ex.check_mse, lambda w, X, y: losses.mse(w, X, y), MSE_CASES, "reference_used"),
    (ex.check_mse, losses.mse, MSE_CASES, "reference_used"),
    (
        ex.check_mse,
        lambda w, X, y: np.sum((X @ w - y) ** 2) / X.shape[1],
        MSE_CASES,
        "divides_by_p",
    ),
    (ex.check_mse, lambda w, X, y: np.sum((X @ w - y) ** 2) / 2, MSE_CASES, "sum_over_2"),
    (ex.check_mse, on_other_data(own_mse), MSE_CASES, "globals"),
    # Exercise 4
    (
        ex.check_log_loss,
        lambda w, X, y: stable_log_loss(w, X, 1 - y),
        LOG_LOSS_CASES,
        "swapped_labels",
    ),
    (
        ex.check_log_loss,
        lambda w, X, y: len(y) * stable_log_loss(w, X, y),
        LOG_LOSS_CASES,
        "sum_for_mean",
    ),
    (ex.check_log_loss, naive_log_loss, LOG_LOSS_CASES, "not_finite"),
    (ex.check_log_loss, lambda w, X, y: -stable_log_loss(w, X, y), LOG_LOSS_CASES, "sign"),
    (
        ex.check_log_loss,
        lambda w, X, y: np.mean(y * np.logaddexp(0, -(X @ w))),
        LOG_LOSS_CASES,
        "one_term",
    ),
    (
        ex.check_log_loss,
        lambda w, X, y: np.mean((1 - y) * np.logaddexp(0, X @ w)),
        LOG_LOSS_CASES,
        "one_term",
    ),
    (
        ex.check_log_loss,
        lambda w, X, y: np.mean(y * np.logaddexp(1, -(X @ w)) + (1 - y) * np.logaddexp(1, X @ w)),
        LOG_LOSS_CASES,
        "logaddexp_one",
    ),
    (ex.check_log_loss, log_loss_base_10, LOG_LOSS_CASES[:1], "log_base"),
    (
        ex.check_log_loss,
        lambda w, X, y: stable_log_loss(w, X, y) / np.log(2),
        LOG_LOSS_CASES,
        "log_base",
    ),
    (
        ex.check_log_loss,
        lambda w, X, y: np.mean((stable_sigmoid(X @ w) - y) ** 2),
        LOG_LOSS_CASES,
        "squared_error",
    ),
    (ex.check_log_loss, lambda w, X, y: losses.log_loss(w, X, y), LOG_LOSS_CASES, "reference_used"),
    (
        ex.check_log_loss,
        lambda w, X, y: len(y) * stable_log_loss(w, X, y) / len(w),
        LOG_LOSS_CASES,
        "divides_by_p",
    ),
    (
        ex.check_log_loss,
        lambda w, X, y: len(y) * stable_log_loss(w, X, y) / 2,
        LOG_LOSS_CASES,
        "sum_over_2",
    ),
    (ex.check_log_loss, lambda w, X, y: stable_log_loss(w, X, y) / 2, LOG_LOSS_CASES, "half"),
    (ex.check_log_loss, clipped_log_loss, LOG_LOSS_CASES, "clipped"),
    # Exercise 5
    (
        ex.check_accuracy,
        lambda w, X, y: np.mean((X @ w >= 0.5) == y),
        ACCURACY_CASES,
        "threshold_on_z",
    ),
    (
        ex.check_accuracy,
        lambda w, X, y: np.mean((stable_sigmoid(X @ w) > 0.5) == y),
        ACCURACY_CASES,
        "strict",
    ),
    (
        ex.check_accuracy,
        lambda w, X, y: np.mean(np.round(stable_sigmoid(X @ w)) == y),
        ACCURACY_CASES,
        "strict",
    ),
    (
        ex.check_accuracy,
        lambda w, X, y: np.sum((X @ w >= 0) == y),
        ACCURACY_CASES,
        "count",
    ),
    (
        ex.check_accuracy,
        lambda w, X, y: 100 * np.mean((X @ w >= 0) == y),
        ACCURACY_CASES,
        "percent",
    ),
    (
        ex.check_accuracy,
        lambda w, X, y: np.mean((X @ w < 0) == y),
        ACCURACY_CASES,
        "error_rate",
    ),
    (
        ex.check_accuracy,
        lambda w, X, y: np.mean((X @ w >= 0) * y),
        ACCURACY_CASES,
        "true_positives",
    ),
    (
        ex.check_accuracy,
        lambda w, X, y: np.mean(stable_sigmoid(X @ w) == y),
        ACCURACY_CASES,
        "probabilities",
    ),
    (ex.check_accuracy, lambda w, X, y: (X @ w >= 0) == y, ACCURACY_CASES, "per_example"),
    (
        ex.check_accuracy,
        lambda w, X, y: np.sum((X @ w >= 0) == y) // len(y),
        ACCURACY_CASES,
        "floor_division",
    ),
    (
        ex.check_accuracy,
        lambda w, X, y: np.mean((X @ w >= 0) == y.reshape(-1, 1)),
        ACCURACY_CASES,
        "broadcast",
    ),
    (ex.check_accuracy, on_other_data(ex.reference_accuracy), ACCURACY_CASES, "globals"),
    (
        ex.check_accuracy,
        lambda w, X, y: np.mean(stable_sigmoid(X @ w) >= 0.5 == y),
        ACCURACY_CASES,
        "if_on_array",
    ),
    # Exercise 6
    (
        ex.check_loss_curve,
        lambda w1_grid, w0, X, y: right_loss_curve(w1_grid, w0, X_OTHER, Y_OTHER),
        CURVE_CASES,
        "globals",
    ),
    (
        ex.check_loss_curve,
        lambda w1_grid, w0, X, y: right_loss_curve(w1_grid, -0.2, X, y),
        CURVE_CASES,
        "ignores_w0",
    ),
    (
        ex.check_loss_curve,
        curve_of(stable_log_loss, lambda w0, w1: [w1, w0]),
        CURVE_CASES,
        "swapped_weights",
    ),
    (
        ex.check_loss_curve,
        lambda w1_grid, w0, X, y: right_loss_curve(range(len(w1_grid)), w0, X, y),
        CURVE_CASES,
        "index_for_value",
    ),
    (
        ex.check_loss_curve,
        curve_of(losses.mse, lambda w0, w1: [w0, w1]),
        CURVE_CASES,
        "wrong_loss",
    ),
    (
        ex.check_loss_curve,
        lambda w1_grid, w0, X, y: stable_log_loss(np.array([w0, w1_grid[0]]), X, y),
        CURVE_CASES,
        "shape",
    ),
    (
        ex.check_loss_curve,
        curve_of(losses.log_loss, lambda w0, w1: [w0, w1]),
        CURVE_CASES,
        "reference_used",
    ),
]


@pytest.mark.parametrize(
    ("check", "answer", "cases", "kind"),
    [pytest.param(*w, id=f"{w[0].__name__.removeprefix('check_')}-{w[3]}") for w in WRONG],
)
def test_each_likely_slip_is_named_without_the_answer(check, answer, cases, kind):
    caught = failure(check, answer, cases)
    assert caught.kind == kind, str(caught)
    name = check.__name__.removeprefix("check_")
    assert str(caught).startswith(f"`{name}`")
    assert shows_no_answer(str(caught), right_values()[name]), str(caught)


# ---------------------------------------------------------------------------- best_w1


def best_w1_wrongs() -> list:
    curve = ex._loss_curve(GRID, 0.3, X_CURVE, Y_CURVE)
    return [
        (int(np.argmin(curve)), "index"),
        (float(np.min(curve)), "loss_not_weight"),
        (float(GRID[np.argmax(curve)]), "argmax"),
        (float(np.min(GRID)), "grid_min"),
        (None, "none"),
        (GRID[[np.argmin(curve)]], "one_element"),
        (GRID[np.argmin(curve)] + 0.01, "not_on_grid"),  # best[1], between grid points, say
    ]


@pytest.mark.parametrize(("answer", "kind"), best_w1_wrongs())
def test_best_w1_slips_are_named_without_the_answer(answer, kind):
    caught = failure(ex.check_best_w1, answer, GRID, 0.3, X_CURVE, Y_CURVE)
    best = GRID[np.argmin(ex._loss_curve(GRID, 0.3, X_CURVE, Y_CURVE))]
    assert caught.kind == kind, str(caught)
    assert shows_no_answer(str(caught), np.array([best])), str(caught)


# ---------------------------------------------------------------------------- earlier exercises


def test_accuracy_points_to_a_wrong_sigmoid_it_builds_on():
    def wrong_sigmoid(z):
        return 1 - stable_sigmoid(z)

    def accuracy_with(sigmoid):
        return lambda w, X, y: np.mean((sigmoid(X @ w) >= 0.5) == y)

    caught = failure(
        ex.check_accuracy, accuracy_with(wrong_sigmoid), ACCURACY_CASES, sigmoid=wrong_sigmoid
    )
    assert caught.kind == "prerequisite"
    assert "`sigmoid`" in str(caught)
    # an accuracy that does not use the wrong sigmoid passes
    ex.check_accuracy(accuracy_with(naive_sigmoid), ACCURACY_CASES, sigmoid=wrong_sigmoid)


def test_loss_curve_points_to_a_wrong_log_loss_it_builds_on():
    def wrong_log_loss(w, X, y):
        return stable_log_loss(w, X, 1 - y)

    caught = failure(
        ex.check_loss_curve,
        curve_of(wrong_log_loss, lambda w0, w1: [w0, w1]),
        CURVE_CASES,
        log_loss=wrong_log_loss,
    )
    assert caught.kind == "prerequisite"
    assert "`log_loss`" in str(caught)


def test_an_exercise_not_written_yet_says_so_whatever_it_builds_on():
    def not_written(*args):
        raise NotImplementedError()

    caught = failure(ex.check_loss_curve, not_written, CURVE_CASES, log_loss=not_written)
    assert caught.kind == "not_implemented"
    assert "not implemented yet" in str(caught).splitlines()[-1]


def test_an_unknown_error_is_reported_as_raised():
    caught = failure(ex.check_mse, lambda w, X, y: {}["y"], MSE_CASES)
    assert caught.kind == "raised"


def test_watching_np_exp_leaves_it_as_it_was():
    ex.check_sigmoid(stable_sigmoid, SIGMOID_INPUTS)
    failure(ex.check_sigmoid, silenced_exp_sigmoid, SIGMOID_INPUTS)
    assert np.exp is exp and np.exp.__class__ is np.ufunc

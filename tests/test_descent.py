"""The reference gradient descent: where it arrives, why it stops, what it records."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from gdkit.data import load_breast_cancer, load_heart, standardize
from gdkit.descent import STOP_REASONS, History, gradient_descent
from gdkit.losses import add_intercept, log_loss, log_loss_grad, mse, mse_grad


def square(w):
    return (w - 3.0) ** 2


def square_grad(w):
    return 2.0 * (w - 3.0)


def test_linear_regression_reaches_the_least_squares_solution():
    rng = np.random.default_rng(0)
    X = add_intercept(rng.normal(size=(50, 3)))
    y = X @ np.array([1.0, -2.0, 0.5, 3.0]) + rng.normal(scale=0.3, size=50)
    w_star = np.linalg.lstsq(X, y, rcond=None)[0]
    curvature = 2 * np.linalg.eigvalsh(X.T @ X / len(y)).max()  # largest eigenvalue of the Hessian
    h = gradient_descent(lambda w: mse(w, X, y), lambda w: mse_grad(w, X, y), np.zeros(4), 1 / curvature, n_steps=5000, grad_tol=1e-10)  # fmt: skip
    assert h.stopped == "small_gradient"
    np.testing.assert_allclose(h.w, w_star, atol=1e-8)


def sklearn_unpenalized(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Intercept and coefficients of scikit-learn's unpenalized logistic regression.

    ``C=np.inf`` is the unpenalized fit; ``penalty=None`` means the same but is
    deprecated since scikit-learn 1.8.
    """
    model = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(X, y)
    return np.concatenate([model.intercept_, model.coef_.ravel()])


@pytest.mark.parametrize(
    ("dataset", "columns"),
    [(load_heart, None), (load_breast_cancer, ["mean radius", "mean texture", "mean smoothness"])],
)
def test_logistic_descent_on_standardized_features_reaches_sklearn(dataset, columns):
    data = dataset()
    raw = data.X if columns is None else np.column_stack([data.column(c) for c in columns])
    Z, _, _ = standardize(raw)
    X = add_intercept(Z)
    h = gradient_descent(lambda w: log_loss(w, X, data.y), lambda w: log_loss_grad(w, X, data.y), np.zeros(X.shape[1]), 2.0, n_steps=20_000, grad_tol=1e-9)  # fmt: skip
    assert h.stopped == "small_gradient"
    np.testing.assert_allclose(h.w, sklearn_unpenalized(Z, data.y), rtol=1e-5, atol=1e-6)


def test_the_start_is_recorded_and_shapes_follow_the_weights():
    h = gradient_descent(square, square_grad, 0.0, 0.1, n_steps=5)
    assert h.weights.shape == h.loss.shape == h.grad_norm.shape == (6,)
    assert (h.weights[0], h.loss[0], h.grad_norm[0]) == (0.0, 9.0, 6.0)
    assert h.weights[1] == pytest.approx(0.6)  # 0 - 0.1 * (-6)
    assert h.n_steps == 5 and isinstance(h.w, float) and h.w == h.weights[-1]

    A = np.diag([1.0, 4.0])
    h2 = gradient_descent(lambda w: w @ A @ w / 2, lambda w: A @ w, np.array([1.0, 1.0]), 0.1)
    assert h2.weights.shape == (101, 2) and h2.stopped == "max_steps"
    np.testing.assert_allclose(h2.weights[1], [0.9, 0.6])
    np.testing.assert_allclose(h2.grad_norm, np.linalg.norm(h2.weights @ A, axis=1))


def test_scalar_start_gives_float_weights_to_the_functions():
    seen = []

    def grad(w):
        seen.append(type(w))
        return 2 * w

    gradient_descent(lambda w: w * w, grad, 1, 0.1, n_steps=3)
    assert set(seen) == {float}


@pytest.mark.parametrize(
    ("eta", "options", "stopped", "steps"),
    [
        (0.1, {}, "max_steps", 10),
        (0.1, {"tol": 1e-3}, "no_improvement", None),
        (0.1, {"grad_tol": 1e-3}, "small_gradient", None),
        (1.5, {}, "diverged", None),  # |1 - 2 * 1.5| = 2: the distance doubles
        (0.5, {"grad_tol": 1e-3}, "small_gradient", 1),  # exact minimum in one step
    ],
)
def test_stop_reasons(eta, options, stopped, steps):
    h = gradient_descent(square, square_grad, 0.0, eta, n_steps=10 if steps else 1000, **options)
    assert h.stopped == stopped
    if steps is not None:
        assert h.n_steps == steps
    if stopped == "no_improvement":
        assert abs(h.loss[-2] - h.loss[-1]) < options["tol"] <= abs(h.loss[-3] - h.loss[-2])
    if stopped == "small_gradient":
        assert h.grad_norm[-1] < options["grad_tol"] <= h.grad_norm[-2]


def test_small_gradient_at_the_start_takes_no_step():
    h = gradient_descent(square, square_grad, 3.0, 0.1, grad_tol=1e-6)
    assert (h.n_steps, h.stopped) == (0, "small_gradient")


def test_an_increase_does_not_count_as_no_improvement():
    h = gradient_descent(square, square_grad, 0.0, 1.2, n_steps=1000, tol=1e-6)
    assert h.stopped == "diverged"


@pytest.mark.parametrize(
    ("grad", "loss"),
    [
        (lambda w: -np.exp(w), lambda w: np.exp(w)),  # the loss overflows to inf
        (lambda w: -(1.0 + abs(w)), lambda w: 0.0),  # the weights overflow, the loss is 0
        (square_grad, lambda w: np.nan if w > 5 else square(w)),  # a NaN loss
    ],
)
def test_divergence_is_reported_without_warnings_and_records_only_finite_points(grad, loss):
    h = gradient_descent(loss, grad, 0.0, 2.0, n_steps=10_000)
    assert h.stopped == "diverged"
    assert np.all(np.isfinite(h.weights)) and np.all(np.isfinite(h.loss))


def test_blowup_threshold_is_relative_to_the_start():
    h = gradient_descent(square, square_grad, 2.0, 1.1, n_steps=1000, blowup=100.0)
    assert h.stopped == "diverged"
    assert h.loss[-1] > 1.0 + 100.0 * 1.0 >= h.loss[-2]  # L_0 = 1


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"eta": 0.0}, ValueError, "positive"),
        ({"eta": -0.1}, ValueError, "positive"),
        ({"eta": np.inf}, ValueError, "positive"),
        ({"eta": np.nan}, ValueError, "positive"),
        ({"eta": "0.1"}, TypeError, "number"),
        ({"eta": True}, TypeError, "number"),
        ({"n_steps": -1}, ValueError, "non-negative integer"),
        ({"n_steps": 2.5}, ValueError, "non-negative integer"),
        ({"n_steps": True}, ValueError, "non-negative integer"),
        ({"tol": 0.0}, ValueError, "tol"),
        ({"w0": np.nan}, ValueError, "NaN"),
        ({"w0": [[1.0]]}, ValueError, "dimension"),
        ({"w0": "1"}, TypeError, "number"),
        ({"grad": lambda w: np.array([1.0, 2.0])}, ValueError, "shape"),
        ({"loss": lambda w: np.array([1.0, 2.0])}, TypeError, "one real number"),
        ({"loss": None}, TypeError, "functions"),
        ({"loss": lambda w: np.inf}, ValueError, "start"),
    ],
)
def test_bad_arguments_are_refused(kwargs, error, words):
    arguments = {"loss": square, "grad": square_grad, "w0": 0.0, "eta": 0.1} | kwargs
    with pytest.raises(error, match=words):
        gradient_descent(**arguments)


def test_the_start_array_is_not_modified():
    w0 = np.array([1.0, 2.0])
    gradient_descent(lambda w: w @ w, lambda w: 2 * w, w0, 0.1, n_steps=5)
    np.testing.assert_array_equal(w0, [1.0, 2.0])


def test_history_is_immutable_checked_and_reads_well():
    h = gradient_descent(square, square_grad, 0.0, 0.1, n_steps=3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        h.stopped = "diverged"
    with pytest.raises(ValueError):
        h.loss[0] = 1.0
    assert repr(h) == "History(3 steps, stopped='max_steps', loss 9 -> 2.359, w = 1.464)"
    with pytest.raises(ValueError, match="stopped"):
        History(weights=[0.0], loss=[1.0], grad_norm=[1.0], stopped="tired")
    with pytest.raises(ValueError, match="same length"):
        History(weights=[0.0, 1.0], loss=[1.0, 0.5], grad_norm=[1.0], stopped="max_steps")
    assert set(STOP_REASONS) == {"max_steps", "no_improvement", "small_gradient", "diverged"}


def test_final_weights_of_a_vector_run_are_a_copy():
    h = gradient_descent(lambda w: w @ w, lambda w: 2 * w, np.ones(2), 0.1, n_steps=2)
    w = h.w
    w[0] = 100.0
    assert h.weights[-1, 0] != 100.0


def test_a_start_at_the_minimum_stops_for_a_small_gradient_even_with_no_steps():
    """Is a run that ends at a minimum said to stop there, not merely to run out of steps?"""
    for n_steps in (0, 3):
        h = gradient_descent(
            lambda w: w**2, lambda w: 2 * w, 0.0, 0.1, n_steps=n_steps, grad_tol=1e-8
        )
        assert h.stopped == "small_gradient" and h.n_steps == 0

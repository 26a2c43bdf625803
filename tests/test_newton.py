"""Is gdkit's Newton fit a referee gradient descent can be measured against?"""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from sklearn.linear_model import LogisticRegression

from gdkit import data, losses
from gdkit.descent import gradient_descent
from gdkit.gradcheck import numerical_gradient
from gdkit.newton import log_loss_hessian, newton_logistic, newton_step


@pytest.fixture(scope="module")
def heart():
    cohort = data.load_heart()
    Z, _, _ = data.standardize(cohort.X[:, [0, 1, 4]])  # MaxHR, Age, Oldpeak
    return losses.add_intercept(Z), cohort.y


def test_the_gradient_vanishes_at_the_fit(heart):
    X, y = heart
    w = newton_logistic(X, y)
    assert np.max(np.abs(losses.log_loss_grad(w, X, y))) < 1e-12


def test_it_agrees_with_scikit_learn_without_a_penalty(heart):
    X, y = heart
    model = LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-12).fit(X[:, 1:], y)
    reference = np.concatenate([model.intercept_, model.coef_.ravel()])
    np.testing.assert_allclose(newton_logistic(X, y), reference, atol=1e-8)


def test_it_agrees_with_scikit_learn_with_its_default_penalty():
    cancer = data.load_breast_cancer()
    Z, _, _ = data.standardize(cancer.X)
    w = newton_logistic(losses.add_intercept(Z), cancer.y, penalty=1 / len(cancer.y))
    model = LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-12).fit(Z, cancer.y)
    np.testing.assert_allclose(w, np.r_[model.intercept_, model.coef_.ravel()], atol=1e-8)


def test_gradient_descent_reaches_the_same_weights(heart):
    X, y = heart
    history = gradient_descent(
        lambda w: losses.log_loss(w, X, y),
        lambda w: losses.log_loss_grad(w, X, y),
        np.zeros(X.shape[1]),
        1.0,
        n_steps=3000,
    )
    np.testing.assert_allclose(history.w, newton_logistic(X, y), atol=1e-6)


@pytest.mark.parametrize(
    ("X", "y", "words"),
    [
        (np.ones((3, 2)), np.array([0.0, 1.0]), "shape"),
        (np.ones((3, 2)), np.array([0.0, 1.0, 2.0]), "labels"),
        (np.array([[1.0, -1.0], [1.0, 1.0]]), np.array([0.0, 1.0]), "no finite minimum"),
    ],
)
def test_bad_input_and_separable_data_get_a_plain_error(X, y, words):
    with pytest.raises(ValueError, match=words):
        newton_logistic(X, y)


# ---------------------------------------------------------------------------- one step


def test_the_hessian_is_the_derivative_of_the_gradient(heart):
    X, y = heart
    w = np.array([0.3, -0.8, 0.5, 1.2])
    columns = [
        numerical_gradient(lambda v, j=j: losses.log_loss_grad(v, X, y)[j], w)
        for j in range(len(w))
    ]
    hessian = log_loss_hessian(w, X)
    np.testing.assert_allclose(hessian, np.array(columns), atol=1e-8)
    np.testing.assert_allclose(hessian, hessian.T, rtol=1e-12)
    assert np.linalg.eigvalsh(hessian).min() > 0


def test_the_scalar_hessian_is_the_symbolic_second_derivative():
    """For one example and one weight: d^2/dw^2 of -y log s(wx) - (1-y) log(1 - s(wx))."""
    w, x, y = sympy.symbols("w x y", real=True)
    s = 1 / (1 + sympy.exp(-w * x))
    loss = -y * sympy.log(s) - (1 - y) * sympy.log(1 - s)
    second = sympy.lambdify((w, x, y), sympy.diff(loss, w, 2))
    for w_val, x_val, y_val in [(0.4, 1.5, 1.0), (-1.2, 0.7, 0.0)]:
        got = log_loss_hessian(np.array([w_val]), np.array([[x_val]]))
        assert got[0, 0] == pytest.approx(second(w_val, x_val, y_val), rel=1e-12)


def test_newton_steps_are_the_steps_of_newton_logistic(heart):
    X, y = heart
    w, steps = np.zeros(X.shape[1]), 0
    while np.linalg.norm(losses.log_loss_grad(w, X, y)) > 1e-12:
        w, steps = newton_step(w, X, y), steps + 1
    assert steps <= 8  # a handful
    np.testing.assert_allclose(w, newton_logistic(X, y), atol=1e-12)


def test_one_newton_step_solves_the_local_quadratic(heart):
    X, y = heart
    w = np.array([0.3, -0.8, 0.5, 1.2])
    step = w - newton_step(w, X, y)
    np.testing.assert_allclose(log_loss_hessian(w, X) @ step, losses.log_loss_grad(w, X, y))


@pytest.mark.parametrize(
    ("w", "y", "words"),
    [(np.zeros(3), np.zeros(3), "w must"), (np.zeros(2), np.zeros(2), "y must")],
)
def test_a_step_with_shapes_that_do_not_match_gets_a_plain_error(w, y, words):
    X = np.ones((3, 2))
    with pytest.raises(ValueError, match=words):
        newton_step(w, X, y)

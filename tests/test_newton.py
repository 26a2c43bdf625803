"""Is gdkit's Newton fit a referee gradient descent can be measured against?"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from gdkit import data, losses
from gdkit.descent import gradient_descent
from gdkit.newton import newton_logistic


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

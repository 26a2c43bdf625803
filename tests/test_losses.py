"""The neuron's losses: values and gradients against SymPy, stability, input checks."""

from __future__ import annotations

import re

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gdkit.gradcheck import gradient_error
from gdkit.losses import add_intercept, log_loss, log_loss_grad, mse, mse_grad, sigmoid

RNG = np.random.default_rng(7)
X3 = RNG.normal(size=(5, 3))
Y_REAL = RNG.normal(size=5)
Y_BINARY = np.array([1.0, 0.0, 0.0, 1.0, 1.0])


def sympy_loss_and_grad(kind: str, X: np.ndarray, y: np.ndarray):
    """The loss and its gradient derived by SymPy from the textbook formulas."""
    w = sp.symbols(f"w0:{X.shape[1]}")
    z = [sum(wj * xj for wj, xj in zip(w, row, strict=True)) for row in sp.Matrix(X).tolist()]
    if kind == "mse":
        terms = [(zi - yi) ** 2 for zi, yi in zip(z, y, strict=True)]
    else:  # negative log-likelihood with p = 1 / (1 + exp(-z))
        p = [1 / (1 + sp.exp(-zi)) for zi in z]
        terms = [
            -(yi * sp.log(pi) + (1 - yi) * sp.log(1 - pi)) for pi, yi in zip(p, y, strict=True)
        ]
    loss = sum(terms) / len(terms)
    grad = [sp.diff(loss, wj) for wj in w]
    return sp.lambdify([w], loss, "numpy"), sp.lambdify([w], grad, "numpy")


@pytest.mark.parametrize(
    ("kind", "y", "loss", "grad"),
    [("mse", Y_REAL, mse, mse_grad), ("log", Y_BINARY, log_loss, log_loss_grad)],
)
def test_loss_and_gradient_match_sympy(kind, y, loss, grad):
    sym_loss, sym_grad = sympy_loss_and_grad(kind, X3, y)
    for w in RNG.normal(size=(4, 3)):
        assert loss(w, X3, y) == pytest.approx(sym_loss(w), rel=1e-12)
        np.testing.assert_allclose(grad(w, X3, y), sym_grad(w), rtol=1e-10, atol=1e-14)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), scale=st.floats(0.1, 5.0))
@pytest.mark.parametrize(
    ("y", "loss", "grad"), [(Y_REAL, mse, mse_grad), (Y_BINARY, log_loss, log_loss_grad)]
)
def test_gradients_pass_the_finite_difference_check(y, loss, grad, seed, scale):
    w = np.random.default_rng(seed).normal(scale=scale, size=3)
    assert gradient_error(lambda v: loss(v, X3, y), lambda v: grad(v, X3, y), w) < 1e-6


def test_mse_is_a_mean_and_its_gradient_has_the_factor_2_over_n():
    X, y, w = np.array([[1.0, 0.0], [1.0, 1.0]]), np.array([0.0, 3.0]), np.array([0.0, 1.0])
    assert mse(w, X, y) == 2.0  # residuals 0 and -2: (0 + 4) / 2
    np.testing.assert_array_equal(mse_grad(w, X, y), [-2.0, -2.0])  # (2/2) X^T [0, -2]


@pytest.mark.parametrize("loss", [mse, log_loss])
def test_one_scalar_weight_works_like_a_column(loss):
    x, y = np.array([0.5, -1.0, 2.0]), np.array([1.0, 0.0, 1.0])
    assert loss(0.7, x, y) == loss(np.array([0.7]), x[:, None], y)


@pytest.mark.parametrize("grad", [mse_grad, log_loss_grad])
def test_scalar_weight_gives_a_float_gradient(grad):
    x, y = np.array([0.5, -1.0, 2.0]), np.array([1.0, 0.0, 1.0])
    result = grad(0.7, x, y)
    assert isinstance(result, float)
    assert result == grad(np.array([0.7]), x[:, None], y)[0]


def test_sigmoid_values_shapes_and_types():
    assert sigmoid(0) == 0.5 and isinstance(sigmoid(0.0), float)
    z = np.array([[-1.0, 0.0], [2.0, 3.0]])
    np.testing.assert_allclose(sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-15)
    assert sigmoid(z).shape == (2, 2)


@pytest.mark.parametrize(
    ("z", "expected"),
    [(1000.0, 1.0), (-1000.0, 0.0), (np.inf, 1.0), (-np.inf, 0.0), (-745.0, 5e-324)],
)
def test_sigmoid_extremes_without_warnings(z, expected):
    assert sigmoid(z) == expected


@given(st.floats(-700, 700))
def test_sigmoid_is_symmetric(z):
    assert sigmoid(-z) == pytest.approx(1 - sigmoid(z), abs=1e-15)


def test_log_loss_is_stable_for_huge_weighted_sums():
    X, y = np.array([[1.0], [1.0]]), np.array([1.0, 0.0])
    assert log_loss(np.array([1000.0]), X, y) == pytest.approx(500.0)  # (0 + 1000) / 2
    np.testing.assert_allclose(log_loss_grad(np.array([1000.0]), X, y), [0.5])


@pytest.mark.parametrize("loss", [mse, mse_grad, log_loss, log_loss_grad])
@pytest.mark.parametrize(
    ("w", "X", "y", "error", "words"),
    [
        (np.zeros(3), X3, Y_BINARY[:, None], ValueError, "y.ravel()"),
        (np.zeros(2), X3, Y_BINARY, ValueError, "3 column"),
        (np.zeros((3, 1)), X3, Y_BINARY, ValueError, "w.ravel()"),
        (np.zeros(3), X3[:4], Y_BINARY, ValueError, "shape (4,)"),
        (np.zeros(3), np.where(X3 > 1, np.nan, X3), Y_BINARY, ValueError, "NaN"),
        (np.full(3, np.inf), X3, Y_BINARY, ValueError, "infinite"),
        ("0", X3, Y_BINARY, TypeError, "number"),
        (None, X3, Y_BINARY, TypeError, "number"),
        (np.zeros(3), X3.astype(str), Y_BINARY, TypeError, "real numbers"),
        (np.zeros(3), X3[None], Y_BINARY, ValueError, "dimension"),
        (np.zeros(3), np.empty((0, 3)), np.empty(0), ValueError, "empty"),
    ],
)
def test_bad_inputs_are_refused_with_a_plain_message(loss, w, X, y, error, words):
    with pytest.raises(error, match=re.escape(words)):
        loss(w, X, y)


@pytest.mark.parametrize("loss", [log_loss, log_loss_grad])
def test_log_loss_refuses_labels_outside_0_1(loss):
    with pytest.raises(ValueError, match="0/1"):
        loss(np.zeros(3), X3, 2 * Y_BINARY - 1)  # labels -1/1


@pytest.mark.parametrize("bad", [np.nan, "z", None, np.array([1j])])
def test_sigmoid_refuses_nan_and_non_numbers(bad):
    with pytest.raises((ValueError, TypeError)):
        sigmoid(bad)


def test_add_intercept():
    np.testing.assert_array_equal(add_intercept([[2.0, 3.0]]), [[1.0, 2.0, 3.0]])
    np.testing.assert_array_equal(add_intercept(np.array([4.0, 5.0])), [[1.0, 4.0], [1.0, 5.0]])
    with pytest.raises(ValueError):
        add_intercept(np.array([np.nan]))


def test_inputs_are_not_modified():
    w, X, y = np.ones(3), X3.copy(), Y_BINARY.copy()
    for fn in (mse, mse_grad, log_loss, log_loss_grad):
        fn(w, X, y)
    np.testing.assert_array_equal(X, X3)
    np.testing.assert_array_equal(y, Y_BINARY)
    np.testing.assert_array_equal(w, np.ones(3))


def test_log_loss_of_infinite_weighted_sums_is_exact_not_nan():
    """Does z = X @ w overflowing to inf give 0 for a sure hit, inf for a sure miss, no NaN?"""
    X1, huge = np.array([[10.0]]), np.array([1e308])
    assert log_loss(huge, X1, np.array([1.0])) == 0.0
    assert log_loss(-huge, X1, np.array([1.0])) == np.inf
    assert log_loss(huge, X1, np.array([0.0])) == np.inf

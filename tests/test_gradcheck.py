"""Finite-difference gradients and the relative gradient error."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gdkit.gradcheck import gradient_error, numerical_gradient

A, B = sp.symbols("a b")
EXPRESSION = sp.sin(A) * sp.exp(B / 3) + A**2 * B - sp.log(1 + B**2)
F = sp.lambdify([(A, B)], EXPRESSION, "numpy")
GRAD = sp.lambdify([(A, B)], [sp.diff(EXPRESSION, v) for v in (A, B)], "numpy")


@settings(max_examples=40, deadline=None)
@given(st.tuples(st.floats(-3, 3), st.floats(-3, 3)))
def test_numerical_gradient_matches_the_sympy_derivative(point):
    w = np.array(point)
    np.testing.assert_allclose(numerical_gradient(F, w), GRAD(w), rtol=1e-6, atol=1e-6)


def test_scalar_weight_gives_a_float_and_large_weights_a_relative_step():
    assert isinstance(numerical_gradient(lambda w: w**3, 2.0), float)
    # at w = 1e8 a fixed step of 1e-6 would be lost in rounding; the relative step is not
    assert numerical_gradient(lambda w: w**2, 1e8) == pytest.approx(2e8, rel=1e-6)


def test_integer_weights_are_not_truncated_and_not_modified():
    w = np.array([1, 2])
    np.testing.assert_allclose(numerical_gradient(lambda v: v @ v, w), [2.0, 4.0], rtol=1e-8)
    np.testing.assert_array_equal(w, [1, 2])


@pytest.mark.parametrize(
    ("grad", "low", "high"),
    [
        (lambda w: np.array(GRAD(w)), 0.0, 1e-8),  # right
        (lambda w: 2 * np.array(GRAD(w)), 0.3, 0.34),  # factor 2: |2g - g| / 3|g| = 1/3
        (lambda w: -np.array(GRAD(w)), 0.99, 1.0),  # wrong sign
        (lambda w: np.array(GRAD(w))[::-1], 1e-3, 1.0),  # components swapped
    ],
)
def test_gradient_error_separates_right_from_wrong(grad, low, high):
    assert low <= gradient_error(F, grad, np.array([0.7, -1.2])) <= high


def test_gradient_error_is_safe_where_both_gradients_are_about_zero():
    assert gradient_error(lambda w: w @ w, lambda w: 2 * w, np.zeros(3)) == 0.0
    # at the minimum of a loss of size ~1e4, rounding noise of the differences is ~1e-6
    big = lambda w: 1e4 + (w - 0.1) @ (w - 0.1)  # noqa: E731
    assert gradient_error(big, lambda w: 2 * (w - 0.1), np.full(2, 0.1)) < 1e-4


@pytest.mark.parametrize(
    ("f", "grad", "w", "error"),
    [
        (F, GRAD, np.array([np.nan, 1.0]), ValueError),
        (F, GRAD, "1", TypeError),
        (F, lambda w: np.zeros(3), np.zeros(2), ValueError),
        (F, lambda w: np.full(2, np.nan), np.zeros(2), ValueError),
        (lambda w: np.zeros(2), GRAD, np.zeros(2), TypeError),
        (lambda w: np.log(w[0]), GRAD, np.zeros(2), ValueError),  # f is -inf there
        (None, GRAD, np.zeros(2), TypeError),
        (F, None, np.zeros(2), TypeError),
    ],
)
def test_bad_inputs_are_refused(f, grad, w, error):
    with pytest.raises(error):
        gradient_error(f, grad, w)


@pytest.mark.parametrize("h", [0.0, -1e-6, np.nan])
def test_step_must_be_positive(h):
    with pytest.raises(ValueError, match="h must"):
        numerical_gradient(F, np.zeros(2), h=h)

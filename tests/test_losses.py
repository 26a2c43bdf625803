"""The neuron's losses: values and gradients against SymPy, stability, input checks, cost."""

from __future__ import annotations

import re
import tracemalloc

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gdkit import losses
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


def two_branch_sigmoid(z: np.ndarray) -> np.ndarray:
    """The textbook stable sigmoid, one number at a time: 1/(1+e^-z), or e^z/(1+e^z) below 0."""
    with np.errstate(over="ignore"):
        return np.array(
            [1 / (1 + np.exp(-v)) if v >= 0 else np.exp(v) / (1 + np.exp(v)) for v in z]
        )


def logaddexp_log_loss(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    """The log loss as two logaddexp terms, each dropped where its label weight is 0."""
    with np.errstate(all="ignore"):
        z = X @ w
        missed_one = np.where(y > 0, y * np.logaddexp(0.0, -z), 0.0)
        missed_zero = np.where(y < 1, (1 - y) * np.logaddexp(0.0, z), 0.0)
    return float(np.mean(missed_one + missed_zero))


def test_sigmoid_is_exactly_the_two_branch_formula():
    z = np.concatenate(
        [RNG.normal(scale=30, size=200), [0.0, -0.0, -745.0, 745.0, 1e308, -1e308, np.inf, -np.inf]]
    )
    np.testing.assert_array_equal(sigmoid(z), two_branch_sigmoid(z))


@pytest.mark.parametrize(("w_scale", "X_scale"), [(0.1, 1.0), (3.0, 1.0), (1e3, 1.0), (1e306, 1e3)])
@pytest.mark.parametrize("y", [Y_BINARY, np.array([0.0, 0.3, 1.0, 0.5, 1.0])])
def test_log_loss_matches_the_logaddexp_form(w_scale, X_scale, y):
    """Also where z = X @ w overflows (the last scales): exact 0 or inf, never NaN."""
    X = X_scale * X3
    for w in RNG.normal(scale=w_scale, size=(5, 3)):
        expected = logaddexp_log_loss(w, X, y)
        assert log_loss(w, X, y) == pytest.approx(expected, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("fn", [mse, mse_grad, log_loss, log_loss_grad])
def test_int_list_float32_and_column_inputs_give_the_float64_results(fn):
    X_int, y = RNG.integers(-3, 4, size=(7, 3)), np.array([1, 0, 0, 1, 1, 0, 1])
    w = np.array([0.5, -1.0, 2.0])
    expected = fn(w, X_int.astype(float), y.astype(float))
    for X_form, y_form in [(X_int, y), (X_int.tolist(), y.tolist()), (np.asfortranarray(X_int), y)]:
        np.testing.assert_allclose(fn(w.tolist(), X_form, y_form), expected, rtol=1e-12)
    X32 = X3.astype(np.float32)
    np.testing.assert_allclose(fn(w, X32, Y_BINARY), fn(w, X32.astype(float), Y_BINARY), rtol=1e-12)
    column = fn(np.array([0.7]), X3[:, :1], Y_BINARY)
    assert fn(np.float32(0.7), X3[:, 0], Y_BINARY) == pytest.approx(column, rel=1e-7)
    assert fn(np.array(0.7), X3[:, 0], Y_BINARY) == pytest.approx(column, rel=1e-15)


@pytest.mark.parametrize("fn", [mse, mse_grad, log_loss, log_loss_grad])
def test_a_nan_or_inf_anywhere_in_X_is_refused_whatever_w_and_y(fn):
    """X's check is done on the results: zero weights or zero residuals must not hide it."""
    w_random = RNG.normal(size=3)
    half = np.full(5, 0.5)  # sigmoid(0) - 0.5 = 0: zero residuals for the log loss
    for (i, j), bad in zip(np.ndindex(5, 3), [np.nan, np.inf, -np.inf] * 5, strict=True):
        X = X3.copy()
        X[i, j] = bad
        for w, y in [(w_random, Y_BINARY), (np.zeros(3), Y_BINARY), (np.zeros(3), half)]:
            with pytest.raises(ValueError, match="X contains NaN or infinite values"):
                fn(w, X, y)


@pytest.mark.parametrize("fn", [mse, mse_grad, log_loss, log_loss_grad])
def test_a_finite_X_whose_products_overflow_is_not_called_infinite(fn):
    X = np.array([[1e308, 1e308], [1.0, -1e308]])
    with np.errstate(all="raise"):  # and no warning either
        fn(np.array([10.0, -10.0]), X, np.array([1.0, 0.0]))


@pytest.mark.parametrize(
    ("fn", "w", "y", "read_again"),
    [
        (mse, RNG.normal(size=3), Y_REAL, False),
        (mse_grad, RNG.normal(size=3), Y_REAL, False),
        (log_loss, RNG.normal(size=3), Y_BINARY, False),
        (log_loss_grad, RNG.normal(size=3), Y_BINARY, False),
        (mse, np.zeros(3), Y_REAL, True),  # z = 0 whatever X holds, and no gradient
        (log_loss, np.zeros(3), Y_BINARY, True),
        (mse_grad, np.zeros(3), Y_REAL, False),  # the gradient tells: no residual is 0
        (log_loss_grad, np.zeros(3), Y_BINARY, False),
        (log_loss_grad, np.zeros(3), np.full(5, 0.5), True),  # all residuals 0
    ],
)
def test_X_is_read_a_second_time_only_when_the_results_cannot_tell(
    monkeypatch, fn, w, y, read_again
):
    calls = []
    monkeypatch.setattr(losses, "require_finite", lambda arr, name: calls.append(name))
    fn(w, X3, y)
    assert calls == (["X"] if read_again else [])


@pytest.mark.parametrize("fn", [mse, mse_grad, log_loss, log_loss_grad])
def test_a_float64_X_is_not_copied(fn):
    """Validation and the sigmoid work on n-vectors only: memory far below X's size."""
    rng = np.random.default_rng(3)
    X, y, w = rng.normal(size=(20_000, 40)), rng.integers(0, 2, 20_000).astype(float), np.ones(40)
    tracemalloc.start()
    try:
        fn(w, X, y)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < X.nbytes / 4


@pytest.mark.parametrize("fn", [log_loss, log_loss_grad])
def test_with_two_errors_X_is_reported_before_the_labels(fn):
    X = X3.copy()
    X[0, 0] = np.nan
    with pytest.raises(ValueError, match="X contains NaN"):
        fn(np.ones(3), X, 2 * Y_BINARY - 1)

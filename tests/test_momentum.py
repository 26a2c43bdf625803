"""Heavy-ball momentum: the recurrence, its record, and what it does on a narrow valley."""

from __future__ import annotations

import numpy as np
import pytest

from gdkit.descent import History, gradient_descent
from gdkit.diagnose import diagnose_trace
from gdkit.momentum import momentum_descent

CURVATURES = np.array([1.0, 25.0])  # a valley 5 times longer than wide


def valley(w):
    return 0.5 * float(CURVATURES @ np.asarray(w) ** 2)


def valley_grad(w):
    return CURVATURES * np.asarray(w)


def by_hand(grad, w0, eta, beta, n_steps):
    """The recurrence written out: v = beta v + grad(w), w = w - eta v, from v = 0."""
    w, v = np.asarray(w0, dtype=float), 0.0
    weights = [w]
    for _ in range(n_steps):
        v = beta * v + grad(w)
        w = w - eta * v
        weights.append(w)
    return np.array(weights)


@pytest.mark.parametrize("beta", [0.3, 0.9])
def test_it_follows_the_recurrence(beta):
    w0 = np.array([-4.0, 1.0])
    history = momentum_descent(valley, valley_grad, w0, 0.05, beta, n_steps=25)
    assert isinstance(history, History) and history.stopped == "max_steps"
    np.testing.assert_allclose(history.weights, by_hand(valley_grad, w0, 0.05, beta, 25))
    np.testing.assert_allclose(history.loss, [valley(w) for w in history.weights])
    # the record holds the gradient's norm, not the velocity's
    norms = [np.linalg.norm(valley_grad(w)) for w in history.weights]
    np.testing.assert_allclose(history.grad_norm, norms)


def test_without_momentum_it_is_gradient_descent_exactly():
    w0 = np.array([-4.0, 1.0])
    heavy = momentum_descent(valley, valley_grad, w0, 0.07, 0.0, n_steps=30, tol=1e-9)
    plain = gradient_descent(valley, valley_grad, w0, 0.07, n_steps=30, tol=1e-9)
    for field in ("weights", "loss", "grad_norm"):
        np.testing.assert_array_equal(getattr(heavy, field), getattr(plain, field))
    assert heavy.stopped == plain.stopped


def test_one_weight_gives_a_scalar_record():
    history = momentum_descent(lambda w: (w - 3) ** 2, lambda w: 2 * (w - 3), 0.0, 0.1, 0.5)
    assert history.weights.shape == (101,)
    assert history.w == pytest.approx(3.0)


def test_on_a_narrow_valley_momentum_gets_there_far_sooner():
    w0 = np.array([-4.0, 1.0])
    eta = 0.07  # near the most plain descent can take: 2 / 25 = 0.08 diverges
    plain = momentum_descent(valley, valley_grad, w0, eta, 0.0, n_steps=60)
    heavy = momentum_descent(valley, valley_grad, w0, eta, 0.6, n_steps=60)
    assert heavy.loss[-1] < 1e-6 * plain.loss[-1]
    assert diagnose_trace(heavy).verdict == "converged"
    # too much momentum: the ball rolls to and fro, and the loss goes up again and again
    rolling = momentum_descent(valley, valley_grad, w0, eta, 0.9, n_steps=60)
    assert np.sum(np.diff(rolling.loss) > 0) >= 10
    assert rolling.loss[-1] > 1e3 * heavy.loss[-1]


def test_a_too_large_step_diverges_and_the_bad_point_is_not_recorded():
    calls = []

    def grad(w):
        calls.append(w)
        return valley_grad(w)

    history = momentum_descent(valley, grad, [-4.0, 1.0], 0.5, 0.9, n_steps=500)
    assert history.stopped == "diverged"
    assert len(history.grad_norm) == len(history.loss) <= len(calls)
    assert np.all(np.isfinite(history.loss))


def test_tol_stops_when_the_loss_no_longer_changes():
    history = momentum_descent(valley, valley_grad, [-4.0, 1.0], 0.05, 0.5, n_steps=1000, tol=1e-12)
    assert history.stopped == "no_improvement" and history.n_steps < 1000


@pytest.mark.parametrize("beta", [-0.1, 1.0, 1.5])
def test_beta_must_lie_in_0_1(beta):
    with pytest.raises(ValueError, match="beta"):
        momentum_descent(valley, valley_grad, [1.0, 1.0], 0.1, beta)


def test_a_gradient_of_the_wrong_shape_is_explained():
    with pytest.raises(ValueError, match="grad returned shape"):
        momentum_descent(valley, lambda w: np.ones(3), [1.0, 1.0], 0.1, 0.5)

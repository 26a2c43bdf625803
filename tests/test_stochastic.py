"""Mini-batch gradient descent: its batches, its invariants, and its unchecked fast path."""

from __future__ import annotations

import numpy as np
import pytest

from gdkit.data import make_logistic
from gdkit.descent import gradient_descent
from gdkit.losses import log_loss, log_loss_grad, mse, mse_grad
from gdkit.stochastic import SGDHistory, epoch_batches, learning_rate, minibatch_sgd

X, Y, _ = make_logistic(203, 4, seed=11)  # 203 = 12 * 16 + 11: a short last batch


def run(grad=log_loss_grad, *, seed: int = 0, **options) -> SGDHistory:
    settings = {"batch_size": 16, "n_epochs": 3, "decay": 0.0, **options}
    return minibatch_sgd(log_loss, grad, np.zeros(4), 0.5, X, Y, rng=np.random.default_rng(seed), **settings)  # fmt: skip


@pytest.mark.parametrize(("n", "batch_size", "sizes"), [(7, 3, [3, 3, 1]), (6, 3, [3, 3]), (4, 9, [4]), (5, 1, [1] * 5)])  # fmt: skip
def test_epoch_batches_cut_one_permutation_in_order(n, batch_size, sizes):
    rng, twin = np.random.default_rng(4), np.random.default_rng(4)
    batches = epoch_batches(n, batch_size, rng)
    assert [len(b) for b in batches] == sizes
    np.testing.assert_array_equal(np.concatenate(batches), twin.permutation(n))
    assert rng.bit_generator.state == twin.bit_generator.state  # that one call, no other


def test_the_mean_of_the_batch_gradients_of_an_epoch_is_the_full_gradient():
    """Unbiased: with equal batches, the average batch gradient at a fixed w is the full one."""
    w = np.array([0.3, -0.2, 0.5, 0.1])
    X6, Y6 = X[:192], Y[:192]
    grads = [
        log_loss_grad(w, X6[b], Y6[b]) for b in epoch_batches(192, 16, np.random.default_rng(2))
    ]
    np.testing.assert_allclose(np.mean(grads, axis=0), log_loss_grad(w, X6, Y6), rtol=1e-12)


def test_the_fast_logistic_path_takes_the_same_steps_as_the_checked_gradient():
    def checked(w, Xb, yb):  # not gdkit's function itself: the generic path
        return log_loss_grad(w, Xb, yb)

    fast, generic = run(log_loss_grad, decay=0.3), run(checked, decay=0.3)
    np.testing.assert_allclose(fast.weights, generic.weights, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(fast.loss, generic.loss, rtol=1e-12)


@pytest.mark.parametrize("grad", [log_loss_grad, lambda w, X, y: log_loss_grad(w, X, y)])
def test_a_batch_of_all_the_examples_is_full_batch_gradient_descent(grad):
    h = run(grad, batch_size=len(Y), n_epochs=5)
    full = gradient_descent(lambda w: log_loss(w, X, Y), lambda w: log_loss_grad(w, X, Y), np.zeros(4), 0.5, n_steps=5)  # fmt: skip
    np.testing.assert_allclose(h.weights, full.weights, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(h.loss, full.loss, rtol=1e-12)


def test_one_example_per_step_is_stochastic_gradient_descent_by_hand():
    h = run(batch_size=1, n_epochs=1)
    w, rng = np.zeros(4), np.random.default_rng(0)
    for i in rng.permutation(len(Y)):
        w = w - 0.5 * log_loss_grad(w, X[i : i + 1], Y[i : i + 1])
    np.testing.assert_allclose(h.w, w, rtol=1e-12, atol=1e-15)


def test_the_learning_rate_decays_per_epoch():
    h = run(decay=0.5, n_epochs=4)
    np.testing.assert_allclose(h.eta, [0.5, 0.5 / 1.5, 0.5 / 2.0, 0.5 / 2.5])
    assert learning_rate(0.5, 0.5, 2) == 0.25


def test_the_record_and_the_randomness():
    h = run()
    assert isinstance(h, SGDHistory) and h.n_epochs == 3 and h.weights.shape == (4, 4)
    assert h.loss[-1] < h.loss[0] and np.all(np.diff(h.seconds) >= 0) and h.seconds[0] == 0
    np.testing.assert_array_equal(run().weights, h.weights)  # same seed, same run
    assert not np.allclose(run(seed=1).weights[1:], h.weights[1:])  # another seed, another run
    with pytest.raises(ValueError):
        h.weights[0, 0] = 1.0  # read-only
    assert repr(h).startswith("SGDHistory(3 epochs, loss 0.693")


def test_the_loss_is_any_mean_loss():
    Xm, ym = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]]), np.array([1.0, 3.0, 5.0])
    h = minibatch_sgd(mse, mse_grad, np.zeros(2), 0.05, Xm, ym, batch_size=2, n_epochs=400, rng=np.random.default_rng(0), decay=0.01)  # fmt: skip
    np.testing.assert_allclose(h.w, [1.0, 2.0], atol=1e-3)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"batch_size": 0}, ValueError),
        ({"batch_size": 2.0}, ValueError),
        ({"n_epochs": -1}, ValueError),
        ({"decay": -0.1}, ValueError),
        ({"rng": 0}, TypeError),
        ({"rng": np.random.RandomState(0)}, TypeError),
        ({"eta": 0.0}, ValueError),
        ({"y": Y[:-1]}, ValueError),
        ({"y": 2 * Y}, ValueError),  # labels outside [0, 1] for the log-loss
        ({"X": X[:, :3]}, ValueError),
        ({"grad": "log_loss_grad"}, TypeError),
    ],
)
def test_bad_inputs_are_refused_once_with_a_plain_error(change, error):
    args = {"loss": log_loss, "grad": log_loss_grad, "w0": np.zeros(4), "eta": 0.5, "X": X, "y": Y}  # fmt: skip
    options = {"batch_size": 16, "n_epochs": 2, "rng": np.random.default_rng(0)}
    for key, value in change.items():
        (args if key in args else options)[key] = value
    with pytest.raises(error):
        minibatch_sgd(*args.values(), **options)


def test_a_history_must_hold_matching_records():
    with pytest.raises(ValueError):
        SGDHistory(weights=[[0.0], [1.0]], loss=[2.0, 1.0], eta=[0.5, 0.5], seconds=[0.0, 0.1])
    with pytest.raises(ValueError):
        SGDHistory(weights=[0.0, 1.0], loss=[2.0, 1.0], eta=[0.5], seconds=[0.0, 0.1])

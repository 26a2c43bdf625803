"""Trace diagnosis on real descent runs and on hand-made traces."""

from __future__ import annotations

import numpy as np
import pytest

from gdkit.data import load_heart, make_logistic, standardize
from gdkit.descent import History, gradient_descent
from gdkit.diagnose import MIN_STEPS, VERDICTS, TraceDiagnosis, diagnose_trace
from gdkit.losses import add_intercept, log_loss, log_loss_grad
from gdkit.stochastic import epoch_batches, minibatch_sgd

HEART = load_heart()
X_STD = add_intercept(standardize(HEART.column("MaxHR"))[0])
X_BPM = add_intercept(HEART.column("MaxHR"))


def run_quadratic(eta: float, n_steps: int = 20) -> History:
    """L(w) = (w - 3)^2 from w = 0: curvature 2, so eta = 0.5 is ideal and 1 the limit."""
    return gradient_descent(
        lambda w: (w - 3) ** 2, lambda w: 2 * (w - 3), 0.0, eta, n_steps=n_steps
    )


def run_logistic(eta: float, X: np.ndarray = X_STD, n_steps: int = 30) -> History:
    """The heart neuron on MaxHR (an intercept and a slope), from w = 0."""
    return gradient_descent(lambda w: log_loss(w, X, HEART.y), lambda w: log_loss_grad(w, X, HEART.y), np.zeros(2), eta, n_steps=n_steps)  # fmt: skip


@pytest.mark.parametrize(
    ("run", "eta", "verdict"),
    [
        (run_quadratic, 0.01, "too_slow"),
        (run_quadratic, 0.3, "converged"),
        (run_quadratic, 0.5, "converged"),
        (run_quadratic, 0.98, "oscillating"),  # bounded: |1 - 2 eta| = 0.96 < 1
        (run_quadratic, 1.0, "oscillating"),  # w jumps between 0 and 6 for ever
        (run_quadratic, 1.02, "diverged"),  # slowly: |1 - 2 eta| = 1.04
        (run_quadratic, 1.5, "diverged"),
        (run_logistic, 0.01, "too_slow"),
        (run_logistic, 0.1, "too_slow"),
        (run_logistic, 1.0, "converged"),
        (run_logistic, 5.0, "converged"),
        (run_logistic, 12.0, "oscillating"),  # a bounded 2-cycle: the loss alternates
        (run_logistic, 100.0, "diverged"),
    ],
)
def test_real_runs(run, eta, verdict):
    history = run(eta)
    if verdict == "oscillating":  # bounded: no overflow, the loss stays within sight
        assert history.stopped == "max_steps" and history.loss.max() < 10 * history.loss[0]
    assert diagnose_trace(history).verdict == verdict


def test_a_learning_rate_that_suits_standardized_maxhr_diverges_in_beats_per_minute():
    assert diagnose_trace(run_logistic(1.0, X_STD)).verdict == "converged"
    bpm = run_logistic(1.0, X_BPM)
    diagnosis = diagnose_trace(bpm)
    assert diagnosis.verdict == "diverged"
    assert bpm.loss.max() > 1000 * bpm.loss[0]
    assert "standardize" in diagnosis.message


def test_a_logistic_2_cycle_is_seen_in_the_losses_alone():
    losses = run_logistic(12.0).loss
    assert np.all(np.sign(np.diff(losses[-10:]))[1:] != np.sign(np.diff(losses[-10:]))[:-1])
    assert diagnose_trace(losses).verdict == "oscillating"


def test_zigzag_weights_need_the_history():
    """With eta just below the limit the loss falls slowly and smoothly; only the
    weights show the bouncing, so a bare list of losses reads as too slow."""
    history = run_quadratic(0.98)
    assert np.all(np.diff(history.loss) < 0)
    assert diagnose_trace(history).verdict == "oscillating"
    assert diagnose_trace(history.loss).verdict == "too_slow"


def test_a_weight_cycle_with_a_flat_loss_is_oscillating():
    history = run_quadratic(1.0)
    np.testing.assert_allclose(history.loss, 9.0)
    assert "stays flat" in diagnose_trace(history).message


@pytest.mark.parametrize(
    ("losses", "verdict", "words"),
    [
        ([1.0, 2.0, np.inf], "diverged", "blew up"),
        ([1.0, 0.5, np.nan, 0.2], "diverged", "blew up"),
        ([1.0, 3.0, 9.0, 27.0, 81.0], "diverged", "shoots up"),
        ([1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6], "diverged", "goes up"),
        ([9.0, 4.0, 1.0, 0.5, 0.4, 1.5, 4.0], "diverged", "climbs again"),
        ([1.0, 0.5, 0.7, 0.45, 0.7, 0.45, 0.7, 0.45, 0.7], "oscillating", "jumps up and down"),
        # a bounded period-4 cycle (up, up, down, down) that ends above its start
        ([1.0, 3.0, 5.0, 4.0, 2.0, 3.0, 5.0, 4.0, 2.0, 3.0, 5.0], "oscillating", "up and down"),
        # a swing that grows, but stays within 10 times the start: it goes up and down
        ([1.0, 0.5, 0.8, 0.5, 1.0, 0.4, 1.4, 0.3, 2.0, 0.2, 3.0], "oscillating", "up and down"),
        ([1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3], "too_slow", "too small"),
        ([4.0, 1.0, 0.25, 0.07, 0.02, 0.01, 0.01, 0.01], "converged", "levels off"),
        ([2.0] * 7, "converged", "equal loss"),  # a flat list cannot tell a bounce
        # rounding noise at the minimum is neither oscillation nor divergence
        ([1.0, 0.1] + [0.01 + 1e-17 * (-1) ** i for i in range(20)], "converged", "levels off"),
        # a wobble far smaller than the whole drop has settled
        ([10.0, 1.0] + [0.5 + 1e-5 * (-1) ** i for i in range(20)], "converged", "levels off"),
    ],
)
def test_hand_made_traces(losses, verdict, words):
    diagnosis = diagnose_trace(losses)
    assert diagnosis.verdict == verdict
    assert words in diagnosis.message
    assert "learning rate" in diagnosis.message or verdict == "converged"


@pytest.mark.parametrize(
    "losses",
    [[1.0, 0.5], [8.0, 0.0], [9.0, 9.0], [1.0, 0.5, 0.7], [4.0, 1.0, 0.25, 0.07, 0.02, 0.01]],
)
def test_fewer_than_min_steps_are_too_short(losses):
    assert len(losses) - 1 < MIN_STEPS
    diagnosis = diagnose_trace(losses)
    assert diagnosis.verdict == "too_short"
    assert f"at least {MIN_STEPS} steps" in diagnosis.message


def test_min_steps_are_enough_for_a_verdict():
    losses = [4.0, 1.0, 0.25, 0.07, 0.02, 0.01, 0.01][: MIN_STEPS + 1]
    assert diagnose_trace(losses).verdict == "converged"


@pytest.mark.parametrize(
    ("losses", "words"), [([1.0, 30.0], "shoots up"), ([1.0, np.nan], "blew up")]
)
def test_a_blow_up_is_clear_at_any_length(losses, words):
    assert words in diagnose_trace(losses).message


@pytest.mark.parametrize("tol", [None, 1e-6])
def test_a_one_step_mirror_bounce_is_not_converged(tol):
    """eta = 1/a on a (w - c)^2 sends w to the mirror point: the loss does not change."""
    h = gradient_descent(lambda w: 2 * (w - 1) ** 2, lambda w: 4 * (w - 1), 3.0, 0.5, n_steps=1, tol=tol)  # fmt: skip
    assert h.weights.tolist() == [3.0, -1.0] and h.loss[0] == h.loss[1]
    assert diagnose_trace(h).verdict == "too_short"


def test_a_mirror_bounce_is_oscillating_and_says_the_weights_move():
    h = gradient_descent(lambda w: w**2, lambda w: 2 * w, 1.0, 1.0, n_steps=8)
    diagnosis = diagnose_trace(h)
    assert diagnosis.verdict == "oscillating"
    assert "stays flat while they move" in diagnosis.message
    assert diagnose_trace(h.loss).verdict == "converged"  # the losses alone cannot tell


def test_a_flat_run_at_the_minimum_is_converged():
    h = gradient_descent(lambda w: (w - 3) ** 2, lambda w: 2 * (w - 3), 3.0, 0.1, n_steps=10)
    assert diagnose_trace(h).verdict == "converged"


def test_a_loss_that_levels_off_while_the_weights_keep_bouncing_is_oscillating():
    """After a drop, the weights jump between two points of equal loss for ever."""
    weights = [3.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0]
    losses = [9.0] + [1.0] * 8
    h = History(weights=weights, loss=losses, grad_norm=np.ones(9), stopped="max_steps")
    diagnosis = diagnose_trace(h)
    assert diagnosis.verdict == "oscillating"
    assert "never settle" in diagnosis.message
    assert diagnose_trace(losses).verdict == "converged"


def test_a_zigzag_that_dies_out_is_converged():
    """Run B of assignment 4: r = -0.8, every step overshoots, yet the steps shrink."""
    h = gradient_descent(lambda w: 2 * (w - 1) ** 2, lambda w: 4 * (w - 1), 3.0, 0.45, n_steps=30)
    assert np.all(np.diff(h.weights - 1)[1:] * np.diff(h.weights - 1)[:-1] < 0)
    assert diagnose_trace(h).verdict == "converged"


@pytest.mark.parametrize("eta", [50.0, 60.0, 80.0, 100.0])
def test_a_bounded_cycle_of_the_heart_loss_oscillates(eta):
    """The explorer's heart loss at a large eta: a period-4 cycle, not a divergence."""
    z = standardize(HEART.column("MaxHR"))[0]
    h = gradient_descent(lambda w: log_loss(w, z, HEART.y), lambda w: log_loss_grad(w, z, HEART.y), 2.0, eta, n_steps=30)  # fmt: skip
    np.testing.assert_allclose(h.loss[-4:], h.loss[-8:-4], rtol=0.05)  # it repeats
    assert h.loss[-1] > h.loss[0]  # and ends above its start
    assert diagnose_trace(h).verdict == "oscillating"


def _notebook_runs() -> dict[str, History]:
    """Runs A to E of assignment 4, section 2 (its model answers give their verdicts)."""
    z = standardize(HEART.column("MaxHR"))[0]

    def heart(w0: float, eta: float) -> History:
        return gradient_descent(lambda w: log_loss(w, z, HEART.y), lambda w: log_loss_grad(w, z, HEART.y), w0, eta, n_steps=30)  # fmt: skip

    def parabola(eta: float) -> History:
        return gradient_descent(lambda w: 2 * (w - 1) ** 2, lambda w: 4 * (w - 1), 3.0, eta, n_steps=30)  # fmt: skip

    return {
        "A": heart(-4.0, 0.4),
        "B": parabola(0.45),
        "C": heart(2.0, 25.0),
        "D": parabola(0.55),
        "E": heart(2.0, 4.0),
    }


def test_the_runs_of_assignment_4_get_the_verdicts_its_text_gives():
    verdicts = {label: diagnose_trace(h).verdict for label, h in _notebook_runs().items()}
    assert verdicts == {
        "A": "too_slow",
        "B": "converged",
        "C": "oscillating",
        "D": "diverged",
        "E": "converged",
    }


def test_a_history_that_diverged_at_the_first_step():
    h = gradient_descent(lambda w: 0.0, lambda w: -(1 + w * w) * 1e200, 0.0, 1e120, n_steps=5)
    assert h.stopped == "diverged" and h.n_steps == 0
    assert diagnose_trace(h).verdict == "diverged"


@pytest.mark.parametrize(
    ("trace", "error"),
    [
        ([1.0], ValueError),
        ([[1.0, 2.0]], ValueError),
        ("abc", TypeError),
        (None, TypeError),
        (["a", "b"], TypeError),
    ],
)
def test_bad_traces_are_refused(trace, error):
    with pytest.raises(error):
        diagnose_trace(trace)


def test_diagnosis_is_a_checked_frozen_pair():
    assert set(VERDICTS) == {
        "diverged",
        "oscillating",
        "too_slow",
        "converged",
        "too_short",
        "noisy",
    }
    assert str(TraceDiagnosis("converged", "fine.")) == "converged: fine."
    with pytest.raises(ValueError):
        TraceDiagnosis("great", "?")


# ---------------------------------------------------------------------------- noisy traces


def sgd_steps(eta: float, batch_size: int, *, seed: int, n: int = 5000) -> np.ndarray:
    """The loss on all the data after every mini-batch step of one epoch (gdkit's batches)."""
    X, y, _ = make_logistic(n, 10, seed=seed)
    rng, w = np.random.default_rng(seed), np.zeros(10)
    trace = [log_loss(w, X, y)]
    for batch in epoch_batches(n, batch_size, rng):
        w = w - eta * log_loss_grad(w, X[batch], y[batch])
        trace.append(log_loss(w, X, y))
    return np.array(trace)


@pytest.mark.parametrize("seed", [5, 7, 9])
def test_a_noisy_sgd_trace_that_still_falls_is_noisy_not_oscillating(seed):
    trace = sgd_steps(0.05, 16, seed=seed)
    late = np.diff(trace[len(trace) // 2 :])
    assert np.sum(late > 0) >= 10  # it goes up again and again
    diagnosis = diagnose_trace(trace, stochastic=True)
    assert diagnosis.verdict == "noisy"
    assert "still going down" in diagnosis.message


@pytest.mark.parametrize(("decay", "batch_size"), [(0.0, 32), (0.0, 256), (0.5, 32)])
def test_an_sgd_run_at_its_noise_floor_levels_off_noisily(decay, batch_size):
    X, y, _ = make_logistic(20000, 20, seed=4)
    h = minibatch_sgd(log_loss, log_loss_grad, np.zeros(20), 2.0 if batch_size == 32 else 0.5, X, y, batch_size=batch_size, n_epochs=20, rng=np.random.default_rng(0), decay=decay)  # fmt: skip
    diagnosis = diagnose_trace(h)
    assert diagnosis.verdict == "noisy"
    assert "levelled off" in diagnosis.message


def test_a_noisy_sgd_trace_that_climbs_above_its_start_diverged():
    X, y, _ = make_logistic(20000, 20, seed=4)
    h = minibatch_sgd(log_loss, log_loss_grad, np.zeros(20), 5.0, X, y, batch_size=8, n_epochs=20, rng=np.random.default_rng(0))  # fmt: skip
    assert diagnose_trace(h).verdict == "diverged"


@pytest.mark.parametrize("noise", [0.02, 0.05, 0.1])
def test_a_falling_curve_plus_random_noise_is_still_going_down(noise):
    steps = np.arange(100)
    trace = 1 + np.exp(-steps / 50) + noise * np.random.default_rng(0).standard_normal(100)
    assert diagnose_trace(trace, stochastic=True).verdict == "noisy"
    assert "still going down" in diagnose_trace(trace, stochastic=True).message


@pytest.mark.parametrize(
    "pattern", [[0.7, 0.45], [0.7, 0.6, 0.45], [0.7, 0.9, 0.6, 0.45]], ids=["2", "3", "4"]
)
def test_a_cycle_stays_oscillating_even_with_a_falling_trend(pattern):
    """Ups and downs that repeat (periods 2, 3, 4) are too-large steps, not noise."""
    cycle = np.tile(pattern, 40 // len(pattern) + 1)[:40]
    trace = np.concatenate([[1.0], cycle - 0.002 * np.arange(40)])
    assert diagnose_trace(trace, stochastic=True).verdict == "oscillating"


def test_a_full_batch_run_that_goes_up_and_down_oscillates_rather_than_being_noisy():
    """Momentum rolling past the minimum of a narrow valley: a damped cycle of no short
    period. Only a stochastic run's ups and downs can be noise."""
    from gdkit.momentum import momentum_descent

    def valley(w):
        return 0.5 * (w[0] ** 2 + 25 * w[1] ** 2)

    def valley_grad(w):
        return np.array([w[0], 25 * w[1]])

    h = momentum_descent(valley, valley_grad, np.array([-4.0, 1.0]), 0.07, 0.9, n_steps=40)
    assert diagnose_trace(h.loss, stochastic=True).verdict == "noisy"  # what it would look like
    assert diagnose_trace(h).verdict == "oscillating"
    assert diagnose_trace(h.loss).verdict == "oscillating"

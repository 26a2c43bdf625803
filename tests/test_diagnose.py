"""Trace diagnosis on real descent runs and on hand-made traces."""

from __future__ import annotations

import numpy as np
import pytest

from gdkit.data import load_heart, standardize
from gdkit.descent import History, gradient_descent
from gdkit.diagnose import VERDICTS, TraceDiagnosis, diagnose_trace
from gdkit.losses import add_intercept, log_loss, log_loss_grad

pytestmark = pytest.mark.filterwarnings("error")

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
        ([1.0, 1.1, 1.2, 1.3, 1.4, 1.5], "diverged", "goes up"),
        ([9.0, 4.0, 1.0, 0.5, 1.5, 4.0], "diverged", "climbs again"),
        ([1.0, 0.5, 0.7, 0.45, 0.7, 0.45, 0.7, 0.45, 0.7], "oscillating", "jumps up and down"),
        ([1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3], "too_slow", "too small"),
        ([4.0, 1.0, 0.25, 0.07, 0.02, 0.01, 0.01, 0.01], "converged", "levels off"),
        ([2.0, 2.0, 2.0], "converged", "flat"),
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
    assert set(VERDICTS) == {"diverged", "oscillating", "too_slow", "converged"}
    assert str(TraceDiagnosis("converged", "fine.")) == "converged: fine."
    with pytest.raises(ValueError):
        TraceDiagnosis("great", "?")

"""Do the checks of assignment 04 pass right answers and name each likely slip?

The cases are the notebook's visible ones. Every wrong answer must fail with its own
kind, and no message may show the right value, formula or verdict.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import nbformat
import numpy as np
import pytest
from failing import failure

from gdkit import data, losses
from gdkit.checks import CheckFailure, answer_digest
from gdkit.descent import gradient_descent
from gdkit.diagnose import diagnose_trace
from gdkit.exercises import learning_rate as ex

NOTEBOOK = Path(__file__).parents[2] / "solutions/04_learning_rate/learning_rate.ipynb"

# ---------------------------------------------------------------------------- the notebook's cases

STEP_CASES = [(3.0, 0.1), (0.5, 1.5)]
A_CASES = [(0.3,), (2.0,)]  # a = 2 first would make 2/a look like 1/2*a
SUM_CASES = [(3.0, 303), (0.5, 7), (3.0, 1)]

HEART = data.load_heart()
X_BPM = HEART.column("MaxHR") - HEART.column("MaxHR").mean()


def bpm_loss(w):
    return losses.log_loss(w, X_BPM, HEART.y)


def bpm_grad(w):
    return losses.log_loss_grad(w, X_BPM, HEART.y)


def verdicts() -> dict[str, str]:
    """The verdicts gdkit's diagnose_trace gives the five runs (the model answers)."""
    return {label: diagnose_trace(run).verdict for label, run in ex.trace_runs().items()}


def notebook_key() -> dict[str, str]:
    """The digests pasted into the notebook's visible test of Exercise 1."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    (cell,) = [
        c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_diagnosis"
    ]
    return dict(re.findall(r'"([A-E])": "([0-9a-f]{12})"', cell.source))


def shows_no_answer(message: str, values: list[float], formulas: tuple[str, ...] = ()) -> bool:
    """Neither a right value (in any usual rounding) nor a right formula is in the message."""
    shown = {text for v in values for text in (f"{v:.2f}", f"{v:.3g}", f"{v:.4f}", repr(v))}
    return not any(text in message for text in shown | set(formulas))


# ---------------------------------------------------------------------------- Exercise 1


def test_the_notebooks_digests_are_those_of_gdkits_verdicts():
    assert notebook_key() == {label: answer_digest(label, v) for label, v in verdicts().items()}


def test_the_right_diagnosis_passes_both_checks():
    ex.check_diagnosis(verdicts(), notebook_key())
    ex.check_diagnosis_of_runs(verdicts(), ex.trace_runs())


def test_every_verdict_the_runs_get_is_a_choice():
    assert set(verdicts().values()) <= set(ex.CHOICES)
    assert set(ex.WHY_NOT) == set(ex.CHOICES)


@pytest.mark.parametrize("label", "ABCDE")
@pytest.mark.parametrize("check", ["digests", "runs"])
def test_each_wrong_verdict_is_told_what_it_would_look_like(label, check):
    right = verdicts()
    for wrong in set(ex.CHOICES) - {right[label]}:
        given = {**right, label: wrong}
        if check == "digests":
            err = failure(ex.check_diagnosis, given, notebook_key())
        else:
            err = failure(ex.check_diagnosis_of_runs, given, ex.trace_runs())
        assert err.kind == "wrong_choice"
        assert f'{label} is not "{wrong}": {ex.WHY_NOT[wrong]}' in str(err)
        assert right[label] not in str(err).replace(ex.WHY_NOT[wrong], "")


@pytest.mark.parametrize(
    ("given", "kind"),
    [
        (None, "none"),
        (["too_slow", "converged"], "type"),
        ({"A": "too_slow"}, "keys"),
        ({label.lower(): "converged" for label in "ABCDE"}, "keys"),
        ({label: "too slow" for label in "ABCDE"}, "choice"),
        ({label: "too_short" for label in "ABCDE"}, "choice"),
    ],
)
def test_a_diagnosis_of_the_wrong_form_is_named(given, kind):
    assert failure(ex.check_diagnosis, given, notebook_key()).kind == kind


# ---------------------------------------------------------------------------- Exercise 2


@pytest.mark.parametrize(
    "eta", [0.01, 0.005, 0.002, 0.025, np.array(0.005), np.float32(0.01), np.float64(0.02)]
)
@pytest.mark.parametrize("n_steps", [20, 40])
def test_a_learning_rate_that_converges_passes_as_any_kind_of_number(eta, n_steps):
    ex.check_eta_bpm(eta, X_BPM, HEART.y, n_steps=n_steps)


@pytest.mark.parametrize(
    ("eta", "kind"),
    [
        (3.0, "too_large"),  # the eta of the standardized feature: the loss shoots up
        (3.0 / 22, "too_large"),  # scaled by the standard deviation, not its square
        (0.05, "too_large"),
        (0.03, "too_large"),
        (1, "too_large"),
        (1e300, "too_large"),
        (1e-4, "too_small"),
        (1e-3, "too_small"),
        (1.5e-3, "too_small"),  # levels off, but short of the lowest loss
        (0.026, "too_large"),  # still oscillating after 20 steps
        (-0.01, "not_positive"),
        (0, "not_positive"),
        ("0.01", "type"),
        ([0.01, 0.02], "shape"),
        (np.inf, "not_finite"),
        (None, "none"),
    ],
)
def test_a_learning_rate_that_does_not_converge_is_named(eta, kind):
    err = failure(ex.check_eta_bpm, eta, X_BPM, HEART.y, n_steps=20)
    assert err.kind == kind
    if kind in ("too_large", "too_small"):  # the other messages only repeat the student's value
        shown = str(err).replace(f"{ex.ETA_BPM_TOL:g}", "the tolerance")
        assert not re.search(r"0\.0[0-9]", shown)  # no learning rate that works is shown


# ---------------------------------------------------------------------------- Exercise 3


def test_what_the_check_cell_shows_agrees_with_the_test():
    """The check cell prints diagnose_trace and the gap to lowest_loss: the test's criteria."""
    for eta in np.geomspace(1e-4, 0.05, 40):
        run = gradient_descent(bpm_loss, bpm_grad, 0.0, eta, n_steps=20)
        shown = (
            diagnose_trace(run).verdict == "converged"
            and run.loss[-1] - ex.lowest_loss(X_BPM, HEART.y) <= ex.ETA_BPM_TOL
        )
        try:
            ex.check_eta_bpm(eta, X_BPM, HEART.y, n_steps=20)
            passed = True
        except CheckFailure:
            passed = False
        assert passed == shown, eta


def test_the_right_step_factor_passes_in_any_form():
    ex.check_step_factor(lambda a, eta: 1 - 2 * a * eta, STEP_CASES)
    ex.check_step_factor(lambda a, eta: (1 / eta - 2 * a) * eta, STEP_CASES)
    ex.check_step_factor(lambda a, eta: np.float64(1 - 2 * a * eta), [(0.25, 2.0)])  # r = 0


@pytest.mark.parametrize(
    ("wrong", "kind"),
    [
        (lambda a, eta: 1 - a * eta, "forgot_2"),
        (lambda a, eta: 1 - 4 * a * eta, "extra_2"),
        (lambda a, eta: 1 + 2 * a * eta, "plus_for_minus"),
        (lambda a, eta: 2 * a * eta - 1, "sign"),
        (lambda a, eta: -2 * a * eta, "step_only"),
        (lambda a, eta: 2 * a * eta, "step_only"),
        (lambda a, eta: 1 - 2 * eta, "forgot_a"),
        (lambda a, eta: (1 - 2 * a * eta) ** 2, "loss_ratio"),
        (lambda a, eta: None, "none"),
    ],
)
def test_each_step_factor_slip_is_named(wrong, kind):
    err = failure(ex.check_step_factor, wrong, STEP_CASES)
    assert err.kind == kind
    right = [1 - 2 * a * eta for a, eta in STEP_CASES]
    assert shows_no_answer(str(err), right, ("1 - 2", "2 * a * eta", "2*a*eta"))


def test_the_forgotten_2_is_named_as_forgotten_not_as_one_too_many():
    message = str(failure(ex.check_step_factor, lambda a, eta: 1 - a * eta, STEP_CASES))
    assert "forget the 2" in message and "too many" not in message


# ---------------------------------------------------------------------------- Exercise 4


def right_overshoot(a):
    return 1 / (2 * a)


def right_diverge(a):
    return 1 / a


def test_the_right_thresholds_pass_in_any_form():
    ex.check_eta_thresholds(right_overshoot, right_diverge, A_CASES)
    ex.check_eta_thresholds(lambda a: 0.5 / a, lambda a: 2 * right_overshoot(a), A_CASES)


@pytest.mark.parametrize(
    ("overshoot", "diverge", "kind", "name"),
    [
        (lambda a: 1 / a, lambda a: 2 / a, "forgot_2", "eta_overshoot"),
        (right_overshoot, lambda a: 2 / a, "forgot_2", "eta_diverge"),
        (right_diverge, right_overshoot, "swapped", "eta_overshoot"),
        (right_overshoot, right_overshoot, "same_for_both", "eta_overshoot"),
        (right_diverge, right_diverge, "same_for_both", "eta_overshoot"),
        (lambda a: 1 / (4 * a), lambda a: 1 / (2 * a), "extra_2", "eta_overshoot"),
        (lambda a: 1 / 2 * a, right_diverge, "precedence", "eta_overshoot"),
        (lambda a: 2 * a, lambda a: a, "inverted", "eta_overshoot"),
        (right_overshoot, lambda a: a, "inverted", "eta_diverge"),
        (lambda a: -1 / (2 * a), right_diverge, "sign", "eta_overshoot"),
        (right_overshoot, lambda a: -1 / a, "sign", "eta_diverge"),
        (lambda a: None, right_diverge, "none", "eta_overshoot"),
        (lambda a: 1 // (2 * a), right_diverge, "floor_division", "eta_overshoot"),
        (right_overshoot, lambda a: 1 // a, "floor_division", "eta_diverge"),
        (lambda a: 2 / a, right_diverge, "wrong_r", "eta_overshoot"),
        (right_overshoot, lambda a: 1 / (4 * a), "wrong_r", "eta_diverge"),
    ],
)
def test_each_threshold_slip_is_named(overshoot, diverge, kind, name):
    err = failure(ex.check_eta_thresholds, overshoot, diverge, A_CASES)
    assert err.kind == kind
    assert str(err).startswith(f"`{name}`")
    right = [f(a) for (a,) in A_CASES for f in (right_overshoot, right_diverge)]
    formulas = ("1 / (2 * a)", "1/(2a)", "1/(2*a)", "1 / a", "1/a")
    assert shows_no_answer(str(err), right, formulas)


def test_the_forgotten_2_of_the_derivative_is_called_forgotten():
    """Returning 1/a and 2/a is a 2 FORGOTTEN, whatever the ratio suggests."""
    message = str(failure(ex.check_eta_thresholds, lambda a: 1 / a, lambda a: 2 / a, A_CASES))
    assert "forget the 2 that differentiating" in message and "too many" not in message


# ---------------------------------------------------------------------------- Exercise 5


def test_the_right_eta_for_sum_passes_in_any_form():
    ex.check_eta_for_sum(lambda eta_mean, n: eta_mean / n, SUM_CASES)
    ex.check_eta_for_sum(lambda eta_mean, n: Fraction(eta_mean) / n, SUM_CASES)
    ex.check_eta_for_sum(lambda eta_mean, n: Decimal(eta_mean) / n, SUM_CASES)
    ex.check_eta_for_sum(lambda eta_mean, n: eta_mean * (1 / n), SUM_CASES)
    ex.check_eta_for_sum(lambda eta_mean, n: np.float64(eta_mean) / np.int64(n), SUM_CASES)


@pytest.mark.parametrize(
    ("wrong", "kind"),
    [
        (lambda eta_mean, n: eta_mean, "unchanged"),
        (lambda eta_mean, n: eta_mean * n, "times_n"),
        (lambda eta_mean, n: eta_mean / n**2, "n_squared"),
        (lambda eta_mean, n: eta_mean / (n - 1), "n_minus_1"),
        (lambda eta_mean, n: eta_mean / np.sqrt(n), "sqrt_n"),
        (lambda eta_mean, n: eta_mean // n, "floor_division"),
        (lambda eta_mean, n: 1 / n, "ignores_eta_mean"),
        (lambda eta_mean, n: eta_mean / 303, "global_n"),
        (lambda eta_mean, n: n / eta_mean, "inverted"),
        (lambda eta_mean, n: -eta_mean / n, "sign"),
        (lambda eta_mean, n: None, "none"),
        (lambda eta_mean, n: f"{eta_mean / n}", "type"),
        (lambda eta_mean, n: (eta_mean / n,), "type"),
    ],
)
def test_each_eta_for_sum_slip_is_named(wrong, kind):
    err = failure(ex.check_eta_for_sum, wrong, SUM_CASES)
    assert err.kind == kind
    right = [eta_mean / n for eta_mean, n in SUM_CASES[:2]]
    assert shows_no_answer(str(err), right, ("eta_mean / n", "eta_mean/n", "divide by n"))

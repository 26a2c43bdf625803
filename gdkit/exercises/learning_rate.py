"""The checks of assignment 04, the learning rate: trace plots, thresholds, a summed loss.

One check per graded exercise. Each knows its reference (measured on real descent runs
where it can be), the slips students are likely to make (declared as
:class:`gdkit.checks.Slip`, or raised as a :class:`gdkit.checks.CheckFailure` with its own
``kind``) and never shows the answer. A test cell only states the inputs.

The five runs of Exercise 1 are made here (:func:`trace_runs`), so that the notebook
shows their trace plots but not how they were made: the verdicts are read from the
plots alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from gdkit import data, losses
from gdkit.checks import (
    CheckFailure,
    Slip,
    answer_digest,
    check_choices,
    check_function,
    check_number,
)
from gdkit.descent import History, gradient_descent
from gdkit.diagnose import diagnose_trace

__all__ = [
    "CHOICES",
    "ETA_BPM_TOL",
    "WHY_NOT",
    "check_diagnosis",
    "check_diagnosis_of_runs",
    "check_eta_bpm",
    "check_eta_for_sum",
    "check_eta_thresholds",
    "check_step_factor",
    "lowest_loss",
    "trace_runs",
]

#: The verdicts a student chooses from in Exercise 1 (the rows of the notebook's table).
CHOICES = ("too_slow", "oscillating", "diverged", "converged")

#: What a trace plot with each verdict looks like: the hint for a wrong choice.
WHY_NOT = {
    "too_slow": "a too-slow trace is still clearly going down at its right end",
    "oscillating": "an oscillating trace goes up and down again and again, right to its end",
    "diverged": "a diverged trace climbs to many times its starting value (read the numbers "
    "on the vertical axis, not only the shape)",
    "converged": "a converged trace falls and then runs flat to its end",
}

Case = Sequence[Any]


# ---------------------------------------------------------------------------- Exercise 1


def _heart_loss_and_grad() -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """The notebook's heart loss: one weight on the standardized MaxHR, mean log-loss."""
    heart = data.load_heart()
    z = data.standardize(heart.column("MaxHR"))[0]
    return (lambda w: losses.log_loss(w, z, heart.y)), (
        lambda w: losses.log_loss_grad(w, z, heart.y)
    )


def _parabola(w: Any) -> Any:
    return 2.0 * (w - 1.0) ** 2


def _parabola_grad(w: Any) -> Any:
    return 4.0 * (w - 1.0)


def trace_runs() -> dict[str, History]:
    """The five runs of 30 steps whose trace plots Exercise 1 asks to diagnose.

    Runs on the heart loss (one weight on the standardized maximum heart rate) and on
    the parabola ``2 (w - 1)**2``, each with its own start and learning rate.

    >>> runs = trace_runs()
    >>> sorted(runs), runs["A"].n_steps
    (['A', 'B', 'C', 'D', 'E'], 30)
    """
    heart_loss, heart_grad = _heart_loss_and_grad()
    made = {
        "A": (heart_loss, heart_grad, -4.0, 0.4),
        "B": (_parabola, _parabola_grad, 3.0, 0.45),
        "C": (heart_loss, heart_grad, 2.0, 25.0),
        "D": (_parabola, _parabola_grad, 3.0, 0.55),
        "E": (heart_loss, heart_grad, 2.0, 4.0),
    }
    return {label: gradient_descent(*run, n_steps=30) for label, run in made.items()}


def check_diagnosis(diagnosis: Any, key: Mapping[str, str]) -> None:
    """Check the verdicts against ``key``, their :func:`~gdkit.checks.answer_digest` values.

    A wrong verdict is named with what a trace with that verdict would look like
    (:data:`WHY_NOT`), never with the right one.

    >>> from gdkit.checks import answer_digest
    >>> key = {"A": answer_digest("A", "converged")}
    >>> check_diagnosis({"A": "converged"}, key)
    >>> check_diagnosis({"A": "too_slow"}, key)
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `diagnosis`: A is not "too_slow": a too-slow trace is still ...
    """
    __tracebackhide__ = True
    check_choices(diagnosis, dict(key), name="diagnosis", choices=CHOICES, why_not=WHY_NOT)


def check_diagnosis_of_runs(diagnosis: Any, runs: Mapping[str, History]) -> None:
    """Check the verdicts against :func:`~gdkit.diagnose.diagnose_trace` on ``runs``.

    >>> runs = trace_runs()
    >>> check_diagnosis_of_runs({label: "converged" for label in runs}, runs)
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `diagnosis`: A is not "converged": a converged trace falls ...
    """
    __tracebackhide__ = True
    key = {label: answer_digest(label, diagnose_trace(run).verdict) for label, run in runs.items()}
    check_diagnosis(diagnosis, key)


# ---------------------------------------------------------------------------- Exercise 2

#: How far above its lowest value the loss may end for a run to count as arrived.
ETA_BPM_TOL = 1e-4


def _log_loss_minimum(x: np.ndarray, y: np.ndarray) -> float:
    """The weight that minimises the mean log-loss of sigmoid(w x), by Newton's method."""
    w = 0.0
    for _ in range(30):
        p = losses.sigmoid(w * x)
        w -= float(np.mean((p - y) * x) / np.mean(p * (1 - p) * x**2))
    return w


def lowest_loss(x: Any, y: Any) -> float:
    """The lowest mean log-loss of ``sigmoid(w x)`` over w: Newton's method, which needs no eta.

    >>> heart = data.load_heart()
    >>> round(lowest_loss(heart.column("MaxHR") - heart.column("MaxHR").mean(), heart.y), 4)
    0.602
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return losses.log_loss(_log_loss_minimum(x, y), x, y)


def check_eta_bpm(eta_bpm: Any, x: Any, y: Any, *, n_steps: int) -> None:
    """Does descent on the log-loss of ``sigmoid(w x)`` from w = 0 converge with ``eta_bpm``?

    It must level off at the minimum within ``n_steps`` steps: ``diagnose_trace`` says
    "converged" and the last loss is within :data:`ETA_BPM_TOL` of :func:`lowest_loss`,
    which is what the notebook's cell under the exercise prints. A failure says whether
    ``eta_bpm`` is too large (the run oscillates, diverges or jumped past the minimum)
    or too small; a NumPy number or a 0-d array is a number too.

    >>> heart = data.load_heart()
    >>> x = heart.column("MaxHR") - heart.column("MaxHR").mean()
    >>> check_eta_bpm(np.array(0.005), x, heart.y, n_steps=20)
    >>> check_eta_bpm(1e-4, x, heart.y, n_steps=20)
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `eta_bpm` is too small: ...
    """
    __tracebackhide__ = True
    eta = check_number(eta_bpm, name="eta_bpm", positive=True)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    run = gradient_descent(
        lambda w: losses.log_loss(w, x, y),
        lambda w: losses.log_loss_grad(w, x, y),
        0.0,
        eta,
        n_steps=n_steps,
    )
    best = _log_loss_minimum(x, y)
    verdict = diagnose_trace(run).verdict
    short = f"after {n_steps} steps the loss is still more than {ETA_BPM_TOL:g} above its lowest"
    if verdict == "converged" and run.loss[-1] <= losses.log_loss(best, x, y) + ETA_BPM_TOL:
        return
    crossed = bool(np.any(np.sign(run.weights - best) != np.sign(run.weights[0] - best)))
    if verdict in ("oscillating", "diverged") or crossed:
        seen = {"oscillating": "the loss oscillates", "diverged": "the loss diverges"}
        raise CheckFailure(
            "too_large",
            "`eta_bpm` is too large: with it "
            f"{seen.get(verdict, f'w jumps past the minimum, and {short}')} (the steps "
            "overshoot). Make it smaller, by factors of 10 first, then of 2 or 3.",
        )
    raise CheckFailure(
        "too_small",
        f"`eta_bpm` is too small: {short}, even if the trace looks level (the steps are too "
        "short). Make it larger, by factors of 10 first, then of 2 or 3.",
    )


# ---------------------------------------------------------------------------- Exercise 3


def _one_step_factor(a: float, eta: float) -> float:
    """r, measured: one step of the reference descent on a (w - c)**2, new over old distance."""
    c, distance = 0.7, 1.3
    step = gradient_descent(
        lambda w: a * (w - c) ** 2, lambda w: 2 * a * (w - c), c + distance, float(eta), n_steps=1
    )
    return float((step.weights[1] - c) / distance)


_STEP_FACTOR_SLIPS = [
    Slip(
        "forgot_2",
        "is not right: did you forget the 2 that differentiating a (w - c)**2 brings down?",
        lambda a, eta: 1 - a * eta,
    ),
    Slip(
        "extra_2",
        "is not right: differentiating a (w - c)**2 brings down one 2, and the step is eta "
        "times that slope; is a 2 counted twice?",
        lambda a, eta: 1 - 4 * a * eta,
    ),
    Slip(
        "plus_for_minus",
        "is above 1, so a step would move w away from c: gradient descent steps AGAINST the "
        "slope (w minus eta times the slope).",
        lambda a, eta: 1 + 2 * a * eta,
    ),
    Slip(
        "sign",
        "has the wrong sign: r is the new distance to the minimum over the old one, "
        "(w_new - c) / (w - c); check the order of each subtraction.",
        lambda a, eta: 2 * a * eta - 1,
    ),
    Slip(
        "step_only",
        "gives the change of the distance, not the new distance: the step starts from w, so "
        "the old distance w - c is still part of the new one.",
        lambda a, eta: -2 * a * eta,
    ),
    Slip(
        "step_only",
        "gives the length of the step over the distance, not the new distance over the old "
        "one: the step starts from w, so the old distance w - c is still part of the new one.",
        lambda a, eta: 2 * a * eta,
    ),
    Slip(
        "forgot_a",
        "does not change with a: the slope of a (w - c)**2 grows with a, and so does the step.",
        lambda a, eta: 1 - 2 * eta,
    ),
    Slip(
        "loss_ratio",
        "is the factor by which the LOSS shrinks in one step, not the distance: r multiplies "
        "w - c, and the loss is a times its square.",
        lambda a, eta: (1 - 2 * a * eta) ** 2,
    ),
]


def check_step_factor(step_factor: Any, cases: Sequence[Case]) -> None:
    """Compare ``step_factor(a, eta)`` on each ``(a, eta)`` with r measured on one real step.

    >>> check_step_factor(lambda a, eta: 1 - a * eta, [(3.0, 0.1)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `step_factor` is not right: did you forget the 2 that ...
    """
    __tracebackhide__ = True
    check_function(
        step_factor, _one_step_factor, cases, name="step_factor", slips=_STEP_FACTOR_SLIPS
    )


# ---------------------------------------------------------------------------- Exercise 4


def _eta_where_factor_is(a: float, r: float) -> float:
    """The eta at which one step multiplies the distance by ``r``, from a real step.

    One step changes r by -eta times a fixed amount (r is 1 at eta = 0), so a step with
    eta = 1 tells where r is reached.
    """
    return (r - 1.0) / (_one_step_factor(a, 1.0) - 1.0)


def _eta_overshoot(a: float) -> float:
    return _eta_where_factor_is(a, 0.0)


def _eta_diverge(a: float) -> float:
    return _eta_where_factor_is(a, -1.0)


_FORGOT_2 = (
    "is 2 times too large: did you forget the 2 that differentiating a (w - c)**2 brings "
    "down? Check your r from Exercise 3 first."
)
_EXTRA_2 = (
    "is half as large as it should be: differentiating a (w - c)**2 brings down one 2, not two."
)
_INVERTED = (
    "grows with a, but a more curved loss (larger a) needs a smaller learning rate. Solve "
    "your r for eta again."
)
_PRECEDENCE = (
    "grows with a, but a more curved loss (larger a) needs a smaller learning rate. If you "
    "wrote 1/2*a, Python reads it as (1/2)*a: put a product in the denominator in parentheses."
)
_NEGATIVE = "is negative: a learning rate is positive; check the signs as you solve for eta."
_FLOOR_DIVISION = (
    "is a whole number: `//` is floor division, which rounds down (often to 0). Divide with `/`."
)
_WHICH_R = (
    "is 4 times too {}: check your r (differentiating a (w - c)**2 brings down one 2) and "
    "which r this threshold belongs to: at {}."
)


_OVERSHOOT_SLIPS = [
    Slip("forgot_2", _FORGOT_2, lambda a: 1 / a),
    Slip("extra_2", _EXTRA_2, lambda a: 1 / (4 * a)),
    Slip("precedence", _PRECEDENCE, lambda a: a / 2),
    Slip("inverted", _INVERTED, lambda a: 2 * a),
    Slip("sign", _NEGATIVE, lambda a: -1 / (2 * a)),
    Slip("floor_division", _FLOOR_DIVISION, lambda a: 1 // (2 * a)),
    Slip("wrong_r", _WHICH_R.format("large", "eta_overshoot one step lands on c"), lambda a: 2 / a),
]

_DIVERGE_SLIPS = [
    Slip("forgot_2", _FORGOT_2, lambda a: 2 / a),
    Slip("extra_2", _EXTRA_2, lambda a: 1 / (2 * a)),
    Slip("inverted", _INVERTED, lambda a: a),
    Slip("sign", _NEGATIVE, lambda a: -1 / a),
    Slip("floor_division", _FLOOR_DIVISION, lambda a: 1 // a),
    Slip(
        "wrong_r",
        _WHICH_R.format("small", "eta_diverge the weight bounces for ever"),
        lambda a: 1 / (4 * a),
    ),
]


def _both(fn_a: Any, fn_b: Any, a: float) -> tuple[float, float] | None:
    """The two thresholds at ``a`` as floats, or None if either does not give a number."""
    try:
        with np.errstate(all="ignore"):
            return float(fn_a(a)), float(fn_b(a))
    except Exception:  # left to check_function, which says what went wrong
        return None


def check_eta_thresholds(eta_overshoot: Any, eta_diverge: Any, cases: Sequence[Case]) -> None:
    """Compare both thresholds on each ``(a,)`` with the learning rates measured on real steps.

    First, on the first case, the two together: swapped, or the same for both; then each
    on its own, with the same slips for both (a 2 forgotten or doubled, ``1/2*a``, ``a``
    for ``1/a``, the sign, ``//`` for ``/``, and a wrong r solved for the wrong value).

    >>> check_eta_thresholds(lambda a: 1 / a, lambda a: 2 / a, [(3.0,)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `eta_overshoot` is 2 times too large: did you forget the 2 ...
    """
    __tracebackhide__ = True
    (a,) = cases[0]
    given = _both(eta_overshoot, eta_diverge, a)
    if given is not None:
        over, diverge = given
        right = (_eta_overshoot(a), _eta_diverge(a))
        if np.allclose([over, diverge], right[::-1], rtol=1e-6):
            raise CheckFailure(
                "swapped",
                "`eta_overshoot` and `eta_diverge` are swapped: which comes first as eta grows, "
                "the step that lands exactly on c (r = 0) or the bounce for ever (r = -1)?",
            )
        if np.isclose(over, diverge, rtol=1e-6) and np.any(np.isclose(over, right, rtol=1e-6)):
            raise CheckFailure(
                "same_for_both",
                "`eta_overshoot` and `eta_diverge` give the same learning rate, but one step "
                "lands on c (r = 0) and the weight bounces for ever (r = -1) at different "
                "learning rates.",
            )
    for fn, reference, name, slips in (
        (eta_overshoot, _eta_overshoot, "eta_overshoot", _OVERSHOOT_SLIPS),
        (eta_diverge, _eta_diverge, "eta_diverge", _DIVERGE_SLIPS),
    ):
        check_function(fn, reference, cases, name=name, slips=slips)


# ---------------------------------------------------------------------------- Exercise 5


def _eta_for_sum(eta_mean: float, n: int) -> float:
    # the summed loss is n times the mean, so its slopes are n times steeper
    return eta_mean / n


_ETA_FOR_SUM_SLIPS = [
    Slip(
        "unchanged",
        "returns eta_mean unchanged: the summed loss is steeper than the mean, so the same "
        "eta takes longer steps on it. How much steeper is the sum of n losses than their mean?",
        lambda eta_mean, n: eta_mean,
    ),
    Slip(
        "times_n",
        "makes the learning rate larger, but the summed loss is steeper than the mean: its "
        "steps are already longer with the same eta. Should eta grow or shrink to keep them?",
        lambda eta_mean, n: eta_mean * n,
    ),
    Slip(
        "n_squared",
        "is too small: its steps on the summed loss would be shorter than those of eta_mean "
        "on the mean loss. A step uses the slope only: how much steeper is the sum than the "
        "mean?",
        lambda eta_mean, n: eta_mean / n**2,
    ),
    Slip(
        "n_minus_1",
        "divides by n - 1: the sum of n losses is n times their mean (n - 1 belongs to the "
        "sample variance, not here).",
        lambda eta_mean, n: eta_mean / (n - 1),
    ),
    Slip(
        "sqrt_n",
        "is too large: its steps on the summed loss would be longer than those of eta_mean on "
        "the mean loss. How much steeper is the sum than the mean?",
        lambda eta_mean, n: eta_mean / np.sqrt(n),
    ),
    Slip(
        "floor_division",
        "returns 0: `//` is floor division, which rounds down to a whole number. Use `/`.",
        lambda eta_mean, n: eta_mean // n,
    ),
    Slip(
        "ignores_eta_mean",
        "does not depend on eta_mean: a larger eta_mean on the mean loss needs a larger eta on "
        "the summed loss for the same steps.",
        lambda eta_mean, n: 1 / n,
    ),
    Slip(
        "global_n",
        "uses the 303 patients of the notebook, not its argument n: it must work for any "
        "number of examples.",
        lambda eta_mean, n: eta_mean / 303,
    ),
    Slip(
        "inverted",
        "grows with n and shrinks with eta_mean: it is upside down.",
        lambda eta_mean, n: n / eta_mean,
    ),
    Slip(
        "sign",
        "is negative: a learning rate is positive (the minus of a step is in the update rule).",
        lambda eta_mean, n: -eta_mean / n,
    ),
]


def check_eta_for_sum(eta_for_sum: Any, cases: Sequence[Case]) -> None:
    """Compare ``eta_for_sum(eta_mean, n)`` on each ``(eta_mean, n)`` with the reference.

    >>> check_eta_for_sum(lambda eta_mean, n: eta_mean * n, [(3.0, 303)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `eta_for_sum` makes the learning rate larger, but ...
    """
    __tracebackhide__ = True
    check_function(
        eta_for_sum,
        _eta_for_sum,
        cases,
        name="eta_for_sum",
        slips=_ETA_FOR_SUM_SLIPS,
    )

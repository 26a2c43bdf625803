"""Likely wrong answers in 04_learning_rate, each written as one change to a right answer.

Every mistake is caught by the visible test, which for Exercise 1 holds only digests of
the right verdicts.
"""

from ..likely import Mistake, variant

RIGHT_VERDICTS = {
    "A": "too_slow",
    "B": "converged",
    "C": "oscillating",
    "D": "diverged",
    "E": "converged",
}
STEP_FACTOR = "def step_factor(a, eta):\n    return 1 - 2 * a * eta"
ETA_FOR_SUM = "def eta_for_sum(eta_mean, n):\n    return eta_mean / n"


def diagnosis(**changes: str) -> str:
    """The right verdicts on runs A to E with some changed, as notebook code."""
    return "diagnosis = " + repr({**RIGHT_VERDICTS, **changes})


def step_factor(wrong: str) -> str:
    return variant(STEP_FACTOR, "1 - 2 * a * eta", wrong)


def thresholds(overshoot: str = "return 1 / (2 * a)", diverge: str = "return 1 / a") -> str:
    """Both threshold functions; each body is the right one unless given."""
    return f"def eta_overshoot(a):\n    {overshoot}\n\n\ndef eta_diverge(a):\n    {diverge}"


def eta_for_sum(wrong: str) -> str:
    return variant(ETA_FOR_SUM, "eta_mean / n", wrong)


def _diagnosis(source: str, kind: str) -> Mistake:
    return Mistake("diagnosis", "test_diagnosis", source, kind)


def _eta_bpm(value: str, kind: str) -> Mistake:
    return Mistake("eta_bpm", "test_eta_bpm", f"eta_bpm = {value}", kind)


def _step_factor(source: str, kind: str) -> Mistake:
    return Mistake("step_factor", "test_step_factor", source, kind)


def _thresholds(source: str, kind: str) -> Mistake:
    return Mistake("eta_thresholds", "test_eta_thresholds", source, kind)


def _eta_for_sum(source: str, kind: str) -> Mistake:
    return Mistake("eta_for_sum", "test_eta_for_sum", source, kind)


MISTAKES = [
    # Exercise 1: reading trace plots. A wrong verdict is told what that verdict looks like.
    _diagnosis(diagnosis(C="diverged", D="oscillating"), "wrong_choice"),  # C and D swapped
    _diagnosis(diagnosis(D="oscillating"), "wrong_choice"),  # the weights of D jump about
    _diagnosis(diagnosis(C="diverged"), "wrong_choice"),  # up and down read as blowing up
    _diagnosis(diagnosis(A="converged"), "wrong_choice"),  # a steady slope read as level
    _diagnosis(diagnosis(E="too_slow"), "wrong_choice"),
    _diagnosis(diagnosis(B="oscillating"), "wrong_choice"),  # its weights zig-zag, its loss not
    _diagnosis(diagnosis(B="too_slow"), "wrong_choice"),
    _diagnosis(diagnosis(A="too slow"), "choice"),
    _diagnosis(diagnosis(E="Converged"), "choice"),
    _diagnosis(diagnosis(A="too_short"), "choice"),  # the explorer's word, not a choice here
    _diagnosis("diagnosis = {'A': 'too_slow', 'B': 'converged'}", "keys"),
    _diagnosis("diagnosis = " + repr({k.lower(): v for k, v in RIGHT_VERDICTS.items()}), "keys"),
    _diagnosis("diagnosis = " + repr(list(RIGHT_VERDICTS.values())), "type"),
    _diagnosis("diagnosis = None", "none"),
    # Exercise 2: eta for the feature in beats per minute
    _eta_bpm("3.0", "too_large"),  # the eta that suits the standardized feature
    _eta_bpm("3.0 / 22", "too_large"),  # scaled by the standard deviation, not its square
    _eta_bpm("0.05", "too_large"),
    _eta_bpm("0.0695", "too_large"),
    _eta_bpm("0.0001", "too_small"),
    _eta_bpm("0.001", "too_small"),
    _eta_bpm("0.0015", "too_small"),  # levels off (diagnose_trace: converged) short of the lowest
    _eta_bpm("0.026", "too_large"),  # still oscillating after 20 steps
    _eta_bpm("-0.01", "not_positive"),
    _eta_bpm("0", "not_positive"),
    _eta_bpm("'0.01'", "type"),
    _eta_bpm("[0.01, 0.02]", "shape"),
    _eta_bpm("None", "none"),
    # Exercise 3: the factor r of one step on a (w - c)**2
    _step_factor(step_factor("1 - a * eta"), "forgot_2"),
    _step_factor(step_factor("1 - 4 * a * eta"), "extra_2"),  # the 2 counted twice
    _step_factor(step_factor("1 + 2 * a * eta"), "plus_for_minus"),
    _step_factor(step_factor("2 * a * eta - 1"), "sign"),
    _step_factor(step_factor("-2 * a * eta"), "step_only"),
    _step_factor(step_factor("2 * a * eta"), "step_only"),
    _step_factor(step_factor("1 - 2 * eta"), "forgot_a"),
    _step_factor(step_factor("(1 - 2 * a * eta) ** 2"), "loss_ratio"),
    _step_factor(variant(STEP_FACTOR, "return ", "r = "), "none"),
    _step_factor(
        variant(STEP_FACTOR, "return 1 - 2 * a * eta", "raise NotImplementedError()"),
        "not_implemented",
    ),
    # Exercise 4: the two thresholds
    # the 2 that differentiating a (w - c)**2 brings down, forgotten
    _thresholds(thresholds("return 1 / a", "return 2 / a"), "forgot_2"),
    _thresholds(thresholds(diverge="return 2 / a"), "forgot_2"),
    _thresholds(thresholds("return 1 / a", "return 1 / (2 * a)"), "swapped"),
    _thresholds(thresholds(diverge="return 1 / (2 * a)"), "same_for_both"),
    _thresholds(thresholds(overshoot="return 1 / a"), "same_for_both"),
    # from r = 1 - 4 a eta: the 2 counted twice
    _thresholds(thresholds("return 1 / (4 * a)", "return 1 / (2 * a)"), "extra_2"),
    _thresholds(thresholds(overshoot="return 1/2*a"), "precedence"),
    _thresholds(thresholds("return 2 * a", "return a"), "inverted"),
    _thresholds(thresholds(diverge="return a"), "inverted"),
    _thresholds(thresholds(overshoot="return -1 / (2 * a)"), "sign"),
    _thresholds(thresholds(overshoot="return None"), "none"),
    _thresholds(thresholds(overshoot="return 1 // (2 * a)"), "floor_division"),
    _thresholds(thresholds(diverge="return 1 // a"), "floor_division"),
    # r = 1 - a eta solved for r = -1 as eta_overshoot; r = 1 - 4 a eta for r = 0 as eta_diverge
    _thresholds(thresholds(overshoot="return 2 / a"), "wrong_r"),
    _thresholds(thresholds(diverge="return 1 / (4 * a)"), "wrong_r"),
    _thresholds(thresholds(diverge="raise NotImplementedError()"), "not_implemented"),
    # Exercise 5: the summed loss
    _eta_for_sum(eta_for_sum("eta_mean"), "unchanged"),
    _eta_for_sum(eta_for_sum("eta_mean * n"), "times_n"),
    _eta_for_sum(eta_for_sum("eta_mean / n**2"), "n_squared"),
    _eta_for_sum(eta_for_sum("eta_mean / (n - 1)"), "n_minus_1"),
    _eta_for_sum(eta_for_sum("eta_mean / np.sqrt(n)"), "sqrt_n"),
    _eta_for_sum(eta_for_sum("eta_mean // n"), "floor_division"),
    _eta_for_sum(eta_for_sum("1 / n"), "ignores_eta_mean"),
    _eta_for_sum(eta_for_sum("eta_mean / len(y_heart)"), "global_n"),
    _eta_for_sum(eta_for_sum("n / eta_mean"), "inverted"),
    _eta_for_sum(eta_for_sum("-eta_mean / n"), "sign"),
    _eta_for_sum(variant(ETA_FOR_SUM, "return eta_mean / n", "eta_mean / n"), "none"),
    _eta_for_sum(eta_for_sum('f"{eta_mean / n}"'), "type"),  # text
    _eta_for_sum(eta_for_sum("eta_mean / n,"), "type"),  # a trailing comma makes a tuple
    _eta_for_sum(
        variant(ETA_FOR_SUM, "return eta_mean / n", "raise NotImplementedError()"),
        "not_implemented",
    ),
]

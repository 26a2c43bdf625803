"""Likely wrong answers in 04_learning_rate (``Mistake`` is supplied by the test)."""


def _diagnosis(**changes):
    """The right diagnosis of runs A to E with some labels changed, as notebook code."""
    right = {"A": "too_slow", "B": "converged", "C": "oscillating", "D": "diverged"}
    right["E"] = "converged"
    return "diagnosis = " + repr({**right, **changes})


def _thresholds(overshoot, diverge):
    return (
        f"def eta_overshoot(a):\n    return {overshoot}\n\n\n"
        f"def eta_diverge(a):\n    return {diverge}"
    )


MISTAKES = [
    # Exercise 1: reading trace plots
    Mistake(
        "diagnosis",
        "test_diagnosis",
        _diagnosis(C="diverged", D="oscillating"),
        ("run C", "'diverged'"),
    ),
    Mistake("diagnosis", "test_diagnosis", _diagnosis(D="oscillating"), ("run D", "up and down")),
    Mistake("diagnosis", "test_diagnosis", _diagnosis(C="diverged"), ("run C", "many times")),
    Mistake("diagnosis", "test_diagnosis", _diagnosis(A="converged"), ("run A", "levelled off")),
    Mistake(
        "diagnosis",
        "test_diagnosis",
        _diagnosis(E="too_slow"),
        ("run E", "still clearly going down"),
    ),
    Mistake("diagnosis", "test_diagnosis", _diagnosis(B="oscillating"), ("run B", "'oscillating'")),
    Mistake("diagnosis", "test_diagnosis", _diagnosis(A="too slow"), ("run A", "not one of")),
    Mistake(
        "diagnosis", "test_diagnosis", "diagnosis = {'A': 'too_slow', 'B': 'converged'}", ("keys",)
    ),
    Mistake(
        "diagnosis", "test_diagnosis", "diagnosis = ['too_slow', 'converged']", ("dictionary",)
    ),
    Mistake("diagnosis", "test_diagnosis", "diagnosis = None", ("diagnosis", "None")),
    # Exercise 2: choosing eta for the feature in beats per minute
    Mistake("eta_bpm", "test_eta_bpm", "eta_bpm = 3.0", ("too large", "oscillates or diverges")),
    Mistake("eta_bpm", "test_eta_bpm", "eta_bpm = 0.05", ("too large",)),
    Mistake("eta_bpm", "test_eta_bpm", "eta_bpm = 0.0695", ("too large",)),
    Mistake("eta_bpm", "test_eta_bpm", "eta_bpm = 0.0001", ("too small", "still descending")),
    Mistake("eta_bpm", "test_eta_bpm", "eta_bpm = 0.001", ("too small", "still descending")),
    Mistake("eta_bpm", "test_eta_bpm", "eta_bpm = -0.01", ("positive number",)),
    Mistake("eta_bpm", "test_eta_bpm", "eta_bpm = '0.01'", ("positive number",)),
    Mistake("eta_bpm", "test_eta_bpm", "eta_bpm = None", ("eta_bpm", "None")),
    # Exercise 3: the factor r of one step on a (w - c)**2
    Mistake(
        "step_factor",
        "test_step_factor",
        "def step_factor(a, eta):\n    return 1 + 2 * a * eta",
        ("sign", "towards c"),
    ),
    Mistake(
        "step_factor",
        "test_step_factor",
        "def step_factor(a, eta):\n    return 2 * a * eta - 1",
        ("wrong sign",),
    ),
    Mistake(
        "step_factor",
        "test_step_factor",
        "def step_factor(a, eta):\n    return 1 - a * eta",
        ("step_factor", "is not right"),
    ),
    Mistake(
        "step_factor",
        "test_step_factor",
        "def step_factor(a, eta):\n    return -2 * a * eta",
        ("step_factor",),
    ),
    Mistake(
        "step_factor",
        "test_step_factor",
        "def step_factor(a, eta):\n    r = 1 - 2 * a * eta",
        ("returned None",),
    ),
    Mistake(
        "step_factor",
        "test_step_factor",
        "def step_factor(a, eta):\n    raise NotImplementedError()",
        ("step_factor", "not implemented"),
    ),
    # Exercise 4: thresholds; off by a factor 2, a sign, swapped, inverted
    Mistake(
        "eta_thresholds",
        "test_eta_thresholds",
        _thresholds("1 / a", "1 / a"),
        ("eta_overshoot", "2 times too large"),
    ),
    Mistake(
        "eta_thresholds",
        "test_eta_thresholds",
        _thresholds("1 / (2 * a)", "1 / (2 * a)"),
        ("eta_diverge", "half as large"),
    ),
    Mistake(
        "eta_thresholds",
        "test_eta_thresholds",
        _thresholds("1 / a", "1 / (2 * a)"),
        ("eta_overshoot", "2 times too large"),
    ),
    Mistake(
        "eta_thresholds",
        "test_eta_thresholds",
        _thresholds("1 / (2 * a)", "2 / a"),
        ("eta_diverge", "2 times too large"),
    ),
    Mistake(
        "eta_thresholds",
        "test_eta_thresholds",
        _thresholds("-1 / (2 * a)", "1 / a"),
        ("eta_overshoot", "wrong sign"),
    ),
    Mistake(
        "eta_thresholds",
        "test_eta_thresholds",
        _thresholds("2 * a", "a"),
        ("eta_overshoot", "is not right"),
    ),
    # Exercise 5: the summed loss
    Mistake(
        "eta_for_sum",
        "test_eta_for_sum",
        "def eta_for_sum(eta_mean, n):\n    return eta_mean",
        ("unchanged", "n times steeper", "n times larger"),
    ),
    Mistake(
        "eta_for_sum",
        "test_eta_for_sum",
        "def eta_for_sum(eta_mean, n):\n    return eta_mean * n",
        ("smaller than eta_mean",),
    ),
    Mistake(
        "eta_for_sum",
        "test_eta_for_sum",
        "def eta_for_sum(eta_mean, n):\n    return eta_mean / n**2",
        ("too small", "shorter"),
    ),
    Mistake(
        "eta_for_sum",
        "test_eta_for_sum",
        "def eta_for_sum(eta_mean, n):\n    return eta_mean / np.sqrt(n)",
        ("too large", "longer"),
    ),
    Mistake(
        "eta_for_sum",
        "test_eta_for_sum",
        "def eta_for_sum(eta_mean, n):\n    return -eta_mean / n",
        ("eta_for_sum", "sign"),
    ),
    Mistake(
        "eta_for_sum",
        "test_eta_for_sum",
        "def eta_for_sum(eta_mean, n):\n    return eta_mean / (n - 1)",
        ("eta_for_sum",),
    ),
    Mistake(
        "eta_for_sum",
        "test_eta_for_sum",
        "def eta_for_sum(eta_mean, n):\n    raise NotImplementedError()",
        ("eta_for_sum", "not implemented"),
    ),
]

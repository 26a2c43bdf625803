"""Mutants of the solutions that compute what the solution computes: no test can catch them.

Each is named by its assignment, its solution cell (grade id) and its mutated line as
:mod:`.mutants` writes it (stripped), with the reason why it is equivalent. Equivalent
means: the same result, exactly (not merely within rounding), for every input that the
exercise asks the code to handle. The mutation test (``test_mutants.py``) does not count
them, and fails when one of them is caught (it was not equivalent after all) or no longer
made (the solution changed: update the list).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Equivalent:
    """A mutant that computes what the solution computes, and why."""

    assignment: str
    cell: str
    mutated: str
    why: str


FLOAT = (
    "float() dropped: NumPy's result is already an np.float64, a subclass of float with the "
    "same value, so the number returned is the same and isinstance(result, float) holds."
)
AT_ZERO = (
    "z > 0 for z >= 0: the two branches differ only at z = 0, where u = exp(0) = 1 and both "
    "give exactly 1 / (1 + 1) = 1 / 2."
)
TIMES_ONE = "a factor that is exactly 1 dropped: x * 1 == x in floating point too."

NEURON = "01_neuron_and_loss"
DESCENT = "02_descent_one_weight"
MANY = "03_many_weights"
CHAIN = "05_chain_rule"
LOGISTIC = "06_logistic_derivative"
CODE = "07_formula_to_code"

EQUIVALENT: list[Equivalent] = [
    Equivalent(
        NEURON,
        "sigmoid",
        "z = z",
        "np.asarray(z, dtype=float) dropped: the exercise asks for a NumPy array or a plain "
        "number, and for both np.abs, np.exp and np.where give the same values and types (a "
        "0-d array for a number) without the conversion; only a Python list would differ.",
    ),
    Equivalent(
        NEURON, "sigmoid", "return np.where(z > 0, 1.0 / (1.0 + u), u / (1.0 + u))", AT_ZERO
    ),
    Equivalent(NEURON, "mse", "return np.mean(residual**2)", FLOAT),
    Equivalent(
        NEURON,
        "log_loss",
        "return np.mean(y * np.logaddexp(0.0, -z) + (1 - y) * np.logaddexp(0.0, z))",
        FLOAT,
    ),
    Equivalent(NEURON, "accuracy", "return np.mean(predicted == (y == 1))", FLOAT),
    Equivalent(
        NEURON,
        "loss_curve",
        "return np.array([log_loss([w0, w1], X, y) for w1 in w1_grid])",
        "np.array dropped around the weights [w0, w1]: log_loss only computes X @ w, and "
        "X @ [w0, w1] converts the list to the same float array.",
    ),
    Equivalent(DESCENT, "mse_grad", "return np.mean(2 * x * (w * x - y))", FLOAT),
    Equivalent(DESCENT, "best_weight", "return (np.sum(x * y) / np.sum(x * x))", FLOAT),
    Equivalent(
        MANY,
        "find_bug",
        "wrong_component = np.argmax(component_errors)",
        "int() dropped: np.argmax gives an np.int64 of the same value, an integer "
        "(numbers.Integral) that indexes and compares as the int does.",
    ),
    Equivalent(
        MANY,
        "standardize",
        "z_new = (max_hr_bpm - hr_mean) / hr_sd",
        "np.asarray(..., dtype=float) dropped: the exercise gives an array of heart rates "
        "(or a number), and array - float is the same float array with or without the "
        "conversion, for integer heart rates too; only a Python list would differ.",
    ),
    Equivalent(
        MANY,
        "standardize",
        "return losses.sigmoid(w[0] + w[-1] * z_new)",
        "w[-1] for w[1]: the weights fitted on X_std are exactly two, intercept and slope, so "
        "the last one is w[1].",
    ),
    Equivalent(CHAIN, "backward", "return dL_dr * dp_du * du_dw", f"dr_dp = 1.0 is {TIMES_ONE}"),
    Equivalent(
        LOGISTIC,
        "chain_rule_gradient",
        "dxi4_dxi1 = (-1 / xi3**2) * xi2  # the links both tables share",
        f"dxi3/dxi2 = 1 is {TIMES_ONE}",
    ),
    Equivalent(
        CODE, "loss_and_grad", "p = np.where(z > 0, 1.0 / (1.0 + u), u / (1.0 + u))", AT_ZERO
    ),
    Equivalent(CODE, "loss_and_grad", "return loss, grad", FLOAT),
    Equivalent(
        CODE,
        "fit_logistic",
        "w = np.zeros(X.shape[-1])",
        "X.shape[-1] for X.shape[1]: X is always 2-D, shape (n, p), so its last axis is axis 1.",
    ),
    Equivalent(
        CODE,
        "evaluate",
        "predicted = (X @ w >= 0)  # p >= 1/2 exactly where z >= 0",
        ".astype(float) dropped: predicted is only compared with the 0/1 labels y, and "
        "True == 1.0 and False == 0.0 just as 1.0 == 1.0 and 0.0 == 0.0.",
    ),
    Equivalent(CODE, "evaluate", "return loss, np.mean(predicted == y)", FLOAT),
]

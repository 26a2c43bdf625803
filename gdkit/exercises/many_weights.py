"""The checks of assignment 03, many weights: gradients, a gradient check, scaling.

One check per graded exercise. Each knows its reference, the slips students are likely
to make (declared as :class:`gdkit.checks.Slip`, named in the failure's ``kind``) and
which gdkit functions the exercise forbids. A test cell only states the inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from gdkit import gradcheck, losses
from gdkit.checks import CheckFailure, Slip, assert_close, check_function

__all__ = [
    "LOG_LOSS_GRAD_SLIPS",
    "check_find_bug",
    "check_log_loss_grad",
    "check_mse_grad",
    "check_numerical_gradient",
    "check_prob_disease",
    "check_standardize",
]

#: A relative error above this means a bug (the course's rule of thumb).
BUG_LEVEL = 1e-3
#: The colleague's model of "find the bug": intercept, MaxHR, Age, Oldpeak.
_COLLEAGUE_WEIGHTS = 4

Case = Sequence[Any]


# ---------------------------------------------------------------------------- gradients


_FLOOR_DIVISION = (
    "has whole numbers only, or zeros: `//` is floor division, which rounds down (so "
    "2 // n is 0 once n > 2). Divide with `/`."
)
_BROADCAST = (
    "returns a (p, n) array: somewhere a column (n, 1) meets a flat vector (n,), and NumPy "
    "broadcasts them to an (n, n) table. Keep every vector flat, shape (n,)."
)


def _product_slips(output: Callable[[Any, Any], Any], scale: float) -> list[Slip]:
    """Slips of ``scale * X.T @ (output(w, X) - y) / n`` in its matrix product."""
    return [
        Slip(
            "transposed",
            "multiplies by X where X.T belongs: entry j is column j of X dotted with the "
            "errors of the n examples, so the product is (p, n) @ (n,).",
            lambda w, X, y: scale * X @ (output(w, X) - y) / len(y),
        ),
        Slip(
            "broadcast",
            _BROADCAST,
            lambda w, X, y: scale * X.T @ (output(w, X) - y[:, None]) / len(y),
        ),
        Slip(
            "broadcast",
            _BROADCAST,
            lambda w, X, y: scale * X.T @ (output(w, X)[:, None] - y) / len(y),
        ),
        Slip(
            "elementwise",
            "multiplies elementwise (*) where a matrix product (@) belongs: the products of "
            "each column with the errors still have to be added up over the examples.",
            lambda w, X, y: scale * X.T * (output(w, X) - y) / len(y),
        ),
        Slip(
            "divides_by_p",
            "divides by the number of weights p, not by the number of examples n.",
            lambda w, X, y: scale * X.T @ (output(w, X) - y) / X.shape[1],
        ),
        Slip("floor_division", _FLOOR_DIVISION, lambda w, X, y: np.zeros(X.shape[1])),
        Slip(
            "floor_division",
            _FLOOR_DIVISION,
            lambda w, X, y: scale * X.T @ (output(w, X) - y) // len(y),
        ),
    ]


def _linear(w: Any, X: Any) -> Any:
    return X @ w


def _probability(w: Any, X: Any) -> Any:
    return losses.sigmoid(X @ w)


def _sigmoid_squared_error_grad(w: Any, X: Any, y: Any) -> Any:
    """The gradient with the sigmoid's derivative p(1 - p) kept in: a different loss's."""
    p = _probability(w, X)
    return X.T @ ((p - y) * p * (1 - p)) / len(y)


_MSE_SLIPS = _product_slips(_linear, 2.0)

LOG_LOSS_GRAD_SLIPS = [
    Slip(
        "extra_factor",
        "multiplies by the sigmoid's derivative p(1 - p) too. For the log-loss that factor "
        "cancels (see the derivation above); with it, you have the gradient of a different "
        "loss, the squared error of the sigmoid.",
        _sigmoid_squared_error_grad,
    ),
    Slip(
        "no_sigmoid",
        "uses z = X w where the probability p = sigmoid(z) belongs: the neuron's output "
        "goes through the sigmoid first.",
        lambda w, X, y: X.T @ (X @ w - y) / len(y),
    ),
    Slip(
        "labels_swapped",
        "mixes up y and 1 - y: label 1 goes with log p (part A of the loss), label 0 with "
        "log(1 - p) (part B).",
        lambda w, X, y: X.T @ (_probability(w, X) - (1 - y)) / len(y),
    ),
    Slip(
        "complement",
        "uses 1 - p where the probability p of label 1 belongs.",
        lambda w, X, y: X.T @ ((1 - _probability(w, X)) - y) / len(y),
    ),
    Slip(
        "rounded",
        "uses the predicted class (0 or 1) where the probability p belongs: the gradient "
        "needs p itself, not p rounded.",
        lambda w, X, y: X.T @ (np.round(_probability(w, X)) - y) / len(y),
    ),
    Slip(
        "part_b_sign",
        "has the slides' sign slip in part B: the derivative of L^B = -(1 - y) log(1 - p) "
        "carries two minus signs, the one in front of the log and the inner derivative of "
        "1 - p, and they cancel. Take the two results of the derivation above as they are.",
        lambda w, X, y: (
            X.T @ (-y * (1 - _probability(w, X)) - (1 - y) * _probability(w, X)) / len(y)
        ),
    ),
    Slip(
        "mse_gradient",
        "is the gradient of the mean squared error (Exercise 1), not of the log-loss: the "
        "log-loss compares the probabilities p = sigmoid(X w) with y.",
        lambda w, X, y: losses.mse_grad(w, X, y),
    ),
    *_product_slips(_probability, 1.0),
]


def check_mse_grad(mse_grad: Any, cases: Sequence[Case]) -> None:
    """Check a student's gradient of the mean squared error on ``cases`` of ``(w, X, y)``.

    Named slips: a sum for the mean, a missing 2, the sign, X for X.T (seen with a square
    X), an (n, 1)-(n,) broadcast, ``*`` for ``@``, p for n, and calling
    ``losses.mse_grad`` (or gdkit's numerical gradient).

    >>> X, y = losses.add_intercept(np.array([1.0, -1.0, 2.0])), np.array([1.0, 0.0, 2.0])
    >>> check_mse_grad(lambda w, X, y: 2 * X.T @ (X @ w - y) / len(y), [(np.ones(2), X, y)])
    >>> check_mse_grad(lambda w, X, y: X.T @ (X @ w - y) / len(y), [(np.ones(2), X, y)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `mse_grad` is not correct: it is half as large as it ...
    """
    __tracebackhide__ = True
    check_function(
        mse_grad,
        losses.mse_grad,
        cases,
        name="mse_grad",
        slips=_MSE_SLIPS,
        forbid=[losses.mse_grad, gradcheck.numerical_gradient],
    )


def check_log_loss_grad(log_loss_grad: Any, cases: Sequence[Case]) -> None:
    """Check a student's gradient of the mean log-loss on ``cases`` of ``(w, X, y)``.

    Named slips, besides those of :func:`check_mse_grad`: the extra factor p(1 - p),
    z for p (no sigmoid), y and 1 - y swapped, 1 - p for p, rounded p; overflow shows
    as NaN or a warning. ``losses.sigmoid`` is allowed, ``losses.log_loss_grad`` not.

    >>> X, y = losses.add_intercept(np.array([1.0, -1.0, 2.0])), np.array([1.0, 0.0, 0.0])
    >>> right = lambda w, X, y: X.T @ (losses.sigmoid(X @ w) - y) / len(y)
    >>> check_log_loss_grad(right, [(np.ones(2), X, y)])
    >>> check_log_loss_grad(lambda w, X, y: X.T @ (X @ w - y) / len(y), [(np.ones(2), X, y)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `log_loss_grad` uses z = X w where the probability ...
    """
    __tracebackhide__ = True
    check_function(
        log_loss_grad,
        losses.log_loss_grad,
        cases,
        name="log_loss_grad",
        slips=LOG_LOSS_GRAD_SLIPS,
        forbid=[losses.log_loss_grad, gradcheck.numerical_gradient],
    )


# ---------------------------------------------------------------------------- numerical


#: One entry of a finite difference: f, w, the step vector e_j and its size.
_QUOTIENTS: dict[str, Callable[..., float]] = {
    "central": lambda f, w, e, step: (f(w + e) - f(w - e)) / (2 * step),
    "forward": lambda f, w, e, step: (f(w + e) - f(w)) / step,
    "backward": lambda f, w, e, step: (f(w) - f(w - e)) / step,
    "unbracketed": lambda f, w, e, step: f(w + e) - f(w - e) / (2 * step),
}


def _differences(
    f: Callable[[np.ndarray], float], w: np.ndarray, steps: np.ndarray, how: str = "central"
) -> np.ndarray:
    """Finite differences of ``f`` at ``w``, coordinate j moved by ``steps[j]``."""
    w = np.asarray(w, dtype=float)
    grad = np.zeros(len(w))
    for j, step in enumerate(steps):
        e_j = np.zeros(len(w))
        e_j[j] = step
        grad[j] = _QUOTIENTS[how](f, w, e_j, step)
    return grad


def _central(f: Callable[[np.ndarray], float], w: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """The reference: central differences with exactly the step ``h``."""
    return _differences(f, w, np.full(len(w), h))


def _all_at_once(f: Callable[[np.ndarray], float], w: np.ndarray, h: float = 1e-6) -> np.ndarray:
    return np.full(len(w), (f(w + h) - f(w - h)) / (2 * h))


def _not_reset(f: Callable[[np.ndarray], float], w: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """w_plus and w_minus copied once, before the loop: entry j moves coordinates 0 to j."""
    w = np.asarray(w, dtype=float)
    moved = np.cumsum(np.eye(len(w)), axis=0)  # row j: ones up to place j
    return np.array([(f(w + h * e) - f(w - h * e)) / (2 * h) for e in moved])


def _half_forward(f: Callable[[np.ndarray], float], w: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """``w_plus = w``: w + h e_j, then back to w (not w - h e_j), over 2h."""
    return _differences(f, w, np.full(len(w), h), "forward") / 2


_NO_COPY = (
    "`w_plus = w` only gives the same array a second name, so changing one changes the "
    "other: use w.copy()."
)

_SKIPPED = "leaves an entry at 0: does the loop visit every weight, j = 0 to p - 1?"

_NUMERICAL_SLIPS = [
    Slip(
        "no_copy",
        "returns only zeros: it evaluates f at the same point twice. " + _NO_COPY,
        lambda f, w, h=1e-6: np.zeros(len(w)),
    ),
    Slip("no_copy", "evaluates f at w where w - h e_j belongs. " + _NO_COPY, _half_forward),
    Slip(
        "not_reset",
        "copies w once, before the loop, and never resets the copies: from the second "
        "weight on, the coordinates moved before are still moved. Make fresh copies of w "
        "for each j, inside the loop (or put each coordinate back after use).",
        _not_reset,
    ),
    Slip(
        "one_sided",
        "looks like a one-sided (forward) difference, whose error shrinks only like h: "
        "use the central difference the exercise describes.",
        lambda f, w, h=1e-6: _differences(f, w, np.full(len(w), h), "forward"),
    ),
    Slip(
        "one_sided",
        "looks like a one-sided (backward) difference, whose error shrinks only like h: "
        "use the central difference the exercise describes.",
        lambda f, w, h=1e-6: _differences(f, w, np.full(len(w), h), "backward"),
    ),
    Slip(
        "factor_2",
        "divides by h, but the two points w + h e_j and w - h e_j are 2h apart.",
        lambda f, w, h=1e-6: 2 * _central(f, w, h),
    ),
    Slip(
        "precedence",
        "looks like it divides by 2 and then MULTIPLIES by h (`/ 2 * h`): Python reads "
        "a / 2 * h as (a / 2) * h. Put the whole denominator in parentheses.",
        lambda f, w, h=1e-6: _central(f, w, h) * h * h,
    ),
    Slip(
        "precedence",
        "looks like it divides only f(w - h e_j) by 2h: Python divides before it subtracts. "
        "Put the difference in parentheses.",
        lambda f, w, h=1e-6: _differences(f, w, np.full(len(w), h), "unbracketed"),
    ),
    Slip(
        "all_at_once",
        "gives every entry the same value: it moves all coordinates at once (w + h). For "
        "entry j, change only coordinate j.",
        _all_at_once,
    ),
    Slip(
        "relative_step",
        "scales the step with the size of w_j (as some libraries do): use exactly the h "
        "you are given.",
        lambda f, w, h=1e-6: _differences(f, w, h * np.maximum(1.0, np.abs(w))),
    ),
    Slip(
        "ignores_h",
        "does not use the step h it is given: its result is the exact slope, as if h were "
        "tiny. For a function that is not a quadratic, the central difference with the h of "
        "the test differs from the exact slope, and so must your result.",
        lambda f, w, h=1e-6: _central(f, w, 1e-6),
    ),
    Slip("skipped", _SKIPPED, lambda f, w, h=1e-6: _central(f, w, h) * (np.arange(len(w)) > 0)),
    Slip(
        "skipped",
        _SKIPPED,
        lambda f, w, h=1e-6: _central(f, w, h) * (np.arange(len(w)) < len(w) - 1),
    ),
]


def check_numerical_gradient(numerical_gradient: Any, cases: Sequence[Case]) -> None:
    """Check a student's central-difference gradient on ``cases`` of ``(f, w)`` or ``(f, w, h)``.

    The reference moves coordinate j by exactly ``h`` each way. Named slips: no copy
    (``w_plus = w``), a one-sided difference, over h instead of 2h, ``/ 2 * h``, all
    coordinates at once, a step relative to ``|w_j|``, ignoring ``h`` (seen only on a
    function that is not a quadratic), changing the caller's ``w``, and calling
    ``gradcheck.numerical_gradient``.

    >>> def forward(f, w, h=1e-6):
    ...     return np.array([(f(w + h * e) - f(w)) / h for e in np.eye(len(w))])
    >>> check_numerical_gradient(forward, [(lambda w: np.sum(w**3), np.ones(2), 0.1)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `numerical_gradient` looks like a one-sided (forward) ...
    """
    __tracebackhide__ = True
    check_function(
        numerical_gradient,
        _central,
        cases,
        name="numerical_gradient",
        slips=_NUMERICAL_SLIPS,
        forbid=[gradcheck.numerical_gradient],
    )


# ---------------------------------------------------------------------------- find the bug


def _relative(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.abs(a - b) / (np.abs(a) + np.abs(b))


def _errors_given(component_errors: Any, size: int) -> np.ndarray:
    """``component_errors`` as floats, or a failure naming what is wrong with its form."""
    name = "component_errors"
    if component_errors is None:
        raise CheckFailure("none", f"`{name}` is None: replace None with your answer.")
    try:
        errors = np.asarray(component_errors, dtype=float)
    except (TypeError, ValueError):
        raise CheckFailure("type", f"`{name}` must hold numbers, one per weight.") from None
    if errors.shape != (size,):
        raise CheckFailure(
            "shape",
            f"`{name}` has shape {errors.shape}: it must hold one relative error per weight, "
            f"shape ({size},), not one number for the whole gradient.",
        )
    if not np.all(np.isfinite(errors)):
        raise CheckFailure(
            "not_finite",
            f"`{name}` holds NaN or infinity: a 0/0 where both gradients are 0? Check the "
            "point and the data you used.",
        )
    if np.any(errors < 0):
        raise CheckFailure(
            "negative",
            f"`{name}` holds negative numbers, but a relative error |a - b| / (|a| + |b|) "
            "never is: did you forget an absolute value?",
        )
    if np.any(errors > 1):
        raise CheckFailure(
            "not_relative",
            f"`{name}` holds numbers above 1, but a relative error |a - b| / (|a| + |b|) "
            "never is: divide by |a| + |b|, both gradients.",
        )
    return errors


def _index_given(wrong_component: Any, size: int) -> int:
    name = "wrong_component"
    if wrong_component is None:
        raise CheckFailure("none", f"`{name}` is None: replace None with your answer.")
    if isinstance(wrong_component, bool) or not isinstance(wrong_component, int | np.integer):
        raise CheckFailure(
            "type",
            f"`{name}` must be one whole number (an int), the index of a weight, not a "
            f"{type(wrong_component).__name__}. int(...) converts one.",
        )
    if not 0 <= wrong_component < size:
        raise CheckFailure(
            "range", f"`{name}` must be between 0 and {size - 1}: the index of a weight."
        )
    return int(wrong_component)


def _one_stands_out(errors: np.ndarray) -> None:
    """Exactly one component above :data:`BUG_LEVEL`, or a failure naming the slip."""
    name = "component_errors"
    above = int(np.sum(errors > BUG_LEVEL))
    if above == 0:
        raise CheckFailure(
            "none_stands_out",
            f"`{name}`: no component stands out, all are below {BUG_LEVEL:g}. Did you "
            "compare the colleague's gradient with itself, or with another copy of the same "
            "formula? Compare it with your numerical_gradient of the loss.",
        )
    if above > 1:
        raise CheckFailure(
            "different_losses",
            f"`{name}`: {above} components stand out (above {BUG_LEVEL:g}), but one wrong "
            "entry should leave the others agreeing closely. Are both gradients of the same "
            "loss (losses.log_loss, the mean), on the same data (X_three, y_heart), at the "
            "same point w_check?",
        )


def _reference_errors(
    gradient: Callable[..., Any], w: np.ndarray, X: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The colleague's gradient and gdkit's numerical gradient of the log-loss at ``w``."""
    g = np.asarray(gradient(w, X, y), dtype=float)
    g_num = gradcheck.numerical_gradient(lambda v: losses.log_loss(v, X, y), w)
    return g, g_num


def check_find_bug(
    component_errors: Any,
    wrong_component: Any,
    gradient: Callable[..., Any] | None = None,
    w: Any = None,
    X: Any = None,
    y: Any = None,
) -> None:
    """Check the answers of "find the bug" without giving away which component is wrong.

    Always checked: the form (``p`` non-negative relative errors at most 1, an int
    index), that exactly one component stands out (more than one: gradients of different
    losses or data; none: the colleague's gradient compared with itself) and that
    ``wrong_component`` is the index of the largest error. With the colleague's
    ``gradient`` and the point ``w``, data ``X`` and ``y`` (the hidden test), the errors
    are also compared with the reference (absolute errors are named).

    >>> check_find_bug([1e-10, 2e-10, 0.7, 1e-10], 2)
    >>> check_find_bug([1e-10, 2e-10, 0.7, 1e-10], 3)
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `wrong_component` should be the index of the largest ...
    """
    __tracebackhide__ = True
    size = _COLLEAGUE_WEIGHTS if w is None else len(w)
    errors = _errors_given(component_errors, size)
    index = _index_given(wrong_component, size)
    _one_stands_out(errors)
    largest = int(np.argmax(errors))
    if index != largest:
        smallest = index == int(np.argmin(errors))
        if index == largest + 1:
            kind, hint = ("off_by_one", " Indices count from 0: 0 is the intercept.")
            hint += " (Or did you take the smallest error, argmin for argmax?)" if smallest else ""
        elif smallest:
            kind, hint = ("smallest", " It points at the SMALLEST one: argmin for argmax?")
        else:
            kind, hint = ("inconsistent", "")
        raise CheckFailure(
            kind,
            "`wrong_component` should be the index of the largest relative error in "
            f"`component_errors`, and it is not.{hint}",
        )
    if gradient is not None:
        g, g_num = _reference_errors(gradient, np.asarray(w, dtype=float), X, y)
        absolute = Slip(
            "absolute",
            "holds absolute differences |g_j - g~_j|: divide each by |g_j| + |g~_j| to get "
            "a relative error.",
            np.abs(g - g_num),
        )
        assert_close(
            errors,
            _relative(g, g_num),
            name="component_errors",
            rtol=1e-3,
            atol=1e-6,
            slips=[absolute],
        )


# ---------------------------------------------------------------------------- standardize


_ONES_INCLUDED = "is computed over X_bpm, the column of ones included: use MaxHR alone."


def _sd_slips(x: np.ndarray) -> list[Slip]:
    return [
        Slip("ones_included", _ONES_INCLUDED, np.std(losses.add_intercept(x))),
        Slip(
            "ddof",
            "looks like the sample standard deviation (ddof=1). Standardize with the "
            "population one, np.std(x), which divides by n.",
            np.std(x, ddof=1),
        ),
        Slip("variance", "is the variance: take its square root.", np.var(x)),
    ]


def _x_std_slips(x: np.ndarray) -> list[Slip]:
    mean, sd = np.mean(x), np.std(x)
    z = (x - mean) / sd
    ones = np.ones(len(x))
    no_ones = (
        "holds only the standardized MaxHR: the model needs the column of ones too "
        "(losses.add_intercept), shape (n, 2)."
    )
    ones_scaled = (
        "standardizes the column of ones too, so it is no longer ones: standardize MaxHR "
        "alone, then add the column of ones."
    )
    return [
        Slip("no_intercept", no_ones, z),
        Slip("no_intercept", no_ones, z[:, None]),
        Slip(
            "swapped_columns",
            "has its columns the other way round: first the ones (for the intercept w[0]), "
            "then the standardized MaxHR (for w[1]).",
            np.column_stack([z, ones]),
        ),
        Slip(
            "not_scaled",
            "still holds MaxHR in beats per minute: standardize it first.",
            np.column_stack([ones, x]),
        ),
        Slip(
            "not_divided",
            "is centred (mean subtracted) but not divided by the standard deviation.",
            np.column_stack([ones, x - mean]),
        ),
        Slip(
            "not_centred",
            "is divided by the standard deviation but not centred: subtract the mean first.",
            np.column_stack([ones, x / sd]),
        ),
        Slip(
            "ddof",
            "is scaled with the sample standard deviation (ddof=1): use np.std(x), which "
            "divides by n.",
            np.column_stack([ones, (x - mean) / np.std(x, ddof=1)]),
        ),
        Slip("ones_scaled", ones_scaled, np.column_stack([0 * ones, z])),
        Slip("ones_scaled", ones_scaled, np.column_stack([(ones - mean) / sd, z])),
        Slip(
            "ones_scaled",
            "standardizes the column of ones too: its standard deviation is 0, so it becomes "
            "0/0, NaN. Standardize MaxHR alone, then add the column of ones.",
            np.column_stack([np.full(len(x), np.nan), z]),
        ),
    ]


def _scaled(bpm: Any, mean: Any, sd: Any) -> np.ndarray:
    return (np.asarray(bpm, dtype=float) - mean) / sd


def _prob_slips(mean: float, sd: float, x: np.ndarray) -> list[Slip]:
    """Slips of ``prob_disease(max_hr_bpm, w)`` for a cohort with this mean, sd and MaxHR."""

    def scaled(bpm: Any) -> np.ndarray:
        return _scaled(bpm, mean, sd)

    def own(bpm: Any) -> np.ndarray:
        return _scaled(bpm, np.mean(bpm), np.std(bpm))

    return [
        Slip(
            "own_scale",
            "scales the new patients with THEIR OWN mean and sd. Use the cohort's hr_mean "
            "and hr_sd: the weights were fitted on that scale (and one patient alone has "
            "no sd).",
            lambda bpm, w: losses.sigmoid(w[0] + w[1] * own(bpm)),
        ),
        Slip(
            "not_scaled",
            "puts the heart rates in bpm straight into the model. The weights were fitted "
            "on standardized MaxHR: scale the new patients with hr_mean and hr_sd first.",
            lambda bpm, w: losses.sigmoid(w[0] + w[1] * _scaled(bpm, 0.0, 1.0)),
        ),
        Slip(
            "not_divided",
            "subtracts hr_mean but does not divide by hr_sd.",
            lambda bpm, w: losses.sigmoid(w[0] + w[1] * _scaled(bpm, mean, 1.0)),
        ),
        Slip(
            "no_sigmoid",
            "returns z = w[0] + w[1] * (standardized MaxHR), not a probability: apply the sigmoid.",
            lambda bpm, w: w[0] + w[1] * scaled(bpm),
        ),
        Slip(
            "swapped_weights",
            "swaps the weights: w[0] is the intercept, w[1] multiplies the standardized MaxHR.",
            lambda bpm, w: losses.sigmoid(w[1] + w[0] * scaled(bpm)),
        ),
        Slip(
            "no_intercept",
            "leaves out the intercept w[0].",
            lambda bpm, w: losses.sigmoid(w[1] * scaled(bpm)),
        ),
        Slip(
            "complement",
            "gives the probability of NO heart disease (1 - p): y = 1 means heart disease.",
            lambda bpm, w: 1 - losses.sigmoid(w[0] + w[1] * scaled(bpm)),
        ),
        Slip(
            "cohort_instead",
            "returns a probability for each patient of the cohort, not for the heart rates "
            "`max_hr_bpm` it is given.",
            lambda bpm, w: losses.sigmoid(w[0] + w[1] * scaled(x)),
        ),
    ]


def check_standardize(hr_mean: Any, hr_sd: Any, X_std: Any, max_hr: np.ndarray) -> None:
    """Check the mean, the sd and the matrix ``X_std`` of the cohort's MaxHR ``max_hr`` (bpm).

    Named slips: the median, X_bpm (ones included) for MaxHR, the sample sd (ddof=1) or the variance; X_std without the
    ones, with swapped columns, with the ones standardized too, unscaled, only centred
    or only divided.

    >>> x = np.array([120.0, 150.0, 165.0])
    >>> check_standardize(x.mean(), x.std(), losses.add_intercept((x - x.mean()) / x.std()), x)
    >>> check_standardize(x.mean(), x.std(ddof=1), None, x)
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `hr_sd` looks like the sample standard deviation (ddof=1). ...
    """
    __tracebackhide__ = True
    x = np.asarray(max_hr, dtype=float)
    mean, sd = np.mean(x), np.std(x)
    mean_slips = [
        Slip("median", "is the median, not the mean.", np.median(x)),
        Slip("ones_included", _ONES_INCLUDED, np.mean(losses.add_intercept(x))),
    ]
    assert_close(hr_mean, mean, name="hr_mean", slips=mean_slips)
    assert_close(hr_sd, sd, name="hr_sd", slips=_sd_slips(x))
    right = losses.add_intercept((x - mean) / sd)
    # float32 statistics are close enough: an entry near the mean is off by about 1e-7
    assert_close(X_std, right, name="X_std", atol=1e-6, slips=_x_std_slips(x))


def check_prob_disease(prob_disease: Any, max_hr: np.ndarray, cases: Sequence[Case]) -> None:
    """Check ``prob_disease`` on ``cases`` of ``(max_hr_bpm, w)``, weights fitted on X_std.

    New patients must be scaled with the mean and sd of the cohort's MaxHR ``max_hr``.
    Named slips: scaled with their own mean and sd, not scaled, only centred, no
    sigmoid, swapped weights, no intercept, 1 - p, the cohort instead of the new patients.

    >>> x = np.array([120.0, 150.0, 165.0])
    >>> def own_scale(bpm, w):
    ...     return losses.sigmoid(w[0] + w[1] * (bpm - bpm.mean()) / bpm.std())
    >>> check_prob_disease(own_scale, x, [(np.array([100.0, 130.0]), np.array([0.1, -1.0]))])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `prob_disease` scales the new patients with THEIR OWN mean ...
    """
    __tracebackhide__ = True
    x = np.asarray(max_hr, dtype=float)
    mean, sd = float(np.mean(x)), float(np.std(x))

    def reference(max_hr_bpm: Any, w: Any) -> Any:
        return losses.sigmoid(w[0] + w[1] * _scaled(max_hr_bpm, mean, sd))

    check_function(
        prob_disease, reference, cases, name="prob_disease", slips=_prob_slips(mean, sd, x)
    )

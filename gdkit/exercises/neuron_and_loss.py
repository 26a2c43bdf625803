"""The checks of assignment 01, a single neuron and its loss.

One check per graded exercise. Each knows its reference (gdkit's function, or one
written here), the slips a student who has just learned NumPy is likely to make
(declared as :class:`gdkit.checks.Slip`, named in the failure's ``kind``) and which
gdkit functions the exercise forbids. A test cell only states the inputs.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from gdkit import losses
from gdkit.checks import (
    CheckFailure,
    Slip,
    assert_close,
    built_on,
    check_function,
    is_value_kind,
    quiet,
)

__all__ = [
    "ACCURACY_SLIPS",
    "check_accuracy",
    "check_best_w1",
    "check_linear_neuron",
    "check_log_loss",
    "check_loss_curve",
    "check_mse",
    "check_sigmoid",
    "data_ignored",
    "gives_the_same",
    "reference_accuracy",
]

Case = Sequence[Any]

# ---------------------------------------------------------------------------- shared

#: Failure kinds that say nothing about the values a function returns.
_NOT_ABOUT_VALUES = {
    "none",
    "type",
    "shape",
    "not_finite",
    "warning",
    "raised",
    "in_place",
    "not_implemented",
    "not_a_function",
    "reference_used",
}


def gives_the_same(fn: Callable[..., Any], args: Case, other_args: Case) -> bool:
    """Whether ``fn`` returns the same numbers for two different sets of arguments.

    That is how a function that ignores an argument (and uses a notebook's global, say)
    shows itself; one that fails on either set of arguments does not count.

    >>> gives_the_same(lambda w, x: 2 * w, (1.0, 3.0), (1.0, 4.0))
    True
    >>> gives_the_same(lambda w, x: w * x, (1.0, 3.0), (1.0, 4.0))
    False
    """
    try:
        with quiet():
            first = np.asarray(fn(*copy.deepcopy(args)), dtype=float)
            second = np.asarray(fn(*copy.deepcopy(other_args)), dtype=float)
            return first.shape == second.shape and bool(
                np.allclose(first, second, rtol=1e-9, atol=1e-12, equal_nan=True)
            )
    except Exception:  # a function that fails on other inputs does not ignore them
        return False


def _other_data(X: Any, y: Any, *, labels: bool) -> list[tuple[np.ndarray, np.ndarray]]:
    """Two other data sets: the features moved and other targets (or labels), and fewer rows.

    A function that ignores its X and y gives the same on both; one that uses them
    could match one of them by chance (an accuracy takes few values), hardly both.
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    other_y = 1.0 - y if labels else 0.5 - y
    features = 1.5 * X + 1.0  # all but the column of ones, which a 1-D x does not have
    moved = features if X.ndim == 1 else np.column_stack([X[:, :1], features[:, 1:]])
    return [(moved, other_y), (X[:3], y[:3])]


def _ignores_data(fn: Any, case: Case, at: int, *, labels: bool) -> bool:
    """Whether ``fn`` gives the same result when the case's X and y (from ``at``) change.

    >>> X, y = np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.5], [1.0, 3.0]]), np.ones(4)
    >>> _ignores_data(lambda w, X, y: w @ w, (np.ones(2), X, y), 1, labels=True)
    True
    """
    X, y = case[at : at + 2]
    return all(
        gives_the_same(fn, case, (*case[:at], *other, *case[at + 2 :]))
        for other in _other_data(X, y, labels=labels)
    )


#: Failures that say a function's results are wrong, or that it raised, and no more.
_UNNAMED = {"raised", "matmul_shapes"}


def data_ignored(
    fn: Any,
    cases: Sequence[Case],
    failure: CheckFailure,
    *,
    name: str,
    at: int = 1,
    labels: bool = False,
    names: tuple[str, str] = ("X and y", "X_heart and y_heart"),
) -> CheckFailure | None:
    """A failure of kind ``globals`` if ``fn`` ignores its data, else None.

    The data are the arguments ``at`` and ``at + 1`` of each case (``y`` 0/1 ``labels``
    or not); ``names`` are theirs and those of the notebook's globals a student may have
    used instead. Looked for only when no slip named ``failure``: when the results are
    wrong, or the function raised (one that computes with the notebook's data fails on
    a case whose weights do not fit that data).

    >>> X, y = np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.5], [1.0, 3.0]]), np.ones(4)
    >>> wrong = CheckFailure("value", "`mse` is not right.")
    >>> print(data_ignored(lambda w, X, y: w @ w, [(np.ones(2), X, y)], wrong, name="mse"))
    `mse` gives the same result whatever X and y it is given: it must use its arguments X and y, not the notebook's X_heart and y_heart.
    """
    if not (is_value_kind(failure.kind) or failure.kind in _UNNAMED):
        return None
    if any(_ignores_data(fn, case, at, labels=labels) for case in cases):
        ours, notebook = names
        return CheckFailure(
            "globals",
            f"`{name}` gives the same result whatever {ours} it is given: it must use its "
            f"arguments {ours}, not the notebook's {notebook}.",
        )
    return None


def _prerequisite(
    failure: CheckFailure,
    helper: Any,
    reference: Callable[..., Any],
    case: Case,
    *,
    name: str,
    helper_name: str,
) -> CheckFailure:
    """``failure``, or if the student's ``helper`` is wrong too, a failure that says so.

    An exercise not written yet is just that.
    """
    if failure.kind == "not_implemented":
        return failure
    return built_on(
        failure,
        lambda: check_function(helper, reference, [case], name=helper_name),
        name=name,
        earlier=helper_name,
    )


# ---------------------------------------------------------------------------- Exercise 1


def _linear_neuron(w: np.ndarray, X: np.ndarray) -> np.ndarray:
    return np.asarray(X, dtype=float) @ np.asarray(w, dtype=float)


_LINEAR_SLIPS = (
    Slip(
        "transposed",
        "combines w with the columns of X, not with its rows: each example is a row of X, "
        "and its output is that row's weighted sum.",
        lambda w, X: X.T @ w,
    ),
    Slip(
        "elementwise",
        "returns every feature times its weight, one column per weight, but does not add "
        "them up: the neuron gives one number per example (a matrix-vector product does "
        "both at once).",
        lambda w, X: X * w,
    ),
    Slip(
        "sum_all",
        "adds up the products over the whole table, which gives one number: each example "
        "(each row of X) needs its own weighted sum.",
        lambda w, X: np.sum(X * w),
    ),
    Slip(
        "activation",
        "applies the sigmoid: a neuron with LINEAR activation outputs the weighted sum "
        "itself (the identity).",
        lambda w, X: losses.sigmoid(X @ w),
    ),
    Slip(
        "intercept_twice",
        "adds the intercept w0 a second time: the column of ones in X already carries it.",
        lambda w, X: w[0] + X @ w,
    ),
    Slip(
        "no_intercept",
        "leaves out the intercept: the first column of X (the ones) goes with w0 like any "
        "other feature with its weight.",
        lambda w, X: X[:, 1:] @ w[1:],
    ),
    Slip(
        "fixed_p",
        "uses only w[0] and w[1] (as in w[0] + w[1] * X[:, 1]), which serves one feature, "
        "p = 2, only: here X has more columns. Combine all p weights with all p columns.",
        lambda w, X: w[0] + w[1] * X[:, 1],
    ),
)


def check_linear_neuron(linear_neuron: Any, cases: Sequence[Case]) -> None:
    """Check ``linear_neuron(w, X)`` on each case ``(w, X)``: the weighted sum of each row.

    A square ``X`` in the first case tells rows from columns.

    >>> X = np.array([[1.0, 2.0, -1.0], [1.0, -1.0, 0.5], [1.0, 0.5, 3.0]])
    >>> check_linear_neuron(lambda w, X: X @ w, [(np.array([0.5, 2.0, -1.0]), X)])
    >>> check_linear_neuron(lambda w, X: w @ X, [(np.array([0.5, 2.0, -1.0]), X)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `linear_neuron` combines w with the columns of X, not ...
    """
    __tracebackhide__ = True
    check_function(linear_neuron, _linear_neuron, cases, name="linear_neuron", slips=_LINEAR_SLIPS)


# ---------------------------------------------------------------------------- Exercise 2


def _mirrored(z: Any) -> Any:
    return losses.sigmoid(-np.asarray(z, dtype=float))


_ONE_BRANCH = (
    "is right for one sign of z only: check that each branch of np.where uses the formula "
    "for its own sign of z, and that u = e^(-|z|) keeps its absolute value."
)
_SIGMOID_SLIPS = (
    Slip(
        "swapped",
        "gives 1 - sigmoid(z), the mirror image: are the formulas for z >= 0 and z < 0 "
        "swapped in np.where, or has the minus sign in e^(-z) gone?",
        _mirrored,
    ),
    Slip("one_branch", _ONE_BRANCH, lambda z: np.minimum(losses.sigmoid(z), _mirrored(z))),
    Slip("one_branch", _ONE_BRANCH, lambda z: np.maximum(losses.sigmoid(z), _mirrored(z))),
)

_BOTH_BRANCHES = (
    "If you use np.where(condition, a, b): it computes all of a and all of b, for every z, "
    "before it picks, so each of them must be safe for every z."
)


@contextmanager
def _exp_watched(student_fn: Any) -> Iterator[list[bool]]:
    """``np.exp`` (in NumPy and in the student's globals) records each overflow to inf.

    A warning silenced with ``np.errstate`` inside the student's function hides an
    overflow from the warning check, not from this one.
    """
    original, overflowed = np.exp, []

    def exp(x: Any, *args: Any, **kwargs: Any) -> Any:
        with np.errstate(over="ignore"):
            out = original(x, *args, **kwargs)
        if np.any(np.isinf(out) & np.isfinite(x)):
            overflowed.append(True)
        return out

    namespaces = [vars(np), getattr(student_fn, "__globals__", None) or {}]
    swapped = [
        (ns, key) for ns in namespaces for key, value in list(ns.items()) if value is original
    ]
    try:
        for namespace, key in swapped:
            namespace[key] = exp
        yield overflowed
    finally:
        for namespace, key in swapped:
            namespace[key] = original


def _overflows(sigmoid: Any, inputs: Sequence[Any]) -> bool:
    """Whether ``sigmoid`` lets np.exp overflow on any input, warning or not."""
    with quiet(), _exp_watched(sigmoid) as overflowed:
        for z in inputs:
            try:
                sigmoid(copy.deepcopy(z))
            except Exception:  # already passed its checks: nothing more to learn here
                continue
    return bool(overflowed)


def check_sigmoid(sigmoid: Any, inputs: Sequence[Any]) -> None:
    """Check ``sigmoid(z)`` on each input ``z``: arrays, and plain numbers too.

    The student's function must not call gdkit's ``losses.sigmoid``, nor warn, nor let
    ``np.exp`` overflow even where a warning is silenced (kind ``overflow_hidden``).

    >>> check_sigmoid(lambda z: np.exp(-np.logaddexp(0.0, -np.asarray(z))), [np.array([-800.0, 2.0]), 0.5])
    >>> check_sigmoid(lambda z: 1 / (1 + np.exp(-z)), [np.array([-1000.0, 1000.0])])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `sigmoid` gives the right result but makes Python warn: ...
    >>> def silenced(z):
    ...     with np.errstate(over="ignore"):
    ...         return 1 / (1 + np.exp(-z))
    >>> check_sigmoid(silenced, [np.array([-1000.0, 1000.0])])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `sigmoid` gives the right values, but np.exp overflows inside it ...
    """
    __tracebackhide__ = True
    _check_sigmoid_values(sigmoid, inputs)
    if _overflows(sigmoid, inputs):
        raise CheckFailure(
            "overflow_hidden",
            "`sigmoid` gives the right values, but np.exp overflows inside it (to infinity) "
            "for some large |z|: silencing the warning (with np.errstate, say) hides the "
            "overflow, it does not avoid it. Compute with e^(-|z|), which never overflows.",
        )


def _check_sigmoid_values(sigmoid: Any, inputs: Sequence[Any]) -> None:
    """The value checks of :func:`check_sigmoid`, one input at a time."""
    __tracebackhide__ = True
    for z in inputs:
        try:
            check_function(
                sigmoid,
                losses.sigmoid,
                [(z,)],
                name="sigmoid",
                slips=_SIGMOID_SLIPS,
                forbid=[losses.sigmoid],
            )
        except CheckFailure as failure:
            if failure.kind == "raised" and np.ndim(z) == 0:
                raise CheckFailure(
                    "number",
                    f"{failure} `sigmoid` must work on a plain number such as {z!r} too, not "
                    "only on arrays: convert z with np.asarray(z, dtype=float) first, so that "
                    "the same code serves both.",
                ) from failure.__cause__
            if failure.kind == "warning":
                raise CheckFailure("warning", f"{failure} {_BOTH_BRANCHES}") from None
            raise


# ---------------------------------------------------------------------------- Exercise 3


def _residuals(w: Any, X: Any, y: Any) -> np.ndarray:
    return X @ w - y


def _divided_by(divisor: str, terms: Callable[..., np.ndarray]) -> Callable[..., float]:
    """The sum of ``terms(w, X, y)`` divided by p (the number of weights) or by 2."""
    return lambda w, X, y: np.sum(terms(w, X, y)) / (X.shape[1] if divisor == "p" else 2)


_BY_P = (
    "divides by the number of weights p (X.shape[1], or len(w)): a mean divides by the "
    "number of examples n, one per row of X."
)
_MSE_SLIPS = (
    Slip(
        "half",
        "is half the mean squared error: some books put 1/2 in front of the squared error "
        "to tidy up its derivative, but this course's loss has no 1/2.",
        lambda w, X, y: np.mean(_residuals(w, X, y) ** 2) / 2,
    ),
    Slip(
        "n_minus_1",
        "divides by n - 1: a mean divides by the number of examples n (n - 1 belongs to "
        "the sample variance, not to this loss).",
        lambda w, X, y: np.sum(_residuals(w, X, y) ** 2) / (len(y) - 1),
    ),
    Slip(
        "abs_for_square",
        "averages the absolute errors (that is the mean ABSOLUTE error): this loss squares "
        "each error.",
        lambda w, X, y: np.mean(np.abs(_residuals(w, X, y))),
    ),
    Slip(
        "no_square",
        "averages the errors without squaring them, so positive and negative errors cancel out.",
        lambda w, X, y: np.mean(_residuals(w, X, y)),
    ),
    Slip(
        "square_of_mean",
        "squares the mean error instead of averaging the squared errors: square each error "
        "first, then take the mean.",
        lambda w, X, y: np.mean(_residuals(w, X, y)) ** 2,
    ),
    Slip(
        "root_of_mean",
        "takes a square root at the end (that is the root mean squared error, RMSE): the "
        "loss is the mean of the squared errors itself.",
        lambda w, X, y: np.sqrt(np.mean(_residuals(w, X, y) ** 2)),
    ),
    Slip(
        "broadcast",
        "subtracts a column of shape (n, 1) and a flat vector of shape (n,): NumPy "
        "broadcasts them to an (n, n) table of every prediction minus every target, and "
        "the mean is taken over that table. Keep both flat, shape (n,).",
        lambda w, X, y: np.mean(((X @ w)[:, None] - y) ** 2),
    ),
    Slip("divides_by_p", _BY_P, _divided_by("p", lambda w, X, y: _residuals(w, X, y) ** 2)),
    Slip(
        "sum_over_2",
        "divides the sum of the squared errors by 2: a mean divides by the number of "
        "examples n (and this course's loss has no 1/2).",
        _divided_by("2", lambda w, X, y: _residuals(w, X, y) ** 2),
    ),
)


def check_mse(mse: Any, cases: Sequence[Case]) -> None:
    """Check ``mse(w, X, y)`` on each case ``(w, X, y)`` against ``losses.mse``.

    Use an odd number of examples, so that a sum for a mean (factor n) is not a factor 2,
    a first case with p = 3 weights, so that a division by p is not one by 2, and data
    other than the notebook's, so that a function using its globals fails (kind
    ``globals``). The student's function must not call ``losses.mse``.

    >>> X, y = np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.5]]), np.array([3.0, -1.0, 1.0])
    >>> check_mse(lambda w, X, y: np.mean((X @ w - y) ** 2), [(np.array([0.5, 2.0]), X, y)])
    >>> check_mse(lambda w, X, y: np.mean(np.abs(X @ w - y)), [(np.array([0.5, 2.0]), X, y)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `mse` averages the absolute errors ...
    """
    __tracebackhide__ = True
    try:
        check_function(mse, losses.mse, cases, name="mse", slips=_MSE_SLIPS, forbid=[losses.mse])
    except CheckFailure as failure:
        raise data_ignored(mse, cases, failure, name="mse") or failure from None


# ---------------------------------------------------------------------------- Exercise 4


def _terms(w: Any, X: Any, y: Any, one: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """The two terms of the log-loss per example, as e^one + e^(-z) (one = 0 is right)."""
    z = X @ w
    return y * np.logaddexp(one, -z), (1 - y) * np.logaddexp(one, z)


def _surprises(w: Any, X: Any, y: Any) -> np.ndarray:
    """The log-loss of each example."""
    return np.add(*_terms(w, X, y))


def _clipped(eps: float) -> Callable[..., float]:
    """The log-loss with p clipped to [eps, 1 - eps] before the logs, as libraries do."""

    def log_loss(w: Any, X: Any, y: Any) -> float:
        p = np.clip(losses.sigmoid(X @ w), eps, 1 - eps)
        return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))

    return log_loss


#: Where students (and libraries) clip p: the machine epsilon, 1e-15, ...
_EPSILONS = (float(np.finfo(float).eps), 1e-15, 1e-12, 1e-10, 1e-8, 1e-7)
_CLIPPED = (
    "clips p away from 0 and 1 before taking logs: that keeps the logs finite, but it caps "
    "the surprise of every example, so a confident mistake (|z| in the hundreds) costs far "
    "less than it should. Do not compute p at all: use -log sigmoid(z) = log(1 + e^(-z)) "
    "and np.logaddexp, as the exercise shows."
)


_ONE_TERM = (
    "counts the examples of one label only: each example adds the surprise at its own label, "
    "y = 1 and y = 0 alike."
)
_LOG_LOSS_SLIPS = (
    Slip(
        "sign",
        "has the wrong sign: the log of a probability is negative (or 0), so the minus in "
        "front of it makes each surprise, and the loss, positive.",
        lambda w, X, y: -losses.log_loss(w, X, y),
    ),
    Slip(
        "swapped_labels",
        "swaps the two terms: the surprise -log p belongs to the examples with y = 1, "
        "and -log(1 - p) to those with y = 0.",
        lambda w, X, y: losses.log_loss(w, X, 1 - y),
    ),
    Slip("one_term", _ONE_TERM, lambda w, X, y: np.mean(_terms(w, X, y)[0])),
    Slip("one_term", _ONE_TERM, lambda w, X, y: np.mean(_terms(w, X, y)[1])),
    Slip(
        "logaddexp_one",
        "uses np.logaddexp(1, ...): logaddexp(a, b) is log(e^a + e^b), so the 1 in "
        "1 + e^(-z) is e^0.",
        lambda w, X, y: np.mean(np.add(*_terms(w, X, y, one=1.0))),
    ),
    Slip(
        "log_base",
        "uses a logarithm to base 10: the log-loss uses the natural logarithm (np.log, and "
        "np.logaddexp is natural too).",
        lambda w, X, y: losses.log_loss(w, X, y) / math.log(10),
    ),
    Slip(
        "log_base",
        "uses a logarithm to base 2: the log-loss uses the natural logarithm (np.log, and "
        "np.logaddexp is natural too).",
        lambda w, X, y: losses.log_loss(w, X, y) / math.log(2),
    ),
    Slip(
        "squared_error",
        "is the squared error of the probabilities: the log-loss takes minus the log of "
        "the probability the neuron gave to each example's actual label.",
        lambda w, X, y: np.mean((losses.sigmoid(X @ w) - y) ** 2),
    ),
    Slip("divides_by_p", _BY_P, _divided_by("p", _surprises)),
    Slip(
        "sum_over_2",
        "divides the sum over the examples by 2: a mean divides by the number of examples n.",
        _divided_by("2", _surprises),
    ),
    Slip(
        "half",
        "is half the mean log-loss: this loss has no 1/2 in front.",
        lambda w, X, y: losses.log_loss(w, X, y) / 2,
    ),
    *(Slip("clipped", _CLIPPED, _clipped(eps)) for eps in _EPSILONS),
)


def check_log_loss(log_loss: Any, cases: Sequence[Case]) -> None:
    """Check ``log_loss(w, X, y)`` on each case against ``losses.log_loss``.

    Include a case where some ``|z|`` are in the hundreds (finite answers, no warnings;
    clipping p fails there), use an odd number of examples and a first case with p = 3
    weights (a division by p is then not one by 2). The student's function must not call
    ``losses.log_loss``.

    >>> X, y = np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.5]]), np.array([1.0, 0.0, 1.0])
    >>> def log_loss(w, X, y):
    ...     p = 1 / (1 + np.exp(-(X @ w)))
    ...     return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    >>> check_log_loss(log_loss, [(np.array([0.5, -1.0]), X, y)])
    >>> check_log_loss(log_loss, [(np.array([0.0, 300.0]), X, y)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `log_loss` contains NaN or infinity. ...
    """
    __tracebackhide__ = True
    check_function(
        log_loss,
        losses.log_loss,
        cases,
        name="log_loss",
        slips=_LOG_LOSS_SLIPS,
        forbid=[losses.log_loss],
    )


# ---------------------------------------------------------------------------- Exercise 5


def _predicted(w: Any, X: Any) -> np.ndarray:
    return losses.sigmoid(X @ w) >= 0.5


def reference_accuracy(w: Any, X: Any, y: Any) -> float:
    """The share of examples whose prediction (p >= 0.5) matches the 0/1 label.

    >>> reference_accuracy(np.array([0.0, 1.0]), np.array([[1.0, 2.0], [1.0, -1.0]]), np.array([1.0, 1.0]))
    0.5
    """
    return float(np.mean(_predicted(w, X) == (y == 1)))


_PER_EXAMPLE = Slip(
    "per_example",
    "returns one True/False per example: the accuracy is one number, the fraction of "
    "the examples whose prediction matches the label.",
    lambda w, X, y: _predicted(w, X) == (y == 1),
)
ACCURACY_SLIPS = (
    Slip(
        "threshold_on_z",
        "compares the weighted sum z with 0.5: the threshold 0.5 is for the probability "
        "p = sigmoid(z), not for z.",
        lambda w, X, y: np.mean((X @ w >= 0.5) == (y == 1)),
    ),
    Slip(
        "strict",
        "predicts 'no' where p is exactly 0.5 (a row with z = 0): the rule is p >= 0.5 "
        "means 'yes'. Check > against >=; np.round also sends 0.5 down to 0.",
        lambda w, X, y: np.mean((losses.sigmoid(X @ w) > 0.5) == (y == 1)),
    ),
    Slip(
        "count",
        "counts the right predictions: the accuracy is the FRACTION of them, between 0 and "
        "1 (divide by the number of examples).",
        lambda w, X, y: np.sum(_predicted(w, X) == (y == 1)),
    ),
    _PER_EXAMPLE,
    Slip(
        "percent",
        "is a percentage: the accuracy here is a fraction between 0 and 1.",
        lambda w, X, y: 100 * reference_accuracy(w, X, y),
    ),
    Slip(
        "error_rate",
        "gives the share of WRONG predictions (1 minus the accuracy): check the comparison "
        "with the labels, and which side of the threshold means 'disease'.",
        lambda w, X, y: 1 - reference_accuracy(w, X, y),
    ),
    Slip(
        "true_positives",
        "counts only the right 'yes' predictions: a right 'no' (prediction 0 for label 0) "
        "counts too. Compare the predictions with the labels instead of multiplying them.",
        lambda w, X, y: np.mean(_predicted(w, X) * (y == 1)),
    ),
    Slip(
        "probabilities",
        "compares the probabilities themselves with the labels: turn each p into a "
        "prediction (yes when p >= 0.5) first.",
        lambda w, X, y: np.mean(losses.sigmoid(X @ w) == y),
    ),
    Slip(
        "floor_division",
        "is a whole number: `//` is floor division, which rounds the fraction down (to 0 "
        "unless every prediction is right). Divide with `/`, or take np.mean.",
        lambda w, X, y: np.sum(_predicted(w, X) == (y == 1)) // len(y),
    ),
    Slip(
        "broadcast",
        "compares a column of shape (n, 1) with a flat vector of shape (n,): NumPy "
        "broadcasts them to an (n, n) table of every prediction against every label, and "
        "the mean is taken over that table. Keep both flat, shape (n,).",
        lambda w, X, y: np.mean(_predicted(w, X)[:, None] == (y == 1)),
    ),
)


def _per_example(
    accuracy: Any, cases: Sequence[Case], failure: CheckFailure
) -> CheckFailure | None:
    """The per-example slip for a result of True/False values, one per example.

    Such a result fails as a type (not numbers) before any slip is tried.
    """
    if failure.kind != "type":
        return None
    w, X, y = cases[0]
    try:
        with quiet():
            got = np.asarray(accuracy(*copy.deepcopy((w, X, y))))
    except Exception:  # the failure at hand says what went wrong
        return None
    if got.dtype.kind != "b" or got.shape != np.shape(y):
        return None
    return CheckFailure(_PER_EXAMPLE.kind, f"`accuracy` {_PER_EXAMPLE.message}")


def check_accuracy(accuracy: Any, cases: Sequence[Case], *, sigmoid: Any = None) -> None:
    """Check ``accuracy(w, X, y)``: the fraction of examples where (p >= 0.5) matches y.

    Give rows with ``z`` in ``(0, 0.5)`` (thresholding z instead of p), one with
    ``z = 0`` exactly (``>`` for ``>=``), and data other than the notebook's (a function
    that uses its globals fails with kind ``globals``). ``sigmoid``, the student's own, which
    ``accuracy`` may use: if it is wrong too, the message says to fix it first.

    >>> X, y = np.array([[1.0, 0.25], [1.0, -1.0], [1.0, 2.0]]), np.array([1.0, 1.0, 0.0])
    >>> check_accuracy(lambda w, X, y: np.mean((X @ w >= 0) == y), [(np.array([0.0, 1.0]), X, y)])
    >>> check_accuracy(lambda w, X, y: np.mean((X @ w >= 0.5) == y), [(np.array([0.0, 1.0]), X, y)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `accuracy` compares the weighted sum z with 0.5: ...
    """
    __tracebackhide__ = True
    try:
        check_function(accuracy, reference_accuracy, cases, name="accuracy", slips=ACCURACY_SLIPS)
    except CheckFailure as failure:
        named = _per_example(accuracy, cases, failure) or data_ignored(
            accuracy, cases, failure, name="accuracy", labels=True
        )
        if named:
            raise named from None
        if sigmoid is None:
            raise
        w, X, _ = cases[0]
        z = np.asarray(X, dtype=float) @ np.asarray(w, dtype=float)
        raise _prerequisite(
            failure, sigmoid, losses.sigmoid, (z,), name="accuracy", helper_name="sigmoid"
        ) from None


# ---------------------------------------------------------------------------- Exercise 6


def _loss_curve(w1_grid: Any, w0: Any, X: Any, y: Any) -> np.ndarray:
    return np.array([losses.log_loss(np.array([w0, w1]), X, y) for w1 in w1_grid])


_CURVE_SLIPS = (
    Slip(
        "swapped_weights",
        "puts the weights in the wrong order: the intercept comes first, [w0, w1], to go "
        "with the column of ones.",
        lambda w1_grid, w0, X, y: np.array(
            [losses.log_loss(np.array([w1, w0]), X, y) for w1 in w1_grid]
        ),
    ),
    Slip(
        "index_for_value",
        "uses the positions 0, 1, 2, ... in the grid as the values of w1: take the values "
        "stored in w1_grid.",
        lambda w1_grid, w0, X, y: _loss_curve(np.arange(len(w1_grid)), w0, X, y),
    ),
    Slip(
        "wrong_loss",
        "computes the mean squared error: the curve is the log-loss of the sigmoid neuron.",
        lambda w1_grid, w0, X, y: np.array(
            [losses.mse(np.array([w0, w1]), X, y) for w1 in w1_grid]
        ),
    ),
)


def _ignored_argument(loss_curve: Any, case: Case) -> CheckFailure | None:
    """A failure if the curve does not change when X and y, or w0, change."""
    w1_grid, w0, X, y = case
    if _ignores_data(loss_curve, case, 2, labels=True):
        return CheckFailure(
            "globals",
            "`loss_curve` gives the same curve whatever X and y it is given: it must use its "
            "arguments X and y, not the notebook's X_heart and y_heart.",
        )
    if gives_the_same(loss_curve, case, (w1_grid, w0 + 1.0, X, y)):
        return CheckFailure(
            "ignores_w0",
            "`loss_curve` gives the same curve whatever w0 it is given: it must use its "
            "argument w0 (not best[0] or a number of its own).",
        )
    return None


def check_loss_curve(loss_curve: Any, cases: Sequence[Case], *, log_loss: Any = None) -> None:
    """Check ``loss_curve(w1_grid, w0, X, y)``: the log-loss of ``[w0, w1]`` for each w1.

    Give a case with other data than the notebook's, so that a function which uses the
    notebook's globals instead of its arguments fails. ``log_loss``, the student's own,
    which ``loss_curve`` should use: if it is wrong too, the message says to fix it first.
    Calling gdkit's ``losses.log_loss`` fails (kind ``reference_used``).

    >>> X, y = np.array([[1.0, -1.0], [1.0, 0.5], [1.0, 2.0]]), np.array([1.0, 0.0, 0.0])
    >>> def log_loss(w, X, y):
    ...     return np.mean(y * np.logaddexp(0, -(X @ w)) + (1 - y) * np.logaddexp(0, X @ w))
    >>> def loss_curve(w1_grid, w0, X, y):
    ...     return [log_loss(np.array([w0, w1]), X, y) for w1 in w1_grid]
    >>> check_loss_curve(loss_curve, [(np.array([-1.0, 0.0, 2.0]), 0.3, X, y)])
    >>> X_heart, y_heart = X[:2], y[:2]  # other data, in the notebook's names
    >>> check_loss_curve(lambda w1_grid, w0, X, y: loss_curve(w1_grid, w0, X_heart, y_heart),
    ...                  [(np.array([-1.0, 0.0, 2.0]), 0.3, X, y)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `loss_curve` gives the same curve whatever X and y it is given: ...
    """
    __tracebackhide__ = True
    try:
        check_function(
            loss_curve,
            _loss_curve,
            cases,
            name="loss_curve",
            slips=_CURVE_SLIPS,
            forbid=[losses.log_loss],
        )
    except CheckFailure as failure:
        ignored = None
        if failure.kind not in _NOT_ABOUT_VALUES:
            ignored = next(filter(None, (_ignored_argument(loss_curve, c) for c in cases)), None)
        if ignored:
            raise ignored from None
        if log_loss is None:
            raise
        w1_grid, w0, X, y = cases[0]
        first = (np.array([w0, w1_grid[0]], dtype=float), X, y)
        raise _prerequisite(
            failure, log_loss, losses.log_loss, first, name="loss_curve", helper_name="log_loss"
        ) from None


def check_best_w1(best_w1: Any, w1_grid: Any, w0: Any, X: Any, y: Any) -> None:
    """Check ``best_w1``: the value in ``w1_grid`` where the log-loss of ``[w0, w1]`` is least.

    A one-element array (from ``w1_grid[curve == curve.min()]``, say) is named as such
    (kind ``one_element``); a number that is no value of the grid (``best[1]``, the best
    weight of gradient descent, say) too (kind ``not_on_grid``).

    >>> X = losses.add_intercept(np.array([-1.0, 0.5, 2.0, -2.0, 1.0]))
    >>> y = np.array([1.0, 0.0, 0.0, 1.0, 1.0])
    >>> grid = np.linspace(-4, 3, 141)
    >>> check_best_w1(-1.25, grid, 0.3, X, y)
    >>> check_best_w1(55, grid, 0.3, X, y)
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `best_w1` is a position in the grid (an index), ...
    """
    __tracebackhide__ = True
    if isinstance(best_w1, np.ndarray) and best_w1.ndim > 0 and best_w1.size == 1:
        raise CheckFailure(
            "one_element",
            f"`best_w1` is an array of shape {best_w1.shape} holding one value, not the value "
            "itself: a selection such as w1_grid[...] with a condition gives an array. Take "
            "out the number (float(...)), or index w1_grid with np.argmin, which gives one "
            "position.",
        )
    grid = np.asarray(w1_grid, dtype=float)
    curve = _loss_curve(grid, w0, X, y)
    slips = (
        Slip(
            "index",
            "is a position in the grid (an index), not a value of w1: look up the value of "
            "w1_grid at that position.",
            int(np.argmin(curve)),
        ),
        Slip(
            "loss_not_weight",
            "is the smallest loss on the curve, not the value of w1 where it occurs.",
            float(np.min(curve)),
        ),
        Slip("argmax", "is where the loss is LARGEST on the grid.", float(grid[np.argmax(curve)])),
        Slip(
            "grid_min",
            "is the smallest value in the grid, not the one where the loss is smallest.",
            float(np.min(grid)),
        ),
    )
    try:
        assert_close(best_w1, grid[np.argmin(curve)], name="best_w1", slips=slips)
    except CheckFailure as failure:
        if failure.kind == "value" and not np.any(np.isclose(grid, best_w1, rtol=0, atol=1e-9)):
            raise CheckFailure(
                "not_on_grid",
                "`best_w1` is not one of the values in w1_grid: it must be the grid value where "
                "the curve is lowest (the best weight of gradient descent lies between grid "
                "points).",
            ) from None
        raise

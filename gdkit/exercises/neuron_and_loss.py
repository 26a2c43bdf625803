"""The checks of assignment 01, a single neuron and its loss.

One check per graded exercise. Each knows its reference (gdkit's function, or one
written here), the slips a student who has just learned NumPy is likely to make
(declared as :class:`gdkit.checks.Slip`, named in the failure's ``kind``) and which
gdkit functions the exercise forbids. A test cell only states the inputs.
"""

from __future__ import annotations

import copy
import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from gdkit import losses
from gdkit.checks import CheckFailure, Slip, assert_close, check_function

__all__ = [
    "ACCURACY_SLIPS",
    "check_accuracy",
    "check_best_w1",
    "check_linear_neuron",
    "check_log_loss",
    "check_loss_curve",
    "check_mse",
    "check_sigmoid",
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


def _gives_the_same(fn: Callable[..., Any], args: Case, other_args: Case) -> bool:
    """Whether ``fn`` returns the same numbers for two different sets of arguments."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            first = np.asarray(fn(*copy.deepcopy(args)), dtype=float)
            second = np.asarray(fn(*copy.deepcopy(other_args)), dtype=float)
            return first.shape == second.shape and bool(np.allclose(first, second))
    except Exception:  # a function that fails on other inputs does not ignore them
        return False


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

    An exercise that builds on an earlier one cannot pass while that one is wrong,
    whatever its own code: the student should fix the earlier one first. An exercise
    not written yet is just that.
    """
    if failure.kind == "not_implemented":
        return failure
    try:
        check_function(helper, reference, [case], name=helper_name)
    except CheckFailure as helper_failure:
        return CheckFailure(
            "prerequisite",
            f"{failure} Note: `{name}` builds on your `{helper_name}`, which is not right yet "
            f"either: make it pass its own test first. Its check says: {helper_failure}",
        )
    return failure


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


def check_sigmoid(sigmoid: Any, inputs: Sequence[Any]) -> None:
    """Check ``sigmoid(z)`` on each input ``z``: arrays, and plain numbers too.

    The student's function must not call gdkit's ``losses.sigmoid``, nor warn.

    >>> check_sigmoid(lambda z: np.exp(-np.logaddexp(0.0, -np.asarray(z))), [np.array([-800.0, 2.0]), 0.5])
    >>> check_sigmoid(lambda z: 1 / (1 + np.exp(-z)), [np.array([-1000.0, 1000.0])])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `sigmoid` gives the right result but makes Python warn: ...
    """
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
)


def check_mse(mse: Any, cases: Sequence[Case]) -> None:
    """Check ``mse(w, X, y)`` on each case ``(w, X, y)`` against ``losses.mse``.

    Use an odd number of examples, so that a sum for a mean (factor n) is not a factor 2.
    The student's function must not call ``losses.mse``.

    >>> X, y = np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.5]]), np.array([3.0, -1.0, 1.0])
    >>> check_mse(lambda w, X, y: np.mean((X @ w - y) ** 2), [(np.array([0.5, 2.0]), X, y)])
    >>> check_mse(lambda w, X, y: np.mean(np.abs(X @ w - y)), [(np.array([0.5, 2.0]), X, y)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `mse` averages the absolute errors ...
    """
    __tracebackhide__ = True
    check_function(mse, losses.mse, cases, name="mse", slips=_MSE_SLIPS, forbid=[losses.mse])


# ---------------------------------------------------------------------------- Exercise 4


def _terms(w: Any, X: Any, y: Any, one: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """The two terms of the log-loss per example, as e^one + e^(-z) (one = 0 is right)."""
    z = X @ w
    return y * np.logaddexp(one, -z), (1 - y) * np.logaddexp(one, z)


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
)


def check_log_loss(log_loss: Any, cases: Sequence[Case]) -> None:
    """Check ``log_loss(w, X, y)`` on each case against ``losses.log_loss``.

    Include a case where some ``|z|`` are in the hundreds (finite answers, no warnings),
    and use an odd number of examples. The student's function must not call
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
    Slip(
        "per_example",
        "returns one True/False per example: the accuracy is one number, the fraction of "
        "the examples whose prediction matches the label.",
        lambda w, X, y: _predicted(w, X) == (y == 1),
    ),
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
)


def check_accuracy(accuracy: Any, cases: Sequence[Case], *, sigmoid: Any = None) -> None:
    """Check ``accuracy(w, X, y)``: the fraction of examples where (p >= 0.5) matches y.

    Give rows with ``z`` in ``(0, 0.5)`` (thresholding z instead of p) and one with
    ``z = 0`` exactly (``>`` for ``>=``). ``sigmoid``, the student's own, which
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
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    other_X = np.column_stack([X[:, :1], X[:, 1:] + 1.0])
    if _gives_the_same(loss_curve, case, (w1_grid, w0, other_X, 1.0 - y)):
        return CheckFailure(
            "globals",
            "`loss_curve` gives the same curve whatever X and y it is given: it must use its "
            "arguments X and y, not the notebook's X_heart and y_heart.",
        )
    if _gives_the_same(loss_curve, case, (w1_grid, w0 + 1.0, X, y)):
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

    >>> X, y = np.array([[1.0, -1.0], [1.0, 0.5], [1.0, 2.0]]), np.array([1.0, 0.0, 0.0])
    >>> def loss_curve(w1_grid, w0, X, y):
    ...     return [losses.log_loss(np.array([w0, w1]), X, y) for w1 in w1_grid]
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
        check_function(loss_curve, _loss_curve, cases, name="loss_curve", slips=_CURVE_SLIPS)
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
    assert_close(best_w1, grid[np.argmin(curve)], name="best_w1", slips=slips)

"""Do the checks of assignment 07 rest on sound references, pass right answers, name each slip?

The references are checked first, independently: gdkit's loss and gradient against central
differences (for weighted sums up to 1000 too), gradient descent against Newton's method
within the tolerance the notebook states. Then every wrong answer must fail with its own
kind, and no message may show an expected value.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from failing import assert_hides, failure

from gdkit import data, gradcheck, losses
from gdkit.descent import gradient_descent
from gdkit.exercises import formula_to_code as ex
from gdkit.losses import sigmoid
from gdkit.newton import newton_logistic

# the visible tests' inputs: 5 examples (odd: a sum for the mean shows), 3 weights
X5 = losses.add_intercept(
    np.array([[2.0, 1.0], [-1.0, 0.5], [0.5, -2.0], [1.5, 0.0], [-0.5, -1.0]])
)
Y5 = np.array([1.0, 0.0, 0.0, 1.0, 1.0])
LOSS_CASES = [
    (np.array([0.5, -1.0, 0.3]), X5, Y5),
    (np.array([0.0, 500.0, 0.0]), X5, Y5),  # z from -500 to 1000
    (np.array([0.0, -500.0, 0.0]), X5, Y5),
]
FIT_CASES = [(X5, Y5, 0.5, 6), (X5, Y5, 2.0, 1)]
HEART = data.load_heart()
X_MAXHR = losses.add_intercept(data.standardize(HEART.column("MaxHR"))[0])
FOUR = np.column_stack([HEART.column(name) for name in ("MaxHR", "Age", "Oldpeak", "Sex")])
X_FOUR = losses.add_intercept(data.standardize(FOUR)[0])
X7 = losses.add_intercept(np.array([1.25, -1.25, -0.125, -0.25, -0.5, -0.05, -0.75]))
Y7 = np.array([1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0])
EVALUATE_CASES = [(np.array([0.5, 2.0]), X7, Y7), (np.array([0.0, 800.0]), X7, Y7)]
BOUNDARY_CASES = [(np.array([0.8, 2.0, -1.5]), np.array([-2.0, -0.5, 0.0, 1.0, 2.5]))]


# ---------------------------------------------------------------------------- the references


@pytest.mark.parametrize(
    "w", [np.array([0.5, -1.0, 0.3]), np.array([0.0, 500.0, 0.0]), np.array([2.0, -300.0, 400.0])]
)
def test_gdkits_gradient_agrees_with_central_differences(w):
    """Is the reference gradient right, even where |z| reaches a thousand?"""
    error = gradcheck.gradient_error(
        lambda v: losses.log_loss(v, X5, Y5), lambda v: losses.log_loss_grad(v, X5, Y5), w
    )
    assert error < 1e-6


CANCER = data.load_breast_cancer()
RADIUS_TEXTURE = np.column_stack([CANCER.column("mean radius"), CANCER.column("mean texture")])
X_CANCER = losses.add_intercept(data.standardize(RADIUS_TEXTURE)[0])


@pytest.mark.parametrize(
    ("X", "y", "eta", "n_steps"),
    [
        (X_MAXHR, HEART.y, 1.0, 200),
        (X_FOUR, HEART.y, 1.0, 200),
        (X_CANCER, CANCER.y, 4.0, 500),
    ],
    ids=["maxhr", "four", "cancer"],
)
def test_the_stated_runs_reach_newtons_weights(X, y, eta, n_steps):
    """Do the notebook's eta and n_steps bring gdkit's descent within NEWTON_TOL of Newton?"""
    w_newton = newton_logistic(X, y)
    assert np.max(np.abs(losses.log_loss_grad(w_newton, X, y))) < 1e-10
    run = gradient_descent(
        lambda w: losses.log_loss(w, X, y),
        lambda w: losses.log_loss_grad(w, X, y),
        np.zeros(X.shape[1]),
        eta,
        n_steps=n_steps,
    )
    assert np.max(np.abs(run.w - w_newton)) < ex.NEWTON_TOL / 10


def test_thirty_breast_cancer_features_have_no_minimum():
    """Why the notebook fits two of them: Newton's method finds no minimum for all 30."""
    with pytest.raises(ValueError, match="no finite minimum"):
        newton_logistic(losses.add_intercept(data.standardize(CANCER.X)[0]), CANCER.y)


# ---------------------------------------------------------------------------- loss_and_grad


def stable_p(z):
    u = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + u), u / (1 + u))


def stable_loss(z, y):
    return np.mean(y * np.logaddexp(0.0, -z) + (1 - y) * np.logaddexp(0.0, z))


def pair(loss_of, grad_of):
    """A ``loss_and_grad`` from ``loss_of(z, y)`` and ``grad_of(z, X, y)``."""

    def loss_and_grad(w, X, y):
        z = X @ w
        return loss_of(z, y), grad_of(z, X, y)

    return loss_and_grad


def right_grad(z, X, y):
    return X.T @ (stable_p(z) - y) / len(y)


RIGHT = pair(stable_loss, right_grad)


def naive_log_loss(z, y, clip=0.0, add=0.0, each=False):
    """The log of p, as on paper: p clipped to [clip, 1 - clip] (``each``: p and 1 - p
    clipped separately), or ``add`` added."""
    p = stable_p(z)
    q = np.clip(1 - p, clip, 1 - clip) if each else 1 - np.clip(p, clip, 1 - clip)
    p = np.clip(p, clip, 1 - clip)
    return -np.mean(y * np.log(p + add) + (1 - y) * np.log(q + add))


def with_grad(grad_of):
    return pair(stable_loss, grad_of)


def with_loss(loss_of):
    return pair(loss_of, right_grad)


def naive_p(z):
    return 1 / (1 + np.exp(-z))


def silenced_sigmoid(w, X, y):
    """The plain sigmoid, its overflow warning silenced: the values are right, the code is not."""
    z = X @ w
    with np.errstate(over="ignore"):
        p = naive_p(z)
    return stable_loss(z, y), X.T @ (p - y) / len(y)


def quiet_p(z):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return naive_p(z)


def loops_over_examples(w, X, y):
    z = np.array([X[i] @ w for i in range(len(y))])
    return stable_loss(z, y), right_grad(z, X, y)


def calls_sigmoid_by_name(w, X, y):
    z = X @ w
    return stable_loss(z, y), X.T @ (sigmoid(z) - y) / len(y)


LOSS_AND_GRAD_RIGHT = [
    RIGHT,
    pair(lambda z, y: float(stable_loss(z, y)), right_grad),
    pair(stable_loss, lambda z, X, y: np.mean((np.exp(-np.logaddexp(0, -z)) - y)[:, None] * X, 0)),
    lambda w, X, y: [stable_loss(X @ w, y), right_grad(X @ w, X, y)],
]
LOSS_AND_GRAD_WRONG = [
    ("not_a_pair", lambda w, X, y: stable_loss(X @ w, y)),
    ("not_a_pair", lambda w, X, y: None),
    ("swapped", lambda w, X, y: RIGHT(w, X, y)[::-1]),
    ("sum_for_mean", with_loss(lambda z, y: len(y) * stable_loss(z, y))),
    ("sum_for_mean", with_grad(lambda z, X, y: X.T @ (stable_p(z) - y))),
    ("sign", with_loss(lambda z, y: -stable_loss(z, y))),
    ("sign", with_grad(lambda z, X, y: X.T @ (y - stable_p(z)) / len(y))),
    ("not_finite", with_loss(naive_log_loss)),
    ("not_finite", with_grad(lambda z, X, y: X.T @ (np.exp(z) / (1 + np.exp(z)) - y) / len(y))),
    ("warning", with_grad(lambda z, X, y: X.T @ (1 / (1 + np.exp(-z)) - y) / len(y))),
    ("clipped", with_loss(lambda z, y: naive_log_loss(z, y, clip=1e-15))),
    ("clipped", with_loss(lambda z, y: naive_log_loss(z, y, add=1e-8))),
    ("clipped", with_loss(lambda z, y: naive_log_loss(z, y, clip=1e-12, each=True))),
    (
        "logaddexp_one",
        with_loss(lambda z, y: np.mean(y * np.logaddexp(1, -z) + (1 - y) * np.logaddexp(1, z))),
    ),
    ("labels_swapped", with_loss(lambda z, y: stable_loss(z, 1 - y))),
    ("broadcast", with_loss(lambda z, y: stable_loss(z[:, None], y))),
    ("broadcast", with_grad(lambda z, X, y: X.T @ (stable_p(z) - y[:, None]) / len(y))),
    ("shape", with_loss(lambda z, y: y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z))),
    (
        "extra_factor",
        with_grad(lambda z, X, y: X.T @ ((stable_p(z) - y) * stable_p(z) * stable_p(-z)) / len(y)),
    ),
    ("no_sigmoid", with_grad(lambda z, X, y: X.T @ (z - y) / len(y))),
    ("per_example", with_grad(lambda z, X, y: (stable_p(z) - y)[:, None] * X)),
    ("divides_by_p", with_grad(lambda z, X, y: X.T @ (stable_p(z) - y) / X.shape[1])),
    ("matmul_shapes", with_grad(lambda z, X, y: X @ (stable_p(z) - y) / len(y))),
    ("silenced_overflow", silenced_sigmoid),
    ("silenced_overflow", with_grad(lambda z, X, y: X.T @ (quiet_p(z) - y) / len(y))),
    ("python_loop", loops_over_examples),
    ("reference_used", calls_sigmoid_by_name),
    ("reference_used", lambda w, X, y: (losses.log_loss(w, X, y), right_grad(X @ w, X, y))),
    ("reference_used", lambda w, X, y: (stable_loss(X @ w, y), losses.log_loss_grad(w, X, y))),
]


@pytest.mark.parametrize("right", LOSS_AND_GRAD_RIGHT)
def test_right_loss_and_grads_pass(right):
    ex.check_loss_and_grad(right, LOSS_CASES)


@pytest.mark.parametrize(("kind", "wrong"), LOSS_AND_GRAD_WRONG)
def test_loss_and_grad_names_each_slip(kind, wrong):
    err = failure(ex.check_loss_and_grad, wrong, LOSS_CASES)
    assert err.kind == kind, str(err)
    answers = [[losses.log_loss(*case), *losses.log_loss_grad(*case)] for case in LOSS_CASES]
    assert_hides(str(err), answers)


def test_a_negated_loss_is_told_about_the_negative_log_likelihood():
    err = failure(ex.check_loss_and_grad, with_loss(lambda z, y: -stable_loss(z, y)), LOSS_CASES)
    assert "log-likelihood" in str(err) and "X w - y" not in str(err)


def test_loss_and_grad_not_written_yet_is_named_by_its_own_name():
    def not_yet(w, X, y):
        raise NotImplementedError()

    err = failure(ex.check_loss_and_grad, not_yet, LOSS_CASES)
    assert err.kind == "not_implemented"
    assert str(err).startswith("`loss_and_grad` is not implemented yet")


def test_the_name_sigmoid_is_given_back_after_the_check():
    failure(ex.check_loss_and_grad, calls_sigmoid_by_name, LOSS_CASES)
    assert sigmoid is losses.sigmoid and sigmoid(0.0) == 0.5


# ---------------------------------------------------------------------------- fit_logistic


def fit_with(step=None, *, start=0.0, steps=lambda n: n, eta_of=lambda eta: eta, record=False):
    """A fit_logistic with one thing changed: the update ``step(w, eta, loss, grad)`` etc."""
    update = step or (lambda w, eta, loss, grad: w - eta * grad)

    def fit_logistic(X, y, eta, n_steps):
        w = np.full(X.shape[1], start)
        visited = [w]
        for _ in range(steps(n_steps)):
            loss, grad = RIGHT(w, X, y)
            w = update(w, eta_of(eta), loss, grad)
            visited.append(w)
        return np.array(visited) if record else w

    return fit_logistic


def never_moves(X, y, eta, n_steps):
    w = np.zeros(X.shape[1])
    for _ in range(n_steps):
        _, grad = RIGHT(w, X, y)
        w - eta * grad  # noqa: B018 (the slip: the new weights are never kept)
    return w


def from_start(X, y, eta, n_steps):
    w = np.zeros(X.shape[1])
    for _ in range(n_steps):
        _, grad = RIGHT(w, X, y)
        w_new = w - eta * grad
    return w_new


def stops_early(X, y, eta, n_steps):
    w, previous = np.zeros(X.shape[1]), np.inf
    for _ in range(n_steps):
        loss, grad = RIGHT(w, X, y)
        if previous - loss < 1e-6:
            break
        w, previous = w - eta * grad, loss
    return w


FIT_RIGHT = [fit_with(), lambda X, y, eta, n_steps: list(fit_with()(X, y, eta, n_steps))]
FIT_WRONG = [
    ("uphill", fit_with(lambda w, eta, loss, grad: w + eta * grad)),
    ("loss_for_grad", fit_with(lambda w, eta, loss, grad: w - eta * loss)),
    ("history", fit_with(record=True)),
    ("off_by_one", fit_with(steps=lambda n: n + 1)),
    ("off_by_one", fit_with(steps=lambda n: n - 1)),
    ("start", fit_with(start=1.0)),
    ("step_size", fit_with(eta_of=lambda eta: 2 * eta)),
    ("step_size", fit_with(eta_of=lambda eta: eta / 2)),
    ("step_size", fit_with(lambda w, eta, loss, grad: w - eta / 5 * grad)),  # eta / len(y)
    ("step_size", fit_with(lambda w, eta, loss, grad: w - eta * grad * 5)),  # grad * len(y)
    ("never_moves", never_moves),
    ("from_start", from_start),
    ("eta_ignored", fit_with(eta_of=lambda eta: 0.5)),
    ("reference_used", lambda X, y, eta, n_steps: newton_logistic(X, y)),
    (
        "reference_used",
        lambda X, y, eta, n_steps: (
            gradient_descent(
                lambda w: RIGHT(w, X, y)[0], lambda w: RIGHT(w, X, y)[1], np.zeros(3), eta
            ).w
        ),
    ),
    ("reference_used", fit_with(lambda w, eta, loss, grad: w - eta * losses.sigmoid(grad))),
]


@pytest.mark.parametrize("right", FIT_RIGHT)
def test_right_fits_pass_step_for_step_and_reach_newton(right):
    ex.check_fit_logistic(right, FIT_CASES, loss_and_grad=RIGHT)
    ex.check_fit_matches_newton(right, X_MAXHR, HEART.y, eta=1.0, n_steps=200)


@pytest.mark.parametrize(("kind", "wrong"), FIT_WRONG)
def test_fit_names_each_slip(kind, wrong):
    err = failure(ex.check_fit_logistic, wrong, FIT_CASES, loss_and_grad=RIGHT)
    assert err.kind == kind, str(err)
    assert_hides(str(err), [ex._fitted(*case) for case in FIT_CASES])


def test_a_fit_that_stops_early_passes_a_few_steps_but_not_newton():
    ex.check_fit_logistic(stops_early, FIT_CASES)
    err = failure(ex.check_fit_matches_newton, stops_early, X_MAXHR, HEART.y, eta=1.0, n_steps=200)
    assert err.kind == "far_from_newton", str(err)
    assert_hides(str(err), [newton_logistic(X_MAXHR, HEART.y)])


def test_a_fit_that_goes_wrong_later_says_from_which_step():
    def slows_down(X, y, eta, n_steps):
        w = np.zeros(X.shape[1])
        for k in range(n_steps):
            w = w - (eta if k < 3 else eta / 3) * RIGHT(w, X, y)[1]
        return w

    err = failure(ex.check_fit_logistic, slows_down, FIT_CASES, loss_and_grad=RIGHT)
    assert err.kind == "value"
    assert "first 3 steps agree" in str(err) and "step 4 is the first" in str(err)


def test_a_wrong_loss_and_grad_is_named_as_the_fits_prerequisite():
    summed = with_grad(lambda z, X, y: X.T @ (stable_p(z) - y))

    def fit_logistic(X, y, eta, n_steps):
        w = np.zeros(X.shape[1])
        for _ in range(n_steps):
            w = w - eta * summed(w, X, y)[1]
        return w

    err = failure(ex.check_fit_logistic, fit_logistic, FIT_CASES, loss_and_grad=summed)
    assert err.kind == "prerequisite"
    assert "`loss_and_grad's grad` is not correct: it is n times too large" in str(err)


# ---------------------------------------------------------------------------- boundary

BOUNDARY_RIGHT = [
    lambda w, z1: -(w[0] + w[1] * z1) / w[2],
    lambda w, z1: (-w[0] - w[1] * np.asarray(z1)) / w[2],
]
BOUNDARY_WRONG = [
    ("sign", lambda w, z1: (w[0] + w[1] * z1) / w[2]),
    ("z_half", lambda w, z1: (0.5 - w[0] - w[1] * z1) / w[2]),
    ("no_intercept", lambda w, z1: -w[1] * z1 / w[2]),
    ("swapped_weights", lambda w, z1: -(w[0] + w[2] * z1) / w[1]),
    ("not_divided", lambda w, z1: -(w[0] + w[1] * z1)),
    ("intercept_sign", lambda w, z1: (w[0] - w[1] * z1) / w[2]),
]


def test_no_boundary_message_gives_the_line_away():
    """Neither the line's equation nor the value of z on it is in a message."""
    for slip in ex._BOUNDARY_SLIPS:
        assert "= 0" not in slip.message and "sigmoid(0)" not in slip.message, slip.message


@pytest.mark.parametrize("right", BOUNDARY_RIGHT)
def test_right_boundaries_pass(right):
    ex.check_boundary(right, [*BOUNDARY_CASES, (np.array([-0.2, 0.7, 3.0]), 1.5)])


@pytest.mark.parametrize(("kind", "wrong"), BOUNDARY_WRONG)
def test_boundary_names_each_slip(kind, wrong):
    err = failure(ex.check_boundary, wrong, BOUNDARY_CASES)
    assert err.kind == kind, str(err)
    assert_hides(str(err), [ex._boundary(*case) for case in BOUNDARY_CASES])


# ---------------------------------------------------------------------------- evaluate


def accuracy(w, X, y):
    return np.mean((X @ w >= 0) == (y == 1))


def evaluate_with(loss_of=lambda w, X, y: RIGHT(w, X, y)[0], accuracy_of=accuracy):
    return lambda w, X, y: (loss_of(w, X, y), accuracy_of(w, X, y))


EVALUATE_RIGHT = [
    evaluate_with(),
    lambda w, X, y: [stable_loss(X @ w, y), np.mean((sigmoid(X @ w) >= 0.5) == y)],
]
EVALUATE_WRONG = [
    ("not_a_pair", lambda w, X, y: accuracy(w, X, y)),
    ("swapped", lambda w, X, y: evaluate_with()(w, X, y)[::-1]),
    ("not_finite", evaluate_with(lambda w, X, y: naive_log_loss(X @ w, y))),
    ("squared_error", evaluate_with(lambda w, X, y: np.mean((stable_p(X @ w) - y) ** 2))),
    ("sum_for_mean", evaluate_with(lambda w, X, y: len(y) * RIGHT(w, X, y)[0])),
    ("percent", evaluate_with(accuracy_of=lambda w, X, y: 100 * accuracy(w, X, y))),
    ("error_rate", evaluate_with(accuracy_of=lambda w, X, y: 1 - accuracy(w, X, y))),
    ("threshold_on_z", evaluate_with(accuracy_of=lambda w, X, y: np.mean((X @ w >= 0.5) == y))),
    ("strict", evaluate_with(accuracy_of=lambda w, X, y: np.mean((X @ w > 0) == y))),
    ("count", evaluate_with(accuracy_of=lambda w, X, y: np.sum((X @ w >= 0) == y))),
    ("per_example", evaluate_with(accuracy_of=lambda w, X, y: (X @ w >= 0) == y)),
    ("reference_used", evaluate_with(losses.log_loss)),
    (
        "silenced_overflow",
        evaluate_with(accuracy_of=lambda w, X, y: np.mean((quiet_p(X @ w) >= 0.5) == y)),
    ),
]


@pytest.mark.parametrize("right", EVALUATE_RIGHT)
def test_right_evaluates_pass(right):
    ex.check_evaluate(right, EVALUATE_CASES, loss_and_grad=RIGHT)


@pytest.mark.parametrize(("kind", "wrong"), EVALUATE_WRONG)
def test_evaluate_names_each_slip(kind, wrong):
    err = failure(ex.check_evaluate, wrong, EVALUATE_CASES, loss_and_grad=RIGHT)
    assert err.kind == kind, str(err)
    answers = [[losses.log_loss(*case), accuracy(*case)] for case in EVALUATE_CASES]
    assert_hides(str(err), answers)


def test_a_wrong_loss_and_grad_is_named_as_evaluates_prerequisite():
    swapped_labels = with_loss(lambda z, y: stable_loss(z, 1 - y))
    evaluate = evaluate_with(lambda w, X, y: swapped_labels(w, X, y)[0])
    err = failure(ex.check_evaluate, evaluate, EVALUATE_CASES, loss_and_grad=swapped_labels)
    assert err.kind == "prerequisite"
    assert "mixes up y and 1 - y" in str(err)

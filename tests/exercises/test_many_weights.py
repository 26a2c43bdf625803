"""Do the checks of assignment 03 pass right answers, name each slip and hide the answer?"""

from __future__ import annotations

import numpy as np
import pytest
from failing import assert_hides, failure

from gdkit import data, gradcheck, losses
from gdkit.exercises import many_weights as ex

# the visible tests' inputs: a square X (3 examples, 3 weights), then 5 examples, 2 weights
X3 = losses.add_intercept(np.array([[2.0, 1.0], [-1.0, 0.5], [0.5, -2.0]]))
X5 = losses.add_intercept(np.array([2.0, -1.0, 0.5, 3.0, -2.5]))
MSE_CASES = [
    (np.array([0.5, 2.0, -1.0]), X3, np.array([3.0, -1.0, 1.0])),
    (np.array([0.5, 2.0]), X5, np.array([3.0, -1.0, 1.0, 7.5, -4.0])),
]
Y5 = np.array([1.0, 0.0, 0.0, 1.0, 0.0])
LOG_CASES = [
    (np.array([0.5, -1.0, 0.3]), X3, np.array([1.0, 0.0, 0.0])),
    (np.array([0.5, -1.0]), X5, Y5),
    (np.array([0.0, 300.0]), X5, Y5),
    (np.array([1.0, -800.0]), X5, Y5),
]
A = np.array([[3.0, 1.0, 0.0], [1.0, 2.0, -0.5], [0.0, -0.5, 1.0]])
B = np.array([1.0, -2.0, 1.5])
W3 = np.array([0.5, -1.0, 2.0])


def bowl(w):
    return 0.5 * w @ A @ w + B @ w


def wavy(w):
    return np.sum(np.sin(w)) + w[0] * w[1] ** 3


NUMERICAL_CASES = [(bowl, W3, 0.25), (wavy, W3, 0.1)]


# ---------------------------------------------------------------------------- mse_grad


def sigmoid(z):
    return losses.sigmoid(z)


MSE_RIGHT = [
    lambda w, X, y: 2 * X.T @ (X @ w - y) / len(y),
    lambda w, X, y: 2 * np.mean(X * (X @ w - y)[:, None], axis=0),
    lambda w, X, y: np.einsum("ij,i->j", X, X @ w - y) * (2 / X.shape[0]),
]
MSE_WRONG = [
    ("sum_for_mean", lambda w, X, y: 2 * X.T @ (X @ w - y)),
    ("half", lambda w, X, y: X.T @ (X @ w - y) / len(y)),
    ("sign", lambda w, X, y: 2 * X.T @ (y - X @ w) / len(y)),
    ("half+sum_for_mean", lambda w, X, y: X.T @ (X @ w - y)),
    ("transposed", lambda w, X, y: 2 * X @ (X @ w - y) / len(y)),
    ("broadcast", lambda w, X, y: 2 * X.T @ (X @ w - y[:, None]) / len(y)),
    ("broadcast", lambda w, X, y: 2 * X.T @ (X @ w.reshape(-1, 1) - y) / len(y)),
    ("elementwise", lambda w, X, y: 2 * X.T * (X @ w - y) / len(y)),
    ("divides_by_p", lambda w, X, y: 2 * X.T @ (X @ w - y) / len(w)),
    ("shape", lambda w, X, y: 2 * np.mean(X @ w - y)),
    ("floor_division", lambda w, X, y: 2 // len(y) * X.T @ (X @ w - y)),  # zeros
    ("floor_division", lambda w, X, y: 2 * X.T @ (X @ w - y) // len(y)),
    ("reference_used", lambda w, X, y: losses.mse_grad(w, X, y)),
    ("reference_used", losses.mse_grad),
    (
        "reference_used",
        lambda w, X, y: gradcheck.numerical_gradient(lambda v: losses.mse(v, X, y), w),
    ),
]


@pytest.mark.parametrize("right", MSE_RIGHT)
def test_right_mse_grads_pass(right):
    ex.check_mse_grad(right, MSE_CASES)


@pytest.mark.parametrize(("kind", "wrong"), MSE_WRONG)
def test_mse_grad_names_each_slip(kind, wrong):
    err = failure(ex.check_mse_grad, wrong, MSE_CASES)
    assert err.kind == kind, str(err)
    assert_hides(str(err), [losses.mse_grad(*case) for case in MSE_CASES])


# ---------------------------------------------------------------------------- log_loss_grad


def stable(z):
    """A student's own stable sigmoid."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


LOG_RIGHT = [
    lambda w, X, y: X.T @ (losses.sigmoid(X @ w) - y) / len(y),
    lambda w, X, y: X.T @ (-y * (1 - stable(X @ w)) + (1 - y) * stable(X @ w)) / len(y),
    lambda w, X, y: np.mean((stable(X @ w) - y)[:, None] * X, axis=0),
]
LOG_WRONG = [
    ("sign", lambda w, X, y: X.T @ (y - sigmoid(X @ w)) / len(y)),
    ("sum_for_mean", lambda w, X, y: X.T @ (sigmoid(X @ w) - y)),
    ("factor_2", lambda w, X, y: 2 * X.T @ (sigmoid(X @ w) - y) / len(y)),
    (
        "extra_factor",
        lambda w, X, y: X.T @ ((sigmoid(X @ w) - y) * stable(X @ w) * stable(-X @ w)) / len(y),
    ),
    ("no_sigmoid", lambda w, X, y: X.T @ (X @ w - y) / len(y)),
    ("labels_swapped", lambda w, X, y: X.T @ (sigmoid(X @ w) - (1 - y)) / len(y)),
    ("complement", lambda w, X, y: X.T @ (1 - sigmoid(X @ w) - y) / len(y)),
    ("rounded", lambda w, X, y: X.T @ ((sigmoid(X @ w) > 0.5) - y) / len(y)),
    ("transposed", lambda w, X, y: X @ (sigmoid(X @ w) - y) / len(y)),
    ("broadcast", lambda w, X, y: X.T @ (sigmoid(X @ w).reshape(-1, 1) - y) / len(y)),
    ("elementwise", lambda w, X, y: X.T * (sigmoid(X @ w) - y) / len(y)),
    ("warning", lambda w, X, y: X.T @ (1 / (1 + np.exp(-(X @ w))) - y) / len(y)),
    ("not_finite", lambda w, X, y: X.T @ (np.exp(X @ w) / (1 + np.exp(X @ w)) - y) / len(y)),
    (  # the slides' sign slip in the table of L^B
        "part_b_sign",
        lambda w, X, y: X.T @ (-y * (1 - stable(X @ w)) - (1 - y) * stable(X @ w)) / len(y),
    ),
    ("mse_gradient", lambda w, X, y: 2 * X.T @ (X @ w - y) / len(y)),  # Exercise 1 pasted in
    ("floor_division", lambda w, X, y: 1 // len(y) * X.T @ (sigmoid(X @ w) - y)),
    ("reference_used", lambda w, X, y: losses.log_loss_grad(w, X, y)),
    ("reference_used", losses.log_loss_grad),
]


@pytest.mark.parametrize("right", LOG_RIGHT)
def test_right_log_loss_grads_pass(right):
    ex.check_log_loss_grad(right, LOG_CASES)


@pytest.mark.parametrize(("kind", "wrong"), LOG_WRONG)
def test_log_loss_grad_names_each_slip(kind, wrong):
    err = failure(ex.check_log_loss_grad, wrong, LOG_CASES)
    assert err.kind == kind, str(err)
    assert_hides(str(err), [losses.log_loss_grad(*case) for case in LOG_CASES])


def test_log_loss_grad_may_use_gdkits_sigmoid():
    ex.check_log_loss_grad(lambda w, X, y: X.T @ (losses.sigmoid(X @ w) - y) / len(y), LOG_CASES)


# ---------------------------------------------------------------------------- numerical


def central(f, w, h=1e-6):
    grad = np.zeros(len(w))
    for j in range(len(w)):
        w_plus, w_minus = w.copy(), w.copy()
        w_plus[j] += h
        w_minus[j] -= h
        grad[j] = (f(w_plus) - f(w_minus)) / (2 * h)
    return grad


def with_step(step):
    """A central difference whose step for coordinate j is ``step(h, w, j)``."""

    def numerical(f, w, h=1e-6):
        grad = np.zeros(len(w))
        for j in range(len(w)):
            e = np.zeros(len(w))
            e[j] = step(h, w, j)
            grad[j] = (f(w + e) - f(w - e)) / (2 * e[j])
        return grad

    return numerical


def no_copy(f, w, h=1e-6):
    grad = np.zeros(len(w))
    for j in range(len(w)):
        w_plus, w_minus = w, w
        w_plus[j] += h
        w_minus[j] -= h
        grad[j] = (f(w_plus) - f(w_minus)) / (2 * h)
    return grad


def no_copy_twice(f, w, h=1e-6):
    grad = np.zeros(len(w))
    for j in range(len(w)):
        w_plus = w
        w_plus[j] += h
        f_plus = f(w_plus)
        w_minus = w
        w_minus[j] -= h
        grad[j] = (f_plus - f(w_minus)) / (2 * h)
    return grad


def copied_once(f, w, h=1e-6):
    grad = np.zeros(len(w))
    w_plus, w_minus = w.copy(), w.copy()  # never reset inside the loop
    for j in range(len(w)):
        w_plus[j] += h
        w_minus[j] -= h
        grad[j] = (f(w_plus) - f(w_minus)) / (2 * h)
    return grad


def moves_w(f, w, h=1e-6):
    grad = np.zeros(len(w))
    for j in range(len(w)):
        w[j] += h
        f_plus = f(w)
        w[j] -= 2 * h
        grad[j] = (f_plus - f(w)) / (2 * h)
    return grad


def differences(combine):
    """``combine(f, w, e_j, h)`` for entry j."""
    return lambda f, w, h=1e-6: np.array([combine(f, w, h * e, h) for e in np.eye(len(w))])


NUMERICAL_RIGHT = [
    central,
    differences(lambda f, w, e, h: (f(w + e) - f(w - e)) / (2 * h)),
    differences(lambda f, w, e, h: (f(w + e) - f(w - e)) / h / 2),
]
NUMERICAL_WRONG = [
    ("ignores_h", with_step(lambda h, w, j: 1e-5)),
    ("relative_step", with_step(lambda h, w, j: h * max(1.0, abs(w[j])))),
    ("one_sided", differences(lambda f, w, e, h: (f(w + e) - f(w)) / h)),
    ("one_sided", differences(lambda f, w, e, h: (f(w) - f(w - e)) / h)),
    ("factor_2", differences(lambda f, w, e, h: (f(w + e) - f(w - e)) / h)),
    ("precedence", differences(lambda f, w, e, h: (f(w + e) - f(w - e)) / 2 * h)),
    ("precedence", differences(lambda f, w, e, h: f(w + e) - f(w - e) / (2 * h))),
    ("all_at_once", differences(lambda f, w, e, h: (f(w + h) - f(w - h)) / (2 * h))),
    ("no_copy", no_copy),
    ("no_copy", no_copy_twice),
    ("not_reset", copied_once),
    ("in_place", moves_w),
    ("skipped", lambda f, w, h=1e-6: central(f, w, h) * (np.arange(len(w)) < len(w) - 1)),
    ("shape", lambda f, w, h=1e-6: (f(w + h) - f(w - h)) / (2 * h)),
    ("reference_used", lambda f, w, h=1e-6: gradcheck.numerical_gradient(f, w, h)),
    ("reference_used", gradcheck.numerical_gradient),
]


@pytest.mark.parametrize("right", NUMERICAL_RIGHT)
def test_right_numerical_gradients_pass(right):
    ex.check_numerical_gradient(right, [*NUMERICAL_CASES, (wavy, np.array([0.3, 0.8]))])


@pytest.mark.parametrize(("kind", "wrong"), NUMERICAL_WRONG)
def test_numerical_gradient_names_each_slip(kind, wrong):
    err = failure(ex.check_numerical_gradient, wrong, NUMERICAL_CASES)
    assert err.kind == kind, str(err)
    assert_hides(str(err), [central(*case) for case in NUMERICAL_CASES])


def test_a_quadratic_alone_cannot_tell_whether_h_is_used():
    """Why the visible test needs a function that is not a quadratic."""
    ignores_h = with_step(lambda h, w, j: 1e-5)
    ex.check_numerical_gradient(ignores_h, NUMERICAL_CASES[:1])
    assert failure(ex.check_numerical_gradient, ignores_h, NUMERICAL_CASES).kind == "ignores_h"


# ---------------------------------------------------------------------------- find the bug

RNG = np.random.default_rng(4)
X_BUG = losses.add_intercept(RNG.normal(size=(31, 3)))
Y_BUG = (RNG.random(31) < 0.5).astype(float)
W_BUG = np.array([0.1, -0.5, 0.3, 0.2])


def colleague(w, X, y):
    """The log-loss gradient with the sigmoid's slope slipped into entry 2."""
    p = losses.sigmoid(X @ w)
    grad = X.T @ (p - y) / len(y)
    grad[2] = np.mean((p - y) * p * (1 - p) * X[:, 2])
    return grad


def answers(numerical_loss=None, w=W_BUG):
    """``(component_errors, wrong_component)`` as a student computes them."""
    loss = numerical_loss or (lambda v: losses.log_loss(v, X_BUG, Y_BUG))
    g, g_num = colleague(W_BUG, X_BUG, Y_BUG), central(loss, w)
    errors = np.abs(g - g_num) / (np.abs(g) + np.abs(g_num))
    return errors, int(np.argmax(errors))


CASE = (colleague, W_BUG, X_BUG, Y_BUG)


def test_right_find_bug_answers_pass_visible_and_hidden():
    errors, index = answers()
    ex.check_find_bug(errors, index)
    ex.check_find_bug(list(errors), np.int64(index), *CASE)


FIND_BUG_WRONG = [
    ("none", lambda e, i: (None, i)),
    ("none", lambda e, i: (e, None)),
    ("type", lambda e, i: (e, float(i))),
    ("type", lambda e, i: (e, True)),
    ("type", lambda e, i: (e, np.array([i]))),
    ("type", lambda e, i: (["a", "b", "c", "d"], i)),
    ("shape", lambda e, i: (np.linalg.norm(e), i)),
    ("range", lambda e, i: (e, 4)),
    ("not_finite", lambda e, i: (np.append(e[:-1], np.nan), i)),
    ("negative", lambda e, i: (-e, i)),
    ("not_relative", lambda e, i: (e * 10, i)),
    ("off_by_one", lambda e, i: (e, i + 1)),
    ("smallest", lambda e, i: (e, int(np.argmin(e)))),
    ("inconsistent", lambda e, i: (e, min({0, 1, 2, 3} - {i, i + 1, int(np.argmin(e))}))),
    ("none_stands_out", lambda e, i: (np.zeros(4), 0)),
]


@pytest.mark.parametrize(("kind", "wrong"), FIND_BUG_WRONG)
def test_find_bug_names_each_slip_of_form(kind, wrong):
    assert failure(ex.check_find_bug, *wrong(*answers())).kind == kind


@pytest.mark.parametrize(
    "loss",
    [
        lambda v: losses.mse(v, X_BUG, Y_BUG),
        lambda v: len(Y_BUG) * losses.log_loss(v, X_BUG, Y_BUG),
        lambda v: losses.log_loss(v, X_BUG, 1 - Y_BUG),
    ],
)
def test_a_numerical_gradient_of_another_loss_is_named(loss):
    errors, index = answers(loss)
    assert failure(ex.check_find_bug, errors, index).kind == "different_losses"


def test_absolute_errors_are_named_by_the_hidden_check_only():
    g = colleague(W_BUG, X_BUG, Y_BUG)
    absolute = np.abs(g - central(lambda v: losses.log_loss(v, X_BUG, Y_BUG), W_BUG))
    index = int(np.argmax(absolute))
    ex.check_find_bug(absolute, index)  # the same form, the same component stands out
    assert failure(ex.check_find_bug, absolute, index, *CASE).kind == "absolute"


def test_find_bug_messages_do_not_depend_on_the_wrong_component():
    """The same slip gets the same words whichever component is wrong: no answer in them."""
    for slip in ("off_by_one", "different_losses"):
        messages = set()
        for wrong in (1, 2):
            errors = np.full(4, 1e-10)
            errors[wrong] = 0.7
            if slip == "different_losses":
                errors[wrong - 1] = 0.4
            index = wrong + 1 if slip == "off_by_one" else wrong
            messages.add(str(failure(ex.check_find_bug, errors, index)))
        assert len(messages) == 1, messages


# ---------------------------------------------------------------------------- standardize

MAX_HR = data.load_heart().column("MaxHR")
MEAN, SD = MAX_HR.mean(), MAX_HR.std()
X_STD = losses.add_intercept((MAX_HR - MEAN) / SD)
PATIENTS = [(np.array([120.0, 150.0, 180.0]), np.array([-0.2, -1.0]))]


def prob(bpm, w):
    return losses.sigmoid(w[0] + w[1] * (bpm - MEAN) / SD)


def standardized(**changes):
    """The arguments of check_standardize for right answers, some of them changed."""
    given = {"hr_mean": MEAN, "hr_sd": SD, "X_std": X_STD, "max_hr": MAX_HR}
    return {**given, **changes}.values()


def test_right_standardization_passes():
    ex.check_standardize(*standardized())
    z, mean, sd = data.standardize(MAX_HR)
    ex.check_standardize(mean, np.float32(sd), losses.add_intercept(z), MAX_HR)
    mean32, sd32 = np.float32(MEAN), np.float32(SD)  # float32 precision, about 1e-7
    ex.check_standardize(mean32, sd32, losses.add_intercept((MAX_HR - mean32) / sd32), MAX_HR)
    ex.check_prob_disease(prob, MAX_HR, PATIENTS)
    ex.check_prob_disease(lambda bpm, w: prob(bpm, w).tolist(), MAX_HR, PATIENTS)


def own(bpm):
    return (bpm - bpm.mean()) / bpm.std()


ONES = np.ones(len(MAX_HR))
Z = (MAX_HR - MEAN) / SD
STANDARDIZE_WRONG = [
    ("none", {"hr_mean": None}),
    ("median", {"hr_mean": np.median(MAX_HR)}),
    ("ones_included", {"hr_mean": np.mean(losses.add_intercept(MAX_HR))}),
    ("ones_included", {"hr_sd": np.std(losses.add_intercept(MAX_HR))}),
    ("ddof", {"hr_sd": MAX_HR.std(ddof=1)}),
    ("variance", {"hr_sd": MAX_HR.var()}),
    ("none", {"X_std": None}),
    ("no_intercept", {"X_std": Z}),
    ("no_intercept", {"X_std": Z[:, None]}),
    ("swapped_columns", {"X_std": np.column_stack([Z, ONES])}),
    ("not_scaled", {"X_std": losses.add_intercept(MAX_HR)}),
    ("not_divided", {"X_std": losses.add_intercept(MAX_HR - MEAN)}),
    ("not_centred", {"X_std": losses.add_intercept(MAX_HR / SD)}),
    ("ddof", {"X_std": losses.add_intercept((MAX_HR - MEAN) / MAX_HR.std(ddof=1))}),
    ("ones_scaled", {"X_std": data.standardize(losses.add_intercept(MAX_HR))[0]}),
    ("ones_scaled", {"X_std": (losses.add_intercept(MAX_HR) - MEAN) / SD}),
    ("ones_scaled", {"X_std": np.column_stack([np.full(len(MAX_HR), np.nan), Z])}),  # sd 0
]


def not_yet(bpm, w):
    raise NotImplementedError()


PROB_WRONG = [
    ("own_scale", lambda bpm, w: losses.sigmoid(w[0] + w[1] * own(bpm))),
    ("not_scaled", lambda bpm, w: losses.sigmoid(w[0] + w[1] * bpm)),
    ("not_divided", lambda bpm, w: losses.sigmoid(w[0] + w[1] * (bpm - MEAN))),
    ("no_sigmoid", lambda bpm, w: w[0] + w[1] * (bpm - MEAN) / SD),
    ("swapped_weights", lambda bpm, w: prob(bpm, w[::-1])),
    ("no_intercept", lambda bpm, w: prob(bpm, np.array([0.0, w[1]]))),
    ("complement", lambda bpm, w: 1 - prob(bpm, w)),
    ("cohort_instead", lambda bpm, w: losses.sigmoid(X_STD @ w)),
    ("not_implemented", not_yet),
]


@pytest.mark.parametrize(("kind", "changes"), STANDARDIZE_WRONG)
def test_standardize_names_each_slip(kind, changes):
    err = failure(ex.check_standardize, *standardized(**changes))
    assert err.kind == kind, str(err)
    assert_hides(str(err), [MEAN, SD])


@pytest.mark.parametrize(("kind", "wrong"), PROB_WRONG)
def test_prob_disease_names_each_slip(kind, wrong):
    err = failure(ex.check_prob_disease, wrong, MAX_HR, PATIENTS)
    assert err.kind == kind, str(err)
    assert_hides(str(err), [MEAN, SD, *prob(*PATIENTS[0])])

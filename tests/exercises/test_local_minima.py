"""Do the checks of assignment 08 pass right answers and name each likely slip?

The cases are the notebook's visible ones. Every wrong answer must fail with its own
kind, and no message may show the right value or formula.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from failing import assert_hides, failure

from gdkit import gradcheck, losses, minima
from gdkit.descent import gradient_descent
from gdkit.exercises import local_minima as ex


def hides(message: str, answers) -> None:
    """:func:`assert_hides` on the message without its description of the case's inputs."""
    assert_hides(message.split(" (case ")[0], answers)


# ---------------------------------------------------------------------------- the notebook's cases

X_SMALL = np.array(
    [[1.0, 0.5, -1.2], [1.0, -0.3, 0.8], [1.0, 2.0, 0.1], [1.0, -1.5, -0.4], [1.0, 0.7, 1.9]]
)
Y_SMALL = np.array([1.0, 0.0, 1.0, 0.0, 1.0])
HESSIAN_CASES = [(np.array([0.2, -0.5, 1.0]), X_SMALL, Y_SMALL)]
WELL_CASES = [(np.array([-2.0, -1.5, -0.3, 0.0, 0.5, 1.2]),), (0.5,), (-1.5,)]
WELL = (minima.tilted_well, minima.tilted_well_grad)
BOWL = (minima.bumpy_bowl, minima.bumpy_bowl_grad)
RESTART_CASES = [
    (*WELL, 0.05, -2.0, 2.0, 5, 21, 40),
    (*WELL, 0.1, -1.5, 2.5, 6, 6, 30),
    (*BOWL, 0.05, -4.0, 4.0, 7, 12, 60),
]
PERTURBED_CASES = [
    (minima.tilted_well_grad, 0.93, 0.02, 20, 0.5, 3, 0.9),
    (minima.tilted_well_grad, -1.0, 0.05, 10, 1.0, 5, 1.0),
    (minima.bumpy_bowl_grad, 2.0, 0.05, 15, 1.0, 8, 0.95),
    (minima.tilted_well_grad, 0.2, 0.05, 8, 0.0, 4, 0.9),  # no noise: still one draw a step
]
SWAP_CASES = [(np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]),)]


# ---------------------------------------------------------------------------- Exercise 1


def test_the_second_derivative_is_x_squared_p_one_minus_p_and_has_no_y():
    w, x = sympy.symbols("w x")
    p = 1 / (1 + sympy.exp(-w * x))
    assert sympy.simplify(ex.SECOND_DERIVATIVE - x**2 * p * (1 - p)) == 0
    assert sympy.simplify(ex._GRADIENT - sympy.diff(ex._LOSS, w)) == 0
    assert {s.name for s in ex.SECOND_DERIVATIVE.free_symbols} == {"w", "x"}


@pytest.mark.parametrize("answer", ["x**2*p*(1-p)+1e-9", "1.0", "x**2*p*(1 - p)**2", "x**2/4"])
def test_a_wrong_answer_without_y_is_not_told_the_derivative_depends_on_y(answer):
    assert "depends on y" not in str(failure(ex.check_d2L_dw2, answer))


@pytest.mark.parametrize(
    "answer",
    ["x**2*p*(1 - p)", "x^2*(p - p**2)", "x**2*exp(-w*x)/(1 + exp(-w*x))**2", "x*x*p*(1-p)"],
)
def test_the_right_second_derivative_passes_in_any_form(answer):
    ex.check_d2L_dw2(answer)


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ("x*(p - y)", "first_derivative"),
        ("(p - y)*x", "first_derivative"),
        ("x**2*p", "d_is_p"),
        ("x**2*(1 - p)", "d_is_1_minus_p"),
        ("-x**2*p*(1 - p)", "sign"),
        ("x*p*(1 - p)", "missing_factor"),
        ("p*(1 - p)", "missing_factor"),
        ("2*x**2*p*(1 - p)", "constant_factor"),
        ("x**2*sigma*(1 - p)", "unknown_symbol"),
        (None, "none"),
    ],
)
def test_each_second_derivative_slip_is_named(answer, kind):
    err = failure(ex.check_d2L_dw2, answer)
    assert err.kind == kind
    assert "p*(1 - p)" not in str(err) and "p(1 - p)" not in str(err)


# ---------------------------------------------------------------------------- Exercise 2


def right_hessian(w, X, y):
    p = losses.sigmoid(X @ w)
    return (X.T * (p * (1 - p))) @ X / len(y)


def test_the_reference_hessian_agrees_with_finite_differences_of_gdkits_gradient():
    rng = np.random.default_rng(0)
    X = losses.add_intercept(rng.normal(size=(9, 3)))
    y = (rng.random(9) < 0.5).astype(float)
    for w in rng.normal(size=(3, 4)):
        numerical = np.column_stack(
            [
                gradcheck.numerical_gradient(lambda w, j=j: losses.log_loss_grad(w, X, y)[j], w)
                for j in range(4)
            ]
        )
        np.testing.assert_allclose(ex._log_loss_hessian(w, X, y), numerical, atol=1e-8)
        assert np.linalg.eigvalsh(ex._log_loss_hessian(w, X, y)).min() >= -1e-12


def test_the_right_hessian_passes():
    ex.check_log_loss_hessian(right_hessian, HESSIAN_CASES)
    ex.check_log_loss_hessian(
        lambda w, X, y: X.T @ np.diag(losses.sigmoid(X @ w) * (1 - losses.sigmoid(X @ w))) @ X / 5,
        HESSIAN_CASES,
    )


def d_hat(w, X):
    """The diagonal of D: p (1 - p) for each example."""
    p = losses.sigmoid(X @ w)
    return p * (1 - p)


def d_of(d):
    return lambda w, X, y: (X.T * d(losses.sigmoid(X @ w), y)) @ X / len(y)


@pytest.mark.parametrize(
    ("wrong", "kind"),
    [
        (lambda w, X, y: len(y) * right_hessian(w, X, y), "sum_for_mean"),
        (lambda w, X, y: -right_hessian(w, X, y), "sign"),
        (d_of(lambda p, y: p), "d_is_p"),
        (d_of(lambda p, y: p - y), "d_is_residual"),
        (lambda w, X, y: X.T @ X / len(y), "no_d"),
        (lambda w, X, y: X @ np.diag(d_hat(w, X)) @ X.T / len(y), "matmul_shapes"),
        (lambda w, X, y: (X * d_hat(w, X)[:, None]) @ X.T / len(y), "x_d_xt"),
        (lambda w, X, y: right_hessian(w, X, y)[0], "shape"),
        (lambda w, X, y: None, "none"),
    ],
)
def test_each_hessian_slip_is_named(wrong, kind):
    err = failure(ex.check_log_loss_hessian, wrong, HESSIAN_CASES)
    assert err.kind == kind
    hides(str(err), [right_hessian(*HESSIAN_CASES[0])])


def test_the_right_hessian_as_a_list_is_refused_as_in_assignment_10():
    err = failure(
        ex.check_log_loss_hessian, lambda w, X, y: right_hessian(w, X, y).tolist(), HESSIAN_CASES
    )
    assert err.kind == "not_an_array"
    assert "NumPy array" in str(err)
    hides(str(err), [right_hessian(*HESSIAN_CASES[0])])


# ---------------------------------------------------------------------------- Exercise 3


def test_the_well_and_its_gradient_agree_with_finite_differences():
    for w in np.linspace(-2, 2, 9):
        assert gradcheck.gradient_error(minima.tilted_well, minima.tilted_well_grad, w) < 1e-7


def test_the_right_well_gradient_passes():
    ex.check_well_grad(lambda w: 4 * w**3 - 4 * w + 0.5, WELL_CASES)


@pytest.mark.parametrize(
    ("wrong", "kind"),
    [
        (lambda w: 2 * (w**2 - 1) + 0.5, "no_inner_derivative"),
        (lambda w: 2 * w * (w**2 - 1) + 0.5, "missing_2"),
        (lambda w: (w**2 - 1) * 2 * w + 0.5, "missing_2"),
        (lambda w: 4 * w**3 + 0.5, "lost_minus_one"),
        (lambda w: 4 * w * (w**2 - 1) - 0.5, "tilt_sign"),
        (lambda w: 2 * (4 * w * (w**2 - 1) + 0.5), "factor_2"),
        (lambda w: 4 * w * (w**2 - 1), "no_tilt"),
        (lambda w: 4 * w * (w**2 - 1) + 0.5 * w, "tilt_not_differentiated"),
        (lambda w: -(4 * w * (w**2 - 1) + 0.5), "sign"),
        (lambda w: (w**2 - 1) ** 2 + 0.5 * w, "value"),
        (minima.tilted_well_grad, "reference_used"),
        (lambda w: minima.tilted_well_grad(w), "reference_used"),
    ],
)
def test_each_well_gradient_slip_is_named(wrong, kind):
    err = failure(ex.check_well_grad, wrong, WELL_CASES)
    assert err.kind == kind
    hides(str(err), [minima.tilted_well_grad(c[0]) for c in WELL_CASES[1:]])
    assert "inner derivative of w**2 - 1 is wrong" not in str(err)


# ---------------------------------------------------------------------------- Exercise 4


RIGHT_RESTARTS = """    starts = rng.uniform(low, high, size=n_starts)
    runs = [gradient_descent(loss, grad, start, eta, n_steps=n_steps) for start in starts]
    return min(runs, key=lambda run: run.loss[-1])"""


def as_typed(signature, body, old="", new=""):
    """The function ``def signature:`` with ``body``, ``old`` replaced by ``new`` in it: the
    wrong answers are written as a student would write them."""
    assert old in body
    namespace = {"np": np, "gradient_descent": gradient_descent, "minima": minima}
    exec(f"def {signature}:\n" + body.replace(old, new), namespace)
    return namespace[signature.split("(")[0]]


def restarts(old="", new="", source=RIGHT_RESTARTS):
    """A random_restarts whose body is the right one with ``old`` replaced by ``new``."""
    signature = "random_restarts(loss, grad, eta, low, high, n_starts, rng, n_steps=100)"
    return as_typed(signature, source, old, new)


PICK = "min(runs, key=lambda run: run.loss[-1])"


@pytest.mark.parametrize(
    "right",
    [
        restarts(),
        restarts(
            "starts = rng.uniform(low, high, size=n_starts)",
            "starts = [rng.uniform(low, high) for _ in range(n_starts)]",
        ),
        restarts("min(runs,", "min(runs[::-1],"),  # `<=` in a loop: the last of ties
        restarts("start, eta", "float(start), eta"),
    ],
)
def test_the_right_restarts_pass_in_any_form(right):
    ex.check_random_restarts(right, RESTART_CASES)


class Global:
    """np.random's functions, as a student would call them instead of the rng."""

    def uniform(self, low, high, size=None):
        return np.random.uniform(low, high, size=size)


STUDENT_SLIPS = [
    (restarts(PICK, "runs[-1]"), "last_not_best"),
    (restarts(PICK, "runs[0]"), "first_not_best"),
    (restarts("min(runs,", "max(runs,"), "not_best"),
    (restarts("run.loss[-1]", "run.loss[0]"), "by_first_loss"),
    (restarts("run.loss[-1]", "run.w"), "smallest_w"),
    (restarts("for start in starts", "for start in starts[: n_starts - 1]"), "one_start_short"),
    (
        restarts("size=n_starts", "size=n_starts - 1"),
        "one_start_short",
    ),
    (restarts(", n_steps=n_steps", ""), "n_steps_ignored"),
    (restarts("(loss, grad,", "(minima.tilted_well, minima.tilted_well_grad,"), "hard_coded_loss"),
    (restarts("for start in starts]", "for start in starts[1:]]"), "skips_a_start"),
    (restarts("for start in starts]", "for start in [*starts, 0.0]]"), "skips_a_start"),
    (restarts("size=n_starts", "size=max(n_starts, 2)"), "extra_draws"),
    (restarts("size=n_starts", "size=(n_starts, 1)"), "start_shape"),
    (restarts("size=n_starts", "size=n_starts + 1"), "extra_draws"),
    (restarts("size=n_starts", "size=n_steps"), "extra_draws"),
    (restarts("    starts =", "    rng.random()\n    starts ="), "extra_draws"),
    (restarts("    return", "    rng.random()\n    return"), "extra_draws"),
    (restarts(PICK, f"{PICK}.w"), "type"),
    (restarts(f"return {PICK}", PICK), "none"),
    (restarts("rng.uniform", "np.random.default_rng(0).uniform"), "rng_ignored"),
    (restarts("rng.uniform", "np.random.uniform"), "not_reproducible"),
    (restarts("start, eta", "start, 0.1"), "wrong_run"),
    (restarts("rng.uniform(low, high, size=n_starts)", "rng.normal(size=n_starts)"), "wrong_draws"),
    (restarts("rng.uniform(low, high, size=n_starts)", "rng.random(n_starts)"), "wrong_draws"),
    (restarts("rng.uniform(low, high, size=n_starts)", "3 + rng.random(n_starts)"), "out_of_range"),
    (minima.random_restarts, "reference_used"),
]


@pytest.mark.parametrize(("wrong", "kind"), STUDENT_SLIPS)
def test_each_restart_slip_is_named(wrong, kind):
    np.random.seed(1)
    err = failure(ex.check_random_restarts, wrong, RESTART_CASES)
    assert err.kind == kind, str(err)
    best = [
        minima.random_restarts(*c[:6], np.random.default_rng(c[6]), c[7]) for c in RESTART_CASES
    ]
    hides(str(err), [np.array([b.w for b in best]), np.array([b.weights[0] for b in best])])


def test_a_slip_is_named_only_when_it_explains_every_case():
    """The last run on one case and the first on the others is neither slip: say which case."""
    calls = []

    def mixed(loss, grad, eta, low, high, n_starts, rng, n_steps=100):
        starts = rng.uniform(low, high, size=n_starts)
        runs = [gradient_descent(loss, grad, s, eta, n_steps=n_steps) for s in starts]
        calls.append(loss)
        return runs[-1] if loss is minima.bumpy_bowl else runs[0]

    err = failure(ex.check_random_restarts, mixed, RESTART_CASES)
    assert err.kind not in {"last_not_best", "first_not_best"}
    assert "(case " in str(err)


def test_every_slip_is_wrong_on_some_visible_case_and_no_two_slips_agree_everywhere():
    outputs = {
        slip.kind: [
            ex._restarts_on(slip.wrong, c, name="", where="", forbid=[])[0] for c in RESTART_CASES
        ]
        for slip in ex._RESTART_SLIPS
    }
    for kind, runs in outputs.items():
        assert not all(
            ex._is_best(r, ex._runs(c)) for r, c in zip(runs, RESTART_CASES, strict=True)
        ), kind
    kinds = list(outputs)
    for i, a in enumerate(kinds):
        for b in kinds[i + 1 :]:
            assert not all(
                ex._same_run(p, q) for p, q in zip(outputs[a], outputs[b], strict=True)
            ), (a, b)


def test_the_starts_are_uniform_numbers_of_the_stream():
    rng = np.random.default_rng(5)
    assert np.array_equal(
        rng.uniform(-1.0, 2.0, size=4), -1.0 + 3.0 * np.random.default_rng(5).random(4)
    )


# ---------------------------------------------------------------------------- Exercise 5


def perturbed(
    order="right",
    scale_eta=True,
    decay_from=0,
    draw=None,
    fixed_kick=False,
    sign=1,
    grad=None,
    returns=True,
):
    """A perturbed_descent with one thing changed (the right one by default)."""
    fixed_grad = grad

    def perturbed_descent(grad, w0, eta, n_steps, noise, rng, decay=1.0):
        grad = fixed_grad or grad
        generator = draw(rng) if draw else rng
        kick_once = generator.normal() if fixed_kick else None
        w, path = w0, [w0]
        for k in range(n_steps):
            sigma = noise * decay ** (k + decay_from) if decay_from is not None else noise
            kick = sign * sigma * (kick_once if fixed_kick else generator.normal())
            if order == "noise_first":
                w = w - eta * kick
                w = w - eta * grad(w)
            elif scale_eta:
                w = w - eta * (grad(w) + kick)
            else:
                w = w - eta * grad(w) - kick
            path.append(w)
        return np.array(path) if returns else None

    return perturbed_descent


class GlobalNormal:
    def normal(self):
        return np.random.normal()


def test_the_right_perturbed_descent_passes_also_with_other_calls_for_the_same_draw():
    ex.check_perturbed_descent(perturbed(), PERTURBED_CASES)

    def scaled_draw(grad, w0, eta, n_steps, noise, rng, decay=1.0):
        w, path = w0, [w0]
        for k in range(n_steps):
            w = w - eta * grad(w) - eta * rng.normal(0.0, noise * decay**k)
            path.append(w)
        return np.array(path)

    ex.check_perturbed_descent(scaled_draw, PERTURBED_CASES)


def test_the_right_path_as_a_list_is_refused_as_in_assignment_10():
    def as_list(*args):
        return list(perturbed()(*args))

    err = failure(ex.check_perturbed_descent, as_list, PERTURBED_CASES)
    assert err.kind == "not_an_array"
    assert "NumPy array" in str(err) and "n_steps + 1" in str(err)


RIGHT_PERTURBED = """    w, path = w0, [w0]
    for k in range(n_steps):
        kick = noise * decay**k * rng.normal()
        w = w - eta * (grad(w) + kick)
        path.append(w)
    return np.array(path)"""


def perturbed_as_typed(old, new):
    """A perturbed_descent whose body is the right one with ``old`` replaced by ``new``."""
    signature = "perturbed_descent(grad, w0, eta, n_steps, noise, rng, decay=1.0)"
    return as_typed(signature, RIGHT_PERTURBED, old, new)


def test_with_no_noise_it_is_plain_gradient_descent():
    path = minima.perturbed_descent(
        minima.tilted_well_grad, 1.7, 0.05, 30, 0.0, np.random.default_rng(0)
    )
    plain = gradient_descent(minima.tilted_well, minima.tilted_well_grad, 1.7, 0.05, n_steps=30)
    np.testing.assert_allclose(path, plain.weights, rtol=1e-15)


@pytest.mark.parametrize(
    ("wrong", "kind"),
    [
        (perturbed(scale_eta=False), "noise_not_scaled"),
        (perturbed(order="noise_first"), "noise_first"),
        (perturbed(decay_from=None), "no_decay"),
        (perturbed(decay_from=1), "decay_early"),
        (perturbed(fixed_kick=True), "one_draw"),
        # the right path, but a draw left for the code after it: the next kick drawn ahead
        (perturbed_as_typed("    return", "    rng.normal()\n    return"), "rng_calls"),
        (perturbed_as_typed("rng.normal()", "(rng.normal() if noise else 0.0)"), "rng_calls"),
        (perturbed_as_typed("path.append(w)", "path.append(w)\n        rng.random()"), "rng_calls"),
        (perturbed_as_typed("decay**k", "decay * k"), "decay_times"),
        (perturbed_as_typed("        kick =", "        rng.normal()\n        kick ="), "two_draws"),
        (perturbed(sign=-1), "noise_sign"),
        (perturbed(grad=minima.tilted_well_grad), "hard_coded_grad"),
        (lambda *args: None, "none"),
        (perturbed(draw=lambda rng: np.random.default_rng(42), returns=False), "none"),
        (lambda *args: "path", "type"),
        (perturbed(draw=lambda rng: np.random.default_rng(42)), "rng_ignored"),
        (perturbed(draw=lambda rng: GlobalNormal()), "not_reproducible"),
        (lambda *args: perturbed()(*args)[-1], "shape"),
        (lambda *args: perturbed()(*args)[1:], "shape"),
        (minima.perturbed_descent, "reference_used"),
    ],
)
def test_each_perturbed_descent_slip_is_named(wrong, kind):
    np.random.seed(1)
    err = failure(ex.check_perturbed_descent, wrong, PERTURBED_CASES)
    assert err.kind == kind
    right = [
        minima.perturbed_descent(grad, w0, eta, n, noise, np.random.default_rng(s), d)
        for grad, w0, eta, n, noise, s, d in PERTURBED_CASES
    ]
    hides(str(err), [np.concatenate(right)])


# ---------------------------------------------------------------------------- Exercise 6


def test_swapping_changes_neither_the_function_nor_the_loss():
    rng = np.random.default_rng(3)
    x, y = np.linspace(-3, 3, 11), rng.normal(size=11)
    for w in rng.normal(size=(5, 7)):
        swapped = ex._swap_hidden(w)
        assert not np.array_equal(swapped, w)
        np.testing.assert_allclose(minima.tiny_net(swapped, x), minima.tiny_net(w, x), rtol=1e-15)
        assert minima.tiny_net_loss(swapped, x, y) == pytest.approx(minima.tiny_net_loss(w, x, y))


def test_the_right_swap_passes():
    ex.check_swap_hidden(lambda w: np.concatenate([w[3:6], w[:3], w[6:]]), SWAP_CASES)


def swap_in_place(w):
    w[:3], w[3:6] = w[3:6].copy(), w[:3].copy()
    return w


@pytest.mark.parametrize(
    ("wrong", "kind"),
    [
        (lambda w: w.copy(), "unchanged"),
        (lambda w: w[[3, 4, 2, 0, 1, 5, 6]], "inputs_only"),
        (lambda w: w[[0, 1, 5, 3, 4, 2, 6]], "outputs_only"),
        (lambda w: w[::-1], "reversed"),
        (lambda w: w[[3, 4, 5, 0, 1, 2]], "shape"),
        (swap_in_place, "in_place"),
        (lambda w: w[[4, 3, 5, 1, 0, 2, 6]], "value"),
    ],
)
def test_each_swap_slip_is_named(wrong, kind):
    assert failure(ex.check_swap_hidden, wrong, SWAP_CASES).kind == kind

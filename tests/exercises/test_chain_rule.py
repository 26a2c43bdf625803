"""Do the checks of assignment 05 pass right answers and name each likely slip?

The cases are the notebook's visible ones. Every wrong answer must fail with its own
kind, no message may show the right value, and the references must agree with SymPy and
with finite differences.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import sympy
from failing import failure

from gdkit import gradcheck, losses
from gdkit.checks import CheckFailure
from gdkit.exercises import chain_rule as ex

# ---------------------------------------------------------------------------- the notebook's cases

NEURON_CASES = [(0.8, 1.5, 1.0), (-1.2, 0.7, 0.0)]
A_SQUARE = np.array([[2.0, -1.0], [0.5, 3.0]])
A_TALL = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]])
LINEAR_CASES = [(A_SQUARE, np.array([1.0, -2.0])), (A_TALL, np.array([0.5, -1.5]))]
POINTS = [
    dict(x=1.5, w=-0.8, b=0.3, y=0.3),
    dict(x=-2.0, w=0.6, b=-0.1, y=1.0),
    dict(x=0.4, w=1.3, b=0.5, y=0.0),
]


def right_values() -> np.ndarray:
    """Every value a check expects on the notebook's cases: never to be shown."""
    graph_grads = [ex.LOG_LOSS_GRAPH.backward(ex.LOG_LOSS_GRAPH.forward(**p)) for p in POINTS]
    return np.concatenate(
        [
            [ex._neuron(*case)[key] for case in NEURON_CASES for key in ex.FORWARD_KEYS],
            [ex._dL_dw(None, *case) for case in NEURON_CASES],
            *[ex._linear_grad(*case) for case in LINEAR_CASES],
            [g for grads in graph_grads for g in grads.values()],
        ]
    )


def shows_no_answer(message: str) -> bool:
    """No right value appears in the message, in any usual rounding.

    Small whole and half numbers are left out: they are also inputs (y = 1.0, w = 0.5).
    """
    shown = [
        text
        for v in right_values()
        if 2 * v != round(2 * v) or abs(v) > 20
        for text in {f"{v:.2f}", f"{v:.3g}", f"{v:.4f}", repr(float(v))}
    ]
    expressions = [str(e) for e in (ex.DZ_DU, ex.DU_DX, ex.DZ_DX)]
    return not any(text in message for text in shown + expressions[2:])


# ---------------------------------------------------------------------------- the references


def test_the_typed_derivatives_are_sympys_chain_rule():
    """Is dz/dx the product of the local derivatives, and the slope of e^(-x^2)?"""
    x = ex.x_sym
    assert sympy.simplify(ex.DZ_DX - ex.DZ_DU.subs(ex.u_sym, ex.INNER) * ex.DU_DX) == 0
    slope = sympy.lambdify(x, ex.DZ_DX)
    for point in (-1.3, 0.4, 2.0):
        numeric = gradcheck.numerical_gradient(lambda t: float(np.exp(-(t**2))), point)
        assert slope(point) == pytest.approx(numeric, rel=1e-6)


@pytest.mark.parametrize("case", NEURON_CASES)
def test_the_neuron_graph_agrees_with_sympy_and_finite_differences(case):
    w, x, y = case
    ws, xs, ys = sympy.symbols("w x y")
    loss = (1 / (1 + sympy.exp(-ws * xs)) - ys) ** 2
    assert ex._neuron(*case)["L"] == pytest.approx(float(loss.subs({ws: w, xs: x, ys: y})))
    exact = float(sympy.diff(loss, ws).subs({ws: w, xs: x, ys: y}))
    numeric = gradcheck.numerical_gradient(lambda t: ex._neuron(t, x, y)["L"], w)
    assert ex._dL_dw(None, *case) == pytest.approx(exact, rel=1e-12)
    assert numeric == pytest.approx(exact, rel=1e-6)


@pytest.mark.parametrize("case", LINEAR_CASES + [(np.ones((1, 4)), np.arange(4.0))])
def test_the_linear_gradient_agrees_with_finite_differences(case):
    A, x = case
    numeric = gradcheck.numerical_gradient(lambda t: np.sum((A @ t) ** 2), x)
    np.testing.assert_allclose(ex._linear_grad(A, x), numeric, rtol=1e-6)


@pytest.mark.parametrize("point", POINTS)
def test_the_log_loss_graph_is_gdkits_log_loss(point):
    """Is the graph's L the log-loss of one example, and its gradient (p - y) [1, x]?"""
    values = ex.LOG_LOSS_GRAPH.forward(**point)
    grads = ex.LOG_LOSS_GRAPH.backward(values)
    w, X, y = np.array([point["b"], point["w"]]), np.array([[1.0, point["x"]]]), [point["y"]]
    assert values["L"] == pytest.approx(losses.log_loss(w, X, np.array(y)))
    expected = losses.log_loss_grad(w, X, np.array(y))
    np.testing.assert_allclose([grads["b"], grads["w"]], expected, rtol=1e-9)
    numeric = gradcheck.numerical_gradient(
        lambda t: ex.LOG_LOSS_GRAPH.forward(**{**point, "w": t})["L"], point["w"]
    )
    assert grads["w"] == pytest.approx(numeric, rel=1e-6)


# ---------------------------------------------------------------------------- right answers


def forward(w, x, y):
    u = w * x
    p = 1 / (1 + np.exp(-u))
    return {"u": u, "p": p, "r": p - y, "L": (p - y) ** 2}


def backward(values, w, x, y):
    p = values["p"]
    return 2 * values["r"] * p * (1 - p) * x


#: The backward pass of LOG_LOSS_GRAPH, one step per node; a slip replaces one of them.
STEPS: dict[str, Callable[[dict, dict], float]] = {
    "L": lambda g, v: 1.0,
    "v": lambda g, v: g["L"],
    "t": lambda g, v: -g["L"],
    "y": lambda g, v: g["t"] * v["d"],
    "d": lambda g, v: g["t"] * v["y"],
    "log_q": lambda g, v: -g["v"] - g["d"],
    "log_p": lambda g, v: g["d"],
    "q": lambda g, v: g["log_q"] / v["q"],
    "p": lambda g, v: g["log_p"] / v["p"] - g["q"],
    "z": lambda g, v: g["p"] * v["p"] * (1 - v["p"]),
    "u": lambda g, v: g["z"],
    "b": lambda g, v: g["z"],
    "w": lambda g, v: g["u"] * v["x"],
    "x": lambda g, v: g["u"] * v["w"],
}


def backward_pass_with(**changes: Callable[[dict, dict], float]) -> Callable[[dict], dict]:
    """The backward pass with the steps ``changes`` done differently (a missing key: None)."""

    def backward_pass(values):
        grads = {}
        for name, step in STEPS.items():
            step = changes.get(name, step)
            if step is not None:
                grads[name] = step(grads, values)
        return grads

    return backward_pass


RIGHT = [
    pytest.param(ex.check_forward, forward, NEURON_CASES, id="forward"),
    pytest.param(
        ex.check_forward,
        lambda w, x, y: {**forward(w, x, y), "w": w},
        NEURON_CASES,
        id="forward-extra-key",
    ),
    pytest.param(
        ex.check_forward,
        lambda w, x, y: {k: np.float64(v) for k, v in forward(w, x, y).items()},
        NEURON_CASES,
        id="forward-numpy",
    ),
    pytest.param(ex.check_backward, backward, NEURON_CASES, id="backward"),
    pytest.param(
        ex.check_backward,
        lambda values, w, x, y: (
            2 * (values["p"] - y) * losses.sigmoid(w * x) ** 2 * np.exp(-w * x) * x
        ),
        NEURON_CASES,
        id="backward-exp-form",
    ),
    pytest.param(
        ex.check_grad_through_linear,
        lambda A, x: 2 * A.T @ (A @ x),
        LINEAR_CASES,
        id="linear",
    ),
    pytest.param(
        ex.check_grad_through_linear,
        lambda A, x: 2 * (A @ x) @ A,
        LINEAR_CASES,
        id="linear-row-vector",
    ),
    pytest.param(
        ex.check_grad_through_linear,
        lambda A, x: np.sum(2 * (A @ x)[:, None] * A, axis=0),
        LINEAR_CASES,
        id="linear-sum-over-j",
    ),
    pytest.param(ex.check_backward_pass, backward_pass_with(), POINTS, id="backward-pass"),
]


@pytest.mark.parametrize(("check", "answer", "cases"), RIGHT)
def test_a_right_answer_passes(check, answer, cases):
    check(answer, cases)


@pytest.mark.parametrize(
    ("dz_du", "du_dx"),
    [("exp(u)", "-2*x"), ("e^u", "-x - x"), ("E**u", "-2*x**1")],
)
def test_right_local_derivatives_pass(dz_du, du_dx):
    ex.check_local_derivatives(dz_du, du_dx)


@pytest.mark.parametrize(
    "dz_dx", ["-2*x*exp(-x**2)", "-2*x/exp(x^2)", "exp(-x*x)*(-2*x)", "-2*x*e^-x^2"]
)
def test_a_right_dz_dx_passes(dz_dx):
    ex.check_dz_dx(dz_dx)


# ---------------------------------------------------------------------------- slips


TYPED_SLIPS = [
    (("-exp(u)", "-2*x"), "sign"),
    (("2*exp(u)", "-2*x"), "constant_factor"),
    (("-2*x*exp(u)", "-2*x"), "extra_factor"),
    (("exp(-x**2)", "-2*x"), "in_x"),
    (("-2*x*exp(-x**2)", "-2*x"), "whole_chain"),
    (("exp u", "-2*x"), "unparseable"),
    (("u*exp(u - 1)", "-2*x"), "power_rule"),
    ((None, "-2*x"), "none"),
    (("exp(u)", "2*x"), "sign"),
    (("exp(u)", "-x"), "constant_factor"),
    (("exp(u)", "-2"), "missing_factor"),
    (("exp(u)", "-2*X"), "unknown_symbol"),
    (("exp(u)", "-2*u"), "in_u"),
    (("exp(u)", "exp(u)"), "in_u"),
    (("exp(u)", "-2*x*exp(u)"), "whole_chain"),
    (("exp(u)", "-2*x*exp(-x**2)"), "whole_chain"),
    (("-2*x", "exp(u)"), "swapped"),
]


@pytest.mark.parametrize(("answers", "kind"), TYPED_SLIPS)
def test_a_local_derivative_slip_is_named(answers, kind):
    caught = failure(ex.check_local_derivatives, *answers)
    assert caught.kind == kind, caught
    assert shows_no_answer(str(caught)), caught


@pytest.mark.parametrize(
    ("dz_dx", "kind"),
    [
        ("2*x*exp(-x**2)", "sign"),
        ("-x*exp(-x**2)", "constant_factor"),
        ("exp(-x**2)", "missing_factor"),
        ("-2*x", "missing_factor"),
        ("-2*x*exp(x)", "outer_at_x"),
        ("-2*x*exp(u)", "not_substituted"),
        ("-2*x*exp(-x)**2", "brackets"),
        ("-2*x*exp(x**2)", "exponent_sign"),
        ("exp(-2*x)", "not_equivalent"),
        ("exp(u)", "missing_factor"),
        ("2*x*exp(u)", "sign"),
        ("-2x*exp(-x^2)", "unparseable"),
    ],
)
def test_a_dz_dx_slip_is_named(dz_dx, kind):
    caught = failure(ex.check_dz_dx, dz_dx)
    assert caught.kind == kind, caught
    assert shows_no_answer(str(caught)), caught


def forward_with(key: str, value: Callable[..., float]) -> Callable[..., dict]:
    return lambda w, x, y: {**forward(w, x, y), key: value(w, x, y, forward(w, x, y))}


def uses_graph_forward(w, x, y):
    return ex.NEURON_GRAPH.forward(w=w, x=x, y=y)


def uses_graph_backward(values, w, x, y):
    return ex.NEURON_GRAPH.backward(ex.NEURON_GRAPH.forward(w=w, x=x, y=y))["w"]


def uses_gdkits_sigmoid(w, x, y):
    u = w * x
    p = losses.sigmoid(u)
    return {"u": u, "p": p, "r": p - y, "L": (p - y) ** 2}


def uses_numerical_gradient(values, w, x, y):
    return gradcheck.numerical_gradient(lambda t: forward(t, x, y)["L"], w)


def slope(v):
    return v["p"] * (1 - v["p"])


NEURON_SLIPS = [
    (ex.check_forward, forward_with("u", lambda w, x, y, f: w + x), "sum_for_product"),
    (ex.check_forward, forward_with("p", lambda w, x, y, f: f["u"]), "no_sigmoid"),
    (ex.check_forward, forward_with("p", lambda w, x, y, f: 1 - f["p"]), "sigmoid_sign"),
    (ex.check_forward, forward_with("r", lambda w, x, y, f: y - f["p"]), "sign"),
    (ex.check_forward, forward_with("r", lambda w, x, y, f: f["u"] - y), "u_for_p"),
    (ex.check_forward, forward_with("L", lambda w, x, y, f: f["r"]), "no_square"),
    (ex.check_forward, forward_with("L", lambda w, x, y, f: abs(f["r"])), "abs_for_square"),
    (ex.check_forward, lambda w, x, y: {"u": w * x}, "keys"),
    (ex.check_forward, lambda w, x, y: None, "none"),
    (ex.check_forward, lambda w, x, y: tuple(forward(w, x, y).values()), "type"),
    (ex.check_forward, uses_graph_forward, "reference_used"),
    (ex.check_forward, uses_gdkits_sigmoid, "reference_used"),
    (ex.check_forward, "forward", "not_a_function"),
    (ex.check_backward, lambda v, w, x, y: 2 * v["r"] * x, "missing_sigmoid_factor"),
    (ex.check_backward, lambda v, w, x, y: 2 * v["r"] * slope(v), "missing_x"),
    (ex.check_backward, lambda v, w, x, y: v["r"] * slope(v) * x, "missing_2"),
    (ex.check_backward, lambda v, w, x, y: 2 * (y - v["p"]) * slope(v) * x, "sign"),
    (ex.check_backward, lambda v, w, x, y: 2 * v["r"] * v["p"] * x, "sigmoid_derivative"),
    (
        ex.check_backward,
        lambda v, w, x, y: 2 * v["r"] * v["u"] * (1 - v["u"]) * x,
        "sigmoid_at_u",
    ),
    (ex.check_backward, lambda v, w, x, y: 2 * v["L"] * slope(v) * x, "uses_L"),
    (ex.check_backward, lambda v, w, x, y: 2 * v["r"] * slope(v) * w, "wrt_x"),
    (ex.check_backward, lambda v, w, x, y: 2 * v["r"] + slope(v) + 1 + x, "sum_of_locals"),
    (ex.check_backward, uses_graph_backward, "reference_used"),
    (ex.check_backward, uses_numerical_gradient, "reference_used"),
]


@pytest.mark.parametrize(("check", "answer", "kind"), NEURON_SLIPS)
def test_a_neuron_slip_is_named(check, answer, kind):
    caught = failure(check, answer, NEURON_CASES)
    assert caught.kind == kind, caught
    assert shows_no_answer(str(caught)), caught


def not_transposed(A, x):
    return 2 * A @ (A @ x)


def with_a_loop(A, x):
    h = A @ x
    return np.array([sum(2 * h[j] * A[j, i] for j in range(len(h))) for i in range(len(x))])


def gradient_of_h(A, h):
    """A helper that loops, called by name from a function that does not."""
    total = np.zeros(A.shape[1])
    for j, h_j in enumerate(h):
        total += 2 * h_j * A[j]
    return total


LINEAR_SLIPS = [
    (not_transposed, "not_transposed"),
    (lambda A, x: 2 * A @ A.T @ x, "transpose_order"),
    (lambda A, x: A.T @ (A @ x), "missing_2"),
    (lambda A, x: -2 * A.T @ (A @ x), "sign"),
    (lambda A, x: 2 * (A @ x), "stops_at_h"),
    (lambda A, x: 2 * A.T @ x, "x_for_h"),
    (lambda A, x: np.sum(2 * (A @ x)[:, None] * A, axis=1), "wrong_axis"),
    (lambda A, x: np.sum(2 * (A @ x) * A, axis=0), "wrong_axis"),
    (lambda A, x: np.sum(2 * (A @ x) * A, axis=1), "not_transposed"),  # A y, in other words
    (lambda A, x: float(np.sum(2 * A.T @ (A @ x))), "total"),
    (lambda A, x: float(np.sum((A @ x) ** 2)), "z_not_gradient"),
    (
        lambda A, x: gradcheck.numerical_gradient(lambda t: np.sum((A @ t) ** 2), x),
        "reference_used",
    ),
    (with_a_loop, "python_loop"),
    (lambda A, x: gradient_of_h(A, A @ x), "python_loop"),
]


@pytest.mark.parametrize(("answer", "kind"), LINEAR_SLIPS)
def test_a_linear_slip_is_named(answer, kind):
    caught = failure(ex.check_grad_through_linear, answer, LINEAR_CASES)
    assert caught.kind == kind, caught
    assert shows_no_answer(str(caught)), caught
    assert "2 h" not in str(caught) and "2*h" not in str(caught), caught  # dz/dh_j is theirs


def test_only_a_python_loop_is_refused():
    """NumPy's own loops, and the helpers of other modules, are not the student's loops."""
    ex.check_no_loop(lambda A, x: np.sum(2 * (A @ x)[:, None] * A, axis=0), name="f", how="")
    ex.check_no_loop(lambda A, x: gradcheck.numerical_gradient(np.sum, x), name="f", how="")
    with pytest.raises(CheckFailure) as caught:
        ex.check_no_loop(lambda: [0 for _ in range(3)], name="f", how="")
    assert caught.value.kind == "python_loop"


def test_a_non_square_a_names_the_shapes():
    """Does A for A.T on a non-square A say which shapes meet, not a generic X message?"""
    caught = failure(ex.check_grad_through_linear, not_transposed, LINEAR_CASES[1:])
    assert caught.kind == "matmul_shapes"
    assert "(3, 2)" in str(caught) and "X" not in str(caught)


def uses_graph(values):
    return ex.LOG_LOSS_GRAPH.backward(values)


BACKWARD_PASS_SLIPS = [
    (dict(p=lambda g, v: g["log_p"] / v["p"]), "one_path"),
    (dict(p=lambda g, v: -g["q"]), "one_path"),
    (dict(log_q=lambda g, v: -g["v"]), "one_path"),
    (dict(log_q=lambda g, v: -g["d"]), "one_path"),
    (dict(p=lambda g, v: g["log_p"] / v["p"] * -g["q"]), "paths_multiplied"),
    (dict(log_q=lambda g, v: g["v"] * g["d"]), "paths_multiplied"),
    (dict(z=lambda g, v: g["p"] * v["p"]), "sigmoid_derivative"),
    (dict(z=lambda g, v: g["p"] * v["z"] * (1 - v["z"])), "sigmoid_derivative"),
    (dict(w=lambda g, v: g["u"] * v["w"]), "product_swapped"),
    (dict(d=lambda g, v: g["t"] * v["d"]), "product_swapped"),
    (dict(t=lambda g, v: g["L"]), "minus_sign"),
    (dict(p=lambda g, v: g["log_p"] / v["p"] + g["q"]), "minus_sign"),
    (dict(log_q=lambda g, v: g["v"] - g["d"]), "minus_sign"),
    (dict(log_q=lambda g, v: -g["v"] + g["d"]), "minus_sign"),
    (dict(q=lambda g, v: g["log_q"] * v["q"]), "log_derivative"),
    (dict(p=lambda g, v: g["log_p"] * np.log(v["p"]) - g["q"]), "log_derivative"),
    (dict(z=lambda g, v: v["p"] * (1 - v["p"])), "local_only"),
    (dict(d=lambda g, v: g["t"]), "missing_local"),
    (dict(q=lambda g, v: g["log_q"]), "missing_local"),
    (dict(z=lambda g, v: v["p"] * v["p"] * (1 - v["p"])), "value_for_grad"),
    (dict(L=lambda g, v: 0.0), "output"),
    (dict(y=None), "keys"),
    (dict(v=lambda g, v: -g["L"]), "sign"),
    (dict(log_p=lambda g, v: -g["d"]), "sign"),
    (dict(q=lambda g, v: -g["log_q"] / v["q"]), "sign"),
]


@pytest.mark.parametrize(("changes", "kind"), BACKWARD_PASS_SLIPS)
def test_a_backward_pass_slip_is_named(changes, kind):
    caught = failure(ex.check_backward_pass, backward_pass_with(**changes), POINTS)
    assert caught.kind == kind, caught
    assert shows_no_answer(str(caught)), caught


def grads_into_values(values):
    """grads = values: the gradients written into the forward pass's dictionary."""
    grads = values
    grads.update(backward_pass_with()(dict(values)))
    return grads


def resets_the_output(values):
    grads = backward_pass_with()(values)
    values["L"] = 1.0
    return grads


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (grads_into_values, "in_place"),
        (resets_the_output, "in_place"),
        (uses_graph, "reference_used"),
        (lambda values: {**backward_pass_with()(values), "log P": 0.0}, "keys"),
        (lambda values: None, "none"),
        (lambda values: [1.0] * 14, "type"),
    ],
)
def test_a_backward_pass_of_the_wrong_form_is_named(answer, kind):
    caught = failure(ex.check_backward_pass, answer, POINTS)
    assert caught.kind == kind, caught


def test_the_graph_is_put_back_after_a_refused_call():
    failure(ex.check_backward_pass, uses_graph, POINTS)
    values = ex.LOG_LOSS_GRAPH.forward(**POINTS[0])
    assert ex.LOG_LOSS_GRAPH.backward(values)["L"] == 1.0


def test_not_implemented_is_said_plainly():
    def todo(*args):
        raise NotImplementedError()

    for check, cases in [
        (ex.check_forward, NEURON_CASES),
        (ex.check_backward, NEURON_CASES),
        (ex.check_grad_through_linear, LINEAR_CASES),
        (ex.check_backward_pass, POINTS),
    ]:
        assert failure(check, todo, cases).kind == "not_implemented"

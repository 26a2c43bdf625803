"""Likely wrong answers in 05_chain_rule, each with the kind its visible test names.

Every mistake is caught by the visible test: the typed derivatives have no hidden part, the
neuron's cases avoid x = ±1 and ±2 (where a missing x and a missing 2 would look alike),
the linear layer is tried with a square A that is not symmetric (A for A.T shows by value)
and a non-square one (shapes), a loop is read from the function's code, and the graph with a label between 0 and 1 (both paths count).
"""

from ..likely import Mistake, variant


def local(dz_du: str, du_dx: str) -> str:
    return f'dz_du = "{dz_du}"\ndu_dx = "{du_dx}"'


FORWARD = (
    "def forward(w, x, y):\n"
    "    u = w * x\n"
    "    p = 1 / (1 + np.exp(-u))\n"
    "    r = p - y\n"
    '    return {"u": u, "p": p, "r": r, "L": r**2}'
)
BACKWARD = (
    "def backward(values, w, x, y):\n"
    '    p, r = values["p"], values["r"]\n'
    "    dL_dr = 2 * r\n"
    "    dr_dp = 1.0\n"
    "    dp_du = p * (1 - p)\n"
    "    du_dw = x\n"
    "    return dL_dr * dr_dp * dp_du * du_dw"
)
LINEAR = "def grad_through_linear(A, x):\n    h = A @ x\n    dz_dh = 2 * h\n    return A.T @ dz_dh"
BACKWARD_PASS = (
    "def backward_pass(values):\n"
    '    grads = {"L": 1.0}\n'
    '    grads["v"] = grads["L"]\n'
    '    grads["t"] = -grads["L"]\n'
    '    grads["y"] = grads["t"] * values["d"]\n'
    '    grads["d"] = grads["t"] * values["y"]\n'
    '    grads["log_q"] = -grads["v"] - grads["d"]\n'
    '    grads["log_p"] = grads["d"]\n'
    '    grads["q"] = grads["log_q"] / values["q"]\n'
    '    grads["p"] = grads["log_p"] / values["p"] - grads["q"]\n'
    '    grads["z"] = grads["p"] * values["p"] * (1 - values["p"])\n'
    '    grads["u"] = grads["z"]\n'
    '    grads["b"] = grads["z"]\n'
    '    grads["w"] = grads["u"] * values["x"]\n'
    '    grads["x"] = grads["u"] * values["w"]\n'
    "    return grads"
)


def node(name: str, formula: str) -> str:
    """BACKWARD_PASS with the gradient of node ``name`` computed by ``formula``."""
    start = f'    grads["{name}"] = '
    line = next(line for line in BACKWARD_PASS.splitlines() if line.startswith(start))
    return variant(BACKWARD_PASS, line, start + formula)


MISTAKES = [
    # Exercise 1: the local derivatives of z = e^u and u = -x**2
    Mistake("local_derivatives", "test_local_derivatives", local("-exp(u)", "-2*x"), "sign"),
    Mistake("local_derivatives", "test_local_derivatives", local("exp(u)", "2*x"), "sign"),
    Mistake(
        "local_derivatives", "test_local_derivatives", local("exp(u)", "-x"), "constant_factor"
    ),
    Mistake("local_derivatives", "test_local_derivatives", local("exp(u)", "-2"), "missing_factor"),
    Mistake(  # the whole chain's factor kept in the outer step's derivative
        "local_derivatives", "test_local_derivatives", local("-2*x*exp(u)", "-2*x"), "extra_factor"
    ),
    Mistake("local_derivatives", "test_local_derivatives", local("exp(-x**2)", "-2*x"), "in_x"),
    Mistake(
        "local_derivatives",
        "test_local_derivatives",
        local("-2*x*exp(-x**2)", "-2*x"),
        "whole_chain",
    ),
    Mistake(  # the power rule applied to an exponential
        "local_derivatives", "test_local_derivatives", local("u*exp(u - 1)", "-2*x"), "power_rule"
    ),
    Mistake("local_derivatives", "test_local_derivatives", local("e^u", "-2x"), "unparseable"),
    Mistake(
        "local_derivatives", "test_local_derivatives", local("exp(u)", "-2*t"), "unknown_symbol"
    ),
    Mistake("local_derivatives", "test_local_derivatives", "dz_du = None\ndu_dx = None", "none"),
    Mistake("local_derivatives", "test_local_derivatives", local("exp(u)", "-2*u"), "in_u"),
    Mistake(  # the whole chain typed for the inner step, in u
        "local_derivatives", "test_local_derivatives", local("exp(u)", "-2*x*exp(u)"), "whole_chain"
    ),
    Mistake("local_derivatives", "test_local_derivatives", local("-2*x", "exp(u)"), "swapped"),
    # Exercise 2: dz/dx, the product, in x
    Mistake("dz_dx", "test_dz_dx", 'dz_dx = "2*x*exp(-x**2)"', "sign"),
    Mistake("dz_dx", "test_dz_dx", 'dz_dx = "-x*exp(-x**2)"', "constant_factor"),
    Mistake("dz_dx", "test_dz_dx", 'dz_dx = "exp(-x**2)"', "missing_factor"),
    Mistake("dz_dx", "test_dz_dx", 'dz_dx = "-2*x"', "missing_factor"),
    Mistake("dz_dx", "test_dz_dx", 'dz_dx = "-2*x*exp(x)"', "outer_at_x"),
    Mistake("dz_dx", "test_dz_dx", 'dz_dx = "-2*x*exp(u)"', "not_substituted"),
    Mistake("dz_dx", "test_dz_dx", 'dz_dx = "exp(-2*x)"', "not_equivalent"),
    Mistake("dz_dx", "test_dz_dx", 'dz_dx = "-2*x*exp(-x)**2"', "brackets"),
    Mistake("dz_dx", "test_dz_dx", 'dz_dx = "-2*x*exp(x**2)"', "exponent_sign"),
    # Exercise 3: the forward pass
    Mistake(
        "forward", "test_forward", variant(FORWARD, "u = w * x", "u = w + x"), "sum_for_product"
    ),
    Mistake("forward", "test_forward", variant(FORWARD, "1 / (1 + np.exp(-u))", "u"), "no_sigmoid"),
    Mistake("forward", "test_forward", variant(FORWARD, "np.exp(-u)", "np.exp(u)"), "sigmoid_sign"),
    Mistake("forward", "test_forward", variant(FORWARD, "r = p - y", "r = y - p"), "sign"),
    Mistake("forward", "test_forward", variant(FORWARD, "r = p - y", "r = u - y"), "u_for_p"),
    Mistake("forward", "test_forward", variant(FORWARD, '"L": r**2', '"L": r'), "no_square"),
    Mistake("forward", "test_forward", variant(FORWARD, '"p": p', '"P": p'), "keys"),
    Mistake("forward", "test_forward", variant(FORWARD, "return {", "{"), "none"),
    Mistake(
        "forward",
        "test_forward",
        variant(FORWARD, '{"u": u, "p": p, "r": r, "L": r**2}', "u, p, r, r**2"),
        "type",
    ),
    Mistake(
        "forward",
        "test_forward",
        "def forward(w, x, y):\n    return exercises.NEURON_GRAPH.forward(w=w, x=x, y=y)",
        "reference_used",
    ),
    Mistake(  # the exercise asks for the sigmoid written out
        "forward",
        "test_forward",
        "from gdkit import losses\n\n\n"
        + variant(FORWARD, "1 / (1 + np.exp(-u))", "losses.sigmoid(u)"),
        "reference_used",
    ),
    # Exercise 4: the backward pass, a product of local derivatives
    Mistake(
        "backward", "test_backward", variant(BACKWARD, "p * (1 - p)", "1"), "missing_sigmoid_factor"
    ),
    Mistake("backward", "test_backward", variant(BACKWARD, "du_dw = x", "du_dw = 1"), "missing_x"),
    Mistake("backward", "test_backward", variant(BACKWARD, "2 * r", "r"), "missing_2"),
    Mistake("backward", "test_backward", variant(BACKWARD, "dr_dp = 1.0", "dr_dp = -1.0"), "sign"),
    Mistake(
        "backward", "test_backward", variant(BACKWARD, "p * (1 - p)", "p"), "sigmoid_derivative"
    ),
    Mistake(
        "backward",
        "test_backward",
        variant(BACKWARD, "p * (1 - p)", 'values["u"] * (1 - values["u"])'),
        "sigmoid_at_u",
    ),
    Mistake("backward", "test_backward", variant(BACKWARD, "2 * r", '2 * values["L"]'), "uses_L"),
    Mistake("backward", "test_backward", variant(BACKWARD, "du_dw = x", "du_dw = w"), "wrt_x"),
    Mistake(
        "backward",
        "test_backward",
        variant(BACKWARD, "dL_dr * dr_dp * dp_du * du_dw", "dL_dr + dr_dp + dp_du + du_dw"),
        "sum_of_locals",
    ),
    Mistake(
        "backward",
        "test_backward",
        "def backward(values, w, x, y):\n"
        "    return gradcheck.numerical_gradient(lambda w: forward(w, x, y)['L'], w)",
        "reference_used",
    ),
    Mistake(
        "backward",
        "test_backward",
        "def backward(values, w, x, y):\n"
        "    graph = exercises.NEURON_GRAPH\n"
        '    return graph.backward(graph.forward(w=w, x=x, y=y))["w"]',
        "reference_used",
    ),
    # Exercise 5: the gradient through h = A x
    Mistake(
        "grad_through_linear",
        "test_grad_through_linear",
        variant(LINEAR, "A.T @", "A @"),
        "not_transposed",
    ),
    Mistake(
        "grad_through_linear",
        "test_grad_through_linear",
        variant(LINEAR, "2 * h", "h"),
        "missing_2",
    ),
    Mistake(
        "grad_through_linear",
        "test_grad_through_linear",
        variant(LINEAR, "2 * h", "-2 * h"),
        "sign",
    ),
    Mistake(
        "grad_through_linear",
        "test_grad_through_linear",
        "def grad_through_linear(A, x):\n    return 2 * A @ A.T @ x",
        "transpose_order",
    ),
    Mistake(  # right, but one entry at a time
        "grad_through_linear",
        "test_grad_through_linear",
        variant(
            LINEAR,
            "A.T @ dz_dh",
            "np.array([sum(dz_dh[j] * A[j, i] for j in range(len(h))) for i in range(len(x))])",
        ),
        "python_loop",
    ),
    Mistake(
        "grad_through_linear",
        "test_grad_through_linear",
        variant(LINEAR, "A.T @ dz_dh", "dz_dh"),
        "stops_at_h",
    ),
    Mistake(
        "grad_through_linear",
        "test_grad_through_linear",
        variant(LINEAR, "2 * h", "2 * x"),
        "x_for_h",
    ),
    Mistake(
        "grad_through_linear",
        "test_grad_through_linear",
        variant(LINEAR, "A.T @ dz_dh", "np.sum(dz_dh[:, None] * A, axis=1)"),
        "wrong_axis",
    ),
    Mistake(
        "grad_through_linear",
        "test_grad_through_linear",
        variant(LINEAR, "A.T @ dz_dh", "np.sum(dz_dh * A, axis=0)"),
        "wrong_axis",
    ),
    Mistake(
        "grad_through_linear",
        "test_grad_through_linear",
        variant(LINEAR, "A.T @ dz_dh", "np.sum(A.T @ dz_dh)"),
        "total",
    ),
    Mistake(
        "grad_through_linear",
        "test_grad_through_linear",
        "def grad_through_linear(A, x):\n"
        "    return gradcheck.numerical_gradient(lambda x: np.sum((A @ x) ** 2), x)",
        "reference_used",
    ),
    # Exercise 6: the backward pass on the log-loss graph
    Mistake(
        "backward_pass", "test_backward_pass", node("p", 'grads["log_p"] / values["p"]'), "one_path"
    ),
    Mistake("backward_pass", "test_backward_pass", node("log_q", '-grads["d"]'), "one_path"),
    Mistake("backward_pass", "test_backward_pass", node("log_q", '-grads["v"]'), "one_path"),
    Mistake(
        "backward_pass",
        "test_backward_pass",
        node("p", 'grads["log_p"] / values["p"] * -grads["q"]'),
        "paths_multiplied",
    ),
    Mistake(
        "backward_pass",
        "test_backward_pass",
        node("z", 'grads["p"] * values["p"]'),
        "sigmoid_derivative",
    ),
    Mistake(
        "backward_pass",
        "test_backward_pass",
        node("z", 'grads["p"] * values["z"] * (1 - values["z"])'),
        "sigmoid_derivative",
    ),
    Mistake(
        "backward_pass",
        "test_backward_pass",
        node("w", 'grads["u"] * values["w"]'),
        "product_swapped",
    ),
    Mistake("backward_pass", "test_backward_pass", node("t", 'grads["L"]'), "minus_sign"),
    Mistake("backward_pass", "test_backward_pass", node("log_p", '-grads["d"]'), "sign"),
    Mistake(
        "backward_pass", "test_backward_pass", node("q", '-grads["log_q"] / values["q"]'), "sign"
    ),
    Mistake(  # the gradients written into the forward pass's dictionary
        "backward_pass",
        "test_backward_pass",
        variant(BACKWARD_PASS, 'grads = {"L": 1.0}', 'grads = values\n    grads["L"] = 1.0'),
        "in_place",
    ),
    Mistake(  # right gradients, but the input changed on the way
        "backward_pass",
        "test_backward_pass",
        variant(BACKWARD_PASS, 'grads = {"L": 1.0}', 'values["L"] = 1.0\n    grads = {"L": 1.0}'),
        "in_place",
    ),
    Mistake(
        "backward_pass",
        "test_backward_pass",
        node("p", 'grads["log_p"] / values["p"] + grads["q"]'),
        "minus_sign",
    ),
    Mistake(
        "backward_pass",
        "test_backward_pass",
        node("q", 'grads["log_q"] * values["q"]'),
        "log_derivative",
    ),
    Mistake(
        "backward_pass",
        "test_backward_pass",
        node("z", 'values["p"] * (1 - values["p"])'),
        "local_only",
    ),
    Mistake("backward_pass", "test_backward_pass", node("d", 'grads["t"]'), "missing_local"),
    Mistake(
        "backward_pass",
        "test_backward_pass",
        node("z", 'values["p"] * values["p"] * (1 - values["p"])'),
        "value_for_grad",
    ),
    Mistake(
        "backward_pass",
        "test_backward_pass",
        variant(BACKWARD_PASS, '    grads["y"] = grads["t"] * values["d"]\n', ""),
        "keys",
    ),
    Mistake(
        "backward_pass",
        "test_backward_pass",
        "def backward_pass(values):\n    return exercises.LOG_LOSS_GRAPH.backward(values)",
        "reference_used",
    ),
]

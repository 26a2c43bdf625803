"""Likely wrong answers in 02_descent_one_weight.

``Mistake`` and ``variant`` (a right answer with one change) are supplied by the test.
"""

# right answers, which the variants below change in one place each
DESCEND = (
    "def descend(grad, w0, eta, n_steps):\n"
    "    weights = [w0]\n"
    "    for _ in range(n_steps):\n"
    "        weights.append(gradient_step(weights[-1], grad, eta))\n"
    "    return np.array(weights)"
)
DESCEND_UNTIL = (
    "def descend_until(grad, loss, w0, eta, tol, n_steps):\n"
    "    weights = [w0]\n"
    "    for _ in range(n_steps):\n"
    "        weights.append(gradient_step(weights[-1], grad, eta))\n"
    "        if abs(loss(weights[-1]) - loss(weights[-2])) < tol:\n"
    "            return np.array(weights), 'no_improvement'\n"
    "    return np.array(weights), 'max_steps'"
)
STEP = "gradient_step(weights[-1], grad, eta)"
CHANGE = "abs(loss(weights[-1]) - loss(weights[-2]))"
MAX_FIRST = "        if len(weights) - 1 == n_steps:\n            return np.array(weights), 'max_steps'\n        if abs("

MISTAKES = [
    # Exercise 1: the derivative of (w*x - y)**2, typed as a string
    Mistake("dL_dw", "test_dL_dw", 'dL_dw = "2*x*(y - w*x)"', ("wrong sign",)),
    Mistake("dL_dw", "test_dL_dw", 'dL_dw = "x*(w*x - y)"', ("constant factor",)),
    Mistake("dL_dw", "test_dL_dw", 'dL_dw = "2*(w*x - y)"', ("missing a factor",)),
    Mistake("dL_dw", "test_dL_dw", 'dL_dw = "2*w*x**2"', ("not equivalent",)),
    Mistake("dL_dw", "test_dL_dw", 'dL_dw = "2x(wx - y)"', ("multiplication",)),
    # Exercise 2: the slope of the mean squared error
    Mistake(
        "mse_grad",
        "test_mse_grad",
        "def mse_grad(w, x, y):\n    return float(np.mean(x * (w * x - y)))",
        ("factor 2",),
    ),
    Mistake(
        "mse_grad",
        "test_mse_grad",
        "def mse_grad(w, x, y):\n    return float(np.mean(2 * (w * x - y)))",
        ("mse_grad", "not right"),
    ),
    Mistake(
        "mse_grad",
        "test_mse_grad",
        "def mse_grad(w, x, y):\n    return float(np.mean(2 * x * (y - w * x)))",
        ("sign",),
    ),
    Mistake(
        "mse_grad",
        "test_mse_grad",
        "def mse_grad(w, x, y):\n    return float(np.sum(2 * x * (w * x - y)))",
        ("sum", "mean"),
    ),
    Mistake(
        "mse_grad",
        "test_mse_grad",
        "def mse_grad(w, x, y):\n    return 2 * x * (w * x - y)",
        ("shape", "mean"),
    ),
    # Exercise 3: the closed-form minimiser
    Mistake(
        "best_weight",
        "test_best_weight",
        "def best_weight(x, y):\n    return float(np.mean(y / x))",
        ("best_weight", "not right"),
    ),
    Mistake(
        "best_weight",
        "test_best_weight",
        "def best_weight(x, y):\n    return float(np.sum(y) / np.sum(x))",
        ("best_weight", "not right"),
    ),
    Mistake(
        "best_weight",
        "test_best_weight",
        "def best_weight(x, y):\n    return float(np.sum(x * y) / np.sum(y * y))",
        ("best_weight", "not right"),
    ),
    Mistake(
        "best_weight",
        "test_best_weight",
        "def best_weight(x, y):\n    return np.linalg.lstsq(x.reshape(-1, 1), y, rcond=None)[0]",
        ("shape", "single number"),
    ),
    # Exercise 4: one step
    Mistake(
        "gradient_step",
        "test_gradient_step",
        "def gradient_step(w, grad, eta):\n    return w + eta * grad(w)",
        ("wrong sign",),
    ),
    Mistake(
        "gradient_step",
        "test_gradient_step",
        "def gradient_step(w, grad, eta):\n    return w - grad(w)",
        ("learning rate", "eta"),
    ),
    Mistake(
        "gradient_step",
        "test_gradient_step",
        "def gradient_step(w, grad, eta):\n    return -eta * grad(w)",
        ("gradient_step", "not right"),
    ),
    Mistake(
        "gradient_step",
        "test_gradient_step",
        "def gradient_step(w, grad, eta):\n    return w - eta * grad",
        ("gradient_step", "raised TypeError"),
    ),
    # Exercise 5: the loop, returning the start and one weight per step
    Mistake(
        "descend",
        "test_descend",
        "def descend(grad, w0, eta, n_steps):\n"
        "    weights, w = [], w0\n"
        "    for _ in range(n_steps):\n"
        "        w = gradient_step(w, grad, eta)\n"
        "        weights.append(w)\n"
        "    return np.array(weights)",
        ("shape (0,)", "shape (1,)"),
    ),
    Mistake(
        "descend",
        "test_descend",
        variant(DESCEND, "range(n_steps)", "range(n_steps + 1)"),
        ("shape (2,)", "shape (1,)"),
    ),
    Mistake(
        "descend",
        "test_descend",
        variant(DESCEND, "range(n_steps)", "range(n_steps - 1)"),
        ("shape (5,)", "shape (6,)"),
    ),
    Mistake(
        "descend",
        "test_descend",
        variant(DESCEND, "np.array", "np.vstack"),
        ("column", "(n, 1)"),
    ),
    Mistake(
        "descend",
        "test_descend",
        variant(DESCEND, STEP, "weights[-1] + eta * grad(weights[-1])"),
        ("did not lower the loss", "against the slope"),
    ),
    Mistake(
        "descend",
        "test_descend",
        variant(DESCEND, STEP, "weights[-1] - grad(weights[-1])"),
        ("did not lower the loss", "eta times the slope"),
    ),
    Mistake(
        "descend",
        "test_descend",
        "def descend(grad, w0, eta, n_steps):\n"
        "    w = w0\n"
        "    for _ in range(n_steps):\n"
        "        w = gradient_step(w, grad, eta)\n"
        "    return w",
        ("single number", "array"),
    ),
    # Exercise 6: the two stopping rules
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, CHANGE, "loss(weights[-1])"),
        ("more than the rules allow", "change"),
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        "def descend_until(grad, loss, w0, eta, tol, n_steps):\n"
        "    weights = [w0]\n"
        "    for _ in range(n_steps):\n"
        "        w_new = gradient_step(weights[-1], grad, eta)\n"
        "        if abs(loss(weights[-1]) - loss(w_new)) < tol:\n"
        "            return np.array(weights), 'no_improvement'\n"
        "        weights.append(w_new)\n"
        "    return np.array(weights), 'max_steps'",
        ("fewer than the rules allow", "record the new weight"),
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, CHANGE, "loss(weights[-1]) - loss(weights[-2])"),
        ("fewer than the rules allow",),
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, "range(n_steps)", "range(n_steps - 1)"),
        ("fewer than the rules allow",),
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, "        if abs(", MAX_FIRST),
        ("reason", "rule 1 first"),
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        "def descend_until(grad, loss, w0, eta, tol, n_steps):\n"
        "    weights = [w0]\n"
        "    for _ in range(n_steps):\n"
        "        weights.append(gradient_step(weights[-1], grad, eta))\n"
        "        if abs(loss(weights[-1]) - loss(weights[-2])) < tol:\n"
        "            return np.array(weights), 'max_steps'\n"
        "    return np.array(weights), 'no_improvement'",
        ("reason",),
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, "'no_improvement'", "'converged'"),
        ("no_improvement", "max_steps"),
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        "def descend_until(grad, loss, w0, eta, tol, n_steps):\n"
        "    weights = [w0]\n"
        "    for _ in range(n_steps):\n"
        "        weights.append(gradient_step(weights[-1], grad, eta))\n"
        "        if abs(loss(weights[-1]) - loss(weights[-2])) < tol:\n"
        "            break\n"
        "    return np.array(weights)",
        ("two things",),
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, STEP, "weights[-1] + eta * grad(weights[-1])"),
        ("descend_until",),
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, "np.array", "np.vstack"),
        ("column",),
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        "def descend_until(grad, loss, w0, eta, tol, n_steps):\n"
        "    weights = [w0]\n"
        "    for _ in range(n_steps):\n"
        "        weights.append(gradient_step(weights[-1], grad, eta))\n"
        "        if abs(loss(weights[-1]) - loss(weights[-2])) < tol:\n"
        "            return 'no_improvement', np.array(weights)\n"
        "    return 'max_steps', np.array(weights)",
        ("weights first, then the reason",),
    ),
]

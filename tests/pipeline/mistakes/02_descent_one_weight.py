"""Likely wrong answers in 02_descent_one_weight, each with the kind its visible test names."""

from ..likely import Mistake, variant

# right answers, which the variants below change in one place each
MSE_GRAD = "def mse_grad(w, x, y):\n    return float(np.mean(2 * x * (w * x - y)))"
BEST_WEIGHT = "def best_weight(x, y):\n    return float(np.sum(x * y) / np.sum(x * x))"
GRADIENT_STEP = "def gradient_step(w, grad, eta):\n    return w - eta * grad(w)"
DESCEND = (
    "def descend(grad, w0, eta, n_steps):\n"
    "    weights = [w0]\n"
    "    for _ in range(n_steps):\n"
    "        weights.append(gradient_step(weights[-1], grad, eta))\n"
    "    return np.array(weights)"
)
DESCEND_UNTIL = (
    "def descend_until(loss, grad, w0, eta, tol, n_steps):\n"
    "    weights = [w0]\n"
    "    for _ in range(n_steps):\n"
    "        weights.append(gradient_step(weights[-1], grad, eta))\n"
    "        if abs(loss(weights[-2]) - loss(weights[-1])) < tol:\n"
    '            return np.array(weights), "no_improvement"\n'
    '    return np.array(weights), "max_steps"'
)
# the same loop as a student who keeps the previous loss in a variable writes it
DESCEND_UNTIL_OLD_LOSS = (
    "def descend_until(loss, grad, w0, eta, tol, n_steps):\n"
    "    weights = [w0]\n"
    "    loss_old = loss(w0)\n"
    "    for _ in range(n_steps):\n"
    "        w_new = gradient_step(weights[-1], grad, eta)\n"
    "        weights.append(w_new)\n"
    "        loss_new = loss(w_new)\n"
    "        if abs(loss_old - loss_new) < tol:\n"
    '            return np.array(weights), "no_improvement"\n'
    "        loss_old = loss_new\n"
    '    return np.array(weights), "max_steps"'
)
STEP = "gradient_step(weights[-1], grad, eta)"
CHANGE = "abs(loss(weights[-2]) - loss(weights[-1])) < tol"
GDKIT = "from gdkit.descent import gradient_descent\n"


def swapped(source: str, a: str, b: str) -> str:
    """``source`` with every ``a`` and every ``b`` exchanged."""
    return variant(variant(variant(source, a, "\0"), b, a), "\0", b)


def mse_grad(body: str) -> str:
    return f"def mse_grad(w, x, y):\n    return {body}"


def best_weight(body: str) -> str:
    return f"def best_weight(x, y):\n    return {body}"


def gradient_step(body: str) -> str:
    return f"def gradient_step(w, grad, eta):\n    return {body}"


MISTAKES = [
    # Exercise 1: the derivative of (w*x - y)**2, typed as a string
    Mistake("dL_dw", "test_dL_dw", 'dL_dw = "2*x*(y - w*x)"', "sign"),
    Mistake("dL_dw", "test_dL_dw", 'dL_dw = "x*(w*x - y)"', "constant_factor"),
    Mistake("dL_dw", "test_dL_dw", 'dL_dw = "2*(w*x - y)"', "missing_factor"),
    Mistake("dL_dw", "test_dL_dw", 'dL_dw = "2*x**2*(w*x - y)"', "extra_factor"),
    Mistake("dL_dw", "test_dL_dw", 'dL_dw = "2*X*(w*X - y)"', "unknown_symbol"),
    Mistake("dL_dw", "test_dL_dw", 'dL_dw = "2x(wx - y)"', "unparseable"),
    Mistake("dL_dw", "test_dL_dw", 'dL_dw = "dL/dw = 2*x*(w*x - y)"', "unparseable"),
    Mistake("dL_dw", "test_dL_dw", 'dL_dw = "2*w*x**2"', "not_equivalent"),
    Mistake("dL_dw", "test_dL_dw", 'dL_dw = "2*w*(w*x - y)"', "wrt_x"),  # d/dx, not d/dw
    Mistake("dL_dw", "test_dL_dw", 'dL_dw = "2*x*w*x - y"', "brackets"),
    Mistake("dL_dw", "test_dL_dw", 'dL_dw = "(w*x - y)**2"', "not_differentiated"),
    Mistake("dL_dw", "test_dL_dw", "dL_dw = lambda w, x, y: 2 * x * (w * x - y)", "unparseable"),
    Mistake("dL_dw", "test_dL_dw", "dL_dw = None", "none"),
    # Exercise 2: the slope of the mean squared error
    Mistake("mse_grad", "test_mse_grad", mse_grad("float(np.mean(x * (w * x - y)))"), "half"),
    Mistake("mse_grad", "test_mse_grad", variant(MSE_GRAD, "2 * x *", "2 *"), "missing_x"),
    Mistake("mse_grad", "test_mse_grad", variant(MSE_GRAD, "w * x - y", "y - w * x"), "sign"),
    Mistake("mse_grad", "test_mse_grad", variant(MSE_GRAD, "np.mean", "np.sum"), "sum_for_mean"),
    Mistake(
        "mse_grad",
        "test_mse_grad",
        mse_grad("float(np.sum(x * (w * x - y)))"),
        "half+sum_for_mean",
    ),
    Mistake(
        "mse_grad",
        "test_mse_grad",
        variant(
            MSE_GRAD, "np.mean(2 * x * (w * x - y))", "np.sum(2 * x * (w * x - y)) / (len(y) - 1)"
        ),
        "n_minus_1",
    ),
    Mistake("mse_grad", "test_mse_grad", mse_grad("2 * x * (w * x - y)"), "no_mean"),
    Mistake(
        "mse_grad",
        "test_mse_grad",
        mse_grad("2 * np.mean(x) * np.mean(w * x - y)"),
        "product_of_means",
    ),
    Mistake("mse_grad", "test_mse_grad", variant(MSE_GRAD, "2 * x *", "2 * w *"), "wrt_x"),
    Mistake(
        "mse_grad", "test_mse_grad", mse_grad("float(np.mean((w * x - y) ** 2))"), "loss_not_slope"
    ),
    Mistake("mse_grad", "test_mse_grad", mse_grad("losses.mse_grad(w, x, y)"), "reference_used"),
    Mistake(  # the pulse data of the notebook instead of the arguments
        "mse_grad",
        "test_mse_grad",
        mse_grad("float(np.mean(2 * x_pulse * (w * x_pulse - y_pulse)))"),
        "globals",
    ),
    Mistake(  # np.mean has divided by n already
        "mse_grad",
        "test_mse_grad",
        mse_grad("float(np.mean(2 * x * (w * x - y)) / len(x))"),
        "divided_twice",
    ),
    # Exercise 3: the closed-form minimiser
    Mistake(
        "best_weight",
        "test_best_weight",
        best_weight("float(np.sum(y) / np.sum(x))"),
        "ratio_of_sums",
    ),
    Mistake(
        "best_weight", "test_best_weight", best_weight("float(np.mean(y / x))"), "mean_of_ratios"
    ),
    Mistake(
        "best_weight",
        "test_best_weight",
        best_weight("float(np.mean(x * y) / np.mean(x) ** 2)"),
        "squared_mean",
    ),
    Mistake(
        "best_weight",
        "test_best_weight",
        best_weight("float(np.sum(x * y) / np.sum(x) ** 2)"),
        "squared_mean",
    ),
    Mistake(
        "best_weight",
        "test_best_weight",
        best_weight("float(np.mean(x * y) / np.sum(x * x))"),
        "mean_and_sum",
    ),
    Mistake(
        "best_weight",
        "test_best_weight",
        variant(BEST_WEIGHT, "np.sum(x * y) / np.sum(x * x)", "np.sum(x * x) / np.sum(x * y)"),
        "upside_down",
    ),
    Mistake(
        "best_weight",
        "test_best_weight",
        variant(BEST_WEIGHT, "np.sum(x * x)", "np.sum(y * y)"),
        "x_y_swapped",
    ),
    Mistake(
        "best_weight", "test_best_weight", best_weight("float(np.polyfit(x, y, 1)[0])"), "intercept"
    ),
    Mistake(
        "best_weight",
        "test_best_weight",
        best_weight("np.linalg.lstsq(x.reshape(-1, 1), y, rcond=None)[0]"),
        "shape",
    ),
    Mistake("best_weight", "test_best_weight", variant(BEST_WEIGHT, "float(", "float(-"), "sign"),
    Mistake(
        "best_weight",
        "test_best_weight",
        best_weight("float(np.sum(x_pulse * y_pulse) / np.sum(x_pulse * x_pulse))"),
        "globals",
    ),
    # Exercise 4: one step
    Mistake(
        "gradient_step", "test_gradient_step", gradient_step("eta * grad(w)"), "step_not_weight"
    ),
    Mistake(
        "gradient_step", "test_gradient_step", gradient_step("-eta * grad(w)"), "step_not_weight"
    ),
    Mistake(
        "gradient_step",
        "test_gradient_step",
        variant(GRADIENT_STEP, "w - eta", "w + eta"),
        "uphill",
    ),
    Mistake("gradient_step", "test_gradient_step", gradient_step("w - grad(w)"), "eta_ignored"),
    Mistake(
        "gradient_step", "test_gradient_step", gradient_step("w - 0.1 * grad(w)"), "eta_ignored"
    ),
    Mistake("gradient_step", "test_gradient_step", gradient_step("w - eta * grad"), "raised"),
    Mistake(  # the test cell's slope, a notebook global, instead of the argument grad
        "gradient_step", "test_gradient_step", gradient_step("w - eta * bowl_slope(w)"), "globals"
    ),
    Mistake(
        "gradient_step",
        "test_gradient_step",
        "def gradient_step(w, grad, eta):\n    w = w - eta * grad(w)",
        "none",
    ),
    Mistake(
        "gradient_step",
        "test_gradient_step",
        GDKIT + gradient_step("gradient_descent(lambda v: 0.0, grad, w, eta, n_steps=1).w"),
        "reference_used",
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
        "no_start",
    ),
    Mistake(
        "descend",
        "test_descend",
        variant(DESCEND, "range(n_steps)", "range(n_steps + 1)"),
        "off_by_one",
    ),
    Mistake(
        "descend",
        "test_descend",
        variant(DESCEND, "range(n_steps)", "range(n_steps - 1)"),
        "last_missing",
    ),
    Mistake(  # each weight recorded before its step: the last one never is
        "descend",
        "test_descend",
        "def descend(grad, w0, eta, n_steps):\n"
        "    weights, w = [], w0\n"
        "    for _ in range(n_steps):\n"
        "        weights.append(w)\n"
        "        w = gradient_step(w, grad, eta)\n"
        "    return np.array(weights)",
        "last_missing",
    ),
    Mistake(
        "descend",
        "test_descend",
        "def descend(grad, w0, eta, n_steps):\n"
        "    weights, w = [w0], w0\n"
        "    for _ in range(n_steps):\n"
        "        step = eta * grad(w)\n"
        "        w = w - step\n"
        "        weights.append(step)\n"
        "    return np.array(weights)",
        "steps_recorded",
    ),
    Mistake(
        "descend",
        "test_descend",
        "def descend(grad, w0, eta, n_steps):\n"
        "    weights = np.zeros(n_steps + 1, dtype=int)\n"
        "    weights[0] = w0\n"
        "    for i in range(n_steps):\n"
        "        weights[i + 1] = gradient_step(weights[i], grad, eta)\n"
        "    return weights",
        "int_array",
    ),
    Mistake(  # the counter is never increased
        "descend",
        "test_descend",
        "def descend(grad, w0, eta, n_steps):\n"
        "    weights, i = [w0], 0\n"
        "    while i < n_steps:\n"
        "        weights.append(gradient_step(weights[-1], grad, eta))\n"
        "    return np.array(weights)",
        "endless",
    ),
    Mistake(
        "descend",
        "test_descend",
        variant(DESCEND, STEP, "gradient_step(weights[-1], bowl_slope, eta)"),
        "globals",
    ),
    Mistake("descend", "test_descend", variant(DESCEND, "np.array", "np.vstack"), "shape"),
    Mistake(
        "descend",
        "test_descend",
        variant(DESCEND, STEP, "weights[-1] + eta * grad(weights[-1])"),
        "uphill",
    ),
    Mistake(
        "descend",
        "test_descend",
        variant(DESCEND, STEP, "weights[-1] - grad(weights[-1])"),
        "eta_ignored",
    ),
    Mistake(
        "descend",
        "test_descend",
        variant(DESCEND, STEP, "gradient_step(weights[-1], grad, 0.1)"),
        "eta_ignored",
    ),
    Mistake(
        "descend",
        "test_descend",
        variant(DESCEND, STEP, "gradient_step(w0, grad, eta)"),
        "from_start",
    ),
    Mistake(
        "descend",
        "test_descend",
        "def descend(grad, w0, eta, n_steps):\n"
        "    w = w0\n"
        "    for _ in range(n_steps):\n"
        "        w = gradient_step(w, grad, eta)\n"
        "    return w",
        "last_only",
    ),
    Mistake(
        "descend",
        "test_descend",
        GDKIT + "def descend(grad, w0, eta, n_steps):\n"
        "    return gradient_descent(lambda w: 0.0, grad, w0, eta, n_steps=n_steps).weights",
        "reference_used",
    ),
    # Exercise 6: the two stopping rules
    Mistake(  # no abs: a loss that jumps UP looks like no improvement
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, CHANGE, "loss(weights[-2]) - loss(weights[-1]) < tol"),
        "signed_change",
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL_OLD_LOSS, "abs(loss_old - loss_new)", "loss_old - loss_new"),
        "signed_change",
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, CHANGE, "loss(weights[-1]) - loss(weights[-2]) < tol"),
        "big_change_stops",
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, "< tol", "> tol"),
        "big_change_stops",
    ),
    Mistake(  # the old loss is overwritten before the comparison: the change is always 0
        "descend_until",
        "test_descend_until",
        variant(
            DESCEND_UNTIL_OLD_LOSS,
            "        loss_new = loss(w_new)\n",
            "        loss_new = loss(w_new)\n        loss_old = loss_new\n",
        ),
        "big_change_stops",
    ),
    Mistake(
        "descend_until", "test_descend_until", variant(DESCEND_UNTIL, "< tol", "<= tol"), "boundary"
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(
            DESCEND_UNTIL,
            "        if abs(",
            '        if len(weights) - 1 == n_steps:\n            return np.array(weights), "max_steps"\n        if abs(',
        ),
        "rule_order",
    ),
    Mistake(  # the reason decided afterwards, by counting the steps
        "descend_until",
        "test_descend_until",
        "def descend_until(loss, grad, w0, eta, tol, n_steps):\n"
        "    weights = [w0]\n"
        "    for _ in range(n_steps):\n"
        "        weights.append(gradient_step(weights[-1], grad, eta))\n"
        "        if abs(loss(weights[-2]) - loss(weights[-1])) < tol:\n"
        "            break\n"
        '    reason = "max_steps" if len(weights) - 1 == n_steps else "no_improvement"\n'
        "    return np.array(weights), reason",
        "rule_order",
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, CHANGE, "loss(weights[-1]) < tol"),
        "loss_not_change",
    ),
    Mistake(  # loss_old never updated: every loss is compared with the start's
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL_OLD_LOSS, "        loss_old = loss_new\n", ""),
        "change_from_start",
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, CHANGE, "abs(weights[-2] - weights[-1]) < tol"),
        "weight_change",
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, CHANGE, "abs(grad(weights[-1])) < tol"),
        "slope_rule",
    ),
    Mistake(  # the new weight is appended only when the loop goes on
        "descend_until",
        "test_descend_until",
        "def descend_until(loss, grad, w0, eta, tol, n_steps):\n"
        "    weights = [w0]\n"
        "    for _ in range(n_steps):\n"
        "        w_new = gradient_step(weights[-1], grad, eta)\n"
        "        if abs(loss(weights[-1]) - loss(w_new)) < tol:\n"
        '            return np.array(weights), "no_improvement"\n'
        "        weights.append(w_new)\n"
        '    return np.array(weights), "max_steps"',
        "last_not_recorded",
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, "range(n_steps)", "range(n_steps - 1)"),
        "off_by_one",
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, "range(n_steps)", "range(n_steps + 1)"),
        "off_by_one",
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        swapped(DESCEND_UNTIL, '"no_improvement"', '"max_steps"'),
        "swapped_reasons",
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, '"no_improvement"', '"converged"'),
        "unknown_reason",
    ),
    Mistake(  # only the reason
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, "return np.array(weights), ", "return "),
        "not_a_pair",
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(
            variant(
                DESCEND_UNTIL, 'np.array(weights), "max_steps"', '"max_steps", np.array(weights)'
            ),
            'np.array(weights), "no_improvement"',
            '"no_improvement", np.array(weights)',
        ),
        "reason_first",
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        "def descend_until(loss, grad, w0, eta, tol, n_steps):\n"
        "    weights = [w0]\n"
        "    for _ in range(n_steps):\n"
        "        weights.append(gradient_step(weights[-1], grad, eta))\n"
        "        if abs(loss(weights[-2]) - loss(weights[-1])) < tol:\n"
        "            break\n"
        "    return np.array(weights)",
        "not_a_pair",
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, "np.array", "np.vstack"),
        "shape",
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, STEP, "weights[-1] + eta * grad(weights[-1])"),
        "wrong_step",
    ),
    Mistake(  # loss and grad swapped in the call
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, STEP, "gradient_step(weights[-1], loss, eta)"),
        "wrong_step",
    ),
    Mistake(  # the parameters in the order (grad, loss, ...)
        "descend_until",
        "test_descend_until",
        variant(DESCEND_UNTIL, "(loss, grad, w0", "(grad, loss, w0"),
        "wrong_step",
    ),
    Mistake(  # a while loop that looks at n_steps only after a step: never ends for n_steps = 0
        "descend_until",
        "test_descend_until",
        "def descend_until(loss, grad, w0, eta, tol, n_steps):\n"
        "    weights = [w0]\n"
        "    while True:\n"
        "        weights.append(gradient_step(weights[-1], grad, eta))\n"
        "        if abs(loss(weights[-2]) - loss(weights[-1])) < tol:\n"
        '            return np.array(weights), "no_improvement"\n'
        "        if len(weights) - 1 == n_steps:\n"
        '            return np.array(weights), "max_steps"',
        "endless",
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        variant(
            DESCEND_UNTIL,
            '    return np.array(weights), "max_steps"',
            "    weights = np.array(weights)",
        ),
        "none",
    ),
    Mistake(
        "descend_until",
        "test_descend_until",
        GDKIT + "def descend_until(loss, grad, w0, eta, tol, n_steps):\n"
        "    run = gradient_descent(loss, grad, w0, eta, n_steps=n_steps, tol=tol)\n"
        "    return run.weights, run.stopped",
        "reference_used",
    ),
]

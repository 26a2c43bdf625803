"""Likely wrong answers in 10_looking_ahead, each written as one change to a right answer.

Every mistake is caught by the visible test with its kind.
"""

from ..likely import Mistake, variant

MOMENTUM = (
    "def momentum_descent(loss, grad, w0, eta, beta, n_steps):\n"
    "    w, v = w0, 0.0\n"
    "    record = [w0]\n"
    "    for _ in range(n_steps):\n"
    "        v = beta * v + grad(w)\n"
    "        w = w - eta * v\n"
    "        record.append(w)\n"
    "    return np.array(record)"
)
NEWTON = (
    "def newton_step(w, X, y):\n"
    "    p = losses.sigmoid(X @ w)\n"
    "    g = X.T @ (p - y) / len(y)\n"
    "    H = newton.log_loss_hessian(w, X)\n"
    "    return w - np.linalg.solve(H, g)"
)
STEPS = (
    "def steps_to_tol(trace, lowest, tol):\n"
    "    within = np.asarray(trace) - lowest < tol\n"
    "    if not within[-1]:\n"
    "        return None\n"
    "    k = len(within)\n"
    "    while k > 0 and within[k - 1]:\n"
    "        k -= 1\n"
    "    return k"
)


def momentum(old: str, new: str, kind: str) -> Mistake:
    return Mistake("momentum", "test_momentum", variant(MOMENTUM, old, new), kind)


def newton_step(old: str, new: str, kind: str) -> Mistake:
    return Mistake("newton_step", "test_newton_step", variant(NEWTON, old, new), kind)


def steps(old: str, new: str, kind: str) -> Mistake:
    return Mistake("steps_to_tol", "test_steps_to_tol", variant(STEPS, old, new), kind)


MISTAKES = [
    # Exercise 1: momentum
    momentum("        v = beta * v + grad(w)\n", "        v = grad(w)\n", "no_velocity"),
    momentum("    w, v = w0, 0.0\n", "    w = w0\n", "raised"),  # v never started: NameError
    momentum(  # the velocity started again at every step
        "        v = beta * v + grad(w)\n",
        "        v = 0.0\n        v = beta * v + grad(w)\n",
        "no_velocity",
    ),
    momentum("    w, v = w0, 0.0\n", "    w, v = w0, grad(w0)\n", "velocity_start"),
    momentum("beta * v + grad(w)", "v + beta * grad(w)", "beta_on_gradient"),
    momentum("beta * v + grad(w)", "beta * grad(w)", "beta_on_gradient"),
    momentum("beta * v + grad(w)", "beta * v + (1 - beta) * grad(w)", "other_form"),
    momentum(  # the weights moved first, with the velocity of the step before
        "        v = beta * v + grad(w)\n        w = w - eta * v\n",
        "        w = w - eta * v\n        v = beta * v + grad(w)\n",
        "weights_first",
    ),
    momentum("w = w - eta * v", "w = w + eta * v", "sign"),
    momentum("beta * v + grad(w)", "beta * v - grad(w)", "sign"),
    momentum("    return np.array(record)", "    return w", "final_only"),
    momentum("    record = [w0]\n", "    record = []\n", "no_start"),
    momentum("range(n_steps)", "range(n_steps + 1)", "step_count"),
    momentum("range(n_steps)", "range(n_steps - 1)", "step_count"),
    momentum(  # w is w0 itself: `w -= ...` changes the caller's array
        "        w = w - eta * v\n", "        w -= eta * v\n", "in_place"
    ),
    momentum(
        "    w, v = w0, 0.0\n    record = [w0]\n"
        "    for _ in range(n_steps):\n"
        "        v = beta * v + grad(w)\n"
        "        w = w - eta * v\n",
        "    w, v = w0.copy(), 0.0\n    record = [w]\n"
        "    for _ in range(n_steps):\n"
        "        v = beta * v + grad(w)\n"
        "        w -= eta * v\n",
        "same_array",
    ),
    momentum("grad(w)", "grad(w0)", "value"),  # the gradient at the start, every time
    momentum("    return np.array(record)", "    return record[-1]", "final_only"),
    momentum("    return np.array(record)", "", "none"),
    momentum("    return np.array(record)", "    return record", "not_an_array"),
    momentum(  # the weights recorded before each step: the last ones are missing
        "    record = [w0]\n    for _ in range(n_steps):\n"
        "        v = beta * v + grad(w)\n        w = w - eta * v\n        record.append(w)\n",
        "    record = []\n    for _ in range(n_steps):\n        record.append(w)\n"
        "        v = beta * v + grad(w)\n        w = w - eta * v\n",
        "step_count",
    ),
    momentum("np.array(record)", "np.array(record).T", "transposed"),
    momentum("np.array(record)", "np.array([loss(w) for w in record])", "losses"),
    momentum("range(n_steps)", "range(5)", "stops_early"),  # the first visible case's n_steps
    momentum(  # stops once the loss is small
        "        record.append(w)\n",
        "        record.append(w)\n        if loss(w) < 1e-8:\n            break\n",
        "stops_early",
    ),
    momentum(  # a while loop whose counter never grows
        "    for _ in range(n_steps):\n", "    i = 0\n    while i < n_steps:\n", "endless"
    ),
    momentum(  # an array filled beforehand, its last row left as NaN
        "    record = [w0]\n    for _ in range(n_steps):\n"
        "        v = beta * v + grad(w)\n        w = w - eta * v\n        record.append(w)\n"
        "    return np.array(record)",
        "    record = np.full((n_steps + 1, len(w0)), np.nan)\n    record[0] = w0\n"
        "    for i in range(1, n_steps):\n"
        "        v = beta * v + grad(w)\n        w = w - eta * v\n        record[i] = w\n"
        "    return record",
        "not_finite",
    ),
    # Exercise 3: the Newton step
    newton_step("w - np.linalg.solve(H, g)", "w + np.linalg.solve(H, g)", "sign"),
    newton_step("(p - y)", "(y - p)", "sign"),
    newton_step("np.linalg.solve(H, g)", "H @ g", "not_inverted"),
    newton_step("np.linalg.solve(H, g)", "g / H", "elementwise"),
    newton_step("np.linalg.solve(H, g)", "g", "no_hessian"),
    newton_step("w - np.linalg.solve(H, g)", "np.linalg.solve(H, g)", "step_only"),
    newton_step("X.T @ (p - y) / len(y)", "X.T @ (p - y)", "sum_for_mean"),
    newton_step(
        "newton.log_loss_hessian(w, X)", "newton.log_loss_hessian(w, X) * len(y)", "mean_for_sum"
    ),
    newton_step("np.linalg.solve(H, g)", "np.linalg.solve(g, H)", "solve_order"),
    newton_step("log_loss_hessian(w, X)", "log_loss_hessian(X, w)", "argument_order"),
    newton_step(
        "    return w - np.linalg.solve(H, g)",
        "    w -= np.linalg.solve(H, g)\n    return w",
        "in_place",
    ),
    newton_step(
        "    return w - np.linalg.solve(H, g)",
        "    return list(w - np.linalg.solve(H, g))",
        "not_an_array",
    ),
    newton_step("w - np.linalg.solve(H, g)", "-np.linalg.solve(H, g)", "step_only"),
    newton_step("w - np.linalg.solve(H, g)", "w - 0.5 * np.linalg.solve(H, g)", "half_step"),
    newton_step("/ len(y)", "/ len(w)", "over_weights"),
    newton_step("losses.sigmoid(X @ w)", "X @ w", "no_sigmoid"),
    newton_step("newton.log_loss_hessian(w, X)", "X.T @ X / len(y)", "own_hessian"),
    newton_step("newton.log_loss_hessian(w, X)", "X.T @ (p[:, None] * X) / len(y)", "own_hessian"),
    newton_step("X.T @ (p - y)", "X @ (p - y)", "matmul_shapes"),
    newton_step(
        "    p = losses.sigmoid(X @ w)\n    g = X.T @ (p - y) / len(y)\n",
        "    g = losses.log_loss_grad(w, X, y)\n",
        "reference_used",
    ),
    newton_step("    return w - np.linalg.solve(H, g)", "    w - np.linalg.solve(H, g)", "none"),
    # Exercise 2: steps to a tolerance
    steps(  # the first step within tol, though the loss goes back up
        "    k = len(within)\n    while k > 0 and within[k - 1]:\n        k -= 1\n    return k",
        "    return int(np.argmax(within))",
        "first_touch",
    ),
    steps("    return k", "    return k - 1", "off_by_one"),
    steps("    return k", "    return k + 1", "off_by_one"),
    steps("np.asarray(trace) - lowest < tol", "np.asarray(trace) < tol", "no_lowest"),
    steps("- lowest < tol", "- lowest <= tol", "boundary"),
    steps("        return None", "        return len(within)", "never_reached"),
    steps("        return None", "        return -1", "never_reached"),
    steps("    return k", "    return int(np.sum(within))", "count_within"),
    steps(  # assignment 2's rule: the loss changed by less than tol
        "    within = np.asarray(trace) - lowest < tol\n    if not within[-1]:\n        return None\n"
        "    k = len(within)\n    while k > 0 and within[k - 1]:\n        k -= 1\n    return k",
        "    for i in range(1, len(trace)):\n"
        "        if abs(trace[i] - trace[i - 1]) < tol:\n            return i\n    return None",
        "loss_change",
    ),
    steps("    return k", "    return None if k == 0 else k", "none"),  # None when all are within
    steps("    return k", "    return list(np.flatnonzero(within))", "not_a_number"),
    steps("    return k", "    return float(k)", "not_an_int"),
    steps(  # NaN counts as within tol
        "np.asarray(trace) - lowest < tol", "~(np.asarray(trace) - lowest >= tol)", "nan_within"
    ),
    steps(  # works on lists only
        "    within = np.asarray(trace) - lowest < tol\n",
        "    within = np.asarray(trace) - lowest < tol\n    trace.index(trace[0])\n",
        "raised",
    ),
    steps(  # moves the losses down by lowest, in the caller's trace
        "    within = np.asarray(trace) - lowest < tol\n",
        "    trace[:] = np.asarray(trace) - lowest\n    within = np.asarray(trace) < tol\n",
        "in_place",
    ),
    steps("        k -= 1\n", "        pass\n", "endless"),  # the index never moves
]

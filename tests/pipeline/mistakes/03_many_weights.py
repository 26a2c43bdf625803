"""Likely wrong answers in 03_many_weights, each with the kind its visible test must name.

Most are a right answer with one change (``variant``); the right answers come first.
"""

from ..likely import Mistake, variant

MSE = "def mse_grad(w, X, y):\n    residual = X @ w - y\n    return 2.0 * (X.T @ residual) / len(y)"
LOG = (
    "def log_loss_grad(w, X, y):\n    p = losses.sigmoid(X @ w)\n    return X.T @ (p - y) / len(y)"
)
NUMERICAL = (
    "def numerical_gradient(f, w, h=1e-6):\n"
    "    w = np.asarray(w, dtype=float)\n"
    "    grad = np.zeros(len(w))\n"
    "    for j in range(len(w)):\n"
    "        w_plus, w_minus = w.copy(), w.copy()\n"
    "        w_plus[j] += h\n"
    "        w_minus[j] -= h\n"
    "        grad[j] = (f(w_plus) - f(w_minus)) / (2 * h)\n"
    "    return grad"
)
CENTRAL = "(f(w_plus) - f(w_minus)) / (2 * h)"
LOOP_BODY = NUMERICAL[NUMERICAL.index("        w_plus") : NUMERICAL.index("\n    return")]
FIND_BUG = (
    "g_colleague = colleague_gradient(w_check, X_three, y_heart)\n"
    "g_numerical = numerical_gradient(lambda w: losses.log_loss(w, X_three, y_heart), w_check)\n"
    "component_errors = np.abs(g_colleague - g_numerical) / "
    "(np.abs(g_colleague) + np.abs(g_numerical))\n"
    "wrong_component = int(np.argmax(component_errors))"
)
LOG_LOSS_THREE = "losses.log_loss(w, X_three, y_heart)"
ERRORS = "np.abs(g_colleague - g_numerical) / (np.abs(g_colleague) + np.abs(g_numerical))"
ARGMAX = "int(np.argmax(component_errors))"
STANDARDIZE = (
    "hr_mean = np.mean(max_hr)\n"
    "hr_sd = np.std(max_hr)\n"
    "X_std = losses.add_intercept((max_hr - hr_mean) / hr_sd)\n"
    "\n\n"
    "def prob_disease(max_hr_bpm, w):\n"
    "    z_new = (np.asarray(max_hr_bpm, dtype=float) - hr_mean) / hr_sd\n"
    "    return losses.sigmoid(w[0] + w[1] * z_new)\n"
)
Z_STD = "(max_hr - hr_mean) / hr_sd"
Z_NEW = "(np.asarray(max_hr_bpm, dtype=float) - hr_mean) / hr_sd"
PROB = "losses.sigmoid(w[0] + w[1] * z_new)"


def mse(old: str, new: str, kind: str) -> Mistake:
    return Mistake("mse_grad", "test_mse_grad", variant(MSE, old, new), kind)


def log(old: str, new: str, kind: str) -> Mistake:
    return Mistake("log_loss_grad", "test_log_loss_grad", variant(LOG, old, new), kind)


def numerical(old: str, new: str, kind: str) -> Mistake:
    return Mistake(
        "numerical_gradient", "test_numerical_gradient", variant(NUMERICAL, old, new), kind
    )


def find_bug(old: str, new: str, kind: str, hidden: bool = False) -> Mistake:
    return Mistake("find_bug", "test_find_bug", variant(FIND_BUG, old, new), kind, hidden)


def standardize(old: str, new: str, kind: str) -> Mistake:
    return Mistake("standardize", "test_standardize", variant(STANDARDIZE, old, new), kind)


MISTAKES = [
    # Exercise 1: the gradient of the mean squared error
    mse("    residual", "    raise NotImplementedError()\n    residual", "not_implemented"),
    mse(" / len(y)", "", "sum_for_mean"),
    mse("2.0 * ", "", "half"),
    mse("2.0 * (X.T @ residual) / len(y)", "X.T @ residual", "half+sum_for_mean"),
    mse("X @ w - y", "y - X @ w", "sign"),
    mse("X.T @ residual", "X @ residual", "transposed"),
    mse("X @ w - y", "X @ w - y[:, None]", "broadcast"),
    mse("X @ w - y", "X @ w.reshape(-1, 1) - y", "broadcast"),
    mse("X.T @ residual", "X.T * residual", "elementwise"),
    mse("len(y)", "len(w)", "divides_by_p"),  # seen in the second case (X not square)
    mse("2.0 * (X.T @ residual) / len(y)", "2 // len(y) * (X.T @ residual)", "floor_division"),
    mse("2.0 * (X.T @ residual) / len(y)", "2.0 * np.mean(residual)", "shape"),
    mse(
        "2.0 * (X.T @ residual) / len(y)",
        "(2.0 * (X.T @ residual) / len(y)).reshape(-1, 1)",
        "shape",
    ),
    mse(
        "    residual = X @ w - y\n    return 2.0 * (X.T @ residual) / len(y)",
        "    return losses.mse_grad(w, X, y)",
        "reference_used",
    ),
    Mistake("mse_grad", "test_mse_grad", "mse_grad = losses.mse_grad", "reference_used"),
    Mistake(  # gdkit's numerical gradient standing in for the formula
        "mse_grad",
        "test_mse_grad",
        "from gdkit import gradcheck\n\n\ndef mse_grad(w, X, y):\n"
        "    return gradcheck.numerical_gradient(lambda v: losses.mse(v, X, y), w)",
        "reference_used",
    ),
    # Exercise 2: the gradient of the mean log-loss
    log("p - y", "y - p", "sign"),
    log(" / len(y)", "", "sum_for_mean"),
    log("X.T @ (p - y)", "2 * X.T @ (p - y)", "factor_2"),  # the 2 of the squared error
    log("(p - y)", "((p - y) * p * (1 - p))", "extra_factor"),
    log("losses.sigmoid(X @ w)", "X @ w", "no_sigmoid"),
    log("(p - y)", "(-(1 - y) * (1 - p) + y * p)", "labels_swapped"),  # parts A and B mixed
    log("(p - y)", "((1 - p) - y)", "complement"),
    log("losses.sigmoid(X @ w)", "np.round(losses.sigmoid(X @ w))", "rounded"),
    log("X.T @ (p - y)", "X @ (p - y)", "transposed"),
    log("p - y", "p - y.reshape(-1, 1)", "broadcast"),
    log("losses.sigmoid(X @ w)", "losses.sigmoid(X @ w).reshape(-1, 1)", "broadcast"),
    log("X.T @ (p - y)", "X.T * (p - y)", "elementwise"),
    log("len(y)", "len(w)", "divides_by_p"),
    log("X.T @ (p - y) / len(y)", "1 // len(y) * X.T @ (p - y)", "floor_division"),
    # the slides' sign slip in the table of L^B, carried into the sum of parts A and B
    log("(p - y)", "(-y * (1 - p) - (1 - y) * p)", "part_b_sign"),
    log(  # the gradient of Exercise 1 pasted in
        "    p = losses.sigmoid(X @ w)\n    return X.T @ (p - y) / len(y)",
        "    return 2 * X.T @ (X @ w - y) / len(y)",
        "mse_gradient",
    ),
    log("X.T @ (p - y) / len(y)", "np.mean(X.T @ (p - y))", "shape"),
    log("losses.sigmoid(X @ w)", "1 / (1 + np.exp(-(X @ w)))", "warning"),
    log("losses.sigmoid(X @ w)", "np.exp(X @ w) / (1 + np.exp(X @ w))", "not_finite"),
    log(  # both branches of np.where are computed, the unused one overflows
        "losses.sigmoid(X @ w)",
        "np.where(X @ w >= 0, 1 / (1 + np.exp(-(X @ w))), np.exp(X @ w) / (1 + np.exp(X @ w)))",
        "warning",
    ),
    log(
        "    p = losses.sigmoid(X @ w)\n    return X.T @ (p - y) / len(y)",
        "    return losses.log_loss_grad(w, X, y)",
        "reference_used",
    ),
    # Exercise 3: the numerical gradient
    numerical(  # a step of its own, whatever h is
        LOOP_BODY,
        LOOP_BODY.replace("h\n", "1e-5\n").replace("(2 * h)", "(2 * 1e-5)"),
        "ignores_h",
    ),
    numerical(CENTRAL, "(f(w_plus) - f(w)) / h", "one_sided"),
    numerical(CENTRAL, "(f(w) - f(w_minus)) / h", "one_sided"),
    numerical("/ (2 * h)", "/ h", "factor_2"),
    numerical("/ (2 * h)", "/ 2 * h", "precedence"),
    numerical(CENTRAL, "f(w_plus) - f(w_minus) / (2 * h)", "precedence"),
    numerical(CENTRAL, "(f(w + h) - f(w - h)) / (2 * h)", "all_at_once"),
    numerical("w.copy(), w.copy()", "w, w", "no_copy"),
    numerical(  # copied once, before the loop, and never reset
        "    for j in range(len(w)):\n        w_plus, w_minus = w.copy(), w.copy()\n",
        "    w_plus, w_minus = w.copy(), w.copy()\n    for j in range(len(w)):\n",
        "not_reset",
    ),
    numerical(  # w_plus = w: w + h e_j, then back to w itself instead of w - h e_j
        LOOP_BODY,
        "        w_plus = w\n        w_plus[j] += h\n        f_plus = f(w_plus)\n"
        "        w_minus = w\n        w_minus[j] -= h\n        grad[j] = (f_plus - f(w_minus)) / (2 * h)",
        "no_copy",
    ),
    numerical(  # moves the caller's w and never puts it back
        LOOP_BODY,
        "        w[j] += h\n        f_plus = f(w)\n        w[j] -= 2 * h\n"
        "        grad[j] = (f_plus - f(w)) / (2 * h)",
        "in_place",
    ),
    numerical(  # a step relative to |w_j|, as gdkit's own does
        LOOP_BODY,
        "        step = h * max(1.0, abs(w[j]))\n"
        + LOOP_BODY.replace("h\n", "step\n").replace("(2 * h)", "(2 * step)"),
        "relative_step",
    ),
    numerical("range(len(w))", "range(len(w) - 1)", "skipped"),  # the last weight left out
    numerical("range(len(w))", "range(1, len(w))", "skipped"),  # the first weight left out
    numerical(
        "    w = np.asarray(w, dtype=float)\n",
        "    return (f(w + h) - f(w - h)) / (2 * h)\n",
        "shape",
    ),
    Mistake(
        "numerical_gradient",
        "test_numerical_gradient",
        "from gdkit import gradcheck\n\n\ndef numerical_gradient(f, w, h=1e-6):\n"
        "    return gradcheck.numerical_gradient(f, w, h)",
        "reference_used",
    ),
    Mistake(
        "numerical_gradient",
        "test_numerical_gradient",
        "from gdkit.gradcheck import numerical_gradient",
        "reference_used",
    ),
    # Exercise 4: find the colleague's bug
    find_bug("wrong_component = " + ARGMAX, "wrong_component = None", "none"),
    find_bug("component_errors = " + ERRORS, "component_errors = None", "none"),
    find_bug(LOG_LOSS_THREE, "losses.mse(w, X_three, y_heart)", "different_losses"),
    find_bug(LOG_LOSS_THREE, "len(y_heart) * " + LOG_LOSS_THREE, "different_losses"),  # a sum
    find_bug(LOG_LOSS_THREE, "losses.log_loss(w, X_three, 1 - y_heart)", "different_losses"),
    find_bug("), w_check)", "), np.zeros(4))", "different_losses"),  # another point
    find_bug(  # the colleague's gradient compared with itself
        "numerical_gradient(lambda w: " + LOG_LOSS_THREE + ", w_check)",
        "colleague_gradient(w_check, X_three, y_heart)",
        "none_stands_out",
    ),
    find_bug(ARGMAX, "int(np.argmax(component_errors)) + 1", "off_by_one"),
    # argmin for argmax is not here: which of the tiny errors is smallest is rounding, so
    # its kind would be luck (tests/exercises/test_many_weights.py names it on fixed errors)
    find_bug(ARGMAX, "0", "inconsistent"),  # typed in, not read off the errors
    find_bug(ARGMAX, "float(np.argmax(component_errors))", "type"),
    find_bug(ARGMAX, "np.where(component_errors > 1e-3)[0]", "type"),
    find_bug("np.abs(g_colleague - g_numerical)", "(g_numerical - g_colleague)", "negative"),
    find_bug("np.abs(g_colleague - g_numerical)", "(g_colleague - g_numerical)", "negative"),
    find_bug(ERRORS, "np.abs(g_colleague - g_numerical) / np.abs(g_colleague)", "not_relative"),
    find_bug(  # one number for the whole gradient
        ERRORS,
        "np.linalg.norm(g_colleague - g_numerical) / "
        "(np.linalg.norm(g_colleague) + np.linalg.norm(g_numerical))",
        "shape",
    ),
    # Absolute differences single out the same component as relative errors do: only the
    # values tell them apart, and the visible test does not compare values (they would
    # give away the wrong component).
    find_bug(ERRORS, "np.abs(g_colleague - g_numerical)", "absolute", hidden=True),
    # Exercise 5: standardize, and scale new patients the same way
    standardize("X_std = losses.add_intercept(" + Z_STD + ")", "X_std = None", "none"),
    standardize("np.mean(max_hr)", "np.median(max_hr)", "median"),
    standardize("np.mean(max_hr)", "np.mean(X_bpm)", "ones_included"),
    standardize("np.std(max_hr)", "np.std(X_bpm)", "ones_included"),
    standardize("np.std(max_hr)", "np.std(max_hr, ddof=1)", "ddof"),
    standardize("np.std(max_hr)", "np.var(max_hr)", "variance"),
    standardize("losses.add_intercept(" + Z_STD + ")", Z_STD, "no_intercept"),
    standardize("losses.add_intercept(" + Z_STD + ")", f"({Z_STD}).reshape(-1, 1)", "no_intercept"),
    standardize(
        "losses.add_intercept(" + Z_STD + ")",
        f"np.column_stack([{Z_STD}, np.ones(len(max_hr))])",
        "swapped_columns",
    ),
    standardize(Z_STD, "max_hr", "not_scaled"),
    standardize(Z_STD, "max_hr - hr_mean", "not_divided"),
    standardize(Z_STD, "max_hr / hr_sd", "not_centred"),
    standardize("losses.add_intercept(" + Z_STD + ")", "data.standardize(X_bpm)[0]", "ones_scaled"),
    standardize("losses.add_intercept(" + Z_STD + ")", "(X_bpm - hr_mean) / hr_sd", "ones_scaled"),
    standardize(  # the column of ones has sd 0: 0/0 is NaN
        "losses.add_intercept(" + Z_STD + ")",
        "(X_bpm - X_bpm.mean(axis=0)) / X_bpm.std(axis=0)",
        "ones_scaled",
    ),
    standardize(
        Z_NEW,
        "(max_hr_bpm - np.mean(max_hr_bpm)) / np.std(max_hr_bpm)",
        "own_scale",
    ),
    standardize(Z_NEW, "data.standardize(max_hr_bpm)[0]", "own_scale"),
    standardize(Z_NEW, "max_hr_bpm", "not_scaled"),
    standardize(Z_NEW, "max_hr_bpm - hr_mean", "not_divided"),
    standardize(PROB, "w[0] + w[1] * z_new", "no_sigmoid"),
    standardize(PROB, "losses.sigmoid(w[1] + w[0] * z_new)", "swapped_weights"),
    standardize(PROB, "losses.sigmoid(w[1] * z_new)", "no_intercept"),
    standardize(PROB, "1 - losses.sigmoid(w[0] + w[1] * z_new)", "complement"),
    standardize(PROB, "losses.sigmoid(X_std @ w)", "cohort_instead"),
    standardize("    z_new", "    raise NotImplementedError()\n    z_new", "not_implemented"),
]

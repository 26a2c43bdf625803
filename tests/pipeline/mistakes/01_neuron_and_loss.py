"""Likely wrong answers in 01_neuron_and_loss, each with the kind its visible test must name.

Most are a right answer with one change (``variant``); the right answers come first.
"""

from ..likely import Mistake, variant

LINEAR = "def linear_neuron(w, X):\n    return X @ w"
SIGMOID = (
    "def sigmoid(z):\n"
    "    z = np.asarray(z, dtype=float)\n"
    "    u = np.exp(-np.abs(z))\n"
    "    return np.where(z >= 0, 1.0 / (1.0 + u), u / (1.0 + u))"
)
BRANCHES = "1.0 / (1.0 + u), u / (1.0 + u)"
MSE = "def mse(w, X, y):\n    residual = X @ w - y\n    return float(np.mean(residual**2))"
LOG_LOSS = (
    "def log_loss(w, X, y):\n"
    "    z = X @ w\n"
    "    return float(np.mean(y * np.logaddexp(0.0, -z) + (1 - y) * np.logaddexp(0.0, z)))"
)
TERMS = "y * np.logaddexp(0.0, -z) + (1 - y) * np.logaddexp(0.0, z)"
ACCURACY_BODY = (
    "    predicted = sigmoid(X @ w) >= 0.5\n    return float(np.mean(predicted == (y == 1)))"
)
ACCURACY = "def accuracy(w, X, y):\n" + ACCURACY_BODY
LOSS_CURVE = (
    "def loss_curve(w1_grid, w0, X, y):\n"
    "    return np.array([log_loss(np.array([w0, w1]), X, y) for w1 in w1_grid])\n"
    "w1_grid = np.linspace(-4, 3, 141)\n"
    "curve = loss_curve(w1_grid, best[0], X_heart, y_heart)\n"
    "best_w1 = w1_grid[np.argmin(curve)]"
)
CURVE_LOSS = "log_loss(np.array([w0, w1]), X, y)"
BEST = "w1_grid[np.argmin(curve)]"


def linear(old: str, new: str, kind: str) -> Mistake:
    return Mistake("linear_neuron", "test_linear_neuron", variant(LINEAR, old, new), kind)


def sigmoid(source: str, kind: str) -> Mistake:
    return Mistake("sigmoid", "test_sigmoid", source, kind)


def mse(old: str, new: str, kind: str) -> Mistake:
    return Mistake("mse", "test_mse", variant(MSE, old, new), kind)


def log_loss(source: str, kind: str) -> Mistake:
    return Mistake("log_loss", "test_log_loss", source, kind)


def accuracy(old: str, new: str, kind: str) -> Mistake:
    return Mistake("accuracy", "test_accuracy", variant(ACCURACY, old, new), kind)


def loss_curve(old: str, new: str, kind: str) -> Mistake:
    return Mistake("loss_curve", "test_loss_curve", variant(LOSS_CURVE, old, new), kind)


MISTAKES = [
    # Exercise 1: the linear neuron
    linear("X @ w", "(X @ w).reshape(-1, 1)", "shape"),
    linear("return X @ w", "X @ w", "none"),
    linear("X @ w", "X.T @ w", "transposed"),
    linear("X @ w", "w @ X", "transposed"),
    linear("X @ w", "X * w", "elementwise"),
    linear("X @ w", "np.sum(X * w)", "sum_all"),
    linear("X @ w", "sigmoid(X @ w)", "activation"),
    linear("X @ w", "w[0] + X @ w", "intercept_twice"),
    linear("X @ w", "X[:, 1:] @ w[1:]", "no_intercept"),
    linear("X @ w", "w[0] + w[1] * X[:, 1]", "fixed_p"),  # right for one feature only
    # Exercise 2: a sigmoid that never overflows
    sigmoid("def sigmoid(z):\n    return 1 / (1 + np.exp(-z))", "warning"),
    sigmoid(
        "def sigmoid(z):\n"
        "    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))",
        "warning",
    ),
    sigmoid("def sigmoid(z):\n    return np.exp(z) / (1 + np.exp(z))", "not_finite"),
    # the warning silenced, the overflow still there
    sigmoid(
        "def sigmoid(z):\n"
        "    with np.errstate(over='ignore'):\n"
        "        return 1 / (1 + np.exp(-z))",
        "overflow_hidden",
    ),
    sigmoid(variant(SIGMOID, BRANCHES, "u / (1.0 + u), 1.0 / (1.0 + u)"), "swapped"),
    sigmoid("def sigmoid(z):\n    return np.exp(-np.logaddexp(0.0, z))", "swapped"),
    sigmoid(variant(SIGMOID, BRANCHES, "u / (1.0 + u), u / (1.0 + u)"), "one_branch"),
    sigmoid(variant(SIGMOID, "np.exp(-np.abs(z))", "np.exp(-z)"), "one_branch"),
    sigmoid(variant(SIGMOID, "    return np.where", "    np.where"), "none"),
    # works on arrays only: a number has no entries to pick
    sigmoid(
        "def sigmoid(z):\n"
        "    out = np.empty_like(z, dtype=float)\n"
        "    pos = z >= 0\n"
        "    out[pos] = 1 / (1 + np.exp(-z[pos]))\n"
        "    out[~pos] = np.exp(z[~pos]) / (1 + np.exp(z[~pos]))\n"
        "    return out",
        "number",
    ),
    # np.asarray does not copy an array of floats: the caller's z is overwritten
    sigmoid(
        "def sigmoid(z):\n"
        "    z = np.asarray(z, dtype=float)\n"
        "    neg = z < 0\n"
        "    z[neg] = np.exp(z[neg]) / (1 + np.exp(z[neg]))\n"
        "    z[~neg] = 1 / (1 + np.exp(-z[~neg]))\n"
        "    return z",
        "in_place",
    ),
    sigmoid(
        "def sigmoid(z):\n"
        "    if z >= 0:\n"
        "        return 1 / (1 + np.exp(-z))\n"
        "    return np.exp(z) / (1 + np.exp(z))",
        "if_on_array",
    ),
    sigmoid("import math\ndef sigmoid(z):\n    return 1 / (1 + math.exp(-z))", "scalar_only"),
    sigmoid("def sigmoid(z):\n    return losses.sigmoid(z)", "reference_used"),
    sigmoid("sigmoid = losses.sigmoid", "reference_used"),
    # Exercise 3: the mean squared error, a sum of squares over n = 5 examples
    mse("np.mean(residual**2)", "np.sum(residual**2)", "sum_for_mean"),
    mse("np.mean(residual**2)", "np.mean(residual**2) / 2", "half"),
    mse("np.mean(residual**2)", "np.sum(residual**2) / (len(y) - 1)", "n_minus_1"),
    mse("np.mean(residual**2)", "np.mean(np.abs(residual))", "abs_for_square"),
    mse("np.mean(residual**2)", "np.mean(residual)", "no_square"),
    mse("np.mean(residual**2)", "np.mean(residual) ** 2", "square_of_mean"),
    mse("np.mean(residual**2)", "np.sqrt(np.mean(residual**2))", "root_of_mean"),
    mse("X @ w - y", "X @ w.reshape(-1, 1) - y", "broadcast"),
    mse("X @ w - y", "X @ w - y.reshape(-1, 1)", "broadcast"),
    mse("float(np.mean(residual**2))", "residual**2", "shape"),
    mse("residual**2", "residual ^ 2", "xor_for_power"),
    mse("float(np.mean(residual**2))", "losses.mse(w, X, y)", "reference_used"),
    mse("np.mean(residual**2)", "np.sum(residual**2) / X.shape[1]", "divides_by_p"),
    mse("np.mean(residual**2)", "np.sum(residual**2) / len(w)", "divides_by_p"),
    mse("np.mean(residual**2)", "np.sum(residual**2) / 2", "sum_over_2"),
    mse("X @ w - y", "X_heart @ w - y_heart", "globals"),
    # Exercise 4: the log-loss, stably
    log_loss(
        variant(LOG_LOSS, TERMS, "y * np.logaddexp(0.0, z) + (1 - y) * np.logaddexp(0.0, -z)"),
        "swapped_labels",
    ),
    log_loss(variant(LOG_LOSS, "np.mean(", "np.sum("), "sum_for_mean"),
    log_loss(variant(LOG_LOSS, "float(np.mean(", "float(-np.mean("), "sign"),
    log_loss(variant(LOG_LOSS, TERMS, "y * np.logaddexp(0.0, -z)"), "one_term"),
    log_loss(variant(LOG_LOSS, "0.0", "1.0"), "logaddexp_one"),
    log_loss(
        variant(LOG_LOSS, "np.logaddexp(0.0, -z)", "np.log1p(np.exp(-z))").replace(
            "np.logaddexp(0.0, z)", "np.log1p(np.exp(z))"
        ),
        "not_finite",
    ),
    log_loss(
        "def log_loss(w, X, y):\n"
        "    p = 1 / (1 + np.exp(-(X @ w)))\n"
        "    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))",
        "not_finite",
    ),
    # the stable sigmoid does not save the log: p rounds to exactly 1 for z = 150
    log_loss(
        "def log_loss(w, X, y):\n"
        "    p = sigmoid(X @ w)\n"
        "    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))",
        "not_finite",
    ),
    log_loss(
        "def log_loss(w, X, y):\n"
        "    p = sigmoid(X @ w)\n"
        "    return -np.mean(y * np.log10(p) + (1 - y) * np.log10(1 - p))",
        "log_base",
    ),
    log_loss(
        "def log_loss(w, X, y):\n    return np.mean((sigmoid(X @ w) - y) ** 2)", "squared_error"
    ),
    log_loss("def log_loss(w, X, y):\n    return losses.log_loss(w, X, y)", "reference_used"),
    log_loss(variant(LOG_LOSS, "float(np.mean(", "float(1 / len(w) * np.sum("), "divides_by_p"),
    log_loss(variant(LOG_LOSS, "float(np.mean(", "float(0.5 * np.sum("), "sum_over_2"),
    log_loss(variant(LOG_LOSS, "float(np.mean(", "float(0.5 * np.mean("), "half"),
    # clipping keeps the logs finite, and caps a confident mistake's cost
    log_loss(
        "def log_loss(w, X, y):\n"
        "    p = np.clip(sigmoid(X @ w), 1e-15, 1 - 1e-15)\n"
        "    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))",
        "clipped",
    ),
    # Exercise 5: accuracy, on rows with z in (0, 0.5) and one with z = 0
    accuracy("sigmoid(X @ w) >= 0.5", "X @ w >= 0.5", "threshold_on_z"),
    accuracy(">= 0.5", "> 0.5", "strict"),
    accuracy("sigmoid(X @ w) >= 0.5", "np.round(sigmoid(X @ w))", "strict"),
    accuracy("np.mean(", "np.sum(", "count"),
    accuracy("float(np.mean(predicted == (y == 1)))", "100 * np.mean(predicted == y)", "percent"),
    accuracy(">= 0.5", "< 0.5", "error_rate"),
    accuracy("predicted == (y == 1)", "predicted * y", "true_positives"),
    accuracy("predicted = sigmoid(X @ w) >= 0.5", "predicted = sigmoid(X @ w)", "probabilities"),
    accuracy("float(np.mean(predicted == (y == 1)))", "predicted == y", "per_example"),
    accuracy(
        "float(np.mean(predicted == (y == 1)))",
        "np.mean(sigmoid(X @ w) >= 0.5 == y)",
        "if_on_array",
    ),
    accuracy(
        "float(np.mean(predicted == (y == 1)))",
        "np.sum(predicted == y) // len(y)",
        "floor_division",
    ),
    accuracy("predicted == (y == 1)", "predicted == y.reshape(-1, 1)", "broadcast"),
    accuracy(
        ACCURACY_BODY,
        ACCURACY_BODY.replace("X @", "X_heart @").replace("== (y", "== (y_heart"),
        "globals",
    ),
    # Exercise 6: the loss curve (on other data than the heart's), then best_w1
    loss_curve(CURVE_LOSS, "log_loss(np.array([w0, w1]), X_heart, y_heart)", "globals"),
    loss_curve(CURVE_LOSS, "log_loss(np.array([best[0], w1]), X, y)", "ignores_w0"),
    loss_curve(CURVE_LOSS, "log_loss(np.array([w1, w0]), X, y)", "swapped_weights"),
    loss_curve("for w1 in w1_grid", "for w1 in range(len(w1_grid))", "index_for_value"),
    loss_curve(CURVE_LOSS, "mse(np.array([w0, w1]), X, y)", "wrong_loss"),
    loss_curve(CURVE_LOSS, "losses.log_loss(np.array([w0, w1]), X, y)", "reference_used"),
    loss_curve(
        "np.array([log_loss(np.array([w0, w1]), X, y) for w1 in w1_grid])",
        "log_loss(np.array([w0, w1_grid[0]]), X, y)",
        "shape",
    ),
    loss_curve(BEST, "np.argmin(curve)", "index"),
    loss_curve(BEST, "curve.min()", "loss_not_weight"),
    loss_curve(BEST, "w1_grid[np.argmax(curve)]", "argmax"),
    loss_curve(BEST, "w1_grid.min()", "grid_min"),
    loss_curve(BEST, "None", "none"),
    loss_curve(BEST, "best[1]", "not_on_grid"),  # gradient descent's weight, between grid points
    loss_curve(BEST, "w1_grid[curve == curve.min()]", "one_element"),
]

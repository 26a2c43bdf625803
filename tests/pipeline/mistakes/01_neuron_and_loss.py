"""Likely wrong answers in 01_neuron_and_loss.

``Mistake`` and ``variant`` (a right answer with one change) are supplied by the test.
"""

# the right answer to Exercise 6, which two variants below change
LOSS_CURVE = (
    "def loss_curve(w1_grid, w0, X, y):\n"
    "    return np.array([log_loss(np.array([w0, w1]), X, y) for w1 in w1_grid])\n"
    "w1_grid = np.linspace(-4, 3, 141)\n"
    "curve = loss_curve(w1_grid, best[0], X_heart, y_heart)\n"
    "best_w1 = w1_grid[np.argmin(curve)]"
)

MISTAKES = [
    Mistake(
        "linear_neuron",
        "test_linear_neuron",
        "def linear_neuron(w, X):\n    return (X @ w).reshape(-1, 1)",
        ("shape",),
    ),
    Mistake(
        "linear_neuron",
        "test_linear_neuron",
        "def linear_neuron(w, X):\n    return None",
        ("return",),
    ),
    Mistake(
        "sigmoid",
        "test_sigmoid",
        "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))",
        ("overflow",),
    ),
    Mistake(
        "sigmoid",
        "test_sigmoid",
        "def sigmoid(z):\n    u = np.exp(-np.abs(z))\n    return np.where(z >= 0, u / (1 + u), 1 / (1 + u))",
        ("sigmoid",),
    ),
    Mistake(
        "mse_loss",
        "test_mse_loss",
        "def mse_loss(w, X, y):\n    return float(np.sum((X @ w - y) ** 2))",
        ("sum", "mean"),
    ),
    Mistake(
        "mse_loss",
        "test_mse_loss",
        "def mse_loss(w, X, y):\n    return (X @ w - y) ** 2",
        ("shape",),
    ),
    Mistake(
        "mse_loss",
        "test_mse_loss",
        "def mse_loss(w, X, y):\n    return float(np.mean(np.abs(X @ w - y)))",
        ("mse_loss",),
    ),
    Mistake(
        "log_loss",
        "test_log_loss",
        "def log_loss(w, X, y):\n    p = 1 / (1 + np.exp(-(X @ w)))\n"
        "    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))",
        ("overflow",),
    ),
    Mistake(
        "log_loss",
        "test_log_loss",
        "def log_loss(w, X, y):\n    z = X @ w\n"
        "    return float(np.mean(y * np.logaddexp(0, z) + (1 - y) * np.logaddexp(0, -z)))",
        ("log_loss",),
    ),
    Mistake(
        "log_loss",
        "test_log_loss",
        "def log_loss(w, X, y):\n    z = X @ w\n"
        "    return float(np.sum(y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)))",
        ("sum", "mean"),
    ),
    Mistake(
        "accuracy",
        "test_accuracy",
        "def accuracy(w, X, y):\n    return float(np.sum((sigmoid(X @ w) >= 0.5) == (y == 1)))",
        ("sum", "mean"),
    ),
    Mistake(
        "loss_curve",
        "test_loss_curve",
        "def loss_curve(w1_grid, w0, X, y):\n    return log_loss(np.array([w0, w1_grid[0]]), X, y)",
        ("shape",),
    ),
    Mistake(
        "loss_curve",
        "test_loss_curve",
        variant(LOSS_CURVE, "w1_grid[np.argmin(curve)]", "np.argmin(curve)"),
        ("position in the grid",),
    ),
    Mistake(
        "loss_curve",
        "test_loss_curve",
        variant(LOSS_CURVE, "w1_grid[np.argmin(curve)]", "None"),
        ("replace None",),
    ),
]

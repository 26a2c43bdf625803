"""Likely wrong answers in 03_many_weights (``Mistake`` is supplied by the test)."""

STANDARDIZE = (
    "hr_mean = np.mean(max_hr)\n"
    "hr_sd = np.std(max_hr)\n"
    "X_std = losses.add_intercept((max_hr - hr_mean) / hr_sd)\n"
)
PROB_DISEASE = (
    "def prob_disease(max_hr_bpm, w):\n"
    "    return losses.sigmoid(w[0] + w[1] * (max_hr_bpm - hr_mean) / hr_sd)\n"
)
FIND_BUG = (
    "g_colleague = colleague_gradient(w_check, X_three, y_heart)\n"
    "g_numerical = numerical_gradient(lambda w: losses.log_loss(w, X_three, y_heart), w_check)\n"
    "component_errors = np.abs(g_colleague - g_numerical) / "
    "(np.abs(g_colleague) + np.abs(g_numerical))\n"
)


def numerical(body: str) -> str:
    """A numerical_gradient whose loop over the coordinates j runs ``body``."""
    return (
        "def numerical_gradient(f, w, h=1e-6):\n"
        "    grad = np.zeros(len(w))\n"
        "    for j in range(len(w)):\n" + "".join(f"        {line}\n" for line in body.splitlines())
    ) + "    return grad"


MISTAKES = [
    # Exercise 1: the MSE gradient
    Mistake(
        "mse_gradient",
        "test_mse_gradient",
        "def mse_gradient(w, X, y):\n    return 2 * X.T @ (X @ w - y)",
        ("sum", "mean"),
    ),
    Mistake(
        "mse_gradient",
        "test_mse_gradient",
        "def mse_gradient(w, X, y):\n    return X.T @ (X @ w - y) / len(y)",
        ("factor 2",),
    ),
    Mistake(
        "mse_gradient",
        "test_mse_gradient",
        "def mse_gradient(w, X, y):\n    return 2 * X.T @ (y - X @ w) / len(y)",
        ("sign",),
    ),
    Mistake(
        "mse_gradient",
        "test_mse_gradient",
        "def mse_gradient(w, X, y):\n    return 2 * X @ (X @ w - y) / len(y)",
        ("mse_gradient", "raised"),
    ),
    Mistake(
        "mse_gradient",
        "test_mse_gradient",
        "def mse_gradient(w, X, y):\n    return 2 * X.T @ (X @ w - y).reshape(-1, 1) / len(y)",
        ("shape", "(n, 1)"),
    ),
    Mistake(
        "mse_gradient",
        "test_mse_gradient",
        "def mse_gradient(w, X, y):\n    return 2 * np.mean(X @ w - y)",
        ("shape", "single number"),
    ),
    # Exercise 2: the log-loss gradient
    Mistake(
        "log_loss_gradient",
        "test_log_loss_gradient",
        "def log_loss_gradient(w, X, y):\n    return X.T @ (y - losses.sigmoid(X @ w)) / len(y)",
        ("sign",),
    ),
    Mistake(
        "log_loss_gradient",
        "test_log_loss_gradient",
        "def log_loss_gradient(w, X, y):\n    return X.T @ (losses.sigmoid(X @ w) - y)",
        ("sum", "mean"),
    ),
    Mistake(
        "log_loss_gradient",
        "test_log_loss_gradient",
        "def log_loss_gradient(w, X, y):\n    return 2 * X.T @ (losses.sigmoid(X @ w) - y) / len(y)",
        ("factor 2",),
    ),
    Mistake(
        "log_loss_gradient",
        "test_log_loss_gradient",
        "def log_loss_gradient(w, X, y):\n"
        "    p = 1 / (1 + np.exp(-(X @ w)))\n"
        "    return X.T @ (p - y) / len(y)",
        ("overflow", "warn"),
    ),
    Mistake(
        "log_loss_gradient",
        "test_log_loss_gradient",
        "def log_loss_gradient(w, X, y):\n"
        "    p = np.exp(X @ w) / (1 + np.exp(X @ w))\n"
        "    return X.T @ (p - y) / len(y)",
        ("nan", "overflow"),
    ),
    Mistake(
        "log_loss_gradient",
        "test_log_loss_gradient",
        "def log_loss_gradient(w, X, y):\n    return np.mean(losses.sigmoid(X @ w) - y)",
        ("shape",),
    ),
    Mistake(
        "log_loss_gradient",
        "test_log_loss_gradient",
        "def log_loss_gradient(w, X, y):\n"
        "    return X.T @ (losses.sigmoid(X @ w) - y).reshape(-1, 1) / len(y)",
        ("shape", "(n, 1)"),
    ),
    Mistake(  # the gradient of the squared error of the sigmoid, not of the log-loss
        "log_loss_gradient",
        "test_log_loss_gradient",
        "def log_loss_gradient(w, X, y):\n"
        "    p = losses.sigmoid(X @ w)\n"
        "    return X.T @ ((p - y) * p * (1 - p)) / len(y)",
        ("log_loss_gradient", "differ"),
    ),
    # Exercise 3: the numerical gradient
    Mistake(
        "numerical_gradient",
        "test_numerical_gradient",
        numerical("w_plus = w.copy()\nw_plus[j] += h\ngrad[j] = (f(w_plus) - f(w)) / h"),
        ("forward difference",),
    ),
    Mistake(  # forward difference with a large step of its own, ignoring h
        "numerical_gradient",
        "test_numerical_gradient",
        numerical("w_plus = w.copy()\nw_plus[j] += 1e-3\ngrad[j] = (f(w_plus) - f(w)) / 1e-3"),
        ("numerical_gradient", "differ"),
    ),
    Mistake(
        "numerical_gradient",
        "test_numerical_gradient",
        numerical(
            "w_plus, w_minus = w.copy(), w.copy()\n"
            "w_plus[j] += h\n"
            "w_minus[j] -= h\n"
            "grad[j] = (f(w_plus) - f(w_minus)) / h"
        ),
        ("factor 2",),
    ),
    Mistake(
        "numerical_gradient",
        "test_numerical_gradient",
        numerical("grad[j] = (f(w + h) - f(w - h)) / (2 * h)"),
        ("all", "coordinates at once"),
    ),
    Mistake(
        "numerical_gradient",
        "test_numerical_gradient",
        "def numerical_gradient(f, w, h=1e-6):\n    return (f(w + h) - f(w - h)) / (2 * h)",
        ("single number",),
    ),
    Mistake(
        "numerical_gradient",
        "test_numerical_gradient",
        numerical(
            "w[j] += h\n"
            "f_plus = f(w)\n"
            "w[j] -= 2 * h\n"
            "f_minus = f(w)\n"
            "grad[j] = (f_plus - f_minus) / (2 * h)"
        ),
        ("changed", "copy"),
    ),
    Mistake(
        "numerical_gradient",
        "test_numerical_gradient",
        numerical(
            "w_plus, w_minus = w, w\n"
            "w_plus[j] += h\n"
            "w_minus[j] -= h\n"
            "grad[j] = (f(w_plus) - f(w_minus)) / (2 * h)"
        ),
        ("copy",),
    ),
    Mistake(  # ignores the h it is given (tested with other h in the hidden tests)
        "numerical_gradient",
        "test_numerical_gradient",
        numerical(
            "w_plus, w_minus = w.copy(), w.copy()\n"
            "w_plus[j] += 1e-6\n"
            "w_minus[j] -= 1e-6\n"
            "grad[j] = (f(w_plus) - f(w_minus)) / 2e-6"
        ),
        ("numerical_gradient", "differ"),
    ),
    Mistake(  # a step relative to |w_j| (as some libraries do), not exactly the h given
        "numerical_gradient",
        "test_numerical_gradient",
        numerical(
            "step = h * max(1.0, abs(w[j]))\n"
            "w_plus, w_minus = w.copy(), w.copy()\n"
            "w_plus[j] += step\n"
            "w_minus[j] -= step\n"
            "grad[j] = (f(w_plus) - f(w_minus)) / (2 * step)"
        ),
        ("numerical_gradient", "differ"),
    ),
    # Exercise 4: find the colleague's bug
    Mistake(
        "find_bug",
        "test_find_bug",
        FIND_BUG + "wrong_component = int(np.argmax(component_errors)) + 1",
        ("wrong_component", "count"),
    ),
    Mistake(
        "find_bug",
        "test_find_bug",
        FIND_BUG + "wrong_component = int(np.argmin(component_errors))",
        ("wrong_component",),
    ),
    Mistake(
        "find_bug",
        "test_find_bug",
        FIND_BUG + "wrong_component = float(np.argmax(component_errors))",
        ("whole number",),
    ),
    Mistake(  # absolute instead of relative errors
        "find_bug",
        "test_find_bug",
        FIND_BUG.replace(
            "component_errors = np.abs(g_colleague - g_numerical) / "
            "(np.abs(g_colleague) + np.abs(g_numerical))",
            "component_errors = np.abs(g_colleague - g_numerical)",
        )
        + "wrong_component = int(np.argmax(component_errors))",
        ("component_errors",),
    ),
    Mistake(  # one number for the whole gradient, not one per component
        "find_bug",
        "test_find_bug",
        "component_errors = gradcheck.gradient_error(lambda w: losses.log_loss(w, X_three, "
        "y_heart), lambda w: colleague_gradient(w, X_three, y_heart), w_check)\n"
        "wrong_component = 1",
        ("one relative error per weight",),
    ),
    Mistake(  # signed differences: not a relative error
        "find_bug",
        "test_find_bug",
        FIND_BUG.replace("np.abs(g_colleague - g_numerical)", "(g_numerical - g_colleague)")
        + "wrong_component = int(np.argmax(component_errors))",
        ("component_errors", "non-negative"),
    ),
    Mistake(  # right errors, but wrong_component chosen by hand, not from them
        "find_bug",
        "test_find_bug",
        FIND_BUG + "wrong_component = 3",
        ("wrong_component", "largest relative error"),
    ),
    Mistake(  # one answer left at its placeholder
        "find_bug",
        "test_find_bug",
        FIND_BUG + "wrong_component = None",
        ("wrong_component", "None"),
    ),
    Mistake(
        "find_bug",
        "test_find_bug",
        "component_errors = None\nwrong_component = 2",
        ("component_errors", "None"),
    ),
    # Exercise 5: standardize, and scale new patients the same way
    Mistake(
        "standardize",
        "test_standardize",
        STANDARDIZE + "def prob_disease(max_hr_bpm, w):\n"
        "    z = (max_hr_bpm - np.mean(max_hr_bpm)) / np.std(max_hr_bpm)\n"
        "    return losses.sigmoid(w[0] + w[1] * z)\n",
        ("own mean", "hr_mean"),
    ),
    Mistake(
        "standardize",
        "test_standardize",
        STANDARDIZE + "def prob_disease(max_hr_bpm, w):\n"
        "    return losses.sigmoid(w[0] + w[1] * max_hr_bpm)\n",
        ("prob_disease", "standardized"),
    ),
    Mistake(
        "standardize",
        "test_standardize",
        STANDARDIZE.replace("np.std(max_hr)", "np.std(max_hr, ddof=1)") + PROB_DISEASE,
        ("hr_sd", "sample standard deviation", "ddof=1", "population"),
    ),
    Mistake(
        "standardize",
        "test_standardize",
        STANDARDIZE.replace(
            "X_std = losses.add_intercept((max_hr - hr_mean) / hr_sd)",
            "X_std = (max_hr - hr_mean) / hr_sd",
        )
        + PROB_DISEASE,
        ("X_std", "shape"),
    ),
    Mistake(
        "standardize",
        "test_standardize",
        STANDARDIZE.replace(
            "X_std = losses.add_intercept((max_hr - hr_mean) / hr_sd)",
            "X_std = losses.add_intercept(max_hr - hr_mean)",
        )
        + PROB_DISEASE,
        ("X_std",),
    ),
    Mistake(
        "standardize",
        "test_standardize",
        STANDARDIZE.replace(
            "X_std = losses.add_intercept((max_hr - hr_mean) / hr_sd)",
            "X_std = np.column_stack([(max_hr - hr_mean) / hr_sd, np.ones(len(max_hr))])",
        )
        + PROB_DISEASE,
        ("X_std",),
    ),
    Mistake(  # one answer left at its placeholder
        "standardize",
        "test_standardize",
        STANDARDIZE.replace(
            "X_std = losses.add_intercept((max_hr - hr_mean) / hr_sd)", "X_std = None"
        )
        + PROB_DISEASE,
        ("X_std", "None"),
    ),
    Mistake(
        "standardize",
        "test_standardize",
        STANDARDIZE + "def prob_disease(max_hr_bpm, w):\n    raise NotImplementedError()\n",
        ("prob_disease", "not implemented"),
    ),
]

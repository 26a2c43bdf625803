"""Likely wrong answers in 07_formula_to_code, each with the kind its visible test must name.

Most are a right answer with one change (``variant``). The fit and evaluate tests are also
run with a wrong ``loss_and_grad`` in place: they must say to fix that one first.
"""

from ..likely import Mistake, variant

LOSS_AND_GRAD = (
    "def loss_and_grad(w, X, y):\n"
    "    z = X @ w\n"
    "    loss = np.mean(y * np.logaddexp(0.0, -z) + (1 - y) * np.logaddexp(0.0, z))\n"
    "    u = np.exp(-np.abs(z))\n"
    "    p = np.where(z >= 0, 1.0 / (1.0 + u), u / (1.0 + u))\n"
    "    grad = X.T @ (p - y) / len(y)\n"
    "    return float(loss), grad"
)
LOSS = "np.mean(y * np.logaddexp(0.0, -z) + (1 - y) * np.logaddexp(0.0, z))"
STABLE_P = "np.where(z >= 0, 1.0 / (1.0 + u), u / (1.0 + u))"
NAIVE_LOSS = "-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))"
FIT = (
    "def fit_logistic(X, y, eta, n_steps):\n"
    "    w = np.zeros(X.shape[1])\n"
    "    for _ in range(n_steps):\n"
    "        _, grad = loss_and_grad(w, X, y)\n"
    "        w = w - eta * grad\n"
    "    return w"
)
FIT_HISTORY = variant(  # every weight visited, the start included
    variant(
        FIT, "    w = np.zeros(X.shape[1])\n", "    w = np.zeros(X.shape[1])\n    history = [w]\n"
    ),
    "        w = w - eta * grad\n    return w",
    "        w = w - eta * grad\n        history.append(w)\n    return np.array(history)",
)
BOUNDARY = "def boundary(w, z1):\n    return -(w[0] + w[1] * z1) / w[2]"
EVALUATE = (
    "def evaluate(w, X, y):\n"
    "    loss, _ = loss_and_grad(w, X, y)\n"
    "    predicted = (X @ w >= 0).astype(float)\n"
    "    return loss, float(np.mean(predicted == y))"
)
ACCURACY = "float(np.mean(predicted == y))"


def loss_and_grad(old: str, new: str, kind: str) -> Mistake:
    return Mistake("loss_and_grad", "test_loss_and_grad", variant(LOSS_AND_GRAD, old, new), kind)


def naive_loss(new_loss: str, kind: str) -> Mistake:
    """The loss from p, computed after it (the order the formula is read in)."""
    source = variant(LOSS_AND_GRAD, f"    loss = {LOSS}\n", "")
    source = variant(source, "    grad = ", f"    loss = {new_loss}\n    grad = ")
    return Mistake("loss_and_grad", "test_loss_and_grad", source, kind)


def fit(old: str, new: str, kind: str) -> Mistake:
    return Mistake("fit_logistic", "test_fit_logistic", variant(FIT, old, new), kind)


def boundary(new: str, kind: str) -> Mistake:
    return Mistake(
        "boundary", "test_boundary", variant(BOUNDARY, "-(w[0] + w[1] * z1) / w[2]", new), kind
    )


def evaluate(old: str, new: str, kind: str) -> Mistake:
    return Mistake("evaluate", "test_evaluate", variant(EVALUATE, old, new), kind)


def built_on_wrong_loss_and_grad(test: str, old: str, new: str) -> Mistake:
    """A right answer to ``test``'s exercise, with a wrong loss_and_grad above it."""
    return Mistake("loss_and_grad", test, variant(LOSS_AND_GRAD, old, new), "prerequisite")


MISTAKES = [
    # Exercise 1: the loss and its gradient, stably
    loss_and_grad("    z = X @ w\n", "    raise NotImplementedError()\n", "not_implemented"),
    loss_and_grad("np.mean(y *", "np.sum(y *", "sum_for_mean"),  # a sum in the loss only
    loss_and_grad(" / len(y)", "", "sum_for_mean"),  # the 1/n missing in the gradient only
    loss_and_grad("loss = np.mean", "loss = -np.mean", "sign"),
    loss_and_grad("(p - y)", "(y - p)", "sign"),
    loss_and_grad("return float(loss), grad", "return grad, float(loss)", "swapped"),
    loss_and_grad("return float(loss), grad", "return float(loss)", "not_a_pair"),
    loss_and_grad("return float(loss), grad", "return float(loss) + grad", "not_a_pair"),
    naive_loss(NAIVE_LOSS, "not_finite"),  # log 0 where p rounds to 0 or 1
    naive_loss(  # p kept away from 0 and 1: finite, but a confident mistake costs too little
        "-np.mean(y * np.log(np.clip(p, 1e-15, 1 - 1e-15)) "
        "+ (1 - y) * np.log(np.clip(1 - p, 1e-15, 1 - 1e-15)))",
        "clipped",
    ),
    naive_loss("-np.mean(y * np.log(p + 1e-10) + (1 - y) * np.log(1 - p + 1e-10))", "clipped"),
    loss_and_grad(
        LOSS, "np.mean(y * np.log1p(np.exp(-z)) + (1 - y) * np.log1p(np.exp(z)))", "not_finite"
    ),
    loss_and_grad("np.logaddexp(0.0,", "np.logaddexp(1.0,", "logaddexp_one"),
    loss_and_grad(
        LOSS,
        "np.mean((1 - y) * np.logaddexp(0.0, -z) + y * np.logaddexp(0.0, z))",
        "labels_swapped",
    ),
    loss_and_grad("    z = X @ w\n", "    z = X @ w.reshape(-1, 1)\n", "broadcast"),  # z a column
    loss_and_grad("(p - y)", "(p - y.reshape(-1, 1))", "broadcast"),
    loss_and_grad(LOSS, LOSS.replace("np.mean", ""), "scalar_only"),  # float() of n losses
    Mistake(  # one loss per example, returned as they are
        "loss_and_grad",
        "test_loss_and_grad",
        variant(
            variant(LOSS_AND_GRAD, LOSS, LOSS.replace("np.mean", "")),
            "return float(loss), grad",
            "return loss, grad",
        ),
        "shape",
    ),
    loss_and_grad(STABLE_P, "1 / (1 + np.exp(-z))", "warning"),  # the loss is right
    loss_and_grad(  # the same, its warning silenced: the values are right, the overflow hidden
        "    p = " + STABLE_P,
        "    with np.errstate(over='ignore'):\n        p = 1 / (1 + np.exp(-z))",
        "silenced_overflow",
    ),
    loss_and_grad(  # right, but a weighted sum at a time
        "    z = X @ w\n", "    z = np.array([X[i] @ w for i in range(len(y))])\n", "python_loop"
    ),
    loss_and_grad(STABLE_P, "np.exp(z) / (1 + np.exp(z))", "not_finite"),
    loss_and_grad(  # both branches of np.where are computed, the unused one overflows
        STABLE_P, "np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))", "warning"
    ),
    loss_and_grad("(p - y)", "((p - y) * p * (1 - p))", "extra_factor"),
    loss_and_grad("X.T @ (p - y)", "X.T @ (z - y)", "no_sigmoid"),
    loss_and_grad("X.T @ (p - y) / len(y)", "(p - y)[:, None] * X", "per_example"),
    loss_and_grad("len(y)", "len(w)", "divides_by_p"),
    loss_and_grad("X.T @ (p - y)", "X @ (p - y)", "matmul_shapes"),
    loss_and_grad(STABLE_P, "losses.sigmoid(z)", "reference_used"),
    loss_and_grad(LOSS, "losses.log_loss(w, X, y)", "reference_used"),
    Mistake(  # gdkit's sigmoid imported under its own name
        "loss_and_grad",
        "test_loss_and_grad",
        "from gdkit.losses import sigmoid\n\n\n" + variant(LOSS_AND_GRAD, STABLE_P, "sigmoid(z)"),
        "reference_used",
    ),
    # Exercise 2: the fit
    fit("    w = np.zeros", "    raise NotImplementedError()\n    w = np.zeros", "not_implemented"),
    fit("w - eta * grad", "w + eta * grad", "uphill"),
    fit("_, grad = loss_and_grad", "grad, _ = loss_and_grad", "loss_for_grad"),
    fit("range(n_steps)", "range(n_steps + 1)", "off_by_one"),
    fit("range(n_steps)", "range(1, n_steps)", "off_by_one"),
    fit("np.zeros(X.shape[1])", "np.ones(X.shape[1])", "start"),
    fit("w - eta * grad", "w - 2 * eta * grad", "step_size"),
    fit("w - eta * grad", "w - eta / len(y) * grad", "step_size"),  # the 1/n once too often
    fit("w - eta * grad", "w - eta * grad * len(y)", "step_size"),  # a summed gradient
    fit("w - eta * grad", "w - eta / 2 * grad", "step_size"),
    fit("        w = w - eta * grad", "        w_new = w - eta * grad", "never_moves"),
    fit(
        "w = w - eta * grad\n    return w", "w_new = w - eta * grad\n    return w_new", "from_start"
    ),
    fit("eta * grad", "0.5 * grad", "eta_ignored"),  # a learning rate of its own
    Mistake("fit_logistic", "test_fit_logistic", FIT_HISTORY, "history"),
    fit(  # stops once the loss hardly changes: right for a few steps, short of the minimum
        "    for _ in range(n_steps):\n        _, grad = loss_and_grad(w, X, y)\n",
        "    previous = np.inf\n    for _ in range(n_steps):\n"
        "        loss, grad = loss_and_grad(w, X, y)\n"
        "        if previous - loss < 1e-6:\n            break\n        previous = loss\n",
        "far_from_newton",
    ),
    fit(
        "_, grad = loss_and_grad(w, X, y)",
        "grad = losses.log_loss_grad(w, X, y)",
        "reference_used",
    ),
    Mistake(
        "fit_logistic",
        "test_fit_logistic",
        "from gdkit.descent import gradient_descent\n\n\ndef fit_logistic(X, y, eta, n_steps):\n"
        "    return gradient_descent(lambda w: loss_and_grad(w, X, y)[0], "
        "lambda w: loss_and_grad(w, X, y)[1], np.zeros(X.shape[1]), eta, n_steps=n_steps).w",
        "reference_used",
    ),
    built_on_wrong_loss_and_grad("test_fit_logistic", " / len(y)", ""),  # the gradient summed
    # Exercise 3: the decision boundary
    Mistake(
        "boundary",
        "test_boundary",
        variant(BOUNDARY, "    return", "    raise NotImplementedError()\n    return"),
        "not_implemented",
    ),
    boundary("(w[0] + w[1] * z1) / w[2]", "sign"),
    boundary("(0.5 - w[0] - w[1] * z1) / w[2]", "z_half"),  # z = 1/2 for p = 1/2
    boundary("-(w[1] * z1) / w[2]", "no_intercept"),
    boundary("-(w[0] + w[2] * z1) / w[1]", "swapped_weights"),
    boundary("-(w[0] + w[1] * z1)", "not_divided"),
    boundary("(w[0] - w[1] * z1) / w[2]", "intercept_sign"),
    # Exercise 4: evaluate
    evaluate("    loss, _", "    raise NotImplementedError()\n    loss, _", "not_implemented"),
    evaluate("return loss, " + ACCURACY, "return " + ACCURACY + ", loss", "swapped"),
    evaluate("return loss, " + ACCURACY, "return " + ACCURACY, "not_a_pair"),
    evaluate("loss, _ = loss_and_grad(w, X, y)", "loss = loss_and_grad(w, X, y)", "type"),
    evaluate(ACCURACY, "100 * " + ACCURACY, "percent"),
    evaluate(ACCURACY, "float(np.mean(predicted != y))", "error_rate"),
    evaluate(ACCURACY, "int(np.sum(predicted == y))", "count"),
    evaluate(ACCURACY, "predicted == y", "per_example"),
    evaluate("(X @ w >= 0)", "(X @ w >= 0.5)", "threshold_on_z"),
    evaluate("(X @ w >= 0)", "(X @ w > 0)", "strict"),
    evaluate(
        "loss, _ = loss_and_grad(w, X, y)",
        "p = 1 / (1 + np.exp(-(X @ w)))\n    loss = " + NAIVE_LOSS,
        "not_finite",
    ),
    evaluate(
        "loss, _ = loss_and_grad(w, X, y)",
        "loss = np.mean((losses.sigmoid(X @ w) - y) ** 2)",
        "squared_error",
    ),
    evaluate(
        "loss, _ = loss_and_grad(w, X, y)",
        "loss = len(y) * loss_and_grad(w, X, y)[0]",
        "sum_for_mean",
    ),
    evaluate(  # gdkit's loss where the exercise asks for the student's own
        "loss, _ = loss_and_grad(w, X, y)", "loss = losses.log_loss(w, X, y)", "reference_used"
    ),
    evaluate(  # the prediction from a plain sigmoid, its overflow warning silenced
        "    predicted = (X @ w >= 0)",
        "    with np.errstate(over='ignore'):\n        p = 1 / (1 + np.exp(-(X @ w)))\n"
        "    predicted = (p >= 0.5)",
        "silenced_overflow",
    ),
    built_on_wrong_loss_and_grad("test_evaluate", "np.mean(y *", "np.sum(y *"),  # a summed loss
]

"""Likely wrong answers in 08_local_minima, each written as one change to a right answer.

Every mistake is caught by the visible test. The random exercises are graded on seeded
generators: a generator of one's own, np.random, other draws, or the right draws used in
the wrong order are named as such.
"""

from ..likely import Mistake, variant

HESSIAN = """def log_loss_hessian(w, X, y):
    p = losses.sigmoid(X @ w)
    d = p * (1 - p)
    return X.T @ (d[:, None] * X) / len(y)"""

WELL_GRAD = "def well_grad(w):\n    return 4 * w * (w**2 - 1) + 0.5"

RESTARTS = """def random_restarts(loss, grad, eta, low, high, n_starts, rng, n_steps=100):
    starts = rng.uniform(low, high, size=n_starts)
    runs = [gradient_descent(loss, grad, start, eta, n_steps=n_steps) for start in starts]
    return min(runs, key=lambda run: run.loss[-1])"""

PERTURBED = """def perturbed_descent(grad, w0, eta, n_steps, noise, rng, decay=1.0):
    w, path = w0, [w0]
    for k in range(n_steps):
        kick = noise * decay**k * rng.normal()
        w = w - eta * (grad(w) + kick)
        path.append(w)
    return np.array(path)"""

SWAP = "def swap_hidden(w):\n    return w[[3, 4, 5, 0, 1, 2, 6]]"


def _d2(answer: str, kind: str) -> Mistake:
    return Mistake("d2L_dw2", "test_d2L_dw2", f'd2L_dw2 = "{answer}"', kind)


def _hessian(old: str, new: str, kind: str) -> Mistake:
    return Mistake("log_loss_hessian", "test_log_loss_hessian", variant(HESSIAN, old, new), kind)


def _well(wrong: str, kind: str) -> Mistake:
    source = variant(WELL_GRAD, "4 * w * (w**2 - 1) + 0.5", wrong)
    return Mistake("well_grad", "test_well_grad", source, kind)


def _restarts(old: str, new: str, kind: str) -> Mistake:
    return Mistake("random_restarts", "test_random_restarts", variant(RESTARTS, old, new), kind)


def _perturbed(old: str, new: str, kind: str) -> Mistake:
    return Mistake(
        "perturbed_descent", "test_perturbed_descent", variant(PERTURBED, old, new), kind
    )


def _swap(wrong: str, kind: str) -> Mistake:
    source = variant(SWAP, "w[[3, 4, 5, 0, 1, 2, 6]]", wrong)
    return Mistake("swap_hidden", "test_swap_hidden", source, kind)


MISTAKES = [
    # Exercise 1: the second derivative of one example's log-loss
    _d2("x*(p - y)", "first_derivative"),  # the gradient again
    _d2("x**2*p", "d_is_p"),  # the sigmoid's derivative taken as p
    _d2("x**2*(1 - p)", "d_is_1_minus_p"),
    _d2("-x**2*p*(1 - p)", "sign"),
    _d2("x*p*(1 - p)", "missing_factor"),  # the inner derivative x once only
    _d2("p*(1 - p)", "missing_factor"),
    _d2("x**2*sigma*(1 - p)", "unknown_symbol"),
    Mistake("d2L_dw2", "test_d2L_dw2", "d2L_dw2 = None", "none"),
    _d2("x**2*p*(1-p)+1e-9", "not_equivalent"),  # was told the derivative depends on y
    _d2("1.0", "not_equivalent"),
    # Exercise 2: the Hessian X.T D X / n
    _hessian(" / len(y)", "", "sum_for_mean"),
    _hessian("d = p * (1 - p)", "d = p", "d_is_p"),
    _hessian("d = p * (1 - p)", "d = p - y", "d_is_residual"),
    _hessian("X.T @ (d[:, None] * X)", "(d[:, None] * X) @ X.T", "x_d_xt"),
    _hessian("X.T @ (d[:, None] * X)", "X @ np.diag(d) @ X.T", "matmul_shapes"),
    _hessian("X.T @ (d[:, None] * X)", "X.T @ X", "no_d"),
    _hessian("return X.T", "return -X.T", "sign"),
    _hessian(  # the right numbers in a list
        "return X.T @ (d[:, None] * X) / len(y)",
        "return (X.T @ (d[:, None] * X) / len(y)).tolist()",
        "not_an_array",
    ),
    _hessian("return X.T @ (d[:, None] * X) / len(y)", "return d", "shape"),
    # Exercise 3: the gradient of the tilted well
    _well("2 * (w**2 - 1) + 0.5", "no_inner_derivative"),
    _well("2 * w * (w**2 - 1) + 0.5", "missing_2"),
    _well("(w**2 - 1) * 2 * w + 0.5", "missing_2"),  # the power rule's 2 left out
    _well("4 * w**3 + 0.5", "lost_minus_one"),
    _well("4 * w * (w**2 - 1) - 0.5", "tilt_sign"),
    _well("2 * (4 * w * (w**2 - 1) + 0.5)", "factor_2"),
    _well("4 * w * (w**2 - 1)", "no_tilt"),
    _well("4 * w * (w**2 - 1) + 0.5 * w", "tilt_not_differentiated"),
    _well("-4 * w * (w**2 - 1) - 0.5", "sign"),
    _well("tilted_well_grad(w)", "reference_used"),
    # Exercise 4: random restarts
    _restarts("return min(runs, key=lambda run: run.loss[-1])", "return runs[-1]", "last_not_best"),
    _restarts("return min(runs, key=lambda run: run.loss[-1])", "return runs[0]", "first_not_best"),
    _restarts("min(runs,", "max(runs,", "not_best"),
    _restarts(
        "return min(runs, key=lambda run: run.loss[-1])",
        "return min(runs, key=lambda run: run.loss[-1]).w",
        "type",
    ),
    _restarts(
        "rng.uniform(low, high, size=n_starts)",
        "np.random.default_rng(0).uniform(low, high, size=n_starts)",
        "rng_ignored",
    ),  # a fixed seed inside
    _restarts(
        "rng.uniform(low, high, size=n_starts)",
        "np.random.uniform(low, high, size=n_starts)",
        "not_reproducible",
    ),
    _restarts("rng.uniform(low, high, size=n_starts)", "rng.normal(size=n_starts)", "wrong_draws"),
    _restarts("rng.uniform(low, high, size=n_starts)", "rng.uniform(size=n_starts)", "wrong_draws"),
    _restarts(
        "rng.uniform(low, high, size=n_starts)",
        "rng.uniform(high, 2 * high, size=n_starts)",
        "out_of_range",
    ),
    _restarts("n_steps=n_steps", "n_steps=10", "wrong_run"),
    _restarts("run.loss[-1]", "run.loss[0]", "by_first_loss"),
    _restarts("run.loss[-1]", "run.w", "smallest_w"),
    _restarts("for start in starts", "for start in starts[: n_starts - 1]", "one_start_short"),
    _restarts("for start in starts]", "for start in starts[1:]]", "skips_a_start"),
    _restarts("size=n_starts", "size=(n_starts, 1)", "start_shape"),  # a column of starts
    _restarts("size=n_starts", "size=max(n_starts, 2)", "extra_draws"),
    _restarts(
        "runs = [gradient_descent(loss, grad, start, eta, n_steps=n_steps) for start in starts]",
        "runs = [\n        gradient_descent(loss, grad, starts[i], eta, n_steps=n_steps)\n"
        "        for i in range(n_starts - 1)\n    ]",
        "one_start_short",
    ),
    _restarts(", n_steps=n_steps)", ")", "n_steps_ignored"),
    _restarts("descent(loss, grad,", "descent(tilted_well, tilted_well_grad,", "hard_coded_loss"),
    _restarts("size=n_starts", "size=n_starts + 1", "extra_draws"),
    _restarts("size=n_starts", "size=n_steps", "extra_draws"),
    _restarts("    starts =", "    rng.random()\n    starts =", "extra_draws"),
    _restarts("    return", "    rng.random()\n    return", "extra_draws"),
    _restarts("return min(", "min(", "none"),
    _restarts("eta, n_steps", "0.1, n_steps", "wrong_run"),
    # Exercise 5: perturbed descent
    _perturbed(
        "w = w - eta * (grad(w) + kick)", "w = w - eta * grad(w) - kick", "noise_not_scaled"
    ),
    _perturbed(
        "w = w - eta * (grad(w) + kick)",
        "w = w - eta * kick\n        w = w - eta * grad(w)",
        "noise_first",
    ),
    _perturbed("noise * decay**k", "noise", "no_decay"),
    _perturbed("decay**k", "decay ** (k + 1)", "decay_early"),
    _perturbed("decay**k", "decay * k", "decay_times"),
    _perturbed(  # no draw where there is no noise: the generator is left elsewhere
        "noise * decay**k * rng.normal()",
        "noise * decay**k * rng.normal() if noise else 0.0",
        "rng_calls",
    ),
    _perturbed(  # the right path, but one draw more: the next kick drawn at the end of a step
        "        path.append(w)\n",
        "        path.append(w)\n    rng.normal()\n",
        "rng_calls",
    ),
    _perturbed(  # a draw left over from trying things out
        "        kick = noise", "        rng.normal()\n        kick = noise", "two_draws"
    ),
    _perturbed("(grad(w) + kick)", "(grad(w) - kick)", "noise_sign"),
    _perturbed("grad(w)", "tilted_well_grad(w)", "hard_coded_grad"),
    _perturbed("return np.array(path)", "np.array(path)", "none"),  # was told it ignores rng
    _perturbed("rng.normal()", "np.random.default_rng(0).normal()", "rng_ignored"),  # same kick
    _perturbed(
        "rng.normal()", "np.random.default_rng(k).normal()", "rng_ignored"
    ),  # a seed per step
    _perturbed("rng.normal()", "np.random.normal()", "not_reproducible"),
    _perturbed("return np.array(path)", "return w", "shape"),  # only the end
    _perturbed("return np.array(path)", "return path", "not_an_array"),  # a list, as in 10
    _perturbed("w, path = w0, [w0]", "w, path = w0, []", "shape"),  # the start left out
    _perturbed("range(n_steps)", "range(1, n_steps)", "shape"),
    _perturbed(
        "    for k in range(n_steps):\n        kick = noise * decay**k * rng.normal()",
        "    xi = rng.normal()\n    for k in range(n_steps):\n        kick = noise * decay**k * xi",
        "one_draw",
    ),
    # Exercise 6: swapping the hidden units
    _swap("w", "unchanged"),
    _swap("w[[3, 4, 2, 0, 1, 5, 6]]", "inputs_only"),
    _swap("w[[0, 1, 5, 3, 4, 2, 6]]", "outputs_only"),
    _swap("w[::-1]", "reversed"),
    _swap("w[[3, 4, 5, 0, 1, 2]]", "shape"),  # the output bias c dropped
    _swap("np.concatenate([w[3:], w[:3]])", "value"),  # c moved into unit 1's place
    Mistake(
        "swap_hidden",
        "test_swap_hidden",
        "def swap_hidden(w):\n    w[:3], w[3:6] = w[3:6].copy(), w[:3].copy()\n    return w",
        "in_place",
    ),
]

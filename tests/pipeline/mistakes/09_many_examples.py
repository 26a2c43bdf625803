"""Likely wrong answers in 09_many_examples, each with the kind its visible test must name.

Most are a right answer with one change (``variant``). The mini-batch test also runs with a
wrong ``epoch_batches`` in place: it must say to fix that one first.
"""

from ..likely import Mistake, variant

BATCHES = (
    "def epoch_batches(n, batch_size, rng):\n"
    "    order = rng.permutation(n)\n"
    "    return [order[start : start + batch_size] for start in range(0, n, batch_size)]"
)
SGD = (
    "def minibatch_sgd(grad, w0, eta0, X, y, batch_size, n_epochs, decay, rng):\n"
    "    w = w0\n"
    "    path = [w]\n"
    "    for epoch in range(n_epochs):\n"
    "        eta = eta0 / (1 + decay * epoch)\n"
    "        for batch in epoch_batches(len(y), batch_size, rng):\n"
    "            w = w - eta * grad(w, X[batch], y[batch])\n"
    "        path.append(w)\n"
    "    return np.array(path)"
)
STEP = "            w = w - eta * grad(w, X[batch], y[batch])\n"
LOOP = "        for batch in epoch_batches(len(y), batch_size, rng):\n"
CUT = "    return [order[start : start + batch_size] for start in range(0, n, batch_size)]"
# shuffling X and y themselves, then taking slices: the other common way to write it
SLICED = variant(
    variant(SGD, "        for batch in epoch_batches(len(y), batch_size, rng):\n", (
        "        order = rng.permutation(len(y))\n"
        "        X_s, y_s = X[order], y[order]\n"
        "        for start in range(0, len(y), batch_size):\n"
    )),
    STEP,
    "            w = w - eta * grad(w, X_s[start : start + batch_size], "
    "y_s[start : start + batch_size])\n",
)  # fmt: skip


def batches(old: str, new: str, kind: str) -> Mistake:
    return Mistake("epoch_batches", "test_epoch_batches", variant(BATCHES, old, new), kind)


def sgd(old: str, new: str, kind: str, source: str = SGD) -> Mistake:
    return Mistake("minibatch_sgd", "test_minibatch_sgd", variant(source, old, new), kind)


MISTAKES = [
    # Exercise 1: the batches of an epoch
    batches("    order =", "    raise NotImplementedError()\n    order =", "not_implemented"),
    batches("rng.permutation(n)", "np.arange(n)", "no_shuffle"),
    batches(  # a new order for each batch
        "    order = rng.permutation(n)\n    return [order[start",
        "    return [rng.permutation(n)[start",
        "order_per_batch",
    ),
    batches("start : start + batch_size]", "start : start + batch_size + 1]", "slice_too_long"),
    batches("range(0, n, batch_size)", "range(0, n - n % batch_size, batch_size)", "drop_last"),
    batches("range(0, n, batch_size)", "range(0, n - batch_size + 1, batch_size)", "drop_last"),
    batches("rng.permutation(n)", "rng.integers(0, n, n)", "with_replacement"),
    batches("rng.permutation(n)", "rng.choice(n, n)", "with_replacement"),
    batches("rng.permutation(n)", "rng.choice(n, n, replace=False)", "rng_calls"),
    batches("rng.permutation(n)", "np.random.permutation(n)", "not_reproducible"),
    batches("rng.permutation(n)", "np.random.default_rng(0).permutation(n)", "rng_ignored"),
    batches("return [order", "return order\n    [order", "not_split"),
    batches("order[start : start + batch_size]", "order[start : batch_size]", "indices"),
    batches(  # equal-ish pieces instead of batch_size each
        "[order[start : start + batch_size] for start in range(0, n, batch_size)]",
        "np.array_split(order, -(-n // batch_size))",
        "batch_sizes",
    ),
    batches(  # the batch cut from the end of the order
        "order[start : start + batch_size]",
        "order[::-1][start : start + batch_size]",
        "order",
    ),
    batches(  # sorted within each batch: the right examples, another order
        "order[start : start + batch_size]",
        "np.sort(order[start : start + batch_size])",
        "order",
    ),
    batches(
        "    order = rng.permutation(n)\n",
        "    order = rng.permutation(n)\n    rng.random()\n",
        "rng_calls",
    ),
    batches(
        "    order = rng.permutation(n)\n",
        "    order = rng.permutation(n)\n    rng.shuffle(order)\n",
        "rng_calls",
    ),
    batches(
        "(n, batch_size, rng):", "(n, batch_size, generator):", "not_reproducible"
    ),  # the notebook's rng
    batches(  # n // batch_size + 1 batches: an empty one when batch_size divides n
        "[order[start : start + batch_size] for start in range(0, n, batch_size)]",
        "[order[i * batch_size : (i + 1) * batch_size] for i in range(n // batch_size + 1)]",
        "empty_batch",
    ),
    batches(  # the last batch filled up from the start of the order
        "order[start : start + batch_size]",
        'np.take(order, range(start, start + batch_size), mode="wrap")',
        "wrapped",
    ),
    batches(
        CUT,
        "    for start in range(0, n, batch_size):\n        yield order[start : start + batch_size]",
        "type",
    ),
    batches(  # start never moves: the list grows until the memory is full
        CUT,
        "    batches, start = [], 0\n    while start < n:\n        batches.append(order[start : start + batch_size])\n    return batches",
        "endless",
    ),
    batches(
        "    order = rng.permutation(n)\n",
        "    from gdkit.stochastic import epoch_batches as e\n    order = np.concatenate(e(n, batch_size, rng))\n",
        "reference_used",
    ),  # fmt: skip
    # Exercise 2: mini-batch descent
    sgd("return np.array(path)", "return path", "not_an_array"),  # a list, as in 08 and 10
    sgd("    w = w0\n", "    raise NotImplementedError()\n", "not_implemented"),
    sgd("    return np.array(path)", "    return w", "final_only"),
    sgd("    path = [w]", "    path = []", "no_start"),
    sgd(STEP + "        path.append(w)\n", STEP + "            path.append(w)\n", "per_step"),
    sgd(  # w changed in place: every row the same array (and w0 changed too)
        "    w = w0\n",
        "    w = w0.copy()\n",
        "aliased",
        variant(SGD, STEP, "            w -= eta * grad(w, X[batch], y[batch])\n"),
    ),  # fmt: skip
    sgd(  # the same, with the start copied
        "    w = w0\n    path = [w]\n",
        "    w = w0.copy()\n    path = [w0.copy()]\n",
        "aliased",
        variant(SGD, STEP, "            w -= eta * grad(w, X[batch], y[batch])\n"),
    ),
    sgd(STEP, "            w -= eta * grad(w, X[batch], y[batch])\n", "in_place"),
    sgd(  # the batches drawn once, before the loop over epochs
        "    for epoch in range(n_epochs):\n",
        "    batches = epoch_batches(len(y), batch_size, rng)\n    for epoch in range(n_epochs):\n",
        "shuffle_once",
        variant(SGD, "in epoch_batches(len(y), batch_size, rng):", "in batches:"),
    ),
    sgd("order = rng.permutation(len(y))", "order = np.arange(len(y))", "no_shuffle", SLICED),
    sgd("X_s, y_s = X[order], y[order]", "X_s, y_s = X[order], y", "x_without_y", SLICED),
    sgd(
        "order = rng.permutation(len(y))\n        X_s, y_s = X[order], y[order]",
        "X_s, y_s = X[rng.permutation(len(y))], y[rng.permutation(len(y))]",
        "x_without_y",
        SLICED,
    ),
    sgd(
        "range(0, len(y), batch_size)",
        "range(0, len(y) - batch_size + 1, batch_size)",
        "drop_last",
        SLICED,
    ),  # fmt: skip
    sgd("w - eta * grad(", "w - eta * len(batch) * grad(", "sum_for_mean"),
    sgd("y[batch])\n", "y[batch]) / len(batch)\n", "mean_twice"),
    sgd("w = w - eta * grad", "w = w + eta * grad", "sign"),
    sgd("eta * grad(", "eta * losses.log_loss_grad(", "grad_ignored"),  # only right for one loss
    sgd("epoch_batches(len(y),", "epoch_batches(X.shape[1],", "wrong_n"),
    sgd(
        "epoch_batches(len(y), batch_size, rng)",
        "epoch_batches(batch_size, len(y), rng)",
        "wrong_n",
    ),
    sgd("decay, rng):", "decay, generator):", "not_reproducible"),  # the notebook's rng
    sgd(  # the step outside the loop over batches: only the last batch's counts
        LOOP + STEP, LOOP + "            pass\n" + STEP.removeprefix("    "), "stale_weights"
    ),
    sgd("rng):\n            w", "rng)[:1]:\n            w", "one_step_per_epoch"),
    sgd(  # the rate of the epoch before divided again
        "eta = eta0 / (1 + decay * epoch)",
        "eta = eta / (1 + decay * epoch)",
        "compounded",
        variant(SGD, "    path = [w]\n", "    path = [w]\n    eta = eta0\n"),
    ),
    sgd("eta0 / (1 + decay * epoch)", "eta0 / (1 + decay) ** epoch", "compounded"),
    sgd("eta0 / (1 + decay * epoch)", "eta0 * (1 - decay) ** epoch", "compounded"),
    sgd(
        "grad(w, X[batch]",
        "grad(w_start, X[batch]",
        "stale_gradient",
        variant(SGD, LOOP, "        w_start = w\n" + LOOP),
    ),
    sgd(  # each step with the gradient computed after the step before
        STEP,
        "            w = w - eta * g\n            g = grad(w, X[batch], y[batch])\n",
        "stale_gradient",
        variant(SGD, "    path = [w]\n", "    path = [w]\n    g = np.zeros_like(w0)\n"),
    ),
    sgd(
        "    for epoch in range(n_epochs):\n",
        "    epoch = 0\n    while epoch < n_epochs:\n",
        "endless",
    ),
    sgd("eta = eta0 / (1 + decay * epoch)", "eta = eta0", "not_decayed"),
    sgd("(1 + decay * epoch)", "(1 + decay * (epoch + 1))", "decay_from_one"),
    sgd(  # a step counter in the decay
        "    path = [w]\n",
        "    path = [w]\n    step = 0\n",
        "decay_per_step",
        variant(
            variant(
                SGD,
                "            w = w - eta * grad",
                "            w = w - eta0 / (1 + decay * step) * grad",
            ),  # fmt: skip
            "[batch])\n        path",
            "[batch])\n            step += 1\n        path",
        ),
    ),
    sgd("grad(w, X[batch]", "grad(w0, X[batch]", "grad_at_w0"),
    sgd("grad(w, X[batch], y[batch])", "grad(w, X, y)", "whole_data"),
    sgd(  # the new weights never fed back: only the epoch's last step counts
        STEP,
        "            w_new = w - eta * grad(w, X[batch], y[batch])\n        w = w_new\n",
        "stale_weights",
    ),
    sgd(
        "epoch_batches(len(y), batch_size, rng)",
        "epoch_batches(len(y), batch_size, np.random.default_rng(0))",
        "rng_ignored",
    ),
    sgd(
        "epoch_batches(len(y), batch_size, rng)",
        "epoch_batches(len(y), batch_size, np.random.default_rng())",
        "not_reproducible",
    ),  # fmt: skip
    sgd(  # an extra draw per epoch (a shuffled copy it never uses)
        "        eta = eta0", "        rng.shuffle(X.copy())\n        eta = eta0", "rng_calls"
    ),
    Mistake(  # a right minibatch_sgd, Exercise 1 not done yet
        "epoch_batches",
        "test_minibatch_sgd",
        variant(BATCHES, "    order =", "    raise NotImplementedError()\n    order ="),
        "prerequisite",
    ),
    Mistake(  # a right minibatch_sgd on batches that draw once more from rng
        "epoch_batches",
        "test_minibatch_sgd",
        variant(
            BATCHES,
            "    order = rng.permutation(n)\n",
            "    order = rng.permutation(n)\n    rng.random()\n",
        ),
        "prerequisite",
    ),
    Mistake(  # a right minibatch_sgd on batches that are not shuffled
        "epoch_batches",
        "test_minibatch_sgd",
        variant(BATCHES, "rng.permutation(n)", "np.arange(n)"),
        "prerequisite",
    ),
    sgd(
        "    w = w0\n",
        "    from gdkit import stochastic\n"
        "    return stochastic.minibatch_sgd(lambda w, X, y: 0.0, grad, w0, eta0, X, y, "
        "batch_size=batch_size, n_epochs=n_epochs, rng=rng, decay=decay).weights\n    w = w0\n",
        "reference_used",
    ),
]

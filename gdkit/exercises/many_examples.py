"""Checks of assignment 09, many examples: the batches of an epoch and mini-batch descent.

``epoch_batches(n, batch_size, rng)`` and ``minibatch_sgd(grad, w0, eta0, X, y,
batch_size, n_epochs, decay, rng)`` are compared with :mod:`gdkit.stochastic` run on an
identically seeded generator: each case ends with a seed, and both get
``np.random.default_rng(seed)``. The exercise says which draws to make (one
``rng.permutation(n)`` per epoch, nothing else), so a right answer gives the reference's
numbers to rounding. A wrong one is named: by a declared :class:`~gdkit.checks.Slip` (no
shuffle, shuffling once, X shuffled without y, the last batch dropped, a sum for the mean,
the learning rate not decayed or decayed per step ...), by how the batches break the
rules of an epoch (an example twice, or left out), or by how the function uses its
generator (not at all, another source of randomness, other draws). No message shows an
expected value.

>>> check_epoch_batches(lambda n, batch_size, rng: [np.arange(n)], [(5, 2, 0)])
Traceback (most recent call last):
...
gdkit.checks.CheckFailure: `epoch_batches` returns one batch of 5 examples; ...
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from gdkit import stochastic
from gdkit.checks import CheckFailure, Slip, call, check_function, is_value_kind, quiet
from gdkit.descent import gradient_descent

__all__ = ["check_epoch_batches", "check_minibatch_sgd", "sgd_variant"]

Case = Sequence[Any]

#: The seed a check adds to a case to see whether the function reads its generator at all.
_OTHER_SEED = 90_210


def _seeded(case: Case) -> tuple[Any, ...]:
    """The case with its last entry, a seed, replaced by a generator made from it."""
    *args, seed = case
    return (*args, np.random.default_rng(seed))


def _reseeded(args: tuple[Any, ...], seed: int) -> tuple[Any, ...]:
    return (*args[:-1], np.random.default_rng(seed))


def _same(a: Any, b: Any) -> bool:
    try:
        with quiet():
            a_arr, b_arr = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
            return a_arr.shape == b_arr.shape and bool(np.allclose(a_arr, b_arr, rtol=1e-9))
    except (TypeError, ValueError):  # ragged lists of batches
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))


def _rng_problem(
    student_fn: Any,
    reference_fn: Callable[..., Any],
    args: tuple[Any, ...],
    *,
    name: str,
    forbid: Sequence[Callable[..., Any]],
) -> CheckFailure | None:
    """How ``student_fn`` uses the generator it gets (the last argument), if that is wrong.

    Run twice on twin generators, once on another seed, and the generator's state compared
    with the reference's afterwards. None if it draws from its generator as the reference
    does, or cannot be run (the caller's failure says why).
    """
    try:
        first, twin, other = (copy.deepcopy(args) for _ in range(3))
        other = _reseeded(other, _OTHER_SEED)
        got = [call(student_fn, a, name=name, forbid=forbid)[0] for a in (first, twin, other)]
        with quiet():
            reference_args, reference_other = copy.deepcopy(args), copy.deepcopy(other)
            same_for_the_reference = _same(
                reference_fn(*reference_args), reference_fn(*reference_other)
            )
    except CheckFailure:
        return None
    if not _same(got[0], got[1]):
        return CheckFailure(
            "not_reproducible",
            f"`{name}` gives different results for two generators made from the same seed: it "
            "draws random numbers from somewhere else too (np.random's own functions, such as "
            "np.random.permutation, or a generator made inside the function). Draw only from "
            "the `rng` it is given.",
        )
    if _same(got[0], got[2]) and not same_for_the_reference:
        return CheckFailure(
            "rng_ignored",
            f"`{name}` gives the same result whatever generator it is given: does it make its "
            "own (np.random.default_rng(0) inside the function) or not shuffle at all? Use the "
            "`rng` argument: the caller's seed decides the order.",
        )
    if first[-1].bit_generator.state != reference_args[-1].bit_generator.state:
        return CheckFailure(
            "rng_calls",
            f"`{name}` draws from `rng` in another way than the exercise asks, so its order "
            "differs from the test's: make exactly one call rng.permutation(n) per epoch, "
            "and no other draw (not rng.shuffle of the data, rng.choice or rng.integers).",
        )
    return None


# ---------------------------------------------------------------------------- Exercise 1

_OWN_BATCHES = [stochastic.epoch_batches]


def _batches_form(got: Any, n: int, where: str) -> list[np.ndarray]:
    """The student's batches as integer arrays, or a failure that says what the form lacks."""
    if got is None:
        raise CheckFailure(
            "none", f"`epoch_batches` returned None: did you forget to `return` it? ({where})"
        )
    if isinstance(got, np.ndarray) and got.ndim == 1 and len(got) == n:
        raise CheckFailure(
            "not_split",
            "`epoch_batches` returns all the indices in one array: cut that order into "
            f"batches and return them in a list, [first batch, second batch, ...]. ({where})",
        )
    if not isinstance(got, list | tuple):
        raise CheckFailure(
            "type",
            f"`epoch_batches` must return a list of index arrays (one per batch), not a "
            f"{type(got).__name__}: the last batch may be shorter, so they cannot form one "
            f"2-D array. ({where})",
        )
    batches = []
    for batch in got:
        arr = np.asarray(batch)
        if arr.ndim != 1 or arr.dtype.kind not in "iu":
            raise CheckFailure(
                "type",
                "`epoch_batches` must return whole-number index arrays, one flat array per "
                f"batch (such as a slice of rng.permutation(n)). ({where})",
            )
        batches.append(arr)
    return batches


def _batches_problem(batches: list[np.ndarray], n: int, batch_size: int, where: str) -> None:
    """Fail unless the batches use every example once, in batches of ``batch_size`` and a rest."""
    used = np.concatenate(batches) if batches else np.array([], dtype=int)
    counts = np.bincount(used[(used >= 0) & (used < n)], minlength=n)
    rest = n % batch_size
    if len(used) == n - rest and rest and np.all(np.diff([len(b) for b in batches]) == 0):
        raise CheckFailure(
            "drop_last",
            "`epoch_batches` leaves out the last, smaller batch: when batch_size does not "
            "divide n, the examples that are left make one more, shorter batch (every example "
            f"is used once per epoch). ({where})",
        )
    if np.any(counts > 1):
        raise CheckFailure(
            "with_replacement",
            "`epoch_batches` uses some examples more than once in an epoch (and so leaves "
            "others out): draw a permutation, rng.permutation(n), not random indices with "
            f"replacement (rng.integers, rng.choice). ({where})",
        )
    if len(used) != n or np.any(counts != 1):
        raise CheckFailure(
            "indices",
            "`epoch_batches` must hold every index 0, 1, ..., n - 1 exactly once over its "
            f"batches. ({where})",
        )
    sizes = [len(b) for b in batches]
    if any(size != batch_size for size in sizes[:-1]) or sizes[-1] > batch_size:
        raise CheckFailure(
            "batch_sizes",
            f"`epoch_batches` returns batches of sizes {sizes}: each batch holds batch_size "
            f"examples, only the last may hold fewer. ({where})",
        )


def check_epoch_batches(epoch_batches: Any, cases: Sequence[Case]) -> None:
    """Check ``epoch_batches(n, batch_size, rng)`` on cases ``(n, batch_size, seed)``.

    The reference is :func:`gdkit.stochastic.epoch_batches` on ``default_rng(seed)``: one
    ``rng.permutation(n)``, cut in order into batches of ``batch_size``, the last one
    shorter. Named: one array not cut into batches, not a list of index arrays, the last
    batch dropped, examples drawn with replacement, wrong batch sizes, no shuffle, the
    generator ignored, other randomness, other draws from ``rng``, another order.
    gdkit's own ``epoch_batches`` is forbidden.

    >>> def in_order(n, batch_size, rng):
    ...     return [np.arange(n)[i : i + batch_size] for i in range(0, n, batch_size)]
    >>> check_epoch_batches(in_order, [(7, 3, 1)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `epoch_batches` takes the examples in their stored order: ...
    """
    __tracebackhide__ = True
    if epoch_batches is stochastic.epoch_batches:
        raise CheckFailure(
            "reference_used",
            "`epoch_batches` is gdkit's own `stochastic.epoch_batches`, but this exercise asks "
            "for your own code. Write the function yourself.",
        )
    for number, case in enumerate(cases, start=1):
        n, batch_size, _ = case
        args = _seeded(case)
        where = f"case {number} of {len(cases)}: n={n}, batch_size={batch_size}"
        got, _ = call(
            epoch_batches,
            copy.deepcopy(args),
            name="epoch_batches",
            where=where,
            forbid=_OWN_BATCHES,
        )
        batches = _batches_form(got, n, where)
        if len(batches) == 1 and n > batch_size:
            raise CheckFailure(
                "batch_sizes",
                f"`epoch_batches` returns one batch of {n} examples; cut the order into batches "
                f"of batch_size examples. ({where})",
            )
        _batches_problem(batches, n, batch_size, where)
        expected = stochastic.epoch_batches(*copy.deepcopy(args))
        if _same(batches, expected):
            continue
        if np.array_equal(np.concatenate(batches), np.arange(n)):
            raise CheckFailure(
                "no_shuffle",
                "`epoch_batches` takes the examples in their stored order: shuffle them first, "
                f"with one call rng.permutation(n), then cut that order. ({where})",
            )
        raise _rng_problem(
            epoch_batches, stochastic.epoch_batches, args, name="epoch_batches", forbid=_OWN_BATCHES
        ) or CheckFailure(
            "order",
            "`epoch_batches` holds every example once, but not in the order of "
            "rng.permutation(n) cut from its start: the first batch is its first batch_size "
            f"entries, the next batch the next ones, and so on. ({where})",
        )


# ---------------------------------------------------------------------------- Exercise 2


def sgd_variant(
    grad: Callable[..., Any],
    w0: Any,
    eta0: float,
    X: Any,
    y: Any,
    batch_size: int,
    n_epochs: int,
    decay: float,
    rng: np.random.Generator,
    *,
    shuffle: str = "each",
    y_order: str = "with_X",
    keep_last: bool = True,
    per_example_sum: bool = False,
    schedule: str = "epoch",
    grad_at: str = "w",
    chained: bool = True,
    record: str = "epoch",
) -> np.ndarray:
    """Mini-batch descent, right by default, or with one of the slips students make.

    ``shuffle``: "each" epoch, "once" before the first, "never". ``y_order``: "with_X",
    "stored" (y never shuffled), "own" (a permutation of its own, drawn after X's).
    ``schedule``: eta0 / (1 + decay * k) with k the "epoch", the "step" or the epoch
    counted "from_one"; "none" keeps eta0. ``grad_at``: "w", "w0" (the start) or "all"
    (all the data, not the batch). ``chained=False``: each step starts from the epoch's
    first weights. ``record``: "epoch" (start and each epoch), "final", "no_start",
    "steps" (every step) or "aliased" (one array changed in place: every row the last).

    >>> from gdkit.losses import log_loss_grad
    >>> X, y = np.array([[1.0, 0.5], [1.0, -1.0], [1.0, 2.0]]), np.array([1.0, 0.0, 1.0])
    >>> sgd_variant(log_loss_grad, np.zeros(2), 0.5, X, y, 2, 3, 0.1, np.random.default_rng(0)).shape
    (4, 2)
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n, w, step = len(y), np.asarray(w0, dtype=float), 0
    start, path, steps = w, [w], [w]
    fixed = rng.permutation(n) if shuffle == "once" else None
    for epoch in range(n_epochs):
        if shuffle == "each":
            order = rng.permutation(n)
        else:
            order = np.arange(n) if fixed is None else fixed
        if y_order == "with_X":
            y_shuffled = y[order]
        else:  # y in its stored order, or in an order of its own
            y_shuffled = y[rng.permutation(n)] if y_order == "own" else y
        ends = range(0, n - n % batch_size if not keep_last else n, batch_size)
        epoch_start = w
        for first in ends:
            rows = order[first : first + batch_size]
            Xb, yb = X[rows], y_shuffled[first : first + batch_size]
            k = {"epoch": epoch, "step": step, "from_one": epoch + 1, "none": 0}[schedule]
            at = {"w": w if chained else epoch_start, "w0": start, "all": w}[grad_at]
            g = grad(at, X, y) if grad_at == "all" else grad(at, Xb, yb)
            size = len(rows) if per_example_sum else 1
            w = (w if chained else epoch_start) - eta0 / (1 + decay * k) * size * g
            step += 1
            steps.append(w)
        path.append(w)
    records = {"epoch": path, "no_start": path[1:], "steps": steps, "aliased": [w] * len(path)}
    return w if record == "final" else np.array(records[record])


def _slip(kind: str, message: str, **flags: Any) -> Slip:
    return Slip(kind, message, lambda *args: sgd_variant(*args, **flags))


_SGD_SLIPS = [
    _slip(
        "final_only",
        "returns only the final weights: return the weights at the start and after every "
        "epoch, one row each, shape (n_epochs + 1, p).",
        record="final",
    ),
    _slip(
        "no_start",
        "leaves out the start: the first row is w0, then one row after each epoch, shape "
        "(n_epochs + 1, p).",
        record="no_start",
    ),
    _slip(
        "per_step",
        "records the weights after every step: record them once per epoch (and at the "
        "start), shape (n_epochs + 1, p).",
        record="steps",
    ),
    _slip(
        "aliased",
        "holds the same (last) weights in every row: `w -= ...` changes the very array "
        "that was appended before. Write w = w - ... (a new array each step), or append a "
        "copy.",
        record="aliased",
    ),
    _slip(
        "no_shuffle",
        "takes the examples in their stored order: call your epoch_batches (one "
        "rng.permutation(n)) at the start of every epoch.",
        shuffle="never",
    ),
    _slip(
        "shuffle_once",
        "shuffles only once, before the first epoch: every epoch needs a new order, so call "
        "epoch_batches inside the loop over epochs.",
        shuffle="once",
    ),
    _slip(
        "x_without_y",
        "shuffles the rows of X but not the labels y: a batch must take the same indices "
        "from both, X[batch] and y[batch].",
        y_order="stored",
    ),
    _slip(
        "x_without_y",
        "shuffles X and y with two different permutations, so rows and labels no longer "
        "match: one permutation per epoch, used for both, X[batch] and y[batch].",
        y_order="own",
    ),
    _slip(
        "drop_last",
        "leaves out the last, smaller batch of each epoch: every example is used once per "
        "epoch, the rest in a shorter last batch.",
        keep_last=False,
    ),
    _slip(
        "sum_for_mean",
        "steps with the SUM of the examples' gradients: the batch's step uses their MEAN "
        "(grad of the batch, which is already a mean), otherwise a bigger batch takes "
        "bigger steps.",
        per_example_sum=True,
    ),
    _slip(
        "not_decayed",
        "keeps the learning rate at eta0: in epoch e (from 0) it is eta0 / (1 + decay * e).",
        schedule="none",
    ),
    _slip(
        "decay_per_step",
        "lowers the learning rate at every step: it decays per EPOCH, eta0 / (1 + decay * e) "
        "with e the epoch (0, 1, ...), the same for all the steps of an epoch.",
        schedule="step",
    ),
    _slip(
        "decay_from_one",
        "starts the decay one epoch early: the first epoch is e = 0, so its learning rate "
        "is eta0 itself.",
        schedule="from_one",
    ),
    _slip(
        "grad_at_w0",
        "takes every gradient at the start w0: each step needs the gradient at the "
        "current weights w.",
        grad_at="w0",
    ),
    _slip(
        "whole_data",
        "takes every step with the gradient of ALL the examples: each step uses only its "
        "batch, grad(w, X[batch], y[batch]).",
        grad_at="all",
    ),
    _slip(
        "stale_weights",
        "starts every step of an epoch from the weights the epoch began with, so only the "
        "last batch's step counts: each step must start where the previous one ended "
        "(assign the new weights to w).",
        chained=False,
    ),
]


def _reference_weights(
    grad: Callable[..., Any],
    w0: Any,
    eta0: float,
    X: Any,
    y: Any,
    batch_size: int,
    n_epochs: int,
    decay: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """gdkit's run: the weights at the start and after each epoch."""
    return stochastic.minibatch_sgd(
        lambda w, X, y: 0.0,  # the weights are what is compared; no loss needed
        grad,
        w0,
        eta0,
        X,
        y,
        batch_size=batch_size,
        n_epochs=n_epochs,
        rng=rng,
        decay=decay,
    ).weights


_OWN_SGD = [stochastic.minibatch_sgd, gradient_descent]


def _built_on(failure: CheckFailure, epoch_batches: Any, case: Case) -> CheckFailure:
    """``failure``, or if the student's ``epoch_batches`` is wrong too, one that says so."""
    if epoch_batches is None:
        return failure
    n, batch_size = len(case[4]), case[5]
    try:
        check_epoch_batches(epoch_batches, [(n, batch_size, case[-1])])
    except CheckFailure as helper:
        return CheckFailure(
            "prerequisite",
            f"{failure} Note: `minibatch_sgd` builds on your `epoch_batches`, which is not "
            f"right yet either: make it pass its own test first. Its check says: {helper}",
        )
    return failure


def check_minibatch_sgd(
    minibatch_sgd: Any, cases: Sequence[Case], *, epoch_batches: Any = None
) -> None:
    """Check ``minibatch_sgd(grad, w0, eta0, X, y, batch_size, n_epochs, decay, rng)``.

    Each case is ``(grad, w0, eta0, X, y, batch_size, n_epochs, decay, seed)``; the
    function gets ``rng = np.random.default_rng(seed)`` and must return the weights at
    the start and after each epoch, shape ``(n_epochs + 1, p)``, as
    :func:`gdkit.stochastic.minibatch_sgd` takes them. The slips of :func:`sgd_variant`
    are named (give cases with a short last batch, decay > 0 and at least 2 epochs), then
    how the generator is used. gdkit's own ``minibatch_sgd`` and gradient descent are
    forbidden. ``epoch_batches``, the student's own: if it is wrong too, the message says
    to fix it first.

    >>> from gdkit.losses import log_loss_grad
    >>> X, y = np.array([[1.0, 0.5], [1.0, -1.0], [1.0, 2.0]]), np.array([1.0, 0.0, 1.0])
    >>> def once(grad, w0, eta0, X, y, batch_size, n_epochs, decay, rng):
    ...     w, path = w0, [w0]
    ...     for e in range(n_epochs):
    ...         w = w - eta0 / (1 + decay * e) * grad(w, X, y)
    ...         path.append(w)
    ...     return np.array(path)
    >>> check_minibatch_sgd(once, [(log_loss_grad, np.zeros(2), 0.5, X, y, 2, 3, 0.1, 0)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `minibatch_sgd` gives the same result whatever generator ...
    """
    __tracebackhide__ = True
    seeded = [_seeded(case) for case in cases]
    try:
        check_function(
            minibatch_sgd,
            _reference_weights,
            seeded,
            name="minibatch_sgd",
            slips=_SGD_SLIPS,
            forbid=_OWN_SGD,
        )
    except CheckFailure as failure:
        if is_value_kind(failure.kind):
            failure = next(
                (
                    problem
                    for args in seeded
                    if (
                        problem := _rng_problem(
                            minibatch_sgd,
                            _reference_weights,
                            args,
                            name="minibatch_sgd",
                            forbid=_OWN_SGD,
                        )
                    )
                ),
                failure,
            )
        raise _built_on(failure, epoch_batches, cases[0]) from None

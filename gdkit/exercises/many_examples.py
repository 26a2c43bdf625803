"""Checks of assignment 09, many examples: the batches of an epoch and mini-batch descent.

``epoch_batches(n, batch_size, rng)`` and ``minibatch_sgd(grad, w0, eta0, X, y,
batch_size, n_epochs, decay, rng)`` are compared with :mod:`gdkit.stochastic` run on an
identically seeded generator: each case ends with a seed, and both get
``np.random.default_rng(seed)``. The exercise says which draws to make (one
``rng.permutation(n)`` per epoch, nothing else), so a right answer gives the reference's
numbers to rounding and leaves its generator in the reference's state. A wrong one is
named: by a declared :class:`~gdkit.checks.Slip` (no shuffle, shuffling once, X shuffled
without y, the last batch dropped, a sum for the mean, the learning rate not decayed or
decayed per step ...), by how the batches break the rules of an epoch (an example twice,
or left out, an empty batch), or by how the function uses its generator (not at all,
another source of randomness, other draws). A loop that never ends is stopped (kind
``endless``). No message shows an expected value.

>>> check_epoch_batches(lambda n, batch_size, rng: [np.arange(n)], [(5, 2, 0)])
Traceback (most recent call last):
...
gdkit.checks.CheckFailure: `epoch_batches` returns one batch of 5 examples; ...
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from gdkit import losses, stochastic
from gdkit.checks import (
    CheckFailure,
    LineLimitExceeded,
    Slip,
    call,
    check_function,
    check_rng_use,
    is_value_kind,
    limit_lines,
    require_array,
)
from gdkit.descent import gradient_descent

__all__ = ["check_epoch_batches", "check_minibatch_sgd", "sgd_variant"]

Case = Sequence[Any]

#: Lines of the notebook's Python each function may run in one block of checks: the test
#: cases are small (n <= 1000 for the batches, 11 for the descent), so this is many times
#: what even a loop over every example needs, yet a loop that never ends stops in a second.
_LINES_ALLOWED = {"epoch_batches": 200_000, "minibatch_sgd": 20_000}

#: gdkit's own versions of what each exercise asks for: the student's function may not call them.
_FORBIDDEN = {
    "epoch_batches": [stochastic.epoch_batches],
    "minibatch_sgd": [stochastic.minibatch_sgd, gradient_descent],
}


def _seeded(case: Case) -> tuple[Any, ...]:
    """The case with its last entry, a seed, replaced by a generator made from it."""
    *args, seed = case
    return (*args, np.random.default_rng(seed))


@contextmanager
def _stopped_if_endless(fn: Any, name: str) -> Iterator[None]:
    """Run the block with ``fn``'s code limited in lines: kind ``endless`` past the limit."""
    __tracebackhide__ = True
    try:
        with limit_lines(fn, _LINES_ALLOWED[name]):
            yield
    except CheckFailure as failure:
        if isinstance(failure.__cause__, LineLimitExceeded):
            raise CheckFailure(
                "endless",
                f"`{name}` did not stop: on the test's small data it ran far longer than it "
                "should. Does every loop end? A while loop must move its counter at every "
                "turn, and a loop must not append to the list it runs over.",
            ) from None
        raise


def _limited_call(fn: Any, args: tuple[Any, ...], *, name: str, where: str = "") -> Any:
    """What ``call`` returns, with gdkit's own version of ``fn`` forbidden and a line limit."""
    __tracebackhide__ = True
    with _stopped_if_endless(fn, name):
        return call(fn, args, name=name, where=where, forbid=_FORBIDDEN[name])[0]


#: What each rng_calls message asks for.
_DRAWS = {
    "epoch_batches": "make exactly one call rng.permutation(n), and no other draw (not "
    "rng.random, rng.shuffle of the data, rng.choice or rng.integers)",
    "minibatch_sgd": "draw from rng only through your epoch_batches, one rng.permutation(n) "
    "per epoch, and no other draw (not rng.random, rng.shuffle of the data, rng.choice or "
    "rng.integers)",
}

#: What the generator checks fail with; any other failure of a call is left to the caller's.
_RNG_KINDS = frozenset({"not_reproducible", "rng_ignored", "rng_calls", "endless"})


def _rng_failure(
    student_fn: Any,
    reference_fn: Callable[..., Any],
    args: tuple[Any, ...],
    *,
    name: str,
    where: str = "",
) -> CheckFailure | None:
    """How ``student_fn`` uses its generator wrongly (:func:`~gdkit.checks.check_rng_use`).

    None if it draws from its generator as ``reference_fn`` does, or if a call fails in
    another way (the caller's failure says why).
    """
    try:
        check_rng_use(
            student_fn,
            args,
            name=name,
            reference=reference_fn,
            draws=_DRAWS[name],
            where=where,
            call_with=lambda fn, a: _limited_call(fn, a, name=name, where=where),
        )
    except CheckFailure as failure:
        return failure if failure.kind in _RNG_KINDS else None
    return None


# ---------------------------------------------------------------------------- Exercise 1


def _batches_form(got: Any, n: int, where: str) -> list[np.ndarray]:
    """The student's batches as integer arrays, or a failure that says what the form lacks."""
    __tracebackhide__ = True
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
    if isinstance(got, np.ndarray):
        raise CheckFailure(
            "type",
            "`epoch_batches` must return a list of index arrays (one per batch), not one "
            "array: the last batch may be shorter, so the batches cannot form one 2-D array. "
            f"({where})",
        )
    if not isinstance(got, list | tuple):
        made_by = " (which `yield`, map or zip make)" if hasattr(got, "__next__") else ""
        raise CheckFailure(
            "type",
            f"`epoch_batches` must return a list of index arrays (one per batch), not a "
            f"{type(got).__name__}{made_by}: build the list of batches and return it. ({where})",
        )
    batches = []
    for batch in got:
        arr = np.asarray(batch)
        if arr.ndim != 1 or (arr.dtype.kind not in "iu" and arr.size):
            raise CheckFailure(
                "type",
                "`epoch_batches` must return whole-number index arrays, one flat array per "
                f"batch (such as a slice of rng.permutation(n)). ({where})",
            )
        batches.append(arr.astype(int))
    return batches


def _batches_problem(batches: list[np.ndarray], n: int, batch_size: int, where: str) -> None:
    """Fail unless the batches use every example once, in batches of ``batch_size`` and a rest."""
    __tracebackhide__ = True
    sizes = [len(b) for b in batches]
    used = np.concatenate(batches) if batches else np.array([], dtype=int)
    counts = np.bincount(used[(used >= 0) & (used < n)], minlength=n)
    if sizes[-1:] == [0] and 0 not in sizes[:-1] and len(used) == n and np.all(counts == 1):
        raise CheckFailure(
            "empty_batch",
            "`epoch_batches` ends with an empty batch (a step on no examples has no gradient): "
            "when batch_size divides n, there is no shorter batch at the end. Make one batch "
            f"per batch_size examples, and one more only for a rest. ({where})",
        )
    rest = n % batch_size
    if len(used) == n - rest and rest and len(set(sizes)) == 1:
        raise CheckFailure(
            "drop_last",
            "`epoch_batches` leaves out the last, smaller batch: when batch_size does not "
            "divide n, the examples that are left make one more, shorter batch (every example "
            f"is used once per epoch). ({where})",
        )
    if len(sizes) > 1 and set(sizes[:-1]) == {batch_size + 1}:
        raise CheckFailure(
            "slice_too_long",
            f"`epoch_batches` makes batches of batch_size + 1 = {batch_size + 1} examples, "
            "each sharing one with the next: a slice order[i:j] holds j - i examples, the "
            f"end j left out. ({where})",
        )
    earlier = np.concatenate(batches[:-1]) if len(batches) > 1 else np.array([], dtype=int)
    if set(sizes) == {batch_size} and len(np.unique(earlier)) < len(earlier):
        raise CheckFailure("order_per_batch", f"{_ORDER_PER_BATCH} ({where})")
    if np.any(counts > 1) and np.all(counts >= 1) and set(sizes) == {batch_size}:
        raise CheckFailure(
            "wrapped",
            "`epoch_batches` fills its last batch up to batch_size with examples it used "
            "before: the last batch holds only the examples that are left, so it may be "
            f"shorter. ({where})",
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
    if len(batches) == 1 and n > batch_size:
        raise CheckFailure(
            "batch_sizes",
            f"`epoch_batches` returns one batch of {n} examples; cut the order into batches "
            f"of batch_size examples. ({where})",
        )
    if any(size != batch_size for size in sizes[:-1]) or sizes[-1] > batch_size:
        raise CheckFailure(
            "batch_sizes",
            f"`epoch_batches` returns batches of sizes {sizes}: each batch holds batch_size "
            f"examples, only the last may hold fewer. ({where})",
        )


_ORDER_PER_BATCH = (
    "`epoch_batches` gives batches that share examples, and leaves others out: it draws a "
    "new order for each batch. Draw one order, rng.permutation(n), per epoch and cut it "
    "into consecutive pieces."
)


def _an_order_per_batch(batches: list[np.ndarray], case: Case) -> bool:
    """Whether ``batches`` are what a new rng.permutation(n) for each batch gives, cut at the
    batch's place or at its start (the case's own generator)."""
    n, batch_size, seed = case
    for cut in (lambda order, i: order[i : i + batch_size], lambda order, i: order[:batch_size]):
        rng = np.random.default_rng(seed)
        made = [cut(rng.permutation(n), i) for i in range(0, n, batch_size)]
        if len(made) == len(batches) and all(
            np.array_equal(a, b) for a, b in zip(made, batches, strict=True)
        ):
            return n > batch_size  # one batch: one order, which is right
    return False


def _check_batches_case(epoch_batches: Any, case: Case, where: str) -> None:
    """Check ``epoch_batches`` on one case ``(n, batch_size, seed)``; ``where`` names it."""
    __tracebackhide__ = True
    n, batch_size, _ = case
    args = _seeded(case)
    given = copy.deepcopy(args)
    got = _limited_call(epoch_batches, given, name="epoch_batches", where=where)
    batches = _batches_form(got, n, where)
    if _an_order_per_batch(batches, case):
        raise CheckFailure("order_per_batch", f"{_ORDER_PER_BATCH} ({where})")
    _batches_problem(batches, n, batch_size, where)
    expected = stochastic.epoch_batches(*copy.deepcopy(args))
    if len(batches) == len(expected) and all(
        np.array_equal(b, e) for b, e in zip(batches, expected, strict=True)
    ):  # the right batches: still, nothing else may be drawn
        failure = _rng_failure(
            epoch_batches, stochastic.epoch_batches, args, name="epoch_batches", where=where
        )
        if failure:
            raise failure
        return
    if np.array_equal(np.concatenate(batches), np.arange(n)):
        raise CheckFailure(
            "no_shuffle",
            "`epoch_batches` takes the examples in their stored order: shuffle them first, "
            f"with one call rng.permutation(n), then cut that order. ({where})",
        )
    if len(batches) > 1 and all(
        np.array_equal(batch, np.arange(batch[0], batch[0] + len(batch))) for batch in batches
    ):
        raise CheckFailure(
            "batches_shuffled",
            "`epoch_batches` shuffles the order of the batches, not the examples: each batch "
            "still holds neighbouring examples. Shuffle the examples (one rng.permutation(n)) "
            f"and cut that order into batches. ({where})",
        )
    raise _rng_failure(
        epoch_batches, stochastic.epoch_batches, args, name="epoch_batches", where=where
    ) or CheckFailure(
        "order",
        "`epoch_batches` holds every example once, but not in the order of "
        "rng.permutation(n) cut from its start: the first batch is its first batch_size "
        f"entries, the next batch the next ones, and so on. ({where})",
    )


def check_epoch_batches(epoch_batches: Any, cases: Sequence[Case]) -> None:
    """Check ``epoch_batches(n, batch_size, rng)`` on cases ``(n, batch_size, seed)``.

    The reference is :func:`gdkit.stochastic.epoch_batches` on ``default_rng(seed)``: one
    ``rng.permutation(n)``, cut in order into batches of ``batch_size``, the last one
    shorter; the generator must end in the reference's state (no other draw). Named: one
    array not cut into batches, not a list of index arrays (a generator, say), an empty
    batch, the last batch dropped or filled up with used examples, examples drawn with
    replacement, wrong batch sizes, no shuffle, the generator ignored, other randomness,
    other draws from ``rng``, another order, a loop that does not end. gdkit's own
    ``epoch_batches`` is forbidden.

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
    for number, (n, batch_size, seed) in enumerate(cases, start=1):
        where = f"case {number} of {len(cases)}: n={n}, batch_size={batch_size}"
        _check_batches_case(epoch_batches, (n, batch_size, seed), where)


# ---------------------------------------------------------------------------- Exercise 2


def _rate(eta0: float, decay: float, epoch: int, step: int, schedule: str) -> float:
    """The learning rate of a step under ``schedule`` (see :func:`sgd_variant`)."""
    if schedule == "compound":  # eta = eta / (1 + decay * e), from the previous epoch's eta
        return eta0 / float(np.prod(1 + decay * np.arange(epoch + 1)))
    return {
        "epoch": eta0 / (1 + decay * epoch),
        "step": eta0 / (1 + decay * step),
        "from_one": eta0 / (1 + decay * (epoch + 1)),
        "none": eta0,
        "power": eta0 / (1 + decay) ** epoch,
        "minus_power": eta0 * (1 - decay) ** epoch,
    }[schedule]


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
    n_from: str = "y",
    keep_last: bool = True,
    steps: str = "all",
    scale: str = "mean",
    schedule: str = "epoch",
    grad_at: str = "w",
    chained: bool = True,
    record: str = "epoch",
) -> np.ndarray:
    """Mini-batch descent, right by default, or with one of the slips students make.

    ``shuffle``: "each" epoch, "once" before the first, "never". ``y_order``: "with_X",
    "stored" (y never shuffled), "own" (a permutation of its own, drawn after X's).
    ``n_from``: the n given to the batches, "y" (len(y)), "columns" (X.shape[1]) or
    "swapped" (batch_size and n swapped). ``keep_last=False`` drops the short last batch;
    ``steps="first"`` steps only with an epoch's first batch. ``scale``: the batch's
    gradient as it is ("mean"), times the batch size ("sum"), divided by it
    ("mean_twice"), or negated ("ascent"). ``schedule``: eta0 / (1 + decay * k) with k the
    "epoch", the "step" or the epoch counted "from_one"; "none" keeps eta0; "compound"
    divides the previous epoch's rate by (1 + decay * e), "power" is eta0 / (1 + decay)**e,
    "minus_power" eta0 * (1 - decay)**e. ``grad_at``: "w", "w0" (the start),
    "epoch_start" (the epoch's first weights), "lagged" (the step uses the gradient
    computed after the step before, zeros at first) or "all" (all the data, not the
    batch). ``chained=False``: each step starts from the epoch's first weights.
    ``record``: "epoch" (start and each epoch), "final", "no_start", "steps" (every step),
    "aliased" (one array changed in place: every row the last) or "aliased_after_start"
    (the same, but the first row a copy of w0).

    >>> X, y = np.array([[1.0, 0.5], [1.0, -1.0], [1.0, 2.0]]), np.array([1.0, 0.0, 1.0])
    >>> sgd_variant(losses.log_loss_grad, np.zeros(2), 0.5, X, y, 2, 3, 0.1, np.random.default_rng(0)).shape
    (4, 2)
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n = {"y": len(y), "columns": X.shape[1], "swapped": batch_size}[n_from]
    size = len(y) if n_from == "swapped" else batch_size
    w, step = np.asarray(w0, dtype=float), 0
    start, path, visited, lagged = w, [w], [w], np.zeros_like(w)
    fixed = rng.permutation(n) if shuffle == "once" else None
    for epoch in range(n_epochs):
        order = (
            rng.permutation(n) if shuffle == "each" else np.arange(n) if fixed is None else fixed
        )
        if y_order == "with_X":
            y_shuffled = y[order]
        else:  # y in its stored order, or in an order of its own
            y_shuffled = y[rng.permutation(n)] if y_order == "own" else y
        firsts = range(0, n - n % size if not keep_last else n, size)
        epoch_start = w
        for first in firsts[:1] if steps == "first" else firsts:
            rows = order[first : first + size]
            Xb, yb = X[rows], y_shuffled[first : first + size]
            at = {"w": w if chained else epoch_start, "w0": start, "epoch_start": epoch_start}
            if grad_at == "lagged":  # the gradient taken after the step before, on its batch
                g = lagged
            else:
                g = grad(w, X, y) if grad_at == "all" else grad(at[grad_at], Xb, yb)
            times = {"mean": 1.0, "sum": len(rows), "mean_twice": 1 / len(rows), "ascent": -1.0}
            eta = _rate(eta0, decay, epoch, step, schedule)
            w = (w if chained else epoch_start) - eta * times[scale] * g
            lagged = grad(w, Xb, yb) if grad_at == "lagged" else lagged
            step += 1
            visited.append(w)
        path.append(w)
    records = {
        "epoch": path,
        "no_start": path[1:],
        "steps": visited,
        "aliased": [w] * len(path),
        "aliased_after_start": [start] + [w] * (len(path) - 1),
    }
    return w if record == "final" else np.array(records[record])


def _slip(kind: str, message: str, **flags: Any) -> Slip:
    return Slip(kind, message, lambda *args: sgd_variant(*args, **flags))


def _hard_coded(grad: Callable[..., Any]) -> Slip:
    """The slip of a descent that calls ``grad`` (gdkit's) whatever gradient it is given."""
    return Slip(
        "grad_ignored",
        "steps with the same gradient function whatever `grad` it is given: call the `grad` "
        "argument, grad(w, X[batch], y[batch]), so that it works for any loss.",
        lambda _, *args: sgd_variant(grad, *args),
    )


_RECORDED = "record them once per epoch (and at the start), shape (n_epochs + 1, p)."
_ALIASED = (
    "holds the same (last) weights in every row after the start: `w -= ...` changes the "
    "very array that was appended before. Write w = w - ... (a new array each step), or "
    "append a copy."
)
_STALE_GRADIENT = (
    "each step needs the gradient of its own batch at the current weights w, the weights "
    "the step before ended at."
)
_COMPOUNDED = (
    "lowers the learning rate by another rule than the exercise's: in epoch e (from 0) it "
    "is eta0 / (1 + decay * e), computed from eta0 every epoch (not from the rate of the "
    "epoch before, and not a power)."
)

_SGD_SLIPS = [
    _hard_coded(losses.log_loss_grad),
    _hard_coded(losses.mse_grad),
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
    _slip("per_step", f"records the weights after every step: {_RECORDED}", record="steps"),
    _slip("aliased", _ALIASED, record="aliased"),
    _slip("aliased", _ALIASED, record="aliased_after_start"),
    _slip(
        "no_shuffle",
        "takes the examples in their stored order: call your epoch_batches (one "
        "rng.permutation(n)) at the start of every epoch.",
        shuffle="never",
    ),
    _slip(
        "shuffle_once",
        "takes the examples in the same order in every epoch: every epoch needs a new "
        "order, so call epoch_batches inside the loop over epochs, with the `rng` itself "
        "(a copy of it gives the same order again).",
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
    *(
        _slip(
            "wrong_n",
            "does not use every example in each epoch: the batches come from "
            "epoch_batches(n, batch_size, rng), n first, and n is the number of examples, "
            "len(y) (the rows of X, not its columns).",
            n_from=n_from,
        )
        for n_from in ("columns", "swapped")
    ),
    _slip(
        "drop_last",
        "leaves out the last, smaller batch of each epoch: every example is used once per "
        "epoch, the rest in a shorter last batch.",
        keep_last=False,
    ),
    _slip(
        "one_step_per_epoch",
        "takes only one step per epoch, with its first batch: every batch of the epoch "
        "takes a step, one after the other.",
        steps="first",
    ),
    _slip(
        "sum_for_mean",
        "steps with the SUM of the examples' gradients: the batch's step uses their MEAN "
        "(grad of the batch, which is already a mean), otherwise a bigger batch takes "
        "bigger steps.",
        scale="sum",
    ),
    _slip(
        "mean_twice",
        "divides the batch's gradient by the batch size once more: grad already returns "
        "the MEAN over the batch's examples, so step with it as it is.",
        scale="mean_twice",
    ),
    _slip(
        "sign",
        "walks uphill: a step goes against the gradient, w = w - eta * grad(...).",
        scale="ascent",
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
    *(_slip("compounded", _COMPOUNDED, schedule=s) for s in ("compound", "power", "minus_power")),
    _slip(
        "grad_at_w0",
        "takes every gradient at the start w0: each step needs the gradient at the "
        "current weights w.",
        grad_at="w0",
    ),
    _slip(
        "stale_gradient",
        f"takes every gradient of an epoch at the weights the epoch began with: {_STALE_GRADIENT}",
        grad_at="epoch_start",
    ),
    _slip(
        "stale_gradient",
        "steps with the gradient computed at the step before (on the previous batch): "
        + _STALE_GRADIENT,
        grad_at="lagged",
    ),
    _slip(
        "whole_data",
        "takes every step with the gradient of ALL the examples: each step uses only its "
        "batch, grad(w, X[batch], y[batch]).",
        grad_at="all",
    ),
    _slip(
        "stale_weights",
        "takes only one step per epoch that counts, the last batch's: each step must start "
        "where the previous one ended (assign the new weights to w, inside the loop over "
        "the batches).",
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


def _sgd_failure(minibatch_sgd: Any, cases: Sequence[Case]) -> CheckFailure | None:
    """Why ``minibatch_sgd`` fails on ``cases`` (a wrong value: first how it uses ``rng``)."""
    seeded = [_seeded(case) for case in cases]
    try:
        with _stopped_if_endless(minibatch_sgd, "minibatch_sgd"):
            check_function(
                minibatch_sgd,
                _reference_weights,
                seeded,
                name="minibatch_sgd",
                slips=_SGD_SLIPS,
                forbid=_FORBIDDEN["minibatch_sgd"],
            )
    except CheckFailure as failure:
        if not is_value_kind(failure.kind):
            return failure
        return _sgd_rng_failure(minibatch_sgd, seeded) or failure
    # right weights: it must still leave the generator where the reference does (no extra
    # epoch's shuffle, no other draw), since the notebook's later cells share it
    failure = _sgd_rng_failure(minibatch_sgd, seeded)
    if failure is None:  # and give the weights as one array, as 08 and 10 ask
        got = _limited_call(minibatch_sgd, copy.deepcopy(seeded[0]), name="minibatch_sgd")
        try:
            require_array(
                got,
                name="minibatch_sgd",
                what="weights",
                how="of shape (n_epochs + 1, p) (np.array of the list)",
            )
        except CheckFailure as not_array:
            return not_array
    return failure


def _sgd_rng_failure(minibatch_sgd: Any, seeded: list[tuple[Any, ...]]) -> CheckFailure | None:
    """The first case's failure of how ``minibatch_sgd`` uses its generator, if any."""
    failures = (
        _rng_failure(
            minibatch_sgd,
            _reference_weights,
            args,
            name="minibatch_sgd",
            where=f"case {number} of {len(seeded)}",
        )
        for number, args in enumerate(seeded, start=1)
    )
    return next((failure for failure in failures if failure), None)


def _batches_failure(epoch_batches: Any, case: Case) -> CheckFailure | None:
    """Why the student's ``epoch_batches`` fails on the batches of an SGD ``case``, if it does."""
    n, batch_size = len(case[4]), case[5]
    where = f"as the test of `minibatch_sgd` calls it, with n={n}, batch_size={batch_size}"
    try:
        _check_batches_case(epoch_batches, (n, batch_size, case[-1]), where)
    except CheckFailure as failure:
        return failure
    return None


@contextmanager
def _replaced(fn: Any, old: Any, new: Any) -> Iterator[None]:
    """Within the block, ``fn`` finds ``new`` wherever its globals or closure name ``old``."""
    namespace = getattr(fn, "__globals__", {})
    names = [name for name, value in namespace.items() if value is old]
    cells = [cell for cell in getattr(fn, "__closure__", None) or () if cell.cell_contents is old]
    try:
        for name in names:
            namespace[name] = new
        for cell in cells:
            cell.cell_contents = new
        yield
    finally:
        for name in names:
            namespace[name] = old
        for cell in cells:
            cell.cell_contents = old


def check_minibatch_sgd(
    minibatch_sgd: Any, cases: Sequence[Case], *, epoch_batches: Any = None
) -> None:
    """Check ``minibatch_sgd(grad, w0, eta0, X, y, batch_size, n_epochs, decay, rng)``.

    Each case is ``(grad, w0, eta0, X, y, batch_size, n_epochs, decay, seed)``; the
    function gets ``rng = np.random.default_rng(seed)`` and must return the weights at
    the start and after each epoch, shape ``(n_epochs + 1, p)``, as
    :func:`gdkit.stochastic.minibatch_sgd` takes them. The slips of :func:`sgd_variant`
    are named (give cases with a short last batch, decay > 0, at least 3 epochs, p other
    than batch_size, and two different ``grad``), then how the generator is used; a loop
    that does not end is stopped. gdkit's own ``minibatch_sgd`` and gradient descent are
    forbidden. ``epoch_batches``, the student's own: if it is wrong too, the message says
    so first, and whether ``minibatch_sgd`` passes with right batches in its place.

    >>> X, y = np.array([[1.0, 0.5], [1.0, -1.0], [1.0, 2.0]]), np.array([1.0, 0.0, 1.0])
    >>> def once(grad, w0, eta0, X, y, batch_size, n_epochs, decay, rng):
    ...     w, path = w0, [w0]
    ...     for e in range(n_epochs):
    ...         w = w - eta0 / (1 + decay * e) * grad(w, X, y)
    ...         path.append(w)
    ...     return np.array(path)
    >>> check_minibatch_sgd(once, [(losses.log_loss_grad, np.zeros(2), 0.5, X, y, 2, 3, 0.1, 0)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `minibatch_sgd` gives the same result whatever generator ...
    """
    __tracebackhide__ = True
    failure = _sgd_failure(minibatch_sgd, cases)
    if failure is None:
        return
    earlier = None if epoch_batches is None else _batches_failure(epoch_batches, cases[0])
    if earlier is None:
        raise failure
    with _replaced(minibatch_sgd, epoch_batches, stochastic.epoch_batches):
        own = _sgd_failure(minibatch_sgd, cases)
    raise CheckFailure(
        "prerequisite",
        "`minibatch_sgd` builds on your `epoch_batches`, which is not right yet: make it "
        f"pass its own test (Exercise 1) first. Its check says: {earlier} "
        + (
            f"Besides, with right batches in its place, `minibatch_sgd` still fails: {own}"
            if own
            else "With right batches in its place, your `minibatch_sgd` passes."
        ),
    )

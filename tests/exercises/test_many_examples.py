"""Do the checks of assignment 09 pass right answers and name each slip, whatever the seed?

The reference is checked first: the right variant of the slip simulator is gdkit's
mini-batch descent, draw for draw. Then every wrong answer (each declared slip, and the
ways of using the generator wrongly) must fail with its own kind, and no message may show
an expected value.
"""

from __future__ import annotations

import numpy as np
import pytest
from failing import assert_hides, failure

from gdkit import losses, stochastic
from gdkit.exercises import many_examples as ex

X7 = losses.add_intercept(np.array([[0.5, 1.0], [-1.0, 0.3], [2.0, -0.5], [0.1, 0.2], [-0.7, -1.2], [1.5, 0.8], [-0.2, 2.0]]))  # fmt: skip
Y7 = np.array([1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0])
# as the notebook's visible test: two gradients, seeds other than the notebook's 909
SGD_CASES = [
    (losses.log_loss_grad, np.zeros(3), 0.5, X7, Y7, 3, 3, 0.5, 91),
    (losses.mse_grad, np.zeros(3), 0.1, X7, Y7, 2, 3, 1.0, 92),
]
HIDDEN_LIKE = [
    (losses.log_loss_grad, np.array([0.2, -0.1, 0.3]), 1.0, X7, Y7, 1, 2, 0.3, 1),
    (losses.mse_grad, np.zeros(3), 0.05, X7, 2 * Y7 - 1, 2, 4, 1.0, 2),
    (losses.log_loss_grad, np.zeros(3), 0.5, X7, Y7, 7, 3, 0.5, 3),
]
BATCH_CASES = [(7, 3, 97), (6, 2, 1), (5, 8, 2), (10, 3, 3)]


def right_batches(n, batch_size, rng):
    order = rng.permutation(n)
    return [order[start : start + batch_size] for start in range(0, n, batch_size)]


def right_sgd(grad, w0, eta0, X, y, batch_size, n_epochs, decay, rng):
    w, path = w0, [w0]
    for epoch in range(n_epochs):
        eta = eta0 / (1 + decay * epoch)
        for batch in right_batches(len(y), batch_size, rng):
            w = w - eta * grad(w, X[batch], y[batch])
        path.append(w)
    return np.array(path)


def answers(case) -> list[np.ndarray]:
    return [stochastic.minibatch_sgd(lambda w, X, y: 0.0, *case[:5], batch_size=case[5], n_epochs=case[6], decay=case[7], rng=np.random.default_rng(case[8])).weights]  # fmt: skip


# ---------------------------------------------------------------------------- references


@pytest.mark.parametrize("case", SGD_CASES + HIDDEN_LIKE)
def test_the_slip_simulator_is_gdkits_descent_when_nothing_is_wrong(case):
    args = (*case[:-1], np.random.default_rng(case[-1]))
    np.testing.assert_allclose(ex.sgd_variant(*args), answers(case)[0], rtol=1e-12, atol=1e-15)


def test_right_answers_pass():
    ex.check_epoch_batches(right_batches, BATCH_CASES)
    ex.check_minibatch_sgd(right_sgd, SGD_CASES + HIDDEN_LIKE, epoch_batches=right_batches)


def test_shuffle_of_an_arange_is_the_same_draw_as_a_permutation():
    def shuffled(n, batch_size, rng):
        order = np.arange(n)
        rng.shuffle(order)
        return [order[i : i + batch_size] for i in range(0, n, batch_size)]

    ex.check_epoch_batches(shuffled, BATCH_CASES)


# ---------------------------------------------------------------------------- Exercise 1


def batches_with(make_order, cut=lambda n, b: range(0, n, b)):
    def epoch_batches(n, batch_size, rng):
        order = make_order(n, rng)
        return [order[i : i + batch_size] for i in cut(n, batch_size)]

    return epoch_batches


GLOBAL_STATE = batches_with(lambda n, rng: np.random.permutation(n))
FIXED_SEED = batches_with(lambda n, rng: np.random.default_rng(0).permutation(n))


@pytest.mark.parametrize(
    ("wrong", "kind"),
    [
        (batches_with(lambda n, rng: np.arange(n)), "no_shuffle"),
        (
            batches_with(lambda n, rng: rng.permutation(n), lambda n, b: range(0, n - n % b, b)),
            "drop_last",
        ),  # fmt: skip
        (batches_with(lambda n, rng: rng.integers(0, n, n)), "with_replacement"),
        (batches_with(lambda n, rng: rng.choice(n, n, replace=False)), "rng_calls"),
        (batches_with(lambda n, rng: rng.permutation(n)[::-1]), "order"),
        (batches_with(lambda n, rng: (rng.random(), rng.permutation(n))[1]), "rng_calls"),
        (batches_with(lambda n, rng: (rng.permutation(n), rng.random())[0]), "rng_calls"),
        (
            batches_with(lambda n, rng: rng.permutation(n), lambda n, b: range(0, n + 1, b)),
            "empty_batch",
        ),
        (  # the last batch filled up from the start of the order
            lambda n, batch_size, rng: [
                np.take(order, range(i, i + batch_size), mode="wrap")
                for order in [rng.permutation(n)]
                for i in range(0, n, batch_size)
            ],
            "wrapped",
        ),  # fmt: skip
        (lambda n, batch_size, rng: (b for b in right_batches(n, batch_size, rng)), "type"),
        (GLOBAL_STATE, "not_reproducible"),
        (FIXED_SEED, "rng_ignored"),
        (lambda n, batch_size, rng: rng.permutation(n), "not_split"),
        (lambda n, batch_size, rng: [rng.permutation(n)], "batch_sizes"),
        (
            lambda n, batch_size, rng: np.array_split(rng.permutation(n), -(-n // batch_size)),
            "batch_sizes",
        ),  # fmt: skip
        (lambda n, batch_size, rng: rng.permutation(n).reshape(-1, 1), "type"),
        (lambda n, batch_size, rng: None, "none"),
        (stochastic.epoch_batches, "reference_used"),
    ],
)
def test_each_epoch_batches_slip_is_named(wrong, kind):
    err = failure(ex.check_epoch_batches, wrong, BATCH_CASES)
    assert err.kind == kind, str(err)
    assert "epoch_batches" in str(err)


# ---------------------------------------------------------------------------- Exercise 2


def sgd_with(**flags):
    return lambda *args: ex.sgd_variant(*args, **flags)


@pytest.mark.parametrize(
    ("flags", "kind"),
    [
        ({"record": "final"}, "final_only"),
        ({"record": "no_start"}, "no_start"),
        ({"record": "steps"}, "per_step"),
        ({"record": "aliased"}, "aliased"),
        ({"shuffle": "never"}, "no_shuffle"),
        ({"shuffle": "once"}, "shuffle_once"),
        ({"y_order": "stored"}, "x_without_y"),
        ({"y_order": "own"}, "x_without_y"),
        ({"keep_last": False}, "drop_last"),
        ({"record": "aliased_after_start"}, "aliased"),
        ({"n_from": "columns"}, "wrong_n"),
        ({"n_from": "swapped"}, "wrong_n"),
        ({"steps": "first"}, "one_step_per_epoch"),
        ({"scale": "sum"}, "sum_for_mean"),
        ({"scale": "mean_twice"}, "mean_twice"),
        ({"scale": "ascent"}, "sign"),
        ({"schedule": "compound"}, "compounded"),
        ({"schedule": "power"}, "compounded"),
        ({"schedule": "minus_power"}, "compounded"),
        ({"grad_at": "epoch_start"}, "stale_gradient"),
        ({"grad_at": "lagged"}, "stale_gradient"),
        ({"schedule": "none"}, "not_decayed"),
        ({"schedule": "step"}, "decay_per_step"),
        ({"schedule": "from_one"}, "decay_from_one"),
        ({"grad_at": "w0"}, "grad_at_w0"),
        ({"grad_at": "all"}, "whole_data"),
        ({"chained": False}, "stale_weights"),
    ],
)
def test_each_sgd_slip_is_named_and_the_answer_stays_hidden(flags, kind):
    err = failure(ex.check_minibatch_sgd, sgd_with(**flags), SGD_CASES)
    assert err.kind == kind, str(err)
    assert_hides(str(err), answers(SGD_CASES[0]))


def sgd_shuffling_with(make_order):
    def minibatch_sgd(grad, w0, eta0, X, y, batch_size, n_epochs, decay, rng):
        w, path = w0, [w0]
        for epoch in range(n_epochs):
            order = make_order(len(y), rng)
            for i in range(0, len(y), batch_size):
                batch = order[i : i + batch_size]
                w = w - eta0 / (1 + decay * epoch) * grad(w, X[batch], y[batch])
            path.append(w)
        return np.array(path)

    return minibatch_sgd


@pytest.mark.parametrize(
    ("make_order", "kind"),
    [
        (lambda n, rng: np.random.permutation(n), "not_reproducible"),
        (lambda n, rng: np.random.default_rng(5).permutation(n), "rng_ignored"),
        (lambda n, rng: rng.choice(n, n, replace=False), "rng_calls"),
    ],
)
def test_using_the_generator_wrongly_is_named(make_order, kind):
    assert failure(ex.check_minibatch_sgd, sgd_shuffling_with(make_order), SGD_CASES).kind == kind


def test_a_right_sgd_on_wrong_batches_is_sent_back_to_them():
    in_order = batches_with(lambda n, rng: np.arange(n))

    def sgd(grad, w0, eta0, X, y, batch_size, n_epochs, decay, rng):
        w, path = w0, [w0]
        for epoch in range(n_epochs):
            for batch in in_order(len(y), batch_size, rng):
                w = w - eta0 / (1 + decay * epoch) * grad(w, X[batch], y[batch])
            path.append(w)
        return np.array(path)

    err = failure(ex.check_minibatch_sgd, sgd, SGD_CASES, epoch_batches=in_order)
    assert err.kind == "prerequisite" and "epoch_batches" in str(err)


def test_gdkits_own_descent_is_refused():
    def borrowed(grad, w0, eta0, X, y, batch_size, n_epochs, decay, rng):
        return stochastic.minibatch_sgd(lambda w, X, y: 0.0, grad, w0, eta0, X, y, batch_size=batch_size, n_epochs=n_epochs, rng=rng, decay=decay).weights  # fmt: skip

    assert failure(ex.check_minibatch_sgd, borrowed, SGD_CASES).kind == "reference_used"


def test_changing_w0_in_place_is_named():
    def in_place(grad, w0, eta0, X, y, batch_size, n_epochs, decay, rng):
        w, path = w0, [w0.copy()]
        for epoch in range(n_epochs):
            for batch in right_batches(len(y), batch_size, rng):
                w -= eta0 / (1 + decay * epoch) * grad(w, X[batch], y[batch])
            path.append(w.copy())
        return np.array(path)

    assert failure(ex.check_minibatch_sgd, in_place, SGD_CASES).kind == "in_place"


def test_a_generator_is_told_to_become_a_list():
    message = str(failure(ex.check_epoch_batches, lambda n, b, rng: iter([]), BATCH_CASES))
    assert "yield" in message and "2-D" not in message


def test_a_rule_break_of_the_batches_is_named_before_their_order():
    def n_over_b_plus_one(n, batch_size, rng):  # an empty batch when batch_size divides n
        order = rng.permutation(n)
        return [order[i * batch_size : (i + 1) * batch_size] for i in range(n // batch_size + 1)]

    assert failure(ex.check_epoch_batches, n_over_b_plus_one, BATCH_CASES).kind == "empty_batch"


def forever_batches(n, batch_size, rng):
    batches, start = [], 0
    while start < n:  # start never moves: the list grows until the memory is full
        batches.append(rng.permutation(n)[start : start + batch_size])
    return batches


def forever_sgd(grad, w0, eta0, X, y, batch_size, n_epochs, decay, rng):
    w, path, epoch = w0, [w0], 0
    while epoch < n_epochs:  # epoch never moves
        for batch in right_batches(len(y), batch_size, rng):
            w = w - eta0 * grad(w, X[batch], y[batch])
        path.append(w)
    return np.array(path)


def test_loops_that_never_end_are_stopped():
    assert failure(ex.check_epoch_batches, forever_batches, BATCH_CASES).kind == "endless"
    assert failure(ex.check_minibatch_sgd, forever_sgd, SGD_CASES).kind == "endless"


def sgd_written(step=None, eta=None, n=None, grad_at=None, first_row=None):
    """A student's minibatch_sgd with one line changed (each argument a function of locals)."""

    def minibatch_sgd(grad, w0, eta0, X, y, batch_size, n_epochs, decay, rng):
        w = w0.copy()
        path, rate, g = [first_row(w0) if first_row else w0], eta0, np.zeros_like(w0)
        for epoch in range(n_epochs):
            rate = eta(rate, eta0, decay, epoch) if eta else eta0 / (1 + decay * epoch)
            epoch_start = w.copy()
            count = n(X, y) if n else len(y)
            for batch in right_batches(count, batch_size, rng):
                if grad_at == "lagged":
                    w = w - rate * g
                    g = grad(w, X[batch], y[batch])
                    continue
                at = epoch_start if grad_at == "epoch_start" else w
                if step == "in_place":
                    w -= rate * grad(at, X[batch], y[batch])
                else:
                    w = w - rate * (step or (lambda g, b: g))(grad(at, X[batch], y[batch]), batch)
            path.append(w)
        return np.array(path)

    return minibatch_sgd


@pytest.mark.parametrize(
    ("wrong", "kind"),
    [
        (sgd_written(step="in_place", first_row=np.copy), "aliased"),
        (sgd_written(step=lambda g, b: g / len(b)), "mean_twice"),
        (sgd_written(step=lambda g, b: -g), "sign"),
        (sgd_written(eta=lambda rate, eta0, decay, e: rate / (1 + decay * e)), "compounded"),
        (sgd_written(eta=lambda rate, eta0, decay, e: eta0 / (1 + decay) ** e), "compounded"),
        (sgd_written(eta=lambda rate, eta0, decay, e: eta0 * (1 - decay) ** e), "compounded"),
        (sgd_written(grad_at="epoch_start"), "stale_gradient"),
        (sgd_written(grad_at="lagged"), "stale_gradient"),
        (sgd_written(n=lambda X, y: X.shape[1]), "wrong_n"),
    ],
)
def test_slips_written_as_students_write_them_are_named(wrong, kind):
    err = failure(ex.check_minibatch_sgd, wrong, SGD_CASES)
    assert err.kind == kind, str(err)
    assert_hides(str(err), answers(SGD_CASES[0]))


def test_batch_size_and_n_swapped_are_named():
    def swapped(grad, w0, eta0, X, y, batch_size, n_epochs, decay, rng):
        w, path = w0, [w0]
        for epoch in range(n_epochs):
            for batch in right_batches(batch_size, len(y), rng):
                w = w - eta0 / (1 + decay * epoch) * grad(w, X[batch], y[batch])
            path.append(w)
        return np.array(path)

    assert failure(ex.check_minibatch_sgd, swapped, SGD_CASES).kind == "wrong_n"


def test_a_gradient_written_into_the_loop_is_named():
    def logistic_only(grad, w0, eta0, X, y, batch_size, n_epochs, decay, rng):
        return right_sgd(losses.log_loss_grad, w0, eta0, X, y, batch_size, n_epochs, decay, rng)

    assert failure(ex.check_minibatch_sgd, logistic_only, SGD_CASES).kind == "grad_ignored"


NOTEBOOK_RNG = np.random.default_rng(909)


def test_the_notebooks_generator_in_place_of_the_argument_is_named():
    def global_rng(grad, w0, eta0, X, y, batch_size, n_epochs, decay, generator):
        return right_sgd(grad, w0, eta0, X, y, batch_size, n_epochs, decay, NOTEBOOK_RNG)

    assert failure(ex.check_minibatch_sgd, global_rng, SGD_CASES).kind == "not_reproducible"


def not_written(n, batch_size, rng):
    raise NotImplementedError()


def test_epoch_batches_not_written_is_said_first():
    message = str(
        failure(
            ex.check_minibatch_sgd, right_sgd_on(not_written), SGD_CASES, epoch_batches=not_written
        )
    )
    assert message.startswith("`minibatch_sgd` builds on your `epoch_batches`")
    assert "not implemented" in message and "passes" in message
    assert "case 1 of 1" not in message


def right_sgd_on(batches, summed=False):
    """A minibatch_sgd on ``batches``, right unless it steps with the ``summed`` gradients."""

    def minibatch_sgd(grad, w0, eta0, X, y, batch_size, n_epochs, decay, rng):
        w, path = w0, [w0]
        for epoch in range(n_epochs):
            for batch in batches(len(y), batch_size, rng):
                times = len(batch) if summed else 1
                w = w - eta0 / (1 + decay * epoch) * times * grad(w, X[batch], y[batch])
            path.append(w)
        return np.array(path)

    return minibatch_sgd


def test_wrong_batches_and_an_sgd_slip_of_its_own_are_both_named():
    in_order = batches_with(lambda n, rng: np.arange(n))
    err = failure(
        ex.check_minibatch_sgd,
        right_sgd_on(in_order, summed=True),
        SGD_CASES,
        epoch_batches=in_order,
    )
    assert err.kind == "prerequisite"
    assert "stored order" in str(err) and "SUM" in str(err) and "generator" not in str(err)


def test_an_extra_draw_in_epoch_batches_is_blamed_on_it():
    extra = batches_with(lambda n, rng: (rng.permutation(n), rng.random())[0])
    err = failure(
        ex.check_minibatch_sgd,
        sgd_shuffling_with(lambda n, rng: np.concatenate(extra(n, n, rng))),
        SGD_CASES,
        epoch_batches=extra,
    )
    assert err.kind == "prerequisite" and "`epoch_batches` draws from `rng`" in str(err)


def test_shuffling_the_batches_instead_of_the_examples_is_named():
    def batch_order(n, batch_size, rng):
        batches = [np.arange(i, min(i + batch_size, n)) for i in range(0, n, batch_size)]
        return [batches[k] for k in rng.permutation(len(batches))]

    assert failure(ex.check_epoch_batches, batch_order, [(7, 3, 97), (10, 4, 91)]).kind == (
        "batches_shuffled"
    )


def test_right_weights_with_an_extra_draw_after_the_loop_fail():
    def extra_draw(grad, w0, eta0, X, y, batch_size, n_epochs, decay, rng):
        w, path = np.array(w0, dtype=float), [np.array(w0, dtype=float)]
        for e in range(n_epochs):
            for batch in stochastic.epoch_batches(len(y), batch_size, rng):
                w = w - eta0 / (1 + decay * e) * grad(w, X[batch], y[batch])
            path.append(w)
        rng.random()
        return np.array(path)

    X = np.array([[1.0, 0.5], [1.0, -1.0], [1.0, 2.0], [1.0, 0.1], [1.0, -0.3]])
    y = np.array([1.0, 0.0, 1.0, 0.0, 1.0])
    case = (losses.log_loss_grad, np.zeros(2), 0.5, X, y, 2, 3, 0.1, 97)
    assert failure(ex.check_minibatch_sgd, extra_draw, [case]).kind == "rng_calls"


def test_the_right_weights_as_a_list_are_refused_as_in_08_and_10():
    def as_list(*args):
        return list(right_sgd(*args))

    err = failure(ex.check_minibatch_sgd, as_list, SGD_CASES)
    assert err.kind == "not_an_array"
    assert "NumPy array" in str(err) and "(n_epochs + 1, p)" in str(err)


def overlapping_slices(n, batch_size, rng):
    order = rng.permutation(n)
    return [order[i : i + batch_size + 1] for i in range(0, n, batch_size)]


def an_order_per_batch(n, batch_size, rng):
    return [rng.permutation(n)[:batch_size] for _ in range(0, n, batch_size)]


def an_order_per_batch_cut_in_place(n, batch_size, rng):
    return [rng.permutation(n)[i : i + batch_size] for i in range(0, n, batch_size)]


@pytest.mark.parametrize(
    ("epoch_batches", "kind"),
    [
        (overlapping_slices, "slice_too_long"),
        (an_order_per_batch, "order_per_batch"),
        (an_order_per_batch_cut_in_place, "order_per_batch"),
    ],
)
def test_overlapping_slices_and_an_order_per_batch_are_named(epoch_batches, kind):
    err = failure(ex.check_epoch_batches, epoch_batches, BATCH_CASES)
    assert err.kind == kind, str(err)

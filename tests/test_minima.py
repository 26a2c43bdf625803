"""gdkit.minima: the tilted well, basins of attraction, restarts, perturbed descent, the tiny
network and the minima explorer."""

from __future__ import annotations

import numpy as np
import pytest

from gdkit import gradcheck, minima
from gdkit.descent import gradient_descent


def test_the_well_has_a_deep_and_a_shallow_minimum_and_a_hump_between():
    deep, shallow = minima.WELL_MINIMA
    for m in (deep, shallow):
        assert abs(minima.tilted_well_grad(m)) < 1e-12
        assert gradcheck.numerical_gradient(minima.tilted_well_grad, m) > 0  # curved upwards
    assert deep < 0 < shallow
    assert minima.tilted_well(deep) < minima.tilted_well(shallow)
    hump = np.linspace(deep, shallow, 1001)
    assert minima.tilted_well(hump).max() > minima.tilted_well(shallow) + 0.5


def test_the_gradient_agrees_with_finite_differences():
    for w in np.linspace(-2.5, 2.5, 11):
        assert gradcheck.gradient_error(minima.tilted_well, minima.tilted_well_grad, w) < 1e-7


def test_the_bumpy_bowl_has_its_deepest_valley_near_one_and_a_right_gradient():
    w = np.linspace(-4, 4, 8001)
    loss = minima.bumpy_bowl(w)
    valleys = w[1:-1][(loss[1:-1] < loss[:-2]) & (loss[1:-1] < loss[2:])]
    assert len(valleys) == 4
    assert w[np.argmin(loss)] == pytest.approx(1.05, abs=0.01)
    for v in np.linspace(-4, 4, 17):
        assert gradcheck.gradient_error(minima.bumpy_bowl, minima.bumpy_bowl_grad, v) < 1e-7


@pytest.mark.parametrize("eta", [0.01, 0.05, 0.17, 0.25])
def test_descend_many_is_gradient_descent_from_each_start(eta):
    starts = np.linspace(-2, 2, 41)
    ends = minima.descend_many(minima.tilted_well_grad, starts, eta, 60)
    for start, end in zip(starts, ends, strict=True):
        run = gradient_descent(minima.tilted_well, minima.tilted_well_grad, start, eta, n_steps=60)
        if run.stopped == "diverged":
            assert np.isnan(end) or abs(end) > 1e3
        else:
            assert end == pytest.approx(run.w, rel=1e-12, abs=1e-12)


def test_with_small_steps_the_basins_split_at_the_hump():
    starts = np.linspace(-2, 2, 401)
    labels = minima.basins(minima.tilted_well_grad, starts, 0.05, minima.WELL_MINIMA)
    hump = np.sort(np.roots([4.0, 0.0, -4.0, minima.TILT]).real)[1]
    assert np.all(labels[starts < hump - 0.01] == 0)
    assert np.all(labels[starts > hump + 0.01] == 1)


def test_with_large_steps_some_starts_jump_basins_or_diverge():
    starts = np.linspace(-2, 2, 401)
    labels = minima.basins(minima.tilted_well_grad, starts, 0.17, minima.WELL_MINIMA)
    assert np.any(labels[starts > 1.5] == 0)  # from the right wall into the deep valley
    assert np.any(labels == -1)
    with np.errstate(all="raise"):  # overflow stays silent
        minima.basins(minima.tilted_well_grad, [1e100], 0.3, minima.WELL_MINIMA)


def test_random_restarts_keeps_the_lowest_run_of_the_uniform_starts():
    best = minima.random_restarts(
        minima.tilted_well, minima.tilted_well_grad, 0.05, -2, 2, 5, np.random.default_rng(15)
    )
    starts = np.random.default_rng(15).uniform(-2, 2, size=5)
    finals = [
        gradient_descent(minima.tilted_well, minima.tilted_well_grad, s, 0.05).loss[-1]
        for s in starts
    ]
    assert best.loss[-1] == min(finals)
    assert best.weights[0] == starts[int(np.argmin(finals))]


def test_perturbed_descent_without_noise_is_gradient_descent():
    rng = np.random.default_rng(0)
    path = minima.perturbed_descent(minima.tilted_well_grad, 1.7, 0.05, 30, 0.0, rng)
    plain = gradient_descent(minima.tilted_well, minima.tilted_well_grad, 1.7, 0.05, n_steps=30)
    np.testing.assert_allclose(path, plain.weights, rtol=1e-15)


def test_perturbed_descent_draws_one_normal_per_step():
    class Counting:
        calls = 0

        def normal(self):
            self.calls += 1
            return 0.0

    rng = Counting()
    minima.perturbed_descent(minima.tilted_well_grad, 0.9, 0.05, 17, 1.0, rng, decay=0.9)
    assert rng.calls == 17


def test_shrinking_kicks_mostly_escape_the_shallow_valley():
    rng = np.random.default_rng(0)
    ends = [
        minima.perturbed_descent(minima.tilted_well_grad, 0.93, 0.05, 400, 10.0, rng, 0.99)[-1]
        for _ in range(100)
    ]
    assert np.mean(np.array(ends) < 0) > 0.6


def test_swapping_the_hidden_units_keeps_the_function():
    rng = np.random.default_rng(1)
    x, y = np.linspace(-3, 3, 13), rng.normal(size=13)
    w = rng.normal(size=7)
    swapped = w[[3, 4, 5, 0, 1, 2, 6]]
    assert np.array_equal(minima.tiny_net(w, x), minima.tiny_net(swapped, x))
    assert minima.tiny_net_loss(w, x, y) == minima.tiny_net_loss(swapped, x, y)


# ---------------------------------------------------------------------------- the explorer


def figure():
    return minima.MinimaFigure(
        minima.tilted_well, minima.tilted_well_grad, np.linspace(-2, 2, 201), minima.WELL_MINIMA
    )


def test_the_figure_updates_its_artists_in_place():
    fig = figure()
    fig.update(1.5, 0.05)
    fig.to_png()
    artists = len(fig.ax.get_children())
    for w0, eta in [(-1.9, 0.2), (0.3, 0.01), (1.9, 0.17)]:
        history = fig.update(w0, eta)
        assert fig.to_png()[:4] == b"\x89PNG"
        np.testing.assert_array_equal(fig._path.line.get_xdata(), history.weights)
    assert len(fig.ax.get_children()) == artists


def test_the_bands_follow_the_basins():
    fig = figure()
    fig.update(1.9, 0.17)
    expected = minima.basins(
        minima.tilted_well_grad, fig.grid, 0.17, minima.WELL_MINIMA, n_steps=60
    )
    np.testing.assert_array_equal(fig.labels, expected)
    runs = 1 + np.count_nonzero(np.diff(expected))
    assert len(fig._bands.get_paths()) == runs


def test_no_widget_under_nbgrader(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    shown = minima.minima_explorer(
        minima.tilted_well,
        minima.tilted_well_grad,
        1.5,
        w_grid=np.linspace(-2, 2, 101),
        minima=minima.WELL_MINIMA,
    )
    assert isinstance(shown, minima.MinimaFigure)
    assert shown._repr_png_()[:4] == b"\x89PNG"


def test_the_sliders_redraw_the_picture(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    box = minima.minima_explorer(
        minima.tilted_well,
        minima.tilted_well_grad,
        1.5,
        w_grid=np.linspace(-2, 2, 101),
        minima=minima.WELL_MINIMA,
    )
    (start, rate), image = box.children[0].children, box.children[1]
    before = image.value
    rate.value = 0.17
    after_eta = image.value
    start.value = -1.5
    assert before != after_eta != image.value


def test_a_learning_rate_outside_its_range_is_refused():
    with pytest.raises(ValueError, match="eta"):
        minima.minima_explorer(
            minima.tilted_well,
            minima.tilted_well_grad,
            1.5,
            w_grid=np.linspace(-2, 2, 11),
            minima=minima.WELL_MINIMA,
            eta=1.0,
        )

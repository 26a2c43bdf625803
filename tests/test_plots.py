"""Loss curve, trace and contour plots: what is drawn, where, and nothing else."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from gdkit.descent import gradient_descent
from gdkit.plots import plot_contour, plot_loss_curve, plot_trace

pytestmark = pytest.mark.filterwarnings("error")

GRID = np.linspace(-1.0, 5.0, 61)


def parabola(w):
    return (w - 3.0) ** 2


def bowl(w):
    return w[0] ** 2 + 4 * w[1] ** 2


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def ax():
    """Axes of a figure unknown to pyplot: the functions must not need pyplot's state."""
    return Figure().add_subplot()


def line_labelled(ax, label):
    (line,) = [line for line in ax.get_lines() if line.get_label() == label]
    return line


def test_loss_curve_with_the_steps_of_a_run(ax):
    h = gradient_descent(parabola, lambda w: 2 * (w - 3), 0.0, 0.3, n_steps=6)
    assert plot_loss_curve(parabola, GRID, h, ax=ax) is ax
    curve = line_labelled(ax, "L(w)")
    np.testing.assert_allclose(curve.get_xdata(), GRID)
    np.testing.assert_allclose(curve.get_ydata(), parabola(GRID))
    steps = line_labelled(ax, "steps")
    np.testing.assert_allclose(steps.get_xdata(), h.weights)
    np.testing.assert_allclose(steps.get_ydata(), h.loss)
    assert list(line_labelled(ax, "start").get_xydata()[0]) == [0.0, 9.0]
    assert list(line_labelled(ax, "end").get_xydata()[0]) == [h.w, h.loss[-1]]
    assert ax.get_xlim() == (GRID[0], GRID[-1])  # the view stays on the curve
    assert ax.get_legend() is not None


def test_loss_curve_with_the_weights_alone(ax):
    """Can a student's own descent, a plain array of weights, be drawn on the curve?"""
    h = gradient_descent(parabola, lambda w: 2 * (w - 3), 0.0, 0.3, n_steps=6)
    plot_loss_curve(parabola, GRID, list(h.weights), ax=ax)
    steps = line_labelled(ax, "steps")
    np.testing.assert_allclose(steps.get_xdata(), h.weights)
    np.testing.assert_allclose(steps.get_ydata(), h.loss)


def test_loss_curve_alone_and_on_a_new_figure():
    ax = plot_loss_curve(parabola, GRID)
    assert ax.figure in map(plt.figure, plt.get_fignums())
    assert [line.get_label() for line in ax.get_lines()] == ["L(w)"]


def test_a_curve_that_overflows_leaves_gaps_not_warnings(ax):
    plot_loss_curve(lambda w: np.exp(w**2), np.linspace(-40, 40, 9), ax=ax)
    ydata = ax.get_lines()[0].get_ydata()
    assert np.isnan(ydata[0]) and np.isfinite(ydata[4])
    assert np.all(np.isfinite(ax.get_ylim()))


def test_trace_of_a_history_and_of_a_list(ax):
    h = gradient_descent(parabola, lambda w: 2 * (w - 3), 0.0, 0.1, n_steps=8)
    plot_trace(h, ax=ax, label="eta = 0.1")
    plot_trace([9.0, 4.0, 1.0], ax=ax, label="by hand")
    first, second = ax.get_lines()
    np.testing.assert_allclose(first.get_xydata(), np.column_stack([np.arange(9), h.loss]))
    np.testing.assert_allclose(second.get_ydata(), [9.0, 4.0, 1.0])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["eta = 0.1", "by hand"]
    assert ax.get_yscale() == "linear"


def test_trace_on_a_log_scale(ax):
    plot_trace([9.0, 4.0, 1.0], ax=ax, log=True)
    assert ax.get_yscale() == "log" and ax.get_legend() is None
    with pytest.raises(ValueError, match="positive"):
        plot_trace([1.0, 0.0], ax=ax, log=True)


def test_trace_with_non_finite_losses_leaves_a_gap(ax):
    plot_trace([1.0, 2.0, np.inf], ax=ax)
    assert np.isnan(ax.get_lines()[0].get_ydata()[2])


def test_contour_with_the_path_of_a_run(ax):
    h = gradient_descent(
        bowl, lambda w: np.array([2, 8]) * w, np.array([1.8, 0.9]), 0.1, n_steps=10
    )
    g1, g2 = np.linspace(-2, 2, 41), np.linspace(-1, 1, 21)
    assert plot_contour(bowl, g1, g2, h, ax=ax) is ax
    assert len(ax.collections) == 1  # the contour set
    np.testing.assert_allclose(line_labelled(ax, "steps").get_xydata(), h.weights)
    np.testing.assert_allclose(line_labelled(ax, "start").get_xydata(), h.weights[:1])
    assert (ax.get_xlim(), ax.get_ylim()) == ((-2.0, 2.0), (-1.0, 1.0))


def test_contour_of_a_constant_loss_draws_no_lines_and_warns_not(ax):
    plot_contour(lambda w: 1.0, np.linspace(0, 1, 5), np.linspace(0, 1, 5), ax=ax)
    assert len(ax.collections) == 0


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda ax: plot_loss_curve(parabola, [1.0], ax=ax), ValueError),  # one grid point
        (lambda ax: plot_loss_curve(parabola, [2.0, 1.0], ax=ax), ValueError),  # decreasing
        (lambda ax: plot_loss_curve(parabola, [0.0, np.nan], ax=ax), ValueError),
        (lambda ax: plot_loss_curve(parabola, GRID, history="path", ax=ax), TypeError),
        (lambda ax: plot_loss_curve(parabola, GRID, history=[[1, 2]], ax=ax), ValueError),
        (lambda ax: plot_loss_curve(parabola, GRID, ax="left"), TypeError),
        (lambda ax: plot_loss_curve("f", GRID, ax=ax), TypeError),
        (lambda ax: plot_loss_curve(lambda w: np.ones(2), GRID, ax=ax), ValueError),
        (
            lambda ax: plot_loss_curve(
                parabola, GRID, gradient_descent(bowl, lambda w: 2 * w, np.ones(2), 0.1), ax=ax
            ),
            ValueError,
        ),
        (
            lambda ax: plot_contour(
                bowl, GRID, GRID, gradient_descent(parabola, lambda w: 2 * w, 1.0, 0.1), ax=ax
            ),
            ValueError,
        ),
        (lambda ax: plot_trace([], ax=ax), ValueError),
        (lambda ax: plot_trace("loss", ax=ax), TypeError),
        (lambda ax: plot_trace([[1.0, 2.0]], ax=ax), ValueError),
    ],
)
def test_wrong_arguments_are_refused(ax, call, error):
    with pytest.raises(error):
        call(ax)


def test_nothing_is_printed(ax, capfd):
    h = gradient_descent(parabola, lambda w: 2 * (w - 3), 0.0, 0.3, n_steps=3)
    plot_loss_curve(parabola, GRID, h, ax=ax)
    plot_trace(h)
    plot_contour(bowl, GRID, GRID)
    assert capfd.readouterr() == ("", "")

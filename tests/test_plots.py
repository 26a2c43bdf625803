"""Loss curve, trace and contour plots: what is drawn, where, and nothing else."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from gdkit.descent import gradient_descent
from gdkit.plots import plot_contour, plot_loss_curve, plot_trace

GRID = np.linspace(-1.0, 5.0, 61)


def parabola(w):
    return (w - 3.0) ** 2


def bowl(w):
    return w[0] ** 2 + 4 * w[1] ** 2


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


def drawn(ax):
    """Draw the figure of ``ax`` (as a notebook would show it); return its RGB pixels."""
    canvas = FigureCanvasAgg(ax.figure)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].astype(float)


def pixels_of(picture, color, around, radius=20):
    """How many pixels of ``color`` lie within ``radius`` pixels of the display point ``around``."""
    x, y = around
    row = picture.shape[0] - y  # display y counts from the bottom, rows from the top
    patch = picture[int(row - radius) : int(row + radius), int(x - radius) : int(x + radius)]
    return int(np.sum(np.all(np.abs(patch - 255 * np.array(to_rgb(color))) < 40, axis=-1)))


def test_a_run_that_ends_where_it_started_shows_start_path_and_end(ax):
    """Bouncing 0 -> 6 -> 0 on (w - 3)**2: the end sits on the start, the path between."""
    h = gradient_descent(parabola, lambda w: 2 * (w - 3), 0.0, 1.0, n_steps=2)
    assert list(h.weights) == [0.0, 6.0, 0.0]
    plot_loss_curve(parabola, GRID, h, ax=ax)
    start, steps, end = (line_labelled(ax, name) for name in ("start", "steps", "end"))
    assert start.get_zorder() < steps.get_zorder() < end.get_zorder()
    assert end.get_markerfacecolor() == "none" and end.get_markersize() > start.get_markersize()
    picture = drawn(ax)
    spot = ax.transData.transform((0.0, 9.0))
    for color in ("tab:green", "tab:orange", "tab:red"):  # all three show at the start
        assert pixels_of(picture, color, spot) > 10, color


def test_contour_lines_are_labelled_with_short_loss_values(ax):
    g1, g2 = np.linspace(-2, 2, 41), np.linspace(-1, 1, 21)
    plot_contour(bowl, g1, g2, ax=ax)
    (contours,) = ax.collections
    labels = [text.get_text() for text in ax.texts]
    assert len(labels) >= 4
    assert {float(label) for label in labels} <= set(contours.levels)
    assert max(map(len, labels)) <= 4  # levels rounded: "0.62", not "0.6183"
    assert len(set(labels)) >= 3  # several levels, not one repeated


def test_the_minimum_is_a_star_above_the_end_marker(ax):
    h = gradient_descent(
        bowl, lambda w: np.array([2, 8]) * w, np.array([1.8, 0.9]), 0.1, n_steps=60
    )
    plot_contour(bowl, np.linspace(-2, 2, 41), np.linspace(-1, 1, 21), h, ax=ax, minimum=[0, 0])
    star, end = line_labelled(ax, "minimum"), line_labelled(ax, "end")
    assert list(star.get_xydata()[0]) == [0.0, 0.0] and star.get_marker() == "*"
    assert star.get_zorder() > end.get_zorder()
    assert "minimum" in [text.get_text() for text in ax.get_legend().get_texts()]


def test_the_minimum_on_a_loss_curve(ax):
    plot_loss_curve(parabola, GRID, ax=ax, minimum=3)
    assert list(line_labelled(ax, "minimum").get_xydata()[0]) == [3.0, 0.0]
    assert ax.get_legend() is not None


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda ax: plot_contour(bowl, GRID, GRID, ax=ax, minimum=[0.0, 0.0, 0.0]), ValueError),
        (lambda ax: plot_contour(bowl, GRID, GRID, ax=ax, minimum="origin"), TypeError),
        (lambda ax: plot_loss_curve(parabola, GRID, ax=ax, minimum=[3.0, 1.0]), ValueError),
    ],
)
def test_a_minimum_of_the_wrong_shape_is_refused(ax, call, error):
    with pytest.raises(error, match="minimum"):
        call(ax)


def legend_covers(ax):
    """Which lines (by label) the legend covers: points inside its box or a segment across."""
    picture_is_drawn = drawn(ax)  # the legend finds its place when drawn
    assert picture_is_drawn.size
    box = ax.get_legend().get_window_extent()
    covered = []
    for line in ax.get_lines():
        path = line.get_transform().transform_path(line.get_path())
        if box.count_contains(path.vertices) or path.intersects_bbox(box, filled=False):
            covered.append(line.get_label())
    return covered


def test_the_legend_leaves_a_diverging_path_alone():
    """Steps that shoot up from wall to wall across the top of a small plot."""
    ax = plt.subplots(figsize=(4, 3.2), layout="constrained")[1]
    h = gradient_descent(parabola, lambda w: 2 * (w - 3), 4.5, 1.1, n_steps=12)
    plot_loss_curve(parabola, np.linspace(0.5, 5.5, 200), h, ax=ax)
    assert legend_covers(ax) == []


def test_the_legend_leaves_oscillating_and_diverging_traces_alone():
    """The swings grow towards the upper right, where a fixed legend used to sit."""
    ax = plt.subplots(figsize=(4, 3), layout="constrained")[1]
    plot_trace([1.0, 1.6, 0.8, 2.4, 0.9, 4.0, 1.0, 6.5, 1.2, 10.0], ax=ax, label="eta = 1.1")
    plot_trace([1.0, 0.7, 0.9, 0.6, 0.8, 0.6, 0.7, 0.6, 0.65, 0.6], ax=ax, label="eta = 0.9")
    assert legend_covers(ax) == []


def test_the_legend_leaves_a_contour_path_alone(ax):
    h = gradient_descent(
        bowl, lambda w: np.array([2, 8]) * w, np.array([1.8, 0.9]), 0.2, n_steps=30
    )
    plot_contour(bowl, np.linspace(-2, 2, 41), np.linspace(-1, 1, 21), h, ax=ax, minimum=[0, 0])
    assert legend_covers(ax) == []


def inside(ax, artist):
    box, frame = artist.get_window_extent(), ax.get_window_extent()
    return frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1


@pytest.mark.parametrize(
    ("w0", "eta", "arrow", "where"),
    [
        (1.5, 1.1, "↖", "w = -6.29, L = 86.3"),  # diverges out to the left, above the view
        (4.5, 1.1, "↗", "w = 12.3, L = 86.3"),  # ... to the right
    ],
)
def test_an_end_outside_the_view_is_named_in_a_note_inside_it(ax, w0, eta, arrow, where):
    h = gradient_descent(parabola, lambda w: 2 * (w - 3), w0, eta, n_steps=10)
    plot_loss_curve(parabola, np.linspace(0.5, 5.5, 100), h, ax=ax)
    (note,) = [text for text in ax.texts if text.get_text()]
    assert note.get_text() == f"{arrow} end outside the view:\n{where}"
    drawn(ax)
    assert inside(ax, note)


def test_a_contour_note_names_both_weights_and_the_start_too(ax):
    path = np.array([[0.5, 3.0], [0.2, 0.1], [0.1, -2.0]])  # from above the view to below it
    plot_contour(bowl, np.linspace(-2, 2, 21), np.linspace(-1, 1, 11), path, ax=ax)
    (note,) = [text for text in ax.texts if "outside" in text.get_text()]
    assert note.get_text().splitlines() == [
        "↓ end outside the view:",
        "w₁ = 0.1, w₂ = -2",
        "↑ start outside the view:",
        "w₁ = 0.5, w₂ = 3",
    ]
    drawn(ax)
    assert inside(ax, note)


def test_no_note_while_the_path_stays_in_view(ax):
    h = gradient_descent(parabola, lambda w: 2 * (w - 3), 0.0, 0.3, n_steps=6)
    plot_loss_curve(parabola, GRID, h, ax=ax)
    assert [text.get_text() for text in ax.texts] == [""]


def test_a_path_that_ends_in_nan_gets_a_note_without_a_direction(ax):
    plot_loss_curve(parabola, GRID, [1.0, 2.0, np.nan], ax=ax)
    (note,) = ax.texts
    assert note.get_text() == "end outside the view:\nw = nan, L = nan"
    drawn(ax)
    assert inside(ax, note)


def test_nothing_is_printed(ax, capfd):
    h = gradient_descent(parabola, lambda w: 2 * (w - 3), 0.0, 0.3, n_steps=3)
    plot_loss_curve(parabola, GRID, h, ax=ax)
    plot_trace(h)
    plot_contour(bowl, GRID, GRID)
    assert capfd.readouterr() == ("", "")

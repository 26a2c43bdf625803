"""The learning-rate explorer: the figure object, the widgets, and nbgrader mode."""

from __future__ import annotations

import io
import runpy
import sys
from pathlib import Path

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

from gdkit.data import load_heart, standardize
from gdkit.descent import gradient_descent
from gdkit.explorer import LearningRateFigure, learning_rate_explorer
from gdkit.losses import log_loss, log_loss_grad
from gdkit.momentum import momentum_descent

GRID = np.linspace(-2.0, 4.0, 61)


def parabola(w):
    return (w - 1.0) ** 2


def parabola_grad(w):
    return 2.0 * (w - 1.0)


def bowl(w):
    return w[0] ** 2 + 4 * w[1] ** 2


def bowl_grad(w):
    return np.array([2.0, 8.0]) * w


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)


def test_update_reruns_the_descent_and_moves_the_existing_lines():
    fig = LearningRateFigure(parabola, parabola_grad, w_grid=GRID)
    lines_before = list(fig.ax_loss.get_lines()) + list(fig.ax_trace.get_lines())
    for eta in (0.1, 0.7, 1.1):
        history = fig.update(eta, -1.5, 12)
        expected = gradient_descent(parabola, parabola_grad, -1.5, eta, n_steps=12)
        np.testing.assert_array_equal(history.weights, expected.weights)
        assert fig.history is history
    assert list(fig.ax_loss.get_lines()) + list(fig.ax_trace.get_lines()) == lines_before
    steps = [line for line in fig.ax_loss.get_lines() if line.get_label() == "steps"][0]
    np.testing.assert_array_equal(steps.get_xdata(), history.weights)
    trace = fig.ax_trace.get_lines()[0]
    np.testing.assert_array_equal(trace.get_ydata(), history.loss)
    low, high = fig.ax_trace.get_ylim()
    assert low < history.loss.min() and history.loss.max() < high
    assert fig.diagnosis.verdict == "diverged"
    assert "diverged" in fig.ax_loss.get_title() and "1.1" in fig.ax_loss.get_title()


def test_two_weights_use_a_contour_plot():
    fig = LearningRateFigure(
        bowl, bowl_grad, w1_grid=np.linspace(-2, 2, 21), w2_grid=np.linspace(-1, 1, 11)
    )
    history = fig.update(0.1, np.array([1.5, 0.8]), 15)
    steps = [line for line in fig.ax_loss.get_lines() if line.get_label() == "steps"][0]
    np.testing.assert_array_equal(steps.get_xydata(), history.weights)
    assert len(fig.ax_loss.collections) == 1
    assert fig.diagnosis.verdict == "converged"


def full_render(fig: LearningRateFigure) -> np.ndarray:
    buffer = io.BytesIO()
    fig.figure.savefig(buffer, format="png")
    return pixels(buffer.getvalue())


def test_the_quick_render_shows_what_a_full_redraw_shows():
    fig = LearningRateFigure(parabola, parabola_grad, w_grid=GRID)
    pictures = []
    # the first render is special; the last run leaves the view (a note says so)
    for eta, w0, n_steps in [(0.05, -1.5, 10), (0.9, 3.0, 25), (1.2, 3.0, 25)]:
        fig.update(eta, w0, n_steps)
        png = fig.to_png()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        quick, full = pixels(png), full_render(fig)
        assert quick.shape == full.shape
        differs = np.any(np.abs(quick - full) > 40, axis=2)
        assert differs.mean() < 0.01  # the legend is placed once, before the path is known
        title_strip = slice(0, int(0.1 * len(full)))  # above the axes
        assert not differs[title_strip].any()
        assert (quick[title_strip] < 100).any()  # the title is there, in dark text
        pictures.append(quick)
    assert np.any(np.abs(pictures[0] - pictures[1]) > 40)  # and the picture did change
    assert "outside the view" in fig._path.note.get_text()


def test_the_picture_is_large_and_its_text_readable():
    """About as wide as a JupyterLab output, and no text under 11 points."""
    figures = [
        LearningRateFigure(parabola, parabola_grad, w_grid=GRID),
        LearningRateFigure(
            bowl, bowl_grad, w1_grid=np.linspace(-2, 2, 21), w2_grid=np.linspace(-1, 1, 11)
        ),
    ]
    for fig, w0 in zip(figures, [-1.5, np.array([1.5, 0.8])], strict=True):
        fig.update(1.2, w0, 20)  # diverges: the note on the end outside the view shows too
        width, height = Image.open(io.BytesIO(fig.to_png())).size
        assert width >= 1000 and height >= 400
        texts = [t for t in fig.figure.findobj(Text) if t.get_text() and t.get_visible()]
        assert len(texts) > 15  # titles, axis and tick labels, the legend, the note ...
        assert min(t.get_fontsize() for t in texts) >= 11


def test_the_legend_sits_below_the_loss_axes_where_no_path_goes():
    fig = LearningRateFigure(parabola, parabola_grad, w_grid=GRID)
    fig.update(0.9, 3.0, 25)
    fig.to_png()
    legend, axes = fig.ax_loss.get_legend().get_window_extent(), fig.ax_loss.get_window_extent()
    assert legend.y1 < axes.y0  # below the axes, under the x label
    assert fig.figure.bbox.contains(legend.x0, legend.y0)  # and still on the picture


def test_at_eta_100_on_the_heart_loss_the_picture_says_where_the_end_went():
    """The notebook's explorer: the end at eta = 100 lies far left of w in [-12, 4]."""
    heart = load_heart()
    z, _, _ = standardize(heart.column("MaxHR"))
    fig = LearningRateFigure(
        lambda w: log_loss(w, z, heart.y),
        lambda w: log_loss_grad(w, z, heart.y),
        w_grid=np.linspace(-12, 4, 200),
    )
    history = fig.update(100.0, 2.0, 30)
    note = fig._path.note
    assert history.w < -12
    assert note.get_text().startswith("↖ end outside the view:\nw = -")
    fig.to_png()
    box, axes = note.get_window_extent(), fig.ax_loss.get_window_extent()
    assert axes.x0 <= box.x0 and box.x1 <= axes.x1 and axes.y0 <= box.y0 and box.y1 <= axes.y1
    start = fig.ax_loss.transData.transform((2.0, history.loss[0]))
    assert axes.contains(*start)  # the start is in view
    fig.update(1.0, 2.0, 30)
    assert note.get_text() == ""  # back in view: no note


def test_no_steps_no_diagnosis():
    fig = LearningRateFigure(parabola, parabola_grad, w_grid=GRID)
    assert fig.update(0.1, 0.0, 0).n_steps == 0
    assert fig.diagnosis is None


@pytest.mark.parametrize(
    ("grids", "w0"),
    [
        ({}, 0.0),
        ({"w_grid": GRID, "w1_grid": GRID, "w2_grid": GRID}, 0.0),
        ({"w1_grid": GRID}, 0.0),
        ({"w_grid": GRID}, np.zeros(2)),
        ({"w1_grid": GRID, "w2_grid": GRID}, 0.0),
    ],
)
def test_grids_and_start_must_fit_together(grids, w0):
    with pytest.raises(ValueError):
        LearningRateFigure(bowl if "w1_grid" in grids else parabola, bowl_grad, **grids).update(
            0.1, w0, 5
        )


def controls(box):
    """The sliders of an explorer by their description, its image and its message."""
    sliders, image, message = box.children
    return {slider.description: slider for slider in sliders.children}, image, message


def test_the_explorer_widgets_drive_the_figure():
    box = learning_rate_explorer(parabola, parabola_grad, -1.5, eta=0.05, n_steps=10, w_grid=GRID)
    assert isinstance(box, widgets.VBox)
    sliders, image, message = controls(box)
    eta, steps, start = sliders["η"], sliders["steps"], sliders["start w"]
    assert isinstance(eta, widgets.FloatLogSlider) and isinstance(steps, widgets.IntSlider)
    assert (eta.value, eta.base, eta.min, eta.max) == (0.05, 10, -4.0, 1.0)
    assert (steps.value, start.value, start.min, start.max) == (10, -1.5, -2.0, 4.0)
    assert isinstance(image, widgets.Image) and image.value[:4] == b"\x89PNG"
    assert "too_slow" in message.value

    pictures = [image.value]
    eta.value = 0.5
    assert "converged" in message.value
    pictures.append(image.value)
    eta.value = 1.2
    assert "diverged" in message.value
    pictures.append(image.value)
    steps.value = 40
    start.value = 3.0
    pictures.append(image.value)
    assert len(set(pictures)) == 4


def test_two_weights_get_one_start_slider_each():
    box = learning_rate_explorer(
        bowl,
        bowl_grad,
        np.array([1.5, 0.8]),
        w1_grid=np.linspace(-2, 2, 21),
        w2_grid=np.linspace(-1, 1, 11),
    )
    sliders, image, message = controls(box)
    assert {"start w₁", "start w₂"} <= set(sliders)
    before = image.value
    sliders["start w₂"].value = -0.5
    assert image.value != before


def test_an_error_in_a_callback_is_shown_under_the_figure_not_on_stderr(capfd):
    def picky_grad(w):
        if w > 3:
            raise ValueError("outside the data")
        return parabola_grad(w)

    box = learning_rate_explorer(parabola, picky_grad, 0.0, w_grid=GRID)
    sliders, image, message = controls(box)
    sliders["start w"].value = 3.5
    assert "Could not run the descent: ValueError: outside the data" in message.value
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("mode", ["autograde", "validate"])
def test_under_nbgrader_no_widget_is_built(monkeypatch, mode):
    monkeypatch.setenv("NBGRADER_EXECUTION", mode)
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # any import of it would fail
    result = learning_rate_explorer(parabola, parabola_grad, -1.5, w_grid=GRID)
    assert isinstance(result, LearningRateFigure) and isinstance(result.figure, Figure)
    assert result.history.weights[0] == -1.5 and result.history.n_steps == 20
    assert result._repr_png_()[:4] == b"\x89PNG"  # how a notebook shows it


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"eta": 50.0}, "outside"),
        ({"eta_range": (1.0, 0.1)}, "eta_range"),
        ({"eta_range": (0.0, 1.0)}, "eta_range"),
    ],
)
def test_bad_learning_rate_settings(options, words):
    with pytest.raises(ValueError, match=words):
        learning_rate_explorer(parabola, parabola_grad, 0.0, w_grid=GRID, **options)


def test_the_benchmark_script_prints_its_table(monkeypatch, capsys):
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_explorer.py"
    monkeypatch.setattr(sys, "argv", [str(script), "--changes", "3"])
    runpy.run_path(str(script), run_name="__main__")
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split() == [
        "figure",
        "method",
        "median",
        "ms",
        "worst",
        "ms",
        "median",
        "CPU",
        "ms",
    ]
    assert len(lines) == 2 + 9  # one weight, two weights, momentum: three methods each
    assert all(float(line.split()[-1]) > 0 for line in lines[2:])


# ---------------------------------------------------------------------------- momentum


def test_a_positive_beta_runs_momentum_and_says_so_in_the_title():
    fig = LearningRateFigure(
        bowl, bowl_grad, w1_grid=np.linspace(-2, 2, 21), w2_grid=np.linspace(-1, 1, 11)
    )
    w0 = np.array([1.5, 0.8])
    history = fig.update(0.05, w0, 15, beta=0.8)
    expected = momentum_descent(bowl, bowl_grad, w0, 0.05, 0.8, n_steps=15)
    np.testing.assert_array_equal(history.weights, expected.weights)
    steps = [line for line in fig.ax_loss.get_lines() if line.get_label() == "steps"][0]
    np.testing.assert_array_equal(steps.get_xydata(), expected.weights)
    assert "β = 0.8" in fig.ax_loss.get_title()
    plain = fig.update(0.05, w0, 15, beta=0.0)
    np.testing.assert_array_equal(
        plain.weights, gradient_descent(bowl, bowl_grad, w0, 0.05, n_steps=15).weights
    )
    assert "β" not in fig.ax_loss.get_title()


def test_without_beta_there_is_no_momentum_slider():
    sliders, _, _ = controls(learning_rate_explorer(parabola, parabola_grad, 0.0, w_grid=GRID))
    assert set(sliders) == {"η", "steps", "start w"}


def test_the_momentum_slider_drives_the_figure():
    box = learning_rate_explorer(
        bowl,
        bowl_grad,
        np.array([1.5, 0.8]),
        eta=0.05,
        beta=0.0,
        w1_grid=np.linspace(-2, 2, 21),
        w2_grid=np.linspace(-1, 1, 11),
    )
    sliders, image, message = controls(box)
    momentum = sliders["β"]
    assert (momentum.value, momentum.min, momentum.max) == (0.0, 0.0, 0.99)
    before = image.value
    momentum.value = 0.9
    assert image.value != before and message.value
    momentum.value = 0.0  # back to plain gradient descent: the same picture as at first
    assert image.value == before


def test_under_nbgrader_the_figure_shows_momentum(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    result = learning_rate_explorer(parabola, parabola_grad, -1.5, beta=0.5, w_grid=GRID)
    expected = momentum_descent(parabola, parabola_grad, -1.5, 0.1, 0.5, n_steps=20)
    np.testing.assert_array_equal(result.history.weights, expected.weights)


@pytest.mark.parametrize("beta", [-0.1, 1.0, 2.0])
def test_bad_momentum(beta):
    with pytest.raises(ValueError, match="beta"):
        learning_rate_explorer(parabola, parabola_grad, 0.0, w_grid=GRID, beta=beta)


def test_a_momentum_run_that_swings_is_told_about_beta_not_about_mini_batches():
    from gdkit.explorer import _message_html

    figure = LearningRateFigure(
        lambda w: 0.5 * (w[0] ** 2 + 25 * w[1] ** 2),
        lambda w: np.array([w[0], 25 * w[1]]),
        w1_grid=np.linspace(-5, 5, 21),
        w2_grid=np.linspace(-2, 2, 21),
    )
    figure.update(0.07, np.array([-4.0, 1.0]), 40, beta=0.9)
    assert figure.diagnosis.verdict == "oscillating"
    assert "smaller β" in _message_html(figure)
    figure.update(0.07, np.array([-4.0, 1.0]), 40)
    assert "β" not in _message_html(figure)

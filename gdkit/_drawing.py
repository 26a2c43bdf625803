"""The artists that gdkit's plots and its explorer share: each ``draw_*`` function draws on
an Axes and returns what it drew, so that :mod:`gdkit.explorer` can update it in place."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib import colormaps
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator
from PIL import Image

from gdkit._inputs import real_array

MARGIN = 0.05  # share of the range added above and below a loss curve
# Stacking order, bottom to top: a big start disc, the path's thin line over it, a hollow
# end ring over both, the minimum's star, then the note on points outside the view. So
# a run that ends where it started, or a short one, still shows all three.
_Z = {"start": 3, "steps": 4, "end": 5, "minimum": 6, "note": 7}
# an arrow per direction in which a point left the view: (left/right, down/up)
_ARROWS = {
    (-1, 0): "←",
    (1, 0): "→",
    (0, 1): "↑",
    (0, -1): "↓",
    (-1, 1): "↖",
    (1, 1): "↗",
    (-1, -1): "↙",
    (1, -1): "↘",
    (0, 0): "",  # a NaN point: no direction
}


def checked_grid(values: Any, name: str) -> np.ndarray:
    grid = real_array(values, name, ndims=(1,))
    if len(grid) < 2 or not np.all(np.diff(grid) > 0):
        raise ValueError(f"{name} must hold at least 2 increasing values (e.g. np.linspace)")
    return grid


def values_on(loss: Callable[[Any], Any], points: Sequence[Any]) -> np.ndarray:
    """``loss`` at each point; infinite or NaN values (overflow) become gaps (NaN)."""
    if not callable(loss):
        raise TypeError("loss must be a function of the weights")
    with np.errstate(all="ignore"):
        out = [np.asarray(loss(p), dtype=float) for p in points]
    if any(value.size != 1 for value in out):
        raise ValueError("loss must return one number for each point of the grid")
    values = np.array([value.item() for value in out])
    return np.where(np.isfinite(values), values, np.nan)


def legend_off_the_data(ax: Axes) -> None:
    """A compact legend where it covers the fewest points and lines (matplotlib's "best").

    Given explicitly, "best" is found again at each draw, so lines a notebook adds later
    are avoided too; it takes a fraction of a second even for 20 000 steps. Compact (small
    markers, tight rows), it finds a free corner on small axes too.
    """
    ax.legend(
        loc="best",
        fontsize="small",
        markerscale=0.7,
        labelspacing=0.3,
        handlelength=1.5,
        borderaxespad=0.3,
    )


def _view_fraction(ax: Axes, x: float, y: float) -> np.ndarray:
    """(x, y) as fractions of the view: 0 to 1 inside it, NaN for a NaN coordinate."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    with np.errstate(all="ignore"):  # a diverged run can reach 1e300 or infinity
        return np.array([(x - x0) / (x1 - x0), (y - y0) / (y1 - y0)], dtype=float)


@dataclass
class PathArtists:
    """A descent path: the points joined by a line, a start and an end marker, and a note
    (inside the axes, at the edge) on the start or end when it lies outside the view.

    ``names`` are the quantities on the x and y axis, for the note: ("w", "L") or
    ("w₁", "w₂").
    """

    start: Line2D
    line: Line2D
    end: Line2D
    note: Text
    names: tuple[str, str]

    def artists(self) -> tuple[Line2D, Line2D, Line2D, Text]:
        return self.start, self.line, self.end, self.note

    def set_data(self, x: np.ndarray, y: np.ndarray) -> None:
        """Move the path (the note reads the axes limits: set them first)."""
        self.line.set_data(x, y)
        self.start.set_data(x[:1], y[:1])
        self.end.set_data(x[-1:], y[-1:])
        lines, first = [], None
        for name, i in (("end", -1), ("start", 0)) if len(x) else ():
            where = _view_fraction(self.note.axes, x[i], y[i])
            off = ~((where >= 0) & (where <= 1))  # NaN counts as off
            if off.any():
                dx, dy = np.where(off & ~np.isnan(where), np.sign(where - 0.5), 0).astype(int)
                first = first or (dx, dy, where[1])
                lines.append(f"{_ARROWS[dx, dy]} {name} outside the view:".lstrip())
                lines.append(f"{self.names[0]} = {x[i]:.3g}, {self.names[1]} = {y[i]:.3g}")
        self.note.set_text("\n".join(lines))  # an empty text draws nothing
        if first is not None:
            self._place_note(*first)

    def _place_note(self, dx: int, dy: int, fy: float) -> None:
        """Put the note inside the axes, at the edge by which the point left the view: in
        the middle of the top or bottom edge (where a long note fits), or on the left or
        right edge at the height where the point is."""
        ha, x = {-1: ("left", 0.02), 0: ("center", 0.5), 1: ("right", 0.98)}[dx]
        if dy:
            y = 0.02 if dy < 0 else 0.98
        else:
            y = float(np.clip(np.nan_to_num(fy, nan=0.5), 0.02, 0.98))
        self.note.set_position((x, y))
        self.note.set_horizontalalignment(ha)
        self.note.set_verticalalignment("bottom" if y < 0.5 else "top")


def draw_path(
    ax: Axes, x: np.ndarray, y: np.ndarray, names: tuple[str, str] = ("w", "L")
) -> PathArtists:
    path = PathArtists(  # made in the order the legend lists them
        start=ax.plot([], [], "o", color="tab:green", ms=10, label="start", zorder=_Z["start"])[0],
        line=ax.plot(
            [], [], "o-", color="tab:orange", ms=4, lw=1.2, label="steps", zorder=_Z["steps"]
        )[0],
        end=ax.plot(
            [], [], "o", ms=15, mfc="none", mec="tab:red", mew=2.2, label="end", zorder=_Z["end"]
        )[0],
        note=ax.text(
            0.5,
            0.5,
            "",
            transform=ax.transAxes,
            fontsize="small",
            multialignment="left",
            zorder=_Z["note"],
            bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "tab:red", "alpha": 0.9},
        ),
        names=names,
    )
    path.set_data(x, y)
    return path


def draw_minimum(ax: Axes, x: float, y: float) -> Line2D:
    """A black star with a white rim, above the path and its markers: the minimum."""
    (star,) = ax.plot(
        [x],
        [y],
        "*",
        color="black",
        ms=16,
        mec="white",
        mew=1.2,
        label="minimum",
        zorder=_Z["minimum"],
    )
    return star


def draw_curve(ax: Axes, loss: Callable[[Any], Any], w_grid: Any) -> None:
    """The curve ``L(w)`` over ``w_grid``; the view stays on the curve."""
    grid = checked_grid(w_grid, "w_grid")
    values = values_on(loss, [float(w) for w in grid])
    ax.plot(grid, values, color="tab:blue", lw=2, label="L(w)")
    ax.set_xlim(grid[0], grid[-1])
    if np.any(np.isfinite(values)):
        low, high = np.nanmin(values), np.nanmax(values)
        pad = MARGIN * (high - low) or 1.0
        ax.set_ylim(low - pad, high + pad)
    ax.set_xlabel("w")
    ax.set_ylabel("loss L(w)")


def _levels(values: np.ndarray) -> np.ndarray:
    """15 contour levels at quantiles of the finite ``values`` (dense on a flat floor, spread
    on steep walls), rounded to the fewest significant digits (2 or more) that keep them
    apart, so that their labels stay short."""
    levels = np.unique(np.quantile(values, np.linspace(0, 1, 17)[1:-1]))
    for digits in range(2, 7):
        rounded = np.unique([float(f"{level:.{digits}g}") for level in levels])
        if len(rounded) == len(levels):
            return rounded
    return levels


def draw_contour(
    ax: Axes,
    loss: Callable[[Any], Any],
    w1_grid: Any,
    w2_grid: Any,
    *,
    label_size: float | str = "small",
) -> None:
    """Contour lines of ``loss`` over the grid, every other one labelled with its loss."""
    g1, g2 = checked_grid(w1_grid, "w1_grid"), checked_grid(w2_grid, "w2_grid")
    W1, W2 = np.meshgrid(g1, g2)
    values = values_on(
        loss, [np.array([a, b]) for a, b in zip(W1.ravel(), W2.ravel(), strict=True)]
    )
    Z = values.reshape(W1.shape)
    finite = Z[np.isfinite(Z)]
    levels = _levels(finite) if finite.size else np.empty(0)
    if len(levels) >= 2:  # a constant loss has no contour lines to draw
        # colours by rank, not by value (most levels sit near the floor), and without
        # viridis' light yellow end, which is hard to see on white
        colors = colormaps["viridis"](np.linspace(0, 0.85, len(levels)))
        lines = ax.contour(W1, W2, Z, levels=levels, colors=colors, linewidths=1)
        ax.clabel(lines, levels[::2], fmt="%g", fontsize=label_size, colors="0.15")
    ax.set_xlim(g1[0], g1[-1])
    ax.set_ylim(g2[0], g2[-1])
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")


def draw_trace(ax: Axes, losses: np.ndarray, label: str | None = None) -> Line2D:
    (line,) = ax.plot(np.arange(len(losses)), losses, "o-", ms=3, label=label)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("iteration")
    ax.set_ylabel("loss")
    return line


class Blitter:
    """PNG frames of a figure whose ``dynamic`` artists change and the rest does not.

    The first frame draws the static parts once and keeps their pixels; every later
    frame restores them and draws only the dynamic artists (in the order given: later
    ones on top), then encodes a PNG with light compression (fast to make, and small
    enough for a widget).

    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> fig = Figure()
    >>> _ = FigureCanvasAgg(fig)  # the figure must have an Agg canvas
    >>> line, = fig.add_subplot().plot([0, 1])
    >>> Blitter(fig).png([line])[:4]
    b'\\x89PNG'
    """

    def __init__(self, figure: Figure) -> None:
        self.figure = figure
        self._background: Any = None

    def png(self, dynamic: Sequence[Artist]) -> bytes:
        canvas = self.figure.canvas
        if self._background is None:
            for artist in dynamic:
                artist.set_visible(False)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            for artist in dynamic:
                artist.set_visible(True)
        canvas.restore_region(self._background)
        for artist in dynamic:
            self.figure.draw_artist(artist)
        buffer = io.BytesIO()
        Image.fromarray(np.asarray(canvas.buffer_rgba())).save(buffer, "png", compress_level=1)
        return buffer.getvalue()

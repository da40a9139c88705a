"""The redraw framework of the explorers: a panel of ipywidgets controls over a picture that
redraws only what moves.

An :class:`Explorer` holds ``controls`` (ipywidgets), an ``image`` (a PNG) and a ``message``
line; changing any control calls :meth:`Explorer.update`, which runs the subclass's
``_compute`` and redraws. A :class:`LiveFigure` is a plain Agg canvas: what does not change
with a slider (contour maps, curves, axes with fixed limits) is drawn once and kept as a
bitmap; an update restores the bitmap and draws only the artists that move (matplotlib
"blitting"), then encodes the PNG with fast compression.
``benchmarks/widget_latency.py`` measures it.

In the static HTML book, where no Python runs, an explorer shows a still picture of its
first state with a note saying where to run it (the ``text/html`` part of its display).
"""

from __future__ import annotations

import base64
import html
import io

import ipywidgets as W
import matplotlib as mpl
import matplotlib.ticker as mticker
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from .._validate import as_point, choice, fail, integer, number
from ..pictures.plotting import plot_contour

__all__ = [
    "LiveFigure",
    "Explorer",
    "fast_log_axis",
    "finite_xy",
    "status_html",
    "error_html",
    "fit_sliders",
    "fresh_contour",
    "landscape_title",
    "format_setting",
    "check_setting",
    "control",
    "check_inside",
]


# ------------------------------------------------------------------ settings -----------
def check_setting(name: str, widget, value):
    """``value`` if the control ``widget`` can take it as it is, else ``ValueError``.

    A slider would clamp a value outside its range without a word, and a dropdown would
    raise a ``TraitError``; an explorer says instead which values the control takes.
    """
    if isinstance(widget, W.Dropdown):
        options = [o[1] if isinstance(o, tuple) else o for o in widget.options]
        return choice(value, name, options)
    if isinstance(widget, W.FloatLogSlider):
        lo, hi = widget.base**widget.min, widget.base**widget.max
    elif isinstance(widget, (W.FloatSlider, W.IntSlider)):
        lo, hi = widget.min, widget.max
    else:
        return value
    fix = f"the {widget.description or name} slider runs from {lo:.4g} to {hi:.4g}"
    if isinstance(widget, W.IntSlider):
        return integer(value, name, low=lo, high=hi, fix=fix)
    return number(value, name, low=lo, high=hi, fix=fix)


def control(widget, name: str, value):
    """``widget`` set to ``value``, after :func:`check_setting` (for an explorer's first
    settings, before its observers are attached)."""
    widget.value = check_setting(name, widget, value)
    return widget


def check_inside(point, land, name: str) -> tuple:
    """``point`` as a pair of floats if it lies in the window of the 2-D landscape
    ``land`` (the range of the explorer's sliders), else ``ValueError``."""
    p = as_point(point, 2, name)
    (x0, x1), (y0, y1) = land.window
    if not (x0 <= p[0] <= x1 and y0 <= p[1] <= y1):
        fail(
            name,
            f"a point inside the window of {land.name}, [{x0:g}, {x1:g}] × [{y0:g}, {y1:g}]",
            tuple(point),
            "pick one inside it: the sliders cover that window",
        )
    return tuple(float(v) for v in p)


# --------------------------------------------------------------------- fast figure ------
class LiveFigure:
    """A matplotlib figure that redraws only what moves.

    Axes in ``dynamic_axes`` and artists in ``dynamic_artists`` are marked animated: a full
    draw skips them, the result is kept as the background, and :meth:`png` restores the
    background and draws just them on top.
    """

    def __init__(self, figsize, nrows=1, ncols=2, **subplot_kw):
        self.fig = Figure(figsize=figsize, dpi=mpl.rcParams["figure.dpi"], layout="none")
        FigureCanvasAgg(self.fig)
        self.axes = np.atleast_1d(self.fig.subplots(nrows, ncols, **subplot_kw))
        self.dynamic_axes: list = []
        self.dynamic_artists: list = []
        self._background = None

    def animate(self, *artists):
        for a in artists:
            a.set_animated(True)
            self.dynamic_artists.append(a)
        return artists[0] if len(artists) == 1 else artists

    def dynamic(self, ax):
        ax.set_animated(True)
        self.dynamic_axes.append(ax)
        return ax

    def invalidate(self):
        """Call after changing anything static (a new contour map, new fixed limits)."""
        self._background = None

    def fit_ylim(self, ax, lo: float, hi: float, log: bool = False):
        """Keep ``ax``'s y-limits unless the data ``[lo, hi]`` no longer fit them well.

        Limits move in coarse steps (whole decades on a log axis, "nice" tick values on a
        linear one), so most slider moves keep the cached background and stay fast.
        """
        if not (np.isfinite(lo) and np.isfinite(hi)):
            return
        a, b = ax.get_ylim()
        if log:
            lo, hi = max(lo, 1e-16), max(hi, 1e-16)
            new = (10.0 ** np.floor(np.log10(lo)), 10.0 ** np.ceil(np.log10(hi) + 1e-12))
            keep = a <= lo and hi <= b and np.log10(b / a) <= np.log10(new[1] / new[0]) + 2
        else:
            span = hi - lo if hi > lo else max(1.0, abs(hi))
            ticks = mticker.MaxNLocator(6).tick_values(lo - 0.08 * span, hi + 0.08 * span)
            new = (ticks[0], ticks[-1])
            keep = a <= lo and hi <= b and (hi - lo) >= 0.3 * (b - a)
        if not keep:
            ax.set_ylim(*new)
            self.invalidate()

    def fit_steps(self, ax, steps: int):
        """x from 0 to the next 1-2-5 number of steps at or above ``steps`` (coarse steps
        keep the cached background while the steps slider moves)."""
        top = next(m * 10**e for e in range(7) for m in (1, 2, 5) if m * 10**e >= steps)
        if tuple(ax.get_xlim()) != (0, top):
            ax.set_xlim(0, top)
            self.invalidate()

    def png(self) -> bytes:
        canvas = self.fig.canvas
        if self._background is None:
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        canvas.restore_region(self._background)
        for ax in self.dynamic_axes:
            self.fig.draw_artist(ax)
        for a in self.dynamic_artists:
            if a.get_visible():
                a.axes.draw_artist(a) if a.axes is not None else self.fig.draw_artist(a)
        rgba = np.asarray(canvas.buffer_rgba())
        buf = io.BytesIO()
        Image.fromarray(rgba[..., :3]).save(buf, format="png", compress_level=1)
        return buf.getvalue()


def fast_log_axis(ax):
    """A log y axis with plain-text tick labels (mathtext labels are slow to draw)."""
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(mticker.LogLocator(numticks=6))
    ax.yaxis.set_major_formatter(mticker.LogFormatter(labelOnlyBase=True))
    ax.yaxis.set_minor_locator(mticker.NullLocator())


def finite_xy(x, y):
    x, y = np.asarray(x, float), np.asarray(y, float)
    ok = np.isfinite(x) & np.isfinite(y)
    return x[ok], y[ok]


def status_html(result, what: str = "") -> str:
    label = {
        "converged": ("#009E73", "converged"),
        "diverged": ("#D55E00", "diverged"),
        "max_steps": ("#0072B2", "step limit"),
    }[result.status]
    where = ", ".join(f"{v:.4g}" for v in result.x) if np.all(np.isfinite(result.x)) else "—"
    return (
        f'<b style="color:{label[0]}">{what}{label[1]}</b>: {html.escape(result.message)}; '
        f"last point ({where}), loss {result.loss:.6g}."
    )


def error_html(exc: Exception) -> str:
    return f'<b style="color:#D55E00">Cannot run with these settings:</b> {html.escape(str(exc))}'


# ------------------------------------------------------------------------ explorer -----
class Explorer:
    """Controls, a picture and a message; changing any control calls :meth:`update`.

    Attributes: ``controls`` (dict name -> widget), ``image`` (``ipywidgets.Image``),
    ``message`` (``ipywidgets.HTML``), ``widget`` (the whole panel), ``updates`` (how many
    redraws so far), ``results`` (the latest runs, for inspection).
    """

    title = "explorer"
    alt = "An interactive explorer."

    def __init__(self, controls: dict, live: LiveFigure):
        self.controls = controls
        self.live = live
        self.image = W.Image(format="png", layout=W.Layout(max_width="100%", height="auto"))
        self.message = W.HTML(layout=W.Layout(min_height="2.5em"))
        self.updates = 0
        self.results: dict = {}
        self._hold = False
        boxes = [
            W.HBox(list(controls.values())[i : i + 3], layout=W.Layout(flex_flow="row wrap"))
            for i in range(0, len(controls), 3)
        ]
        self.widget = W.VBox(
            [W.HTML(f"<b>{html.escape(self.title)}</b>"), *boxes, self.image, self.message]
        )
        for c in controls.values():
            c.observe(self._changed, names="value")

    def _changed(self, change):
        self._control_changed(change["owner"], change["new"])
        if not self._hold:
            self.update()

    def _control_changed(self, control, value):
        """Hook run before the redraw (a new landscape needs a new contour map)."""

    def set(self, **values):
        """Set several controls at once and redraw once: ``ex.set(lr=0.1, steps=50)``."""
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            fail(
                unknown[0],
                f"one of this explorer's controls {sorted(self.controls)}",
                unknown[0],
                "spell the control's name as in explorer.controls",
                shown=f"an unknown control, {unknown[0]!r}",
            )
        # a new landscape first: it gives the start sliders their new ranges
        order = sorted(values, key=lambda k: k != "landscape")
        before = {k: c.value for k, c in self.controls.items()}
        self._hold = True
        try:
            for k in order:
                self.controls[k].value = check_setting(k, self.controls[k], values[k])
        except ValueError:
            for k in sorted(before, key=lambda k: k != "landscape"):  # leave it as it was
                self.controls[k].value = before[k]
            raise
        finally:
            self._hold = False
        self.update()

    def update(self):
        """Re-run with the current control values and redraw; errors become the message."""
        try:
            message = self._compute({k: c.value for k, c in self.controls.items()})
        except (ValueError, FloatingPointError, np.linalg.LinAlgError) as exc:
            self._clear()
            message = error_html(exc)
        self.image.value = self.live.png()
        self.message.value = message
        self.updates += 1

    def _compute(self, v: dict) -> str:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def _clear(self):
        for a in self.live.dynamic_artists:
            if hasattr(a, "set_data"):
                a.set_data([], [])

    # -- display -------------------------------------------------------------------------
    def _static_html(self) -> str:
        still = io.BytesIO()  # smaller than the fast-compressed live PNG: it is stored
        Image.open(io.BytesIO(bytes(self.image.value))).save(still, format="png", optimize=True)
        uri = "data:image/png;base64," + base64.b64encode(still.getvalue()).decode("ascii")
        plain = (
            ", ".join(
                f"{c.description or k} = {format_setting(c.value)}"
                for k, c in self.controls.items()
            )
            + "."
        )
        settings = ", ".join(
            f"{html.escape(c.description or k)} = {html.escape(format_setting(c.value))}"
            for k, c in self.controls.items()
        )
        return (
            f'<figure class="ll-explorer-static"><img src="{uri}" '
            f'alt="{html.escape(self.alt + " Settings: " + plain, quote=True)}" '
            f'style="max-width:100%">'
            f"<figcaption><b>{html.escape(self.title)}</b> (still picture; settings: "
            f"{settings}). The sliders need a running Python kernel: open this page as a "
            f"notebook to use them: in Binder, with the book's launch button if your copy "
            f"has one, or in JupyterLab on your machine."
            f"</figcaption></figure>"
        )

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        bundle = dict(bundle)
        bundle["text/html"] = self._static_html()
        bundle["text/plain"] = repr(self)
        return bundle

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.title}>"


def fit_sliders(sliders, window, point=None, fraction: float = 0.8) -> None:
    """Give a pair of x/y sliders a landscape's window; keep ``point`` if it lies inside it,
    otherwise move each slider to ``fraction`` of its range."""
    for i, (s, (lo, hi)) in enumerate(zip(sliders, window)):
        s.min, s.max = -1e9, 1e9  # widen first so min < max always holds
        s.min, s.max, s.step = lo, hi, (hi - lo) / 400
        want = s.value if point is None else point[i]
        if point is not None and lo <= want <= hi:
            s.value = float(want)
        else:
            s.value = float(np.round(lo + fraction * (hi - lo), 3))


def fresh_contour(ax, land) -> None:
    """Clear ``ax`` (and the artists on it) and draw the landscape's contour map with its
    critical points marked, but no legend."""
    ax.cla()
    plot_contour(ax, land, n=120, colorbar=False)
    if ax.get_legend() is not None:  # it would hide the moving artists
        ax.get_legend().remove()
    ax.set_title(landscape_title(land))


def landscape_title(land) -> str:
    """``name: $formula$`` in a form matplotlib's mathtext can draw."""
    formula = land.formula.replace("\\tfrac12", "\\frac{1}{2}").replace("\\tfrac", "\\frac")
    return f"{land.name}: ${formula}$"


def format_setting(v) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, tuple):
        return "(" + ", ".join(format_setting(x) for x in v) + ")"
    return str(v)

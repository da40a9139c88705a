r"""Motion for the static book: optimizer paths that unfold, and a terrain you can rotate.

Both work without a kernel. Each function returns an object whose HTML is self-contained:
the picture is embedded as a PNG data URI, and a few kilobytes of plain JavaScript (the
package data files in ``helpers/pictures/static/``, copied into the page) drive it; nothing
is loaded from the network. So the same cell output plays in the HTML book, in JupyterLab
and in a notebook viewer. Element ids come from a hash of the content, so executing a
chapter twice gives byte-identical output (nbval compares it).

``animate_paths(landscape, results)``
    draws the contour map (or the curve of a 1-D landscape) once with matplotlib, then
    replays the optimizer paths over it, step by step, with play, step and scrub controls.
    Iterate :math:`k` of a path is drawn at the pixel position of :math:`w_k`, computed from
    the axes' data-to-pixel transform, so the overlay and the picture agree exactly.
``terrain_explorer(landscapes)``
    a 3-D surface drawn on a ``<canvas>``: drag (or use the arrow keys) to rotate it, and
    buttons switch between landscapes, e.g. a convex bowl and a non-convex one.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import io
import json
from importlib import resources

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from .._validate import array, fail, flag, integer, number, positive_int, string
from .._validate import landscape as check_landscape
from .._validate import window as check_window
from ..core.landscapes import sample_grid
from .plotting import check_colors, check_labels, check_paths, plot_1d, plot_contour
from .style import CMAP, PALETTE

__all__ = ["PathAnimation", "TerrainExplorer", "animate_paths", "terrain_explorer"]


def _png_data_uri(fig) -> str:
    """The figure as drawn last (no second layout pass), as a PNG data URI."""
    rgba = np.asarray(fig.canvas.buffer_rgba())
    buf = io.BytesIO()
    Image.fromarray(rgba[..., :3]).save(buf, format="png", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


@functools.cache
def _static(name: str) -> str:
    """The text of a file in ``helpers/pictures/static/`` (package data)."""
    return resources.files("helpers.pictures").joinpath("static", name).read_text(encoding="utf-8")


def _style() -> str:
    """The ``<style>`` element shared by the animation and the terrain explorer."""
    return "\n<style>\n" + _static("animation.css") + "</style>\n"


def _script(name: str, uid: str) -> str:
    """A static script with its element id filled in (it finds its root by that id)."""
    return "\n" + _static(name).replace("__ID__", uid)


def _uid(prefix: str, payload: str) -> str:
    return f"{prefix}-{hashlib.sha1(payload.encode()).hexdigest()[:10]}"


def _flat(points: np.ndarray) -> list:
    """Pixel coordinates rounded to 0.1 px, flattened [x0, y0, x1, y1, ...]."""
    return [round(float(v), 1) for v in np.asarray(points).ravel()]


def _pixels(ax, xy, height: float) -> np.ndarray:
    """Data coordinates -> image pixels (origin top left) through the axes' transform."""
    px = ax.transData.transform(np.asarray(xy, dtype=float))
    px[:, 1] = height - px[:, 1]
    return px


def _axes_box(ax, height: float) -> list:
    x0, y0, w, h = ax.bbox.bounds
    return [round(x0, 1), round(height - y0 - h, 1), round(w, 1), round(h, 1)]


def _frame_steps(longest: int, frames: int) -> list:
    """Which step each frame shows: all steps if few, else evenly spaced, always 0 and last."""
    if longest + 1 <= frames:
        return list(range(longest + 1))
    return sorted({int(round(s)) for s in np.linspace(0, longest, frames)})


class PathAnimation:
    """A self-contained HTML animation; display it (last expression of a cell) to show it.

    Parameters
    ----------
    html_text : str
        The markup (kept as ``html``).
    steps : list of int
        The step each frame shows.
    figure : matplotlib.figure.Figure
        The figure drawn as the background, kept for inspection.
    uid : str
        The element id (kept as ``id``), a hash of the content.
    """

    def __init__(self, html_text: str, steps: list, figure, uid: str):
        self.html = html_text
        self.steps = steps
        self.figure = figure
        self.id = uid

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"PathAnimation({len(self.steps)} frames, steps 0..{self.steps[-1]})"


def animate_paths(
    landscape,
    results,
    labels=None,
    colors=None,
    frames: int = 60,
    interval: int = 100,
    loss_panel: bool = True,
    title: str | None = None,
    alt: str | None = None,
    caption: str | None = None,
    window=None,
    figsize=None,
    log_loss: bool = True,
) -> PathAnimation:
    r"""Animate optimizer paths on a landscape, for the static book (no kernel needed).

    Parameters
    ----------
    landscape : Landscape
        A 1-D or 2-D landscape. 2-D: the paths move over its contour map. 1-D: the
        iterates :math:`(w_k, L(w_k))` move along its curve.
    results : list of RunResult (or arrays of iterates, shape (k + 1, d))
        One path each; they unfold together, step :math:`k` of every path in frame
        :math:`k`. A shorter (converged or diverged) path stays at its last point.
    labels, colors : list, optional
        One entry a path (colors default to ``PALETTE``).
    frames : int
        Most frames to show; with more steps than frames, steps are evenly subsampled
        (the first and last always shown).
    interval : int
        Milliseconds between frames when playing.
    loss_panel : bool
        Also animate the loss against step on a second panel (log scale if ``log_loss``;
        the landscape's lowest known critical value is subtracted first so that
        convergence shows as a straight line).
    alt : str
        Text for readers who cannot see the picture. Write what the animation shows and
        what it teaches; a generic description is used if omitted.
    caption : str, optional
        Printed under the controls.
    title : str, optional
        The map's title (default: the landscape's name).
    window : optional
        The map's window (default: the landscape's).
    figsize : (width, height), optional
    log_loss : bool
        Log scale on the loss panel.

    Returns
    -------
    PathAnimation
        Make it the last expression of a cell to show it.

    Example, in a chapter (tag the cell ``hide-input`` if the call is long)::

        f = h.saddle()
        runs = [h.run(f, [1.0, eps], lr=0.1, steps=80) for eps in (1e-2, 1e-4, 1e-8)]
        h.animate_paths(f, runs, labels=["ε = 1e-2", "ε = 1e-4", "ε = 1e-8"],
                        alt="Three paths start near the saddle of x² − y² ...",
                        caption="The smaller the offset, the longer the path lingers.")

    The output's HTML is deterministic (ids come from a hash of the content), so nbval
    can compare it; the embedded PNG is masked by tests/nbval_sanitize.cfg.
    """
    check_landscape(landscape, dim=(1, 2))
    paths = []
    for p in check_paths(results, landscape.dim, "results"):
        finite = np.all(np.isfinite(p), axis=1)
        paths.append(p if finite.all() else p[: int(np.argmin(finite))])  # a diverged run
    labels = check_labels(labels, len(paths))
    colors = check_colors(colors, len(paths)) or list(PALETTE)
    frames = positive_int(frames, "frames")
    interval = positive_int(interval, "interval")
    loss_panel, log_loss = flag(loss_panel, "loss_panel"), flag(log_loss, "log_loss")
    title = string(title, "title", optional=True)
    alt = string(alt, "alt", optional=True, nonempty=True)
    caption = string(caption, "caption", optional=True)
    if window is not None:
        check_window(window, landscape.dim)
    if figsize is not None:
        figsize = tuple(array(figsize, "figsize", shape=(2,), low=0, low_open=True))

    with np.errstate(over="ignore", invalid="ignore"):
        losses = [np.asarray(landscape.value(p), dtype=float) for p in paths]
    floor = 0.0
    if log_loss:
        known = [c.value for c in landscape.critical_points]
        floor = min(known + [float(np.nanmin(np.concatenate(losses)))])

    if figsize is None:
        figsize = (9.4, 4.0) if loss_panel else (6.0, 4.8)
    fig = Figure(figsize=figsize, dpi=mpl.rcParams["figure.dpi"], layout="constrained")
    FigureCanvasAgg(fig)
    if loss_panel:
        ax, axl = fig.subplots(1, 2, width_ratios=(1.25, 1))
    else:
        ax, axl = fig.subplots(), None
    if landscape.dim == 2:
        plot_contour(ax, landscape, window=window, n=150, colorbar=False)
        ax.set_aspect("equal", adjustable="box")
    else:
        plot_1d(ax, landscape, window=window)
    ax.set_title(title or f"{landscape.name}: paths unfold step by step")
    longest = max(len(p) - 1 for p in paths)
    handles = []
    for i, p in enumerate(paths):
        c = colors[i % len(colors)]
        xy = p if landscape.dim == 2 else np.column_stack([p[:, 0], losses[i]])
        ax.scatter(*xy[0], s=35, color=c, edgecolors="black", zorder=7)
        handles.append(mpl.lines.Line2D([], [], color=c, lw=2, label=labels[i] if labels else None))
    if labels:
        ax.legend(handles=handles, loc="lower left", fontsize=8)
    if axl is not None:
        ymax = 1.0
        ys = []
        for lo in losses:
            y = lo - floor if log_loss else lo
            if log_loss:
                y = np.maximum(y, 1e-16)
            ys.append(y)
        allv = np.concatenate(ys)
        allv = allv[np.isfinite(allv)]
        ymin, ymax = (allv.min(), allv.max()) if allv.size else (1e-3, 1.0)
        if log_loss:
            axl.set_yscale("log")
            axl.set_ylim(ymin / 2, ymax * 2)
            axl.set_ylabel("loss − lowest critical value")
        else:
            pad = 0.05 * (ymax - ymin or 1.0)
            axl.set_ylim(ymin - pad, ymax + pad)
            axl.set_ylabel("loss")
        axl.set_xlim(0, max(longest, 1))
        axl.set_xlabel("step")
        axl.set_title("loss against step")
    fig.canvas.draw()
    fig.set_layout_engine("none")  # freeze the layout: pixel positions below must match
    uri = _png_data_uri(fig)
    W, H = fig.canvas.get_width_height()

    steps = _frame_steps(longest, frames)
    data_paths = []
    for i, p in enumerate(paths):
        xy = p if landscape.dim == 2 else np.column_stack([p[:, 0], losses[i]])
        entry = {"steps": len(p) - 1, "xy": _flat(_pixels(ax, xy, H)), "loss": []}
        if axl is not None:
            y = ys[i]
            ok = np.isfinite(y)
            k = np.arange(len(y))[ok]
            entry["loss"] = _flat(_pixels(axl, np.column_stack([k, y[ok]]), H))
        data_paths.append(entry)
    data = {"steps": steps, "interval": interval, "paths": data_paths}
    payload = json.dumps(data, separators=(",", ":"))
    alt = alt or (
        f"Animation of {len(paths)} optimizer path(s) on the {landscape.name} "
        f"landscape, unfolding step by step"
        + (", with the loss against step on the right" if loss_panel else "")
        + "."
    )
    uid = _uid("ll-anim", payload + alt + (title or ""))

    clip_main = _axes_box(ax, H)
    svg = [
        f'<svg viewBox="0 0 {W} {H}" aria-hidden="true" focusable="false">',
        f'<clipPath id="{uid}-c0"><rect x="{clip_main[0]}" y="{clip_main[1]}" '
        f'width="{clip_main[2]}" height="{clip_main[3]}"/></clipPath>',
    ]
    if axl is not None:
        b = _axes_box(axl, H)
        svg.append(
            f'<clipPath id="{uid}-c1"><rect x="{b[0]}" y="{b[1]}" width="{b[2]}" '
            f'height="{b[3]}"/></clipPath>'
        )
    for i in range(len(paths)):
        c = colors[i % len(colors)]
        svg.append(
            f'<g clip-path="url(#{uid}-c0)"><polyline class="ll-path" fill="none" '
            f'stroke="{c}" stroke-width="2" stroke-linejoin="round" points=""/>'
            f'<circle class="ll-head" r="4.5" fill="{c}" stroke="black" '
            f'stroke-width="1" cx="-10" cy="-10"/></g>'
        )
        if axl is not None:
            svg.append(
                f'<g clip-path="url(#{uid}-c1)"><polyline class="ll-loss" fill="none" '
                f'stroke="{c}" stroke-width="1.8" points=""/></g>'
            )
    svg.append("</svg>")
    n_frames = len(steps)
    controls = (
        '<div class="ll-controls">'
        '<button type="button" class="ll-first" title="first frame">« first</button>'
        '<button type="button" class="ll-prev" title="one frame back">‹ back</button>'
        '<button type="button" class="ll-play" title="play or pause">▶ play</button>'
        '<button type="button" class="ll-next" title="one frame forward">next ›</button>'
        '<button type="button" class="ll-last" title="last frame">last »</button>'
        f'<input type="range" class="ll-scrub" min="0" max="{n_frames - 1}" '
        f'value="{n_frames - 1}" step="1" aria-label="frame">'
        f'<span class="ll-label" aria-live="off">step {steps[-1]} of {steps[-1]}</span>'
        "</div>"
    )
    cap = f'<p class="ll-help">{html.escape(caption)}</p>' if caption else ""
    text = (
        f'{_style()}<div class="ll-anim" id="{uid}" data-frame="{n_frames - 1}" '
        f'data-frames="{n_frames}" style="max-width:{W}px">'
        f'<div class="ll-stage"><img src="{uri}" width="{W}" height="{H}" '
        f'alt="{html.escape(alt, quote=True)}">{"".join(svg)}</div>{controls}{cap}'
        f'<script type="application/json" class="ll-data">{payload}</script>'
        f"<script>{_script('path_animation.js', uid)}</script></div>"
    )
    return PathAnimation(text, steps, fig, uid)


# ------------------------------------------------------------------ terrain explorer ----
def _per_landscape(mapping, names: list, name: str) -> dict:
    """A dict keyed by landscape names (``None``: empty), else raise."""
    if mapping is None:
        return {}
    if not isinstance(mapping, dict):
        fail(name, "a dict name -> value", mapping, f"key it by the landscapes' names {names}")
    unknown = [k for k in mapping if k not in names]
    if unknown:
        fail(
            name,
            f"keyed by the landscapes' names {names}",
            mapping,
            f"{unknown} name(s) no landscape here; fix the spelling",
        )
    return mapping


def _plain_formula(tex: str) -> str:
    """A landscape's TeX formula as plain text for the canvas: x^2 -> x², \\tfrac12 -> ½."""
    text = tex.replace("\\tfrac12", "½").replace("\\frac{1}{2}", "½")
    for k, v in {
        "^2": "²",
        "^3": "³",
        "^4": "⁴",
        "_1": "₁",
        "_2": "₂",
        "\\cdot": "·",
        "\\,": " ",
        "\\": "",
    }.items():
        text = text.replace(k, v)
    return "L = " + text


class TerrainExplorer:
    """A rotatable 3-D terrain as self-contained HTML; display it to show it.

    Parameters
    ----------
    html_text : str
        The markup (kept as ``html``).
    names : list of str
        The landscapes, in button order.
    uid : str
        The element id (kept as ``id``), a hash of the content.
    """

    def __init__(self, html_text: str, names: list, uid: str):
        self.html = html_text
        self.names = names
        self.id = uid

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"TerrainExplorer({', '.join(self.names)})"


def terrain_explorer(
    landscapes,
    n: int = 41,
    zlim=None,
    azimuth: float = -60.0,
    elevation: float = 35.0,
    width: int = 600,
    height: int = 420,
    alts=None,
) -> TerrainExplorer:
    r"""A 3-D surface the reader rotates by dragging, with buttons to switch landscapes.

    Parameters
    ----------
    landscapes : dict name -> Landscape, or list of 2-D Landscapes
        Each is sampled on an ``n`` by ``n`` grid over its window. Heights are scaled to
        :math:`[0, 1]` per landscape, :math:`\hat z = (z - z_{\min}) / (z_{\max} - z_{\min})`
        after clipping to ``zlim[name]`` if given (a dict name -> (low, high)), and coloured
        with ``viridis``.
    zlim : dict name -> (low, high), optional
        Clip a landscape's values to this range before scaling.
    azimuth, elevation : float
        The starting view, in degrees.
    alts : dict name -> str, optional
        Alt text per landscape (the canvas's ``aria-label``); a description from the
        landscape's name and formula is used otherwise.

    n : int
        Grid points a side, 3 to 101.
    width, height : int
        The canvas, in pixels.

    Returns
    -------
    TerrainExplorer
        Make it the last expression of a cell to show it.

    The picture is drawn by about 100 lines of plain JavaScript on a ``<canvas>``
    (painter's algorithm over the grid cells), so it needs no library and no network.
    """
    if isinstance(landscapes, dict):
        items = list(landscapes.items())
    elif isinstance(landscapes, (list, tuple)):
        items = [(getattr(land, "name", None), land) for land in landscapes]
    else:
        fail(
            "landscapes",
            "a dict name -> Landscape or a list of Landscapes",
            landscapes,
            "wrap one landscape in a list: [h.bowl()]",
        )
    if not items:
        fail("landscapes", "at least one landscape", landscapes, "pass one or more")
    for i, (name, land) in enumerate(items):
        string(name, f"landscapes[{i}].name", nonempty=True)
        check_landscape(land, f"landscapes[{name!r}]", dim=2)
    names = [name for name, _ in items]
    n = integer(n, "n", low=3, high=101, fix="41 draws smoothly; more makes the page heavy")
    zlim = _per_landscape(zlim, names, "zlim")
    alts = _per_landscape(alts, names, "alts")
    for name, pair in zlim.items():
        lo, hi = array(pair, f"zlim[{name!r}]", shape=(2,), what="a (low, high) pair")
        if not lo < hi:
            fail(f"zlim[{name!r}]", "a pair with low < high", pair, "swap or widen the bounds")
    for name, alt in alts.items():
        string(alt, f"alts[{name!r}]", nonempty=True)
    azimuth, elevation = number(azimuth, "azimuth"), number(elevation, "elevation")
    width = integer(
        width, "width", low=100, high=1200, fix="the page is at most about 1200 px wide"
    )
    height = integer(height, "height", low=100, high=1200, fix="pick 100 to 1200 px")
    entries = []
    for name, land in items:
        X, Y, Z = sample_grid(land, n)
        if name in zlim:
            Z = np.clip(Z, *zlim[name])  # the documented clipping of the heights
        lo, hi = float(Z.min()), float(Z.max())
        Zn = (Z - lo) / (hi - lo) if hi > lo else np.zeros_like(Z)
        entries.append(
            {
                "name": name,
                "formula": _plain_formula(land.formula),
                "alt": alts.get(
                    name,
                    f"3-D surface of the {name} landscape, L = {land.formula}, "
                    f"drawn as a coloured mesh; drag to rotate it.",
                ),
                "z": [round(float(v), 3) for v in Zn.ravel()],
            }
        )
    cmap = mpl.colormaps[CMAP]
    rgb = (np.asarray(cmap(np.linspace(0, 1, 32)))[:, :3] * 255).round().astype(int).tolist()
    data = {
        "n": n,
        "azimuth": float(np.deg2rad(azimuth)),
        "elevation": float(np.deg2rad(elevation)),
        "cmap": rgb,
        "landscapes": entries,
    }
    payload = json.dumps(data, separators=(",", ":"))
    uid = _uid("ll-terrain", payload)
    buttons = "".join(
        f'<button type="button" class="ll-mode{" ll-on" if i == 0 else ""}" '
        f'aria-pressed="{"true" if i == 0 else "false"}">{html.escape(e["name"])}</button>'
        for i, e in enumerate(entries)
    )
    text = (
        f'{_style()}<div class="ll-terrain" id="{uid}" style="max-width:{width}px">'
        f'<div class="ll-controls" role="group" aria-label="landscape">{buttons}</div>'
        f'<canvas width="{width}" height="{height}" tabindex="0" role="img" '
        f'aria-label="{html.escape(entries[0]["alt"], quote=True)}"></canvas>'
        '<p class="ll-help">Drag the surface to rotate it (or focus it and use the arrow '
        "keys); the buttons switch the landscape.</p>"
        f'<script type="application/json" class="ll-data">{payload}</script>'
        f"<script>{_script('terrain_explorer.js', uid)}</script></div>"
    )
    return TerrainExplorer(text, [e["name"] for e in entries], uid)

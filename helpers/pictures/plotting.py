"""Plots with one consistent, colour-blind-safe style.

The colours and markers are those of :mod:`helpers.pictures.style`. Every function draws on an ``Axes`` the
caller passes and returns what it drew, so chapters can combine them freely.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.colors as mcolors
import numpy as np
from matplotlib.axes import Axes

from .._validate import array, choice, fail, flag, integer, number, positive, string
from .._validate import landscape as check_landscape
from .._validate import window as check_window
from ..core.critical_points import CriticalPoint
from ..core.landscapes import sample_grid
from .style import CMAP, KIND_MARKERS, PALETTE

__all__ = [
    "plot_surface",
    "plot_contour",
    "plot_paths",
    "plot_critical_points",
    "plot_loss_curves",
    "plot_1d",
    "surface_and_contour",
]


def _window(landscape, window):
    return check_window(landscape.window if window is None else window, landscape.dim)


# -- checks of what the pictures take (the numeric rules are in helpers._validate) -----------
def check_axes(ax, name: str = "ax", three_d: bool = False):
    """``ax`` if it is a matplotlib ``Axes`` (a 3-D one if ``three_d``), else raise."""
    if not isinstance(ax, Axes) or (three_d and getattr(ax, "name", "") != "3d"):
        kind = "a 3-D matplotlib Axes" if three_d else "a matplotlib Axes"
        fix = (
            "make one with fig.add_subplot(projection='3d')"
            if three_d
            else "make one with fig, ax = plt.subplots()"
        )
        fail(name, kind, ax, fix)
    return ax


def check_cmap(cmap, name: str = "cmap"):
    """``cmap`` if it is a colormap or the name of one, else raise."""
    if not isinstance(cmap, mcolors.Colormap) and not (
        isinstance(cmap, str) and cmap in mpl.colormaps
    ):
        fail(name, "a colormap or its name", cmap, "use the book's 'viridis' (h.CMAP)")
    return cmap


def check_colors(colors, n: int, name: str = "colors"):
    """``colors`` as a list (or ``None``): a non-empty sequence of matplotlib colors."""
    if colors is None:
        return None
    if isinstance(colors, str) or not isinstance(colors, (list, tuple)) or not colors:
        fail(name, "a non-empty list of colors", colors, "pass e.g. h.PALETTE[1:3]")
    for c in colors:
        if not mcolors.is_color_like(c):
            fail(name, "a list of colors", colors, f"{c!r} is not a color; use h.PALETTE")
    return list(colors)


def check_labels(labels, n: int, name: str = "labels"):
    """``labels`` as a list of ``n`` strings (or ``None``), else raise."""
    if labels is None:
        return None
    if isinstance(labels, str) or not isinstance(labels, (list, tuple)) or len(labels) != n:
        fail(name, f"a list of {n} label(s), one a curve", labels, f"pass {n} strings")
    return [string(lab, f"{name}[{i}]") for i, lab in enumerate(labels)]


def check_limits(pair, name: str):
    """A ``(low, high)`` pair with ``low < high`` (or ``None``), else raise."""
    if pair is None:
        return None
    lo, hi = array(pair, name, shape=(2,), what="a (low, high) pair")
    if not lo < hi:
        fail(name, "a (low, high) pair with low < high", pair, "swap or widen the bounds")
    return float(lo), float(hi)


def check_paths(paths, dim: int, name: str = "paths") -> list:
    """Iterates ``(k, dim)`` (or ``RunResult`` objects): a non-empty list of arrays. A
    diverged path may hold non-finite iterates after its finite start."""
    if isinstance(paths, np.ndarray) or not isinstance(paths, (list, tuple)) or not paths:
        fail(
            name,
            "a non-empty list of RunResult objects or paths",
            paths,
            "wrap a single run in a list: [result]",
        )
    out = []
    for i, p in enumerate(paths):
        p = array(getattr(p, "path", p), f"{name}[{i}]", ndim=(1, 2), finite=False)
        if p.ndim == 1 and dim == 1:
            p = p[:, None]  # the iterates of a 1-D function
        if p.ndim != 2 or p.shape[1] != dim or not np.all(np.isfinite(p[0])):
            fail(
                f"{name}[{i}]",
                f"a path of shape (steps + 1, {dim}) with a finite start",
                p,
                "pass result.path or the RunResult itself",
                shown=f"shape {p.shape}" if p.ndim != 2 or p.shape[1] != dim else None,
            )
        out.append(p)
    return out


def plot_surface(ax, landscape, n: int = 80, window=None, zlim=None, cmap=CMAP, **kw):
    """Draw a 2-D landscape as a 3-D surface.

    Parameters
    ----------
    ax : mpl_toolkits.mplot3d.Axes3D
        An axes made with ``projection='3d'``.
    landscape : Landscape
        2-D.
    n : int
        Grid points a side.
    window : ((x0, x1), (y0, y1)), optional
        Default: the landscape's window.
    zlim : (low, high), optional
        Clip the values to this range first.
    cmap : str
        Colormap (default ``viridis``).
    **kw
        Passed to ``ax.plot_surface``.

    Returns
    -------
    mpl_toolkits.mplot3d.art3d.Poly3DCollection
    """
    check_axes(ax, three_d=True)
    check_landscape(landscape, dim=2)
    (x0, x1), (y0, y1) = _window(landscape, window)
    X, Y, Z = sample_grid(landscape, n, ((x0, x1), (y0, y1)))
    zlim = check_limits(zlim, "zlim")
    check_cmap(cmap)
    if zlim is not None:
        Z = np.clip(Z, *zlim)  # the documented clipping: what the picture shows
    surf = ax.plot_surface(
        X, Y, Z, cmap=cmap, linewidth=0, antialiased=True, alpha=0.95, rcount=n, ccount=n, **kw
    )
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    ax.set_zlabel("loss")
    return surf


def plot_contour(
    ax,
    landscape,
    levels=30,
    n: int = 200,
    window=None,
    filled: bool = True,
    log: bool = False,
    critical_points: bool = True,
    colorbar: bool = True,
    cmap=CMAP,
):
    """Filled contours of a 2-D landscape, with its known critical points marked.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    landscape : Landscape
        2-D.
    levels : int or array_like
        Number of levels, or the levels.
    n : int
        Grid points a side.
    window : ((x0, x1), (y0, y1)), optional
        Default: the landscape's window.
    filled : bool
        Filled contours (with thin white lines), or lines only.
    log : bool
        Space the levels geometrically above the minimum value, which shows the floor of
        steep functions such as Rosenbrock's.
    critical_points : bool
        Mark the landscape's known critical points (:func:`plot_critical_points`).
    colorbar : bool
    cmap : str

    Returns
    -------
    matplotlib.contour.QuadContourSet
    """
    check_axes(ax)
    check_landscape(landscape, dim=2)
    if isinstance(levels, (int, np.integer)) and not isinstance(levels, bool):
        integer(levels, "levels", low=1)
    else:
        lv = array(levels, "levels", ndim=1, what="a number of levels or increasing levels")
        if np.any(np.diff(lv) <= 0):
            fail("levels", "increasing", levels, "sort the levels and drop repeats")
    filled, log = flag(filled, "filled"), flag(log, "log")
    critical_points, colorbar = flag(critical_points, "critical_points"), flag(colorbar, "colorbar")
    check_cmap(cmap)
    X, Y, Z = sample_grid(landscape, n, _window(landscape, window))
    if log:
        zmin = Z.min()
        Zs = Z - zmin + 1e-3 * (Z.max() - zmin)
        lv = np.geomspace(Zs.min(), Zs.max(), levels if np.isscalar(levels) else len(levels))
        cs = (
            ax.contourf(X, Y, Zs, levels=lv, cmap=cmap, norm=mcolors.LogNorm())
            if filled
            else ax.contour(X, Y, Zs, levels=lv, cmap=cmap, norm=mcolors.LogNorm())
        )
        label = "loss − min + offset (log scale)"
    else:
        cs = (
            ax.contourf(X, Y, Z, levels=levels, cmap=cmap)
            if filled
            else ax.contour(X, Y, Z, levels=levels, cmap=cmap)
        )
        label = "loss"
    if filled:
        ax.contour(
            X, Y, Z if not log else Zs, levels=cs.levels, colors="white", linewidths=0.4, alpha=0.5
        )
    if colorbar:
        ax.figure.colorbar(cs, ax=ax, label=label, shrink=0.9)
    if critical_points and landscape.critical_points:
        plot_critical_points(ax, landscape.critical_points)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    ax.set_xlim(X.min(), X.max())
    ax.set_ylim(Y.min(), Y.max())
    ax.grid(False)
    return cs


def plot_critical_points(ax, points, size: float = 70, legend: bool = True) -> None:
    """Mark critical points by type: ○ minimum, ✕ saddle, △ maximum, ◇ degenerate.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    points : iterable of CriticalPoint
        2-D points.
    size : float
        Marker area.
    legend : bool
        Add a legend naming the kinds shown.
    """
    check_axes(ax)
    if isinstance(points, (str, CriticalPoint)) or not hasattr(points, "__iter__"):
        fail("points", "a list of CriticalPoint", points, "wrap one point in a list: [point]")
    points = list(points)
    for i, c in enumerate(points):
        if not isinstance(c, CriticalPoint) or len(c.point) != 2:
            fail(
                f"points[{i}]",
                "a 2-D CriticalPoint",
                c,
                "pass landscape.critical_points or what find_critical_points returns",
            )
    size = positive(size, "size")
    legend = flag(legend, "legend")
    seen = set()
    for c in points:
        marker, color = KIND_MARKERS[c.kind]
        ax.scatter(
            c.point[0],
            c.point[1],
            marker=marker,
            s=size,
            c=color,
            edgecolors="black",
            linewidths=1.0,
            zorder=6,
            label=None if c.kind in seen else c.kind,
        )
        seen.add(c.kind)
    if legend and seen:
        ax.legend(loc="upper right")


def plot_paths(ax, paths, labels=None, colors=None, markevery=None, start_marker: bool = True):
    """Draw optimizer paths with their start (dot) and end (star) marked.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    paths : sequence of RunResult or array_like
        Each a path ``(k, 2)``.
    labels : sequence of str, optional
        One a path; adds a legend.
    colors : sequence of colors, optional
        Default: the palette.
    markevery : int, optional
        Mark every n-th iterate with a dot.
    start_marker : bool

    Returns
    -------
    list of matplotlib.lines.Line2D
    """
    check_axes(ax)
    paths = check_paths(paths, 2)
    labels = check_labels(labels, len(paths))
    colors = check_colors(colors, len(paths))
    if markevery is not None:
        markevery = integer(markevery, "markevery", low=1)
    start_marker = flag(start_marker, "start_marker")
    lines = []
    for i, p in enumerate(paths):
        color = (colors or PALETTE)[i % len(colors or PALETTE)]
        label = labels[i] if labels else None
        (line,) = ax.plot(
            p[:, 0],
            p[:, 1],
            "-",
            color=color,
            lw=1.6,
            label=label,
            zorder=4,
            marker="." if markevery else None,
            markevery=markevery,
            ms=4,
        )
        if start_marker:
            ax.scatter(*p[0], s=35, color=color, edgecolors="black", zorder=7)
        ax.scatter(*p[-1], s=80, marker="*", color=color, edgecolors="black", zorder=7)
        lines.append(line)
    if labels:
        ax.legend(loc="best")
    return lines


def plot_loss_curves(
    ax,
    results,
    labels=None,
    log: bool = True,
    key: str = "losses",
    shift: float | None = None,
    colors=None,
) -> None:
    """Loss (or another record) against step for several runs.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    results : sequence of RunResult
    labels : sequence of str, optional
    log : bool
        Log scale on y.
    key : str
        The record to plot: ``'losses'`` or ``'grad_norms'``.
    shift : float, optional
        Subtracted first (e.g. the minimum loss, before a log scale).
    colors : sequence of colors, optional
        One per run (default: the palette in order), e.g. to match a figure of the same
        runs' paths.
    """
    check_axes(ax)
    key = choice(key, "key", ("losses", "grad_norms", "learning_rates"))
    if isinstance(results, np.ndarray) or not isinstance(results, (list, tuple)) or not results:
        fail("results", "a non-empty list of RunResult", results, "wrap one run in a list")
    for i, r in enumerate(results):
        if not hasattr(r, key):
            fail(f"results[{i}]", f"a RunResult (with .{key})", r, "pass what h.run returns")
    labels = check_labels(labels, len(results))
    colors = check_colors(colors, len(results))
    log = flag(log, "log")
    if shift is not None:
        shift = number(shift, "shift")
    for i, r in enumerate(results):
        y = np.asarray(getattr(r, key), dtype=float)
        if shift is not None:
            y = y - shift
        style = {"color": colors[i % len(colors)]} if colors else {}
        ax.plot(np.arange(len(y)), y, lw=1.6, label=labels[i] if labels else None, **style)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel(
        {"losses": "loss", "grad_norms": "gradient norm"}.get(key, key)
        + (" − minimum" if shift is not None else "")
    )
    if labels:
        ax.legend()


def plot_1d(ax, landscape, window=None, n: int = 600, critical_points: bool = True, **kw):
    """Graph of a 1-D landscape with its critical points marked.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    landscape : Landscape
        1-D.
    window : (low, high), optional
    n : int
        Sample points.
    critical_points : bool
        Mark the known critical points.
    **kw
        Passed to ``ax.plot``.

    Returns
    -------
    matplotlib.lines.Line2D
    """
    check_axes(ax)
    check_landscape(landscape, dim=1)
    ((x0, x1),) = _window(landscape, window)
    n = integer(n, "n", low=2, fix="a curve needs at least 2 points; 600 look smooth")
    critical_points = flag(critical_points, "critical_points")
    x = np.linspace(x0, x1, n)
    (line,) = ax.plot(x, landscape.value(x[:, None]), color="black", lw=1.8, **kw)
    if critical_points:
        for c in landscape.critical_points:
            marker, color = KIND_MARKERS[c.kind]
            ax.scatter(
                c.point[0], c.value, marker=marker, s=60, c=color, edgecolors="black", zorder=6
            )
    ax.set_xlabel("$w$")
    ax.set_ylabel("loss")
    return line


def surface_and_contour(
    landscape,
    title: str | None = None,
    window=None,
    zlim=None,
    figsize=(10, 4.2),
    elev: float = 35,
    azim: float = -60,
):
    """A figure with the 3-D surface on the left and the contour map on the right.

    Parameters
    ----------
    landscape : Landscape
        2-D.
    title : str, optional
        The figure's title.
    window, zlim
        As for :func:`plot_surface`.
    figsize : (width, height)
    elev, azim : float
        The 3-D view, in degrees.

    Returns
    -------
    fig : matplotlib.figure.Figure
        A pyplot figure (shown inline in a notebook).
    axes : tuple
        ``(surface_axes, contour_axes)``.
    """
    import matplotlib.pyplot as plt  # a pyplot figure, shown inline by the notebook

    check_landscape(landscape, dim=2)
    string(title, "title", optional=True)
    _window(landscape, window)
    check_limits(zlim, "zlim")
    figsize = tuple(array(figsize, "figsize", shape=(2,), low=0, low_open=True))
    elev, azim = number(elev, "elev"), number(azim, "azim")
    fig = plt.figure(figsize=figsize)
    ax3 = fig.add_subplot(1, 2, 1, projection="3d")
    plot_surface(ax3, landscape, window=window, zlim=zlim)
    ax3.view_init(elev=elev, azim=azim)
    ax2 = fig.add_subplot(1, 2, 2)
    plot_contour(ax2, landscape, window=window)
    ax2.set_aspect("equal")
    ax3.set_title("surface")
    ax2.set_title("contour map")
    if title:
        fig.suptitle(title)
    return fig, (ax3, ax2)

"""Plots with one consistent, colour-blind-safe style.

The colours and markers are those of :mod:`helpers.pictures.style`. Every function draws on an ``Axes`` the
caller passes and returns what it drew, so chapters can combine them freely.
"""

from __future__ import annotations

import matplotlib.colors as mcolors
import numpy as np

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
    return np.array(landscape.window if window is None else window, dtype=float).reshape(
        landscape.dim, 2
    )


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
    (x0, x1), (y0, y1) = _window(landscape, window)
    X, Y, Z = sample_grid(landscape, n, ((x0, x1), (y0, y1)))
    if zlim is not None:
        Z = np.clip(Z, *zlim)
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
    lines = []
    for i, p in enumerate(paths):
        p = np.asarray(getattr(p, "path", p))
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
    ax, results, labels=None, log: bool = True, key: str = "losses", shift: float | None = None
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
    """
    for i, r in enumerate(results):
        y = np.asarray(getattr(r, key), dtype=float)
        if shift is not None:
            y = y - shift
        ax.plot(np.arange(len(y)), y, lw=1.6, label=labels[i] if labels else None)
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
    ((x0, x1),) = _window(landscape, window)
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

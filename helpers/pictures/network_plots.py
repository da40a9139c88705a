r"""Two plots of the network chapters: repeated measurements at a few sizes, and a loss map.

- :func:`plot_dot_columns` draws one column of dots per size (a batch size, a width) on a
  logarithmic axis, spread a little sideways so that equal values do not hide each other,
  with an optional line through the medians;
- :func:`plot_log_contour` fills the contours of a positive function sampled on a grid (a
  2-D slice of a loss) with logarithmically spaced levels and a colorbar.

Like :mod:`helpers.pictures.plotting`, each draws on an ``Axes`` the caller passes and
returns what it drew.
"""

from __future__ import annotations

import numbers

import matplotlib.colors as mcolors
import numpy as np

from .._validate import array, fail, flag, integer, number, string
from .plotting import check_axes, check_cmap
from .style import CMAP, PALETTE

__all__ = ["plot_dot_columns", "plot_log_contour"]


def _groups(groups) -> list[tuple[float, np.ndarray]]:
    """``groups`` as sorted ``(size, values)`` pairs, or a ``ValueError`` saying what to fix."""
    if not hasattr(groups, "items") or len(groups) == 0:
        fail(
            "groups",
            "a non-empty mapping from a size to its values",
            groups,
            "pass e.g. {4: [1.0, 1.2], 8: [0.9]}",
        )
    out = []
    for size, values in groups.items():
        if isinstance(size, bool) or not isinstance(size, numbers.Real) or not size > 0:
            fail(
                "groups",
                "keyed by positive sizes (the axis is logarithmic)",
                size,
                "use the batch sizes or widths themselves as keys",
            )
        v = array(values, f"groups[{size!r}]", ndim=1, what="a non-empty 1-D array of numbers")
        out.append((float(size), v))
    return sorted(out, key=lambda p: p[0])


def plot_dot_columns(ax, groups, spread: float = 0.1, median: bool = False, color=None):
    r"""One column of dots per size on a logarithmic x axis, ticks at the sizes.

    The dots of a column sit at :math:`x\,e^{s}` for :math:`s` evenly spaced in
    :math:`[-\text{spread}, \text{spread}]`, in the order given, so that a column of many
    measurements stays readable; the tick is at :math:`x` itself.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    groups : mapping
        ``{size: values}``: a positive size (a batch size, a width) and the 1-D array of
        values measured at it.
    spread : float
        Half-width of a column, as a factor on the log axis (>= 0; 0 stacks the dots).
    median : bool
        Also draw a line through the medians, labelled "median".
    color : color, optional
        Of the dots (default: the palette's first colour; the median line takes its sixth).

    Returns
    -------
    list of matplotlib.lines.Line2D
        The dot columns in order of size, then the median line if drawn.
    """
    check_axes(ax)
    items = _groups(groups)
    spread = number(spread, "spread", low=0, fix="pass a spread >= 0 such as 0.1")
    median = flag(median, "median")
    if color is not None and not mcolors.is_color_like(color):
        fail("color", "a matplotlib color", color, "pass e.g. h.PALETTE[0]")
    color = PALETTE[0] if color is None else color
    drawn = []
    for size, v in items:
        x = size * np.exp(np.linspace(-spread, spread, len(v)))
        (line,) = ax.plot(x, v, "o", ms=4, alpha=0.7, color=color)
        drawn.append(line)
    sizes = [s for s, _ in items]
    if median:
        (line,) = ax.plot(
            sizes, [np.median(v) for _, v in items], "s-", color=PALETTE[5], label="median"
        )
        drawn.append(line)
    ax.set_xscale("log")
    ax.set_xticks(sizes, [f"{s:g}" for s in sizes])
    ax.minorticks_off()
    return drawn


def plot_log_contour(ax, A, B, Z, levels: int = 25, label: str = "loss", cmap=CMAP):
    r"""Filled contours of a positive ``Z`` on a grid, levels evenly spaced in
    :math:`\log Z` from its minimum to its maximum, with a colorbar.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    A, B : array_like
        The grid's coordinates, shaped like ``Z`` (as ``numpy.meshgrid`` or
        :func:`helpers.slice_2d` return them).
    Z : array_like
        The values, all finite and > 0.
    levels : int
        Number of levels, >= 2.
    label : str
        The colorbar's label.
    cmap : str
        Colormap (default ``viridis``).

    Returns
    -------
    matplotlib.contour.QuadContourSet
    """
    check_axes(ax)
    Z = array(Z, "Z", ndim=2, low=0, low_open=True, fix="plot Z - Z.min() + a small number")
    A = array(A, "A", shape=Z.shape, fix="pass the grid of numpy.meshgrid, shaped like Z")
    B = array(B, "B", shape=Z.shape, fix="pass the grid of numpy.meshgrid, shaped like Z")
    levels = integer(levels, "levels", low=2, fix="pass e.g. levels=25")
    label = string(label, "label")
    check_cmap(cmap)
    if Z.min() == Z.max():
        fail("Z", "not constant", Z, "a constant Z has no contours to draw")
    cs = ax.contourf(
        A, B, Z, levels=np.geomspace(Z.min(), Z.max(), levels), norm=mcolors.LogNorm(), cmap=cmap
    )
    ax.figure.colorbar(cs, ax=ax, label=label, format="%.2g")
    return cs

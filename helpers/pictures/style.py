"""The book's look: a colour-blind-safe palette, one colormap, markers for each kind of
critical point, and the matplotlib defaults every chapter sets with :func:`use_style`.

Colours for lines and markers come from the Okabe-Ito palette; surfaces and filled contours
use the perceptually uniform ``viridis`` colormap. The constants need no matplotlib, so
``h.PALETTE`` costs nothing to import.
"""

from __future__ import annotations

__all__ = ["PALETTE", "CMAP", "KIND_MARKERS", "use_style"]

# Okabe & Ito (2008), safe for the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
CMAP = "viridis"
KIND_MARKERS = {
    "minimum": ("o", "#FFFFFF"),
    "saddle": ("X", "#D55E00"),
    "maximum": ("^", "#CC79A7"),
    "degenerate": ("D", "#F0E442"),
}


def use_style() -> None:
    """Set the book's matplotlib defaults (palette, sizes, a resolution sized for the page)."""
    import matplotlib as mpl

    mpl.rcParams.update(
        {
            "axes.prop_cycle": mpl.cycler(color=PALETTE),
            "image.cmap": CMAP,
            "figure.figsize": (7.0, 4.2),
            "figure.dpi": 90,
            "savefig.dpi": 90,
            "figure.constrained_layout.use": True,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 11,
            "axes.labelsize": 10,
            "legend.fontsize": 8.5,
            "legend.framealpha": 0.85,
            "font.size": 10,
        }
    )

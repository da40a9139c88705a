"""Small result tables that show as HTML in the book and as fixed-width text elsewhere.

The text form (``repr``) is what nbval compares, so every number is formatted at a fixed
precision and a changed result changes the text.
"""

from __future__ import annotations

import html
import numbers

import numpy as np

__all__ = ["Table", "fmt"]


def fmt(value, digits: int = 4) -> str:
    """Format a value at fixed precision.

    Parameters
    ----------
    value : object
        Numbers get ``digits`` decimals (scientific notation when very large or small),
        booleans ``yes``/``no``, vectors ``(a, b)``; anything else ``str()``.
    digits : int

    Returns
    -------
    str
    """
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        v = float(value)
        if not np.isfinite(v):
            return str(v)
        if v != 0 and (abs(v) >= 1e5 or abs(v) < 10 ** (-digits)):
            return f"{v:.{max(digits - 1, 1)}e}"
        out = f"{v:.{digits}f}"
        return "0." + "0" * digits if out == "-0." + "0" * digits else out
    if isinstance(value, (tuple, list, np.ndarray)) and np.ndim(value) == 1:
        return "(" + ", ".join(fmt(v, digits) for v in value) + ")"
    return str(value)


class Table:
    """Rows of values under headers, shown as HTML in the book and as fixed-width text
    elsewhere (the text is what nbval compares).

    Parameters
    ----------
    headers : sequence
        Column names.
    rows : sequence of sequences
        One value per column each.
    digits : int
        Decimals of every number (:func:`fmt`).
    title : str, optional
    """

    def __init__(self, headers, rows, digits: int = 4, title: str | None = None):
        self.headers = [str(h) for h in headers]
        self.rows = [[fmt(v, digits) for v in row] for row in rows]
        bad = [r for r in self.rows if len(r) != len(self.headers)]
        if bad:
            raise ValueError(f"every row needs {len(self.headers)} values, got {bad[0]}")
        self.title = title

    def __repr__(self) -> str:
        widths = [
            max(len(h), *(len(r[i]) for r in self.rows)) if self.rows else len(h)
            for i, h in enumerate(self.headers)
        ]
        line = lambda cells: "  ".join(c.rjust(w) for c, w in zip(cells, widths))  # noqa: E731
        out = [self.title] if self.title else []
        out += [line(self.headers), line(["-" * w for w in widths])]
        out += [line(r) for r in self.rows]
        return "\n".join(out)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in self.rows
        )
        cap = f"<caption>{html.escape(self.title)}</caption>" if self.title else ""
        return (
            f'<table class="results-table">{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )

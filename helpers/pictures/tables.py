"""Small result tables that show as HTML in the book and as fixed-width text elsewhere.

The text form (``repr``) is what nbval compares, so every number is formatted at a fixed
precision and a changed result changes the text.
"""

from __future__ import annotations

import html
import numbers

import numpy as np

from .._validate import fail, integer, string

__all__ = ["Table", "fmt"]


def fmt(value, digits: int = 4) -> str:
    """Format a value at fixed precision.

    Parameters
    ----------
    value : object
        Numbers get ``digits`` decimals (scientific notation when very large or small),
        booleans ``yes``/``no``, vectors ``(a, b)``; anything else ``str()``.
    digits : int
        Decimals, 0 to 16.

    Returns
    -------
    str
    """
    digits = _digits(digits)
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


# Cells that stand for "no value" in a column of numbers (aligned with the numbers).
_PLACEHOLDERS = {"", "-", "\u2013", "\u2014", "n/a", "nan"}


def _is_number(value) -> bool:
    """A real number or a 1-D vector of them (bools are yes/no text)."""
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, numbers.Real):
        return True
    return (
        isinstance(value, (tuple, list, np.ndarray))
        and np.ndim(value) == 1
        and all(_is_number(v) for v in value)
    )


# Inline styles, so the table reads the same in the book, in JupyterLab and in a PDF.
_CELL = "padding:0.2em 0.8em;"
_RIGHT = "text-align:right;"
_LEFT = "text-align:left;"
_DIGITS = "font-variant-numeric:tabular-nums;white-space:nowrap;"


def _digits(digits) -> int:
    return integer(digits, "digits", low=0, high=16, fix="a float has about 16 significant digits")


def _sequence(value, name: str, what: str) -> list:
    """``value`` as a list if it is a sequence of items (not a string), else raise."""
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__iter__"):
        fail(name, what, value, "pass a list")
    return list(value)


class Table:
    """Rows of values under headers; ``digits`` sets the fixed precision of every float.

    Columns of numbers are right-aligned (so digits of the same place line up), text
    columns left-aligned, with a gap between columns and a rule under the header, both in
    the text form (``repr``, what nbval compares) and in the HTML form (the book).

    Parameters
    ----------
    headers : sequence
        Column names.
    rows : sequence of sequences
        One value per column each.
    digits : int
        Decimals of every number (:func:`fmt`), from 0 to 16.
    title : str, optional
    """

    def __init__(self, headers, rows, digits: int = 4, title: str | None = None):
        self.headers = [str(h) for h in _sequence(headers, "headers", "a list of column names")]
        if not self.headers:
            fail("headers", "at least one column name", headers, "name the columns")
        digits = _digits(digits)
        rows = _sequence(rows, "rows", "a list of rows")
        self.rows, raw = [], []
        for i, row in enumerate(rows):
            cells = _sequence(row, f"rows[{i}]", f"a row of {len(self.headers)} values")
            if len(cells) != len(self.headers):
                fail(
                    f"rows[{i}]",
                    f"a row of {len(self.headers)} values, one per header (every row needs "
                    f"{len(self.headers)} values)",
                    row,
                    "add or drop values so that each column has one",
                )
            self.rows.append([fmt(v, digits) for v in cells])
            raw.append(cells)
        self.title = string(title, "title", optional=True)
        # A column is numeric when every cell is a number or a placeholder such as "—".
        self.numeric = [
            any(_is_number(r[i]) for r in raw)
            and all(
                _is_number(r[i]) or self.rows[k][i].strip() in _PLACEHOLDERS
                for k, r in enumerate(raw)
            )
            for i in range(len(self.headers))
        ]

    def __repr__(self) -> str:
        widths = [
            max(len(h), *(len(r[i]) for r in self.rows)) if self.rows else len(h)
            for i, h in enumerate(self.headers)
        ]

        def line(cells):
            return "   ".join(
                c.rjust(w) if num else c.ljust(w) for c, w, num in zip(cells, widths, self.numeric)
            ).rstrip()

        out = [self.title] if self.title else []
        out += [line(self.headers), "   ".join("-" * w for w in widths)]
        out += [line(r) for r in self.rows]
        return "\n".join(out)

    def _repr_html_(self) -> str:
        align = [_RIGHT if num else _LEFT for num in self.numeric]
        rule = "border-bottom:1.5px solid currentColor;"
        head = "".join(
            f'<th scope="col" style="{_CELL}{a}{rule}">{html.escape(h)}</th>'
            for h, a in zip(self.headers, align)
        )
        cell = [f"{_CELL}{a}{_DIGITS if num else ''}" for a, num in zip(align, self.numeric)]
        body = "".join(
            "<tr>"
            + "".join(f'<td style="{c}">{html.escape(v)}</td>' for v, c in zip(r, cell))
            + "</tr>"
            for r in self.rows
        )
        cap = (
            f'<caption style="caption-side:top;text-align:left;font-weight:bold">'
            f"{html.escape(self.title)}</caption>"
            if self.title
            else ""
        )
        return (
            f'<table class="results-table" style="border-collapse:collapse;'
            f'margin:0.5em 0">{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )

"""Put computed values into the prose, with or without myst-nb installed.

:func:`glue` writes the same output record as ``myst_nb.glue``: a ``display_data`` output
whose MIME types carry the ``application/papermill.record/`` prefix and whose metadata names
the key under ``scrapbook``. myst-nb reads that record when the book is built, and the
``{glue:}`key``` role shows the value. A notebook that runs anywhere else (JupyterLab,
Binder, a downloaded ``.ipynb``) needs only IPython, which every Jupyter kernel has; outside
a kernel the call does nothing.

Unlike ``myst_nb.glue``, a ``str`` is stored as its plain text, so ``glue("n", "12")``
shows 12 in the prose, not its repr '12'. Numbers keep their repr; format them in the role
(``{glue:text}`key:.2f```).
"""

from __future__ import annotations

import numbers

GLUE_PREFIX = "application/papermill.record/"

__all__ = ["glue"]


def _plain_text(value) -> str | None:
    """The text/plain a value is glued as, or None to let IPython format it."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    return None


def glue(name: str, value, display: bool = False) -> None:
    """Record ``value`` under ``name`` for the ``{glue:}`name``` role of the built book.

    Parameters
    ----------
    name : str
        The key the prose refers to; unique in the notebook.
    value : object
        A string (shown as it is), a number (shown as its repr; format it in the role with
        ``{glue:text}`name:.3f```), or anything IPython can display (a figure, a table).
    display : bool
        Also show the value in the notebook's output (default: record it only).
    """
    from ._validate import (
        flag,  # here: `import helpers` stays light
        string,
    )

    string(name, "name", nonempty=True)
    display = flag(display, "display")
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to record into
        return
    if get_ipython() is None:
        return
    from IPython.core.formatters import format_display_data
    from IPython.display import display as ipy_display

    text = _plain_text(value)
    if text is not None:
        bundle, metadata = {"text/plain": text}, {}
    else:
        bundle, metadata = format_display_data(value)
    prefix = "" if display else GLUE_PREFIX
    metadata = dict(metadata, scrapbook={"name": name, "mime_prefix": prefix})
    ipy_display({prefix + k: v for k, v in bundle.items()}, raw=True, metadata=metadata)

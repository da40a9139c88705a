"""Input checks shared by every public function: fail early, say what to fix.

Each rule lives here once. A check takes the value and the argument's name, returns the
value converted (a ``float``, an ``int``, a float array, ...) and otherwise raises
``ValueError`` with one message shape::

    <name> must be <what it must be>, got <the value>; <how to fix it>

Nothing is clamped, rounded or reshaped: a value is accepted as it is or rejected. The
checks are a few whole-array numpy operations, made once per call, never per element, so
they cost little on hot paths; array checks accept any leading axes, so vectorized
functions still take meshgrids.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from typing import NoReturn

import numpy as np

#: A matrix is symmetric when it differs from its transpose by round-off only:
#: ``|A - A.T| <= SYMMETRY_RTOL * max(1, |A|)`` entrywise.
SYMMETRY_RTOL = 1e-10


# -- messages -------------------------------------------------------------------------------
def show(value, limit: int = 80) -> str:
    """A short text for ``value`` in a message: its repr, or the shape of a large array."""
    if isinstance(value, np.ndarray) and value.size > 6:
        return f"an array of shape {value.shape}"
    if isinstance(value, np.generic):
        value = value.item()
    try:
        text = repr(value.tolist() if isinstance(value, np.ndarray) else value)
    except Exception:  # a repr that fails says nothing useful
        text = f"a {type(value).__name__}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def fail(name: str, must: str, got, fix: str, *, shown: str | None = None) -> NoReturn:
    """Raise the one message shape: ``<name> must be <must>, got <got>; <fix>``."""
    raise ValueError(f"{name} must be {must}, got {show(got) if shown is None else shown}; {fix}")


def _shape_text(arr: np.ndarray) -> str:
    return f"an array of shape {arr.shape}" if arr.ndim else f"the number {arr.item()!r}"


# -- numbers ----------------------------------------------------------------------------------
def _bounds_words(low, high, low_open: bool, high_open: bool) -> str:
    if low is not None and high is not None:
        return f"in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if low is not None:
        return f"{'>' if low_open else '>='} {low:g}"
    if high is not None:
        return f"{'<' if high_open else '<='} {high:g}"
    return ""


def _outside(v, low, high, low_open: bool, high_open: bool):
    """True where ``v`` (a float or an array) lies outside the bounds (NaN is outside)."""
    if isinstance(v, float):
        return not (
            (low is None or (v > low if low_open else v >= low))
            and (high is None or (v < high if high_open else v <= high))
        )
    inside = np.ones(np.shape(v), dtype=bool)
    if low is not None:
        inside &= (v > low) if low_open else (v >= low)
    if high is not None:
        inside &= (v < high) if high_open else (v <= high)
    return ~inside


def _is_real_scalar(value) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, numbers.Real):
        return True
    return isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf"


def number(
    value,
    name: str,
    *,
    low=None,
    high=None,
    low_open: bool = False,
    high_open: bool = False,
    fix: str | None = None,
) -> float:
    """``value`` as a float if it is one finite real number within the bounds, else raise.

    ``low``/``high`` bound it (``None``: unbounded), strictly when ``low_open``/``high_open``.
    """
    ok = _is_real_scalar(value)
    v = float(value) if ok else math.nan
    if ok and math.isfinite(v) and not _outside(v, low, high, low_open, high_open):
        return v
    bounds = _bounds_words(low, high, low_open, high_open)
    must = f"a finite number {bounds}".rstrip() if "in " not in bounds else f"a number {bounds}"
    fail(
        name,
        must,
        value,
        fix or (f"pass a finite number {bounds}".rstrip() if ok else "pass a single real number"),
    )


def positive(value, name: str, fix: str | None = None) -> float:
    """``value`` as a float if it is a finite number > 0, else raise ``ValueError``."""
    return number(value, name, low=0, low_open=True, fix=fix)


def non_negative(value, name: str, fix: str | None = None) -> float:
    """``value`` as a float if it is a finite number >= 0, else raise ``ValueError``."""
    return number(value, name, low=0, fix=fix)


def in_unit_interval(value, name: str, fix: str | None = None) -> float:
    """``value`` if 0 <= value < 1 (a decay or momentum factor), else raise."""
    return number(
        value,
        name,
        low=0,
        high=1,
        high_open=True,
        fix=fix
        or (
            "a decay factor lies in [0, 1) (at 1 or more old gradients are never "
            "forgotten and the average grows without bound); use a value such as 0.9"
        ),
    )


def integer(value, name: str, *, low=None, high=None, fix: str | None = None) -> int:
    """``value`` as an int if it is a whole number (not a float, not a bool) within
    ``[low, high]``, else raise ``ValueError``."""
    bounds = _bounds_words(low, high, False, False)
    must = f"a whole number {bounds}".rstrip()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        fail(name, must, value, fix or "pass an int such as 100 (int(x) if it is computed)")
    if _outside(int(value), low, high, False, False):
        fail(name, must, value, fix or f"pass a whole number {bounds}")
    return int(value)


def positive_int(value, name: str, fix: str | None = None) -> int:
    """Return ``value`` if it is a whole number >= 1, else raise ``ValueError``."""
    return integer(value, name, low=1, fix=fix)


def seed(value, name: str = "seed") -> int:
    """A seed for ``np.random.default_rng``: a whole number >= 0."""
    return integer(value, name, low=0, fix="pass a whole number >= 0 such as 0")


def flag(value, name: str) -> bool:
    """``value`` if it is a bool (or a numpy bool), else raise ``ValueError``."""
    if not isinstance(value, (bool, np.bool_)):
        fail(name, "True or False", value, "pass a bool")
    return bool(value)


def string(value, name: str, *, optional: bool = False, nonempty: bool = False) -> str | None:
    """``value`` if it is a str (or ``None`` when ``optional``), else raise."""
    if value is None and optional:
        return None
    must = ("a non-empty string" if nonempty else "a string") + (" or None" if optional else "")
    if not isinstance(value, str) or (nonempty and not value.strip()):
        fail(name, must, value, "pass the text as a str")
    return value


def choice(value, name: str, options: Sequence, fix: str | None = None):
    """``value`` if it is one of ``options``, else raise ``ValueError``."""
    try:
        ok = any(value == o and type(value) is type(o) for o in options)
    except (TypeError, ValueError):  # arrays compare elementwise: not an option
        ok = False
    if not ok:
        listed = ", ".join(repr(o) for o in options)
        fail(name, f"one of {listed}", value, fix or "pick one of those")
    return value


def function(value, name: str, what: str) -> Callable:
    """``value`` if it is callable, else raise; ``what`` says which function is expected,
    e.g. ``"a function w -> loss"``."""
    if not callable(value):
        fail(name, what, value, "pass a function (a def or a lambda), not its result")
    return value


def generator(value, name: str = "rng") -> np.random.Generator:
    """``value`` if it is a ``numpy.random.Generator``, else raise ``ValueError``."""
    if not isinstance(value, np.random.Generator):
        fail(name, "a numpy Generator", value, "pass np.random.default_rng(seed)")
    return value


# -- arrays -----------------------------------------------------------------------------------
def array(
    value,
    name: str,
    *,
    ndim: int | tuple | None = None,
    shape: tuple | None = None,
    nonempty: bool = True,
    finite: bool = True,
    low=None,
    high=None,
    low_open: bool = False,
    high_open: bool = False,
    what: str | None = None,
    fix: str | None = None,
) -> np.ndarray:
    """``value`` as a float array, checked; else raise ``ValueError``.

    Parameters
    ----------
    ndim : int or tuple of int, optional
        The allowed numbers of axes.
    shape : tuple, optional
        The required shape; ``None`` entries match any length (implies ``ndim``).
    nonempty : bool
        Reject an array with no entries.
    finite : bool
        Reject NaN and infinities.
    low, high, low_open, high_open
        Bounds every entry must respect, as for :func:`number`.
    what : str, optional
        What the array must be, for the message (default: from the other settings).
    fix : str, optional
        How to fix it, for the message.
    """
    if shape is not None:
        ndim = len(shape)

    def must() -> str:  # the message's words, built only when a check fails
        if what:
            return what
        bounds = _bounds_words(low, high, low_open, high_open)
        words = "an array"
        if shape is not None:
            dims = ", ".join("n" if s is None else str(s) for s in shape)
            words = f"an array of shape ({dims}{',' if len(shape) == 1 else ''})"
        words += " of finite numbers" if finite else " of numbers"
        return f"{words} {bounds}" if bounds else words

    if isinstance(value, (float, int, np.floating, np.integer)) and not isinstance(
        value, (bool, np.bool_)
    ):
        arr = np.asarray(float(value))  # the fast path: one number
    elif isinstance(value, np.ndarray) and value.dtype.kind in "iuf":
        arr = value.astype(float, copy=False)
    else:
        if isinstance(value, (str, bytes)):
            fail(name, must(), value, fix or "pass numbers, not text")
        try:
            raw = np.asarray(value)
            if raw.dtype.kind not in "iuf":
                if raw.dtype.kind != "O":
                    raise TypeError
                raw = raw.astype(float)
            arr = raw.astype(float, copy=False)
        except (TypeError, ValueError):
            fail(name, must(), value, fix or "pass a list or numpy array of real numbers")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            axes = " or ".join(str(a) for a in allowed)
            fail(
                name,
                must()
                if what or shape
                else f"{must()} with {axes} ax{'is' if allowed == (1,) else 'es'}",
                value,
                fix or "pass it in that shape; nothing is reshaped for you",
                shown=_shape_text(arr),
            )
    if shape is not None and any(s is not None and s != a for s, a in zip(shape, arr.shape)):
        fail(
            name,
            must(),
            value,
            fix or "pass it in that shape; nothing is reshaped for you",
            shown=_shape_text(arr),
        )
    if nonempty and arr.size == 0:
        fail(name, what or f"non-empty {must()}", value, fix or "pass at least one value")
    if arr.ndim == 0:  # one number: plain float comparisons are the cheapest
        v = float(arr)
        bad_value = finite and not math.isfinite(v)
        outside = bool(_outside(v, low, high, low_open, high_open)) if bad_value is False else False
    else:
        bad_value = finite and not np.isfinite(arr).all()
        outside = None
    if bad_value:
        fail(name, must(), value, fix or "remove the NaN or infinite entries")
    if outside is None and (low is not None or high is not None):
        outside = _outside(arr, low, high, low_open, high_open).any()
    if outside:
        bounds = _bounds_words(low, high, low_open, high_open)
        fail(name, must(), value, fix or f"every entry must be {bounds}")
    return arr


def as_point(w, dim: int | None = None, name: str = "w") -> np.ndarray:
    """``w`` as a finite float vector (of length ``dim`` if given), else raise ``ValueError``.

    A single number is a point of a 1-D function.
    """
    arr = array(
        w,
        name,
        ndim=(0, 1),
        what="a finite 1-D vector (one point such as [x, y])",
        fix="pass a single point as a 1-D list or array",
    )
    arr = arr.reshape(-1)  # a single number is the point [x]
    if dim is not None and arr.shape[0] != dim:
        fail(
            name,
            f"a vector of {dim} number(s) here",
            arr.tolist(),
            f"pass {dim} coordinate(s)",
        )
    return arr


def as_point_fast(w, dim: int, name: str = "w") -> np.ndarray:
    """:func:`as_point`, with a fast path for what a run loop passes many times a step.

    A finite float64 vector of length ``dim`` is returned as it is (not copied: callers
    only read it); anything else goes through the full check.
    """
    if (
        isinstance(w, np.ndarray)
        and w.dtype == np.float64
        and w.shape == (dim,)
        and np.isfinite(w).all()
    ):
        return w
    return as_point(w, dim, name=name)


def direction(v, dim: int, name: str) -> np.ndarray:
    """A non-zero finite vector of length ``dim`` (a direction), else raise."""
    v = as_point(v, dim, name)
    if not np.any(v):
        fail(name, "a non-zero direction", v.tolist(), "a zero vector points nowhere")
    return v


def points(w, dim: int, name: str = "w") -> np.ndarray:
    """``w`` as a float array of points with ``dim`` coordinates on the last axis
    (``(..., dim)``, any leading axes); entries may be non-finite (a diverged iterate)."""
    arr = w if isinstance(w, np.ndarray) and w.dtype == np.float64 else None
    if arr is None:
        arr = array(w, name, finite=False, nonempty=False)
    if arr.ndim == 0 or arr.shape[-1] != dim:
        fail(
            name,
            f"points with {dim} coordinate(s) on the last axis, shape (..., {dim})",
            arr,
            "stack the coordinates on the last axis, e.g. np.stack([X, Y], axis=-1)",
            shown=_shape_text(arr),
        )
    return arr


def vectorized(f, x: np.ndarray, shape: tuple, name: str = "f") -> np.ndarray:
    """``f(x)`` as floats, checked to have ``shape`` (one value, or one gradient, per point
    of the batch ``x``), else ``ValueError`` naming ``f``."""
    out = np.asarray(f(x), dtype=float)
    if out.shape != tuple(shape):
        fail(
            name,
            f"vectorized: points {np.shape(x)} in, an array of shape {tuple(shape)} out",
            out,
            "write it with w[..., i] for coordinate i (a Landscape's methods are vectorized)",
            shown=f"shape {out.shape}",
        )
    return out


def finite_array(x, name: str) -> np.ndarray:
    """Return ``x`` as a float array if every entry is finite, else raise ``ValueError``."""
    return array(x, name, nonempty=False)


def matrix(A, name: str, *, square: bool = True, symmetric: bool = False) -> np.ndarray:
    """``A`` as a finite float matrix, square (and symmetric up to round-off,
    :data:`SYMMETRY_RTOL`) if asked, else raise ``ValueError``."""
    A = array(A, name, ndim=2, what="a finite matrix (a 2-D array)")
    if square and A.shape[0] != A.shape[1]:
        fail(name, "a square matrix", A, "pass a (d, d) array", shown=_shape_text(A))
    if symmetric:
        symmetric_matrices(A, name)
    return A


def symmetric_matrices(A: np.ndarray, name: str) -> np.ndarray:
    """Check that every matrix on the last two axes of a finite float array equals its
    transpose up to round-off, :math:`|A - A^T| \\le` ``SYMMETRY_RTOL`` :math:`\\max(1, |A|)`."""
    asymmetry = float(np.max(np.abs(A - np.swapaxes(A, -1, -2)), initial=0.0))
    if asymmetry > SYMMETRY_RTOL * max(1.0, float(np.max(np.abs(A), initial=0.0))):
        fail(
            name,
            "symmetric",
            A,
            "check the off-diagonal entries, or pass (A + A.T) / 2 if the difference is round-off",
            shown=f"{show(A)}, which differs from its transpose by up to {asymmetry:.3g}",
        )
    return A


def window(value, dim: int, name: str = "window") -> np.ndarray:
    """A box: one ``(low, high)`` pair per coordinate with ``low < high``, as a
    ``(dim, 2)`` float array (a single pair is the box of a 1-D function)."""
    example = "(low, high)" if dim == 1 else "((x0, x1), (y0, y1))" if dim == 2 else "pairs"
    must = f"one (low, high) pair per coordinate, {dim} pair(s) such as {example}"
    arr = array(value, name, what=must, fix=f"pass {dim} finite (low, high) pair(s)")
    if arr.shape == (2,) and dim == 1:
        arr = arr.reshape(1, 2)  # the one pair of a 1-D box
    if arr.shape != (dim, 2):
        fail(name, must, value, f"pass {dim} (low, high) pair(s)", shown=_shape_text(arr))
    if np.any(arr[:, 0] >= arr[:, 1]):
        fail(name, "pairs with low < high", value, "swap or widen the bounds")
    return arr


def landscape(
    obj,
    name: str = "landscape",
    dim: int | tuple | None = None,
    needs: tuple = ("name", "dim", "window", "critical_points", "value", "gradient", "hessian"),
):
    """``obj`` if it has the members ``needs`` of the ``Landscape`` protocol (and one of
    the dimensions ``dim``), else raise ``ValueError``."""
    if isinstance(obj, str):
        fail(name, "a Landscape object", obj, f"pass h.get_landscape({obj!r}) instead of its name")
    missing = [m for m in needs if not hasattr(obj, m)]
    methods = [m for m in needs if m in ("value", "gradient", "hessian") and m not in missing]
    missing += [m for m in methods if not callable(getattr(obj, m))]
    if missing:
        fail(
            name,
            "a Landscape (with " + ", ".join(needs) + ")",
            obj,
            f"it lacks {', '.join(missing)}; pass one such as h.saddle()",
        )
    if dim is not None:
        allowed = (dim,) if isinstance(dim, int) else tuple(dim)
        d = getattr(obj, "dim", None)
        if d not in allowed:
            dims = " or ".join(f"{a}-D" for a in allowed)
            fail(
                name,
                f"a {dims} landscape",
                obj,
                f"{getattr(obj, 'name', 'it')} is {d}-D; pick a {dims} one or slice it",
                shown=f"{getattr(obj, 'name', show(obj))!r} ({d}-D)",
            )
    return obj


def regression_data(X, y) -> tuple[np.ndarray, np.ndarray]:
    """Return features ``X`` (N, d) and targets ``y`` (N,) as finite float arrays, or raise."""
    X = array(X, "X", ndim=2, what="a finite feature matrix (N, d)")
    y = array(y, "y", shape=(X.shape[0],), fix=f"pass one target per row of X ({X.shape[0]})")
    return X, y

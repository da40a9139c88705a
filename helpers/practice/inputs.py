"""The functions a check passes to a student's code, rebuilt from a short description.

A case that hands the student a gradient, a loss or a Hessian-vector product describes it
as data, ``{"kind": "affine", "A": ..., "b": ..., "name": ...}``, so that cases can be
stored (the practice cases) and sent between processes (the grader). These are inputs,
the problems posed, never answers: each function here is one the exercise text describes.
"""

from __future__ import annotations

import numpy as np

from .codec import Opaque, decode

__all__ = ["build", "show", "KINDS"]


def _arr(spec, key):
    return np.asarray(decode(spec[key]), dtype=float)


def _named(fn, name: str):
    fn.__name__ = fn.__qualname__ = name
    return fn


def _affine(spec):
    a, b = _arr(spec, "A"), _arr(spec, "b")
    return lambda w: a @ w - b


def _scale(spec):
    c = float(spec["c"])
    return lambda w: c * w


def _wavy_grad(spec):
    return lambda w: 3 * np.cos(3 * w) + w - 1


_CATALOGUE = {
    "square": lambda x: x**2,
    "exp": np.exp,
    "abs": lambda x: np.abs(x),
    "sin": np.sin,
    "cubic": lambda x: x**3 - x,
    "softplus": lambda x: np.log1p(np.exp(x)),
}


def _catalogue(spec):
    fn = _CATALOGUE[spec["key"]]
    return lambda x: fn(x)


def _poly_xy(spec):
    return lambda w: float(w[0] ** 2 * w[1] + np.sin(w[1]))


def _smooth(spec):
    a, m = _arr(spec, "a"), _arr(spec, "A")
    return lambda w: float(np.sum(np.sin(a * w)) + 0.5 * w @ m @ w + np.sum(w**3) / 3)


def _sum_squares(spec):
    return lambda w: float(np.sum(w**2))


def _random_loss(spec):
    m, c = _arr(spec, "A"), _arr(spec, "c")
    return lambda w: float(0.5 * (w - c) @ m @ (w - c) + np.sum(np.cos(2 * w)))


def _matvec(spec):
    m = _arr(spec, "H")
    return lambda v: m @ v


KINDS = {
    "affine": _affine,
    "scale": _scale,
    "wavy_grad": _wavy_grad,
    "catalogue": _catalogue,
    "poly_xy": _poly_xy,
    "smooth": _smooth,
    "sum_squares": _sum_squares,
    "random_loss": _random_loss,
    "matvec": _matvec,
}


# ------------------------------------------- chapters 5 to 7 (added by their author)
# Add input kinds for chapters 5 to 7 here, as `KINDS["name"] = _builder`.


def _quadratic_loss(spec):
    """0.5 w.A.w - b.w (exercise 6.1, the losses a line search is run on)."""
    a, b = _arr(spec, "A"), _arr(spec, "b")
    return lambda w: float(0.5 * w @ a @ w - b @ w)


def _logistic_loss(spec):
    """mean(log(1 + e^z) - y z) + alpha/2 |w|^2 with z = X w (exercise 6.1)."""
    x, y, alpha = _arr(spec, "X"), _arr(spec, "y"), float(spec["alpha"])

    def loss(w):
        z = x @ w
        return float(np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * alpha * (w @ w))

    return loss


KINDS["quadratic_loss"] = _quadratic_loss
KINDS["logistic_loss"] = _logistic_loss


def build(spec: dict):
    """The function that ``spec`` describes, named for the feedback."""
    kind = spec.get("kind") if isinstance(spec, dict) else None
    if kind not in KINDS:
        raise ValueError(f"unknown input function kind {kind!r}; known: {sorted(KINDS)}")
    return _named(KINDS[kind](spec), str(spec.get("name", kind)))


def show(x, precision: int = 6) -> str:
    """Fixed-precision text of a number, array or anything else (deterministic)."""
    if isinstance(x, (bool, np.bool_, str)) or x is None:
        return repr(x)
    if isinstance(x, Opaque):
        return repr(x)
    if isinstance(x, tuple):
        return "(" + ", ".join(show(v, precision) for v in x) + ("," if len(x) == 1 else "") + ")"
    if callable(x):
        return getattr(x, "__name__", "a function")
    try:
        arr = np.asarray(x)
    except Exception:  # noqa: BLE001 - exotic objects
        return f"a {type(x).__name__}"
    if arr.dtype.kind in "fc":
        text = np.array2string(
            arr,
            precision=precision,
            suppress_small=True,
            separator=", ",
            floatmode="maxprec",
            threshold=40,
            max_line_width=10**6,
        )
    elif arr.dtype.kind in "iub":
        text = np.array2string(arr, separator=", ", threshold=40, max_line_width=10**6)
    else:
        return f"a {type(x).__name__}"
    return " ".join(text.split())

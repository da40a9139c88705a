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


def _convexity_example(spec):
    """The six functions of exercise 2.3 (as the notebook defines them)."""
    key = spec["key"]
    if key == "exp":
        return lambda x: np.exp(x)
    if key == "rosenbrock":
        return lambda w: (1 - w[..., 0]) ** 2 + 100 * (w[..., 1] - w[..., 0] ** 2) ** 2
    if key == "softplus_square":
        return lambda x: np.logaddexp(0, x) + x**2
    if key == "bump":
        return lambda x: x**2 + 0.05 * np.exp(-(((x - 0.5) / 0.01) ** 2))
    if key == "cross_entropy":
        return lambda z: np.logaddexp.reduce(z, axis=-1) - z[..., 0]
    if key == "network":  # chapter 2's two-layer network and its data
        rng = np.random.default_rng(0)
        x = rng.uniform(-2, 2, 64)
        y = np.tanh(2 * x - 1) - np.tanh(x + 1)

        def loss(theta):
            v, a = theta[..., :4], theta[..., 4:]
            hid = [
                np.tanh(np.multiply.outer(v[..., 2 * j], x) + v[..., 2 * j + 1, None])
                for j in (0, 1)
            ]
            yhat = a[..., 0, None] * hid[0] + a[..., 1, None] * hid[1]
            return 0.5 * np.mean((yhat - y) ** 2, axis=-1)

        return loss
    raise ValueError(f"unknown convexity example {key!r}")


def _bumped(spec):
    """q x^2 plus a narrow bump (height c > 0) or dip (c < 0) of width w at m."""
    q, c, m, w = (float(spec[k]) for k in ("q", "c", "m", "w"))
    return lambda x: q * x**2 + c * np.exp(-(((x - m) / w) ** 2))


def _convex_mix(spec):
    """c e^(k x) + q x^2 + r log(1 + e^(s x)), all weights >= 0: convex."""
    c, k, q, r, sl = (float(spec[key]) for key in ("c", "k", "q", "r", "s"))
    return lambda x: c * np.exp(k * x) + q * x**2 + r * np.logaddexp(0, sl * x)


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
    "convexity_example": _convexity_example,
    "bumped": _bumped,
    "convex_mix": _convex_mix,
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

r"""Verifiers: checks of an answer's *property*, for answers that have many right values.

A witness that a function is not convex, a step size and momentum that meet a target
rate, a fix that removes a symptom: the check cannot compare such an answer with one
expected value. A ``verify`` expectation (:mod:`helpers.practice.compare`) names a
verifier in :data:`VERIFIERS` and its parameters (the problem, never the answer);
``VERIFIERS[name](got, **params)`` returns when the answer has the property and raises
:class:`~helpers.practice.wrong.Wrong` otherwise, with a ``key`` naming the kind of
failure (the expectation maps keys to teaching hints) and a plain default hint.

Verifiers check; they never hold an answer. In grading they run in the checker process,
from the instructor's copy of this module, never where the student's code runs. They may
use the numeric core (:mod:`helpers.core`).

Register a verifier with :func:`verifier`::

    @verifier("positive")
    def _positive(got, scale):
        x = as_number(got, "the answer")
        if not x > 0:
            raise Wrong("the answer must be positive", key="sign")
"""

from __future__ import annotations

import math

import numpy as np

from .wrong import Wrong

__all__ = ["VERIFIERS", "verifier", "as_number", "as_vector", "fail"]

VERIFIERS: dict = {}


def verifier(name: str):
    """Register ``fn(got, **params)`` as the verifier ``name``."""

    def deco(fn):
        if name in VERIFIERS:
            raise ValueError(f"verifier {name!r} is registered twice")
        VERIFIERS[name] = fn
        return fn

    return deco


def fail(key: str, hint: str):
    """Raise :class:`Wrong` with the failure's ``key`` and its default ``hint``."""
    raise Wrong(hint, key=key)


def as_number(got, what: str) -> float:
    """``got`` as a finite float, or :class:`Wrong` (key ``"type"``)."""
    if isinstance(got, (bool, np.bool_)) or not isinstance(
        got, (int, float, np.integer, np.floating)
    ):
        if isinstance(got, np.ndarray) and got.size == 1 and got.dtype.kind in "iuf":
            got = got.reshape(())[()]
        else:
            fail("type", f"{what} should be a number, got {type(got).__name__}")
    x = float(got)
    if not math.isfinite(x):
        fail("finite", f"{what} is {x}, not a finite number")
    return x


def as_vector(got, what: str) -> np.ndarray:
    """``got`` as a finite 1-D float array (a number counts as a 1-vector)."""
    try:
        if isinstance(got, (str, dict, bool, np.bool_)) or got is None:
            raise TypeError
        arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        fail("type", f"{what} should be a number or a vector, got {type(got).__name__}")
    if arr.ndim > 1:
        fail("shape", f"{what} should be a number or a 1-D vector, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        fail("finite", f"{what} contains nan or inf")
    return arr.reshape(-1)


# --------------------------------------------------------------- chapters 1 to 4, 8, 9


@verifier("chord_witness")
def _chord_witness(got, f, dim):
    """``got = (a, b, t)`` proves ``f`` is not convex: ``0 < t < 1`` and the graph at
    ``t a + (1 - t) b`` lies above the chord ``t f(a) + (1 - t) f(b)``, by more than
    rounding can explain (exercise 2.1's chord gap is negative there)."""
    if got is None:
        fail("none", "there is no witness (None), but this function is not convex")
    if isinstance(got, np.ndarray) and got.dtype == object:
        got = tuple(got)
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        fail("type", f"a witness is a tuple (a, b, t), got {type(got).__name__}")
    a, b = (as_vector(x, name) for x, name in zip(got[:2], ("a", "b")))
    t = as_number(got[2], "t")
    if a.size != dim or b.size != dim:
        fail("shape", f"a and b should be points with {dim} coordinate(s), got {a.size}, {b.size}")
    if not 0 < t < 1:
        fail("t", f"t must lie strictly between 0 and 1, got {t:g}")
    a, b = (x[0] if dim == 1 else x for x in (a, b))

    def rise(s):
        """Graph minus chord at weight s on a, and the size of the numbers involved."""
        fx, fa, fb = (float(f(x)) for x in (s * a + (1 - s) * b, a, b))
        return fx - (s * fa + (1 - s) * fb), max(1.0, abs(fx), abs(fa), abs(fb))

    g, scale = rise(t)
    if not np.isfinite(g):
        fail("finite", "the function is not finite at your witness")
    if g > 1e-9 * scale:
        return
    g_other, scale_other = rise(1 - t)
    if g_other > 1e-9 * scale_other:
        fail(
            "orientation",
            "t weighs a, as in exercise 2.1: the point is t a + (1 - t) b; with your t the "
            "graph is not above the chord (swap a and b, or use 1 - t)",
        )
    fail("gap", f"the graph is not above the chord at your witness (by {g:.3g})")


# ------------------------------------------------- chapters 5 to 7 (added by their author)

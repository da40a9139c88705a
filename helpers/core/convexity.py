r"""Convexity, checked numerically: chords, Jensen's inequality, Hessians and sampled tests.

A function :math:`f` is **convex** when every chord lies on or above the graph,

.. math:: f\big((1-t)a + t b\big) \le (1-t) f(a) + t f(b)\qquad a, b,\ t \in [0, 1].

The *chord gap* :math:`f((1-t)a+tb) - [(1-t)f(a) + t f(b)]` is therefore never positive for
a convex function; one positive gap proves that :math:`f` is not convex. No finite number of
non-positive gaps proves that it is.

Functions passed here act on points whose *last* axis holds the coordinates (every
:class:`~helpers.core.landscapes.Landscape` method does), or on plain arrays for 1-D functions
(``dim=None``). The losses the convexity chapter tests are models:
:mod:`helpers.core.models.losses` and :mod:`helpers.core.models.two_layer`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import (
    array,
    fail,
    function,
    integer,
    number,
    positive,
    positive_int,
    symmetric_matrices,
    vectorized,
)
from .._validate import seed as check_seed
from .._validate import window as check_window

__all__ = [
    "chord_gap",
    "chord_picture",
    "jensen_gap",
    "SampledConvexity",
    "sampled_convexity_test",
    "min_hessian_eigenvalue",
]


def chord_gap(f, a, b, t) -> np.ndarray:
    """Graph minus chord, :math:`f((1-t)a+tb) - [(1-t)f(a) + t f(b)]`, for every ``t``.

    A positive entry is a point where the graph rises above the chord, which a convex
    function never does.

    Parameters
    ----------
    f : callable
        Vectorized over leading axes (a 1-D ``f`` on plain arrays, or points ``(..., d)``).
    a, b : float or array_like
        The chord's ends: scalars for a 1-D ``f``, or vectors ``(d,)``.
    t : array_like
        Numbers in [0, 1].

    Returns
    -------
    numpy.ndarray
        Shaped like ``t``.
    """
    function(f, "f", "a function vectorized over leading axes")
    a = array(a, "a", ndim=(0, 1))
    b = array(b, "b", shape=a.shape, fix="the chord's two ends are points of one space")
    t = array(t, "t", low=0, high=1, fix="t = 0 is a, t = 1 is b; the chord is t in [0, 1]")
    tt = t.reshape(t.shape + (1,) * a.ndim)
    x = (1 - tt) * a + tt * b
    fa, fb = vectorized(f, a, ()), vectorized(f, b, ())
    return vectorized(f, x, t.shape) - ((1 - t) * fa + t * fb)


def chord_picture(f, a: float, b: float, n: int = 400):
    """A 1-D function and one chord, sampled for a picture.

    Parameters
    ----------
    f : callable
        A 1-D function on plain arrays.
    a, b : float
        The chord's ends, different.
    n : int
        Sample points.

    Returns
    -------
    x, graph, chord, above : numpy.ndarray
        ``n`` points between ``a`` and ``b``, the graph and the chord there, and a mask of
        the points where the graph lies strictly above the chord.
    """
    function(f, "f", "a 1-D function on plain arrays")
    a = number(a, "a")
    b = number(b, "b")
    if a == b:
        fail("b", "different from a", b, "a chord needs two different ends")
    n = integer(n, "n", low=2, fix="a picture needs at least 2 points; 400 look smooth")
    t = np.linspace(0.0, 1.0, n)
    x = (1 - t) * a + t * b
    graph = vectorized(f, x, x.shape)
    chord = (1 - t) * float(vectorized(f, np.array(a), ())) + t * float(
        vectorized(f, np.array(b), ())
    )
    scale = max(1.0, float(np.max(np.abs(graph))))
    return x, graph, chord, graph > chord + 1e-12 * scale


def jensen_gap(f, samples, weights=None) -> float:
    r""":math:`\mathbb{E}[f(X)] - f(\mathbb{E}[X])` over ``samples``, optionally weighted.

    Jensen's inequality says it is :math:`\ge 0` for every convex ``f`` and every
    distribution. For :math:`f(x) = x^2` it equals the variance.

    Parameters
    ----------
    f : callable
        Vectorized over the samples.
    samples : array_like
        Shape ``(n,)`` or ``(n, d)``.
    weights : array_like, optional
        Non-negative, one per sample (normalized here); default equal.

    Returns
    -------
    float
    """
    function(f, "f", "a function vectorized over the samples")
    X = array(samples, "samples", ndim=(1, 2), what="samples of shape (n,) or (n, d)")
    if weights is None:
        p = np.full(X.shape[0], 1.0 / X.shape[0])
    else:
        p = array(weights, "weights", shape=(X.shape[0],), low=0)
        if p.sum() <= 0:
            fail("weights", "not all zero", p, "give some sample a positive weight")
        p = p / p.sum()
    mean = np.tensordot(p, X, axes=1)
    return float(p @ vectorized(f, X, X.shape[:1]) - float(vectorized(f, mean, ())))


@dataclass(frozen=True)
class SampledConvexity:
    """Result of :func:`sampled_convexity_test`.

    Attributes
    ----------
    checks : int
        Chord checks made.
    violations : int
        How many found the graph above the chord.
    worst_gap : float
        The largest gap.
    witness : tuple
        The chord ``(a, b, t)`` where it occurred.
    """

    checks: int
    violations: int
    worst_gap: float
    witness: tuple

    @property
    def refuted(self) -> bool:
        """True when at least one chord lies below the graph: a proof of non-convexity."""
        return self.violations > 0


def sampled_convexity_test(
    f, window, n_pairs: int = 2000, n_t: int = 9, seed: int = 0, tol: float = 1e-9
) -> SampledConvexity:
    """Check the chord inequality on ``n_pairs`` random pairs of points in a box.

    For each pair and each of ``n_t`` interior values of ``t`` the gap
    :math:`f((1-t)a+tb) - (1-t)f(a) - t f(b)` is computed; a gap above
    ``tol * (1 + |f(a)| + |f(b)|)`` is a violation. Finding one refutes convexity; finding
    none proves nothing about the chords that were not drawn.

    Parameters
    ----------
    f : callable
        Vectorized over leading axes.
    window : sequence of (lo, hi)
        One interval per coordinate (one interval for a 1-D ``f`` on plain arrays).
    n_pairs, n_t : int
        Random pairs, and values of ``t`` on each chord.
    seed : int
        Seed of the pairs.
    tol : float
        Relative tolerance of a violation, > 0.

    Returns
    -------
    SampledConvexity
    """
    function(f, "f", "a function vectorized over leading axes")
    given = array(window, "window", ndim=(1, 2), what="a (low, high) pair, or one per coordinate")
    one_d = given.ndim == 1
    win = check_window(given, 1 if one_d else len(given))
    n_pairs = positive_int(n_pairs, "n_pairs")
    n_t = positive_int(n_t, "n_t")
    tol = positive(tol, "tol")
    rng = np.random.default_rng(check_seed(seed))
    A = rng.uniform(win[:, 0], win[:, 1], size=(n_pairs, len(win)))
    B = rng.uniform(win[:, 0], win[:, 1], size=(n_pairs, len(win)))
    if one_d:
        A, B = A[:, 0], B[:, 0]
    t = np.arange(1, n_t + 1) / (n_t + 1)
    tt = t[:, None] if one_d else t[:, None, None]
    X = (1 - tt) * A + tt * B  # (n_t, n_pairs[, d])
    fa, fb = vectorized(f, A, (n_pairs,)), vectorized(f, B, (n_pairs,))
    gap = vectorized(f, X, (n_t, n_pairs)) - ((1 - t)[:, None] * fa + t[:, None] * fb)
    allowed = tol * (1 + np.abs(fa) + np.abs(fb))
    bad = gap > allowed
    k = np.unravel_index(int(np.argmax(gap)), gap.shape)
    witness = (np.atleast_1d(A[k[1]]).tolist(), np.atleast_1d(B[k[1]]).tolist(), float(t[k[0]]))
    return SampledConvexity(int(gap.size), int(bad.sum()), float(gap[k]), witness)


def min_hessian_eigenvalue(hessian, points) -> np.ndarray:
    r"""Smallest eigenvalue of the Hessian at every point.

    The second-order test: a twice-differentiable :math:`f` on a convex set is convex
    exactly when this is :math:`\ge 0` *everywhere*; on a grid it can only be checked at
    the grid points.

    Parameters
    ----------
    hessian : callable
        Hessians of a batch of points, ``(..., d) -> (..., d, d)``.
    points : array_like
        Shape ``(..., d)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(...)``.
    """
    function(hessian, "hessian", "a function of points (..., d) -> Hessians (..., d, d)")
    P = array(points, "points")
    if P.ndim == 0:
        fail("points", "points of shape (..., d)", points, "pass at least one point, e.g. [x, y]")
    d = P.shape[-1]
    H = np.asarray(hessian(P), dtype=float)
    if H.shape != P.shape + (d,):
        fail(
            "hessian",
            f"a function returning one (d, d) matrix per point, shape {P.shape + (d,)}",
            H,
            "make it vectorized over the leading axes of the points",
            shown=f"shape {H.shape}",
        )
    symmetric_matrices(H, "hessian")
    return np.linalg.eigvalsh(H)[..., 0]

r"""Convexity, checked numerically: chords, Jensen's inequality, Hessians and sampled tests.

A function :math:`f` is **convex** when every chord lies on or above the graph,

.. math:: f\big((1-t)a + t b\big) \le (1-t) f(a) + t f(b)\qquad a, b,\ t \in [0, 1].

The *chord gap* :math:`f((1-t)a+tb) - [(1-t)f(a) + t f(b)]` is therefore never positive for
a convex function; one positive gap proves that :math:`f` is not convex. No finite number of
non-positive gaps proves that it is.

Functions passed here act on points whose *last* axis holds the coordinates (every
:class:`~helpers.core.landscapes.Landscape` method does), or on plain arrays for 1-D functions
(``dim=None``). The module also holds the three losses of the convexity chapter: mean
squared error of linear regression, softmax cross-entropy in the logits, and a tiny
two-layer tanh network, each vectorized over leading axes of the parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import positive, positive_int

__all__ = ["chord_gap", "chord_picture", "jensen_gap", "SampledConvexity",
           "sampled_convexity_test", "min_hessian_eigenvalue", "mse_loss", "mse_gradient",
           "mse_hessian", "softmax", "cross_entropy", "cross_entropy_hessian",
           "two_layer_net", "swap_hidden_units"]


def _finite_array(x, name):
    arr = np.asarray(x, dtype=float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite")
    return arr


def chord_gap(f, a, b, t) -> np.ndarray:
    r"""Graph minus chord, :math:`f((1-t)a+tb) - [(1-t)f(a) + t f(b)]`, for every ``t``.

    ``a`` and ``b`` are two points (scalars for a 1-D ``f`` on plain arrays, or vectors of
    shape ``(d,)``); ``t`` is an array of numbers in [0, 1]. A positive entry is a point
    where the graph rises above the chord, which a convex function never does.
    """
    a = _finite_array(a, "a")
    b = _finite_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    t = _finite_array(t, "t")
    if np.any((t < 0) | (t > 1)):
        raise ValueError("t must lie in [0, 1]")
    tt = t.reshape(t.shape + (1,) * a.ndim)
    x = (1 - tt) * a + tt * b
    fa, fb = np.asarray(f(a), dtype=float), np.asarray(f(b), dtype=float)
    return np.asarray(f(x), dtype=float) - ((1 - t) * fa + t * fb)


def chord_picture(f, a: float, b: float, n: int = 400):
    """For a 1-D ``f``: ``(x, graph, chord, above)`` on ``n`` points between ``a`` and ``b``,
    where ``above`` marks the points where the graph lies strictly above the chord."""
    a, b = float(a), float(b)
    if not (np.isfinite(a) and np.isfinite(b)) or a == b:
        raise ValueError("a and b must be two different finite numbers")
    n = positive_int(n, "n")
    t = np.linspace(0.0, 1.0, n)
    x = (1 - t) * a + t * b
    graph = np.asarray(f(x), dtype=float)
    chord = (1 - t) * float(f(np.array(a))) + t * float(f(np.array(b)))
    scale = max(1.0, float(np.max(np.abs(graph))))
    return x, graph, chord, graph > chord + 1e-12 * scale


def jensen_gap(f, samples, weights=None) -> float:
    r""":math:`\mathbb{E}[f(X)] - f(\mathbb{E}[X])` over ``samples`` (shape ``(n,)`` or
    ``(n, d)``), optionally weighted. Jensen's inequality says it is :math:`\ge 0` for every
    convex ``f`` and every distribution. For :math:`f(x) = x^2` it equals the variance."""
    X = _finite_array(samples, "samples")
    if X.ndim not in (1, 2) or X.shape[0] < 1:
        raise ValueError(f"samples must have shape (n,) or (n, d), got {X.shape}")
    if weights is None:
        p = np.full(X.shape[0], 1.0 / X.shape[0])
    else:
        p = _finite_array(weights, "weights")
        if p.shape != (X.shape[0],) or np.any(p < 0) or p.sum() <= 0:
            raise ValueError("weights must be non-negative, one per sample, not all zero")
        p = p / p.sum()
    mean = np.tensordot(p, X, axes=1)
    return float(p @ np.asarray(f(X), dtype=float) - float(f(mean)))


@dataclass(frozen=True)
class SampledConvexity:
    """Result of :func:`sampled_convexity_test`: how many chord checks, how many failed,
    the largest gap and the chord ``(a, b, t)`` where it occurred."""

    checks: int
    violations: int
    worst_gap: float
    witness: tuple

    @property
    def refuted(self) -> bool:
        """True when at least one chord lies below the graph: a proof of non-convexity."""
        return self.violations > 0


def sampled_convexity_test(f, window, n_pairs: int = 2000, n_t: int = 9, seed: int = 0,
                           tol: float = 1e-9) -> SampledConvexity:
    r"""Check the chord inequality on ``n_pairs`` random pairs of points in a box.

    ``window`` is ``[(lo, hi), ...]``, one interval per coordinate (one interval for a 1-D
    ``f`` on plain arrays). For each pair and each of ``n_t`` interior values of ``t`` the
    gap :math:`f((1-t)a+tb) - (1-t)f(a) - t f(b)` is computed; a gap above
    ``tol * (1 + |f(a)| + |f(b)|)`` is a violation. Finding one refutes convexity; finding
    none proves nothing about the chords that were not drawn.
    """
    win = _finite_array(window, "window")
    one_d = win.ndim == 1
    win = win.reshape(-1, 2)
    if np.any(win[:, 1] <= win[:, 0]):
        raise ValueError("every window interval must be (lo, hi) with lo < hi")
    n_pairs = positive_int(n_pairs, "n_pairs")
    n_t = positive_int(n_t, "n_t")
    tol = positive(tol, "tol")
    rng = np.random.default_rng(seed)
    A = rng.uniform(win[:, 0], win[:, 1], size=(n_pairs, len(win)))
    B = rng.uniform(win[:, 0], win[:, 1], size=(n_pairs, len(win)))
    if one_d:
        A, B = A[:, 0], B[:, 0]
    t = np.arange(1, n_t + 1) / (n_t + 1)
    tt = t[:, None] if one_d else t[:, None, None]
    X = (1 - tt) * A + tt * B                       # (n_t, n_pairs[, d])
    fa, fb = np.asarray(f(A), float), np.asarray(f(B), float)
    gap = np.asarray(f(X), float) - ((1 - t)[:, None] * fa + t[:, None] * fb)
    allowed = tol * (1 + np.abs(fa) + np.abs(fb))
    bad = gap > allowed
    k = np.unravel_index(int(np.argmax(gap)), gap.shape)
    witness = (np.atleast_1d(A[k[1]]).tolist(), np.atleast_1d(B[k[1]]).tolist(), float(t[k[0]]))
    return SampledConvexity(int(gap.size), int(bad.sum()), float(gap[k]), witness)


def min_hessian_eigenvalue(hessian, points) -> np.ndarray:
    r"""Smallest eigenvalue of the Hessian at every point (``points`` of shape (..., d)).

    The second-order test: a twice-differentiable :math:`f` on a convex set is convex
    exactly when this is :math:`\ge 0` *everywhere*; on a grid it can only be checked at
    the grid points.
    """
    H = np.asarray(hessian(_finite_array(points, "points")), dtype=float)
    if H.ndim < 2 or H.shape[-1] != H.shape[-2]:
        raise ValueError(f"hessian must return (..., d, d) matrices, got shape {H.shape}")
    return np.linalg.eigvalsh((H + np.swapaxes(H, -1, -2)) / 2)[..., 0]


# ------------------------------------------------------------------ linear regression --
def _check_xy(X, y):
    X = _finite_array(X, "X")
    y = _finite_array(y, "y")
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"X must be (N, d) and y (N,), got {X.shape} and {y.shape}")
    return X, y


def mse_loss(w, X, y) -> np.ndarray:
    r"""Mean squared error :math:`L(w) = \frac1N \lVert Xw - y\rVert^2`, for ``w`` of shape
    (..., d)."""
    X, y = _check_xy(X, y)
    r = np.asarray(w, float) @ X.T - y
    return np.mean(r**2, axis=-1)


def mse_gradient(w, X, y) -> np.ndarray:
    r""":math:`\nabla L(w) = \frac2N X^\top (Xw - y)`, shape (..., d)."""
    X, y = _check_xy(X, y)
    r = np.asarray(w, float) @ X.T - y
    return 2 * r @ X / X.shape[0]


def mse_hessian(X) -> np.ndarray:
    r""":math:`\nabla^2 L = \frac2N X^\top X`, the same at every ``w``; positive
    semi-definite because :math:`v^\top X^\top X v = \lVert Xv\rVert^2 \ge 0`."""
    X = _finite_array(X, "X")
    if X.ndim != 2:
        raise ValueError(f"X must be (N, d), got {X.shape}")
    return 2 * X.T @ X / X.shape[0]


# ------------------------------------------------------------------ cross-entropy ------
def softmax(z) -> np.ndarray:
    r""":math:`p_k = e^{z_k} / \sum_j e^{z_j}` over the last axis (shifted for stability)."""
    z = _finite_array(z, "z")
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def cross_entropy(z, label: int) -> np.ndarray:
    r"""Cross-entropy of logits ``z`` (..., K) for the class ``label``:
    :math:`-z_y + \log\sum_k e^{z_k}`, a log-sum-exp minus a linear function."""
    z = _finite_array(z, "z")
    if not (0 <= int(label) < z.shape[-1]):
        raise ValueError(f"label must be a class index in [0, {z.shape[-1]}), got {label}")
    m = z.max(axis=-1)
    lse = m + np.log(np.exp(z - m[..., None]).sum(axis=-1))
    return lse - z[..., int(label)]


def cross_entropy_hessian(z) -> np.ndarray:
    r"""Hessian of the cross-entropy in the logits, :math:`\operatorname{diag}(p) - pp^\top`
    with :math:`p = \operatorname{softmax}(z)` (the label does not enter). It is positive
    semi-definite (a covariance matrix) with a zero eigenvalue along :math:`(1,\dots,1)`."""
    p = softmax(z)
    return p[..., :, None] * np.eye(p.shape[-1]) - p[..., :, None] * p[..., None, :]


# ------------------------------------------------------------------ two-layer network --
def two_layer_net(X, y, hidden: int):
    r"""A tiny network :math:`\hat y = \sum_j a_j \tanh(v_j^\top x)` and its squared loss.

    The parameters are one flat vector :math:`\theta = (V, a)` with ``V`` of shape
    (hidden, d) stored row by row, then ``a`` (hidden,). Returns ``(loss, grad)``, functions of
    :math:`\theta` with shape (..., P), P = hidden·(d+1), and

    .. math:: L(\theta) = \frac1{2N}\sum_i (\hat y_i - y_i)^2 .
    """
    X, y = _check_xy(X, y)
    hidden = positive_int(hidden, "hidden")
    n, d = X.shape
    P = hidden * (d + 1)

    def unpack(theta):
        theta = np.asarray(theta, dtype=float)
        if theta.shape[-1] != P:
            raise ValueError(f"theta must have {P} entries on its last axis, got {theta.shape}")
        V = theta[..., : hidden * d].reshape(theta.shape[:-1] + (hidden, d))
        return V, theta[..., hidden * d:]

    def forward(theta):
        V, a = unpack(theta)
        Hid = np.tanh(np.einsum("...jd,nd->...nj", V, X))       # (..., N, hidden)
        return V, a, Hid, np.einsum("...nj,...j->...n", Hid, a)

    def loss(theta):
        *_, yhat = forward(theta)
        return 0.5 * np.mean((yhat - y) ** 2, axis=-1)

    def grad(theta):
        V, a, Hid, yhat = forward(theta)
        r = (yhat - y) / n                                       # (..., N)
        ga = np.einsum("...n,...nj->...j", r, Hid)
        back = r[..., :, None] * a[..., None, :] * (1 - Hid**2)  # (..., N, hidden)
        gV = np.einsum("...nj,nd->...jd", back, X)
        return np.concatenate([gV.reshape(gV.shape[:-2] + (hidden * d,)), ga], axis=-1)

    return loss, grad


def swap_hidden_units(theta, hidden: int, i: int = 0, j: int = 1) -> np.ndarray:
    """The parameters of :func:`two_layer_net` with hidden units ``i`` and ``j`` exchanged
    (their input weights and their output weights). The network computes the same function,
    so the loss is unchanged."""
    theta = _finite_array(theta, "theta").copy()
    hidden = positive_int(hidden, "hidden")
    if theta.ndim != 1 or theta.size % hidden:
        raise ValueError(f"theta must be a flat vector of hidden·(d+1) numbers, got {theta.shape}")
    d = theta.size // hidden - 1
    if not (0 <= i < hidden and 0 <= j < hidden) or i == j:
        raise ValueError(f"i and j must be two different units in [0, {hidden})")
    V = theta[: hidden * d].reshape(hidden, d)
    a = theta[hidden * d:]
    V[[i, j]] = V[[j, i]]
    a[[i, j]] = a[[j, i]]
    return theta

r"""The losses of the convexity chapter, vectorized over leading axes of the parameters.

Mean squared error of linear regression, convex in the weights because its Hessian
:math:`\frac2N X^\top X` is positive semi-definite; and softmax cross-entropy, convex in the
logits because its Hessian :math:`\operatorname{diag}(p) - pp^\top` is a covariance matrix.
"""

from __future__ import annotations

import numpy as np

from ..._validate import array, fail, integer, regression_data

__all__ = [
    "mse_loss",
    "mse_gradient",
    "mse_hessian",
    "softmax",
    "cross_entropy",
    "cross_entropy_hessian",
]


def mse_loss(w, X, y) -> np.ndarray:
    r"""Mean squared error :math:`L(w) = \frac1N \lVert Xw - y\rVert^2`.

    Parameters
    ----------
    w : array_like
        Weights ``(..., d)`` (vectorized).
    X : array_like
        Features ``(N, d)``.
    y : array_like
        Targets ``(N,)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(...)``.
    """
    X, y = regression_data(X, y)
    r = _weights(w, X.shape[1]) @ X.T - y
    return np.mean(r**2, axis=-1)


def _weights(w, d: int) -> np.ndarray:
    """Weights ``(..., d)``, checked."""
    w = array(w, "w")
    if w.ndim == 0 or w.shape[-1] != d:
        fail(
            "w",
            f"weights with one entry per feature of X on the last axis, shape (..., {d})",
            w,
            "pass one weight per column of X",
            shown=f"shape {w.shape}",
        )
    return w


def _logits(z) -> np.ndarray:
    """Logits ``(..., K)`` with ``K >= 1``, checked."""
    z = array(z, "z")
    if z.ndim == 0:
        fail("z", "logits (..., K), one per class on the last axis", z, "pass a vector of logits")
    return z


def mse_gradient(w, X, y) -> np.ndarray:
    r""":math:`\nabla L(w) = \frac2N X^\top (Xw - y)`.

    Parameters
    ----------
    w : array_like
        Weights ``(..., d)``.
    X : array_like
        Features ``(N, d)``.
    y : array_like
        Targets ``(N,)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(..., d)``.
    """
    X, y = regression_data(X, y)
    r = _weights(w, X.shape[1]) @ X.T - y
    return 2 * r @ X / X.shape[0]


def mse_hessian(X) -> np.ndarray:
    r""":math:`\nabla^2 L = \frac2N X^\top X`, the same at every ``w``; positive
    semi-definite because :math:`v^\top X^\top X v = \lVert Xv\rVert^2 \ge 0`.

    Parameters
    ----------
    X : array_like
        Features ``(N, d)``.

    Returns
    -------
    numpy.ndarray
        ``(d, d)``.
    """
    X = array(X, "X", ndim=2, what="a finite feature matrix (N, d)")
    return 2 * X.T @ X / X.shape[0]


def softmax(z) -> np.ndarray:
    r""":math:`p_k = e^{z_k} / \sum_j e^{z_j}` over the last axis (shifted for stability).

    Parameters
    ----------
    z : array_like
        Logits ``(..., K)``.

    Returns
    -------
    numpy.ndarray
        Probabilities, shaped like ``z``.
    """
    z = _logits(z)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def cross_entropy(z, label: int) -> np.ndarray:
    r"""Cross-entropy of logits for the class ``label``: :math:`-z_y + \log\sum_k e^{z_k}`, a
    log-sum-exp minus a linear function.

    Parameters
    ----------
    z : array_like
        Logits ``(..., K)``.
    label : int
        The true class, in ``[0, K)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(...)``.
    """
    z = _logits(z)
    K = z.shape[-1]
    label = integer(label, "label", low=0, high=K - 1, fix=f"classes are numbered 0 to {K - 1}")
    m = z.max(axis=-1)
    lse = m + np.log(np.exp(z - m[..., None]).sum(axis=-1))
    return lse - z[..., label]


def cross_entropy_hessian(z) -> np.ndarray:
    r"""Hessian of the cross-entropy in the logits, :math:`\operatorname{diag}(p) - pp^\top`
    with :math:`p = \operatorname{softmax}(z)` (the label does not enter). It is positive
    semi-definite (a covariance matrix) with a zero eigenvalue along :math:`(1,\dots,1)`.

    Parameters
    ----------
    z : array_like
        Logits ``(..., K)``.

    Returns
    -------
    numpy.ndarray
        ``(..., K, K)``.
    """
    p = softmax(z)
    return p[..., :, None] * np.eye(p.shape[-1]) - p[..., :, None] * p[..., None, :]

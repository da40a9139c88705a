r"""Finite-difference derivatives, vectorized.

The gradient and Hessian formulas are one batched call of ``f``: ``f`` must accept a batch
of points of shape ``(n, d)`` and return ``(n,)`` values (every
:class:`~helpers.core.landscapes.Landscape` method does). The Hessian-vector product calls
a gradient at two single points, so any gradient function works. Central differences have truncation
error :math:`O(h^2)` and round-off error :math:`O(\epsilon/h)` (gradient) or
:math:`O(\epsilon/h^2)` (Hessian), so the best step is near :math:`\epsilon^{1/3}` and
:math:`\epsilon^{1/4}` respectively.
"""

from __future__ import annotations

import numpy as np

from .._validate import as_point, fail, function, positive, vectorized

__all__ = [
    "numerical_gradient",
    "numerical_hessian",
    "hessian_from_gradient",
    "hessian_vector_product",
    "hvp_finite_difference",
]


def numerical_gradient(f, w, h: float = 1e-6) -> np.ndarray:
    r"""Central differences :math:`\partial_i f \approx [f(w + h e_i) - f(w - h e_i)]/2h`.

    Parameters
    ----------
    f : callable
        Values of a batch of points ``(n, d) -> (n,)``.
    w : array_like
        The point, ``(d,)``.
    h : float
        The step, > 0.

    Returns
    -------
    numpy.ndarray
        The gradient estimate, ``(d,)``, from one call of ``f`` on ``2d`` points.
    """
    function(f, "f", "a function of a batch of points (n, d) -> (n,)")
    w = as_point(w)
    h = positive(h, "h")
    E = h * np.eye(w.size)
    pts = np.concatenate([w + E, w - E])
    vals = vectorized(f, pts, pts.shape[:-1])
    return (vals[: w.size] - vals[w.size :]) / (2 * h)


def numerical_hessian(f, w, h: float = 1e-4) -> np.ndarray:
    r"""Central differences of values:

    .. math:: H_{ij} \approx \frac{f(w+he_i+he_j) - f(w+he_i-he_j) - f(w-he_i+he_j)
              + f(w-he_i-he_j)}{4h^2}

    Only the :math:`d(d+1)/2` pairs with :math:`i \le j` are needed; all
    :math:`2d(d+1)` points are evaluated in one batch.

    Parameters
    ----------
    f : callable
        Values of a batch of points ``(n, d) -> (n,)``.
    w : array_like
        The point, ``(d,)``.
    h : float
        The step, > 0.

    Returns
    -------
    numpy.ndarray
        The symmetric Hessian estimate, ``(d, d)``.
    """
    function(f, "f", "a function of a batch of points (n, d) -> (n,)")
    w = as_point(w)
    h = positive(h, "h")
    d = w.size
    iu, ju = np.triu_indices(d)  # H is symmetric: only i <= j is needed
    signs = np.array([[1, 1], [1, -1], [-1, 1], [-1, -1]], dtype=float)
    pts = np.broadcast_to(w, (4, iu.size, d)).copy()
    rows = np.arange(iu.size)
    for s, (si, sj) in enumerate(signs):
        pts[s, rows, iu] += si * h
        pts[s, rows, ju] += sj * h
    vals = vectorized(f, pts.reshape(-1, d), (4 * iu.size,)).reshape(4, iu.size)
    H = np.empty((d, d))
    H[iu, ju] = (vals[0] - vals[1] - vals[2] + vals[3]) / (4 * h * h)
    H[ju, iu] = H[iu, ju]
    return H


def hessian_from_gradient(grad, w, h: float = 1e-6) -> np.ndarray:
    r"""Central differences of an analytic gradient: column j is
    :math:`[\nabla f(w + h e_j) - \nabla f(w - h e_j)]/2h` (symmetrized).

    Parameters
    ----------
    grad : callable
        Gradients of a batch of points ``(n, d) -> (n, d)``.
    w : array_like
        The point, ``(d,)``.
    h : float
        The step, > 0.

    Returns
    -------
    numpy.ndarray
        The symmetric Hessian estimate, ``(d, d)``, from one call of ``grad``.
    """
    function(grad, "grad", "a function of a batch of points (n, d) -> gradients (n, d)")
    w = as_point(w)
    h = positive(h, "h")
    E = h * np.eye(w.size)
    G = vectorized(grad, np.concatenate([w + E, w - E]), (2 * w.size, w.size), "grad")
    H = (G[: w.size] - G[w.size :]) / (2 * h)
    return (H + H.T) / 2


def hessian_vector_product(grad, w, v, h: float = 1e-5, *, name: str = "h") -> np.ndarray:
    r"""Hessian times a vector without forming the Hessian: central differences of the
    gradient along :math:`v`,

    .. math:: \nabla^2 f(w)\,v \approx \frac{\nabla f(w + h v) - \nabla f(w - h v)}{2h},

    with truncation error :math:`O(h^2)` and round-off error :math:`O(\epsilon/h)`
    (:math:`\epsilon` the machine epsilon), so for unit-sized :math:`w` and :math:`v` the
    best :math:`h` is near :math:`\epsilon^{1/3} \approx 6\cdot 10^{-6}`. The one
    finite-difference Hessian-vector product of :mod:`helpers`.

    Parameters
    ----------
    grad : callable
        The gradient, a function of one point ``(d,)`` returning ``(d,)``; it is called
        twice, at :math:`w \pm hv`, so it need not accept a batch.
    w, v : array_like
        The point and the direction, finite vectors of the same length.
    h : float
        The step, > 0.
    name : str
        What messages call the step (``'eps'`` when :func:`hvp_finite_difference` calls).

    Returns
    -------
    numpy.ndarray
        The estimate of :math:`\nabla^2 f(w)\,v`, shape ``(d,)``.
    """
    function(grad, "grad", "a function of one point (d,) -> its gradient (d,)")
    w = as_point(w)
    v = as_point(v, w.size, name="v")
    h = positive(h, name)
    plus, minus = (np.asarray(grad(w + s * h * v), dtype=float) for s in (1, -1))
    for g in (plus, minus):
        if g.shape != w.shape:
            fail(
                "grad",
                f"a function returning a gradient shaped like w, {w.shape}",
                g,
                "return one partial derivative per coordinate",
                shown=f"shape {g.shape}",
            )
    return (plus - minus) / (2 * h)


def hvp_finite_difference(grad, w, v, eps: float = 1e-5) -> np.ndarray:
    r""":func:`hessian_vector_product` with the step named ``eps``, as chapter 8 calls it.

    Parameters
    ----------
    grad, w, v
        As for :func:`hessian_vector_product`.
    eps : float
        The step, > 0.

    Returns
    -------
    numpy.ndarray
        The estimate of :math:`\nabla^2 f(w)\,v`.
    """
    return hessian_vector_product(grad, w, v, h=eps, name="eps")

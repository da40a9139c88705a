r"""Looking at a function of many variables through 1-D and 2-D slices.

A slice fixes a centre :math:`w_0` and directions :math:`u, v` and plots
:math:`t \mapsto f(w_0 + t u)` or :math:`(a, b) \mapsto f(w_0 + a u + b v)`. A slice shows
what the function does on a line or plane; it says nothing about the directions left out.
"""

from __future__ import annotations

import numpy as np

from .._validate import array, as_point, fail, function, generator, positive_int, vectorized
from .._validate import direction as _direction

__all__ = ["random_direction", "slice_1d", "slice_2d"]


def random_direction(dim: int, rng: np.random.Generator, orthogonal_to=None) -> np.ndarray:
    """A unit vector drawn uniformly on the sphere, optionally made orthogonal to others.

    Parameters
    ----------
    dim : int
        Its length.
    rng : numpy.random.Generator
        Where the randomness comes from.
    orthogonal_to : array_like, optional
        Vectors ``(k, dim)`` (or one vector) to project out, one after another.

    Returns
    -------
    numpy.ndarray
        A unit vector, ``(dim,)``.
    """
    dim = positive_int(dim, "dim", fix="a direction needs at least one coordinate")
    generator(rng)
    others = np.zeros((0, dim))
    if orthogonal_to is not None:
        others = array(
            orthogonal_to,
            "orthogonal_to",
            ndim=(1, 2),
            what=f"vectors of length {dim}, shape ({dim},) or (k, {dim})",
        )
        others = others.reshape(-1, others.shape[-1])
        if others.shape[1] != dim or np.any(np.linalg.norm(others, axis=1) == 0):
            fail(
                "orthogonal_to",
                f"non-zero vectors of length {dim}, shape ({dim},) or (k, {dim})",
                orthogonal_to,
                "pass the directions to avoid, one a row",
            )
        if np.linalg.matrix_rank(others) >= dim:
            fail(
                "orthogonal_to",
                f"fewer than {dim} independent vectors",
                orthogonal_to,
                f"they span all {dim} dimensions, so no direction is left",
            )
    u = rng.standard_normal(dim)
    for other in others:
        other = other / np.linalg.norm(other)
        u = u - (u @ other) * other
    return u / np.linalg.norm(u)


def slice_1d(f, center, direction, ts) -> np.ndarray:
    """Values :math:`f(w_0 + t u)` for every ``t`` in ``ts`` (one batched call of ``f``).

    Parameters
    ----------
    f : callable
        Values of a batch of points ``(..., d) -> (...)``.
    center : array_like
        :math:`w_0`, ``(d,)``.
    direction : array_like
        :math:`u`, ``(d,)``.
    ts : array_like
        Distances along the line.

    Returns
    -------
    numpy.ndarray
        Shaped like ``ts``.
    """
    function(f, "f", "a function of points (..., d) -> values (...)")
    center = as_point(center, name="center")
    u = _direction(direction, center.size, "direction")
    ts = array(ts, "ts")
    return vectorized(f, center + ts[..., None] * u, ts.shape)


def slice_2d(f, center, u, v, alphas, betas):
    """Meshgrid ``(A, B)`` and values :math:`f(w_0 + a u + b v)` on it.

    Parameters
    ----------
    f : callable
        Values of a batch of points ``(..., d) -> (...)``.
    center : array_like
        :math:`w_0`, ``(d,)``.
    u, v : array_like
        The plane's two directions, ``(d,)`` each.
    alphas, betas : array_like
        Coordinates along ``u`` and ``v``.

    Returns
    -------
    A, B, Z : numpy.ndarray
        The meshgrid and the values, each ``(len(betas), len(alphas))``.
    """
    function(f, "f", "a function of points (..., d) -> values (...)")
    center = as_point(center, name="center")
    u = _direction(u, center.size, "u")
    v = _direction(v, center.size, "v")
    A, B = np.meshgrid(array(alphas, "alphas", ndim=1), array(betas, "betas", ndim=1))
    return A, B, vectorized(f, center + A[..., None] * u + B[..., None] * v, A.shape)

r"""Looking at a function of many variables through 1-D and 2-D slices.

A slice fixes a centre :math:`w_0` and directions :math:`u, v` and plots
:math:`t \mapsto f(w_0 + t u)` or :math:`(a, b) \mapsto f(w_0 + a u + b v)`. A slice shows
what the function does on a line or plane; it says nothing about the directions left out.
"""

from __future__ import annotations

import numpy as np

from .._validate import as_point

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
    u = rng.standard_normal(dim)
    for other in [] if orthogonal_to is None else np.atleast_2d(orthogonal_to):
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
    center = as_point(center, name="center")
    u = as_point(direction, center.size, name="direction")
    ts = np.asarray(ts, dtype=float)
    return np.asarray(f(center + ts[..., None] * u))


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
    center = as_point(center, name="center")
    u = as_point(u, center.size, name="u")
    v = as_point(v, center.size, name="v")
    A, B = np.meshgrid(np.asarray(alphas, float), np.asarray(betas, float))
    return A, B, np.asarray(f(center + A[..., None] * u + B[..., None] * v))

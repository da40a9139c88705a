r"""Random symmetric matrices: a model for Hessians at critical points in many dimensions.

The **Gaussian orthogonal ensemble** (GOE) of size :math:`n` is the law of
:math:`M = (A + A^\top)/\sqrt 2` with :math:`A_{ij}` independent standard normals: a
symmetric matrix with :math:`N(0, 1)` entries off the diagonal and :math:`N(0, 2)` on it.
Wigner's semicircle law says that the eigenvalues of :math:`M/\sqrt n` fill :math:`[-2, 2]`
with density :math:`\sqrt{4 - x^2}/2\pi` as :math:`n \to \infty`. All eigenvalues positive
(a minimum, if :math:`M` were a Hessian) is rare: its probability falls like
:math:`e^{-\theta n^2}`, much faster than the :math:`2^{-n}` of independent signs.
"""

from __future__ import annotations

import numpy as np

from .._validate import array, fail, generator, positive_int, symmetric_matrices

__all__ = ["goe", "semicircle_density", "is_positive_definite", "fraction_positive_definite"]


def goe(n: int, size: int, rng: np.random.Generator) -> np.ndarray:
    r"""``size`` GOE matrices of shape (n, n): :math:`(A + A^\top)/\sqrt 2`.

    Parameters
    ----------
    n : int
        Matrix size.
    size : int
        How many.
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray
        ``(size, n, n)``.
    """
    n = positive_int(n, "n")
    size = positive_int(size, "size")
    A = generator(rng).standard_normal((size, n, n))
    return (A + np.swapaxes(A, -1, -2)) / np.sqrt(2.0)


def semicircle_density(x) -> np.ndarray:
    r"""Wigner's semicircle :math:`\rho(x) = \sqrt{4 - x^2}/2\pi` on :math:`[-2, 2]`, zero
    outside: the limit density of the eigenvalues of :math:`M/\sqrt n` for GOE :math:`M`.

    Parameters
    ----------
    x : array_like
        Finite.

    Returns
    -------
    numpy.ndarray
        Shaped like ``x``.
    """
    x = array(x, "x", nonempty=False)
    return np.sqrt(np.clip(4.0 - x**2, 0.0, None)) / (2 * np.pi)


def is_positive_definite(M) -> np.ndarray:
    r"""For a batch of symmetric matrices: are all eigenvalues positive?

    Runs a Cholesky factorization :math:`M = LL^\top` on the whole batch at once, column by
    column; it succeeds (every pivot positive) exactly when :math:`M` is positive definite.
    Much faster than computing the eigenvalues.

    Parameters
    ----------
    M : array_like
        Finite symmetric matrices ``(..., n, n)`` (symmetric up to round-off).

    Returns
    -------
    numpy.ndarray of bool
        Shape ``(...)``.
    """
    M = array(M, "M")
    if M.ndim < 2 or M.shape[-1] != M.shape[-2]:
        fail(
            "M",
            "square matrices, shape (..., n, n)",
            M,
            "pass one matrix (n, n) or a stack of them",
            shown=f"an array of shape {M.shape}",
        )
    symmetric_matrices(M, "M")
    n = M.shape[-1]
    L = np.zeros_like(M)
    ok = np.ones(M.shape[:-2], dtype=bool)
    for k in range(n):
        pivot = M[..., k, k] - np.sum(L[..., k, :k] ** 2, axis=-1)
        ok &= pivot > 0
        root = np.sqrt(np.where(pivot > 0, pivot, 1.0))
        L[..., k, k] = root
        L[..., k + 1 :, k] = (
            M[..., k + 1 :, k] - np.einsum("...ij,...j->...i", L[..., k + 1 :, :k], L[..., k, :k])
        ) / root[..., None]
    return ok


def fraction_positive_definite(
    n: int, trials: int, rng: np.random.Generator, batch: int = 50_000
) -> float:
    """Fraction of ``trials`` GOE matrices of size ``n`` whose eigenvalues are all positive.

    Parameters
    ----------
    n : int
        Matrix size.
    trials : int
        How many matrices.
    rng : numpy.random.Generator
    batch : int
        At most this many matrices at once, to bound memory.

    Returns
    -------
    float
    """
    n = positive_int(n, "n")
    trials = positive_int(trials, "trials")
    batch = positive_int(batch, "batch")
    rng = generator(rng)
    hits, done = 0, 0
    while done < trials:
        m = min(batch, trials - done)
        hits += int(np.sum(is_positive_definite(goe(n, m, rng))))
        done += m
    return hits / trials

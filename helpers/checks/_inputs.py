"""Random inputs for the checks: named functions and well-conditioned matrices."""

from __future__ import annotations

import numpy as np


def named(fn, name: str):
    """Give a function a readable name for the feedback (``show_array`` prints it)."""

    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    wrapper.__name__ = wrapper.__qualname__ = name
    return wrapper


def rotation(rng, n: int) -> np.ndarray:
    """A random orthogonal n x n matrix (QR of a Gaussian matrix, signs fixed)."""
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))


def symmetric_with_eigenvalues(rng, eigenvalues) -> np.ndarray:
    """Q diag(eigenvalues) Q^T for a random rotation Q, exactly symmetric."""
    eig = np.asarray(eigenvalues, dtype=float)
    q = rotation(rng, eig.size)
    a = (q * eig) @ q.T
    return (a + a.T) / 2


def random_spd(rng, n: int, lo: float = 0.5, hi: float = 20.0):
    """A random symmetric positive definite matrix and its eigenvalues (sorted)."""
    eig = np.sort(np.exp(rng.uniform(np.log(lo), np.log(hi), n)))
    return symmetric_with_eigenvalues(rng, eig), eig

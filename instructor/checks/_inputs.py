"""Random inputs for the cases: well-conditioned matrices and the input functions."""

from __future__ import annotations

import numpy as np

from helpers.practice.inputs import build

from ..cases import fn


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


def input_fn(kind: str, name: str, **params):
    """The case's description of an input function, and the function itself."""
    spec = fn(kind, name, **params)
    return spec, build(spec["fn"])

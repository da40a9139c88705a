r"""Hessian tools that need only Hessian-vector products.

Every estimator takes ``hvp``, a function :math:`v \mapsto Hv` for a symmetric
:math:`P \times P` matrix :math:`H` (for example ``lambda v: net.hvp(w, X, y, v)``), so it
works the same for a matrix you can store and for one you cannot: an exact product
(``net.hvp``, the R-operator) or the finite-difference one,
:func:`~helpers.core.derivatives.hessian_vector_product`. Random vectors come from
generators seeded by ``seed``.
"""

from __future__ import annotations

import numpy as np

from .._validate import (
    array,
    fail,
    flag,
    function,
    integer,
    non_negative,
    positive,
    positive_int,
    symmetric_matrices,
)
from .._validate import direction as _direction
from .._validate import seed as check_seed

__all__ = [
    "dense_from_hvp",
    "power_iteration",
    "lanczos",
    "top_eigenvalues",
    "hutchinson_trace",
    "slq",
    "slq_density",
    "negative_fraction",
]


def _operator(hvp, dim) -> tuple:
    """Check ``hvp`` (callable) and ``dim`` (a whole number >= 1)."""
    function(hvp, "hvp", "a function v -> Hv")
    return hvp, positive_int(dim, "dim")


def _lanczos_steps(steps, dim: int, default: int) -> int:
    """Lanczos steps: ``default`` capped at ``dim`` when not given, else 1 to ``dim``."""
    if steps is None:
        return min(default, dim)
    return integer(
        steps,
        "steps",
        low=1,
        high=dim,
        fix=f"a Krylov space of {dim} dimensions has at most {dim} directions",
    )


def _product(hvp, V: np.ndarray) -> np.ndarray:
    """``hvp(V)`` as floats, checked to be shaped like ``V`` and finite."""
    out = np.asarray(hvp(V), dtype=float)
    if out.shape != V.shape or not np.all(np.isfinite(out)):
        fail(
            "hvp",
            f"a function returning finite products shaped like its input, {V.shape}",
            out,
            "return H @ v for a vector (and one product a row for a stack of vectors)",
            shown=f"shape {out.shape}" if out.shape != V.shape else "non-finite products",
        )
    return out


def dense_from_hvp(hvp, dim: int, symmetric: bool = True) -> np.ndarray:
    r"""The full matrix from products with the ``dim`` basis vectors: column :math:`j` is
    :math:`H e_j`.

    A Hessian is symmetric, so by default the matrix is checked to be symmetric up to
    round-off (a ``ValueError`` otherwise: the products are not those of a Hessian) and
    returned as :math:`(H + H^\top)/2`, which removes the round-off.

    Parameters
    ----------
    hvp : callable
        :math:`V \mapsto` the products with the rows of ``V``: it gets all basis vectors
        at once, as one stack ``(dim, dim)``, and returns :math:`H e_j` in row :math:`j`.
    dim : int
        :math:`P`.
    symmetric : bool
        Check symmetry and symmetrize (default); ``False`` returns the matrix as built,
        for an operator that is not a Hessian (a finite-difference one, say).

    Returns
    -------
    numpy.ndarray
        :math:`H`, ``(dim, dim)``.
    """
    hvp, dim = _operator(hvp, dim)
    symmetric = flag(symmetric, "symmetric")
    H = _product(hvp, np.eye(dim)).T  # one batched call: row j is H e_j, column j of H
    if not symmetric:
        return H
    symmetric_matrices(H, "hvp")
    return (H + H.T) / 2


def power_iteration(hvp, dim: int, iters: int = 100, seed: int = 0):
    r"""The eigenvalue of largest magnitude by power iteration, :math:`v \leftarrow Hv/\|Hv\|`,
    estimated by the Rayleigh quotient :math:`v^\top H v`. It converges like
    :math:`(|\lambda_2|/|\lambda_1|)^{2k}`.

    Parameters
    ----------
    hvp : callable
        :math:`v \mapsto Hv` for a symmetric matrix :math:`H`.
    dim : int
        :math:`P`, the length of :math:`v`.
    iters : int
        Products to use.
    seed : int
        Seed of the random start.

    Returns
    -------
    eigenvalue : float
        The last estimate.
    eigenvector : numpy.ndarray
        The last unit vector, ``(dim,)``.
    history : numpy.ndarray
        ``history[k]`` is the estimate after ``k + 1`` products.
    """
    hvp, dim = _operator(hvp, dim)
    iters = positive_int(iters, "iters")
    v = np.random.default_rng(check_seed(seed)).standard_normal(dim)
    v /= np.linalg.norm(v)
    history = []
    for _ in range(iters):
        Hv = _product(hvp, v)
        history.append(float(v @ Hv))
        norm = np.linalg.norm(Hv)
        if norm == 0:
            break
        v = Hv / norm
    return history[-1], v, np.array(history)


def lanczos(hvp, dim: int, steps: int | None = None, seed: int = 0, v0=None):
    r"""``steps`` steps of the Lanczos iteration with full reorthogonalization.

    Builds an orthonormal basis :math:`Q_m` of the Krylov space
    :math:`\{v, Hv, \dots, H^{m-1}v\}` and the tridiagonal :math:`T_m = Q_m^\top H Q_m`
    (diagonal ``alpha``, off-diagonal ``beta``): :math:`H q_j = \beta_{j-1} q_{j-1} +
    \alpha_j q_j + \beta_j q_{j+1}`. The eigenvalues of :math:`T_m` (Ritz values) approach
    the extreme eigenvalues of :math:`H` first. Stops early when the space is invariant.

    Parameters
    ----------
    hvp : callable
        :math:`v \mapsto Hv` for a symmetric matrix :math:`H`.
    dim : int
        :math:`P`, the length of :math:`v`.
    steps : int, optional
        :math:`m`, at most ``dim`` (a Krylov space of ``dim`` dimensions has no more
        directions); default 20, or ``dim`` if smaller.
    seed : int
        Seed of the random start, unless ``v0`` is given.
    v0 : array_like, optional
        The start vector.

    Returns
    -------
    alpha : numpy.ndarray
        Diagonal of :math:`T_m`, ``(m,)``.
    beta : numpy.ndarray
        Off-diagonal, ``(m - 1,)``.
    Q : numpy.ndarray
        The basis, one vector a row, ``(m, dim)``.
    """
    hvp, dim = _operator(hvp, dim)
    steps = _lanczos_steps(steps, dim, 20)
    seed = check_seed(seed)
    v = (
        np.random.default_rng(seed).standard_normal(dim)
        if v0 is None
        else _direction(v0, dim, "v0")
    )
    Q = np.zeros((steps, dim))
    alpha, beta = np.zeros(steps), np.zeros(max(steps - 1, 0))
    Q[0] = v / np.linalg.norm(v)
    for j in range(steps):
        r = _product(hvp, Q[j])
        alpha[j] = Q[j] @ r
        r = r - alpha[j] * Q[j] - (beta[j - 1] * Q[j - 1] if j > 0 else 0.0)
        r -= Q[: j + 1].T @ (Q[: j + 1] @ r)  # reorthogonalize against all of Q
        if j + 1 < steps:
            beta[j] = np.linalg.norm(r)
            if beta[j] < 1e-12:  # invariant subspace found: stop early
                return alpha[: j + 1], beta[:j], Q[: j + 1]
            Q[j + 1] = r / beta[j]
    return alpha, beta, Q


def _tridiag(alpha, beta):
    return np.diag(alpha) + np.diag(beta, 1) + np.diag(beta, -1)


def top_eigenvalues(
    hvp, dim: int, k: int = 1, steps: int | None = None, seed: int = 0
) -> np.ndarray:
    r"""The ``k`` largest Ritz values of a ``steps``-step Lanczos run.

    Parameters
    ----------
    hvp : callable
        :math:`v \mapsto Hv` for a symmetric matrix :math:`H`.
    dim : int
        :math:`P`, the length of :math:`v`.
    k : int
        How many.
    steps : int, optional
        Lanczos steps (products), at most ``dim``; default 20, or ``dim`` if smaller.
    seed : int
        Seed of the random start.

    Returns
    -------
    numpy.ndarray
        ``(k,)``, largest first.
    """
    k = positive_int(k, "k")
    hvp, dim = _operator(hvp, dim)
    alpha, beta, _ = lanczos(hvp, dim, _lanczos_steps(steps, dim, 20), seed)
    if k > len(alpha):
        fail(
            "k",
            f"at most the number of Ritz values, {len(alpha)}",
            k,
            "ask for fewer eigenvalues or take more steps",
        )
    return np.sort(np.linalg.eigvalsh(_tridiag(alpha, beta)))[::-1][:k]


def hutchinson_trace(hvp, dim: int, samples: int = 100, seed: int = 0):
    r"""Hutchinson's estimator :math:`\operatorname{tr} H \approx \frac1n\sum_{k=1}^n
    z_k^\top H z_k` with Rademacher :math:`z_k \in \{-1, 1\}^P`. Each term is unbiased,
    :math:`\mathbb E[z^\top H z] = \operatorname{tr} H`, with variance
    :math:`2\sum_{i\ne j} H_{ij}^2`.

    Parameters
    ----------
    hvp : callable
        Gets all vectors at once as a stack ``(samples, dim)`` and returns their products.
    dim : int
        :math:`P`.
    samples : int
        :math:`n`.
    seed : int
        Seed of the vectors.

    Returns
    -------
    estimate : float
        The mean of the terms.
    standard_error : float
        Their standard deviation over :math:`\sqrt n` (infinite for one sample).
    terms : numpy.ndarray
        The :math:`n` terms :math:`z_k^\top H z_k`.
    """
    hvp, dim = _operator(hvp, dim)
    samples = positive_int(samples, "samples")
    Z = np.random.default_rng(check_seed(seed)).choice([-1.0, 1.0], size=(samples, dim))
    terms = np.einsum("kp,kp->k", Z, _product(hvp, Z))  # one batched call
    se = terms.std(ddof=1) / np.sqrt(samples) if samples > 1 else np.inf
    return float(terms.mean()), float(se), terms


def slq(hvp, dim: int, steps: int | None = None, vectors: int = 10, seed: int = 0):
    r"""Stochastic Lanczos quadrature: the spectral density
    :math:`\phi(\lambda) = \frac1P\sum_i \delta(\lambda - \lambda_i)` approximated by
    nodes and weights. For each random unit vector :math:`v`, Lanczos from :math:`v` gives
    :math:`T_m = U\Theta U^\top`; then :math:`v^\top g(H) v \approx \sum_j U_{1j}^2\,
    g(\theta_j)` (Gauss quadrature), and averaging over ``vectors`` random starts estimates
    :math:`\frac1P\operatorname{tr} g(H)`.

    Parameters
    ----------
    hvp : callable
        :math:`v \mapsto Hv` for a symmetric matrix :math:`H`.
    dim : int
        :math:`P`, the length of :math:`v`.
    steps : int, optional
        Lanczos steps for each vector, at most ``dim``; default 30, or ``dim`` if smaller.
    vectors : int
        Random starts.
    seed : int
        Seed of the starts.

    Returns
    -------
    nodes, weights : numpy.ndarray
        The quadrature, weights summing to 1.
    """
    hvp, dim = _operator(hvp, dim)
    steps = _lanczos_steps(steps, dim, 30)
    vectors = positive_int(vectors, "vectors")
    rng = np.random.default_rng(check_seed(seed))
    nodes, weights = [], []
    for _ in range(vectors):
        alpha, beta, _ = lanczos(hvp, dim, steps, v0=rng.standard_normal(dim))
        theta, U = np.linalg.eigh(_tridiag(alpha, beta))
        nodes.append(theta)
        weights.append(U[0] ** 2 / vectors)
    return np.concatenate(nodes), np.concatenate(weights)


def slq_density(nodes, weights, grid, width: float) -> np.ndarray:
    r"""Smooth the quadrature into a density on ``grid`` with Gaussians of standard
    deviation ``width``: :math:`\hat\phi(t) = \sum_j w_j\,N(t; \theta_j, \text{width}^2)`.
    Pass the exact eigenvalues with equal weights ``1/P`` to smooth the true spectrum the
    same way.

    Parameters
    ----------
    nodes, weights : array_like
        From :func:`slq` (or eigenvalues and ``1/P``).
    grid : array_like
        Where to evaluate the density.
    width : float
        The Gaussians' standard deviation, > 0.

    Returns
    -------
    numpy.ndarray
        Shaped like ``grid``.
    """
    width = positive(width, "width")
    nodes = array(nodes, "nodes", ndim=1)
    weights = array(weights, "weights", shape=nodes.shape, low=0, fix="one weight >= 0 a node")
    grid = array(grid, "grid", ndim=1)
    z = (grid[:, None] - nodes[None, :]) / width
    return (np.exp(-0.5 * z * z) * weights).sum(axis=1) / (width * np.sqrt(2 * np.pi))


def negative_fraction(eigenvalues, tol: float = 1e-8) -> float:
    r"""The fraction of eigenvalues below :math:`-\text{tol}\cdot\max|\lambda|` (directions
    of negative curvature), a threshold relative to the spectrum's scale.

    At a critical point it is the index (the number of negative eigenvalues, chapter 4)
    divided by the dimension; chapter 9 measures it at points that are not critical.

    Parameters
    ----------
    eigenvalues : array_like
        A non-empty spectrum.
    tol : float
        Relative threshold.

    Returns
    -------
    float
        In [0, 1].
    """
    eig = array(eigenvalues, "eigenvalues", ndim=1)
    tol = non_negative(tol, "tol")
    return float(np.mean(eig < -tol * np.abs(eig).max()))

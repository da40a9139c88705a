r"""Finding critical points (:math:`\nabla f = 0`) and classifying them by the Hessian.

At a critical point the second-order Taylor expansion is
:math:`f(w + \delta) \approx f(w) + \tfrac12 \delta^\top H \delta`, so the signs of the
Hessian's eigenvalues decide: all positive, a minimum; all negative, a maximum; both signs,
a saddle. If any eigenvalue is zero (within ``tol``) the test is inconclusive: degenerate.
"""

from __future__ import annotations

import numpy as np

from .._validate import non_negative, positive_int
from .landscapes import KINDS, CriticalPoint

__all__ = ["classify_critical_point", "find_critical_points", "KINDS"]


def classify_critical_point(hessian, tol: float = 1e-6) -> str:
    """'minimum', 'maximum', 'saddle' or 'degenerate' from a symmetric Hessian matrix.

    An eigenvalue with absolute value ``<= tol`` counts as zero, which makes the point
    'degenerate' unless eigenvalues of both signs already make it a saddle.
    """
    H = np.asarray(hessian, dtype=float)
    if H.ndim != 2 or H.shape[0] != H.shape[1]:
        raise ValueError(f"hessian must be a square matrix, got shape {H.shape}")
    if not np.all(np.isfinite(H)):
        raise ValueError("hessian must be finite")
    tol = non_negative(tol, "tol")
    eig = np.linalg.eigvalsh((H + H.T) / 2)
    if np.any(eig > tol) and np.any(eig < -tol):
        return "saddle"
    if np.any(np.abs(eig) <= tol):
        return "degenerate"
    return "minimum" if eig[0] > 0 else "maximum"


def find_critical_points(landscape, starts=None, n_starts: int = 400, seed: int = 0,
                         steps: int = 100, grad_tol: float = 1e-9, merge_tol: float = 1e-5,
                         tol: float = 1e-6, window=None) -> list[CriticalPoint]:
    r"""All critical points Newton's method reaches from many starts, de-duplicated.

    Newton on the gradient, :math:`w \leftarrow w - H(w)^{+}\nabla f(w)` (pseudo-inverse,
    so singular Hessians do not stop it), runs from every start at once. Points whose
    gradient norm ends below ``grad_tol`` and that lie in the window are kept; points
    closer than ``merge_tol`` are merged. Starts default to ``n_starts`` uniform random
    points in the landscape's window (seeded). Returns the points sorted by value, each
    classified with :func:`classify_critical_point` at tolerance ``tol``.
    """
    win = np.array(landscape.window if window is None else window, dtype=float).reshape(landscape.dim, 2)
    if starts is None:
        n_starts = positive_int(n_starts, "n_starts")
        rng = np.random.default_rng(seed)
        starts = rng.uniform(win[:, 0], win[:, 1], size=(n_starts, landscape.dim))
    W = np.array(starts, dtype=float).reshape(-1, landscape.dim)
    if not np.all(np.isfinite(W)):
        raise ValueError("starts must be finite")
    steps = positive_int(steps, "steps")
    with np.errstate(all="ignore"):
        for _ in range(steps):
            g = landscape.gradient_fn(W)
            H = landscape.hessian_fn(W)
            W = W - np.einsum("nij,nj->ni", np.linalg.pinv(H, hermitian=True), g)
            W[~np.all(np.isfinite(W), axis=1)] = np.nan
        g = landscape.gradient_fn(W)
        gnorm = np.linalg.norm(g, axis=1)
    span = win[:, 1] - win[:, 0]
    inside = np.all((W >= win[:, 0] - 1e-9 * span) & (W <= win[:, 1] + 1e-9 * span), axis=1)
    keep = W[np.isfinite(gnorm) & (gnorm < grad_tol) & inside]
    found: list[np.ndarray] = []
    for w in keep:
        if not any(np.linalg.norm(w - u) < merge_tol for u in found):
            found.append(w)
    points = []
    for w in found:
        H = landscape.hessian_fn(w)
        points.append(CriticalPoint(point=tuple(float(x) for x in w),
                                    value=float(landscape.value_fn(w)),
                                    eigenvalues=tuple(float(e) for e in np.linalg.eigvalsh(H)),
                                    kind=classify_critical_point(H, tol)))
    return sorted(points, key=lambda c: (c.value, c.point))

r"""Critical points (:math:`\nabla f = 0`): the one rule that classifies them, and a search.

At a critical point the second-order Taylor expansion is
:math:`f(w + \delta) \approx f(w) + \tfrac12 \delta^\top H \delta`, so the signs of the
Hessian's eigenvalues decide what the point is. :func:`classify_eigenvalues` is the rule,
and everything in :mod:`helpers` that names a kind uses it: :func:`classify_critical_point`,
:func:`find_critical_points`, the known critical points of every landscape and the
critical-point inspector.

**The rule.** An eigenvalue counts as zero when :math:`|\lambda| \le` ``tol`` (default
:data:`TOL` :math:`= 10^{-6}`, an absolute tolerance in the units of :math:`f` per unit of
:math:`w^2`; the book's curvatures are of order 1 or more). Then, in this order:

1. eigenvalues of both signs (beyond ``tol``): a **saddle**, even if others are zero,
   because :math:`f` rises along one eigenvector and falls along another;
2. otherwise, a zero eigenvalue: **degenerate**, the second-order test cannot decide;
3. otherwise all positive: a **minimum**; all negative: a **maximum**.

So :math:`\operatorname{diag}(-1, 0, 1)` is a saddle and :math:`\operatorname{diag}(1,
5\cdot 10^{-7})` is degenerate at the default tolerance (a minimum at ``tol=1e-9``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import (
    array,
    as_point,
    choice,
    matrix,
    non_negative,
    number,
    positive,
    positive_int,
)
from .._validate import landscape as check_landscape
from .._validate import seed as check_seed
from .._validate import window as check_window

__all__ = [
    "KINDS",
    "TOL",
    "CriticalPoint",
    "classify_eigenvalues",
    "classify_critical_point",
    "symmetric_eigenvalues",
    "critical_point_at",
    "find_critical_points",
]

#: The four verdicts of the rule.
KINDS = ("minimum", "maximum", "saddle", "degenerate")

#: Default tolerance below which an eigenvalue counts as zero (absolute).
TOL = 1e-6


@dataclass(frozen=True)
class CriticalPoint:
    """A point where the gradient vanishes, with its value, Hessian eigenvalues and kind.

    Parameters
    ----------
    point : tuple of float
        The coordinates.
    value : float
        The function's value there.
    eigenvalues : tuple of float
        The Hessian's eigenvalues, in increasing order.
    kind : str
        One of :data:`KINDS`, as :func:`classify_eigenvalues` decides it.
    """

    point: tuple
    value: float
    eigenvalues: tuple
    kind: str

    def __post_init__(self):
        choice(self.kind, "kind", KINDS, fix="classify it with classify_eigenvalues")
        point = array(self.point, "point", ndim=1)
        array(self.eigenvalues, "eigenvalues", shape=(point.size,))
        number(self.value, "value")


def classify_eigenvalues(eigenvalues, tol: float = TOL) -> str:
    """The kind of a critical point from its Hessian's eigenvalues: the one rule.

    Parameters
    ----------
    eigenvalues : array_like
        The eigenvalues of the (symmetric) Hessian, any order.
    tol : float
        Eigenvalues with absolute value ``<= tol`` count as zero (default :data:`TOL`).

    Returns
    -------
    str
        ``'saddle'`` if eigenvalues of both signs exceed ``tol`` in size; otherwise
        ``'degenerate'`` if one is zero within ``tol``; otherwise ``'minimum'`` (all
        positive) or ``'maximum'`` (all negative).
    """
    eig = array(eigenvalues, "eigenvalues", ndim=1)
    tol = non_negative(tol, "tol")
    if np.any(eig > tol) and np.any(eig < -tol):
        return "saddle"
    if np.any(np.abs(eig) <= tol):
        return "degenerate"
    return "minimum" if eig.min() > 0 else "maximum"


def symmetric_eigenvalues(hessian) -> np.ndarray:
    """The eigenvalues of a symmetric matrix, in increasing order, after checking it.

    Parameters
    ----------
    hessian : array_like
        A finite square matrix equal to its transpose up to round-off
        (:math:`|H - H^\\top| \\le 10^{-10}\\max(1, |H|)` entrywise, the rule of
        ``helpers._validate.SYMMETRY_RTOL``).

    Returns
    -------
    numpy.ndarray
        The eigenvalues of :math:`(H + H^\\top)/2`.

    Raises
    ------
    ValueError
        If the matrix is not square, not finite or not symmetric: a Hessian is symmetric,
        so a matrix that is not is not a Hessian, and its eigenvalues would mislead.
    """
    H = matrix(hessian, "hessian", symmetric=True)
    return np.linalg.eigvalsh((H + H.T) / 2)


def classify_critical_point(hessian, tol: float = TOL) -> str:
    """'minimum', 'maximum', 'saddle' or 'degenerate' from a symmetric Hessian matrix.

    Parameters
    ----------
    hessian : array_like
        The Hessian at the critical point, a symmetric ``(d, d)`` matrix (a non-symmetric
        one raises ``ValueError``).
    tol : float
        Eigenvalues with absolute value ``<= tol`` count as zero (default :data:`TOL`).

    Returns
    -------
    str
        The kind, by the rule of :func:`classify_eigenvalues`.
    """
    return classify_eigenvalues(symmetric_eigenvalues(hessian), tol)


def critical_point_at(landscape, w, tol: float = TOL) -> CriticalPoint:
    """Describe the critical point ``w`` of ``landscape``: value, eigenvalues and kind.

    Parameters
    ----------
    landscape : Landscape
        Supplies ``value(w)`` and ``hessian(w)``.
    w : array_like
        The point, ``(d,)``; that its gradient vanishes is the caller's claim.
    tol : float
        Tolerance of the rule (:func:`classify_eigenvalues`).

    Returns
    -------
    CriticalPoint
    """
    check_landscape(landscape, needs=("dim", "value", "hessian"))
    w = as_point(w, landscape.dim)
    eig = symmetric_eigenvalues(landscape.hessian(w))
    return CriticalPoint(
        point=tuple(float(x) for x in w),
        value=float(landscape.value(w)),
        eigenvalues=tuple(float(e) for e in eig),
        kind=classify_eigenvalues(eig, tol),
    )


def find_critical_points(
    landscape,
    starts=None,
    n_starts: int = 400,
    seed: int = 0,
    steps: int = 100,
    grad_tol: float = 1e-9,
    merge_tol: float = 1e-5,
    tol: float = TOL,
    window=None,
) -> list[CriticalPoint]:
    r"""All critical points Newton's method reaches from many starts, de-duplicated.

    Newton on the gradient, :math:`w \leftarrow w - H(w)^{+}\nabla f(w)` (pseudo-inverse,
    so singular Hessians do not stop it), runs from every start at once. Points whose
    gradient norm ends below ``grad_tol`` and that lie in the window are kept; points
    closer than ``merge_tol`` are merged.

    Parameters
    ----------
    landscape : Landscape
        Supplies ``dim``, ``window``, and ``value``, ``gradient`` and ``hessian`` vectorized
        over a batch of points ``(n, d)``.
    starts : array_like, optional
        Start points ``(n, d)``; by default ``n_starts`` uniform random points in the
        window, from a generator seeded by ``seed``.
    n_starts, seed : int
        How many random starts, and their seed.
    steps : int
        Newton steps from every start.
    grad_tol : float
        A point is critical when its gradient norm ends below this.
    merge_tol : float
        Points closer than this are the same point.
    tol : float
        Tolerance of the classification rule (:func:`classify_eigenvalues`).
    window : sequence of (low, high), optional
        The box to search and keep points in (default: the landscape's window).

    Returns
    -------
    list of CriticalPoint
        Sorted by value (then by coordinates), each classified by the one rule.
    """
    check_landscape(landscape)
    d = landscape.dim
    win = check_window(landscape.window if window is None else window, d)
    n_starts = positive_int(n_starts, "n_starts")
    seed = check_seed(seed)
    steps = positive_int(steps, "steps")
    grad_tol = positive(grad_tol, "grad_tol")
    merge_tol = positive(merge_tol, "merge_tol")
    tol = non_negative(tol, "tol")
    if starts is None:
        rng = np.random.default_rng(seed)
        starts = rng.uniform(win[:, 0], win[:, 1], size=(n_starts, d))
    W = array(starts, "starts", shape=(None, d), fix=f"pass one start a row, shape (n, {d})")
    with np.errstate(all="ignore"):
        for _ in range(steps):
            g = landscape.gradient(W)
            H = landscape.hessian(W)
            W = W - np.einsum("nij,nj->ni", np.linalg.pinv(H, hermitian=True), g)
            W[~np.all(np.isfinite(W), axis=1)] = np.nan
        g = landscape.gradient(W)
        gnorm = np.linalg.norm(g, axis=1)
    span = win[:, 1] - win[:, 0]
    inside = np.all((W >= win[:, 0] - 1e-9 * span) & (W <= win[:, 1] + 1e-9 * span), axis=1)
    keep = W[np.isfinite(gnorm) & (gnorm < grad_tol) & inside]
    found: list[np.ndarray] = []
    for w in keep:
        if not any(np.linalg.norm(w - u) < merge_tol for u in found):
            found.append(w)
    points = [critical_point_at(landscape, w, tol) for w in found]
    return sorted(points, key=lambda c: (c.value, c.point))

r"""Tools for the critical-points chapter: finite-difference error curves, a look along
lines through a degenerate critical point, and Peano's surface.

**Finite differences.** The forward difference :math:`[f(w + he_i) - f(w)]/h` has
truncation error :math:`\tfrac h2 |f''|` and round-off error about :math:`2\epsilon|f|/h`
(:math:`\epsilon` the machine epsilon), smallest near :math:`h^\star = 2\sqrt{\epsilon|f|/|f''|}`.
The central difference :math:`[f(w + he_i) - f(w - he_i)]/2h` has truncation error
:math:`\tfrac{h^2}6 |f'''|` and round-off :math:`\epsilon|f|/h`, smallest near
:math:`h^\star = (3\epsilon|f|/|f'''|)^{1/3}`.

**Lines.** Along a line :math:`g(t) = f(p + tu)`, the lowest-order non-zero Taylor term
:math:`c_k t^k` decides what :math:`p` is *on that line*: a minimum if :math:`k` is even and
:math:`c_k > 0`, a maximum if even and negative, neither if :math:`k` is odd. One line on
which :math:`p` is not a minimum proves :math:`p` is not a minimum; a minimum on every line
does not prove a minimum (Peano's surface).
"""

from __future__ import annotations

import numpy as np

from .._validate import (
    array,
    as_point,
    choice,
    function,
    integer,
    non_negative,
    positive,
    positive_int,
    vectorized,
)
from .._validate import direction as _direction
from .landscapes import AnalyticLandscape, _make, _stack2

__all__ = ["fd_errors", "fd_optimal_step", "line_taylor", "classify_along_lines", "peano_surface"]

EPS = np.finfo(float).eps


def fd_errors(f, exact, w, hs, i: int = 0):
    r"""Errors of the forward and central differences for :math:`\partial_i f`.

    Parameters
    ----------
    f : callable
        Values of a batch of points ``(n, d) -> (n,)``.
    exact : float or array_like
        The analytic derivative at each point of ``w``.
    w : array_like
        One point ``(d,)``, or several ``(m, d)``: then the root-mean-square error over the
        points is returned, which smooths the erratic round-off part.
    hs : array_like
        Step sizes, positive.
    i : int
        The coordinate.

    Returns
    -------
    forward_errors, central_errors : numpy.ndarray
        Each shaped like ``hs``.
    """
    function(f, "f", "a function of a batch of points (n, d) -> (n,)")
    W = array(w, "w", ndim=(1, 2), what="a finite point (d,) or points (m, d)")
    one = W.ndim == 1
    W = W[None, :] if one else W
    m, d = W.shape
    exact = array(
        exact,
        "exact",
        shape=() if one else (m,),
        what="one exact derivative per point: a number for one point, shape (m,) for m",
        fix="pass the analytic derivative at each point of w",
    ).reshape(m)
    hs = array(hs, "hs", ndim=1, low=0, low_open=True, fix="pass positive step sizes")
    i = integer(i, "i", low=0, high=d - 1, fix=f"coordinates are numbered 0 to {d - 1}")
    step = hs[:, None, None] * np.eye(d)[i]  # (k, 1, d)
    f0 = vectorized(f, W, (m,))
    fp = vectorized(f, (W + step).reshape(-1, d), (len(hs) * m,)).reshape(len(hs), -1)
    fm = vectorized(f, (W - step).reshape(-1, d), (len(hs) * m,)).reshape(len(hs), -1)
    forward = (fp - f0) / hs[:, None]
    central = (fp - fm) / (2 * hs[:, None])
    rms = lambda e: np.sqrt(np.mean(e**2, axis=1))  # noqa: E731
    return rms(forward - exact), rms(central - exact)


def fd_optimal_step(scheme: str, f_abs: float, deriv_abs: float) -> float:
    r"""The step that balances truncation against round-off: ``'forward'``:
    :math:`2\sqrt{\epsilon|f|/|f''|}`; ``'central'``: :math:`(3\epsilon|f|/|f'''|)^{1/3}`.

    Parameters
    ----------
    scheme : {'forward', 'central'}
    f_abs : float
        :math:`|f|` near the point, > 0.
    deriv_abs : float
        :math:`|f''|` (forward) or :math:`|f'''|` (central), > 0.

    Returns
    -------
    float
    """
    scheme = choice(scheme, "scheme", ("forward", "central"))
    f_abs = positive(f_abs, "f_abs")
    deriv_abs = positive(deriv_abs, "deriv_abs")
    if scheme == "forward":
        return 2 * np.sqrt(EPS * f_abs / deriv_abs)
    return (3 * EPS * f_abs / deriv_abs) ** (1 / 3)


def line_taylor(f, point, direction, degree: int = 4, radius: float = 0.5) -> np.ndarray:
    r"""Taylor coefficients :math:`c_0, \dots, c_{\text{degree}}` of :math:`g(t) = f(p + tu)`.

    Fits a polynomial of the given degree through ``degree + 1`` Chebyshev points in
    ``[-radius, radius]``; exact (up to round-off) when ``f`` is a polynomial of at most that
    degree, an approximation otherwise.

    Parameters
    ----------
    f : callable
        Values of a batch of points.
    point, direction : array_like
        :math:`p` and :math:`u`.
    degree : int
    radius : float
        Half-width of the fitted segment, > 0.

    Returns
    -------
    numpy.ndarray
        ``(degree + 1,)``, lowest order first.
    """
    function(f, "f", "a function of a batch of points (n, d) -> (n,)")
    p = as_point(point, name="point")
    u = _direction(direction, p.size, "direction")
    degree = positive_int(degree, "degree")
    radius = positive(radius, "radius")
    k = np.arange(degree + 1)
    t = radius * np.cos((2 * k + 1) * np.pi / (2 * degree + 2))
    g = vectorized(f, p + t[:, None] * u, t.shape)
    V = np.vander(t, degree + 1, increasing=True)
    return np.linalg.solve(V, g)


def classify_along_lines(
    f, point, n_dirs: int = 180, degree: int = 4, radius: float = 0.5, tol: float = 1e-8
):
    r"""What ``point`` looks like on ``n_dirs`` lines through it (2-D ``f``).

    For each angle :math:`\theta` the lowest-order Taylor term of
    :math:`t\mapsto f(p + t(\cos\theta, \sin\theta))` with :math:`|c_k| >` ``tol`` is found
    (:func:`line_taylor`, skipping :math:`c_0`).

    Parameters
    ----------
    f : callable
        A 2-D function of a batch of points.
    point : array_like
        :math:`p`.
    n_dirs : int
        Lines, at angles evenly spaced in :math:`[0, \pi)`.
    degree, radius
        As for :func:`line_taylor`.
    tol : float
        Coefficients this small count as zero.

    Returns
    -------
    verdict : str
        ``'minimum on every line'``, ``'maximum on every line'``, ``'saddle'`` (lines
        disagree, or an odd leading order: a proof that it is neither) or ``'inconclusive'``
        (some line flat to the given degree).
    angles : numpy.ndarray
    orders : numpy.ndarray
        The leading order on each line (0 when flat).
    coefs : numpy.ndarray
        The leading coefficient on each line.
    """
    function(f, "f", "a function of a batch of 2-D points (n, 2) -> (n,)")
    point = as_point(point, 2, "point")
    n_dirs = positive_int(n_dirs, "n_dirs")
    tol = non_negative(tol, "tol")
    angles = np.arange(n_dirs) * np.pi / n_dirs
    orders, coefs = [], []
    for th in angles:
        c = line_taylor(f, point, [np.cos(th), np.sin(th)], degree, radius)[1:]
        nz = np.nonzero(np.abs(c) > tol)[0]
        if nz.size == 0:
            orders.append(0)
            coefs.append(0.0)
        else:
            orders.append(int(nz[0]) + 1)
            coefs.append(float(c[nz[0]]))
    orders, coefs = np.array(orders), np.array(coefs)
    even = orders % 2 == 0
    if np.any((orders > 0) & ~even) or (
        np.any(even & (orders > 0) & (coefs > 0)) and np.any(even & (orders > 0) & (coefs < 0))
    ):
        verdict = "saddle"
    elif np.any(orders == 0):
        verdict = "inconclusive"
    elif np.all(coefs > 0):
        verdict = "minimum on every line"
    else:
        verdict = "maximum on every line"
    return verdict, angles, orders, coefs


def peano_surface() -> AnalyticLandscape:
    r"""Peano's surface :math:`(y - x^2)(y - 2x^2) = y^2 - 3x^2y + 2x^4`.

    The origin is a strict minimum on every line through it, yet not a minimum: the
    function is negative between the parabolas :math:`y = x^2` and :math:`y = 2x^2`. The
    Hessian there is :math:`\operatorname{diag}(0, 2)`, positive semi-definite and singular.

    Returns
    -------
    AnalyticLandscape
    """

    def value(w):
        x, y = w[..., 0], w[..., 1]
        return (y - x**2) * (y - 2 * x**2)

    def grad(w):
        x, y = w[..., 0], w[..., 1]
        return np.stack([8 * x**3 - 6 * x * y, 2 * y - 3 * x**2], -1)

    def hess(w):
        x, y = w[..., 0], w[..., 1]
        return _stack2(24 * x**2 - 6 * y, -6 * x, -6 * x, np.full_like(x, 2.0))

    return _make(
        "peano", r"(y - x^2)(y - 2x^2)", 2, value, grad, hess, ((-1.0, 1.0), (-0.5, 1.5)), [(0, 0)]
    )

r"""Loss landscapes used in the book, and the :class:`Landscape` protocol they follow.

A :class:`Landscape` is what every function of :mod:`helpers` that takes a landscape relies
on (:func:`~helpers.core.runner.run`, :func:`~helpers.core.critical_points.find_critical_points`,
the plots and explorers): a name and a formula, a dimension, a plotting window, the
critical points known from theory, and a value, a gradient and a Hessian vectorized over
leading axes. Points are arrays whose *last* axis holds the coordinates, so ``f.value(w)``
works for one point ``w.shape == (d,)`` and for a whole batch ``w.shape == (..., d)``.

Every landscape the book uses is an :class:`AnalyticLandscape`, built from formulas for the
value, gradient and Hessian. It adds conveniences: calling it with one array per coordinate
works on meshgrids (``Z = f(X, Y)``), ``f.grid()`` samples its window, ``f.minima()``
lists its known minima. Its critical points are classified by the one rule of
:mod:`helpers.core.critical_points`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol, runtime_checkable

import numpy as np

from .._validate import (
    array,
    choice,
    fail,
    function,
    integer,
    matrix,
    non_negative,
    number,
    points,
    positive,
    positive_int,
    string,
)
from .._validate import landscape as check_landscape
from .._validate import window as check_window
from .critical_points import CriticalPoint, critical_point_at

__all__ = [
    "Landscape",
    "AnalyticLandscape",
    "tilted_wells",
    "quartic_example",
    "saddle",
    "monkey_saddle",
    "quartic_bowl",
    "quartic_saddle",
    "bowl",
    "ravine",
    "quadratic",
    "quadratic_from_matrix",
    "l2_regularized",
    "rastrigin",
    "rosenbrock",
    "parabola",
    "double_well",
    "wavy",
    "LANDSCAPES",
    "get_landscape",
    "sample_grid",
    "known_minima",
]


@runtime_checkable
class Landscape(Protocol):
    r"""A twice-differentiable function :math:`f:\mathbb{R}^d\to\mathbb{R}` with what the
    book needs to know about it.

    Attributes
    ----------
    name : str
        A short name for titles and messages.
    formula : str
        The formula in TeX, for titles.
    dim : int
        The dimension :math:`d` of a point.
    window : tuple of (low, high)
        One interval per coordinate: the box plots show and searches cover.
    critical_points : tuple of CriticalPoint
        The critical points known from theory (possibly not all of them).

    Methods
    -------
    value(w)
        :math:`f(w)` for points ``w`` of shape ``(..., d)``; returns shape ``(...)``.
    gradient(w)
        :math:`\nabla f(w)`, shape ``(..., d)``.
    hessian(w)
        :math:`\nabla^2 f(w)`, shape ``(..., d, d)``, symmetric.
    """

    name: str
    formula: str
    dim: int
    window: tuple
    critical_points: tuple

    def value(self, w) -> np.ndarray: ...

    def gradient(self, w) -> np.ndarray: ...

    def hessian(self, w) -> np.ndarray: ...


@dataclass(frozen=True, eq=False)
class AnalyticLandscape:
    r"""A :class:`Landscape` given by formulas for its value, gradient and Hessian.

    Parameters
    ----------
    name, formula : str
        Short name and TeX formula.
    dim : int
        Dimension of a point.
    value_fn, gradient_fn, hessian_fn : callable
        Take an array of shape ``(..., d)`` and return shapes ``(...)``, ``(..., d)`` and
        ``(..., d, d)``; they are called without checks. The methods check only the
        shape of the points: a non-finite point gives a non-finite value, which is how
        :func:`~helpers.core.runner.run` sees a run diverge.
    window : tuple of (low, high)
        One interval per coordinate (a single interval for ``dim == 1``).
    critical_points : tuple of CriticalPoint
        The critical points known from theory.
    params : dict
        The parameters the landscape was built with (for example the matrix ``A`` of a
        quadratic).
    """

    name: str
    formula: str
    dim: int
    value_fn: Callable[[np.ndarray], np.ndarray]
    gradient_fn: Callable[[np.ndarray], np.ndarray]
    hessian_fn: Callable[[np.ndarray], np.ndarray]
    window: tuple
    critical_points: tuple = ()
    params: dict = field(default_factory=dict)

    def __post_init__(self):
        string(self.name, "name", nonempty=True)
        string(self.formula, "formula")
        positive_int(self.dim, "dim")
        for attr in ("value_fn", "gradient_fn", "hessian_fn"):
            function(getattr(self, attr), attr, "a function of points (..., d)")
        check_window(self.window, self.dim)
        if not isinstance(self.critical_points, tuple) or not all(
            isinstance(c, CriticalPoint) and len(c.point) == self.dim for c in self.critical_points
        ):
            fail(
                "critical_points",
                f"a tuple of CriticalPoint with {self.dim} coordinate(s) each",
                self.critical_points,
                "describe each point with critical_point_at(landscape, w)",
            )
        if not isinstance(self.params, dict):
            fail("params", "a dict", self.params, "pass the parameters by name")

    # -- evaluation -------------------------------------------------------------------
    def _points(self, w) -> np.ndarray:
        return points(w, self.dim, "w")

    def value(self, w) -> np.ndarray:
        """f(w) for points ``w`` of shape (..., d)."""
        return self.value_fn(self._points(w))

    def gradient(self, w) -> np.ndarray:
        """∇f(w), shape (..., d)."""
        return self.gradient_fn(self._points(w))

    def hessian(self, w) -> np.ndarray:
        """∇²f(w), shape (..., d, d)."""
        return self.hessian_fn(self._points(w))

    def __call__(self, *coords) -> np.ndarray:
        """f(x, y, ...) with one array per coordinate (meshgrids broadcast)."""
        if len(coords) != self.dim:
            fail(
                "coords",
                f"{self.dim} coordinate array(s) for {self.name}",
                len(coords),
                f"call it as f({', '.join('xyzuvw'[: self.dim])}) with one array each",
                shown=f"{len(coords)} array(s)",
            )
        arrays = [
            array(c, f"coordinate {i}", finite=False, nonempty=False) for i, c in enumerate(coords)
        ]
        try:
            arrays = np.broadcast_arrays(*arrays)
        except ValueError:
            fail(
                "coords",
                "arrays of one shape (or shapes that broadcast)",
                None,
                "pass the arrays of one np.meshgrid",
                shown="shapes " + ", ".join(str(a.shape) for a in arrays),
            )
        return self.value_fn(np.stack(arrays, axis=-1))

    # -- 1-D conveniences ---------------------------------------------------------------
    def derivative(self, x) -> np.ndarray:
        """f'(x) elementwise, for a 1-D landscape."""
        self._require_1d()
        x = array(x, "x", finite=False, nonempty=False)
        return self.gradient_fn(x[..., None])[..., 0]

    def second_derivative(self, x) -> np.ndarray:
        """f''(x) elementwise, for a 1-D landscape."""
        self._require_1d()
        x = array(x, "x", finite=False, nonempty=False)
        return self.hessian_fn(x[..., None])[..., 0, 0]

    def _require_1d(self):
        if self.dim != 1:
            fail(
                "the landscape",
                "1-D for derivative()",
                self.name,
                "use gradient() and hessian() on points (..., d)",
                shown=f"{self.name!r} ({self.dim}-D)",
            )

    # -- geometry -----------------------------------------------------------------------
    def grid(self, n: int = 200, window=None):
        """:func:`sample_grid` of this landscape: ``(X, Y, Z)``."""
        return sample_grid(self, n, window)

    def minima(self) -> tuple:
        """:func:`known_minima` of this landscape."""
        return known_minima(self)

    def __repr__(self) -> str:
        return f"AnalyticLandscape({self.name!r}, {self.formula!r}, dim={self.dim})"


def sample_grid(landscape: Landscape, n: int = 200, window=None):
    """A 2-D landscape sampled on an ``n`` by ``n`` meshgrid.

    Parameters
    ----------
    landscape : Landscape
        A 2-D landscape.
    n : int
        Grid points along each axis.
    window : ((x0, x1), (y0, y1)), optional
        The box to sample (default: the landscape's window).

    Returns
    -------
    X, Y, Z : numpy.ndarray
        The meshgrid and the values on it, each of shape ``(n, n)``.
    """
    check_landscape(landscape, dim=2, needs=("name", "dim", "window", "value"))
    n = integer(n, "n", low=2, fix="a grid needs at least 2 points a side; 100 to 200 look smooth")
    (x0, x1), (y0, y1) = check_window(landscape.window if window is None else window, 2)
    X, Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    return X, Y, landscape.value(np.stack([X, Y], axis=-1))


def known_minima(landscape: Landscape) -> tuple:
    """The landscape's known critical points that are minima, lowest first.

    Parameters
    ----------
    landscape : Landscape

    Returns
    -------
    tuple of CriticalPoint
    """
    check_landscape(landscape, needs=("critical_points",))
    return tuple(
        sorted((c for c in landscape.critical_points if c.kind == "minimum"), key=lambda c: c.value)
    )


# ----------------------------------------------------------------------------------------
def _make(name, formula, dim, value, grad, hess, window, points=(), **params) -> AnalyticLandscape:
    """Build a landscape and attach its known critical points, classified by the one rule."""
    window = tuple(map(tuple, window)) if dim > 1 else tuple(window)
    land = AnalyticLandscape(name, formula, dim, value, grad, hess, window, (), dict(params))
    return replace(land, critical_points=tuple(critical_point_at(land, p) for p in points))


def _stack2(a, b, c, d):
    """Assemble a (..., 2, 2) array from four broadcastable entries."""
    a, b, c, d = np.broadcast_arrays(a, b, c, d)
    return np.stack([np.stack([a, b], -1), np.stack([c, d], -1)], -2)


def _roots(fprime, lo: float, hi: float, n: int = 4001) -> list[float]:
    """All simple roots of a 1-D function on [lo, hi]: sign changes on a grid, then Brent."""
    from scipy.optimize import brentq  # imported here: scipy.optimize is slow to import

    x = np.linspace(lo, hi, n)
    y = fprime(x)
    roots = [float(xi) for xi, yi in zip(x, y) if yi == 0.0]
    for i in np.nonzero(np.sign(y[:-1]) * np.sign(y[1:]) < 0)[0]:
        roots.append(brentq(fprime, x[i], x[i + 1], xtol=1e-15, rtol=1e-15))
    return sorted(roots)


# ---------------------------------------------------------------------------- 2-D ------
def tilted_wells(tilt_x: float = 0.4, tilt_y: float = 0.2) -> AnalyticLandscape:
    r"""Four wells of different depth: :math:`(x^2-1)^2 + (y^2-1)^2 + a x + b y`.

    Each coordinate is a tilted double well, so the critical points are all pairs of roots
    of :math:`4x^3 - 4x + a = 0` and :math:`4y^3 - 4y + b = 0`: four minima (one global),
    four saddles and one maximum.

    Parameters
    ----------
    tilt_x, tilt_y : float
        The tilts :math:`a, b`, each smaller than :math:`8/(3\sqrt 3)` in size (to keep four
        wells).


    Returns
    -------
    AnalyticLandscape
    """
    limit = 8 / (3 * np.sqrt(3))
    fix = f"a tilt of {limit:.3f} or more in size merges two wells; use a smaller one"
    bounds = dict(low=-limit, high=limit, low_open=True, high_open=True, fix=fix)
    tilt_x = number(tilt_x, "tilt_x", **bounds)
    tilt_y = number(tilt_y, "tilt_y", **bounds)

    def value(w):
        x, y = w[..., 0], w[..., 1]
        return (x**2 - 1) ** 2 + (y**2 - 1) ** 2 + tilt_x * x + tilt_y * y

    def grad(w):
        x, y = w[..., 0], w[..., 1]
        return np.stack([4 * x**3 - 4 * x + tilt_x, 4 * y**3 - 4 * y + tilt_y], -1)

    def hess(w):
        x, y = w[..., 0], w[..., 1]
        return _stack2(12 * x**2 - 4, np.zeros_like(x), np.zeros_like(x), 12 * y**2 - 4)

    xs = np.sort(np.roots([4.0, 0.0, -4.0, tilt_x]).real)
    ys = np.sort(np.roots([4.0, 0.0, -4.0, tilt_y]).real)
    points = [(x, y) for x in xs for y in ys]
    formula = rf"(x^2-1)^2 + (y^2-1)^2 + {tilt_x:g}x + {tilt_y:g}y"
    return _make(
        "tilted wells",
        formula,
        2,
        value,
        grad,
        hess,
        ((-1.8, 1.8), (-1.8, 1.8)),
        points,
        tilt_x=tilt_x,
        tilt_y=tilt_y,
    )


def quartic_example() -> AnalyticLandscape:
    """:math:`x^4 + y^4 - 4xy + 1`: a saddle at the origin (value 1, eigenvalues ±4) and
    minima at ±(1, 1) (value −1, eigenvalues 8 and 16).


    Returns
    -------
    AnalyticLandscape
    """

    def value(w):
        x, y = w[..., 0], w[..., 1]
        return x**4 + y**4 - 4 * x * y + 1

    def grad(w):
        x, y = w[..., 0], w[..., 1]
        return np.stack([4 * x**3 - 4 * y, 4 * y**3 - 4 * x], -1)

    def hess(w):
        x, y = w[..., 0], w[..., 1]
        c = np.full_like(x, -4.0)
        return _stack2(12 * x**2, c, c, 12 * y**2)

    return _make(
        "quartic example",
        r"x^4 + y^4 - 4xy + 1",
        2,
        value,
        grad,
        hess,
        ((-2, 2), (-2, 2)),
        [(0, 0), (1, 1), (-1, -1)],
    )


def saddle() -> AnalyticLandscape:
    """The prototype saddle :math:`x^2 - y^2`: curving up along x, down along y.

    Returns
    -------
    AnalyticLandscape
    """

    def value(w):
        return w[..., 0] ** 2 - w[..., 1] ** 2

    def grad(w):
        return np.stack([2 * w[..., 0], -2 * w[..., 1]], -1)

    def hess(w):
        z = np.zeros(w.shape[:-1])
        return _stack2(z + 2, z, z, z - 2)

    return _make("saddle", r"x^2 - y^2", 2, value, grad, hess, ((-2, 2), (-2, 2)), [(0, 0)])


def monkey_saddle() -> AnalyticLandscape:
    """The monkey saddle :math:`x^3 - 3xy^2`: three valleys, zero Hessian at the origin.

    Returns
    -------
    AnalyticLandscape
    """

    def value(w):
        x, y = w[..., 0], w[..., 1]
        return x**3 - 3 * x * y**2

    def grad(w):
        x, y = w[..., 0], w[..., 1]
        return np.stack([3 * x**2 - 3 * y**2, -6 * x * y], -1)

    def hess(w):
        x, y = w[..., 0], w[..., 1]
        return _stack2(6 * x, -6 * y, -6 * y, -6 * x)

    return _make(
        "monkey saddle", r"x^3 - 3xy^2", 2, value, grad, hess, ((-1.5, 1.5), (-1.5, 1.5)), [(0, 0)]
    )


def quartic_bowl() -> AnalyticLandscape:
    """:math:`x^4 + y^4`: a minimum at the origin that the Hessian (zero there) cannot see.

    Returns
    -------
    AnalyticLandscape
    """

    def value(w):
        return w[..., 0] ** 4 + w[..., 1] ** 4

    def grad(w):
        return 4 * w**3

    def hess(w):
        z = np.zeros(w.shape[:-1])
        return _stack2(12 * w[..., 0] ** 2, z, z, 12 * w[..., 1] ** 2)

    return _make(
        "quartic bowl", r"x^4 + y^4", 2, value, grad, hess, ((-1.5, 1.5), (-1.5, 1.5)), [(0, 0)]
    )


def quartic_saddle() -> AnalyticLandscape:
    """:math:`x^4 - y^4`: a saddle at the origin with a zero Hessian there.

    Returns
    -------
    AnalyticLandscape
    """

    def value(w):
        return w[..., 0] ** 4 - w[..., 1] ** 4

    def grad(w):
        return np.stack([4 * w[..., 0] ** 3, -4 * w[..., 1] ** 3], -1)

    def hess(w):
        z = np.zeros(w.shape[:-1])
        return _stack2(12 * w[..., 0] ** 2, z, z, -12 * w[..., 1] ** 2)

    return _make(
        "quartic saddle", r"x^4 - y^4", 2, value, grad, hess, ((-1.5, 1.5), (-1.5, 1.5)), [(0, 0)]
    )


def quadratic_from_matrix(
    A, center=None, name: str = "quadratic", window=None
) -> AnalyticLandscape:
    r"""The quadratic :math:`\tfrac12 (w-c)^\top A (w-c)` for a symmetric matrix ``A``.

    Gradient :math:`A(w-c)`, Hessian :math:`A` everywhere; the one critical point is ``c``.

    Parameters
    ----------
    A : array_like
        A finite symmetric ``(d, d)`` matrix.
    center : array_like, optional
        :math:`c` (default: the origin).
    name : str
        The landscape's name.
    window : sequence of (low, high), optional
        Default: 3 on either side of ``c`` in every coordinate.

    Returns
    -------
    AnalyticLandscape
        Its ``params`` hold ``A``, ``center``, ``eigenvalues`` and ``condition_number``.
    """
    A = matrix(A, "A", symmetric=True)
    A = (A + A.T) / 2  # the round-off the check allows
    d = A.shape[0]
    c = np.zeros(d) if center is None else array(center, "center", shape=(d,)).copy()
    string(name, "name", nonempty=True)
    if window is not None:
        window = tuple(map(tuple, check_window(window, d)))

    def value(w):
        z = w - c
        return 0.5 * np.einsum("...i,ij,...j->...", z, A, z)

    def grad(w):
        return (w - c) @ A

    def hess(w):
        return np.broadcast_to(A, w.shape[:-1] + (d, d)).copy()

    eig = np.linalg.eigvalsh(A)
    if window is None:
        window = tuple((ci - 3.0, ci + 3.0) for ci in c)
    kappa = float(eig[-1] / eig[0]) if eig[0] > 0 else float("inf")
    return _make(
        name,
        r"\tfrac12 (w-c)^\top A (w-c)",
        d,
        value,
        grad,
        hess,
        window,
        [c],
        A=A,
        center=c,
        eigenvalues=eig,
        condition_number=kappa,
    )


def quadratic(
    eigenvalues=(1.0, 10.0), angle: float = 0.0, center=None, window=None
) -> AnalyticLandscape:
    r"""A 2-D quadratic :math:`\tfrac12 w^\top R\,\mathrm{diag}(\lambda)\,R^\top w` whose
    principal axes are turned by ``angle`` radians.

    Parameters
    ----------
    eigenvalues : pair of float
        :math:`\lambda_1, \lambda_2`; the condition number is
        :math:`\kappa=\lambda_{\max}/\lambda_{\min}`.
    angle : float
        Rotation of the principal axes, in radians.
    center, window : optional
        As for :func:`quadratic_from_matrix`.


    Returns
    -------
    AnalyticLandscape
    """
    lam = array(
        eigenvalues,
        "eigenvalues",
        shape=(2,),
        fix="quadratic() is 2-D; use quadratic_from_matrix for other dimensions",
    )
    angle = number(angle, "angle")
    c, s = np.cos(angle), np.sin(angle)
    R = np.array([[c, -s], [s, c]])
    A = R @ np.diag(lam) @ R.T
    return quadratic_from_matrix(
        A,
        center,
        name=f"quadratic κ={lam.max() / lam.min():g}" if lam.min() > 0 else "quadratic",
        window=window,
    )


def l2_regularized(landscape: Landscape, alpha: float) -> AnalyticLandscape:
    r"""The landscape plus the L2 penalty :math:`\tfrac\alpha2\lVert w\rVert^2`.

    Value :math:`f(w) + \tfrac\alpha2\lVert w\rVert^2`, gradient
    :math:`\nabla f(w) + \alpha w`, Hessian :math:`\nabla^2 f(w) + \alpha I`: every Hessian
    eigenvalue moves up by :math:`\alpha` and the eigenvectors stay. The penalty moves the
    critical points, and where they go is not known in general, so none are listed.

    Parameters
    ----------
    landscape : Landscape
        Any landscape (its ``value``, ``gradient``, ``hessian``, ``dim`` and ``window`` are
        used).
    alpha : float
        The penalty's strength :math:`\alpha \ge 0` (0 gives the landscape's own values).

    Returns
    -------
    AnalyticLandscape
        On the same window; its ``params`` hold ``base`` (the landscape) and ``alpha``.
    """
    base = check_landscape(
        landscape, needs=("name", "dim", "window", "value", "gradient", "hessian")
    )
    alpha = non_negative(alpha, "alpha", fix="the penalty's strength alpha is >= 0")
    d = base.dim

    def value(w):
        return base.value(w) + 0.5 * alpha * np.sum(w * w, axis=-1)

    def grad(w):
        return base.gradient(w) + alpha * w

    def hess(w):
        return base.hessian(w) + alpha * np.eye(d)

    formula = getattr(base, "formula", base.name)
    return AnalyticLandscape(
        f"{base.name} + L2",
        rf"{formula} + \tfrac{{{alpha:g}}}{{2}}\lVert w\rVert^2",
        d,
        value,
        grad,
        hess,
        tuple(map(tuple, check_window(base.window, d))) if d > 1 else tuple(base.window),
        (),
        {"base": base, "alpha": alpha},
    )


def bowl() -> AnalyticLandscape:
    """The convex bowl :math:`x^2 + y^2`.

    Returns
    -------
    AnalyticLandscape
    """
    land = quadratic_from_matrix(2 * np.eye(2), name="bowl", window=((-2, 2), (-2, 2)))
    return replace(land, formula=r"x^2 + y^2")


def ravine() -> AnalyticLandscape:
    r"""The narrow valley :math:`\tfrac12 w_1^2 + 50 w_2^2` (condition number 100).

    Returns
    -------
    AnalyticLandscape
    """
    land = quadratic_from_matrix(
        np.diag([1.0, 100.0]), name="ravine", window=((-10.5, 10.5), (-3, 3))
    )
    return replace(land, formula=r"\tfrac12 w_1^2 + 50 w_2^2")


def rastrigin(dim: int = 2, amplitude: float = 10.0) -> AnalyticLandscape:
    r"""Rastrigin's function :math:`A d + \sum_i (w_i^2 - A\cos 2\pi w_i)`.

    A bowl covered in ripples: a local minimum near every integer point. Only the global
    minimum (the origin, value 0) is listed among the critical points; the others number
    about :math:`21^d` on the usual window :math:`[-5.12, 5.12]^d`.

    Parameters
    ----------
    dim : int
        :math:`d`.
    amplitude : float
        :math:`A`.


    Returns
    -------
    AnalyticLandscape
    """
    dim = positive_int(dim, "dim")
    A = non_negative(amplitude, "amplitude")
    two_pi = 2 * np.pi

    def value(w):
        return A * dim + np.sum(w**2 - A * np.cos(two_pi * w), axis=-1)

    def grad(w):
        return 2 * w + A * two_pi * np.sin(two_pi * w)

    def hess(w):
        diag = 2 + A * two_pi**2 * np.cos(two_pi * w)
        return diag[..., :, None] * np.eye(dim)

    return _make(
        "rastrigin",
        r"10d + \sum_i (w_i^2 - 10\cos 2\pi w_i)",
        dim,
        value,
        grad,
        hess,
        [(-5.12, 5.12)] * dim,
        [np.zeros(dim)],
        amplitude=A,
    )


def rosenbrock(a: float = 1.0, b: float = 100.0) -> AnalyticLandscape:
    """Rosenbrock's banana valley :math:`(a-x)^2 + b(y-x^2)^2`, minimum at :math:`(a, a^2)`.

    Parameters
    ----------
    a, b : float
        The valley's end (finite) and steepness (> 0).


    Returns
    -------
    AnalyticLandscape
    """
    a = number(a, "a")
    b = positive(b, "b")

    def value(w):
        x, y = w[..., 0], w[..., 1]
        return (a - x) ** 2 + b * (y - x**2) ** 2

    def grad(w):
        x, y = w[..., 0], w[..., 1]
        return np.stack([-2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)], -1)

    def hess(w):
        x, y = w[..., 0], w[..., 1]
        return _stack2(
            2 - 4 * b * (y - x**2) + 8 * b * x**2, -4 * b * x, -4 * b * x, np.full_like(x, 2 * b)
        )

    return _make(
        "rosenbrock",
        rf"({a:g}-x)^2 + {b:g}(y-x^2)^2",
        2,
        value,
        grad,
        hess,
        ((-2, 2), (-1, 3)),
        [(a, a * a)],
        a=a,
        b=b,
    )


# ---------------------------------------------------------------------------- 1-D ------
def _one_d(name, formula, f, df, d2f, window, points=None) -> AnalyticLandscape:
    """A 1-D landscape from scalar f, f', f''; critical points from the roots of f'."""

    def value(w):
        return f(w[..., 0])

    def grad(w):
        return df(w[..., 0])[..., None]

    def hess(w):
        return d2f(w[..., 0])[..., None, None]

    if points is None:
        points = [[r] for r in _roots(df, *window)]
    else:
        points = [[p] for p in points]
    return _make(name, formula, 1, value, grad, hess, window, points)


def parabola() -> AnalyticLandscape:
    r""":math:`f(x) = x^2`; gradient descent on it is :math:`x \leftarrow (1-2\eta)x`.

    Returns
    -------
    AnalyticLandscape
    """
    return _one_d(
        "parabola",
        r"x^2",
        lambda x: x**2,
        lambda x: 2 * x,
        lambda x: np.full_like(x, 2.0),
        (-3, 3),
        points=[0.0],
    )


def double_well() -> AnalyticLandscape:
    """:math:`x^4 - 2x^2`: minima at ±1 (value −1), a maximum at 0.

    Returns
    -------
    AnalyticLandscape
    """
    return _one_d(
        "double well",
        r"x^4 - 2x^2",
        lambda x: x**4 - 2 * x**2,
        lambda x: 4 * x**3 - 4 * x,
        lambda x: 12 * x**2 - 4,
        (-2, 2),
        points=[-1.0, 0.0, 1.0],
    )


def wavy() -> AnalyticLandscape:
    r""":math:`L(w) = \sin 3w + w^2/2 - w`: a tilted bowl with ripples and several minima.

    Critical points solve :math:`3\cos 3w + w - 1 = 0`, so they all lie in [−2, 4].


    Returns
    -------
    AnalyticLandscape
    """
    return _one_d(
        "wavy",
        r"\sin 3w + \tfrac12 w^2 - w",
        lambda x: np.sin(3 * x) + 0.5 * x**2 - x,
        lambda x: 3 * np.cos(3 * x) + x - 1,
        lambda x: -9 * np.sin(3 * x) + 1,
        (-3, 5),
    )


LANDSCAPES = {
    "tilted wells": tilted_wells,
    "quartic example": quartic_example,
    "saddle": saddle,
    "monkey saddle": monkey_saddle,
    "quartic bowl": quartic_bowl,
    "quartic saddle": quartic_saddle,
    "bowl": bowl,
    "ravine": ravine,
    "rastrigin": rastrigin,
    "rosenbrock": rosenbrock,
    "parabola": parabola,
    "double well": double_well,
    "wavy": wavy,
}


def get_landscape(name: str) -> AnalyticLandscape:
    """Look a landscape up by its name in :data:`LANDSCAPES`.

    Parameters
    ----------
    name : str
        One of ``LANDSCAPES``' keys, e.g. ``"tilted wells"``.

    Returns
    -------
    AnalyticLandscape
        A new landscape, built with its default parameters.
    """
    name = choice(name, "name", sorted(LANDSCAPES), fix="unknown landscape; see h.LANDSCAPES")
    return LANDSCAPES[name]()

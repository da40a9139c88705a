r"""Loss landscapes used in the book.

Every landscape is a :class:`Landscape`: a value, an analytic gradient and an analytic
Hessian, all vectorized over leading axes, plus a plotting window and the critical points
known from theory. Points are arrays whose *last* axis holds the coordinates, so
``f.value(w)`` works for one point ``w.shape == (d,)`` and for a whole batch
``w.shape == (..., d)``. Calling the landscape with one array per coordinate works on
meshgrids: ``Z = f(X, Y)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

__all__ = [
    "CriticalPoint", "Landscape", "tilted_wells", "quartic_example", "saddle",
    "monkey_saddle", "quartic_bowl", "quartic_saddle", "bowl", "ravine", "quadratic",
    "quadratic_from_matrix", "rastrigin", "rosenbrock", "parabola", "double_well", "wavy",
    "LANDSCAPES", "get_landscape",
]

KINDS = ("minimum", "maximum", "saddle", "degenerate")


@dataclass(frozen=True)
class CriticalPoint:
    """A point where the gradient vanishes, with its value, Hessian eigenvalues and type."""

    point: tuple
    value: float
    eigenvalues: tuple
    kind: str

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")


@dataclass(frozen=True, eq=False)
class Landscape:
    r"""A twice-differentiable function :math:`f:\mathbb{R}^d\to\mathbb{R}` with its derivatives.

    ``value_fn``, ``gradient_fn`` and ``hessian_fn`` take an array of shape ``(..., d)`` and
    return shapes ``(...)``, ``(..., d)`` and ``(..., d, d)``.
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

    # -- evaluation -------------------------------------------------------------------
    def _points(self, w) -> np.ndarray:
        w = np.asarray(w, dtype=float)
        if w.ndim == 0 or w.shape[-1] != self.dim:
            raise ValueError(
                f"{self.name} takes points with {self.dim} coordinate(s) on the last axis, "
                f"got an array of shape {w.shape}"
                + ("; for a 1-D landscape use f(x) or f.derivative(x) on plain arrays"
                   if self.dim == 1 else ""))
        return w

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
            raise ValueError(f"{self.name} takes {self.dim} coordinate array(s), "
                             f"got {len(coords)}")
        arrays = np.broadcast_arrays(*[np.asarray(c, dtype=float) for c in coords])
        return self.value_fn(np.stack(arrays, axis=-1))

    # -- 1-D conveniences ---------------------------------------------------------------
    def derivative(self, x) -> np.ndarray:
        """f'(x) elementwise, for a 1-D landscape."""
        self._require_1d()
        return self.gradient_fn(np.asarray(x, dtype=float)[..., None])[..., 0]

    def second_derivative(self, x) -> np.ndarray:
        """f''(x) elementwise, for a 1-D landscape."""
        self._require_1d()
        return self.hessian_fn(np.asarray(x, dtype=float)[..., None])[..., 0, 0]

    def _require_1d(self):
        if self.dim != 1:
            raise ValueError(f"{self.name} is {self.dim}-D; use gradient()/hessian()")

    # -- geometry -----------------------------------------------------------------------
    def grid(self, n: int = 200, window=None):
        """Meshgrid over the plotting window and the values on it: ``(X, Y, Z)``."""
        if self.dim != 2:
            raise ValueError(f"grid() needs a 2-D landscape, {self.name} is {self.dim}-D")
        (x0, x1), (y0, y1) = self.window if window is None else window
        X, Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
        return X, Y, self(X, Y)

    def minima(self) -> tuple:
        """The known critical points that are minima, lowest first."""
        return tuple(sorted((c for c in self.critical_points if c.kind == "minimum"),
                            key=lambda c: c.value))

    def __repr__(self) -> str:
        return f"Landscape({self.name!r}, {self.formula!r}, dim={self.dim})"


# ----------------------------------------------------------------------------------------
def _kind_from_eigenvalues(eig, tol: float = 1e-9) -> str:
    eig = np.asarray(eig)
    if np.any(np.abs(eig) <= tol):
        return "degenerate"
    if np.all(eig > 0):
        return "minimum"
    if np.all(eig < 0):
        return "maximum"
    return "saddle"


def _critical(land_value, land_hessian, point, kind=None) -> CriticalPoint:
    point = np.asarray(point, dtype=float)
    eig = np.linalg.eigvalsh(land_hessian(point))
    return CriticalPoint(point=tuple(float(p) for p in point),
                         value=float(land_value(point)),
                         eigenvalues=tuple(float(e) for e in eig),
                         kind=kind or _kind_from_eigenvalues(eig))


def _make(name, formula, dim, value, grad, hess, window, points=(), kinds=None, **params):
    """Build a Landscape and attach its critical points (kinds given or read off H)."""
    kinds = kinds or [None] * len(points)
    crit = tuple(_critical(value, hess, p, k) for p, k in zip(points, kinds))
    return Landscape(name, formula, dim, value, grad, hess, tuple(map(tuple, window))
                     if dim > 1 else tuple(window), crit, dict(params))


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
def tilted_wells(tilt_x: float = 0.4, tilt_y: float = 0.2) -> Landscape:
    r"""Four wells of different depth: :math:`(x^2-1)^2 + (y^2-1)^2 + a x + b y`.

    Each coordinate is a tilted double well, so the critical points are all pairs of roots
    of :math:`4x^3 - 4x + a = 0` and :math:`4y^3 - 4y + b = 0`: four minima (one global),
    four saddles and one maximum. The tilts must satisfy :math:`|a|, |b| < 8/(3\sqrt 3)`.
    """
    limit = 8 / (3 * np.sqrt(3))
    if not (abs(tilt_x) < limit and abs(tilt_y) < limit):
        raise ValueError(f"tilts must be smaller than {limit:.3f} in size to keep four wells")

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
    return _make("tilted wells", formula, 2, value, grad, hess, ((-1.8, 1.8), (-1.8, 1.8)), points,
                 tilt_x=tilt_x, tilt_y=tilt_y)


def quartic_example() -> Landscape:
    r""":math:`x^4 + y^4 - 4xy + 1`: a saddle at the origin (value 1, eigenvalues ±4) and
    minima at ±(1, 1) (value −1, eigenvalues 8 and 16)."""

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

    return _make("quartic example", r"x^4 + y^4 - 4xy + 1", 2, value, grad, hess,
                 ((-2, 2), (-2, 2)), [(0, 0), (1, 1), (-1, -1)],
                 ["saddle", "minimum", "minimum"])


def saddle() -> Landscape:
    r"""The prototype saddle :math:`x^2 - y^2`: curving up along x, down along y."""

    def value(w):
        return w[..., 0] ** 2 - w[..., 1] ** 2

    def grad(w):
        return np.stack([2 * w[..., 0], -2 * w[..., 1]], -1)

    def hess(w):
        z = np.zeros(w.shape[:-1])
        return _stack2(z + 2, z, z, z - 2)

    return _make("saddle", r"x^2 - y^2", 2, value, grad, hess, ((-2, 2), (-2, 2)),
                 [(0, 0)], ["saddle"])


def monkey_saddle() -> Landscape:
    r"""The monkey saddle :math:`x^3 - 3xy^2`: three valleys, zero Hessian at the origin."""

    def value(w):
        x, y = w[..., 0], w[..., 1]
        return x**3 - 3 * x * y**2

    def grad(w):
        x, y = w[..., 0], w[..., 1]
        return np.stack([3 * x**2 - 3 * y**2, -6 * x * y], -1)

    def hess(w):
        x, y = w[..., 0], w[..., 1]
        return _stack2(6 * x, -6 * y, -6 * y, -6 * x)

    return _make("monkey saddle", r"x^3 - 3xy^2", 2, value, grad, hess, ((-1.5, 1.5), (-1.5, 1.5)),
                 [(0, 0)], ["degenerate"])


def quartic_bowl() -> Landscape:
    r""":math:`x^4 + y^4`: a minimum at the origin that the Hessian (zero there) cannot see."""

    def value(w):
        return w[..., 0] ** 4 + w[..., 1] ** 4

    def grad(w):
        return 4 * w**3

    def hess(w):
        z = np.zeros(w.shape[:-1])
        return _stack2(12 * w[..., 0] ** 2, z, z, 12 * w[..., 1] ** 2)

    return _make("quartic bowl", r"x^4 + y^4", 2, value, grad, hess, ((-1.5, 1.5), (-1.5, 1.5)),
                 [(0, 0)], ["degenerate"])


def quartic_saddle() -> Landscape:
    r""":math:`x^4 - y^4`: a saddle at the origin with a zero Hessian there."""

    def value(w):
        return w[..., 0] ** 4 - w[..., 1] ** 4

    def grad(w):
        return np.stack([4 * w[..., 0] ** 3, -4 * w[..., 1] ** 3], -1)

    def hess(w):
        z = np.zeros(w.shape[:-1])
        return _stack2(12 * w[..., 0] ** 2, z, z, -12 * w[..., 1] ** 2)

    return _make("quartic saddle", r"x^4 - y^4", 2, value, grad, hess,
                 ((-1.5, 1.5), (-1.5, 1.5)), [(0, 0)], ["degenerate"])


def quadratic_from_matrix(A, center=None, name: str = "quadratic", window=None) -> Landscape:
    r"""The quadratic :math:`\tfrac12 (w-c)^\top A (w-c)` for a symmetric matrix ``A``.

    Gradient :math:`A(w-c)`, Hessian :math:`A` everywhere; the one critical point is ``c``.
    """
    A = np.array(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError(f"A must be a square matrix, got shape {A.shape}")
    if not np.all(np.isfinite(A)):
        raise ValueError("A must be finite")
    if not np.allclose(A, A.T, rtol=1e-12, atol=1e-12):
        raise ValueError("A must be symmetric; pass (A + A.T) / 2")
    A = (A + A.T) / 2
    d = A.shape[0]
    c = np.zeros(d) if center is None else np.array(center, dtype=float)
    if c.shape != (d,):
        raise ValueError(f"center must have {d} coordinates, got shape {c.shape}")

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
    return _make(name, r"\tfrac12 (w-c)^\top A (w-c)", d, value, grad, hess, window, [c],
                 A=A, center=c, eigenvalues=eig, condition_number=kappa)


def quadratic(eigenvalues=(1.0, 10.0), angle: float = 0.0, center=None, window=None) -> Landscape:
    r"""A 2-D quadratic :math:`\tfrac12 w^\top R\,\mathrm{diag}(\lambda)\,R^\top w` whose
    principal axes are turned by ``angle`` radians. Condition number
    :math:`\kappa=\lambda_{\max}/\lambda_{\min}`."""
    lam = np.array(eigenvalues, dtype=float)
    if lam.shape != (2,):
        raise ValueError(f"quadratic() takes two eigenvalues, got {eigenvalues!r}; "
                         f"use quadratic_from_matrix for other dimensions")
    c, s = np.cos(angle), np.sin(angle)
    R = np.array([[c, -s], [s, c]])
    A = R @ np.diag(lam) @ R.T
    return quadratic_from_matrix(A, center, name=f"quadratic κ={lam.max() / lam.min():g}"
                                 if lam.min() > 0 else "quadratic", window=window)


def bowl() -> Landscape:
    r"""The convex bowl :math:`x^2 + y^2`."""
    land = quadratic_from_matrix(2 * np.eye(2), name="bowl", window=((-2, 2), (-2, 2)))
    return Landscape("bowl", r"x^2 + y^2", 2, land.value_fn, land.gradient_fn, land.hessian_fn,
                     land.window, land.critical_points, land.params)


def ravine() -> Landscape:
    r"""The narrow valley :math:`\tfrac12 w_1^2 + 50 w_2^2` (condition number 100)."""
    land = quadratic_from_matrix(np.diag([1.0, 100.0]), name="ravine",
                                 window=((-10.5, 10.5), (-3, 3)))
    return Landscape("ravine", r"\tfrac12 w_1^2 + 50 w_2^2", 2, land.value_fn,
                     land.gradient_fn, land.hessian_fn, land.window, land.critical_points,
                     land.params)


def rastrigin(dim: int = 2, amplitude: float = 10.0) -> Landscape:
    r"""Rastrigin's function :math:`A d + \sum_i (w_i^2 - A\cos 2\pi w_i)`.

    A bowl covered in ripples: a local minimum near every integer point. Only the global
    minimum (the origin, value 0) is listed among the critical points; the others number
    about :math:`21^d` on the usual window :math:`[-5.12, 5.12]^d`.
    """
    if not isinstance(dim, int) or dim < 1:
        raise ValueError(f"dim must be a whole number >= 1, got {dim!r}")
    A = float(amplitude)
    two_pi = 2 * np.pi

    def value(w):
        return A * dim + np.sum(w**2 - A * np.cos(two_pi * w), axis=-1)

    def grad(w):
        return 2 * w + A * two_pi * np.sin(two_pi * w)

    def hess(w):
        diag = 2 + A * two_pi**2 * np.cos(two_pi * w)
        return diag[..., :, None] * np.eye(dim)

    return _make("rastrigin", r"10d + \sum_i (w_i^2 - 10\cos 2\pi w_i)", dim, value, grad, hess,
                 [(-5.12, 5.12)] * dim, [np.zeros(dim)], ["minimum"], amplitude=A)


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Landscape:
    r"""Rosenbrock's banana valley :math:`(a-x)^2 + b(y-x^2)^2`, minimum at :math:`(a, a^2)`."""

    def value(w):
        x, y = w[..., 0], w[..., 1]
        return (a - x) ** 2 + b * (y - x**2) ** 2

    def grad(w):
        x, y = w[..., 0], w[..., 1]
        return np.stack([-2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)], -1)

    def hess(w):
        x, y = w[..., 0], w[..., 1]
        return _stack2(2 - 4 * b * (y - x**2) + 8 * b * x**2, -4 * b * x, -4 * b * x,
                       np.full_like(x, 2 * b))

    return _make("rosenbrock", rf"({a:g}-x)^2 + {b:g}(y-x^2)^2", 2, value, grad, hess,
                 ((-2, 2), (-1, 3)), [(a, a * a)], ["minimum"], a=a, b=b)


# ---------------------------------------------------------------------------- 1-D ------
def _one_d(name, formula, f, df, d2f, window, kinds=None, points=None) -> Landscape:
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
    return _make(name, formula, 1, value, grad, hess, window, points, kinds)


def parabola() -> Landscape:
    r""":math:`f(x) = x^2`; gradient descent on it is :math:`x \leftarrow (1-2\eta)x`."""
    return _one_d("parabola", r"x^2", lambda x: x**2, lambda x: 2 * x,
                  lambda x: np.full_like(x, 2.0), (-3, 3), ["minimum"], [0.0])


def double_well() -> Landscape:
    r""":math:`x^4 - 2x^2`: minima at ±1 (value −1), a maximum at 0."""
    return _one_d("double well", r"x^4 - 2x^2", lambda x: x**4 - 2 * x**2,
                  lambda x: 4 * x**3 - 4 * x, lambda x: 12 * x**2 - 4, (-2, 2),
                  ["minimum", "maximum", "minimum"], [-1.0, 0.0, 1.0])


def wavy() -> Landscape:
    r""":math:`L(w) = \sin 3w + w^2/2 - w`: a tilted bowl with ripples and several minima.

    Critical points solve :math:`3\cos 3w + w - 1 = 0`, so they all lie in [−2, 4].
    """
    return _one_d("wavy", r"\sin 3w + \tfrac12 w^2 - w",
                  lambda x: np.sin(3 * x) + 0.5 * x**2 - x,
                  lambda x: 3 * np.cos(3 * x) + x - 1,
                  lambda x: -9 * np.sin(3 * x) + 1, (-3, 5))


LANDSCAPES = {
    "tilted wells": tilted_wells, "quartic example": quartic_example, "saddle": saddle,
    "monkey saddle": monkey_saddle, "quartic bowl": quartic_bowl,
    "quartic saddle": quartic_saddle, "bowl": bowl, "ravine": ravine,
    "rastrigin": rastrigin, "rosenbrock": rosenbrock, "parabola": parabola,
    "double well": double_well, "wavy": wavy,
}


def get_landscape(name: str) -> Landscape:
    """Look a landscape up by its name in :data:`LANDSCAPES`."""
    try:
        return LANDSCAPES[name]()
    except KeyError:
        raise ValueError(f"unknown landscape {name!r}; choose one of {sorted(LANDSCAPES)}") from None

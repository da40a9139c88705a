r"""L2-regularized logistic regression: a smooth, strongly convex loss that is not a quadratic.

With features :math:`x_i` (the rows of :math:`X`), labels :math:`y_i \in \{0, 1\}`, margins
:math:`z_i = x_i^\top w` and the logistic function :math:`\sigma(z) = 1/(1 + e^{-z})`,

.. math::
    L(w) &= \frac1N\sum_{i=1}^N \big(\log(1 + e^{z_i}) - y_i z_i\big)
            + \frac\alpha2\lVert w\rVert^2,\\
    \nabla L(w) &= \frac1N X^\top(\sigma(z) - y) + \alpha w,\\
    \nabla^2 L(w) &= \frac1N X^\top \operatorname{diag}\big(\sigma'(z)\big) X + \alpha I,
    \qquad \sigma'(z) = \sigma(z)(1 - \sigma(z)) \in (0, \tfrac14].

So every Hessian eigenvalue lies in :math:`[\mu, L]` everywhere, with :math:`\mu = \alpha`
(the strong convexity) and :math:`L = \lambda_{\max}(X^\top X)/(4N) + \alpha` (the
smoothness): the loss is :math:`L`-smooth and :math:`\mu`-strongly convex, with a single
minimizer :math:`w^\star`. The bound :math:`L` is reached only where every margin is 0;
near :math:`w^\star` the curvature is smaller.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..._validate import as_point_fast, fail, integer, positive, positive_int
from ..._validate import seed as check_seed

__all__ = ["LogisticProblem", "make_logistic"]


def _log1p_exp(z: np.ndarray) -> np.ndarray:
    r""":math:`\log(1 + e^z)` without overflow for large :math:`|z|`."""
    return np.logaddexp(0.0, z)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """:math:`1/(1 + e^{-z})` without overflow."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


@dataclass(frozen=True, eq=False)
class LogisticProblem:
    r"""An L2-regularized logistic-regression loss and what the theory needs about it.

    Attributes
    ----------
    X : numpy.ndarray
        Features ``(N, d)``.
    y : numpy.ndarray
        Labels ``(N,)``, each 0 or 1.
    alpha : float
        The L2 strength :math:`\alpha > 0`.
    w_true : numpy.ndarray
        The weights the labels were drawn with.
    """

    X: np.ndarray
    y: np.ndarray
    alpha: float
    w_true: np.ndarray
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def n(self) -> int:
        """The number of examples :math:`N`."""
        return self.X.shape[0]

    @property
    def dim(self) -> int:
        """The number of weights :math:`d`."""
        return self.X.shape[1]

    def _w(self, w) -> np.ndarray:
        return as_point_fast(w, self.dim)

    def loss(self, w) -> float:
        r""":math:`L(w)`, the mean logistic loss plus :math:`\tfrac\alpha2\lVert w\rVert^2`.

        Parameters
        ----------
        w : array_like
            One point, ``d`` numbers.

        Returns
        -------
        float
        """
        w = self._w(w)
        z = self.X @ w
        return float(np.mean(_log1p_exp(z) - self.y * z) + 0.5 * self.alpha * (w @ w))

    def gradient(self, w) -> np.ndarray:
        r""":math:`\nabla L(w) = X^\top(\sigma(Xw) - y)/N + \alpha w`.

        Parameters
        ----------
        w : array_like
            One point, ``d`` numbers.

        Returns
        -------
        numpy.ndarray
            Shape ``(d,)``.
        """
        w = self._w(w)
        return self.X.T @ (_sigmoid(self.X @ w) - self.y) / self.n + self.alpha * w

    def hessian(self, w) -> np.ndarray:
        r""":math:`\nabla^2 L(w) = X^\top \operatorname{diag}(\sigma'(Xw)) X/N + \alpha I`.

        Parameters
        ----------
        w : array_like
            One point, ``d`` numbers.

        Returns
        -------
        numpy.ndarray
            Shape ``(d, d)``, symmetric positive definite.
        """
        w = self._w(w)
        s = _sigmoid(self.X @ w)
        weights = s * (1 - s)
        return (self.X.T * weights) @ self.X / self.n + self.alpha * np.eye(self.dim)

    def smoothness(self) -> float:
        r"""The smoothness :math:`L = \lambda_{\max}(X^\top X)/(4N) + \alpha`, an upper bound
        on every Hessian eigenvalue everywhere (since :math:`\sigma' \le \tfrac14`).

        Returns
        -------
        float
        """
        if "L" not in self._cache:
            top = np.linalg.eigvalsh(self.X.T @ self.X / self.n)[-1]
            self._cache["L"] = float(top / 4 + self.alpha)
        return self._cache["L"]

    def strong_convexity(self) -> float:
        r"""The strong convexity :math:`\mu = \alpha`, a lower bound on every Hessian
        eigenvalue everywhere (the data term's Hessian is positive semi-definite).

        Returns
        -------
        float
        """
        return float(self.alpha)

    def minimizer(self, tol: float = 1e-12, max_iter: int = 100) -> np.ndarray:
        r"""The minimizer :math:`w^\star`, by Newton's method from 0 with step halving
        (a step may not raise the loss beyond round-off), until :math:`\lVert\nabla L\rVert <` ``tol``.

        Parameters
        ----------
        tol : float
            Gradient norm at which to stop, > 0.
        max_iter : int
            The most Newton steps.

        Returns
        -------
        numpy.ndarray
            Shape ``(d,)``; a copy, computed once per ``(tol, max_iter)``.
        """
        tol = positive(tol, "tol")
        max_iter = positive_int(max_iter, "max_iter")
        key = ("w_star", tol, max_iter)
        if key not in self._cache:
            w = np.zeros(self.dim)
            f, g = self.loss(w), self.gradient(w)
            for _ in range(max_iter):
                if np.linalg.norm(g) < tol:
                    break
                step = np.linalg.solve(self.hessian(w), g)
                t = 1.0  # halve while the loss rises by more than round-off
                while self.loss(w - t * step) > f + 1e-14 * max(1.0, abs(f)) and t > 1e-10:
                    t *= 0.5
                w = w - t * step
                f, g = self.loss(w), self.gradient(w)
            else:
                if np.linalg.norm(g) >= tol:
                    fail(
                        "tol",
                        f"reachable within max_iter={max_iter} Newton steps",
                        tol,
                        "the gradient norm stalled at "
                        f"{np.linalg.norm(g):.1e}; pass a larger tol or max_iter",
                    )
            self._cache[key] = w
        return self._cache[key].copy()


def make_logistic(
    n: int = 200, dim: int = 5, alpha: float = 0.05, scale: float = 2.0, seed: int = 0
) -> LogisticProblem:
    r"""A seeded L2-regularized logistic-regression problem.

    Features are Gaussian with standard deviation ``scale``; the labels are drawn as
    :math:`y_i \sim \text{Bernoulli}(\sigma(x_i^\top w_{\text{true}}))` with a Gaussian
    :math:`w_{\text{true}}`, so the classes overlap and the minimizer is finite even
    without the penalty.

    Parameters
    ----------
    n, dim : int
        Examples and features, ``n >= 1``, ``dim >= 1``.
    alpha : float
        The L2 strength :math:`\alpha > 0` (it is the strong convexity :math:`\mu`).
    scale : float
        Standard deviation of the features, > 0.
    seed : int

    Returns
    -------
    LogisticProblem
    """
    dim = positive_int(dim, "dim")
    n = integer(n, "n", low=1, fix="pass the number of examples, a whole number >= 1")
    alpha = positive(
        alpha,
        "alpha",
        fix="the L2 strength alpha must be > 0 for the loss to be strongly convex",
    )
    scale = positive(scale, "scale")
    rng = np.random.default_rng(check_seed(seed))
    X = scale * rng.standard_normal((n, dim))
    w_true = rng.standard_normal(dim)
    y = (rng.random(n) < _sigmoid(X @ w_true)).astype(float)
    return LogisticProblem(X, y, alpha, w_true)

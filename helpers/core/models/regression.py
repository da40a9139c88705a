r"""A noisy problem for stochastic gradient descent: linear regression with minibatches.

The data are :math:`y_i = x_i^\top w_{\text{true}} + \sigma\varepsilon_i` with Gaussian
features. The training loss is the mean squared error

.. math:: L(w) = \frac{1}{2N}\sum_{i=1}^N (x_i^\top w - y_i)^2,\qquad
          \nabla L(w) = \frac1N X^\top (Xw - y),\qquad \nabla^2 L = \frac1N X^\top X,

a quadratic whose minimum :math:`w^\star` is the least-squares solution. A *minibatch
gradient* uses a random subset :math:`B` of the rows instead of all of them,
:math:`g_B(w) = \frac1{|B|} X_B^\top (X_B w - y_B)`, an unbiased but noisy estimate of
:math:`\nabla L(w)`. Its noise does not vanish at :math:`w^\star`, which is why a constant
learning rate stalls at a *noise floor*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..._validate import array, as_point_fast, fail, integer, non_negative, positive, positive_int
from ..._validate import seed as check_seed

__all__ = ["RegressionProblem", "make_regression"]


@dataclass(frozen=True, eq=False)
class RegressionProblem:
    """A linear-regression problem and its least-squares solution.

    Attributes
    ----------
    X : numpy.ndarray
        Features ``(N, d)``.
    y : numpy.ndarray
        Targets ``(N,)``.
    w_true : numpy.ndarray
        The weights the data were drawn with.
    w_star : numpy.ndarray
        The least-squares minimizer of the loss.
    loss_star : float
        The loss at ``w_star``.
    """

    X: np.ndarray
    y: np.ndarray
    w_true: np.ndarray
    w_star: np.ndarray
    loss_star: float

    @property
    def n(self) -> int:
        return self.X.shape[0]

    @property
    def dim(self) -> int:
        return self.X.shape[1]

    def _w(self, w) -> np.ndarray:
        return as_point_fast(w, self.dim)

    def loss(self, w) -> float:
        r"""Full-batch loss :math:`\frac1{2N}\|Xw - y\|^2`."""
        r = self.X @ self._w(w) - self.y
        return float(0.5 * np.mean(r * r))

    def excess_loss(self, w) -> float:
        r""":math:`L(w) - L(w^\star)`, the part of the loss an optimizer can still remove."""
        return self.loss(w) - self.loss_star

    def gradient(self, w) -> np.ndarray:
        r"""Full-batch gradient :math:`\frac1N X^\top (Xw - y)`."""
        return self.X.T @ (self.X @ self._w(w) - self.y) / self.n

    def hessian(self) -> np.ndarray:
        r""":math:`\frac1N X^\top X` (the same everywhere)."""
        return self.X.T @ self.X / self.n

    def minibatch_gradient(self, w, batch) -> np.ndarray:
        r""":math:`\frac1{|B|} X_B^\top (X_B w - y_B)` for the row indices ``batch``."""
        idx = self._rows(batch)
        Xb = self.X[idx]
        return Xb.T @ (Xb @ self._w(w) - self.y[idx]) / idx.size

    def _rows(self, batch) -> np.ndarray:
        """Row indices: a non-empty 1-D array of whole numbers in [0, n)."""
        given = array(
            batch,
            "batch",
            ndim=1,
            low=0,
            high=self.n - 1,
            fix=f"pass row indices 0..{self.n - 1}, e.g. rng.choice({self.n}, size=8)",
        )
        idx = given.astype(int)
        if np.any(idx != given):
            fail("batch", "whole row indices", batch, "pass ints, not fractions")
        return idx

    def _batch_size(self, batch_size) -> int:
        return integer(
            batch_size,
            "batch_size",
            low=1,
            high=self.n,
            fix=f"a batch holds 1 to {self.n} rows (the number of rows)",
        )

    def stochastic_gradient(self, batch_size: int, seed: int = 0):
        """A gradient function ``g(w)`` that draws a fresh minibatch (without replacement
        inside the batch) from a generator seeded by ``seed`` on every call; pass it to
        ``h.run(None, w0, loss=problem.loss, grad=...)``."""
        b = self._batch_size(batch_size)
        rng = np.random.default_rng(check_seed(seed))

        def grad(w):
            idx = rng.choice(self.n, size=b, replace=False)
            Xb = self.X[idx]
            return Xb.T @ (Xb @ self._w(w) - self.y[idx]) / b

        return grad

    def gradient_noise_trace(self, batch_size: int) -> float:
        r"""Total variance :math:`\operatorname{tr}\Sigma_B` of a minibatch gradient at
        :math:`w^\star`: with per-example gradients :math:`z_i = x_i r_i` (:math:`r_i` the
        residual, :math:`\sum_i z_i = 0` at the minimum),
        :math:`\operatorname{tr}\Sigma_B = \frac{N-b}{b(N-1)}\,\frac1N\sum_i \|z_i\|^2`
        for batches of ``b`` rows drawn without replacement."""
        b = self._batch_size(batch_size)
        z = self.X * (self.X @ self.w_star - self.y)[:, None]
        return float((self.n - b) / (b * (self.n - 1)) * np.mean(np.sum(z * z, axis=1)))

    def noise_floor(self, lr: float, batch_size: int) -> float:
        r"""Predicted excess loss at which SGD with a constant small rate ``lr`` settles:
        :math:`\mathbb E[L(w)] - L(w^\star) \approx \tfrac{\eta}{4}\operatorname{tr}\Sigma_B`.

        The error :math:`e = w - w^\star` follows :math:`e \leftarrow (I - \eta H)e - \eta
        \xi`; its stationary covariance solves :math:`HC + CH - \eta HCH = \eta\Sigma_B`, so
        for :math:`\eta\lambda_{\max} \ll 1` and noise roughly aligned with :math:`H`,
        :math:`\tfrac12\operatorname{tr}(HC) \approx \tfrac{\eta}{4}\operatorname{tr}\Sigma_B`.
        """
        lr = positive(lr, "lr")
        return 0.25 * lr * self.gradient_noise_trace(batch_size)


def make_regression(
    n: int = 200, dim: int = 5, noise: float = 0.5, scales=None, seed: int = 0
) -> RegressionProblem:
    r"""A seeded linear-regression problem with ``n`` rows and ``dim`` features.

    Feature j is Gaussian with standard deviation ``scales[j]`` (default 1), so the Hessian
    :math:`X^\top X/N` has eigenvalues near ``scales**2``.

    Parameters
    ----------
    n, dim : int
        Rows and features, ``n >= dim``.
    noise : float
        Standard deviation of the label noise, >= 0.
    scales : array_like, optional
        ``dim`` positive feature scales.
    seed : int

    Returns
    -------
    RegressionProblem
    """
    dim = positive_int(dim, "dim")
    n = integer(n, "n", low=dim, fix="least squares needs at least as many rows as features")
    noise = non_negative(noise, "noise")
    s = (
        np.ones(dim)
        if scales is None
        else array(scales, "scales", shape=(dim,), low=0, low_open=True)
    )
    rng = np.random.default_rng(check_seed(seed))
    X = rng.standard_normal((n, dim)) * s
    w_true = rng.standard_normal(dim)
    y = X @ w_true + noise * rng.standard_normal(n)
    w_star = np.linalg.lstsq(X, y, rcond=None)[0]
    r = X @ w_star - y
    return RegressionProblem(X, y, w_true, w_star, float(0.5 * np.mean(r * r)))

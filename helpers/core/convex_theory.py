r"""Gradient descent's guarantees beyond quadratics: :math:`L`-smooth, :math:`\mu`-strongly
convex functions.

A function is :math:`L`-smooth when its gradient is :math:`L`-Lipschitz (for a twice
differentiable one: every Hessian eigenvalue is at most :math:`L` in size, everywhere) and
:math:`\mu`-strongly convex when :math:`f - \tfrac\mu2\lVert w\rVert^2` is convex (every
Hessian eigenvalue at least :math:`\mu`, everywhere). For such an :math:`f` with minimizer
:math:`w^\star` and :math:`\kappa = L/\mu`, gradient descent satisfies

* with :math:`\eta = 2/(\mu + L)` (Nesterov 2004, theorem 2.1.15):
  :math:`\lVert w_k - w^\star\rVert \le \big(\tfrac{\kappa-1}{\kappa+1}\big)^k
  \lVert w_0 - w^\star\rVert`, the best rate of a quadratic with eigenvalues in
  :math:`[\mu, L]`, now for every such function;
* with :math:`\eta = 1/L` (Boyd and Vandenberghe 2004, section 9.3.1):
  :math:`f(w_k) - f^\star \le (1 - \mu/L)^k\,(f(w_0) - f^\star)`.

The step, the rate and :math:`\kappa` come from :mod:`helpers.core.quadratic_theory`, the
one place each rule is written.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import array, number, positive
from .quadratic_theory import condition_number, gd_optimal_rate, gd_optimal_step

__all__ = ["SmoothStronglyConvex", "smooth_strongly_convex"]


@dataclass(frozen=True)
class SmoothStronglyConvex:
    r"""Gradient descent's guaranteed rates on an :math:`L`-smooth, :math:`\mu`-strongly
    convex function, as :func:`smooth_strongly_convex` returns them.

    Attributes
    ----------
    L, mu : float
        The smoothness and the strong convexity, ``0 < mu <= L``.
    kappa : float
        :math:`\kappa = L/\mu`.
    step : float
        :math:`2/(\mu + L)`, the step of the distance bound.
    distance_rate : float
        :math:`(\kappa - 1)/(\kappa + 1)`: at ``step``,
        :math:`\lVert w_k - w^\star\rVert \le` ``distance_rate``:math:`^k \lVert w_0 - w^\star\rVert`.
    value_step : float
        :math:`1/L`, the step of the function-value bound.
    value_rate : float
        :math:`1 - \mu/L`: at ``value_step``,
        :math:`f(w_k) - f^\star \le` ``value_rate``:math:`^k (f(w_0) - f^\star)`.
    """

    L: float
    mu: float
    kappa: float
    step: float
    distance_rate: float
    value_step: float
    value_rate: float

    def distance_bound(self, k, initial_distance: float) -> np.ndarray | float:
        r"""The guaranteed :math:`\lVert w_k - w^\star\rVert` after ``k`` steps of size
        ``step``.

        Parameters
        ----------
        k : int or array_like
            Step counts, >= 0.
        initial_distance : float
            :math:`\lVert w_0 - w^\star\rVert \ge 0`.

        Returns
        -------
        float or numpy.ndarray
            Shaped like ``k``.
        """
        return _bound(self.distance_rate, k, initial_distance, "initial_distance")

    def value_bound(self, k, initial_gap: float) -> np.ndarray | float:
        r"""The guaranteed :math:`f(w_k) - f^\star` after ``k`` steps of size ``value_step``.

        Parameters
        ----------
        k : int or array_like
            Step counts, >= 0.
        initial_gap : float
            :math:`f(w_0) - f^\star \ge 0`.

        Returns
        -------
        float or numpy.ndarray
            Shaped like ``k``.
        """
        return _bound(self.value_rate, k, initial_gap, "initial_gap")


def _bound(rate: float, k, start: float, name: str):
    k = array(k, "k", nonempty=False, low=0, fix="step counts are >= 0")
    start = number(start, name, low=0, fix=f"{name} is a distance or a gap, >= 0")
    out = start * rate**k
    return float(out) if out.ndim == 0 else out


def smooth_strongly_convex(L: float, mu: float) -> SmoothStronglyConvex:
    r"""The steps and guaranteed rates of gradient descent on any :math:`L`-smooth,
    :math:`\mu`-strongly convex function.

    ``step`` and ``distance_rate`` are :func:`~helpers.core.quadratic_theory.gd_optimal_step`
    and :func:`~helpers.core.quadratic_theory.gd_optimal_rate`: the rate that is exact on a
    quadratic with eigenvalues :math:`\mu` and :math:`L` bounds every such function.
    ``value_rate`` is :math:`1 - \mu/L` at the step :math:`1/L`.

    Parameters
    ----------
    L : float
        The smoothness, ``L >= mu``.
    mu : float
        The strong convexity, > 0.

    Returns
    -------
    SmoothStronglyConvex
    """
    mu = positive(mu, "mu", fix="the strong convexity mu is > 0")
    L = number(L, "L", low=mu, fix="the smoothness L is at least the strong convexity mu")
    kappa = condition_number([mu, L])
    return SmoothStronglyConvex(
        L=L,
        mu=mu,
        kappa=kappa,
        step=gd_optimal_step(mu, L),
        distance_rate=gd_optimal_rate(kappa),
        value_step=1.0 / L,
        value_rate=1.0 - mu / L,
    )

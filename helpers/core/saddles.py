r"""How long gradient descent needs to leave a saddle: the predictions of the saddle chapter.

Near a saddle with negative curvature :math:`\lambda < 0`, the coordinate :math:`y` along the
unstable eigenvector obeys, under gradient descent with rate :math:`\eta`,
:math:`y_{k+1} = (1 + \eta|\lambda|)\, y_k`. Started at :math:`y_0 = \varepsilon`, it
reaches distance :math:`R` after

.. math:: k^\star = \left\lceil \frac{\ln(R/\varepsilon)}{\ln(1 + \eta|\lambda|)} \right\rceil
          \approx \frac{\ln(R/\varepsilon)}{\eta|\lambda|}\ \text{steps}.

With Gaussian gradient noise of size :math:`\sigma` and a start exactly at the saddle,
:math:`y_{k+1} = a y_k - \eta\sigma\xi_k` with :math:`a = 1 + \eta|\lambda|`, so
:math:`y_k = -\eta\sigma a^{k} \sum_{j \le k} a^{-j}\xi_j \approx \eta\sigma a^k Z/\sqrt{a^2-1}`
with :math:`Z \sim N(0,1)`: the escape time is
:math:`\ln\!\big(R\sqrt{a^2-1}/(\eta\sigma|Z|)\big)/\ln a`, random only through :math:`|Z|`.
"""

from __future__ import annotations

import numpy as np

from .._validate import array, number, positive

__all__ = ["escape_steps", "noisy_escape_cdf", "noisy_escape_quantile"]


def _growth(lr, curvature):
    lr = positive(lr, "lr")
    lam = number(
        curvature,
        "curvature",
        high=0,
        high_open=True,
        fix="pass the saddle's negative eigenvalue λ < 0 (the direction of escape)",
    )
    return lr, 1.0 + lr * abs(lam)


def escape_steps(eps, lr: float, curvature: float, radius: float = 1.0) -> np.ndarray:
    r"""Exact step count :math:`\lceil \ln(R/\varepsilon)/\ln(1+\eta|\lambda|)\rceil` for
    noiseless gradient descent started ``eps`` away along the unstable direction.

    Parameters
    ----------
    eps : float or array_like
        Starting distances, in ``(0, radius)``.
    lr : float
        :math:`\eta > 0`.
    curvature : float
        The negative eigenvalue :math:`\lambda < 0`.
    radius : float
        :math:`R`, the distance that counts as escaped.

    Returns
    -------
    numpy.ndarray of int
        Shaped like ``eps``.
    """
    lr, a = _growth(lr, curvature)
    radius = positive(radius, "radius")
    eps = array(
        eps,
        "eps",
        low=0,
        high=radius,
        low_open=True,
        high_open=True,
        fix="each start must lie between the saddle (0) and the escape radius",
    )
    return np.ceil(np.log(radius / eps) / np.log(a) - 1e-9).astype(int)


def noisy_escape_cdf(
    t, lr: float, curvature: float, sigma: float, radius: float = 1.0
) -> np.ndarray:
    r""":math:`P(T \le t) = P\big(|Z| \ge c\,a^{-t}\big)` with
    :math:`c = R\sqrt{a^2-1}/(\eta\sigma)`, for noisy gradient descent started exactly at
    the saddle (large-:math:`t` approximation).

    Parameters
    ----------
    t : float or array_like
        Step counts.
    lr, curvature, radius
        As for :func:`escape_steps`.
    sigma : float
        The gradient noise's standard deviation, > 0.

    Returns
    -------
    numpy.ndarray
        Shaped like ``t``.
    """
    from scipy.stats import norm  # imported here: scipy.stats is slow to import

    lr, a = _growth(lr, curvature)
    sigma = positive(sigma, "sigma")
    radius = positive(radius, "radius")
    c = radius * np.sqrt(a * a - 1) / (lr * sigma)
    t = array(t, "t", low=0, fix="t counts steps, 0 or more")
    return 2 * norm.sf(c * a ** (-t))


def noisy_escape_quantile(
    q, lr: float, curvature: float, sigma: float, radius: float = 1.0
) -> np.ndarray:
    """The ``q``-quantile of the escape time (real-valued; the step count is its ceiling).

    Parameters
    ----------
    q : float or array_like
        In ``(0, 1)``.
    lr, curvature, sigma, radius
        As for :func:`noisy_escape_cdf`.

    Returns
    -------
    numpy.ndarray
        Shaped like ``q``.
    """
    from scipy.stats import norm

    lr, a = _growth(lr, curvature)
    sigma = positive(sigma, "sigma")
    radius = positive(radius, "radius")
    q = array(
        q, "q", low=0, high=1, low_open=True, high_open=True, fix="a quantile is a probability"
    )
    c = radius * np.sqrt(a * a - 1) / (lr * sigma)
    z = norm.isf(q / 2)  # P(|Z| >= z) = q
    return np.log(c / z) / np.log(a)

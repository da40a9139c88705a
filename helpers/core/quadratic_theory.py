r"""Convergence theory of gradient descent and heavy-ball momentum on quadratics.

On :math:`f(w) = \tfrac12 w^\top A w` with eigenvalues :math:`\lambda \in [\mu, L]`, every
method here acts on each eigen-direction separately, so its speed is a question about one
number (gradient descent) or one 2×2 matrix (momentum) per eigenvalue:

* gradient descent :math:`w \leftarrow w - \eta A w` multiplies the error along an
  eigenvector by :math:`1 - \eta\lambda`; it is stable iff :math:`0 < \eta < 2/L`, the best
  fixed step is :math:`2/(\mu + L)` and the best rate is :math:`(\kappa-1)/(\kappa+1)`,
  :math:`\kappa = L/\mu`;
* heavy-ball momentum :math:`w_{k+1} = w_k - \eta A w_k + \beta (w_k - w_{k-1})` (Polyak
  1964) moves the pair :math:`(x_k, x_{k-1})` by
  :math:`M = \begin{pmatrix}1+\beta-\eta\lambda & -\beta\\ 1 & 0\end{pmatrix}`; it is stable
  iff :math:`0 < \eta\lambda < 2 + 2\beta` (and :math:`0 \le \beta < 1`) for every
  eigenvalue, and the best choice :math:`\eta = (2/(\sqrt L + \sqrt\mu))^2`,
  :math:`\beta = ((\sqrt\kappa - 1)/(\sqrt\kappa + 1))^2` gives the rate
  :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)`.

The *rate* of a method is the spectral radius of its iteration: the error shrinks like
rate\ :sup:`k`. :func:`measured_rate` reads the rate off an actual run, so the chapters
can print the two side by side.
"""

from __future__ import annotations

import numpy as np

from .._validate import array, as_point, fail, in_unit_interval, number, positive

__all__ = [
    "condition_number",
    "gd_stability_limit",
    "gd_optimal_step",
    "gd_optimal_rate",
    "gd_rate",
    "momentum_matrix",
    "momentum_spectral_radius",
    "momentum_rate",
    "momentum_stable",
    "momentum_optimal",
    "momentum_optimal_rate",
    "nesterov_spectral_radius",
    "measured_rate",
    "steps_to_tolerance",
]


def _eigs(eigenvalues) -> np.ndarray:
    """The eigenvalues of a strictly convex quadratic: a number or a 1-D array, all > 0."""
    return array(
        eigenvalues,
        "eigenvalues",
        ndim=(0, 1),
        low=0,
        low_open=True,
        what="positive finite numbers (a number or a 1-D list)",
        fix="the theory here is for strictly convex quadratics, every eigenvalue > 0",
    ).reshape(-1)


def _mu_L(mu, L):
    mu = positive(mu, "mu")
    L = number(L, "L", low=mu, fix="L is the largest eigenvalue, mu the smallest: mu <= L")
    return mu, L


def _kappa(kappa) -> np.ndarray:
    return array(kappa, "kappa", nonempty=False, low=1, fix="a condition number L/mu is at least 1")


def _rates(lr, name: str = "lr") -> np.ndarray:
    return array(lr, name, nonempty=False, low=0, low_open=True, fix="every step must be > 0")


def condition_number(eigenvalues) -> float:
    r""":math:`\kappa = \lambda_{\max}/\lambda_{\min}` of positive eigenvalues.

    Parameters
    ----------
    eigenvalues : array_like
        Positive, finite.

    Returns
    -------
    float
    """
    lam = _eigs(eigenvalues)
    return float(lam.max() / lam.min())


def gd_stability_limit(L: float) -> float:
    r"""Largest stable gradient-descent step, :math:`2/L`: the step is stable iff
    :math:`0 < \eta < 2/L`, since :math:`|1 - \eta L| < 1` exactly then.

    Parameters
    ----------
    L : float
        The largest eigenvalue, > 0.

    Returns
    -------
    float
    """
    return 2.0 / positive(L, "L")


def gd_optimal_step(mu: float, L: float) -> float:
    r"""The fixed step that minimises :math:`\max_\lambda |1 - \eta\lambda|`:
    :math:`\eta^\star = 2/(\mu + L)`, where :math:`1 - \eta\mu = -(1 - \eta L)`.

    Parameters
    ----------
    mu, L : float
        The smallest and largest eigenvalues, ``0 < mu <= L``.

    Returns
    -------
    float
    """
    mu, L = _mu_L(mu, L)
    return 2.0 / (mu + L)


def gd_optimal_rate(kappa) -> np.ndarray | float:
    r"""Gradient descent's best rate :math:`(\kappa - 1)/(\kappa + 1)` (at
    :math:`\eta = 2/(\mu + L)`).

    Parameters
    ----------
    kappa : float or array_like
        Condition numbers, >= 1.

    Returns
    -------
    float or numpy.ndarray
        Shaped like ``kappa``.
    """
    k = _kappa(kappa)
    out = (k - 1) / (k + 1)
    return float(out) if out.ndim == 0 else out


def gd_rate(lr, eigenvalues) -> np.ndarray | float:
    r"""Rate of gradient descent with step ``lr``: :math:`\max_\lambda |1 - \eta\lambda|`.
    Above 1 means divergence.

    Parameters
    ----------
    lr : float or array_like
        Steps, > 0 (vectorized).
    eigenvalues : array_like
        The quadratic's eigenvalues, > 0.

    Returns
    -------
    float or numpy.ndarray
        Shaped like ``lr``.
    """
    lam = _eigs(eigenvalues)
    eta = _rates(lr)
    out = np.max(np.abs(1 - eta[..., None] * lam), axis=-1)
    return float(out) if out.ndim == 0 else out


def momentum_matrix(lr: float, beta: float, lam: float) -> np.ndarray:
    r"""Heavy-ball iteration matrix for one eigenvalue: :math:`(x_{k+1}, x_k) = M (x_k,
    x_{k-1})` with :math:`M = \begin{pmatrix}1+\beta-\eta\lambda & -\beta\\ 1 & 0
    \end{pmatrix}`.

    Parameters
    ----------
    lr : float
        :math:`\eta > 0`.
    beta : float
        :math:`\beta \in [0, 1)`.
    lam : float
        The eigenvalue :math:`\lambda > 0`.

    Returns
    -------
    numpy.ndarray
        :math:`M`, shape ``(2, 2)``.
    """
    lr, lam = positive(lr, "lr"), positive(lam, "lam")
    beta = in_unit_interval(beta, "beta")
    return np.array([[1 + beta - lr * lam, -beta], [1.0, 0.0]])


def _check_lr_beta(lr, beta):
    eta = _rates(lr)
    b = array(
        beta,
        "beta",
        nonempty=False,
        low=0,
        high=1,
        high_open=True,
        fix="momentum needs 0 <= beta < 1 (at 1 or more it never forgets a gradient)",
    )
    try:
        return np.broadcast_arrays(eta, b)
    except ValueError:
        fail(
            "lr and beta",
            "arrays that broadcast together",
            None,
            "pass scalars, or the two arrays of one np.meshgrid",
            shown=f"shapes {eta.shape} and {b.shape}",
        )


def _radius(trace, det):
    """Largest root modulus of z^2 - trace z + det = 0 (elementwise)."""
    disc = np.sqrt(np.asarray(trace * trace - 4 * det, dtype=complex))
    return np.maximum(np.abs((trace + disc) / 2), np.abs((trace - disc) / 2))


def momentum_spectral_radius(lr, beta, lam) -> np.ndarray | float:
    r"""Spectral radius of :func:`momentum_matrix`: the largest root modulus of
    :math:`z^2 - (1+\beta-\eta\lambda) z + \beta = 0`.

    Parameters
    ----------
    lr, beta : float or array_like
        :math:`\eta > 0` and :math:`\beta \in [0, 1)`, broadcast together (vectorized).
    lam : float
        The eigenvalue, > 0.

    Returns
    -------
    float or numpy.ndarray
        Shaped like ``lr`` and ``beta`` broadcast.
    """
    eta, b = _check_lr_beta(lr, beta)
    lam = positive(lam, "lam")
    out = _radius(1 + b - eta * lam, b)
    return float(out) if out.ndim == 0 else out


def momentum_rate(lr, beta, eigenvalues) -> np.ndarray | float:
    """Rate of heavy-ball momentum on a quadratic: the largest spectral radius over its
    eigenvalues. Above 1 means divergence.

    Parameters
    ----------
    lr, beta : float or array_like
        Broadcast together (vectorized over grids).
    eigenvalues : array_like
        The quadratic's eigenvalues, > 0.

    Returns
    -------
    float or numpy.ndarray
    """
    lam = _eigs(eigenvalues)
    eta, b = _check_lr_beta(lr, beta)
    out = np.max([_radius(1 + b - eta * x, b) for x in lam], axis=0)
    return float(out) if np.ndim(out) == 0 else out


def momentum_stable(lr, beta, eigenvalues) -> np.ndarray | bool:
    r"""True where heavy-ball momentum is stable: :math:`0 < \eta\lambda < 2 + 2\beta` for
    every eigenvalue (with :math:`0 \le \beta < 1`).

    Parameters
    ----------
    lr, beta : float or array_like
        Broadcast together.
    eigenvalues : array_like
        The quadratic's eigenvalues, > 0.

    Returns
    -------
    bool or numpy.ndarray of bool
    """
    lam = _eigs(eigenvalues)
    eta, b = _check_lr_beta(lr, beta)
    out = eta * lam.max() < 2 + 2 * b
    return bool(out) if out.ndim == 0 else out


def momentum_optimal(mu: float, L: float) -> tuple[float, float]:
    r"""Polyak's optimal heavy-ball parameters for eigenvalues in :math:`[\mu, L]`:
    :math:`\eta = \big(2/(\sqrt L + \sqrt\mu)\big)^2`,
    :math:`\beta = \big((\sqrt\kappa - 1)/(\sqrt\kappa + 1)\big)^2`.

    Parameters
    ----------
    mu, L : float
        The smallest and largest eigenvalues, ``0 < mu <= L``.

    Returns
    -------
    tuple of float
        ``(lr, beta)``.
    """
    mu, L = _mu_L(mu, L)
    lr = (2.0 / (np.sqrt(L) + np.sqrt(mu))) ** 2
    r = momentum_optimal_rate(L / mu)
    return float(lr), float(r * r)


def momentum_optimal_rate(kappa) -> np.ndarray | float:
    r"""Heavy-ball momentum's best rate :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)`.

    Parameters
    ----------
    kappa : float or array_like
        Condition numbers, >= 1.

    Returns
    -------
    float or numpy.ndarray
    """
    k = _kappa(kappa)
    s = np.sqrt(k)
    out = (s - 1) / (s + 1)
    return float(out) if out.ndim == 0 else out


def nesterov_spectral_radius(lr, beta, eigenvalues) -> np.ndarray | float:
    r"""Rate of Nesterov's method on a quadratic: per eigenvalue the iteration
    :math:`x_{k+1} = (1-\eta\lambda)\big((1+\beta)x_k - \beta x_{k-1}\big)` has characteristic
    polynomial :math:`z^2 - (1-\eta\lambda)(1+\beta) z + (1-\eta\lambda)\beta`; the rate is
    the largest root modulus over the eigenvalues.

    Parameters
    ----------
    lr, beta : float or array_like
        Broadcast together.
    eigenvalues : array_like
        The quadratic's eigenvalues, > 0.

    Returns
    -------
    float or numpy.ndarray
    """
    lam = _eigs(eigenvalues)
    eta, b = _check_lr_beta(lr, beta)
    out = np.max([_radius((1 - eta * x) * (1 + b), (1 - eta * x) * b) for x in lam], axis=0)
    return float(out) if np.ndim(out) == 0 else out


def measured_rate(path, minimizer=None, start: float = 0.5, floor: float = 1e-12) -> float:
    r"""The rate a run actually achieved, read off its iterates.

    With the error :math:`e_k = \|w_k - w^\star\|`, take the error of the *pair* of
    consecutive iterates, :math:`E_k = (e_k^2 + e_{k-1}^2)^{1/2}` (momentum methods carry
    two iterates, and a single one can pass close to :math:`w^\star` while spiralling), fit
    a straight line to :math:`\log E_k` over the last part of the run by least squares and
    return :math:`\hat r = e^{\text{slope}}`. For an error that shrinks exactly like
    :math:`r^k` this is :math:`r`.

    The fit uses steps ``m..n``: ``n`` is the last step whose :math:`E_k` is still above
    ``floor`` times :math:`E_1` (so round-off at the end does not count) and ``m`` is the
    fraction ``start`` of the way to ``n``. A run that reaches the floor at once has rate
    :math:`e_1/e_0` (about 0); a diverged run is measured on its finite part.

    Parameters
    ----------
    path : array_like or RunResult
        Iterates ``(k, d)``, or a :class:`~helpers.core.runner.RunResult`.
    minimizer : array_like, optional
        :math:`w^\star` (default: the origin).
    start : float
        Where the fit starts, as a fraction of the usable run, in ``[0, 1)``.
    floor : float
        Errors below ``floor`` times the first are round-off, > 0.

    Returns
    -------
    float
        :math:`\hat r`.
    """
    P = array(
        getattr(path, "path", path),
        "path",
        ndim=(1, 2),
        finite=False,
        what="iterates (k, d) or a RunResult",
        fix="pass result.path or the RunResult itself",
    )
    if P.ndim == 1:  # the iterates of a 1-D function
        P = P[:, None]
    if len(P) < 2:
        fail("path", "at least two iterates", P, "run at least one step", shown=f"{len(P)}")
    start = number(start, "start", low=0, high=1, high_open=True)
    positive(floor, "floor")
    w_star = (
        np.zeros(P.shape[1]) if minimizer is None else as_point(minimizer, P.shape[1], "minimizer")
    )
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.linalg.norm(P - w_star, axis=1)
        if not np.isfinite(e[0]) or e[0] == 0:
            fail(
                "path",
                "a run that starts at a finite point other than the minimizer",
                P[0].tolist(),
                "an error of 0 (or infinity) at the start has no rate; start elsewhere",
                shown=f"a start at {P[0].tolist()}",
            )
        finite = np.isfinite(e) & (e < 1e150)
        if not finite.all():  # a diverged run: use the finite part
            e = e[: np.argmin(finite)]
        if len(e) < 2:
            fail(
                "path",
                "a run with at least two finite iterates",
                P,
                "it diverged at once; lower the learning rate",
                shown="one finite iterate",
            )
        pair = np.sqrt(e[1:] ** 2 + e[:-1] ** 2)
    above = np.nonzero(pair > floor * pair[0])[0]
    n = int(above[-1])
    if n == 0:
        return float(e[1] / e[0])
    m = int(np.floor(start * n))
    if n - m < 2:
        return float((pair[n] / pair[m]) ** (1.0 / (n - m)))
    k = np.arange(m, n + 1)
    slope = np.polyfit(k, np.log(pair[m : n + 1]), 1)[0]
    return float(np.exp(slope))


def steps_to_tolerance(rate: float, ratio: float) -> int:
    r"""Predicted steps for an error shrinking like :math:`\text{rate}^k` to fall below
    ``ratio`` times its start: the smallest k with :math:`\text{rate}^k < \text{ratio}`,
    :math:`k = \lfloor \log(\text{ratio})/\log(\text{rate}) \rfloor + 1`.

    Parameters
    ----------
    rate : float
        In ``(0, 1)``.
    ratio : float
        > 0 (a ratio >= 1 needs 0 steps).

    Returns
    -------
    int
    """
    rate = number(
        rate,
        "rate",
        low=0,
        high=1,
        low_open=True,
        high_open=True,
        fix="the error shrinks only for a rate below 1",
    )
    ratio = positive(ratio, "ratio")
    if ratio >= 1:
        return 0
    return int(np.floor(np.log(ratio) / np.log(rate))) + 1

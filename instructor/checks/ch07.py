"""Checks for the exercises of chapter 7, ravines and ill-conditioning."""

from __future__ import annotations

import numpy as np

from helpers.practice.inputs import show

from ..cases import Exercise, call, close, value, verify

# ----------------------------------------------------------------------------- exercise 7.1
# "Design (lr, beta) for a ravine": any design that meets the target rate with beta under
# its cap earns the points, verified by the theory and a run
# (helpers/practice/verifiers.py, momentum_rate_at_most). The target is the best rate the
# cap allows, computed here from the roots written out, with a margin.
ex71 = Exercise(
    "7.1",
    "design (lr, beta) for a ravine",
    ["ravine_design", "design"],
    forbid=("momentum_optimal", "momentum_optimal_rate"),
)


def _radius(x, beta):
    """Largest |root| of z^2 - (1 + beta - x) z + beta, for an array of x = lr lam."""
    b = 1 + beta - x
    disc = b * b - 4 * beta
    real = np.maximum(np.abs(b + np.sqrt(np.abs(disc))), np.abs(b - np.sqrt(np.abs(disc)))) / 2
    return np.where(disc < 0, np.sqrt(beta), real)


def best_capped_rate(mu, L, beta_max):
    """The best rate of heavy-ball momentum on [mu, L] with beta <= beta_max: Polyak's
    (sqrt(kappa) - 1) / (sqrt(kappa) + 1) when the cap allows his beta, else beta at the cap
    and the best lr for it, found on a fine grid refined twice."""
    kappa = L / mu
    polyak_beta = ((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2
    if beta_max >= polyak_beta:
        return float(np.sqrt(polyak_beta))
    beta = beta_max
    lo, hi = 1e-6 / L, (2 + 2 * beta) / L
    for _ in range(3):
        lrs = np.linspace(lo, hi, 2001)[1:-1]
        rates = np.maximum(_radius(lrs * mu, beta), _radius(lrs * L, beta))
        i = int(np.argmin(rates))
        step = lrs[1] - lrs[0]
        lo, hi = lrs[i] - step, lrs[i] + step
    return float(rates[i])


def design_target(mu, L, beta_max) -> float:
    """The target: converge at least 80 % as fast as the best the cap allows."""
    return 1 - 0.8 * (1 - best_capped_rate(mu, L, beta_max))


PART_A = {"mu": 1.0, "L": 100.0, "beta_max": 0.5}
PART_A_TARGET = round(design_target(**PART_A), 4)  # printed in the notebook

_DESIGN_HINTS = {
    "rate": "the rate is above the target and beta is below its cap: raise beta, because a "
    "larger beta allows and wants a larger step (the phase diagram of chapter 5)",
    "rate_at_cap": "with beta fixed at its cap, put L at the top of the underdamped band, "
    "lr = (1 + sqrt(beta))^2 / L, and see where mu lands (sec-critical-damping)",
    "unstable": "lr L >= 2 + 2 beta: unstable. Momentum's limit is 2 + 2 beta, not 2",
    "beta_cap": "beta must stay between 0 and its cap beta_max",
}


def _design_expect(mu, L, target, beta_max):
    params = {"mu": mu, "L": L, "target": target, "beta_max": beta_max}
    return verify("momentum_rate_at_most", "(lr, beta)", params, hints=_DESIGN_HINTS)


@ex71.part("mu = 1, L = 100, beta <= 0.5: a design that meets the printed target", 2)
def _(rng):
    return [
        value(
            "ravine_design",
            f"mu = 1, L = 100, beta <= 0.5, target rate {PART_A_TARGET}",
            _design_expect(1.0, 100.0, PART_A_TARGET, 0.5),
        )
    ]


def design_problems(rng, n=6):
    """(mu, L, target, beta_max): kappa from 10 to 1e4, the cap below Polyak's beta in half
    of them and above it in the others."""
    out = []
    for k in range(n):
        mu = float(10 ** rng.uniform(-2, 0))
        kappa = float(10 ** rng.uniform(1, 4))
        polyak_beta = ((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2
        if k % 2 == 0:
            beta_max = float(polyak_beta * rng.uniform(0.3, 0.95))
        else:
            beta_max = float(polyak_beta + (1 - polyak_beta) * rng.uniform(0.05, 0.9))
        L = mu * kappa
        out.append((mu, L, design_target(mu, L, beta_max), beta_max))
    return out


@ex71.part("design(mu, L, target, beta_max) on six hidden ravines", 4)
def _(rng):
    return [
        call(
            "design",
            [mu, L, target, beta_max],
            ["mu", "L", "target", "beta_max"],
            f"mu={mu:.6g}, L={L:.6g}, target={target:.6g}, beta_max={beta_max:.6g}",
            _design_expect(mu, L, target, beta_max),
        )
        for mu, L, target, beta_max in design_problems(rng)
    ]


# ----------------------------------------------------------------------------- exercise 7.2
# "Regularize to a step budget": the smallest L2 strength alpha for which gradient descent
# at its best step meets a step budget. The reference is the closed form written out here;
# tests/test_grading_ch05_07.py checks it against runs.
ex72 = Exercise("7.2", "regularize to a step budget", ["smallest_alpha"])


def alpha_for_kappa(mu, L, kappa):
    """The alpha >= 0 with (L + alpha) / (mu + alpha) = kappa, or 0 if kappa is met."""
    return max(0.0, (L - kappa * mu) / (kappa - 1)) if kappa > 1 else 0.0


def smallest_alpha_reference(eigenvalues, max_steps, tol):
    eig = np.asarray(eigenvalues, dtype=float)
    mu, L = eig.min(), eig.max()
    r = tol ** (1 / max_steps)  # the largest rate that meets the budget
    return alpha_for_kappa(mu, L, (1 + r) / (1 - r))


def _budget_case(eigenvalues, max_steps, tol):
    eig = np.asarray(eigenvalues, dtype=float)
    mu, L = eig.min(), eig.max()
    expected = smallest_alpha_reference(eig, max_steps, tol)
    r = tol ** (1 / max_steps)
    kappa = (1 + r) / (1 - r)
    variants = []
    if eig[0] != mu or eig[-1] != L:
        variants.append(
            (
                alpha_for_kappa(min(eig[0], eig[-1]), max(eig[0], eig[-1]), kappa),
                "the rate is set by the smallest and the largest eigenvalue, wherever they "
                "are in the array (it is not sorted)",
            )
        )
    variants += [
        (
            max(0.0, L / kappa - mu),
            "alpha is added to every eigenvalue, the largest too: "
            "kappa(alpha) = (L + alpha) / (mu + alpha)",
        ),
        (
            alpha_for_kappa(mu, L, kappa**2),
            "(sqrt(kappa) - 1) / (sqrt(kappa) + 1) is momentum's rate; the budget is for "
            "gradient descent at its best step, rate (kappa - 1) / (kappa + 1)",
        ),
        (
            alpha_for_kappa(mu, L, 1 / (1 - r)),
            "at the best step 2 / (mu + L) the rate is (kappa - 1) / (kappa + 1); 1 - 1/kappa "
            "is the rate of the step 1 / L",
        ),
    ]
    if expected == 0:
        variants.append(
            (
                (L - kappa * mu) / (kappa - 1),
                "alpha >= 0: the budget is met without regularization, so the smallest alpha is 0",
            )
        )
    kept = []  # a value two mistakes share would get the wrong hint: drop both
    for v, h_ in variants:
        others = [u for u, _ in variants if u is not v]
        if not any(np.isclose(v, u, 1e-6, 1e-10) for u in [expected, *others]):
            kept.append((v, h_))
    variants = kept
    return call(
        "smallest_alpha",
        [eig, max_steps, tol],
        ["eigenvalues", "max_steps", "tol"],
        f"eigenvalues={show(eig)}, max_steps={max_steps}, tol={tol:.6g}",
        close(expected, "alpha", rtol=1e-6, atol=1e-10, variants=variants),
    )


def _spectrum(rng):
    n = int(rng.integers(2, 9))
    mu = float(10 ** rng.uniform(-4, -1))
    L = float(10 ** rng.uniform(0, 2))
    eig = np.concatenate([[mu, L], np.exp(rng.uniform(np.log(mu), np.log(L), n - 2))])
    return rng.permutation(eig)


@ex72.part("a worked example: three round eigenvalues in order", 1)
def _(rng):
    mu, L = round(float(rng.uniform(0.005, 0.05)), 3), round(float(rng.uniform(0.5, 2)), 2)
    eig = np.array([mu, round(float(rng.uniform(0.1, 0.4)), 2), L])
    return [_budget_case(eig, int(rng.choice([50, 100, 200])), 1e-6)]


@ex72.part("random spectra, budgets and tolerances", 3)
def _(rng):
    cases = []
    while len(cases) < 6:
        eig = _spectrum(rng)
        max_steps, tol = int(rng.integers(20, 501)), float(10 ** rng.uniform(-8, -2))
        if smallest_alpha_reference(eig, max_steps, tol) > 0:
            cases.append(_budget_case(eig, max_steps, tol))
    return cases


@ex72.part("a budget met without regularization, and a round bowl: alpha = 0", 2)
def _(rng):
    eig = rng.permutation([1.0, float(rng.uniform(2, 5)), float(rng.uniform(5, 10))])
    return [
        _budget_case(eig, int(rng.integers(400, 1000)), float(10 ** rng.uniform(-4, -2))),
        _budget_case(np.full(int(rng.integers(2, 5)), float(rng.uniform(0.5, 5))), 10, 1e-6),
    ]

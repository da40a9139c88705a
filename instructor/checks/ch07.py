"""Checks for the exercises of chapter 7, ravines and ill-conditioning."""

from __future__ import annotations

import numpy as np

from helpers.practice.inputs import show

from ..cases import Exercise, call, close
from ._inputs import random_spd

# ----------------------------------------------------------------------------- exercise 7.1
ex71 = Exercise("7.1", "the condition number", ["condition_number"], forbid=("condition_number",))


def _kappa_case(A):
    eig = np.linalg.eigvalsh(A)
    d = np.diag(A)
    return call(
        "condition_number",
        [A],
        ["A"],
        f"A={show(A)}",
        close(
            eig[-1] / eig[0],
            "kappa",
            rtol=1e-7,
            variants=[
                (eig[0] / eig[-1], "inverted: kappa = lambda_max / lambda_min is at least 1"),
                (
                    d.max() / d.min(),
                    "the diagonal entries are not the eigenvalues unless "
                    "A is diagonal: use np.linalg.eigvalsh",
                ),
            ],
        ),
    )


@ex71.part("a diagonal matrix", 1)
def _(rng):
    return [
        _kappa_case(
            np.diag(rng.permutation([float(rng.integers(1, 5)), float(rng.integers(20, 200))]))
        )
    ]


@ex71.part("random rotated quadratics", 2)
def _(rng):
    return [_kappa_case(random_spd(rng, int(rng.integers(2, 6)), 0.1, 50)[0]) for _ in range(6)]


@ex71.part("a round bowl has kappa = 1", 1)
def _(rng):
    return [_kappa_case(round(float(rng.uniform(0.5, 5)), 2) * np.eye(int(rng.integers(2, 5))))]


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

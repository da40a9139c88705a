"""Checks for the exercises of chapter 7, ravines and ill-conditioning."""

from __future__ import annotations

import numpy as np

from ..grading import Exercise, Wrong, call, expect_close, show_array
from ._inputs import random_spd

# ----------------------------------------------------------------------------- exercise 7.1
ex71 = Exercise("7.1", "the condition number", ["condition_number"])


def _kappa_case(condition_number, A):
    eig = np.linalg.eigvalsh(A)
    got = call(condition_number, A, names=["A"])
    d = np.diag(A)
    expect_close(
        got,
        eig[-1] / eig[0],
        f"A={show_array(A)}",
        "kappa",
        rtol=1e-7,
        variants=[
            (eig[0] / eig[-1], "inverted: kappa = lambda_max / lambda_min is at least 1"),
            (
                d.max() / d.min(),
                "the diagonal entries are not the eigenvalues unless A is "
                "diagonal: use np.linalg.eigvalsh",
            ),
        ],
    )


@ex71.part("diag(1, 100)", 1)
def _(ans, rng):
    _kappa_case(ans["condition_number"], np.diag([1.0, 100.0]))


@ex71.part("random rotated quadratics", 2)
def _(ans, rng):
    for _ in range(6):
        _kappa_case(ans["condition_number"], random_spd(rng, int(rng.integers(2, 6)), 0.1, 50)[0])


@ex71.part("a round bowl has kappa = 1", 1)
def _(ans, rng):
    _kappa_case(ans["condition_number"], 3.0 * np.eye(3))


# ----------------------------------------------------------------------------- exercise 7.2
ex72 = Exercise("7.2", "the best fixed step and its rate", ["best_step"])


def _best_case(best_step, A):
    eig = np.linalg.eigvalsh(A)
    mu, L = eig[0], eig[-1]
    kappa = L / mu
    eta, rate = 2 / (mu + L), (kappa - 1) / (kappa + 1)
    got = call(best_step, A, names=["A"])
    inputs = f"A={show_array(A)}"
    if not isinstance(got, (tuple, list, np.ndarray)) or np.ndim(got) == 0 or len(got) != 2:
        raise Wrong(
            f"wrong type: best_step should return a pair (lr, rate), got {type(got).__name__}",
            inputs,
            (eta, rate),
            got,
        )
    expect_close(
        got[0],
        eta,
        inputs,
        "the step",
        rtol=1e-7,
        variants=[
            (
                1 / L,
                "1 / lambda_max is safe but not best: balance both ends, 2 / (lambda_min + "
                "lambda_max)",
            ),
            (1 / (mu + L), "missing the factor 2: the best step is 2 / (lambda_min + lambda_max)"),
            (
                2 / L,
                "2 / lambda_max is the stability limit, where the steep direction stops shrinking",
            ),
        ],
    )
    expect_close(
        got[1],
        rate,
        inputs,
        "the rate",
        rtol=1e-7,
        variants=[
            ((1 / kappa - 1) / (1 / kappa + 1), "kappa is inverted: use lambda_max / lambda_min"),
            ((kappa + 1) / (kappa - 1), "the rate is (kappa - 1) / (kappa + 1), below 1"),
            (
                (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1),
                "that is momentum's rate; plain gradient descent has (kappa - 1) / (kappa + 1)",
            ),
        ],
    )


@ex72.part("diag(1, 9)", 1)
def _(ans, rng):
    _best_case(ans["best_step"], np.diag([1.0, 9.0]))


@ex72.part("random rotated quadratics", 2)
def _(ans, rng):
    for _ in range(6):
        _best_case(ans["best_step"], random_spd(rng, int(rng.integers(2, 6)), 0.1, 50)[0])


@ex72.part("a round bowl converges in one step (rate 0)", 1)
def _(ans, rng):
    _best_case(ans["best_step"], 2.0 * np.eye(2))


# ----------------------------------------------------------------------------- exercise 7.3
ex73 = Exercise("7.3", "momentum's rate at kappa = 100", ["momentum_rate_100"])


@ex73.part("(sqrt(kappa) - 1) / (sqrt(kappa) + 1) at kappa = 100", 2)
def _(ans, rng):
    expect_close(
        ans["momentum_rate_100"],
        9 / 11,
        "kappa = 100",
        "momentum_rate_100",
        rtol=0,
        atol=1e-4,
        variants=[
            (
                99 / 101,
                "that is gradient descent's rate (kappa - 1) / (kappa + 1); "
                "momentum's uses sqrt(kappa)",
            ),
        ],
    )

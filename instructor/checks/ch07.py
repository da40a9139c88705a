"""Checks for the exercises of chapter 7, ravines and ill-conditioning."""

from __future__ import annotations

import numpy as np

from helpers.practice.inputs import show

from ..cases import Exercise, call, close, pair, value
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
ex72 = Exercise(
    "7.2",
    "the best fixed step and its rate",
    ["best_step"],
    forbid=("gd_optimal_step", "gd_optimal_rate", "gd_rate"),
)


def _best_case(A):
    eig = np.linalg.eigvalsh(A)
    mu, L = eig[0], eig[-1]
    kappa = L / mu
    eta, rate = 2 / (mu + L), (kappa - 1) / (kappa + 1)
    return call(
        "best_step",
        [A],
        ["A"],
        f"A={show(A)}",
        pair(
            "best_step",
            "(lr, rate)",
            items=[
                (
                    0,
                    close(
                        eta,
                        "the step",
                        rtol=1e-7,
                        variants=[
                            (
                                1 / L,
                                "1 / lambda_max is safe but not best: balance both ends, 2 / (lambda_min + "
                                "lambda_max)",
                            ),
                            (
                                1 / (mu + L),
                                "missing the factor 2: the best step is 2 / (lambda_min + "
                                "lambda_max)",
                            ),
                            (
                                2 / L,
                                "2 / lambda_max is the stability limit, where the steep direction stops "
                                "shrinking",
                            ),
                        ],
                    ),
                ),
                (
                    1,
                    close(
                        rate,
                        "the rate",
                        rtol=1e-7,
                        variants=[
                            (
                                (1 / kappa - 1) / (1 / kappa + 1),
                                "kappa is inverted: use lambda_max / lambda_min",
                            ),
                            (
                                (kappa + 1) / (kappa - 1),
                                "the rate is (kappa - 1) / (kappa + 1), below 1",
                            ),
                            (
                                (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1),
                                "that is momentum's rate; plain "
                                "gradient descent has (kappa - 1) / "
                                "(kappa + 1)",
                            ),
                        ],
                    ),
                ),
            ],
        ),
    )


@ex72.part("a diagonal matrix", 1)
def _(rng):
    return [
        _best_case(
            np.diag(
                rng.permutation(
                    [round(float(rng.uniform(0.5, 3)), 1), round(float(rng.uniform(6, 30)), 1)]
                )
            )
        )
    ]


@ex72.part("random rotated quadratics", 2)
def _(rng):
    return [_best_case(random_spd(rng, int(rng.integers(2, 6)), 0.1, 50)[0]) for _ in range(6)]


@ex72.part("a round bowl converges in one step (rate 0)", 1)
def _(rng):
    return [_best_case(round(float(rng.uniform(0.5, 5)), 2) * np.eye(2))]


# ----------------------------------------------------------------------------- exercise 7.3
ex73 = Exercise(
    "7.3",
    "momentum's rate at kappa = 100",
    ["momentum_rate_100"],
    forbid=("momentum_optimal_rate", "momentum_optimal"),
)


@ex73.part("(sqrt(kappa) - 1) / (sqrt(kappa) + 1) at kappa = 100", 2)
def _(rng):
    return [
        value(
            "momentum_rate_100",
            "kappa = 100",
            close(
                9 / 11,
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
            ),
        )
    ]

"""Checks for the exercises of chapter 6, the learning rate."""

from __future__ import annotations

import numpy as np

from helpers.practice.inputs import show

from ..cases import Exercise, call, close, equal, value
from ._inputs import random_spd

# ----------------------------------------------------------------------------- exercise 6.1
ex61 = Exercise(
    "6.1", "the largest stable learning rate", ["max_stable_lr"], forbid=("gd_stability_limit",)
)


def _lr_case(A):
    eig = np.linalg.eigvalsh(A)
    return call(
        "max_stable_lr",
        [A],
        ["A"],
        f"A={show(A)}",
        close(
            2 / eig[-1],
            "the largest stable rate",
            rtol=1e-7,
            variants=[
                (1 / eig[-1], "missing the factor 2: the limit is 2 / lambda_max"),
                (
                    2 / eig[0],
                    "that uses the smallest eigenvalue; the steepest direction "
                    "(lambda_max) is the one that blows up first",
                ),
                (
                    2 / np.max(np.diag(A)),
                    "the diagonal entries are not the eigenvalues "
                    "unless A is diagonal: use np.linalg.eigvalsh",
                ),
            ],
        ),
    )


@ex61.part("a diagonal matrix", 1)
def _(rng):
    return [
        _lr_case(
            np.diag(
                rng.permutation(
                    [round(float(rng.uniform(0.5, 3)), 1), round(float(rng.uniform(5, 20)), 1)]
                )
            )
        )
    ]


@ex61.part("random rotated quadratics", 2)
def _(rng):
    return [_lr_case(random_spd(rng, int(rng.integers(2, 6)))[0]) for _ in range(6)]


@ex61.part("one dimension: f(x) = c x^2 has A = [[2c]]", 1)
def _(rng):
    return [_lr_case(np.array([[2.0 * round(float(rng.uniform(0.5, 5)), 3)]]))]


# ----------------------------------------------------------------------------- exercise 6.2
ex62 = Exercise(
    "6.2", "iterations to a tolerance", ["iterations_to_tol"], forbid=("steps_to_tolerance",)
)


def _iterations_reference(x0, lr, tol):
    x, k = x0, 0
    while abs(x) >= tol:
        x, k = (1 - 2 * lr) * x, k + 1
    return k


def _iter_case(x0, lr, tol):
    return call(
        "iterations_to_tol",
        [x0, lr, tol],
        ["x0", "lr", "tol"],
        f"x0={x0:.6g}, lr={lr:.6g}, tol={tol:.6g}",
        equal(_iterations_reference(x0, lr, tol), "the count"),
    )


@ex62.part("a worked example", 1)
def _(rng):
    return [
        _iter_case(
            float(rng.integers(2, 20)),
            round(float(rng.uniform(0.05, 0.25)), 2),
            float(rng.choice([0.1, 0.01, 0.001])),
        )
    ]


@ex62.part("random starts, rates and tolerances", 2)
def _(rng):
    cases = []
    for _ in range(8):
        lr = float(rng.uniform(0.01, 0.95))
        x0 = float(rng.uniform(-20, 20))
        cases.append(_iter_case(x0, lr, float(10 ** rng.uniform(-6, -1))))
    return cases


@ex62.part("edge cases: already converged, and lr = 0.5", 1)
def _(rng):
    tol = float(rng.choice([0.1, 0.01]))
    return [
        _iter_case(tol * float(rng.uniform(0.05, 0.9)), 0.1, tol),
        _iter_case(-float(rng.integers(1, 10)), 0.5, 1e-6),
    ]


# ----------------------------------------------------------------------------- exercise 6.3
ex63 = Exercise("6.3", "the one-step learning rate of 3x^2", ["one_step_lr"])


@ex63.part("the rate that lands on the minimum of 3x^2 in one step", 2)
def _(rng):
    return [
        value(
            "one_step_lr",
            "f(x) = 3 x^2",
            close(
                1 / 6,
                "one_step_lr",
                rtol=0,
                atol=1e-4,
                variants=[
                    (0.5, "0.5 is the one-step rate of x^2; here x <- (1 - 6 lr) x"),
                    (1 / 3, "1/3 is the stability limit 2/6; one step needs 1 - 6 lr = 0"),
                ],
            ),
        )
    ]

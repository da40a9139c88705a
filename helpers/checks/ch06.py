"""Checks for the exercises of chapter 6, the learning rate."""

from __future__ import annotations

import numpy as np

from ..grading import Exercise, call, expect_close, expect_equal, show_array
from ._inputs import random_spd

# ----------------------------------------------------------------------------- exercise 6.1
ex61 = Exercise("6.1", "the largest stable learning rate", ["max_stable_lr"])


def _lr_case(max_stable_lr, A):
    eig = np.linalg.eigvalsh(A)
    got = call(max_stable_lr, A, names=["A"])
    expect_close(
        got,
        2 / eig[-1],
        f"A={show_array(A)}",
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
    )


@ex61.part("diag(1, 10)", 1)
def _(ans, rng):
    _lr_case(ans["max_stable_lr"], np.diag([1.0, 10.0]))


@ex61.part("random rotated quadratics", 2)
def _(ans, rng):
    for _ in range(6):
        _lr_case(ans["max_stable_lr"], random_spd(rng, int(rng.integers(2, 6)))[0])


@ex61.part("one dimension: f(x) = x^2 has A = [[2]]", 1)
def _(ans, rng):
    _lr_case(ans["max_stable_lr"], np.array([[2.0]]))


# ----------------------------------------------------------------------------- exercise 6.2
ex62 = Exercise("6.2", "iterations to a tolerance", ["iterations_to_tol"])


def _iterations_reference(x0, lr, tol):
    x, k = x0, 0
    while abs(x) >= tol:
        x, k = (1 - 2 * lr) * x, k + 1
    return k


def _iter_case(iterations_to_tol, x0, lr, tol):
    expected = _iterations_reference(x0, lr, tol)
    got = call(iterations_to_tol, x0, lr, tol, names=["x0", "lr", "tol"])
    expect_equal(got, expected, f"x0={x0:.6g}, lr={lr:.6g}, tol={tol:.6g}", "the count")


@ex62.part("x0 = 10, lr = 0.1, tol = 0.01", 1)
def _(ans, rng):
    _iter_case(ans["iterations_to_tol"], 10.0, 0.1, 0.01)


@ex62.part("random starts, rates and tolerances", 2)
def _(ans, rng):
    for _ in range(8):
        lr = float(rng.uniform(0.01, 0.95))
        x0 = float(rng.uniform(-20, 20))
        _iter_case(ans["iterations_to_tol"], x0, lr, float(10 ** rng.uniform(-6, -1)))


@ex62.part("edge cases: already converged, and lr = 0.5", 1)
def _(ans, rng):
    _iter_case(ans["iterations_to_tol"], 0.001, 0.1, 0.01)
    _iter_case(ans["iterations_to_tol"], -7.0, 0.5, 1e-6)


# ----------------------------------------------------------------------------- exercise 6.3
ex63 = Exercise("6.3", "the one-step learning rate of 3x^2", ["one_step_lr"])


@ex63.part("the rate that lands on the minimum of 3x^2 in one step", 2)
def _(ans, rng):
    expect_close(
        ans["one_step_lr"],
        1 / 6,
        "f(x) = 3 x^2",
        "one_step_lr",
        rtol=0,
        atol=1e-4,
        variants=[
            (0.5, "0.5 is the one-step rate of x^2; here x <- (1 - 6 lr) x"),
            (1 / 3, "1/3 is the stability limit 2/6; one step needs 1 - 6 lr = 0"),
        ],
    )

"""Checks for the exercises of chapter 8, tools for looking at a network's landscape."""

from __future__ import annotations

import numpy as np

from helpers.practice.inputs import show

from ..cases import Exercise, call, close
from ._inputs import input_fn, symmetric_with_eigenvalues

# ----------------------------------------------------------------------------- exercise 8.1
ex81 = Exercise(
    "8.1",
    "the top Hessian eigenvalue by power iteration",
    ["top_eigenvalue"],
    forbid=("power_iteration", "top_eigenvalues", "lanczos", "dense_from_hvp"),
)


def _power_case(eig, rng, iters=200):
    H = symmetric_with_eigenvalues(rng, eig)
    spec, _ = input_fn("matvec", f"v -> H v for a {len(eig)} x {len(eig)} Hessian", H=H)
    v0 = rng.standard_normal(len(eig))
    expected = float(np.max(np.abs(eig)) * np.sign(eig[np.argmax(np.abs(eig))]))
    return call(
        "top_eigenvalue",
        [spec, v0, iters],
        ["hvp", "v0", "iters"],
        f"hvp with eigenvalues {show(np.sort(eig))}, v0={show(v0)}, iters={iters}",
        close(
            expected,
            "the eigenvalue",
            rtol=1e-5,
            atol=1e-6,
            variants=[
                (
                    np.sqrt(expected**2),
                    "that is |lambda|: return the Rayleigh quotient "
                    "v.Hv / v.v, which keeps the sign",
                ),
            ]
            if expected < 0
            else [],
        ),
    )


@ex81.part("a diagonal-like Hessian with one clear top eigenvalue", 1)
def _(rng):
    return [_power_case(np.array([1.0, 2.0, float(rng.integers(8, 20))]), rng)]


@ex81.part("random Hessians with a clear top eigenvalue", 2)
def _(rng):
    cases = []
    for _ in range(4):
        n = int(rng.integers(3, 30))
        eig = rng.uniform(-1, 1, n)
        eig[0] = rng.uniform(5, 500)
        cases.append(_power_case(eig, rng))
    return cases


@ex81.part("a sharp minimum: eigenvalue 1e4 without overflow", 1)
def _(rng):
    return [
        _power_case(
            np.r_[1e4 * float(rng.uniform(0.5, 2)), rng.uniform(0, 10, 20)], rng, iters=1000
        )
    ]

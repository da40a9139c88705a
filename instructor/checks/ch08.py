"""Checks for the exercises of chapter 8, tools for looking at a network's landscape."""

from __future__ import annotations

import numpy as np

from helpers.practice.inputs import show

from ..cases import Exercise, call, close, value
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


# ----------------------------------------------------------------------------- exercise 8.2
ex82 = Exercise(
    "8.2",
    "how many products?",
    ["predicted_products", "steps_to_accuracy"],
    forbid=("power_iteration", "top_eigenvalues", "lanczos", "dense_from_hvp"),
)
_SQUARE_HINT = (
    "the Rayleigh quotient's error falls with the square of the ratio per step, "
    "(lambda_2 / lambda_1)^(2k), twice as fast as the direction's"
)
_ONE_PRODUCT_HINT = (
    "one product per step: the same Hv gives the Rayleigh quotient v.Hv and the next v"
)


def products_problem():
    """Part A's Hessian and start, as the notebook builds them: eigenvalues 10 and 8 and
    18 more in [-4, 4]; the start has equal parts along the top two eigenvectors."""
    rng = np.random.default_rng(8)
    eig = np.r_[10.0, 8.0, rng.uniform(-4, 4, 18)]
    Q, _ = np.linalg.qr(rng.standard_normal((20, 20)))
    H = (Q * eig) @ Q.T
    H = (H + H.T) / 2
    v0 = Q[:, 0] + Q[:, 1] + 0.1 * Q[:, 2:] @ rng.standard_normal(18)
    return H, v0


def products_reference(H, v0, lam_top, rtol, max_steps=100_000):
    """The chapter's power iteration: step k costs one product Hv and gives the quotient
    v.Hv of the unit v of step k - 1; the first k with |q - lam| < rtol |lam|."""
    v = v0 / np.linalg.norm(v0)
    for k in range(1, max_steps + 1):
        hv = H @ v
        if abs(v @ hv - lam_top) < rtol * abs(lam_top):
            return k
        v = hv / np.linalg.norm(hv)
    raise RuntimeError("power iteration did not reach the tolerance")


@ex82.part("the predicted number of products, lambda_2 / lambda_1 = 0.8, rtol 1e-8", 2)
def _(rng):
    H, v0 = products_problem()
    expected = products_reference(H, v0, 10.0, 1e-8)
    not_squared = float(np.ceil(np.log(1e-8) / np.log(0.8)))
    return [
        value(
            "predicted_products",
            "power iteration on the notebook's Hessian, relative error below 1e-8",
            close(
                expected,
                "predicted_products",
                rtol=0,
                atol=3,
                variants=[(not_squared, _SQUARE_HINT), (2 * expected, _ONE_PRODUCT_HINT)],
                plausible=(0, 1000),
            ),
        )
    ]


def _products_case(rng):
    n = int(rng.integers(5, 40))
    lam = float(rng.uniform(1, 100))
    ratio = float(rng.uniform(0.5, 0.9))
    eig = np.r_[lam, ratio * lam, rng.uniform(-0.9, 0.9, n - 2) * ratio * lam]
    H = symmetric_with_eigenvalues(rng, eig)
    v0 = rng.standard_normal(n)
    rtol = float(rng.choice([1e-6, 1e-8, 1e-10]))
    expected = products_reference(H, v0, lam, rtol)
    spec, _ = input_fn("matvec", f"v -> H v, {n} x {n}, ratio {ratio:.3f}", H=H)
    return call(
        "steps_to_accuracy",
        [spec, v0, lam, rtol],
        ["hvp", "v0", "lam_top", "rtol"],
        f"hvp with eigenvalues {show(np.sort(eig)[::-1][:3])}..., v0={show(v0)}, "
        f"lam_top={lam:.6g}, rtol={rtol:g}",
        close(
            expected,
            "the number of products",
            rtol=0,
            atol=1,
            variants=[(2 * expected, _ONE_PRODUCT_HINT)],
        ),
    )


@ex82.part("steps_to_accuracy on hidden spectra", 4)
def _(rng):
    return [_products_case(rng) for _ in range(5)]

"""Checks for the exercises of chapter 8, landscapes of real networks."""

from __future__ import annotations

import numpy as np

from ..grading import Exercise, call, expect_close, show_array
from ._inputs import named, symmetric_with_eigenvalues

# ----------------------------------------------------------------------------- exercise 8.1
ex81 = Exercise("8.1", "the loss along a straight line", ["line_losses"])


def _random_loss(rng, d):
    m = rng.standard_normal((d, d))
    A = m @ m.T / d + 0.1 * np.eye(d)
    c = rng.standard_normal(d)

    def loss(w):
        return float(0.5 * (w - c) @ A @ (w - c) + np.sum(np.cos(2 * w)))

    return named(loss, f"a random loss of {d} weights")


def _line_case(line_losses, loss, w_a, w_b, ts):
    expected = np.array([loss((1 - t) * w_a + t * w_b) for t in ts])
    got = call(line_losses, loss, w_a, w_b, ts, names=["loss", "w_a", "w_b", "ts"])
    inputs = (
        f"loss={loss.__name__}, w_a={show_array(w_a)}, w_b={show_array(w_b)}, ts={show_array(ts)}"
    )
    expect_close(
        got,
        expected,
        inputs,
        "the losses",
        variants=[
            (
                expected[::-1],
                "the line runs the wrong way: t = 0 is w_a and t = 1 is w_b, (1 - t) w_a + t w_b",
            ),
            (
                np.array([loss(w_a + t * w_b) for t in ts]),
                "the point on the line is (1 - t) w_a + t w_b = w_a + t (w_b - w_a)",
            ),
        ],
    )


@ex81.part("a 2-weight example at t = 0, 0.5, 1", 1)
def _(ans, rng):
    loss = named(lambda w: float(np.sum(w**2)), "sum of squares")
    _line_case(
        ans["line_losses"],
        loss,
        np.array([1.0, 0.0]),
        np.array([0.0, 2.0]),
        np.array([0.0, 0.5, 1.0]),
    )


@ex81.part("random losses, end points and t beyond [0, 1]", 2)
def _(ans, rng):
    for _ in range(4):
        d = int(rng.integers(2, 8))
        ts = np.sort(rng.uniform(-0.5, 1.5, int(rng.integers(3, 12))))
        _line_case(
            ans["line_losses"],
            _random_loss(rng, d),
            rng.standard_normal(d),
            rng.standard_normal(d),
            ts,
        )


@ex81.part("one value of t", 1)
def _(ans, rng):
    _line_case(
        ans["line_losses"],
        _random_loss(rng, 3),
        rng.standard_normal(3),
        rng.standard_normal(3),
        np.array([0.25]),
    )


# ----------------------------------------------------------------------------- exercise 8.2
ex82 = Exercise("8.2", "the top Hessian eigenvalue by power iteration", ["top_eigenvalue"])


def _power_case(top_eigenvalue, eig, rng, iters=200):
    H = symmetric_with_eigenvalues(rng, eig)
    hvp = named(lambda v: H @ v, f"v -> H v for a {len(eig)} x {len(eig)} Hessian")
    v0 = rng.standard_normal(len(eig))
    expected = float(np.max(np.abs(eig)) * np.sign(eig[np.argmax(np.abs(eig))]))
    got = call(top_eigenvalue, hvp, v0, iters, names=["hvp", "v0", "iters"])
    expect_close(
        got,
        expected,
        f"hvp with eigenvalues {show_array(np.sort(eig))}, v0={show_array(v0)}, iters={iters}",
        "the eigenvalue",
        rtol=1e-5,
        atol=1e-6,
        variants=[
            (
                np.sqrt(expected**2),
                "that is |lambda|: return the Rayleigh quotient v.Hv / v.v, which keeps the sign",
            ),
        ],
    )


@ex82.part("a diagonal Hessian with eigenvalues 1, 2, 10", 1)
def _(ans, rng):
    _power_case(ans["top_eigenvalue"], np.array([1.0, 2.0, 10.0]), rng)


@ex82.part("random Hessians with a clear top eigenvalue", 2)
def _(ans, rng):
    for _ in range(4):
        n = int(rng.integers(3, 30))
        eig = rng.uniform(-1, 1, n)
        eig[0] = rng.uniform(5, 500)
        _power_case(ans["top_eigenvalue"], eig, rng)


@ex82.part("a sharp minimum: eigenvalue 1e4 without overflow", 1)
def _(ans, rng):
    _power_case(ans["top_eigenvalue"], np.r_[1e4, rng.uniform(0, 10, 20)], rng, iters=1000)


# ----------------------------------------------------------------------------- exercise 8.3
ex83 = Exercise("8.3", "the edge of stability", ["eos_sharpness"])


@ex83.part("the sharpness full-batch training settles at, for lr = 0.01", 2)
def _(ans, rng):
    expect_close(
        ans["eos_sharpness"],
        2 / 0.01,
        "gradient descent with lr = 0.01",
        "eos_sharpness",
        rtol=1e-6,
        variants=[
            (
                1 / 0.01,
                "the stability limit of a quadratic is lr < 2 / lambda, so "
                "lambda settles at 2 / lr",
            ),
            (0.01 / 2, "inverted: the sharpness settles at 2 / lr"),
        ],
    )

"""Checks for the exercises of chapter 9, what training finds in a network's landscape."""

from __future__ import annotations

import numpy as np

from helpers.practice.inputs import show

from ..cases import Exercise, call, close, value
from ._inputs import input_fn

# ----------------------------------------------------------------------------- exercise 9.1
ex91 = Exercise(
    "9.1", "the loss along a straight line", ["line_losses"], forbid=("slice_1d", "slice_2d")
)


def _random_loss(rng, d):
    m = rng.standard_normal((d, d))
    A = m @ m.T / d + 0.1 * np.eye(d)
    c = rng.standard_normal(d)
    return input_fn("random_loss", f"a random loss of {d} weights", A=A, c=c)


def _line_case(loss, w_a, w_b, ts):
    spec, f = loss
    expected = np.array([f((1 - t) * w_a + t * w_b) for t in ts])
    return call(
        "line_losses",
        [spec, w_a, w_b, ts],
        ["loss", "w_a", "w_b", "ts"],
        f"loss={spec['fn']['name']}, w_a={show(w_a)}, w_b={show(w_b)}, ts={show(ts)}",
        close(
            expected,
            "the losses",
            variants=[
                (
                    expected[::-1],
                    "the line runs the wrong way: t = 0 is w_a and t = 1 is "
                    "w_b, (1 - t) w_a + t w_b",
                ),
                (
                    np.array([f(w_a + t * w_b) for t in ts]),
                    "the point on the line is (1 - t) w_a + t w_b = w_a + t (w_b - w_a)",
                ),
            ],
        ),
    )


@ex91.part("a 2-weight example at t = 0, 0.5, 1", 1)
def _(rng):
    w_a, w_b = (rng.integers(-2, 3, 2).astype(float) for _ in range(2))
    if np.array_equal(w_a, w_b):
        w_b = w_b + 1
    return [
        _line_case(input_fn("sum_squares", "sum of squares"), w_a, w_b, np.array([0.0, 0.5, 1.0]))
    ]


@ex91.part("random losses, end points and t beyond [0, 1]", 2)
def _(rng):
    cases = []
    for _ in range(4):
        d = int(rng.integers(2, 8))
        ts = np.sort(rng.uniform(-0.5, 1.5, int(rng.integers(3, 12))))
        cases.append(
            _line_case(_random_loss(rng, d), rng.standard_normal(d), rng.standard_normal(d), ts)
        )
    return cases


@ex91.part("one value of t", 1)
def _(rng):
    return [
        _line_case(
            _random_loss(rng, 3),
            rng.standard_normal(3),
            rng.standard_normal(3),
            np.array([round(float(rng.uniform(0.1, 0.9)), 2)]),
        )
    ]


# ----------------------------------------------------------------------------- exercise 9.2
ex92 = Exercise("9.2", "the edge of stability", ["eos_sharpness"])


@ex92.part("the sharpness full-batch training settles at, for lr = 0.01", 2)
def _(rng):
    return [
        value(
            "eos_sharpness",
            "gradient descent with lr = 0.01",
            close(
                2 / 0.01,
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
            ),
        )
    ]

"""Checks for the exercises of chapter 2, convexity."""

from __future__ import annotations

import numpy as np

from helpers.practice.inputs import show

from ..cases import Exercise, call, close, value
from ._inputs import input_fn

# ----------------------------------------------------------------------------- exercise 2.1
ex21 = Exercise("2.1", "the chord gap", ["chord_gap"], forbid=("chord_gap", "jensen_gap"))

_FUNCTIONS = [
    ("square", "x^2", (-3, 3)),
    ("exp", "exp", (-2, 2)),
    ("abs", "|x|", (-3, 3)),
    ("sin", "sin", (-3, 3)),
    ("cubic", "x^3 - x", (-2, 2)),
    ("softplus", "log(1 + e^x)", (-4, 4)),
]


def _function(i):
    key, name, window = _FUNCTIONS[i]
    return input_fn("catalogue", name, key=key), window


def _chord_case(f, a, b, t):
    spec, g = f
    expected = t * g(a) + (1 - t) * g(b) - g(t * a + (1 - t) * b)
    return call(
        "chord_gap",
        [spec, a, b, t],
        ["f", "a", "b", "t"],
        f"f={spec['fn']['name']}, a={a:.6g}, b={b:.6g}, t={t:.6g}",
        close(
            expected,
            "the chord gap",
            rtol=1e-9,
            atol=1e-10,
            variants=[
                (
                    (1 - t) * g(a) + t * g(b) - g(t * a + (1 - t) * b),
                    "the weights are swapped: the chord is t f(a) + (1 - t) f(b), and the "
                    "point on the graph below it is t a + (1 - t) b",
                ),
                (
                    t * g(a) + (1 - t) * g(b) - g((1 - t) * a + t * b),
                    "the point on the graph uses the wrong mix: evaluate f at t a + (1 - t) b",
                ),
            ],
        ),
    )


@ex21.part("x^2 between two points", 1)
def _(rng):
    a, b = (round(float(x), 1) for x in rng.uniform(-3, 3, 2))
    return [_chord_case(_function(0)[0], a, b, float(rng.choice([0.25, 0.5, 0.75])))]


@ex21.part("random functions, end points and t", 2)
def _(rng):
    cases = []
    for i in range(len(_FUNCTIONS)):
        f, (lo, hi) = _function(i)
        a, b = rng.uniform(lo, hi, 2)
        cases.append(_chord_case(f, float(a), float(b), float(rng.uniform(0.05, 0.95))))
    return cases


@ex21.part("t = 0 and t = 1 give a gap of zero", 1)
def _(rng):
    a, b = sorted(float(x) for x in rng.uniform(-2, 2, 2))
    return [_chord_case(_function(1)[0], a, b, t) for t in (0.0, 1.0)]


# ----------------------------------------------------------------------------- exercise 2.2
ex22 = Exercise(
    "2.2", "the Hessian of the mean squared error", ["mse_hessian"], forbid=("mse_hessian",)
)


def _hessian_case(X):
    n = X.shape[0]
    expected = 2 * X.T @ X / n
    return call(
        "mse_hessian",
        [X],
        ["X"],
        f"X={show(X)} (shape {X.shape})",
        close(
            expected,
            "the Hessian",
            rtol=1e-9,
            variants=[
                (X.T @ X / n, "missing the factor 2 (the derivative of the square)"),
                (2 * X.T @ X, "missing the division by N: the loss is a mean"),
                (X.T @ X, "missing both the factor 2 and the division by N"),
            ],
        ),
    )


@ex22.part("a 3 x 2 example", 1)
def _(rng):
    return [_hessian_case(rng.integers(-3, 4, (3, 2)).astype(float))]


@ex22.part("random data matrices", 2)
def _(rng):
    cases = []
    for _ in range(5):
        n, d = int(rng.integers(4, 12)), int(rng.integers(1, 5))
        cases.append(_hessian_case(rng.standard_normal((n, d))))
    return cases


@ex22.part("more features than examples (N < d)", 1)
def _(rng):
    return [_hessian_case(rng.standard_normal((2, 4)))]


# ----------------------------------------------------------------------------- exercise 2.3
ex23 = Exercise("2.3", "Jensen's gap of e^x", ["exp_jensen_gap"], forbid=("jensen_gap",))


@ex23.part("E[e^X] - e^E[X] for X uniform on {0, 1, 2}", 2)
def _(rng):
    x = np.array([0.0, 1.0, 2.0])
    expected = np.mean(np.exp(x)) - np.exp(np.mean(x))
    return [
        value(
            "exp_jensen_gap",
            "X uniform on {0, 1, 2}",
            close(
                expected,
                "exp_jensen_gap",
                rtol=0,
                atol=1e-4,
                variants=[
                    (np.mean(np.exp(x)), "that is E[e^X] alone; subtract e^(E[X])"),
                    (np.exp(np.mean(x)), "that is e^(E[X]) alone"),
                ],
            ),
        )
    ]

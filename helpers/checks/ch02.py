"""Checks for the exercises of chapter 2, convexity."""

from __future__ import annotations

import numpy as np

from ..grading import Exercise, call, expect_close, show_array
from ._inputs import named

# ----------------------------------------------------------------------------- exercise 2.1
ex21 = Exercise("2.1", "the chord gap", ["chord_gap"])

_FUNCTIONS = [
    (named(lambda x: x**2, "x^2"), (-3, 3)),
    (named(np.exp, "exp"), (-2, 2)),
    (named(lambda x: np.abs(x), "|x|"), (-3, 3)),
    (named(np.sin, "sin"), (-3, 3)),
    (named(lambda x: x**3 - x, "x^3 - x"), (-2, 2)),
    (named(lambda x: np.log1p(np.exp(x)), "log(1 + e^x)"), (-4, 4)),
]


def _chord_case(chord_gap, f, a, b, t):
    expected = t * f(a) + (1 - t) * f(b) - f(t * a + (1 - t) * b)
    got = call(chord_gap, f, a, b, t, names=["f", "a", "b", "t"])
    inputs = f"f={f.__name__}, a={a:.6g}, b={b:.6g}, t={t:.6g}"
    expect_close(
        got,
        expected,
        inputs,
        "the chord gap",
        rtol=1e-9,
        atol=1e-10,
        variants=[
            (
                (1 - t) * f(a) + t * f(b) - f(t * a + (1 - t) * b),
                "the weights are swapped: the chord is t f(a) + (1 - t) f(b), and the point on the "
                "graph below it is t a + (1 - t) b",
            ),
            (
                t * f(a) + (1 - t) * f(b) - f((1 - t) * a + t * b),
                "the point on the graph uses the wrong mix: evaluate f at t a + (1 - t) b",
            ),
        ],
    )


@ex21.part("x^2 between 0 and 2 at t = 0.5", 1)
def _(ans, rng):
    _chord_case(ans["chord_gap"], _FUNCTIONS[0][0], 0.0, 2.0, 0.5)


@ex21.part("random functions, end points and t", 2)
def _(ans, rng):
    for f, (lo, hi) in _FUNCTIONS:
        a, b = rng.uniform(lo, hi, 2)
        _chord_case(ans["chord_gap"], f, float(a), float(b), float(rng.uniform(0.05, 0.95)))


@ex21.part("t = 0 and t = 1 give a gap of zero", 1)
def _(ans, rng):
    for t in (0.0, 1.0):
        _chord_case(ans["chord_gap"], _FUNCTIONS[1][0], -1.0, 1.5, t)


# ----------------------------------------------------------------------------- exercise 2.2
ex22 = Exercise("2.2", "the Hessian of the mean squared error", ["mse_hessian"])


def _hessian_case(mse_hessian, X):
    n = X.shape[0]
    expected = 2 * X.T @ X / n
    got = call(mse_hessian, X, names=["X"])
    expect_close(
        got,
        expected,
        f"X={show_array(X)} (shape {X.shape})",
        "the Hessian",
        rtol=1e-9,
        variants=[
            (X.T @ X / n, "missing the factor 2 (the derivative of the square)"),
            (2 * X.T @ X, "missing the division by N: the loss is a mean"),
            (X.T @ X, "missing both the factor 2 and the division by N"),
        ],
    )


@ex22.part("a 3 x 2 example", 1)
def _(ans, rng):
    _hessian_case(ans["mse_hessian"], np.array([[1.0, 2.0], [0.0, 1.0], [3.0, -1.0]]))


@ex22.part("random data matrices", 2)
def _(ans, rng):
    for _ in range(5):
        n, d = int(rng.integers(4, 12)), int(rng.integers(1, 5))
        _hessian_case(ans["mse_hessian"], rng.standard_normal((n, d)))


@ex22.part("more features than examples (N < d)", 1)
def _(ans, rng):
    _hessian_case(ans["mse_hessian"], rng.standard_normal((2, 4)))


# ----------------------------------------------------------------------------- exercise 2.3
ex23 = Exercise("2.3", "Jensen's gap of e^x", ["exp_jensen_gap"])


@ex23.part("E[e^X] - e^E[X] for X uniform on {0, 1, 2}", 2)
def _(ans, rng):
    x = np.array([0.0, 1.0, 2.0])
    expected = np.mean(np.exp(x)) - np.exp(np.mean(x))
    expect_close(
        ans["exp_jensen_gap"],
        expected,
        "X uniform on {0, 1, 2}",
        "exp_jensen_gap",
        rtol=0,
        atol=1e-4,
        variants=[
            (np.mean(np.exp(x)), "that is E[e^X] alone; subtract e^(E[X])"),
            (np.exp(np.mean(x)), "that is e^(E[X]) alone"),
        ],
    )

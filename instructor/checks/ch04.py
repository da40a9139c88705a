"""Checks for the exercises of chapter 4, saddle points and plateaus."""

from __future__ import annotations

import numpy as np

from helpers.practice.inputs import show

from ..cases import Exercise, call, close, equal, value
from ._inputs import symmetric_with_eigenvalues

# ----------------------------------------------------------------------------- exercise 4.1
ex41 = Exercise("4.1", "escaping the saddle x^2 - y^2", ["escape_steps"], forbid=("escape_steps",))


def _escape_reference(eps, lr):
    y, k = eps, 0
    while abs(y) < 1:
        y, k = (1 + 2 * lr) * y, k + 1
    return k


def _escape_case(eps, lr):
    expected = _escape_reference(eps, lr)
    half = _escape_reference(eps, lr / 2)
    variants = (
        {half: "the factor per step is 1 + 2 lr: the gradient of -y^2 is -2y, so y <- y + 2 lr y"}
        if half != expected
        else None
    )
    return call(
        "escape_steps",
        [eps, lr],
        ["eps", "lr"],
        f"eps={eps:.6g}, lr={lr:.6g}",
        equal(expected, "the number of steps", variants=variants),
    )


@ex41.part("a worked example", 1)
def _(rng):
    return [
        _escape_case(
            float(rng.integers(1, 10)) * float(10.0 ** -rng.integers(3, 9)),
            round(float(rng.uniform(0.05, 0.25)), 3),
        )
    ]


@ex41.part("random eps from 1e-9 to 1e-2 and random rates", 2)
def _(rng):
    return [
        _escape_case(float(10 ** rng.uniform(-9, -2)), float(rng.uniform(0.02, 0.4)))
        for _ in range(8)
    ]


@ex41.part("a start already outside |y| < 1 takes 0 steps", 1)
def _(rng):
    return [_escape_case(round(float(rng.uniform(1.0, 3.0)), 2), float(rng.uniform(0.05, 0.3)))]


# ----------------------------------------------------------------------------- exercise 4.2
ex42 = Exercise("4.2", "the index of a critical point", ["morse_index"])


def _index_case(H, k):
    n = H.shape[0]
    variants = (
        {
            n - k: "you counted the positive eigenvalues; the index counts the negative "
            "ones (the directions that lead downhill)"
        }
        if n - k != k
        else None
    )
    return call("morse_index", [H], ["H"], f"H={show(H)}", equal(k, "the index", variants=variants))


@ex42.part("diagonal examples", 1)
def _(rng):
    cases = []
    for n, k in ((2, 0), (3, 1), (3, 2)):
        eig = rng.integers(1, 6, n).astype(float) * np.r_[-np.ones(k), np.ones(n - k)]
        cases.append(_index_case(np.diag(rng.permutation(eig)), k))
    return cases


@ex42.part("random rotated Hessians up to 8 dimensions", 3)
def _(rng):
    cases = []
    for _ in range(8):
        n = int(rng.integers(2, 9))
        k = int(rng.integers(0, n + 1))
        if 2 * k == n:
            k = max(0, k - 1)
        eig = rng.uniform(0.3, 4.0, n) * np.r_[-np.ones(k), np.ones(n - k)]
        cases.append(_index_case(symmetric_with_eigenvalues(rng, eig), k))
    return cases


# ----------------------------------------------------------------------------- exercise 4.3
ex43 = Exercise("4.3", "extra steps per decade of eps", ["steps_per_decade"])


@ex43.part("log(10) / log(1 + 2 lr) at lr = 0.1", 2)
def _(rng):
    expected = np.log(10) / np.log(1.2)
    return [
        value(
            "steps_per_decade",
            "f = x^2 - y^2, lr = 0.1",
            close(
                expected,
                "steps_per_decade",
                rtol=0,
                atol=0.01,
                variants=[
                    (np.log(10) / np.log(1.1), "the factor per step is 1 + 2 lr = 1.2, not 1 + lr"),
                    (
                        np.log(10) / 0.2,
                        "log(1 + 2 lr) is close to 2 lr only for tiny lr; use the exact log(1.2)",
                    ),
                ],
            ),
        )
    ]

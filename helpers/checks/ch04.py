"""Checks for the exercises of chapter 4, saddle points and plateaus."""

from __future__ import annotations

import numpy as np

from ..grading import Exercise, call, expect_close, expect_equal, show_array
from ._inputs import symmetric_with_eigenvalues

# ----------------------------------------------------------------------------- exercise 4.1
ex41 = Exercise("4.1", "escaping the saddle x^2 - y^2", ["escape_steps"])


def _escape_reference(eps, lr):
    y, k = eps, 0
    while abs(y) < 1:
        y, k = (1 + 2 * lr) * y, k + 1
    return k


def _escape_case(escape_steps, eps, lr):
    expected = _escape_reference(eps, lr)
    got = call(escape_steps, eps, lr, names=["eps", "lr"])
    expect_equal(
        got,
        expected,
        f"eps={eps:.6g}, lr={lr:.6g}",
        "the number of steps",
        variants={
            _escape_reference(eps, lr / 2): "the factor per step is 1 + 2 lr: the gradient of "
            "-y^2 is -2y, so y <- y + 2 lr y",
        }
        if _escape_reference(eps, lr / 2) != expected
        else None,
    )


@ex41.part("eps = 1e-6, lr = 0.1", 1)
def _(ans, rng):
    _escape_case(ans["escape_steps"], 1e-6, 0.1)


@ex41.part("random eps from 1e-9 to 1e-2 and random rates", 2)
def _(ans, rng):
    for _ in range(8):
        _escape_case(
            ans["escape_steps"], float(10 ** rng.uniform(-9, -2)), float(rng.uniform(0.02, 0.4))
        )


@ex41.part("a start already outside |y| < 1 takes 0 steps", 1)
def _(ans, rng):
    _escape_case(ans["escape_steps"], 1.5, 0.1)


# ----------------------------------------------------------------------------- exercise 4.2
ex42 = Exercise("4.2", "the index of a critical point", ["morse_index"])


def _index_case(morse_index, H, k):
    got = call(morse_index, H, names=["H"])
    n = H.shape[0]
    expect_equal(
        got,
        k,
        f"H={show_array(H)}",
        "the index",
        variants={
            n - k: "you counted the positive eigenvalues; the index counts the negative ones "
            "(the directions that lead downhill)"
        }
        if n - k != k
        else None,
    )


@ex42.part("diagonal examples", 1)
def _(ans, rng):
    for eig, k in (([1.0, 2.0], 0), ([1.0, -2.0, 3.0], 1), ([-1.0, -2.0, 3.0], 2)):
        _index_case(ans["morse_index"], np.diag(eig), k)


@ex42.part("random rotated Hessians up to 8 dimensions", 3)
def _(ans, rng):
    for _ in range(8):
        n = int(rng.integers(2, 9))
        k = int(rng.integers(0, n + 1))
        if 2 * k == n:
            k = max(0, k - 1)
        eig = rng.uniform(0.3, 4.0, n) * np.r_[-np.ones(k), np.ones(n - k)]
        _index_case(ans["morse_index"], symmetric_with_eigenvalues(rng, eig), k)


# ----------------------------------------------------------------------------- exercise 4.3
ex43 = Exercise("4.3", "extra steps per decade of eps", ["steps_per_decade"])


@ex43.part("log(10) / log(1 + 2 lr) at lr = 0.1", 2)
def _(ans, rng):
    expected = np.log(10) / np.log(1.2)
    expect_close(
        ans["steps_per_decade"],
        expected,
        "f = x^2 - y^2, lr = 0.1",
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
    )

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
ex43 = Exercise(
    "4.3",
    "predict the median escape, then run",
    ["predicted_median", "median_escape"],
    forbid=("noisy_escape_quantile", "noisy_escape_cdf"),
)

# The problem of part A (solutions/sol04_saddles.md): noisy gradient descent started
# exactly at the saddle of x^2 - y^2.
MEDIAN_LR, MEDIAN_SIGMA = 0.05, 1e-8
MEDIAN_ABS_Z = 0.6744897501960817  # the median of |Z|, Z ~ N(0, 1): P(|Z| < m) = 1/2
_ETA_HINT = "the noise enters the step multiplied by lr: the kick is lr * sigma * xi"
_Z_HINT = "the median of |Z| is about 0.674, not 0.5 or 1"
_FACTOR_HINT = "the unstable factor per step is 1 + 2 lr (the curvature of -y^2 is -2)"


def escape_quantile(z, lr, sigma, growth=None, kick=None):
    """The escape time of y_{k+1} = a y_k - lr sigma xi_k from y_0 = 0 to |y| >= 1 when
    |Z| = z (chapter 4: |y_k| ~ lr sigma a^k |Z| / sqrt(a^2 - 1)), a = 1 + 2 lr."""
    a = 1 + 2 * lr if growth is None else growth
    kick = lr * sigma if kick is None else kick
    return float(np.log(np.sqrt(a * a - 1) / (kick * z)) / np.log(a))


def _median_variants(lr, sigma):
    return [
        (np.ceil(escape_quantile(MEDIAN_ABS_Z, lr, sigma, kick=sigma)), _ETA_HINT),
        (np.ceil(escape_quantile(0.5, lr, sigma)), _Z_HINT),
        (np.ceil(escape_quantile(1.0, lr, sigma)), _Z_HINT),
        (np.ceil(escape_quantile(MEDIAN_ABS_Z, lr, sigma, growth=1 + lr)), _FACTOR_HINT),
    ]


@ex43.part("the predicted median escape step, sigma = 1e-8, lr = 0.05", 2)
def _(rng):
    lr, sigma = MEDIAN_LR, MEDIAN_SIGMA
    expected = np.ceil(escape_quantile(MEDIAN_ABS_Z, lr, sigma))
    return [
        value(
            "predicted_median",
            f"noisy gradient descent on x^2 - y^2 from the saddle, lr = {lr}, sigma = {sigma}",
            close(
                expected,
                "predicted_median",
                rtol=0,
                atol=1,
                variants=_median_variants(lr, sigma),
                plausible=(0, 1000),
            ),
        )
    ]


@ex43.part("median_escape on hidden noise levels and learning rates", 4)
def _(rng):
    cases = []
    for _ in range(2):
        sigma = float(10 ** rng.uniform(-10, -3))
        lr = float(rng.uniform(0.02, 0.2))
        seed = int(rng.integers(2**31))
        # a run's escape step is the ceiling of its escape time: half a step later on average
        expected = escape_quantile(MEDIAN_ABS_Z, lr, sigma) + 0.5
        cases.append(
            call(
                "median_escape",
                [sigma, lr, 4000, seed],
                ["sigma", "lr", "n_runs", "seed"],
                f"sigma={sigma:.3g}, lr={lr:.4f}, n_runs=4000, seed={seed}",
                close(
                    expected,
                    "the median escape step",
                    rtol=0,
                    atol=2,
                    variants=_median_variants(lr, sigma)[::3],
                ),
            )
        )
    return cases

"""Checks for the exercises of chapter 3, critical points and the Hessian."""

from __future__ import annotations

import numpy as np

from helpers.practice.inputs import show

from ..cases import Exercise, call, close, equal, pair, tuple_of, value
from ._inputs import input_fn, symmetric_with_eigenvalues

# ----------------------------------------------------------------------------- exercise 3.1
ex31 = Exercise(
    "3.1",
    "classify a critical point from its Hessian",
    ["classify", "monkey_origin"],
    forbid=("classify_critical_point", "classify_eigenvalues", "find_critical_points"),
)

_DEGENERATE = "a zero eigenvalue (|lambda| < 1e-8) makes the test inconclusive: answer 'degenerate'"
_SWAP_HINTS = {  # expected: {a wrong answer: its hint}
    "minimum": {
        "maximum": "minimum and maximum are swapped: all eigenvalues positive means "
        "the surface curves up in every direction, a minimum"
    },
    "maximum": {
        "minimum": "minimum and maximum are swapped: all eigenvalues negative means "
        "the surface curves down in every direction, a maximum"
    },
    "saddle": {
        "degenerate": "eigenvalues of both signs make a saddle even when another eigenvalue is zero"
    },
    "degenerate": {
        "minimum": _DEGENERATE,
        "maximum": _DEGENERATE,
        "saddle": "a zero eigenvalue with no negative one is not a saddle test "
        "result: answer 'degenerate'",
    },
}


def kind(eig):
    """The second-order test on a Hessian's eigenvalues."""
    eig = np.asarray(eig)
    pos, neg = np.any(eig > 1e-8), np.any(eig < -1e-8)
    if pos and neg:
        return "saddle"
    if np.all(np.abs(eig) > 1e-8):
        return "minimum" if pos else "maximum"
    return "degenerate"


def _classify_case(H):
    expected = kind(np.linalg.eigvalsh(H))
    return call(
        "classify",
        [H],
        ["H"],
        f"H={show(H)}",
        equal(expected, "the classification", variants=_SWAP_HINTS[expected]),
    )


@ex31.part("the four textbook cases", 1)
def _(rng):
    a, b = (round(float(x), 1) for x in rng.uniform(0.5, 5, 2))
    return [
        _classify_case(H)
        for H in (np.diag([a, b]), np.diag([-a, -b]), np.diag([a, -b]), np.zeros((2, 2)))
    ]


@ex31.part("random rotated Hessians in 2 to 5 dimensions", 2)
def _(rng):
    cases = []
    for sign in ([1], [-1], [1, -1], [1, -1], [1], [-1]):
        n = int(rng.integers(2, 6))
        eig = rng.uniform(0.2, 5.0, n) * rng.choice(sign, n)
        if len(sign) == 2:
            eig[:2] = [abs(eig[0]), -abs(eig[1])]
        cases.append(_classify_case(symmetric_with_eigenvalues(rng, eig)))
    return cases


@ex31.part("a zero eigenvalue: degenerate or still a saddle", 1)
def _(rng):
    a, b = (float(x) for x in rng.uniform(0.5, 4, 2))
    return [
        _classify_case(symmetric_with_eigenvalues(rng, eig))
        for eig in ([a, 0.0], [-a, 0.0, -b], [a, -b, 0.0])
    ]


@ex31.part("the monkey saddle: what the test says at the origin", 1)
def _(rng):
    H = np.array([[6 * 0.0, -6 * 0.0], [-6 * 0.0, -6 * 0.0]])
    expected = kind(np.linalg.eigvalsh(H))
    not_minmax = (
        "f(t, 0) = t^3 takes both signs next to the origin, so it is neither a "
        "minimum nor a maximum; and the Hessian there is the zero matrix"
    )
    return [
        value(
            "monkey_origin",
            "f(x, y) = x^3 - 3 x y^2 at (0, 0)",
            equal(
                expected,
                "monkey_origin",
                variants={
                    "saddle": "the shape is a saddle (a monkey saddle), but the question is "
                    "what the second-order test says: the Hessian at the origin "
                    "is the zero matrix, so the test cannot decide",
                    "minimum": not_minmax,
                    "maximum": not_minmax,
                },
            ),
        )
    ]


# ----------------------------------------------------------------------------- exercise 3.2
ex32 = Exercise(
    "3.2", "a central-difference gradient", ["fd_gradient"], forbid=("numerical_gradient",)
)


def _test_function(rng, d):
    a = rng.uniform(0.5, 2.0, d)
    m = rng.standard_normal((d, d))
    A = (m + m.T) / 2

    def grad(w):
        return a * np.cos(a * w) + A @ w + w**2

    return input_fn("smooth", f"a random smooth function of {d} variables", a=a, A=A), grad


def _fd_case(f, grad, w, h):
    spec, g = f
    expected = grad(w)
    forward = np.array([(g(w + h * e) - g(w)) / h for e in np.eye(w.size)])
    central_h = np.array([(g(w + h * e) - g(w - h * e)) / h for e in np.eye(w.size)])
    return call(
        "fd_gradient",
        [spec, w, h],
        ["f", "w", "h"],
        f"f={spec['fn']['name']}, w={show(w)}, h={h:g}",
        close(
            expected,
            "the gradient",
            rtol=1e-6,
            atol=1e-7,
            variants=[
                (central_h, "the central difference divides by 2h, not h"),
                (
                    forward,
                    "that is the forward difference (f(w + h e) - f(w)) / h; use "
                    "the central one, (f(w + h e) - f(w - h e)) / (2h), which is "
                    "far more accurate",
                ),
            ],
        ),
    )


@ex32.part("x^2 y + sin y at a point", 1)
def _(rng):
    w = rng.integers(-2, 3, 2).astype(float)
    grad = lambda w: np.array([2 * w[0] * w[1], w[0] ** 2 + np.cos(w[1])])  # noqa: E731
    return [_fd_case(input_fn("poly_xy", "x^2 y + sin y"), grad, w, 1e-5)]


@ex32.part("random smooth functions in 1 to 6 dimensions", 2)
def _(rng):
    cases = []
    for _ in range(4):
        d = int(rng.integers(1, 7))
        f, grad = _test_function(rng, d)
        cases.append(_fd_case(f, grad, rng.uniform(-1.5, 1.5, d), 1e-5))
    return cases


@ex32.part("the result has the shape of w", 1)
def _(rng):
    f, grad = _test_function(rng, 7)
    return [_fd_case(f, grad, rng.uniform(-1, 1, 7), 1e-5)]


# ----------------------------------------------------------------------------- exercise 3.3
ex33 = Exercise(
    "3.3",
    "the stability limit and the best step",
    ["step_limits"],
    forbid=("gd_stability_limit", "gd_optimal_step", "gd_optimal_rate", "gd_rate"),
)


def _limits_case(A):
    eig = np.linalg.eigvalsh(A)
    mu, L = eig[0], eig[-1]
    limit_variants = [
        (1 / L, "missing the factor 2: the limit is 2 / lambda_max"),
        (
            2 / mu,
            "that uses the smallest eigenvalue; the steepest direction (lambda_max) is the "
            "one that blows up first",
        ),
        (
            2 / np.max(np.diag(A)),
            "the diagonal entries are not the eigenvalues unless A is diagonal: use "
            "np.linalg.eigvalsh",
        ),
    ]
    best_variants = [
        (
            1 / L,
            "1 / lambda_max is safe but not best: balance both ends, 2 / (lambda_min + lambda_max)",
        ),
        (1 / (mu + L), "missing the factor 2: the best step is 2 / (lambda_min + lambda_max)"),
        (
            2 / L,
            "2 / lambda_max is the stability limit, where the steep direction stops shrinking",
        ),
    ]
    if np.isclose(mu, L):  # a round bowl: 1 / L is the best step, 2 / L the limit
        limit_variants, best_variants = limit_variants[:1], best_variants[1:]
    return call(
        "step_limits",
        [A],
        ["A"],
        f"A={show(A)}",
        pair(
            "step_limits",
            "(limit, best_lr)",
            items=[
                (0, close(2 / L, "the stability limit", rtol=1e-7, variants=limit_variants)),
                (1, close(2 / (mu + L), "the best step", rtol=1e-7, variants=best_variants)),
            ],
            swapped_hint="(limit, best_lr): the limit 2 / lambda_max comes first",
        ),
    )


@ex33.part("a diagonal matrix", 1)
def _(rng):
    big, small = round(float(rng.uniform(5, 20)), 1), round(float(rng.uniform(0.5, 3)), 1)
    return [_limits_case(np.diag(rng.permutation([small, big])))]


@ex33.part("random rotated quadratics", 2)
def _(rng):
    cases = []
    for _ in range(6):
        n = int(rng.integers(2, 6))
        eig = np.sort(np.exp(rng.uniform(np.log(0.1), np.log(50), n)))
        cases.append(_limits_case(symmetric_with_eigenvalues(rng, eig)))
    return cases


@ex33.part("a round bowl: the best step is half the limit", 1)
def _(rng):
    return [_limits_case(round(float(rng.uniform(0.5, 5)), 2) * np.eye(2))]


# ----------------------------------------------------------------------------- exercise 3.4
ex34 = Exercise(
    "3.4",
    "predict the rate, then run",
    ["predictions", "measured_rate"],
    forbid=("measured_rate", "gd_rate", "steps_to_tolerance"),
)

# The problem of part A, printed in the notebook (solutions/sol03_critical_points.md).
RATE_MATRIX = np.array([[6.0, 2.0, 1.0], [2.0, 3.0, 0.5], [1.0, 0.5, 0.8]])
RATE_LRS = (0.05, 0.26, 0.30)
RATE_TOL = 1e-6
_EXTREMES_HINT = "the rate is set by the extreme eigenvalues, not their mean"
_STEEPEST_HINT = (
    "the rate is the worst factor, max |1 - lr * lambda| over all eigenvalues: close to "
    "the limit 2 / lambda_max the steepest direction is the slowest"
)
_STEPS_HINT = (
    "steps is the smallest k with r^k < 1e-6: floor(ln 1e-6 / ln r) + 1 "
    "(chapter 3, gradient descent near a minimum)"
)
_DIVERGES_HINT = "r > 1 means it diverges: steps is None"


def _gd_factors(eig, lr):
    return 1 - lr * np.asarray(eig)


def _steps(r):
    return int(np.floor(np.log(RATE_TOL) / np.log(r))) + 1 if r < 1 else None


def _prediction(eig, lr):
    factors = _gd_factors(eig, lr)
    r = float(np.max(np.abs(factors)))
    converges = bool(r < 1)
    slow_side = float(abs(factors[0]))  # the flattest direction only
    mean = float(abs(1 - lr * np.mean(eig)))
    rate_variants = [(mean, _EXTREMES_HINT)]
    if abs(slow_side - r) > 1e-3:
        rate_variants.append((slow_side, _STEEPEST_HINT))
    k = _steps(r)
    steps = (
        equal(None, "steps", none_hint=_DIVERGES_HINT)
        if k is None
        else equal(
            k,
            "steps",
            variants={k - 1: _STEPS_HINT, _steps(slow_side): _STEEPEST_HINT},
            none_hint=("this run converges: give the number of steps, not None"),
        )
    )
    return tuple_of(
        f"the prediction for lr = {lr:g}",
        "(converges, rate, steps)",
        [
            (0, equal(converges, "converges")),
            (1, close(r, "the rate", rtol=1e-6, variants=rate_variants, plausible=(0, 2))),
            (2, steps),
        ],
        3,
    )


@ex34.part("the predictions for the three learning rates", 2)
def _(rng):
    eig = np.linalg.eigvalsh(RATE_MATRIX)
    items = [(i, _prediction(eig, lr)) for i, lr in enumerate(RATE_LRS)]
    expect = tuple_of("predictions", "(one triple for each learning rate)", items, 3)
    return [value("predictions", "A and the three learning rates of part A", expect)]


def measured_rate_reference(A, lr, w0, steps):
    """(|w_k| / |w_{k/2}|)^(2/k) for gradient descent w <- w - lr A w: a plain loop."""
    w, half = np.array(w0, dtype=float), None
    for k in range(1, steps + 1):
        w = w - lr * (A @ w)
        if k == steps // 2:
            half = w
    return (np.linalg.norm(w) / np.linalg.norm(half)) ** (2 / steps)


def _whole_run_rate(A, lr, w0, steps):
    w = np.array(w0, dtype=float)
    for _ in range(steps):
        w = w - lr * (A @ w)
    return (np.linalg.norm(w) / np.linalg.norm(w0)) ** (1 / steps)


def _rate_case(rng, diverge=False):
    """A quadratic whose two flattest directions have close factors and a start mostly
    along the second one: the measured rate differs from the formula's and from the
    whole run's, so only the run as asked gives it."""
    while True:
        d = int(rng.integers(3, 7))
        mu = float(rng.uniform(0.2, 1))
        top = float(rng.uniform(3, 10))
        eig = np.sort(np.r_[mu, mu * rng.uniform(1.05, 1.3), rng.uniform(mu, top, d - 3), top])
        A = symmetric_with_eigenvalues(rng, eig)
        if diverge:
            lr = float(rng.uniform(1.01, 1.05) * 2 / eig[-1])
        else:
            lr = float(rng.uniform(0.3, 0.95) * 2 / (eig[0] + eig[-1]))
        steps = int(2 * rng.integers(20, 60))
        u = np.linalg.eigh(A)[1]
        w0 = 0.3 * rng.standard_normal(d) + 3 * u[:, 1] + 0.3 * u[:, 0]
        expected = measured_rate_reference(A, lr, w0, steps)
        formula = float(np.max(np.abs(1 - lr * eig)))
        whole = _whole_run_rate(A, lr, w0, steps)
        if min(abs(expected - formula), abs(expected - whole)) > 1e-4 * formula:
            break
    return call(
        "measured_rate",
        [A, lr, w0, steps],
        ["A", "lr", "w0", "steps"],
        f"A={show(A)}, lr={lr:.6g}, w0={show(w0)}, steps={steps}",
        close(
            expected,
            "the measured rate",
            rtol=1e-6,
            variants=[
                (
                    whole,
                    "measure over the second half: the first steps still carry the fast "
                    "directions, (|w_k| / |w_{k/2}|)^(2/k)",
                ),
                (formula, "measure it from the run: the formula is the long-run rate"),
            ],
        ),
    )


@ex34.part("measured_rate on hidden quadratics, rates and starts", 4)
def _(rng):
    return [_rate_case(rng, diverge=k == 5) for k in range(6)]

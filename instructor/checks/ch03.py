"""Checks for the exercises of chapter 3, critical points and the Hessian."""

from __future__ import annotations

import numpy as np

from helpers.practice.inputs import show

from ..cases import Exercise, call, close, equal, value
from ._inputs import input_fn, symmetric_with_eigenvalues

# ----------------------------------------------------------------------------- exercise 3.1
ex31 = Exercise(
    "3.1",
    "classify a critical point from its Hessian",
    ["classify"],
    forbid=("classify_critical_point", "classify_eigenvalues"),
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
    "the monkey saddle's critical point",
    ["monkey_origin"],
    forbid=("classify_critical_point", "classify_eigenvalues", "find_critical_points"),
)


@ex33.part("what the second-order test says at the origin", 2)
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

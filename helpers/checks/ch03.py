"""Checks for the exercises of chapter 3, critical points and the Hessian."""

from __future__ import annotations

import numpy as np

from ..grading import Exercise, call, expect_close, expect_equal, show_array
from ._inputs import named, symmetric_with_eigenvalues

# ----------------------------------------------------------------------------- exercise 3.1
ex31 = Exercise("3.1", "classify a critical point from its Hessian", ["classify"])

_SWAP_HINTS = {
    ("minimum", "maximum"): "minimum and maximum are swapped: all eigenvalues positive means "
    "the surface curves up in every direction, a minimum",
    ("maximum", "minimum"): "minimum and maximum are swapped: all eigenvalues negative means "
    "the surface curves down in every direction, a maximum",
    ("saddle", "degenerate"): "eigenvalues of both signs make a saddle even when another "
    "eigenvalue is zero",
    ("degenerate", "minimum"): "a zero eigenvalue (|lambda| < 1e-8) makes the test "
    "inconclusive: answer 'degenerate'",
    ("degenerate", "maximum"): "a zero eigenvalue (|lambda| < 1e-8) makes the test "
    "inconclusive: answer 'degenerate'",
    ("degenerate", "saddle"): "a zero eigenvalue with no negative one is not a saddle test "
    "result: answer 'degenerate'",
}


def _kind(eig):
    eig = np.asarray(eig)
    pos, neg = np.any(eig > 1e-8), np.any(eig < -1e-8)
    if pos and neg:
        return "saddle"
    if np.all(np.abs(eig) > 1e-8):
        return "minimum" if pos else "maximum"
    return "degenerate"


def _classify_case(classify, H):
    expected = _kind(np.linalg.eigvalsh(H))
    got = call(classify, H, names=["H"])
    key = got.strip().lower() if isinstance(got, str) else None
    hint = _SWAP_HINTS.get((expected, key))
    expect_equal(
        got,
        expected,
        f"H={show_array(H)}",
        "the classification",
        variants={key: hint} if hint else None,
    )


@ex31.part("the four textbook cases", 1)
def _(ans, rng):
    for H in (np.diag([2.0, 3.0]), np.diag([-1.0, -4.0]), np.diag([2.0, -2.0]), np.zeros((2, 2))):
        _classify_case(ans["classify"], H)


@ex31.part("random rotated Hessians in 2 to 5 dimensions", 2)
def _(ans, rng):
    for sign in ([1], [-1], [1, -1], [1, -1], [1], [-1]):
        n = int(rng.integers(2, 6))
        eig = rng.uniform(0.2, 5.0, n) * rng.choice(sign, n)
        if len(sign) == 2:
            eig[:2] = [abs(eig[0]), -abs(eig[1])]
        _classify_case(ans["classify"], symmetric_with_eigenvalues(rng, eig))


@ex31.part("a zero eigenvalue: degenerate or still a saddle", 1)
def _(ans, rng):
    for eig in ([3.0, 0.0], [-2.0, 0.0, -1.0], [1.0, -1.0, 0.0]):
        _classify_case(ans["classify"], symmetric_with_eigenvalues(rng, eig))


# ----------------------------------------------------------------------------- exercise 3.2
ex32 = Exercise("3.2", "a central-difference gradient", ["fd_gradient"])


def _test_function(rng, d):
    a = rng.uniform(0.5, 2.0, d)
    m = rng.standard_normal((d, d))
    A = (m + m.T) / 2

    def f(w):
        return float(np.sum(np.sin(a * w)) + 0.5 * w @ A @ w + np.sum(w**3) / 3)

    def grad(w):
        return a * np.cos(a * w) + A @ w + w**2

    return named(f, f"a random smooth function of {d} variables"), grad


def _fd_case(fd_gradient, f, grad, w, h):
    expected = grad(w)
    got = call(fd_gradient, f, w, h, names=["f", "w", "h"])
    forward = np.array([(f(w + h * e) - f(w)) / h for e in np.eye(w.size)])
    central_h = np.array([(f(w + h * e) - f(w - h * e)) / h for e in np.eye(w.size)])
    expect_close(
        got,
        expected,
        f"f={f.__name__}, w={show_array(w)}, h={h:g}",
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
    )


@ex32.part("x^2 y + sin y at (1, 2)", 1)
def _(ans, rng):
    f = named(lambda w: float(w[0] ** 2 * w[1] + np.sin(w[1])), "x^2 y + sin y")
    grad = lambda w: np.array([2 * w[0] * w[1], w[0] ** 2 + np.cos(w[1])])  # noqa: E731
    _fd_case(ans["fd_gradient"], f, grad, np.array([1.0, 2.0]), 1e-5)


@ex32.part("random smooth functions in 1 to 6 dimensions", 2)
def _(ans, rng):
    for _ in range(4):
        d = int(rng.integers(1, 7))
        f, grad = _test_function(rng, d)
        _fd_case(ans["fd_gradient"], f, grad, rng.uniform(-1.5, 1.5, d), 1e-5)


@ex32.part("the result has the shape of w", 1)
def _(ans, rng):
    f, grad = _test_function(rng, 7)
    _fd_case(ans["fd_gradient"], f, grad, rng.uniform(-1, 1, 7), 1e-5)


# ----------------------------------------------------------------------------- exercise 3.3
ex33 = Exercise("3.3", "the monkey saddle's critical point", ["monkey_origin"])


@ex33.part("what the second-order test says at the origin", 2)
def _(ans, rng):
    H = np.array([[6 * 0.0, -6 * 0.0], [-6 * 0.0, -6 * 0.0]])
    expected = _kind(np.linalg.eigvalsh(H))
    not_minmax = (
        "f(t, 0) = t^3 takes both signs next to the origin, so it is neither a "
        "minimum nor a maximum; and the Hessian there is the zero matrix"
    )
    expect_equal(
        ans["monkey_origin"],
        expected,
        "f(x, y) = x^3 - 3 x y^2 at (0, 0)",
        "monkey_origin",
        variants={
            "saddle": "the shape is a saddle (a monkey saddle), but the question is "
            "what the second-order test says: the Hessian at the origin is "
            "the zero matrix, so the test cannot decide",
            "minimum": not_minmax,
            "maximum": not_minmax,
        },
    )

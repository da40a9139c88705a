"""Checks for the exercises of chapter 1, the loss surface."""

from __future__ import annotations

import numpy as np

from ..grading import Exercise, call, expect_close, show_array
from ._inputs import named


def _wavy(w):
    return np.sin(3 * w) + 0.5 * w**2 - w


def _wavy_grad(w):
    return 3 * np.cos(3 * w) + w - 1


def _random_quadratic_grad(rng, d):
    """The gradient A w - b of 0.5 w.A.w - b.w for a random symmetric A."""
    m = rng.standard_normal((d, d))
    a, b = (m + m.T) / 2, rng.standard_normal(d)
    return named(lambda w: a @ w - b, f"gradient of a random {d}-D quadratic")


# ----------------------------------------------------------------------------- exercise 1.1
ex11 = Exercise("1.1", "one gradient descent step", ["gd_step"])


def _gd_step_case(gd_step, w, grad, lr):
    expected = w - lr * grad(w)
    got = call(gd_step, w, grad, lr, names=["w", "grad", "lr"])
    inputs = f"w={show_array(w)}, grad={grad.__name__}, lr={lr:g}"
    expect_close(
        got,
        expected,
        inputs,
        "the new point",
        variants=[
            (w + lr * grad(w), "wrong sign: step *against* the gradient, w - lr * grad(w)"),
            (
                -lr * grad(w),
                "you returned the step -lr * grad(w), not the new point w - lr * grad(w)",
            ),
            (w - grad(w), "the learning rate is missing: scale the gradient by lr"),
        ],
    )


@ex11.part("a worked example on the bowl w1^2 + w2^2", 1)
def _(ans, rng):
    _gd_step_case(ans["gd_step"], np.array([1.0, -2.0]), named(lambda w: 2 * w, "2 w"), 0.1)


@ex11.part("random quadratics in 1 to 5 dimensions", 2)
def _(ans, rng):
    for _ in range(6):
        d = int(rng.integers(1, 6))
        _gd_step_case(
            ans["gd_step"],
            rng.standard_normal(d),
            _random_quadratic_grad(rng, d),
            float(rng.uniform(0.01, 0.5)),
        )


@ex11.part("the 1-D loss sin 3w + w^2/2 - w", 1)
def _(ans, rng):
    for w in rng.uniform(-3, 5, 4):
        _gd_step_case(
            ans["gd_step"],
            np.array([w]),
            named(_wavy_grad, "3 cos 3w + w - 1"),
            float(rng.uniform(0.01, 0.2)),
        )


# ----------------------------------------------------------------------------- exercise 1.2
ex12 = Exercise("1.2", "a gradient descent path", ["gd_path"])


def _gd_path_reference(grad, w0, lr, steps):
    path = [np.array(w0, dtype=float)]
    for _ in range(steps):
        path.append(path[-1] - lr * grad(path[-1]))
    return np.array(path)


def _gd_path_case(gd_path, grad, w0, lr, steps):
    expected = _gd_path_reference(grad, w0, lr, steps)
    got = call(gd_path, grad, w0, lr, steps, names=["grad", "w0", "lr", "steps"])
    inputs = f"grad={grad.__name__}, w0={show_array(w0)}, lr={lr:g}, steps={steps}"
    expect_close(
        got,
        expected,
        inputs,
        "the path",
        steps=True,
        variants=[
            (
                _gd_path_reference(lambda w: -grad(w), w0, lr, steps),
                "wrong sign: each step goes uphill; use w - lr * grad(w)",
            ),
        ],
    )


@ex12.part("five steps on sin 3w + w^2/2 - w", 1)
def _(ans, rng):
    _gd_path_case(ans["gd_path"], named(_wavy_grad, "3 cos 3w + w - 1"), np.array([0.5]), 0.05, 5)


@ex12.part("random quadratics, random step counts", 2)
def _(ans, rng):
    for _ in range(5):
        d = int(rng.integers(1, 5))
        _gd_path_case(
            ans["gd_path"],
            _random_quadratic_grad(rng, d),
            rng.standard_normal(d),
            float(rng.uniform(0.01, 0.3)),
            int(rng.integers(2, 15)),
        )


@ex12.part("zero steps returns just the start", 1)
def _(ans, rng):
    _gd_path_case(ans["gd_path"], named(lambda w: 2 * w, "2 w"), np.array([1.5, -0.5]), 0.1, 0)


# ----------------------------------------------------------------------------- exercise 1.3
ex13 = Exercise("1.3", "where is the global minimum?", ["global_min_w"])

_WAVY_MINIMA = None


def _wavy_minima():
    """Local minima of sin 3w + w^2/2 - w, by Newton on the derivative from a fine grid."""
    global _WAVY_MINIMA
    if _WAVY_MINIMA is None:
        w = np.linspace(-3, 5, 4001)
        d = _wavy_grad(w)
        roots = []
        for i in np.flatnonzero(np.sign(d[:-1]) != np.sign(d[1:])):
            x = w[i]
            for _ in range(50):
                x -= _wavy_grad(x) / (-9 * np.sin(3 * x) + 1)
            if -9 * np.sin(3 * x) + 1 > 0:
                roots.append(float(x))
        _WAVY_MINIMA = sorted(roots, key=_wavy)
    return _WAVY_MINIMA


@ex13.part("the global minimiser, to 3 decimals", 2)
def _(ans, rng):
    minima = _wavy_minima()
    expect_close(
        ans["global_min_w"],
        minima[0],
        "L(w) = sin 3w + w^2/2 - w",
        "global_min_w",
        atol=1e-3,
        rtol=0,
        variants=[
            (
                m,
                "that is a local minimum, not the lowest one: compare the losses "
                "of the minima your runs reach",
            )
            for m in minima[1:]
        ],
    )

"""Checks for the exercises of chapter 1, the loss surface."""

from __future__ import annotations

import numpy as np

from helpers.practice.inputs import show

from ..cases import Exercise, call, close, value
from ._inputs import input_fn


def _wavy(w):
    return np.sin(3 * w) + 0.5 * w**2 - w


def _wavy_grad(w):
    return 3 * np.cos(3 * w) + w - 1


def _random_quadratic_grad(rng, d):
    """The gradient A w - b of 0.5 w.A.w - b.w for a random symmetric A."""
    m = rng.standard_normal((d, d))
    a, b = (m + m.T) / 2, rng.standard_normal(d)
    return input_fn("affine", f"gradient of a random {d}-D quadratic", A=a, b=b)


# ----------------------------------------------------------------------------- exercise 1.1
ex11 = Exercise("1.1", "one gradient descent step", ["gd_step"])


def _gd_step_case(w, grad, lr):
    spec, g = grad
    expected = w - lr * g(w)
    return call(
        "gd_step",
        [w, spec, lr],
        ["w", "grad", "lr"],
        f"w={show(w)}, grad={spec['fn']['name']}, lr={lr:g}",
        close(
            expected,
            "the new point",
            variants=[
                (w + lr * g(w), "wrong sign: step *against* the gradient, w - lr * grad(w)"),
                (
                    -lr * g(w),
                    "you returned the step -lr * grad(w), not the new point w - lr * grad(w)",
                ),
                (w - g(w), "the learning rate is missing: scale the gradient by lr"),
            ],
        ),
    )


@ex11.part("a worked example on the bowl w1^2 + w2^2", 1)
def _(rng):
    w = rng.integers(-3, 4, 2).astype(float)
    return [
        _gd_step_case(w, input_fn("scale", "2 w", c=2.0), float(rng.choice([0.05, 0.1, 0.2, 0.25])))
    ]


@ex11.part("random quadratics in 1 to 5 dimensions", 2)
def _(rng):
    cases = []
    for _ in range(6):
        d = int(rng.integers(1, 6))
        cases.append(
            _gd_step_case(
                rng.standard_normal(d),
                _random_quadratic_grad(rng, d),
                float(rng.uniform(0.01, 0.5)),
            )
        )
    return cases


@ex11.part("the 1-D loss sin 3w + w^2/2 - w", 1)
def _(rng):
    grad = input_fn("wavy_grad", "3 cos 3w + w - 1")
    return [
        _gd_step_case(np.array([w]), grad, float(rng.uniform(0.01, 0.2)))
        for w in rng.uniform(-3, 5, 4)
    ]


# ----------------------------------------------------------------------------- exercise 1.2
ex12 = Exercise("1.2", "a gradient descent path", ["gd_path"])


def _gd_path_reference(grad, w0, lr, steps):
    path = [np.array(w0, dtype=float)]
    for _ in range(steps):
        path.append(path[-1] - lr * grad(path[-1]))
    return np.array(path)


def _gd_path_case(grad, w0, lr, steps):
    spec, g = grad
    expected = _gd_path_reference(g, w0, lr, steps)
    return call(
        "gd_path",
        [spec, w0, lr, steps],
        ["grad", "w0", "lr", "steps"],
        f"grad={spec['fn']['name']}, w0={show(w0)}, lr={lr:g}, steps={steps}",
        close(
            expected,
            "the path",
            steps=True,
            variants=[
                (
                    _gd_path_reference(lambda w: -g(w), w0, lr, steps),
                    "wrong sign: each step goes uphill; use w - lr * grad(w)",
                ),
            ],
        ),
    )


@ex12.part("five steps on sin 3w + w^2/2 - w", 1)
def _(rng):
    return [
        _gd_path_case(
            input_fn("wavy_grad", "3 cos 3w + w - 1"),
            np.array([round(float(rng.uniform(-1, 2)), 2)]),
            float(rng.choice([0.02, 0.05, 0.08])),
            5,
        )
    ]


@ex12.part("random quadratics, random step counts", 2)
def _(rng):
    cases = []
    for _ in range(5):
        d = int(rng.integers(1, 5))
        cases.append(
            _gd_path_case(
                _random_quadratic_grad(rng, d),
                rng.standard_normal(d),
                float(rng.uniform(0.01, 0.3)),
                int(rng.integers(2, 15)),
            )
        )
    return cases


@ex12.part("zero steps returns just the start", 1)
def _(rng):
    return [_gd_path_case(input_fn("scale", "2 w", c=2.0), rng.uniform(-2, 2, 2), 0.1, 0)]


# ----------------------------------------------------------------------------- exercise 1.3
ex13 = Exercise("1.3", "where is the global minimum?", ["global_min_w"])

_WAVY_MINIMA = None


def wavy_minima():
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
def _(rng):
    minima = wavy_minima()
    return [
        value(
            "global_min_w",
            "L(w) = sin 3w + w^2/2 - w",
            close(
                minima[0],
                "global_min_w",
                atol=1e-3,
                rtol=0,
                plausible=(-3, 5),  # the range the exercise says to search
                variants=[
                    (
                        m,
                        "that is a local minimum, not the lowest one: compare the losses "
                        "of the minima your runs reach",
                    )
                    for m in minima[1:]
                ],
            ),
        )
    ]

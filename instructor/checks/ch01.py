"""Checks for the exercises of chapter 1, the loss surface."""

from __future__ import annotations

import numpy as np

from helpers.practice.inputs import show

from ..cases import Exercise, call, choice, close, equal, pair, value
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


# ----------------------------------------------------------------------------- exercise 1.4
ex14 = Exercise("1.4", "which valley?", ["prediction", "valley"])

# The six starts of part A, printed in the notebook (solutions/sol01_loss_surface.md); each
# is at least 0.05 from a basin boundary of the tilts (0.4, 0.2).
VALLEY_STARTS = np.array(
    [[0.04, 0.9], [-1.5, -0.3], [1.7, -1.7], [0.3, 0.6], [-0.2, 1.5], [0.02, -1.2]]
)
VALLEY_TILTS = (0.4, 0.2)
_BOUNDARY_HINT = (
    "the boundary is not w_i = 0: it passes through the maximum, whose coordinate is the "
    "small root of 4w^3 - 4w + a = 0 (near a/4), so a start between 0 and that root "
    "falls the other way"
)
_SEPARATE_HINT = (
    "the coordinates descend separately (chapter 1, basins of attraction): w1 ends in the "
    "well on its side of the maximum's w1, and w2 likewise"
)


def descend_wells(starts, a, b, lr=0.02, steps=1500):
    """Where gradient descent ends on the tilted wells from each start (rows of
    ``starts``): a plain run of the update rule, independent of any rule for the basins."""
    w = np.array(starts, dtype=float)
    tilt = np.array([a, b])
    for _ in range(steps):
        w = w - lr * (4 * w**3 - 4 * w + tilt)
    grad = 4 * w**3 - 4 * w + tilt
    assert np.all(np.abs(grad) < 1e-8) and np.all(np.abs(np.abs(w) - 1) < 0.2), (
        "the reference runs did not settle in a well"
    )
    return np.sign(w).astype(int)


def _letters(a, b):
    """{(s1, s2): letter}: the minima named A to D from lowest to highest loss."""
    ends = np.array([[s1, s2] for s1 in (-1.5, 1.5) for s2 in (-1.5, 1.5)])
    w = ends.copy()
    for _ in range(1500):
        w = w - 0.02 * (4 * w**3 - 4 * w + np.array([a, b]))
    loss = np.sum((w**2 - 1) ** 2, axis=1) + a * w[:, 0] + b * w[:, 1]
    order = np.argsort(loss)
    return {tuple(int(s) for s in np.sign(ends[i])): "ABCD"[k] for k, i in enumerate(order)}


@ex14.part("the prediction for the six starts", 2)
def _(rng):
    a, b = VALLEY_TILTS
    letters = _letters(a, b)
    signs = descend_wells(VALLEY_STARTS, a, b)
    expected = [letters[tuple(s)] for s in signs]
    hints = []
    for i, start in enumerate(VALLEY_STARTS):
        naive = letters[tuple(int(s) for s in np.sign(start))]
        if naive != expected[i]:
            hints.append((i, naive, _BOUNDARY_HINT))
        hints.append((i, None, _SEPARATE_HINT))
    return [
        value(
            "prediction",
            "the six starts of part A, a = 0.4, b = 0.2",
            choice(
                expected,
                "prediction",
                "ABCD",
                hints=hints,
                item_names=[f"start {i + 1} {show(s)}" for i, s in enumerate(VALLEY_STARTS)],
            ),
        )
    ]


def _boundaries(a, b):
    """The maximum's coordinates: the middle roots of 4w^3 - 4w + tilt (for sampling)."""
    return np.array([np.sort(np.roots([4.0, 0.0, -4.0, t]).real)[1] for t in (a, b)])


def _valley_case(start, a, b):
    s1, s2 = descend_wells(start[None, :], a, b)[0]
    naive = np.sign(start).astype(int)
    items = []
    for i, (s, what) in enumerate(((s1, "s1, the well of w1"), (s2, "s2, the well of w2"))):
        variants = {int(-s): _BOUNDARY_HINT} if naive[i] != s else None
        items.append((i, equal(int(s), what, variants)))
    return call(
        "valley",
        [start, a, b],
        ["start", "a", "b"],
        f"start={show(start)}, a={a:.3f}, b={b:.3f}",
        pair(
            "the wells (s1, s2)",
            "(s1, s2) of signs -1 or +1 (not a minimum's letter)",
            items,
            swapped_hint=("(s1, s2) is (the well of w1, the well of w2): your signs are swapped"),
        ),
    )


def _valley_start(rng, a, b, trap=None):
    """A start in [-1.8, 1.8]^2 at least 0.05 from both boundary lines; with ``trap`` the
    coordinate ``trap`` lies between 0 and its boundary (where the sign of the start is
    the wrong answer)."""
    edge = _boundaries(a, b)
    while True:
        start = rng.uniform(-1.8, 1.8, 2)
        if trap is not None:
            start[trap] = rng.uniform(*sorted((0.0, edge[trap] - 0.05 * np.sign(edge[trap]))))
        if np.all(np.abs(start - edge) >= 0.05):
            return start


@ex14.part("valley(start, a, b) on random tilts and starts", 4)
def _(rng):
    cases = []
    for k in range(10):
        if k < 4:  # a start between 0 and the boundary: the sign of the start is wrong
            trap = k % 2
            tilts = rng.uniform(0.4, 0.6, 2) * rng.choice([-1, 1], 2)
            a, b = (float(t) for t in tilts)
            start = _valley_start(rng, a, b, trap)
        else:
            a, b = (float(t) for t in rng.uniform(-0.6, 0.6, 2))
            start = _valley_start(rng, a, b)
        cases.append(_valley_case(start, a, b))
    order = rng.permutation(len(cases))
    return [cases[i] for i in order]

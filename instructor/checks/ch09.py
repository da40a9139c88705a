"""Checks for the exercises of chapter 9, what training finds in a network's landscape."""

from __future__ import annotations

import numpy as np

from helpers.practice.inputs import show

from ..cases import Exercise, call, choice, close, value
from ._inputs import input_fn

# ----------------------------------------------------------------------------- exercise 9.1
ex91 = Exercise(
    "9.1", "the loss along a straight line", ["line_losses"], forbid=("slice_1d", "slice_2d")
)


def _random_loss(rng, d):
    m = rng.standard_normal((d, d))
    A = m @ m.T / d + 0.1 * np.eye(d)
    c = rng.standard_normal(d)
    return input_fn("random_loss", f"a random loss of {d} weights", A=A, c=c)


def _line_case(loss, w_a, w_b, ts):
    spec, f = loss
    expected = np.array([f((1 - t) * w_a + t * w_b) for t in ts])
    return call(
        "line_losses",
        [spec, w_a, w_b, ts],
        ["loss", "w_a", "w_b", "ts"],
        f"loss={spec['fn']['name']}, w_a={show(w_a)}, w_b={show(w_b)}, ts={show(ts)}",
        close(
            expected,
            "the losses",
            variants=[
                (
                    expected[::-1],
                    "the line runs the wrong way: t = 0 is w_a and t = 1 is "
                    "w_b, (1 - t) w_a + t w_b",
                ),
                (
                    np.array([f(w_a + t * w_b) for t in ts]),
                    "the point on the line is (1 - t) w_a + t w_b = w_a + t (w_b - w_a)",
                ),
            ],
        ),
    )


@ex91.part("a 2-weight example at t = 0, 0.5, 1", 1)
def _(rng):
    w_a, w_b = (rng.integers(-2, 3, 2).astype(float) for _ in range(2))
    if np.array_equal(w_a, w_b):
        w_b = w_b + 1
    return [
        _line_case(input_fn("sum_squares", "sum of squares"), w_a, w_b, np.array([0.0, 0.5, 1.0]))
    ]


@ex91.part("random losses, end points and t beyond [0, 1]", 2)
def _(rng):
    cases = []
    for _ in range(4):
        d = int(rng.integers(2, 8))
        ts = np.sort(rng.uniform(-0.5, 1.5, int(rng.integers(3, 12))))
        cases.append(
            _line_case(_random_loss(rng, d), rng.standard_normal(d), rng.standard_normal(d), ts)
        )
    return cases


@ex91.part("one value of t", 1)
def _(rng):
    return [
        _line_case(
            _random_loss(rng, 3),
            rng.standard_normal(3),
            rng.standard_normal(3),
            np.array([round(float(rng.uniform(0.1, 0.9)), 2)]),
        )
    ]


# ----------------------------------------------------------------------------- exercise 9.2
ex92 = Exercise("9.2", "which learning rate?", ["which_lr", "eos_lr"])

# The notebook (solutions/sol09_what_training_finds.md) plots the sharpness traces of the
# runs at learning rates 0.1, 0.2 and 0.4 in this order, labelled X, Y and Z.
EOS_RATES = (0.1, 0.2, 0.4)
EOS_ORDER = {"X": 0.2, "Y": 0.4, "Z": 0.1}
_TWO_OVER_HINT = (
    "the sharpness settles at 2 / lr, not lr / 2: the highest plateau belongs to the "
    "smallest learning rate"
)
_SECOND_HALF_HINT = "use the second half: the start is progressive sharpening, far below 2 / lr"
_MEDIAN_HINT = "a median ignores the overshoot spike; a mean does not"


@ex92.part("which learning rate made each trace X, Y, Z", 2)
def _(rng):
    expected = {k: f"{v:g}" for k, v in EOS_ORDER.items()}
    return [
        value(
            "which_lr",
            "the sharpness traces X, Y, Z of the notebook",
            choice(
                expected,
                "which_lr",
                [f"{lr:g}" for lr in EOS_RATES],
                hints=[(None, None, _TWO_OVER_HINT)],
            ),
        )
    ]


def synthetic_trace(rng, lr):
    """A sharpness trace: progressive sharpening to 2 / lr, an overshoot spike in the
    second half, multiplicative noise, and a hover at 2 / lr."""
    n = int(rng.integers(80, 200))
    edge = 2 / lr
    k = np.arange(n)
    rise_end = int(rng.uniform(0.25, 0.4) * n)
    start = rng.uniform(0.2, 0.5) * edge
    trace = np.where(k < rise_end, start + (edge - start) * k / rise_end, edge)
    spike_at = int(rng.uniform(0.5, 0.8) * n)
    width = max(2, int(rng.uniform(0.08, 0.12) * n))
    trace[spike_at : spike_at + width] *= rng.uniform(2.5, 3.5)
    return trace * (1 + 0.03 * rng.standard_normal(n))


def _estimates(trace):
    half = trace[len(trace) // 2 :]
    return {
        "inverted": float(np.median(half) / 2),
        "whole mean": float(2 / np.mean(trace)),
        "half mean": float(2 / np.mean(half)),
    }


def _eos_case(rng):
    while True:
        lr = float(10 ** rng.uniform(-2, 0))
        trace = synthetic_trace(rng, lr)
        wrong = _estimates(trace)
        if all(abs(v / lr - 1) > 0.15 for v in wrong.values()):
            break
    return call(
        "eos_lr",
        [trace],
        ["track"],
        f"a sharpness trace of {len(trace)} points, from {trace[0]:.4g} to {trace[-1]:.4g}",
        close(
            lr,
            "the learning rate",
            rtol=0.1,
            atol=0,
            variants=[
                (wrong["inverted"], _TWO_OVER_HINT),
                (wrong["whole mean"], _SECOND_HALF_HINT),
                (wrong["half mean"], _MEDIAN_HINT),
            ],
        ),
    )


@ex92.part("eos_lr on hidden synthetic traces", 4)
def _(rng):
    return [_eos_case(rng) for _ in range(8)]

"""Checks for the exercises of chapter 5, momentum and adaptive steps."""

from __future__ import annotations

import numpy as np

from helpers.practice.inputs import show

from ..cases import Exercise, call, close, pair, value

# ----------------------------------------------------------------------------- exercise 5.1
ex51 = Exercise("5.1", "one heavy-ball momentum step", ["momentum_step"])


def _step_case(w, v, g, lr, beta):
    v_new = beta * v + g
    w_new = w - lr * v_new
    return call(
        "momentum_step",
        [w, v, g, lr, beta],
        ["w", "v", "g", "lr", "beta"],
        f"w={show(w)}, v={show(v)}, g={show(g)}, lr={lr:.6g}, beta={beta:.6g}",
        pair(
            "momentum_step",
            "(w_new, v_new)",
            swapped_hint="the pair is in the wrong order: return (w_new, v_new)",
            items=[
                (
                    1,
                    close(
                        v_new,
                        "v_new",
                        variants=[
                            (
                                beta * v - lr * g,
                                "that is the other common form, v <- beta v "
                                "- lr g; this exercise uses v <- beta v + g "
                                "and then w <- w - lr v",
                            ),
                            (
                                beta * v + (1 - beta) * g,
                                "that is an exponential average "
                                "(1 - beta) g; heavy-ball momentum "
                                "adds the whole gradient: "
                                "v <- beta v + g",
                            ),
                            (
                                v + beta * g,
                                "beta multiplies the old velocity, not the "
                                "gradient: v <- beta v + g",
                            ),
                        ],
                    ),
                ),
                (
                    0,
                    close(
                        w_new,
                        "w_new",
                        variants=[
                            (
                                w + lr * v_new,
                                "wrong sign: move against the velocity, w <- w - lr v",
                            ),
                            (
                                w - lr * v,
                                "w moved with the old velocity: update v first, "
                                "then w <- w - lr v_new",
                            ),
                            (
                                w - lr * g,
                                "that is a plain gradient step: use the new "
                                "velocity, w <- w - lr v_new",
                            ),
                        ],
                    ),
                ),
            ],
        ),
    )


@ex51.part("a worked example", 1)
def _(rng):
    w, v, g = (rng.integers(-3, 4, 2).astype(float) / 2 for _ in range(3))
    return [_step_case(w, v, g, 0.1, 0.9)]


@ex51.part("random states, gradients, rates and beta", 2)
def _(rng):
    cases = []
    for _ in range(6):
        d = int(rng.integers(1, 6))
        cases.append(
            _step_case(
                rng.standard_normal(d),
                rng.standard_normal(d),
                rng.standard_normal(d),
                float(rng.uniform(0.01, 0.5)),
                float(rng.uniform(0.0, 0.99)),
            )
        )
    return cases


@ex51.part("beta = 0 is plain gradient descent", 1)
def _(rng):
    return [
        _step_case(rng.standard_normal(3), rng.standard_normal(3), rng.standard_normal(3), 0.2, 0.0)
    ]


# ----------------------------------------------------------------------------- exercise 5.2
ex52 = Exercise("5.2", "a momentum optimizer on sin 3w + w^2/2 - w", ["momentum_run"])


def _loss(w):
    return np.sin(3 * w) + 0.5 * w**2 - w


def _grad(w):
    return 3 * np.cos(3 * w) + w - 1


def _run_reference(w0, lr, beta, steps):
    w, v, ws = float(w0), 0.0, [float(w0)]
    for _ in range(steps):
        v = beta * v + _grad(w)
        w = w - lr * v
        ws.append(w)
    ws = np.array(ws)
    return ws, _loss(ws)


def _run_case(w0, lr, beta, steps):
    ws, losses = _run_reference(w0, lr, beta, steps)
    plain, _ = _run_reference(w0, lr, 0.0, steps)
    return call(
        "momentum_run",
        [w0, lr, beta, steps],
        ["w0", "lr", "beta", "steps"],
        f"w0={w0:.6g}, lr={lr:.6g}, beta={beta:.6g}, steps={steps}",
        pair(
            "momentum_run",
            "(ws, losses)",
            items=[
                (
                    0,
                    close(
                        ws,
                        "the weights",
                        steps=True,
                        variants=[
                            (
                                plain,
                                "no momentum: the velocity must carry over from step to step "
                                "(start it at 0 before the loop, not inside it)",
                            ),
                        ],
                    ),
                ),
                (
                    1,
                    close(
                        losses,
                        "the losses",
                        steps=True,
                        variants=[
                            (
                                _grad(ws),
                                "those are gradients; the losses are L(w) = sin 3w + w^2/2 - w",
                            ),
                        ],
                    ),
                ),
            ],
        ),
    )


@ex52.part("ten steps from a round start", 1)
def _(rng):
    return [_run_case(round(float(rng.uniform(-1, 2)), 2), 0.05, 0.9, 10)]


@ex52.part("random starts, rates, beta and step counts", 2)
def _(rng):
    return [
        _run_case(
            float(rng.uniform(-3, 5)),
            float(rng.uniform(0.005, 0.1)),
            float(rng.uniform(0.0, 0.95)),
            int(rng.integers(2, 40)),
        )
        for _ in range(5)
    ]


@ex52.part("zero steps returns the start and its loss", 1)
def _(rng):
    return [_run_case(round(float(rng.uniform(-2, 2)), 2), 0.05, 0.9, 0)]


# ----------------------------------------------------------------------------- exercise 5.3
ex53 = Exercise("5.3", "momentum's speed-up on a steady slope", ["speedup"])


@ex53.part("the step on a constant gradient, relative to plain descent, at beta = 0.9", 2)
def _(rng):
    beta = 0.9
    return [
        value(
            "speedup",
            "beta = 0.9, constant gradient g",
            close(
                1 / (1 - beta),
                "speedup",
                rtol=0,
                atol=1e-3,
                variants=[
                    (1 - beta, "inverted: the velocity grows to g / (1 - beta), larger than g"),
                    (
                        beta / (1 - beta),
                        "the sum 1 + beta + beta^2 + ... starts at 1: it is 1 / (1 - beta)",
                    ),
                ],
            ),
        )
    ]

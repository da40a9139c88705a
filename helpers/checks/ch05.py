"""Checks for the exercises of chapter 5, momentum and adaptive steps."""

from __future__ import annotations

import numpy as np

from ..grading import Exercise, Wrong, call, expect_close, show_array

# ----------------------------------------------------------------------------- exercise 5.1
ex51 = Exercise("5.1", "one heavy-ball momentum step", ["momentum_step"])


def _pair(got, what, inputs, expected):
    pair = (isinstance(got, (tuple, list)) and len(got) == 2) or (
        isinstance(got, np.ndarray) and got.ndim >= 2 and len(got) == 2
    )
    if not pair:
        raise Wrong(
            f"wrong type: {what} should return a pair {expected[0]}, got {type(got).__name__}",
            inputs,
            expected[1],
            got,
        )
    return got


def _step_case(momentum_step, w, v, g, lr, beta):
    v_new = beta * v + g
    w_new = w - lr * v_new
    got = call(momentum_step, w, v, g, lr, beta, names=["w", "v", "g", "lr", "beta"])
    inputs = (
        f"w={show_array(w)}, v={show_array(v)}, g={show_array(g)}, lr={lr:.6g}, beta={beta:.6g}"
    )
    gw, gv = _pair(got, "momentum_step", inputs, ("(w_new, v_new)", (w_new, v_new)))
    if (
        np.shape(gw) == np.shape(gv)
        and np.allclose(gw, v_new)
        and np.allclose(gv, w_new)
        and not np.allclose(w_new, v_new)
    ):
        raise Wrong(
            "the pair is in the wrong order: return (w_new, v_new)", inputs, (w_new, v_new), got
        )
    other_v = beta * v - lr * g
    expect_close(
        gv,
        v_new,
        inputs,
        "v_new",
        variants=[
            (
                other_v,
                "that is the other common form, v <- beta v - lr g; this exercise uses "
                "v <- beta v + g and then w <- w - lr v",
            ),
            (
                beta * v + (1 - beta) * g,
                "that is an exponential average (1 - beta) g; heavy-ball "
                "momentum adds the whole gradient: v <- beta v + g",
            ),
            (v + beta * g, "beta multiplies the old velocity, not the gradient: v <- beta v + g"),
        ],
    )
    expect_close(
        gw,
        w_new,
        inputs,
        "w_new",
        variants=[
            (w + lr * v_new, "wrong sign: move against the velocity, w <- w - lr v"),
            (w - lr * v, "w moved with the old velocity: update v first, then w <- w - lr v_new"),
            (w - lr * g, "that is a plain gradient step: use the new velocity, w <- w - lr v_new"),
        ],
    )


@ex51.part("a worked example", 1)
def _(ans, rng):
    _step_case(
        ans["momentum_step"],
        np.array([1.0, 2.0]),
        np.array([0.5, -0.5]),
        np.array([1.0, -1.0]),
        0.1,
        0.9,
    )


@ex51.part("random states, gradients, rates and beta", 2)
def _(ans, rng):
    for _ in range(6):
        d = int(rng.integers(1, 6))
        _step_case(
            ans["momentum_step"],
            rng.standard_normal(d),
            rng.standard_normal(d),
            rng.standard_normal(d),
            float(rng.uniform(0.01, 0.5)),
            float(rng.uniform(0.0, 0.99)),
        )


@ex51.part("beta = 0 is plain gradient descent", 1)
def _(ans, rng):
    _step_case(
        ans["momentum_step"],
        rng.standard_normal(3),
        rng.standard_normal(3),
        rng.standard_normal(3),
        0.2,
        0.0,
    )


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


def _run_case(momentum_run, w0, lr, beta, steps):
    ws, losses = _run_reference(w0, lr, beta, steps)
    got = call(momentum_run, w0, lr, beta, steps, names=["w0", "lr", "beta", "steps"])
    inputs = f"w0={w0:.6g}, lr={lr:.6g}, beta={beta:.6g}, steps={steps}"
    gw, gl = _pair(got, "momentum_run", inputs, ("(ws, losses)", (ws, losses)))
    plain, _ = _run_reference(w0, lr, 0.0, steps)
    expect_close(
        gw,
        ws,
        inputs,
        "the weights",
        steps=True,
        variants=[
            (
                plain,
                "no momentum: the velocity must carry over from step to step (start it at 0 "
                "before the loop, not inside it)",
            ),
        ],
    )
    expect_close(
        gl,
        losses,
        inputs,
        "the losses",
        steps=True,
        variants=[
            (_grad(ws), "those are gradients; the losses are L(w) = sin 3w + w^2/2 - w"),
        ],
    )


@ex52.part("ten steps from w0 = 0.5", 1)
def _(ans, rng):
    _run_case(ans["momentum_run"], 0.5, 0.05, 0.9, 10)


@ex52.part("random starts, rates, beta and step counts", 2)
def _(ans, rng):
    for _ in range(5):
        _run_case(
            ans["momentum_run"],
            float(rng.uniform(-3, 5)),
            float(rng.uniform(0.005, 0.1)),
            float(rng.uniform(0.0, 0.95)),
            int(rng.integers(2, 40)),
        )


@ex52.part("zero steps returns the start and its loss", 1)
def _(ans, rng):
    _run_case(ans["momentum_run"], -1.0, 0.05, 0.9, 0)


# ----------------------------------------------------------------------------- exercise 5.3
ex53 = Exercise("5.3", "momentum's speed-up on a steady slope", ["speedup"])


@ex53.part("the step on a constant gradient, relative to plain descent, at beta = 0.9", 2)
def _(ans, rng):
    beta = 0.9
    expect_close(
        ans["speedup"],
        1 / (1 - beta),
        "beta = 0.9, constant gradient g",
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
    )

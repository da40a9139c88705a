"""Checks for the exercises of chapter 5, momentum and adaptive steps."""

from __future__ import annotations

import numpy as np

from helpers.practice.inputs import show

from ..cases import Exercise, call, choice, close, equal, pair, tuple_of, value

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
# "Damping regimes" (explain a plot, then classify): one eigen-direction of heavy-ball
# momentum. The reference classifies from the roots' discriminant written out here, not
# from helpers.
ex53 = Exercise("5.3", "damping regimes", ["regimes", "critical_beta", "regime"])

REGIMES = ("overdamped", "critically damped", "underdamped", "unstable")
CRITICAL_RTOL = 1e-6  # the statement's tolerance for "critically damped"


def regime_reference(lr, beta, lam) -> str:
    """The regime of z^2 - (1 + beta - x) z + beta = 0 with x = lr lam."""
    x = lr * lam
    low, high = (1 - np.sqrt(beta)) ** 2, (1 + np.sqrt(beta)) ** 2
    if x >= 2 + 2 * beta:
        return "unstable"
    if abs(x - low) <= CRITICAL_RTOL * low:
        return "critically damped"
    if x < low:
        return "overdamped"
    if x < high:
        return "underdamped"
    raise ValueError("past the underdamped band but stable: not asked")


_REGIME_HINTS = {
    "overdamped": {
        "underdamped": "ηλ is below (1 - sqrt(beta))^2: the discriminant (1 + beta - ηλ)^2 - "
        "4 beta is positive, so the roots are real and nothing oscillates: overdamped, "
        "the slowest regime",
        "critically damped": "critical damping is the double root, beta = (1 - sqrt(ηλ))^2; "
        "here ηλ is well below (1 - sqrt(beta))^2: real roots, no oscillation, overdamped",
        "unstable": "ηλ ≥ 2 + 2 beta is unstable; here ηλ is far below that",
    },
    "critically damped": {
        "overdamped": "critical damping: the double root, beta = (1 - sqrt(ηλ))^2. Compare "
        "with a relative tolerance, as the statement says, not with ==",
        "underdamped": "critical damping: the double root, beta = (1 - sqrt(ηλ))^2. Compare "
        "with a relative tolerance, as the statement says, not with ==",
        "unstable": "ηλ ≥ 2 + 2 beta is unstable; here ηλ is far below that",
    },
    "underdamped": {
        "overdamped": "complex roots have modulus sqrt(beta): inside the band "
        "(1 - sqrt(beta))^2 < ηλ < (1 + sqrt(beta))^2 the envelope shrinks by sqrt(beta) "
        "per step while the coefficient oscillates: underdamped",
        "critically damped": "critical damping is the double root, beta = (1 - sqrt(ηλ))^2; "
        "here ηλ is inside the band of complex roots: underdamped",
        "unstable": "ηλ ≥ 2 + 2 beta is unstable, not ηλ ≥ 2: momentum allows larger steps "
        "than gradient descent, and this ηλ is inside the band of complex roots",
    },
    "unstable": {
        word: "ηλ ≥ 2 + 2 beta is unstable: one root is below -1 and the coefficient "
        "grows while flipping sign"
        for word in ("overdamped", "critically damped", "underdamped")
    },
}


def _regime_case(x, beta, lam):
    lr = x / lam
    expected = regime_reference(lr, beta, lam)
    return call(
        "regime",
        [lr, beta, lam],
        ["lr", "beta", "lam"],
        f"lr={lr:.9g}, beta={beta:.9g}, lam={lam:.6g} (so lr*lam={lr * lam:.6g})",
        equal(expected, "the regime", _REGIME_HINTS[expected]),
    )


def regime_triples(rng, per_regime: int = 3):
    """(x = lr lam, beta) pairs: ``per_regime`` in each regime, each at least 5 % from a
    band edge (the critical ones on it)."""
    out = []
    for k in range(per_regime):
        beta = float(rng.uniform(0.1, 0.95))
        out.append((float((1 - np.sqrt(beta)) ** 2 * rng.uniform(0.05, 0.95)), beta))
        x = float(rng.uniform(0.01, 0.8))
        out.append((x, float((1 - np.sqrt(x)) ** 2)))
        if k == 0:  # past gradient descent's limit 2, yet stable: momentum allows it
            beta = float(rng.uniform(0.5, 0.95))
            low, high = 2.1, (1 + np.sqrt(beta)) ** 2
        else:
            beta = float(rng.uniform(0.1, 0.95))
            low, high = 1.05 * (1 - np.sqrt(beta)) ** 2, (1 + np.sqrt(beta)) ** 2
        out.append((float(rng.uniform(low, 0.95 * high)), beta))
        beta = float(rng.uniform(0.0, 0.95))
        out.append((float((2 + 2 * beta) * rng.uniform(1.05, 1.6)), beta))
    order = rng.permutation(len(out))
    return [out[i] for i in order]


# The figure of part (a): one eigen-direction in four settings, shown as P, Q, R, S.
FIGURE = {"P": (0.04, 0.95), "Q": (3.7, 0.8), "R": (0.04, 0.2), "S": (0.04, 0.64)}


@ex53.part("the regime of each trajectory P, Q, R, S of the figure", 2)
def _(rng):
    expected = {key: regime_reference(x, beta, 1.0) for key, (x, beta) in FIGURE.items()}
    hints = {
        "underdamped": "it oscillates inside a shrinking envelope: complex roots have modulus "
        "sqrt(beta), so the envelope shrinks by sqrt(beta) per step: underdamped",
        "unstable": "it grows while flipping sign: ηλ ≥ 2 + 2 beta is unstable",
        "overdamped": "it decays without oscillating, and slowest: real roots and no "
        "oscillation, the larger root close to 1: overdamped",
        "critically damped": "it decays fastest without oscillating: critical damping, the "
        "double root, beta = (1 - sqrt(ηλ))^2",
    }
    return [
        value(
            "regimes",
            "the four trajectories of the figure",
            choice(
                expected,
                "regimes",
                list(REGIMES),
                hints=[(key, None, hints[word]) for key, word in expected.items()],
            ),
        )
    ]


@ex53.part("the critical beta at ηλ = 0.09", 1)
def _(rng):
    x = 0.09
    return [
        value(
            "critical_beta",
            "ηλ = 0.09",
            close(
                (1 - np.sqrt(x)) ** 2,
                "critical_beta",
                rtol=0,
                atol=1e-4,
                plausible=(0.0, 1.0),
                variants=[
                    (
                        1 - np.sqrt(x),
                        "that is the double root z = 1 - sqrt(ηλ), the rate; beta is its square",
                    ),
                    (
                        (1 + np.sqrt(x)) ** 2,
                        "that is the top of the underdamped band; critical damping is "
                        "the bottom edge, beta = (1 - sqrt(ηλ))^2",
                    ),
                    ((1 - x) ** 2, "the edge has sqrt(ηλ), not ηλ: beta = (1 - sqrt(ηλ))^2"),
                ],
            ),
        )
    ]


@ex53.part("twelve hidden (lr, beta, lam), three in each regime", 3)
def _(rng):
    return [
        _regime_case(x, beta, float(10 ** rng.uniform(-1, 3))) for x, beta in regime_triples(rng)
    ]


# ----------------------------------------------------------------------------- exercise 5.4
# Adagrad and AdamW, one step each. The references are written out here, not h.adagrad or
# h.adamw: a test's two sides never come from the same code.
ex54 = Exercise(
    "5.4",
    "Adagrad and AdamW steps",
    ["adagrad_step", "adamw_step"],
    forbid=("adagrad", "adam", "adamw"),
)


def adagrad_reference(w, g, s, lr, eps):
    s_new = s + g * g
    return w - lr * g / (np.sqrt(s_new) + eps), s_new


def _adagrad_case(w, g, s, lr, eps):
    w_new, s_new = adagrad_reference(w, g, s, lr, eps)
    rms = 0.9 * s + 0.1 * g * g
    return call(
        "adagrad_step",
        [w, g, s, lr, eps],
        ["w", "g", "s", "lr", "eps"],
        f"w={show(w)}, g={show(g)}, s={show(s)}, lr={lr:.6g}, eps={eps:.6g}",
        pair(
            "adagrad_step",
            "(w_new, s_new)",
            swapped_hint="the pair is in the wrong order: return (w_new, s_new)",
            items=[
                (
                    1,
                    close(
                        s_new,
                        "s_new",
                        variants=[
                            (
                                rms,
                                "an average that forgets (0.9 s + 0.1 g^2) is RMSProp; "
                                "Adagrad keeps the sum, s <- s + g^2",
                            ),
                            (s + np.abs(g), "s sums the squared gradients, g^2, not |g|"),
                            (s, "s must grow by this step's g^2"),
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
                                w - lr * g / (np.sqrt(s) + eps),
                                "divide by the new sum, which includes this step's g^2 "
                                "(at the first step s = g^2 and every coordinate moves "
                                "by lr)",
                            ),
                            (
                                w - lr * g / np.sqrt(s_new + eps),
                                "eps is added after the square root: sqrt(s) + eps",
                            ),
                            (
                                w - lr * g / (s_new + eps),
                                "divide by the square root of the sum, sqrt(s) + eps",
                            ),
                            (
                                w - lr * g / (np.sqrt(rms) + eps),
                                "an average that forgets (0.9 s + 0.1 g^2) is RMSProp; "
                                "Adagrad keeps the sum, s <- s + g^2",
                            ),
                            (
                                w + lr * g / (np.sqrt(s_new) + eps),
                                "wrong sign: step against the gradient",
                            ),
                        ],
                    ),
                ),
            ],
        ),
    )


def _quadratic_states(rng, steps, step_fn, init):
    """States along a reference run on a random quadratic 0.5 w.A.w - b.w: the gradient
    depends on w, so the states are the ones a real run meets."""
    from ._inputs import random_spd

    n = int(rng.integers(2, 6))
    A, _ = random_spd(rng, n, 0.2, 30.0)
    b = rng.standard_normal(n)
    w = rng.standard_normal(n) * 2
    state = init(w)
    states = []
    for t in range(1, steps + 1):
        g = A @ w - b
        states.append((t, w, g, state))
        w, state = step_fn(t, w, g, state)
    return states


@ex54.part("Adagrad: the first step from s = 0 moves every coordinate by lr", 1)
def _(rng):
    n = int(rng.integers(2, 5))
    return [
        _adagrad_case(rng.standard_normal(n), rng.standard_normal(n) * 10, np.zeros(n), 0.1, 1e-8)
    ]


@ex54.part("Adagrad: steps along runs on random quadratics", 2)
def _(rng):
    cases = []
    for _ in range(2):
        lr, eps = float(rng.uniform(0.05, 0.5)), float(10 ** rng.uniform(-2, -0.5))
        states = _quadratic_states(
            rng,
            int(rng.integers(5, 21)),
            lambda t, w, g, s, lr=lr, eps=eps: adagrad_reference(w, g, s, lr, eps),
            np.zeros_like,
        )
        for k in sorted(rng.choice(len(states), 3, replace=False)):
            _, w, g, s = states[k]
            cases.append(_adagrad_case(w, g, s, lr, eps))
    return cases


def adamw_reference(w, g, m, v, t, lr, b1, b2, eps, wd):
    m_new = b1 * m + (1 - b1) * g
    v_new = b2 * v + (1 - b2) * g * g
    m_hat, v_hat = m_new / (1 - b1**t), v_new / (1 - b2**t)
    return w - lr * (m_hat / (np.sqrt(v_hat) + eps) + wd * w), m_new, v_new


def _adamw_variants(w, g, m, v, t, lr, b1, b2, eps, wd):
    """Known wrong (w_new, m_new, v_new) and their hints."""
    m_new = b1 * m + (1 - b1) * g
    v_new = b2 * v + (1 - b2) * g * g
    direction = (m_new / (1 - b1**t)) / (np.sqrt(v_new / (1 - b2**t)) + eps)
    coupled = adamw_reference(w, g + wd * w, m, v, t, lr, b1, b2, eps, 0.0)
    out = [
        (
            coupled,
            "that is Adam with L2 (coupled decay): adding wd*w to g sends it through the "
            "moments and the division; AdamW applies the decay after the adaptive scaling, "
            "w <- w - lr (m_hat / (sqrt(v_hat) + eps) + wd w)",
        ),
        (
            (w - lr * direction - wd * w, m_new, v_new),
            "the decay is multiplied by the learning rate too: w <- w - lr (... + wd w)",
        ),
        (
            (w - lr * (m_new / (np.sqrt(v_new) + eps) + wd * w), m_new, v_new),
            "bias correction missing: divide m by 1 - b1^t and v by 1 - b2^t",
        ),
        (
            (
                w - lr * ((m_new / (1 - b1**t)) / np.sqrt(v_new / (1 - b2**t) + eps) + wd * w),
                m_new,
                v_new,
            ),
            "eps is added after the square root: sqrt(v_hat) + eps",
        ),
        (
            (w - lr * (direction - wd * w), m_new, v_new),
            "the decay pulls w towards zero: + wd w inside the bracket, w <- w - lr (... + wd w)",
        ),
        (
            (w - lr * (m / (1 - b1**t) / (np.sqrt(v / (1 - b2**t)) + eps) + wd * w), m_new, v_new)
            if t > 1
            else None,
            "update the moments first, then step with the new m and v",
        ),
    ]
    for shift in (1, -1):  # t counted from 0, or the correction one step off
        if t + shift >= 1:
            s = t + shift
            d = (m_new / (1 - b1**s)) / (np.sqrt(v_new / (1 - b2**s)) + eps)
            out.append(
                (
                    (w - lr * (d + wd * w), m_new, v_new),
                    "t is this step's number (t = 1 at the first step) and the correction "
                    "divides by 1 - b^t with that t",
                )
            )
    return [(v_, h_) for v_, h_ in out if v_ is not None]


def _adamw_case(w, g, m, v, t, lr, b1, b2, eps, wd):
    w_new, m_new, v_new = adamw_reference(w, g, m, v, t, lr, b1, b2, eps, wd)
    variants = _adamw_variants(w, g, m, v, t, lr, b1, b2, eps, wd)
    moments = {1: [], 2: []}
    for (_, mv, vv), hint in variants:
        if not np.allclose(mv, m_new):
            moments[1].append((mv, hint))
        if not np.allclose(vv, v_new):
            moments[2].append((vv, hint))
    moments[1].append((b1 * m + g, "m is an average: m <- b1 m + (1 - b1) g"))
    moments[2].append((b2 * v + (1 - b2) * np.abs(g), "v averages g^2, not |g|"))
    args = [w, g, m, v, t, lr, b1, b2, eps, wd]
    names = ["w", "g", "m", "v", "t", "lr", "b1", "b2", "eps", "wd"]
    return call(
        "adamw_step",
        args,
        names,
        f"w={show(w)}, g={show(g)}, m={show(m)}, v={show(v)}, t={t}, lr={lr:.6g}, "
        f"b1={b1:.6g}, b2={b2:.6g}, eps={eps:.6g}, wd={wd:.6g}",
        tuple_of(
            "adamw_step",
            "(w_new, m_new, v_new)",
            length=3,
            items=[
                (1, close(m_new, "m_new", variants=moments[1])),
                (2, close(v_new, "v_new", variants=moments[2])),
                (0, close(w_new, "w_new", variants=[(vw, h_) for (vw, _, _), h_ in variants])),
            ],
        ),
    )


def _adamw_settings(rng):
    return dict(
        lr=float(rng.uniform(0.01, 0.3)),
        b1=float(rng.uniform(0.5, 0.95)),
        b2=float(rng.uniform(0.9, 0.999)),
        eps=float(10 ** rng.uniform(-3, -1)),
        wd=float(rng.uniform(0.05, 0.5)),
    )


@ex54.part("AdamW: the first step (t = 1) from m = v = 0", 1)
def _(rng):
    n = int(rng.integers(2, 5))
    z = np.zeros(n)
    return [
        _adamw_case(
            rng.standard_normal(n), rng.standard_normal(n) * 3, z, z, 1, **_adamw_settings(rng)
        )
    ]


@ex54.part("AdamW: steps along runs on random quadratics", 2)
def _(rng):
    cases = []
    for _ in range(2):
        cfg = _adamw_settings(rng)

        def step(t, w, g, state, cfg=cfg):
            w_new, m, v = adamw_reference(w, g, *state, t, **cfg)
            return w_new, (m, v)

        states = _quadratic_states(
            rng, int(rng.integers(5, 21)), step, lambda w: (np.zeros_like(w), np.zeros_like(w))
        )
        for k in sorted(rng.choice(len(states), 3, replace=False)):
            t, w, g, (m, v) = states[k]
            cases.append(_adamw_case(w, g, m, v, t, **cfg))
    return cases

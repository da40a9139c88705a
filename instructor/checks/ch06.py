"""Checks for the exercises of chapter 6, the learning rate."""

from __future__ import annotations

import numpy as np

from helpers.practice.codec import decode
from helpers.practice.inputs import show
from helpers.practice.verifiers import symptom_run

from ..cases import Exercise, call, close, equal, pair, verify
from ._inputs import input_fn, random_spd

# ----------------------------------------------------------------------------- exercise 6.1
# Armijo backtracking along a descent direction d (not only -g). The reference loop is
# written out here, not h.armijo.
ex61 = Exercise("6.1", "Armijo backtracking", ["armijo_rate"], forbid=("armijo", "armijo_descent"))


def armijo_reference(f, g, w, d, lr0, c, shrink, mode="right"):
    """(accepted rate, trial points evaluated). ``mode`` names a known mistake."""
    fw, slope = f(w), float(g @ d)
    if mode == "slope_gg":
        slope = -float(g @ g)
    if mode == "sign":
        slope = -slope
    if mode == "no_test":
        return lr0, 1
    factor = 1 - shrink if mode == "one_minus" else shrink
    lr, evals = lr0, 1
    while not f(w + lr * d) <= fw + c * lr * slope:
        lr, evals = lr * factor, evals + 1
        if evals > 200:
            return None
    if mode == "extra_shrink":
        return lr * shrink, evals + 1
    if mode == "count_fw":
        return lr, evals + 1
    return lr, evals


_ARMIJO_HINTS = {
    "slope_gg": "along a direction d the slope is g.d: the condition is f(w + lr d) <= f(w) "
    "+ c lr (g.d); -|g|^2 is that slope only when d = -g",
    "sign": "the condition asks the loss to fall by at least c lr |g.d|: f(w + lr d) <= f(w) "
    "+ c lr (g.d), with g.d < 0. Check the sign",
    "no_test": "you accepted lr0 without testing it: the first trial must pass the condition too",
    "extra_shrink": "you shrank once more after the condition held: stop at the first rate "
    "that passes",
    "one_minus": "shrink multiplies the rate: lr <- shrink * lr, not (1 - shrink) * lr",
    "count_fw": "count only the trial points f(w + lr d), the accepted one included; f(w) at "
    "the start is not counted",
}


def _armijo_case(spec, f, g, w, d, lr0, c, shrink):
    lr, evals = armijo_reference(f, g, w, d, lr0, c, shrink)
    lr_variants, count_variants = [], {}
    for mode, hint in _ARMIJO_HINTS.items():
        wrong = armijo_reference(f, g, w, d, lr0, c, shrink, mode)
        if wrong is None:
            continue
        if not np.isclose(wrong[0], lr, rtol=1e-9, atol=0):
            lr_variants.append((wrong[0], hint))
        elif wrong[1] != evals:
            count_variants.setdefault(int(wrong[1]), hint)
    return call(
        "armijo_rate",
        [spec, g, w, d, lr0, c, shrink],
        ["f", "g", "w", "d", "lr0", "c", "shrink"],
        f"f={spec['fn']['name']}, g={show(g)}, w={show(w)}, d={show(d)}, lr0={lr0:.6g}, "
        f"c={c:.6g}, shrink={shrink:.6g}",
        pair(
            "armijo_rate",
            "(lr, evaluations)",
            items=[
                (0, close(lr, "the accepted rate", rtol=1e-9, atol=0, variants=lr_variants)),
                (1, equal(evals, "the number of trial points", count_variants)),
            ],
        ),
    )


def _quadratic_problem(rng):
    n = int(rng.integers(2, 6))
    A, _ = random_spd(rng, n, 0.5, 40.0)
    b = rng.standard_normal(n)
    spec, f = input_fn("quadratic_loss", "f", A=A, b=b)
    return spec, f, lambda w: A @ w - b, n


def _logistic_problem(rng):
    n, m = int(rng.integers(2, 5)), int(rng.integers(20, 51))
    X = rng.standard_normal((m, n)) * rng.uniform(0.5, 3)
    y = (rng.uniform(size=m) < 1 / (1 + np.exp(-X @ rng.standard_normal(n)))).astype(float)
    alpha = float(rng.uniform(0.01, 0.1))
    spec, f = input_fn("logistic_loss", "f", X=X, y=y, alpha=alpha)

    def grad(w):
        p = 1 / (1 + np.exp(-(X @ w)))
        return X.T @ (p - y) / m + alpha * w

    return spec, f, grad, n


def _direction(rng, g, kind):
    """A descent direction: -g, a per-coordinate rescaled -g, or -P g for an SPD P."""
    if kind == 0:
        return -g
    if kind == 1:
        return -g / (np.abs(g) + float(rng.uniform(0.05, 1)))
    P, _ = random_spd(rng, len(g), 0.05, 5.0)
    return -P @ g


@ex61.part("d = -g on a quadratic: a worked example", 1)
def _(rng):
    spec, f, grad, n = _quadratic_problem(rng)
    w = rng.standard_normal(n) * 2
    g = grad(w)
    return [_armijo_case(spec, f, g, w, -g, 1.0, 1e-4, 0.5)]


@ex61.part("random quadratic and logistic losses, other descent directions", 3)
def _(rng):
    cases = []
    for i in range(6):
        spec, f, grad, n = (_quadratic_problem if i % 2 == 0 else _logistic_problem)(rng)
        w = rng.standard_normal(n) * 2
        g = grad(w)
        d = _direction(rng, g, i % 3)
        cases.append(
            _armijo_case(
                spec,
                f,
                g,
                w,
                d,
                float(10 ** rng.uniform(0.3, 2)),
                float(rng.uniform(0.05, 0.45)),
                float(rng.uniform(0.3, 0.8)),
            )
        )
    return cases


@ex61.part("a first trial that passes, and one that needs many shrinks", 2)
def _(rng):
    spec, f, grad, n = _quadratic_problem(rng)
    A = np.asarray(decode(spec["fn"]["A"]), dtype=float)
    w = rng.standard_normal(n) * 2
    g = grad(w)
    d = _direction(rng, g, 2)
    # on a quadratic the condition holds exactly for lr <= 2 (1 - c) |g.d| / d.A.d
    passes = 2 * (1 - 1e-4) * float(-(g @ d)) / float(d @ A @ d)
    return [
        _armijo_case(spec, f, g, w, d, passes * float(rng.uniform(0.2, 0.9)), 1e-4, 0.5),
        _armijo_case(spec, f, g, w, d, passes * float(10 ** rng.uniform(4, 6)), 0.3, 0.5),
    ]


# ----------------------------------------------------------------------------- exercise 6.2
ex62 = Exercise(
    "6.2", "iterations to a tolerance", ["iterations_to_tol"], forbid=("steps_to_tolerance",)
)


def _iterations_reference(x0, lr, tol):
    x, k = x0, 0
    while abs(x) >= tol:
        x, k = (1 - 2 * lr) * x, k + 1
    return k


def _iter_case(x0, lr, tol):
    return call(
        "iterations_to_tol",
        [x0, lr, tol],
        ["x0", "lr", "tol"],
        f"x0={x0:.6g}, lr={lr:.6g}, tol={tol:.6g}",
        equal(_iterations_reference(x0, lr, tol), "the count"),
    )


@ex62.part("a worked example", 1)
def _(rng):
    return [
        _iter_case(
            float(rng.integers(2, 20)),
            round(float(rng.uniform(0.05, 0.25)), 2),
            float(rng.choice([0.1, 0.01, 0.001])),
        )
    ]


@ex62.part("random starts, rates and tolerances", 2)
def _(rng):
    cases = []
    for _ in range(8):
        lr = float(rng.uniform(0.01, 0.95))
        x0 = float(rng.uniform(-20, 20))
        cases.append(_iter_case(x0, lr, float(10 ** rng.uniform(-6, -1))))
    return cases


@ex62.part("edge cases: already converged, and lr = 0.5", 1)
def _(rng):
    tol = float(rng.choice([0.1, 0.01]))
    return [
        _iter_case(tol * float(rng.uniform(0.05, 0.9)), 0.1, tol),
        _iter_case(-float(rng.integers(1, 10)), 0.5, 1e-6),
    ]


# ----------------------------------------------------------------------------- exercise 6.3
# "Diagnose, then fix": name the symptom of an unlabelled loss curve. The curves are
# generated here from the grading seed, one generator per row of the chapter's symptom
# table, each with a margin (tests/test_grading_ch05_07.py labels 200 seeds' worth of them
# with a classifier of its own).
ex63 = Exercise("6.3", "diagnose, then fix", ["diagnose", "fix"])

MAX_POINTS = 600


def _config(lr, beta=0.0):
    return {
        "lr": float(lr),
        "beta": float(beta),
        "schedule": "constant",
        "warmup_steps": 0,
        "steps": MAX_POINTS - 1,
    }


def problem_diverges(rng):
    """A quadratic with the rate 1.15 to 2 times past 2/lambda_max, from a start with a
    tiny component along the top direction: the loss falls first, then blows up."""
    n = int(rng.integers(3, 11))
    top = float(rng.uniform(8, 20))
    eig = np.append(rng.uniform(0.5, 4.0, n - 1), top)
    x0 = rng.standard_normal(n)
    x0[-1] = 1e-6 * np.linalg.norm(x0[:-1]) * float(rng.choice([-1, 1]))
    lr = float(rng.uniform(1.15, 2.0)) * 2 / top
    return {"kind": "quadratic", "eig": eig, "w0": x0}, _config(lr)


def problem_diverges_at_once(rng):
    """c (x^4 + y^4) from a far start where the rate is 3 to 6 times too large."""
    c = float(rng.uniform(0.5, 2.0))
    x0 = np.array([rng.uniform(1.5, 3.0), rng.uniform(0.2, 1.0)]) * rng.choice([-1, 1], 2)
    lr = float(rng.uniform(3, 6)) / (4 * c * x0[0] ** 2)
    return {"kind": "quartic", "c": c, "w0": x0}, _config(lr)


def problem_slow(rng):
    """A quadratic with the rate 0.2 % to 1 % of 2/lambda_max."""
    n = int(rng.integers(3, 11))
    eig = np.exp(rng.uniform(np.log(0.5), np.log(20), n))
    lr = float(rng.uniform(0.002, 0.01)) * 2 / eig.max()
    return {"kind": "quadratic", "eig": eig, "w0": rng.standard_normal(n)}, _config(lr)


def problem_oscillates(rng):
    """A ravine diag(1, L) with beta from 0.98 to 0.995."""
    L = float(10 ** rng.uniform(1.5, 2.0))
    x0 = rng.standard_normal(2)
    x0[0] = np.sign(x0[0]) * max(abs(x0[0]), 0.5) * 5
    lr, beta = float(rng.uniform(0.8, 1.5)) / L, float(rng.uniform(0.98, 0.995))
    return {"kind": "quadratic", "eig": np.array([1.0, L]), "w0": x0}, _config(lr, beta)


def problem_noise_floor(rng):
    """Minibatch SGD with a constant rate on a random regression."""
    n, dim = 200, int(rng.integers(3, 7))
    X = rng.standard_normal((n, dim))
    y = X @ rng.standard_normal(dim) + float(rng.uniform(0.3, 1.0)) * rng.standard_normal(n)
    problem = {
        "kind": "regression",
        "X": X,
        "y": y,
        "batch": int(rng.integers(4, 11)),
        "seed": int(rng.integers(2**31)),
        "steps_max": MAX_POINTS - 1,
        "w0": rng.standard_normal(dim) * 2,
    }
    return problem, _config(float(rng.uniform(0.08, 0.2)))


def problem_plateau(rng):
    """Gradient descent from 1e-8 to 1e-6 next to the saddle of x^4 + y^4 - 4xy + 1."""
    eps = float(10 ** rng.uniform(-8, -6))
    w0 = (np.array([eps, 0.0]) if rng.uniform() < 0.5 else np.array([0.0, eps])) * rng.choice(
        [-1, 1]
    )
    return {"kind": "saddle", "w0": w0}, _config(float(rng.uniform(0.015, 0.025)))


PROBLEMS = {
    "diverges": problem_diverges,
    "diverges at once": problem_diverges_at_once,
    "slow": problem_slow,
    "oscillates": problem_oscillates,
    "noise floor": problem_noise_floor,
    "plateau": problem_plateau,
}
GENERATORS = {
    label: (lambda rng, make=make: symptom_run(*make(rng))) for label, make in PROBLEMS.items()
}

SYMPTOMS = tuple(GENERATORS)

_SYMPTOM_HINTS = {
    "diverges": {
        "diverges at once": "the loss fell first and exploded later: the rate is above "
        "2/lambda_max of the quadratic the run is on, and the steep direction took a while to "
        "grow from a small start. A rise from the very first step is 'diverges at once'",
    },
    "diverges at once": {
        "diverges": "the loss rose from the very first step: nothing fell first, so the "
        "curvature is largest at the start (warm up, or backtrack as in sec-line-search)",
    },
    "slow": {
        "plateau": "it falls from the very first step, steadily: slow, not a plateau (a "
        "plateau barely moves at first, then drops suddenly)",
    },
    "plateau": {
        "slow": "nothing moves at first, then a sudden drop: a plateau near a saddle, not a "
        "slow steady decrease (which falls from the first step)",
    },
    "oscillates": {
        "noise floor": "it still trends down: oscillation, not a floor. Compare the typical "
        "loss of the second quarter with that of the last",
    },
    "noise floor": {
        "oscillates": "it no longer trends down: the loss jitters around a level it does "
        "not leave, a noise floor, not an oscillation that dies out",
    },
}


def _curve_case(label, losses):
    return call(
        "diagnose",
        [losses],
        ["losses"],
        f"losses of length {len(losses)}: {show(losses, 4)}",
        equal(label, "the diagnosis", _SYMPTOM_HINTS[label]),
    )


@ex63.part("name the symptom of twelve unlabelled loss curves, two of each kind", 4)
def _(rng):
    drawn = [(label, GENERATORS[label](rng)) for label in SYMPTOMS for _ in range(2)]
    return [_curve_case(*drawn[i]) for i in rng.permutation(len(drawn))]


_FIX_HINTS = {
    "diverges": {
        "blows_up": "it still blows up: the rate must go below 2/lambda_max, and halving is "
        "not enough when it was up to twice too large; try a third of it",
        "not_converged": "it no longer blows up but does not converge in time: a rate far "
        "below the limit is slow; about a third of the old rate is enough",
    },
    "diverges at once": {
        "blows_up": "the loss rose from the very first step: nothing fell first, so the "
        "curvature is largest at the start (warm up, or backtrack as in sec-line-search)",
        "not_converged": "it no longer blows up, but hardly moves: keep the rate and warm "
        "it up instead of shrinking it for the whole run",
    },
    "slow": {
        "no_faster": "your change converges, but no faster: the slow row needs a larger "
        "step (up to 2/(lambda_min + lambda_max)) or momentum",
        "blows_up": "too large a step: a rate far below its limit can grow tenfold, not "
        "past the limit",
    },
    "oscillates": {
        "still_oscillates": "lower beta further: the oscillation is momentum carrying the "
        "iterate past the minimum, and every underdamped direction keeps it",
        "no_faster": "with that little momentum the flat direction crawls: keep a moderate "
        "beta (the critical damping of chapter 5)",
    },
    "noise floor": {
        "floor": "a constant rate keeps its floor: the floor is proportional to the rate; a "
        "decaying schedule (cosine) keeps the fast start and ends lower",
    },
    "plateau": {
        "plateau": "momentum shortens the plateau: it raises the per-step growth away from "
        "the saddle (chapter 5, momentum across a saddle)",
        "blows_up": "the fixed run blows up: keep the rate and add momentum instead",
    },
}
_FIX_COMMON = {
    "too_many": "change at most two fields of the config",
    "steps": "you may not raise steps: fix the run, do not lengthen it",
}


@ex63.part("fix(label, config): a new config that removes the symptom, one run of each", 4)
def _(rng):
    cases = []
    for label in SYMPTOMS:
        problem, config = PROBLEMS[label](rng)
        params = {"label": label, "problem": problem, "config": config}
        cases.append(
            call(
                "fix",
                [label, config],
                ["label", "config"],
                f"label={label!r}, config={show_config(config)}",
                verify(
                    "fix_removes_symptom",
                    "the new config",
                    params,
                    hints={**_FIX_COMMON, **_FIX_HINTS[label]},
                ),
            )
        )
    return cases


def show_config(config) -> str:
    return (
        "{"
        + ", ".join(
            f"{k!r}: {v:.6g}" if isinstance(v, float) else f"{k!r}: {v!r}"
            for k, v in config.items()
        )
        + "}"
    )

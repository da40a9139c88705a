r"""Verifiers: checks of an answer's *property*, for answers that have many right values.

A witness that a function is not convex, a step size and momentum that meet a target
rate, a fix that removes a symptom: the check cannot compare such an answer with one
expected value. A ``verify`` expectation (:mod:`helpers.practice.compare`) names a
verifier in :data:`VERIFIERS` and its parameters (the problem, never the answer);
``VERIFIERS[name](got, **params)`` returns when the answer has the property and raises
:class:`~helpers.practice.wrong.Wrong` otherwise, with a ``key`` naming the kind of
failure (the expectation maps keys to teaching hints) and a plain default hint.

Verifiers check; they never hold an answer. In grading they run in the checker process,
from the instructor's copy of this module, never where the student's code runs. They may
use the numeric core (:mod:`helpers.core`).

Register a verifier with :func:`verifier`::

    @verifier("positive")
    def _positive(got, scale):
        x = as_number(got, "the answer")
        if not x > 0:
            raise Wrong("the answer must be positive", key="sign")
"""

from __future__ import annotations

import math

import numpy as np

from .wrong import Wrong

__all__ = ["VERIFIERS", "verifier", "as_number", "as_vector", "fail"]

VERIFIERS: dict = {}


def verifier(name: str):
    """Register ``fn(got, **params)`` as the verifier ``name``."""

    def deco(fn):
        if name in VERIFIERS:
            raise ValueError(f"verifier {name!r} is registered twice")
        VERIFIERS[name] = fn
        return fn

    return deco


def fail(key: str, hint: str):
    """Raise :class:`Wrong` with the failure's ``key`` and its default ``hint``."""
    raise Wrong(hint, key=key)


def as_number(got, what: str) -> float:
    """``got`` as a finite float, or :class:`Wrong` (key ``"type"``)."""
    if isinstance(got, (bool, np.bool_)) or not isinstance(
        got, (int, float, np.integer, np.floating)
    ):
        if isinstance(got, np.ndarray) and got.size == 1 and got.dtype.kind in "iuf":
            got = got.reshape(())[()]
        else:
            fail("type", f"{what} should be a number, got {type(got).__name__}")
    x = float(got)
    if not math.isfinite(x):
        fail("finite", f"{what} is {x}, not a finite number")
    return x


def as_vector(got, what: str) -> np.ndarray:
    """``got`` as a finite 1-D float array (a number counts as a 1-vector)."""
    try:
        if isinstance(got, (str, dict, bool, np.bool_)) or got is None:
            raise TypeError
        arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        fail("type", f"{what} should be a number or a vector, got {type(got).__name__}")
    if arr.ndim > 1:
        fail("shape", f"{what} should be a number or a 1-D vector, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        fail("finite", f"{what} contains nan or inf")
    return arr.reshape(-1)


# --------------------------------------------------------------- chapters 1 to 4, 8, 9


@verifier("chord_witness")
def _chord_witness(got, f, dim):
    """``got = (a, b, t)`` proves ``f`` is not convex: ``0 < t < 1`` and the graph at
    ``t a + (1 - t) b`` lies above the chord ``t f(a) + (1 - t) f(b)``, by more than
    rounding can explain (exercise 2.1's chord gap is negative there)."""
    if got is None:
        fail("none", "there is no witness (None), but this function is not convex")
    if isinstance(got, np.ndarray) and got.dtype == object:
        got = tuple(got)
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        fail("type", f"a witness is a tuple (a, b, t), got {type(got).__name__}")
    a, b = (as_vector(x, name) for x, name in zip(got[:2], ("a", "b")))
    t = as_number(got[2], "t")
    if a.size != dim or b.size != dim:
        fail("shape", f"a and b should be points with {dim} coordinate(s), got {a.size}, {b.size}")
    if not 0 < t < 1:
        fail("t", f"t must lie strictly between 0 and 1, got {t:g}")
    a, b = (x[0] if dim == 1 else x for x in (a, b))

    def rise(s):
        """Graph minus chord at weight s on a, and the size of the numbers involved."""
        fx, fa, fb = (float(f(x)) for x in (s * a + (1 - s) * b, a, b))
        return fx - (s * fa + (1 - s) * fb), max(1.0, abs(fx), abs(fa), abs(fb))

    g, scale = rise(t)
    if not np.isfinite(g):
        fail("finite", "the function is not finite at your witness")
    if g > 1e-9 * scale:
        return
    g_other, scale_other = rise(1 - t)
    if g_other > 1e-9 * scale_other:
        fail(
            "orientation",
            "t weighs a, as in exercise 2.1: the point is t a + (1 - t) b; with your t the "
            "graph is not above the chord (swap a and b, or use 1 - t)",
        )
    fail("gap", f"the graph is not above the chord at your witness (by {g:.3g})")


# ------------------------------------------------- chapters 5 to 7 (added by their author)


def _two_numbers(got, what: str):
    """``got`` as a pair of finite numbers, or :class:`Wrong` (key ``"type"``)."""
    if isinstance(got, np.ndarray) and got.shape == (2,):
        got = tuple(got.tolist())
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        fail("type", f"{what} should be a pair of numbers, got {type(got).__name__}")
    return tuple(as_number(x, what) for x in got)


@verifier("momentum_rate_at_most")
def _momentum_rate_at_most(got, mu, L, target, beta_max):
    r"""``got = (lr, beta)`` gives heavy-ball momentum on a quadratic with curvatures in
    ``[mu, L]`` a rate at most ``target`` with ``0 <= beta <= beta_max``: by the theory
    (:func:`helpers.core.quadratic_theory.momentum_rate`) and by a 400-step run on
    diag(mu, L) that does not diverge and shrinks at the rate the theory says (within
    0.01: at a double root the error decays like :math:`k r^k`)."""
    lr, beta = _two_numbers(got, "(lr, beta)")
    if not 0 <= beta <= beta_max:
        fail("beta_cap", f"beta must lie in [0, {beta_max:g}], got {beta:g}")
    if not lr > 0:
        fail("lr", f"the learning rate must be positive, got {lr:g}")
    if lr * L >= 2 + 2 * beta:
        fail("unstable", "lr L >= 2 + 2 beta: the steep direction is unstable")
    from helpers.core.landscapes import quadratic_from_matrix
    from helpers.core.optimizers import momentum
    from helpers.core.quadratic_theory import momentum_rate
    from helpers.core.runner import run

    rate = float(momentum_rate(lr, beta, [mu, L]))
    if rate > target:
        key = "rate_at_cap" if beta >= beta_max * (1 - 1e-9) else "rate"
        fail(key, f"the rate {rate:.6g} is above the target {target:.6g}")
    steps = 400
    result = run(
        quadratic_from_matrix(np.diag([float(mu), float(L)])),
        [1.0, 1.0],
        momentum(beta),
        lr=lr,
        steps=steps,
        tol=0,
    )
    norms = np.linalg.norm(result.path, axis=1)
    if result.diverged or not np.all(np.isfinite(norms)):
        fail("run", "a run with these settings diverges")
    if norms[-1] > 0 and norms[steps // 2] > 0:
        measured = (norms[-1] / norms[steps // 2]) ** (1 / (steps - steps // 2))
        if measured > rate + 0.01:
            fail("run", f"a run shrinks at {measured:.4g} per step, slower than {rate:.4g}")


# --- exercise 6.3: a training run described as data, and the test that a fix worked ---

FIX_FIELDS = ("lr", "beta", "schedule", "warmup_steps", "steps")
BLOW_UP = 1e8  # a loss this many times its start counts as blown up


def _schedule(config) -> np.ndarray:
    """The rate of every step: ``lr``, warmed up linearly over ``warmup_steps`` steps
    (:func:`helpers.core.schedules.warmup`), then constant or cosine to 0 over the rest
    (:func:`helpers.core.schedules.cosine`)."""
    from helpers.core.schedules import constant, cosine, warmup

    lr, steps, w = float(config["lr"]), int(config["steps"]), int(config["warmup_steps"])
    rest = max(steps - w, 1)
    after = cosine(lr, rest) if config["schedule"] == "cosine" else constant(lr)
    schedule = warmup(lr, w, then=after) if w > 0 else after
    return np.asarray(schedule(np.arange(steps)), dtype=float)


def _problem(problem):
    """(loss, gradient-of-step-t, start) of a problem described as data."""
    kind = problem["kind"]
    w0 = np.asarray(problem["w0"], dtype=float)
    if kind == "quadratic":  # 0.5 sum eig w^2
        eig = np.asarray(problem["eig"], dtype=float)
        return (lambda w: 0.5 * float(np.sum(eig * w * w))), (lambda w, t: eig * w), w0
    if kind == "quartic":  # c (x^4 + y^4)
        c = float(problem["c"])
        return (lambda w: c * float(np.sum(w**4))), (lambda w, t: 4 * c * w**3), w0
    if kind == "saddle":  # x^4 + y^4 - 4xy + 1, chapter 4's quartic example

        def loss(w):
            return float(w[0] ** 4 + w[1] ** 4 - 4 * w[0] * w[1] + 1)

        def grad(w, t):
            return np.array([4 * w[0] ** 3 - 4 * w[1], 4 * w[1] ** 3 - 4 * w[0]])

        return loss, grad, w0
    if kind == "regression":  # 0.5 mean (Xw - y)^2, minibatch gradients from a seed
        X, y = np.asarray(problem["X"], float), np.asarray(problem["y"], float)
        batches = np.random.default_rng(int(problem["seed"])).integers(
            0, len(y), (int(problem["steps_max"]), int(problem["batch"]))
        )

        def grad(w, t):
            xb, yb = X[batches[t]], y[batches[t]]
            return xb.T @ (xb @ w - yb) / len(yb)

        return (lambda w: 0.5 * float(np.mean((X @ w - y) ** 2))), grad, w0
    raise ValueError(f"unknown problem kind {kind!r}")


def symptom_run(problem, config) -> np.ndarray:
    """The losses of heavy-ball momentum (``beta``; 0 is gradient descent) with the
    schedule of ``config`` on ``problem``: one a step, the start included, ending early
    at the first loss that is not finite or is ``BLOW_UP`` times the start."""
    loss, grad, w = _problem(problem)
    rates, beta = _schedule(config), float(config["beta"])
    v = np.zeros_like(w)
    losses = [loss(w)]
    with np.errstate(all="ignore"):
        for t, lr in enumerate(rates):
            v = beta * v + grad(w, t)
            w = w - lr * v
            losses.append(loss(w))
            if not np.isfinite(losses[-1]) or losses[-1] > BLOW_UP * abs(losses[0]):
                break
    return np.array(losses)


def _checked_config(got, config):
    if not isinstance(got, dict) or set(got) != set(FIX_FIELDS):
        fail("type", f"the new config should be a dict with the keys {', '.join(FIX_FIELDS)}")
    new = dict(got)
    lr = as_number(new["lr"], "lr")
    beta = as_number(new["beta"], "beta")
    if not lr > 0:
        fail("value", f"lr must be positive, got {lr:g}")
    if not 0 <= beta < 1:
        fail("value", f"beta must lie in [0, 1), got {beta:g}")
    if new["schedule"] not in ("constant", "cosine"):
        fail("value", "schedule must be 'constant' or 'cosine'")
    for key in ("warmup_steps", "steps"):
        x = as_number(new[key], key)
        if x != int(x) or x < 0:
            fail("value", f"{key} must be a whole number >= 0, got {new[key]!r}")
        new[key] = int(x)
    if new["steps"] > config["steps"]:
        fail("steps", "you may not raise steps: fix the run, do not lengthen it")
    if new["steps"] < 1 or new["warmup_steps"] > new["steps"]:
        fail("value", "steps must be at least 1 and at least warmup_steps")
    changed = [k for k in FIX_FIELDS if new[k] != config[k]]
    if len(changed) > 2:
        fail("too_many", f"change at most two fields; you changed {', '.join(changed)}")
    return dict(new, lr=lr, beta=beta)


def _blew_up(losses) -> bool:
    return not np.isfinite(losses[-1]) or losses[-1] > BLOW_UP * abs(losses[0]) / 10


def _until(losses, level):
    """The curve up to its first value at or below ``level`` (all of it if none)."""
    k = _first_below(losses, level)
    return losses if k is None else losses[: k + 1]


def _first_below(losses, level):
    below = np.nonzero(losses <= level)[0]
    return int(below[0]) if below.size else None


@verifier("fix_removes_symptom")
def _fix_removes_symptom(got, label, problem, config):
    """The fixed config removes the symptom ``label`` on ``problem``: the criteria of the
    chapter's symptom table, on a re-run of both configs (:func:`symptom_run`)."""
    new = _checked_config(got, config)
    before, after = symptom_run(problem, config), symptom_run(problem, new)
    if _blew_up(after):
        fail("blows_up", "the fixed run still blows up")
    start = after[0]
    if label == "diverges":
        if _first_below(after, 1e-6 * start) is None:
            fail("not_converged", "the fixed run does not converge within its steps")
    elif label == "diverges at once":
        if not after[-1] < 0.01 * start:
            fail("not_converged", "the fixed run does not get far below its start")
    elif label == "slow":
        k = _first_below(after, before[-1])
        if k is None or k > len(before) // 5:
            fail(
                "no_faster",
                "the fixed run does not reach the old final loss in a fifth of the steps",
            )
    elif label == "oscillates":
        # rising steps until the run converges (1e-6 of the start), as a run would stop
        ups = [float(np.mean(np.diff(_until(x, 1e-6 * start)) > 0)) for x in (before, after)]
        if ups[1] > ups[0] / 2:
            fail("still_oscillates", "the loss still rises on more than half as many steps")
        k = _first_below(after, before[-1])
        if k is None or k >= len(before) - 1:
            fail("no_faster", "the fixed run does not reach the old final loss sooner")
    elif label == "noise floor":
        X, y = np.asarray(problem["X"], float), np.asarray(problem["y"], float)
        w_star = np.linalg.lstsq(X, y, rcond=None)[0]
        best = 0.5 * float(np.mean((X @ w_star - y) ** 2))
        floors = [float(np.mean(x[-100:])) - best for x in (before, after)]
        if floors[1] > floors[0] / 2:
            fail("floor", "the floor of the fixed run is more than half as high")
    elif label == "plateau":
        level = before[0] - (before[0] - before.min()) / 2
        k0, k1 = _first_below(before, level), _first_below(after, level)
        if k1 is None or k1 > k0 / 2:
            fail("plateau", "the plateau of the fixed run is more than half as long")
    else:
        raise ValueError(f"unknown symptom {label!r}")

r"""Verifiers: checks of an answer's *property*, for answers that have many right values.

A witness that a function is not convex, a step size and momentum that meet a target
rate, a fix that removes a symptom: the check cannot compare such an answer with one
expected value. A ``verify`` expectation (:mod:`helpers.practice.compare`) names a
verifier in :data:`VERIFIERS` and its parameters (the problem, never the answer);
``VERIFIERS[name](got, **params)`` returns when the answer has the property and raises
:class:`~helpers.practice.compare.Wrong` otherwise, with a ``key`` naming the kind of
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

from .compare import Wrong

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

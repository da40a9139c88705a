r"""One run loop for every optimizer, with a result that says what happened.

:func:`run` applies an :class:`~helpers.core.optimizers.Optimizer` to a landscape (or to any
gradient function) and records the path, the losses, the gradient norms and the learning
rates. It stops when the run has *converged* (gradient norm below ``tol``, or a
``stop_when`` test passes), has *diverged* (a non-finite or exploding loss or iterate; the
run stops at once, without overflow warnings) or has used its ``steps``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .._validate import as_point, non_negative, positive, positive_int
from .optimizers import Optimizer, gradient_descent
from .schedules import as_schedule

__all__ = ["RunResult", "run"]


@dataclass(frozen=True)
class RunResult:
    """What a run did. ``path[k]`` is the iterate after k steps (``path[0]`` the start)."""

    path: np.ndarray
    losses: np.ndarray
    grad_norms: np.ndarray
    learning_rates: np.ndarray
    status: str
    message: str
    optimizer: str

    @property
    def steps(self) -> int:
        """Number of update steps taken."""
        return len(self.path) - 1

    @property
    def x(self) -> np.ndarray:
        """The last iterate."""
        return self.path[-1]

    @property
    def loss(self) -> float:
        """The loss at the last iterate."""
        return float(self.losses[-1])

    @property
    def converged(self) -> bool:
        return self.status == "converged"

    @property
    def diverged(self) -> bool:
        return self.status == "diverged"

    def __repr__(self) -> str:
        return (f"RunResult(status={self.status!r}, steps={self.steps}, "
                f"loss={self.loss:.6g}, optimizer={self.optimizer!r})")


def run(landscape, w0, optimizer: Optimizer | None = None, lr=0.1, steps: int = 1000,
        tol: float = 1e-8, stop_when: Callable | None = None, noise: float = 0.0,
        seed: int = 0, blowup: float = 1e8, loss=None, grad=None) -> RunResult:
    r"""Run ``optimizer`` from ``w0`` for at most ``steps`` updates.

    Parameters
    ----------
    landscape : Landscape or None
        Supplies ``value`` and ``gradient``; pass ``None`` and give ``loss`` and ``grad``
        (functions of one point) to optimize anything else.
    lr : float or callable
        A constant learning rate or a schedule ``lr(t)`` for step ``t = 0, 1, ...``.
    tol : float
        Converged when :math:`\|\nabla f(w)\| <` ``tol`` (set 0 to never stop this way).
    stop_when : callable, optional
        ``stop_when(w, loss) -> bool``; converged when it returns True.
    noise : float
        Standard deviation of Gaussian noise added to every gradient
        (:math:`g + \sigma\xi`, :math:`\xi\sim N(0, I)`), from a generator seeded by ``seed``.
    blowup : float
        Diverged when the loss exceeds ``blowup`` times ``max(1, |initial loss|)`` or any value
        stops being finite.
    """
    if landscape is not None:
        loss_fn, grad_fn, dim = landscape.value_fn, landscape.gradient_fn, landscape.dim
    else:
        if loss is None or grad is None:
            raise ValueError("pass a landscape, or both loss= and grad= functions")
        loss_fn, grad_fn, dim = loss, grad, None
    w = as_point(w0, dim, name="w0")
    optimizer = optimizer or gradient_descent()
    if not isinstance(optimizer, Optimizer):
        raise ValueError(f"optimizer must be an Optimizer such as momentum(0.9), got {optimizer!r}")
    schedule = as_schedule(lr) if callable(lr) else as_schedule(positive(lr, "lr"))
    steps = positive_int(steps, "steps")
    tol = non_negative(tol, "tol")
    noise = non_negative(noise, "noise")
    blowup = positive(blowup, "blowup")
    rng = np.random.default_rng(seed)

    path, losses, gnorms, rates = [w.copy()], [], [], []
    state = optimizer.init(w)
    status, message = "max_steps", f"stopped after the step limit of {steps}"
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        f0 = float(loss_fn(w))
        if not np.isfinite(f0):
            raise ValueError(f"the loss at w0 = {w.tolist()} is not finite ({f0})")
        limit = blowup * max(1.0, abs(f0))
        g = np.asarray(grad_fn(w), dtype=float)
        losses.append(f0)
        gnorms.append(float(np.linalg.norm(g)))
        if stop_when is not None and stop_when(w, f0):
            status, message = "converged", "the stopping test holds at the start"
        elif gnorms[0] < tol:
            status, message = "converged", f"gradient norm below {tol:g} at the start"
        else:
            for t in range(steps):
                eta = float(schedule(t))
                if noise:
                    g = g + noise * rng.standard_normal(g.shape)
                step, state = optimizer.update(g, state, eta)
                w = w + step
                f = float(loss_fn(w))
                g = np.asarray(grad_fn(w), dtype=float)
                path.append(w.copy())
                losses.append(f)
                gnorms.append(float(np.linalg.norm(g)))
                rates.append(eta)
                if not (np.isfinite(f) and np.all(np.isfinite(w)) and np.all(np.isfinite(g))):
                    status = "diverged"
                    message = f"diverged at step {t + 1}: the loss or iterate is no longer finite"
                    break
                if abs(f) > limit:
                    status = "diverged"
                    message = (f"diverged at step {t + 1}: the loss grew to {f:.3g}, more than "
                               f"{blowup:g} times its start")
                    break
                if stop_when is not None and stop_when(w, f):
                    status, message = "converged", f"the stopping test holds after {t + 1} steps"
                    break
                if gnorms[-1] < tol:
                    status, message = "converged", f"gradient norm below {tol:g} after {t + 1} steps"
                    break
    return RunResult(np.array(path), np.array(losses), np.array(gnorms), np.array(rates),
                     status, message, repr(optimizer))

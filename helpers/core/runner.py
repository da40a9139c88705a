r"""One run loop for every optimizer, with a result that says what happened.

:func:`run` applies an :class:`~helpers.core.optimizers.Optimizer` to a landscape (or to any
loss with a gradient) and records the path, the losses, the gradient norms and the
learning rates. Its status says how the run ended:

``converged``
    the iterate is **at rest under the method's own dynamics**: the gradient norm is below
    ``tol`` *and* the step the method would take next, from that gradient and its state
    (a velocity, averages), is no longer than ``lr * tol``; for gradient descent the second
    condition is the first. Or the caller's ``stop_when(w, loss)`` test holds. A run with
    gradient noise is never at rest (every step adds a random kick), so with ``noise > 0``
    it never converges by ``tol``: it ends by ``stop_when``, divergence or the step limit.
``diverged``
    the loss or the iterate stopped being finite, or the loss grew past ``blowup`` times
    its start; the run stops at once, without overflow warnings.
``max_steps``
    neither happened within ``steps`` updates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._validate import (
    as_point,
    fail,
    function,
    non_negative,
    positive,
    positive_int,
    show,
)
from .._validate import landscape as check_landscape
from .._validate import (
    seed as check_seed,
)
from .optimizers import Optimizer, gradient_descent
from .schedules import as_schedule

__all__ = ["RunResult", "run"]


@dataclass(frozen=True)
class RunResult:
    """What a run did, as :func:`run` returns it.

    Attributes
    ----------
    path : numpy.ndarray
        ``(steps + 1, d)``: ``path[k]`` is the iterate after k steps (``path[0]`` the start).
    losses : numpy.ndarray
        The loss at every iterate.
    grad_norms : numpy.ndarray
        The norm of the noise-free gradient at every iterate.
    learning_rates : numpy.ndarray
        The rate of every step taken (one fewer than iterates).
    status : str
        ``'converged'``, ``'diverged'`` or ``'max_steps'`` (see :mod:`helpers.core.runner`);
        a line search (:func:`~helpers.core.line_search.armijo_descent`) may also end
        ``'stalled'``, when no step passes its test.
    message : str
        Which rule ended the run, and when.
    optimizer : str
        The optimizer with its hyperparameters, e.g. ``'momentum(beta=0.9)'``.
    evaluations : numpy.ndarray or None
        How many times each step evaluated the loss, for methods that try several points
        per step: a line search (:func:`~helpers.core.line_search.armijo_descent`) counts
        its trial points, the last of which is the new iterate. ``None`` for :func:`run`,
        which evaluates the loss once per step.
    steps, x, loss, converged, diverged
        Properties: the steps taken, the last iterate and its loss, and the status as booleans.
    """

    path: np.ndarray
    losses: np.ndarray
    grad_norms: np.ndarray
    learning_rates: np.ndarray
    status: str
    message: str
    optimizer: str
    evaluations: np.ndarray | None = None

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
        return (
            f"RunResult(status={self.status!r}, steps={self.steps}, "
            f"loss={self.loss:.6g}, optimizer={self.optimizer!r})"
        )


class _Objective(NamedTuple):
    """The function to minimize, however it was given: one call for both values, the loss
    alone (for line searches' trial points), the gradient alone, the dimension if known,
    and the names of the arguments that give the loss and the gradient (for messages)."""

    value_and_grad: Callable
    loss: Callable
    grad: Callable
    dim: int | None
    names: tuple[str, str]


def _as_value_and_grad(landscape, loss, grad, value_and_grad) -> _Objective:
    """The one objective among ``landscape``, ``value_and_grad`` and ``loss`` with
    ``grad``, checked."""
    given = [
        landscape is not None,
        value_and_grad is not None,
        loss is not None or grad is not None,
    ]
    if sum(given) != 1 or (given[2] and (loss is None or grad is None)):
        named = [
            n
            for n, g in zip(
                ("landscape", "value_and_grad", "loss", "grad"),
                (*given[:2], loss is not None, grad is not None),
            )
            if g
        ]
        fail(
            "landscape",
            "the one objective: a Landscape, or None with value_and_grad= (a function "
            "w -> (loss, gradient)) or with both loss= and grad=",
            None,
            "pass exactly one of them, not a mix",
            shown=" and ".join(named) if named else "none of them",
        )
    if landscape is not None:
        landscape = check_landscape(landscape, needs=("value", "gradient"))
        value_fn, grad_fn = landscape.value, landscape.gradient

        def landscape_value_and_grad(w):
            return value_fn(w), grad_fn(w)

        names = ("landscape.value", "landscape.gradient")
        dim = getattr(landscape, "dim", None)
        return _Objective(landscape_value_and_grad, value_fn, grad_fn, dim, names)
    if value_and_grad is not None:
        function(value_and_grad, "value_and_grad", "a function w -> (loss, gradient)")
        return _Objective(
            value_and_grad,
            lambda w: value_and_grad(w)[0],
            lambda w: value_and_grad(w)[1],
            None,
            ("value_and_grad", "value_and_grad"),
        )
    function(loss, "loss", "a function w -> loss of one point")
    function(grad, "grad", "a function w -> gradient of one point")

    def loss_then_grad(w):
        return loss(w), grad(w)

    return _Objective(loss_then_grad, loss, grad, None, ("loss", "grad"))


def _checked_loss(f, name: str, where: str) -> float:
    """``f`` as a float, or a message naming the function ``name`` that returned it."""
    try:
        return float(f)
    except (TypeError, ValueError):
        fail(
            name,
            "a function returning one number, the loss",
            f,
            "return a float (a sum or a mean, not an array)",
            shown=f"{show(f)} {where}",
        )


def _checked_gradient(g, w: np.ndarray, name: str, where: str) -> np.ndarray:
    """``g`` as a float array shaped like ``w``, or a message naming ``name``."""
    g = np.asarray(g, dtype=float)
    if g.shape != w.shape:
        fail(
            name,
            f"a function returning a gradient shaped like w0, {w.shape}",
            g,
            "return one partial derivative per coordinate",
            shown=f"shape {g.shape} {where}",
        )
    return g


def _evaluate(objective: _Objective, w, k):
    """The loss (a float) and gradient (shaped like ``w``) at iterate ``k``, checked."""
    f, g = objective.value_and_grad(w)
    where = f"at iterate {k}"
    return (
        _checked_loss(f, objective.names[0], where),
        _checked_gradient(g, w, objective.names[1], where),
    )


def run(
    landscape,
    w0,
    optimizer: Optimizer | None = None,
    lr=0.1,
    steps: int = 1000,
    tol: float = 1e-8,
    stop_when: Callable | None = None,
    noise: float = 0.0,
    seed: int = 0,
    blowup: float = 1e8,
    loss=None,
    grad=None,
    value_and_grad=None,
) -> RunResult:
    r"""Run ``optimizer`` from ``w0`` for at most ``steps`` updates.

    Each step takes the gradient :math:`g_k = \nabla f(w_k)` (plus noise, if asked), and
    moves by the optimizer's step: :math:`w_{k+1} = w_k + \text{step}(g_k, \text{state}_k,
    \eta_k)`. The loss and the gradient are evaluated once at each iterate, the loss first.

    Parameters
    ----------
    landscape : Landscape or None
        The function to minimize, through its ``value`` and ``gradient`` (and ``dim``, which
        ``w0`` must match). Pass ``None`` and give ``value_and_grad``, or ``loss`` and
        ``grad``, to optimize anything else.
    w0 : array_like
        The start, a finite vector.
    optimizer : Optimizer, optional
        Gradient descent by default.
    lr : float or callable
        A constant learning rate or a schedule ``lr(t)`` for step ``t = 0, 1, ...`` (every
        rate must be finite and ``>= 0``).
    steps : int
        The most updates to take.
    tol : float
        The iterate is at rest when :math:`\|\nabla f(w)\| <` ``tol`` and the method's
        next noise-free step is no longer than ``lr * tol``; then the run has converged.
        Set 0 to never stop this way. Not used when ``noise > 0``.
    stop_when : callable, optional
        ``stop_when(w, loss) -> bool``, checked at the start and after every step; the run
        has converged (by the caller's definition) when it returns True.
    noise : float
        Standard deviation :math:`\sigma` of Gaussian noise added to every gradient the
        optimizer sees (:math:`g + \sigma\xi`, :math:`\xi\sim N(0, I)`), from a generator
        seeded by ``seed``. The recorded gradient norms are those of the noise-free gradient.
        A noisy run leaves even a point where the gradient is exactly zero.
    seed : int
        Seed of the noise.
    blowup : float
        Diverged when the loss exceeds ``blowup`` times ``max(1, |initial loss|)`` or any value
        stops being finite.
    loss, grad : callable, optional
        Functions of one point: the loss (a number) and its gradient (an array like ``w``).
        Called in that order at every iterate; each must be correct on its own.
    value_and_grad : callable, optional
        One function ``w -> (loss, gradient)``, for models that get both from one pass
        (for example ``net.value_and_grad(X, y)``).

    Returns
    -------
    RunResult
        The path ``(steps + 1, d)``, losses, noise-free gradient norms, learning rates,
        and a status (``'converged'``, ``'diverged'`` or ``'max_steps'``) with a message
        that says which rule ended the run.
    """
    objective = _as_value_and_grad(landscape, loss, grad, value_and_grad)
    w = as_point(w0, objective.dim, name="w0")
    optimizer = gradient_descent() if optimizer is None else optimizer
    if not isinstance(optimizer, Optimizer):
        fail(
            "optimizer",
            "an Optimizer",
            optimizer,
            "build one with h.momentum(0.9), h.adam(), ... (None means gradient descent)",
        )
    schedule = as_schedule(lr)  # checks every rate it gives, at every step
    steps = positive_int(steps, "steps")
    tol = non_negative(tol, "tol")
    if stop_when is not None:
        function(stop_when, "stop_when", "a function (w, loss) -> bool")
    noise = non_negative(noise, "noise")
    rng = np.random.default_rng(check_seed(seed))
    blowup = positive(blowup, "blowup")

    def rate(t):
        return float(schedule(t))

    def take(step, k):
        step = np.asarray(step, dtype=float)
        if step.shape != w.shape:
            fail(
                "optimizer",
                f"an Optimizer whose update returns a step shaped like w0, {w.shape}",
                step,
                "make update(g, state, lr, params) return (step, state) with one entry per "
                "coordinate",
                shown=f"a step of shape {step.shape} at step {k}",
            )
        return step

    def at_rest(g, state, t):
        """Noise-free, is the method's next step from w no longer than lr * tol?"""
        if noise or not float(np.linalg.norm(g)) < tol:
            return False
        eta = rate(t)
        step, _ = optimizer.update(g, state, eta, params=w)
        return float(np.linalg.norm(step)) <= eta * tol

    path, losses, gnorms, rates = [w.copy()], [], [], []
    state = optimizer.init(w)
    status, message = "max_steps", f"stopped after the step limit of {steps}"
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        f0, g = _evaluate(objective, w, 0)
        if not np.isfinite(f0):
            fail(
                "w0",
                "a point where the loss is finite",
                w.tolist(),
                "start somewhere else",
                shown=f"{w.tolist()} (loss {f0})",
            )
        limit = blowup * max(1.0, abs(f0))
        losses.append(f0)
        gnorms.append(float(np.linalg.norm(g)))
        if stop_when is not None and stop_when(w, f0):
            status, message = "converged", "the stopping test holds at the start"
        elif at_rest(g, state, 0):
            status, message = (
                "converged",
                (f"at rest at the start: gradient norm below {tol:g} and no step to take"),
            )
        else:
            for t in range(steps):
                eta = rate(t)
                seen = g + noise * rng.standard_normal(g.shape) if noise else g
                step, state = optimizer.update(seen, state, eta, params=w)
                w = w + take(step, t)
                if np.all(np.isfinite(w)):
                    f, g = _evaluate(objective, w, t + 1)
                else:  # the step overflowed: nothing to evaluate at a non-finite point
                    f, g = float("nan"), np.full_like(w, np.nan)
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
                    message = (
                        f"diverged at step {t + 1}: the loss grew to {f:.3g}, more than "
                        f"{blowup:g} times its start"
                    )
                    break
                if stop_when is not None and stop_when(w, f):
                    status, message = "converged", f"the stopping test holds after {t + 1} steps"
                    break
                if at_rest(g, state, t + 1):
                    status, message = (
                        "converged",
                        (
                            f"at rest after {t + 1} steps: gradient norm below {tol:g} and the "
                            f"next step no longer than lr·{tol:g}"
                        ),
                    )
                    break
    return RunResult(
        np.array(path),
        np.array(losses),
        np.array(gnorms),
        np.array(rates),
        status,
        message,
        repr(optimizer),
    )

r"""Backtracking line search with Armijo's sufficient-decrease test.

Gradient descent with a fixed step needs the step below :math:`2/L`, and :math:`L` (the
largest curvature) is rarely known. A line search lets the loss choose the step at every
iterate instead. From a trial rate :math:`\eta_0` it shrinks the rate by a factor ``shrink``
until the **Armijo condition** holds,

.. math:: f(w - \eta g) \le f(w) - c\,\eta\,\lVert g\rVert^2 ,

that is until the step lowers the loss by at least a fraction :math:`c` of what the slope
:math:`-\lVert g\rVert^2` promises (Armijo 1966; Nocedal and Wright, section 3.1). On a
function whose curvature is at most :math:`L` every :math:`\eta \le 2(1-c)/L` passes, so the
accepted rate is at least :math:`\min(\eta_0,\, 2\,\text{shrink}\,(1-c)/L)`.

:func:`armijo` takes one such step and returns an :class:`ArmijoStep` that says what
happened, as scipy.optimize's results do; :func:`armijo_descent` repeats it and returns a
:class:`~helpers.core.runner.RunResult` whose ``learning_rates`` are the accepted rates and
whose ``evaluations`` count the trial points of every step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .._validate import (
    array,
    as_point,
    fail,
    function,
    integer,
    non_negative,
    number,
    positive,
    positive_int,
    show,
)
from .runner import RunResult, _as_value_and_grad, _checked_gradient, _checked_loss

__all__ = ["ArmijoStep", "armijo", "armijo_descent"]


@dataclass(frozen=True)
class ArmijoStep:
    r"""One backtracking step, as :func:`armijo` returns it.

    Attributes
    ----------
    w : numpy.ndarray
        The new point :math:`w - \eta g`; the start itself when no rate was accepted.
    lr : float
        The accepted rate :math:`\eta` (0 when none was accepted).
    loss : float
        The loss at ``w``.
    evaluations : int
        How many trial points the search evaluated the loss at (the accepted one
        included; the loss at the start is not counted).
    accepted : bool
        Whether a rate passed the Armijo condition within ``max_shrinks`` shrinks.
    message : str
        What happened, in words.
    """

    w: np.ndarray
    lr: float
    loss: float
    evaluations: int
    accepted: bool
    message: str


def _armijo_settings(lr0, c, shrink, max_shrinks):
    lr0 = positive(lr0, "lr0", fix="the first trial rate is > 0, for example 1.0")
    c = number(
        c,
        "c",
        low=0,
        high=1,
        low_open=True,
        high_open=True,
        fix="the sufficient-decrease fraction c lies in (0, 1); 1e-4 is usual",
    )
    shrink = number(
        shrink,
        "shrink",
        low=0,
        high=1,
        low_open=True,
        high_open=True,
        fix="each failed trial multiplies the rate by shrink in (0, 1); 0.5 is usual",
    )
    max_shrinks = integer(max_shrinks, "max_shrinks", low=0, fix="pass a whole number such as 60")
    return lr0, c, shrink, max_shrinks


def _search(f, g, w, f_w, lr0, c, shrink, max_shrinks, name="f") -> ArmijoStep:
    """The backtracking loop, on checked inputs; ``name`` is the argument ``f`` came from."""
    slope = float(g @ g)
    lr = lr0
    for evaluations in range(1, max_shrinks + 2):
        trial = w - lr * g
        with np.errstate(over="ignore", invalid="ignore"):
            f_trial = _checked_loss(f(trial), name, f"at the trial point {show(trial)}")
        # `not <=` also rejects a trial whose loss is NaN or infinite
        if f_trial <= f_w - c * lr * slope:
            message = (
                f"accepted lr = {lr:.6g} after {evaluations - 1} shrink(s): "
                f"the loss fell from {f_w:.6g} to {f_trial:.6g}"
            )
            return ArmijoStep(trial, lr, f_trial, evaluations, True, message)
        if evaluations <= max_shrinks:
            lr *= shrink
    message = (
        f"no rate passed the Armijo condition after {max_shrinks} shrink(s) (the last tried "
        f"was lr = {lr:.3g}); is -g a descent direction, and is the gradient right?"
    )
    return ArmijoStep(w.copy(), 0.0, f_w, max_shrinks + 1, False, message)


def armijo(
    f: Callable,
    grad_w,
    w,
    f_w: float | None = None,
    lr0: float = 1.0,
    c: float = 1e-4,
    shrink: float = 0.5,
    max_shrinks: int = 60,
) -> ArmijoStep:
    r"""One backtracking step along :math:`-g` from ``w``: try :math:`\eta = \eta_0`, then
    :math:`\eta_0\,\text{shrink}`, :math:`\eta_0\,\text{shrink}^2`, ... and accept the first
    rate with :math:`f(w - \eta g) \le f(w) - c\,\eta\,\lVert g\rVert^2` (Armijo's
    sufficient decrease). A trial whose loss is not finite fails the test.

    Parameters
    ----------
    f : callable
        The loss of one point, ``f(w) -> float``.
    grad_w : array_like
        The gradient :math:`g` at ``w``, shaped like ``w``.
    w : array_like
        The current point, a finite vector.
    f_w : float, optional
        :math:`f(w)`, if already known (otherwise it is evaluated, and not counted).
    lr0 : float
        The first trial rate :math:`\eta_0 > 0`.
    c : float
        The fraction :math:`c \in (0, 1)` of the predicted decrease that must be achieved.
    shrink : float
        The factor in :math:`(0, 1)` applied to the rate after each failed trial.
    max_shrinks : int
        The most shrinks before giving up (``accepted=False``, no step taken).

    Returns
    -------
    ArmijoStep
        The new point, the accepted rate, its loss, the number of trial points and whether
        a rate was accepted, with a message.
    """
    function(f, "f", "a function w -> loss of one point")
    w = as_point(w, name="w")
    g = array(
        grad_w, "grad_w", shape=w.shape, fix="pass the gradient at w, one entry per coordinate"
    )
    if f_w is None:
        f_w = _checked_loss(f(w), "f", f"at w = {show(w)}")
    else:
        f_w = number(f_w, "f_w", fix="pass f(w), a finite number")
    if not np.isfinite(f_w):
        fail("f", "finite at w", f_w, "start the search at a point where the loss is finite")
    return _search(f, g, w, f_w, *_armijo_settings(lr0, c, shrink, max_shrinks))


def armijo_descent(
    w0,
    steps: int = 1000,
    *,
    landscape=None,
    loss: Callable | None = None,
    grad: Callable | None = None,
    value_and_grad: Callable | None = None,
    lr0: float = 1.0,
    c: float = 1e-4,
    shrink: float = 0.5,
    max_shrinks: int = 60,
    tol: float = 1e-8,
    stop_when: Callable | None = None,
) -> RunResult:
    r"""Gradient descent whose every step is chosen by :func:`armijo`, from :math:`\eta_0`
    afresh at each iterate.

    Each iterate costs one gradient and the line search's trial losses; the loss at the new
    iterate is the accepted trial's, so it is not evaluated again. Because every accepted
    step lowers the loss, the run cannot blow up; it ends ``converged`` when the gradient
    norm falls below ``tol`` or ``stop_when`` holds, ``max_steps`` at the step limit, and
    ``stalled`` when no rate passes the test (the message says so).

    Parameters
    ----------
    w0 : array_like
        The start, a finite vector.
    steps : int
        The most steps.
    landscape : Landscape, optional
        The function to minimize (its ``value`` and ``gradient``). Or pass ``loss`` and
        ``grad``, or ``value_and_grad``, instead, as for :func:`~helpers.core.runner.run`.
    loss, grad : callable, optional
        The loss of one point and its gradient.
    value_and_grad : callable, optional
        One function ``w -> (loss, gradient)``; the trial points then compute a gradient
        they do not need.
    lr0, c, shrink, max_shrinks
        As for :func:`armijo`.
    tol : float
        Converged when :math:`\lVert\nabla f(w)\rVert <` ``tol`` (0: never stop this way).
    stop_when : callable, optional
        ``stop_when(w, loss) -> bool``, checked at the start and after every step, as in
        :func:`~helpers.core.runner.run`: the run has converged when it returns True.

    Returns
    -------
    RunResult
        The path, losses, gradient norms, the accepted rate of every step in
        ``learning_rates``, the trial count of every step in ``evaluations``, a status and
        a message.
    """
    objective = _as_value_and_grad(landscape, loss, grad, value_and_grad)
    loss_name, grad_name = objective.names
    w = as_point(w0, objective.dim, name="w0")
    steps = positive_int(steps, "steps")
    settings = _armijo_settings(lr0, c, shrink, max_shrinks)
    tol = non_negative(tol, "tol")
    if stop_when is not None:
        function(stop_when, "stop_when", "a function (w, loss) -> bool")

    def gradient(w, k):
        return _checked_gradient(objective.grad(w), w, grad_name, f"at iterate {k}")

    f = _checked_loss(objective.loss(w), loss_name, "at iterate 0")
    if not np.isfinite(f):
        fail("w0", "a point where the loss is finite", w.tolist(), "start somewhere else")
    g = gradient(w, 0)
    path, losses, gnorms, rates, evals = [w.copy()], [f], [float(np.linalg.norm(g))], [], []
    status, message = "max_steps", f"stopped after the step limit of {steps}"
    for k in range(steps + 1):
        if not np.all(np.isfinite(g)):
            status, message = "diverged", f"the gradient is not finite at iterate {k}"
            break
        if gnorms[-1] < tol:
            status = "converged"
            message = f"gradient norm below {tol:g} after {k} steps"
            break
        if stop_when is not None and stop_when(w, f):
            status, message = "converged", f"the stopping test holds after {k} steps"
            break
        if k == steps:
            break
        step = _search(objective.loss, g, w, f, *settings, name=loss_name)
        if not step.accepted:
            status, message = "stalled", f"stalled at step {k + 1}: {step.message}"
            break
        w, f = step.w, step.loss
        g = gradient(w, k + 1)
        path.append(w.copy())
        losses.append(f)
        gnorms.append(float(np.linalg.norm(g)))
        rates.append(step.lr)
        evals.append(step.evaluations)
    return RunResult(
        np.array(path),
        np.array(losses),
        np.array(gnorms),
        np.array(rates),
        status,
        message,
        f"armijo(lr0={settings[0]:g}, c={settings[1]:g}, shrink={settings[2]:g})",
        np.array(evals, dtype=int),
    )

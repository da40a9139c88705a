r"""Learning-rate schedules: callables of the step number ``t = 0, 1, 2, ...``.

Each factory checks its arguments and returns a function ``schedule(t) -> float`` (also
accepting an array of steps), in the style of optax. Every schedule checks its step: ``t``
must be finite and ``>= 0`` (a ``ValueError`` otherwise). A schedule you write yourself
goes through :func:`as_schedule` (``h.run`` and :func:`warmup` call it), which checks the
rate it gives at *every* step it is asked for, not just the first: a rate that turns
negative would run gradient ascent, and a NaN would read as a diverged run.
"""

from __future__ import annotations

import numpy as np

from .._validate import array, fail, function, non_negative, number, positive, positive_int, show

__all__ = ["constant", "step_decay", "exponential", "cosine", "warmup", "cyclical", "as_schedule"]


def _steps(t) -> np.ndarray:
    """The step numbers ``t`` as a float array, checked: finite and >= 0."""
    return array(
        t, "t", nonempty=False, low=0, fix="a schedule is asked for steps t = 0, 1, 2, ..."
    )


def _checked(schedule):
    """Mark a schedule whose rates are finite and >= 0 by construction."""
    schedule.checks_its_rates = True
    return schedule


def constant(lr: float):
    r""":math:`\eta_t = \eta`.

    Parameters
    ----------
    lr : float
        The rate, > 0.

    Returns
    -------
    callable
        ``schedule(t)``, the rate at step ``t`` (an array of steps gives an array).
    """
    lr = positive(lr, "lr")
    return _checked(lambda t: lr + 0.0 * _steps(t))


def step_decay(lr: float, factor: float = 0.5, every: int = 100):
    r""":math:`\eta_t = \eta\,\gamma^{\lfloor t / k \rfloor}`: multiply by ``factor`` every
    ``every`` steps.

    Parameters
    ----------
    lr : float
        The first rate, > 0.
    factor : float
        :math:`\gamma`, > 0.
    every : int
        :math:`k`, steps between decays.

    Returns
    -------
    callable
        ``schedule(t)``.
    """
    lr = positive(lr, "lr")
    factor = positive(factor, "factor")
    every = positive_int(every, "every")
    return _checked(lambda t: lr * factor ** np.floor(_steps(t) / every))


def exponential(lr: float, decay: float = 0.99):
    r""":math:`\eta_t = \eta\,\gamma^t`.

    Parameters
    ----------
    lr : float
        The first rate, > 0.
    decay : float
        :math:`\gamma`, > 0.

    Returns
    -------
    callable
        ``schedule(t)``.
    """
    lr = positive(lr, "lr")
    decay = positive(decay, "decay")
    return _checked(lambda t: lr * decay ** _steps(t))


def cosine(lr: float, total_steps: int, final_lr: float = 0.0):
    r""":math:`\eta_t = \eta_{\min} + \tfrac12(\eta - \eta_{\min})(1 + \cos(\pi t / T))`,
    held at :math:`\eta_{\min}` after step T (Loshchilov and Hutter 2017).

    Parameters
    ----------
    lr : float
        The first rate :math:`\eta`, > 0.
    total_steps : int
        :math:`T`.
    final_lr : float
        :math:`\eta_{\min}`, >= 0.

    Returns
    -------
    callable
        ``schedule(t)``.
    """
    lr = positive(lr, "lr")
    total = positive_int(total_steps, "total_steps")
    final = non_negative(final_lr, "final_lr")

    def schedule(t):
        frac = np.minimum(_steps(t) / total, 1.0)  # held at final_lr after step T
        return final + 0.5 * (lr - final) * (1 + np.cos(np.pi * frac))

    return _checked(schedule)


def warmup(lr: float, warmup_steps: int, then=None):
    r"""Linear warm-up :math:`\eta_t = \eta\,(t+1)/W` for the first W steps, then the
    schedule ``then`` (shifted to start at 0), or the constant ``lr``.

    Parameters
    ----------
    lr : float
        The rate reached at the end of the warm-up, > 0.
    warmup_steps : int
        :math:`W`.
    then : float or callable, optional
        What follows the warm-up (default: the constant ``lr``).

    Returns
    -------
    callable
        ``schedule(t)``.
    """
    lr = positive(lr, "lr")
    W = positive_int(warmup_steps, "warmup_steps")
    after = constant(lr) if then is None else as_schedule(then, "then")

    def schedule(t):
        t = _steps(t)
        return np.where(t < W, lr * (t + 1) / W, after(np.maximum(t - W, 0)))

    return _checked(schedule)


def cyclical(low: float, high: float, period: int):
    """Triangular cyclical rate (Smith 2017): from ``low`` up to ``high`` and back every
    ``period`` steps.

    Parameters
    ----------
    low, high : float
        The rates at the ends of a cycle and at its middle, ``0 < low <= high``.
    period : int
        Steps in one cycle.

    Returns
    -------
    callable
        ``schedule(t)``.
    """
    low = positive(low, "low")
    high = number(high, "high", low=low, fix="high is the peak rate, at least low")
    period = positive_int(period, "period")

    def schedule(t):
        phase = (_steps(t) % period) / period
        return low + (high - low) * (1 - np.abs(2 * phase - 1))

    return _checked(schedule)


def as_schedule(lr, name: str = "lr"):
    """A schedule from a positive number (constant) or a callable, checked at every step.

    A callable that is not one of this module's schedules is wrapped: every call checks
    that the rates it returns are finite and ``>= 0`` and raises ``ValueError`` (naming the
    step) otherwise. It is called once at ``t = 0`` here, so a schedule that fails at once
    fails now.

    Parameters
    ----------
    lr : float or callable
        A rate > 0, or a schedule ``lr(t)`` of the step ``t = 0, 1, ...``.
    name : str
        The argument's name, for messages.

    Returns
    -------
    callable
        ``schedule(t)``.
    """
    if not callable(lr):
        return constant(positive(lr, name, fix="pass a rate > 0 or a schedule lr(t)"))
    if getattr(lr, "checks_its_rates", False):
        return lr

    def schedule(t):
        given = lr(t)
        try:
            eta = np.asarray(given, dtype=float)
        except (TypeError, ValueError):
            eta = np.full(np.shape(t), np.nan)
        if eta.ndim == 0 and np.ndim(t):  # one rate for every step asked
            eta = np.full(np.shape(t), float(eta))
        bad = ~(np.isfinite(eta) & (eta >= 0)) if eta.shape == np.shape(t) else True
        if np.any(bad):
            steps = np.asarray(t)
            steps = steps if steps.ndim == 0 or np.all(bad) else steps[bad]
            where = steps.astype(int) if np.all(steps == np.round(steps)) else steps
            fail(
                f"{name}(t)",
                "a finite rate >= 0 at every step",
                given,
                "rewrite the schedule so that it never goes negative or NaN (a negative "
                "rate climbs the loss); for example end it with a constant",
                shown=f"{show(given)} at step {show(where.tolist())}",
            )
        return eta if eta.ndim else float(eta)

    function(lr, name, "a rate or a schedule lr(t)")
    schedule(0)
    return _checked(schedule)

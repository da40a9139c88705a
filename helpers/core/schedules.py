r"""Learning-rate schedules: callables of the step number ``t = 0, 1, 2, ...``.

Each factory checks its arguments and returns a function ``schedule(t) -> float`` (also
accepting an array of steps), in the style of optax.
"""

from __future__ import annotations

import numpy as np

from .._validate import non_negative, positive, positive_int

__all__ = ["constant", "step_decay", "exponential", "cosine", "warmup", "cyclical", "as_schedule"]


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
    return lambda t: lr + 0.0 * np.asarray(t, dtype=float)


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
    return lambda t: lr * factor ** np.floor(np.asarray(t, dtype=float) / every)


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
    return lambda t: lr * decay ** np.asarray(t, dtype=float)


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
        frac = np.clip(np.asarray(t, dtype=float) / total, 0.0, 1.0)
        return final + 0.5 * (lr - final) * (1 + np.cos(np.pi * frac))

    return schedule


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
    after = constant(lr) if then is None else as_schedule(then)

    def schedule(t):
        t = np.asarray(t, dtype=float)
        return np.where(t < W, lr * (t + 1) / W, after(np.maximum(t - W, 0)))

    return schedule


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
    high = positive(high, "high")
    if high < low:
        raise ValueError(f"high ({high}) must be at least low ({low})")
    period = positive_int(period, "period")

    def schedule(t):
        phase = (np.asarray(t, dtype=float) % period) / period
        return low + (high - low) * (1 - np.abs(2 * phase - 1))

    return schedule


def as_schedule(lr):
    """A schedule from a positive number (constant) or a callable (checked at t = 0).

    Parameters
    ----------
    lr : float or callable
        A rate, or a schedule ``lr(t)``.

    Returns
    -------
    callable
        ``schedule(t)``.
    """
    if callable(lr):
        first = float(lr(0))
        if not np.isfinite(first) or first < 0:
            raise ValueError(f"the schedule's rate at step 0 must be >= 0, got {first}")
        return lr
    return constant(lr)

r"""Optimizers as pairs of small functions, in the style of optax.

``opt.init(w)`` makes the optimizer's state for parameters ``w``;
``opt.update(g, state, lr)`` takes the gradient and the step's learning rate and returns
``(step, new_state)``; the new parameters are ``w + step``. ``update`` is pure: it returns a
new state and changes nothing. The run loop in :mod:`helpers.core.runner` drives them.

Each state is a named tuple that says what it carries, as optax's do:
:class:`GradientDescentState` (nothing), :class:`MomentumState` (``velocity``, for momentum
and Nesterov), :class:`RMSPropState` (``nu``, the average of :math:`g^2`) and
:class:`AdamState` (``count``, ``mu``, ``nu``: the step count and the averages of
:math:`g` and :math:`g^2`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from .._validate import fail, function, in_unit_interval, positive, string

__all__ = [
    "Optimizer",
    "GradientDescentState",
    "MomentumState",
    "RMSPropState",
    "AdamState",
    "gradient_descent",
    "momentum",
    "nesterov",
    "rmsprop",
    "adam",
    "OPTIMIZERS",
]


class GradientDescentState(NamedTuple):
    """Gradient descent carries nothing from step to step (no fields)."""


class MomentumState(NamedTuple):
    """Heavy-ball momentum and Nesterov carry a velocity.

    Attributes
    ----------
    velocity : numpy.ndarray
        :math:`v`, the decaying sum of past gradients.
    """

    velocity: np.ndarray


class RMSPropState(NamedTuple):
    """RMSProp carries an average of squared gradients.

    Attributes
    ----------
    nu : numpy.ndarray
        :math:`s`, the running average of :math:`g^2`, one per coordinate.
    """

    nu: np.ndarray


class AdamState(NamedTuple):
    """Adam carries a step count and two averages.

    Attributes
    ----------
    count : int
        :math:`t`, the number of steps taken (for the bias corrections).
    mu : numpy.ndarray
        :math:`m`, the running average of the gradient.
    nu : numpy.ndarray
        :math:`s`, the running average of its square.
    """

    count: int
    mu: np.ndarray
    nu: np.ndarray


@dataclass(frozen=True)
class Optimizer:
    """An optimizer: ``init(w) -> state`` and ``update(g, state, lr) -> (step, state)``.

    Parameters
    ----------
    name : str
        What it is called in results and messages.
    init : callable
        ``init(w)``: the state for parameters ``w`` (a named tuple).
    update : callable
        ``update(g, state, lr)``: the step to add to ``w`` and the new state, from the
        gradient ``g`` and the step's learning rate; pure.
    hyperparameters : tuple of (name, value)
        Shown in the optimizer's repr, e.g. ``momentum(beta=0.9)``.
    """

    name: str
    init: Callable[[np.ndarray], Any]
    update: Callable[[np.ndarray, Any, float], tuple]
    hyperparameters: tuple = ()

    def __post_init__(self):
        string(self.name, "name", nonempty=True)
        function(self.init, "init", "a function w -> state")
        function(self.update, "update", "a function (g, state, lr) -> (step, state)")
        if not isinstance(self.hyperparameters, tuple) or not all(
            isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str)
            for p in self.hyperparameters
        ):
            fail(
                "hyperparameters",
                "a tuple of (name, value) pairs",
                self.hyperparameters,
                "pass e.g. (('beta', 0.9),)",
            )

    def __repr__(self) -> str:
        hp = ", ".join(f"{k}={v:g}" for k, v in self.hyperparameters)
        return f"{self.name}({hp})"


def _zero_velocity(w) -> MomentumState:
    return MomentumState(np.zeros_like(w))


def gradient_descent() -> Optimizer:
    r"""Plain gradient descent: :math:`w \leftarrow w - \eta\,g`.

    Returns
    -------
    Optimizer
        With state :class:`GradientDescentState`.
    """
    return Optimizer(
        "gradient descent", lambda w: GradientDescentState(), lambda g, state, lr: (-lr * g, state)
    )


def momentum(beta: float = 0.9) -> Optimizer:
    r"""Heavy-ball momentum (Polyak 1964): :math:`v \leftarrow \beta v + g,\; w \leftarrow w - \eta v`.

    Parameters
    ----------
    beta : float
        :math:`\beta \in [0, 1)`.

    Returns
    -------
    Optimizer
        With state :class:`MomentumState`.
    """
    beta = in_unit_interval(beta, "beta")

    def update(g, state, lr):
        v = beta * state.velocity + g
        return -lr * v, MomentumState(v)

    return Optimizer("momentum", _zero_velocity, update, (("beta", beta),))


def nesterov(beta: float = 0.9) -> Optimizer:
    r"""Nesterov's accelerated gradient (1983), in the form that needs only the gradient at
    the current iterate: :math:`v \leftarrow \beta v + g,\; w \leftarrow w - \eta(g + \beta v)`.
    The iterate is the look-ahead point of the textbook form
    :math:`u \leftarrow \beta u - \eta\nabla f(w + \beta u),\; w \leftarrow w + u`.

    Parameters
    ----------
    beta : float
        :math:`\beta \in [0, 1)`.

    Returns
    -------
    Optimizer
        With state :class:`MomentumState`.
    """
    beta = in_unit_interval(beta, "beta")

    def update(g, state, lr):
        v = beta * state.velocity + g
        return -lr * (g + beta * v), MomentumState(v)

    return Optimizer("nesterov", _zero_velocity, update, (("beta", beta),))


def rmsprop(decay: float = 0.9, eps: float = 1e-8) -> Optimizer:
    r"""RMSProp: :math:`s \leftarrow \rho s + (1-\rho) g^2,\;
    w \leftarrow w - \eta\, g / (\sqrt{s} + \epsilon)`, a step size per coordinate.

    Parameters
    ----------
    decay : float
        :math:`\rho \in [0, 1)`.
    eps : float
        :math:`\epsilon > 0`.

    Returns
    -------
    Optimizer
        With state :class:`RMSPropState`.
    """
    decay = in_unit_interval(decay, "decay")
    eps = positive(eps, "eps")

    def update(g, state, lr):
        s = decay * state.nu + (1 - decay) * g * g
        return -lr * g / (np.sqrt(s) + eps), RMSPropState(s)

    return Optimizer(
        "rmsprop",
        lambda w: RMSPropState(np.zeros_like(w)),
        update,
        (("decay", decay), ("eps", eps)),
    )


def adam(b1: float = 0.9, b2: float = 0.999, eps: float = 1e-8) -> Optimizer:
    r"""Adam (Kingma and Ba 2015): bias-corrected averages of :math:`g` and :math:`g^2`,

    .. math:: m \leftarrow \beta_1 m + (1-\beta_1) g,\quad
              s \leftarrow \beta_2 s + (1-\beta_2) g^2,\quad
              w \leftarrow w - \eta\,\frac{m/(1-\beta_1^t)}{\sqrt{s/(1-\beta_2^t)} + \epsilon}.

    Parameters
    ----------
    b1, b2 : float
        :math:`\beta_1, \beta_2 \in [0, 1)`.
    eps : float
        :math:`\epsilon > 0`.

    Returns
    -------
    Optimizer
        With state :class:`AdamState`.
    """
    b1 = in_unit_interval(b1, "b1")
    b2 = in_unit_interval(b2, "b2")
    eps = positive(eps, "eps")

    def init(w):
        return AdamState(count=0, mu=np.zeros_like(w), nu=np.zeros_like(w))

    def update(g, state, lr):
        t = state.count + 1
        m = b1 * state.mu + (1 - b1) * g
        s = b2 * state.nu + (1 - b2) * g * g
        m_hat = m / (1 - b1**t)
        s_hat = s / (1 - b2**t)
        return -lr * m_hat / (np.sqrt(s_hat) + eps), AdamState(t, m, s)

    return Optimizer("adam", init, update, (("b1", b1), ("b2", b2), ("eps", eps)))


OPTIMIZERS = {
    "gradient descent": gradient_descent,
    "momentum": momentum,
    "nesterov": nesterov,
    "rmsprop": rmsprop,
    "adam": adam,
}

r"""Optimizers as pairs of small functions, in the style of optax.

``opt.init(w)`` makes the optimizer's state for parameters ``w``;
``opt.update(g, state, lr, params=w)`` takes the gradient, the state, the step's learning
rate and the current parameters and returns ``(step, new_state)``; the new parameters are
``w + step``. ``update`` is pure: it returns a new state and changes nothing. The run loop
in :mod:`helpers.core.runner` drives them and always passes ``params``. Only methods whose
step depends on ``w`` itself read it (:func:`adamw`'s decoupled weight decay, as optax's
``add_decayed_weights``); every other method ignores it, so its steps do not change.

Each state is a named tuple that says what it carries, as optax's do:
:class:`GradientDescentState` (nothing), :class:`MomentumState` (``velocity``, for momentum
and Nesterov), :class:`AdagradState` (``sum_sq``, the sum of all :math:`g^2`),
:class:`RMSPropState` (``nu``, the average of :math:`g^2`) and :class:`AdamState`
(``count``, ``mu``, ``nu``: the step count and the averages of :math:`g` and :math:`g^2`,
for Adam and AdamW).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from .._validate import fail, function, in_unit_interval, non_negative, positive, string

__all__ = [
    "Optimizer",
    "GradientDescentState",
    "MomentumState",
    "AdagradState",
    "RMSPropState",
    "AdamState",
    "gradient_descent",
    "momentum",
    "nesterov",
    "adagrad",
    "rmsprop",
    "adam",
    "adamw",
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


class AdagradState(NamedTuple):
    r"""Adagrad carries the sum of all squared gradients so far.

    Attributes
    ----------
    sum_sq : numpy.ndarray
        :math:`s = \sum_k g_k^2`, one per coordinate; it only grows.
    """

    sum_sq: np.ndarray


class RMSPropState(NamedTuple):
    """RMSProp carries an average of squared gradients.

    Attributes
    ----------
    nu : numpy.ndarray
        :math:`s`, the running average of :math:`g^2`, one per coordinate.
    """

    nu: np.ndarray


class AdamState(NamedTuple):
    """Adam and AdamW carry a step count and two averages.

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


def _takes_params(update) -> bool:
    """Whether ``update`` can be called as ``update(g, state, lr, params=w)``."""
    try:
        inspect.signature(update).bind(None, None, None, params=None)
    except TypeError:
        return False
    except ValueError:  # no signature to read (some builtins): call it the old way
        return False
    return True


@dataclass(frozen=True)
class Optimizer:
    """An optimizer: ``init(w) -> state`` and ``update(g, state, lr, params) -> (step, state)``.

    Parameters
    ----------
    name : str
        What it is called in results and messages.
    init : callable
        ``init(w)``: the state for parameters ``w`` (a named tuple).
    update : callable
        ``update(g, state, lr, params=None)``: the step to add to ``w`` and the new state,
        from the gradient ``g``, the step's learning rate and the current parameters
        ``params`` (the run loop passes ``params=w``); pure. An ``update(g, state, lr)``
        that takes no ``params`` is accepted as it is and never sees them: the optimizer's
        ``update`` then takes ``params`` and ignores it.
    hyperparameters : tuple of (name, value)
        Shown in the optimizer's repr, e.g. ``momentum(beta=0.9)``.
    """

    name: str
    init: Callable[[np.ndarray], Any]
    update: Callable[..., tuple]
    hyperparameters: tuple = ()

    def __post_init__(self):
        string(self.name, "name", nonempty=True)
        function(self.init, "init", "a function w -> state")
        function(self.update, "update", "a function (g, state, lr, params=None) -> (step, state)")
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
        if not _takes_params(self.update):
            without_params = self.update

            def update(g, state, lr, params=None):
                return without_params(g, state, lr)

            object.__setattr__(self, "update", update)  # one protocol for every optimizer

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
        "gradient descent",
        lambda w: GradientDescentState(),
        lambda g, state, lr, params=None: (-lr * g, state),
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

    def update(g, state, lr, params=None):
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

    def update(g, state, lr, params=None):
        v = beta * state.velocity + g
        return -lr * (g + beta * v), MomentumState(v)

    return Optimizer("nesterov", _zero_velocity, update, (("beta", beta),))


def adagrad(eps: float = 1e-8) -> Optimizer:
    r"""Adagrad (Duchi, Hazan and Singer 2011): divide by the root of the *sum* of all
    squared gradients so far,

    .. math:: s \leftarrow s + g^2,\qquad w \leftarrow w - \eta\, g / (\sqrt{s} + \epsilon),

    coordinate by coordinate, with :math:`s = 0` at the start. The sum only grows, so each
    coordinate's effective rate :math:`\eta/(\sqrt{s} + \epsilon)` only falls: on a steady
    slope :math:`g` it is :math:`\eta/(|g|\sqrt t)` after :math:`t` steps.
    :func:`rmsprop` replaces the sum by an average that forgets.

    Parameters
    ----------
    eps : float
        :math:`\epsilon > 0`.

    Returns
    -------
    Optimizer
        With state :class:`AdagradState`.
    """
    eps = positive(eps, "eps")

    def update(g, state, lr, params=None):
        s = state.sum_sq + g * g
        return -lr * g / (np.sqrt(s) + eps), AdagradState(s)

    return Optimizer("adagrad", lambda w: AdagradState(np.zeros_like(w)), update, (("eps", eps),))


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

    def update(g, state, lr, params=None):
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
    b1, b2, eps = _adam_settings(b1, b2, eps)

    def update(g, state, lr, params=None):
        direction, state = _adam_direction(g, state, b1, b2, eps)
        return -lr * direction, state

    return Optimizer("adam", _adam_init, update, (("b1", b1), ("b2", b2), ("eps", eps)))


def _adam_settings(b1, b2, eps):
    return in_unit_interval(b1, "b1"), in_unit_interval(b2, "b2"), positive(eps, "eps")


def _adam_init(w) -> AdamState:
    return AdamState(count=0, mu=np.zeros_like(w), nu=np.zeros_like(w))


def _adam_direction(g, state: AdamState, b1, b2, eps):
    r"""Adam's rescaled gradient :math:`\hat m/(\sqrt{\hat s} + \epsilon)` and its new state:
    the one rule that :func:`adam` and :func:`adamw` share."""
    t = state.count + 1
    m = b1 * state.mu + (1 - b1) * g
    s = b2 * state.nu + (1 - b2) * g * g
    m_hat = m / (1 - b1**t)
    s_hat = s / (1 - b2**t)
    return m_hat / (np.sqrt(s_hat) + eps), AdamState(t, m, s)


def adamw(
    b1: float = 0.9, b2: float = 0.999, eps: float = 1e-8, weight_decay: float = 0.01
) -> Optimizer:
    r"""AdamW (Loshchilov and Hutter 2019): Adam with *decoupled* weight decay,

    .. math:: w \leftarrow w - \eta\left(\frac{\hat m}{\sqrt{\hat s} + \epsilon}
              + \lambda w\right),

    with :math:`\hat m, \hat s` as in :func:`adam`. The decay :math:`\lambda w` is added
    *after* Adam's per-coordinate rescaling, so every coordinate shrinks by the same factor
    :math:`1 - \eta\lambda` whatever its gradients. Adam on a loss with the L2 penalty
    :math:`\tfrac\lambda2\lVert w\rVert^2` (coupled decay) instead sends :math:`\lambda w`
    through the rescaling. As optax's ``adamw``, the decay is multiplied by the learning
    rate.

    The step needs the parameters: call ``update(g, state, lr, params=w)`` (the run loop
    does). At its rest points the decay balances the rescaled gradient, so the gradient
    is not zero there and :func:`~helpers.core.runner.run` does not stop by ``tol``.

    Parameters
    ----------
    b1, b2 : float
        :math:`\beta_1, \beta_2 \in [0, 1)`.
    eps : float
        :math:`\epsilon > 0`.
    weight_decay : float
        :math:`\lambda \ge 0` (0 is Adam).

    Returns
    -------
    Optimizer
        With state :class:`AdamState`.
    """
    b1, b2, eps = _adam_settings(b1, b2, eps)
    weight_decay = non_negative(weight_decay, "weight_decay")

    def update(g, state, lr, params=None):
        if params is None or np.shape(params) != np.shape(g):
            fail(
                "params",
                f"the current parameters w, shaped like the gradient {np.shape(g)}, for "
                "AdamW's decoupled decay",
                params,
                "call update(g, state, lr, params=w); h.run passes them",
            )
        direction, state = _adam_direction(g, state, b1, b2, eps)
        return -lr * (direction + weight_decay * np.asarray(params, dtype=float)), state

    return Optimizer(
        "adamw",
        _adam_init,
        update,
        (("b1", b1), ("b2", b2), ("eps", eps), ("weight_decay", weight_decay)),
    )


# The optimizers by name (the explorers' menu). Each one minimizes the loss it is given;
# adamw is not listed, since its decay moves the minimum (build it with adamw(...)).
OPTIMIZERS = {
    "gradient descent": gradient_descent,
    "momentum": momentum,
    "nesterov": nesterov,
    "adagrad": adagrad,
    "rmsprop": rmsprop,
    "adam": adam,
}

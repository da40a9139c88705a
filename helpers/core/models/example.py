r"""The example network of the two network chapters, built in one call.

Chapter 8 builds it step by step (that is the lesson there); chapter 9 and its exercises
start from :func:`example_network`, which follows the same recipe:

- the data: :func:`~helpers.core.models.mlp.make_dataset` with 64 training and 512 test
  points, noise 0.2, seed 0;
- the network: an :class:`~helpers.core.models.mlp.MLP` with layer sizes (2, 24, 6, 1)
  and tanh units (229 parameters), and the loss
  :math:`L(w) = \frac{1}{2N}\sum_i (f(x_i; w) - y_i)^2` on the training set;
- the initial weights ``net.init(seed=seed)``;
- the training run of chapter 8: full-batch gradient descent,
  :math:`w \leftarrow w - \eta\nabla L(w)`, with :math:`\eta = 0.1` for 1500 steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..._validate import seed as check_seed
from .mlp import MLP, Dataset, make_dataset

__all__ = ["ExampleNetwork", "example_network"]

# The recipe of chapter 8 ("A small network and its data"); tests/test_example_network.py
# reads the chapter and fails if the two drift apart.
_SIZES = (2, 24, 6, 1)
_ACTIVATION = "tanh"
_N_TRAIN, _N_TEST, _NOISE, _DATA_SEED = 64, 512, 0.2, 0
_LR, _STEPS = 0.1, 1500


@dataclass(frozen=True)
class ExampleNetwork:
    r"""The example network, its data and its training settings.

    Attributes
    ----------
    data : Dataset
        The training and test sets.
    net : MLP
        The network (layer sizes and activation).
    loss : callable
        ``loss(w)``: the training loss :math:`L(w)` (also of a stack of vectors).
    grad : callable
        ``grad(w)``: its gradient by backpropagation.
    test_loss : callable
        ``test_loss(w)``: the same loss on the test set.
    w_init : numpy.ndarray
        The initial weights, ``(P,)``.
    lr : float
        The learning rate of the chapter's gradient descent run.
    steps : int
        Its number of steps.
    """

    data: Dataset
    net: MLP
    loss: Callable
    grad: Callable
    test_loss: Callable
    w_init: np.ndarray
    lr: float
    steps: int


def example_network(seed: int = 0) -> ExampleNetwork:
    r"""The network, data and settings of chapter 8, with the initial weights of ``seed``.

    The data set is the same for every ``seed`` (it is the chapter's); ``seed`` draws only
    the initial weights, so ``example_network(1).w_init`` is a second start on the same
    landscape.

    Parameters
    ----------
    seed : int
        Seed of the initial weights, a whole number >= 0 (the chapter uses 0).

    Returns
    -------
    ExampleNetwork
        ``data``, ``net``, ``loss``, ``grad``, ``test_loss``, ``w_init``, ``lr`` and
        ``steps``. Train it with
        ``h.run(None, ex.w_init, lr=ex.lr, steps=ex.steps, tol=0, loss=ex.loss,
        grad=ex.grad)``.

    Raises
    ------
    ValueError
        If ``seed`` is not a whole number >= 0.
    """
    seed = check_seed(seed)
    data = make_dataset(n_train=_N_TRAIN, n_test=_N_TEST, noise=_NOISE, seed=_DATA_SEED)
    net = MLP(_SIZES, activation=_ACTIVATION)
    loss, grad = net.objective(data.X_train, data.y_train)

    def test_loss(w):
        return net.loss(w, data.X_test, data.y_test)

    return ExampleNetwork(
        data=data,
        net=net,
        loss=loss,
        grad=grad,
        test_loss=test_loss,
        w_init=net.init(seed=int(seed)),
        lr=_LR,
        steps=_STEPS,
    )

r"""A second small network, for the convexity chapter: one hidden tanh layer.

Small enough to write out by hand. Exchanging two hidden units gives a second parameter
vector with the same loss (:func:`swap_hidden_units`); were the loss convex, the midpoint
of the two could be no worse than either, and the chapter evaluates it. The multilayer
perceptron of the networks chapter is :mod:`helpers.core.models.mlp`.
"""

from __future__ import annotations

import numpy as np

from ..._validate import array, fail, integer, positive_int, regression_data

__all__ = ["two_layer_net", "swap_hidden_units"]


def two_layer_net(X, y, hidden: int):
    r"""A tiny network :math:`\hat y = \sum_j a_j \tanh(v_j^\top x)` and its squared loss,

    .. math:: L(\theta) = \frac1{2N}\sum_i (\hat y_i - y_i)^2 .

    The parameters are one flat vector :math:`\theta = (V, a)` with ``V`` of shape
    (hidden, d) stored row by row, then ``a`` (hidden,): P = hidden·(d+1) numbers.

    Parameters
    ----------
    X : array_like
        Features ``(N, d)``.
    y : array_like
        Targets ``(N,)``.
    hidden : int
        Hidden units.

    Returns
    -------
    loss, grad : callable
        Functions of :math:`\theta` with shape ``(..., P)`` (vectorized).
    """
    X, y = regression_data(X, y)
    hidden = positive_int(hidden, "hidden")
    n, d = X.shape
    P = hidden * (d + 1)

    def unpack(theta):
        theta = array(theta, "theta", finite=False)
        if theta.shape[-1:] != (P,):
            fail(
                "theta",
                f"parameters with {P} = hidden·(d+1) entries on the last axis",
                theta,
                "pass V row by row, then a",
                shown=f"shape {theta.shape}",
            )
        V = theta[..., : hidden * d].reshape(theta.shape[:-1] + (hidden, d))
        return V, theta[..., hidden * d :]

    def forward(theta):
        V, a = unpack(theta)
        Hid = np.tanh(np.einsum("...jd,nd->...nj", V, X))  # (..., N, hidden)
        return V, a, Hid, np.einsum("...nj,...j->...n", Hid, a)

    def loss(theta):
        *_, yhat = forward(theta)
        return 0.5 * np.mean((yhat - y) ** 2, axis=-1)

    def grad(theta):
        V, a, Hid, yhat = forward(theta)
        r = (yhat - y) / n  # (..., N)
        ga = np.einsum("...n,...nj->...j", r, Hid)
        back = r[..., :, None] * a[..., None, :] * (1 - Hid**2)  # (..., N, hidden)
        gV = np.einsum("...nj,nd->...jd", back, X)
        return np.concatenate([gV.reshape(gV.shape[:-2] + (hidden * d,)), ga], axis=-1)

    return loss, grad


def swap_hidden_units(theta, hidden: int, i: int = 0, j: int = 1) -> np.ndarray:
    """The parameters of :func:`two_layer_net` with hidden units ``i`` and ``j`` exchanged
    (their input weights and their output weights). The network computes the same function,
    so the loss is unchanged.

    Parameters
    ----------
    theta : array_like
        A flat parameter vector, ``(hidden * (d + 1),)``.
    hidden : int
    i, j : int
        Two different units.

    Returns
    -------
    numpy.ndarray
        A new vector; ``theta`` is not changed.
    """
    theta = array(theta, "theta", ndim=1).copy()
    hidden = positive_int(hidden, "hidden")
    if theta.size % hidden or theta.size < 2 * hidden:
        fail(
            "theta",
            f"a flat vector of hidden·(d+1) numbers with hidden = {hidden}",
            theta,
            "pass the parameters of two_layer_net with the same hidden",
            shown=f"{theta.size} numbers",
        )
    d = theta.size // hidden - 1
    fix = f"units are numbered 0 to {hidden - 1}"
    i = integer(i, "i", low=0, high=hidden - 1, fix=fix)
    j = integer(j, "j", low=0, high=hidden - 1, fix=fix)
    if i == j:
        fail("j", "a unit other than i", j, "swapping a unit with itself changes nothing")
    V = theta[: hidden * d].reshape(hidden, d)
    a = theta[hidden * d :]
    V[[i, j]] = V[[j, i]]
    a[[i, j]] = a[[j, i]]
    return theta

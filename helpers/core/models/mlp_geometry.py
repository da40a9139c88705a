r"""The geometry of a network's parameter space: the symmetries that leave the function it
computes unchanged, and the directions used to slice its loss.

Reordering the units of a hidden layer (:func:`permute_units`) and, for ReLU, scaling a
layer's incoming weights by :math:`c` and its outgoing weights by :math:`1/c`
(:func:`rescale_units`) give other parameter vectors with the same function, hence the same
loss. Filter normalization (:func:`filter_normalize`) scales a random direction so that a
slice of the loss along it does not change under such a rescaling.

Every function takes the network ``net`` (a :class:`~helpers.core.models.mlp.MLP`) first,
for its parameter layout.
"""

from __future__ import annotations

from itertools import permutations as _permutations

import numpy as np

from ..._validate import array, choice, fail, integer, positive
from ..._validate import seed as check_seed

__all__ = [
    "permute_units",
    "rescale_units",
    "filter_norms",
    "filter_normalize",
    "random_network_direction",
    "all_permutations",
]


def permute_units(net, w, layer: int, perm) -> np.ndarray:
    """Reorder the units of a hidden layer: rows of :math:`W_l, b_l` and columns of
    :math:`W_{l+1}`. The function the network computes is unchanged.

    Parameters
    ----------
    net : MLP
        The network, for its parameter layout.
    w : array_like
        Parameters ``(P,)`` (or a stack ``(..., P)``).
    layer : int
        A hidden layer, 1-based.
    perm : array_like
        A permutation of ``range(n_l)``, or a stack ``(k, n_l)`` of them.

    Returns
    -------
    numpy.ndarray
        ``(P,)``, or ``(k, P)`` for a stack of permutations.
    """
    layer = _hidden(net, layer)
    n = net.sizes[layer]
    requested = perm
    given = array(
        perm, "perm", ndim=(1, 2), what=f"a permutation of range({n}) or a stack (k, {n})"
    )
    perm = given.astype(int)
    if (
        perm.shape[-1] != n
        or not np.all(np.sort(perm, axis=-1) == np.arange(n))
        or np.any(perm != given)
    ):
        fail(
            "perm",
            f"a permutation of range({n}) (or a stack of them), for hidden layer {layer}",
            requested,
            f"list each unit 0..{n - 1} exactly once, e.g. np.random.default_rng(0).permutation({n})",
        )
    layers = [(W.copy(), b.copy()) for W, b in net.unflatten(w)]
    W, b = layers[layer - 1]
    W2, b2 = layers[layer]
    if perm.ndim == 1:
        layers[layer - 1] = (W[perm], b[perm])
        layers[layer] = (W2[:, perm], b2)
        return net.flatten(layers)
    k = len(perm)
    stacked = [
        (np.broadcast_to(Wl, (k,) + Wl.shape), np.broadcast_to(bl, (k,) + bl.shape))
        for Wl, bl in layers
    ]
    stacked[layer - 1] = (W[perm], b[perm])
    stacked[layer] = (W2[:, perm].transpose(1, 0, 2), np.broadcast_to(b2, (k,) + b2.shape))
    return net.flatten(stacked)


def rescale_units(net, w, layer: int, c: float) -> np.ndarray:
    r"""Multiply :math:`W_l, b_l` by ``c`` and :math:`W_{l+1}` by ``1/c``. For ReLU
    (:math:`\mathrm{relu}(cz) = c\,\mathrm{relu}(z)`, :math:`c > 0`) the function is
    unchanged.

    Parameters
    ----------
    net : MLP
        The network, for its parameter layout.
    w : array_like
        Parameters ``(P,)`` (or a stack ``(..., P)``).
    layer : int
        A hidden layer, 1-based.
    c : float
        > 0.

    Returns
    -------
    numpy.ndarray
    """
    layer = _hidden(net, layer)
    c = positive(c, "c")
    layers = [(W.copy(), b.copy()) for W, b in net.unflatten(w)]
    W, b = layers[layer - 1]
    layers[layer - 1] = (c * W, c * b)
    layers[layer] = (layers[layer][0] / c, layers[layer][1])
    return net.flatten(layers)


def _net(net):
    """``net`` if it is a network with a parameter layout (an ``MLP``), else raise."""
    if not all(hasattr(net, m) for m in ("sizes", "n_layers", "n_params", "unflatten", "check")):
        fail("net", "an MLP", net, "build one with h.MLP((2, 8, 1))")
    return net


def _hidden(net, layer):
    _net(net)
    if net.n_layers < 2:
        fail("net", "a network with a hidden layer", net.sizes, "add one, e.g. (2, 8, 1)")
    return integer(
        layer,
        "layer",
        low=1,
        high=net.n_layers - 1,
        fix=f"hidden layers are numbered 1 to {net.n_layers - 1} (1-based)",
    )


def filter_norms(net, w) -> list:
    r"""Norm of every filter, the incoming weights of one unit :math:`\|W_l[i,:]\|`.

    Parameters
    ----------
    net : MLP
        The network, for its parameter layout.
    w : array_like
        Parameters ``(P,)`` (or a stack ``(..., P)``).

    Returns
    -------
    list of numpy.ndarray
        One array per layer.
    """
    return [np.sqrt(np.sum(W * W, axis=-1)) for W, _ in _net(net).unflatten(w)]


def filter_normalize(net, direction, w) -> np.ndarray:
    r"""Filter normalization (Li et al. 2018): scale each filter of ``direction`` to the
    norm of the same filter of ``w``, :math:`d_{l,i} \leftarrow d_{l,i}\,
    \|w_{l,i}\|/\|d_{l,i}\|`, and set the bias entries to zero.

    Zeroing the biases is what makes the result follow a ReLU rescaling
    (:func:`rescale_units`): it multiplies the filters of layer ``l`` by ``c`` and those of
    layer ``l + 1`` by ``1/c`` but leaves :math:`b_{l+1}` alone, so only the weight rows
    carry the scale.

    Parameters
    ----------
    net : MLP
    direction : array_like
        A direction in parameter space, ``(P,)``.
    w : array_like
        The parameters whose filter norms it takes.

    Returns
    -------
    numpy.ndarray
    """
    d_layers = _net(net).unflatten(net.check(direction, "direction"))
    w = net.check(w)
    out = []
    for (W, b), nw, nd in zip(d_layers, filter_norms(net, w), filter_norms(net, direction)):
        s = nw / np.where(nd > 0, nd, 1.0)
        out.append((W * s[..., None], np.zeros_like(b)))
    return net.flatten(out)


def random_network_direction(net, w, seed: int = 0, normalize: str = "filter") -> np.ndarray:
    r"""A Gaussian direction :math:`d \sim N(0, I_P)`, then normalized.

    Parameters
    ----------
    net : MLP
        The network, for its parameter layout.
    w : array_like
        Parameters ``(P,)`` (or a stack ``(..., P)``).
    seed : int
    normalize : {'filter', 'global', 'none'}
        :func:`filter_normalize`, :math:`\|d\| = \|w\|`, or nothing.

    Returns
    -------
    numpy.ndarray
        ``(P,)``.
    """
    w = _net(net).check(w)
    if w.ndim != 1:
        fail(
            "w",
            f"one parameter vector ({net.n_params},)",
            w,
            "pass a single vector",
            shown=f"shape {w.shape}",
        )
    normalize = choice(normalize, "normalize", ("filter", "global", "none"))
    d = np.random.default_rng(check_seed(seed)).standard_normal(net.n_params)
    if normalize == "filter":
        return filter_normalize(net, d, w)
    if normalize == "global":
        return d * np.linalg.norm(w) / np.linalg.norm(d)
    return d


def all_permutations(n: int) -> np.ndarray:
    """Every permutation of ``range(n)``.

    Parameters
    ----------
    n : int
        At most 9.

    Returns
    -------
    numpy.ndarray
        ``(n!, n)``, one permutation a row.
    """
    n = integer(n, "n", low=1, high=9, fix="n! rows grow fast; 9! is already 362880")
    return np.array(list(_permutations(range(n))))

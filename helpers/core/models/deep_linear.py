r"""A deep linear network: the smallest model with a real plateau.

The network maps :math:`x \mapsto W_L \cdots W_2 W_1 x`. With whitened inputs
(:math:`\mathbb{E}[xx^\top] = I`) and targets :math:`y = Mx`, its mean squared error is, up to
a constant, the matrix loss

.. math:: L(W_1, \dots, W_L) = \tfrac12 \lVert M - W_L \cdots W_1 \rVert_F^2,

with gradient

.. math:: \nabla_{W_l} L = -(W_L \cdots W_{l+1})^\top \, (M - W_L\cdots W_1)\,
          (W_{l-1} \cdots W_1)^\top .

Saxe, McClelland and Ganguli (2014) solved its gradient flow: from a small start, each
singular mode :math:`s_i` of :math:`M` is learned in a sudden sigmoidal jump after a stall,
the strongest first. For two layers started aligned with the modes at strength
:math:`u_0`, the strength obeys :math:`\dot u = 2u(s-u)` and reaches :math:`s/2` at time
:math:`\ln(s/u_0 - 1)/2s`.
"""

from __future__ import annotations

import numpy as np

from ..._validate import array, fail, generator, matrix, positive, positive_int

__all__ = [
    "deep_linear_product",
    "deep_linear_loss",
    "deep_linear_gradients",
    "small_init",
    "aligned_init",
    "mode_strengths",
    "half_learning_time",
]


def _check(weights, M=None):
    if isinstance(weights, np.ndarray) or not isinstance(weights, (list, tuple)) or not weights:
        fail(
            "weights",
            "a non-empty list of matrices [W_1, ..., W_L]",
            weights,
            "pass the layers' matrices in a list, W_1 first",
        )
    Ws = [matrix(W, f"weights[{i}]", square=False) for i, W in enumerate(weights)]
    for i in range(1, len(Ws)):
        if Ws[i].shape[1] != Ws[i - 1].shape[0]:
            fail(
                f"weights[{i}]",
                f"a matrix with {Ws[i - 1].shape[0]} columns (the rows of weights[{i - 1}])",
                Ws[i],
                "the shapes must chain: W_l is (d_l, d_(l-1))",
                shown=f"shape {Ws[i].shape}",
            )
    if M is not None:
        M = array(
            M, "M", shape=(Ws[-1].shape[0], Ws[0].shape[1]), fix="M maps the input to the output"
        )
    return Ws, M


def deep_linear_product(weights) -> np.ndarray:
    r"""The end-to-end matrix :math:`W_L \cdots W_1`.

    Parameters
    ----------
    weights : sequence of array_like
        :math:`W_1, \dots, W_L` (``weights[0]`` is :math:`W_1`), shapes that chain.

    Returns
    -------
    numpy.ndarray
    """
    Ws, _ = _check(weights)
    P = Ws[0]
    for W in Ws[1:]:
        P = W @ P
    return P


def deep_linear_loss(weights, M) -> float:
    r""":math:`\tfrac12 \lVert M - W_L\cdots W_1 \rVert_F^2`.

    Parameters
    ----------
    weights : sequence of array_like
        :math:`W_1, \dots, W_L` (``weights[0]`` is :math:`W_1`), shapes that chain.
    M : array_like
        The target matrix, ``(d_out, d_in)``.

    Returns
    -------
    float
    """
    Ws, M = _check(weights, M)
    return 0.5 * float(np.sum((M - deep_linear_product(Ws)) ** 2))


def deep_linear_gradients(weights, M) -> list[np.ndarray]:
    r"""The gradient with respect to every :math:`W_l`.

    Parameters
    ----------
    weights : sequence of array_like
        :math:`W_1, \dots, W_L` (``weights[0]`` is :math:`W_1`), shapes that chain.
    M : array_like
        The target matrix, ``(d_out, d_in)``.

    Returns
    -------
    list of numpy.ndarray
        Same shapes as ``weights``.
    """
    Ws, M = _check(weights, M)
    E = M - deep_linear_product(Ws)
    L = len(Ws)
    grads = []
    for l in range(L):
        above = np.eye(Ws[-1].shape[0])
        for W in Ws[l + 1 :][::-1]:
            above = above @ W  # W_L ... W_{l+1}
        below = np.eye(Ws[0].shape[1])
        for W in Ws[:l]:
            below = W @ below  # W_{l-1} ... W_1
        grads.append(-above.T @ E @ below.T)
    return grads


def small_init(dims, scale: float, rng: np.random.Generator) -> list[np.ndarray]:
    r"""Random Gaussian weights with standard deviation ``scale``.

    Parameters
    ----------
    dims : sequence of int
        Layer sizes ``(d_in, h_1, ..., d_out)``.
    scale : float
        > 0.
    rng : numpy.random.Generator

    Returns
    -------
    list of numpy.ndarray
        :math:`W_1, \dots, W_L`, ``W_l`` of shape ``(dims[l], dims[l - 1])``.
    """
    if not isinstance(dims, (list, tuple)) or len(dims) < 2:
        fail("dims", "a list of at least two layer sizes", dims, "pass (d_in, ..., d_out)")
    dims = [positive_int(d, f"dims[{i}]") for i, d in enumerate(dims)]
    scale = positive(scale, "scale")
    generator(rng)
    return [scale * rng.standard_normal((dims[i + 1], dims[i])) for i in range(len(dims) - 1)]


def aligned_init(M, u0: float) -> list[np.ndarray]:
    r"""Two layers aligned with the singular vectors of :math:`M = U S V^\top`:
    :math:`W_1 = \sqrt{u_0} V^\top`, :math:`W_2 = \sqrt{u_0} U`, so every mode starts at
    strength :math:`u_0` and the modes evolve independently.

    Parameters
    ----------
    M : array_like
        The target matrix, ``(d_out, d_in)``.
    u0 : float
        The starting strength, > 0.

    Returns
    -------
    list of numpy.ndarray
        ``[W_1, W_2]``.
    """
    M = matrix(M, "M", square=False)
    u0 = positive(u0, "u0")
    U, _, Vt = np.linalg.svd(M, full_matrices=False)
    return [np.sqrt(u0) * Vt, np.sqrt(u0) * U]


def mode_strengths(weights, M) -> np.ndarray:
    r"""How much of each singular mode of :math:`M` the network has learned:
    :math:`u_i = \mathbf{u}_i^\top (W_L \cdots W_1)\,\mathbf{v}_i`.

    Parameters
    ----------
    weights : sequence of array_like
        :math:`W_1, \dots, W_L` (``weights[0]`` is :math:`W_1`), shapes that chain.
    M : array_like
        The target matrix, ``(d_out, d_in)``.

    Returns
    -------
    numpy.ndarray
        One strength per singular value of ``M``, strongest mode first.
    """
    Ws, M = _check(weights, M)
    U, _, Vt = np.linalg.svd(M, full_matrices=False)
    return np.einsum("ki,kl,il->i", U, deep_linear_product(Ws), Vt)


def half_learning_time(s, u0: float, lr: float) -> np.ndarray:
    r"""Steps of gradient descent (rate ``lr``) for a two-layer aligned mode of strength
    ``s`` started at ``u0`` to reach :math:`s/2`, from the gradient flow:
    :math:`\ln(s/u_0 - 1)/(2 s\,\eta)`.

    Parameters
    ----------
    s : float or array_like
        Singular values, each larger than ``2 * u0``.
    u0 : float
        The starting strength, > 0.
    lr : float
        :math:`\eta > 0`.

    Returns
    -------
    numpy.ndarray
        Shaped like ``s`` (real-valued steps).
    """
    u0 = positive(u0, "u0")
    lr = positive(lr, "lr")
    s = array(
        s,
        "s",
        low=2 * u0,
        low_open=True,
        fix="a mode that starts above half its strength has no half-learning time",
    )
    return np.log(s / u0 - 1) / (2 * s * lr)

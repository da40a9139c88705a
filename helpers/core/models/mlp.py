r"""A small multilayer perceptron in numpy, with backpropagation and Hessian-vector
products written out.

The network with layer sizes :math:`(n_0, n_1, \dots, n_L)` maps an input :math:`x` to

.. math:: h_0 = x,\quad z_l = W_l h_{l-1} + b_l,\quad h_l = \sigma(z_l)\ (l < L),
          \quad f(x) = z_L,

with :math:`\sigma = \tanh` or ReLU. The loss is the mean squared error
:math:`L(w) = \frac{1}{2N}\sum_i \|f(x_i) - y_i\|^2`.

All parameters live in **one flat vector** ``w``; :meth:`MLP.unflatten` gives per-layer
views ``(W_l, b_l)`` into it (``W_l`` has shape ``(n_l, n_{l-1})``, one row a unit). Every
method also accepts a *stack* of parameter vectors of shape ``(..., P)`` and evaluates all
of them at once, which is what makes slices, interpolations and dense Hessians cheap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..._validate import array, choice, fail, non_negative, positive, positive_int
from ..._validate import seed as check_seed
from ..hessian_estimators import dense_from_hvp
from .mlp_geometry import (
    filter_normalize,
    filter_norms,
    permute_units,
    random_network_direction,
    rescale_units,
)

__all__ = ["MLP", "Dataset", "make_dataset", "minibatch_gradient"]

_ACTIVATIONS = ("tanh", "relu")


def _act(name, z):
    r"""Return :math:`\sigma(z), \sigma'(z), \sigma''(z)`."""
    if name == "tanh":
        t = np.tanh(z)
        d1 = 1.0 - t * t
        return t, d1, -2.0 * t * d1
    pos = (z > 0).astype(z.dtype)
    return z * pos, pos, np.zeros_like(z)


@dataclass(frozen=True)
class Dataset:
    """A regression data set with a training and a test part.

    Attributes
    ----------
    X_train, y_train : numpy.ndarray
        Inputs ``(N, n_0)`` and targets ``(N, n_L)``.
    X_test, y_test : numpy.ndarray
        The same for the test set.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray

    @property
    def n_train(self) -> int:
        return len(self.X_train)


def make_dataset(
    n_train: int = 64, n_test: int = 512, noise: float = 0.2, seed: int = 0
) -> Dataset:
    r"""A seeded 2-D regression task: :math:`x \sim N(0, I_2)` and
    :math:`y = \sin(2x_1)\cos(x_2) + 0.5\,x_1 x_2 / (1 + x_1^2) + \epsilon`,
    :math:`\epsilon \sim N(0, \text{noise}^2)`. The test set has fresh noise.

    Parameters
    ----------
    n_train, n_test : int
        Sizes of the two sets.
    noise : float
        Standard deviation of :math:`\epsilon`, >= 0.
    seed : int

    Returns
    -------
    Dataset
    """
    n_train = positive_int(n_train, "n_train")
    n_test = positive_int(n_test, "n_test")
    noise = non_negative(noise, "noise")
    rng = np.random.default_rng(check_seed(seed))

    def draw(n):
        X = rng.standard_normal((n, 2))
        f = np.sin(2 * X[:, 0]) * np.cos(X[:, 1]) + 0.5 * X[:, 0] * X[:, 1] / (1 + X[:, 0] ** 2)
        return X, (f + noise * rng.standard_normal(n))[:, None]

    X_train, y_train = draw(n_train)
    X_test, y_test = draw(n_test)
    return Dataset(X_train, y_train, X_test, y_test)


@dataclass(frozen=True)
class MLP:
    r"""A fully connected network: tanh or ReLU hidden layers, a linear output, and the mean
    squared error, with backpropagation and exact Hessian-vector products.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths :math:`(n_0, n_1, \dots, n_L)`, at least two.
    activation : {'tanh', 'relu'}
        The hidden layers' :math:`\sigma`.
    """

    sizes: tuple
    activation: str = "tanh"

    def __post_init__(self):
        if not isinstance(self.sizes, (list, tuple)) or len(self.sizes) < 2:
            fail(
                "sizes",
                "a list of at least two layer widths",
                self.sizes,
                "pass the widths from input to output, such as (2, 8, 1)",
            )
        sizes = tuple(positive_int(s, f"sizes[{i}]") for i, s in enumerate(self.sizes))
        choice(self.activation, "activation", _ACTIVATIONS)
        object.__setattr__(self, "sizes", sizes)

    # ----- parameter layout -------------------------------------------------------------
    @property
    def n_layers(self) -> int:
        return len(self.sizes) - 1

    @property
    def n_params(self) -> int:
        return sum(o * i + o for i, o in zip(self.sizes[:-1], self.sizes[1:]))

    def _slices(self):
        out, start = [], 0
        for i, o in zip(self.sizes[:-1], self.sizes[1:]):
            out.append(((start, start + o * i), (o, i), (start + o * i, start + o * i + o)))
            start += o * i + o
        return out

    def check(self, w, name: str = "w", finite: bool = True) -> np.ndarray:
        """``w`` as a float array with this network's parameter count on its last axis (and
        finite entries, if ``finite``), or a ``ValueError`` naming ``name``."""
        w = array(w, name, finite=finite)
        if w.shape[-1:] != (self.n_params,):
            fail(
                name,
                f"{self.n_params} parameters on its last axis for sizes {self.sizes}",
                w,
                "pass a vector made by net.init() or net.flatten(...)",
                shown=f"shape {w.shape}",
            )
        return w

    def check_data(self, X, y=None):
        """Inputs ``X`` ``(N, n_0)`` (and targets ``y`` ``(N, n_L)``) as finite float
        arrays, or a ``ValueError`` naming them."""
        X = array(X, "X", shape=(None, self.sizes[0]), fix=f"one input of {self.sizes[0]} a row")
        if y is None:
            return X
        y = array(
            y, "y", shape=(len(X), self.sizes[-1]), fix=f"one target of {self.sizes[-1]} a row of X"
        )
        return X, y

    def unflatten(self, w):
        """Per-layer views ``[(W_1, b_1), ...]`` into the flat vector (or stack) ``w``."""
        return self._views(self.check(w))

    def _views(self, w: np.ndarray) -> list:
        """:meth:`unflatten` of a checked array."""
        lead = w.shape[:-1]
        return [
            (w[..., a:b].reshape(lead + shape), w[..., c:d])
            for (a, b), shape, (c, d) in self._slices()
        ]

    def flatten(self, layers) -> np.ndarray:
        """The inverse of :meth:`unflatten`."""
        return self.check(self._join(layers), "layers")

    def _join(self, layers) -> np.ndarray:
        """Concatenate ``[(W_1, b_1), ...]`` into flat vectors (no finiteness check)."""
        try:
            parts = []
            for W, b in layers:
                W, b = np.asarray(W, float), np.asarray(b, float)
                parts += [W.reshape(W.shape[:-2] + (-1,)), b]
            return np.concatenate(parts, axis=-1)
        except (TypeError, ValueError):
            fail(
                "layers",
                "a list of (W_l, b_l) pairs of arrays with matching leading axes",
                layers,
                "pass what unflatten returns",
                shown=f"a {type(layers).__name__} that does not concatenate",
            )

    def init(self, seed: int = 0, scale: float = 1.0) -> np.ndarray:
        r"""Random parameters: :math:`W_l \sim N(0, \text{scale}^2 g / n_{l-1})` with gain
        :math:`g = 1` (tanh) or 2 (ReLU), and zero biases."""
        scale = positive(scale, "scale")
        rng = np.random.default_rng(check_seed(seed))
        gain = 1.0 if self.activation == "tanh" else 2.0
        layers = [
            (scale * np.sqrt(gain / i) * rng.standard_normal((o, i)), np.zeros(o))
            for i, o in zip(self.sizes[:-1], self.sizes[1:])
        ]
        return self.flatten(layers)

    # ----- forward, loss, backward --------------------------------------------------------
    def _forward(self, layers, X):
        hs, zs = [X], []
        for l, (W, b) in enumerate(layers):
            z = hs[-1] @ np.swapaxes(W, -1, -2) + b[..., None, :]
            zs.append(z)
            if l < self.n_layers - 1:
                hs.append(_act(self.activation, z)[0])
        return hs, zs

    def predict(self, w, X) -> np.ndarray:
        """Outputs of shape ``(..., N, n_L)`` for inputs ``X`` of shape ``(N, n_0)``."""
        return self._forward(self.unflatten(w), self.check_data(X))[1][-1]

    def loss(self, w, X, y) -> np.ndarray:
        r""":math:`L(w) = \frac{1}{2N}\sum_i \|f(x_i; w) - y_i\|^2`, shape ``w.shape[:-1]``."""
        X, y = self.check_data(X, y)
        return self._loss(self.unflatten(w), X, y)

    def _loss(self, layers, X, y) -> np.ndarray:
        """:meth:`loss` on checked layers and data."""
        r = self._forward(layers, X)[1][-1] - y
        return 0.5 * np.sum(r * r, axis=(-1, -2)) / len(X)

    def loss_and_gradient(self, w, X, y):
        r"""Loss and gradient by backpropagation:
        :math:`\delta_L = (z_L - y)/N`, :math:`\partial_{W_l} L = \delta_l^\top h_{l-1}`,
        :math:`\partial_{b_l} L = \sum_i \delta_l`,
        :math:`\delta_{l-1} = (\delta_l W_l) \odot \sigma'(z_{l-1})`."""
        return self._loss_and_gradient(self.unflatten(w), *self.check_data(X, y))

    def _loss_and_gradient(self, layers, X, y):
        """:meth:`loss_and_gradient` on checked layers and data."""
        hs, zs = self._forward(layers, X)
        r = zs[-1] - y
        loss = 0.5 * np.sum(r * r, axis=(-1, -2)) / len(X)
        delta = r / len(X)
        grads = [None] * self.n_layers
        for l in range(self.n_layers - 1, -1, -1):
            W = layers[l][0]
            grads[l] = (np.swapaxes(delta, -1, -2) @ hs[l], delta.sum(axis=-2))
            if l > 0:
                delta = (delta @ W) * _act(self.activation, zs[l - 1])[1]
        return loss, self._join(grads)

    def gradient(self, w, X, y) -> np.ndarray:
        """The gradient of :meth:`loss` (same shape as ``w``)."""
        return self.loss_and_gradient(w, X, y)[1]

    def value_and_grad(self, X, y, copies: int = 1):
        r"""``f(w) -> (loss, gradient)`` on the data ``(X, y)``, one forward and one backward
        pass a call: pass it to :func:`helpers.run` as ``value_and_grad=``.

        Parameters
        ----------
        X, y : array_like
            Inputs ``(N, n_0)`` and targets ``(N, n_L)``.
        copies : int
            Train ``copies`` independent networks in one run: ``w`` is the concatenation of
            ``copies`` parameter vectors, the loss is the sum :math:`\sum_k L(w_k)` and the
            gradient the concatenation of the :math:`\nabla L(w_k)`. Each copy sees only its
            own gradient, so gradient descent or any per-coordinate optimizer moves every
            copy exactly as it would move alone, and all copies share one batched pass.

        Returns
        -------
        callable
            ``f(w)`` returning ``(loss, gradient)``: a float and an array shaped like ``w``.
        """
        X, y = self.check_data(X, y)
        copies = positive_int(copies, "copies")
        shape = (copies, self.n_params)

        def value_and_grad(w):
            w = self._copies(w, copies)
            layers = self._views(w if copies == 1 else w.reshape(shape))
            value, g = self._loss_and_gradient(layers, X, y)
            return float(np.sum(value)), g.reshape(w.shape)

        return value_and_grad

    def objective(self, X, y):
        r"""``(loss, grad)``: two functions of one parameter vector for :func:`helpers.run`
        (``loss=``, ``grad=``). Each is computed on its own, so they may be called in any
        order; :meth:`value_and_grad` shares one pass between them."""
        X, y = self.check_data(X, y)

        def loss(w):
            return float(self._loss(self._views(self._copies(w, 1)), X, y))

        def grad(w):
            return self._loss_and_gradient(self._views(self._copies(w, 1)), X, y)[1]

        return loss, grad

    def _copies(self, w, copies: int) -> np.ndarray:
        """A flat vector of ``copies`` parameter vectors, checked for its shape only: a
        diverging run's non-finite iterate gives a non-finite loss, which the run reports."""
        return array(
            w,
            "w",
            shape=(copies * self.n_params,),
            finite=False,
            fix=f"pass {copies} parameter vector(s) of {self.n_params}, concatenated",
        )

    def stacked_objective(self, X, y, copies: int):
        r"""``(loss, grad)`` for training ``copies`` independent networks in one run: the
        loss and the gradient of :meth:`value_and_grad` with ``copies``, as two functions
        computed on their own."""
        copies = positive_int(copies, "copies")
        shape = (copies, self.n_params)
        X, y = self.check_data(X, y)

        def loss(w):
            return float(
                np.sum(self._loss(self._views(self._copies(w, copies).reshape(shape)), X, y))
            )

        def grad(w):
            layers = self._views(self._copies(w, copies).reshape(shape))
            return self._loss_and_gradient(layers, X, y)[1].ravel()

        return loss, grad

    def hvp(self, w, X, y, v) -> np.ndarray:
        r"""Exact Hessian-vector product :math:`\nabla^2 L(w)\,v` by differentiating the
        forward and backward pass along :math:`v` (Pearlmutter's R-operator,
        :math:`R\{\cdot\} = \frac{d}{dt}\cdot\,(w + tv)|_{t=0}`):

        .. math:: R\{z_l\} = R\{h_{l-1}\} W_l^\top + h_{l-1} V_l^\top + v_{b_l},\quad
                  R\{h_l\} = \sigma'(z_l) R\{z_l\},

        .. math:: R\{\delta_L\} = R\{z_L\}/N,\quad
                  R\{\delta_{l-1}\} = (R\{\delta_l\} W_l + \delta_l V_l)\odot\sigma'(z_{l-1})
                  + (\delta_l W_l)\odot\sigma''(z_{l-1})\,R\{z_{l-1}\},

        and :math:`R\{\partial_{W_l} L\} = R\{\delta_l\}^\top h_{l-1} + \delta_l^\top
        R\{h_{l-1}\}`. ``v`` may be a stack ``(..., P)`` of directions.
        """
        layers = self.unflatten(w)
        vlayers = self.unflatten(self.check(v, "v"))
        X, y = self.check_data(X, y)
        hs, zs = self._forward(layers, X)
        acts = [_act(self.activation, z) for z in zs[:-1]]
        # forward pass of the directional derivative
        Rh, Rz = [0.0], []
        for l, ((W, _), (V, vb)) in enumerate(zip(layers, vlayers)):
            rz = hs[l] @ np.swapaxes(V, -1, -2) + vb[..., None, :]
            if l > 0:
                rz = rz + Rh[l] @ np.swapaxes(W, -1, -2)
            Rz.append(rz)
            if l < self.n_layers - 1:
                Rh.append(acts[l][1] * rz)
        # backward pass and its directional derivative
        N = len(X)
        delta = (zs[-1] - y) / N
        Rdelta = Rz[-1] / N
        out = [None] * self.n_layers
        for l in range(self.n_layers - 1, -1, -1):
            W, V = layers[l][0], vlayers[l][0]
            RgW = np.swapaxes(Rdelta, -1, -2) @ hs[l]
            if l > 0:
                RgW = RgW + np.swapaxes(delta, -1, -2) @ Rh[l]
            out[l] = (RgW, Rdelta.sum(axis=-2))
            if l > 0:
                _, d1, d2 = acts[l - 1]
                back = delta @ W
                Rdelta = (Rdelta @ W + delta @ V) * d1 + back * d2 * Rz[l - 1]
                delta = back * d1
        return self._join(out)

    def hessian(self, w, X, y) -> np.ndarray:
        """The dense ``P x P`` Hessian: :meth:`hvp` applied to every basis vector at once."""
        w = self.check(w)
        if w.ndim != 1:
            fail(
                "w",
                f"one parameter vector ({self.n_params},)",
                w,
                "call hessian once for each vector of a stack",
                shown=f"shape {w.shape}",
            )
        return dense_from_hvp(lambda V: self.hvp(w, X, y, V), self.n_params)

    # ----- symmetries and directions (helpers.core.models.mlp_geometry) ---------------------
    def permute(self, w, layer: int, perm) -> np.ndarray:
        """:func:`~helpers.core.models.mlp_geometry.permute_units` of this network."""
        return permute_units(self, w, layer, perm)

    def rescale(self, w, layer: int, c: float) -> np.ndarray:
        """:func:`~helpers.core.models.mlp_geometry.rescale_units` of this network."""
        return rescale_units(self, w, layer, c)

    def filter_norms(self, w) -> list:
        """:func:`~helpers.core.models.mlp_geometry.filter_norms` of this network."""
        return filter_norms(self, w)

    def filter_normalize(self, direction, w) -> np.ndarray:
        """:func:`~helpers.core.models.mlp_geometry.filter_normalize` of this network."""
        return filter_normalize(self, direction, w)

    def random_direction(self, w, seed: int = 0, normalize: str = "filter") -> np.ndarray:
        """:func:`~helpers.core.models.mlp_geometry.random_network_direction` of this
        network."""
        return random_network_direction(self, w, seed, normalize)


def minibatch_gradient(net: MLP, X, y, batch_size: int, seed: int = 0):
    """A gradient function for :func:`helpers.run` that returns the gradient on a fresh
    minibatch at every call: the data are shuffled every epoch (seeded) and cut into batches
    of ``batch_size``; ``batch_size = N`` is full-batch gradient descent.

    Parameters
    ----------
    net : MLP
    X, y : array_like
        The training data.
    batch_size : int
        At most the number of examples.
    seed : int
        Seed of the shuffles.

    Returns
    -------
    callable
        ``grad(w)``; it draws the next batch on every call, so it has state.
    """
    if not isinstance(net, MLP):
        fail("net", "an MLP", net, "build one with h.MLP((2, 8, 1))")
    X, y = net.check_data(X, y)
    N = len(X)
    b = positive_int(batch_size, "batch_size")
    if b > N:
        fail("batch_size", f"at most the number of examples, {N}", b, "use a smaller batch")
    rng = np.random.default_rng(check_seed(seed))
    state = {"order": rng.permutation(N), "pos": 0}

    def grad(w):
        if state["pos"] + b > N:
            state["order"], state["pos"] = rng.permutation(N), 0
        idx = state["order"][state["pos"] : state["pos"] + b]
        state["pos"] += b
        return net.gradient(w, X[idx], y[idx])

    return grad

"""The chapter 8 network: backpropagation, exact Hessian-vector products, symmetries."""

import numpy as np
import pytest

from helpers.core.derivatives import numerical_gradient
from helpers.core.models.mlp import MLP, make_dataset, minibatch_gradient
from helpers.core.models.mlp_geometry import all_permutations


@pytest.fixture(scope="module")
def data():
    return make_dataset(n_train=32, n_test=16, seed=3)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_backprop_matches_finite_differences(data, activation):
    net = MLP((2, 5, 4, 1), activation)
    w = net.init(seed=1)
    g = net.gradient(w, data.X_train, data.y_train)
    fd = numerical_gradient(lambda W: net.loss(W, data.X_train, data.y_train), w)
    assert np.allclose(g, fd, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_hvp_matches_finite_differences_of_the_backprop_gradient(data, activation):
    """The R-operator against an independent product: central differences of the gradient
    along v, written out here (the gradient itself is checked against finite differences of
    the loss above). The dense Hessian, column j, against the same along e_j."""
    net = MLP((2, 6, 3, 1), activation)
    w = net.init(seed=2)
    X, y = data.X_train, data.y_train
    grad = lambda u: net.gradient(u, X, y)
    eps = 1e-5
    along = lambda v: (grad(w + eps * v) - grad(w - eps * v)) / (2 * eps)
    V = np.random.default_rng(0).standard_normal((3, net.n_params))
    for v in V:
        assert np.allclose(net.hvp(w, X, y, v), along(v), atol=1e-7)
    assert np.allclose(net.hvp(w, X, y, V), [along(v) for v in V], atol=1e-7)  # a stack
    H = net.hessian(w, X, y)
    assert np.allclose(H, np.stack([along(e) for e in np.eye(net.n_params)], axis=1), atol=1e-7)
    assert np.array_equal(H, H.T)


def test_stacked_parameters_evaluate_like_single_ones(data):
    net = MLP((2, 4, 1), "tanh")
    W = np.stack([net.init(seed=s) for s in range(3)])
    X, y = data.X_train, data.y_train
    assert np.allclose(net.loss(W, X, y), [net.loss(w, X, y) for w in W])
    assert np.allclose(net.gradient(W, X, y), [net.gradient(w, X, y) for w in W])
    loss, grad = net.stacked_objective(X, y, 3)
    assert np.isclose(loss(W.ravel()), sum(net.loss(w, X, y) for w in W))
    assert np.allclose(grad(W.ravel()), np.concatenate([net.gradient(w, X, y) for w in W]))


def test_value_and_grad_is_one_pass_of_loss_and_gradient(data):
    net = MLP((2, 4, 1), "tanh")
    X, y = data.X_train, data.y_train
    w = net.init(seed=3)
    value, g = net.value_and_grad(X, y)(w)
    assert value == net.loss(w, X, y) and np.array_equal(g, net.gradient(w, X, y))
    W = np.stack([net.init(seed=s) for s in range(3)])
    value, g = net.value_and_grad(X, y, copies=3)(W.ravel())
    assert np.isclose(value, sum(net.loss(u, X, y) for u in W))
    assert np.allclose(g, np.concatenate([net.gradient(u, X, y) for u in W]))


def test_objective_does_not_depend_on_the_order_of_calls(data):
    """No cache: the gradient at w is the gradient at w, whichever function ran last."""
    net = MLP((2, 4, 1), "tanh")
    X, y = data.X_train, data.y_train
    loss, grad = net.objective(X, y)
    a, b = net.init(seed=4), net.init(seed=5)
    loss(a)
    assert np.array_equal(grad(b), net.gradient(b, X, y))
    a[:] = b  # the same array object, changed in place
    assert np.array_equal(grad(a), net.gradient(b, X, y))
    assert loss(a) == net.loss(b, X, y)


def test_every_permutation_leaves_the_loss_unchanged(data):
    net = MLP((2, 5, 3, 1), "tanh")
    w = net.init(seed=4)
    X, y = data.X_train, data.y_train
    perms = all_permutations(5)
    assert len(perms) == 120
    losses = net.loss(net.permute(w, 1, perms), X, y)
    assert np.abs(losses - net.loss(w, X, y)).max() <= 4 * np.finfo(float).eps
    # a permuted copy is a different point with the same function
    assert np.linalg.norm(net.permute(w, 1, perms[-1]) - w) > 0.1
    assert np.allclose(
        net.predict(net.permute(w, 2, [2, 0, 1]), X), net.predict(w, X), rtol=0, atol=1e-14
    )


def test_relu_rescaling_keeps_the_function(data):
    net = MLP((2, 6, 4, 1), "relu")
    w = net.init(seed=5)
    X = data.X_train
    for c in (0.1, 3.0):
        assert np.allclose(net.predict(net.rescale(w, 1, c), X), net.predict(w, X), atol=1e-13)
    tanh_net = MLP((2, 6, 4, 1), "tanh")
    assert not np.allclose(tanh_net.predict(tanh_net.rescale(w, 1, 3.0), X), tanh_net.predict(w, X))


def test_filter_normalized_direction_matches_filter_norms():
    net = MLP((2, 6, 4, 1), "relu")
    w = net.init(seed=6)
    d = net.random_direction(w, seed=1, normalize="filter")
    for nd, nw in zip(net.filter_norms(d), net.filter_norms(w)):
        assert np.allclose(nd, nw, rtol=1e-12)
    # rescaling the network rescales the filter-normalized direction the same way
    w2 = net.rescale(w, 1, 4.0)
    raw = np.random.default_rng(1).standard_normal(net.n_params)
    assert np.allclose(net.filter_normalize(raw, w2), net.rescale(d, 1, 4.0))


def test_minibatch_gradient_visits_every_example_once_per_epoch(data):
    net = MLP((2, 3, 1), "tanh")
    w = net.init(seed=0)
    X, y = data.X_train, data.y_train
    grad = minibatch_gradient(net, X, y, batch_size=8, seed=0)
    mean = np.mean([grad(w) for _ in range(4)], axis=0)  # 4 batches of 8 = one epoch
    assert np.allclose(mean, net.gradient(w, X, y))
    full = minibatch_gradient(net, X, y, batch_size=len(X))
    assert np.allclose(full(w), net.gradient(w, X, y))


def test_bad_input_raises():
    with pytest.raises(ValueError, match="sizes"):
        MLP((2,))
    with pytest.raises(ValueError, match="activation"):
        MLP((2, 3, 1), "sigmoid")
    net = MLP((2, 3, 1))
    with pytest.raises(ValueError, match="parameters"):
        net.loss(np.zeros(5), np.zeros((4, 2)), np.zeros((4, 1)))
    with pytest.raises(
        ValueError, match=r"perm must be a permutation of range\(3\).*got \[0, 0, 1\]"
    ):
        net.permute(net.init(), 1, [0, 0, 1])
    with pytest.raises(ValueError, match="hidden layer"):
        net.rescale(net.init(), 2, 2.0)

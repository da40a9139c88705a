"""Hessian estimators against the exact eigenvalues and trace of a dense Hessian."""

import numpy as np
import pytest

import helpers as h
from helpers.core.models.mlp import MLP, make_dataset


@pytest.fixture(scope="module")
def trained():
    """A small network trained for 300 steps: the network, its data and the point."""
    data = make_dataset(n_train=48, n_test=8, seed=1)
    net = MLP((2, 8, 4, 1), "tanh")
    X, y = data.X_train, data.y_train
    loss, grad = net.objective(X, y)
    w = h.run(None, net.init(seed=0), lr=0.1, steps=300, tol=0, loss=loss, grad=grad).x
    return net, X, y, w


@pytest.fixture(scope="module")
def problem(trained):
    net, X, y, w = trained
    H = net.hessian(w, X, y)
    return net, (lambda v: net.hvp(w, X, y, v)), H, np.linalg.eigvalsh(H)


def test_dense_from_hvp_puts_the_product_with_e_j_in_column_j():
    """A known operator that is not symmetric pins the layout: column j is M e_j, so a
    transposed result would fail (a symmetric operator could not tell)."""
    M = np.arange(12.0).reshape(3, 4)[:, :3] + np.diag([1.0, 2.0, 3.0])  # M != M.T
    products = lambda V: V @ M.T  # row j of the output is M @ V[j]
    assert np.array_equal(h.dense_from_hvp(products, 3, symmetric=False), M)
    with pytest.raises(ValueError, match="hvp must be symmetric"):
        h.dense_from_hvp(products, 3)  # not the products of a Hessian
    S = M + M.T
    assert np.array_equal(h.dense_from_hvp(lambda V: V @ S.T, 3), S)


def test_dense_from_hvp_of_the_network_is_the_finite_difference_hessian(trained):
    """The exact products (R-operator) against central differences of the backprop
    gradient, written out here: an independent Hessian."""
    net, X, y, w = trained
    hvp = lambda v: net.hvp(w, X, y, v)
    eps, P = 1e-5, net.n_params
    grad = lambda u: net.gradient(u, X, y)
    fd = np.stack([(grad(w + eps * e) - grad(w - eps * e)) / (2 * eps) for e in np.eye(P)], 1)
    H = h.dense_from_hvp(hvp, P)
    assert np.allclose(H, fd, atol=1e-7)
    assert np.abs(H - fd).max() < 1e-3 * np.abs(H).max()


def test_power_iteration_finds_the_top_eigenvalue(problem):
    net, hvp, _, eig = problem
    top = eig[np.argmax(np.abs(eig))]
    value, vec, history = h.power_iteration(hvp, net.n_params, iters=300, seed=1)
    assert value == pytest.approx(top, rel=1e-6)
    assert np.linalg.norm(hvp(vec) - top * vec) < 1e-2 * abs(top)
    assert abs(history[0] - top) > abs(history[-1] - top)


def test_lanczos_finds_the_top_eigenvalues(problem):
    net, hvp, _, eig = problem
    ritz = h.top_eigenvalues(hvp, net.n_params, k=3, steps=30, seed=2)
    assert np.allclose(ritz, eig[::-1][:3], rtol=1e-6)
    alpha, beta, Q = h.lanczos(hvp, net.n_params, steps=15, seed=0)
    assert np.allclose(Q @ Q.T, np.eye(len(alpha)), atol=1e-10)
    T = np.diag(alpha) + np.diag(beta, 1) + np.diag(beta, -1)
    assert np.allclose(Q @ np.asarray([hvp(q) for q in Q]).T, T, atol=1e-10)


def test_hutchinson_is_unbiased_within_its_standard_error(problem):
    net, hvp, H, _ = problem
    exact = np.trace(H)
    estimates = []
    for seed in range(20):
        est, se, _ = h.hutchinson_trace(hvp, net.n_params, samples=50, seed=seed)
        assert abs(est - exact) < 5 * se
        estimates.append(est)
    estimates = np.array(estimates)
    # the mean of 20 independent estimates is within 4 standard errors of the truth
    assert abs(estimates.mean() - exact) < 4 * estimates.std(ddof=1) / np.sqrt(len(estimates))
    # and the variance of one term is 2 * (sum of squared off-diagonal entries)
    _, _, terms = h.hutchinson_trace(hvp, net.n_params, samples=4000, seed=99)
    theory = 2 * (np.sum(H * H) - np.sum(np.diag(H) ** 2))
    assert terms.var() == pytest.approx(theory, rel=0.15)


def test_slq_matches_the_spectrum_moments(problem):
    net, hvp, H, eig = problem
    nodes, weights = h.slq(hvp, net.n_params, steps=25, vectors=40, seed=0)
    assert weights.sum() == pytest.approx(1.0)
    # Gauss quadrature is exact for low moments up to the sampling error of the start vectors
    assert nodes @ weights == pytest.approx(eig.mean(), rel=0.2, abs=0.05 * eig.max())
    assert nodes.max() == pytest.approx(eig.max(), rel=1e-6)
    grid = np.linspace(eig.min() - 1, eig.max() + 1, 400)
    dens = h.slq_density(nodes, weights, grid, width=0.3)
    assert np.sum(dens) * (grid[1] - grid[0]) == pytest.approx(1.0, rel=1e-3)


def test_negative_fraction_and_bad_input():
    assert h.negative_fraction([-2.0, -1.0, 1.0, 3.0]) == 0.5
    assert h.negative_fraction([1e-12, 1.0]) == 0.0
    with pytest.raises(ValueError):
        h.negative_fraction([])
    with pytest.raises(ValueError):
        h.hvp_finite_difference(lambda w: w, np.zeros(3), np.ones(3), eps=0)

"""Hessian estimators against the exact eigenvalues and trace of a dense Hessian."""

import numpy as np
import pytest

import helpers as h
from helpers.core.models.mlp import MLP, make_dataset


@pytest.fixture(scope="module")
def problem():
    data = make_dataset(n_train=48, n_test=8, seed=1)
    net = MLP((2, 8, 4, 1), "tanh")
    X, y = data.X_train, data.y_train
    w0 = net.init(seed=0)
    loss, grad = net.objective(X, y)
    w = h.run(None, w0, lr=0.1, steps=300, tol=0, loss=loss, grad=grad).x
    H = net.hessian(w, X, y)
    return net, (lambda v: net.hvp(w, X, y, v)), H, np.linalg.eigvalsh(H)


def test_dense_from_hvp_is_the_hessian(problem):
    net, hvp, H, _ = problem
    assert np.allclose(h.dense_from_hvp(hvp, net.n_params), H, atol=1e-12)


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


def test_hessian_index_and_bad_input():
    assert h.hessian_index([-2.0, -1.0, 1.0, 3.0]) == 0.5
    assert h.hessian_index([1e-12, 1.0]) == 0.0
    with pytest.raises(ValueError):
        h.hessian_index([])
    with pytest.raises(ValueError):
        h.hvp_finite_difference(lambda w: w, np.zeros(3), np.ones(3), eps=0)

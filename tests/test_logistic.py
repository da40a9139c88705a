"""L2-regularized logistic regression: loss, gradient and Hessian against a direct formula
and finite differences, the bounds L and mu against Hessians, and the minimizer against
scipy."""

import numpy as np
import pytest
from scipy.optimize import minimize

import helpers as h


@pytest.fixture
def problem():
    return h.make_logistic(n=150, dim=4, alpha=0.07, scale=1.5, seed=2)


def direct_loss(p, w):
    z = p.X @ w
    return np.mean(np.log(1 + np.exp(z)) - p.y * z) + 0.5 * p.alpha * np.sum(w**2)


def test_loss_is_the_formula(problem, rng):
    for w in rng.standard_normal((10, problem.dim)):
        assert problem.loss(w) == pytest.approx(direct_loss(problem, w), rel=1e-12)


def test_gradient_and_hessian_match_central_differences(problem, rng):
    eps = 1e-6
    eye = np.eye(problem.dim)
    for w in 2 * rng.standard_normal((5, problem.dim)):
        fd_grad = [
            (direct_loss(problem, w + eps * e) - direct_loss(problem, w - eps * e)) / (2 * eps)
            for e in eye
        ]
        assert np.allclose(problem.gradient(w), fd_grad, atol=1e-8)
        fd_hess = np.array(
            [
                (problem.gradient(w + eps * e) - problem.gradient(w - eps * e)) / (2 * eps)
                for e in eye
            ]
        )
        assert np.allclose(problem.hessian(w), fd_hess, atol=1e-7)


def test_every_hessian_eigenvalue_lies_in_mu_L_and_L_is_reached_at_zero(problem, rng):
    L, mu = problem.smoothness(), problem.strong_convexity()
    assert mu == problem.alpha
    for w in 3 * rng.standard_normal((200, problem.dim)):
        lam = np.linalg.eigvalsh(problem.hessian(w))
        assert lam.min() >= mu - 1e-12 and lam.max() <= L + 1e-12
    # at w = 0 every margin is 0, sigma' = 1/4 and the bound is exact
    top = np.linalg.eigvalsh(problem.X.T @ problem.X)[-1] / (4 * problem.n) + problem.alpha
    assert np.linalg.eigvalsh(problem.hessian(np.zeros(problem.dim)))[-1] == pytest.approx(top)
    assert L == pytest.approx(top, rel=1e-12)


def test_minimizer_agrees_with_scipy(problem):
    w_star = problem.minimizer()
    ref = minimize(
        lambda w: direct_loss(problem, w), np.zeros(problem.dim), method="BFGS", tol=1e-12
    ).x
    assert np.allclose(w_star, ref, atol=1e-6)
    assert np.linalg.norm(problem.gradient(w_star)) < 1e-12
    w_star[0] += 1  # a copy: the cached minimizer is unchanged
    assert np.linalg.norm(problem.gradient(problem.minimizer())) < 1e-12


def test_large_margins_do_not_overflow():
    p = h.make_logistic(n=50, dim=2, alpha=0.01, scale=50.0, seed=1)
    w = np.array([40.0, -40.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert np.isfinite(p.loss(w)) and np.all(np.isfinite(p.gradient(w)))
        assert np.all(np.isfinite(p.hessian(w)))


def test_seeded_and_labels_are_zero_or_one():
    a, b = h.make_logistic(seed=4), h.make_logistic(seed=4)
    assert np.array_equal(a.X, b.X) and np.array_equal(a.y, b.y)
    assert set(np.unique(a.y)) == {0.0, 1.0} and a.X.shape == (200, 5)

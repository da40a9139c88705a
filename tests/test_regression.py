"""The minibatch linear-regression problem and its SGD noise floor."""

import numpy as np
import pytest

import helpers as h


@pytest.fixture
def prob():
    return h.make_regression(n=200, dim=5, noise=0.5, seed=0)


def test_gradient_matches_finite_differences(prob, rng):
    w = rng.standard_normal(5)
    eps, E = 1e-6, np.eye(5)
    numeric = [(prob.loss(w + eps * e) - prob.loss(w - eps * e)) / (2 * eps) for e in E]
    assert np.allclose(prob.gradient(w), numeric, atol=1e-6)


def test_least_squares_minimum(prob):
    assert np.linalg.norm(prob.gradient(prob.w_star)) < 1e-12
    # the loss at the minimum from numpy's least-squares residual, not from prob's formula
    _, residual, _, _ = np.linalg.lstsq(prob.X, prob.y, rcond=None)
    assert prob.loss_star == pytest.approx(0.5 * residual[0] / 200, rel=1e-12)
    assert prob.loss(prob.w_star) == pytest.approx(prob.loss_star, rel=1e-12)
    assert prob.excess_loss(prob.w_true) > 0
    # the Hessian from differences of the gradient, which is linear in w (exact up to round-off)
    w = np.zeros(5)
    columns = [prob.gradient(w + e) - prob.gradient(w) for e in np.eye(5)]
    assert np.allclose(prob.hessian(), np.stack(columns, axis=1), atol=1e-12)


def test_minibatch_gradient_is_unbiased(prob, rng):
    w = rng.standard_normal(5)
    parts = np.arange(200).reshape(20, 10)  # 20 disjoint batches cover the data
    mean = np.mean([prob.minibatch_gradient(w, b) for b in parts], axis=0)
    assert np.allclose(mean, prob.gradient(w))
    full = prob.stochastic_gradient(200, seed=1)(w)  # a batch of all rows is exact
    assert np.allclose(full, prob.gradient(w))


def test_gradient_noise_trace_matches_sampling(prob):
    g = prob.stochastic_gradient(10, seed=2)
    samples = np.array([g(prob.w_star) for _ in range(20000)])
    measured = np.sum(samples.var(axis=0))
    assert measured == pytest.approx(prob.gradient_noise_trace(10), rel=0.05)


def sgd_floor(prob, lr, batch, steps=6000, seed=0):
    run = h.run(
        None,
        np.zeros(5),
        lr=lr,
        steps=steps,
        tol=0,
        loss=prob.loss,
        grad=prob.stochastic_gradient(batch, seed=seed),
    )
    return float(np.mean(run.losses[steps // 2 :] - prob.loss_star))


@pytest.mark.parametrize("lr", [0.02, 0.05, 0.1])
def test_noise_floor_formula(prob, lr):
    measured = np.mean([sgd_floor(prob, lr, 10, seed=s) for s in range(3)])
    assert measured == pytest.approx(prob.noise_floor(lr, 10), rel=0.25)


def test_decaying_rate_goes_below_the_floor(prob):
    constant = sgd_floor(prob, 0.05, 10, steps=4000)
    decay = h.run(
        None,
        np.zeros(5),
        lr=h.step_decay(0.05, 0.5, 500),
        steps=4000,
        tol=0,
        loss=prob.loss,
        grad=prob.stochastic_gradient(10, seed=0),
    )
    assert decay.losses[-1] - prob.loss_star < constant / 5


@pytest.mark.parametrize(
    "call",
    [
        lambda: h.make_regression(n=3, dim=5),
        lambda: h.make_regression(noise=-1.0),
        lambda: h.make_regression(dim=2, scales=[1.0, 0.0]),
        lambda: h.make_regression().stochastic_gradient(0),
        lambda: h.make_regression(n=20).stochastic_gradient(21),
        lambda: h.make_regression().loss([1.0, 2.0]),
        lambda: h.make_regression().noise_floor(-0.1, 10),
    ],
)
def test_bad_input_raises(call):
    with pytest.raises(ValueError):
        call()

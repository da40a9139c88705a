"""helpers' optimizers against independent hand-written loops of the textbook rules."""

import numpy as np
import pytest

import helpers as h

STEPS = 60


@pytest.fixture
def problem(rng):
    Q, _ = np.linalg.qr(rng.standard_normal((3, 3)))
    A = Q @ np.diag([0.5, 2.0, 9.0]) @ Q.T
    f = h.quadratic_from_matrix((A + A.T) / 2)
    return f, rng.standard_normal(3)


def helpers_path(f, w0, opt, lr):
    return h.run(f, w0, opt, lr=lr, steps=STEPS, tol=0).path


def test_gradient_descent(problem):
    f, w0 = problem
    w, path = w0.copy(), [w0.copy()]
    for _ in range(STEPS):
        w = w - 0.1 * f.gradient(w)
        path.append(w)
    assert np.allclose(helpers_path(f, w0, h.gradient_descent(), 0.1), path, atol=1e-12)


def test_momentum_both_forms(problem):
    f, w0 = problem
    lr, beta = 0.05, 0.8
    wa, v = w0.copy(), np.zeros(3)  # v <- beta v + g, w <- w - lr v
    wb, u = w0.copy(), np.zeros(3)  # u <- beta u - lr g, w <- w + u
    wc, w_prev = w0.copy(), w0.copy()  # Polyak: w + beta (w - w_prev) - lr g
    pa, pb, pc = [w0.copy()], [w0.copy()], [w0.copy()]
    for _ in range(STEPS):
        v = beta * v + f.gradient(wa)
        wa = wa - lr * v
        u = beta * u - lr * f.gradient(wb)
        wb = wb + u
        wc, w_prev = wc - lr * f.gradient(wc) + beta * (wc - w_prev), wc
        pa.append(wa)
        pb.append(wb)
        pc.append(wc)
    ours = helpers_path(f, w0, h.momentum(beta), lr)
    assert np.allclose(ours, pa, atol=1e-12)
    assert np.allclose(ours, pb, atol=1e-12)
    assert np.allclose(ours, pc, atol=1e-12)


def test_nesterov_is_the_lookahead_form(problem):
    f, w0 = problem
    lr, beta = 0.05, 0.8
    x, u = w0.copy(), np.zeros(3)  # textbook: u <- beta u - lr grad(x + beta u)
    looks = [w0.copy()]
    for _ in range(STEPS):
        u = beta * u - lr * f.gradient(x + beta * u)
        x = x + u
        looks.append(x + beta * u)  # helpers' iterate is the look-ahead point
    assert np.allclose(helpers_path(f, w0, h.nesterov(beta), lr), looks, atol=1e-12)


def test_rmsprop(problem):
    f, w0 = problem
    lr, rho, eps = 0.01, 0.9, 1e-8
    w, s, path = w0.copy(), np.zeros(3), [w0.copy()]
    for _ in range(STEPS):
        g = f.gradient(w)
        s = rho * s + (1 - rho) * g**2
        w = w - lr * g / (np.sqrt(s) + eps)
        path.append(w)
    assert np.allclose(helpers_path(f, w0, h.rmsprop(rho, eps), lr), path, atol=1e-12)


def test_adam(problem):
    f, w0 = problem
    lr, b1, b2, eps = 0.05, 0.9, 0.999, 1e-8
    w, m, s, path = w0.copy(), np.zeros(3), np.zeros(3), [w0.copy()]
    for t in range(1, STEPS + 1):
        g = f.gradient(w)
        m = b1 * m + (1 - b1) * g
        s = b2 * s + (1 - b2) * g**2
        w = w - lr * (m / (1 - b1**t)) / (np.sqrt(s / (1 - b2**t)) + eps)
        path.append(w)
    assert np.allclose(helpers_path(f, w0, h.adam(b1, b2, eps), lr), path, atol=1e-12)


def test_adam_first_step_has_size_lr_in_every_coordinate(problem):
    f, w0 = problem
    step = helpers_path(f, w0, h.adam(), 0.01)[1] - w0
    assert np.allclose(np.abs(step), 0.01, rtol=1e-5)

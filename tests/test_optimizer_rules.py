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


def test_adagrad(problem):
    f, w0 = problem
    lr, eps = 0.3, 1e-8
    w, s, path = w0.copy(), np.zeros(3), [w0.copy()]
    for _ in range(STEPS):
        g = f.gradient(w)
        s = s + g**2  # the sum of every squared gradient so far
        w = w - lr * g / (np.sqrt(s) + eps)
        path.append(w)
    assert np.allclose(helpers_path(f, w0, h.adagrad(eps), lr), path, atol=1e-12)


def test_adagrad_effective_rate_on_a_steady_slope_is_lr_over_abs_g_sqrt_t():
    g = np.array([0.5, -4.0])
    opt = h.adagrad(eps=1e-300)  # eps too small to matter
    state = opt.init(np.zeros(2))
    for t in range(1, 401):
        step, state = opt.update(g, state, 0.1)
        assert np.allclose(step, -0.1 * np.sign(g) / np.sqrt(t), rtol=1e-12)
    assert isinstance(state, h.AdagradState) and np.allclose(state.sum_sq, 400 * g * g)


def _hand_adamw(f, w0, lr, b1, b2, eps, wd, steps):
    """AdamW as Loshchilov and Hutter write it: the decay added after Adam's scaling."""
    w, m, s, path = w0.copy(), np.zeros_like(w0), np.zeros_like(w0), [w0.copy()]
    for t in range(1, steps + 1):
        g = f.gradient(w)
        m = b1 * m + (1 - b1) * g
        s = b2 * s + (1 - b2) * g**2
        m_hat, s_hat = m / (1 - b1**t), s / (1 - b2**t)
        w = w - lr(t - 1) * (m_hat / (np.sqrt(s_hat) + eps) + wd * w)
        path.append(w)
    return np.array(path)


def test_adamw_with_a_schedule(problem):
    f, w0 = problem
    schedule = h.cosine(0.05, STEPS)
    expected = _hand_adamw(f, w0, schedule, 0.9, 0.99, 1e-8, 0.3, STEPS)
    ours = helpers_path(f, w0, h.adamw(0.9, 0.99, 1e-8, weight_decay=0.3), schedule)
    assert np.allclose(ours, expected, atol=1e-12)


def test_adamw_without_decay_is_adam_and_with_decay_is_not_adam_plus_l2(problem):
    f, w0 = problem
    adam = helpers_path(f, w0, h.adam(), 0.05)
    assert np.array_equal(helpers_path(f, w0, h.adamw(weight_decay=0.0), 0.05), adam)
    coupled = helpers_path(h.l2_regularized(f, 0.5), w0, h.adam(), 0.05)
    decoupled = helpers_path(f, w0, h.adamw(weight_decay=0.5), 0.05)
    assert np.abs(coupled - decoupled).max() > 1e-2


def test_adamw_needs_the_parameters():
    opt = h.adamw()
    g = np.array([1.0, 2.0])
    with pytest.raises(ValueError, match="params must be the current parameters"):
        opt.update(g, opt.init(g), 0.1)
    with pytest.raises(ValueError, match=r"params must be .*got \[1\.0\]"):
        opt.update(g, opt.init(g), 0.1, params=np.array([1.0]))


@pytest.mark.parametrize("name", sorted(h.OPTIMIZERS))  # every method but adamw
def test_params_change_nothing_for_methods_that_do_not_read_them(name, rng):
    """The protocol change (update takes params) leaves every other method's steps as
    they were: bit for bit the same with no params, with w, and with any other vector."""
    opt = h.OPTIMIZERS[name]()
    w = rng.standard_normal(4)
    state = opt.init(w)
    for _ in range(5):
        g = rng.standard_normal(4)
        plain, plain_state = opt.update(g, state, 0.1)
        for params in (w, 100 * rng.standard_normal(4)):
            step, new_state = opt.update(g, state, 0.1, params=params)
            assert np.array_equal(step, plain)
            for a, b in zip(new_state, plain_state):
                assert np.array_equal(a, b)
        state, w = plain_state, w + plain


def test_an_update_without_params_still_works_in_the_run_loop(problem):
    f, w0 = problem
    mine = h.Optimizer("mine", lambda w: (), lambda g, state, lr: (-lr * g, state))
    expected = helpers_path(f, w0, h.gradient_descent(), 0.1)
    assert np.array_equal(helpers_path(f, w0, mine, 0.1), expected)
    step, _ = mine.update(np.ones(3), (), 0.1, params=np.zeros(3))
    assert np.array_equal(step, -0.1 * np.ones(3))


def test_a_run_of_run_records_no_evaluations(problem):
    f, w0 = problem
    assert h.run(f, w0, steps=3).evaluations is None

"""Escape from a saddle: the step counts and the noisy escape-time law."""

import numpy as np
import pytest

from helpers.core import saddles as sd


def _gd_escape(eps, lr):
    """Plain gradient descent on x^2 - y^2 from (1, eps) until |y| >= 1."""
    w = np.array([1.0, eps])
    k = 0
    while abs(w[1]) < 1:
        w = w - lr * np.array([2 * w[0], -2 * w[1]])
        k += 1
    return k


@pytest.mark.parametrize("eps", [1e-1, 1e-3, 1e-6, 1e-12])
def test_escape_steps_exact(eps):
    assert sd.escape_steps(eps, 0.1, -2.0) == _gd_escape(eps, 0.1)


def test_escape_steps_close_to_linearized_rule():
    eps = np.logspace(-12, -2, 11)
    k = sd.escape_steps(eps, 0.01, -2.0)
    approx = np.log(1 / eps) / (0.01 * 2)
    np.testing.assert_allclose(k, approx, rtol=0.015)


def test_noisy_escape_law_matches_simulation():
    rng = np.random.default_rng(7)
    lr, sigma, n = 0.1, 0.01, 4000
    y = np.zeros(n)
    t = np.full(n, -1)
    for k in range(1, 400):
        y = 1.2 * y - lr * sigma * rng.standard_normal(n)
        newly = (np.abs(y) >= 1) & (t < 0)
        t[newly] = k
    assert np.all(t > 0)
    med_theory = sd.noisy_escape_quantile(0.5, lr, -2.0, sigma)
    assert abs(np.median(t) - np.ceil(med_theory)) <= 1
    for q in (0.1, 0.9):
        assert abs(np.quantile(t, q) - sd.noisy_escape_quantile(q, lr, -2.0, sigma)) <= 1.5
    ks = np.arange(t.min(), t.max() + 1)
    emp = np.array([np.mean(t <= k) for k in ks])
    assert np.max(np.abs(emp - sd.noisy_escape_cdf(ks, lr, -2.0, sigma))) < 0.04


@pytest.mark.parametrize(
    "call",
    [
        lambda: sd.escape_steps(1e-3, 0.1, 2.0),
        lambda: sd.escape_steps(0.0, 0.1, -2.0),
        lambda: sd.escape_steps(2.0, 0.1, -2.0),
        lambda: sd.noisy_escape_cdf(3, 0.1, -2.0, 0.0),
        lambda: sd.noisy_escape_quantile(1.0, 0.1, -2.0, 0.1),
        lambda: sd.escape_steps(1e-3, -0.1, -2.0),
    ],
)
def test_bad_input_raises(call):
    with pytest.raises(ValueError):
        call()


def test_chapter_noisy_escape_quantiles():
    """Chapter 4's experiment: 2000 runs from the saddle of x^2 - y^2, lr 0.05, sigma 0.01."""
    import helpers as h

    saddle = h.saddle()
    rng = np.random.default_rng(0)
    W = np.zeros((2000, 2))
    times = np.zeros(2000, dtype=int)
    for k in range(1, 1001):
        W = W - 0.05 * (saddle.gradient(W) + 0.01 * rng.standard_normal(W.shape))
        newly = (np.abs(W[:, 1]) >= 1) & (times == 0)
        times[newly] = k
        if np.all(times > 0):
            break
    assert np.all(times > 0)
    for q in (0.1, 0.25, 0.5, 0.75, 0.9):
        assert abs(np.quantile(times, q) - sd.noisy_escape_quantile(q, 0.05, -2.0, 0.01)) <= 1.5


def test_chapter_quartic_plateau_grows_by_log_offset():
    """On x^4 + y^4 - 4xy + 1 the saddle's unstable eigenvalue is -4: each factor 1e5 closer
    to the stable manifold y = -x adds ln(1e5)/ln(1 + 4 lr) steps on the plateau."""
    import helpers as h

    f = h.quartic_example()
    stall = []
    for d in (1e-5, 1e-10):
        r = h.run(f, [1.5, -1.5 + d], lr=0.02, steps=400, tol=1e-10)
        assert np.allclose(r.x, [1, 1], atol=1e-4)
        stall.append(int(np.sum(np.abs(r.losses - 1.0) < 0.05)))
    predicted = np.log(1e5) / np.log(1 + 4 * 0.02)
    assert abs((stall[1] - stall[0]) - predicted) <= 2


def test_chapter_noisy_medians_across_noise_levels():
    """Chapter 4's sigma sweep (500 runs each, seed 1): median escape time within a step or
    two of the predicted median, which grows like ln(1/sigma)."""
    import helpers as h

    saddle = h.saddle()
    for sigma in (1e-1, 1e-2, 1e-3, 1e-4, 1e-6):
        rng = np.random.default_rng(1)
        W = np.zeros((500, 2))
        times = np.zeros(500, dtype=int)
        for k in range(1, 1001):
            W = W - 0.05 * (saddle.gradient(W) + sigma * rng.standard_normal(W.shape))
            newly = (np.abs(W[:, 1]) >= 1) & (times == 0)
            times[newly] = k
            if np.all(times > 0):
                break
        assert abs(np.median(times) - sd.noisy_escape_quantile(0.5, 0.05, -2.0, sigma)) <= 2

"""The guarantees for L-smooth, mu-strongly convex functions: they hold on runs on random
logistic problems (not quadratics), and on the worst quadratic the distance rate is met
exactly, so it cannot be improved."""

import numpy as np
import pytest

import helpers as h


def test_the_numbers_are_the_textbook_formulas():
    t = h.smooth_strongly_convex(10.0, 0.5)
    assert t.kappa == pytest.approx(20.0)
    assert t.step == pytest.approx(2 / 10.5) and t.value_step == pytest.approx(0.1)
    assert t.distance_rate == pytest.approx(19 / 21) and t.value_rate == pytest.approx(0.95)
    assert t.distance_bound(3, 2.0) == pytest.approx(2.0 * (19 / 21) ** 3)
    assert np.allclose(t.value_bound(np.arange(3), 1.0), [1.0, 0.95, 0.95**2])


@pytest.mark.parametrize("seed", range(4))
def test_bounds_hold_on_logistic_runs(seed):
    p = h.make_logistic(n=100, dim=3, alpha=0.03 + 0.05 * seed, scale=1 + seed, seed=seed)
    t = h.smooth_strongly_convex(p.smoothness(), p.strong_convexity())
    w_star = p.minimizer()
    w0 = np.random.default_rng(seed).standard_normal(3) * 3
    k = np.arange(201)
    far = h.run(None, w0, lr=t.step, steps=200, tol=0, loss=p.loss, grad=p.gradient)
    dist = np.linalg.norm(far.path - w_star, axis=1)
    floor = 1e-12 * dist[0]
    ok = dist > floor  # before round-off
    assert np.all(dist[ok] <= t.distance_bound(k[ok], dist[0]) * (1 + 1e-9))
    value = h.run(None, w0, lr=t.value_step, steps=200, tol=0, loss=p.loss, grad=p.gradient)
    gap = value.losses - p.loss(w_star)
    ok = gap > 1e-13
    assert np.all(gap[ok] <= t.value_bound(k[ok], gap[0]) * (1 + 1e-9))


def test_the_distance_rate_is_met_on_the_worst_quadratic():
    mu, L = 0.2, 7.0
    t = h.smooth_strongly_convex(L, mu)
    worst = h.quadratic([mu, L], angle=0.4)
    r = h.run(worst, [1.0, -2.0], lr=t.step, steps=60, tol=0)
    measured = h.measured_rate(r)
    assert measured == pytest.approx((L / mu - 1) / (L / mu + 1), abs=1e-9)
    # the value rate bounds the quadratic too, with room: (1 - mu/L)^2 per step there
    v = h.run(worst, [1.0, -2.0], lr=t.value_step, steps=60, tol=0)
    ratios = v.losses[1:] / v.losses[:-1]
    assert np.all(ratios <= t.value_rate + 1e-12)
    assert ratios[-1] == pytest.approx((1 - mu / L) ** 2, rel=1e-6)

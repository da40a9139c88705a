"""Quadratic convergence theory (helpers.core.quadratic_theory) against actual runs.

Every formula is checked against iterates produced by helpers' optimizers through h.run, or
by an independent vectorized loop, over a grid of condition numbers from 1 to 10^4 and a
grid of (learning rate, momentum) pairs.
"""

import numpy as np
import pytest

import helpers as h
from helpers.core import quadratic_theory as qt

KAPPAS = [1.0, 2.0, 5.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0, 10000.0]


def diag_quadratic(kappa, mu=1.0):
    return h.quadratic_from_matrix(np.diag([mu, mu * kappa]))


@pytest.mark.parametrize("kappa", KAPPAS)
def test_gd_optimal_rate_measured(kappa):
    f = diag_quadratic(kappa, mu=0.5)
    lr = h.gd_optimal_step(0.5, 0.5 * kappa)
    run = h.run(f, [1.0, -2.0], lr=lr, steps=400, tol=0)
    theory = h.gd_optimal_rate(kappa)
    assert h.measured_rate(run) == pytest.approx(theory, abs=1e-9)
    assert h.gd_rate(lr, [0.5, 0.5 * kappa]) == pytest.approx(theory, abs=1e-12)


def test_gd_optimal_step_is_the_best_fixed_step():
    lam = [1.0, 40.0]
    steps = np.linspace(0.001, 2 / 40 - 1e-4, 2001)
    best = steps[np.argmin(h.gd_rate(steps, lam))]
    assert best == pytest.approx(h.gd_optimal_step(1.0, 40.0), abs=1e-4)


@pytest.mark.parametrize("kappa", [1.0, 10.0, 100.0, 1000.0])
def test_gd_stability_limit_from_runs(kappa):
    f = diag_quadratic(kappa)
    limit = h.gd_stability_limit(kappa)
    below = h.run(f, [1.0, 1.0], lr=0.98 * limit, steps=3000, tol=0)
    above = h.run(f, [1.0, 1.0], lr=1.02 * limit, steps=3000)
    assert below.status == "max_steps" and h.measured_rate(below) < 1
    assert h.measured_rate(below) == pytest.approx(h.gd_rate(0.98 * limit, [1.0, kappa]), rel=1e-3)
    assert above.diverged


def test_gd_rate_matches_runs_over_a_grid_of_steps():
    lam = [1.0, 20.0]
    f = h.quadratic_from_matrix(np.diag(lam))
    for lr in np.linspace(0.005, 0.12, 24):
        run = h.run(f, [1.0, 1.0], lr=float(lr), steps=1000, tol=0)
        theory = h.gd_rate(lr, lam)
        # two eigen-directions with nearly equal rates mix over a finite run: allow 0.2%
        assert h.measured_rate(run) == pytest.approx(theory, rel=2e-3), lr
        assert (theory < 1) == (lr < h.gd_stability_limit(20.0))


@pytest.mark.parametrize("kappa", KAPPAS)
def test_momentum_optimal_rate_measured(kappa):
    lr, beta = h.momentum_optimal(1.0, kappa)
    theory = h.momentum_optimal_rate(kappa)
    assert np.sqrt(beta) == pytest.approx(theory)
    assert h.momentum_rate(lr, beta, [1.0, kappa]) == pytest.approx(theory, abs=1e-6)
    steps = int(min(3000, np.ceil(30 / max(1 - theory, 1e-3)) + 10))
    run = h.run(diag_quadratic(kappa), [1.0, 1.0], h.momentum(beta), lr=lr, steps=steps, tol=0)
    measured = h.measured_rate(run)
    # At the optimum the iteration matrix has a double eigenvalue, so the error decays like
    # k r^k: the measured rate sits a little above r, by a few percent of 1 - r.
    assert theory - 1e-9 <= measured <= theory + 0.1 * (1 - theory) + 1e-9


def test_momentum_beats_gd_by_sqrt_kappa():
    for kappa in [100.0, 1000.0, 10000.0]:
        gd = 1 - h.gd_optimal_rate(kappa)
        mom = 1 - h.momentum_optimal_rate(kappa)
        # 1 - rate is 2/(kappa + 1) for gradient descent, 2/(sqrt(kappa) + 1) for momentum
        assert mom / gd == pytest.approx((kappa + 1) / (np.sqrt(kappa) + 1), rel=1e-12)
        assert mom / gd == pytest.approx(np.sqrt(kappa), rel=1.5 / np.sqrt(kappa))


def test_momentum_optimum_is_the_best_pair():
    lam = [1.0, 50.0]
    eta, beta = np.meshgrid(np.linspace(0.005, 0.08, 301), np.linspace(0, 0.95, 191))
    rho = h.momentum_rate(eta, beta, lam)
    assert rho.min() >= h.momentum_optimal_rate(50.0) - 1e-9


@pytest.mark.parametrize("lr_lam", [0.001, 0.01, 0.04, 0.25, 0.64, 0.9])
def test_critical_damping_is_the_best_beta_for_one_direction(lr_lam):
    """Chapter 5, sec-critical-damping: for one eigen-direction the best beta is the double
    root's, (1 - sqrt(eta lam))^2, with rate 1 - sqrt(eta lam); inside the underdamped band
    (1 - sqrt(beta))^2 < eta lam < (1 + sqrt(beta))^2 the rate is sqrt(beta)."""
    betas = np.linspace(0, 0.999, 99901)
    rho = h.momentum_spectral_radius(lr_lam, betas, 1.0)
    critical = (1 - np.sqrt(lr_lam)) ** 2
    assert betas[np.argmin(rho)] == pytest.approx(critical, abs=2e-5)
    assert rho.min() == pytest.approx(1 - np.sqrt(lr_lam), abs=1e-4)
    # the independent loop of heavy_ball (below) at the critical beta: a double root
    r = growth_rate(heavy_ball, np.array([lr_lam]), np.array([critical]), 1.0, steps=4000)
    assert r[0] == pytest.approx(1 - np.sqrt(lr_lam), abs=2e-3)
    band = betas[(lr_lam > (1 - np.sqrt(betas)) ** 2) & (lr_lam < (1 + np.sqrt(betas)) ** 2)]
    assert np.allclose(h.momentum_spectral_radius(lr_lam, band, 1.0), np.sqrt(band), rtol=1e-9)


@pytest.mark.parametrize("kappa", KAPPAS)
def test_polyak_optimum_puts_mu_and_L_on_the_band_edges(kappa):
    eta, beta = h.momentum_optimal(1.0, kappa)
    assert eta * 1.0 == pytest.approx((1 - np.sqrt(beta)) ** 2, abs=1e-12)
    assert eta * kappa == pytest.approx((1 + np.sqrt(beta)) ** 2, rel=1e-12)


def test_momentum_matrix_spectral_radius_matches_numpy(rng):
    for _ in range(50):
        lr, beta, lam = rng.uniform(0.01, 3), rng.uniform(0, 0.99), rng.uniform(0.1, 3)
        M = h.momentum_matrix(lr, beta, lam)
        assert h.momentum_spectral_radius(lr, beta, lam) == pytest.approx(
            np.abs(np.linalg.eigvals(M)).max(), rel=1e-6, abs=1e-7
        )


def growth_rate(update, lr, beta, lam, steps=600):
    """Average growth per step of an independent, vectorized 1-D loop, renormalized every
    step so that unstable runs do not overflow."""
    x_prev = np.ones_like(lr)
    x = np.ones_like(lr) * 0.7
    logs = []
    for _ in range(steps):
        x_new = update(x, x_prev, lr, beta, lam)
        norm = np.hypot(x_new, x)
        logs.append(np.log(norm / np.hypot(x, x_prev)))
        x, x_prev = x_new / norm, x / norm
    return np.exp(np.mean(logs[steps // 2 :], axis=0))


def heavy_ball(x, x_prev, lr, beta, lam):
    return x - lr * lam * x + beta * (x - x_prev)


def nesterov_lookahead(x, x_prev, lr, beta, lam):
    y = x + beta * (x - x_prev)
    return y - lr * lam * y


def test_momentum_stability_region_over_a_grid():
    lam = 2.0
    eta, beta = np.meshgrid(np.linspace(0.02, 2.4, 60), np.linspace(0.0, 0.95, 40))
    rho = h.momentum_spectral_radius(eta, beta, lam)
    measured = growth_rate(heavy_ball, eta, beta, lam)
    clear = np.abs(rho - 1) > 0.02
    stable = h.momentum_stable(eta, beta, [lam])
    assert np.array_equal(stable, eta * lam < 2 + 2 * beta)
    assert np.array_equal(stable[clear], (rho < 1)[clear])
    assert np.array_equal((measured < 1)[clear], stable[clear])
    assert np.allclose(measured[clear], rho[clear], atol=0.02)
    assert clear.mean() > 0.9


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9])
def test_momentum_stability_boundary_with_helpers_runs(beta):
    f = diag_quadratic(10.0)
    limit = (2 + 2 * beta) / 10.0
    below = h.run(f, [1.0, 1.0], h.momentum(beta), lr=0.97 * limit, steps=5000, tol=1e-6)
    above = h.run(f, [1.0, 1.0], h.momentum(beta), lr=1.03 * limit, steps=5000)
    assert below.converged
    assert above.diverged


def test_nesterov_rate_over_a_grid():
    lam = 1.5
    eta, beta = np.meshgrid(np.linspace(0.05, 1.5, 30), np.linspace(0.0, 0.95, 20))
    rho = h.nesterov_spectral_radius(eta, beta, [lam])
    measured = growth_rate(nesterov_lookahead, eta, beta, lam)
    clear = np.abs(rho - 1) > 0.02
    assert np.allclose(measured[clear], rho[clear], atol=0.02)


def test_nesterov_rate_from_helpers_run():
    lam = [1.0, 25.0]
    lr, beta = 1 / 25.0, 0.6
    run = h.run(
        h.quadratic_from_matrix(np.diag(lam)), [1.0, 1.0], h.nesterov(beta), lr=lr, steps=300, tol=0
    )
    assert h.measured_rate(run) == pytest.approx(
        h.nesterov_spectral_radius(lr, beta, lam), abs=0.01
    )


def test_steps_to_tolerance_counts_the_loop():
    assert h.steps_to_tolerance(0.8, 1e-3) == 31
    x, k = 10.0, 0
    while abs(x) >= 0.01:
        x, k = (1 - 2 * 0.1) * x, k + 1
    assert k == 31
    rng = np.random.default_rng(3)
    for rate, ratio in zip(rng.uniform(0.05, 0.999, 200), 10 ** rng.uniform(-12, -0.1, 200)):
        k = h.steps_to_tolerance(rate, ratio)
        assert rate**k < ratio <= rate ** (k - 1) * (1 + 1e-12)


def test_measured_rate_floor_and_one_step():
    run = h.run(diag_quadratic(1.0), [1.0, 2.0], lr=1.0, steps=5, tol=0)
    assert h.measured_rate(run) < 1e-12
    path = 3.0 * 0.5 ** np.arange(200)
    assert h.measured_rate(path) == pytest.approx(0.5)


def test_condition_number():
    assert h.condition_number([4.0, 1.0, 2.0]) == 4.0


@pytest.mark.parametrize(
    "call",
    [
        lambda: h.gd_optimal_step(2.0, 1.0),
        lambda: h.gd_stability_limit(0.0),
        lambda: h.gd_rate(-0.1, [1.0]),
        lambda: h.gd_rate(0.1, [1.0, -1.0]),
        lambda: h.gd_optimal_rate(0.5),
        lambda: h.momentum_rate(0.1, 1.0, [1.0]),
        lambda: h.momentum_rate(0.1, 0.5, []),
        lambda: h.momentum_optimal(0.0, 1.0),
        lambda: h.measured_rate(np.zeros((1, 2))),
        lambda: h.measured_rate([[0.0, 0.0], [1.0, 1.0]]),
        lambda: h.steps_to_tolerance(1.2, 0.1),
        lambda: qt.condition_number([np.nan]),
    ],
)
def test_bad_input_raises(call):
    with pytest.raises(ValueError):
        call()

"""Headline claims of chapters 5-7 (momentum, learning rate, ravines) checked against theory."""

import numpy as np
import pytest

import helpers as h


@pytest.mark.parametrize("lr", [0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1.0, 1.01, 1.1])
def test_parabola_factor_and_convergence(lr):
    run = h.run(h.parabola(), [10.0], lr=lr, steps=40, tol=0)
    x = run.path[:, 0]
    if not run.diverged:
        assert np.allclose(x, 10.0 * (1 - 2 * lr) ** np.arange(len(x)), rtol=1e-9, atol=1e-12)
    converges = 0 < lr < 1
    assert (abs(x[-1]) < abs(x[0])) == converges
    if lr == 0.5:
        assert x[1] == 0.0


def test_parabola_31_steps():
    run = h.run(
        h.parabola(), [10.0], lr=0.1, steps=1000, tol=0, stop_when=lambda w, loss: abs(w[0]) < 0.01
    )
    assert run.steps == 31 == h.steps_to_tolerance(0.8, 0.001)


def test_gd_steps_to_tolerance_match_the_rate():
    for kappa in [10.0, 100.0, 1000.0]:
        q = h.quadratic([1.0, kappa], angle=0.3)
        start = np.array([1.0, 1.0])
        run = h.run(
            q,
            start,
            lr=h.gd_optimal_step(1.0, kappa),
            steps=20000,
            tol=0,
            stop_when=lambda w, loss: np.linalg.norm(w) < 1e-6 * np.sqrt(2),
        )
        predicted = h.steps_to_tolerance(h.gd_optimal_rate(kappa), 1e-6)
        assert abs(run.steps - predicted) <= 1


def test_momentum_steps_scale_like_sqrt_kappa():
    counts = []
    for kappa in [100.0, 10000.0]:
        lr, beta = h.momentum_optimal(1.0, kappa)
        run = h.run(
            h.quadratic([1.0, kappa]),
            [1.0, 1.0],
            h.momentum(beta),
            lr=lr,
            steps=20000,
            tol=0,
            stop_when=lambda w, loss: np.linalg.norm(w) < 1e-6 * np.sqrt(2),
        )
        counts.append(run.steps)
    # a hundred times the condition number costs about ten times the steps
    assert 8 < counts[1] / counts[0] < 12


def test_saddle_escape_ratio_matches_growth_factors():
    q = h.quartic_example()
    eta, beta, neg = 0.01, 0.9, 4.0
    growth_mom = max(np.abs(np.roots([1, -(1 + beta + eta * neg), beta])))
    predicted = np.log(growth_mom) / np.log(1 + eta * neg)
    below = lambda w, loss: loss < 0
    r_gd = h.run(q, [1e-8, 0.0], lr=eta, steps=20000, stop_when=below)
    r_mom = h.run(q, [1e-8, 0.0], h.momentum(beta), lr=eta, steps=20000, stop_when=below)
    assert r_gd.steps / r_mom.steps == pytest.approx(predicted, rel=0.05)
    # the escape time grows like log(1/eps): 100x closer costs a fixed number of extra steps
    r_gd2 = h.run(q, [1e-10, 0.0], lr=eta, steps=20000, tol=0, stop_when=below)
    assert r_gd2.steps - r_gd.steps == pytest.approx(np.log(100) / np.log(1 + eta * neg), abs=2)


def test_newton_one_step_on_a_quadratic(rng):
    Q, _ = np.linalg.qr(rng.standard_normal((4, 4)))
    A = Q @ np.diag([1.0, 10.0, 100.0, 1000.0]) @ Q.T
    c = rng.standard_normal(4)
    q = h.quadratic_from_matrix((A + A.T) / 2, center=c)
    w = rng.standard_normal(4)
    w1 = w - np.linalg.solve(q.hessian(w), q.gradient(w))
    assert np.allclose(w1, c, atol=1e-10)


def test_diagonal_preconditioner_fixes_aligned_not_turned():
    for angle, expected in [(0.0, 1.0), (np.pi / 4, 100.0)]:
        H = h.quadratic([1.0, 100.0], angle=angle).hessian(np.zeros(2))
        D = np.diag(1 / np.sqrt(np.diag(H)))
        assert h.condition_number(np.linalg.eigvalsh(D @ H @ D)) == pytest.approx(expected)


def test_adam_is_kappa_independent_only_when_aligned():
    turn = np.array([[1.0, -1.0], [1.0, 1.0]]) / np.sqrt(2)
    e0 = np.array([2.0, 1.0])
    near = lambda w, loss: np.linalg.norm(w) < 1e-3
    aligned, turned = [], []
    for kappa in [10.0, 1000.0]:
        for angle, start, out in [(0.0, e0, aligned), (np.pi / 4, turn @ e0, turned)]:
            r = h.run(
                h.quadratic([1.0, kappa], angle=angle),
                start,
                h.adam(),
                lr=0.1,
                steps=20000,
                tol=0,
                stop_when=near,
            )
            assert r.converged
            out.append(r.steps)
    assert aligned[0] == aligned[1]
    assert turned[1] > 10 * aligned[1]
    assert turned[1] > 5 * turned[0]


def test_gd_is_rotation_invariant():
    turn = np.array([[1.0, -1.0], [1.0, 1.0]]) / np.sqrt(2)
    e0 = np.array([2.0, 1.0])
    a = h.run(h.quadratic([1.0, 50.0]), e0, lr=0.03, steps=100, tol=0)
    b = h.run(h.quadratic([1.0, 50.0], angle=np.pi / 4), turn @ e0, lr=0.03, steps=100, tol=0)
    assert np.allclose(a.path @ turn.T, b.path, atol=1e-10)


def test_range_test_blows_up_near_the_stability_limit():
    prob = h.make_regression(n=200, dim=5, noise=0.5, seed=0)
    limit = 2 / np.linalg.eigvalsh(prob.hessian()).max()
    growth = (10.0 / 1e-4) ** (1 / 300)
    run = h.run(
        None,
        np.zeros(5),
        lr=h.exponential(1e-4, growth),
        steps=300,
        tol=0,
        loss=prob.loss,
        grad=prob.stochastic_gradient(10, seed=1),
        blowup=1e3,
    )
    blowup = run.learning_rates[np.argmax(run.losses[1:] > 4 * run.losses[0])]
    assert limit < blowup < 2 * limit

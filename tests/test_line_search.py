"""Armijo backtracking against a written-out loop and against the inequality it promises."""

import numpy as np
import pytest

import helpers as h


def backtrack(f, g, w, lr0, c, shrink):
    """The textbook loop: halve (or shrink) until f(w - lr g) <= f(w) - c lr |g|^2."""
    fw, lr, tried = f(w), lr0, 1
    while not f(w - lr * g) <= fw - c * lr * np.dot(g, g):
        lr, tried = lr * shrink, tried + 1
    return w - lr * g, lr, tried


@pytest.fixture
def logistic():
    return h.make_logistic(n=120, dim=4, alpha=0.1, seed=3)


@pytest.mark.parametrize("lr0, c, shrink", [(1.0, 1e-4, 0.5), (10.0, 0.3, 0.8), (0.5, 0.9, 0.1)])
def test_armijo_matches_the_written_out_loop_and_its_inequality(logistic, rng, lr0, c, shrink):
    f = logistic.loss
    for w in 3 * rng.standard_normal((25, logistic.dim)):
        g = logistic.gradient(w)
        step = h.armijo(f, g, w, lr0=lr0, c=c, shrink=shrink)
        w_new, lr, tried = backtrack(f, g, w, lr0, c, shrink)
        assert step.accepted and step.lr == lr and step.evaluations == tried
        assert np.array_equal(step.w, w_new) and step.loss == f(w_new)
        assert f(step.w) <= f(w) - c * step.lr * (g @ g)  # sufficient decrease holds
        if step.lr < lr0:  # and the rate before it failed
            assert f(w - step.lr / shrink * g) > f(w) - c * step.lr / shrink * (g @ g)


def test_accepted_rate_is_at_least_the_smoothness_bound(logistic, rng):
    """On an L-smooth f every lr <= 2(1 - c)/L passes, so backtracking never goes below
    min(lr0, 2 shrink (1 - c) / L)."""
    L, c, shrink = logistic.smoothness(), 1e-4, 0.5
    floor = 2 * shrink * (1 - c) / L
    rates = []
    for w in 5 * rng.standard_normal((200, logistic.dim)):
        step = h.armijo(logistic.loss, logistic.gradient(w), w, lr0=100.0, c=c, shrink=shrink)
        rates.append(step.lr)
    assert min(rates) >= floor
    # every rate up to 2(1 - c)/L passes at each of those points
    for w in 5 * rng.standard_normal((50, logistic.dim)):
        g = logistic.gradient(w)
        for lr in np.linspace(1e-3, 2 * (1 - c) / L, 20):
            assert logistic.loss(w - lr * g) <= logistic.loss(w) - c * lr * (g @ g)


def test_f_w_given_is_used_and_not_counted():
    f = h.quartic_bowl().value
    w = np.array([2.0, 1.0])
    g = h.quartic_bowl().gradient(w)
    a, b = h.armijo(f, g, w), h.armijo(f, g, w, f_w=float(f(w)))
    assert (a.lr, a.evaluations) == (b.lr, b.evaluations)


def test_a_non_finite_trial_fails_the_test():
    f = lambda w: float(np.exp(w @ w))  # overflows to inf far from the origin
    w = np.array([3.0])
    step = h.armijo(f, np.array([2 * 3.0 * np.exp(9.0)]), w, lr0=1.0)
    assert step.accepted and np.isfinite(step.loss) and step.loss < f(w)
    assert step.evaluations > 1


def test_an_ascent_direction_is_reported_not_taken():
    f = h.bowl().value
    w = np.array([1.0, 1.0])
    wrong = -h.bowl().gradient(w)  # the gradient with its sign flipped
    step = h.armijo(f, wrong, w, max_shrinks=10)
    assert not step.accepted and step.lr == 0.0 and np.array_equal(step.w, w)
    assert step.evaluations == 11 and "no rate passed" in step.message


def test_armijo_descent_is_the_loop_repeated(logistic):
    f, grad = logistic.loss, logistic.gradient
    w, path, rates, tries = np.zeros(logistic.dim), [np.zeros(logistic.dim)], [], []
    for _ in range(30):
        w, lr, tried = backtrack(f, grad(w), w, 4.0, 1e-4, 0.5)
        path.append(w)
        rates.append(lr)
        tries.append(tried)
    r = h.armijo_descent(np.zeros(logistic.dim), 30, loss=f, grad=grad, lr0=4.0, tol=0)
    assert r.status == "max_steps" and r.steps == 30
    assert np.array_equal(r.path, path)
    assert np.array_equal(r.learning_rates, rates) and np.array_equal(r.evaluations, tries)
    assert np.allclose(r.losses, [f(p) for p in path], rtol=0, atol=0)
    assert np.all(np.diff(r.losses[:10]) < 0) and np.all(np.diff(r.losses) <= 0)
    assert np.allclose(r.grad_norms, [np.linalg.norm(grad(p)) for p in path])


def test_armijo_descent_converges_where_a_fixed_step_diverges():
    qb = h.quartic_bowl()
    fixed = h.run(qb, [2.0, 1.0], lr=0.2, steps=50)
    assert fixed.diverged
    r = h.armijo_descent([2.0, 1.0], 2000, landscape=qb, stop_when=lambda w, loss: loss < 1e-6)
    assert r.converged and "stopping test" in r.message
    assert np.all(np.diff(r.losses) < 0) and r.loss < 1e-6


def test_armijo_descent_stops_by_tol_and_reports_a_stall():
    r = h.armijo_descent([3.0, -1.0], 500, landscape=h.quadratic([1.0, 4.0]), tol=1e-6)
    assert r.converged and r.grad_norms[-1] < 1e-6 <= r.grad_norms[-2]
    bowl = h.bowl()
    stuck = h.armijo_descent(
        [1.0, 1.0], 5, loss=bowl.value, grad=lambda w: -bowl.gradient(w), max_shrinks=5
    )
    assert stuck.status == "stalled" and stuck.steps == 0 and "no rate passed" in stuck.message
    assert not stuck.converged and not stuck.diverged


def test_armijo_descent_at_a_minimum_takes_no_step():
    r = h.armijo_descent([0.0, 0.0], 10, landscape=h.bowl())
    assert r.converged and r.steps == 0 and len(r.evaluations) == 0


def test_armijo_descent_takes_the_objective_as_run_does():
    """A landscape, loss with grad, or value_and_grad: the same run each way."""
    f = h.quadratic([1.0, 4.0])
    w0 = [3.0, -1.0]
    a = h.armijo_descent(w0, 40, landscape=f, tol=0)
    b = h.armijo_descent(w0, 40, loss=f.value, grad=f.gradient, tol=0)
    c = h.armijo_descent(w0, 40, value_and_grad=lambda w: (f.value(w), f.gradient(w)), tol=0)
    for other in (b, c):
        assert np.array_equal(a.path, other.path)
        assert np.array_equal(a.evaluations, other.evaluations)

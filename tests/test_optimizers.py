"""Optimizers, schedules and the run loop against closed-form behaviour."""

import warnings

import numpy as np
import pytest

import helpers as h


@pytest.mark.parametrize("eta", [0.01, 0.1, 0.25, 0.5, 0.9])
def test_gradient_descent_on_x_squared_contracts_by_one_minus_two_eta(eta):
    r = h.run(h.parabola(), [3.0], lr=eta, steps=20, tol=0)
    x = r.path[:, 0]
    k = np.arange(len(x))
    assert np.allclose(x, 3.0 * (1 - 2 * eta) ** k, rtol=1e-12, atol=1e-300)


def test_thirty_one_steps_from_ten_to_one_hundredth():
    r = h.run(h.parabola(), [10.0], lr=0.1, tol=0, stop_when=lambda w, f: abs(w[0]) < 0.01)
    assert r.converged and r.steps == 31
    # theory: 10 * 0.8^k < 0.01  <=>  k > log(1000) / log(1.25)
    assert r.steps == int(np.floor(np.log(1000) / np.log(1.25))) + 1


@pytest.mark.parametrize("eta", [1.01, 1.1, 2.0, 50.0])
def test_diverging_rates_are_reported_as_diverged_without_warnings(eta):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = h.run(h.parabola(), [1.0], lr=eta, steps=100000)
    assert r.diverged and not r.converged
    assert "diverged" in r.message
    assert r.steps < 100000


def test_overflow_to_infinity_is_diverged_not_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = h.run(h.quartic_bowl(), [10.0, 10.0], lr=10.0, steps=100, blowup=1e300)
    assert r.diverged and "finite" in r.message


def test_step_limit_status():
    r = h.run(h.ravine(), [10.0, 1.0], lr=0.001, steps=5)
    assert r.status == "max_steps" and r.steps == 5
    assert len(r.losses) == len(r.grad_norms) == 6 and len(r.learning_rates) == 5


def test_records_match_the_landscape():
    f = h.rosenbrock()
    r = h.run(f, [-1.0, 1.0], lr=1e-3, steps=50)
    assert np.allclose(r.losses, f.value(r.path))
    assert np.allclose(r.grad_norms, np.linalg.norm(f.gradient(r.path), axis=1))


def hand_momentum(grad, w, lr, beta, steps):
    v = np.zeros_like(w)
    out = [w.copy()]
    for _ in range(steps):
        v = beta * v + grad(w)
        w = w - lr * v
        out.append(w.copy())
    return np.array(out)


def hand_nesterov_lookahead(grad, w, lr, beta, steps):
    """Textbook Nesterov: u <- beta u - lr grad(w + beta u); w <- w + u. Returns the
    look-ahead points w + beta u, which is what the helpers' form iterates."""
    u = np.zeros_like(w)
    out = [w.copy()]
    for _ in range(steps):
        u = beta * u - lr * grad(w + beta * u)
        w = w + u
        out.append(w + beta * u)
    return np.array(out)


def hand_adam(grad, w, lr, b1, b2, eps, steps):
    m = np.zeros_like(w)
    s = np.zeros_like(w)
    out = [w.copy()]
    for t in range(1, steps + 1):
        g = grad(w)
        m = b1 * m + (1 - b1) * g
        s = b2 * s + (1 - b2) * g * g
        w = w - lr * (m / (1 - b1**t)) / (np.sqrt(s / (1 - b2**t)) + eps)
        out.append(w.copy())
    return np.array(out)


def hand_rmsprop(grad, w, lr, rho, eps, steps):
    s = np.zeros_like(w)
    out = [w.copy()]
    for _ in range(steps):
        g = grad(w)
        s = rho * s + (1 - rho) * g * g
        w = w - lr * g / (np.sqrt(s) + eps)
        out.append(w.copy())
    return np.array(out)


def test_optimizers_match_hand_written_rules():
    f = h.rosenbrock()
    w0 = np.array([-1.2, 1.0])
    n = 40
    cases = [
        (h.momentum(0.8), hand_momentum(f.gradient, w0, 1e-4, 0.8, n), 1e-4),
        (h.nesterov(0.8), hand_nesterov_lookahead(f.gradient, w0, 1e-4, 0.8, n), 1e-4),
        (h.adam(0.9, 0.99, 1e-8), hand_adam(f.gradient, w0, 0.01, 0.9, 0.99, 1e-8, n), 0.01),
        (h.rmsprop(0.9, 1e-8), hand_rmsprop(f.gradient, w0, 0.01, 0.9, 1e-8, n), 0.01),
    ]
    for opt, expected, lr in cases:
        r = h.run(f, w0, opt, lr=lr, steps=n, tol=0)
        assert np.allclose(r.path, expected, rtol=1e-12, atol=1e-12), opt


def test_states_are_named_and_updates_are_pure():
    w, g = np.array([1.0, -2.0]), np.array([0.5, 4.0])
    assert h.gradient_descent().init(w) == h.GradientDescentState()
    for opt in (h.momentum(0.9), h.nesterov(0.9)):
        state = opt.init(w)
        assert isinstance(state, h.MomentumState) and np.array_equal(state.velocity, [0, 0])
        step, new = opt.update(g, state, 0.1)
        assert np.array_equal(new.velocity, g) and np.array_equal(state.velocity, [0, 0])
    step, state = h.rmsprop(decay=0.9).update(g, h.rmsprop(decay=0.9).init(w), 0.1)
    assert isinstance(state, h.RMSPropState) and np.allclose(state.nu, 0.1 * g * g)
    adam = h.adam(b1=0.9, b2=0.99)
    state = adam.init(w)
    assert state == (0, state.mu, state.nu) and state.count == 0
    for t in (1, 2):
        step, state = adam.update(g, state, 0.1)
        assert isinstance(state, h.AdamState) and state.count == t
    assert np.allclose(state.mu, (1 - 0.9**2) * g) and np.allclose(state.nu, (1 - 0.99**2) * g * g)


def test_adam_first_step_has_size_lr_in_every_coordinate():
    r = h.run(h.ravine(), [3.0, -2.0], h.adam(), lr=0.1, steps=1, tol=0)
    assert np.allclose(np.abs(r.path[1] - r.path[0]), 0.1, rtol=1e-6)


def test_gradient_noise_is_seeded_and_changes_the_path():
    """Default tolerance: noise must move a run that starts exactly on the saddle."""
    f = h.saddle()
    a = h.run(f, [0.0, 0.0], lr=0.1, steps=50, noise=0.01, seed=3)
    b = h.run(f, [0.0, 0.0], lr=0.1, steps=50, noise=0.01, seed=3)
    c = h.run(f, [0.0, 0.0], lr=0.1, steps=50, noise=0.01, seed=4)
    assert np.array_equal(a.path, b.path) and not np.array_equal(a.path, c.path)
    assert a.steps == 50 and a.status == "max_steps"  # noisy: never "at rest"
    assert abs(a.x[1]) > 1e-3  # with noise it leaves along the negative curvature


def test_noiseless_descent_from_exactly_the_saddle_is_at_rest():
    """Gradient descent really does not move from a point with zero gradient."""
    still = h.run(h.saddle(), [0.0, 0.0], lr=0.1, steps=50)
    assert still.converged and still.steps == 0 and "at rest" in still.message
    assert np.all(still.path == 0)


@pytest.mark.parametrize(
    "optimizer",
    [None, h.momentum(0.9), h.nesterov(0.9), h.adam()],
    ids=["gradient descent", "momentum", "nesterov", "adam"],
)
@pytest.mark.parametrize("stop", [False, True], ids=["no stop_when", "stop_when"])
def test_noisy_runs_from_exactly_a_saddle_all_leave_the_unit_ball(optimizer, stop):
    """Issue 11: noise escapes a saddle even from exactly on it. Default tolerance, 200
    seeds, every run leaves the ball of radius 1 around the saddle of x² − y²."""
    f = h.saddle()
    stop_when = (lambda w, loss: np.linalg.norm(w) > 1) if stop else None
    for seed in range(200):
        r = h.run(
            f, [0.0, 0.0], optimizer, lr=0.05, steps=400, noise=0.01, seed=seed, stop_when=stop_when
        )
        assert r.steps > 0 and "at rest" not in r.message, (seed, r.message)
        assert np.max(np.linalg.norm(r.path, axis=1)) > 1, (seed, r)
        if stop:
            assert r.converged and "stopping test" in r.message, (seed, r.message)


def test_momentum_is_not_at_rest_while_it_still_has_speed():
    """The gradient is small where momentum swings through the minimum, but the velocity
    is not: the run goes on until the next step is small too."""
    r = h.run(h.parabola(), [1.0], h.momentum(0.9), lr=0.1, steps=2000, tol=1e-3)
    assert r.converged and "at rest" in r.message
    first_small = int(np.argmax(r.grad_norms < 1e-3))
    assert 0 < first_small < r.steps  # the old rule would have stopped here
    assert np.max(np.abs(r.path[first_small + 1 :, 0])) > 10 * abs(r.path[first_small, 0])
    v = (r.path[-2, 0] - r.path[-1, 0]) / 0.1  # the velocity after the last step
    assert abs(0.9 * v + 2 * r.x[0]) <= 1e-3  # the next step, / lr, is below tol


def test_adam_moves_from_a_point_whose_gradient_is_below_tol():
    """Adam divides by the gradient's own size: from a gradient of 2e-10 its first step is
    still about lr g / (|g| + eps), far above lr * tol, so the start is not a rest point."""
    r = h.run(h.parabola(), [1e-10], h.adam(), lr=0.1, steps=5, tol=1e-8)
    assert r.grad_norms[0] < 1e-8 and r.steps == 5 and r.status == "max_steps"
    assert abs(r.path[1, 0] - r.path[0, 0]) == pytest.approx(0.1 * 2e-10 / (2e-10 + 1e-8))


def test_schedules_follow_their_formulas():
    t = np.arange(0, 300)
    assert np.allclose(h.constant(0.1)(t), 0.1)
    assert np.allclose(h.step_decay(0.1, 0.5, 100)(t), 0.1 * 0.5 ** (t // 100))
    assert np.allclose(h.exponential(0.1, 0.99)(t), 0.1 * 0.99**t)
    cos = h.cosine(0.1, 200, 0.001)
    assert cos(0) == pytest.approx(0.1) and cos(100) == pytest.approx(0.0505)
    assert cos(200) == pytest.approx(0.001) and cos(299) == pytest.approx(0.001)
    wu = h.warmup(0.1, 10, h.cosine(0.1, 100))
    assert wu(0) == pytest.approx(0.01) and wu(9) == pytest.approx(0.1)
    assert wu(10) == pytest.approx(0.1) and wu(110) == pytest.approx(0.0)
    cyc = h.cyclical(0.01, 0.1, 20)
    assert cyc(0) == pytest.approx(0.01) and cyc(10) == pytest.approx(0.1)
    assert cyc(20) == pytest.approx(0.01) and cyc(5) == pytest.approx(0.055)


def test_run_uses_the_schedule():
    sched = h.step_decay(0.1, 0.5, 3)
    r = h.run(h.parabola(), [1.0], lr=sched, steps=7, tol=0)
    assert np.allclose(r.learning_rates, sched(np.arange(7)))


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(w0=[np.inf, 0.0]), "finite"),
        (dict(w0=[0.0, 0.0, 0.0]), r"w0 must be a vector of 2 number\(s\)"),
        (dict(w0=[[0.0, 1.0]]), "1-D vector"),
        (dict(w0=[1.0, 1.0], lr=-0.1), "lr must be a finite number > 0"),
        (dict(w0=[1.0, 1.0], lr=0), "lr must be a finite number > 0"),
        (dict(w0=[1.0, 1.0], steps=0), "steps must be a whole number"),
        (dict(w0=[1.0, 1.0], steps=2.5), "steps must be a whole number"),
        (dict(w0=[1.0, 1.0], noise=-1.0), "noise must be a finite number >= 0"),
        (dict(w0=[1.0, 1.0], optimizer="adam"), "optimizer must be an Optimizer"),
    ],
)
def test_bad_input_raises_value_error_that_says_what_to_fix(kwargs, match):
    with pytest.raises(ValueError, match=match):
        h.run(h.bowl(), **kwargs)


@pytest.mark.parametrize(
    "factory, kwargs, match",
    [
        (h.momentum, dict(beta=1.0), r"beta must be a number in \[0, 1\)"),
        (h.adam, dict(b2=-0.1), r"b2 must be a number in \[0, 1\), got -0.1"),
        (h.cosine, dict(lr=0.1, total_steps=0), "total_steps"),
        (h.cyclical, dict(low=0.5, high=0.1, period=10), "at least low"),
        (h.step_decay, dict(lr=float("nan")), "lr must be a finite number > 0, got nan"),
    ],
)
def test_factories_check_their_arguments(factory, kwargs, match):
    with pytest.raises(ValueError, match=match):
        factory(**kwargs)


def test_run_on_plain_functions():
    r = h.run(
        None, [2.0, -1.0], loss=lambda w: float(w @ w), grad=lambda w: 2 * w, lr=0.25, steps=100
    )
    assert r.converged and np.allclose(r.x, 0, atol=1e-8)
    with pytest.raises(ValueError, match="loss= and grad="):
        h.run(None, [1.0], lr=0.1)


def test_run_on_a_value_and_grad_function_evaluates_once_a_step():
    calls = []

    def value_and_grad(w):
        calls.append(w.copy())
        return float(w @ w), 2 * w

    r = h.run(None, [2.0, -1.0], lr=0.1, steps=30, tol=0, value_and_grad=value_and_grad)
    separate = h.run(
        None,
        [2.0, -1.0],
        lr=0.1,
        steps=30,
        tol=0,
        loss=lambda w: float(w @ w),
        grad=lambda w: 2 * w,
    )
    assert len(calls) == 31 and np.array_equal(r.path, separate.path)
    assert np.array_equal(r.losses, separate.losses)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(landscape="saddle"), r"h.get_landscape\('saddle'\)"),
        (dict(landscape=42), "must be a Landscape"),
        (dict(landscape=h.saddle(), loss=lambda w: 0.0, grad=lambda w: w), "not a mix"),
        (
            dict(
                landscape=None,
                value_and_grad=lambda w: (0.0, w),
                loss=lambda w: 0.0,
                grad=lambda w: w,
            ),
            "not a mix",
        ),
        (dict(landscape=None, value_and_grad="f"), "value_and_grad must be a function"),
        (dict(landscape=h.saddle(), stop_when=True), "stop_when must be a function"),
        (
            dict(landscape=h.saddle(), lr=lambda t: 0.1 if t < 3 else -0.1),
            r"lr\(t\) must be a finite rate >= 0 at every step, got -0.1 at step 3",
        ),
        (
            dict(landscape=None, loss=lambda w: 0.0, grad=lambda w: np.zeros(3)),
            r"grad must be a function returning a gradient shaped like w0, \(2,\).*got shape \(3,\)",
        ),
    ],
)
def test_run_rejects_what_it_cannot_run(kwargs, match):
    with pytest.raises(ValueError, match=match):
        h.run(w0=[1.0, 0.5], steps=10, **kwargs)


def test_tables_print_fixed_precision():
    t = h.Table(["a", "b"], [(1, 0.5), (2, np.float64(-1e-9)), (3, (1.23456789, -0.0))])
    text = repr(t)
    assert "0.5000" in text and "-1.000e-09" in text and "(1.2346, 0.0000)" in text
    assert "<table" in t._repr_html_()
    with pytest.raises(ValueError, match="every row needs 2"):
        h.Table(["a", "b"], [(1,)])

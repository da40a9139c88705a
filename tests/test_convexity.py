"""Convexity helpers against theory: chords, Jensen, Hessians of MSE and cross-entropy,
the hidden-unit swap, and what a sampled test can and cannot see."""

import numpy as np
import pytest

import helpers as h
from helpers.core import convexity as cv
from helpers.core.derivatives import numerical_gradient, numerical_hessian
from helpers.core.models import losses, two_layer


def test_chord_gap_sign_for_convex_and_nonconvex():
    t = np.linspace(0, 1, 101)
    assert np.all(cv.chord_gap(lambda x: x**2, -1.0, 2.0, t) <= 1e-12)
    # x^2 chord gap is exactly -t(1-t)(b-a)^2
    np.testing.assert_allclose(
        cv.chord_gap(lambda x: x**2, -1.0, 2.0, t), -t * (1 - t) * 9, atol=1e-12
    )
    dw = h.double_well()
    assert cv.chord_gap(dw, -1.0, 1.0, np.array([0.5]))[0] == pytest.approx(1.0)
    f = h.bowl()
    assert np.all(cv.chord_gap(f.value, np.array([1.0, -1]), np.array([0.5, 2]), t) <= 1e-12)


def test_chord_picture_marks_region_above_chord():
    x, graph, chord, above = cv.chord_picture(h.double_well(), -1.0, 1.0, n=201)
    # double well between its minima: graph x^4 - 2x^2 lies above the chord y = -1 inside
    np.testing.assert_allclose(chord, -1.0)
    assert above[100] and not above[0] and not above[-1]
    assert np.all(above[1:-1])
    _, _, _, above_sq = cv.chord_picture(lambda x: x**2, -2, 3)
    assert not above_sq.any()


def test_jensen_gap_is_variance_for_square_and_lognormal_mean_for_exp(rng):
    x = rng.normal(0.3, 0.7, size=200_000)
    assert cv.jensen_gap(lambda v: v**2, x) == pytest.approx(np.var(x), rel=1e-9)
    # E[e^X] - e^{E X} = e^{mu + s^2/2} - e^{mu} for a normal X
    expected = np.exp(0.3 + 0.49 / 2) - np.exp(0.3)
    assert cv.jensen_gap(np.exp, x) == pytest.approx(expected, rel=0.02)
    # a non-convex function can have a negative gap: double well on {-1, 1}
    assert cv.jensen_gap(h.double_well(), np.array([-1.0, 1.0])) == pytest.approx(-1.0)


def test_sampled_test_refutes_nonconvex_and_passes_convex():
    assert not cv.sampled_convexity_test(h.bowl().value, [(-2, 2), (-2, 2)]).refuted
    res = cv.sampled_convexity_test(h.quartic_example().value, [(-2, 2), (-2, 2)])
    assert res.refuted and res.worst_gap > 0
    a, b, t = res.witness
    gap = cv.chord_gap(h.quartic_example().value, np.array(a), np.array(b), np.array([t]))
    assert gap[0] == pytest.approx(res.worst_gap)
    one_d = cv.sampled_convexity_test(h.double_well(), (-2, 2))
    assert one_d.refuted and one_d.checks == 2000 * 9


def test_sampled_test_misses_a_narrow_bump():
    """A bump of width 1e-6 makes x^2 non-convex; random chords almost never see it."""

    def f(x):
        return x**2 + 0.01 * np.exp(-(((x - 0.5) / 1e-6) ** 2))

    res = cv.sampled_convexity_test(f, (-2, 2), n_pairs=2000, seed=0)
    assert not res.refuted
    # yet a chord across the bump is violated: the proof of non-convexity exists
    assert cv.chord_gap(f, 0.5 - 1e-5, 0.5 + 1e-5, np.array([0.5]))[0] > 0.009


def test_mse_hessian_is_two_xtx_over_n_and_psd(rng):
    X = rng.standard_normal((40, 3))
    y = rng.standard_normal(40)
    H = losses.mse_hessian(X)
    np.testing.assert_allclose(H, 2 * X.T @ X / 40)
    w = rng.standard_normal(3)
    num = numerical_hessian(lambda W: losses.mse_loss(W, X, y), w)
    np.testing.assert_allclose(num, H, atol=1e-5)
    np.testing.assert_allclose(
        numerical_gradient(lambda W: losses.mse_loss(W, X, y), w),
        losses.mse_gradient(w, X, y),
        atol=1e-6,
    )
    assert np.linalg.eigvalsh(H).min() > 0


def test_cross_entropy_hessian_psd_with_null_direction(rng):
    Z = 3 * rng.standard_normal((500, 4))
    H = losses.cross_entropy_hessian(Z)
    eig = np.linalg.eigvalsh(H)
    assert eig.min() > -1e-14
    np.testing.assert_allclose(H @ np.ones(4), 0, atol=1e-14)
    z = Z[0]
    num = numerical_hessian(lambda W: losses.cross_entropy(W, 2), z)
    np.testing.assert_allclose(num, H[0], atol=1e-5)
    # cross-entropy equals -log softmax
    np.testing.assert_allclose(losses.cross_entropy(Z, 1), -np.log(losses.softmax(Z)[:, 1]))
    assert not cv.sampled_convexity_test(
        lambda W: losses.cross_entropy(W, 0), [(-5, 5)] * 4
    ).refuted


def test_two_layer_gradient_and_swap_symmetry(rng):
    X = rng.standard_normal((30, 2))
    y = np.sin(X[:, 0])
    loss, grad = two_layer.two_layer_net(X, y, 3)
    th = rng.standard_normal(9)
    np.testing.assert_allclose(numerical_gradient(loss, th), grad(th), atol=1e-7)
    sw = two_layer.swap_hidden_units(th, 3, 0, 2)
    assert loss(sw) == pytest.approx(loss(th), abs=1e-15)
    assert not np.allclose(sw, th)
    np.testing.assert_allclose(two_layer.swap_hidden_units(sw, 3, 0, 2), th)
    # vectorized over leading axes
    assert loss(np.stack([th, sw])).shape == (2,)


def test_chapter_swap_midpoint_is_worse():
    """The chapter's experiment: two equal-loss settings, a worse midpoint."""
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(64, 1))
    X = np.hstack([X, np.ones_like(X)])
    y = np.tanh(2 * X[:, 0] - 1) - np.tanh(X[:, 0] + 1)
    loss, grad = two_layer.two_layer_net(X, y, 2)
    r = h.run(
        None, 0.5 * rng.standard_normal(6), lr=0.5, steps=4000, tol=1e-10, loss=loss, grad=grad
    )
    a = r.x
    b = two_layer.swap_hidden_units(a, 2)
    assert loss(b) == pytest.approx(loss(a), abs=1e-14)
    assert loss((a + b) / 2) > loss(a) + 0.1


def test_min_hessian_eigenvalue_second_order_test():
    pts = np.random.default_rng(0).uniform(-2, 2, size=(200, 2))
    np.testing.assert_allclose(cv.min_hessian_eigenvalue(h.bowl().hessian, pts), 2.0)
    R = h.rastrigin(2)
    assert cv.min_hessian_eigenvalue(R.hessian, np.array([0.5, 0.5])) == pytest.approx(
        2 - 10 * (2 * np.pi) ** 2
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda: cv.chord_gap(np.square, 0.0, 1.0, np.array([1.5])),
        lambda: cv.chord_gap(np.square, np.zeros(2), np.zeros(3), np.array([0.5])),
        lambda: cv.chord_picture(np.square, 1.0, 1.0),
        lambda: cv.jensen_gap(np.square, np.array([1.0, np.nan])),
        lambda: cv.jensen_gap(np.square, np.ones(3), weights=[1, -1, 1]),
        lambda: cv.sampled_convexity_test(np.square, (2, 1)),
        lambda: cv.sampled_convexity_test(np.square, (0, 1), n_pairs=0),
        lambda: losses.mse_loss(np.zeros(2), np.ones((3, 2)), np.ones(4)),
        lambda: losses.cross_entropy(np.zeros(3), 3),
        lambda: two_layer.two_layer_net(np.ones((3, 2)), np.ones(3), 0),
        lambda: two_layer.swap_hidden_units(np.zeros(6), 2, 1, 1),
    ],
)
def test_bad_input_raises(call):
    with pytest.raises(ValueError):
        call()


@pytest.mark.parametrize("mu, s", [(1.0, 0.3), (0.0, 0.6)])
def test_double_well_jensen_gap_matches_normal_moments(mu, s):
    """Chapter 2's table: E[X^4 - 2X^2] - f(mu) for X ~ N(mu, s^2), from the normal moments."""
    dw = h.double_well()
    x = np.random.default_rng(0).normal(mu, s, size=400_000)
    m2, m4 = mu**2 + s**2, mu**4 + 6 * mu**2 * s**2 + 3 * s**4
    exact = m4 - 2 * m2 - (mu**4 - 2 * mu**2)
    assert cv.jensen_gap(dw, x) == pytest.approx(exact, abs=0.01)
    assert (exact > 0) == (mu == 1.0)


def test_quartic_example_smallest_curvature_is_minus_four_at_origin():
    """min eigenvalue of [[12x^2, -4], [-4, 12y^2]] is >= -4, with equality only at 0."""
    f = h.quartic_example()
    X, Y, _ = f.grid(n=201)
    lam = cv.min_hessian_eigenvalue(f.hessian, np.stack([X, Y], axis=-1))
    assert lam.min() == pytest.approx(-4.0)
    assert np.all(lam >= -4.0 - 1e-12)


def test_network_refuted_by_sampled_test():
    rng = np.random.default_rng(0)
    x1 = rng.uniform(-2, 2, size=(64, 1))
    X = np.hstack([x1, np.ones_like(x1)])
    y = np.tanh(2 * x1[:, 0] - 1) - np.tanh(x1[:, 0] + 1)
    loss, _ = two_layer.two_layer_net(X, y, 2)
    res = cv.sampled_convexity_test(loss, [(-3, 3)] * 6, n_pairs=2000, seed=0)
    assert res.refuted

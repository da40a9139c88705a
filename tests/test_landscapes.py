"""Landscapes: analytic derivatives against finite differences, and the critical points
each landscape lists against theory."""

import numpy as np
import pytest

import helpers as h
from helpers.core.derivatives import hessian_from_gradient, numerical_gradient

ALL = sorted(h.LANDSCAPES)


def sample_points(land, rng, n=6):
    win = np.array(land.window, dtype=float).reshape(land.dim, 2)
    return rng.uniform(win[:, 0], win[:, 1], size=(n, land.dim))


@pytest.mark.parametrize("name", ALL)
def test_gradient_matches_finite_differences(name, rng):
    land = h.get_landscape(name)
    for w in sample_points(land, rng):
        num = numerical_gradient(land.value, w, h=1e-6)
        exact = land.gradient(w)
        scale = max(1.0, np.abs(exact).max())
        assert np.allclose(num, exact, atol=1e-5 * scale), (name, w, num, exact)


@pytest.mark.parametrize("name", ALL)
def test_hessian_matches_finite_differences_of_gradient(name, rng):
    land = h.get_landscape(name)
    for w in sample_points(land, rng):
        num = hessian_from_gradient(land.gradient, w, h=1e-6)
        exact = land.hessian(w)
        scale = max(1.0, np.abs(exact).max())
        assert np.allclose(num, exact, atol=1e-5 * scale), (name, w)
        assert np.allclose(exact, exact.T)


@pytest.mark.parametrize("name", ALL)
def test_vectorized_over_grids(name, rng):
    land = h.get_landscape(name)
    pts = sample_points(land, rng, n=12).reshape(3, 4, land.dim)
    vals = land.value(pts)
    assert vals.shape == (3, 4)
    assert land.gradient(pts).shape == (3, 4, land.dim)
    assert land.hessian(pts).shape == (3, 4, land.dim, land.dim)
    one_by_one = np.array([[land.value(p) for p in row] for row in pts])
    assert np.allclose(vals, one_by_one)
    if land.dim == 2:
        assert np.allclose(land(pts[..., 0], pts[..., 1]), vals)


@pytest.mark.parametrize("name", ALL)
def test_listed_critical_points_are_critical_and_typed(name):
    land = h.get_landscape(name)
    assert land.critical_points, name
    for c in land.critical_points:
        w = np.array(c.point)
        assert np.linalg.norm(land.gradient(w)) < 1e-9, (name, c)
        if c.kind != "degenerate":  # a Hessian from differences of the gradient agrees
            fd = hessian_from_gradient(land.gradient, w, h=1e-5)
            assert h.classify_critical_point((fd + fd.T) / 2) == c.kind


def test_quartic_example_theory():
    land = h.quartic_example()
    by_point = {c.point: c for c in land.critical_points}
    assert by_point[(0.0, 0.0)].value == 1 and by_point[(0.0, 0.0)].kind == "saddle"
    assert np.allclose(by_point[(0.0, 0.0)].eigenvalues, [-4, 4])
    for p in [(1.0, 1.0), (-1.0, -1.0)]:
        assert by_point[p].value == -1 and by_point[p].kind == "minimum"
        assert np.allclose(by_point[p].eigenvalues, [8, 16])


def test_tilted_wells_has_four_minima_four_saddles_one_maximum():
    land = h.tilted_wells()
    kinds = [c.kind for c in land.critical_points]
    assert kinds.count("minimum") == 4
    assert kinds.count("saddle") == 4
    assert kinds.count("maximum") == 1
    # the tilt makes the well at (-1, -1) the lowest
    lowest = land.minima()[0]
    assert lowest.point[0] < 0 and lowest.point[1] < 0


def test_tilted_wells_rejects_tilts_that_remove_a_well():
    with pytest.raises(
        ValueError, match=r"tilt_x must be a number in \(-1.5396, 1.5396\), got 2.0"
    ):
        h.tilted_wells(tilt_x=2.0)


def test_wavy_critical_points_solve_the_derivative_equation():
    land = h.wavy()
    pts = np.array([c.point[0] for c in land.critical_points])
    assert np.allclose(3 * np.cos(3 * pts) + pts - 1, 0, atol=1e-12)
    # all roots lie in [-2, 4] because |3 cos 3w| <= 3; count sign changes on a fine grid
    x = np.linspace(-2, 4, 200001)
    d = 3 * np.cos(3 * x) + x - 1
    assert len(pts) == int(np.sum(np.sign(d[:-1]) != np.sign(d[1:])))
    kinds = [c.kind for c in land.critical_points]
    assert kinds == ["minimum", "maximum", "minimum", "maximum", "minimum"]


def test_ravine_is_the_stated_quadratic():
    land = h.ravine()
    w = np.array([3.0, -2.0])
    assert land.value(w) == pytest.approx(0.5 * 9 + 50 * 4)
    assert land.params["condition_number"] == pytest.approx(100)


def test_rotated_quadratic_keeps_eigenvalues():
    land = h.quadratic((1.0, 25.0), angle=np.pi / 4)
    assert np.allclose(np.linalg.eigvalsh(land.params["A"]), [1, 25])
    u = np.array([1.0, 1.0]) / np.sqrt(2)  # the rotated first axis
    assert land.value(u) == pytest.approx(0.5)


def test_rosenbrock_minimum_and_rastrigin_dimension():
    assert h.rosenbrock().value(np.array([1.0, 1.0])) == 0
    r = h.rastrigin(7)
    assert r.dim == 7 and r.value(np.zeros(7)) == 0
    assert r.value(np.ones(7)) == pytest.approx(7.0)


def test_one_d_conveniences():
    f = h.double_well()
    x = np.linspace(-2, 2, 5)
    assert np.allclose(f(x), x**4 - 2 * x**2)
    assert np.allclose(f.derivative(x), 4 * x**3 - 4 * x)
    assert np.allclose(f.second_derivative(x), 12 * x**2 - 4)


def test_wrong_shapes_are_rejected_with_a_clear_message():
    f = h.quartic_example()
    with pytest.raises(ValueError, match="2 coordinate"):
        f.value(np.zeros(3))
    with pytest.raises(ValueError, match="coordinate array"):
        f(np.zeros(3))
    with pytest.raises(ValueError, match="symmetric"):
        h.quadratic_from_matrix([[1.0, 2.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="name must be one of .*got 'everest'; unknown landscape"):
        h.get_landscape("everest")


class _Paraboloid:
    """A Landscape written from scratch: only the protocol's members, nothing else."""

    name = "paraboloid"
    formula = r"x^2 + 2y^2"
    dim = 2
    window = ((-1.0, 1.0), (-1.0, 1.0))
    critical_points = ()

    def value(self, w):
        w = np.asarray(w, float)
        return w[..., 0] ** 2 + 2 * w[..., 1] ** 2

    def gradient(self, w):
        w = np.asarray(w, float)
        return np.stack([2 * w[..., 0], 4 * w[..., 1]], -1)

    def hessian(self, w):
        w = np.asarray(w, float)
        return np.broadcast_to(np.diag([2.0, 4.0]), w.shape[:-1] + (2, 2))


def test_anything_with_the_protocol_is_a_landscape_for_run_search_and_plots():
    from matplotlib.figure import Figure

    land = _Paraboloid()
    assert isinstance(land, h.Landscape) and isinstance(h.saddle(), h.Landscape)
    assert not isinstance(object(), h.Landscape)
    r = h.run(land, [0.5, -0.5], lr=0.1, steps=500)
    assert r.converged and np.allclose(r.x, 0, atol=1e-8)
    (c,) = h.find_critical_points(land, n_starts=20)
    assert c.kind == "minimum" and np.allclose(c.point, 0) and c.eigenvalues == (2.0, 4.0)
    ax = Figure().subplots()
    h.plot_contour(ax, land)
    assert ax.get_xlabel() == "$w_1$" and ax.get_xlim() == (-1.0, 1.0)


def test_l2_regularized_adds_the_penalty_its_gradient_and_alpha_times_identity(rng):
    base = h.rosenbrock()
    alpha = 0.7
    f = h.l2_regularized(base, alpha)
    W = rng.standard_normal((4, 3, 2))
    penalty = 0.5 * alpha * (W[..., 0] ** 2 + W[..., 1] ** 2)
    assert np.allclose(f.value(W), base.value(W) + penalty, rtol=1e-14)
    assert np.allclose(f.gradient(W), base.gradient(W) + alpha * W, rtol=1e-14)
    assert np.allclose(f.hessian(W), base.hessian(W) + alpha * np.eye(2), rtol=1e-14)
    assert f.dim == 2 and f.window == base.window and f.critical_points == ()
    assert f.params["alpha"] == alpha and f.params["base"] is base


def test_l2_regularized_shifts_every_eigenvalue_and_moves_a_quadratic_minimum(rng):
    A = np.array([[3.0, 1.0, 0.0], [1.0, 2.0, 0.5], [0.0, 0.5, 0.2]])
    c = np.array([1.0, -1.0, 2.0])
    f = h.l2_regularized(h.quadratic_from_matrix(A, center=c), 0.4)
    H = f.hessian(np.zeros(3))
    assert np.allclose(np.linalg.eigvalsh(H) - np.linalg.eigvalsh(A), 0.4, atol=1e-12)
    # the minimizer of 1/2 (w-c)'A(w-c) + 0.2|w|^2 solves (A + 0.4 I) w = A c
    w_star = np.linalg.solve(A + 0.4 * np.eye(3), A @ c)
    assert np.linalg.norm(f.gradient(w_star)) < 1e-12
    r = h.run(f, np.zeros(3), lr=0.2, steps=5000, tol=1e-12)
    assert r.converged and np.allclose(r.x, w_star, atol=1e-10)


def test_l2_regularized_with_zero_alpha_is_the_landscape_and_works_in_1d():
    f = h.l2_regularized(h.wavy(), 0.0)
    x = np.linspace(-2, 4, 7)[:, None]
    assert np.array_equal(f.value(x), h.wavy().value(x)) and f.window == h.wavy().window

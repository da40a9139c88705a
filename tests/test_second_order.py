"""Finite-difference error curves, looking along lines, and Peano's surface."""

import numpy as np
import pytest

import helpers as h
from helpers.core import second_order as so
from helpers.core.derivatives import numerical_gradient, numerical_hessian


def test_fd_truncation_and_optimal_steps_match_theory():
    f = h.quartic_example()
    rng = np.random.default_rng(0)
    w0 = np.array([0.7, -0.4])
    W = w0 + 0.05 * rng.standard_normal((64, 2))
    hs = np.logspace(-14, -1, 131)
    fe, ce = so.fd_errors(f.value, f.gradient(W)[:, 0], W, hs)
    big = hs > 1e-3
    # truncation: forward h/2 |f''| , central h^2/6 |f'''|, with f'' = 12x^2, f''' = 24x
    fpp = np.sqrt(np.mean((12 * W[:, 0] ** 2) ** 2))
    fppp = np.sqrt(np.mean((24 * W[:, 0]) ** 2))
    np.testing.assert_allclose(fe[big], hs[big] / 2 * fpp, rtol=0.1)
    np.testing.assert_allclose(ce[big], hs[big] ** 2 / 6 * fppp, rtol=0.05)
    fabs = abs(float(f.value(w0)))
    for errs, scheme, dd in [(fe, "forward", 12 * 0.7**2), (ce, "central", 24 * 0.7)]:
        best = hs[np.argmin(errs)]
        theory = so.fd_optimal_step(scheme, fabs, dd)
        assert theory / 4 < best < theory * 4, (scheme, best, theory)
    assert ce.min() < 1e-9 < fe.min()


def test_library_finite_differences_agree_with_analytic():
    f = h.quartic_example()
    w = np.array([0.7, -0.4])
    np.testing.assert_allclose(numerical_gradient(f.value, w), f.gradient(w), atol=1e-8)
    np.testing.assert_allclose(numerical_hessian(f.value, w), f.hessian(w), atol=1e-5)


def test_line_taylor_exact_for_polynomials():
    f = h.quartic_example()
    u = np.array([1.0, 1.0]) / np.sqrt(2)
    c = so.line_taylor(f.value, [0, 0], u)
    # f(t u) = t^4/2 - 2 t^2 + 1
    np.testing.assert_allclose(c, [1, 0, -2, 0, 0.5], atol=1e-10)


@pytest.mark.parametrize(
    "land, verdict",
    [
        (h.monkey_saddle(), "saddle"),
        (h.quartic_bowl(), "minimum on every line"),
        (h.quartic_saddle(), "saddle"),
        (so.peano_surface(), "minimum on every line"),
        (h.quartic_example(), "saddle"),
    ],
)
def test_classify_along_lines(land, verdict):
    assert so.classify_along_lines(land.value, [0, 0])[0] == verdict


def test_inconclusive_when_flat_along_a_line():
    assert so.classify_along_lines(lambda w: w[..., 0] ** 2, [0, 0])[0] == "inconclusive"


def test_degenerate_hessians_at_origin_and_peano_is_not_a_minimum():
    for land in (h.monkey_saddle(), h.quartic_bowl(), h.quartic_saddle()):
        np.testing.assert_allclose(land.hessian(np.zeros(2)), 0)
    p = so.peano_surface()
    np.testing.assert_allclose(p.hessian(np.zeros(2)), np.diag([0.0, 2.0]))
    np.testing.assert_allclose(
        numerical_gradient(p.value, [0.3, 0.2]), p.gradient(np.array([0.3, 0.2])), atol=1e-8
    )
    np.testing.assert_allclose(
        numerical_hessian(p.value, [0.3, 0.2]), p.hessian(np.array([0.3, 0.2])), atol=1e-5
    )
    # on the parabola y = 1.5 x^2 the value is -x^4/4 < 0 however close to the origin
    x = np.array([1e-1, 1e-2, 1e-3])
    np.testing.assert_allclose(p(x, 1.5 * x**2), -(x**4) / 4, rtol=1e-9)


def test_critical_point_search_on_quartic_and_wells():
    found = h.find_critical_points(h.quartic_example())
    assert len(found) == 3
    kinds = sorted(c.kind for c in found)
    assert kinds == ["minimum", "minimum", "saddle"]
    sad = [c for c in found if c.kind == "saddle"][0]
    np.testing.assert_allclose(sad.eigenvalues, [-4, 4], atol=1e-9)
    assert sad.value == pytest.approx(1.0)
    for c in found:
        if c.kind == "minimum":
            np.testing.assert_allclose(c.eigenvalues, [8, 16], atol=1e-9)
            assert c.value == pytest.approx(-1.0)
    wells = h.tilted_wells()
    got = h.find_critical_points(wells)
    assert len(got) == 9
    counts = {k: sum(c.kind == k for c in got) for k in ("minimum", "saddle", "maximum")}
    assert counts == {"minimum": 4, "saddle": 4, "maximum": 1}
    known = np.array([c.point for c in wells.critical_points])
    for c in got:
        assert np.min(np.linalg.norm(known - np.array(c.point), axis=1)) < 1e-9


@pytest.mark.parametrize(
    "call",
    [
        lambda: so.fd_errors(np.sum, 0.0, [0.0, 0.0], [0.0, 1e-3]),
        lambda: so.fd_errors(np.sum, 0.0, [0.0, 0.0], [1e-3], i=2),
        lambda: so.fd_optimal_step("backward", 1.0, 1.0),
        lambda: so.fd_optimal_step("central", 0.0, 1.0),
        lambda: so.line_taylor(np.sum, [0.0, 0.0], [1.0]),
        lambda: so.classify_along_lines(np.sum, [0.0, 0.0], n_dirs=0),
    ],
)
def test_bad_input_raises(call):
    with pytest.raises(ValueError):
        call()

"""Finite differences: accurate to their truncation order, vectorized, and checked inputs."""

import numpy as np
import pytest

import helpers as h


def test_numerical_gradient_and_hessian_of_the_running_example():
    f = h.quartic_example()
    for w in [np.array([0.3, -0.7]), np.array([1.0, 1.0]), np.zeros(2)]:
        assert np.allclose(h.numerical_gradient(f.value, w), f.gradient(w), atol=1e-8)
        assert np.allclose(h.numerical_hessian(f.value, w), f.hessian(w), atol=1e-5)


def test_central_difference_error_is_second_order():
    # For f = sin, the central difference error is about h^2/6 |f'''|: halving h quarters it.
    def f(w):
        return np.sin(w[..., 0])

    w = np.array([0.7])
    errs = [abs(h.numerical_gradient(f, w, h=s)[0] - np.cos(0.7)) for s in (1e-2, 5e-3)]
    assert errs[0] / errs[1] == pytest.approx(4.0, rel=0.01)
    assert errs[0] == pytest.approx(1e-4 / 6 * np.cos(0.7), rel=0.01)


def test_hessian_is_one_batched_call():
    calls = []
    f = h.rastrigin(5)

    def counted(w):
        calls.append(w.shape)
        return f.value(w)

    H = h.numerical_hessian(counted, np.full(5, 0.1))
    assert len(calls) == 1 and calls[0] == (4 * 15, 5)
    assert np.allclose(H, f.hessian(np.full(5, 0.1)), atol=1e-4)


def test_hessian_vector_product_matches_hessian_times_vector(rng):
    f = h.rosenbrock()
    for _ in range(5):
        w, v = rng.normal(size=2), rng.normal(size=2)
        hv = h.hessian_vector_product(f.gradient, w, v)
        assert np.allclose(hv, f.hessian(w) @ v, rtol=1e-6, atol=1e-5)


def test_one_hessian_vector_product_for_any_gradient(rng):
    """The chapter 8 spelling is the same product, and a gradient of one point (no batch,
    like a regression problem's) works."""
    f = h.rosenbrock()
    w, v = rng.normal(size=2), rng.normal(size=2)
    eps = 1e-2  # large enough that the truncation error shows if eps is not the step used
    by_hand = (f.gradient(w + eps * v) - f.gradient(w - eps * v)) / (2 * eps)
    np.testing.assert_allclose(h.hvp_finite_difference(f.gradient, w, v, eps=eps), by_hand)
    assert not np.allclose(by_hand, f.hessian(w) @ v, rtol=1e-9)  # so the step matters
    assert np.allclose(h.hvp_finite_difference(f.gradient, w, v), f.hessian(w) @ v, rtol=1e-6)
    prob = h.make_regression(n=50, dim=3, seed=1)
    v = rng.normal(size=3)
    hv = h.hessian_vector_product(prob.gradient, prob.w_star, v)
    assert np.allclose(hv, prob.hessian() @ v, rtol=1e-8, atol=1e-9)
    with pytest.raises(
        ValueError, match=r"grad must be a function returning a gradient shaped like w, \(2,\)"
    ):
        h.hessian_vector_product(lambda u: np.zeros(4), w, v[:2])


def test_derivative_inputs_are_checked():
    f = h.bowl()
    with pytest.raises(ValueError, match="finite"):
        h.numerical_gradient(f.value, [np.nan, 0.0])
    with pytest.raises(ValueError, match="h must be a finite number > 0, got 0"):
        h.numerical_gradient(f.value, [0.0, 0.0], h=0)
    with pytest.raises(ValueError, match=r"f must be vectorized: points \(4, 2\) in"):
        h.numerical_gradient(lambda w: 1.0, [0.0, 0.0])
    with pytest.raises(ValueError, match=r"v must be a vector of 2 number\(s\)"):
        h.hessian_vector_product(f.gradient, [0.0, 0.0], [1.0, 0.0, 0.0])

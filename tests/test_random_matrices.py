"""GOE sampling, the semicircle law and the chance of a positive-definite matrix."""

import numpy as np
import pytest

from helpers.core import random_matrices as rm


def test_goe_entries_have_the_right_law(rng):
    M = rm.goe(6, 20_000, rng)
    np.testing.assert_allclose(M, np.swapaxes(M, -1, -2))
    off = M[:, 0, 1]
    diag = M[:, 2, 2]
    assert off.var() == pytest.approx(1.0, rel=0.05)
    assert diag.var() == pytest.approx(2.0, rel=0.05)


def test_is_positive_definite_matches_eigenvalues(rng):
    M = rm.goe(4, 5000, rng) + 1.5 * np.eye(4)
    expected = np.linalg.eigvalsh(M)[:, 0] > 0
    got = rm.is_positive_definite(M)
    assert 0.05 < expected.mean() < 0.95
    np.testing.assert_array_equal(got, expected)


def test_fraction_positive_definite_small_n_exact():
    """n = 1: one symmetric normal, P = 1/2. n = 2: the trace and the two other degrees of
    freedom are iid N(0,1) after rescaling, so P = (1 - 1/sqrt 2)/2."""
    rng = np.random.default_rng(1)
    trials = 200_000
    p1 = rm.fraction_positive_definite(1, trials, rng)
    p2 = rm.fraction_positive_definite(2, trials, rng)
    se = lambda p: np.sqrt(p * (1 - p) / trials)  # noqa: E731
    assert abs(p1 - 0.5) < 4 * se(0.5)
    exact2 = (1 - 1 / np.sqrt(2)) / 2
    assert abs(p2 - exact2) < 4 * se(exact2)


def test_fraction_falls_far_below_independent_signs():
    rng = np.random.default_rng(2)
    fr = [rm.fraction_positive_definite(n, 100_000, rng) for n in (3, 4, 5)]
    for n, p in zip((3, 4, 5), fr):
        assert p < 2.0**-n / 3
    # log-fraction falls faster than linearly in n (the e^{-theta n^2} law)
    logs = np.log(fr)
    assert (logs[2] - logs[1]) < (logs[1] - logs[0])


def test_semicircle_density_and_moments(rng):
    x = np.linspace(-3, 3, 60001)
    rho = rm.semicircle_density(x)
    dx = x[1] - x[0]
    assert np.sum(rho) * dx == pytest.approx(1.0, abs=1e-4)
    assert np.sum(x**2 * rho) * dx == pytest.approx(1.0, abs=1e-4)
    assert np.sum(x**4 * rho) * dx == pytest.approx(2.0, abs=1e-3)
    n = 300
    ev = np.linalg.eigvalsh(rm.goe(n, 4, rng)).ravel() / np.sqrt(n)
    assert np.mean(ev**2) == pytest.approx(1.0, abs=0.03)
    assert np.mean(ev**4) == pytest.approx(2.0, abs=0.1)
    assert np.abs(ev).max() < 2.2


@pytest.mark.parametrize(
    "call",
    [
        lambda: rm.goe(0, 3, np.random.default_rng(0)),
        lambda: rm.goe(3, 3, 0),
        lambda: rm.semicircle_density([np.inf]),
        lambda: rm.is_positive_definite(np.ones((2, 3))),
        lambda: rm.fraction_positive_definite(3, 0, np.random.default_rng(0)),
    ],
)
def test_bad_input_raises(call):
    with pytest.raises(ValueError):
        call()

"""The deep linear network: gradients, and Saxe et al.'s stage-wise learning."""

import numpy as np
import pytest

from helpers.core.models import deep_linear as dl


def _target(rng, s):
    d = len(s)
    Q1, _ = np.linalg.qr(rng.standard_normal((d, d)))
    Q2, _ = np.linalg.qr(rng.standard_normal((d, d)))
    return Q1 @ np.diag(s) @ Q2.T


def test_gradients_match_finite_differences(rng):
    M = _target(rng, [2.0, 1.0, 0.5])
    Ws = dl.small_init([3, 4, 5, 3], 0.5, rng)
    grads = dl.deep_linear_gradients(Ws, M)
    h = 1e-6
    for l, W in enumerate(Ws):
        num = np.zeros_like(W)
        for idx in np.ndindex(W.shape):
            Wp = [w.copy() for w in Ws]
            Wm = [w.copy() for w in Ws]
            Wp[l][idx] += h
            Wm[l][idx] -= h
            num[idx] = (dl.deep_linear_loss(Wp, M) - dl.deep_linear_loss(Wm, M)) / (2 * h)
        np.testing.assert_allclose(grads[l], num, atol=1e-7)


def test_zero_weights_are_a_saddle_with_zero_gradient(rng):
    M = _target(rng, [2.0, 1.0])
    Ws = [np.zeros((3, 2)), np.zeros((2, 3))]
    assert all(np.all(g == 0) for g in dl.deep_linear_gradients(Ws, M))
    assert dl.deep_linear_loss(Ws, M) == pytest.approx(0.5 * (4 + 1))


def test_aligned_two_layer_half_times_match_gradient_flow():
    """Chapter 4's check: target with singular values 3, 2, 1, 0.5, u0 = 1e-4, lr = 0.01."""
    rng = np.random.default_rng(0)
    s = np.array([3.0, 2.0, 1.0, 0.5])
    M = _target(rng, s)
    u0, lr = 1e-4, 0.01
    Ws = dl.aligned_init(M, u0)
    np.testing.assert_allclose(dl.mode_strengths(Ws, M), u0, rtol=1e-10)
    strengths = []
    for _ in range(3000):
        strengths.append(dl.mode_strengths(Ws, M))
        g = dl.deep_linear_gradients(Ws, M)
        Ws = [W - lr * G for W, G in zip(Ws, g)]
    strengths = np.array(strengths)
    measured = np.array([np.argmax(strengths[:, i] > s[i] / 2) for i in range(4)])
    predicted = dl.half_learning_time(s, u0, lr)
    np.testing.assert_allclose(measured, predicted, atol=4)


def test_chapter_plateaus_sit_at_unlearned_energy():
    """The chapter's run: random small init, three layers; the loss rests on plateaus at
    1/2 sum of the squared singular values not yet learned."""
    rng = np.random.default_rng(0)
    s = np.array([3.0, 2.0, 1.0, 0.5])
    M = _target(rng, s)
    Ws = dl.small_init([4, 8, 8, 4], 0.02, np.random.default_rng(1))
    losses, gnorms, modes = [], [], []
    for _ in range(1500):
        g = dl.deep_linear_gradients(Ws, M)
        losses.append(dl.deep_linear_loss(Ws, M))
        gnorms.append(np.sqrt(sum(np.sum(x**2) for x in g)))
        modes.append(dl.mode_strengths(Ws, M))
        Ws = [W - 0.05 * G for W, G in zip(Ws, g)]
    modes = np.array(modes)
    half = [int(np.argmax(modes[:, i] > s[i] / 2)) for i in range(4)]
    assert half == sorted(half)  # strongest mode first
    for k in range(1, 4):
        a, b = half[k - 1], half[k]
        rest = a + int(np.argmin(gnorms[a:b]))
        assert losses[rest] == pytest.approx(0.5 * np.sum(s[k:] ** 2), rel=0.02)
    assert losses[-1] < 1e-6


@pytest.mark.parametrize(
    "call",
    [
        lambda: dl.deep_linear_product([]),
        lambda: dl.deep_linear_product([np.ones((2, 3)), np.ones((2, 3))]),
        lambda: dl.deep_linear_loss([np.ones((2, 3))], np.ones((3, 3))),
        lambda: dl.small_init([3], 0.1, np.random.default_rng(0)),
        lambda: dl.small_init([3, 2], -0.1, np.random.default_rng(0)),
        lambda: dl.half_learning_time([1.0], 0.6, 0.1),
        lambda: dl.aligned_init(np.ones((2, 2)), 0.0),
    ],
)
def test_bad_input_raises(call):
    with pytest.raises(ValueError):
        call()

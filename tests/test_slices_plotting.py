"""Slices and plotting helpers: correct values, labelled axes, no errors."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import helpers as h


def test_slices_evaluate_the_function_on_the_line_and_plane(rng):
    f = h.rastrigin(6)
    c = rng.normal(size=6)
    u = h.random_direction(6, rng)
    v = h.random_direction(6, rng, orthogonal_to=u)
    assert np.linalg.norm(u) == pytest.approx(1) and abs(u @ v) < 1e-12
    t = np.linspace(-1, 1, 7)
    assert np.allclose(h.slice_1d(f.value, c, u, t), [f.value(c + s * u) for s in t])
    A, B, Z = h.slice_2d(f.value, c, u, v, t, t[:3])
    assert Z.shape == (3, 7)
    assert Z[2, 5] == pytest.approx(f.value(c + t[5] * u + t[2] * v))
    with pytest.raises(ValueError, match=r"direction must be a vector of 6 number\(s\)"):
        h.slice_1d(f.value, c, np.ones(5), t)


def test_plots_draw_with_labels():
    h.use_style()
    f = h.tilted_wells()
    fig, (ax3, ax2) = h.surface_and_contour(f, title="t")
    assert ax2.get_xlabel() and ax2.get_ylabel() and ax3.get_zlabel() == "loss"
    runs = [h.run(f, w, lr=0.05, steps=50) for w in ([0.5, 0.5], [-0.5, 0.5])]
    lines = h.plot_paths(ax2, runs, labels=["a", "b"])
    assert len(lines) == 2 and np.allclose(lines[0].get_xydata(), runs[0].path)
    fig2, ax = plt.subplots()
    h.plot_loss_curves(ax, runs, labels=["a", "b"], shift=f.minima()[0].value)
    assert ax.get_yscale() == "log" and "minimum" in ax.get_ylabel()
    fig3, (a1, a2) = plt.subplots(1, 2)
    h.plot_1d(a1, h.wavy())
    h.plot_contour(a2, h.rosenbrock(), log=True)
    assert a1.get_xlabel() == "$w$" and a2.get_ylabel() == "$w_2$"
    plt.close("all")

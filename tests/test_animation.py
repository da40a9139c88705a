"""Path animations and the terrain explorer: deterministic, geometrically right, validated.

The browser tests (tests/test_browser.py) check that the controls work in Chromium; these
check the HTML and the numbers in it without a browser.
"""

import json
import re

import numpy as np
import pytest

import helpers as h
from helpers.pictures.animation import _frame_steps


@pytest.fixture(autouse=True)
def style():
    h.use_style()


def _data(html):
    return json.loads(
        re.search(
            r'<script type="application/json" class="ll-data">(.*?)</script>', html, re.S
        ).group(1)
    )


@pytest.fixture(scope="module")
def wells_runs():
    f = h.tilted_wells()
    starts = [(0.3, 1.5), (-1.5, -0.5), (1.2, -1.4)]
    return f, [h.run(f, s, lr=0.05, steps=400) for s in starts]


def test_animation_is_deterministic_and_self_contained(wells_runs):
    f, runs = wells_runs
    a = h.animate_paths(f, runs, frames=30)
    b = h.animate_paths(f, runs, frames=30)
    assert a.html == b.html, "same input must give byte-identical HTML (nbval compares it)"
    assert a.id in a.html and a.id.startswith("ll-anim-")
    assert "http://" not in a.html and "https://" not in a.html, "nothing from the network"
    assert 'alt="' in a.html and a._repr_html_() == a.html
    assert h.animate_paths(f, runs[:2], frames=30).id != a.id


def test_frames_cover_every_step_or_an_even_subsample():
    assert _frame_steps(5, 60) == [0, 1, 2, 3, 4, 5]
    steps = _frame_steps(1000, 60)
    assert steps[0] == 0 and steps[-1] == 1000 and len(steps) == 60
    assert np.all(np.diff(steps) > 0)


def test_overlay_points_are_the_iterates_in_pixels(wells_runs):
    f, runs = wells_runs
    a = h.animate_paths(f, runs, frames=30)
    data = _data(a.html)
    ax = a.figure.axes[0]
    height = a.figure.canvas.get_width_height()[1]
    for r, p in zip(runs, data["paths"]):
        assert p["steps"] == r.steps
        xy = np.array(p["xy"]).reshape(-1, 2)
        assert len(xy) == len(r.path)
        # Inverting the axes' transform gives the iterates back (to the 0.1 px rounding).
        back = ax.transData.inverted().transform(np.column_stack([xy[:, 0], height - xy[:, 1]]))
        np.testing.assert_allclose(back, r.path, atol=0.01)
    assert data["steps"][-1] == max(r.steps for r in runs)


def test_diverged_paths_stop_at_their_last_finite_point():
    f = h.parabola()
    r = h.run(f, [1.0], lr=1.5, steps=200)  # |1 - 2η| = 2: diverges
    assert r.diverged
    path = np.vstack([r.path, [[np.inf]]])
    a = h.animate_paths(f, [path], frames=20, loss_panel=True)
    p = _data(a.html)["paths"][0]
    assert p["steps"] == len(r.path) - 1
    assert np.all(np.isfinite(p["xy"]))


def test_one_dimensional_paths_move_along_the_curve():
    g = h.wavy()
    r = h.run(g, [2.5], lr=0.05, steps=50)
    a = h.animate_paths(g, [r], frames=60, loss_panel=False)
    xy = np.array(_data(a.html)["paths"][0]["xy"]).reshape(-1, 2)
    height = a.figure.canvas.get_width_height()[1]
    back = (
        a.figure.axes[0]
        .transData.inverted()
        .transform(np.column_stack([xy[:, 0], height - xy[:, 1]]))
    )
    np.testing.assert_allclose(back[:, 1], g(back[:, 0]), atol=0.05)


def test_animation_rejects_bad_input(wells_runs):
    f, runs = wells_runs
    with pytest.raises(ValueError, match="1-D or 2-D"):
        h.animate_paths(h.rastrigin(3), [np.zeros((2, 3))])
    with pytest.raises(ValueError, match="results must be a non-empty list"):
        h.animate_paths(f, [])
    with pytest.raises(ValueError, match="shape"):
        h.animate_paths(f, [np.zeros((4, 3))])
    with pytest.raises(ValueError, match="labels"):
        h.animate_paths(f, runs, labels=["one"])
    with pytest.raises(ValueError, match="frames"):
        h.animate_paths(f, runs, frames=0)
    with pytest.raises(ValueError, match="finite"):
        h.animate_paths(f, [np.array([[np.nan, 0.0], [0.0, 0.0]])])


def test_terrain_explorer_heights_and_modes():
    t = h.terrain_explorer({"bowl": h.bowl(), "wells": h.tilted_wells()}, n=21)
    assert t.names == ["bowl", "wells"]
    data = _data(t.html)
    assert data["n"] == 21 and len(data["cmap"]) == 32
    for entry, land in zip(data["landscapes"], (h.bowl(), h.tilted_wells())):
        z = np.array(entry["z"]).reshape(21, 21)
        assert z.min() == 0.0 and z.max() == 1.0
        (x0, x1), (y0, y1) = land.window  # the grid sampled here, not by sample_grid
        X, Y = np.meshgrid(np.linspace(x0, x1, 21), np.linspace(y0, y1, 21))
        Z = land(X, Y)
        np.testing.assert_allclose(z, (Z - Z.min()) / (Z.max() - Z.min()), atol=5e-4)
        assert entry["alt"]
    bowl_z = np.array(data["landscapes"][0]["z"]).reshape(21, 21)
    assert bowl_z[10, 10] == 0.0, "the bowl's lowest point is the centre of the grid"
    assert t.html == h.terrain_explorer({"bowl": h.bowl(), "wells": h.tilted_wells()}, n=21).html
    assert "https://" not in t.html and 'role="img"' in t.html and "aria-label" in t.html


def test_terrain_explorer_rejects_bad_input():
    with pytest.raises(ValueError, match="2-D"):
        h.terrain_explorer([h.wavy()])
    with pytest.raises(ValueError, match="at least one"):
        h.terrain_explorer({})
    with pytest.raises(ValueError, match=r"n must be a whole number in \[3, 101\], got 500"):
        h.terrain_explorer([h.bowl()], n=500)

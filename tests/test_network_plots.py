"""h.plot_dot_columns and h.plot_log_contour: what they draw, and the inputs they refuse."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import helpers as h


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_dot_columns_put_each_group_at_its_size(ax):
    groups = {16: [3.0, 1.0, 2.0], 4: [5.0, 6.0]}
    lines = h.plot_dot_columns(ax, groups, spread=0.1, median=True)
    assert len(lines) == 3
    (x4, y4), (x16, y16) = (line.get_data() for line in lines[:2])  # sorted by size
    assert np.array_equal(y4, [5.0, 6.0]) and np.array_equal(y16, [3.0, 1.0, 2.0])
    assert np.allclose(x4, [4 * np.exp(-0.1), 4 * np.exp(0.1)])
    assert np.allclose(np.log(x16 / 16), [-0.1, 0.0, 0.1])
    xm, ym = lines[2].get_data()
    assert np.array_equal(xm, [4.0, 16.0]) and np.array_equal(ym, [5.5, 2.0])
    assert lines[2].get_label() == "median"
    assert ax.get_xscale() == "log"
    assert list(ax.get_xticks()) == [4.0, 16.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["4", "16"]


def test_dot_columns_without_spread_stack_the_dots(ax):
    (line,) = h.plot_dot_columns(ax, {8: np.arange(4.0)}, spread=0)
    assert np.array_equal(line.get_xdata(), np.full(4, 8.0))


@pytest.mark.parametrize(
    "groups, spread, match",
    [
        ({}, 0.1, "non-empty mapping"),
        ([1, 2], 0.1, "non-empty mapping"),
        ({0: [1.0]}, 0.1, "groups must be keyed by positive sizes"),
        ({True: [1.0]}, 0.1, "groups must be keyed by positive sizes"),
        ({4: []}, 0.1, r"groups\[4\] must be a non-empty 1-D"),
        ({4: [1.0, np.nan]}, 0.1, "finite"),
        ({4: [[1.0]]}, 0.1, "1-D"),
        ({4: [1.0]}, -0.1, "spread must be a finite number >= 0"),
        ({4: [1.0]}, np.inf, "spread must be a finite number >= 0"),
        ({4: [1.0]}, "wide", "spread must be a finite number"),
    ],
)
def test_dot_columns_reject_bad_input(ax, groups, spread, match):
    with pytest.raises(ValueError, match=match):
        h.plot_dot_columns(ax, groups, spread=spread)


def test_log_contour_levels_are_log_spaced(ax):
    A, B = np.meshgrid(np.linspace(-1, 1, 11), np.linspace(-1, 1, 9))
    Z = np.exp(A**2 + 2 * B**2)
    cs = h.plot_log_contour(ax, A, B, Z, levels=7, label="the loss")
    assert np.allclose(cs.levels, np.geomspace(Z.min(), Z.max(), 7))
    colorbars = [a for a in ax.figure.axes if a is not ax]
    assert len(colorbars) == 1 and colorbars[0].get_ylabel() == "the loss"


@pytest.mark.parametrize(
    "Z, levels, match",
    [
        (np.ones((3, 4)), 5, "constant"),
        (np.full((3, 4), -1.0), 5, "> 0"),
        (np.array([[1.0, np.inf, 2, 3]] * 3), 5, "finite"),
        (np.ones((4, 3)) + np.arange(3), 5, r"A must be an array of shape \(4, 3\)"),
        (np.ones((3, 4)) + np.arange(4), 1, "levels must be a whole number >= 2"),
        (np.ones((3, 4)) + np.arange(4), 2.5, "levels must be a whole number >= 2"),
    ],
)
def test_log_contour_rejects_bad_input(ax, Z, levels, match):
    A, B = np.meshgrid(np.arange(4.0), np.arange(3.0))
    with pytest.raises(ValueError, match=match):
        h.plot_log_contour(ax, A, B, Z, levels=levels)

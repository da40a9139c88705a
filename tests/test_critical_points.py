"""Critical-point search and classification against known answers."""

import numpy as np
import pytest

import helpers as h


def test_finds_all_three_critical_points_of_the_running_example():
    found = h.find_critical_points(h.quartic_example())
    assert len(found) == 3
    by_kind = {}
    for c in found:
        by_kind.setdefault(c.kind, []).append(c)
    assert sorted(by_kind) == ["minimum", "saddle"]
    (s,) = by_kind["saddle"]
    assert np.allclose(s.point, [0, 0], atol=1e-9) and s.value == pytest.approx(1)
    assert np.allclose(s.eigenvalues, [-4, 4])
    mins = sorted(by_kind["minimum"], key=lambda c: c.point)
    assert np.allclose([m.point for m in mins], [[-1, -1], [1, 1]], atol=1e-9)
    for m in mins:
        assert m.value == pytest.approx(-1)
        assert np.allclose(m.eigenvalues, [8, 16])


def test_search_recovers_the_listed_points_of_the_tilted_wells():
    land = h.tilted_wells()
    found = h.find_critical_points(land)
    assert len(found) == len(land.critical_points) == 9
    for known in land.critical_points:
        match = [c for c in found if np.allclose(c.point, known.point, atol=1e-8)]
        assert len(match) == 1 and match[0].kind == known.kind


def test_monkey_saddle_is_degenerate():
    (c,) = h.find_critical_points(h.monkey_saddle())
    assert np.allclose(c.point, 0, atol=1e-8)
    assert c.kind == "degenerate"


@pytest.mark.parametrize("H, kind", [
    (np.diag([1.0, 2.0]), "minimum"),
    (np.diag([-1.0, -2.0]), "maximum"),
    (np.diag([1.0, -2.0]), "saddle"),
    (np.diag([0.0, 2.0]), "degenerate"),
    (np.diag([0.0, 2.0, -1.0]), "saddle"),   # both signs already decide
    (np.zeros((2, 2)), "degenerate"),
])
def test_classification(H, kind):
    assert h.classify_critical_point(H) == kind


def test_tolerance_is_the_callers():
    H = np.diag([1e-4, 1.0])
    assert h.classify_critical_point(H, tol=1e-6) == "minimum"
    assert h.classify_critical_point(H, tol=1e-3) == "degenerate"


def test_classification_rejects_bad_input():
    with pytest.raises(ValueError, match="square"):
        h.classify_critical_point(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="finite"):
        h.classify_critical_point(np.array([[np.inf, 0], [0, 1]]))

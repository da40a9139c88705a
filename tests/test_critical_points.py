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
    """The kinds from theory, not from the rule under test: each coordinate is a tilted
    double well, whose roots curve up (f'' = 12x^2 - 4 > 0) or down; both up is a minimum,
    both down a maximum, one of each a saddle."""
    land = h.tilted_wells()
    found = h.find_critical_points(land)
    assert len(found) == len(land.critical_points) == 9
    up = lambda r: 12 * r**2 - 4 > 0
    for known in land.critical_points:
        x, y = known.point
        kind = {2: "minimum", 0: "maximum", 1: "saddle"}[int(up(x)) + int(up(y))]
        match = [c for c in found if np.allclose(c.point, known.point, atol=1e-8)]
        assert len(match) == 1 and match[0].kind == known.kind == kind


def test_monkey_saddle_is_degenerate():
    (c,) = h.find_critical_points(h.monkey_saddle())
    assert np.allclose(c.point, 0, atol=1e-8)
    assert c.kind == "degenerate"


@pytest.mark.parametrize(
    "H, kind",
    [
        (np.diag([1.0, 2.0]), "minimum"),
        (np.diag([-1.0, -2.0]), "maximum"),
        (np.diag([1.0, -2.0]), "saddle"),
        (np.diag([0.0, 2.0]), "degenerate"),
        (np.diag([0.0, 2.0, -1.0]), "saddle"),  # both signs already decide
        (np.zeros((2, 2)), "degenerate"),
    ],
)
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


# -- one rule: the cases where the landscapes and the search used to disagree -------------
def test_both_signs_with_a_zero_eigenvalue_is_a_saddle():
    """diag(-1, 0, 1): f falls along one axis and rises along another, whatever the third
    does, so the point is a saddle (the landscapes module used to say 'degenerate')."""
    assert h.classify_critical_point(np.diag([-1.0, 0.0, 1.0])) == "saddle"
    assert h.classify_eigenvalues([1.0, 0.0, -1.0]) == "saddle"


def test_an_eigenvalue_below_the_documented_tolerance_counts_as_zero():
    """diag(1, 5e-7): at the default tolerance 1e-6 the small eigenvalue is zero, so the
    second-order test cannot decide (the landscapes module, at 1e-9, said 'minimum')."""
    from helpers.core.critical_points import TOL

    assert TOL == 1e-6
    assert h.classify_critical_point(np.diag([1.0, 5e-7])) == "degenerate"
    assert h.classify_critical_point(np.diag([1.0, 5e-7]), tol=1e-9) == "minimum"
    assert h.classify_critical_point(np.diag([1.0, 1e-6])) == "degenerate"  # <= tol is zero


# The kinds of every landscape's listed critical points, from theory (the Hessians at
# these points are known in closed form), in the order the landscape lists them.
THEORY = {
    "tilted wells": None,  # its own test above derives them from the 1-D factors
    "quartic example": ["saddle", "minimum", "minimum"],  # diag(±4), then eigenvalues 8, 16
    "saddle": ["saddle"],  # diag(2, -2)
    "monkey saddle": ["degenerate"],  # zero Hessian
    "quartic bowl": ["degenerate"],  # zero Hessian
    "quartic saddle": ["degenerate"],  # zero Hessian
    "bowl": ["minimum"],  # 2 I
    "ravine": ["minimum"],  # diag(1, 100)
    "rastrigin": ["minimum"],  # (2 + 40 pi^2) I at the origin
    "rosenbrock": ["minimum"],  # [[802, -400], [-400, 200]], positive definite
    "parabola": ["minimum"],  # f'' = 2
    "double well": ["minimum", "maximum", "minimum"],  # f'' = 12x^2 - 4 at -1, 0, 1
    "wavy": None,  # its own test derives them from the roots
    "peano": ["degenerate"],  # diag(0, 2)
    "diag(1, 5e-7)": ["degenerate"],  # 5e-7 is zero at the default tolerance 1e-6
    "diag(-1, 0, 1)": ["saddle"],  # both signs decide
}


@pytest.mark.parametrize(
    "name, make",
    [
        *h.LANDSCAPES.items(),
        ("peano", h.peano_surface),
        ("diag(1, 5e-7)", lambda: h.quadratic_from_matrix(np.diag([1.0, 5e-7]))),
        ("diag(-1, 0, 1)", lambda: h.quadratic_from_matrix(np.diag([-1.0, 0.0, 1.0]))),
    ],
    ids=lambda x: x if isinstance(x, str) else "",
)
def test_known_critical_points_follow_the_one_rule(name, make):
    """Every landscape lists the kinds theory gives, and the eigenvalues of a Hessian
    computed independently (central differences of the gradient)."""
    from helpers.core.derivatives import hessian_from_gradient

    land = make()
    if THEORY[name] is not None:
        assert [c.kind for c in land.critical_points] == THEORY[name]
    for c in land.critical_points:
        fd = hessian_from_gradient(land.gradient, np.array(c.point), h=1e-5)
        scale = max(1.0, np.abs(fd).max())
        assert np.allclose(c.eigenvalues, np.linalg.eigvalsh(fd), atol=1e-6 * scale)


def test_the_search_and_the_landscape_agree_on_diag_cases():
    cases = (
        (np.diag([1.0, 5e-7]), [[0.5, -0.5]], "degenerate"),
        # a line of critical points along the zero eigenvector: start on the others
        (np.diag([-1.0, 0.0, 1.0]), [[0.5, 0.0, -0.5]], "saddle"),
    )
    for A, starts, kind in cases:
        land = h.quadratic_from_matrix(A, window=[(-1, 1)] * len(A))
        (listed,) = land.critical_points
        (found,) = h.find_critical_points(land, starts=starts)
        assert np.allclose(found.point, 0) and listed.kind == found.kind == kind


@pytest.mark.parametrize(
    "H",
    [
        [[1.0, 2.0], [0.0, 1.0]],  # upper triangular
        [[0.0, 1.0], [-1.0, 0.0]],  # antisymmetric: no Hessian looks like this
        [[1.0, 1e-6], [0.0, 1.0]],  # off by far more than round-off
    ],
)
def test_a_non_symmetric_matrix_is_not_classified(H):
    with pytest.raises(ValueError, match="symmetric"):
        h.classify_critical_point(H)


def test_round_off_asymmetry_is_accepted():
    H = np.array([[2.0, 1.0], [1.0 + 1e-14, 3.0]])
    assert h.classify_critical_point(H) == "minimum"


@pytest.mark.parametrize("eig", [[], [np.nan, 1.0], [[1.0, 2.0]]])
def test_classify_eigenvalues_rejects_bad_input(eig):
    with pytest.raises(ValueError, match="eigenvalues"):
        h.classify_eigenvalues(eig)

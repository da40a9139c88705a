"""The ipywidgets explorers, driven in-process the way a reader drives them in JupyterLab.

Setting a control's ``value`` fires the same observer a slider drag fires in the browser,
so each test changes values and checks that the computation re-ran (against theory or an
independent ``h.run``), that the picture changed, and that bad settings end in a message,
never in an exception.
"""

import numpy as np
import pytest

import helpers as h
from helpers.interactive import explorers as hw

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def style():
    h.use_style()


def _descent(steps, start, lr):
    """Gradient descent on the tilted wells (x^2-1)^2 + (y^2-1)^2 + 0.4x + 0.2y, written out."""
    w, path = np.array(start, float), []
    for _ in range(steps + 1):
        path.append(w)
        x, y = w
        w = w - lr * np.array([4 * x**3 - 4 * x + 0.4, 4 * y**3 - 4 * y + 0.2])
    return np.array(path)


def test_landscape_explorer_reruns_and_redraws_on_every_change():
    ex = hw.landscape_explorer("tilted wells", start=(0.3, 1.5), lr=0.05, steps=200)
    assert bytes(ex.image.value).startswith(PNG)
    first_png, first_updates = bytes(ex.image.value), ex.updates
    r = ex.results["run"]
    np.testing.assert_allclose(r.path, _descent(r.steps, [0.3, 1.5], 0.05), atol=1e-12)
    assert "converged" in ex.message.value

    ex.controls["x0"].value = -0.4  # a start in another basin
    assert ex.updates == first_updates + 1
    assert bytes(ex.image.value) != first_png
    r2 = ex.results["run"]
    np.testing.assert_allclose(r2.path[0], [-0.4, 1.5])
    assert not np.allclose(r2.x, r.x), "a start across the basin boundary ends elsewhere"

    ex.controls["steps"].value = 5
    assert ex.results["run"].steps == 5
    assert ex.results["run"].status == "max_steps"


def test_landscape_explorer_optimizer_and_momentum():
    ex = hw.landscape_explorer("ravine", start=(-8.0, 2.0), lr=0.01, steps=300)
    assert ex.controls["beta"].disabled  # gradient descent has no momentum
    ex.set(optimizer="momentum", beta=0.8)
    assert not ex.controls["beta"].disabled
    # heavy-ball momentum on 0.5 w1^2 + 50 w2^2, written out: v <- 0.8 v + g, w <- w - 0.01 v
    w, v, path = np.array([-8.0, 2.0]), np.zeros(2), []
    for _ in range(ex.results["run"].steps + 1):
        path.append(w)
        v = 0.8 * v + np.array([1.0, 100.0]) * w
        w = w - 0.01 * v
    np.testing.assert_allclose(ex.results["run"].path, path, atol=1e-12)
    ex.controls["optimizer"].value = "adam"
    assert ex.controls["beta"].description == "β₁"
    assert ex.results["run"].optimizer.startswith("adam")


def test_a_diverging_learning_rate_gives_a_message_not_an_exception():
    ex = hw.landscape_explorer("ravine", start=(-8.0, 2.0), lr=0.01, steps=100)
    ex.controls["lr"].value = 0.5
    r = ex.results["run"]
    assert r.diverged
    msg = ex.message.value
    assert "diverged" in msg
    # The hint is the stability limit of gradient descent on this quadratic: 2/λ_max.
    assert "λ_max = 100" in msg and "0.02" in msg
    assert bytes(ex.image.value).startswith(PNG)


def test_bad_values_show_a_message():
    ex = hw.landscape_explorer()
    ex.controls["x0"].value = float("nan")
    assert "Cannot run with these settings" in ex.message.value
    assert "finite" in ex.message.value
    assert bytes(ex.image.value).startswith(PNG)
    ex.controls["x0"].value = 0.3  # and it recovers
    assert "converged" in ex.message.value

    ci = hw.critical_point_inspector()
    ci.controls["y"].value = float("nan")
    assert "Cannot run with these settings" in ci.message.value


def test_every_landscape_can_be_chosen():
    ex = hw.landscape_explorer()
    ci = hw.critical_point_inspector()
    for name in reversed(hw.EXPLORER_LANDSCAPES):  # the first differs from the default
        before = ex.updates
        ex.controls["landscape"].value = name
        assert ex.land.name == h.get_landscape(name).name
        assert ex.updates == before + 1 and ex.message.value
        lo, hi = ex.land.window[0]
        assert ex.controls["x0"].min == lo and ex.controls["x0"].max == hi
        assert lo <= ex.results["run"].path[0, 0] <= hi
        ci.controls["landscape"].value = name
        assert ci.message.value.startswith("point")


def test_learning_rate_explorer_matches_the_theory_of_x_squared():
    ex = hw.learning_rate_explorer(lr=0.1, x0=2.5, steps=40)
    xq = ex.results["quadratic"].path[:, 0]
    np.testing.assert_allclose(xq[1:] / xq[:-1], 0.8)  # x_{k+1} = (1 - 2η) x_k
    png = bytes(ex.image.value)
    ex.controls["lr"].value = 0.5
    assert bytes(ex.image.value) != png
    assert ex.results["quadratic"].path[1, 0] == 0.0  # one step to the minimum
    assert "one step" in ex.message.value
    ex.controls["lr"].value = 0.8
    xq = ex.results["quadratic"].path[:, 0]
    assert np.all(np.sign(xq[1:5]) == -np.sign(xq[:4]))  # flips sign each step
    ex.controls["lr"].value = 1.2
    r = ex.results["quadratic"]
    ratio = np.abs(r.path[1:6, 0] / r.path[:5, 0])
    np.testing.assert_allclose(ratio, 1.4)  # |1 - 2η| > 1: grows
    assert "diverges" in ex.message.value
    assert r.diverged or r.status == "max_steps"


def test_momentum_explorer_beats_gradient_descent_on_the_ravine():
    ex = hw.momentum_explorer(lr=0.018, beta=0.8, steps=120)
    gd, mo = ex.results["gradient descent"], ex.results["momentum"]
    assert mo.loss < 1e-3 * gd.loss
    # Optimal heavy-ball settings for eigenvalues 1..100, quoted in the message.
    assert f"{4 / (10 + 1) ** 2:.4f}" in ex.message.value
    assert f"{(9 / 11) ** 2:.4f}" in ex.message.value
    ex.controls["lr"].value = 0.025  # above 2/λ_max = 0.02 for plain gradient descent
    assert ex.results["gradient descent"].diverged
    assert not ex.results["momentum"].diverged  # momentum is stable up to 2(1 + β)/λ_max
    assert "diverged" in ex.message.value
    ex.controls["beta"].value = 0.0
    np.testing.assert_allclose(
        ex.results["momentum"].path[:10], ex.results["gradient descent"].path[:10]
    )


@pytest.mark.parametrize(
    "landscape, point, kind, eigs",
    [
        ("quartic example", (1.0, 1.0), "minimum", (8.0, 16.0)),
        ("quartic example", (0.0, 0.0), "saddle", (-4.0, 4.0)),
        ("monkey saddle", (0.0, 0.0), "degenerate", (0.0, 0.0)),
    ],
)
def test_critical_point_inspector_classifies(landscape, point, kind, eigs):
    ci = hw.critical_point_inspector(landscape, point=(0.5, 0.5))
    png = bytes(ci.image.value)
    options = dict((v, k) for k, v in ci.jump.options if v is not None)
    assert tuple(point) in options
    ci.jump.value = tuple(point)
    assert (ci.controls["x"].value, ci.controls["y"].value) == point
    np.testing.assert_allclose(ci.results["eigenvalues"], eigs, atol=1e-9)
    assert f"<b>{kind}</b>" in ci.message.value
    assert bytes(ci.image.value) != png


def test_inspector_away_from_critical_points():
    ci = hw.critical_point_inspector("quartic example", point=(0.5, -0.3))
    g = ci.results["gradient"]
    x, y = 0.5, -0.3  # the gradient of x^4 + y^4 - 4xy + 1, written out
    np.testing.assert_allclose(g, [4 * x**3 - 4 * y, 4 * y**3 - 4 * x])
    assert "not a critical point" in ci.message.value


def test_static_book_gets_a_still_picture_with_alt_text():
    ex = hw.momentum_explorer()
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    page = bundle["text/html"]
    assert page.count("<img") == 1 and 'alt="' in page
    assert "data:image/png;base64," in page
    assert "Binder" in page and "learning rate η = 0.018" in page
    assert hw.momentum_explorer()._repr_mimebundle_()["text/html"] == page  # deterministic


def test_explorer_set_rejects_unknown_controls():
    ex = hw.learning_rate_explorer()
    with pytest.raises(ValueError, match="unknown control"):
        ex.set(momentum=0.9)
    with pytest.raises(ValueError, match="landscape must be one of"):
        hw.landscape_explorer("no such landscape")

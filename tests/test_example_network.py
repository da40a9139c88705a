"""h.example_network(): the network of chapter 8, rebuilt in one call for chapter 9.

The reference is the chapter itself: the test runs the code cell of chapter 8 that builds
the data and the network, and reads its learning rate and step count, so the helper and
the chapter cannot drift apart.
"""

import re
from pathlib import Path

import numpy as np
import pytest

import helpers as h

CHAPTER = Path(__file__).resolve().parents[1] / "chapters" / "08_network_tools.md"
CELL = re.compile(r"^```\{code-cell\} ipython3\n(.*?)^```$", re.M | re.S)


@pytest.fixture(scope="module")
def chapter():
    """The names chapter 8 defines in its data-and-network cell, plus LR and STEPS."""
    text = CHAPTER.read_text()
    (cell,) = [c for c in CELL.findall(text) if "h.make_dataset(" in c]
    ns = {"np": np, "h": h}
    exec(compile(cell, str(CHAPTER), "exec"), ns)  # noqa: S102
    (settings,) = re.findall(r"^LR, STEPS = (.+)$", text, flags=re.M)
    ns["LR"], ns["STEPS"] = eval(settings, {})  # noqa: S307
    return ns


def test_it_is_the_chapter_recipe(chapter):
    ex = h.example_network()
    for part in ("X_train", "y_train", "X_test", "y_test"):
        assert np.array_equal(getattr(ex.data, part), getattr(chapter["data"], part)), part
    assert ex.net == chapter["net"]
    assert np.array_equal(ex.w_init, chapter["w_init"])
    assert (ex.lr, ex.steps) == (chapter["LR"], chapter["STEPS"])
    w = ex.w_init + 0.1 * np.random.default_rng(0).standard_normal(ex.net.n_params)
    assert ex.loss(w) == chapter["loss"](w)
    assert np.array_equal(ex.grad(w), chapter["grad"](w))
    assert ex.test_loss(w) == chapter["test_loss"](w)


def test_the_losses_use_the_right_data():
    ex = h.example_network()
    w = ex.w_init
    X, y = ex.data.X_train, ex.data.y_train
    residual = ex.net.predict(w, X) - y
    assert ex.loss(w) == pytest.approx(0.5 * np.mean(np.sum(residual**2, axis=1)), rel=1e-12)
    r_test = ex.net.predict(w, ex.data.X_test) - ex.data.y_test
    assert ex.test_loss(w) == pytest.approx(0.5 * np.mean(np.sum(r_test**2, axis=1)), rel=1e-12)
    assert ex.test_loss(w) != ex.loss(w)


def test_the_seed_draws_only_the_initial_weights():
    a, b = h.example_network(0), h.example_network(seed=1)
    assert np.array_equal(a.data.X_train, b.data.X_train)
    assert not np.allclose(a.w_init, b.w_init)
    assert np.array_equal(b.w_init, b.net.init(seed=1))
    assert np.array_equal(h.example_network(np.int64(1)).w_init, b.w_init)


def test_a_short_run_trains():
    ex = h.example_network()
    r = h.run(None, ex.w_init, lr=ex.lr, steps=50, tol=0, loss=ex.loss, grad=ex.grad)
    assert not r.diverged and r.loss < ex.loss(ex.w_init)


@pytest.mark.parametrize("seed", [-1, 1.5, True, "0", None])
def test_a_bad_seed_is_rejected(seed):
    with pytest.raises(ValueError, match=r"^seed must be a whole number >= 0, got "):
        h.example_network(seed)

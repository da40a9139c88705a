"""Checks for the exercises of chapter 2, convexity."""

from __future__ import annotations

from helpers.practice.inputs import show

from ..cases import Exercise, call, choice, close, either, equal, item, value, verify
from ._inputs import input_fn

# ----------------------------------------------------------------------------- exercise 2.1
ex21 = Exercise("2.1", "the chord gap", ["chord_gap"], forbid=("chord_gap", "jensen_gap"))

_FUNCTIONS = [
    ("square", "x^2", (-3, 3)),
    ("exp", "exp", (-2, 2)),
    ("abs", "|x|", (-3, 3)),
    ("sin", "sin", (-3, 3)),
    ("cubic", "x^3 - x", (-2, 2)),
    ("softplus", "log(1 + e^x)", (-4, 4)),
]


def _function(i):
    key, name, window = _FUNCTIONS[i]
    return input_fn("catalogue", name, key=key), window


def _chord_case(f, a, b, t):
    spec, g = f
    expected = t * g(a) + (1 - t) * g(b) - g(t * a + (1 - t) * b)
    return call(
        "chord_gap",
        [spec, a, b, t],
        ["f", "a", "b", "t"],
        f"f={spec['fn']['name']}, a={a:.6g}, b={b:.6g}, t={t:.6g}",
        close(
            expected,
            "the chord gap",
            rtol=1e-9,
            atol=1e-10,
            variants=[
                (
                    (1 - t) * g(a) + t * g(b) - g(t * a + (1 - t) * b),
                    "the weights are swapped: the chord is t f(a) + (1 - t) f(b), and the "
                    "point on the graph below it is t a + (1 - t) b",
                ),
                (
                    t * g(a) + (1 - t) * g(b) - g((1 - t) * a + t * b),
                    "the point on the graph uses the wrong mix: evaluate f at t a + (1 - t) b",
                ),
            ],
        ),
    )


@ex21.part("x^2 between two points", 1)
def _(rng):
    a, b = (round(float(x), 1) for x in rng.uniform(-3, 3, 2))
    return [_chord_case(_function(0)[0], a, b, float(rng.choice([0.25, 0.5, 0.75])))]


@ex21.part("random functions, end points and t", 2)
def _(rng):
    cases = []
    for i in range(len(_FUNCTIONS)):
        f, (lo, hi) = _function(i)
        a, b = rng.uniform(lo, hi, 2)
        cases.append(_chord_case(f, float(a), float(b), float(rng.uniform(0.05, 0.95))))
    return cases


@ex21.part("t = 0 and t = 1 give a gap of zero", 1)
def _(rng):
    a, b = sorted(float(x) for x in rng.uniform(-2, 2, 2))
    return [_chord_case(_function(1)[0], a, b, t) for t in (0.0, 1.0)]


# ----------------------------------------------------------------------------- exercise 2.2
ex22 = Exercise(
    "2.2", "the Hessian of the mean squared error", ["mse_hessian"], forbid=("mse_hessian",)
)


def _hessian_case(X):
    n = X.shape[0]
    expected = 2 * X.T @ X / n
    return call(
        "mse_hessian",
        [X],
        ["X"],
        f"X={show(X)} (shape {X.shape})",
        close(
            expected,
            "the Hessian",
            rtol=1e-9,
            variants=[
                (X.T @ X / n, "missing the factor 2 (the derivative of the square)"),
                (2 * X.T @ X, "missing the division by N: the loss is a mean"),
                (X.T @ X, "missing both the factor 2 and the division by N"),
            ],
        ),
    )


@ex22.part("a 3 x 2 example", 1)
def _(rng):
    return [_hessian_case(rng.integers(-3, 4, (3, 2)).astype(float))]


@ex22.part("random data matrices", 2)
def _(rng):
    cases = []
    for _ in range(5):
        n, d = int(rng.integers(4, 12)), int(rng.integers(1, 5))
        cases.append(_hessian_case(rng.standard_normal((n, d))))
    return cases


@ex22.part("more features than examples (N < d)", 1)
def _(rng):
    return [_hessian_case(rng.standard_normal((2, 4)))]


# ----------------------------------------------------------------------------- exercise 2.3
ex23 = Exercise(
    "2.3",
    "prove it or refute it",
    ["verdicts", "find_witness"],
    forbid=("sampled_convexity_test", "chord_gap"),
)

ARGUMENTS = "ABCDEF"  # the labels of the arguments listed in the notebook
_E_HINT = (
    "E: 'no violation found' proves nothing: the chords you did not draw may hide a bump "
    "(chapter 2, What sampling can and cannot prove)"
)
_F_HINT = (
    "F: a single minimum does not make a function convex: Rosenbrock has a single minimum "
    "and is not convex (chapter 2, the second-order test)"
)
_WRONG_ARGUMENT = "that argument does not hold for this function as it is written"
_FALSE_CLAIM = "this function is not convex: no argument can prove it; give a witness"
# (name, dimension, the labels of valid arguments; empty: not convex, a witness is wanted)
CONVEXITY_EXAMPLES = [
    ("exp", 1, {"A", "B"}),
    ("rosenbrock", 2, set()),
    ("softplus_square", 1, {"A", "B", "C"}),
    ("bump", 1, set()),
    ("cross_entropy", 5, {"B", "C"}),
    ("network", 6, set()),
]
_WITNESS_HINTS = {
    "bump": "put a and b on either side of the bump and t so the point lands on it",
    "network": "the swapped network theta_B and t = 1/2 (chapter 2, a two-layer network)",
    "rosenbrock": "two points on the curved valley floor y = x^2: the chord leaves the "
    "valley (or look where the Hessian is not PSD)",
}


def _verdict_case(name, dim, valid):
    what = f"verdicts[{name!r}]"
    spec = input_fn("convexity_example", name, key=name)[0]
    hints = [(None, "E", _E_HINT), (None, "F", _F_HINT)]
    generic = _WRONG_ARGUMENT if valid else _FALSE_CLAIM
    if name in _WITNESS_HINTS and not valid:
        generic += f": {_WITNESS_HINTS[name]}"
    hints += [(None, label, generic) for label in "ABCD"]
    label = choice(None, what, ARGUMENTS, hints=hints, one_of=valid)
    witness_hints = {"gap": _WITNESS_HINTS[name]} if name in _WITNESS_HINTS else {}
    witness = verify("chord_witness", what, {"f": spec, "dim": dim}, hints=witness_hints)
    return value("verdicts", what, item(name, "verdicts", either(word=label, other=witness)))


@ex23.part("a verdict for each of the six functions", 3)
def _(rng):
    return [_verdict_case(name, dim, valid) for name, dim, valid in CONVEXITY_EXAMPLES]


def _non_convex(rng):
    q = float(rng.uniform(0.2, 2))
    w = float(rng.uniform(0.01, 0.05))
    c = float(rng.uniform(4, 10)) * q * w**2 * float(rng.choice([-1, 1]))
    lo, hi = sorted(float(x) for x in rng.uniform(-3, 3, 2))
    hi = max(hi, lo + 1.0)
    m = float(rng.uniform(lo + 0.2, hi - 0.2))
    return input_fn("bumped", "a hidden function", q=q, c=c, m=m, w=w), lo, hi


def _convex(rng):
    c, q, r = (float(x) for x in rng.uniform(0, 1, 3))
    k, s_ = (float(x) for x in rng.uniform(-2, 2, 2))
    lo, hi = sorted(float(x) for x in rng.uniform(-3, 3, 2))
    hi = max(hi, lo + 1.0)
    return input_fn("convex_mix", "a hidden function", c=c, k=k, q=q, r=r, s=s_), lo, hi


_NONE_HINT = (
    "this function is not convex: a narrow bump or dip (width at least 0.01) hides in the "
    "window; scan a grid finer than that for a point above its chord"
)
_CONVEX_HINT = (
    "this function is convex (a mix of e^(cx), x^2 and log(1 + e^(sx)) with weights >= 0), "
    "so there is no witness: return None. A tiny positive gap is rounding error; compare "
    "it with the size of f"
)


def _witness_case(f, lo, hi, convex):
    spec = f[0]
    expect = (
        equal(None, "the answer", none_hint=_CONVEX_HINT)
        if convex
        else verify(
            "chord_witness",
            "the witness",
            {"f": spec, "dim": 1},
            hints={"none": _NONE_HINT, "gap": _WITNESS_HINTS["bump"]},
        )
    )
    return call(
        "find_witness",
        [spec, lo, hi],
        ["f", "lo", "hi"],
        f"f={spec['fn']['name']}, lo={lo:.4f}, hi={hi:.4f}",
        expect,
    )


@ex23.part("find_witness on six hidden functions, three not convex", 3)
def _(rng):
    cases = [_witness_case(*_non_convex(rng), convex=False) for _ in range(3)]
    cases += [_witness_case(*_convex(rng), convex=True) for _ in range(3)]
    return [cases[i] for i in rng.permutation(len(cases))]

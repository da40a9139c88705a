"""The expectations the reasoning exercises need (issue 15): choices (labels, sets,
sequences, mappings) compared exactly with a hint for each wrong item and only their form
in the practice data; verifiers that check a property; tuples of any length with None
items. Each is run both ways: right answers pass, each wrong answer fails with its hint."""

import itertools
import json

import numpy as np
import pytest

from helpers.practice.codec import decode, encode
from helpers.practice.compare import Recorded, Wrong, check_expectation
from helpers.practice.evaluate import answer_part, score_exercise
from helpers.practice.verifiers import VERIFIERS, as_number, fail, verifier
from instructor.cases import call, choice, close, equal, pair, tuple_of, value, verify
from instructor.checks import _practice_expectation


def _outcome(got, exp):
    """ "ok", "recorded" or the hint of the failure."""
    try:
        check_expectation(got, exp)
    except Wrong as exc:
        return exc.hint
    except Recorded:
        return "recorded"
    return "ok"


SEQ = choice(
    list("BADCAB"),
    "prediction",
    "ABCD",
    hints=[(0, "A", "the boundary is not w = 0"), (None, "D", "D is the other well")],
    item_names=[f"start {i + 1}" for i in range(6)],
)
MAP = choice(
    {"P": "underdamped", "Q": "overdamped", "R": "critically damped", "S": "unstable"},
    "regimes",
    ["overdamped", "critically damped", "underdamped", "unstable"],
    hints=[("P", "overdamped", "complex roots oscillate"), ("S", None, "eta lambda >= 2 + 2 beta")],
)
SET = choice(
    {"A", "B"},
    "arguments",
    "ABCDEF",
    hints=[("E", True, "no violation found proves nothing"), ("B", False, "the Hessian is PSD")],
)
ONE = choice("C", "statement", "ABCDE", hints=[(None, "E", "E reads the plot backwards")])


def test_right_choices_pass_in_any_normal_form():
    for got in (
        "BADCAB",
        " badcab ",
        list("badcab"),
        ("B", "A", "D", "C", "A", "B"),
        "B,A,D,C,A,B",
    ):
        assert _outcome(got, SEQ) == "ok", got
    right = {"p": " Underdamped", "Q": "OVERDAMPED", "R": "critically-damped", "S": "unstable"}
    assert _outcome(right, MAP) == "ok"
    for got in ({"A", "B"}, frozenset("ab"), ["B", "A"], "AB", ("a", "b", "a")):
        assert _outcome(got, SET) == "ok", got
    assert _outcome(" c", ONE) == "ok"


def test_each_wrong_item_gets_its_own_hint():
    hint = _outcome("AADCAD", SEQ)
    assert "2 of 6 wrong" in hint
    assert "start 1: the boundary is not w = 0" in hint and "start 6: D is the other well" in hint
    hint = _outcome({"P": "overdamped", "Q": "overdamped", "R": "critically damped", "S": "x"}, MAP)
    assert "not one of" in hint  # the form first: an unknown label
    wrong = {"P": "overdamped", "Q": "overdamped", "R": "underdamped", "S": "overdamped"}
    hint = _outcome(wrong, MAP)
    assert "3 of 4 wrong" in hint and "complex roots oscillate" in hint
    assert "eta lambda >= 2 + 2 beta" in hint and "'R'" in hint
    assert "no violation found proves nothing" in _outcome("ABE", SET)
    assert "the Hessian is PSD" in _outcome("A", SET)
    assert "E reads the plot backwards" in _outcome("E", ONE)
    assert "not right" in _outcome("D", ONE)


def test_a_choice_of_the_wrong_form_says_what_form():
    assert "should have 6 labels" in _outcome("BAD", SEQ)
    assert "'X' is not one of the labels" in _outcome("BXDCAB", SEQ)
    assert "wrong type" in _outcome(3, SEQ)
    assert "not one of" in _outcome({"P": "underdamped", "Q": "x", "R": "unstable"}, MAP)
    assert "missing 'S'" in _outcome({"P": "unstable", "Q": "unstable", "R": "unstable"}, MAP)
    assert "is not one of the keys" in _outcome(dict(P="unstable", T="unstable"), MAP)
    assert "wrong type" in _outcome(["A"], ONE) and "wrong type" in _outcome("AB", MAP)


def _all_sequences(labels, n):
    return ("".join(p) for p in itertools.product(labels, repeat=n))


def test_guessing_only_the_right_choice_scores():
    """Every answer of the right form is tried: exactly one passes."""
    assert sum(_outcome(g, SEQ) == "ok" for g in _all_sequences("ABCD", 6)) == 1
    regimes = ["overdamped", "critically damped", "underdamped", "unstable"]
    maps = [dict(zip("PQRS", p)) for p in itertools.product(regimes, repeat=4)]
    assert sum(_outcome(m, MAP) == "ok" for m in maps) == 1
    subsets = [set(c) for k in range(7) for c in itertools.combinations("ABCDEF", k)]
    assert len(subsets) == 64 and sum(_outcome(s, SET) == "ok" for s in subsets) == 1
    assert sum(_outcome(lb, ONE) == "ok" for lb in "ABCDE") == 1


def test_practice_data_holds_only_the_form_of_a_choice():
    rng = np.random.default_rng(0)
    for exp in (SEQ, MAP, SET, ONE):
        form = _practice_expectation(exp, rng)
        text = json.dumps(form)
        assert form["form_only"] and "expected" not in form and "hints" not in form
        assert "digest" not in text and "boundary" not in text and "proves" not in text
    form = _practice_expectation(SEQ, rng)
    # any answer of the right form is recorded, right or wrong; a wrong form is refused
    assert _outcome("BADCAB", form) == _outcome("AAAAAA", form) == "recorded"
    assert "should have 6 labels" in _outcome("AAA", form)
    assert "missing 'Q', 'R', 'S'" in _outcome({"P": "unstable"}, _practice_expectation(MAP, rng))


def _score(parts, namespace):
    replies = [answer_part(namespace, p["cases"]) for p in parts]
    return score_exercise({"id": "0.1", "title": "demo"}, parts, replies)


def test_a_recorded_choice_is_marked_in_the_practice_feedback():
    grading = [
        {"name": "the prediction", "points": 2, "cases": [value("pred", "six starts", SEQ)]},
        {"name": "a number", "points": 1, "cases": [value("x", "x", close(2.5, "x"))]},
    ]
    rng = np.random.default_rng(1)
    practice = [
        dict(p, cases=[dict(c, expect=_practice_expectation(c["expect"], rng)) for c in p["cases"]])
        for p in grading
    ]
    wrong = {"pred": "AAAAAA", "x": 2.5}
    result = _score(practice, wrong)
    assert result.recorded == ["the prediction"] and result.points == 3
    assert "[rec ] the prediction" in result.text(practice=True)
    assert "graded" in result.text(practice=True)
    graded = _score(grading, wrong)
    assert graded.points == 1 and graded.recorded == []
    assert "start 1: the boundary is not w = 0" in graded.feedback
    assert "expected" not in graded.feedback  # a short answer's value is never shown
    assert _score(grading, {"pred": "BADCAB", "x": 2.5}).status == "passed"
    blank_prediction = _score(grading, {"pred": ..., "x": 2.5})  # the number still counts
    assert (blank_prediction.status, blank_prediction.points) == ("partial", 1)


# ------------------------------------------------------------------------------- tuples


TRIPLE = tuple_of(
    "the answer",
    "(converges, rate, steps)",
    [
        (0, equal(False, "converges")),
        (1, close(1.25, "the rate")),
        (2, equal(None, "steps", none_hint="the run diverges: steps is None")),
    ],
    3,
)


def test_tuples_of_any_length_with_none_items():
    assert _outcome((False, 1.25, None), TRIPLE) == "ok"
    assert _outcome([False, 1.25, None], TRIPLE) == "ok"
    assert "the run diverges: steps is None" in _outcome((False, 1.25, 12), TRIPLE)
    assert "converges is not right" in _outcome((True, 1.25, None), TRIPLE)
    assert "True or False" in _outcome((0, 1.25, None), TRIPLE)
    assert "a tuple of 3" in _outcome((False, 1.25), TRIPLE)
    steps = tuple_of(
        "the answer",
        "(converges, rate, steps)",
        [(2, equal(57, "steps", none_hint="it converges: give the steps"))],
        3,
    )
    assert "it converges: give the steps" in _outcome((True, 0.8, None), steps)
    assert "off by one" in _outcome((True, 0.8, 58), steps)
    assert _outcome((True, 0.8, np.int64(57)), steps) == "ok"
    old = pair("the pair", "(a, b)", [(0, close(1.0, "a")), (1, close(2.0, "b"))], "swapped")
    assert "length" not in old  # a pair's data is what it was
    assert _outcome((1.0, 2.0), old) == "ok" and _outcome((2.0, 1.0), old) == "swapped"
    with pytest.raises(ValueError, match="indices"):
        tuple_of("x", "(a, b, c)", [(3, close(1.0, "d"))], 3)


def test_tuple_items_in_practice_are_digests():
    rng = np.random.default_rng(2)
    right = (True, 0.8, 57)
    exp = tuple_of(
        "the answer",
        "(converges, rate, steps)",
        [(0, equal(True, "converges")), (1, close(0.8, "the rate")), (2, equal(57, "steps"))],
        3,
    )
    form = _practice_expectation(exp, rng)
    assert all(s["type"] == "secret" and "expected" not in s for _, s in form["items"])
    assert _outcome(right, form) == "ok"
    assert "too high" in _outcome((True, 0.95, 57), form)
    assert "converges is not right" in _outcome((False, 0.8, 57), form)
    # None ("diverges") is kept as it is: a digest of one of two answers hides nothing
    none = _practice_expectation(TRIPLE, rng)
    assert none["items"][2][1] == TRIPLE["items"][2][1]
    assert _outcome((False, 1.25, None), none) == "ok"
    assert "the run diverges: steps is None" in _outcome((False, 1.25, 3), none)


def test_sets_survive_the_codec():
    for x in ({"A", "B"}, frozenset({1, 2}), set()):
        assert decode(json.loads(json.dumps(encode(x)))) == set(x)
    assert encode({"B", "A"}) == encode({"A", "B"})


# ---------------------------------------------------------------------------- verifiers


@pytest.fixture
def positive_verifier():
    @verifier("test_positive_below")
    def _check(got, limit):
        x = as_number(got, "the answer")
        if x <= 0:
            fail("sign", "the answer must be positive")
        if x >= limit:
            fail("too_large", f"the answer must be below {limit}")

    yield "test_positive_below"
    del VERIFIERS["test_positive_below"]


def test_a_verifier_checks_a_property_and_maps_failures_to_hints(positive_verifier):
    exp = verify(
        positive_verifier,
        "the step",
        {"limit": 2.0},
        hints={"too_large": "past 2 / lambda the run diverges"},
    )
    assert "expected" not in json.dumps(exp)
    for good in (0.5, 1.999, np.float64(1.0)):
        assert _outcome(good, exp) == "ok"
    assert _outcome(2.5, exp) == "the step: past 2 / lambda the run diverges"
    assert _outcome(-1.0, exp) == "the step: the answer must be positive"
    assert "should be a number" in _outcome("one", exp)
    assert "not a finite number" in _outcome(float("nan"), exp)
    # a verifier is kept as it is in the practice data: it holds no answer
    assert _practice_expectation(exp, np.random.default_rng(0)) == exp
    with pytest.raises(ValueError, match="unknown verifier"):
        verify("no_such_verifier", "x")
    with pytest.raises(ValueError, match="registered twice"):
        verifier(positive_verifier)(lambda got: None)


def test_a_verify_case_on_a_function_gets_its_inputs(positive_verifier):
    case = call(
        "step_for",
        [4.0],
        ["lam"],
        expect=verify(positive_verifier, "the step", {"limit": 0.5}),
    )
    part = [{"name": "a step", "points": 2, "cases": [case]}]
    assert _score(part, {"step_for": lambda lam: 1 / lam}).status == "passed"
    result = _score(part, {"step_for": lambda lam: 2 / lam})
    assert result.points == 0 and "must be below 0.5" in result.feedback
    assert "lam=4" in result.feedback


def test_choice_rejects_a_malformed_declaration():
    with pytest.raises(ValueError, match="not one of"):
        choice("Z", "x", "ABC")
    with pytest.raises(ValueError, match="every key"):
        choice({"P": "A"}, "x", "AB", keys=["P", "Q"])
    with pytest.raises(ValueError, match="distinct"):
        choice("A", "x", ["A", "a"])


def test_a_part_left_blank_costs_its_own_points_only():
    """An exercise with two answers: one written and right, one still `...`. The written
    part earns its points; the exercise is 'not attempted' only when every part is."""
    parts = [
        {"name": "a number", "points": 1, "cases": [value("x", "x", close(2.5, "x"))]},
        {"name": "another", "points": 3, "cases": [value("y", "y", close(-1.0, "y"))]},
    ]
    half = _score(parts, {"x": 2.5, "y": ...})
    assert (half.points, half.max_points, half.status) == (1, 4, "partial")
    assert [row[1] for row in half.parts] == [1, 0]
    assert "Not attempted (another)" in half.feedback and "still `...`" in half.feedback
    wrong_and_blank = _score(parts, {"x": 9.0, "y": ...})
    assert (wrong_and_blank.points, wrong_and_blank.status) == (0, "failed")
    assert wrong_and_blank.feedback.startswith("Hint (a number)")
    assert "Not attempted (another)" in wrong_and_blank.feedback
    blank = _score(parts, {"x": ..., "y": ...})
    assert (blank.points, blank.status) == (0, "not attempted")


def test_known_wrong_answers_of_a_short_number_are_digests_too():
    """A wrong answer's value can lead to the right one (2 x the answer, a neighbour):
    the practice data keeps it only as a digest, with its hint."""
    exp = close(
        39.0,
        "the products",
        rtol=0,
        atol=3,
        variants=[(78.0, "one product per step"), (83.0, "the square of the ratio")],
        plausible=(0, 1000),
    )
    form = _practice_expectation(exp, np.random.default_rng(3))
    stored = {"type", "what", "salt", "kind", "grid", "sign", "band", "digests"}
    assert set(form) == stored | {"variant_digests"}  # no plain values of wrong answers
    for digests, _ in form["variant_digests"]:
        assert all(isinstance(d, str) and len(d) == 24 for d in digests)
    assert _outcome(40, form) == "ok"
    assert _outcome(78, form) == "one product per step"
    assert _outcome(84, form) == "the square of the ratio"
    word = _practice_expectation(
        equal("degenerate", "kind", {"saddle": "no negative eigenvalue"}),
        np.random.default_rng(4),
    )
    assert "variants" not in word and "saddle" not in json.dumps(word)
    assert _outcome(" Saddle", word) == "no negative eigenvalue"
    assert _outcome("degenerate", word) == "ok"

"""Hidden checks of the graded exercises, one module a chapter, with the reference answers.

Importing this package registers every exercise in :data:`instructor.cases.EXERCISES`
(re-exported here) and gives the functions that draw their cases. Each module mirrors one
solution notebook in ``solutions/``. This is the instructor's side:
it is not installed by ``requirements.txt``, not part of the student release, and never
importable from a process that runs a student's code.
"""

from __future__ import annotations

import numpy as np

from helpers.practice.codec import decode
from helpers.practice.compare import summarize_secret

from ..cases import EXERCISES, PRACTICE_SEED, rng_for
from . import ch01, ch02, ch03, ch04, ch05, ch06, ch07, ch08, ch09  # noqa: F401  (registers)

__all__ = ["EXERCISES", "exercise_meta", "grading_cases", "practice_cases", "evaluate_in_process"]


def exercise_meta(exercise_id: str) -> dict:
    ex = EXERCISES[exercise_id]
    return {
        "id": ex.id,
        "title": ex.title,
        "names": list(ex.names),
        "max_points": ex.max_points,
        "forbid": list(ex.forbid),
    }


def grading_cases(exercise_id: str, seed: int, salt: str = "") -> list[dict]:
    """The parts of one exercise with the cases drawn from ``seed`` (and ``salt``)."""
    ex = EXERCISES[exercise_id]
    with np.errstate(all="ignore"):
        return [
            {"name": p.name, "points": p.points, "cases": p.make(rng_for(seed, ex.id, i, salt))}
            for i, p in enumerate(ex.parts)
        ]


def _secret_case(case: dict, rng) -> dict:
    """A short answer's case as the practice data holds it: no value, only a digest."""
    return dict(case, expect=_practice_expectation(case["expect"], rng))


_FORM_KEYS = ("what", "labels", "kind", "keys", "length", "item_names")


def _practice_expectation(exp: dict, rng) -> dict:
    """A short answer's expectation as the practice data holds it: a number or a word as
    a digest; a choice as its form only (no digest: a few thousand choices could be tried
    against one); a tuple item by item; a verifier as it is (it holds no answer)."""
    if exp["type"] == "choice":
        return dict({k: exp[k] for k in _FORM_KEYS if k in exp}, type="choice", form_only=True)
    if exp["type"] == "pair":
        items = [[i, _practice_expectation(sub, rng)] for i, sub in exp["items"]]
        return dict(exp, items=items, swapped_hint=None)
    if exp["type"] == "item":
        return dict(exp, expect=_practice_expectation(exp["expect"], rng))
    if exp["type"] == "either":
        word, other = (_practice_expectation(exp[k], rng) for k in ("word", "other"))
        return dict(exp, word=word, other=other)
    if exp["type"] == "verify":
        return exp
    expected = decode(exp["expected"])
    if expected is None:  # "diverges": a digest of one of two answers would hide nothing
        return exp
    variants = [(decode(v), h) for v, h in exp.get("variants", [])]
    if exp["type"] == "close":
        tolerance = exp["atol"] + exp["rtol"] * abs(float(expected))
    elif isinstance(expected, int) and not isinstance(expected, bool):
        tolerance = 0.5  # a whole number, exactly (the grid cells round to it alone)
    else:
        tolerance = 1
    return summarize_secret(expected, exp["what"], tolerance, rng, variants)


def practice_cases(exercise_id: str) -> dict:
    """The practice data of one exercise, as ``helpers/practice/cases/chNN.json`` holds it."""
    ex = EXERCISES[exercise_id]
    parts = grading_cases(exercise_id, PRACTICE_SEED, "practice")
    rng = rng_for(PRACTICE_SEED, ex.id, 999, "secret")
    for part in parts:
        part["cases"] = [_secret_case(c, rng) if c["kind"] == "value" else c for c in part["cases"]]
    data = {"id": ex.id, "title": ex.title, "names": list(ex.names), "parts": parts}
    if ex.forbid:  # the helpers this exercise asks the student to write
        data["forbid"] = list(ex.forbid)
    return data


def evaluate_in_process(
    exercise_id: str, namespace: dict, seed: int = PRACTICE_SEED, salt: str = ""
):
    """Score answers in this process on the grading cases of ``seed`` (for tests and authors).

    The grader never does this with a student's code: it calls the code in the student's
    own process (:mod:`instructor.grader`). Here the answers are trusted.
    """
    from helpers.practice.evaluate import answer_part, score_exercise

    parts = grading_cases(exercise_id, seed, salt)
    forbid = EXERCISES[exercise_id].forbid
    with np.errstate(all="ignore"):
        replies = [answer_part(namespace, p["cases"], forbid, exercise_id) for p in parts]
    return score_exercise(exercise_meta(exercise_id), parts, replies)

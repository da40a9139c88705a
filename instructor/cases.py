r"""Exercises, their parts, and the cases each part draws from a seed.

An exercise is registered with :class:`Exercise` and a few *parts*. Each part is a function
``part(rng) -> [case, ...]`` that draws its inputs from ``rng`` and computes what a right
answer returns with the reference code in :mod:`instructor.checks`. A case is plain data
(:mod:`helpers.practice.evaluate` describes it), built here with :func:`call` or
:func:`value` and an expectation from :func:`close`, :func:`equal` or :func:`pair`.

The same parts make two kinds of cases:

* **practice cases**, drawn from :data:`PRACTICE_SEED`, written into the student package
  by ``python -m instructor practice`` (short answers only as a digest, see
  :func:`practice_cases`);
* **grading cases**, drawn at grading time from the seed the instructor passes to the
  grader, so no table of answers collected from the practice feedback survives.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Callable

import numpy as np

from helpers.practice.codec import encode
from helpers.practice.compare import summarize_secret
from helpers.practice.inputs import show

__all__ = ["EXERCISES", "PRACTICE_SEED", "Exercise", "call", "value", "close", "equal", "pair",
           "fn", "grading_cases", "practice_cases", "exercise_meta", "sort_key"]

PRACTICE_SEED = 20260
EXERCISES: dict[str, "Exercise"] = {}


def sort_key(exercise_id: str):
    return tuple(int(x) if x.isdigit() else x for x in exercise_id.split("."))


@dataclass
class _Part:
    name: str
    points: float
    make: Callable


class Exercise:
    """A graded exercise: an id such as ``"5.1"``, a title, the names the student defines."""

    def __init__(self, exercise_id: str, title: str, names):
        self.id, self.title, self.names = exercise_id, title, tuple(names)
        self.parts: list[_Part] = []
        if exercise_id in EXERCISES:
            raise ValueError(f"exercise {exercise_id} is registered twice")
        EXERCISES[exercise_id] = self

    @property
    def max_points(self) -> float:
        return float(sum(p.points for p in self.parts))

    @property
    def chapter(self) -> int:
        return int(self.id.split(".")[0])

    def part(self, name: str, points: float = 1):
        def deco(make):
            self.parts.append(_Part(name, points, make))
            return make
        return deco


# ------------------------------------------------------------------------- building cases

def fn(kind: str, name: str, **params) -> dict:
    """An input function for a case (rebuilt by :func:`helpers.practice.inputs.build`)."""
    return {"fn": {"kind": kind, "name": name, **{k: encode(v) for k, v in params.items()}}}


def call(answer: str, args, names, inputs: str | None = None, expect: dict | None = None) -> dict:
    """A case that calls the student's function ``answer(*args)``."""
    if inputs is None:
        inputs = ", ".join(f"{n}={_show_arg(a)}" for n, a in zip(names, args))
    return {"answer": answer, "kind": "call", "args": [_arg(a) for a in args],
            "arg_names": list(names), "inputs": inputs, "expect": expect}


def value(answer: str, inputs: str, expect: dict) -> dict:
    """A case that reads the student's short answer ``answer`` (a number or a word)."""
    expect = dict(expect, short=True)
    return {"answer": answer, "kind": "value", "args": [], "arg_names": [], "inputs": inputs,
            "expect": expect}


def _arg(a):
    return a if isinstance(a, dict) and "fn" in a else encode(a)


def _show_arg(a):
    if isinstance(a, dict) and "fn" in a:
        return a["fn"]["name"]
    return show(a)


def close(expected, what: str, variants=(), rtol: float = 1e-6, atol: float = 1e-8,
          steps: bool = False) -> dict:
    return {"type": "close", "expected": encode(expected), "what": what,
            "variants": [[encode(v), h] for v, h in variants], "rtol": rtol, "atol": atol,
            "steps": steps}


def equal(expected, what: str, variants=None) -> dict:
    expected = int(expected) if isinstance(expected, (int, np.integer)) else expected
    items = [] if not variants else [[encode(k), h] for k, h in variants.items()
                                     if h is not None and k is not None]
    return {"type": "equal", "expected": encode(expected), "what": what, "variants": items}


def pair(what: str, shape_text: str, items, swapped_hint: str | None = None) -> dict:
    """A pair answer; ``items`` is ``[(index, expectation), ...]`` in the order checked."""
    return {"type": "pair", "what": what, "shape_text": shape_text,
            "items": [[int(i), e] for i, e in items], "swapped_hint": swapped_hint}


# ----------------------------------------------------------------------- drawing the cases

def _rng(seed: int, exercise_id: str, part: int, salt: str = "") -> np.random.Generator:
    words = [int(seed) & 0xFFFFFFFF, int(seed) >> 32 & 0xFFFFFFFF,
             zlib.crc32(exercise_id.encode()), part, zlib.crc32(salt.encode())]
    return np.random.default_rng(words)


def _load():
    from . import checks  # noqa: F401  (registers the exercises)


def exercise_meta(exercise_id: str) -> dict:
    _load()
    ex = EXERCISES[exercise_id]
    return {"id": ex.id, "title": ex.title, "names": list(ex.names),
            "max_points": ex.max_points}


def grading_cases(exercise_id: str, seed: int, salt: str = "") -> list[dict]:
    """The parts of one exercise with the cases drawn from ``seed`` (and ``salt``)."""
    _load()
    ex = EXERCISES[exercise_id]
    with np.errstate(all="ignore"):
        return [{"name": p.name, "points": p.points, "cases": p.make(_rng(seed, ex.id, i, salt))}
                for i, p in enumerate(ex.parts)]


def _secret_case(case: dict, rng) -> dict:
    """A short answer's case as the practice data holds it: no value, only a digest."""
    exp = case["expect"]
    from helpers.practice.codec import decode

    expected = decode(exp["expected"])
    variants = [(decode(v), h) for v, h in exp.get("variants", [])]
    if exp["type"] == "close":
        tolerance = exp["atol"] + exp["rtol"] * abs(float(expected))
    else:
        tolerance = 1
    secret = summarize_secret(expected, exp["what"], tolerance, rng, variants)
    return dict(case, expect=secret)


def practice_cases(exercise_id: str) -> dict:
    """The practice data of one exercise, as ``helpers/practice/cases/chNN.json`` holds it."""
    _load()
    ex = EXERCISES[exercise_id]
    parts = grading_cases(exercise_id, PRACTICE_SEED, "practice")
    rng = _rng(PRACTICE_SEED, ex.id, 999, "secret")
    for part in parts:
        part["cases"] = [_secret_case(c, rng) if c["kind"] == "value" else c
                         for c in part["cases"]]
    return {"id": ex.id, "title": ex.title, "names": list(ex.names), "parts": parts}


def evaluate_in_process(exercise_id: str, namespace: dict, seed: int = PRACTICE_SEED,
                        salt: str = ""):
    """Score answers in this process on the grading cases of ``seed`` (for tests and authors).

    The grader never does this with a student's code: it calls the code in the student's
    own process (:mod:`instructor.grader`). Here the answers are trusted.
    """
    from helpers.practice.evaluate import answer_part, score_exercise

    parts = grading_cases(exercise_id, seed, salt)
    with np.errstate(all="ignore"):
        replies = [answer_part(namespace, p["cases"]) for p in parts]
    return score_exercise(exercise_meta(exercise_id), parts, replies)

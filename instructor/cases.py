r"""Exercises, their parts, and the cases each part draws from a seed.

An exercise is registered with :class:`Exercise` and a few *parts*. Each part is a function
``part(rng) -> [case, ...]`` that draws its inputs from ``rng`` and computes what a right
answer returns with the reference code in :mod:`instructor.checks`. A case is plain data
(:mod:`helpers.practice.evaluate` describes it), built here with :func:`call` or
:func:`value` and an expectation from :func:`close`, :func:`equal` or :func:`pair`.

:mod:`instructor.checks` registers every exercise and draws the cases; the same parts make
two kinds of them:

* **practice cases**, drawn from :data:`PRACTICE_SEED`, written into the student package
  by ``python -m instructor practice`` (short answers only as a digest, see
  :func:`practice_cases`);
* **grading cases**, drawn at grading time from the seed the instructor passes to the
  grader, so no table of answers collected from the practice feedback survives.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from helpers.practice.codec import encode
from helpers.practice.inputs import show

__all__ = [
    "EXERCISES",
    "PRACTICE_SEED",
    "Exercise",
    "call",
    "value",
    "close",
    "equal",
    "pair",
    "fn",
    "sort_key",
    "rng_for",
]

PRACTICE_SEED = 20260
EXERCISES: dict[str, Exercise] = {}


def sort_key(exercise_id: str):
    return tuple(int(x) if x.isdigit() else x for x in exercise_id.split("."))


@dataclass
class _Part:
    name: str
    points: float
    make: Callable


class Exercise:
    """A graded exercise: an id such as ``"5.1"``, a title, the names the student defines,
    and ``forbid``: the helpers (``h.<name>``) that would do the exercise for the student.
    Those raise a clear error while the answer is checked, in practice and in grading
    (:mod:`helpers.practice.forbid`; a speed bump, not a proof)."""

    def __init__(self, exercise_id: str, title: str, names, forbid=()):
        self.id, self.title, self.names = exercise_id, title, tuple(names)
        self.forbid = tuple(forbid)
        if isinstance(forbid, str) or not all(
            isinstance(n, str) and n.isidentifier() for n in self.forbid
        ):
            raise ValueError(
                f"forbid of exercise {exercise_id} must be a tuple of helper names, got "
                f'{forbid!r}; e.g. forbid=("mse_hessian",)'
            )
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
    return {
        "answer": answer,
        "kind": "call",
        "args": [_arg(a) for a in args],
        "arg_names": list(names),
        "inputs": inputs,
        "expect": expect,
    }


def value(answer: str, inputs: str, expect: dict) -> dict:
    """A case that reads the student's short answer ``answer`` (a number or a word)."""
    expect = dict(expect, short=True)
    return {
        "answer": answer,
        "kind": "value",
        "args": [],
        "arg_names": [],
        "inputs": inputs,
        "expect": expect,
    }


def _arg(a):
    return a if isinstance(a, dict) and "fn" in a else encode(a)


def _show_arg(a):
    if isinstance(a, dict) and "fn" in a:
        return a["fn"]["name"]
    return show(a)


def close(
    expected, what: str, variants=(), rtol: float = 1e-6, atol: float = 1e-8, steps: bool = False
) -> dict:
    return {
        "type": "close",
        "expected": encode(expected),
        "what": what,
        "variants": [[encode(v), h] for v, h in variants],
        "rtol": rtol,
        "atol": atol,
        "steps": steps,
    }


def equal(expected, what: str, variants=None) -> dict:
    expected = int(expected) if isinstance(expected, (int, np.integer)) else expected
    items = (
        []
        if not variants
        else [[encode(k), h] for k, h in variants.items() if h is not None and k is not None]
    )
    return {"type": "equal", "expected": encode(expected), "what": what, "variants": items}


def pair(what: str, shape_text: str, items, swapped_hint: str | None = None) -> dict:
    """A pair answer; ``items`` is ``[(index, expectation), ...]`` in the order checked."""
    return {
        "type": "pair",
        "what": what,
        "shape_text": shape_text,
        "items": [[int(i), e] for i, e in items],
        "swapped_hint": swapped_hint,
    }


# ----------------------------------------------------------------------- drawing the cases


def rng_for(seed: int, exercise_id: str, part: int, salt: str = "") -> np.random.Generator:
    """The generator of one part's cases: a function of the seed, the exercise, the part
    and the salt (a Gradescope submission's id), nothing else."""
    words = [
        int(seed) & 0xFFFFFFFF,
        int(seed) >> 32 & 0xFFFFFFFF,
        zlib.crc32(exercise_id.encode()),
        part,
        zlib.crc32(salt.encode()),
    ]
    return np.random.default_rng(words)

r"""Exercises, their parts, and the cases each part draws from a seed.

An exercise is registered with :class:`Exercise` and a few *parts*. Each part is a function
``part(rng) -> [case, ...]`` that draws its inputs from ``rng`` and computes what a right
answer returns with the reference code in :mod:`instructor.checks`. A case is plain data
(:mod:`helpers.practice.evaluate` describes it), built here with :func:`call` or
:func:`value` and an expectation from :func:`close`, :func:`equal`, :func:`pair` (or
:func:`tuple_of`, any length), :func:`choice` (labels, sets, sequences, mappings) or
:func:`verify` (a verifier in :mod:`helpers.practice.verifiers` checks a property).

:mod:`instructor.checks` registers every exercise and draws the cases; the same parts make
two kinds of them:

* **practice cases**, drawn from :data:`PRACTICE_SEED`, written into the student package
  by ``python -m instructor practice`` (short answers only as a digest, a choice only as
  its form, see :func:`instructor.checks.practice_cases`);
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
    "tuple_of",
    "choice",
    "verify",
    "item",
    "either",
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
    expected,
    what: str,
    variants=(),
    rtol: float = 1e-6,
    atol: float = 1e-8,
    steps: bool = False,
    plausible=None,
) -> dict:
    """A number or an array within ``rtol``/``atol``. For a short answer, ``plausible`` is
    the range of values a student might reasonably give, ``(lo, hi)``: the tests check that
    the tolerance is below 1% of it, so a guess has under a 1% chance (the practice data
    does not keep it)."""
    out = {
        "type": "close",
        "expected": encode(expected),
        "what": what,
        "variants": [[encode(v), h] for v, h in variants],
        "rtol": rtol,
        "atol": atol,
        "steps": steps,
    }
    if plausible is not None:
        lo, hi = (float(x) for x in plausible)
        if not lo < hi:
            raise ValueError(f"close: plausible must be (lo, hi) with lo < hi, got {plausible}")
        out["plausible"] = [lo, hi]
    return out


def equal(expected, what: str, variants=None, none_hint: str | None = None) -> dict:
    """A whole number, a word, True/False or None, exactly. ``none_hint`` is the hint
    when the answer is None and should not be, or is not None and should be."""
    if isinstance(expected, (bool, np.bool_)):
        expected = bool(expected)
    elif isinstance(expected, (int, np.integer)):
        expected = int(expected)
    items = (
        []
        if not variants
        else [[encode(k), h] for k, h in variants.items() if h is not None and k is not None]
    )
    out = {"type": "equal", "expected": encode(expected), "what": what, "variants": items}
    if none_hint:
        out["none_hint"] = none_hint
    return out


def pair(what: str, shape_text: str, items, swapped_hint: str | None = None) -> dict:
    """A pair answer; ``items`` is ``[(index, expectation), ...]`` in the order checked."""
    return tuple_of(what, shape_text, items, 2, swapped_hint)


def tuple_of(
    what: str, shape_text: str, items, length: int, swapped_hint: str | None = None
) -> dict:
    """A tuple of ``length`` items, e.g. ``(converges, rate, steps)``; ``items`` is
    ``[(index, expectation), ...]`` in the order checked (an item may be expected to be
    None: ``equal(None, ...)``). ``swapped_hint`` is for a pair whose items are swapped."""
    if length < 1 or any(not 0 <= int(i) < length for i, _ in items):
        raise ValueError(f"tuple_of: item indices must lie in 0..{length - 1}, got {items!r}")
    out = {
        "type": "pair",
        "what": what,
        "shape_text": shape_text,
        "items": [[int(i), e] for i, e in items],
        "swapped_hint": swapped_hint if length == 2 else None,
    }
    if length != 2:  # a pair's data stays as it was
        out["length"] = int(length)
    return out


def _label(x) -> str:
    from helpers.practice.compare import normalize_label

    out = normalize_label(x)
    if out is None:
        raise ValueError(f"a label must be a string, got {x!r}")
    return out


def choice(expected, what: str, labels, hints=(), keys=None, item_names=None, one_of=None) -> dict:
    """A choice, compared exactly (after stripping and upper-casing):

    * ``expected`` a string: one label out of ``labels``;
    * a set or frozenset: a set of labels (order free);
    * a list or tuple: a sequence of labels, one an item in order (``"BADC"`` is read as
      ``["B", "A", "D", "C"]`` when every label is one letter); ``item_names`` names the
      items in the feedback (``["start 1", ...]``);
    * a dict: a mapping from each of ``keys`` (default: its keys) to a label.

    ``one_of`` (with ``expected=None``): one label, right when it is in this set (which
    may be empty: no label is right, e.g. when a witness is wanted instead).

    ``hints`` teach, one for each kind of wrong item: ``[(item, wrong, hint), ...]``, where
    ``item`` is the position (sequence), key (mapping) or label (set; ``wrong`` True when it
    is chosen but should not be, False when it is missing) and ``wrong`` the wrong label
    given; None in either place matches any (``(None, None, hint)``: every wrong item).
    The practice data keeps only the form.
    """
    labels = [_label(lb) for lb in labels]
    if len(set(labels)) != len(labels) or not labels:
        raise ValueError(f"choice: labels must be distinct and non-empty, got {labels!r}")
    out = {"type": "choice", "what": what, "labels": labels}
    if one_of is not None:
        if expected is not None:
            raise ValueError("choice: give expected or one_of, not both")
        accepted = sorted({_label(x) for x in one_of})
        if any(x not in labels for x in accepted):
            raise ValueError(f"choice: one_of must be labels out of {labels}")
        out.update(kind="label", one_of=accepted)
        out["hints"] = [[None, _label(w), str(h)] for i, w, h in hints]
        return out
    if isinstance(expected, str):
        exp, kind = _label(expected), "label"
        if exp not in labels:
            raise ValueError(f"choice: {expected!r} is not one of {labels}")
    elif isinstance(expected, (set, frozenset)):
        exp, kind = {_label(x) for x in expected}, "set"
    elif isinstance(expected, (list, tuple)):
        exp, kind = [_label(x) for x in expected], "sequence"
        out["length"] = len(exp)
        if item_names is not None:
            if len(item_names) != len(exp):
                raise ValueError("choice: one item name per item")
            out["item_names"] = list(item_names)
    elif isinstance(expected, dict):
        exp, kind = {_label(k): _label(v) for k, v in expected.items()}, "mapping"
        out["keys"] = [_label(k) for k in (keys if keys is not None else expected)]
        if sorted(out["keys"]) != sorted(exp):
            raise ValueError("choice: the expected mapping must answer every key")
    else:
        raise ValueError(f"choice: expected must be a str, set, list or dict, got {expected!r}")
    values = [exp] if kind == "label" else exp.values() if kind == "mapping" else exp
    if any(v not in labels for v in values):
        raise ValueError(f"choice: every expected label must be one of {labels}")
    out["kind"] = kind
    out["expected"] = encode(exp)

    def item(i):
        if i is None or isinstance(i, (bool, int)):
            return i
        return _label(i)

    out["hints"] = [
        [item(i), w if w is None or isinstance(w, bool) else _label(w), str(h)] for i, w, h in hints
    ]
    return out


def item(key: str, what: str, expect: dict) -> dict:
    """The entry ``key`` of a dict answer (e.g. ``verdicts["exp"]``), checked by ``expect``."""
    return {"type": "item", "key": key, "what": what, "expect": expect}


def either(word: dict, other: dict) -> dict:
    """A string answer is checked by ``word`` (e.g. a label), anything else by ``other``
    (e.g. a witness checked by a verifier)."""
    return {"type": "either", "word": word, "other": other}


def verify(verifier: str, what: str, params=None, hints=None) -> dict:
    """An answer checked by ``VERIFIERS[verifier](got, **params)``
    (:mod:`helpers.practice.verifiers`): ``params`` describe the problem (never the
    answer); ``hints`` map the verifier's failure keys to teaching hints."""
    from helpers.practice.verifiers import VERIFIERS

    if verifier not in VERIFIERS:
        raise ValueError(f"unknown verifier {verifier!r}; known: {sorted(VERIFIERS)}")
    return {
        "type": "verify",
        "verifier": verifier,
        "what": what,
        "params": {k: _arg(v) for k, v in (params or {}).items()},
        "hints": dict(hints or {}),
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

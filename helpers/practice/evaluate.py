r"""Run an exercise's cases against a student's answers and score them, part by part.

The same two steps serve the practice check in a student's kernel and the instructor's
grader, which runs them in two processes:

1. :func:`answer_part` looks up the student's answers in a namespace, calls them on a
   part's cases and returns *replies*: plain data (:mod:`helpers.practice.codec`), with
   what each call returned or raised and the array arguments after the call.
2. :func:`score_exercise` compares the replies with the cases' expectations
   (:mod:`helpers.practice.compare`) and returns a :class:`Result` with the points and
   a hint for the first failing part.

A case is a dict ``{"answer": name, "kind": "call" | "value", "args": [...],
"arg_names": [...], "inputs": text, "expect": {...}}``; ``answer_part`` never looks at
``expect``, so the grader sends the student's process the cases without it.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from dataclasses import asdict, dataclass, field

import numpy as np

from .codec import decode, encode
from .compare import Recorded, Wrong, check_expectation
from .forbid import CALLED, Forbidden, ForbiddenHelper, forbidden_message
from .inputs import build, show

__all__ = ["Result", "answer_case", "answer_part", "score_exercise", "strip_expectations"]


# --------------------------------------------------------------------- the student's side


def answer_case(namespace: dict, case: dict) -> dict:
    """Call (or read) the student's answer for one case; the reply is plain data."""
    name = case["answer"]
    if name not in namespace:
        return {"status": "missing"}
    answer = namespace[name]
    if answer is Ellipsis:
        return {"status": "ellipsis"}
    if case.get("kind") == "value":
        return {"status": "ok", "out": encode(answer)}
    if not callable(answer):
        return {"status": "notcallable", "type": type(answer).__name__}
    args = [decode(a, build) for a in case.get("args", [])]
    try:
        with (
            contextlib.redirect_stdout(io.StringIO()),
            warnings.catch_warnings(),
            np.errstate(all="ignore"),
        ):
            warnings.simplefilter("ignore")
            out = answer(*args)
    except NotImplementedError:
        return {"status": "notimplemented"}
    except ForbiddenHelper as exc:
        return {"status": "forbidden", "error": str(exc)[:300]}
    except (Exception, SystemExit, KeyboardInterrupt) as exc:  # the student's code raised
        return {"status": "raised", "error": f"{type(exc).__name__}: {str(exc)[:300]}"}
    after = [encode(a) if isinstance(a, (np.ndarray, list)) else None for a in args]
    return {"status": "ok", "out": encode(out), "after": after}


def answer_part(namespace: dict, cases: list, forbid=(), exercise: str = "") -> list:
    """Replies for every case of one part, stopping at the first that is not answered.

    ``forbid`` names the helpers exercise ``exercise`` asks the student to write
    (:mod:`helpers.practice.forbid`): they raise while the student's functions run, and a
    short answer computed by calling one of them (in a cell run under the same rule) is
    reported as such."""
    replies = []
    names = {str(n): exercise for n in forbid}
    called = sorted(CALLED & set(names))
    with Forbidden(names, namespace):
        for case in cases:
            if called and case.get("kind") == "value":
                reply = {"status": "forbidden", "error": forbidden_message(called[0], exercise)}
            else:
                reply = answer_case(namespace, case)
            replies.append(reply)
            if reply["status"] in ("missing", "ellipsis", "notimplemented"):
                break
    return replies


def strip_expectations(cases: list) -> list:
    """The cases as the student's process gets them: no expected values, no hints."""
    return [{k: v for k, v in c.items() if k in ("answer", "kind", "args")} for c in cases]


# ----------------------------------------------------------------------------- scoring


@dataclass
class Result:
    """The outcome of one exercise; ``as_dict()`` is what the grader stores."""

    exercise: str
    title: str
    points: float
    max_points: float
    status: str  # passed, partial, failed, not attempted, no result
    parts: list = field(default_factory=list)  # [name, points earned, points, passed]
    feedback: str = ""
    recorded: list = field(default_factory=list)  # parts whose choices only the grader grades

    def text(self, practice: bool = False) -> str:
        head = (
            f"Exercise {self.exercise} ({self.title}): {self.status}, "
            f"{_num(self.points)}/{_num(self.max_points)} points"
        )
        if practice:
            head += " on the practice cases"
        lines = [head]
        for name, earned, pts, ok in self.parts:
            mark = (
                "rec "
                if ok and name in self.recorded
                else "ok  "
                if ok
                else " -- "
                if self.status in ("not attempted", "no result")
                else "FAIL"
            )
            lines.append(f"  [{mark}] {name} ({_num(earned)}/{_num(pts)})")
        if self.feedback:
            lines += ["", self.feedback]
        if self.recorded:
            lines += [
                "",
                "[rec ] a choice: recorded, and graded when you submit. The practice "
                "check only checks its form and counts it here; the grader decides "
                "whether it is right.",
            ]
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return asdict(self)


def _num(x) -> str:
    return f"{x:g}"


class _NotAttempted(Exception):
    pass


def _same(a, b) -> bool:
    try:
        return bool(np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True))
    except (TypeError, ValueError):
        return False


def _check_case(case: dict, reply) -> None:
    inputs = case.get("inputs", "")
    if not isinstance(reply, dict):
        raise Wrong("the check got no answer for this case", inputs)
    status = reply.get("status")
    name = case["answer"]
    if status == "missing":
        raise _NotAttempted(f"`{name}` is not defined: run the cell that defines it first.")
    if status == "ellipsis":
        raise _NotAttempted(f"`{name}` is still `...`: replace it with your answer.")
    if status == "notimplemented":
        raise _NotAttempted(
            "The stub still raises NotImplementedError: replace "
            "`raise NotImplementedError` with your code."
        )
    if status == "notcallable":
        raise Wrong(f"`{name}` should be a function, got {str(reply.get('type'))[:60]}", inputs)
    if status == "raised":
        raise Wrong(f"your code raised {str(reply.get('error'))[:300]}", inputs)
    if status == "forbidden":
        raise Wrong(str(reply.get("error"))[:300], inputs)
    if status != "ok":
        raise Wrong("the check got no answer for this case", inputs)
    got = decode(reply.get("out"))
    args = case.get("args", [])
    after = reply.get("after") or []
    names = case.get("arg_names") or [f"argument {i + 1}" for i in range(len(args))]
    for i, (arg, name_i) in enumerate(zip(args, names)):
        before = decode(arg)
        if isinstance(before, (np.ndarray, list)) and i < len(after):
            now = decode(after[i])
            if not _same(before, now):
                raise Wrong(
                    f"your function changed its input `{name_i}` in place (mutated "
                    f"the input). Work on a new array, e.g. `w = w - lr * g` instead "
                    f"of `w -= lr * g`.",
                    inputs,
                    expected=before,
                    got=now,
                )
    check_expectation(got, case["expect"], inputs)


def score_exercise(
    meta: dict, parts: list, replies_by_part: list, time_limit: float | None = None
) -> Result:
    """Score one exercise.

    ``meta`` is ``{"id", "title"}``; ``parts`` a list of ``{"name", "points", "cases"}``;
    ``replies_by_part[i]`` the replies for part ``i`` (a list), ``{"timeout": True}`` when
    the student's code ran past the part's time limit, or ``None`` when no answer came.
    """
    max_points = float(sum(p["points"] for p in parts))
    rows, first_failure, short, recorded, blank = [], None, True, [], []
    for part, replies in zip(parts, replies_by_part):
        short = short and all(c.get("kind") == "value" for c in part["cases"])
        try:
            if isinstance(replies, dict) and replies.get("timeout"):
                limit = f" of {time_limit:g} s" if time_limit else ""
                raise Wrong(
                    f"your code ran longer than the time limit{limit} (an infinite "
                    f"loop, or far too many steps?)"
                )
            if not isinstance(replies, list):
                raise Wrong(
                    "the check got no answer for this part (your code may have ended the process)"
                )
            was_recorded = False
            for i, case in enumerate(part["cases"]):
                try:
                    _check_case(case, replies[i] if i < len(replies) else None)
                except Recorded:  # a choice in the practice check: form right, not graded
                    was_recorded = True
            if was_recorded:
                recorded.append(part["name"])
            rows.append([part["name"], part["points"], part["points"], True])
            continue
        except _NotAttempted as exc:  # this part only: the others still earn their points
            rows.append([part["name"], 0, part["points"], False])
            blank.append((part["name"], str(exc)))
            continue
        except Wrong as exc:
            fail = exc
        except Exception as exc:  # noqa: BLE001 - an answer the comparison did not foresee
            fail = Wrong(
                f"your answer could not be compared with the expected one "
                f"({type(exc).__name__}: {str(exc)[:200]}); check its type and shape"
            )
        rows.append([part["name"], 0, part["points"], False])
        if first_failure is None:
            first_failure = (part["name"], fail, part["cases"])
    if len(blank) == len(parts):
        return Result(meta["id"], meta["title"], 0, max_points, "not attempted", rows, blank[0][1])
    points = float(sum(r[1] for r in rows))
    status = "passed" if points == max_points else "partial" if points > 0 else "failed"
    not_yet = [f"Not attempted ({name}): {why}" for name, why in blank]
    if first_failure is None:
        feedback = "\n".join(not_yet) or "All parts pass."
        return Result(
            meta["id"], meta["title"], points, max_points, status, rows, feedback, recorded
        )
    name, w, cases = first_failure
    lines = [f"Hint ({name}): {w.hint}"]
    # The expected value of a short answer (a number or a word) would give it away;
    # for a function, the expected output on one input is what helps.
    reveal = not all(c.get("kind") == "value" for c in cases)
    if w.inputs:
        lines.append(f"  input:    {w.inputs}")
    if w.expected is not None and reveal:
        lines.append(f"  expected: {show(w.expected)}")
    if w.expected is not None or w.got is not None:
        lines.append(f"  got:      {show(w.got)}")
    return Result(
        meta["id"],
        meta["title"],
        points,
        max_points,
        status,
        rows,
        "\n".join(lines + not_yet),
        recorded,
    )

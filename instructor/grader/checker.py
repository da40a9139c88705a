r"""The checker process: draws the grading cases and scores the replies, never runs
student code.

Started by the grader as ``python -I -S -c ...`` with a ``sys.path`` holding only the
grader's private copy of ``helpers`` and ``instructor`` (made when the run started) and the
environment's site-packages. It reads frames (:mod:`instructor.grader.zygote`) on stdin and
answers on stdout:

* ``{"op": "cases", "exercise", "seed"}`` -> the parts with their cases, without the
  expected values (what the student's process gets), and the helpers the exercise
  forbids;
* ``{"op": "score", "exercise", "seed", "replies", "time_limit"}``, followed by one raw
  frame for each reply ``{"raw": k}`` -> the result. A reply is ``None`` (no answer),
  ``{"timeout": true}``, ``{"toolarge": true}`` or ``{"raw": k}``: the bytes the student's
  process sent for that part, which the grader relayed unread.

``seed`` is the run's case seed (:func:`instructor.grader.seed.case_seed`), never the
grading seed itself. Cases are drawn once per (exercise, seed) and kept. Replies are plain
JSON, decoded here, in a process with a memory limit, by :mod:`helpers.practice.codec`;
nothing a student's process sent is ever unpickled or run.
"""

from __future__ import annotations

import json
import os
import sys

MEMORY = 2 * 2**30  # address space the checker may add to its start (replies are parsed here)
MAX_REPLY = 16 * 2**20


def _parse_reply(data: bytes):
    """The list of replies in one part's frame, or None if it is not one."""
    try:
        msg = json.loads(data)
    except (ValueError, RecursionError, MemoryError):
        return None
    if isinstance(msg, dict) and isinstance(msg.get("replies"), list):
        return msg["replies"]
    return None


def _limit_memory() -> None:
    import resource

    try:
        with open("/proc/self/status") as fh:
            size = next(int(ln.split()[1]) * 1024 for ln in fh if ln.startswith("VmSize:"))
        resource.setrlimit(resource.RLIMIT_AS, (size + MEMORY, size + MEMORY))
    except (OSError, ValueError, StopIteration):
        pass


def main() -> None:
    import numpy as np

    from helpers.practice.evaluate import score_exercise, strip_expectations

    from ..checks import EXERCISES, exercise_meta, grading_cases
    from .zygote import FrameError, recv_frame, recv_raw, send_frame

    np.seterr(all="ignore")
    _limit_memory()
    cache: dict = {}
    rfd, wfd = sys.stdin.fileno(), os.dup(sys.stdout.fileno())
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # prints go nowhere
    while True:
        try:
            msg = recv_frame(rfd)
        except FrameError:
            return
        try:
            raw = []
            if msg.get("op") == "score":
                wanted = sum(1 for r in msg["replies"] if isinstance(r, dict) and "raw" in r)
                raw = [recv_raw(rfd, limit=MAX_REPLY) for _ in range(wanted)]
            key = (msg["exercise"], int(msg["seed"]))
            if key not in cache:
                cache[key] = grading_cases(*key)
            parts = cache[key]
            if msg["op"] == "cases":
                out = {
                    "parts": [
                        {
                            "name": p["name"],
                            "points": p["points"],
                            "cases": strip_expectations(p["cases"]),
                        }
                        for p in parts
                    ],
                    "forbid": list(EXERCISES[key[0]].forbid),
                }
            elif msg["op"] == "score":
                replies = []
                for reply in msg["replies"]:
                    if isinstance(reply, dict) and "raw" in reply:
                        replies.append(_parse_reply(raw[int(reply["raw"])]))
                    elif isinstance(reply, dict) and reply.get("timeout"):
                        replies.append({"timeout": True})
                    else:
                        replies.append(None)
                del raw
                result = score_exercise(
                    exercise_meta(key[0]), parts, replies, msg.get("time_limit")
                )
                out = {"result": result.as_dict()}
            else:
                out = {"error": f"unknown op {msg.get('op')!r}"}
        except FrameError as exc:
            out = {"error": f"the grader's frames: {exc}"}
        except Exception as exc:  # noqa: BLE001 - an answer, never a dead checker
            out = {"error": f"{type(exc).__name__}: {str(exc)[:300]}"}
        send_frame(wfd, out)


if __name__ == "__main__":
    main()

r"""The checker process: draws the grading cases and scores the replies, never runs
student code.

Started by the grader as ``python -I -S -c ...`` with a ``sys.path`` holding only the
grader's private copy of ``helpers`` and ``instructor`` (made when the run started) and the
environment's site-packages. It reads frames (:mod:`instructor.grader.zygote`) on stdin and
answers on stdout:

* ``{"op": "cases", "exercise", "seed", "salt"}`` -> the parts with their cases, without
  the expected values (what the student's process gets);
* ``{"op": "score", "exercise", "seed", "salt", "replies", "time_limit"}`` -> the result.

Cases are drawn once per (exercise, seed, salt) and kept. Replies are plain JSON, decoded
by :mod:`helpers.practice.codec`; nothing a student's process sent is ever unpickled or run.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    import numpy as np

    from helpers.practice.evaluate import score_exercise, strip_expectations

    from ..checks import exercise_meta, grading_cases
    from .zygote import FrameError, recv_frame, send_frame

    np.seterr(all="ignore")
    cache: dict = {}
    rfd, wfd = sys.stdin.fileno(), os.dup(sys.stdout.fileno())
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # prints go nowhere
    while True:
        try:
            msg = recv_frame(rfd)
        except FrameError:
            return
        try:
            key = (msg["exercise"], int(msg["seed"]), str(msg.get("salt", "")))
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
                    ]
                }
            elif msg["op"] == "score":
                result = score_exercise(
                    exercise_meta(key[0]), parts, msg["replies"], msg.get("time_limit")
                )
                out = {"result": result.as_dict()}
            else:
                out = {"error": f"unknown op {msg.get('op')!r}"}
        except Exception as exc:  # noqa: BLE001 - an answer, never a dead checker
            out = {"error": f"{type(exc).__name__}: {exc}"}
        send_frame(wfd, out)


if __name__ == "__main__":
    main()

"""``check(exercise_id)``: run the practice cases of one exercise in the notebook."""

from __future__ import annotations

import contextlib
import html
import inspect
import json
import re
import signal
import threading
from functools import cache
from importlib import resources

from .evaluate import Result, answer_part, score_exercise
from .forbid import CALLED

__all__ = ["check", "load_exercise", "practice_result", "TIME_LIMIT", "normalize_id"]

TIME_LIMIT = 3.0  # seconds a part's practice cases may run


def normalize_id(text) -> str | None:
    """``" 5.1 "``, ``"ex5.1"``, ``"Exercise 5.1"`` -> ``"5.1"``; None if it is no id."""
    m = re.fullmatch(r"\s*(?:ex(?:ercise)?\s*)?(\d+)\s*[.,_-]\s*(\d+)\s*", str(text), flags=re.I)
    return f"{int(m.group(1))}.{int(m.group(2))}" if m else None


@cache
def _chapter(chapter: int) -> dict:
    path = resources.files(__package__) / "cases" / f"ch{chapter:02d}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"exercises": {}}


def load_exercise(exercise_id: str) -> dict | None:
    """The stored practice cases of one exercise: ``{"id", "title", "names", "parts"}``."""
    ex_id = normalize_id(exercise_id)
    if ex_id is None:
        return None
    return _chapter(int(ex_id.split(".")[0]))["exercises"].get(ex_id)


class _TimeUp(BaseException):
    """Raised by the alarm; a BaseException so that ``except Exception`` cannot swallow it."""


@contextlib.contextmanager
def _time_limit(seconds: float):
    in_main = threading.current_thread() is threading.main_thread()
    if not in_main or not hasattr(signal, "setitimer"):
        yield
        return

    def alarm(signum, frame):
        raise _TimeUp()

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def practice_result(exercise_id, namespace: dict, time_limit: float = TIME_LIMIT) -> Result:
    """Score the answers in ``namespace`` on the practice cases of ``exercise_id``."""
    ex = load_exercise(exercise_id)
    if ex is None:
        known = ", ".join(_known_ids())
        return Result(
            str(exercise_id),
            "unknown",
            0,
            0,
            "failed",
            feedback=f"There is no exercise {str(exercise_id)!r}; known: {known}.",
        )
    replies = []
    forbid = [str(n) for n in ex.get("forbid", [])]
    for part in ex["parts"]:
        try:
            with _time_limit(time_limit):
                replies.append(answer_part(namespace, part["cases"], forbid, ex["id"]))
        except _TimeUp:
            replies.append({"timeout": True})
    CALLED.difference_update(forbid)  # a later check starts afresh
    result = score_exercise(ex, ex["parts"], replies, time_limit)
    if forbid:
        names = ", ".join(f"h.{n}" for n in forbid)
        result.feedback += (
            f"\n\nThis exercise asks you to write the code yourself: the check and the "
            f"grader run it without {names}."
        )
    return result


def _known_ids() -> list[str]:
    ids = []
    for chapter in range(1, 100):
        exercises = _chapter(chapter)["exercises"]
        if not exercises and chapter > 8:
            break
        ids += list(exercises)
    return sorted(ids, key=lambda i: tuple(int(x) for x in i.split(".")))


def check(exercise_id: str, namespace: dict | None = None) -> None:
    """Check exercise ``exercise_id`` on its practice cases and show the feedback.

    The answers are read from ``namespace`` (by default the caller's globals, that is the
    notebook). In a notebook the feedback is displayed as text and HTML; elsewhere it is
    printed. Returns None: the feedback is the cell's output, and the grader never reads it.
    """
    if namespace is None:
        namespace = inspect.currentframe().f_back.f_globals
    try:
        result = practice_result(exercise_id, namespace)
    except Exception as exc:  # noqa: BLE001 - never a traceback from the check itself
        result = Result(
            str(exercise_id),
            "unknown",
            0,
            0,
            "failed",
            feedback=f"the check could not run ({type(exc).__name__}: {exc})",
        )
    text = result.text(practice=True)
    if result.max_points:
        text += (
            "\n\n(Practice cases. Your grade comes from the grader, which runs your "
            "code on other cases.)"
        )
    _show(text, result.status)
    return None


def _show(text: str, status: str) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import display

        in_kernel = get_ipython() is not None
    except ImportError:  # pragma: no cover - IPython is optional
        in_kernel = False
    if not in_kernel:
        print(text)
        return
    colour = {"passed": "#009E73", "partial": "#E69F00"}.get(status, "#D55E00")
    body = (
        f'<pre style="border-left: 4px solid {colour}; padding: 0.4em 0.8em; '
        f'white-space: pre-wrap">{html.escape(text)}</pre>'
    )
    display({"text/plain": text, "text/html": body}, raw=True)

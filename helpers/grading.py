r"""Checks for the graded exercises: a score and a specific hint, never a grader traceback.

An exercise is registered with :class:`Exercise` and a few *parts*. Each part is a small
function that receives the student's answers (looked up by name) and a seeded random
generator, calls the student's code through :func:`call`, and compares the result with a
reference through :func:`expect_close` (or raises :class:`Wrong` itself). A part that
passes earns its points. Inputs are drawn fresh from ``numpy.random.default_rng`` seeded by
the exercise id and the part number, so the output of a check is the same on every run
(nbval compares it) while a hard-coded answer still fails.

In a notebook the student runs ``check("5.1")``: the answers are looked up in the
notebook's namespace, the feedback is printed, and a machine-readable result is left in the
cell's output under the MIME type :data:`MIME` for :mod:`helpers.grade` to collect.

What the check reports:

* ``not attempted`` (0 points): an answer is missing, is still ``...``, or raises
  ``NotImplementedError`` (the stub).
* ``passed`` / ``partial`` / ``failed``: the points earned, one line a part, and for the first
  failing part the hint, one failing input, the expected value and what the code returned
  (for a short answer, a number or a word, the expected value is not shown).

Student code that raises, returns the wrong type, prints, mutates its input or runs past
:data:`TIME_LIMIT` seconds is reported as feedback for that part.
"""

from __future__ import annotations

import contextlib
import copy
import html
import inspect
import io
import signal
import threading
import warnings
import zlib
from dataclasses import asdict, dataclass, field
from typing import Callable

import numpy as np

__all__ = ["MIME", "TIME_LIMIT", "Exercise", "Wrong", "NotAttempted", "Result", "EXERCISES",
           "call", "expect_close", "expect_equal", "check", "grade_exercise", "show_array"]

MIME = "application/vnd.loss-landscapes.check+json"
TIME_LIMIT = 3.0  # seconds a part may run, student code and reference together

EXERCISES: dict[str, "Exercise"] = {}


class Wrong(Exception):
    """A part failed: ``hint`` says what is off; input, expected and got show one case."""

    def __init__(self, hint: str, inputs: str = "", expected=None, got=None):
        super().__init__(hint)
        self.hint, self.inputs, self.expected, self.got = hint, inputs, expected, got


class NotAttempted(Exception):
    """The answer is still the stub."""


class _TimeUp(BaseException):
    """Raised by the alarm; a BaseException so that ``except Exception`` cannot swallow it."""


@dataclass
class Result:
    """The outcome of one check; ``asdict(result)`` is what the grader reads."""

    exercise: str
    title: str
    points: float
    max_points: float
    status: str  # passed, partial, failed, not attempted
    parts: list = field(default_factory=list)  # [name, points earned, points, passed]
    feedback: str = ""

    def text(self) -> str:
        head = (f"Exercise {self.exercise} ({self.title}): {self.status}, "
                f"{_num(self.points)}/{_num(self.max_points)} points")
        lines = [head]
        for name, earned, pts, ok in self.parts:
            mark = "ok  " if ok else " -- " if self.status == "not attempted" else "FAIL"
            lines.append(f"  [{mark}] {name} ({_num(earned)}/{_num(pts)})")
        if self.feedback:
            lines += ["", self.feedback]
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return asdict(self)


def _num(x) -> str:
    return f"{x:g}"


@dataclass
class _Part:
    name: str
    points: float
    fn: Callable


class Exercise:
    """A graded exercise: an id such as ``"5.1"``, a title, the names the student defines.

    Add parts with the :meth:`part` decorator; each part is ``fn(answers, rng)`` where
    ``answers`` maps each name to the student's object.
    """

    def __init__(self, exercise_id: str, title: str, names):
        self.id, self.title, self.names = exercise_id, title, tuple(names)
        self.parts: list[_Part] = []
        if exercise_id in EXERCISES:
            raise ValueError(f"exercise {exercise_id} is registered twice")
        EXERCISES[exercise_id] = self

    @property
    def max_points(self) -> float:
        return sum(p.points for p in self.parts)

    def part(self, name: str, points: float = 1):
        def deco(fn):
            self.parts.append(_Part(name, points, fn))
            return fn
        return deco


# ---------------------------------------------------------------------------- running code

@contextlib.contextmanager
def _time_limit(seconds: float):
    """Raise :class:`_TimeUp` after ``seconds`` (only in the main thread, where signals work)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
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


class _StudentError(Exception):
    def __init__(self, exc: BaseException, inputs: str):
        super().__init__(str(exc))
        self.exc, self.inputs = exc, inputs


def show_array(x, precision: int = 6) -> str:
    """Fixed-precision text of a number, array or anything else (deterministic)."""
    if isinstance(x, (bool, np.bool_, str)) or x is None:
        return repr(x)
    if isinstance(x, tuple):
        return "(" + ", ".join(show_array(v, precision) for v in x) + ("," if len(x) == 1 else "") + ")"
    if callable(x):
        return getattr(x, "__name__", "a function")
    try:
        arr = np.asarray(x)
    except Exception:  # pragma: no cover - exotic objects
        return f"a {type(x).__name__}"
    if arr.dtype.kind in "fc":
        text = np.array2string(arr, precision=precision, suppress_small=True, separator=", ",
                               floatmode="maxprec", threshold=40, max_line_width=10**6)
    elif arr.dtype.kind in "iub":
        text = np.array2string(arr, separator=", ", threshold=40, max_line_width=10**6)
    else:
        return f"a {type(x).__name__}"
    return " ".join(text.split())


def call(fn, *args, names=None):
    """Call the student's ``fn(*args)`` on copies of the inputs.

    Raises :class:`NotAttempted` for the stub, :class:`Wrong` when the code raises or
    changes an input array in place. ``names`` label the arguments in the feedback.
    """
    names = list(names or [f"argument {i + 1}" for i in range(len(args))])
    inputs = ", ".join(f"{n}={show_array(a)}" for n, a in zip(names, args))
    if not callable(fn):
        raise Wrong(f"expected a function, got {type(fn).__name__}", inputs)
    before = [copy.deepcopy(a) if isinstance(a, (np.ndarray, list)) else None for a in args]
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings(), \
                np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out = fn(*args)
    except NotImplementedError as exc:
        raise NotAttempted() from exc
    except (Exception, SystemExit) as exc:  # the student's code raised: report, no traceback
        raise _StudentError(exc, inputs) from None
    for name, a, b in zip(names, args, before):
        if b is not None and not _same(a, b):
            raise Wrong(f"your function changed its input `{name}` in place (mutated the "
                        f"input). Work on a new array, e.g. `w = w - lr * g` instead of "
                        f"`w -= lr * g`.", inputs, expected=b, got=a)
    return out


def _same(a, b) -> bool:
    try:
        return bool(np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True))
    except Exception:
        return False


# ------------------------------------------------------------------------- comparing values

def _as_number(got, inputs, what):
    if isinstance(got, (bool, np.bool_)):
        raise Wrong(f"{what} should be a number, got a bool", inputs, got=got)
    if isinstance(got, np.ndarray) and got.size == 1 and got.ndim <= 1:
        got = got.reshape(())[()]
    if not isinstance(got, (int, float, np.integer, np.floating)):
        raise Wrong(f"wrong type: {what} should be a single number, got "
                    f"{type(got).__name__} {show_array(got)}", inputs, got=got)
    return float(got)


def expect_equal(got, expected, inputs: str = "", what: str = "the result", variants=None):
    """Exact comparison (integers, strings); ``variants`` maps a wrong answer to its hint."""
    if isinstance(expected, (int, np.integer)) and not isinstance(expected, bool):
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer, float, np.floating)):
            raise Wrong(f"wrong type: {what} should be a whole number, got {type(got).__name__}",
                        inputs, expected, got)
        if isinstance(got, (float, np.floating)) and not float(got).is_integer():
            raise Wrong(f"{what} should be a whole number of steps, got {got!r}", inputs,
                        expected, got)
        if int(got) == int(expected):
            return
        for value, hint in (variants or {}).items():
            if int(got) == int(value):
                raise Wrong(hint, inputs, expected, got)
        if abs(int(got) - int(expected)) == 1:
            raise Wrong(f"{what} is off by one: check where you count (is the start step 0?) "
                        f"and whether you test before or after the update", inputs, expected, got)
        raise Wrong(f"{what} is not right", inputs, expected, got)
    if isinstance(expected, str):
        if not isinstance(got, str):
            raise Wrong(f"wrong type: {what} should be a string such as {expected!r}, got "
                        f"{type(got).__name__}", inputs, expected, got)
        if got.strip().lower() == expected:
            return
        for value, hint in (variants or {}).items():
            if got.strip().lower() == value:
                raise Wrong(hint, inputs, expected, got)
        raise Wrong(f"{what} is not right", inputs, expected, got)
    raise TypeError("expect_equal compares integers and strings")


def expect_close(got, expected, inputs: str = "", what: str = "the result", variants=None,
                 rtol: float = 1e-6, atol: float = 1e-8, steps: bool = False):
    """Compare a number or array with the reference and say what is off.

    ``variants`` is a list of ``(wrong_value, hint)``: if the answer matches a known wrong
    answer, that hint is given. ``steps=True`` means the first axis counts steps (a path),
    so a missing start or one step too many or too few is recognised.
    """
    variants = list(variants or [])
    if np.ndim(expected) == 0:
        value = _as_number(got, inputs, what)
        if not np.isfinite(value):
            raise Wrong(f"{what} is {value}: the computation overflowed or divided by zero",
                        inputs, expected, got)
        if np.isclose(value, expected, rtol=rtol, atol=atol):
            return
        for wrong, hint in variants:
            if np.isclose(value, wrong, rtol=rtol, atol=atol):
                raise Wrong(hint, inputs, expected, got)
        if expected != 0 and np.isclose(value, -expected, rtol=rtol, atol=atol):
            raise Wrong(f"{what} has the wrong sign", inputs, expected, got)
        raise Wrong(f"{what} is not right", inputs, expected, got)

    expected = np.asarray(expected, dtype=float)
    if isinstance(got, (int, float, np.integer, np.floating)) or got is None:
        raise Wrong(f"wrong type: {what} should be an array of shape {expected.shape}, got "
                    f"{type(got).__name__}", inputs, expected, got)
    try:
        arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"wrong type: {what} should be an array of numbers of shape "
                    f"{expected.shape}, got {type(got).__name__}", inputs, expected, got) from None
    close = lambda a, b: a.shape == b.shape and np.allclose(a, b, rtol=rtol, atol=atol)  # noqa: E731
    if arr.shape != expected.shape:
        if steps and arr.ndim == expected.ndim and arr.shape[1:] == expected.shape[1:]:
            n, m = arr.shape[0], expected.shape[0]
            if n == m - 1 and close(arr, expected[1:]):
                raise Wrong(f"the initial state is missing: {what} should start with the "
                            f"starting point, then one entry per step", inputs, expected, got)
            if n == m - 1 and close(arr, expected[:-1]):
                raise Wrong(f"off by one step: {what} stops one step early", inputs, expected, got)
            if n == m + 1 and close(arr[:-1], expected):
                raise Wrong(f"off by one step: {what} has one step too many", inputs, expected, got)
        if arr.shape == expected.shape[::-1] and arr.ndim == 2:
            raise Wrong(f"wrong shape: {what} is transposed, expected shape {expected.shape}, "
                        f"got {arr.shape}", inputs, expected, got)
        raise Wrong(f"wrong shape: {what} should have shape {expected.shape}, got {arr.shape}",
                    inputs, expected, got)
    if not np.all(np.isfinite(arr)):
        raise Wrong(f"{what} contains nan or inf", inputs, expected, got)
    if close(arr, expected):
        return
    for wrong, hint in variants:
        if close(arr, np.asarray(wrong, dtype=float)):
            raise Wrong(hint, inputs, expected, got)
    if np.any(expected != 0) and close(arr, -expected):
        raise Wrong(f"{what} has the wrong sign", inputs, expected, got)
    if steps and arr.shape[0] > 1:
        if close(arr[1:], expected[:-1]):
            raise Wrong(f"off by one step: {what} lags one step behind the reference",
                        inputs, expected, got)
        if close(arr[:-1], expected[1:]):
            raise Wrong(f"off by one step: {what} runs one step ahead of the reference",
                        inputs, expected, got)
        if np.allclose(arr[0], expected[0]) and not close(arr, expected):
            k = int(np.argmax(~np.all(np.isclose(arr, expected, rtol=rtol, atol=atol)
                                     .reshape(arr.shape[0], -1), axis=1)))
            raise Wrong(f"{what} starts right but first differs at step {k}", inputs,
                        expected, got)
    raise Wrong(f"{what} is not right", inputs, expected, got)


# ------------------------------------------------------------------------------- checking

def _seed(exercise_id: str, part: int) -> int:
    return zlib.crc32(f"{exercise_id}/{part}".encode())


def grade_exercise(exercise_id: str, namespace: dict, time_limit: float | None = None) -> Result:
    """Run every part of an exercise against the answers found in ``namespace``."""
    import helpers.checks  # noqa: F401  (registers the exercises)

    ex = EXERCISES.get(str(exercise_id))
    if ex is None:
        known = ", ".join(sorted(EXERCISES, key=_sort_key))
        return Result(str(exercise_id), "unknown", 0, 0, "failed",
                      feedback=f"There is no exercise {exercise_id!r}; known: {known}.")
    limit = TIME_LIMIT if time_limit is None else time_limit
    answers = {}
    for name in ex.names:
        if name not in namespace:
            return _not_attempted(ex, f"`{name}` is not defined: run the cell that defines it "
                                      f"first.")
        if namespace[name] is Ellipsis:
            return _not_attempted(ex, f"`{name}` is still `...`: replace it with your answer.")
        answers[name] = namespace[name]

    parts, first_failure = [], None
    for i, part in enumerate(ex.parts):
        rng = np.random.default_rng(_seed(ex.id, i))
        try:
            with _time_limit(limit), warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                part.fn(answers, rng)
            parts.append([part.name, part.points, part.points, True])
            continue
        except NotAttempted:
            return _not_attempted(ex, "The stub still raises NotImplementedError: replace "
                                      "`raise NotImplementedError` with your code.")
        except _TimeUp:
            fail = Wrong(f"your code ran longer than the time limit of {limit:g} s (an "
                         f"infinite loop, or far too many steps?)")
        except Wrong as exc:
            fail = exc
        except _StudentError as exc:
            fail = Wrong(f"your code raised {type(exc.exc).__name__}: {exc.exc}", exc.inputs)
        except Exception as exc:  # a bug in the check itself: still no traceback
            fail = Wrong(f"the check could not run ({type(exc).__name__}: {exc}); ask your "
                         f"instructor")
        parts.append([part.name, 0, part.points, False])
        if first_failure is None:
            first_failure = (part.name, fail)

    points = sum(p[1] for p in parts)
    status = ("passed" if points == ex.max_points else "partial" if points > 0 else "failed")
    feedback = ""
    if first_failure:
        name, w = first_failure
        lines = [f"Hint ({name}): {w.hint}"]
        # A short answer (a number or a word) would be given away by its expected value;
        # for functions, the expected output on one input is what helps.
        reveal = any(callable(a) for a in answers.values())
        if w.inputs:
            lines.append(f"  input:    {w.inputs}")
        if w.expected is not None and reveal:
            lines.append(f"  expected: {show_array(w.expected)}")
        if w.expected is not None or w.got is not None:
            lines.append(f"  got:      {show_array(w.got)}")
        feedback = "\n".join(lines)
    else:
        feedback = "All parts pass. Well done."
    return Result(ex.id, ex.title, points, ex.max_points, status, parts, feedback)


def _not_attempted(ex: Exercise, why: str) -> Result:
    return Result(ex.id, ex.title, 0, ex.max_points, "not attempted",
                  [[p.name, 0, p.points, False] for p in ex.parts], why)


def _sort_key(exercise_id: str):
    return tuple(int(x) if x.isdigit() else x for x in exercise_id.split("."))


def check(exercise_id: str, namespace: dict | None = None) -> None:
    """Check exercise ``exercise_id`` and show the feedback and the score.

    The answers are read from ``namespace`` (by default the caller's globals, that is the
    notebook). In a notebook the result is one display output with plain text, HTML and a
    JSON copy under :data:`MIME` for the grader; elsewhere the text is printed.
    """
    if namespace is None:
        namespace = inspect.currentframe().f_back.f_globals
    try:
        result = grade_exercise(exercise_id, namespace)
    except Exception as exc:  # never a traceback from the grader
        result = Result(str(exercise_id), "unknown", 0, 0, "failed",
                        feedback=f"the check could not run ({type(exc).__name__}: {exc})")
    text = result.text()
    try:
        from IPython import get_ipython
        from IPython.display import display
        in_kernel = get_ipython() is not None
    except ImportError:  # pragma: no cover
        in_kernel = False
    if not in_kernel:
        print(text)
        return
    colour = {"passed": "#009E73", "partial": "#E69F00"}.get(result.status, "#D55E00")
    body = (f'<pre style="border-left: 4px solid {colour}; padding: 0.4em 0.8em; '
            f'white-space: pre-wrap">{html.escape(text)}</pre>')
    display({"text/plain": text, "text/html": body, MIME: result.as_dict()}, raw=True)

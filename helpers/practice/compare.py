r"""Compare an answer with what a case expects, and say what is off.

A case's expectation is data (see :mod:`helpers.practice.evaluate`):

* ``close``: a number or an array within ``rtol``/``atol`` of ``expected``; ``steps=True``
  means the first axis counts steps (a path), so a missing start or one step too many or
  too few is recognised;
* ``equal``: a whole number or a word, exactly;
* ``pair``: a pair ``(a, b)`` whose items have their own expectations;
* ``secret``: a short answer (a number or a word) checked without knowing it: the practice
  cases hold only a salted digest of the answer on a fine grid, its sign, and a range
  around it with random margins, enough to say "wrong sign", "too high", "off by two orders
  of magnitude" or "right", never the value.

Every expectation may list ``variants``: known wrong answers, each with the hint it gets.
A failed comparison raises :class:`Wrong` with the hint, and the expected value when the
answer is the output of a function (for a short answer the value is never shown).
"""

from __future__ import annotations

import hashlib
import math

import numpy as np

from .codec import Opaque, decode
from .inputs import show

__all__ = ["Wrong", "check_expectation", "digest", "summarize_secret"]


class Wrong(Exception):
    """A case failed: ``hint`` says what is off; input, expected and got show the case."""

    def __init__(self, hint: str, inputs: str = "", expected=None, got=None):
        super().__init__(hint)
        self.hint, self.inputs, self.expected, self.got = hint, inputs, expected, got


def _unwrap(got):
    """A student's own number-like object counts as the numbers numpy reads from it."""
    if isinstance(got, Opaque) and got.array is not None:
        return got.array
    return got


def _is_number(x) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(
        x, (bool, np.bool_)
    )


def _as_number(got, inputs, what):
    got = _unwrap(got)
    if isinstance(got, (bool, np.bool_)):
        raise Wrong(f"{what} should be a number, got a bool", inputs, got=got)
    if isinstance(got, np.ndarray) and got.size == 1 and got.ndim <= 1 and got.dtype.kind in "iuf":
        got = got.reshape(())[()]
    if not _is_number(got):
        raise Wrong(
            f"wrong type: {what} should be a single number, got {_type_name(got)} {show(got)}",
            inputs,
            got=got,
        )
    return float(got)


def _type_name(x) -> str:
    return x.type_name if isinstance(x, Opaque) else type(x).__name__


def how_off(value: float, center: float, lo: float, hi: float) -> str:
    """Words for how ``value`` misses a number near ``center`` (inside ``[lo, hi]``)."""
    if center != 0 and value != 0 and np.sign(value) != np.sign(center):
        return "has the wrong sign"
    if value == 0:
        return "is 0, which is not right"
    ratio = abs(value) / abs(center) if center != 0 else math.inf
    if ratio >= 10 or ratio <= 0.1:
        k = int(round(abs(math.log10(ratio)))) if math.isfinite(ratio) else 0
        size = "too large" if ratio > 1 else "too small"
        if k >= 1:
            return (
                f"is {size}, off by about {k} order{'s' if k > 1 else ''} of magnitude "
                f"(a factor of 10{'^' + str(k) if k > 1 else ''})"
            )
    if value > hi:
        return "is too high"
    if value < lo:
        return "is too low"
    return "is close, but not right to the precision the check needs"


def _close(got, exp, inputs, context):
    expected = decode(exp["expected"])
    what, variants = exp["what"], [(decode(v), hint) for v, hint in exp.get("variants", [])]
    rtol, atol, steps = exp.get("rtol", 1e-6), exp.get("atol", 1e-8), exp.get("steps", False)
    short = exp.get("short", False)
    if np.ndim(expected) == 0:
        expected = float(expected)
        value = _as_number(got, inputs, what)
        if not np.isfinite(value):
            raise Wrong(
                f"{what} is {value}: the computation overflowed or divided by zero",
                inputs,
                expected,
                value,
            )
        if np.isclose(value, expected, rtol=rtol, atol=atol):
            return
        for wrong, hint in variants:
            if np.isclose(value, float(wrong), rtol=rtol, atol=atol):
                raise Wrong(hint, inputs, expected, value)
        if short:
            raise Wrong(
                f"{what} {how_off(value, expected, expected, expected)}", inputs, expected, value
            )
        if expected != 0 and np.isclose(value, -expected, rtol=rtol, atol=atol):
            raise Wrong(f"{what} has the wrong sign", inputs, expected, value)
        raise Wrong(f"{what} is not right", inputs, expected, value)

    expected = np.asarray(expected, dtype=float)
    got = _unwrap(got)
    if _is_number(got) or got is None or isinstance(got, (bool, np.bool_)):
        raise Wrong(
            f"wrong type: {what} should be an array of shape {expected.shape}, got "
            f"{_type_name(got)}",
            inputs,
            expected,
            got,
        )
    try:
        if isinstance(got, (Opaque, str, dict)):
            raise TypeError
        arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(
            f"wrong type: {what} should be an array of numbers of shape "
            f"{expected.shape}, got {_type_name(got)}",
            inputs,
            expected,
            got,
        ) from None

    def close(a, b):
        return a.shape == b.shape and np.allclose(a, b, rtol=rtol, atol=atol)

    if arr.shape != expected.shape:
        if steps and arr.ndim == expected.ndim and arr.shape[1:] == expected.shape[1:]:
            n, m = arr.shape[0], expected.shape[0]
            if n == m - 1 and close(arr, expected[1:]):
                raise Wrong(
                    f"the initial state is missing: {what} should start with the "
                    f"starting point, then one entry per step",
                    inputs,
                    expected,
                    got,
                )
            if n == m - 1 and close(arr, expected[:-1]):
                raise Wrong(f"off by one step: {what} stops one step early", inputs, expected, got)
            if n == m + 1 and close(arr[:-1], expected):
                raise Wrong(f"off by one step: {what} has one step too many", inputs, expected, got)
        if arr.shape == expected.shape[::-1] and arr.ndim == 2:
            raise Wrong(
                f"wrong shape: {what} is transposed, expected shape {expected.shape}, "
                f"got {arr.shape}",
                inputs,
                expected,
                got,
            )
        raise Wrong(
            f"wrong shape: {what} should have shape {expected.shape}, got {arr.shape}",
            inputs,
            expected,
            got,
        )
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
            raise Wrong(
                f"off by one step: {what} lags one step behind the reference", inputs, expected, got
            )
        if close(arr[:-1], expected[1:]):
            raise Wrong(
                f"off by one step: {what} runs one step ahead of the reference",
                inputs,
                expected,
                got,
            )
        if np.allclose(arr[0], expected[0]):
            k = int(
                np.argmax(
                    ~np.all(
                        np.isclose(arr, expected, rtol=rtol, atol=atol).reshape(arr.shape[0], -1),
                        axis=1,
                    )
                )
            )
            raise Wrong(f"{what} starts right but first differs at step {k}", inputs, expected, got)
    raise Wrong(f"{what} is not right", inputs, expected, got)


def _equal(got, exp, inputs, context):
    expected = decode(exp["expected"])
    what = exp["what"]
    variants = [(decode(v), hint) for v, hint in exp.get("variants", [])]
    got = _unwrap(got)
    if isinstance(expected, int) and not isinstance(expected, bool):
        if isinstance(got, (bool, np.bool_)) or not _is_number(got):
            raise Wrong(
                f"wrong type: {what} should be a whole number, got {_type_name(got)}",
                inputs,
                expected,
                got,
            )
        if isinstance(got, (float, np.floating)) and not float(got).is_integer():
            raise Wrong(
                f"{what} should be a whole number of steps, got {show(got)}", inputs, expected, got
            )
        if int(got) == expected:
            return
        for value, hint in variants:
            if int(got) == int(value):
                raise Wrong(hint, inputs, expected, got)
        if abs(int(got) - expected) == 1:
            raise Wrong(
                f"{what} is off by one: check where you count (is the start step 0?) "
                f"and whether you test before or after the update",
                inputs,
                expected,
                got,
            )
        raise Wrong(f"{what} is not right", inputs, expected, got)
    if isinstance(expected, str):
        if not isinstance(got, str):
            raise Wrong(
                f"wrong type: {what} should be a word (a string), got {_type_name(got)}",
                inputs,
                expected,
                got,
            )
        word = got.strip().lower()
        if word == expected:
            return
        for value, hint in variants:
            if word == value:
                raise Wrong(hint, inputs, expected, got)
        raise Wrong(f"{what} is not right", inputs, expected, got)
    raise ValueError("an `equal` expectation compares whole numbers and words")


def _pair(got, exp, inputs, context):
    what, shape_text = exp["what"], exp.get("shape_text", "(a, b)")
    got = _unwrap(got)
    items = [(int(i), sub) for i, sub in exp["items"]]
    whole = None
    if all("expected" in sub for _, sub in items):
        whole = tuple(decode(sub["expected"]) for _, sub in sorted(items, key=lambda t: t[0]))
    is_pair = (isinstance(got, (tuple, list)) and len(got) == 2) or (
        isinstance(got, np.ndarray) and got.ndim >= 2 and len(got) == 2
    )
    if not is_pair:
        raise Wrong(
            f"wrong type: {what} should return a pair {shape_text}, got {_type_name(got)}",
            inputs,
            whole,
            got,
        )
    swapped = exp.get("swapped_hint")
    if swapped:
        expected = {i: decode(sub["expected"]) for i, sub in items}
        try:
            a, b = (np.asarray(_unwrap(got[k]), dtype=float) for k in (0, 1))
            e0, e1 = (np.asarray(expected[k], dtype=float) for k in (0, 1))
            if (
                a.shape == b.shape == e0.shape == e1.shape
                and np.allclose(a, e1)
                and np.allclose(b, e0)
                and not np.allclose(e0, e1)
            ):
                raise Wrong(swapped, inputs, (e0, e1), got)
        except (TypeError, ValueError):
            pass
    for index, sub in items:
        check_expectation(got[index], sub, inputs, context)


def digest(value, grid: float, salt: str) -> str:
    """Salted digest of a number on a grid of step ``grid`` (or of a normalised word)."""
    if isinstance(value, str):
        key = value.strip().lower()
    else:
        key = str(int(round(float(value) / grid)))
    return hashlib.sha256(f"{salt}:{key}".encode()).hexdigest()[:24]


def summarize_secret(expected, what: str, tolerance: float, rng, variants=()) -> dict:
    """The ``secret`` expectation for a short answer (used to write the practice cases).

    ``tolerance`` is the absolute tolerance of the real check; the digests cover every
    grid point within it, and the range has random margins of 5 to 25 %, so neither its
    ends nor its middle give the answer away.
    """
    from .codec import encode

    salt = f"{int(rng.integers(2**62)):x}"
    out = {
        "type": "secret",
        "what": what,
        "salt": salt,
        "variants": [[encode(v), h] for v, h in variants],
    }
    if isinstance(expected, str):
        out.update(kind="word", digests=[digest(expected, 1, salt)])
        return out
    e = float(expected)
    grid = tolerance / 10
    center = int(round(e / grid))
    cells = [j for j in range(center - 12, center + 13) if abs(j * grid - e) <= tolerance]
    lo = e - abs(e) * float(rng.uniform(0.05, 0.25)) - tolerance
    hi = e + abs(e) * float(rng.uniform(0.05, 0.25)) + tolerance
    out.update(
        kind="number",
        grid=grid,
        sign=int(np.sign(e)),
        band=[lo, hi],
        digests=sorted(hashlib.sha256(f"{salt}:{j}".encode()).hexdigest()[:24] for j in cells),
    )
    return out


def _secret(got, exp, inputs, context):
    what, salt = exp["what"], exp["salt"]
    variants = [(decode(v), hint) for v, hint in exp.get("variants", [])]
    digests = set(exp["digests"])
    got = _unwrap(got)
    if exp["kind"] == "word":
        if not isinstance(got, str):
            raise Wrong(
                f"wrong type: {what} should be a word (a string), got {_type_name(got)}",
                inputs,
                None,
                got,
            )
        if digest(got, 1, salt) in digests:
            return
        for value, hint in variants:
            if got.strip().lower() == value:
                raise Wrong(hint, inputs, None, got)
        raise Wrong(f"{what} is not right", inputs, None, got)
    value = _as_number(got, inputs, what)
    if not np.isfinite(value):
        raise Wrong(
            f"{what} is {value}: the computation overflowed or divided by zero", inputs, None, value
        )
    if digest(value, exp["grid"], salt) in digests:
        return
    tol = exp["grid"] * 10
    for wrong, hint in variants:
        if abs(value - float(wrong)) <= tol:
            raise Wrong(hint, inputs, None, value)
    lo, hi = exp["band"]
    sign = exp["sign"]
    center = sign * math.sqrt(abs(lo * hi)) if lo * hi > 0 else (lo + hi) / 2
    if sign != 0 and value != 0 and np.sign(value) != sign:
        raise Wrong(f"{what} has the wrong sign", inputs, None, value)
    raise Wrong(f"{what} {how_off(value, center or 1.0, lo, hi)}", inputs, None, value)


_CHECKS = {"close": _close, "equal": _equal, "pair": _pair, "secret": _secret}


def check_expectation(got, expectation: dict, inputs: str = "", context=None) -> None:
    """Raise :class:`Wrong` unless ``got`` meets ``expectation``."""
    kind = expectation.get("type")
    if kind not in _CHECKS:
        raise ValueError(f"unknown expectation type {kind!r}")
    _CHECKS[kind](got, expectation, inputs, context)

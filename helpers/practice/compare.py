r"""Compare an answer with what a case expects, and say what is off.

A case's expectation is data (see :mod:`helpers.practice.evaluate`):

* ``close``: a number or an array within ``rtol``/``atol`` of ``expected``; ``steps=True``
  means the first axis counts steps (a path), so a missing start or one step too many or
  too few is recognised;
* ``equal``: a whole number or a word, exactly;
* ``pair``: a tuple ``(a, b, ...)`` of ``length`` items (2 by default), each with its own
  expectation (an item may be expected to be ``None``);
* ``choice``: a label (``"C"``), a set of labels, a sequence of labels (``"BADC"``) or a
  mapping (``{"P": "underdamped", ...}``), compared exactly after normalising (stripped,
  upper case); each wrong item gets its own hint. The practice data holds no digest of a
  choice (a few thousand answers could be tried offline against it): it holds only the
  form (``form_only``), and the practice check says the answer is *recorded*, graded on
  submission (:class:`Recorded`);
* ``item``: the entry ``key`` of a dict answer, with its own expectation; ``either``: a
  string is checked by one expectation (``word``), anything else by another (``other``),
  e.g. a label or a witness;
* ``verify``: the answer is checked by a verifier (:mod:`helpers.practice.verifiers`) that
  tests a property (a witness really is one, a design meets its target) and never holds
  the answer;
* ``secret``: a short answer (a number or a word) checked without knowing it: the practice
  cases hold only a salted digest of the answer on a fine grid (and of each known wrong
  answer, with its hint), its sign, and a range around it with random margins, enough to
  say "wrong sign", "too high", "off by two orders of magnitude" or "right", never the
  value.

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
from .wrong import Wrong

__all__ = [
    "Wrong",
    "Recorded",
    "check_expectation",
    "digest",
    "summarize_secret",
    "choice_form",
    "normalize_label",
]


class Recorded(Exception):
    """A choice in the practice check: its form is right, and it is graded on submission."""


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
    none_hint = exp.get("none_hint")
    if expected is None:
        if got is None:
            return
        raise Wrong(none_hint or f"{what} should be None", inputs, expected, got)
    if got is None and none_hint and not isinstance(expected, bool):
        raise Wrong(none_hint, inputs, expected, got)
    if isinstance(expected, bool):
        if not isinstance(got, (bool, np.bool_)):
            raise Wrong(
                f"wrong type: {what} should be True or False, got {_type_name(got)}",
                inputs,
                expected,
                got,
            )
        if bool(got) == expected:
            return
        for value, hint in variants:
            if bool(got) == value:
                raise Wrong(hint, inputs, expected, got)
        raise Wrong(f"{what} is not right", inputs, expected, got)
    if isinstance(expected, int):
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
    raise ValueError("an `equal` expectation compares whole numbers, words, bools and None")


def _pair(got, exp, inputs, context):
    what, shape_text = exp["what"], exp.get("shape_text", "(a, b)")
    n = int(exp.get("length", 2))
    got = _unwrap(got)
    items = [(int(i), sub) for i, sub in exp["items"]]
    whole = None
    if all("expected" in sub for _, sub in items):
        whole = tuple(decode(sub["expected"]) for _, sub in sorted(items, key=lambda t: t[0]))
    is_tuple = (isinstance(got, (tuple, list)) and len(got) == n) or (
        isinstance(got, np.ndarray) and got.ndim >= 2 and len(got) == n
    )
    if not is_tuple:
        size = "a pair" if n == 2 else f"a tuple of {n}"
        got_text = _type_name(got)
        if isinstance(got, (tuple, list)):
            got_text += f" of {len(got)}"
        raise Wrong(
            f"wrong type: {what} should be {size} {shape_text}, got {got_text}",
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
    recorded = None
    for index, sub in items:
        try:
            check_expectation(got[index], sub, inputs, context)
        except Recorded as exc:  # a choice item in the practice check: check the others
            recorded = exc
    if recorded is not None:
        raise recorded


def _word_key(value):
    """The normalised word of a short answer: a string, or None / True / False as words."""
    if value is None:
        return "none"
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value)).lower()
    return value.strip().lower() if isinstance(value, str) else None


def digest(value, grid: float, salt: str) -> str:
    """Salted digest of a number on a grid of step ``grid`` (or of a normalised word,
    None, True or False)."""
    if _word_key(value) is not None:
        key = _word_key(value)
    else:
        key = str(int(round(float(value) / grid)))
    return hashlib.sha256(f"{salt}:{key}".encode()).hexdigest()[:24]


def summarize_secret(expected, what: str, tolerance: float, rng, variants=()) -> dict:
    """The ``secret`` expectation for a short answer (used to write the practice cases).

    ``tolerance`` is the absolute tolerance of the real check; the digests cover every
    grid point within it, and the range has random margins of 5 to 25 %, so neither its
    ends nor its middle give the answer away.
    """
    salt = f"{int(rng.integers(2**62)):x}"
    out = {"type": "secret", "what": what, "salt": salt}
    if _word_key(expected) is not None:
        out.update(kind="word", digests=[digest(expected, 1, salt)])
        # a known wrong answer is kept as a digest too: its value could lead to the answer
        out["variant_digests"] = [[[digest(v, 1, salt)], h] for v, h in variants]
        return out
    e = float(expected)
    grid = tolerance / 10

    def cells_near(x):
        center = int(round(x / grid))
        return [j for j in range(center - 12, center + 13) if abs(j * grid - x) <= tolerance]

    cells = cells_near(e)
    out["variant_digests"] = [
        [sorted(hashlib.sha256(f"{salt}:{j}".encode()).hexdigest()[:24] for j in cells_near(v)), h]
        for v, h in ((float(v), h) for v, h in variants)
    ]
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
    known = [(set(ds), hint) for ds, hint in exp.get("variant_digests", [])]
    digests = set(exp["digests"])
    got = _unwrap(got)
    if exp["kind"] == "word":
        if _word_key(got) is None and _is_number(got):
            raise Wrong(f"{what} is not right", inputs, None, got)
        if _word_key(got) is None:
            raise Wrong(
                f"wrong type: {what} should be a word (a string), got {_type_name(got)}",
                inputs,
                None,
                got,
            )
        if digest(got, 1, salt) in digests:
            return
        for ds, hint in known:
            if digest(got, 1, salt) in ds:
                raise Wrong(hint, inputs, None, got)
        raise Wrong(f"{what} is not right", inputs, None, got)
    value = _as_number(got, inputs, what)
    if not np.isfinite(value):
        raise Wrong(
            f"{what} is {value}: the computation overflowed or divided by zero", inputs, None, value
        )
    if digest(value, exp["grid"], salt) in digests:
        return
    for ds, hint in known:
        if digest(value, exp["grid"], salt) in ds:
            raise Wrong(hint, inputs, None, value)
    lo, hi = exp["band"]
    sign = exp["sign"]
    center = sign * math.sqrt(abs(lo * hi)) if lo * hi > 0 else (lo + hi) / 2
    if sign != 0 and value != 0 and np.sign(value) != sign:
        raise Wrong(f"{what} has the wrong sign", inputs, None, value)
    raise Wrong(f"{what} {how_off(value, center or 1.0, lo, hi)}", inputs, None, value)


# ------------------------------------------------------------------------------ choices


def normalize_label(x) -> str | None:
    """``" c "`` -> ``"C"``, ``"critically-damped"`` -> ``"CRITICALLY DAMPED"``, a number
    as its shortest form (``0.10`` -> ``"0.1"``, for labels that are numbers); None if
    ``x`` is neither a string nor a number."""
    if isinstance(x, np.str_):
        x = str(x)
    if _is_number(x) and math.isfinite(float(x)):
        return f"{float(x):g}"
    if not isinstance(x, str):
        return None
    return " ".join(x.replace("_", " ").replace("-", " ").split()).upper()


def _labels_text(labels) -> str:
    return ", ".join(repr(lb) for lb in labels)


def _read_labels(got, exp, inputs, what):
    """A set's or a sequence's items as normalised labels (a string of one-letter labels
    counts as its letters)."""
    labels = exp["labels"]
    got = _unwrap(got)
    single = all(len(lb) == 1 for lb in labels)
    if isinstance(got, (str, np.str_)) and single:
        items = [c for c in str(got) if not c.isspace() and c not in ",;"]
    elif isinstance(got, (set, frozenset, list, tuple)):
        items = list(got)
    elif isinstance(got, np.ndarray) and got.ndim == 1 and got.dtype.kind == "U":
        items = got.tolist()
    else:
        example = '"BAD"' if single else "[" + ", ".join(repr(lb) for lb in labels[:2]) + "]"
        raise Wrong(
            f"wrong type: {what} should be {'a set' if exp['kind'] == 'set' else 'a list'} "
            f"of labels such as {example}, got {_type_name(got)}",
            inputs,
            None,
            got,
        )
    out = []
    for item in items:
        label = normalize_label(item)
        if label not in labels:
            raise Wrong(
                f"{what}: {show(item)} is not one of the labels {_labels_text(labels)}",
                inputs,
                None,
                got,
            )
        out.append(label)
    return out


def choice_form(got, exp, inputs: str = ""):
    """The student's choice in normal form, or :class:`Wrong` when its form is wrong
    (unknown labels, a key not answered, the wrong number of items)."""
    what, labels, kind = exp["what"], exp["labels"], exp["kind"]
    got = _unwrap(got)
    if kind == "label":
        label = normalize_label(got)
        if label is None:
            raise Wrong(
                f"wrong type: {what} should be one label (a string), one of "
                f"{_labels_text(labels)}; got {_type_name(got)}",
                inputs,
                None,
                got,
            )
        if label not in labels:
            raise Wrong(
                f"{what}: {show(got)} is not one of the labels {_labels_text(labels)}",
                inputs,
                None,
                got,
            )
        return label
    if kind == "set":
        return frozenset(_read_labels(got, exp, inputs, what))
    if kind == "sequence":
        items = _read_labels(got, exp, inputs, what)
        if len(items) != exp["length"]:
            raise Wrong(
                f"{what} should have {exp['length']} labels, one for each item in order; "
                f"got {len(items)}",
                inputs,
                None,
                got,
            )
        return tuple(items)
    if kind == "mapping":
        keys = exp["keys"]
        if not isinstance(got, dict):
            raise Wrong(
                f"wrong type: {what} should be a dict with the keys {_labels_text(keys)}, "
                f"got {_type_name(got)}",
                inputs,
                None,
                got,
            )
        out = {}
        for key, val in got.items():
            k = normalize_label(key)
            if k not in keys:
                raise Wrong(
                    f"{what}: {show(key)} is not one of the keys {_labels_text(keys)}",
                    inputs,
                    None,
                    got,
                )
            if k in out:
                raise Wrong(f"{what}: the key {show(key)} is given twice", inputs, None, got)
            v = normalize_label(val)
            if v not in labels:
                raise Wrong(
                    f"{what}[{key!r}]: {show(val)} is not one of {_labels_text(labels)}",
                    inputs,
                    None,
                    got,
                )
            out[k] = v
        missing = [k for k in keys if k not in out]
        if missing:
            raise Wrong(
                f"{what}: answer every key; missing {_labels_text(missing)}",
                inputs,
                None,
                got,
            )
        return out
    raise ValueError(f"unknown choice kind {kind!r}")


def _hint_for(hints, item, wrong):
    """The hint for a wrong item: the most specific of (item, wrong), (item, any), (any,
    wrong), (any, any)."""
    for key in ((item, wrong), (item, None), (None, wrong), (None, None)):
        for h_item, h_wrong, text in hints:
            if (h_item, h_wrong) == key:
                return text
    return None


def _choice(got, exp, inputs, context):
    what, kind = exp["what"], exp["kind"]
    answer = choice_form(got, exp, inputs)
    if exp.get("form_only"):
        raise Recorded(
            f"{what}: recorded. A choice is graded when you submit; the practice check "
            f"only checks its form (known labels, every item answered)."
        )
    hints = [(h[0], h[1], h[2]) for h in exp.get("hints", [])]
    expected = decode(exp["expected"]) if "expected" in exp else None
    wrong = []  # (item, wrong value, generic text)
    if kind == "label":
        accepted = [expected] if "one_of" not in exp else exp["one_of"]
        if answer not in accepted:
            wrong.append((None, answer, f"{answer!r} is not right"))
    elif kind == "set":
        expected = set(expected)
        for label in sorted(answer - expected):
            wrong.append((label, True, f"{label!r} should not be chosen"))
        for label in sorted(expected - answer):
            wrong.append((label, False, f"a label that belongs is missing ({label!r})"))
    elif kind == "sequence":
        names = exp.get("item_names") or [f"item {i + 1}" for i in range(len(expected))]
        for i, (a, e) in enumerate(zip(answer, expected)):
            if a != e:
                wrong.append((i, a, f"{names[i]}: {a!r} is not right"))
    else:
        for key in exp["keys"]:
            if answer[key] != expected[key]:
                wrong.append((key, answer[key], f"{key!r}: {answer[key]!r} is not right"))
    if not wrong:
        return
    texts = []
    for item, value, generic in wrong:
        specific = _hint_for(hints, item, value)
        text = generic if specific is None else f"{generic.split(':')[0]}: {specific}"
        if kind in ("label", "set") and specific is not None:
            text = specific
        if text not in texts:
            texts.append(text)
    total = exp.get("length") or len(exp.get("keys") or []) or None
    head = f"{what}: {len(wrong)} of {total} wrong" if total else f"{what} is not right"
    raise Wrong(head + "\n  - " + "\n  - ".join(texts), inputs, None, got)


# ------------------------------------------------------------------ parts of an answer


def _item(got, exp, inputs, context):
    """One entry of a dict answer, ``got[key]``, with its own expectation."""
    what, key = exp["what"], exp["key"]
    got = _unwrap(got)
    if not isinstance(got, dict):
        raise Wrong(
            f"wrong type: {what} should be a dict with an entry for {key!r}, got {_type_name(got)}",
            inputs,
            None,
            got,
        )
    found = [k for k in got if isinstance(k, str) and k.strip() == key]
    if not found:
        raise Wrong(f"{what} has no entry for {key!r}", inputs, None, got)
    check_expectation(got[found[0]], exp["expect"], inputs, context)


def _either(got, exp, inputs, context):
    """A word (a string) is checked by ``word``, anything else by ``other``."""
    branch = "word" if isinstance(_unwrap(got), (str, np.str_)) else "other"
    check_expectation(got, exp[branch], inputs, context)


# ---------------------------------------------------------------------------- verifiers


def _verify(got, exp, inputs, context):
    from .verifiers import VERIFIERS

    name = exp["verifier"]
    if name not in VERIFIERS:
        raise ValueError(f"unknown verifier {name!r}; known: {sorted(VERIFIERS)}")
    params = {k: decode(v, _build) for k, v in exp.get("params", {}).items()}
    try:
        VERIFIERS[name](_unwrap(got), **params)
    except Wrong as exc:
        hint = exp.get("hints", {}).get(getattr(exc, "key", None)) or exc.hint
        raise Wrong(f"{exp['what']}: {hint}", inputs, None, got) from None


def _build(spec):
    from .inputs import build

    return build(spec)


_CHECKS = {
    "close": _close,
    "equal": _equal,
    "pair": _pair,
    "secret": _secret,
    "choice": _choice,
    "verify": _verify,
    "item": _item,
    "either": _either,
}


def check_expectation(got, expectation: dict, inputs: str = "", context=None) -> None:
    """Raise :class:`Wrong` unless ``got`` meets ``expectation``."""
    kind = expectation.get("type")
    if kind not in _CHECKS:
        raise ValueError(f"unknown expectation type {kind!r}")
    _CHECKS[kind](got, expectation, inputs, context)

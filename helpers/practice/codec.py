"""Values as plain JSON, so that no process ever unpickles what another one sent.

The grader runs a student's code in one process and checks the results in another; the
practice check runs the same round trip in the student's kernel, so that both see exactly
the same thing. :func:`encode` turns numbers, strings, tuples, lists, sets, dicts and numpy
arrays into JSON-ready data with a tag for every non-JSON type; :func:`decode` turns it back.
Anything else (a student's own class, a generator, ...) is kept only as its type name, plus
its value as an array when numpy can read it as one. Decoding never runs code from the data.

Input functions for a case (a gradient, a loss, v -> H v) are sent as a description,
``{"fn": {...}}``, and rebuilt by the ``build`` passed to :func:`decode`
(:func:`helpers.practice.inputs.build`).
"""

from __future__ import annotations

import base64
import math

import numpy as np

__all__ = ["encode", "decode", "Opaque", "TooLarge", "MAX_ELEMENTS"]

MAX_ELEMENTS = 2_000_000  # numbers in one value; more is reported as too large
_MAX_DEPTH = 20


class Opaque:
    """A value that is not data (a student's own object): only its type name is kept."""

    def __init__(self, type_name: str, array=None):
        self.type_name, self.array = type_name, array

    def __repr__(self) -> str:
        return f"a {self.type_name}"


class TooLarge(Opaque):
    """A value with more than :data:`MAX_ELEMENTS` numbers."""


class _Budget:
    def __init__(self):
        self.left = MAX_ELEMENTS


def _encode_array(arr: np.ndarray, budget: _Budget, depth: int):
    if arr.size > budget.left:
        return {"toolarge": f"array of shape {arr.shape}"}
    budget.left -= arr.size
    if arr.dtype.kind in "biufc":
        data = np.ascontiguousarray(arr)
        return {
            "nd": data.dtype.str,
            "shape": list(arr.shape),
            "data": base64.b64encode(data.tobytes()).decode("ascii"),
        }
    if arr.dtype.kind in "US":
        return {"ndstr": list(arr.shape), "items": [str(x) for x in arr.ravel().tolist()]}
    return {
        "ndobj": list(arr.shape),
        "items": [_encode(x, budget, depth + 1) for x in arr.ravel().tolist()],
    }


def _encode(x, budget: _Budget, depth: int):
    if depth > _MAX_DEPTH:
        return {"obj": "deeply nested value"}
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, int):
        return x if abs(x) < 2**53 else {"bigint": str(x)}
    if isinstance(x, float):
        return float(x) if math.isfinite(x) else {"float": repr(float(x))}
    if isinstance(x, complex):
        return {"complex": [_encode(x.real, budget, depth), _encode(x.imag, budget, depth)]}
    if isinstance(x, np.generic) and x.dtype.kind in "biufc":
        return {"npscalar": x.dtype.str, "v": _encode(x.item(), budget, depth + 1)}
    if isinstance(x, np.ndarray):
        return _encode_array(np.asarray(x), budget, depth)
    if isinstance(x, tuple):
        return {"tuple": [_encode(v, budget, depth + 1) for v in x[:10_000]]}
    if isinstance(x, list):
        return [_encode(v, budget, depth + 1) for v in x[:100_000]]
    if isinstance(x, (set, frozenset)):
        items = [_encode(v, budget, depth + 1) for v in list(x)[:10_000]]
        return {"set": sorted(items, key=repr)}
    if isinstance(x, dict):
        return {
            "dict": [
                [_encode(k, budget, depth + 1), _encode(v, budget, depth + 1)]
                for k, v in list(x.items())[:10_000]
            ]
        }
    if isinstance(x, bytes):
        return {"bytes": base64.b64encode(x[:1_000_000]).decode("ascii")}
    name = type(x).__name__
    if callable(x):
        return {"callable": str(getattr(x, "__name__", name))[:80]}
    try:  # a student's own number-like or array-like object: keep what numpy reads
        arr = np.asarray(x)
        if arr.dtype.kind in "biufc":
            return {"obj": name[:80], "array": _encode_array(arr, budget, depth)}
    except Exception:  # noqa: BLE001 - any failure means: not array-like
        pass
    return {"obj": name[:80]}


def encode(x):
    """JSON-ready data for ``x`` (see the module docstring)."""
    return _encode(x, _Budget(), 0)


def decode(data, build=None):
    """The value that :func:`encode` described. A function description is built with
    ``build`` (:func:`helpers.practice.inputs.build`), or kept as an opaque value."""
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        return [decode(v, build) for v in data]
    if not isinstance(data, dict) or len(data) == 0:
        return Opaque("unreadable value")
    if "nd" in data:
        dtype = np.dtype(data["nd"])
        if dtype.kind not in "biufc":
            return Opaque("unreadable array")
        raw = base64.b64decode(data["data"])
        return np.frombuffer(raw, dtype=dtype).reshape(data["shape"]).copy()
    if "ndstr" in data:
        return np.array(data["items"]).reshape(data["ndstr"])
    if "ndobj" in data:
        arr = np.empty(len(data["items"]), dtype=object)
        arr[:] = [decode(v, build) for v in data["items"]]
        return arr.reshape(data["ndobj"])
    if "npscalar" in data:
        return np.dtype(data["npscalar"]).type(decode(data["v"], build))
    if "tuple" in data:
        return tuple(decode(v, build) for v in data["tuple"])
    if "set" in data:
        out = set()
        for v in data["set"]:
            try:
                out.add(decode(v, build))
            except TypeError:  # an unhashable item
                out.add(Opaque("unhashable value"))
        return out
    if "dict" in data:
        out = {}
        for k, v in data["dict"]:
            k = decode(k, build)
            try:
                out[k] = decode(v, build)
            except TypeError:  # an unhashable key
                pass
        return out
    if "bigint" in data:
        return int(data["bigint"])
    if "float" in data:
        return float(data["float"])
    if "complex" in data:
        return complex(decode(data["complex"][0], build), decode(data["complex"][1], build))
    if "bytes" in data:
        return base64.b64decode(data["bytes"])
    if "fn" in data:
        return build(data["fn"]) if build is not None else Opaque("function")
    if "callable" in data:
        return Opaque(f"function {data['callable']}")
    if "toolarge" in data:
        return TooLarge(str(data["toolarge"]))
    if "obj" in data:
        arr = decode(data["array"], build) if "array" in data else None
        return Opaque(str(data["obj"]), arr if isinstance(arr, np.ndarray) else None)
    return Opaque("unreadable value")

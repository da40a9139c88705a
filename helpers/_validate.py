"""Input checks shared by every module: fail early, say what to fix."""

from __future__ import annotations

import numbers

import numpy as np


def as_point(w, dim: int | None = None, name: str = "w") -> np.ndarray:
    """Return ``w`` as a finite float vector of length ``dim`` or raise ``ValueError``."""
    try:
        arr = np.array(w, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a sequence of numbers, got {w!r}") from exc
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise ValueError(
            f"{name} must be a 1-D vector, got an array of shape {arr.shape}; "
            f"pass a single point such as [x, y]"
        )
    if dim is not None and arr.shape[0] != dim:
        raise ValueError(
            f"{name} must have {dim} coordinate(s) for this function, "
            f"got {arr.shape[0]}: {arr.tolist()}"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got {arr.tolist()}; start from a real point")
    return arr


def finite_array(x, name: str) -> np.ndarray:
    """Return ``x`` as a float array if every entry is finite, else raise ``ValueError``."""
    arr = np.asarray(x, dtype=float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite")
    return arr


def regression_data(X, y) -> tuple[np.ndarray, np.ndarray]:
    """Return features ``X`` (N, d) and targets ``y`` (N,) as finite float arrays, or raise."""
    X = finite_array(X, "X")
    y = finite_array(y, "y")
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"X must be (N, d) and y (N,), got {X.shape} and {y.shape}")
    return X, y


def positive(value, name: str) -> float:
    """Return ``value`` as a float if it is a finite number > 0, else raise ``ValueError``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def non_negative(value, name: str) -> float:
    """Return ``value`` as a float if it is a finite number >= 0, else raise ``ValueError``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a non-negative number, got {value!r}")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a non-negative finite number, got {value!r}")
    return float(value)


def in_unit_interval(value, name: str) -> float:
    """Return ``value`` if 0 <= value < 1 (a decay or momentum factor), else raise."""
    value = non_negative(value, name)
    if value >= 1:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return value


def positive_int(value, name: str) -> int:
    """Return ``value`` if it is a whole number >= 1, else raise ``ValueError``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
    return int(value)

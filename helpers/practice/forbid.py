r"""Helpers an exercise asks you to write yourself are not available while it is checked.

Exercise 2.2 asks for the Hessian of the mean squared error; ``h.mse_hessian`` computes it.
Each exercise lists such helpers (its *forbid* list, in the practice data). While the check
runs your answer, :class:`Forbidden` replaces each of them, in ``helpers`` and every one of
its submodules and in your notebook's namespace, by a stub that raises
:class:`ForbiddenHelper` with a message that says so; the grader does the same while it
runs your notebook's cells. Calls from inside ``helpers`` itself still work, so the
helpers you may use keep working.

This is a speed bump, not a proof: code that goes out of its way (reloading a module,
copying the helper's source) gets around it, and the grader says so to instructors.
"""

from __future__ import annotations

import sys

__all__ = ["CALLED", "Forbidden", "ForbiddenHelper", "forbidden_message"]

# The names whose stub a student's code called (read for short answers computed in a cell).
CALLED: set[str] = set()


class ForbiddenHelper(RuntimeError):
    """A helper the exercise asks you to write yourself was called."""


def forbidden_message(name: str, exercise: str) -> str:
    return f"exercise {exercise} asks you to write this yourself; h.{name} is not available here"


def _from_helpers(frame) -> bool:
    """Whether the caller is a helper you may use (not the check, which calls your code)."""
    name = str(frame.f_globals.get("__name__", "")) if frame is not None else ""
    inside = name == "helpers" or name.startswith("helpers.")
    return inside and not name.startswith("helpers.practice")


def _stub(name: str, exercise: str, real):
    def stub(*args, **kwargs):
        if _from_helpers(sys._getframe(1)):  # a helper you may use calls it: fine
            return real(*args, **kwargs)
        CALLED.add(name)
        raise ForbiddenHelper(forbidden_message(name, exercise))

    stub.__name__ = stub.__qualname__ = getattr(real, "__name__", name)
    stub.__doc__ = forbidden_message(name, exercise)
    return stub


class Forbidden:
    """``with Forbidden({"mse_hessian": "2.2"}, namespace): ...``: inside, ``h.mse_hessian``
    (under every name ``helpers`` and its submodules, and ``namespace``, bind it to) raises
    :class:`ForbiddenHelper`; everything is put back on exit."""

    def __init__(self, names: dict, namespace: dict | None = None):
        self.names, self.namespace = dict(names), namespace
        self._saved: list = []

    def __enter__(self) -> Forbidden:
        if not self.names:
            return self
        # The package is found among the loaded modules (this module imports none of
        # them: practice sits below the top-level ``helpers``, which is always loaded
        # before any of its submodules). Its attributes load lazily: getattr loads one.
        top = sys.modules.get("helpers")
        for name, exercise in self.names.items():
            real = getattr(top, name, None) if top is not None else None
            if not callable(real):
                continue
            stub = _stub(name, str(exercise), real)
            spaces = [
                vars(mod)
                for key, mod in list(sys.modules.items())
                if mod is not None and (key == "helpers" or key.startswith("helpers."))
            ]
            if self.namespace is not None:
                spaces.append(self.namespace)
            for space in spaces:
                for key, value in list(space.items()):
                    if value is real:
                        self._saved.append((space, key, real, stub))
                        space[key] = stub
        return self

    def __exit__(self, *exc) -> None:
        self.restore()

    def restore(self) -> None:
        for space, key, real, stub in reversed(self._saved):
            if space.get(key) is stub:
                space[key] = real
        self._saved = []

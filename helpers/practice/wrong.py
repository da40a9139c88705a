"""The exception a failed comparison raises (its own module, so that the comparisons in
:mod:`helpers.practice.compare` and the verifiers they call both import it)."""

from __future__ import annotations

__all__ = ["Wrong"]


class Wrong(Exception):
    """A case failed: ``hint`` says what is off; input, expected and got show the case.
    A verifier names the kind of failure with ``key``, which the expectation's ``hints``
    may map to a teaching hint."""

    def __init__(self, hint: str, inputs: str = "", expected=None, got=None, key=None):
        super().__init__(hint)
        self.hint, self.inputs, self.expected, self.got = hint, inputs, expected, got
        self.key = key

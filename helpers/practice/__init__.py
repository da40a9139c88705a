r"""Practice checks for the exercise notebooks: feedback on practice cases.

In an exercise notebook::

    from helpers.practice import check
    check("5.1")

runs your answers for exercise 5.1 on the *practice cases* stored with this package
(``helpers/practice/cases/chNN.json``: inputs, expected outputs and the hints for typical
wrong answers) and prints your points part by part, with a hint for the first part that
fails. The practice cases are data written by the instructor's tools from the reference
answers; this package holds no reference implementation and none of the cases your work
is graded on. The grader runs your code again, on other random cases, in a process of its
own: what this check prints is feedback, never the grade.

A short answer (a number or a word) is stored only as a salted digest, its sign and a
range around it, so the check can say "wrong sign", "too high" or "off by two orders of
magnitude" without knowing, or showing, the value.

This package imports numpy only (IPython is used, when present, to display the result).
"""

from __future__ import annotations

from .checking import check, load_exercise, practice_result

__all__ = ["check", "load_exercise", "practice_result"]

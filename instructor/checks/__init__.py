"""Hidden checks of the graded exercises, one module a chapter, with the reference answers.

Importing this package registers every exercise in :data:`instructor.cases.EXERCISES`.
Each module mirrors one solution notebook in ``solutions/``. This is the instructor's side:
it is not installed by ``requirements.txt``, not part of the student release, and never
importable from a process that runs a student's code.
"""

from . import ch01, ch02, ch03, ch04, ch05, ch06, ch07, ch08  # noqa: F401

"""Check definitions of the graded exercises, one module a chapter.

Importing this package registers every exercise in :data:`helpers.grading.EXERCISES`.
Each module mirrors one chapter and one exercise notebook in ``solutions/``.
"""

from . import ch01, ch02, ch03, ch04, ch05, ch06, ch07, ch08  # noqa: F401

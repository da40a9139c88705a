"""``python -m instructor <command>``: the instructor's tools.

Commands:

  seed         write a new secret grading seed into a file only you can read
  grade        grade a folder of submitted notebooks (scores.csv, feedback, report)
  exercises    generate the student notebooks in exercises/ from solutions/
  practice     write the practice cases into helpers/practice/cases/
  release      write the student release (the students' repository)
  gradescope   write a Gradescope autograder bundle (autograder.zip)

Run ``python -m instructor <command> --help`` for the options of each.
"""

from __future__ import annotations

import sys


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {
        "seed": "instructor.grader.seed",
        "grade": "instructor.grader.grade",
        "exercises": "instructor.make_exercises",
        "practice": "instructor.practice",
        "release": "instructor.release",
        "gradescope": "instructor.gradescope",
    }
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in commands:
        print(__doc__)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    import importlib

    return importlib.import_module(commands[argv[0]]).main(argv[1:])


if __name__ == "__main__":
    sys.exit(main())

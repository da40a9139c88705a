"""The instructor's side of the course: hidden checks, grader, release and bundles.

Not installed by ``requirements.txt`` and not in the student release: run it from a
checkout of the public repository, ``python -m instructor <command>`` (``--help`` lists
them). The grader never makes this package importable in a process that runs a student's
code (see :mod:`instructor.grader`).
"""

"""The grader: sandboxed notebook execution, hidden checks in a separate process.

:mod:`~instructor.grader.grade` is the command, :mod:`~instructor.grader.notebook` reads
submissions, :mod:`~instructor.grader.sandbox` runs the processes,
:mod:`~instructor.grader.zygote` is the pre-warmed process that runs students' code and
:mod:`~instructor.grader.checker` the process that scores it.
"""

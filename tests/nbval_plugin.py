"""nbval adjustments for this book; load with ``pytest -p tests.nbval_plugin --nbval ...``.

1. nbval runs cells with ``store_history=False``. IPython then decides whether a trailing
   ``;`` hides a cell's value by looking at the *previous* cell in the history, so a plotting
   cell ending in ``;`` prints its return value under nbval but not in Jupyter or in the
   book's build. Running cells with ``store_history=True``, as Jupyter does, makes nbval see
   the outputs the reader sees.
2. myst-nb's ``glue(..., display=False)`` leaves an output record in the kernel that myst-nb
   removes from the executed notebook. Those records are not compared; the values behind
   them are printed in the chapters' tables or checked by unit tests.
"""

import pytest
from nbval import kernel as _kernel

GLUE_KEYS = tuple(
    f"application/papermill.record/{mime}"
    for mime in (
        "text/plain",
        "text/html",
        "text/markdown",
        "text/latex",
        "image/png",
        "image/jpeg",
        "image/svg+xml",
        "application/json",
    )
)


def _execute_cell_input(self, cell_input, allow_stdin=None):
    return self.kc.execute(
        cell_input, store_history=True, allow_stdin=allow_stdin, stop_on_error=False
    )


_kernel.RunningKernel.execute_cell_input = _execute_cell_input


@pytest.hookimpl(hookwrapper=True)
def pytest_collect_file(file_path, parent):
    outcome = yield
    for collector in outcome.get_result() or []:
        if hasattr(collector, "skip_compare"):
            collector.skip_compare = tuple(collector.skip_compare) + GLUE_KEYS

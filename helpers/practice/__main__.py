r"""Run a notebook and its practice checks from the command line.

::

    python -m helpers.practice exercises/ex05_momentum.md 5.1 [5.2 ...]

runs the notebook's code cells in this process, then the practice checks of the given
exercises, prints the feedback, and exits 0 when every one passes on every practice case
(1 otherwise). The GitHub Classroom workflow of the student release runs it once an
exercise, in the student's own repository: a progress signal for the student, not the
grade (the instructor's grader runs other cases).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _cells(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        nb = json.loads(text)
        cells = [(c.get("cell_type"), c.get("source", "")) for c in nb.get("cells", [])]
    else:
        import jupytext

        cells = [(c.cell_type, c.source) for c in jupytext.reads(text, fmt="md:myst").cells]
    return ["".join(s) if isinstance(s, list) else s for kind, s in cells if kind == "code"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m helpers.practice", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("notebook", help="an exercise notebook (.md or .ipynb)")
    parser.add_argument("exercises", nargs="+", help="exercise ids, e.g. 5.1")
    args = parser.parse_args(argv)
    import matplotlib

    matplotlib.use("Agg")
    from IPython.core.interactiveshell import InteractiveShell

    import helpers.practice as practice

    from .checking import load_exercise, practice_result
    from .forbid import CALLED, Forbidden

    quiet = lambda *a, **k: None  # noqa: E731 - the notebook's own check calls
    practice.check, sys.modules["helpers.practice.checking"].check = quiet, quiet

    # the helpers these exercises ask the student to write are not available to the cells
    forbid = {}
    for ex_id in args.exercises:
        ex = load_exercise(ex_id) or {}
        for name in ex.get("forbid", []):
            forbid[name] = f"{forbid[name]}/{ex['id']}" if name in forbid else ex["id"]
    shell = InteractiveShell.instance()
    with Forbidden(forbid, shell.user_ns):
        for source in _cells(Path(args.notebook)):
            result = shell.run_cell(source, store_history=False, silent=True)
            if result.error_before_exec or result.error_in_exec:
                err = result.error_before_exec or result.error_in_exec
                print(f"a cell raised {type(err).__name__}: {err}", file=sys.stderr)
    called = set(CALLED)
    ok = True
    for ex_id in args.exercises:
        CALLED.update(called)  # a short answer computed with a forbidden helper is reported
        result = practice_result(ex_id, shell.user_ns)
        print(result.text(practice=True), end="\n\n")
        ok = ok and result.status == "passed"
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

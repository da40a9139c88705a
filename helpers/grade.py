r"""Grade a folder of submitted exercise notebooks with one command.

::

    python -m helpers.grade submissions/ --out results/

Every file in ``submissions/`` (``.ipynb`` or MyST ``.md``) is copied to a temporary folder
and executed there in its own kernel with nbclient: errors do not stop the notebook
(``allow_errors``), a cell that runs longer than ``--timeout`` seconds is interrupted, and
the whole notebook gets at most ``--budget`` seconds. The check cells leave their results
in the outputs under :data:`helpers.grading.MIME`; the grader collects them and writes

* ``results/scores.csv``: one row a submission, one column an exercise, the total, a status
  (``ok``, ``errors``, ``timeout``, ``kernel died``, ``not a notebook``) and the reason;
* ``results/feedback/<submission>.txt``: the feedback of every check, and the errors;
* ``results/results.json``: all of it, machine-readable.

Submissions are only read, never written. A submission that is not a notebook, crashes or
hangs still gets a row with the reason, and the others are graded as usual.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

__all__ = ["grade_notebook", "grade_folder", "main"]

_CHECK_CALL = re.compile(r"""\bcheck\(\s*["']([^"']+)["']""")
SUFFIXES = (".ipynb", ".md")


def _sort_key(exercise_id: str):
    return tuple(int(x) if x.isdigit() else x for x in exercise_id.split("."))


def _read_notebook(path: Path):
    """Parse a submission; raise ValueError with a readable reason if it is not a notebook."""
    import nbformat

    if path.suffix not in SUFFIXES:
        raise ValueError(f"not a notebook: unsupported file type {path.suffix or '(none)'!r}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError("not a notebook: the file is not UTF-8 text") from None
    if path.suffix == ".ipynb":
        try:
            nb = nbformat.reads(text, as_version=4)
            nbformat.validate(nb)
        except Exception as exc:  # JSON or schema errors
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ValueError(f"not a notebook: cannot read the .ipynb ({first[:120]})") from None
    else:
        import jupytext

        try:
            nb = jupytext.reads(text, fmt="md:myst")
        except Exception as exc:
            raise ValueError(f"not a notebook: cannot read the MyST file ({exc})") from None
    if not any(c.cell_type == "code" for c in nb.cells):
        raise ValueError("not a notebook: no code cells")
    return nb


def grade_notebook(path, timeout: float = 60, budget: float = 600) -> dict:
    """Execute one submission in a temporary copy and collect its check results.

    Returns ``{"submission", "status", "reason", "results": {id: result}, "expected": [ids],
    "errors": [text], "seconds"}``. Never raises for a bad submission.
    """
    import shutil

    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    from .grading import MIME

    path = Path(path)
    out = {"submission": path.name, "status": "ok", "reason": "", "results": {},
           "expected": [], "errors": []}
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="grade-") as tmp:
        copy = Path(tmp) / path.name
        shutil.copyfile(path, copy)  # execute a copy: the submission is only read
        try:
            nb = _read_notebook(copy)
        except ValueError as exc:
            out.update(status="not a notebook", reason=str(exc))
            return out

        timed_out = []
        deadline = start + budget

        class Client(NotebookClient):
            async def _async_handle_timeout(self, t, cell=None):
                timed_out.append(cell)
                return await super()._async_handle_timeout(t, cell)

        def cell_timeout(cell):
            return max(1, int(min(timeout, deadline - time.monotonic()) + 0.999))

        client = Client(nb, timeout_func=cell_timeout, kernel_name="python3", allow_errors=True,
                        interrupt_on_timeout=True, record_timing=False,
                        error_on_timeout={"ename": "CellTimeoutError",
                                          "evalue": "the cell ran past the time limit",
                                          "traceback": []},
                        resources={"metadata": {"path": tmp}})
        try:
            client.execute()
        except DeadKernelError:
            out.update(status="kernel died", reason="the kernel died (crashed or exited) "
                                                    "while running the notebook")
        except Exception as exc:  # kernel failed to start, etc.
            out.update(status="error", reason=f"could not execute: {type(exc).__name__}: {exc}")

    # collect results and errors cell by cell
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        ids = _CHECK_CALL.findall(cell.source)
        out["expected"] += [i for i in ids if i not in out["expected"]]
        found = False
        for o in cell.get("outputs", []):
            if o.get("output_type") == "display_data" and MIME in o.get("data", {}):
                result = o["data"][MIME]
                if isinstance(result, str):
                    result = json.loads(result)
                out["results"][str(result["exercise"])] = result
                found = True
            elif o.get("output_type") == "error":
                out["errors"].append(f"cell {index}: {o.get('ename')}: {o.get('evalue')}")
        if any(cell is c for c in timed_out):
            out["errors"].append(f"cell {index}: ran past the time limit and was interrupted")
        if ids and not found:
            for i in ids:
                out["results"].setdefault(i, {
                    "exercise": i, "points": 0, "max_points": None, "status": "no result",
                    "feedback": "the check cell did not produce a result (see the errors)"})
    if timed_out and out["status"] == "ok":
        out.update(status="timeout", reason=f"{len(timed_out)} cell(s) ran past the time "
                                            f"limit and were interrupted")
    elif out["errors"] and out["status"] == "ok":
        out.update(status="errors", reason=out["errors"][0])
    out["seconds"] = round(time.monotonic() - start, 1)
    return out


def _grade_safely(args):
    path, timeout, budget = args
    try:
        return grade_notebook(path, timeout, budget)
    except Exception as exc:  # last line of defence: a row, never a crash of the whole run
        return {"submission": Path(path).name, "status": "error",
                "reason": f"grader error: {type(exc).__name__}: {exc}", "results": {},
                "expected": [], "errors": []}


def _max_points() -> dict:
    import helpers.checks  # noqa: F401

    from .grading import EXERCISES
    return {i: ex.max_points for i, ex in EXERCISES.items()}


def grade_folder(folder, out_dir, timeout: float = 60, budget: float = 600, jobs: int = 2) -> list:
    """Grade every file in ``folder`` and write scores.csv, feedback/ and results.json."""
    folder, out_dir = Path(folder), Path(out_dir)
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    work = [(str(p), timeout, budget) for p in files]
    if jobs > 1 and len(work) > 1:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
            rows = list(pool.map(_grade_safely, work))
    else:
        rows = [_grade_safely(w) for w in work]

    maxima = _max_points()
    ids = sorted({i for r in rows for i in list(r["results"]) + r["expected"]}, key=_sort_key)
    for r in rows:
        r["scores"] = {i: float(r["results"].get(i, {}).get("points", 0) or 0) for i in ids}
        r["total"] = sum(r["scores"].values())
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / "scores.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["submission", *ids, "total", "status", "reason"])
        for r in rows:
            writer.writerow([r["submission"], *(f"{r['scores'][i]:g}" for i in ids),
                             f"{r['total']:g}", r["status"], r["reason"]])
    fb_dir = out_dir / "feedback"
    fb_dir.mkdir(exist_ok=True)
    for r in rows:
        (fb_dir / f"{r['submission']}.txt").write_text(_report(r, ids, maxima), encoding="utf-8")
    summary = {"exercises": ids, "max_points": {i: maxima.get(i) for i in ids},
               "submissions": rows}
    (out_dir / "results.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return rows


def _report(r: dict, ids, maxima) -> str:
    possible = sum(maxima.get(i) or 0 for i in ids)
    lines = [f"Feedback for {r['submission']}", "",
             f"Total: {r['total']:g} / {possible:g} points", f"Status: {r['status']}"]
    if r["reason"]:
        lines.append(f"Reason: {r['reason']}")
    for i in ids:
        res = r["results"].get(i)
        lines += ["", "-" * 72]
        if res is None:
            lines.append(f"Exercise {i}: no check cell found, 0/{maxima.get(i, 0):g} points")
            continue
        lines.append(f"Exercise {i} ({res.get('title', '')}): {res.get('status')}, "
                     f"{res.get('points', 0):g}/{maxima.get(i, 0):g} points")
        for name, earned, pts, ok in res.get("parts", []):
            mark = "ok  " if ok else " -- " if res.get("status") == "not attempted" else "FAIL"
            lines.append(f"  [{mark}] {name} ({earned:g}/{pts:g})")
        if res.get("feedback"):
            lines += ["", res["feedback"]]
    if r["errors"]:
        lines += ["", "-" * 72, "Errors while running the notebook:"]
        lines += [f"  {e}" for e in r["errors"]]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m helpers.grade",
        description="Grade a folder of submitted exercise notebooks (.ipynb or MyST .md).")
    parser.add_argument("submissions", help="folder with one notebook per submission")
    parser.add_argument("--out", default="results", help="output folder (default: results)")
    parser.add_argument("--timeout", type=float, default=60,
                        help="seconds a cell may run before it is interrupted (default: 60)")
    parser.add_argument("--budget", type=float, default=600,
                        help="seconds a whole submission may run (default: 600)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="submissions executed in parallel (default: 2)")
    args = parser.parse_args(argv)
    folder = Path(args.submissions)
    if not folder.is_dir():
        print(f"error: {folder} is not a folder", file=sys.stderr)
        return 2
    if Path(args.out).resolve() == folder.resolve():
        print("error: --out must not be the submissions folder", file=sys.stderr)
        return 2
    rows = grade_folder(folder, args.out, args.timeout, args.budget, max(1, args.jobs))
    for r in rows:
        print(f"{r['submission']}: {r['total']:g} points, {r['status']}"
              + (f" ({r['reason']})" if r["reason"] else ""))
    print(f"wrote {Path(args.out) / 'scores.csv'} and {Path(args.out) / 'feedback'}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())

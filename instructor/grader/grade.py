r"""Grade a folder of submitted exercise notebooks: ``python -m instructor grade``.

::

    python -m instructor grade submissions/ --seed 8412 --out results/ [--jobs 2]

Every file under ``submissions/`` (subfolders too; a file's id is its path relative to the
folder) is read, never written. Each notebook's code cells run in a sandboxed process with
fresh state (:mod:`instructor.grader.sandbox`); then the hidden checks draw their cases
from ``--seed`` and call the student's functions in that process, and score the replies in
a separate checker process. Nothing the notebook printed, displayed or saved is read. The
run always writes

* ``results/scores.csv``: a row of maximum points, then one row a submission: the points of
  each exercise (empty where the notebook is not graded on it), the total, the maximum,
  the status and the reason;
* ``results/feedback/<submission>.txt``: the report to hand back;
* ``results/results.json``: everything, machine-readable, with the seed;
* ``results/report.md``: a summary of the run: counts by status, odd ids, time.

Statuses: ``ok``; ``errors`` (a cell raised; the others ran); ``timeout`` (a cell ran past
``--cell-timeout`` and was stopped, or the whole submission past ``--timeout``);
``crashed`` (the process running the notebook ended); ``not a notebook``; ``no exercises
found``; ``grader error`` (the grader itself failed on this file; the others are graded).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import queue
import sys
import threading
import time
from pathlib import Path

from ..cases import PRACTICE_SEED, sort_key
from ..checks import EXERCISES
from .notebook import NotANotebook, chapters_of, read_submission
from .sandbox import Limits, Slot, SlotBroken, Snapshot, isolation_mode

__all__ = ["grade_folder", "grade_files", "main", "find_submissions"]


def find_submissions(folder: Path) -> list[Path]:
    """Every file under ``folder`` except hidden ones and Jupyter's checkpoints."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        out += [Path(dirpath) / d for d in dirnames if (Path(dirpath) / d).is_symlink()]
        out += [Path(dirpath) / f for f in sorted(filenames) if not f.startswith(".")]
    return sorted(out)


def _exercise_ids(chapters) -> list[str]:
    return sorted((i for i, ex in EXERCISES.items() if ex.chapter in chapters), key=sort_key)


def _grade_one(
    slot: Slot,
    path: Path,
    name: str,
    seed: int,
    salt: str,
    chapters_forced,
    snapshot: Snapshot,
    hide=(),
) -> dict:
    row = {
        "submission": name,
        "status": "ok",
        "reason": "",
        "notes": [],
        "results": {},
        "exercises": [],
        "errors": [],
    }
    start = time.monotonic()
    if path.is_symlink():  # it could point at another student's notebook
        row.update(status="not a notebook", reason="a symbolic link: not followed, not graded")
        return row
    try:
        sub = read_submission(path)
    except NotANotebook as exc:
        row.update(status="not a notebook", reason=str(exc))
        return row
    except Exception as exc:  # noqa: BLE001 - never a crash of the run
        row.update(status="not a notebook", reason=f"cannot read the file ({type(exc).__name__})")
        return row
    known = {ex.chapter for ex in EXERCISES.values()}
    chapters, notes = chapters_of(sub, known)
    if chapters_forced:
        chapters = list(chapters_forced)
    row["notes"] += notes
    if sub.kernel and sub.kernel != "python3":
        row["notes"].append(
            f"kernel {sub.kernel!r} in the notebook's metadata ignored: every "
            f"code cell runs as Python 3"
        )
    ids = _exercise_ids(chapters)
    row["exercises"] = ids
    if not ids:
        row.update(
            status="no exercises found",
            reason="no title 'Exercises N', file name exNN_ or check(\"N.M\") call says "
            "which chapter this notebook answers",
        )
        return row
    try:
        outcome = slot.run(path, sub.cells, ids, seed, salt, hide)
    except SlotBroken as exc:
        slot.stop()
        row.update(status="grader error", reason=str(exc))
        return row
    finally:
        changed = snapshot.verify_and_restore()
        if changed:
            row["notes"].append(
                f"changed the grader's copy of the code while running "
                f"({', '.join(changed[:3])}; restored before the next "
                f"submission)"
            )
    row["results"] = outcome["results"]
    for cell in outcome["cells"]:
        if cell.get("status") == "error":
            row["errors"].append(f"cell {cell['cell']}: {cell.get('error', '')}")
        elif cell.get("status") == "timeout":
            row["errors"].append(
                f"cell {cell['cell']}: ran past the time limit of "
                f"{slot.limits.cell_timeout:g} s and was stopped (the "
                f"notebook went on without it)"
            )
        elif cell.get("status") == "died":
            row["errors"].append(
                f"cell {cell['cell']}: ended its process (os._exit, a crash "
                f"or the memory limit); the notebook went on without it"
            )
    if outcome["status"] != "ok":
        row.update(status=outcome["status"], reason=outcome["reason"])
    elif any("time limit" in e for e in row["errors"]):
        row.update(status="timeout", reason=next(e for e in row["errors"] if "time limit" in e))
    elif row["errors"]:
        row.update(status="errors", reason=row["errors"][0])
    row["seconds"] = round(time.monotonic() - start, 2)
    return row


def grade_files(
    files: list[tuple[Path, str]],
    seed: int,
    salt: str = "",
    jobs: int = 2,
    limits: Limits | None = None,
    chapters=None,
    progress=None,
    hide=(),
) -> list[dict]:
    """Grade ``[(path, id)]`` on ``jobs`` slots; one row a file, in the order given.

    ``hide`` lists folders that students' code must not see where the grader can isolate
    it (the submissions, the outputs, the seed's folder)."""
    if int(seed) == PRACTICE_SEED:
        raise ValueError(
            f"--seed {seed} is the practice seed: pick another number, so that "
            f"the grading cases differ from the practice cases"
        )
    import helpers
    import instructor

    limits = limits or Limits()
    snapshot = Snapshot(Path(helpers.__file__).parent, Path(instructor.__file__).parent)
    todo: queue.Queue = queue.Queue()
    for i, item in enumerate(files):
        todo.put((i, item))
    rows: list = [None] * len(files)

    def work(index: int) -> None:
        slot = Slot(index, snapshot, limits)
        try:
            while True:
                try:
                    i, (path, name) = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    rows[i] = _grade_one(slot, path, name, seed, salt, chapters, snapshot, hide)
                except Exception as exc:  # noqa: BLE001 - one file never stops the class
                    slot.stop()
                    rows[i] = {
                        "submission": name,
                        "status": "grader error",
                        "reason": f"{type(exc).__name__}: {exc}",
                        "notes": [],
                        "results": {},
                        "exercises": [],
                        "errors": [],
                    }
                if progress:
                    progress(rows[i])
        finally:
            slot.stop()

    threads = [
        threading.Thread(target=work, args=(j,), daemon=True)
        for j in range(max(1, min(jobs, len(files))))
    ]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        snapshot.cleanup()
    for r in rows:
        _finish_row(r)
    return rows


def _finish_row(r: dict) -> None:
    """Points capped at each exercise's maximum; totals."""
    scores, maxima = {}, {}
    for ex_id in r["exercises"]:
        top = EXERCISES[ex_id].max_points
        res = r["results"].get(ex_id) or {}
        try:
            pts = float(res.get("points", 0) or 0)
        except (TypeError, ValueError):
            pts = 0.0
        scores[ex_id] = min(max(pts, 0.0), top)
        maxima[ex_id] = top
    r["scores"], r["max_points"] = scores, maxima
    r["total"], r["max_total"] = sum(scores.values()), sum(maxima.values())


def grade_folder(
    folder,
    out_dir,
    seed: int,
    salt: str = "",
    jobs: int = 2,
    limits: Limits | None = None,
    chapters=None,
    progress=None,
) -> list[dict]:
    """Grade every file under ``folder``; write scores.csv, feedback/, results.json, report.md."""
    folder, out_dir = Path(folder), Path(out_dir)
    start = time.monotonic()
    files = [(p, p.relative_to(folder).as_posix()) for p in find_submissions(folder)]
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = grade_files(
        files,
        seed,
        salt,
        jobs,
        limits,
        chapters,
        progress,
        hide=[folder.resolve(), out_dir.resolve()],
    )
    write_results(rows, out_dir, seed, time.monotonic() - start, jobs)
    return rows


def _fmt(x: float) -> str:
    return f"{x:g}"


def write_results(rows: list[dict], out_dir: Path, seed: int, seconds: float, jobs: int) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    ids = sorted({i for r in rows for i in r["exercises"]}, key=sort_key)
    with open(out_dir / "scores.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["submission", *ids, "total", "max", "status", "reason"])
        writer.writerow(
            [
                "(max points)",
                *(_fmt(EXERCISES[i].max_points) for i in ids),
                _fmt(sum(EXERCISES[i].max_points for i in ids)),
                "",
                "",
                "",
            ]
        )
        for r in rows:
            writer.writerow(
                [
                    r["submission"],
                    *(_fmt(r["scores"][i]) if i in r["scores"] else "" for i in ids),
                    _fmt(r["total"]),
                    _fmt(r["max_total"]),
                    r["status"],
                    "; ".join(x for x in [r["reason"], *r["notes"]] if x),
                ]
            )
    fb = out_dir / "feedback"
    for r in rows:
        target = fb / (r["submission"] + ".txt")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(feedback_text(r), encoding="utf-8")
    (out_dir / "results.json").write_text(
        json.dumps(
            {
                "seed": seed,
                "sandbox": isolation_mode(),
                "exercises": ids,
                "max_points": {i: EXERCISES[i].max_points for i in ids},
                "submissions": rows,
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    lines = [
        "# Grading report",
        "",
        f"- submissions: {len(rows)}",
        f"- seed: {seed}",
        f"- time: {seconds:.1f} s on {jobs} job(s)",
        f"- sandbox: {isolation_mode()}",
        "",
        "| status | submissions |",
        "| --- | --- |",
    ]
    lines += [f"| {k} | {v} |" for k, v in sorted(counts.items())]
    flagged = [r for r in rows if r["status"] != "ok" or r["notes"]]
    if flagged:
        lines += ["", "## Submissions to look at", ""]
        lines += [
            f"- `{r['submission']}`: {r['status']}"
            + "".join(f"; {x}" for x in [r["reason"], *r["notes"]] if x)
            for r in flagged
        ]
    (out_dir / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def feedback_text(r: dict) -> str:
    lines = [
        f"Feedback for {r['submission']}",
        "",
        f"Total: {_fmt(r['total'])} / {_fmt(r['max_total'])} points",
        f"Status: {r['status']}",
    ]
    if r["reason"]:
        lines.append(f"Reason: {r['reason']}")
    for note in r["notes"]:
        lines.append(f"Note: {note}")
    for ex_id in r["exercises"]:
        res = r["results"].get(ex_id)
        lines += ["", "-" * 72]
        if not res:
            lines.append(
                f"Exercise {ex_id}: no result, 0/{_fmt(EXERCISES[ex_id].max_points)} points"
            )
            continue
        lines.append(
            f"Exercise {ex_id} ({res.get('title', '')}): {res.get('status')}, "
            f"{_fmt(r['scores'][ex_id])}/{_fmt(EXERCISES[ex_id].max_points)} points"
        )
        for name, earned, pts, ok in res.get("parts", []):
            mark = (
                "ok  "
                if ok
                else " -- "
                if res.get("status") in ("not attempted", "no result")
                else "FAIL"
            )
            lines.append(f"  [{mark}] {name} ({_fmt(earned)}/{_fmt(pts)})")
        if res.get("feedback"):
            lines += ["", res["feedback"]]
    if r["errors"]:
        lines += ["", "-" * 72, "Errors while running the notebook:"]
        lines += [f"  {e}" for e in r["errors"]]
    return "\n".join(lines) + "\n"


def _chapters(text: str | None):
    if not text:
        return None
    return sorted({int(x) for x in text.replace(",", " ").split()})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m instructor grade",
        description="Grade a folder of submitted exercise notebooks (.ipynb or MyST .md).",
    )
    parser.add_argument("submissions", help="folder of submissions (subfolders are graded too)")
    parser.add_argument(
        "--seed",
        type=int,
        default=os.environ.get("LL_GRADING_SEED"),
        help="the grading seed: the hidden cases are drawn from it (or set "
        "LL_GRADING_SEED, which other users cannot read in /proc)",
    )
    parser.add_argument("--out", default="results", help="output folder (default: results)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="submissions graded in parallel (default: one per core)",
    )
    parser.add_argument(
        "--chapter",
        default=None,
        help="grade every notebook as these chapters (e.g. 5 or 5,6); by "
        "default each notebook's title says",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=Limits.timeout,
        help="seconds for a whole submission (default: %(default)s)",
    )
    parser.add_argument(
        "--cell-timeout",
        type=float,
        default=Limits.cell_timeout,
        help="seconds a cell may run (default: %(default)s)",
    )
    parser.add_argument(
        "--part-timeout",
        type=float,
        default=Limits.part_timeout,
        help="seconds a check part may run (default: %(default)s)",
    )
    parser.add_argument(
        "--memory",
        type=int,
        default=Limits.memory_mb,
        help="MB of memory a submission may use (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    if args.seed is None:
        parser.error("give the grading seed: --seed N, or LL_GRADING_SEED=N in the environment")
    args.seed = int(args.seed)
    folder = Path(args.submissions)
    if not folder.is_dir():
        print(f"error: {folder} is not a folder", file=sys.stderr)
        return 2
    out = Path(args.out).resolve()
    if out == folder.resolve() or folder.resolve() in out.parents:
        print("error: --out must be outside the submissions folder", file=sys.stderr)
        return 2
    limits = Limits(args.timeout, args.cell_timeout, args.part_timeout, args.memory)
    try:
        rows = grade_folder(
            folder,
            out,
            args.seed,
            "",
            max(1, args.jobs),
            limits,
            _chapters(args.chapter),
            progress=lambda r: print(f"{r['submission']}: {r['status']}", flush=True),
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for r in rows:
        print(
            f"{r['submission']}: {_fmt(r['total'])}/{_fmt(r['max_total'])} points, "
            f"{r['status']}" + (f" ({r['reason']})" if r["reason"] else "")
        )
    print(f"wrote {out / 'scores.csv'}, {out / 'report.md'} and {out / 'feedback'}/")
    return 0

r"""Grade a folder of submitted exercise notebooks: ``python -m instructor grade``.

::

    python -m instructor seed grading.seed        # once: a secret seed, mode 0600
    python -m instructor grade submissions/ --seed-file grading.seed --out results/ [--jobs 2]

Every file under ``submissions/`` (subfolders too; a file's id is its path relative to the
folder) is read, never written. Each notebook is read and its code cells run in a sandboxed
process with fresh state (:mod:`instructor.grader.sandbox`); then the hidden checks draw
their cases from the seed (:mod:`instructor.grader.seed`) and call the student's functions
in that process, and score the replies in a separate checker process. Nothing the notebook
printed, displayed or saved is read. The run always writes

* ``results/scores.csv``: a row of maximum points, then one row a submission: the points of
  each exercise (empty where the notebook is not graded on it), the total, the maximum,
  the status and the reason;
* ``results/feedback/<submission>.txt``: the report to hand back (the submission's path
  with ``/`` as ``__`` and anything but letters, digits, ``.``, ``_`` and ``-`` as ``_``;
  ``feedback/index.csv`` maps each submission to its file);
* ``results/results.json``: everything, machine-readable, with the seed's fingerprint
  (never the seed);
* ``results/report.md``: a summary of the run: counts by status, odd ids, time.

Statuses: ``ok``; ``errors`` (a cell raised, ended its process or wrote to the grader's
socket; the others ran); ``timeout`` (a cell used more than ``--cell-timeout`` seconds of
CPU time, or waited that long without computing, and was stopped; or the whole submission
used more than ``--timeout``); ``crashed`` (the process running the notebook ended too
often); ``not a notebook``; ``no exercises found``; ``not graded`` (Gradescope: another
notebook of the same chapter is graded); ``grader error`` (the grader itself failed on
this file twice, on a fresh slot the second time; the others are graded).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import queue
import re
import sys
import threading
import time
from pathlib import Path

from ..cases import sort_key
from ..checks import EXERCISES
from .notebook import NotANotebook, chapters_of, precheck
from .sandbox import (
    UNSAFE_FLAG,
    Limits,
    SandboxUnavailable,
    Slot,
    SlotBroken,
    Snapshot,
    readable_by_others,
    sandbox_mode,
)
from .seed import ENV, SeedError, case_seed, check_seed, fingerprint, read_seed_file

__all__ = ["grade_folder", "grade_files", "main", "find_submissions", "feedback_names"]


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


def _new_row(name: str) -> dict:
    return {
        "submission": name,
        "status": "ok",
        "reason": "",
        "notes": [],
        "results": {},
        "exercises": [],
        "errors": [],
    }


def _cell_error(cell: dict, limits: Limits) -> str:
    where = f"cell {cell['cell']}"
    went_on = "the notebook went on without it"
    status, detail = cell.get("status"), cell.get("detail", "")
    if status == "error":
        return f"{where}: {cell.get('error', '')}"
    if status == "timeout" and detail == "idle":
        return (
            f"{where}: waited more than the time limit of {limits.cell_timeout:g} s without "
            f"computing (sleeping or blocked) and was stopped ({went_on})"
        )
    if status == "timeout" and detail == "wall":
        return (
            f"{where}: ran past the wall-clock backstop of "
            f"{limits.wall(limits.cell_timeout):g} s and was stopped ({went_on})"
        )
    if status == "timeout":
        return (
            f"{where}: ran past the time limit of {limits.cell_timeout:g} s (CPU time) and "
            f"was stopped ({went_on})"
        )
    if status == "protocol":
        return (
            f"{where}: wrote to the grader's socket ({detail or 'an unexpected frame'}); "
            f"stopped, and {went_on}"
        )
    return f"{where}: ended its process (os._exit, a crash, or the memory or CPU limit); {went_on}"


def _grade_one(
    slot: Slot,
    path: Path,
    name: str,
    seed: int,
    chapters_forced,
    snapshot: Snapshot,
    hide=(),
    claim=None,
) -> dict:
    """Grade one file; ``seed`` is the run's case seed. ``claim(chapters, name)`` (one
    notebook a chapter) says whether this notebook may be graded, and why not."""
    row = _new_row(name)
    start = time.monotonic()
    try:
        size = precheck(path)
    except NotANotebook as exc:
        row.update(status="not a notebook", reason=str(exc))
        return row
    except OSError as exc:
        row.update(status="not a notebook", reason=f"cannot read the file ({exc.strerror})")
        return row
    known = {ex.chapter for ex in EXERCISES.values()}

    def decide(sub):
        chapters, notes = chapters_of(sub, known)
        if chapters_forced:
            chapters = list(chapters_forced)
        if sub.kernel and sub.kernel != "python3":
            notes.append(
                f"kernel {sub.kernel[:40]!r} in the notebook's metadata ignored: every "
                f"code cell runs as Python 3"
            )
        ids = _exercise_ids(chapters)
        if not ids:
            return (
                [],
                notes,
                "no exercises found",
                "no title 'Exercises N', file name exNN_ or check(\"N.M\") call says "
                "which chapter this notebook answers",
            )
        if claim is not None:
            why = claim(chapters, name)
            if why:
                return [], notes, "not graded", why
        return ids, notes, None, ""

    try:
        outcome = slot.run(path, size, decide, seed, hide)
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
    row["notes"] = outcome["notes"] + row["notes"]
    row["exercises"] = outcome["exercises"]
    row["results"] = outcome["results"]
    row["cpu_seconds"] = outcome.get("cpu_seconds", 0.0)
    failed = [cell for cell in outcome["cells"] if cell.get("status") != "ok"]
    row["errors"] = [_cell_error(cell, slot.limits) for cell in failed]
    timed_out = [e for e, c in zip(row["errors"], failed) if c.get("status") == "timeout"]
    if outcome["status"] != "ok":
        row.update(status=outcome["status"], reason=outcome["reason"] or "")
    elif timed_out:
        row.update(status="timeout", reason=timed_out[0])
    elif row["errors"]:
        row.update(status="errors", reason=row["errors"][0])
    row["seconds"] = round(time.monotonic() - start, 2)
    return row


def _preference(item: tuple[Path, str], preferred) -> tuple:
    """Gradescope's order of the notebooks of one chapter: the release's own file names
    (``preferred``) first, then exNN_ names, then the rest, each by name. It never depends
    on what a notebook scores."""
    path, name = item
    return (path.name not in preferred, not re.match(r"ex\d\d_", path.name), name)


def _check_private(mode: str, private) -> None:
    """In ``user`` mode the students' code runs as another user of this machine: what it
    must not read has to be closed to other users."""
    if mode != "user":
        return
    for path in private:
        if readable_by_others(Path(path)):
            raise SandboxUnavailable(
                f"{path} can be read by other users, and the students' code runs as "
                f"another user on this machine (no namespaces here): close it with "
                f"`chmod o-rwx {path}` (or a folder above it) and grade again"
            )


def grade_files(
    files: list[tuple[Path, str]],
    seed,
    salt: str = "",
    jobs: int = 2,
    limits: Limits | None = None,
    chapters=None,
    progress=None,
    hide=(),
    unsafe_no_sandbox: bool = False,
    one_per_chapter: bool = False,
    preferred=(),
) -> list[dict]:
    """Grade ``[(path, id)]`` on ``jobs`` slots; one row a file, in the order given.

    ``seed`` is the grading seed (:mod:`instructor.grader.seed`); the cases are drawn from
    its HMAC of ``salt``. ``hide`` lists what students' code must not see (the
    submissions, the outputs, the seed's file): it is outside the sandbox's root, and
    without namespaces it must be closed to other users. ``one_per_chapter``
    (Gradescope): the first notebook of a chapter in :func:`_preference`'s order (the file
    names in ``preferred`` first) is graded, the others are reported as "not graded". Raises ValueError (a weak seed, or no sandbox
    and not ``unsafe_no_sandbox``) before any student code runs."""
    seed = check_seed(seed)
    mode = sandbox_mode(unsafe_no_sandbox)
    import helpers
    import instructor

    instructor_dir = Path(instructor.__file__).resolve().parent
    _check_private(mode, [instructor_dir, *hide])
    limits = limits or Limits()
    hide = [instructor_dir, *map(Path, hide)]
    cases_seed = case_seed(seed, salt)
    order = list(range(len(files)))
    claimed: dict[int, str] = {}
    claim = None
    if one_per_chapter:
        jobs = 1
        order.sort(key=lambda i: _preference(files[i], set(preferred)))

        def claim(chapters, name):
            taken = [c for c in chapters if claimed.get(c, name) != name]
            if taken:
                return (
                    f"another notebook for chapter {taken[0]} is graded "
                    f"({claimed[taken[0]]}): one notebook a chapter is graded"
                )
            for c in chapters:
                claimed[c] = name
            return ""

    snapshot = Snapshot(Path(helpers.__file__).parent, instructor_dir)
    todo: queue.Queue = queue.Queue()
    for i in order:
        todo.put((i, files[i]))
    rows: list = [None] * len(files)

    def work(slot: Slot) -> None:
        try:
            while True:
                try:
                    i, (path, name) = todo.get_nowait()
                except queue.Empty:
                    return
                # A grader error may be another submission's doing (one graded at the same
                # time filled the shared /tmp, in user mode): the file is graded once more,
                # on a fresh slot, before its row says so.
                for attempt in (1, 2):
                    try:
                        rows[i] = _grade_one(
                            slot, path, name, cases_seed, chapters, snapshot, hide, claim
                        )
                    except Exception as exc:  # noqa: BLE001 - one file never stops the class
                        slot.stop()
                        rows[i] = _new_row(name)
                        rows[i].update(status="grader error", reason=f"{type(exc).__name__}: {exc}")
                    if rows[i]["status"] != "grader error":
                        break
                    if attempt == 1:
                        first = rows[i]["reason"]
                        slot.stop()
                if attempt == 2:
                    rows[i]["notes"].append(
                        f"graded a second time after a grader error ({first[:200]})"
                    )
                rows[i]["sandbox"] = mode
                if progress:
                    progress(rows[i])
        finally:
            slot.release()

    slots: list[Slot] = []
    try:
        # each slot claims a user id of its own here, before any student code runs
        for j in range(max(1, min(jobs, len(files)))):
            slots.append(Slot(j, snapshot, limits, mode))
    except BaseException:
        for slot in slots:
            slot.release()
        snapshot.cleanup()
        raise
    threads = [threading.Thread(target=work, args=(slot,), daemon=True) for slot in slots]
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
    seed,
    salt: str = "",
    jobs: int = 2,
    limits: Limits | None = None,
    chapters=None,
    progress=None,
    unsafe_no_sandbox: bool = False,
    private=(),
) -> list[dict]:
    """Grade every file under ``folder``; write scores.csv, feedback/, results.json,
    report.md. ``private``: more paths students' code must not read (the seed's file)."""
    folder, out_dir = Path(folder), Path(out_dir)
    start = time.monotonic()
    files = [(p, p.relative_to(folder).as_posix()) for p in find_submissions(folder)]
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    out_dir.chmod(0o700)  # the grades and feedback are for the instructor only
    rows = grade_files(
        files,
        seed,
        salt,
        jobs,
        limits,
        chapters,
        progress,
        hide=[folder.resolve(), out_dir.resolve(), *[Path(p).resolve() for p in private]],
        unsafe_no_sandbox=unsafe_no_sandbox,
    )
    write_results(rows, out_dir, check_seed(seed), time.monotonic() - start, jobs)
    return rows


def _fmt(x: float) -> str:
    return f"{x:g}"


def csv_cell(text) -> str:
    """A text cell of scores.csv that no spreadsheet runs as a formula."""
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _md(text: str) -> str:
    """A submission's id or a reason on one line of report.md."""
    return re.sub(r"[\x00-\x1f`|]", "_", str(text))


def feedback_names(rows: list[dict]) -> dict[str, str]:
    """Submission id -> its feedback file in ``feedback/``: the id with ``/`` as ``__``
    and any other character than letters, digits, ``.``, ``_`` and ``-`` as ``_``; a long
    or changed or clashing name gets a hash of the id. Never a folder, never too long."""
    out, taken = {}, set()
    for r in rows:
        sub = r["submission"]
        plain = sub.replace("/", "__")
        name = re.sub(r"[^A-Za-z0-9._-]", "_", plain).lstrip(".") or "_"
        digest = hashlib.sha256(sub.encode("utf-8", "surrogateescape")).hexdigest()[:10]
        if name != plain or len(name) > 120 or name.lower() in taken:
            name = f"{name[:100]}-{digest}"
        taken.add(name.lower())
        out[sub] = f"{name}.txt"
    return out


def write_results(
    rows: list[dict], out_dir: Path, seed: str, seconds: float, jobs: int
) -> list[str]:
    """Write results.json, report.md, scores.csv and the feedback files, in that order,
    each on its own: a file that cannot be written is reported, and the others are
    written. Returns what failed."""
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    ids = sorted({i for r in rows for i in r["exercises"]}, key=sort_key)
    names = feedback_names(rows)
    for r in rows:
        r["feedback_file"] = f"feedback/{names[r['submission']]}"
    failed: list[str] = []
    sandbox = sorted({r.get("sandbox", "") for r in rows} - {""})

    def attempt(what: str, write) -> None:
        try:
            write()
        except (OSError, ValueError) as exc:
            failed.append(f"{what}: {type(exc).__name__}: {exc}"[:300])

    attempt(
        "results.json",
        lambda: (out_dir / "results.json").write_text(
            json.dumps(
                {
                    "seed_fingerprint": fingerprint(seed),
                    "sandbox": ", ".join(sandbox),
                    "exercises": ids,
                    "max_points": {i: EXERCISES[i].max_points for i in ids},
                    "submissions": rows,
                },
                indent=1,
            ),
            encoding="utf-8",
        ),
    )
    report = _report(rows, seed, seconds, jobs, sandbox)
    attempt("report.md", lambda: (out_dir / "report.md").write_text(report, encoding="utf-8"))
    attempt("scores.csv", lambda: _write_csv(rows, ids, out_dir / "scores.csv"))
    fb = out_dir / "feedback"
    attempt("feedback/", lambda: fb.mkdir(exist_ok=True))
    index = [["submission", "feedback"]]
    for r in rows:
        target = fb / names[r["submission"]]
        attempt(
            f"feedback of {r['submission'][:100]}",
            lambda target=target, r=r: target.write_text(feedback_text(r), encoding="utf-8"),
        )
        index.append([csv_cell(r["submission"]), names[r["submission"]]])

    def write_index():
        with open(fb / "index.csv", "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(index)

    attempt("feedback/index.csv", write_index)
    if failed:
        report += "\n## Files that could not be written\n\n" + "".join(
            f"- {_md(f)}\n" for f in failed
        )
        attempt("report.md", lambda: (out_dir / "report.md").write_text(report, encoding="utf-8"))
        for f in failed:
            print(f"warning: could not write {f}", file=sys.stderr)
    return failed


def _write_csv(rows: list[dict], ids: list[str], path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
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
                    csv_cell(r["submission"]),
                    *(_fmt(r["scores"][i]) if i in r["scores"] else "" for i in ids),
                    _fmt(r["total"]),
                    _fmt(r["max_total"]),
                    csv_cell(r["status"]),
                    csv_cell("; ".join(x for x in [r["reason"], *r["notes"]] if x)[:2000]),
                ]
            )


def _report(rows: list[dict], seed: str, seconds: float, jobs: int, sandbox) -> str:
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    lines = [
        "# Grading report",
        "",
        f"- submissions: {len(rows)}",
        f"- seed fingerprint: {fingerprint(seed)}",
        f"- time: {seconds:.1f} s on {jobs} job(s)",
        f"- sandbox: {', '.join(sandbox) or 'none'}",
        "",
        "| status | submissions |",
        "| --- | --- |",
    ]
    lines += [f"| {k} | {v} |" for k, v in sorted(counts.items())]
    flagged = [r for r in rows if r["status"] != "ok" or r["notes"]]
    if flagged:
        lines += ["", "## Submissions to look at", ""]
        lines += [
            f"- `{_md(r['submission'])}`: {r['status']}"
            + "".join(f"; {_md(x)[:300]}" for x in [r["reason"], *r["notes"]] if x)
            for r in flagged
        ]
    return "\n".join(lines) + "\n"


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


def load_seed(seed_file: str | None, parser=None) -> str:
    """The grading seed from ``--seed-file`` or the environment (:data:`ENV`)."""
    if seed_file:
        return read_seed_file(seed_file)
    if os.environ.get(ENV):
        return check_seed(os.environ[ENV])
    raise SeedError(
        f"give the grading seed: --seed-file FILE (write one with `python -m instructor "
        f"seed FILE`), or {ENV} in the environment"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m instructor grade",
        description="Grade a folder of submitted exercise notebooks (.ipynb or MyST .md).",
    )
    parser.add_argument("submissions", help="folder of submissions (subfolders are graded too)")
    parser.add_argument(
        "--seed-file",
        help="file holding the grading seed, readable only by you (write one with "
        "`python -m instructor seed FILE`); or set LL_GRADING_SEED",
    )
    parser.add_argument("--seed", help=argparse.SUPPRESS)  # refused: see below
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
        help="CPU seconds for a whole submission (default: %(default)s)",
    )
    parser.add_argument(
        "--cell-timeout",
        type=float,
        default=Limits.cell_timeout,
        help="CPU seconds a cell may use, or wait without computing (default: %(default)s)",
    )
    parser.add_argument(
        "--part-timeout",
        type=float,
        default=Limits.part_timeout,
        help="CPU seconds a check part may use (default: %(default)s)",
    )
    parser.add_argument(
        "--memory",
        type=int,
        default=Limits.memory_mb,
        help="MB of memory a submission may use (default: %(default)s)",
    )
    parser.add_argument(
        UNSAFE_FLAG,
        action="store_true",
        help="run students' code even where it cannot be confined (as root without "
        "namespaces and without a Python other users can read, or not as root): only "
        "for notebooks you trust",
    )
    args = parser.parse_args(argv)
    if args.seed is not None:
        print(
            "error: the seed is not taken on the command line, which every user of this "
            "machine can read in /proc: put it in a file only you can read (`python -m "
            f"instructor seed grading.seed`) and pass --seed-file, or set {ENV}",
            file=sys.stderr,
        )
        return 2
    try:
        seed = load_seed(args.seed_file)
    except SeedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    folder = Path(args.submissions)
    if not folder.is_dir():
        print(f"error: {folder} is not a folder", file=sys.stderr)
        return 2
    out = Path(args.out).resolve()
    if out == folder.resolve() or folder.resolve() in out.parents:
        print("error: --out must be outside the submissions folder", file=sys.stderr)
        return 2
    try:
        limits = Limits(args.timeout, args.cell_timeout, args.part_timeout, args.memory)
        rows = grade_folder(
            folder,
            out,
            seed,
            "",
            max(1, args.jobs),
            limits,
            _chapters(args.chapter),
            progress=lambda r: print(f"{r['submission']!r}: {r['status']}", flush=True),
            unsafe_no_sandbox=args.unsafe_no_sandbox,
            private=[args.seed_file] if args.seed_file else [],
        )
    except (ValueError, SandboxUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for r in rows:
        print(
            f"{r['submission']!r}: {_fmt(r['total'])}/{_fmt(r['max_total'])} points, "
            f"{r['status']}" + (f" ({r['reason'][:200]})" if r["reason"] else "")
        )
    print(f"wrote {out / 'scores.csv'}, {out / 'report.md'} and {out / 'feedback'}/")
    return 0

"""Grading throughput: a generated class graded on every core, with peak memory.

    .venv/bin/python benchmarks/grading.py --students 300 [--jobs 2]

Writes a class of ``--students`` students x every exercise notebook (one subfolder a student)
into a temporary folder: 70 % worked solutions, 15 % blank notebooks, 8 % wrong answers,
5 % notebooks with a cell that raises, 2 % with a cell that never ends (a bare-except
loop, stopped at ``--cell-timeout``). Grades it with ``python -m instructor grade``'s
function on ``--jobs`` slots and prints the wall time, core-seconds a notebook, and the
peak memory (proportional set size, PSS, of the grader and all its processes, sampled
every 0.2 s). Targets: 300 x 8 in at most 30 min on 2 cores, i.e. 1.5 core-seconds a
notebook. Record the figures in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from instructor.grader import sandbox  # noqa: E402
from instructor.grader.grade import grade_folder  # noqa: E402
from instructor.grader.sandbox import Limits, isolation_mode  # noqa: E402
from instructor.grader.seed import new_seed  # noqa: E402

STUB = '    raise NotImplementedError("replace this line with your code")\n'


def _variants(sol: str, blank: str) -> dict[str, str]:
    wrong = blank.replace(STUB, "    return 0\n")
    raising = sol.replace(
        "import numpy as np\n",
        "import numpy as np\nimport not_a_module\nraise RuntimeError('oops')\n",
        1,
    )
    hanging = (
        sol + "\n```{code-cell} ipython3\nwhile True:\n    try:\n        pass\n"
        "    except:\n        pass\n```\n"
    )
    return {"correct": sol, "blank": blank, "wrong": wrong, "raising": raising, "hanging": hanging}


def make_class(folder: Path, students: int, seed: int = 1) -> dict[str, int]:
    rng = random.Random(seed)
    pairs = [
        (p, ROOT / "exercises" / ("ex" + p.name[3:]))
        for p in sorted((ROOT / "solutions").glob("sol*.md"))
    ]
    kinds = {
        name: _variants(sol.read_text(), blank.read_text())
        for name, (sol, blank) in ((p[0].name, p) for p in pairs)
    }
    weights = [("correct", 70), ("blank", 15), ("wrong", 8), ("raising", 5), ("hanging", 2)]
    counts: dict[str, int] = {}
    for s in range(students):
        d = folder / f"student{s:03d}"
        d.mkdir(parents=True)
        for sol, _ in pairs:
            kind = rng.choices([k for k, _ in weights], [w for _, w in weights])[0]
            counts[kind] = counts.get(kind, 0) + 1
            (d / ("ex" + sol.name[3:])).write_text(kinds[sol.name][kind])
    return counts


def _tree_pss(root_pid: int) -> int:
    """PSS in bytes of ``root_pid`` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                ppid = int(stat[stat.rfind(")") + 2 :].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError):
                pass
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--cell-timeout", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="grading-bench-") as tmp:
        folder = Path(tmp) / "class"
        counts = make_class(folder, args.students)
        n = sum(counts.values())
        peak, stop = [0], threading.Event()

        def sample():
            while not stop.is_set():
                peak[0] = max(peak[0], _tree_pss(os.getpid()))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        self0 = resource.getrusage(resource.RUSAGE_SELF)
        load0 = Path("/proc/loadavg").read_text().split()[0]
        start = time.monotonic()
        sampler.start()
        rows = grade_folder(
            folder,
            Path(tmp) / "results",
            seed=new_seed(),  # a fresh secret, as `python -m instructor seed` writes
            jobs=args.jobs,
            limits=Limits(cell_timeout=args.cell_timeout),
        )
        wall = time.monotonic() - start
        stop.set()
        sampler.join()
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        self1 = resource.getrusage(resource.RUSAGE_SELF)
    load1 = Path("/proc/loadavg").read_text().split()[0]
    grader_cpu = (
        cpu1.ru_utime
        + cpu1.ru_stime
        - cpu0.ru_utime
        - cpu0.ru_stime
        + self1.ru_utime
        + self1.ru_stime
        - self0.ru_utime
        - self0.ru_stime
    )
    cpu = grader_cpu + sandbox.CPU_SECONDS[0]
    statuses: dict[str, int] = {}
    for r in rows:
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    print(f"machine: {os.cpu_count()} cores; sandbox: {isolation_mode()}; jobs: {args.jobs}")
    per_student = n // args.students
    full = 300 * per_student  # the class of the target
    print(f"class: {args.students} students x {per_student} = {n} notebooks; mix: {counts}")
    print(f"statuses: {statuses}")
    print(f"wall time: {wall:.1f} s = {wall / n:.3f} s a notebook")
    print(f"load average before / after: {load0} / {load1} (other work on the machine)")
    print(
        f"cpu: grader, warm processes and checkers {grader_cpu:.1f} core-s, submissions' "
        f"processes {sandbox.CPU_SECONDS[0]:.1f} core-s; {cpu / n:.3f} core-s a notebook"
    )
    print(
        f"300 x {per_student} notebooks at that CPU cost: {cpu / n * full / args.jobs / 60:.1f} min on "
        f"{args.jobs} cores, if the cores are free (target <= 30)"
    )
    per_nb = wall * args.jobs / n
    print(f"wall x jobs / notebooks: {per_nb:.3f} core-s a notebook (target <= 1.5)")
    print(
        f"300 x {per_student} notebooks at this rate: {per_nb * full / args.jobs / 60:.1f} min on "
        f"{args.jobs} cores (target <= 30)"
    )
    print(f"peak memory (PSS of the grader's processes): {peak[0] / 2**20:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

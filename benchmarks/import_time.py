"""How long `import helpers` takes, and what each layer costs on first use.

Every figure is the median wall time of a fresh Python process (``-c`` code, so the
interpreter's own start-up is measured apart and subtracted), repeated a few times because
a shared machine is noisy. The target for `import helpers` is under 0.5 s. Not a test:
timings depend on the machine and its load.

    .venv/bin/python benchmarks/import_time.py [--repeats 7] [--tree DIR]

``--tree DIR`` measures the helpers package of another checkout (for example an export of
an older commit: ``git archive <commit> | tar -x -C DIR``), with this environment's
packages, to compare before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 0.5

CASES = [
    ("python start-up (subtracted below)", "pass"),
    ("import helpers", "import helpers"),
    ("... and run on a landscape (core)", "import helpers as h; h.run(h.saddle(), [1.0, 0.1])"),
    ("... and a contour plot's module (pictures)", "import helpers as h; h.plot_contour"),
    ("... and an explorer's module (interactive)", "import helpers as h; h.landscape_explorer"),
]


def wall_time(code: str, tree: Path | None, repeats: int) -> float:
    env = dict(os.environ, MPLBACKEND="Agg")
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=tree or ROOT)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def measure(tree: Path | None = None, repeats: int = 7) -> list[tuple[str, float]]:
    """Rows (case, seconds beyond the interpreter's start-up)."""
    base = wall_time("pass", tree, repeats)
    rows = [(CASES[0][0], base)]
    for label, code in CASES[1:]:
        rows.append((label, wall_time(code, tree, repeats) - base))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--tree", type=Path, default=None, help="another checkout's root")
    args = parser.parse_args()
    print(f"helpers from {args.tree or ROOT}, median of {args.repeats} fresh processes")
    for label, seconds in measure(args.tree, args.repeats):
        verdict = ""
        if label == "import helpers":
            verdict = ("ok" if seconds < TARGET_S else "MISSED") + f" (< {TARGET_S} s)"
        print(f"{label:48s} {seconds:6.3f} s  {verdict}")


if __name__ == "__main__":
    main()

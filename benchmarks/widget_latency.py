"""How long a reader waits between moving a slider and seeing the new figure.

For each explorer in helpers/interactive/explorers.py, set a control to a sequence of new values and
time each assignment: the observer re-runs the optimizer, redraws what moved and encodes
the PNG before the assignment returns, exactly what happens in a kernel when the browser
sends the new slider value (the comm message back to the browser is then a few hundred
kilobytes on localhost). Prints the median and the 90th percentile per control; the target
is a median under 150 ms. Not a test: timings depend on the machine and its load.

    .venv/bin/python benchmarks/widget_latency.py [--repeats 40]
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

import helpers as h  # noqa: E402
from helpers.interactive import explorers as hw  # noqa: E402

TARGET_MS = 150.0


def sweep(explorer, name, values):
    control = explorer.controls[name]
    control.value = values[-1]  # warm up: first draw of a new background is not a slider move
    times = []
    for v in values:
        if control.value == v:
            continue
        t = time.perf_counter()
        control.value = v
        times.append(1000 * (time.perf_counter() - t))
    return np.array(times)


def measure(n: int = 40):
    """Rows (explorer, control, median ms, p90 ms) for every slider of every explorer."""
    h.use_style()
    cases = [
        (
            "landscape explorer",
            hw.landscape_explorer(),
            {
                "lr": np.geomspace(0.01, 0.09, n),
                "x0": np.linspace(-1.5, 1.5, n),
                "beta": np.linspace(0.5, 0.95, n),
                "steps": np.linspace(50, 400, n).astype(int),
            },
        ),
        (
            "learning-rate explorer",
            hw.learning_rate_explorer(),
            {"lr": np.geomspace(0.01, 1.2, n), "x0": np.linspace(-2.5, 2.5, n)},
        ),
        (
            "momentum explorer",
            hw.momentum_explorer(),
            {"lr": np.geomspace(0.002, 0.03, n), "beta": np.linspace(0.0, 0.95, n)},
        ),
        (
            "critical-point inspector",
            hw.critical_point_inspector(),
            {"x": np.linspace(-1.5, 1.5, n), "y": np.linspace(-1.5, 1.5, n)},
        ),
    ]
    rows = []
    for label, ex, controls in cases:
        for name, values in controls.items():
            values = [type(ex.controls[name].value)(v) for v in values]
            t = sweep(ex, name, values)
            rows.append((label, name, float(np.median(t)), float(np.percentile(t, 90))))
    # Switching the landscape redraws the contour map too: a click, not a drag.
    ex = cases[0][1]
    t = []
    for name in ("quartic example", "bowl", "rosenbrock", "tilted wells") * 2:
        s = time.perf_counter()
        ex.controls["landscape"].value = name
        t.append(1000 * (time.perf_counter() - s))
    switch = (
        "landscape explorer",
        "(switch landscape)",
        float(np.median(t)),
        float(np.percentile(t, 90)),
    )
    return rows, switch


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=40, help="slider moves per control")
    args = parser.parse_args()
    n = args.repeats
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}; {n} slider moves per control\n"
    )
    rows, switch = measure(n)
    print(f"{'explorer':26s} {'control':18s} {'median ms':>10s} {'p90 ms':>8s}")
    for label, name, med, p90 in rows + [switch]:
        print(f"{label:26s} {name:18s} {med:10.1f} {p90:8.1f}")
    worst = max(r[2] for r in rows)
    verdict = "meets" if worst < TARGET_MS else "MISSES"
    print(f"\nworst slider median {worst:.1f} ms: {verdict} the {TARGET_MS:.0f} ms target")


if __name__ == "__main__":
    main()

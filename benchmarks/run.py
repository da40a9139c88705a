"""Benchmarks for the book, against the targets of the speed issue.

Run with `make bench` (or `.venv/bin/python benchmarks/run.py [--skip-build]`). The script
works on a temporary copy of the tracked files (sharing this checkout's .venv), so it never
touches your work tree, and prints one table per measurement:

- `import helpers`, and each layer's first use (benchmarks/import_time.py);
- numeric kernels: helpers against the obvious loop implementations;
- widget redraw: time from a slider change to the new figure, per explorer control;
- the README's test command, step by step (`make unit`, `make build`, `make nbval`) from a
  clean copy, so the `make build` step is the clean build with every notebook executed;
- each notebook's execution time, as the build reports it;
- a rebuild after editing one chapter (only that chapter re-executes);
- each chapter page's weight (HTML plus the images it loads);
- the PDF of the book (`make pdf`): time to print it from the built HTML, size, pages
  (`--pdf-only` measures just that, three times, on this checkout's build).

Record the figures in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def table(headers, rows):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
    print("  ".join(str(h).ljust(w) for h, w in zip(headers, widths)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    print()


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def copy_repo(dest: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for f in files:
        src = ROOT / f
        if src.is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / f)


def build(repo: Path) -> tuple[float, str]:
    t = time.perf_counter()
    proc = subprocess.run(
        [str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        print(proc.stdout[-3000:], proc.stderr[-3000:])
        raise SystemExit("the build failed; fix it before benchmarking")
    return elapsed, proc.stdout


def make(repo: Path, target: str) -> tuple[float, str]:
    """Time one step of the README's test command in the copy."""
    t = time.perf_counter()
    proc = subprocess.run(["make", target], cwd=repo, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        print(proc.stdout[-3000:], proc.stderr[-3000:])
        raise SystemExit(f"`make {target}` failed; fix it before benchmarking")
    return elapsed, proc.stdout


def executed_times(log: str):
    """(notebook, seconds) from myst-nb's "Executed notebook in N seconds" lines."""
    rows = re.findall(
        r"/((?:chapters|exercises|solutions)/[\w.]+)\.md: Executed notebook in "
        r"([\d.]+) seconds",
        log,
    )
    return [(name, float(sec)) for name, sec in rows]


def page_weights(html: Path):
    """Bytes of each chapter page plus the images and animation frames it embeds."""
    rows = []
    for page in sorted((html / "chapters").glob("*.html")):
        text = page.read_text(errors="replace")
        size = len(text.encode())
        for src in set(re.findall(r'<img[^>]+src="([^"]+)"', text)):
            if not src.startswith("data:"):
                f = (page.parent / src).resolve()
                if f.exists():
                    size += f.stat().st_size
        rows.append((page.stem, size))
    return rows


def pdf_figures(repo: Path) -> tuple[float, float, int]:
    """Seconds to print the built book to PDF, its size in MB and its page count."""
    from pypdf import PdfReader

    out = repo / "_build" / "pdf" / "book.pdf"
    t = time.perf_counter()
    proc = subprocess.run(
        [str(BIN / "python"), "_ext/ll_pdf.py", "_build/html", str(out)],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        print(proc.stdout[-3000:], proc.stderr[-3000:])
        raise SystemExit("printing the PDF failed; fix it before benchmarking")
    return elapsed, out.stat().st_size / 1e6, len(PdfReader(out).pages)


def pdf_table(rows) -> None:
    print("the PDF of the book (`make pdf` after `make build`: print from the built HTML)")
    table(
        ["run", "seconds", "MB", "pages", "load average", "target"],
        [
            (
                i + 1,
                f"{t:.1f}",
                f"{mb:.1f}",
                n,
                f"{load:.1f}",
                verdict(t < 60 and mb < 25) + " (< 60 s, < 25 MB)",
            )
            for i, (t, mb, n, load) in enumerate(rows)
        ],
    )


def rebuild_after_edit(repo: Path, chapter: str = "01_loss_surface") -> float:
    md = repo / "chapters" / f"{chapter}.md"
    text = md.read_text()
    md.write_text(text.replace("import helpers as h\n", "import helpers as h  # edited\n", 1))
    return build(repo)


def kernel_ratios():
    """Vectorized helpers against the obvious loop implementations."""
    import helpers as h

    rows = []
    for d in (10, 30, 50):
        f = h.rastrigin(d)
        w = np.full(d, 0.3)
        step = 1e-4

        def loop_hessian(f=f, w=w, d=d, step=step):
            H = np.empty((d, d))
            for i in range(d):
                for j in range(d):
                    ei, ej = np.eye(d)[i] * step, np.eye(d)[j] * step
                    H[i, j] = (
                        f.value(w + ei + ej)
                        - f.value(w + ei - ej)
                        - f.value(w - ei + ej)
                        + f.value(w - ei - ej)
                    ) / (4 * step**2)
            return H

        t_loop = best_of(loop_hessian)
        t_vec = best_of(lambda f=f, w=w, step=step: h.numerical_hessian(f.value, w, h=step))
        assert np.allclose(loop_hessian(), h.numerical_hessian(f.value, w, h=step), atol=1e-4)
        rows.append((f"finite-difference Hessian, d={d}", t_loop, t_vec))
    f = h.tilted_wells()
    for n in (100, 300):
        X, Y = np.meshgrid(np.linspace(-2, 2, n), np.linspace(-2, 2, n))

        def loop_grid(X=X, Y=Y, n=n):
            Z = np.empty_like(X)
            for i in range(n):
                for j in range(n):
                    Z[i, j] = f.value(np.array([X[i, j], Y[i, j]]))
            return Z

        t_loop = best_of(loop_grid, repeat=1)
        t_vec = best_of(lambda X=X, Y=Y: f(X, Y))
        assert np.allclose(loop_grid(), f(X, Y))
        rows.append((f"grid evaluation, {n}x{n}", t_loop, t_vec))
    return rows


def best_of(fn, repeat: int = 3) -> float:
    best = np.inf
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def slowest_cells(repo: Path, top: int = 3):
    """Profile: execute each chapter with per-cell timing; its slowest cells and their share."""
    from datetime import datetime

    import jupytext
    from nbclient import NotebookClient

    def seconds(cell):
        t = cell.metadata.get("execution", {})
        a, b = t.get("iopub.execute_input"), t.get("shell.execute_reply")
        if not (a and b):
            return 0.0
        parse = lambda x: datetime.fromisoformat(x.replace("Z", "+00:00"))  # noqa: E731
        return (parse(b) - parse(a)).total_seconds()

    rows = []
    for md in sorted((repo / "chapters").glob("*.md")):
        nb = jupytext.read(md)
        start = time.perf_counter()
        NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            record_timing=True,
            resources={"metadata": {"path": str(md.parent)}},
        ).execute()
        total = time.perf_counter() - start
        cells = [
            (seconds(c), c.source.strip().splitlines()[0][:60] if c.source.strip() else "")
            for c in nb.cells
            if c.cell_type == "code"
        ]
        in_cells = sum(t for t, _ in cells)
        for t, first in sorted(cells, reverse=True)[:top]:
            rows.append((md.stem, f"{total:.1f}", f"{t:.2f}", f"{100 * t / total:.0f}%", first))
        rows.append(
            (
                md.stem,
                f"{total:.1f}",
                f"{total - in_cells:.2f}",
                f"{100 * (total - in_cells) / total:.0f}%",
                "(kernel start and messaging, outside cells)",
            )
        )
    return rows


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--skip-build",
        action="store_true",
        help="only the numeric kernels and widgets (a minute, not fifteen)",
    )
    parser.add_argument(
        "--pdf-only",
        action="store_true",
        help="only the PDF, printed three times from this checkout's build",
    )
    args = parser.parse_args()
    print(f"machine: {machine()}\n")
    if args.pdf_only:
        if not (ROOT / "_build" / "html" / "intro.html").exists():
            raise SystemExit("build the book first: make build")
        rows = []
        for _ in range(3):
            t, mb, n = pdf_figures(ROOT)
            rows.append((t, mb, n, os.getloadavg()[0]))
        pdf_table(rows)
        return

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import import_time

    print("import time: median of 7 fresh processes, beyond the interpreter's start-up")
    table(
        ["what", "seconds", "target"],
        [
            (k, f"{t:.3f}", verdict(t < 0.5) + " (< 0.5 s)" if k == "import helpers" else "")
            for k, t in import_time.measure()
        ],
    )

    print("numeric kernels: loop implementation against helpers (best of 3)")
    rows = kernel_ratios()
    table(
        ["kernel", "loop (s)", "helpers (s)", "speed-up", "target"],
        [
            (
                k,
                f"{a:.4f}",
                f"{b:.5f}",
                f"{a / b:.0f}x",
                verdict(a / b >= 10) + " (>= 10x)" if ("d=50" in k or "300x300" in k) else "",
            )
            for k, a, b in rows
        ],
    )

    import widget_latency

    print("widget redraw after a slider change (40 moves per control)")
    wrows, switch = widget_latency.measure(40)
    table(
        ["explorer", "control", "median ms", "p90 ms", "target"],
        [
            (a, b, f"{m:.1f}", f"{p:.1f}", verdict(m < 150) + " (median < 150 ms)")
            for a, b, m, p in wrows
        ]
        + [(switch[0], switch[1], f"{switch[2]:.1f}", f"{switch[3]:.1f}", "(a click)")],
    )
    if args.skip_build:
        return

    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        copy_repo(repo)
        (repo / ".venv").symlink_to(ROOT / ".venv")
        steps = {}
        logs = {}
        for target in ("lint", "unit", "build", "pdf", "nbval"):
            steps[target], logs[target] = make(repo, target)
        total = sum(steps.values())
        print("the README's test command (`make test`) from an installed environment")
        table(
            ["step", "seconds", "target"],
            [
                ("make lint", f"{steps['lint']:.1f}", ""),
                ("make unit", f"{steps['unit']:.1f}", ""),
                (
                    "make build (clean: every notebook executed)",
                    f"{steps['build']:.1f}",
                    verdict(steps["build"] < 120) + " (< 120 s)",
                ),
                ("make pdf (print the built book)", f"{steps['pdf']:.1f}", ""),
                (
                    "make nbval (nbval and the tests of the built book)",
                    f"{steps['nbval']:.1f}",
                    "",
                ),
                ("total", f"{total:.1f}", verdict(total < 360) + " (< 360 s)"),
            ],
        )
        pdf_file = repo / "_build" / "pdf" / "book.pdf"
        from pypdf import PdfReader

        pdf_table(
            [
                (
                    steps["pdf"],
                    pdf_file.stat().st_size / 1e6,
                    len(PdfReader(pdf_file).pages),
                    os.getloadavg()[0],
                )
            ]
        )

        print("notebook execution during the clean build (myst-nb's own timing)")
        table(
            ["notebook", "seconds", "target"],
            [
                (
                    n,
                    f"{t:.1f}",
                    verdict(t < 20) + " (< 20 s)",
                )
                for n, t in executed_times(logs["build"])
            ],
        )

        incremental, log = rebuild_after_edit(repo)
        again = [n for n, _ in executed_times(log)]
        table(
            ["build", "seconds", "target"],
            [
                (
                    "rebuild after editing chapter 1's code",
                    f"{incremental:.1f}",
                    verdict(incremental < 30) + " (< 30 s)",
                ),
                (
                    "notebooks re-executed by that rebuild",
                    ", ".join(again) or "none",
                    verdict(again == ["chapters/01_loss_surface"]),
                ),
            ],
        )

        print("page weight (HTML plus the images it loads)")
        table(
            ["page", "MB", "target"],
            [
                (p, f"{b / 1e6:.2f}", verdict(b < 3e6) + " (< 3 MB)")
                for p, b in page_weights(repo / "_build" / "html")
            ],
        )

        print("profile: the slowest cells of each chapter (own kernel, per-cell timing)")
        table(["chapter", "total s", "cell s", "share", "cell (first line)"], slowest_cells(repo))


if __name__ == "__main__":
    main()

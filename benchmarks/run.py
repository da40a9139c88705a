"""Benchmarks for the book: build time, per-chapter execution, page weight, numeric kernels.

Run with `make bench` (or `.venv/bin/python benchmarks/run.py [--skip-build]`). The script
works on a temporary copy of the tracked files, so it never touches your work tree, and
prints one table per measurement. Record the figures in benchmarks/RESULTS.md.
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
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split()
    for f in files:
        src = ROOT / f
        if src.is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / f)


def build(repo: Path) -> float:
    t = time.perf_counter()
    proc = subprocess.run([str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"],
                          cwd=repo, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        print(proc.stdout[-3000:], proc.stderr[-3000:])
        raise SystemExit("the build failed; fix it before benchmarking")
    return elapsed


def chapter_times(repo: Path):
    """Execute every chapter on its own kernel and time it (kernel start included)."""
    import jupytext
    from nbclient import NotebookClient

    rows = []
    for md in sorted((repo / "chapters").glob("*.md")):
        nb = jupytext.read(md)
        t = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(md.parent)}}).execute()
        rows.append((md.stem, time.perf_counter() - t))
    return rows


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

        def loop_hessian():
            H = np.empty((d, d))
            for i in range(d):
                for j in range(d):
                    ei, ej = np.eye(d)[i] * step, np.eye(d)[j] * step
                    H[i, j] = (f.value(w + ei + ej) - f.value(w + ei - ej)
                               - f.value(w - ei + ej) + f.value(w - ei - ej)) / (4 * step**2)
            return H

        t_loop = best_of(loop_hessian)
        t_vec = best_of(lambda: h.numerical_hessian(f.value, w, h=step))
        assert np.allclose(loop_hessian(), h.numerical_hessian(f.value, w, h=step), atol=1e-4)
        rows.append((f"finite-difference Hessian, d={d}", t_loop, t_vec))
    f = h.tilted_wells()
    for n in (100, 300):
        X, Y = np.meshgrid(np.linspace(-2, 2, n), np.linspace(-2, 2, n))

        def loop_grid():
            Z = np.empty_like(X)
            for i in range(n):
                for j in range(n):
                    Z[i, j] = f.value(np.array([X[i, j], Y[i, j]]))
            return Z

        t_loop = best_of(loop_grid, repeat=1)
        t_vec = best_of(lambda: f(X, Y))
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-build", action="store_true",
                        help="only the numeric kernels (seconds instead of minutes)")
    args = parser.parse_args()
    print(f"machine: {machine()}\n")

    print("numeric kernels: loop implementation against helpers (best of 3)")
    table(["kernel", "loop (s)", "helpers (s)", "speed-up"],
          [(k, f"{a:.4f}", f"{b:.5f}", f"{a / b:.0f}x") for k, a, b in kernel_ratios()])
    if args.skip_build:
        return

    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        copy_repo(repo)
        clean = build(repo)
        print("chapter execution (own kernel each, kernel start included)")
        rows = chapter_times(repo)
        table(["chapter", "seconds"], [(c, f"{s:.1f}") for c, s in rows])
        incremental = rebuild_after_edit(repo)
        table(["build", "seconds"], [("clean build, every notebook executed", f"{clean:.1f}"),
                                     ("rebuild after editing chapter 1's code", f"{incremental:.1f}")])
        print("page weight (HTML plus the images it loads)")
        table(["page", "MB"], [(p, f"{b / 1e6:.2f}") for p, b in page_weights(repo / "_build" / "html")])


if __name__ == "__main__":
    main()

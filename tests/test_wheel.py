"""helpers installs anywhere: a wheel in a bare virtual environment, then the README's
quick-start and a whole chapter, with nothing but the package and its three dependencies.

One test, in order, so that the environment is built once (pytest-xdist would otherwise
build it on each worker). pip takes numpy, scipy and matplotlib from its cache when the
development environment was installed on the same machine; otherwise from PyPI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "chapters" / "07_ravines.md"  # static animations (package data), no widgets

# Run every code cell of a notebook in order, as a script: no kernel, no nbformat, no
# IPython. Outputs are not shown; a failing cell fails the run with its traceback.
RUN_CELLS = """
import json, sys
nb = json.load(open(sys.argv[1], encoding="utf-8"))
namespace = {"__name__": "__main__"}
for i, cell in enumerate(nb["cells"]):
    if cell["cell_type"] != "code":
        continue
    source = "".join(cell["source"])
    exec(compile(source, f"cell {i}", "exec"), namespace)
print("cells run:", sum(c["cell_type"] == "code" for c in nb["cells"]))
"""


def _run(args, **kw):
    out = subprocess.run(args, capture_output=True, text=True, **kw)
    assert out.returncode == 0, f"{args}\nstdout:\n{out.stdout}\nstderr:\n{out.stderr}"
    return out.stdout


def _readme_quick_start() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    quick = [b for b in blocks if "import helpers as h" in b]
    assert quick, "the README has no quick-start block (```python with import helpers as h)"
    return quick[0]


def test_wheel_in_a_bare_environment_imports_runs_the_quick_start_and_a_chapter(tmp_path):
    timings = {}
    t = time.perf_counter()
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "helpers", src / "helpers", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path / "dist"),
            str(src),
        ]
    )
    (wheel,) = (tmp_path / "dist").glob("helpers-*.whl")
    timings["build the wheel"] = time.perf_counter() - t

    t = time.perf_counter()
    _run([sys.executable, "-m", "venv", str(tmp_path / "venv")])
    python = str(tmp_path / "venv" / "bin" / "python")
    _run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)])
    timings["bare venv and pip install"] = time.perf_counter() - t

    t = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "JUPYTER"))}
    env["MPLBACKEND"] = "Agg"
    installed = _run([python, "-m", "pip", "list", "--format=freeze"], env=env)
    names = {line.split("==")[0].lower() for line in installed.split()}
    for optional in (
        "ipywidgets",
        "ipython",
        "ipykernel",
        "jupyter-core",
        "jupyter-client",
        "myst-nb",
        "sphinx",
        "nbformat",
    ):
        assert optional not in names, f"{optional} is installed in the bare environment"

    # import helpers: the package from the wheel, and nothing optional or heavy
    check = (
        "import sys, helpers\n"
        "assert helpers.__file__.startswith(sys.prefix), helpers.__file__\n"
        "top = {m.split('.')[0] for m in sys.modules}\n"
        "bad = top & {'ipywidgets', 'IPython', 'jupyter_core', 'jupyter_client', 'ipykernel',\n"
        "             'matplotlib', 'scipy'}\n"
        "assert not bad, bad\n"
        "import helpers as h\n"
        "try:\n"
        "    h.momentum_explorer\n"
        "except ModuleNotFoundError as exc:\n"
        "    assert 'pip install \"helpers[interactive]\"' in str(exc), exc\n"
        "else:\n"
        "    raise AssertionError('the explorers imported without ipywidgets')\n"
        "print('ok')\n"
    )
    assert _run([python, "-c", check], env=env, cwd=tmp_path).strip() == "ok"

    # the README's quick-start, as a reader would paste it
    out = _run([python, "-c", _readme_quick_start()], env=env, cwd=tmp_path)
    assert out.split()[0] == "converged", out
    timings["import and quick-start"] = time.perf_counter() - t

    # a whole chapter, converted to .ipynb as a reader would download it, run cell by cell
    t = time.perf_counter()
    import jupytext

    notebook = tmp_path / "chapter.ipynb"
    jupytext.write(jupytext.read(CHAPTER), notebook)
    assert json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    script = tmp_path / "run_cells.py"
    script.write_text(RUN_CELLS, encoding="utf-8")
    out = _run([python, str(script), str(notebook)], env=env, cwd=tmp_path)
    last = out.strip().splitlines()[-1]
    assert last.startswith("cells run:") and int(last.split()[-1]) > 10, out
    timings["chapter 7 as a script"] = time.perf_counter() - t
    print("; ".join(f"{k}: {v:.1f} s" for k, v in timings.items()))

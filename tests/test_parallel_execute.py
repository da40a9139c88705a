"""_ext/ll_parallel_execute.py on a tiny book: parallel execution, cache reuse, failures.

Builds throw-away Jupyter Books of a few small notebooks with the extension loaded, as
the course's own _config.yml loads it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
JB = Path(sys.executable).parent / "jupyter-book"

HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# {title}

```{{code-cell}} ipython3
{code}
```
"""

CONFIG = """title: tiny
only_build_toc_files: true
execute:
  execute_notebooks: cache
  timeout: 60
sphinx:
  local_extensions:
    ll_parallel_execute: {ext}
    ll_code_deps: {ext}
  config:
    ll_code_dependencies: [mylib]
"""


def make_book(folder: Path, cells: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_config.yml").write_text(CONFIG.format(ext=ROOT / "_ext"))
    names = sorted(cells)
    toc = "format: jb-book\nroot: intro\nchapters:\n" + "".join(f"  - file: {n}\n" for n in names)
    (folder / "_toc.yml").write_text(toc)
    (folder / "intro.md").write_text("# Intro\n")
    (folder / "mylib").mkdir(exist_ok=True)
    (folder / "mylib" / "value.txt").write_text("one")
    for name, code in cells.items():
        (folder / f"{name}.md").write_text(HEADER.format(title=name, code=code))
    return folder


def build(folder: Path) -> subprocess.CompletedProcess:
    if not JB.exists():
        pytest.fail(f"no jupyter-book next to {sys.executable}: install requirements-dev.txt")
    return subprocess.run(
        [str(JB), "build", str(folder), "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        timeout=300,
    )


def printed(folder: Path, name: str) -> str:
    """What the executed notebook in _build/jupyter_execute holds as printed output."""
    nb = json.loads((folder / "_build" / "jupyter_execute" / f"{name}.ipynb").read_text())
    return "".join(
        "".join(o.get("text", ""))
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for o in c["outputs"]
    )


def test_executes_in_parallel_caches_and_keeps_outputs(tmp_path):
    book = make_book(tmp_path / "book", {"a": 'print("from a")', "b": 'print("from b")'})
    first = build(book)
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-2000:]
    log = first.stdout
    assert "[ll_parallel_execute] executing 2 notebooks on" in log
    assert "a.md: Executed notebook in" in log and "b.md: Executed notebook in" in log
    assert "Using cached notebook" in log  # myst-nb only rendered them
    assert printed(book, "a") == "from a\n"

    # A rebuild from the cache (Sphinx's own state removed) must still write the outputs
    # that nbval compares: myst-nb alone writes them empty.
    for part in ("html", ".doctrees", "jupyter_execute"):
        shutil.rmtree(book / "_build" / part)
    second = build(book)
    assert second.returncode == 0, second.stdout[-2000:]
    assert "[ll_parallel_execute] executing" not in second.stdout
    assert "Executed notebook" not in second.stdout
    assert printed(book, "b") == "from b\n"


def test_a_failing_notebook_fails_the_build_with_its_error(tmp_path):
    book = make_book(
        tmp_path / "book",
        {"good": "x = 1\nprint(x)", "bad": 'raise RuntimeError("planted failure")'},
    )
    result = build(book)
    assert result.returncode != 0
    text = result.stdout + result.stderr
    assert "planted failure" in text
    assert "Executing notebook failed" in text  # myst-nb's own report of the retry
    assert printed(book, "good") == "1\n"


def test_a_change_to_the_imported_code_re_executes_every_notebook(tmp_path):
    # The notebooks read mylib/, which ll_code_dependencies names: the code they depend on.
    book = make_book(
        tmp_path / "book",
        {"a": 'print(open("mylib/value.txt").read())', "b": 'print("b")'},
    )
    first = build(book)
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-2000:]
    assert printed(book, "a") == "one\n"

    unchanged = build(book)
    assert "Executed notebook" not in unchanged.stdout  # same code: nothing re-executed

    (book / "mylib" / "value.txt").write_text("two")
    second = build(book)
    assert second.returncode == 0, second.stdout[-2000:] + second.stderr[-2000:]
    assert "[ll_code_deps] the notebooks' code changed" in second.stdout
    assert printed(book, "a") == "two\n", "the build kept an output of the old code"
    assert "two" in (book / "_build" / "html" / "a.html").read_text()
    assert "b.md: Executed notebook in" in second.stdout  # every notebook, not only a


def test_outputs_of_a_page_that_left_the_book_are_removed(tmp_path):
    book = make_book(tmp_path / "book", {"a": 'print("a")', "b": 'print("b")'})
    assert build(book).returncode == 0
    executed = book / "_build" / "jupyter_execute"
    assert (executed / "b.ipynb").exists()
    (book / "b.md").unlink()
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: a\n")
    again = build(book)
    assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-2000:]
    assert not (executed / "b.ipynb").exists(), "nbval would compare a page that is gone"
    assert printed(book, "a") == "a\n"


def test_a_label_moved_to_an_earlier_page_rebuilds_without_a_duplicate(tmp_path):
    book = make_book(tmp_path / "book", {"a": 'print("a")', "b": 'print("b")'})
    (book / "b.md").write_text((book / "b.md").read_text() + "\n(moving-label)=\n## Moving\n")
    assert build(book).returncode == 0
    # The label moves from b to a, as fig-lr-rate moved from chapter 6 to chapter 3.
    (book / "b.md").write_text((book / "b.md").read_text().replace("(moving-label)=\n", ""))
    (book / "a.md").write_text((book / "a.md").read_text() + "\n(moving-label)=\n## Here\n")
    again = build(book)
    assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-2000:]

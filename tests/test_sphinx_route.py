"""The Read the Docs route: conf.py from ``jupyter-book config sphinx``, then a plain
``sphinx-build``, with the book's local extensions.

A tiny book with the course's own ``sphinx:`` configuration (the same local extensions,
the same options) and one executed page is turned into conf.py by docs/sphinx_conf.py and
built by sphinx-build with warnings as errors. ``make rtd`` does the same for the whole
book.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

PAGE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# A page

```{code-cell} ipython3
import helpers as h
from helpers import glue

glue("steps", h.run(h.bowl(), [1.0, 1.0], lr=0.25, steps=100).steps)
print(h.saddle().critical_points[0].kind)
```

Gradient descent on the bowl stops after {glue:text}`steps` steps.
"""


def _tiny_book(folder: Path) -> Path:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    book = {
        "title": "tiny",
        "only_build_toc_files": True,
        "execute": {"execute_notebooks": "force", "timeout": 60},
        "parse": config.get("parse", {}),
        "sphinx": config["sphinx"],  # the course's local extensions and options, as they are
        "bibtex_bibfiles": config.get("bibtex_bibfiles", []),
    }
    folder.mkdir()
    (folder / "_config.yml").write_text(yaml.safe_dump(book), encoding="utf-8")
    (folder / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: page\n")
    (folder / "intro.md").write_text("# Tiny\n\nA book to build.\n")
    (folder / "page.md").write_text(PAGE, encoding="utf-8")
    for name in book["bibtex_bibfiles"]:
        shutil.copy(ROOT / name, folder / name)
    for path in set(book["sphinx"].get("local_extensions", {}).values()):
        shutil.copytree(ROOT / path, folder / path, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def test_sphinx_build_from_the_generated_conf_py_loads_the_local_extensions(tmp_path):
    book = _tiny_book(tmp_path / "book")
    assert (ROOT / "_ext").is_dir() and (book / "_ext").is_dir()
    subprocess.run(
        [sys.executable, str(ROOT / "docs" / "sphinx_conf.py"), str(book)],
        check=True,
        capture_output=True,
        text=True,
    )
    conf = (book / "conf.py").read_text(encoding="utf-8")
    assert "sys.path.insert(0, os.path.join(_here, '_ext'))" in conf
    assert "'ll_html'" in conf
    out = subprocess.run(
        [
            str(BIN / "sphinx-build"),
            "-W",
            "-n",
            "--keep-going",
            "-q",
            "-b",
            "html",
            str(book),
            str(book / "_build" / "html"),
        ],
        capture_output=True,
        text=True,
        cwd=book,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    html = (book / "_build" / "html" / "page.html").read_text(encoding="utf-8")
    # x^2 + y^2 from (1, 1) at rate 1/4: the gradient norm 2*sqrt(2)*(1/2)^k < 1e-8 from
    # k = 29 on; the glued number must be in the prose as plain text
    k = int(np.floor(np.log2(2 * np.sqrt(2) / 1e-8))) + 1
    assert f'stops after <span class="pasted-text">{k}</span> steps' in html
    assert "saddle" in html

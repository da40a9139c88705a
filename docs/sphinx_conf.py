"""Write the book's conf.py for a plain ``sphinx-build`` (the Read the Docs route).

``jupyter-book config sphinx .`` turns _config.yml into a conf.py, but it lists the local
extensions of ``sphinx: local_extensions:`` without putting their folder on ``sys.path``
(jupyter-book issue 2210), so ``sphinx-build`` stops at "Could not import extension
ll_html". This runs the command and adds those folders, relative to conf.py::

    .venv/bin/python docs/sphinx_conf.py [BOOK_ROOT]
    .venv/bin/sphinx-build -W -n --keep-going -b html BOOK_ROOT BOOK_ROOT/_build/rtd

``make rtd`` does both for this book; .readthedocs.yaml runs the first before Read the
Docs' own sphinx-build. conf.py is generated, so it is not committed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")


def write_conf(root: Path) -> Path:
    """Generate ``root/conf.py`` from ``root/_config.yml`` with the local extensions' paths."""
    root = root.resolve()
    subprocess.run([str(JUPYTER_BOOK), "config", "sphinx", str(root)], check=True)
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    local = ((config or {}).get("sphinx") or {}).get("local_extensions") or {}
    folders = sorted({str(path) for path in local.values()})
    conf = root / "conf.py"
    lines = [
        "# The folders of the local Sphinx extensions (added by docs/sphinx_conf.py).",
        "import os",
        "import sys",
        "",
        "_here = os.path.dirname(os.path.abspath(__file__))",
    ]
    lines += [f"sys.path.insert(0, os.path.join(_here, {folder!r}))" for folder in folders]
    conf.write_text("\n".join(lines) + "\n\n" + conf.read_text(encoding="utf-8"), encoding="utf-8")
    return conf


if __name__ == "__main__":
    print(f"wrote {write_conf(Path(sys.argv[1] if len(sys.argv) > 1 else '.'))}")

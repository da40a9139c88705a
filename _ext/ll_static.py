"""The book's own web assets (``_ext/static``: favicon, ll-a11y.css, ll-print.css) in every
HTML build.

Registers the folder in ``html_static_path`` (so Sphinx copies it and the pages can name
its files), and copies any file that changed at the end of every HTML build: when no page
is out of date Sphinx skips its own copy, so an edited stylesheet would otherwise not reach
``_build/html`` until a page changed. ll_a11y and ll_pdf set it up.
"""

from __future__ import annotations

import shutil
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
HTML_BUILDERS = {"html", "singlehtml", "dirhtml"}


def _static_path(app, config):
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [str(STATIC), *config.html_static_path]


def _sync(app, exc):
    if exc is not None or app.builder.name not in HTML_BUILDERS:
        return
    target = Path(app.outdir) / "_static"
    target.mkdir(parents=True, exist_ok=True)
    for f in STATIC.iterdir():
        out = target / f.name
        if f.is_file() and (not out.exists() or out.read_bytes() != f.read_bytes()):
            shutil.copy2(f, out)


def setup(app):
    app.connect("config-inited", _static_path)
    app.connect("build-finished", _sync)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""The book's own web assets in every HTML build.

- ``_ext/static`` (favicon.png, ll-a11y.css, ll-print.css) goes to ``_static/``: it is
  registered in ``html_static_path`` (so Sphinx copies it and pages can name its files),
  and any file that changed is copied again at the end of every HTML build, since Sphinx
  skips its own copy when no page is out of date.
- ``_ext/extra`` (favicon.ico) goes to the root of the build (``html_extra_path``): the
  page Jupyter Book writes as ``index.html`` (a redirect to the first page) has no icon
  link, and browsers then ask for ``/favicon.ico``.

ll_a11y and ll_pdf set it up.
"""

from __future__ import annotations

import shutil
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
EXTRA = Path(__file__).resolve().parent / "extra"
HTML_BUILDERS = {"html", "singlehtml", "dirhtml"}


def _static_path(app, config):
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [str(STATIC), *config.html_static_path]
    if str(EXTRA) not in config.html_extra_path:
        config.html_extra_path = [str(EXTRA), *config.html_extra_path]


def _sync(app, exc):
    if exc is not None or app.builder.name not in HTML_BUILDERS:
        return
    for source, target in ((STATIC, Path(app.outdir) / "_static"), (EXTRA, Path(app.outdir))):
        target.mkdir(parents=True, exist_ok=True)
        for f in source.iterdir():
            out = target / f.name
            if f.is_file() and (not out.exists() or out.read_bytes() != f.read_bytes()):
                shutil.copy2(f, out)


def setup(app):
    app.connect("config-inited", _static_path)
    app.connect("build-finished", _sync)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

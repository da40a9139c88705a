"""The built book reads offline: every script, style and font comes from the build.

- **MathJax.** Sphinx loads MathJax 3 from a CDN by default, so offline (a train, an exam
  room, a mirror behind a firewall) every formula stays raw TeX. ``mathjax_path`` now
  points into the build's ``_static/mathjax/``, and at the end of each HTML build the
  MathJax 3 files the CHTML output needs (the combined ``tex-mml-chtml.js`` component, its
  web fonts, the TeX extensions it loads on demand, the menu and the accessibility
  modules with their speech rules) are copied there from the ``sphinx-mathjax-offline``
  package (requirements-dev.txt), which ships MathJax 3.2.2. Its own Sphinx extension is
  not used: it copies all 24 MB of MathJax, including SVG builds nothing loads.
- **Thebe.** Jupyter Book adds sphinx-thebe's script, stylesheet and a configuration
  that names thebe's JavaScript on a CDN to every page, and a kernel request naming an
  example repository on Binder to every page's body, even with ``launch_buttons: thebe:
  false``, where no page can start Thebe. They are dropped when Thebe is off.

The widget manager (require.js and the widget JavaScript from a CDN) is already off:
``nb_ipywidgets_js: {}`` in _config.yml (see ll_html.py). tests/book/test_offline.py
checks the result: no page asks for anything outside the book, with the network blocked
every formula typesets, and no built page or stylesheet names an outside script, style or
font.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError

MATHJAX_ENTRY = "tex-mml-chtml.js"
# What tex-mml-chtml.js loads at run time, relative to its own folder.
MATHJAX_PARTS = ["a11y", "adaptors", "input", "output/chtml", "sre", "ui"]
HTML_BUILDERS = {"html", "singlehtml", "dirhtml"}


def mathjax_source() -> Path:
    """MathJax 3's folder in the installed sphinx-mathjax-offline package."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        folder = Path(
            distribution("sphinx-mathjax-offline").locate_file(
                "sphinx-mathjax-offline/static/mathjax"
            )
        )
    except PackageNotFoundError:
        folder = None
    if folder is None or not (folder / MATHJAX_ENTRY).is_file():
        raise ExtensionError(
            "the offline book serves MathJax 3 from the sphinx-mathjax-offline package, "
            "which is not installed: run `pip install -r requirements-dev.txt`"
        )
    return folder


def _local_mathjax(app, config):
    if str(config.mathjax_path).startswith(("http://", "https://", "//")):
        mathjax_source()  # fail now, with the fix, rather than after the whole build
        config.mathjax_path = f"mathjax/{MATHJAX_ENTRY}"


def _copy_mathjax(app, exc):
    if exc is not None or app.builder.name not in HTML_BUILDERS:
        return
    if not str(app.config.mathjax_path).startswith("mathjax/"):
        return
    source, target = mathjax_source(), Path(app.outdir) / "_static" / "mathjax"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / MATHJAX_ENTRY, target / MATHJAX_ENTRY)
    for part in MATHJAX_PARTS:
        shutil.copytree(source / part, target / part, dirs_exist_ok=True)


def _thebe_on(app) -> bool:
    options = app.config.html_theme_options or {}
    return bool((options.get("launch_buttons") or {}).get("thebe"))


def _drop_thebe(app, pagename, templatename, context, doctree):
    if _thebe_on(app):
        return
    scripts = context.get("script_files")
    if scripts:
        scripts[:] = [
            js
            for js in scripts
            if "sphinx-thebe" not in (getattr(js, "filename", None) or "")
            and "THEBE_JS_URL" not in str(getattr(js, "attributes", {}).get("body", ""))
        ]
    styles = context.get("css_files")
    if styles:
        styles[:] = [
            css
            for css in styles
            if "sphinx-thebe" not in (getattr(css, "filename", None) or str(css))
        ]


def _drop_thebe_config(app, doctree, docname):
    if _thebe_on(app):
        return
    for node in list(doctree.findall(nodes.raw)):
        text = node.astext()
        if "text/x-thebe-config" in text or text.strip().startswith("<script>kernelName ="):
            node.parent.remove(node)


def setup(app):
    app.connect("config-inited", _local_mathjax)
    app.connect("doctree-resolved", _drop_thebe_config, priority=900)
    app.connect("html-page-context", _drop_thebe, priority=950)
    app.connect("build-finished", _copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

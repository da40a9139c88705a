"""Hide the worked solutions for a graded course with one switch in ``_config.yml``.

The book lists the student notebooks (``exercises/``) in the part "Exercises" and the
worked notebooks (``solutions/``) in the part "Solutions" of ``_toc.yml``. Set

.. code-block:: yaml

    sphinx:
      config:
        hide_solutions: true

and the build drops the "Solutions" part from the table of contents and excludes
``solutions/`` from the book: no solution page is built, executed or linked. The exercise
pages never link to the solutions, so nothing else changes.

Sphinx never deletes what an earlier build wrote, so a build with ``hide_solutions`` over
one without it would leave the solution pages, their sources and their executed notebooks
in ``_build`` at predictable URLs. This extension removes them when the build starts and
again when it ends: ``<html>/solutions/``, ``<html>/_sources/solutions/``,
``_build/jupyter_execute/solutions/`` and the solution doctrees.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.errors import ExtensionError

SOLUTIONS_DIR = "solutions/"


def _hide_solutions(app, config):
    if not config.hide_solutions:
        return
    site_map = getattr(config, "external_site_map", None)
    if site_map is not None:  # built from _toc.yml by sphinx-external-toc (priority 900)
        for doc in list(site_map.values()):
            doc.subtrees = [
                tree
                for tree in doc.subtrees
                if not all(f.startswith(SOLUTIONS_DIR) for f in tree.files()) or not tree.files()
            ]
            for tree in doc.subtrees:
                tree.items = [i for i in tree.items if not str(i).startswith(SOLUTIONS_DIR)]
        for name in [n for n in site_map if n.startswith(SOLUTIONS_DIR)]:
            del site_map[name]
    config["exclude_patterns"] = list(config["exclude_patterns"]) + ["solutions", "solutions/**"]


def stale_solution_outputs(outdir, doctreedir) -> list[Path]:
    """Where an earlier build may have left solution pages, sources or notebooks."""
    out, doctrees = Path(outdir), Path(doctreedir)
    return [
        out / "solutions",
        out / "_sources" / "solutions",
        out.parent / "jupyter_execute" / "solutions",
        doctrees / "solutions",
    ]


def _remove_stale(app, *args):
    if not app.config.hide_solutions:
        return
    for path in stale_solution_outputs(app.outdir, app.doctreedir):
        shutil.rmtree(path, ignore_errors=True)


_SET_UP = set()


def setup(app):
    # Jupyter Book may load a local extension twice; register once per application.
    if id(app) not in _SET_UP:
        _SET_UP.add(id(app))
        try:
            app.add_config_value("hide_solutions", False, "env")
        except ExtensionError:  # already registered by the first load
            pass
        app.connect("config-inited", _hide_solutions, priority=950)
        app.connect("builder-inited", _remove_stale)
        app.connect("build-finished", _remove_stale)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

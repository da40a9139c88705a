"""Execute the book's out-of-date notebooks on every core before Sphinx reads them.

Jupyter Book 1 (myst-nb's ``execute_notebooks: cache`` mode) executes each notebook while
Sphinx reads it, one after another, so a clean build of the book's 24 notebooks uses one
core. This extension runs on Sphinx's ``env-before-read-docs`` event, when Sphinx knows
which documents it is about to read. For each of them that is a notebook with no match in
the execution cache, it executes the notebook in a pool of worker processes (one per core),
exactly as myst-nb would (myst-nb's own reader, jupyter-cache's ``single_nb_execution``, the
notebook's folder as working directory, the configured timeout), and stores the result in
the same jupyter-cache. myst-nb then finds every notebook in the cache and only renders it.

Nothing else changes: the cache is keyed as before, a rebuild after editing one chapter
executes only that chapter (in the ordinary way, a pool of one is not worth starting), and
a notebook whose execution fails is not cached, so myst-nb executes it again itself and
reports the error with its usual message and traceback, failing the build.

It also repairs what myst-nb 1.x writes to ``_build/jupyter_execute`` for a notebook it
takes from the cache: there it writes the notebook *as read*, without outputs (it merges
the cached outputs into a copy that it renders, and writes the original), so nbval would
have nothing to compare and would pass whatever the code now prints. After reading, every
notebook read in this build is rewritten with its cached outputs, glue records removed as
myst-nb removes them when it executes. ``tests/book/test_executed_outputs.py`` checks it.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sphinx.util import logging

LOGGER = logging.getLogger(__name__)


def _execute(nb, cwd: str, timeout: int | None, allow_errors: bool):
    """Run one notebook in a worker: (executed notebook, seconds, error text or None)."""
    from jupyter_cache.executors.utils import single_nb_execution

    result = single_nb_execution(
        nb, cwd=cwd, allow_errors=allow_errors, timeout=timeout, meta_override=True
    )
    error = None if result.err is None else f"{type(result.err).__name__}: {result.err}"
    return nb, result.time, error


def _cost(docname: str) -> tuple:
    """Longest first, so the pool ends together: chapters, then the rest, latest first."""
    return (not docname.startswith("chapters/"), [-ord(c) for c in docname])


def _pre_execute(app, env, docnames):
    nb_config = env.mystnb_config
    if nb_config.execution_mode != "cache" or (os.cpu_count() or 1) < 2:
        return
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from myst_nb.core.read import create_nb_reader

    cache = get_cache(nb_config.execution_cache_path or ".jupyter_cache")
    todo = []
    for docname in sorted(docnames, key=_cost):
        path = Path(env.doc2path(docname))
        if any(path.match(p) for p in nb_config.execution_excludepatterns):
            continue
        text = path.read_text(encoding="utf-8")
        reader = create_nb_reader(str(path), env.myst_config, nb_config, text)
        if reader is None:
            continue  # plain Markdown, nothing to execute
        nb = reader.read(text)
        try:
            cache.match_cache_notebook(nb)
            continue  # already executed with this code
        except KeyError:
            todo.append((path, nb))
    if len(todo) < 2:
        return

    workers = min(os.cpu_count() or 1, len(todo))
    LOGGER.info(f"[ll_parallel_execute] executing {len(todo)} notebooks on {workers} cores")
    start = time.perf_counter()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [
            (
                path,
                pool.submit(
                    _execute,
                    nb,
                    str(path.parent),
                    nb_config.execution_timeout,
                    nb_config.execution_allow_errors,
                ),
            )
            for path, nb in todo
        ]
        for path, future in futures:
            nb, seconds, error = future.result()
            if error is not None:
                # Not cached: myst-nb executes it again and reports the error in full.
                LOGGER.info(f"{path}: execution failed ({error}); myst-nb will retry it")
                continue
            cache.cache_notebook_bundle(
                CacheBundleIn(nb, str(path), data={"execution_seconds": seconds}),
                check_validity=False,
                overwrite=True,
            )
            LOGGER.info(f"{path}: Executed notebook in {seconds:.2f} seconds [ll_parallel_execute]")
    LOGGER.info(f"[ll_parallel_execute] done in {time.perf_counter() - start:.1f} s")


def _remember_read(app, env, docnames):
    app._ll_read_docs = list(docnames)


def _write_outputs(app, env):
    """Rewrite each notebook read in this build in jupyter_execute with its cached outputs."""
    nb_config = env.mystnb_config
    if nb_config.execution_mode != "cache":
        return
    import nbformat
    from jupyter_cache import get_cache
    from myst_nb.ext.glue import extract_glue_data

    cache = get_cache(nb_config.execution_cache_path or ".jupyter_cache")
    folder = Path(app.outdir).parent / "jupyter_execute"
    for docname in getattr(app, "_ll_read_docs", []):
        target = folder / f"{docname}.ipynb"
        if not target.exists():
            continue  # not a notebook
        nb = nbformat.read(target, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
        if not code or any(c.get("outputs") or c.get("execution_count") for c in code):
            continue  # executed in this build: myst-nb wrote it with its outputs
        try:
            _, merged = cache.merge_match_into_notebook(nb)
        except KeyError:
            continue  # not in the cache (execution off for it): nothing to restore
        extract_glue_data(merged, [0] * len(merged.cells), LOGGER)
        nbformat.write(merged, target)


def _prune_stale(app, env):
    """Remove from jupyter_execute what no document of the book produces any more.

    Sphinx never deletes the outputs of a page that left the book (renamed, split, removed
    from _toc.yml), and nbval runs every notebook in ``_build/jupyter_execute``: a stale
    notebook would be compared against code that no longer exists.
    """
    folder = Path(app.outdir).parent / "jupyter_execute"
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.suffix not in (".ipynb", ".json") or not path.is_file():
            continue
        rel = path.relative_to(folder).as_posix()
        docname = rel[: -len(".glue.json")] if rel.endswith(".glue.json") else rel.rsplit(".", 1)[0]
        if docname not in env.found_docs:
            LOGGER.info(f"[ll_parallel_execute] removing {rel}: no page of the book makes it")
            path.unlink()


def _purge_all_first(app, env, docnames):
    """Forget every page about to be read before reading the first one.

    Sphinx's serial reader purges each page just before reading it, so a label that moved
    from a later page to an earlier one (fig-lr-rate, from chapter 6 to chapter 3) is seen
    twice in a rebuild and fails it with a duplicate-label warning; a clean build is fine.
    Sphinx's parallel reader already purges them all first; this does the same.
    """
    for docname in docnames:
        app.events.emit("env-purge-doc", env, docname)
        env.clear_doc(docname)


def setup(app):
    app.connect("env-before-read-docs", _purge_all_first)
    app.connect("env-updated", _prune_stale)
    app.connect("env-before-read-docs", _pre_execute)
    # Sphinx calls env-before-read-docs handlers in order of registration.
    app.connect("env-before-read-docs", _remember_read)
    app.connect("env-updated", _write_outputs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Re-execute every notebook when the code the notebooks import has changed.

myst-nb's execution cache (``execute_notebooks: cache``) keys a notebook on its own code
cells, and Sphinx re-reads a page only when its source file changed. Both miss a change
to the ``helpers`` package: after editing ``helpers/pictures/tables.py`` a rebuild keeps
every table in its old form, and nbval, which re-runs the notebooks with the new code,
then fails on outputs the build never refreshed (or, worse, a new bug in ``helpers`` goes
unseen in the book until a clean build).

This extension fingerprints the folders named in ``ll_code_dependencies`` (relative to the
book's root; default ``["helpers"]``): the path and bytes of every file in them, caches and
compiled files aside. The fingerprint is stored beside the execution cache. When it differs
from the one stored (or none is stored), the execution cache is cleared and every document
is read again, so every notebook executes with the code as it is now; otherwise nothing
changes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
STAMP = "ll_code_fingerprint.txt"
SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints"}
SKIP_SUFFIXES = {".pyc", ".pyo"}


def fingerprint(folders: list[Path]) -> str:
    """SHA-256 of the relative path and contents of every file under ``folders``."""
    digest = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            raise ValueError(
                f"ll_code_dependencies names {str(folder)!r}, which is not a folder; "
                "list the book's code folders relative to its root"
            )
        files = sorted(
            p
            for p in folder.rglob("*")
            if p.is_file()
            and p.suffix not in SKIP_SUFFIXES
            and not SKIP_DIRS.intersection(p.relative_to(folder).parts)
        )
        for path in files:
            digest.update(str(path.relative_to(folder.parent)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _cache_folder(env) -> Path:
    return Path(env.mystnb_config.execution_cache_path or ".jupyter_cache")


def _outdated(app, env, added, changed, removed):
    if env.mystnb_config.execution_mode != "cache":
        return []
    root = Path(app.srcdir)
    now = fingerprint([root / name for name in app.config.ll_code_dependencies])
    folder = _cache_folder(env)
    stamp = folder / STAMP
    before = stamp.read_text().strip() if stamp.exists() else None
    if before == now:
        return []
    if folder.exists():
        from jupyter_cache import get_cache

        LOGGER.info("[ll_code_deps] the notebooks' code changed: re-executing every notebook")
        get_cache(str(folder)).clear_cache()
    folder.mkdir(parents=True, exist_ok=True)
    stamp.write_text(now + "\n")
    return sorted(env.found_docs - set(added) - set(changed))


def setup(app):
    app.add_config_value("ll_code_dependencies", ["helpers"], "env")
    app.connect("env-get-outdated", _outdated)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Explorers for a running notebook (JupyterLab, Binder): sliders that re-run a computation.

This layer needs ipywidgets, the optional extra ``pip install "helpers[interactive]"``;
the numeric core and the static pictures work without it. It imports :mod:`helpers.core`
and :mod:`helpers.pictures`, and nothing imports it but ``helpers`` itself (lazily).
"""

try:
    import ipywidgets  # noqa: F401
except ModuleNotFoundError as exc:  # pragma: no cover - exercised in a bare environment
    if exc.name != "ipywidgets":
        raise
    raise ModuleNotFoundError(
        "the interactive explorers need ipywidgets, an optional part of helpers; install it "
        'with  pip install "helpers[interactive]"  (or  pip install ipywidgets)',
        name="ipywidgets",
    ) from exc

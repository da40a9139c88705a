"""The publisher's repository is one setting: ``repository.url`` in ``_config.yml``.

- Set (``https://github.com/ORG/REPO`` or a GitLab URL): every page gets the repository
  button, and every notebook page the Binder launch button, which asks
  ``launch_buttons.binderhub_url`` to build that repository at ``repository.branch`` and
  open the page's ``.md`` file in JupyterLab.
- Empty (the default, so that an unedited build sends nobody to somebody else's
  repository): no button points at a repository, and there is no launch button either,
  since Binder can only start what it can clone. Jupyter Book alone would refuse to build
  (``use_repository_button`` without a URL) or fail inside the theme (launch buttons
  without a URL).

tests/test_repository_links.py builds a two-page book with a URL set and checks the
links; tests/book/test_offline.py checks that the book built with none has no such
button.
"""

from __future__ import annotations

import re

from sphinx.errors import ExtensionError

LAUNCHERS = ["binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url", "jupyterlite_url"]
REPO_URL = re.compile(r"^https://(github\.com|gitlab\.com)/[\w.-]+/[\w.-]+/?$")


def _one_setting(app, config):
    options = dict(config.html_theme_options or {})
    url = str(options.get("repository_url") or "").strip()
    launch = dict(options.get("launch_buttons") or {})
    if url:
        if not REPO_URL.match(url):
            raise ExtensionError(
                f"repository.url={url!r} in _config.yml: give the public repository's "
                "address, https://github.com/ORG/REPO (or https://gitlab.com/ORG/REPO), "
                "or leave it empty for a book with no repository or launch buttons"
            )
        options["repository_url"] = url.rstrip("/")
        options["use_repository_button"] = True
    else:
        options.pop("repository_url", None)
        for button in ("use_repository_button", "use_issues_button", "use_edit_page_button"):
            options[button] = False
        for launcher in LAUNCHERS:
            launch[launcher] = ""
        launch["thebe"] = False  # Thebe's kernels come from Binder too
    options["launch_buttons"] = launch
    config.html_theme_options = options


def setup(app):
    app.connect("config-inited", _one_setting, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

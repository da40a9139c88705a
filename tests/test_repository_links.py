"""The publisher's repository URL is one setting (``repository.url`` in _config.yml).

A two-page book built with the book's own _config.yml and _ext/, the URL set to a
repository: its notebook page links to Binder for that repository, branch and file, and
has a repository button that points at it. With no URL (the book as committed),
tests/book/test_repository_buttons.py checks that no button points anywhere.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
URL, BRANCH = "https://github.com/example-org/example-course", "stable"

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

Some text, and a cell that is not run (execution is off in this small book).

```{code-cell} ipython3
1 + 1
```
"""


def _ll_repository():
    spec = importlib.util.spec_from_file_location(
        "ll_repository", ROOT / "_ext" / "ll_repository.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def small_book(tmp_path_factory) -> Path:
    book = tmp_path_factory.mktemp("book")
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config["repository"] = {**config.get("repository", {}), "url": URL, "branch": BRANCH}
    config["execute"] = {**config.get("execute", {}), "execute_notebooks": "off"}
    (book / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n  - file: chapters/page\n"
    )
    (book / "intro.md").write_text("# A small book\n\nThe first page.\n")
    (book / "chapters").mkdir()
    (book / "chapters" / "page.md").write_text(PAGE)
    for f in config.get("bibtex_bibfiles", []):
        shutil.copy(ROOT / f, book / f)
    shutil.copytree(ROOT / "_ext", book / "_ext", ignore=shutil.ignore_patterns("__pycache__"))
    proc = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(book), "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return book / "_build" / "html"


def test_a_url_gives_binder_and_repository_links(small_book):
    page = (small_book / "chapters" / "page.html").read_text()
    binder = re.findall(r'href="(https://mybinder\.org/[^"]+)"', page)
    assert binder == [
        "https://mybinder.org/v2/gh/example-org/example-course/stable"
        "?urlpath=lab/tree/chapters/page.md"
    ]
    repo_links = re.findall(
        r'<a href="([^"]+)"[^>]*class="btn btn-sm btn-source-repository-button', page
    )
    assert repo_links == [URL]
    intro = (small_book / "intro.html").read_text()
    assert f'href="{URL}"' in intro, "every page has the repository button"
    assert "mybinder.org" not in intro, "no launch button on a page that is no notebook"


@pytest.mark.parametrize(
    "url",
    ["https://github.com/only-an-org", "git@github.com:org/repo.git", "https://example.org/a/b c"],
)
def test_a_url_that_is_no_repository_is_refused(url):
    from sphinx.errors import ExtensionError

    config = SimpleNamespace(
        html_theme_options={"repository_url": url, "launch_buttons": {"binderhub_url": "x"}}
    )
    with pytest.raises(ExtensionError, match="repository.url="):
        _ll_repository()._one_setting(None, config)


def test_no_url_turns_every_repository_and_launch_button_off():
    config = SimpleNamespace(
        html_theme_options={
            "repository_url": "",
            "use_repository_button": True,
            "launch_buttons": {
                "binderhub_url": "https://mybinder.org",
                "thebe": True,
                "notebook_interface": "jupyterlab",
            },
        }
    )
    _ll_repository()._one_setting(None, config)
    options = config.html_theme_options
    assert "repository_url" not in options
    assert not options["use_repository_button"] and not options["use_edit_page_button"]
    assert not any(
        options["launch_buttons"].get(k)
        for k in ("binderhub_url", "jupyterhub_url", "colab_url", "thebe")
    )

"""The built book's repository and launch buttons follow ``repository.url`` and nothing else.

With no URL (the book as committed) no page has a button or a kernel request pointing at
any repository; with one, every chapter's Binder link and every repository button point at
that repository. tests/test_repository_links.py builds a small book with a URL set.
"""

from __future__ import annotations

import re

import yaml
from browser_support import HTML, ROOT, built_pages

PAGES = built_pages()


def _repository_url() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    return str((config.get("repository") or {}).get("url") or "").strip().rstrip("/")


def test_buttons_point_only_at_the_configured_repository():
    url = _repository_url()
    assert len(PAGES) >= 9, f"no built book at {HTML}"
    for page in PAGES:
        text = (HTML / page).read_text()
        binder = re.findall(r'href="(https://mybinder\.org/[^"]*)"', text)
        repo_buttons = re.findall(
            r'href="([^"]*)"[^>]*class="[^"]*btn-source-repository-button', text
        )
        assert "x-thebe-config" not in text, f"{page}: a Thebe kernel request"
        if not url:
            assert binder == [], f"{page}: a launch button with no repository.url: {binder}"
            assert repo_buttons == [], f"{page}: a repository button with no repository.url"
            assert "launch-buttons" not in text, f"{page}: a launch menu"
        else:
            org_repo = url.split("/", 3)[3]
            assert all(f"/v2/gh/{org_repo}/" in b for b in binder), (page, binder)
            assert repo_buttons == [url], (page, repo_buttons)
            if page.startswith("chapters/"):
                assert len(binder) == 1, f"{page}: no Binder link"

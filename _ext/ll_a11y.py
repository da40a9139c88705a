"""Theme-level fixes for WCAG 2.1 A/AA, found by axe-core (tests/book/test_accessibility.py).

- **Search button** (every page, serious, WCAG 2.5.3 label in name): pydata-sphinx-theme
  names it "Search" with ``aria-label`` while it shows "Search Ctrl+K". The book's copy
  of the template (``templates/search-button-field.html``) drops the ``aria-label``, so
  the name is what the button shows, and declares the shortcut with ``aria-keyshortcuts``.
- **Colour-mode button** (every page, serious, WCAG 2.5.3): its icons' titles ("Light",
  "Dark", "System Settings") counted as visible text missing from its name "Color mode";
  the book's ``templates/theme-switcher.html`` hides the icons from assistive technology.
  Both templates are found before the theme's ``components/`` folder.
- **Hidden code cells** (pages with ``hide-input`` cells, serious, WCAG 2.5.3): myst-nb
  names the ``<summary>`` "Toggle hidden content" while it shows "Show code cell
  source"; the ``aria-label`` is dropped, so the name is what it shows.
- **Bibliography** (references page, critical, WCAG 1.3.1): docutils writes the
  citations as ``role="list"`` holding ``role="doc-biblioentry"`` entries, a role ARIA 1.2
  deprecated and that is no list item, so the list has no items to a screen reader.
  Each entry becomes ``role="listitem"``.
- **Dark mode** (serious, WCAG 1.4.3): ``static/ll-a11y.css`` gives figure captions in
  HTML outputs the dark text of the light panel the theme puts them on.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
BODY_FIXES = [
    ('role="doc-biblioentry"', 'role="listitem"'),
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
]


def _templates(app, config):
    path = str(HERE / "templates")
    if path not in config.templates_path:
        config.templates_path = [path, *config.templates_path]


def _body_fixes(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if not body:
        return
    for old, new in BODY_FIXES:
        body = body.replace(old, new)
    context["body"] = body


def setup(app):
    app.setup_extension("ll_static")  # _ext/static, where ll-a11y.css lives
    app.connect("config-inited", _templates)
    app.add_css_file("ll-a11y.css")
    app.connect("html-page-context", _body_fixes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

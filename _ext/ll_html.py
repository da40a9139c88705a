"""Small fixes to the HTML pages, found by tests/test_browser.py in a real browser.

- Every page got sphinx-thebe's configuration script twice (its ``env-before-read-docs``
  handler runs twice in a Jupyter Book build, once registering the inline script with
  filename None and once with ''), and the second ``const THEBE_JS_URL`` threw
  "Identifier has already been declared" on every page. Identical script entries are now
  emitted once.
- With ``nb_ipywidgets_js: {}`` no widget manager is loaded (explorers show their still
  picture, see docs/binder.md), so the saved widget state myst-nb embeds in a page is
  never read; it is dropped (about 180 kB on chapter 1).
- pydata-sphinx-theme logs "Got invalid theme mode" on a reader's first visit when no
  default mode is configured; the default is set to "auto" (follow the reader's system).
- The course's own machine-readable outputs (MIME types ``application/vnd.loss-landscapes.*``,
  such as the grader's copy of a check result, helpers/grading.py) ride next to a
  ``text/html`` and ``text/plain`` form that the page shows; myst-nb warns that it skips
  them. Those warnings, and only those, are dropped: every other unknown output type still
  fails the build (a blanket ``suppress_warnings: mystnb.unknown_mime_type`` would hide an
  output that shows nothing).
"""

import logging
import re

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    no_widget_manager = not getattr(app.config, "nb_ipywidgets_js", None)
    for js in scripts:
        if no_widget_manager and getattr(js, "attributes", {}).get("type") == WIDGET_STATE:
            continue  # nothing on the page reads it: dead weight (a copy of every widget)
        # The same inline script is registered once with filename None and once with ''.
        key = (
            getattr(js, "filename", str(js)) or "",
            tuple(sorted((k, str(v)) for k, v in getattr(js, "attributes", {}).items())),
        )
        if key not in seen:
            seen.add(key)
            unique.append(js)
    scripts[:] = unique


def _default_mode(app, config):
    context = dict(config.html_context or {})
    context.setdefault("default_mode", "auto")
    config.html_context = context


COURSE_DATA = re.compile(r"skipping unknown output mime type: application/vnd\.loss-landscapes\.")


class _CourseDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not COURSE_DATA.search(str(record.getMessage()))


def _quiet_course_data(app):
    for handler in logging.getLogger("sphinx").handlers:
        if not any(isinstance(f, _CourseDataFilter) for f in handler.filters):
            handler.filters.insert(0, _CourseDataFilter())


def setup(app):
    _quiet_course_data(app)
    app.connect("config-inited", _default_mode)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

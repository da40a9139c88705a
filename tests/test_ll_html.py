"""_ext/ll_html.py drops myst-nb's warning for the course's own data outputs, and only it."""

import importlib.util
import logging
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _module():
    spec = importlib.util.spec_from_file_location("ll_html", ROOT / "_ext" / "ll_html.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _record(message: str) -> logging.LogRecord:
    return logging.LogRecord("sphinx.myst_nb", logging.WARNING, __file__, 1, message, None, None)


def test_only_course_data_outputs_are_quiet():
    keep = _module()._CourseDataFilter().filter
    assert not keep(
        _record("skipping unknown output mime type: application/vnd.loss-landscapes.check+json")
    )
    for other in [
        "application/vnd.jupyter.widget-view+json",
        "application/x-unknown",
        "application/vnd.loss-landscapesX.check+json",
    ]:
        assert keep(_record(f"skipping unknown output mime type: {other}")), other
    assert keep(_record("some other warning about application/vnd.loss-landscapes.check+json"))

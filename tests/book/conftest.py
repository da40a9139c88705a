"""tests/book: the tests that need the built book. Their shared helpers are in
browser_support.py (importable from here); the built book's local server is a fixture."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from browser_support import HTML, serve  # noqa: E402


@pytest.fixture(scope="session")
def book_server():
    """The built book (``_build/html`` or ``BOOK_HTML``) on 127.0.0.1; yields its URL."""
    if not (HTML / "intro.html").exists():
        pytest.fail(f"no built book at {HTML}: run `make build` (or point BOOK_HTML at a build)")
    with serve(HTML) as base:
        yield base

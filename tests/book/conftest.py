"""tests/book: the tests that need the built book. Their shared helpers are in
browser_support.py, importable from here."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

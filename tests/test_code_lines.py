"""Code lines fit the page: the lint behind tests/book/test_code_width.py (issue 14).

At 1280 x 900 the book's code box is 684 px wide and holds 77 characters of its monospace
font; a collapsed (``hide-input``) cell sits inside a dropdown and holds 75. The browser
test measures this on the built pages and fails on any code or output that needs a
horizontal scroll bar; this test finds a long line of code in the sources in a second,
without building the book. It reads every code cell a reader sees in the chapters, the
solutions and the generated exercises (not those tagged ``remove-cell`` or
``remove-input``) with ``_ext/ll_prose.py``, the parser the prose checks share.

When it fails, wrap the call (one argument group per line, or ``ruff format
--line-length 77`` on the cell's code), name an intermediate value, move a long comment
above its line, or split a string in parentheses. Printed lines have the same budget:
print long results on two lines.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))

import ll_prose  # noqa: E402

# Measured in headless Chromium at 1280 x 900 (tests/book/test_code_width.py prints it).
MAX_CHARS = 77
MAX_CHARS_COLLAPSED = 75  # hide-input: the cell is inside a dropdown with its own padding
HIDDEN = {"remove-cell", "remove-input"}
SOURCES = sorted(
    p.relative_to(ROOT).as_posix()
    for folder in ("chapters", "solutions", "exercises")
    for p in (ROOT / folder).glob("*.md")
)


def long_lines(text: str) -> list[tuple[int, int, str]]:
    """(file line, length, line) of every visible code-cell line over its budget."""
    lines = text.split("\n")
    found = []
    for cell in ll_prose.code_cells(text):
        if HIDDEN & set(cell.tags):
            continue
        limit = MAX_CHARS_COLLAPSED if "hide-input" in cell.tags else MAX_CHARS
        close = next(j for j in range(cell.line, len(lines)) if lines[j].startswith("```"))
        source = cell.source.split("\n")
        first = close - len(source) + 1  # 1-based line of the source's first line
        found += [(first + k, len(l), l) for k, l in enumerate(source) if len(l) > limit]
    return found


def test_there_are_sources():
    assert any(s.startswith("chapters/") for s in SOURCES)
    assert any(s.startswith("exercises/") for s in SOURCES)


def test_the_lint_finds_a_long_line_and_skips_hidden_cells():
    text = "\n".join(
        [
            "# Title",
            "```{code-cell} ipython3",
            "x = 1",
            "y = " + "1 + " * 20 + "1",
            "```",
            "```{code-cell} ipython3",
            ":tags: [remove-cell]",
            "",
            "assert " + "x and " * 20 + "x",
            "```",
            "```{code-cell} ipython3",
            ":tags: [hide-input]",
            "",
            "z = '" + "a" * (MAX_CHARS_COLLAPSED - 5) + "'",
            "```",
            "```{code-cell} ipython3",
            "---",
            "mystnb:",
            "  figure:",
            "    caption: " + "a long caption " * 10,
            "---",
            "w = '" + "b" * (MAX_CHARS - 6) + "'",
            "```",
        ]
    )
    found = long_lines(text)
    assert [(line, n) for line, n, _ in found] == [(4, 85), (14, 76)], found
    assert found[0][2].startswith("y = 1 + 1")


@pytest.mark.parametrize("source", SOURCES)
def test_code_lines_fit_the_page(source):
    found = long_lines((ROOT / source).read_text())
    assert found == [], (
        f"{len(found)} code lines of {source} are too wide for the page at 1280 px "
        f"({MAX_CHARS} characters, {MAX_CHARS_COLLAPSED} in a hide-input cell):\n"
        + "\n".join(f"{source}:{line}: {n} chars: {text[:60]}" for line, n, text in found)
    )

"""Numbers in the chapters' prose come from executed code.

A number typed into a sentence goes stale the day the code behind it changes; a glued one
(``{glue:}`key``` or ``{glue:text}`key:.2f```) cannot. This test reads each chapter's
prose, figure captions and alt text and fails on any digit that is not glued, outside
math, code, roles (labels, citations, references), and the few literals allowed below.
Write small counts that are part of the story as words ("two minima"), and constants of a
formula in math (``$x^2 - y^2$``).

Verdicts ("converges", "lower", "every run") cannot be found by a pattern; they are guarded
by assertions in hidden ``remove-cell`` cells of the chapters (see README, "Writing a
chapter").

The bookkeeping that puts numbers into the prose is not part of the lesson: every
``glue(...)`` call sits in a hidden ``remove-cell`` cell (``test_glue_only_in_hidden_cells``).
The prose is read with ``_ext/ll_prose.py``, the parser the forward-reference check shares,
so a finding names its line.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))

from ll_prose import (  # noqa: E402
    COMMENT,
    LINK_TARGET,
    MATH_BLOCK,
    MATH_INLINE,
    ROLE_OR_CODE,
    code_cells,
    prose_pieces,
)

CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))

# Chapters whose glue cells are still visible; package B of issue 15 hides chapter 8's when it
# splits the chapter, and empties this set.
NOT_YET_HIDDEN: set[str] = set()

# Literals that are not results. Keep this list short.
ALLOWED = [
    r"\b\d+-D\b",  # 1-D, 2-D, 3-D: the name of a dimension
]

# Alt text is a plain attribute: it holds neither math nor glue, so a formula the book
# defines is written out in it ("0.5 w1² + 50 w2²", "|1 − 2η|", "2/(√κ + 1)"). A number in
# alt text belongs to such a formula when it is an operand of + − / × · in an expression
# that also holds a variable: one Latin letter (not the words "a" and "I") or Greek
# letters, with an optional index, power or subscript (w1², x^4, λ_max, √κ), or a
# coefficient joined to one (2η, 4xy). A number beside "=", "<", "≈", a comma or a word is
# not: "η = 0.5", "fall to -1", "reaches 1e-6 in 300 steps" and "2×2" are still typed
# numbers. Prose and captions take $math$ instead, so the rule is for alt text only.
_GREEK = "\u0391-\u03a9\u03b1-\u03c9"
_SCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻₀₁₂₃₄₅₆₇₈₉"
# 1e-6 is a number, not 1 times e minus 6
_SCIENTIFIC = r"\d+(?:\.\d+)?e[-+]?\d"
# Greek letters (η, ηL, 2β, √κ), a coefficient and Latin letters (4xy), or one Latin letter
# that is not a word (w, x, n); then an index, power or subscript (w1², x^4, λ_max, x₀)
_VARIABLE = (
    rf"(?!{_SCIENTIFIC})√?"
    rf"(?:\d*[{_GREEK}][A-Za-z{_GREEK}]*|\d+[A-Za-z]+|(?![aAI]\b)[A-Za-z](?![A-Za-z]))"
    rf"(?:_[A-Za-z]+|\^\d+|\d+|[{_SCRIPTS}]+)*"
)
# a coefficient and a variable (0.5 w1²), a variable, or a number; in brackets or bars
_OPERAND = (
    rf"[(|]*(?:(?!{_SCIENTIFIC})\d+(?:\.\d+)?\s?{_VARIABLE}"
    rf"|{_VARIABLE}|\d+(?:\.\d+)?(?:e[-+]?\d+)?)[)|]*"
)
FORMULA = re.compile(rf"(?<![\w.]){_OPERAND}(?:\s*[-+−/×·*]\s*{_OPERAND})+")
HAS_VARIABLE = re.compile(rf"(?<![\w.]){_VARIABLE}")

LABEL = re.compile(r"^\([\w-]+\)=\s*$", re.M)
# A digit that is part of a name or formula (w1, x^4, 3w, 4xy) is not a number in prose;
# a power of ten written with superscripts (10⁵, 10⁻⁶) is one.
NUMBER = re.compile(r"(?<![\w^_.])\d+(?:[.,]\d+)*(?:e[-+]?\d+)?(?:⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?(?![\w^])")


def untyped(piece: str, chapter_number: int, where: str = "prose") -> str:
    """The piece with math, code, roles, labels, comments and allowed literals removed
    (and, in alt text, formulas written out)."""
    for pattern in (COMMENT, MATH_BLOCK, MATH_INLINE, ROLE_OR_CODE, LABEL, LINK_TARGET):
        piece = pattern.sub(" ", piece)
    for literal in ALLOWED + [rf"\b{chapter_number}\.\d\b"]:  # exercise numbers, e.g. 4.1
        piece = re.sub(literal, " ", piece)
    if where == "alt text":
        piece = FORMULA.sub(lambda m: " " if HAS_VARIABLE.search(m.group()) else m.group(), piece)
    return piece


def typed_numbers(path: Path) -> list[str]:
    chapter_number = int(path.name.split("_")[0])
    found = []
    for piece in prose_pieces(path.read_text()):
        where = piece.kind if piece.kind in ("alt text", "caption") else "prose"
        rest = untyped(piece.text, chapter_number, where)
        for m in NUMBER.finditer(rest):
            context = " ".join(rest[max(0, m.start() - 40) : m.end() + 40].split())
            found.append(
                f"{where}: {m.group()!r} in '...{context}...' (line {piece.line_of(m.start())})"
            )
    return found


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_typed_numbers_in_prose(path):
    found = typed_numbers(path)
    assert not found, (
        f"{path.name}: numbers typed into the prose; glue them from the code "
        "or write them as words if they are part of the story:\n  " + "\n  ".join(found)
    )


def test_the_check_finds_typed_numbers(tmp_path):
    """The pattern catches a typed number and lets glued ones, math and code through."""
    page = tmp_path / "01_example.md"
    page.write_text(
        "---\njupytext: {}\n---\n(ch-x)=\n# Title\n\n"
        "The run took 57 steps, {glue:}`n` runs, $x^2 - 1$, `lr=0.05`, {ref}`ch-2`, $(f(x + h) -\n"
        "f(x - h)) / 2$.\n\n"
        "```{code-cell} ipython3\n---\nmystnb:\n  image:\n    alt: a curve reaching 1e-4\n"
        "  figure:\n    caption: learning rate {glue:text}`lr`, a 2-D slice\n---\nx = 3\n```\n"
        "Exercise 1.2 asks for w1 and x^4.\n\n```{note}\n:class: tip\nIt took 12 steps.\n```\n"
        "```python\nprint(99)\n```\n"
    )
    found = typed_numbers(page)
    assert sorted(f.split(": ", 1)[1].split(" in ")[0] for f in found) == [
        "'12'",
        "'1e-4'",
        "'57'",
    ], found


def _numbers_found(tmp_path, alt: str, prose: str = "") -> list[str]:
    page = tmp_path / "05_example.md"
    page.write_text(
        f"# Title\n\n{prose}\n\n```{{code-cell}} ipython3\n---\nmystnb:\n  image:\n"
        f"    alt: '{alt}'\n---\nx = 3\n```\n"
    )
    return [f.split(" in ")[0] for f in typed_numbers(page)]


def test_formulas_in_alt_text_pass(tmp_path):
    """A formula the book defines, written out in alt text, is not a typed number."""
    alt = (
        "The ravine 0.5 w1² + 50 w2², the quartic x⁴ + y⁴ − 4xy + 1 and x^4 + y^4 - 4xy + 1, "
        "the line ηL = 2 + 2β, the factor |1 − 2η| and max|1 − ηλ|, the limits 2/λ_max, "
        "2/(λ_min + λ_max) and 2/η, the gaps 2/(κ + 1) and 2/(√κ + 1), a 1/√n law."
    )
    assert _numbers_found(tmp_path, alt) == []


def test_typed_numbers_in_alt_text_are_found(tmp_path):
    """Settings and results stay typed numbers in alt text, next to a formula or not."""
    alt = (
        "It reaches 1e-6 in 300 steps with η = 0.5 and falls to -1, a 2×2 map of slope -1/2 "
        "from (−1.5, 2), a −1 shift and the x-axis at 10⁻⁶ beside x + 1, cut at 10⁵."
    )
    assert _numbers_found(tmp_path, alt) == [
        f"alt text: {n!r}"
        for n in ["1e-6", "300", "0.5", "1", "2", "2", "1", "2", "1.5", "2", "1", "10⁻⁶", "10⁵"]
    ]
    # in prose and captions a formula goes in $math$: written out, its numbers are found
    assert _numbers_found(tmp_path, "x", "The limit is 2/η and the line ηL = 2 + 2β.") == [
        f"prose: {n!r}" for n in ["2", "2"]
    ]


def test_every_chapter_is_checked():
    assert len(CHAPTERS) >= 9, f"expected the nine chapters in chapters/, found {len(CHAPTERS)}"


def visible_glue(path: Path) -> list[str]:
    """The code cells of a chapter that call glue(...) without the remove-cell tag."""
    return [
        f"line {cell.line}: {next(l for l in cell.source.splitlines() if 'glue(' in l).strip()}"
        for cell in code_cells(path.read_text())
        if re.search(r"\bglue\(", cell.source) and "remove-cell" not in cell.tags
    ]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_glue_only_in_hidden_cells(path):
    """glue(...) is bookkeeping: it belongs in a hidden cell, beside the asserts it feeds."""
    found = visible_glue(path)
    if path.name in NOT_YET_HIDDEN:
        assert found, f"{path.name} hides all its glue cells now: remove it from NOT_YET_HIDDEN"
        pytest.skip(f"{path.name}: {len(found)} visible glue cells, hidden when it is split")
    assert not found, (
        f"{path.name}: glue(...) in cells the reader sees; move the glue lines into the hidden "
        "(remove-cell) cell after the computation:\n  " + "\n  ".join(found)
    )


def test_the_glue_check_finds_a_visible_glue_cell(tmp_path):
    page = tmp_path / "01_example.md"
    page.write_text(
        "# Title\n\n```{code-cell} ipython3\nx = 1\nglue('x', x)\n```\n\n"
        "```{code-cell} ipython3\n:tags: [remove-cell]\n\nglue('y', 2)\n```\n\n"
        "```{code-cell} ipython3\n---\ntags: [remove-cell]\n---\nglue('z', 3)\n```\n\n"
        "```{code-cell} ipython3\n---\nmystnb:\n  image:\n    alt: a\n---\nglue('w', 4)\n```\n"
    )
    assert visible_glue(page) == ["line 3: glue('x', x)", "line 21: glue('w', 4)"]

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
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))

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

MATH_BLOCK = re.compile(r"\$\$.*?\$\$", re.S)
MATH_INLINE = re.compile(r"\$(?:[^$\n]|\n(?![ \t]*\n))+\$")  # wraps, but not past a blank line
ROLE_OR_CODE = re.compile(r"(\{[\w:-]+\})?`[^`\n]*`")  # {role}`...` and `code`
LABEL = re.compile(r"^\([\w-]+\)=\s*$", re.M)
COMMENT = re.compile(r"<!--.*?-->", re.S)
LINK_TARGET = re.compile(r"\]\([^)]*\)")
CODE_DIRECTIVES = {"code-cell", "code", "code-block", "math", "raw"}
FENCE = re.compile(r"^(`{3,})\{?([\w-]*)\}?.*?\n(.*?)^\1\s*$", re.M | re.S)
# A digit that is part of a name or formula (w1, x^4, 3w, 4xy) is not a number in prose;
# a power of ten written with superscripts (10⁵, 10⁻⁶) is one.
NUMBER = re.compile(r"(?<![\w^_.])\d+(?:[.,]\d+)*(?:e[-+]?\d+)?(?:⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?(?![\w^])")


def _front_matter_removed(text: str) -> str:
    return re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)


def _cell_metadata_text(block: str) -> list[tuple[str, str]]:
    """("alt text", ...) and ("caption", ...) from a code cell's ``---`` YAML header."""
    m = re.match(r"\A---\n(.*?)\n---\n", block, re.S)
    if not m:
        return []
    meta = yaml.safe_load(m.group(1)) or {}
    mystnb = meta.get("mystnb") or {}
    out = [
        ("alt text", str((mystnb.get("image") or {}).get("alt", ""))),
        ("caption", str((mystnb.get("figure") or {}).get("caption", ""))),
    ]
    return [(where, t) for where, t in out if t]


def prose_pieces(text: str) -> list[tuple[str, str]]:
    """(where, text) pieces a reader sees as prose: markdown, captions, alt text."""
    text = _front_matter_removed(text)
    pieces = []

    def fence(m):
        name, body = m.group(2), m.group(3)
        if name == "code-cell":
            pieces.extend(_cell_metadata_text(body))
        if m.group(0).lstrip("`").startswith("{") and name not in CODE_DIRECTIVES:
            return re.sub(r"^:.*$", "", body, flags=re.M)  # a directive holding prose
        return ""

    pieces.append(("prose", FENCE.sub(fence, text)))
    return pieces


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
    for where, piece in prose_pieces(path.read_text()):
        rest = untyped(piece, chapter_number, where)
        for m in NUMBER.finditer(rest):
            context = " ".join(rest[max(0, m.start() - 40) : m.end() + 40].split())
            found.append(f"{where}: {m.group()!r} in '...{context}...'")
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

"""What a reader sees as prose in a MyST notebook, with line numbers.

The checks of the book's text (typed numbers in ``tests/test_chapter_claims.py``, forward
references and terms in ``_ext/ll_terms.py``) read the same pieces: markdown paragraphs,
headings, list items, the prose inside directives such as ``{note}``, and the alt text and
caption of a figure (``mystnb: image: alt:`` and ``mystnb: figure: caption:`` in a code
cell's header). Code cells, code blocks, math blocks written as directives, HTML comments,
``(label)=`` lines and the front matter are not prose.

:func:`prose_pieces` returns them as :class:`Piece` objects that keep the line where each
starts, so a finding can say ``chapters/04_saddles.md:421``. :func:`masked` blanks out parts
of a piece (math, code and roles, comments) with spaces, keeping every other character at
its offset, so a match in the masked text still maps to its line.

The parser is line-based and small on purpose; it knows the subset of MyST the book uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

__all__ = [
    "Piece",
    "CodeCell",
    "prose_pieces",
    "code_cells",
    "definition_list_terms",
    "masked",
    "MATH_BLOCK",
    "MATH_INLINE",
    "ROLE_OR_CODE",
    "COMMENT",
    "LINK_TARGET",
    "CODE_DIRECTIVES",
]

MATH_BLOCK = re.compile(r"\$\$.*?\$\$", re.S)
MATH_INLINE = re.compile(r"\$(?:[^$\n]|\n(?![ \t]*\n))+\$")  # wraps, but not past a blank line
ROLE_OR_CODE = re.compile(r"(\{[\w:-]+\})?`[^`\n]*`")  # {role}`...` and `code`
COMMENT = re.compile(r"<!--.*?-->", re.S)
LINK_TARGET = re.compile(r"\]\([^)]*\)")
# Directives whose body is code or math, not prose.
CODE_DIRECTIVES = {"code-cell", "code", "code-block", "math", "raw"}

_FENCE_OPEN = re.compile(r"^(\s*)(`{3,}|~{3,})\s*(\{([\w-]+)\}|[\w-]*)(.*)$")
_LABEL = re.compile(r"^\s*\([\w-]+\)=\s*$")
_HEADING = re.compile(r"^#{1,6}\s")
_DEFLIST_BODY = re.compile(r"^:\s")
_DIRECTIVE_OPTION = re.compile(r"^\s*:[\w-]+:")


@dataclass(frozen=True)
class Piece:
    """A block of prose: its first line (1-based, in the file), its kind and its text.

    ``kind`` is ``"prose"`` (a paragraph or list), ``"heading"``, ``"alt text"`` or
    ``"caption"``. ``level`` is the heading level (0 for everything else).
    """

    line: int
    kind: str
    text: str
    level: int = 0

    def line_of(self, offset: int) -> int:
        """The file line of the character at ``offset`` in :attr:`text`."""
        return self.line + self.text.count("\n", 0, offset)


@dataclass(frozen=True)
class CodeCell:
    """A ``{code-cell}``: the line of its opening fence, its tags and its source."""

    line: int
    tags: tuple[str, ...]
    source: str


def masked(text: str, *patterns: re.Pattern) -> str:
    """``text`` with every match of ``patterns`` replaced by spaces (newlines kept)."""
    for pattern in patterns:
        text = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    return text


def _fence(fence: re.Match, lines: list[str], i: int) -> tuple[str, int]:
    """The directive name of the fence opened on line ``i`` and the index of its closing line."""
    ticks, name = fence.group(2), fence.group(4) or fence.group(3) or ""
    close = re.compile(rf"^\s*{re.escape(ticks[0])}{{{len(ticks)},}}\s*$")
    end = i + 1
    while end < len(lines) and not close.match(lines[end]):
        end += 1
    return name, end


def _front_matter_end(lines: list[str]) -> int:
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                return i + 1
    return 0


def _cell_metadata(lines: list[str], start: int, end: int) -> list[Piece]:
    """Alt text and caption from the ``---`` YAML header of a code cell (lines start..end)."""
    if start >= end or lines[start].strip() != "---":
        return []
    for close in range(start + 1, end):
        if lines[close].strip() == "---":
            break
    else:
        return []
    header = lines[start + 1 : close]
    try:
        meta = yaml.safe_load("\n".join(header)) or {}
    except yaml.YAMLError:
        return []
    mystnb = meta.get("mystnb") or {} if isinstance(meta, dict) else {}
    pieces = []
    for kind, section, key in (("alt text", "image", "alt"), ("caption", "figure", "caption")):
        value = (mystnb.get(section) or {}).get(key)
        if not value:
            continue
        # the line of the key inside its section, for the finding's location
        at = next(
            (i for i, text in enumerate(header) if re.match(rf"^\s+{key}:", text)),
            0,
        )
        pieces.append(Piece(start + 2 + at, kind, str(value)))
    return pieces


def prose_pieces(text: str) -> list[Piece]:
    """The prose of a MyST notebook, in reading order, with the line where each piece starts."""
    lines = text.split("\n")
    pieces: list[Piece] = []
    i = _front_matter_end(lines)
    block: list[str] = []
    block_start = 0

    def flush():
        nonlocal block
        if block:
            pieces.append(Piece(block_start + 1, "prose", "\n".join(block)))
        block = []

    in_comment = in_math = False
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if in_math:  # inside a $$ block a blank line does not end the paragraph
            block.append(line)
            in_math = line.count("$$") % 2 == 0
            i += 1
            continue
        if in_comment:
            if "-->" in line:
                in_comment = False
            i += 1
            continue
        if stripped.startswith("<!--") and "-->" not in stripped[4:]:
            flush()
            in_comment = True
            i += 1
            continue
        fence = _FENCE_OPEN.match(line)
        if fence:
            flush()
            name, end = _fence(fence, lines, i)
            if name == "code-cell":
                pieces.extend(_cell_metadata(lines, i + 1, end))
            elif fence.group(4) and name not in CODE_DIRECTIVES:
                # a directive holding prose ({note}, {admonition}, ...): read its body
                body = ["" if _DIRECTIVE_OPTION.match(b) else b for b in lines[i + 1 : end]]
                for piece in prose_pieces("\n".join(body)):
                    pieces.append(Piece(piece.line + i + 1, piece.kind, piece.text, piece.level))
            i = end + 1
            continue
        if not stripped or _LABEL.match(line):
            flush()
            i += 1
            continue
        if _HEADING.match(line):
            flush()
            level = len(line) - len(line.lstrip("#"))
            pieces.append(Piece(i + 1, "heading", line.lstrip("#").strip(), level))
            i += 1
            continue
        if not block:
            block_start = i
        block.append(line)
        in_math = line.count("$$") % 2 == 1
        i += 1
    flush()
    return pieces


_TAGS_LINE = re.compile(r"^:tags:\s*\[(.*)\]\s*$")


def code_cells(text: str) -> list[CodeCell]:
    """Every ``{code-cell}`` of a MyST notebook with its tags (from a ``:tags: [...]`` line
    or a ``tags:`` entry of its ``---`` YAML header) and its source."""
    lines = text.split("\n")
    cells = []
    i = _front_matter_end(lines)
    while i < len(lines):
        fence = _FENCE_OPEN.match(lines[i])
        if not fence:
            i += 1
            continue
        name, end = _fence(fence, lines, i)
        if name == "code-cell":
            body = lines[i + 1 : end]
            tags: list[str] = []
            start = 0
            if body and body[0].strip() == "---":
                close_header = next(
                    (k for k in range(1, len(body)) if body[k].strip() == "---"), None
                )
                if close_header is not None:
                    meta = yaml.safe_load("\n".join(body[1:close_header])) or {}
                    tags = list(meta.get("tags") or []) if isinstance(meta, dict) else []
                    start = close_header + 1
            else:
                while start < len(body) and body[start].startswith(":"):
                    m = _TAGS_LINE.match(body[start].strip())
                    if m:
                        tags += [t.strip() for t in m.group(1).split(",") if t.strip()]
                    start += 1
            cells.append(CodeCell(i + 1, tuple(tags), "\n".join(body[start:])))
        i = end + 1
    return cells


def definition_list_terms(piece: Piece) -> list[tuple[int, str]]:
    """``(line, term)`` for each definition-list term in a prose piece (``Term`` above
    a line that starts with ``: ``)."""
    lines = piece.text.split("\n")
    out = []
    for k in range(len(lines) - 1):
        if _DEFLIST_BODY.match(lines[k + 1]) and lines[k].strip() and not lines[k][0].isspace():
            if not _DEFLIST_BODY.match(lines[k]):
                out.append((piece.line + k, lines[k].strip()))
    return out

"""The book stands on what came before: no forward references, no term used before it is
defined, every term defined once.

:func:`check_book` reads the book's text and returns a list of :class:`Finding`. It is used
twice: ``tests/test_forward_refs.py`` fails on any finding (so ``make unit`` and ``make
test`` do), and, loaded as a Sphinx local extension (``ll_terms: _ext`` in
``_config.yml``), it logs each finding as a warning when the build starts, so
``jupyter-book build -W`` fails too.

**What it reads.**

- ``_toc.yml``: the order of the files under the caption "Chapters" numbers the chapters.
  ``solutions/solNN_*.md`` belongs to the chapter whose file starts with ``NN_``; so do the
  ``ex-*`` and ``sol-*`` labels of ``exercises/`` and ``solutions/``. The student notebooks
  in ``exercises/`` are generated from the solutions, so only the solutions are read as
  prose.
- The prose of every chapter and solution (:mod:`ll_prose`): paragraphs, headings, list
  items, captions and alt text, with their line numbers. Code, comments, labels, role
  targets and (unless a term asks for it) math are left out.
- ``terms/NN_stem.yml``: the terms chapter ``NN`` defines, one file per chapter, so the
  file a term lives in *is* its defining chapter::

      condition number:
        uses: ['condition numbers?', '\\bκ\\b', '\\\\kappa']  # regexes, case-insensitive
        math: true         # also search inside $...$ (needed for \\kappa)
        bold: ['condition numbers?']   # how the definition is written (default: the term)
        allow:             # reviewed exceptions, each with a reason
          - {file: chapters/08_networks.md, contains: 'text on the line', reason: '...'}

  A term with no ``uses`` is found as itself (a plural allowed); without ``bold`` its
  definition is the term in bold, ``**term**``, or a definition-list term (``Term`` above
  a line that starts with ``: ``).
- ``terms/_emphasis.yml``: bold phrases that are emphasis, not definitions.

**What it flags** (each with ``file:line`` and the line):

a. *forward reference*: a ``{ref}``, ``{numref}``, ``{doc}`` or Markdown link to a label or
   file of a later chapter;
b. *forward phrase*: "the next chapter", "later chapters", "chapters to come", ...;
c. *used before defined*: a registered term in a chapter before its defining one, or in
   its defining chapter on a line above its definition. In its defining chapter a term may
   be named in the introduction (the text above the first ``##`` heading), which announces
   what the chapter defines, and in headings, which name what their section defines;
d. *defined twice*: a term's definition form in a chapter other than its own;
e. *definition missing*: a registered term that its chapter never defines;
f. *unregistered definition*: a bold phrase or definition-list term in a chapter that is
   neither a term of that chapter nor listed as emphasis.

(a) to (c) are allowed in the **next zone**: the text of a chapter's ``## Summary``
section after its **Exercises.** paragraph, where the closing sentence names the next
chapter. (d) to (f) read chapters only: a solution may restate a definition.

An ``allow`` entry on a term excuses the findings about that term on the lines of ``file``
that contain ``contains``; :func:`check_book` reports how many were used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

try:  # as a Sphinx local extension, _ext is on sys.path
    import ll_prose as _prose
except ImportError:  # imported as _ext.ll_terms
    from . import ll_prose as _prose  # type: ignore[no-redef]

COMMENT, LINK_TARGET, ROLE_OR_CODE = _prose.COMMENT, _prose.LINK_TARGET, _prose.ROLE_OR_CODE
MATH_BLOCK, MATH_INLINE = _prose.MATH_BLOCK, _prose.MATH_INLINE
Piece, masked, prose_pieces = _prose.Piece, _prose.masked, _prose.prose_pieces
definition_list_terms = _prose.definition_list_terms

__all__ = ["Finding", "Term", "Book", "check_book", "load_book", "FORWARD_PHRASES"]

# Phrases that point ahead without a reference. "below" and "later in this chapter" are
# fine: they stay inside the chapter.
FORWARD_PHRASES = [
    r"\b(?:the\s+)?(?:next|following|coming|later|subsequent)\s+chapters?\b",
    r"\bchapters?\s+to\s+come\b",
    r"\b(?:a|one)\s+later\s+chapter\b",
    r"\blater\s+in\s+(?:the|this)\s+(?:book|course)\b",
]

_ROLE_REF = re.compile(r"\{(ref|numref|doc)\}`([^`]*)`")
_MD_LINK = re.compile(r"\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S)
_LABEL_LINE = re.compile(r"^\s*\(([\w-]+)\)=\s*$", re.M)
_FIG_NAME = re.compile(r"^\s+name:\s*([\w-]+)\s*$", re.M)
_DIRECTIVE_NAME = re.compile(r"^\s*:name:\s*([\w-]+)\s*$", re.M)


@dataclass(frozen=True)
class Finding:
    kind: str  # "forward reference", "forward phrase", "used before defined", ...
    file: str  # relative to the book's root
    line: int
    text: str  # the line, stripped
    detail: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.kind}: {self.detail}\n    {self.text}"


@dataclass
class Term:
    name: str
    chapter: int  # position in the "Chapters" part of _toc.yml, from 1
    file: str  # the terms/ file
    uses: list[re.Pattern]
    bold: list[re.Pattern]
    math: bool = False
    allow: list[dict] = field(default_factory=list)


@dataclass
class Book:
    root: Path
    chapters: list[str]  # chapter files in reading order, e.g. "chapters/01_loss_surface.md"
    prefixes: dict[str, int]  # "01" -> 1
    labels: dict[str, int]  # label or document -> chapter
    terms: list[Term]
    emphasis: list[re.Pattern]
    problems: list[Finding]  # the registry's own errors


def _plural(term: str) -> str:
    return re.escape(term).replace(r"\ ", r"\s+") + r"(?:s|es)?"


def _compile(patterns: Iterable[str], where: str) -> list[re.Pattern]:
    out = []
    for p in patterns:
        try:
            out.append(re.compile(p, re.I))
        except re.error as e:
            raise ValueError(
                f"{where}: the pattern {p!r} is not a regular expression ({e})"
            ) from None
    return out


def _chapter_of(path: str, prefixes: dict[str, int]) -> int | None:
    """The chapter a chapter, solution or exercise file belongs to (None: not a chapter)."""
    name = Path(path).name
    m = re.match(r"^(?:sol|ex)?(\d+)_", name)
    return prefixes.get(m.group(1)) if m else None


def load_book(root: Path | str) -> Book:
    """Read the table of contents, the labels and the term registry of the book at ``root``."""
    root = Path(root)
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    chapters = []
    for part in toc.get("parts", []):
        if part.get("caption") == "Chapters":
            chapters = [c["file"] + ".md" for c in part.get("chapters", [])]
    prefixes = {}
    for k, path in enumerate(chapters, start=1):
        m = re.match(r"^(\d+)_", Path(path).name)
        if m:
            prefixes[m.group(1)] = k
    labels: dict[str, int] = {}
    for folder in ("chapters", "solutions", "exercises"):
        for path in sorted((root / folder).glob("*.md")):
            rel = path.relative_to(root).as_posix()
            chapter = _chapter_of(rel, prefixes)
            if chapter is None:
                continue
            labels[rel[:-3]] = chapter
            text = path.read_text()
            for pattern in (_LABEL_LINE, _FIG_NAME, _DIRECTIVE_NAME):
                for m in pattern.finditer(text):
                    labels.setdefault(m.group(1), chapter)
    terms, problems = [], []
    for path in sorted((root / "terms").glob("*.yml")):
        rel = path.relative_to(root).as_posix()
        if path.name.startswith("_"):
            continue
        m = re.match(r"^(\d+)_", path.name)
        chapter = prefixes.get(m.group(1)) if m else None
        if chapter is None:
            problems.append(
                Finding("registry", rel, 1, "", "no chapter in _toc.yml has this number")
            )
            continue
        entries = yaml.safe_load(path.read_text()) or {}
        for name, spec in entries.items():
            spec = spec or {}
            unknown = set(spec) - {"uses", "bold", "math", "allow"}
            if unknown:
                problems.append(
                    Finding("registry", rel, 1, name, f"unknown keys {sorted(unknown)}")
                )
            where = f"{rel}, term {name!r}"
            terms.append(
                Term(
                    name=name,
                    chapter=chapter,
                    file=rel,
                    uses=_compile(spec.get("uses") or [rf"\b{_plural(name)}\b"], where),
                    bold=_compile(spec.get("bold") or [_plural(name)], where),
                    math=bool(spec.get("math", False)),
                    allow=list(spec.get("allow") or []),
                )
            )
    emphasis_file = root / "terms" / "_emphasis.yml"
    emphasis = yaml.safe_load(emphasis_file.read_text()) if emphasis_file.exists() else []
    return Book(
        root=root,
        chapters=chapters,
        prefixes=prefixes,
        labels=labels,
        terms=terms,
        emphasis=_compile([re.escape(_normal(e)) for e in emphasis or []], "terms/_emphasis.yml"),
        problems=problems,
    )


def _references(text: str, rel: str) -> list[tuple[int, str, str]]:
    """``(offset, target, as written)`` for every {ref}, {numref}, {doc} and Markdown link:
    a label, or a document path relative to the book's root without its suffix."""

    def document(path: str) -> str:
        path = (Path(rel).parent / path).as_posix()
        path = re.sub(r"[^/]+/\.\./", "", path)
        return re.sub(r"\.(md|ipynb|html)$", "", path)

    out = []
    for m in _ROLE_REF.finditer(text):
        target = re.sub(r"^.*<(.+)>$", r"\1", m.group(2)).strip()
        if m.group(1) == "doc":
            target = document(target)
        out.append((m.start(), target, f"{{{m.group(1)}}}`{m.group(2)}`"))
    for m in _MD_LINK.finditer(text):
        out.append((m.start(), document(m.group(1).split("#")[0]), f"the link {m.group(1)}"))
    return out


def _next_zone_start(pieces: list[Piece]) -> int:
    """Index of the first piece of the next zone (len(pieces) if there is none)."""
    in_summary = False
    for k, piece in enumerate(pieces):
        if piece.kind == "heading":
            in_summary = piece.level == 2 and piece.text.strip().lower() == "summary"
            continue
        if in_summary and piece.text.lstrip().startswith("**Exercises.**"):
            return k + 1
    return len(pieces)


def _normal(text: str) -> str:
    return " ".join(text.split()).strip(" .,;:")


def _definitions(piece: Piece) -> list[tuple[int, str]]:
    """``(line, phrase)`` for every bold phrase and definition-list term of a piece."""
    if piece.kind not in ("prose", "caption"):
        return []
    text = masked(piece.text, COMMENT, ROLE_OR_CODE, MATH_BLOCK, MATH_INLINE)
    out = [(piece.line_of(m.start()), _normal(m.group(1))) for m in _BOLD.finditer(text)]
    out += [(line, _normal(term)) for line, term in definition_list_terms(piece)]
    return out


def _defines(term: Term, phrase: str) -> bool:
    return any(p.fullmatch(phrase) for p in term.bold)


class _Allowances:
    def __init__(self, terms: list[Term]):
        self.used: set[tuple[str, int]] = set()
        self.by_term = {t.name: t.allow for t in terms}

    def excuse(self, term: str, file: str, line_text: str) -> bool:
        for k, entry in enumerate(self.by_term.get(term, [])):
            if entry.get("file") == file and entry.get("contains", "") in line_text:
                self.used.add((term, k))
                return True
        return False


def check_book(root: Path | str, files: Iterable[str] | None = None) -> list[Finding]:
    """All findings for the book at ``root`` (or only for ``files``, paths relative to it).

    The number of ``allow`` entries used is in the attribute ``allowances_used`` of the
    returned list.
    """
    book = load_book(root)
    findings: list[Finding] = list(book.problems)
    allowances = _Allowances(book.terms)
    sources = [c for c in book.chapters] + sorted(
        p.relative_to(book.root).as_posix() for p in (book.root / "solutions").glob("*.md")
    )
    selected = set(files) if files is not None else None
    definitions: dict[str, list[tuple[str, int]]] = {t.name: [] for t in book.terms}
    first_definition: dict[tuple[str, str], int] = {}
    parsed = {}
    for rel in sources:
        path = book.root / rel
        chapter = _chapter_of(rel, book.prefixes)
        if chapter is None or not path.exists():
            continue
        pieces = prose_pieces(path.read_text())
        parsed[rel] = (chapter, pieces, path.read_text().split("\n"))
        if not rel.startswith("chapters/"):
            continue
        for piece in pieces:
            for line, phrase in _definitions(piece):
                for term in book.terms:
                    if _defines(term, phrase):
                        definitions[term.name].append((rel, line))
                        key = (term.name, rel)
                        first_definition[key] = min(first_definition.get(key, line), line)

    def add(kind, rel, line, detail, term=None):
        text = parsed[rel][2][line - 1].strip()
        if term is not None and allowances.excuse(term, rel, text):
            return
        if selected is None or rel in selected:
            findings.append(Finding(kind, rel, line, text, detail))

    for rel, (chapter, pieces, _) in parsed.items():
        zone = _next_zone_start(pieces) if rel.startswith("chapters/") else len(pieces)
        intro_end = next(
            (k for k, p in enumerate(pieces) if p.kind == "heading" and p.level == 2),
            len(pieces),
        )
        for k, piece in enumerate(pieces):
            in_zone = k >= zone
            in_intro = k < intro_end
            plain = masked(piece.text, COMMENT)
            # (a) forward references
            if not in_zone:
                for start, target, shown in _references(plain, rel):
                    where = book.labels.get(target)
                    if where is not None and where > chapter:
                        add(
                            "forward reference",
                            rel,
                            piece.line_of(start),
                            f"{shown} points to chapter {where}; refer back, or move it "
                            "into the closing sentence after the Summary's Exercises paragraph",
                        )
            prose = masked(plain, ROLE_OR_CODE, LINK_TARGET)
            no_math = masked(prose, MATH_BLOCK, MATH_INLINE)
            # (b) forward phrases
            if not in_zone:
                for pattern in FORWARD_PHRASES:
                    for m in re.finditer(pattern, no_math, re.I):
                        add(
                            "forward phrase",
                            rel,
                            piece.line_of(m.start()),
                            f"{m.group()!r} points ahead; say it here, or refer back",
                        )
            # (c) used before defined
            if in_zone:
                continue
            for term in book.terms:
                if term.chapter < chapter:
                    continue
                if term.chapter == chapter:
                    if not rel.startswith("chapters/") or piece.kind == "heading" or in_intro:
                        continue
                    defined_at = first_definition.get((term.name, rel))
                else:
                    defined_at = None
                text = prose if term.math else no_math
                for pattern in term.uses:
                    for m in pattern.finditer(text):
                        line = piece.line_of(m.start())
                        if term.chapter == chapter and (defined_at is None or line >= defined_at):
                            continue
                        add(
                            "used before defined",
                            rel,
                            line,
                            f"{m.group()!r} is the term {term.name!r}, defined in chapter "
                            f"{term.chapter} ({term.file})"
                            + ("" if term.chapter > chapter else " further down"),
                            term=term.name,
                        )
    # (d) defined twice, (e) definition missing
    for term in book.terms:
        own = book.chapters[term.chapter - 1]
        for rel, line in definitions[term.name]:
            if rel != own:
                add(
                    "defined twice",
                    rel,
                    line,
                    f"{term.name!r} is defined in chapter {term.chapter} ({term.file}); "
                    "unbold the recap here",
                    term=term.name,
                )
        if own in parsed and not any(rel == own for rel, _ in definitions[term.name]):
            if selected is None or own in selected:
                findings.append(
                    Finding(
                        "definition missing",
                        term.file,
                        1,
                        term.name,
                        f"{own} never writes {term.name!r} in bold or as a definition-list term",
                    )
                )
    # (f) unregistered definitions
    for rel, (_, pieces, _) in parsed.items():
        if not rel.startswith("chapters/"):
            continue
        for piece in pieces:
            for line, phrase in _definitions(piece):
                if any(_defines(t, phrase) for t in book.terms):
                    continue
                if any(e.fullmatch(phrase) for e in book.emphasis):
                    continue
                add(
                    "unregistered definition",
                    rel,
                    line,
                    f"**{phrase}** is neither a term of terms/{Path(rel).stem}.yml nor in "
                    "terms/_emphasis.yml",
                )
    findings.sort(key=lambda f: (f.file, f.line, f.kind))
    result = _Findings(findings)
    result.allowances_used = len(allowances.used)
    return result


class _Findings(list):
    allowances_used: int = 0


# ----------------------------------------------------------------- Sphinx extension ----


def _warn_findings(app):
    from sphinx.util import logging

    if not (Path(app.srcdir) / "terms").is_dir():  # a book without a term registry
        return
    logger = logging.getLogger(__name__)
    for finding in check_book(app.srcdir):
        logger.warning(str(finding), type="ll_terms", subtype=finding.kind.replace(" ", "-"))


_SET_UP = set()


def setup(app):
    # Jupyter Book may load a local extension twice; connect once per application.
    if id(app) not in _SET_UP:
        _SET_UP.add(id(app))
        app.connect("builder-inited", _warn_findings)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

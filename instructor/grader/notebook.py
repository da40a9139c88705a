"""Read a submission: its code cells, and which exercises it answers.

Only the code is taken from a notebook: outputs, execution counts, tags (a cell tagged to
skip execution still runs) and attachments are ignored, so nothing a student's kernel
produced or wrote into the file can reach the grade.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from helpers.practice.checking import normalize_id

__all__ = ["Submission", "NotANotebook", "read_submission", "MAX_BYTES"]

MAX_BYTES = 20 * 2**20
SUFFIXES = (".ipynb", ".md")
_CHECK = re.compile(r"""\bcheck\(\s*(?P<q>['"])(?P<id>.*?)(?P=q)""")
_TITLE = re.compile(r"^#\s+(?:Exercises|Solutions)\s+(\d+)\b", flags=re.M)
_FILE = re.compile(r"^(?:ex|sol)(\d\d)_")


class NotANotebook(ValueError):
    """The file cannot be read as a notebook; the message says why."""


@dataclass
class Submission:
    cells: list  # [(index of the cell in the notebook, source)]
    kernel: str = ""
    check_ids: list = field(default_factory=list)  # as written in check("...") calls
    title_chapter: int | None = None
    file_chapter: int | None = None


def _source(cell) -> str:
    src = cell.get("source", "")
    if isinstance(src, list):
        src = "".join(s for s in src if isinstance(s, str))
    if not isinstance(src, str):
        raise NotANotebook("not a notebook: a cell's source is not text")
    return src


def _from_ipynb(text: str) -> tuple[list, str]:
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotANotebook(
            f"not a notebook: cannot read the .ipynb ({exc.msg} at line {exc.lineno})"
        ) from None
    if not isinstance(nb, dict):
        raise NotANotebook("not a notebook: the .ipynb is not a JSON object")
    if "worksheets" in nb and "cells" not in nb:  # nbformat 3
        import nbformat

        try:
            nb = nbformat.convert(nbformat.from_dict(nb), 4)
        except Exception as exc:  # noqa: BLE001
            raise NotANotebook(
                f"not a notebook: cannot convert the nbformat 3 file ({type(exc).__name__})"
            ) from None
    cells = nb.get("cells")
    if not isinstance(cells, list):
        raise NotANotebook("not a notebook: the .ipynb has no list of cells")
    out = []
    for cell in cells:
        if not isinstance(cell, dict):
            raise NotANotebook("not a notebook: a cell is not a JSON object")
        out.append((cell.get("cell_type"), _source(cell)))
    meta = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    spec = meta.get("kernelspec") if isinstance(meta.get("kernelspec"), dict) else {}
    return out, str(spec.get("name", ""))


def _from_myst(text: str) -> tuple[list, str]:
    import jupytext

    try:
        nb = jupytext.reads(text, fmt="md:myst")
    except Exception as exc:  # noqa: BLE001
        raise NotANotebook(
            f"not a notebook: cannot read the MyST file ({type(exc).__name__}: {str(exc)[:120]})"
        ) from None
    spec = nb.metadata.get("kernelspec", {}) or {}
    return [(c.cell_type, c.source) for c in nb.cells], str(spec.get("name", ""))


def _without_comments(source: str) -> str:
    try:
        tokens = [
            t
            for t in tokenize.generate_tokens(io.StringIO(source).readline)
            if t.type != tokenize.COMMENT
        ]
        return tokenize.untokenize(tokens)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))


def read_submission(path: Path) -> Submission:
    """Parse ``path``; raise :class:`NotANotebook` with a readable reason."""
    path = Path(path)
    if path.suffix not in SUFFIXES:
        raise NotANotebook(
            f"not a notebook: unsupported file type {path.suffix or '(none)'!r} "
            f"(the grader reads .ipynb and MyST .md)"
        )
    size = path.stat().st_size
    if size == 0:
        raise NotANotebook("not a notebook: the file is empty")
    if size > MAX_BYTES:
        raise NotANotebook(
            f"not a notebook: {size / 2**20:.0f} MB is over the {MAX_BYTES // 2**20} MB limit"
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise NotANotebook("not a notebook: the file is not UTF-8 text") from None
    cells, kernel = _from_ipynb(text) if path.suffix == ".ipynb" else _from_myst(text)
    code = [(i, src) for i, (kind, src) in enumerate(cells) if kind == "code"]
    if not code:
        raise NotANotebook("not a notebook: no code cells")
    ids = []
    for _, src in code:
        ids += [m.group("id") for m in _CHECK.finditer(_without_comments(src))]
    markdown = "\n".join(src for kind, src in cells if kind == "markdown")
    title = _TITLE.search(markdown)
    file_match = _FILE.match(path.name)
    return Submission(
        code,
        kernel,
        ids,
        int(title.group(1)) if title else None,
        int(file_match.group(1)) if file_match else None,
    )


def chapters_of(sub: Submission, known_chapters) -> tuple[list[int], list[str]]:
    """The chapters a submission is graded on, and notes on odd check ids."""
    notes, from_checks = [], []
    for raw in sub.check_ids:
        ex_id = normalize_id(raw)
        if ex_id is None:
            notes.append(f"check({raw!r}) names no exercise; ignored")
            continue
        chapter = int(ex_id.split(".")[0])
        if chapter not in known_chapters:
            notes.append(f"check({raw!r}) names no exercise; ignored")
            continue
        if raw != ex_id:
            notes.append(f"check({raw!r}) read as check({ex_id!r})")
        from_checks.append(chapter)
    for chapter in (sub.title_chapter, sub.file_chapter):
        if chapter in known_chapters:
            chosen = [chapter]
            break
    else:
        chosen = sorted(set(from_checks))
    odd = sorted(set(from_checks) - set(chosen))
    if odd:
        notes.append(
            f"check calls for chapter(s) {', '.join(map(str, odd))} ignored: this "
            f"notebook is graded as chapter {', '.join(map(str, chosen))}"
        )
    return chosen, notes

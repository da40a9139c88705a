"""Read a submission: its code cells, and which exercises it answers.

Only the code is taken from a notebook: outputs, execution counts, tags (a cell tagged to
skip execution still runs) and attachments are ignored, so nothing a student's kernel
produced or wrote into the file can reach the grade.

Reading is in two steps, so that no submission is parsed in the grader's own process:

* :func:`precheck` (in the grader): the file's type, size and whether it is a link, from
  its metadata only;
* :func:`parse` (in the sandboxed process of the submission, with its CPU and memory
  limits, before any of the student's code runs): the JSON or MyST text into plain data,
  which the grader checks field by field with :func:`Submission.from_parsed`.

This module imports nothing from ``instructor``: the grader's warm process loads it as a
file (a parser holds no secret).
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Submission",
    "NotANotebook",
    "precheck",
    "parse",
    "read_submission",
    "MAX_BYTES",
    "MAX_CODE_CELLS",
]

# A worked notebook is 10 to 40 kB; an .ipynb may carry images in its outputs.
MAX_BYTES = {".ipynb": 20 * 2**20, ".md": 2 * 2**20}
MAX_CODE_CELLS = 2000
MAX_IDS = 200  # check("...") calls kept
SUFFIXES = tuple(MAX_BYTES)
_CHECK = re.compile(r"""\bcheck\(\s*(?P<q>['"])(?P<id>[^'"\n]{0,100}?)(?P=q)""")
_TITLE = re.compile(r"^#\s+(?:Exercises|Solutions)\s+(\d{1,4})\b", flags=re.M)
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

    @classmethod
    def from_parsed(cls, data, name: str, max_bytes: int) -> Submission:
        """The submission described by :func:`parse`'s output, which came from a process
        that could have been compromised: every field is checked; ValueError if any is
        not what :func:`parse` writes."""
        if not isinstance(data, dict):
            raise ValueError("not a dict")
        cells, total, last = [], 0, -1
        raw = data.get("cells")
        if not isinstance(raw, list) or not 0 < len(raw) <= MAX_CODE_CELLS:
            raise ValueError("bad cells")
        for item in raw:
            if not (isinstance(item, list) and len(item) == 2):
                raise ValueError("bad cell")
            index, source = item
            if type(index) is not int or not last < index < 10**7 or type(source) is not str:
                raise ValueError("bad cell")
            total += len(source)
            last = index
            cells.append((index, source))
        if total > max_bytes:
            raise ValueError("cells larger than the file")
        kernel = data.get("kernel", "")
        ids = data.get("check_ids", [])
        title = data.get("title_chapter")
        if (
            type(kernel) is not str
            or len(kernel) > 200
            or not isinstance(ids, list)
            or len(ids) > MAX_IDS
            or any(type(i) is not str or len(i) > 100 for i in ids)
            or not (title is None or (type(title) is int and 0 <= title < 10**4))
        ):
            raise ValueError("bad metadata")
        m = _FILE.match(Path(name).name)
        return cls(cells, kernel, list(ids), title, int(m.group(1)) if m else None)


def precheck(path: Path) -> int:
    """The file's size; :class:`NotANotebook` if its type, size or kind rule it out."""
    path = Path(path)
    if path.is_symlink():  # it could point at another student's notebook
        raise NotANotebook("a symbolic link: not followed, not graded")
    if path.suffix not in SUFFIXES:
        raise NotANotebook(
            f"not a notebook: unsupported file type {path.suffix[:20] or '(none)'!r} "
            f"(the grader reads .ipynb and MyST .md)"
        )
    info = path.stat()
    if not path.is_file():
        raise NotANotebook("not a notebook: not a regular file")
    if info.st_size == 0:
        raise NotANotebook("not a notebook: the file is empty")
    limit = MAX_BYTES[path.suffix]
    if info.st_size > limit:
        raise NotANotebook(
            f"not a notebook: {info.st_size / 2**20:.1f} MB is over the "
            f"{limit // 2**20} MB limit for a {path.suffix} file"
        )
    return info.st_size


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
    except RecursionError:
        raise NotANotebook("not a notebook: the .ipynb is nested too deeply") from None
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
    except MemoryError:
        raise
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


def parse(suffix: str, data: bytes) -> dict:
    """The code cells and metadata of a notebook file's bytes, as plain data (the input of
    :meth:`Submission.from_parsed`); :class:`NotANotebook` with a readable reason."""
    if suffix not in SUFFIXES:
        raise NotANotebook(f"not a notebook: unsupported file type {suffix[:20]!r}")
    if len(data) > MAX_BYTES[suffix]:
        raise NotANotebook("not a notebook: the file is too large")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotANotebook("not a notebook: the file is not UTF-8 text") from None
    if suffix == ".md" and text.count("```") > 4 * MAX_CODE_CELLS:
        raise NotANotebook(f"not a notebook: more than {MAX_CODE_CELLS} code cells")
    cells, kernel = _from_ipynb(text) if suffix == ".ipynb" else _from_myst(text)
    code = [[i, src] for i, (kind, src) in enumerate(cells) if kind == "code"]
    if not code:
        raise NotANotebook("not a notebook: no code cells")
    if len(code) > MAX_CODE_CELLS:
        raise NotANotebook(f"not a notebook: more than {MAX_CODE_CELLS} code cells")
    ids = []
    for _, src in code:
        if "check(" in src:
            ids += [m.group("id") for m in _CHECK.finditer(_without_comments(src))]
    markdown = "\n".join(src for kind, src in cells if kind == "markdown")
    title = _TITLE.search(markdown)
    return {
        "cells": code,
        "kernel": kernel[:200],
        "check_ids": ids[:MAX_IDS],
        "title_chapter": int(title.group(1)) if title else None,
    }


def read_submission(path: Path) -> Submission:
    """Parse ``path`` in this process (for tools and tests on trusted files; the grader
    parses in the submission's sandbox); raise :class:`NotANotebook` with a reason."""
    path = Path(path)
    precheck(path)
    data = parse(path.suffix, path.read_bytes())
    return Submission.from_parsed(data, path.name, MAX_BYTES[path.suffix])


def chapters_of(sub: Submission, known_chapters) -> tuple[list[int], list[str]]:
    """The chapters a submission is graded on, and notes on odd check ids."""
    from helpers.practice.checking import normalize_id

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
    return chosen, notes[:20]

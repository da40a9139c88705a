"""The PDF of the book (``make pdf``: _build/pdf/book.pdf), read back: text with Poppler's
pdftotext (Debian's poppler-utils, which ``make browser-deps`` installs with Chromium; a
second the book, where pypdf takes ten), bookmarks and images with pypdf.

Each expectation comes from the built HTML book or the executed notebooks, never from the
code that printed the PDF (_ext/ll_pdf.py):

- every page of the table of contents is in it: its title (the ``<h1>`` of the built page)
  is a top-level bookmark, in reading order, and is in the text;
- a sample of the glued numbers of every chapter (first, middle and last) is in the text,
  each formatted from the executed notebook's glue record as the role in the chapter's
  source asks;
- no raw TeX: none of the delimiters MathJax leaves when it does not typeset, and none of
  the TeX commands the book's formulas use (those that no code cell uses); and the math
  is there, typeset: each symbol that only formulas use (∇, ∈, ∑, ≤, ...) is in the text
  at least as often as there are formulas using it;
- as many images as the built pages' articles have figures (``<img>``) and 3-D views
  (``<canvas>``), so every figure is in place and none is cut across two sheets;
- every animation and 3-D view carries its line saying where it moves, and every
  explorer still its note on where to run it.
"""

from __future__ import annotations

import ast
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browser_support import HTML, ROOT, built_pages, ensure_debian_packages

PDF = Path(os.environ.get("BOOK_PDF") or ROOT / "_build" / "pdf" / "book.pdf")
EXECUTED = ROOT / "_build" / "jupyter_execute"
PAGES = built_pages()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _article(page: str) -> str:
    text = (HTML / page).read_text()
    return re.search(r'<article class="bd-article"[^>]*>(.*?)</article>', text, re.S).group(1)


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


@pytest.fixture(scope="module")
def pdf():
    from pypdf import PdfReader

    if not PDF.exists():
        pytest.fail(f"no PDF at {PDF}: run `make pdf`")
    newest_page = max((HTML / p).stat().st_mtime for p in PAGES)
    if PDF.stat().st_mtime < newest_page:
        pytest.fail(f"{PDF} is older than the built pages: run `make pdf`")
    return PdfReader(PDF)


@pytest.fixture(scope="module")
def text(pdf) -> str:
    ensure_debian_packages({"pdftotext": "poppler-utils"})
    return subprocess.run(
        [shutil.which("pdftotext"), "-enc", "UTF-8", str(PDF), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_every_page_of_the_book_is_a_bookmark_in_order(pdf, text):
    titles = []
    for page in PAGES:
        h1 = re.search(r"<h1>(.*?)</h1>", _article(page), re.S)
        assert h1, f"{page}: no <h1> in the built page"
        titles.append(_plain(re.sub(r'<a class="headerlink".*?</a>', "", h1.group(1))))
    top = [item.title for item in pdf.outline if not isinstance(item, list)]
    assert top == titles, "top-level bookmarks should be the pages' titles in _toc.yml order"
    squashed = _squash(text)
    missing = [t for t in titles if _squash(t) not in squashed]
    assert missing == [], f"titles not in the PDF's text: {missing}"
    assert any(t.startswith("Exercises") for t in titles) and "References" in titles


GLUE_ROLE = re.compile(r"\{glue(?::(\w*))?\}`([^`]+)`")


def _glued_sample(chapter: Path) -> list[tuple[str, str]]:
    """(role, text the role shows) for the first, middle and last numeric glue role."""
    records = EXECUTED / "chapters" / f"{chapter.stem}.glue.json"
    if not records.exists():
        return []
    glued = json.loads(records.read_text())
    shown = []
    for kind, arg in GLUE_ROLE.findall(chapter.read_text()):
        key, _, spec = arg.partition(":")
        value = glued[key]["data"]["text/plain"]
        if kind == "text" and spec:
            value = format(ast.literal_eval(value), spec)
        if re.search(r"\d", value):
            shown.append((f"{{glue:{kind}}}`{arg}`", value))
    if not shown:
        return []
    return [shown[i] for i in sorted({0, len(shown) // 2, len(shown) - 1})]


def test_glued_numbers_are_in_the_pdf(text):
    squashed = _squash(text)
    chapters = [ROOT / p.replace(".html", ".md") for p in PAGES if p.startswith("chapters/")]
    sample = [(c.stem, role, value) for c in chapters for role, value in _glued_sample(c)]
    assert len(sample) >= 2 * len(chapters), f"too few glued numbers to check: {sample}"
    missing = [s for s in sample if _squash(s[2]) not in squashed]
    assert missing == [], f"glued values not in the PDF: {missing}"


# Symbols that MathJax draws for these commands; the test uses those that appear nowhere in
# the built pages outside formulas (code and prose included), so only typeset math makes them.
MATH_SYMBOLS = {
    r"\nabla": "∇",
    r"\in": "∈",
    r"\partial": "∂",
    r"\sum": "∑",
    r"\le": "≤",
    r"\leq": "≤",
    r"\ge": "≥",
    r"\geq": "≥",
    r"\approx": "≈",
    r"\infty": "∞",
    r"\lambda": "λ",
    r"\eta": "η",
    r"\beta": "β",
    r"\sqrt": "√",
}
MATH_ELEMENT = re.compile(r'<(span|div) class="math[^"]*">(.*?)</\1>', re.S)


def test_no_raw_tex(text):
    for delimiter in ["\\(", "\\)", "\\[", "\\]", "$$", "\\begin{", "\\end{"]:
        assert delimiter not in text, (
            f"raw TeX in the PDF: {delimiter!r} near "
            f"{text[max(0, text.find(delimiter) - 80) : text.find(delimiter) + 80]!r}"
        )
    math, code = set(), set()
    for page in PAGES:
        article = _article(page)
        for _, tex in MATH_ELEMENT.findall(article):
            math |= set(re.findall(r"\\[A-Za-z]+", html.unescape(tex)))
        for block in re.findall(r'<div class="highlight[^"]*"><pre>(.*?)</pre>', article, re.S):
            code |= set(re.findall(r"\\[A-Za-z]+", _plain(block)))
    commands = sorted(math - code)
    assert len(commands) >= 10, f"expected TeX commands in the book's formulas: {commands}"
    raw = [c for c in commands if re.search(re.escape(c) + r"(?![A-Za-z])", text)]
    assert raw == [], f"TeX commands of the formulas left raw in the PDF: {raw}"


def test_the_math_is_typeset(text):
    formulas_using: dict[str, int] = {}
    outside_math = ""
    for page in PAGES:
        article = _article(page)
        for _, tex in MATH_ELEMENT.findall(article):
            for command in set(re.findall(r"\\[A-Za-z]+", html.unescape(tex))):
                if command in MATH_SYMBOLS:
                    symbol = MATH_SYMBOLS[command]
                    formulas_using[symbol] = formulas_using.get(symbol, 0) + 1
        outside_math += _plain(MATH_ELEMENT.sub("", article))
    only_math = {s: n for s, n in formulas_using.items() if s not in outside_math}
    assert sum(only_math.values()) >= 30, f"too few formulas to check: {only_math}"
    short = {s: (text.count(s), n) for s, n in only_math.items() if text.count(s) < n}
    assert short == {}, f"symbols drawn fewer times than formulas use them (PDF, formulas): {short}"


def _images(resources, seen) -> list:
    """The image objects a page's resources draw, also inside its form XObjects."""
    found = []
    xobjects = resources.get("/XObject") if resources else None
    for ref in xobjects.get_object().values() if xobjects else []:
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            found.append(ref.idnum if hasattr(ref, "idnum") else id(obj))
        elif obj.get("/Subtype") == "/Form" and id(obj) not in seen:
            seen.add(id(obj))
            found += _images(obj.get("/Resources"), seen)
    return found


def _image_count(pdf) -> int:
    """Images drawn in the PDF. A figure pushed to the next sheet by break-inside: avoid
    can leave a clipped, invisible fragment on the sheet before, which still lists the
    image: an image listed by consecutive pages counts once."""
    n, before = 0, set()
    for page in pdf.pages:
        images = _images(page.get("/Resources"), set())
        n += sum(1 for i in images if i not in before)
        before = set(images)
    return n


def test_every_figure_is_in_place(pdf):
    in_html = sum(len(re.findall(r"<(?:img|canvas)\b", _article(p))) for p in PAGES)
    in_pdf = _image_count(pdf)
    assert in_html >= 40, f"only {in_html} figures in the built pages"
    assert in_pdf == in_html, (
        f"{in_pdf} images in the PDF, {in_html} figures and 3-D views in the built pages"
    )


def test_motion_is_a_still_with_a_line_saying_where_it_moves(text):
    articles = "".join(_article(p) for p in PAGES)
    squashed = _squash(text)
    for marker, line in [
        ('class="ll-anim"', "it plays step by step in the HTML book"),
        ('class="ll-terrain"', "in the HTML book you can turn it"),
        ('class="ll-explorer-static"', "(still picture; settings:"),
    ]:
        expected = articles.count(marker)
        assert expected >= 1, f"no {marker} in the built pages"
        assert squashed.count(_squash(line)) == expected, (
            f"{expected} {marker} in the book, but {squashed.count(_squash(line))} "
            f"lines '{line}' in the PDF"
        )

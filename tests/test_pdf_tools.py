"""The two pieces of _ext/ll_pdf.py that need no browser: joining built pages into one
document, and correcting the PDF's bookmark titles."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ll_pdf():
    spec = importlib.util.spec_from_file_location("ll_pdf", ROOT / "_ext" / "ll_pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _page(body: str) -> str:
    return (
        f'<html><head><title>T</title></head><body><nav><a href="x.html">nav</a></nav>'
        f'<article class="bd-article" role="main">{body}</article></body></html>'
    )


def test_join_pages_makes_ids_unique_and_links_internal(ll_pdf, tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "intro.html").write_text(
        _page(
            '<section id="intro"><h1>Intro</h1><section id="summary"><h2>Summary</h2>'
            '<a href="chapters/one.html#summary">one</a> <a href="#summary">here</a>'
            "</section></section>"
        )
    )
    (tmp_path / "chapters" / "one.html").write_text(
        _page(
            '<section id="one"><h1>One</h1><section id="summary"><h2>Summary</h2>'
            '<img src="../_images/fig.png" alt="a figure"><a href="../intro.html">back</a>'
            '<a href="#summary">here</a><svg><g clip-path="url(#summary)"></g></svg>'
            '<a href="https://doi.org/10.1/x">doi</a></section></section>'
        )
    )
    doc = ll_pdf.join_pages(tmp_path, ["intro.html", "chapters/one.html"])
    assert doc.count('id="summary"') == 1, "a repeated id is renamed on the second page"
    renamed = "page-chapters-one--summary"
    assert f'id="{renamed}"' in doc
    assert f'<a href="#{renamed}">one</a>' in doc, "a link to another page's section"
    assert '<a href="#summary">here</a>' in doc, "the first page keeps its own ids"
    assert f'<a href="#{renamed}">here</a>' in doc and f"url(#{renamed})" in doc
    assert '<a href="#page-intro">back</a>' in doc, "a link to a page goes to its start"
    assert 'src="_images/fig.png"' in doc, "image paths are relative to the book's root"
    assert 'href="https://doi.org/10.1/x"' in doc and "nav" not in doc
    assert doc.index('id="page-intro"') < doc.index('id="page-chapters-one"')


def test_join_pages_refuses_a_page_with_no_article(ll_pdf, tmp_path):
    (tmp_path / "intro.html").write_text("<html><body><p>no article</p></body></html>")
    with pytest.raises(SystemExit, match="no <article"):
        ll_pdf.join_pages(tmp_path, ["intro.html"])


def test_fix_outline_rewrites_only_garbled_titles(ll_pdf):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(200, 200)
    writer.add_metadata({"/Title": "A book"})
    top = writer.add_outline_item(title="Loss Landscapes: thegeometry", page_number=0)
    writer.add_outline_item(title="1.1. 1.1. A sectionA section", page_number=1, parent=top)
    writer.add_outline_item(title="Fine as it is", page_number=2)
    buf = io.BytesIO()
    writer.write(buf)
    headings = [
        "Loss Landscapes: the geometry",
        "An unlisted heading",
        "1.1. A section",
        "Fine as it is",
    ]
    data, fixed = ll_pdf.fix_outline(buf.getvalue(), headings, author="The authors")
    assert fixed == 2
    assert data.startswith(buf.getvalue()), "an incremental update: the original bytes stay"
    reader = PdfReader(io.BytesIO(data))
    titles = [reader.outline[0].title, reader.outline[1][0].title, reader.outline[2].title]
    assert titles == ["Loss Landscapes: the geometry", "1.1. A section", "Fine as it is"]
    assert reader.metadata.author == "The authors" and reader.metadata.title == "A book"
    assert len(reader.pages) == 3

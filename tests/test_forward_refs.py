"""Each chapter stands on the ones before it (issue 15).

``_ext/ll_terms.py`` reads the chapters, the solutions and the term registry in ``terms/``
and reports every forward reference, forward phrase, term used before its defining
chapter, term defined twice, registered term never defined and unregistered definition.
This test fails on any of them, one parametrized case per chapter. The same module runs as
a Sphinx extension, so the book build fails too.

When it fails, define the term (in bold) in or before the paragraph that uses it and
register it in that chapter's ``terms/NN_*.yml``; or rewrite the sentence; or move the
pointer into the closing sentence after the Summary's **Exercises.** paragraph. An
``allow:`` entry with a reason is the last resort.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))

import ll_prose  # noqa: E402
import ll_terms  # noqa: E402

BOOK = ll_terms.load_book(ROOT)
FINDINGS = ll_terms.check_book(ROOT)


def _sources():
    solutions = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "solutions").glob("*.md"))
    return BOOK.chapters + solutions + ["terms/"]


@pytest.mark.parametrize("source", _sources())
def test_no_forward_references_or_undefined_terms(source):
    found = [
        f
        for f in FINDINGS
        if f.file == source or (source == "terms/" and f.file.startswith("terms/"))
    ]
    assert not found, (
        f"{len(found)} finding(s) in {source}; define before use, refer back, or move the "
        "pointer into the closing sentence (see _ext/ll_terms.py):\n"
        + "\n".join(str(f) for f in found)
    )


def test_the_registry_is_not_empty_and_reports_its_allowances():
    chapters_with_terms = {t.chapter for t in BOOK.terms}
    assert chapters_with_terms == set(range(1, len(BOOK.chapters) + 1)), (
        "every chapter registers the terms it defines in terms/NN_*.yml; missing: "
        f"{sorted(set(range(1, len(BOOK.chapters) + 1)) - chapters_with_terms)}"
    )
    allowed = sum(len(t.allow) for t in BOOK.terms)
    print(
        f"{len(BOOK.terms)} terms registered; {FINDINGS.allowances_used} of {allowed} allow entries used"
    )
    assert FINDINGS.allowances_used == allowed, (
        "an allow entry that excuses nothing is stale: remove it"
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_the_check_finds_each_kind_once(tmp_path):
    """A three-chapter book with one case of each kind, and one allowed closing reference."""
    _write(
        tmp_path / "_toc.yml",
        "format: jb-book\nroot: intro\nparts:\n  - caption: Chapters\n    chapters:\n"
        "      - file: chapters/01_a\n      - file: chapters/02_b\n      - file: chapters/03_c\n",
    )
    header = "---\njupytext: {}\n---\n"
    _write(
        tmp_path / "chapters/01_a.md",
        header + "(ch-a)=\n# A\n\nThe **alpha** is first. It is not the gamma of {ref}`ch-c`.\n\n"
        "## Summary\n\n- Alpha.\n\n**Exercises.** None.\n\n"
        "Next, {ref}`ch-b` takes beta, which the next chapter defines.\n",
    )
    _write(
        tmp_path / "chapters/02_b.md",
        header
        + "(ch-b)=\n# B\n\nIntro.\n\n## Beta\n\nThe beta is used here, and in the following chapters too.\n\n"
        "The **beta** is defined only now, with a **stray phrase** and a **alpha** again.\n\n"
        "```{code-cell} ipython3\n---\nmystnb:\n  image:\n    alt: the beta curve\n"
        "---\nx = 'gamma, **not prose**'\n```\n",
    )
    _write(
        tmp_path / "chapters/03_c.md",
        header + "(ch-c)=\n# C\n\nGamma is the topic, but nothing defines it.\n\n"
        "A formula $\\kappa$ is not a use unless the term asks for math.\n",
    )
    _write(tmp_path / "terms/01_a.yml", "alpha: {}\n")
    _write(tmp_path / "terms/02_b.yml", "beta: {}\n")
    _write(tmp_path / "terms/03_c.yml", "gamma: {}\n")
    _write(tmp_path / "terms/_emphasis.yml", "- Exercises.\n")
    found = ll_terms.check_book(tmp_path)
    got = sorted((f.kind, f.file, f.line) for f in found)
    assert got == sorted(
        [
            ("forward reference", "chapters/01_a.md", 7),
            ("used before defined", "chapters/01_a.md", 7),
            ("used before defined", "chapters/02_b.md", 11),
            ("forward phrase", "chapters/02_b.md", 11),
            ("unregistered definition", "chapters/02_b.md", 13),
            ("defined twice", "chapters/02_b.md", 13),
            ("definition missing", "terms/03_c.yml", 1),
        ]
    ), "\n".join(str(f) for f in found)


def test_an_allow_entry_excuses_one_line_and_is_counted(tmp_path):
    _write(
        tmp_path / "_toc.yml",
        "parts:\n  - caption: Chapters\n    chapters:\n      - file: chapters/01_a\n"
        "      - file: chapters/02_b\n",
    )
    _write(tmp_path / "chapters/01_a.md", "# A\n\n## S\n\nBeta here.\n\nBeta there.\n")
    _write(tmp_path / "chapters/02_b.md", "# B\n\n## S\n\nThe **beta**.\n")
    _write(
        tmp_path / "terms/02_b.yml",
        "beta:\n  allow:\n    - {file: chapters/01_a.md, contains: 'Beta here', reason: test}\n",
    )
    found = ll_terms.check_book(tmp_path)
    assert [(f.kind, f.line) for f in found] == [("used before defined", 7)]
    assert found.allowances_used == 1


def test_prose_pieces_keep_their_lines():
    text = (
        "---\nfront: matter\n---\n(ch-x)=\n# Title\n\nFirst paragraph\nwraps here.\n\n"
        "<!-- a comment\nover lines -->\n```{code-cell} ipython3\n---\nmystnb:\n  image:\n"
        "    alt: the alt\n  figure:\n    caption: the caption\n---\nx = 1\n```\n\n"
        "```{note}\n:class: tip\nInside a note.\n```\n- a list item\n"
    )
    pieces = [(p.line, p.kind, p.text) for p in ll_prose.prose_pieces(text)]
    assert pieces == [
        (5, "heading", "Title"),
        (7, "prose", "First paragraph\nwraps here."),
        (16, "alt text", "the alt"),
        (18, "caption", "the caption"),
        (25, "prose", "Inside a note."),
        (27, "prose", "- a list item"),
    ]

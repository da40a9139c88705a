"""The built book reads offline: it loads no script, style, font or image from the network.

Two checks (see _ext/ll_offline.py for what the build does about it):

- **Static**: no built HTML page names an outside script, stylesheet, font, image or
  frame (``src``/``href`` of the elements that load them, inline ``<style>`` and
  ``style=``, URLs of scripts, styles or fonts inside inline scripts), and no stylesheet
  the pages load imports one or takes a font or image from an outside URL.
- **In Chromium with the network blocked** (no host name resolves, every request other
  than to 127.0.0.1 goes to a dead proxy), every page of the book: every request it makes
  is to the local server and succeeds, no JavaScript error, and every formula typesets in
  MathJax 3 with no error or unknown macro. A first test proves the block holds.
"""

from __future__ import annotations

import re

import pytest
from browser_support import (
    HTML,
    OFFLINE_FLAGS,
    TYPESET_JS,
    built_pages,
    chrome,
    load,
    requests_made,
)

PAGES = built_pages()
EXTRA_PAGES = ["genindex.html", "search.html", "index.html"]
ALL_HTML = sorted(
    p.relative_to(HTML).as_posix()
    for p in HTML.rglob("*.html")
    if "_static" not in p.parts and "_sources" not in p.parts
)

OUTSIDE = r"(?:https?:)?//"
# Elements that load something when the page opens (links a reader follows are fine).
LOADING_TAGS = re.compile(
    rf"<(script|img|iframe|source|video|audio|embed|object|input)\b[^>]*?\s(?:src|data)="
    rf"[\"']{OUTSIDE}[^\"']*",
    re.I,
)
LOADING_LINKS = re.compile(r"<link\b[^>]*>", re.I)
LOADED_RELS = {
    "stylesheet",
    "preload",
    "modulepreload",
    "prefetch",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "manifest",
}
ASSET_URL = re.compile(rf"{OUTSIDE}[^\s\"'()]+\.(?:m?js|css|woff2?|ttf|otf|eot)\b", re.I)
CSS_OUTSIDE = re.compile(
    rf"(?:@import\s+(?:url\()?\s*[\"']?{OUTSIDE}|url\(\s*[\"']?{OUTSIDE})", re.I
)


def _outside_loads(text: str) -> list[str]:
    found = [m.group(0)[:120] for m in LOADING_TAGS.finditer(text)]
    for tag in LOADING_LINKS.findall(text):
        rel = re.search(r"rel=[\"']([^\"']+)", tag, re.I)
        href = re.search(r"href=[\"']([^\"']+)", tag, re.I)
        if (
            rel
            and href
            and set(rel.group(1).lower().split()) & LOADED_RELS
            and re.match(OUTSIDE, href.group(1))
        ):
            found.append(tag[:120])
    for body in re.findall(r"<script\b[^>]*>(.*?)</script>", text, re.S | re.I):
        found += [f"inline script: {u}" for u in ASSET_URL.findall(body)]
    for css in re.findall(r"<style\b[^>]*>(.*?)</style>", text, re.S | re.I) + re.findall(
        r"\sstyle=\"([^\"]*)\"", text, re.I
    ):
        found += [f"inline style: {m.group(0)}" for m in CSS_OUTSIDE.finditer(css)]
    return found


def test_the_scanner_finds_outside_loads():
    """The static check is real: each way a page can pull a file from outside is caught."""
    page = """<link rel="stylesheet" href="https://cdn.example.org/a.css">
      <script defer src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>
      <script>const THEBE_JS_URL = "https://unpkg.com/thebe@0.8.2/lib/index.js"</script>
      <img alt="x" src="//example.org/x.png"><style>@import url("https://f.example/x.css");</style>
      <div style="background: url(https://example.org/bg.png)"></div>
      <a href="https://doi.org/10.1/x">a link a reader follows</a>
      <link rel="canonical" href="https://example.org/page.html">"""
    assert len(_outside_loads(page)) == 6
    assert _outside_loads('<script src="_static/x.js"></script><a href="https://x.org">') == []


def test_no_page_names_an_outside_script_style_or_font():
    assert len(ALL_HTML) >= len(PAGES) >= 9, f"no built book at {HTML}"
    bad = {}
    stylesheets = set()
    for page in ALL_HTML:
        text = (HTML / page).read_text()
        if found := _outside_loads(text):
            bad[page] = found
        for href in re.findall(r"<link\b[^>]*rel=\"stylesheet\"[^>]*href=\"([^\"?#]+)", text):
            stylesheets.add((HTML / page).parent.joinpath(href).resolve())
    assert bad == {}, f"pages that load something from the network: {bad}"
    assert stylesheets, "found no stylesheets: the scan is not reading the pages"
    # Stylesheets can import others and name fonts; follow them.
    seen, todo = set(), list(stylesheets)
    while todo:
        css = todo.pop()
        if css in seen or not css.is_file():
            continue
        seen.add(css)
        text = css.read_text(errors="replace")
        if found := [m.group(0) for m in CSS_OUTSIDE.finditer(text)]:
            bad[str(css.relative_to(HTML))] = found
        todo += [
            css.parent.joinpath(u).resolve()
            for u in re.findall(r"@import\s+(?:url\()?[\"']?([^\"')\s]+\.css)", text)
        ]
    assert bad == {}, f"stylesheets that load something from the network: {bad}"


def test_mathjax_is_part_of_the_build():
    pages = [p for p in PAGES if 'class="math' in (HTML / p).read_text()]
    assert len(pages) >= 8, "expected math on every chapter page"
    for page in pages:
        src = re.findall(r"<script[^>]+src=\"([^\"]*mathjax[^\"]*)\"", (HTML / page).read_text())
        assert src and all(not re.match(OUTSIDE, s) for s in src), (page, src)
        assert (HTML / page).parent.joinpath(src[0].split("?")[0]).resolve().is_file(), src
    fonts = list((HTML / "_static" / "mathjax" / "output" / "chtml" / "fonts").rglob("*.woff"))
    assert len(fonts) >= 20, "MathJax's TeX fonts are missing from _static/mathjax"


@pytest.fixture(scope="module")
def offline_driver():
    drv = chrome(OFFLINE_FLAGS, performance_log=True)
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def server(book_server):
    return book_server


def test_the_network_is_really_blocked(offline_driver, server):
    """Without this the offline test could pass on a machine that is online."""
    load(offline_driver, f"{server}/intro.html")
    result = offline_driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const s = document.createElement('script');
        s.src = 'https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js';
        s.onload = () => done('loaded'); s.onerror = () => done('blocked');
        document.head.appendChild(s);""")
    assert result == "blocked"
    outside = [r for r in requests_made(offline_driver) if not r["url"].startswith(server)]
    assert outside and all(r["failed"] for r in outside), outside


@pytest.mark.parametrize("page", PAGES + EXTRA_PAGES)
def test_page_works_with_the_network_blocked(offline_driver, server, page):
    offline_driver.get_log("browser")
    requests_made(offline_driver)  # drop earlier pages' requests
    load(offline_driver, f"{server}/{page}")
    has_math = 'class="math' in (HTML / page).read_text()
    report = offline_driver.execute_async_script(TYPESET_JS)
    if has_math:
        assert "error" not in report, f"{page}: {report}"
        assert report["n"] > 0 and report["untypeset"] == [], (
            f"{page}: formulas left as TeX: {report.get('untypeset')}"
        )
        assert report["bad"] == [], (
            f"{page}: formulas with errors or unknown macros: {report['bad']}"
        )
        assert report["typeset"] >= report["n"]
    if page.startswith("chapters/"):
        assert has_math, f"{page}: expected math on a chapter page"
    reqs = requests_made(offline_driver)
    assert any(r["url"].startswith(f"{server}/{page}") for r in reqs), (
        "the request log is empty: the check below would see nothing"
    )
    outside = [r["url"][:120] for r in reqs if not r["url"].startswith((server, "data:", "blob:"))]
    assert outside == [], f"{page} asked the network for {outside}"
    failed = [
        (r["url"][:120], r["failed"] or r["status"])
        for r in reqs
        if r["failed"] or (r["status"] or 200) >= 400
    ]
    assert failed == [], f"{page}: requests that failed: {failed}"
    errors = [e["message"] for e in offline_driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], f"{page}: JavaScript errors offline: {errors}"

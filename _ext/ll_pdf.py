"""The book as one PDF, printed by headless Chromium from the built HTML.

Two parts:

- **Sphinx extension** (in _config.yml): adds ``static/ll-print.css`` to every page, so a
  reader who prints a page from the browser gets the text, figures and outputs without
  the navigation, code that wraps instead of running off the paper, figures kept whole,
  and each animation or 3-D view as its still frame with a line saying where it moves.
- **Command** (``make pdf``, after ``make build``)::

      python _ext/ll_pdf.py [_build/html] [_build/pdf/book.pdf]

  joins the pages of the built book in the order of ``_toc.yml`` into one document
  (each page's article, its ids made unique and its links between pages turned into
  links inside the document), serves it with the build's styles and MathJax on
  127.0.0.1, and prints it with Chromium's own PDF printer once every formula has
  typeset and every image has decoded: A4, page numbers, bookmarks from the headings
  (their titles corrected, see ``fix_outline``), a tagged PDF for screen readers. It
  refuses to print if a formula did not typeset or an image did not load. Nothing is
  fetched from the network (the browser runs with it blocked).

Why this route: the browser tests already need Debian's chromium and chromium-driver,
and the PDF then shows what the HTML book shows, MathJax's typesetting included, with
no second toolchain. The LaTeX route needs a TeX installation of a few hundred MB
(xelatex for the book's Unicode: β, η, ‖w‖, ...), its own figure handling, and still
shows the animations and explorers as their Python reprs. Joining the built pages,
rather than a ``singlehtml`` build, keeps each chapter's title at the top level (a
singlehtml build nests every chapter inside the last section of the introduction)
and needs no second Sphinx run.
"""

from __future__ import annotations

import base64
import functools
import html
import http.server
import posixpath
import re
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PRINT_PAGE = "ll-print-book.html"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--window-size=1280,900",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=127.0.0.1",
]


# -- Sphinx extension --------------------------------------------------------------------
def setup(app):
    app.setup_extension("ll_static")  # _ext/static, where ll-print.css lives
    app.add_css_file("ll-print.css", media="print")
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# -- joining the pages -------------------------------------------------------------------
def toc_pages(book_root: Path) -> list[str]:
    """The pages of _toc.yml in reading order, as paths of built .html files."""
    lines = (book_root / "_toc.yml").read_text().splitlines()
    root = next(l.split(":", 1)[1].strip() for l in lines if l.startswith("root:"))
    files = [m.group(1) for l in lines if (m := re.match(r"\s*-\s*file:\s*(\S+)", l))]
    return [f"{p}.html" for p in [root] + files]


def _article(text: str, page: str) -> str:
    m = re.search(r'<article class="bd-article"[^>]*>(.*?)</article>', text, re.S)
    if not m:
        raise SystemExit(f'{page}: no <article class="bd-article"> (not a Jupyter Book page?)')
    return m.group(1)


def _anchor(page: str) -> str:
    return "page-" + re.sub(r"[^A-Za-z0-9_-]", "-", page.removesuffix(".html"))


def join_pages(html_dir: Path, pages: list[str]) -> str:
    """One HTML document with every page's article, its URLs relative to ``html_dir``."""
    articles = {p: _article((html_dir / p).read_text(), p) for p in pages}
    # Ids used by more than one page are renamed on every page but the first.
    owner: dict[str, str] = {}
    renamed: dict[str, dict[str, str]] = {p: {} for p in pages}
    for p in pages:
        for i in dict.fromkeys(re.findall(r'\sid="([^"]+)"', articles[p])):
            if i in owner:
                renamed[p][i] = f"{_anchor(p)}--{i}"
            else:
                owner[i] = p

    def target_id(page: str, frag: str) -> str:
        return renamed[page].get(frag, frag) if frag else _anchor(page)

    parts = []
    for p in pages:
        names = renamed[p]
        here = posixpath.dirname(p)

        def url(m, p=p, here=here, names=names):
            attr, value = m.group(1), html.unescape(m.group(2))
            if attr == "id":
                return f' id="{html.escape(names.get(value, value))}"'
            if value.startswith("#"):
                return f' {attr}="#{html.escape(target_id(p, value[1:]))}"'
            if re.match(r"^[a-z][a-z0-9+.-]*:|^/", value):  # http:, data:, mailto:, /abs
                return m.group(0)
            path, _, frag = value.partition("#")
            path = posixpath.normpath(posixpath.join(here, path.split("?")[0]))
            if path in articles:
                return f' {attr}="#{html.escape(target_id(path, frag))}"'
            return f' {attr}="{html.escape(path + ("#" + frag if frag else ""))}"'

        body = re.sub(r'\s(id|href|src)="([^"]*)"', url, articles[p])
        # SVG references (clip paths of the animations) follow renamed ids.
        body = re.sub(
            r"url\(#([^)]+)\)",
            lambda m: f"url(#{names.get(m.group(1), m.group(1))})",  # noqa: B023 (used at once)
            body,
        )
        parts.append(f'<section class="ll-print-page" id="{_anchor(p)}">{body}</section>')
    return "\n".join(parts)


def print_document(html_dir: Path, pages: list[str]) -> str:
    first = (html_dir / pages[0]).read_text()
    title = re.search(r"<title>(.*?)</title>", first, re.S).group(1).split(" &#8212; ")[-1]
    head = re.search(r"<head>(.*?)</head>", first, re.S).group(1)
    styles = re.findall(r'<link\b[^>]*rel="stylesheet"[^>]*>', head)
    mathjax_config = re.findall(r"<script>window\.MathJax = .*?</script>", head)
    mathjax = "../_static/mathjax/tex-mml-chtml.js"
    for page in pages:
        if m := re.search(r'<script[^>]+src="([^"]*mathjax[^"]*)"', (html_dir / page).read_text()):
            mathjax = posixpath.normpath(posixpath.join(posixpath.dirname(page), m.group(1)))
            break
    return f"""<!DOCTYPE html>
<html lang="en" data-theme="light" data-mode="light">
<head><meta charset="utf-8"><title>{title}</title>
{"".join(styles)}
<style>
  .ll-print-page {{ break-before: page; }}
  /* The theme hides a page's first h1 in print (it prints its own title block instead). */
  .bd-main .bd-content .bd-article .ll-print-page h1 {{ display: block !important; }}
  .ll-print-page:first-child {{ break-before: auto; }}
  body {{ background: #fff; }}
  .bd-article {{ padding: 0 !important; }}
</style>
{"".join(mathjax_config)}
<script defer src="{mathjax}"></script>
</head>
<body><main class="bd-main"><div class="bd-content"><article class="bd-article">
{join_pages(html_dir, pages)}
</article></div></main></body></html>"""


# -- printing ----------------------------------------------------------------------------
class _Handler(http.server.SimpleHTTPRequestHandler):
    document = b""

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.split("?")[0] == f"/{PRINT_PAGE}":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(self.document)))
            self.end_headers()
            self.wfile.write(self.document)
        else:
            super().do_GET()


_READY = """
const done = arguments[arguments.length - 1];
const imgs = Array.from(document.images);
imgs.forEach(i => { i.loading = 'eager'; });
const math = (window.MathJax && MathJax.startup && MathJax.startup.promise) || null;
Promise.all([math ? math.then(() => 'ok') : Promise.resolve('no MathJax'),
             ...imgs.map(i => i.decode().catch(() => null))]).then(([m]) => {
  const bad = math ? Array.from(MathJax.startup.document.math).filter(
      x => /<merror|mathcolor="red"/.test(MathJax.startup.toMML(x.root))).map(x => x.math) : [];
  done({mathjax: m, bad: bad.slice(0, 5),
        untypeset: document.querySelectorAll('span.math:not(:has(mjx-container)),' +
                                             'div.math:not(:has(mjx-container))').length,
        broken: imgs.filter(i => !(i.complete && i.naturalWidth > 0))
                    .map(i => i.src.slice(0, 100))});
}).catch(e => done({error: String(e)}));
"""


_HEADINGS = """
return Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
  .filter(h => h.getClientRects().length)
  .map(h => { const c = h.cloneNode(true);
              c.querySelectorAll('.headerlink').forEach(a => a.remove());
              return c.textContent.replace(/\\s+/g, ' ').trim(); });
"""


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def fix_outline(data: bytes, headings: list[str], author: str = "") -> tuple[bytes, int]:
    """Give the PDF's bookmarks the headings' own text; returns (pdf, titles fixed).

    Chromium names a bookmark after the heading's laid-out lines: it drops the space
    where a heading wraps and repeats a heading that was laid out twice at a page break
    ("3.6. 3.6. Finding ...Finding ..."). Each bookmark is matched, in order, to the next
    heading whose text it contains (spaces ignored); only those titles are rewritten, as
    an incremental update appended to the file (pypdf reads the outline; parsing the
    whole tagged PDF would take half a minute). ``author`` goes into the document info.
    """
    import io

    from pypdf import PdfReader
    from pypdf.generic import NameObject, TextStringObject

    reader = PdfReader(io.BytesIO(data))
    trailer = reader.trailer
    root = trailer["/Root"]
    items = []

    def walk(ref):
        while ref is not None:
            obj = ref.get_object()
            items.append((ref, obj))
            walk(obj.raw_get("/First") if "/First" in obj else None)
            ref = obj.raw_get("/Next") if "/Next" in obj else None

    if "/Outlines" in root and "/First" in root["/Outlines"]:
        walk(root["/Outlines"].raw_get("/First"))
    changed, k = [], 0
    for ref, obj in items:
        title = str(obj.get("/Title", ""))
        for j in range(k, min(k + 8, len(headings))):
            if _squash(headings[j]) and _squash(headings[j]) in _squash(title):
                k = j + 1
                if title != headings[j]:
                    obj[NameObject("/Title")] = TextStringObject(headings[j])
                    changed.append((ref, obj))
                break
    fixed = len(changed)
    if author and "/Info" in trailer:
        ref = trailer.raw_get("/Info")
        info = ref.get_object()
        info[NameObject("/Author")] = TextStringObject(author)
        changed.append((ref, info))
    if not changed:
        return data, 0
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = []
    for ref, obj in changed:
        offsets.append((ref.idnum, ref.generation, len(out)))
        buf = io.BytesIO()
        obj.write_to_stream(buf)
        out += f"{ref.idnum} {ref.generation} obj\n".encode() + buf.getvalue() + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n" + b"".join(
        f"{i} 1\n{off:010d} {g:05d} n\r\n".encode() for i, g, off in sorted(offsets)
    )
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    root_ref, info_ref = trailer.raw_get("/Root"), trailer.raw_get("/Info")
    out += (
        f"trailer\n<</Size {trailer['/Size']} /Root {root_ref.idnum} {root_ref.generation} R"
        f" /Info {info_ref.idnum} {info_ref.generation} R /Prev {prev}>>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out), fixed


def print_pdf(html_dir: Path, out: Path, pages: list[str], author: str = "") -> dict:
    """Print the joined pages to ``out``; returns what was printed (pages, seconds)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        raise SystemExit(
            "the PDF is printed by Debian's chromium and chromium-driver: "
            "run `make browser-deps` (apt-get install chromium chromium-driver)"
        )
    start = time.perf_counter()
    handler = type("Handler", (_Handler,), {"document": print_document(html_dir, pages).encode()})
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(html_dir))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in CHROME_FLAGS:
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    try:
        driver.set_page_load_timeout(120)
        driver.set_script_timeout(300)
        driver.get(f"http://127.0.0.1:{httpd.server_address[1]}/{PRINT_PAGE}")
        state = driver.execute_async_script(_READY)
        problems = []
        if state.get("error") or state["mathjax"] != "ok":
            problems.append(f"MathJax did not run: {state}")
        elif state["untypeset"] or state["bad"]:
            problems.append(
                f"{state['untypeset']} formulas not typeset; with errors: {state['bad']}"
            )
        if state.get("broken"):
            problems.append(f"images that did not load: {state['broken']}")
        if problems:  # a PDF with raw TeX or empty figures is no PDF of the book
            raise SystemExit("not printing the PDF: " + "; ".join(problems))
        title = html.escape(driver.title)
        headings = driver.execute_script(_HEADINGS)
        pdf = driver.execute_cdp_cmd(
            "Page.printToPDF",
            {
                "printBackground": True,
                "preferCSSPageSize": True,
                "displayHeaderFooter": True,
                "headerTemplate": "<span></span>",
                "footerTemplate": (
                    '<div style="font-size:8px;width:100%;padding:0 15mm;'
                    'display:flex;justify-content:space-between;color:#444">'
                    f'<span>{title}</span><span><span class="pageNumber"></span>'
                    ' / <span class="totalPages"></span></span></div>'
                ),
                "generateDocumentOutline": True,
                "generateTaggedPDF": True,
            },
        )
    finally:
        driver.quit()
        httpd.shutdown()
        httpd.server_close()
    data, fixed = fix_outline(base64.b64decode(pdf["data"]), headings, author)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return {"pages": len(pages), "seconds": time.perf_counter() - start, "bookmarks_fixed": fixed}


def main(argv: list[str]) -> None:
    html_dir = Path(argv[0] if argv else "_build/html").resolve()
    out = Path(argv[1] if len(argv) > 1 else "_build/pdf/book.pdf").resolve()
    book_root = HERE.parent
    if not (html_dir / "intro.html").exists() and not list(html_dir.glob("*.html")):
        raise SystemExit(f"no built book in {html_dir}: run `make build` first")
    pages = [p for p in toc_pages(book_root) if (html_dir / p).exists()]
    author = next(
        (
            l.split(":", 1)[1].strip().strip('"')
            for l in (book_root / "_config.yml").read_text().splitlines()
            if l.startswith("author:")
        ),
        "",
    )
    done = print_pdf(html_dir, out, pages, author)
    print(
        f"{out}: {done['pages']} pages of the book, {out.stat().st_size / 1e6:.1f} MB, "
        f"printed in {done['seconds']:.1f} s"
    )


if __name__ == "__main__":
    main(sys.argv[1:])

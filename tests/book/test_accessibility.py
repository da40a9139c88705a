"""Every page of the built book passes axe-core's WCAG 2.1 A and AA rules with no critical
or serious violation.

axe-core is Deque's accessibility engine, the one browser tools and CI services run. It
comes from its npm package, pinned in the Makefile (``make axe`` unpacks it into
``.venv/share/axe-core``; ``make test`` does it before the book tests), so nothing is
downloaded at test time. Each page is checked as a reader gets it: in headless Chromium
at 1280 px, after MathJax has typeset the formulas, in the theme's light mode, and the
first chapter again in dark mode. Moderate and minor findings are printed (``-s``).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from browser_support import (
    HTML,
    OFFLINE_FLAGS,
    WAIT_FOR_MATHJAX_JS,
    built_pages,
    chrome,
    load,
    serve,
)

AXE = Path(os.environ.get("AXE_JS") or Path(sys.prefix) / "share" / "axe-core" / "axe.min.js")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"critical", "serious"}
PAGES = built_pages() + ["genindex.html", "search.html"]

RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]},
                   resultTypes: ['violations']})
  .then(r => done({version: axe.version, violations: r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary,
                                html: n.html.slice(0, 160)}))}))}))
  .catch(e => done({error: String(e)}));
"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(
            f"axe-core is not unpacked at {AXE}: run `make axe` (npm pack of the "
            "pinned axe-core package), or set AXE_JS to an axe.min.js"
        )
    return AXE.read_text()


@pytest.fixture(scope="module")
def driver():
    drv = chrome(OFFLINE_FLAGS)
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def server(book_server):
    return book_server


def audit(driver, axe_source: str, url: str, mode: str | None = None) -> dict:
    load(driver, url)
    if mode:
        driver.execute_script(
            "document.documentElement.dataset.mode = arguments[0];"
            "document.documentElement.dataset.theme = arguments[0];",
            mode,
        )
    assert driver.execute_async_script(WAIT_FOR_MATHJAX_JS) in (True, False)
    driver.execute_script(axe_source)
    report = driver.execute_async_script(RUN_AXE, TAGS)
    assert "error" not in report, report
    return report


def _describe(violations) -> str:
    return "\n".join(
        f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} elements), "
        f"e.g. {v['nodes'][0]['target']}: {v['nodes'][0]['summary']}"
        for v in violations
    )


def test_axe_finds_a_violation_when_there_is_one(driver, axe_source, server):
    """The check is real: a page with a nameless button and an unlabelled image fails."""
    load(driver, f"{server}/intro.html")
    driver.execute_script("""
        const b = document.createElement('button'); b.innerHTML = '<span></span>';
        document.querySelector('main').appendChild(b);
        const i = document.createElement('img'); i.src = '_static/favicon.png';
        document.querySelector('main').appendChild(i);""")
    driver.execute_script(axe_source)
    report = driver.execute_async_script(RUN_AXE, TAGS)
    ids = {v["id"] for v in report["violations"] if v["impact"] in BLOCKING}
    assert {"button-name", "image-alt"} <= ids, report


@pytest.mark.parametrize("page", PAGES)
def test_page_has_no_serious_wcag_violation(driver, axe_source, server, page):
    report = audit(driver, axe_source, f"{server}/{page}")
    blocking = [v for v in report["violations"] if v["impact"] in BLOCKING]
    others = [v for v in report["violations"] if v["impact"] not in BLOCKING]
    if others:
        print(f"\n{page} (axe {report['version']}), not blocking:\n{_describe(others)}")
    assert blocking == [], f"{page}: WCAG 2.1 A/AA violations:\n{_describe(blocking)}"


def test_dark_mode_has_no_serious_wcag_violation(driver, axe_source, server):
    page = next(p for p in PAGES if p.startswith("chapters/"))
    report = audit(driver, axe_source, f"{server}/{page}", mode="dark")
    blocking = [v for v in report["violations"] if v["impact"] in BLOCKING]
    assert blocking == [], f"{page} in dark mode:\n{_describe(blocking)}"


if __name__ == "__main__":  # a report of every finding, for a person: python test_... > x
    with serve(HTML) as base:
        drv = chrome(OFFLINE_FLAGS)
        try:
            for p in PAGES:
                r = audit(drv, AXE.read_text(), f"{base}/{p}")
                print(
                    json.dumps(
                        {
                            "page": p,
                            "violations": [
                                {k: v[k] for k in ("id", "impact", "help")}
                                | {"n": len(v["nodes"]), "first": v["nodes"][0]}
                                for v in r["violations"]
                            ],
                        }
                    )
                )
        finally:
            drv.quit()

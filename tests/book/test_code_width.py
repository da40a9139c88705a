"""Code and output fit the page: at 1280 x 900, no code block and no cell output of a
chapter, exercise or solution needs a horizontal scroll bar.

Each page is loaded in one headless Chromium session (the window of browser_support.FLAGS,
1280 x 900, offline), its collapsed cells opened (``hide-input``), and every code block
(``div.highlight pre``, cell inputs and fenced code in the prose) and every cell output
(the output area, its ``pre`` blocks, HTML tables and other output elements) is measured:
one whose ``scrollWidth`` exceeds its ``clientWidth`` by more than a pixel would show a
scroll bar (or spill over the page). The failure names the page, the cell and the start of
the line that does not fit.

The character budget these widths give (printed with ``-s``) is what the line-length lint
in tests/test_code_lines.py uses, so a long line fails there first, without a browser.
"""

from __future__ import annotations

import pytest
from browser_support import OFFLINE_FLAGS, built_pages, chrome, load

PAGES = [p for p in built_pages() if p.split("/")[0] in ("chapters", "exercises", "solutions")]
TOLERANCE_PX = 1

# For every code block and cell output on the page: its width, what it would need, and
# (for text) the lines that are wider than the box. Lines are measured in the element's
# own font by a hidden <pre> copy, so the report names the line that overflows.
MEASURE_JS = """
const done = arguments[arguments.length - 1];
const tol = arguments[0];
document.querySelectorAll('main details').forEach(d => { d.open = true; });
document.fonts.ready.then(() => {
  const main = document.querySelector('main') || document.body;
  const cells = Array.from(main.querySelectorAll('div.cell'));
  const probe = document.createElement('pre');
  probe.style.cssText = 'position:absolute;visibility:hidden;white-space:pre;' +
                        'width:auto;padding:0;margin:0;border:0;left:0;top:0';
  document.body.appendChild(probe);
  const lineWidth = (el, text) => {
    const cs = getComputedStyle(el);
    probe.style.font = cs.font;
    probe.style.letterSpacing = cs.letterSpacing;
    probe.style.tabSize = cs.tabSize;
    probe.textContent = text;
    return probe.getBoundingClientRect().width;
  };
  const inner = el => {
    const cs = getComputedStyle(el);
    return el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  };
  const where = el => {
    const cell = el.closest('div.cell');
    if (!cell) return 'code block outside a cell';
    const first = (cell.querySelector('div.cell_input pre') || {}).textContent || '';
    return `cell ${cells.indexOf(cell) + 1} ("${first.split('\\n')[0].slice(0, 40)}")`;
  };
  const items = [];
  main.querySelectorAll('div.highlight pre').forEach(el => {
    items.push({el, kind: el.closest('div.cell_output') ? 'output' : 'code'});
  });
  main.querySelectorAll('div.cell_output').forEach(out => {
    items.push({el: out, kind: 'output'});
    out.querySelectorAll('div.output, pre, table').forEach(el => {
      if (!el.closest('div.highlight')) items.push({el, kind: 'output'});
    });
  });
  const seen = new Set();
  const report = {budget: {code: [], output: []}, overflows: []};
  const charW = el => lineWidth(el, 'x'.repeat(100)) / 100;
  for (const {el, kind} of items) {
    if (seen.has(el)) continue;
    seen.add(el);
    if (el.tagName === 'PRE' && el.clientWidth > 0)
      report.budget[kind].push(Math.floor(inner(el) / charW(el)));
    if (el.scrollWidth <= el.clientWidth + tol) continue;
    let line = '';
    if (el.tagName === 'PRE' || el.querySelector('pre')) {
      const pre = el.tagName === 'PRE' ? el : el.querySelector('pre');
      const room = inner(pre);
      const lines = pre.textContent.split('\\n');
      const wide = lines.filter(l => lineWidth(pre, l) > room + tol);
      const longest = lines.reduce((a, b) => (b.length > a.length ? b : a), '');
      line = wide.length ? wide[0] : longest;
      line = `${line.length} chars: ${line.slice(0, 60)}` +
             (wide.length > 1 ? ` (and ${wide.length - 1} more lines)` : '');
    } else {
      line = el.textContent.replace(/\\s+/g, ' ').trim().slice(0, 60);
    }
    report.overflows.push({kind, where: where(el), tag: el.tagName.toLowerCase() +
      (el.className ? '.' + String(el.className).split(' ')[0] : ''),
      scroll: el.scrollWidth, client: el.clientWidth, line});
  }
  probe.remove();
  done(report);
}).catch(e => done({error: String(e)}));
"""


@pytest.fixture(scope="module")
def driver():
    drv = chrome(OFFLINE_FLAGS)
    yield drv
    drv.quit()


def measure(driver, url: str) -> dict:
    load(driver, url)
    report = driver.execute_async_script(MEASURE_JS, TOLERANCE_PX)
    assert "error" not in report, f"{url}: {report['error']}"
    return report


def describe(page: str, overflows: list[dict]) -> str:
    return "\n".join(
        f"{page}, {o['where']}: {o['kind']} {o['tag']} is {o['scroll']} px wide in "
        f"{o['client']} px: {o['line']}"
        for o in overflows
    )


def test_the_pages_are_there():
    kinds = {p.split("/")[0] for p in PAGES}
    assert {"chapters", "exercises"} <= kinds, f"no chapter or exercise page built: {PAGES}"


def test_the_check_finds_a_line_that_does_not_fit(driver, book_server):
    """The check is real: a long line added to a chapter's code and output is reported."""
    page = next(p for p in PAGES if p.startswith("chapters/"))
    load(driver, f"{book_server}/{page}")
    driver.execute_script("""
        const long = 'too_long = ' + 'x'.repeat(300);
        document.querySelector('div.cell_input div.highlight pre').textContent += long;
        const out = document.querySelector('div.cell_output') ||
                    document.querySelector('div.cell').appendChild(document.createElement('div'));
        out.classList.add('cell_output');
        const pre = document.createElement('pre');
        pre.textContent = 'printed ' + '0.1234 '.repeat(60);
        out.appendChild(pre);""")
    report = driver.execute_async_script(MEASURE_JS, TOLERANCE_PX)
    kinds = {o["kind"] for o in report["overflows"]}
    assert kinds == {"code", "output"}, describe(page, report["overflows"])
    assert any("too_long = xxx" in o["line"] for o in report["overflows"]), report
    assert any("printed 0.1234" in o["line"] for o in report["overflows"]), report


@pytest.mark.parametrize("page", PAGES)
def test_code_and_output_fit_at_1280px(driver, book_server, page):
    report = measure(driver, f"{book_server}/{page}")
    budget = {k: min(v) for k, v in report["budget"].items() if v}
    print(f"\n{page}: characters that fit: {budget}")
    assert report["overflows"] == [], (
        f"{len(report['overflows'])} code blocks or outputs need a horizontal scroll bar at "
        f"1280 px (shorten or wrap the lines):\n" + describe(page, report["overflows"])
    )

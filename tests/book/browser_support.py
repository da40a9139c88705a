"""What the tests of the built book share: its pages, a local server, headless Chromium.

Plain functions (fixtures live in conftest.py and in each test module). Chromium is
Debian's /usr/bin/chromium driven through /usr/bin/chromedriver (see ensure_browser).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTML = Path(os.environ.get("BOOK_HTML") or ROOT / "_build" / "html").resolve()
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--window-size=1280,900",
    "--hide-scrollbars",
]
# No network but this machine's loopback: no name resolves, and every request that is
# not for 127.0.0.1 goes to a proxy on a closed port (so an IP address fails too).
OFFLINE_FLAGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=127.0.0.1",
]


def toc_pages() -> list[str]:
    """Pages in reading order, from _toc.yml (root, then every chapter entry)."""
    lines = (ROOT / "_toc.yml").read_text().splitlines()
    root = next(l.split(":", 1)[1].strip() for l in lines if l.startswith("root:"))
    files = [m.group(1) for l in lines if (m := re.match(r"\s*-\s*file:\s*(\S+)", l))]
    return [f"{p}.html" for p in [root] + files]


def built_pages() -> list[str]:
    """The table of contents' pages that this build has (hide_solutions drops some)."""
    return [p for p in toc_pages() if (HTML / p).exists()]


def ensure_debian_packages(commands: dict[str, str]):
    """Install the Debian packages of missing commands ({command: package}) if we are root,
    as CI is; otherwise fail and say what to install (``make browser-deps`` does it)."""
    missing = {c: p for c, p in commands.items() if not shutil.which(c)}
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", *sorted(set(missing.values()))], check=True, env=env
        )
    still = sorted({p for c, p in missing.items() if not shutil.which(c)})
    if still:
        pytest.fail(
            f"missing {', '.join(still)} and cannot install them: run "
            f"`apt-get install {' '.join(still)}` as root (make browser-deps)"
        )


def ensure_browser():
    """Debian's chromium and chromium-driver, installed if missing and we are root."""
    if Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists():
        return
    ensure_debian_packages({CHROMIUM: "chromium", CHROMEDRIVER: "chromium-driver"})


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """Serve a folder on 127.0.0.1 (a free port); yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def chrome(extra_flags=(), performance_log=False):
    """Headless Chromium through chromedriver (the caller quits it)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    ensure_browser()
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for f in [*FLAGS, *extra_flags]:
        opts.add_argument(f)
    prefs = {"browser": "ALL"}
    if performance_log:
        prefs["performance"] = "ALL"
    opts.set_capability("goog:loggingPrefs", prefs)
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    drv.set_page_load_timeout(60)
    drv.set_script_timeout(120)
    return drv


def load(driver, url):
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )
    return driver


def requests_made(driver) -> list[dict]:
    """Every request since the last call, from Chromium's performance log:
    [{url, failed: error text or None, status}] (needs performance_log=True)."""
    by_id: dict[str, dict] = {}
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        params = msg.get("params", {})
        rid = params.get("requestId")
        if msg["method"] == "Network.requestWillBeSent":
            by_id.setdefault(rid, {"url": params["request"]["url"], "failed": None, "status": None})
        elif msg["method"] == "Network.responseReceived" and rid in by_id:
            by_id[rid]["status"] = params["response"]["status"]
        elif msg["method"] == "Network.loadingFailed" and rid in by_id:
            by_id[rid]["failed"] = params.get("errorText") or "failed"
    return list(by_id.values())


# Wait for MathJax, then report: math elements left without MathJax output, and formulas
# whose MathML has an error or an undefined macro (MathJax shows those in red).
TYPESET_JS = """
const done = arguments[arguments.length - 1];
if (!window.MathJax || !MathJax.startup || !MathJax.startup.promise) {
  done({error: 'MathJax did not load',
        n: document.querySelectorAll('span.math, div.math').length});
} else MathJax.startup.promise.then(() => {
  const els = Array.from(document.querySelectorAll('span.math, div.math'));
  const untypeset = els.filter(e => !e.querySelector('mjx-container'))
                       .map(e => e.textContent.slice(0, 80));
  const bad = [];
  for (const item of MathJax.startup.document.math) {
    const mml = MathJax.startup.toMML(item.root);
    if (/<merror|mathcolor="red"/.test(mml)) bad.push(item.math.slice(0, 80));
  }
  done({n: els.length, typeset: document.querySelectorAll('mjx-container').length,
        untypeset: untypeset, bad: bad});
}).catch(e => done({error: String(e)}));
"""

WAIT_FOR_MATHJAX_JS = """
const done = arguments[arguments.length - 1];
if (window.MathJax && MathJax.startup && MathJax.startup.promise)
  MathJax.startup.promise.then(() => done(true)).catch(e => done(String(e)));
else done(false);
"""

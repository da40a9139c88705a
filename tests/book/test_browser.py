"""The built HTML book, used the way a reader uses it: in a real (headless) Chromium.

Needs the built book (``_build/html``, or the folder in ``BOOK_HTML``) and Debian's
chromium + chromium-driver: the session installs them with apt when they are missing and
it runs as root (as CI does); ``make browser-deps`` does the same by hand. It lives in
tests/book, which ``make test`` runs after the build (``make browser`` runs it with the
offline and WCAG tests).

Every page: loads, raises no JavaScript error, every image decodes with a non-zero size
and has alt text. Pages with animations: the controls step, play and scrub through frames.
Pages with a terrain explorer: a drag rotates it and a button switches the landscape.
Navigation: "next" walks the whole table of contents in order. Screenshots land in
``tests/artifacts/`` (git-ignored). Math typesetting, with the network blocked, is checked
in test_offline.py; WCAG rules in test_accessibility.py.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from browser_support import HTML, ROOT, chrome
from browser_support import load as _load
from browser_support import toc_pages as _toc_pages
from selenium.webdriver.common.action_chains import ActionChains  # requirements-dev.txt
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session")
def server(book_server):
    return book_server


@pytest.fixture(scope="session")
def driver():
    drv = chrome()
    yield drv
    drv.quit()


def _is_external(message: str, base: str) -> bool:
    """A failed load of something outside this server (CDN): expected offline."""
    urls = re.findall(r"https?://[^\s'\"]+", message)
    return (
        bool(urls)
        and all(not u.startswith(base) for u in urls)
        and (
            "Failed to load resource" in message
            or "net::ERR" in message
            or "ERR_NAME_NOT_RESOLVED" in message
            or "ERR_CONNECTION" in message
            or "ERR_INTERNET_DISCONNECTED" in message
        )
    )


def _js_errors(driver, base: str) -> list[str]:
    return [
        e["message"]
        for e in driver.get_log("browser")
        if e["level"] == "SEVERE" and not _is_external(e["message"], base)
    ]


# A graded course builds without its "Solutions" part (hide_solutions in _config.yml).
PAGES = [p for p in _toc_pages() if not (p.startswith("solutions/") and not (HTML / p).exists())]
if not (HTML / "intro.html").exists():
    raise RuntimeError(f"no built book at {HTML}: run `make build` first, or set BOOK_HTML")
EXTRA_PAGES = ["genindex.html", "search.html", "index.html"]


def _chapter_name(page: str) -> str:
    return Path(page).stem


@pytest.mark.parametrize("page", PAGES + EXTRA_PAGES)
def test_page_loads_without_errors_and_images_decode(driver, server, page):
    assert (HTML / page).exists(), f"{page} listed in _toc.yml was not built"
    driver.get_log("browser")  # drop messages from earlier pages
    _load(driver, f"{server}/{page}")
    time.sleep(0.3)  # let inline scripts run
    title = driver.title
    assert title.strip(), f"{page} has no title"
    if page in PAGES:
        main = driver.find_element(By.CSS_SELECTOR, "main, article, [role=main]")
        assert len(main.text) > 50, f"{page}: the main content is (almost) empty"
    # Scroll every image into view (the theme may lazy-load) and check it decoded.
    bad = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const imgs = Array.from(document.images);
        imgs.forEach(i => { i.loading = 'eager'; i.scrollIntoView(); });
        Promise.all(imgs.map(i => i.decode().catch(() => null))).then(() => {
          done(imgs.filter(i => !(i.complete && i.naturalWidth > 0 && i.naturalHeight > 0))
                   .map(i => i.src.slice(0, 120)));
        });
    """)
    assert bad == [], f"{page}: images that did not decode: {bad}"
    no_alt = driver.execute_script("""
        return Array.from(document.images)
          .filter(i => !(i.getAttribute('alt') || '').trim())
          .map(i => i.src.slice(0, 120));""")
    assert no_alt == [], f"{page}: images without alt text: {no_alt}"
    canvases = driver.execute_script("""
        return Array.from(document.querySelectorAll('canvas'))
          .filter(c => !(c.getAttribute('aria-label') || '').trim()).length;""")
    assert canvases == 0, f"{page}: a canvas without an aria-label"
    errors = _js_errors(driver, server)
    assert errors == [], f"{page}: JavaScript errors: {errors}"
    if page in PAGES:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        driver.execute_script("window.scrollTo(0, 0);")
        driver.save_screenshot(str(ARTIFACTS / f"{_chapter_name(page)}.png"))


def _pages_with(selector: str) -> list[str]:
    return [p for p in PAGES if (HTML / p).exists() and selector in (HTML / p).read_text()]


ANIM_PAGES = _pages_with('class="ll-anim"')
TERRAIN_PAGES = _pages_with('class="ll-terrain"')


def test_the_book_has_motion():
    assert ANIM_PAGES, "no page has a path animation"
    assert TERRAIN_PAGES, "no page has a terrain explorer"


@pytest.mark.parametrize("page", ANIM_PAGES)
def test_animation_controls_advance_frames(driver, server, page):
    _load(driver, f"{server}/{page}")
    for anim in driver.find_elements(By.CSS_SELECTOR, "div.ll-anim"):
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", anim)
        n_frames = int(anim.get_attribute("data-frames"))
        assert n_frames > 5
        assert int(anim.get_attribute("data-frame")) == n_frames - 1, "should open complete"

        def npoints():
            pts = anim.find_element(By.CSS_SELECTOR, "polyline.ll-path").get_attribute("points")
            return len(pts.split())

        full = npoints()
        anim.find_element(By.CSS_SELECTOR, "button.ll-first").click()
        assert anim.get_attribute("data-frame") == "0"
        assert npoints() == 1, "frame 0 shows only the start"
        assert "step 0 of" in anim.find_element(By.CSS_SELECTOR, ".ll-label").text
        anim.find_element(By.CSS_SELECTOR, "button.ll-next").click()
        assert anim.get_attribute("data-frame") == "1"
        anim.find_element(By.CSS_SELECTOR, "button.ll-play").click()
        WebDriverWait(driver, 10).until(lambda d: int(anim.get_attribute("data-frame")) >= 5)
        anim.find_element(By.CSS_SELECTOR, "button.ll-play").click()  # pause
        paused = int(anim.get_attribute("data-frame"))
        time.sleep(0.4)
        assert int(anim.get_attribute("data-frame")) == paused, "pause did not stop it"
        assert 1 < npoints() <= full
        # Scrub: move the slider as a keyboard user would.
        slider = anim.find_element(By.CSS_SELECTOR, "input.ll-scrub")
        driver.execute_script(
            "arguments[0].value = arguments[1];"
            "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
            slider,
            n_frames // 2,
        )
        assert int(anim.get_attribute("data-frame")) == n_frames // 2
        anim.find_element(By.CSS_SELECTOR, "button.ll-last").click()
        assert int(anim.get_attribute("data-frame")) == n_frames - 1
        assert npoints() == full
    assert _js_errors(driver, server) == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{_chapter_name(page)}-animation.png"))


@pytest.mark.parametrize("page", TERRAIN_PAGES)
def test_terrain_rotates_on_drag_and_switches_mode(driver, server, page):
    _load(driver, f"{server}/{page}")
    box = driver.find_element(By.CSS_SELECTOR, "div.ll-terrain")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", box)
    canvas = box.find_element(By.TAG_NAME, "canvas")
    pixels = "return arguments[0].toDataURL();"
    before = driver.execute_script(pixels, canvas)
    az0 = float(canvas.get_attribute("data-azimuth"))
    el0 = float(canvas.get_attribute("data-elevation"))
    ActionChains(driver).move_to_element(canvas).click_and_hold().move_by_offset(
        90, 0
    ).move_by_offset(30, 25).release().perform()
    az1 = float(canvas.get_attribute("data-azimuth"))
    el1 = float(canvas.get_attribute("data-elevation"))
    assert az1 != az0, "dragging did not rotate the surface"
    assert el1 != el0, "dragging down did not tilt the surface"
    after_drag = driver.execute_script(pixels, canvas)
    assert after_drag != before, "the picture did not change on a drag"
    mode0 = canvas.get_attribute("data-mode")
    buttons = box.find_elements(By.CSS_SELECTOR, "button.ll-mode")
    assert len(buttons) >= 2
    buttons[1].click()
    mode1 = canvas.get_attribute("data-mode")
    assert mode1 != mode0 and mode1 == buttons[1].text
    assert buttons[1].get_attribute("aria-pressed") == "true"
    assert driver.execute_script(pixels, canvas) != after_drag
    assert mode1 in canvas.get_attribute("aria-label")
    # Keyboard users rotate with the arrow keys.
    canvas.send_keys("\ue012")  # ArrowLeft
    assert float(canvas.get_attribute("data-azimuth")) != az1
    assert _js_errors(driver, server) == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{_chapter_name(page)}-terrain.png"))


def test_next_walks_the_table_of_contents(driver, server):
    _load(driver, f"{server}/{PAGES[0]}")
    visited = [PAGES[0]]
    for expected in PAGES[1:]:
        link = driver.find_element(By.CSS_SELECTOR, "a.right-next")
        driver.execute_script("arguments[0].scrollIntoView();", link)
        link.click()
        WebDriverWait(driver, 20).until(lambda d: d.current_url.split("#")[0].endswith(expected))
        visited.append(expected)
    assert visited == PAGES
    assert not driver.find_elements(By.CSS_SELECTOR, "a.right-next"), (
        "the last page should have no 'next'"
    )
    link = driver.find_element(By.CSS_SELECTOR, "a.left-prev")
    link.click()
    WebDriverWait(driver, 20).until(lambda d: d.current_url.split("#")[0].endswith(PAGES[-2]))


def test_chapter_pages_stay_light():
    """Each page with everything it loads from the book stays under 3 MB.

    Two measures: what the page itself adds (its HTML, with embedded animations and
    stills, plus its images), raw; and what a first visit transfers, with the theme's
    scripts and styles gzip-compressed as any web server sends them. Printed with -s.
    """
    import gzip

    too_heavy = {}
    for page in PAGES:
        path = HTML / page
        text = path.read_text()
        images = 0
        for src in set(re.findall(r'<img[^>]+src="(?!data:)([^"?#]+)', text)):
            f = path.parent.joinpath(src).resolve()
            images += f.stat().st_size if f.exists() else 0
        assets = 0
        for src in set(re.findall(r'(?:src|href)="((?:\.\./)*_static/[^"?#]+\.(?:js|css))', text)):
            f = path.parent.joinpath(src).resolve()
            assets += len(gzip.compress(f.read_bytes())) if f.exists() else 0
        own = len(text.encode()) + images
        transfer = len(gzip.compress(text.encode())) + images + assets
        print(f"{page}: own {own / 1e6:.2f} MB, first-visit transfer {transfer / 1e6:.2f} MB")
        if own > 3_000_000 or transfer > 3_000_000:
            too_heavy[page] = (own, transfer)
    assert too_heavy == {}, f"pages over 3 MB (own, transfer): {too_heavy}"


def test_book_screenshot(driver, server):
    """A picture of the book for the README: chapter 1 at its animation.

    Always saved to tests/artifacts/book.png; with UPDATE_SCREENSHOT=1 also written,
    reduced to a 256-colour palette, to docs/screenshot.png (kept under 300 KB).
    """
    from PIL import Image

    driver.set_window_size(1100, 760)
    try:
        _load(driver, f"{server}/chapters/01_loss_surface.html")
        anim = driver.find_element(By.CSS_SELECTOR, "div.ll-anim")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", anim)
        anim.find_element(By.CSS_SELECTOR, "button.ll-first").click()
        slider = anim.find_element(By.CSS_SELECTOR, "input.ll-scrub")
        driver.execute_script(
            "arguments[0].value = 12;"
            "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
            slider,
        )
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / "book.png"
        driver.save_screenshot(str(shot))
    finally:
        driver.set_window_size(1280, 900)
    image = Image.open(shot)
    assert image.size[0] >= 1000
    if os.environ.get("UPDATE_SCREENSHOT"):
        out = ROOT / "docs" / "screenshot.png"
        image.convert("RGB").quantize(256).save(out, optimize=True)
        assert out.stat().st_size < 300_000, f"{out} is {out.stat().st_size} bytes"


# myst-nb renders {glue:}`key` as span.output.text_plain and {glue:text}`key:fmt` as
# span.pasted-text. A glued str shown as its repr reads '97'; a numpy scalar np.float64(4.8).
GLUED = "span.output.text_plain, span.pasted-text"
NOT_PLAIN = re.compile(r"^\s*['\"‘’“”]|['\"‘’“”]\s*$|\bnp\.\w+\(|\bnumpy\.\w+\(")


def test_glued_values_render_as_plain_text(driver, server):
    """Every value glued into the prose, on every page, reads as plain text: no quotes
    around it and no numpy repr."""
    assert NOT_PLAIN.search("'97'") and NOT_PLAIN.search("‘needs 16 products’")
    assert NOT_PLAIN.search("np.float64(4.8)") and not NOT_PLAIN.search("4.8")
    seen, bad = 0, []
    for page in PAGES:
        _load(driver, f"{server}/{page}")
        texts = driver.execute_script(
            "return Array.from(document.querySelectorAll(arguments[0]), e => e.textContent);", GLUED
        )
        seen += len(texts)
        bad += [f"{page}: {t!r}" for t in texts if NOT_PLAIN.search(t)]
    assert seen >= 20, (
        f"only {seen} glued values found in the book: did myst-nb change how "
        f"it marks them ({GLUED})?"
    )
    assert not bad, "glued values that do not render as plain text:\n  " + "\n  ".join(bad)

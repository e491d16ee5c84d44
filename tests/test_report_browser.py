"""The coverage report in a real browser: Debian's Chromium, headless, driven by Playwright
(never a browser of Playwright's own). Opened from a file:// URL it draws every chart with no
console error and no request but its own file, and the hostile strings of its tables
(tests/reports.py) show as text: no dialog, no injected element."""

from __future__ import annotations

import shutil

import pytest

from tests.reports import IMAGE, SCRIPT, build

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:
    pytest.skip(
        "chromium not installed: run .ci/install-chromium (needs apt-get as root)",
        allow_module_level=True,
    )
playwright = pytest.importorskip("playwright.sync_api")

# Every chart drawn, or one that failed says so: then the test fails on its text.
DRAWN = """() => [...document.querySelectorAll('div.chart')].every(
    (div) => div.querySelector('svg.marks') || div.textContent.includes('could not be drawn'))"""
# Per chart: its id, its SVG's size, the marks Vega drew in it, and its text.
CHARTS = """() => [...document.querySelectorAll('div.chart')].map((div) => {
    const svg = div.querySelector('svg.marks');
    const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    const marks = div.querySelectorAll(
        'g.mark-rect path, g.mark-line path, g.mark-area path, g.mark-symbol path');
    return {id: div.id, width: box.width, height: box.height, marks: marks.length,
            text: div.textContent};
})"""


@pytest.fixture(scope="module")
def opened(tmp_path_factory):
    page_file = build(tmp_path_factory.mktemp("report"))
    url = page_file.as_uri()
    seen = {"console": [], "requests": [], "dialogs": [], "errors": []}
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: seen["console"].append((m.type, m.text)))
        page.on("pageerror", lambda error: seen["errors"].append(str(error)))
        page.on("request", lambda request: seen["requests"].append(request.url))
        page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
        page.goto(url, wait_until="load")
        page.wait_for_function(DRAWN, timeout=20_000)
        yield page, url, seen
        browser.close()


def test_every_chart_is_drawn_offline_without_errors(opened, tmp_path):
    page, url, seen = opened
    charts = page.evaluate(CHARTS)
    assert len(charts) == 7
    for chart in charts:
        assert "could not be drawn" not in chart["text"], chart["text"]
        assert chart["width"] > 100 and chart["height"] > 50, chart
        assert chart["marks"] > 0, chart
    assert seen["requests"] == [url]
    assert not seen["errors"]
    assert not [text for kind, text in seen["console"] if kind == "error"]
    shot = tmp_path / "coverage.png"
    page.screenshot(path=shot, full_page=True)
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")


def test_hostile_strings_show_as_text(opened):
    page, _, seen = opened
    # A tooltip holds table rows too: hovering a cell must not run anything either.
    page.hover("#voices-share g.mark-rect path")
    page.wait_for_timeout(300)
    assert not seen["dialogs"]
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 9
    tables = page.locator("table").all_inner_texts()
    assert any(IMAGE in text for text in tables)
    assert any(SCRIPT in text for text in tables)
    # Drawn by Vega as SVG text, not markup.
    assert SCRIPT in page.locator("#attention-panel svg.marks").text_content()
    tooltip = page.locator("#vg-tooltip-element")
    assert IMAGE in tooltip.inner_text()

"""`parley report`: the page is written from a real database and opened in
a real headless Chromium (Debian's chromium package; .ci/run installs it),
which must render both charts, make no request off the page and log no
console error."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tasks.persist import open_database
from tasks.report import write_report
from tests.synthetic import shared_database

N_EVENTS = 2_000
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or next((p for p in ("/usr/bin/chromium",) if Path(p).exists()), None)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    executable = chromium_path()
    if executable is None:
        message = "Debian's chromium is not installed (apt-get install chromium; .ci/run does it)"
        if os.environ.get("CI") or os.environ.get("PARLEY_REQUIRE_CHROMIUM"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        # a persistent context is how Playwright takes a fresh --user-data-dir of ours
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=executable, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


def open_page(context, path: Path, ready: str):
    """Open `path`, wait for `ready`, and return the page with the console
    messages, page errors and requests it made."""
    page = context.new_page()
    seen = {"console": [], "errors": [], "requests": []}
    page.on("console", lambda m: seen["console"].append((m.type, m.text)))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_selector(ready, timeout=30_000)
    page.wait_for_timeout(300)  # let late console messages arrive
    return page, seen


def test_report_renders_in_chromium_without_console_errors(browser, tmp_path):
    db, figures = shared_database(N_EVENTS)
    out = tmp_path / "report.html"
    result = write_report(db, out)
    assert result.charts == 2 and result.events > 0

    page, seen = open_page(browser, out, "#pair-matrix .main-svg")
    errors = [text for kind, text in seen["console"] if kind == "error"] + seen["errors"]
    assert errors == [], errors
    assert [u for u in seen["requests"] if not u.startswith("file:")] == []  # self-contained
    assert page.locator("#timeline g.trace.bars").count() == 4  # one trace per kind
    assert page.locator("#timeline g.point path").count() > 20  # bars drawn
    assert page.locator("#pair-matrix g.hm image").count() == 1  # heatmap drawn
    assert page.locator("#top-events tbody tr").count() == 25
    assert page.locator("#rejected tbody tr").count() == figures["rejected"]
    top_articles = int(page.locator("#top-events tbody tr").first.locator("td.num").first.inner_text())
    assert top_articles >= 2  # the most reported event comes from a cross-article cluster
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    if os.environ.get("PARLEY_REPORT_SCREENSHOT"):  # refresh docs/report.png
        shutil.copy(shot, os.environ["PARLEY_REPORT_SCREENSHOT"])
    print(f"\nreport: {result.bytes / 1e6:.1f} MB in {result.seconds:.2f}s; console errors: {len(errors)}")


def test_report_of_an_empty_database(browser, tmp_path):
    db = tmp_path / "empty.duckdb"
    with open_database(db):
        pass
    out = tmp_path / "empty.html"
    result = write_report(db, out)
    assert result.events == 0 and result.charts == 0
    page, seen = open_page(browser, out, "#summary")
    assert [t for k, t in seen["console"] if k == "error"] + seen["errors"] == []
    assert page.locator("#timeline-empty").count() == 1 and page.locator("#rejected-none").count() == 1

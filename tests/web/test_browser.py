"""End to end in a real headless Chromium (Playwright, Debian's ``chromium``): create an event,
upload the sample, fix a mapping, choose a design, preview, build, download, and check the
PDF against the CLI's. A screenshot is taken at each step, into ``BADGEPRESS_SCREENSHOTS``
when that is set (e.g. ``out/screenshots``), else into the test's temporary folder.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_api import _cli
from web_helpers import SAMPLE_XLSX

CHROMIUM = Path("/usr/bin/chromium")

try:
    from playwright.sync_api import Page, sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None

browser = pytest.mark.skipif(
    sync_playwright is None or not CHROMIUM.exists(),
    reason="needs playwright (pip, the test extra) and Debian's chromium at /usr/bin/chromium "
    "(apt-get install chromium; .ci/run installs both)")


def test_ci_has_the_browser() -> None:
    # .ci/run installs both; there a missing browser is a failure, not a quiet skip.
    if os.environ.get("CI") and (sync_playwright is None or not CHROMIUM.exists()):
        pytest.fail("CI must run the browser tests: .ci/run installs chromium with apt and "
                    "playwright with the test extra")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1", SOURCE_DATE_EPOCH="1700000000")
    proc = subprocess.Popen([sys.executable, "-m", "badgepress", "serve", "--port", "0",
                             "--data", str(tmp_path / "data")], stdout=subprocess.PIPE,
                            text=True, env=env)
    try:
        assert proc.stdout is not None
        proc.stdout.readline()
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    assert sync_playwright is not None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1100, "height": 900},
                                      accept_downloads=True)
        pg = context.new_page()
        pg.set_default_timeout(60_000)
        pg.problems = watch(pg)  # type: ignore[attr-defined]
        yield pg
        browser.close()


def watch(page: Any) -> list[str]:
    """What goes wrong in ``page`` from now on: console errors, answers of 400 or more."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
            if r.status >= 400 else None)
    return problems


def new_event(api: Any, name: str, layout: str | None = None) -> str:
    """An event made through the API (a Playwright request context), with the sample list."""
    event = str(api.post("/api/events", data={"name": name, **(
        {"layout": layout} if layout else {})}).json()["id"])
    r = api.post(f"/api/events/{event}/import", multipart={"file": {
        "name": "attendees.xlsx", "mimeType": "application/octet-stream",
        "buffer": SAMPLE_XLSX.read_bytes()}})
    assert r.status == 200
    return event


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("BADGEPRESS_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _images_loaded(page: Page) -> None:
    page.wait_for_function(
        "() => Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")


@browser
def test_from_the_sample_to_a_checked_pdf(server: str, page: Page, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    shots = _shots(tmp_path)
    page.goto(server)
    page.screenshot(path=shots / "01-home.png", full_page=True)

    # Create an event: a label for each input, the keyboard is enough.
    page.get_by_label("Event name").fill("DevConf 2026")
    page.get_by_label("Dates").fill("12–14 June 2026")
    page.get_by_label("Badge layout").select_option("a4-90x55-8up")
    page.get_by_role("button", name="Create event").click()
    page.wait_for_url(re.compile(r"/events/[0-9a-f]+$"))
    event = page.url.rsplit("/", 1)[1]
    page.screenshot(path=shots / "02-event.png", full_page=True)

    # Upload the sample and see what was understood.
    page.get_by_label("Upload the attendee list").set_input_files(str(SAMPLE_XLSX))
    page.get_by_role("button", name="Upload", exact=True).click()
    page.wait_for_selector("#imported")
    assert page.locator("#imported").inner_text() == "40"
    body = page.locator("main").inner_text()
    assert "header in row 3" in body and "row 43: blank row" in body
    assert page.get_by_label("Role / ticket type").input_value() == "Ticket Type"
    page.screenshot(path=shots / "03-list.png", full_page=True)

    # Fix a mapping: the list is read again as soon as the drop-down changes.
    with page.expect_navigation():
        page.get_by_label("Role / ticket type").select_option("Job Title")
    assert page.get_by_label("Role / ticket type").input_value() == "Job Title"
    page.screenshot(path=shots / "04-mapping.png", full_page=True)

    # The design: the designer, and the shipped layouts as thumbnails of a badge from this
    # list (its start page).
    page.get_by_role("link", name="2. Design").click()
    page.wait_for_function("() => document.querySelector('.dz-stagewrap').dataset.state"
                           " === 'ready'")
    page.screenshot(path=shots / "05a-designer.png")
    page.goto(f"{server}events/{event}/layouts")
    _images_loaded(page)
    from badgepress.sheet.layout import shipped_layouts

    assert page.locator("fieldset.layouts img").count() == len(shipped_layouts())
    page.screenshot(path=shots / "05-design.png", full_page=True)

    # Preview: the hardest first, with its warning; then a badge found by name.
    page.get_by_role("link", name="3. Preview").click()
    _images_loaded(page)
    first = page.locator("#hardest figure").first
    assert "Wolfeschlegelsteinhausenbergerdorff" in first.inner_text()
    assert "condensed" in first.inner_text()
    page.screenshot(path=shots / "06-preview.png", full_page=True)
    page.get_by_label("Find a badge by name").fill("lovelace")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=lovelace"))
    _images_loaded(page)
    assert page.get_by_alt_text("badge of Ada Lovelace").count() == 1
    page.screenshot(path=shots / "07-search.png", full_page=True)
    page.set_viewport_size({"width": 768, "height": 1024})  # a tablet, portrait
    page.screenshot(path=shots / "07b-search-tablet.png", full_page=True)
    page.set_viewport_size({"width": 1100, "height": 900})

    # Build with a progress bar, then download.
    page.get_by_role("link", name="4. Build").click()
    page.get_by_role("button", name="Build the PDF").click()
    page.screenshot(path=shots / "08a-building.png", full_page=True)
    page.wait_for_selector("#result", timeout=120_000)
    assert "40 badges on 5 pages" in page.locator("#result").inner_text()
    page.screenshot(path=shots / "08-built.png", full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = tmp_path / "downloaded.pdf"
    info.value.save_as(pdf)
    assert info.value.suggested_filename == "DevConf-2026-badges.pdf"

    # The PDF is the CLI's, byte for byte, for the same list, layout and mapping.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert pdf.read_bytes() == _cli(tmp_path, "--map", "role=Job Title")
    assert page.problems == []  # type: ignore[attr-defined]
    assert event


@browser
def test_a_bad_upload_is_one_message_in_the_page(server: str, page: Page,
                                                 tmp_path: Path) -> None:
    page.goto(server)
    page.get_by_label("Event name").fill("Broken")
    page.get_by_role("button", name="Create event").click()
    bad = tmp_path / "attendees.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    page.get_by_label("Upload the attendee list").set_input_files(str(bad))
    page.get_by_role("button", name="Upload", exact=True).click()
    alert = page.get_by_role("alert")
    text = alert.inner_text()
    assert text.startswith("attendees.xlsx: ") and "\n" not in text
    page.screenshot(path=_shots(tmp_path) / "09-bad-upload.png", full_page=True)

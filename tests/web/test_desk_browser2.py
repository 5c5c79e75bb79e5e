"""The desk in headless Chromium, second part, on the real CUPS queue ``BadgePDF``: the desk
chooses its printer in the page (remembered on the server: a reload and a second laptop
naming the same desk get it), a walk-in printed there is followed to "done", a walk-in is
corrected and reprinted (an imported attendee can be corrected too), and a job on a stopped
queue shows as held with the printer's message, the walk-in kept. Screenshots as in test_browser.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_browser import (
    CHROMIUM,
    _shots,
    browser,
    server,
    sync_playwright,
)
from test_cups import QUEUE, _has_queue

__all__ = ["server"]  # the fixture, imported for this module


def _need_cups() -> None:
    if not _has_queue():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the CUPS queue {QUEUE} (.ci/run sets it up)")
        pytest.skip(f"no CUPS queue {QUEUE} (see .ci/run)")


@pytest.fixture
def stopped_queue() -> Iterator[str]:
    """A second cups-pdf queue, stopped with a message (removed afterwards)."""
    if os.geteuid() != 0 or not shutil.which("lpadmin"):
        pytest.skip("adding a CUPS queue needs root and lpadmin")
    name = f"BadgeStopped{os.getpid()}"
    subprocess.run(["lpadmin", "-p", name, "-E", "-v", "cups-pdf:/", "-m",
                    "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"], check=True, capture_output=True)
    try:
        subprocess.run(["cupsdisable", "-r", "Out of badge stock", name], check=True)
        yield name
    finally:
        subprocess.run(["cancel", "-a", name], check=False, capture_output=True)
        subprocess.run(["lpadmin", "-x", name], check=False, capture_output=True)


def _job_state(page: Any) -> str:
    return str(page.locator("#jobstate").get_attribute("data-state") or "")


@browser
def test_a_desk_chooses_its_printer_follows_the_job_and_corrects_a_walkin(
        server: str, stopped_queue: str, tmp_path: Path) -> None:
    _need_cups()
    assert sync_playwright is not None
    shots = _shots(tmp_path)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        api = p.request.new_context(base_url=server)
        event = api.post("/api/events", data={"name": "Printer day"}).json()["id"]

        one = chromium.new_context(viewport={"width": 1000, "height": 1000})
        a: Any = one.new_page()
        a.set_default_timeout(30_000)
        a.goto(f"{server}events/{event}/desk")
        a.get_by_label("This desk", exact=True).fill("Front desk")
        a.get_by_label("This desk", exact=True).dispatch_event("change")
        printer = a.get_by_label("Printer", exact=True)
        a.wait_for_selector(f"#desk-printer option[value='{QUEUE}']", state="attached")
        assert a.locator("#printers-why").is_hidden()  # queues exist: no reason shown
        printer.select_option(QUEUE)
        a.wait_for_function("() => document.getElementById('status').textContent.includes("
                            f"'prints on {QUEUE}')")

        # A reload, and a second laptop naming the same desk, get the choice from the server.
        a.reload()
        a.wait_for_function(f"() => document.getElementById('desk-printer').value === '{QUEUE}'")
        two = chromium.new_context(viewport={"width": 1000, "height": 900})
        b: Any = two.new_page()
        b.set_default_timeout(30_000)
        b.goto(f"{server}events/{event}/desk")
        b.wait_for_selector(f"#desk-printer option[value='{QUEUE}']", state="attached")
        assert b.locator("#desk-printer").input_value() == "browser"  # "Desk 1": never chose
        b.get_by_label("This desk", exact=True).fill("Front desk")
        b.get_by_label("This desk", exact=True).dispatch_event("change")
        b.wait_for_function(f"() => document.getElementById('desk-printer').value === '{QUEUE}'")

        # A walk-in printed on the CUPS queue: the page follows the job until it is done.
        a.get_by_label("First name").first.fill("Mispeled")
        a.get_by_label("Last name").first.fill("Persen")
        a.get_by_label("Company", exact=True).first.fill("ACME")
        a.get_by_role("button", name="Add and print").click()
        a.wait_for_function("() => document.getElementById('jobstate').dataset.state === 'done'",
                            timeout=90_000)
        assert f"Badge of Mispeled Persen: done on {QUEUE}" in a.locator("#jobstate").inner_text()
        a.screenshot(path=shots / "e1-job-done.png", full_page=True)

        # The walk-in is corrected and reprinted: no "already printed" question (the badge
        # changed), and the new job is followed to done too.
        asked: list[str] = []
        a.on("dialog", lambda d: (asked.append(d.message), d.accept()))
        a.wait_for_selector("#results li")
        a.get_by_role("button", name="Correct Mispeled Persen").click()
        form = a.locator("#correct")
        form.get_by_label("First name").fill("Misspelled")
        form.get_by_label("Last name").fill("Person")
        assert form.get_by_label("Company").input_value() == "ACME"  # the rest is kept
        a.screenshot(path=shots / "e2-correct.png", full_page=True)
        form.get_by_role("button", name="Save and reprint").click()
        a.wait_for_function("() => document.getElementById('jobstate').textContent.includes("
                            "'Misspelled Person: done')", timeout=90_000)
        assert asked == []
        a.wait_for_function("() => document.getElementById('results').textContent.includes('2×')")
        assert "Misspelled Person · ACME" in a.locator("#results").inner_text()
        assert a.locator("#correct").count() == 0
        a.screenshot(path=shots / "e3-corrected-reprinted.png", full_page=True)

        # An imported attendee can be corrected too (a desk correction over the list's row:
        # test_desk_browser3.py follows one through).
        api.post(f"/api/events/{event}/import", multipart={"file": {
            "name": "a.csv", "mimeType": "text/csv",
            "buffer": b"First Name,Last Name\nImported,Person\n"}})
        a.get_by_label("Find an attendee").fill("imported")
        a.wait_for_function("() => document.getElementById('results').textContent.includes("
                            "'Imported Person')")
        a.get_by_role("button", name="Correct Imported Person").click()
        assert "organiser's list" in a.locator("#correct").inner_text()
        a.locator("#correct").get_by_role("button", name="Cancel").click()

        # On a stopped queue the job is held, with the printer's message; the walk-in stays.
        b.reload()
        b.wait_for_selector(f"#desk-printer option[value='{stopped_queue}']", state="attached")
        b.locator("#desk-printer").select_option(stopped_queue)
        b.wait_for_function("() => document.getElementById('status').textContent.includes("
                            f"'prints on {stopped_queue}')")
        b.get_by_label("First name").first.fill("Held")
        b.get_by_label("Last name").first.fill("Walkin")
        b.get_by_role("button", name="Add and print").click()
        b.wait_for_function("() => document.getElementById('jobstate').dataset.state === 'held'")
        text = b.locator("#jobstate").inner_text()
        assert "Out of badge stock" in text and "the attendee is saved" in text
        found = api.get(f"/api/events/{event}/attendees?q=held").json()
        assert [x["name"] for x in found] == ["Held Walkin"]
        assert found[0]["last_print"]["state"] == "held"
        assert found[0]["last_print"]["printer"] == stopped_queue
        # The list says so too: held on the printer, not printed.
        b.get_by_label("Find an attendee").fill("held walkin")
        row = b.locator("#results li", has_text="Held Walkin")
        row.locator("[data-state='held']").wait_for()
        assert "held on " + stopped_queue in row.inner_text()
        assert "Out of badge stock" in row.inner_text() and "printed 1" not in row.inner_text()
        b.screenshot(path=shots / "e4-held.png", full_page=True)
        chromium.close()
        api.dispose()


@browser
def test_a_volunteer_opens_the_desk_link(server: str, tmp_path: Path) -> None:
    assert sync_playwright is not None
    shots = _shots(tmp_path)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = chromium.new_context(viewport={"width": 1000, "height": 900})
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        organiser: Any = context.new_page()
        organiser.goto(server)
        organiser.get_by_label("Event name").fill("Link day")
        organiser.get_by_role("button", name="Create event").click()
        link = organiser.get_by_label("Give this link to the desk volunteers").input_value()
        assert "/desk?token=" in link
        # Copied with one click; on loopback the page says how other laptops get in.
        organiser.locator("#desk-link-card").get_by_role("button", name="Copy").click()
        organiser.wait_for_function(
            "() => document.getElementById('desk-link-copied').textContent === 'Copied.'")
        assert organiser.evaluate("navigator.clipboard.readText()") == link
        where = organiser.locator("#desk-link-where").inner_text()
        assert "this computer only" in where and "badgepress serve --host 0.0.0.0" in where
        organiser.locator("#desk-link-card").scroll_into_view_if_needed()
        organiser.screenshot(path=shots / "f1-desk-link.png", full_page=True)

        volunteer: Any = chromium.new_context(viewport={"width": 1000, "height": 900}).new_page()
        volunteer.set_default_timeout(30_000)
        volunteer.goto(link)
        assert volunteer.url.endswith("/desk")  # the token went into a cookie
        assert volunteer.get_by_role("navigation", name="Steps").count() == 0
        volunteer.get_by_label("First name").fill("Vol")
        volunteer.get_by_label("Last name").fill("Unteer")
        volunteer.get_by_role("button", name="Add and print").click()
        volunteer.wait_for_function(
            "() => document.getElementById('results').textContent.includes('Vol Unteer')")
        volunteer.screenshot(path=shots / "f2-volunteer-desk.png", full_page=True)
        r = volunteer.goto(link.split("/events/")[0] + "/")
        assert r is not None and r.status == 403  # the organiser's pages are not a desk's
        chromium.close()


@browser
def test_names_in_any_script_show_in_the_page(server: str, tmp_path: Path) -> None:
    assert sync_playwright is not None
    shots = _shots(tmp_path)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        api = p.request.new_context(base_url=server)
        event = api.post("/api/events", data={"name": "Scripts"}).json()["id"]
        for first, last in (("முத்து", "கிருஷ்ணன்"), ("山田", "太郎"), ("Zoë", "Latin")):
            assert api.post(f"/api/events/{event}/attendees", data={
                "first_name": first, "last_name": last, "company": "Scripts Ltd"}).status == 201
        page: Any = chromium.new_context(viewport={"width": 1000, "height": 700}).new_page()
        fonts: list[str] = []
        page.on("request", lambda r: fonts.append(r.url.rsplit("/", 1)[-1])
                if "/fonts/" in r.url else None)
        page.goto(f"{server}events/{event}/desk")
        page.get_by_label("Find an attendee").fill("scripts")
        page.wait_for_function("() => document.querySelectorAll('#results li').length === 3")
        page.wait_for_function("() => document.fonts.status === 'loaded'")
        page.evaluate("document.fonts.ready")
        page.screenshot(path=shots / "g1-scripts.png", full_page=True)
        # The page's text asked for the Tamil and CJK fonts, and for no other script's.
        assert "page.css" in fonts
        assert "NotoSansTamil-Regular.ttf" in fonts and "NotoSansCJK-Common-Regular.ttf" in fonts
        assert not [f for f in fonts if any(s in f for s in ("Khmer", "Arabic", "Bengali"))]
        # Every glyph drawn: the Tamil name's width is its font's, not a row of boxes.
        loaded = page.evaluate("Array.from(document.fonts).filter(f => f.status === 'loaded')"
                               ".map(f => f.unicodeRange).join(' ')")
        assert "U+B8" in loaded  # a Tamil range
        chromium.close()
        api.dispose()

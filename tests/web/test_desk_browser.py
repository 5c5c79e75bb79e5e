"""The desk in headless Chromium: search with accents, a scanner's code and Enter, a walk-in
added and printed (the browser's print path), a reprint confirmed, and a second desk (another
browser context) seeing the first desk's prints. Screenshots as in test_browser.py.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from test_browser import CHROMIUM, _shots, browser, new_event, server, sync_playwright

__all__ = ["server"]  # the fixture, imported for this module


@browser
def test_two_desks_find_scan_add_and_print(server: str, tmp_path: Path) -> None:
    assert sync_playwright is not None
    shots = _shots(tmp_path)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        api = p.request.new_context(base_url=server)
        event = new_event(api, "Desk day")
        r = api.post(f"/api/events/{event}/attendees", data={
            "first_name": "Walter", "last_name": "Scanner", "ticket": "TCK-0042"})
        assert r.status == 201

        one = chromium.new_context(viewport={"width": 1000, "height": 900})
        a: Any = one.new_page()
        a.set_default_timeout(30_000)
        a.goto(f"{server}events/{event}/desk")
        a.get_by_label("This desk").fill("Desk 1")
        a.get_by_label("This desk").dispatch_event("change")

        # Accents and case do not matter.
        a.get_by_label("Find an attendee").fill("jose maria")
        a.wait_for_selector("#results li")
        assert "José María de la Cruz Fernández" in a.locator("#results").inner_text()
        a.screenshot(path=shots / "d1-search.png", full_page=True)

        # A scanner types the ticket code and Enter: that attendee prints.
        find = a.get_by_label("Find an attendee")
        find.fill("")
        find.type("TCK-0042", delay=5)
        find.press("Enter")
        a.wait_for_function(
            "() => document.getElementById('status').textContent.includes('Walter')")
        assert "Printing in the browser: Walter Scanner" in a.locator("#status").inner_text()
        a.wait_for_selector("#results .printed")
        assert "printed 1×" in a.locator("#results").inner_text()
        a.screenshot(path=shots / "d2-scanned.png", full_page=True)

        # A walk-in, typed in; the name is text, never markup.
        a.get_by_label("First name").fill("<b>Bold</b>")
        a.get_by_label("Last name").fill("Zoë")
        a.get_by_role("button", name="Add and print").click()
        a.wait_for_function("() => document.getElementById('status').textContent.includes('Zoë')")
        a.wait_for_function("() => document.getElementById('results').textContent.includes('Zoë')")
        assert "<b>Bold</b> Zoë" in a.locator("#results").inner_text()
        assert a.locator("#results b").count() == 0
        a.screenshot(path=shots / "d3-walkin.png", full_page=True)

        # Another desk sees what the first printed, within a few seconds.
        two = chromium.new_context(viewport={"width": 1000, "height": 900})
        b: Any = two.new_page()
        b.goto(f"{server}events/{event}/desk")
        b.get_by_label("Find an attendee").fill("walter")
        b.wait_for_selector("#results .printed")
        assert "at Desk 1" in b.locator("#results").inner_text()
        b.screenshot(path=shots / "d4-second-desk.png", full_page=True)

        # A reprint asks once.
        time.sleep(3.2)  # past the double-click window
        asked: list[str] = []

        def answer(dialog: Any) -> None:
            asked.append(dialog.message)
            dialog.accept()

        b.on("dialog", answer)
        b.get_by_role("button", name="Reprint Walter Scanner").click()
        b.wait_for_function("() => document.querySelector('#results').textContent.includes('2×')")
        assert len(asked) == 1 and "already printed at" in asked[0] and "Desk 1" in asked[0]
        b.screenshot(path=shots / "d5-reprinted.png", full_page=True)
        chromium.close()
        api.dispose()



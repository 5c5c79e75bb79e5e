"""The desk in headless Chromium, third part: a list too long to show at once (a page at a
time, "Show 50 more"), other spellings ("smirnov" finds Иван Смирнов) with the ticket type,
"checked in N of M" and the not-arrived list, a search that finds nobody offering the walk-in
form filled from it, an imported attendee's badge corrected at the desk (shown as corrected,
with what the list says), and an attendee a newer list dropped, shown as "not in the current
list" with their print. Screenshots as in test_browser.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_browser import CHROMIUM, _shots, browser, server, sync_playwright

__all__ = ["server"]  # the fixture, imported for this module

HEAD = "First Name,Last Name,Company,Ticket Type,Email\n"
PEOPLE = ["Иван,Смирнов,Газпром,Speaker,ivan@example.org",
          "Jürgen,Müller,Siemens,Sponsor,j@example.org",
          "Ann,Smiht,ACME,Attendee,ann@example.org"]
CROWD = [f"Anna{i:03},Andersen,Co{i % 5},Attendee,a{i}@example.org" for i in range(120)]


def _upload(api: Any, event: str, rows: list[str], name: str) -> None:
    r = api.post(f"/api/events/{event}/import", multipart={"file": {
        "name": name, "mimeType": "text/csv", "buffer": (HEAD + "\n".join(rows)).encode()}})
    assert r.status == 200, r.text()


def _text(page: Any, selector: str) -> str:
    return str(page.locator(selector).inner_text())


@browser
def test_the_desk_at_a_big_event(server: str, tmp_path: Path) -> None:
    assert sync_playwright is not None
    shots = _shots(tmp_path)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        api = p.request.new_context(base_url=server)
        event = api.post("/api/events", data={"name": "Big day"}).json()["id"]
        _upload(api, event, PEOPLE + CROWD, "v1.csv")
        context = chromium.new_context(viewport={"width": 1100, "height": 1000})
        page: Any = context.new_page()
        page.set_default_timeout(30_000)
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(f"{server}events/{event}/desk")
        page.wait_for_function("() => document.getElementById('counts').textContent.includes("
                               "'Checked in 0 of 123')")
        find = page.get_by_label("Find an attendee")

        # A page at a time: 50 of the 120 Andersens, then 50 more, with the total.
        find.fill("andersen")
        page.wait_for_function("() => document.querySelectorAll('#results li').length === 50")
        assert "Showing 50 of 120" in _text(page, "#results-more")
        page.screenshot(path=shots / "h1-paged.png", full_page=True)
        page.get_by_role("button", name="Show 50 more").click()
        page.wait_for_function("() => document.querySelectorAll('#results li').length === 100")
        assert "Showing 100 of 120" in _text(page, "#results-more")
        page.get_by_role("button", name="Show 20 more").focus()
        page.keyboard.press("Enter")  # the keyboard works as well
        page.wait_for_function("() => document.querySelectorAll('#results li').length === 120")
        assert page.locator("#results-more").is_hidden()

        # Other spellings find the Cyrillic name; the ticket type shows in the result.
        find.fill("smirnov")
        page.wait_for_function("() => document.getElementById('results').textContent.includes("
                               "'Иван Смирнов')")
        row = page.locator("#results li", has_text="Иван Смирнов")
        assert "Speaker" in row.locator(".tag.kind").inner_text()
        find.fill("mueller")
        page.wait_for_function("() => document.getElementById('results').textContent.includes("
                               "'Jürgen Müller')")
        find.fill("smirnov")
        page.wait_for_function("() => document.querySelectorAll('#results li').length === 1 && "
                               "document.getElementById('results').textContent.includes('Смирнов')")
        page.screenshot(path=shots / "h2-smirnov.png", full_page=True)
        with context.expect_page():  # the browser print path opens the badge's PDF
            page.get_by_role("button", name="Print Иван Смирнов").click()
        page.wait_for_function("() => document.getElementById('counts').textContent.includes("
                               "'Checked in 1 of 123')")

        # Who has not arrived: everyone of the list but Ivan; printing one takes them off.
        page.get_by_text("Not arrived yet").click()
        page.wait_for_function("() => document.querySelectorAll('#waiting li').length === 50 && "
                               "document.getElementById('not-arrived-count').textContent "
                               "=== '(122)'")
        assert "(122)" in _text(page, "#not-arrived summary")
        assert "Showing 50 of 122" in _text(page, "#waiting-more")
        assert "Смирнов" not in _text(page, "#waiting")
        with context.expect_page():
            page.locator("#waiting").get_by_role("button", name="Print Jürgen Müller").click()
        page.wait_for_function("() => document.getElementById('waiting-shown').textContent"
                               ".includes('of 121')")
        assert "Müller" not in _text(page, "#waiting")
        page.wait_for_function("() => document.getElementById('counts').textContent.includes("
                               "'Checked in 2 of 123')")
        assert "(121)" in _text(page, "#not-arrived summary")
        page.screenshot(path=shots / "h3-not-arrived.png", full_page=False)
        page.get_by_text("Not arrived yet").click()  # closed again

        # Nobody found: the walk-in form, filled from the query.
        find.fill("jane van der berg")
        offer = page.get_by_role("button", name="Add “jane van der berg” as a walk-in")
        offer.click()
        walkin = page.locator("#walkin")
        assert walkin.get_by_label("First name").input_value() == "Jane"
        assert walkin.get_by_label("Last name").input_value() == "van der Berg"
        assert page.evaluate("document.activeElement.id") == "w-company"
        page.screenshot(path=shots / "h4-walkin-offer.png", full_page=True)
        find.fill("jo.doe@example.org")
        page.get_by_role("button", name="Add “jo.doe@example.org” as a walk-in").click()
        assert walkin.get_by_label("E-mail").input_value() == "jo.doe@example.org"
        assert walkin.get_by_label("First name").input_value() == "Jo"
        assert walkin.get_by_label("Last name").input_value() == "Doe"
        find.fill("Doe, Jo")
        page.get_by_role("button", name="Add “Doe, Jo” as a walk-in").click()
        assert walkin.get_by_label("First name").input_value() == "Jo"
        assert walkin.get_by_label("Last name").input_value() == "Doe"
        with context.expect_page():
            walkin.get_by_role("button", name="Add and print").click()
        page.wait_for_function("() => document.getElementById('counts').textContent.includes("
                               "'1 walk-in')")
        assert page.locator("#nomatch").is_hidden()
        assert "(121)" in _text(page, "#not-arrived summary")  # a walk-in was not expected

        # Any attendee's badge can be corrected at the desk; it shows as corrected.
        find.fill("smiht")
        page.get_by_role("button", name="Correct Ann Smiht").click()
        form = page.locator("#correct")
        assert "Correct the badge of Ann Smiht" in form.inner_text()
        form.get_by_label("Last name").fill("Smith")
        form.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_function("() => document.getElementById('results').textContent.includes("
                               "'Corrected at the desk: last name (was “Smiht”)')")
        assert "Ann Smith · ACME" in _text(page, "#results")
        page.get_by_role("button", name="Correct Ann Smith").click()
        assert "The list says: “Smiht”" in form.inner_text()
        page.screenshot(path=shots / "h5-corrected.png", full_page=True)
        form.get_by_role("button", name="Cancel").click()

        # A newer list without Ivan (printed): kept, "not in the current list", with his print.
        _upload(api, event, PEOPLE[1:] + CROWD, "v2.csv")
        find.fill("smirnov")
        page.wait_for_function("() => document.getElementById('results').textContent.includes("
                               "'not in the current list')")
        row = page.locator("#results li", has_text="Иван Смирнов")
        assert "printed 1×" in row.inner_text()
        page.wait_for_function("() => document.getElementById('counts').textContent.includes("
                               "'1 no longer in the list')")
        page.screenshot(path=shots / "h6-not-in-list.png", full_page=True)
        assert problems == []
        chromium.close()
        api.dispose()

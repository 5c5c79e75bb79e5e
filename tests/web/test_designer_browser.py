"""The badge designer in headless Chromium, driven as a person would: start from stock, add the
name and company from the list's columns, upload a logo and a background PDF, drag the logo
and resize it with its handles, nudge the name with the arrow keys and type a width, snap to
the centre line, add a band shown only for speakers and a QR code from the e-mail column,
undo and redo, save. Then the downloaded zip builds with the CLI into the app's PDF byte for
byte, the band prints on speakers only, the QR codes decode, and every box is where it was
put (within 0.1 mm). Screenshots at each step (see test_browser.py).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image
from test_browser import CHROMIUM, _shots, browser, new_event, server, sync_playwright, watch
from web_helpers import ROOT, SAMPLE_XLSX

__all__ = ["server"]  # the fixture, imported for this module

BACKGROUND = ROOT / "sample_data" / "event" / "background.pdf"
SETTLED = ("() => { const w = document.querySelector('.dz-stagewrap');"
           " return w.dataset.wanted && w.dataset.wanted === w.dataset.shown"
           " && w.dataset.state !== 'rendering'; }")


def _logo(path: Path) -> Path:
    """A PNG logo: 900 x 300 pixels, a dark blue bar with a light square."""
    im = Image.new("RGB", (900, 300), (12, 60, 140))
    im.paste((250, 200, 40), (40, 40, 260, 260))
    im.save(path)
    return path


class Designer:
    """The designer page, with the few moves a person makes."""

    def __init__(self, page: Any, shots: Path) -> None:
        self.page = page
        self.shots = shots
        self.n = 0

    def settle(self) -> None:
        self.page.wait_for_function(SETTLED)

    def shot(self, name: str) -> None:
        self.settle()
        self.n += 1
        self.page.screenshot(path=self.shots / f"z{self.n:02d}-{name}.png")

    def select(self, key: str) -> None:
        self.page.click(f'[data-element="{key}"]')
        self.page.wait_for_selector(f'#props-title:text-is("{_title(key)}")')

    def scale(self) -> float:
        """Screen pixels a mm: the stage is the bleed box (96 x 61 mm)."""
        box = self.page.get_by_test_id("badge-stage").bounding_box()
        return float(box["width"]) / 96.0

    def box(self, key: str) -> dict[str, float]:
        b = self.page.locator(f'svg rect.box[data-key="{key}"]').bounding_box()
        assert b is not None
        return b

    def drag(self, x: float, y: float, dx: float, dy: float, *, alt: bool = False) -> None:
        m = self.page.mouse
        if alt:
            self.page.keyboard.down("Alt")
        m.move(x, y)
        m.down()
        for i in range(1, 11):
            m.move(x + dx * i / 10, y + dy * i / 10)
        m.up()
        if alt:
            self.page.keyboard.up("Alt")

    def value(self, name: str) -> float:
        return float(self.page.locator(f'#props [name="{name}"]').input_value())

    def type_in(self, name: str, value: str) -> None:
        field = self.page.locator(f'#props [name="{name}"]')
        field.fill(value)
        field.press("Enter")


def _title(key: str) -> str:
    kind = key.split("[")[0].removeprefix("back.")
    return {"field": "Text", "image": "Image", "rect": "Band", "qr": "QR code"}[kind] + " " + key


def _mm(text: str) -> float:
    assert text.endswith("mm"), text
    return float(text[:-2])


def _near(box: dict[str, str], **want: float) -> None:
    for key, value in want.items():
        assert abs(_mm(box[key]) - value) <= 0.1, (key, box, want)


@browser
def test_a_badge_designed_in_the_browser_builds_as_the_cli_does(server: str,
                                                                 tmp_path: Path) -> None:
    assert sync_playwright is not None
    shots = _shots(tmp_path)
    logo = _logo(tmp_path / "logo.png")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        api = p.request.new_context(base_url=server)
        event = new_event(api, "DevConf 2026")
        context = chromium.new_context(viewport={"width": 1280, "height": 800},
                                       accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(30_000)
        problems = watch(page)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(f"{server}events/{event}/design")
        d = Designer(page, shots)
        d.shot("opened")

        # Start from stock: the A4 sheet of 90 x 55 mm badges, an empty badge.
        page.click("#stock-menu summary")
        page.select_option("#stock", "a4-90x55-8up")
        page.click("[data-action=stock-fresh]")
        page.wait_for_selector("#dz-error:not([hidden])")
        assert "needs at least one [[field]]" in page.locator("#dz-error").inner_text()
        d.shot("stock")

        # The name and the company, from the list's columns.
        page.select_option("#add-field", "{name}")
        page.wait_for_selector('[data-element="field[1]"]')
        page.select_option("#add-field", "{Company}")
        page.wait_for_selector('[data-element="field[2]"]')
        d.shot("name-and-company")

        # A logo (PNG) and a background (PDF) that fills the bleed.
        page.set_input_files("#add-image", str(logo))
        page.wait_for_selector('[data-element="image[1]"]')
        page.set_input_files("#add-image", str(BACKGROUND))
        page.wait_for_selector('[data-element="image[2]"]')
        page.select_option('#props [name="fills"]', "bleed")
        d.shot("logo-and-background")

        # Drag the logo (Alt: no snapping) and resize it with its lower right handle.
        d.select("image[1]")
        x0, y0, w0, h0 = (d.value(k) for k in ("x", "y", "width", "height"))
        s = d.scale()
        b = d.box("image[1]")
        d.drag(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2, 8 * s, 5 * s, alt=True)
        d.settle()
        assert abs(d.value("x") - (x0 + 8)) <= 0.1 and abs(d.value("y") - (y0 - 5)) <= 0.1
        handle = page.locator("svg .handle.se").bounding_box()
        d.drag(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2,
               6 * s, 2 * s, alt=True)
        d.settle()
        page.focus('#props [name="fit"]')  # a property field had the keys ...
        b = d.box("image[1]")
        x1 = d.value("x")
        page.mouse.click(b["x"] + 3, b["y"] + 3)  # ... the badge takes them back
        page.keyboard.press("ArrowDown")
        d.settle()
        assert page.locator('#props [name="fit"]').input_value() == "contain"
        assert d.value("x") == x1
        page.keyboard.press("ArrowUp")
        d.settle()
        logo_box = {k: d.value(k) for k in ("x", "y", "width", "height")}
        assert abs(logo_box["width"] - (w0 + 6)) <= 0.1
        assert abs(logo_box["height"] - (h0 + 2)) <= 0.1
        assert abs(logo_box["y"] - (y0 - 5 - 2)) <= 0.1  # the lower edge moved down
        d.shot("logo-dragged-and-resized")

        # Nudge the name with the arrow keys; type its width.
        d.select("field[1]")
        name_x, name_y = d.value("x"), d.value("y")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Shift+ArrowDown")
        d.settle()
        assert abs(d.value("x") - (name_x + 1)) <= 0.01
        assert abs(d.value("y") - (name_y - 5)) <= 0.01
        d.type_in("width", "70")
        d.settle()
        assert d.value("width") == 70
        d.shot("name-nudged")

        # The company, narrowed, then dragged until it snaps to the centre line.
        d.select("field[2]")
        d.type_in("width", "40")
        d.settle()
        b = d.box("field[2]")
        centre = page.get_by_test_id("badge-stage").bounding_box()
        target = centre["x"] + centre["width"] / 2
        page.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2)
        page.mouse.down()
        for i in range(1, 11):
            page.mouse.move(b["x"] + b["width"] / 2 + (target - 3 - b["x"] - b["width"] / 2)
                            * i / 10, b["y"] + b["height"] / 2)
        assert page.locator('svg line.snap[data-snap="x"]').count() == 1
        page.screenshot(path=shots / "z07a-snapping.png")
        page.mouse.up()
        d.settle()
        assert abs(d.value("x") - 25) <= 0.01  # its centre on the badge's: 45 mm
        d.shot("company-snapped")

        # A red band across the top, for speakers only.
        page.click("[data-action=add-rect]")
        page.wait_for_selector('[data-element="rect[1]"]')
        page.select_option('#props [name="when_column"]', "Ticket Type")
        page.select_option('#props [name="when_value"]', "Speaker")
        for part, value in zip("cmyk", ("0", "100", "90", "0"), strict=True):
            d.type_in(f"color_{part}", value)
        d.shot("band-for-speakers")

        # A QR code from the e-mail column.
        page.click("[data-action=add-qr]")
        page.wait_for_selector('[data-element="qr[1]"]')
        assert page.locator('#props [name="data"]').input_value() == "{Email}"
        d.shot("qr")

        # Undo and redo, with the keyboard and the buttons.
        page.locator("body").click(position={"x": 5, "y": 5})
        page.keyboard.press("Control+z")
        page.wait_for_selector('[data-element="qr[1]"]', state="detached")
        page.keyboard.press("Control+Shift+z")
        page.wait_for_selector('[data-element="qr[1]"]')
        page.click("[data-action=undo]")
        page.wait_for_selector('[data-element="qr[1]"]', state="detached")
        page.click("[data-action=redo]")
        page.wait_for_selector('[data-element="qr[1]"]')
        d.shot("undo-redo")

        # Save: the API answers the saved design.
        page.click("[data-action=save]")
        page.wait_for_function("() => document.getElementById('designer').dataset.dirty"
                               " === 'no'")
        d.shot("saved")
        # The switcher: a speaker gets the band; the checks beside the name say who else.
        page.select_option("#attendee", label="Ada Lovelace")
        d.select("field[1]")
        d.shot("a-speaker")
        saved = api.get(f"/api/events/{event}/layout").json()["layout"]
        fields = saved["field"]
        assert [f["text"] for f in fields] == ["{name}", "{Company}"]
        _near(fields[0]["box"], x=name_x + 1, y=name_y - 5, width=70)
        _near(fields[1]["box"], x=25, width=40)
        _near(saved["image"][0]["box"], **logo_box)
        assert saved["image"][1]["box"] == "bleed"
        assert saved["rect"][0]["when"] == "Ticket Type=Speaker"
        assert saved["rect"][0]["color"] == "cmyk(0, 100, 90, 0)"
        assert saved["qr"][0]["data"] == "{Email}"

        # The badge of a speaker and of an attendee (the saved design): the band on one only.
        people = api.get(f"/api/events/{event}/attendees?limit=200").json()
        by_type = {a["ticket_type"]: a["id"] for a in people}
        red = []
        for kind in ("Speaker", "Attendee"):
            png = api.get(f"/api/events/{event}/attendees/{by_type[kind]}/badge.png").body()
            im = Image.open(io.BytesIO(png)).convert("RGB")
            r_, g_, b_ = im.getpixel((im.width - 12, 10))  # inside the band, right of the logo
            red.append(r_ > 180 and g_ < 90 and b_ < 90)
        assert red == [True, False]

        # Download the layout; build it with the CLI; the app's build is the same PDF.
        with page.expect_download() as info:
            page.click("[data-action=download]")
        zipped = tmp_path / "cli" / "layout.zip"
        zipped.parent.mkdir()
        info.value.save_as(zipped)
        names = zipfile.ZipFile(zipped).namelist()
        assert sorted(names) == sorted(["a4-90x55-8up.toml", "logo.png", "background.pdf"])
        job = api.post(f"/api/events/{event}/build").json()["job"]
        for _ in range(600):
            state = api.get(f"/api/jobs/{job}").json()
            if state["state"] in ("done", "failed"):
                break
            time.sleep(0.2)
        assert state["state"] == "done", state
        app_pdf = api.get(f"/api/events/{event}/badges.pdf").body()
        chromium.close()
    listed = tmp_path / "cli" / "attendees.xlsx"  # named as uploaded
    listed.write_bytes(SAMPLE_XLSX.read_bytes())
    out = tmp_path / "cli" / "badges.pdf"
    subprocess.run([sys.executable, "-m", "badgepress", "build", str(listed), "-l", str(zipped),
                    "-o", str(out), "-q"], check=True,
                   env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
    assert out.read_bytes() == app_pdf

    # Every attendee's QR code decodes to their e-mail.
    pdf = pdfium.PdfDocument(out)
    found = set()
    for i in range(len(pdf)):
        image = pdf[i].render(scale=300 / 72).to_pil().convert("L")
        found |= {c.text for c in zxingcpp.read_barcodes(
            image, formats=zxingcpp.BarcodeFormat.QRCode)}
    emails = {a["email"] for a in people if a["email"]}
    assert found == emails
    # A draft with no text field yet is answered 422 (the badge says why): nothing else.
    assert [m for m in problems if "422" not in m] == [], problems


@browser
def test_the_back_of_a_fold_over_badge_by_keyboard_on_a_tablet(server: str,
                                                               tmp_path: Path) -> None:
    assert sync_playwright is not None
    shots = _shots(tmp_path)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        api = p.request.new_context(base_url=server)
        event = new_event(api, "Fold", "a4-fold-90x55-4up")
        front = api.get(f"/api/events/{event}/layout").json()["layout"]["field"]
        page = chromium.new_page(viewport={"width": 1024, "height": 768}, has_touch=True)
        page.set_default_timeout(30_000)
        page.goto(f"{server}events/{event}/design")
        d = Designer(page, shots)
        d.settle()
        # The back's elements are listed with the front's; choosing one turns the badge.
        assert page.locator('[data-element="back.field[2]"]').count() == 1
        page.focus('[data-element="back.field[2]"]')
        page.keyboard.press("Enter")
        page.wait_for_selector('#props-title:text-is("Text back.field[2]")')
        assert page.locator("#side-back").is_checked()
        page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowUp")
        d.settle()
        assert d.value("y") == 19.5
        # Tab leaves x (kept) for y; Enter keeps the height and hands the keys to the badge.
        page.focus('#props [name="x"]')
        page.keyboard.press("Control+a")
        page.keyboard.type("6")
        page.keyboard.press("Tab")
        page.wait_for_function("() => document.activeElement.name === 'y'")
        page.keyboard.press("Tab")  # width
        page.keyboard.press("Tab")  # height
        page.wait_for_function("() => document.activeElement.name === 'height'")
        page.keyboard.press("Control+a")
        page.keyboard.type("20")
        page.keyboard.press("Enter")
        d.settle()
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
        d.settle()
        assert d.value("x") == 5
        # The stage is the bleed box at the badge's proportions (96 x 61 mm).
        stage = page.get_by_test_id("badge-stage").bounding_box()
        assert abs(stage["width"] / stage["height"] - 96 / 61) < 0.01
        d.shot("tablet-back")
        page.keyboard.press("Control+s")
        page.wait_for_function("() => document.getElementById('designer').dataset.dirty"
                               " === 'no'")
        saved = api.get(f"/api/events/{event}/layout").json()["layout"]
        assert saved["back"]["field"][1]["box"] == {"x": "5mm", "y": "19.5mm", "width": "80mm",
                                                    "height": "20mm"}
        assert saved["field"] == front  # the front as it was

        # A custom stock, the elements kept and scaled; drawn by the engine; then undone.
        page.click("#stock-menu summary")
        page.select_option("#stock", "custom")
        page.fill("#custom_width", "100")
        page.fill("#custom_height", "70")
        page.click("[data-action=stock-keep]")
        d.settle()
        stage = page.get_by_test_id("badge-stage").bounding_box()
        assert abs(stage["width"] / stage["height"] - 106 / 76) < 0.01
        assert page.locator(".dz-stagewrap").get_attribute("data-state") == "ready"
        d.shot("tablet-custom-stock")
        page.click("[data-action=undo]")
        d.settle()
        stage = page.get_by_test_id("badge-stage").bounding_box()
        assert abs(stage["width"] / stage["height"] - 96 / 61) < 0.01
        assert page.locator("#designer").get_attribute("data-dirty") == "no"
        chromium.close()

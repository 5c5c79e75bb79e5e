"""The event's own name on its badges, renaming, re-dating and deleting an event, a list whose
names' column is not recognised, a layout uploaded without its artwork, backs in previews,
and the build page's "out of date".
"""

from __future__ import annotations

import io
import tomllib
import zipfile

from PIL import Image
from pypdf import PdfReader
from web_helpers import SAMPLE_XLSX, Web


def _pdf_text(data: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_the_events_name_and_dates_are_its_badges(web: Web) -> None:
    r = web.client.post("/api/events", json={"name": "Hanse Summit", "dates": "3 June"})
    event = r.json()["id"]
    ev = web.client.get(f"/api/events/{event}").json()
    assert ev["layout"] == "a4-90x55-8up"  # one-sided, as on the command line
    assert ev["event_text"] == {"name": "Hanse Summit", "dates": "3 June"}
    web.upload(event, SAMPLE_XLSX)
    layout = web.client.get(f"/api/events/{event}/layout.toml").text
    assert tomllib.loads(layout)["event"]["name"] == "Hanse Summit"
    assert web.build(event)["state"] == "done"
    assert "Hanse Summit" in _pdf_text(web.client.get(f"/api/events/{event}/badges.pdf").content)
    # Renamed and re-dated: the badges follow, and the last PDF is out of date.
    r = web.client.patch(f"/api/events/{event}", json={"name": "Hanse Summit 2027",
                                                       "dates": "3–4 June 2027"})
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["dates"]) == ("Hanse Summit 2027", "3–4 June 2027")
    layout = web.client.get(f"/api/events/{event}/layout.toml").text
    assert tomllib.loads(layout)["event"]["name"] == "Hanse Summit 2027"
    page = web.client.get(f"/events/{event}/build").text
    assert "Out of date:" in page and "name, dates or text changed" in page
    assert web.client.patch(f"/api/events/{event}", json={"name": "  "}).status_code == 400
    assert web.client.patch("/api/events/nope", json={"name": "X"}).status_code == 404


def test_an_event_is_deleted_with_its_files(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    assert web.build(event)["state"] == "done"
    uploads = list((web.data / "uploads").iterdir())
    assert uploads and (web.data / "events" / event).is_dir()
    page = web.client.get(f"/events/{event}/delete").text
    assert "Delete “DevConf”?" in page  # asks once
    r = web.client.post(f"/events/{event}/delete", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert web.client.get(f"/api/events/{event}").status_code == 404
    assert not (web.data / "events" / event).exists()
    assert not any(p.exists() for p in uploads)
    other = web.event("Other")
    assert web.client.delete(f"/api/events/{other}").status_code == 204
    assert web.client.get("/api/events").json() == []


def test_a_list_without_a_recognised_names_column_asks_for_it(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)  # the current list, which stays until the new one is mapped
    odd = "Kennung,Wer,Wo\nK1,Ann Lee,ACME\nK2,Bob Ray,Initech\n"
    r = web.client.post(f"/api/events/{event}/import",
                        files={"file": ("odd.csv", odd.encode())})
    assert r.status_code == 400
    assert r.json()["error"] == ("odd.csv: no column was recognised as the attendees' names "
                                 "(columns: 'Kennung', 'Wer', 'Wo'); choose the column that "
                                 "holds the names in the mapping")
    summary = web.client.get(f"/api/events/{event}/import").json()
    assert summary["imported"] == 40 and summary["pending"]["headers"] == ["Kennung", "Wer",
                                                                           "Wo"]
    page = web.client.get(f"/events/{event}").text
    assert "Which column holds the names?" in page and "--map" not in page
    r = web.client.post(f"/api/events/{event}/mapping", json={"name": "Wer"})
    assert r.status_code == 200, r.text
    assert (r.json()["imported"], r.json()["file"], r.json()["pending"]) == (2, "odd.csv", None)


def test_a_layout_uploaded_without_its_artwork_is_refused_naming_the_file(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    toml = (b'name = "Mine"\n[sheet]\nsize = "A4"\n[badge]\nsize = "90mm x 55mm"\n'
            b'[[image]]\nfile = "logo.png"\nbox = { x = "5mm", y = "40mm", width = "20mm", '
            b'height = "10mm" }\n[[field]]\ntext = "{name}"\n'
            b'box = { x = "5mm", y = "10mm", width = "80mm", height = "20mm" }\n'
            b'font = "Noto Sans Bold"\nsize = { max = "20pt", min = "8pt" }\n')
    r = web.client.post(f"/api/events/{event}/layout", files={"files": ("mine.toml", toml)})
    assert r.status_code == 400
    error = r.json()["error"]
    assert error == ("mine.toml: image[1].file: logo.png: not found; upload it with the layout "
                     "(choose the .toml and its files together, or a .zip of them)")
    assert web.client.get(f"/api/events/{event}").json()["layout"] == "a4-90x55-8up"
    # With the logo, in a zip, it is taken.
    png = io.BytesIO()
    Image.new("RGB", (200, 100), (10, 94, 168)).save(png, format="PNG")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("mine.toml", toml)
        zf.writestr("logo.png", png.getvalue())
    r = web.client.post(f"/api/events/{event}/layout",
                        files={"files": ("mine.zip", zipped.getvalue())})
    assert r.status_code == 200, r.text


def test_a_double_sided_layout_previews_both_sides(web: Web) -> None:
    event = web.event(layout="a4-90x55-8up-duplex")
    web.upload(event, SAMPLE_XLSX)
    ada = web.client.get(f"/api/events/{event}/attendees", params={"q": "lovelace"}).json()[0]
    front = web.client.get(f"/api/events/{event}/attendees/{ada['id']}/badge.png")
    back = web.client.get(f"/api/events/{event}/attendees/{ada['id']}/badge.png?side=back")
    assert front.status_code == back.status_code == 200 and front.content != back.content
    assert "double-sided" in web.client.get(f"/events/{event}/preview").text
    assert "<strong>double-sided</strong>" in web.client.get(f"/events/{event}/build").text
    one = web.event(layout="a4-90x55-8up")
    web.upload(one, SAMPLE_XLSX)
    r = web.client.get(f"/api/events/{one}/attendees/{ada['id'] + 40}/badge.png?side=back")
    assert r.status_code == 400 and "has no back" in r.json()["error"]


def test_a_label_printers_thumbnail_is_upright(web: Web) -> None:
    event = web.event()
    png = web.client.get(f"/api/events/{event}/layouts/label-dymo-30856/thumb.png").content
    width, height = Image.open(io.BytesIO(png)).size
    assert width > height  # the card as it is worn, not as the printer feeds it

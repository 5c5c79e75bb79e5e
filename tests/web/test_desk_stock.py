"""A desk's stock (issue 25): ``GET /api/stocks``; ``PUT``/``GET /api/events/{e}/desks/{desk}``
with ``"stock"`` (a stock the event's badge does not fit, without a desk design, refused in one
line); a print job's PDF is one page of the stock's size; desk designs per stock; the driver's
``lp -o`` options; the event's sheet with prints held N to a sheet; the thumbnail.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Sequence
from pathlib import Path

import pytest
from pypdf import PdfReader
from web_helpers import ROOT, SAMPLE_XLSX, Web

from badgepress.sheet.deskstock import desk_stock
from badgepress.sheet.printers import driver_named
from badgepress.sheet.units import mm

KINDS = {"sheet", "label", "label-printer", "card", "page"}


def _walkin(web: Web, event: str, first: str = "Wal", last: str = "Kin") -> int:
    r = web.client.post(f"/api/events/{event}/attendees",
                        json={"first_name": first, "last_name": last, "company": "ACME"})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _pdf(web: Web, job: str) -> PdfReader:
    r = web.client.get(f"/api/prints/{job}.pdf")
    assert r.status_code == 200, r.text
    return PdfReader(io.BytesIO(r.content))


def _shown_mm(reader: PdfReader) -> tuple[float, float]:
    """The first page's size (its media box: the badge as it reads; a label fed short side
    first turns it with /Rotate), in mm.
    """
    page = reader.pages[0]
    return float(page.mediabox.width) / mm(1), float(page.mediabox.height) / mm(1)


def test_the_stocks_a_desk_may_choose(web: Web) -> None:
    r = web.client.get("/api/stocks")
    assert r.status_code == 200
    stocks = r.json()
    assert stocks[0]["name"] == "sheet" and stocks[0]["kind"] == "sheet"
    for s in stocks:
        assert {"name", "title", "width_mm", "height_mm", "kind"} <= set(s)
        assert s["kind"] in KINDS
    names = {s["name"] for s in stocks}
    assert {"label-dymo-30856", "label-dymo-30374", "label-4x3in", "label-4x6in",
            "label-brother-62mm", "label-brother-dk11202", "card-cr80", "page-a6"} <= names
    dymo = next(s for s in stocks if s["name"] == "label-dymo-30856")
    assert dymo["kind"] == "label-printer" and dymo["width_mm"] == pytest.approx(102.87)
    # For an event: its sheet's paper, and what prints on each stock (or why nothing does).
    event = web.event()
    listed = web.client.get("/api/stocks", params={"event": event}).json()
    assert listed[0]["width_mm"] == 210.0 and listed[0]["design"] == "event"
    cr80 = next(s for s in listed if s["name"] == "card-cr80")
    assert cr80["design"] is None and "never scales" in cr80["why"]
    assert web.client.get("/api/stocks", params={"event": "nope"}).status_code == 404


def test_a_stock_the_badge_does_not_fit_is_refused_in_one_line(web: Web) -> None:
    event = web.event()  # 90 x 55 mm, 8 to an A4
    r = web.client.put(f"/api/events/{event}/desks/Desk 1", json={"stock": "label-dymo-30856"})
    assert r.status_code == 400
    error = r.json()["error"]
    assert error.startswith("Desk 1 cannot print on label-dymo-30856: the event's badge is "
                            "90.0×55.0 mm and the stock label-dymo-30856 is 102.9×61.9 mm")
    assert "\n" not in error and "/" not in error.split(":")[0]
    # Nothing changed: the desk still prints on the event's sheet.
    info = web.client.get(f"/api/events/{event}/desks/Desk 1").json()
    assert info["stock"] == "sheet" and info["design"]["source"] == "event"
    r = web.client.put(f"/api/events/{event}/desks/Desk 1", json={"stock": "no-such"})
    assert r.status_code == 400 and "is not a desk stock; choose one of: sheet, card-cr80" in (
        r.json()["error"])
    r = web.client.put(f"/api/events/{event}/desks/Desk 1", json={"driver": "epson"})
    assert r.status_code == 400 and r.json()["error"].startswith("unknown driver 'epson'")


@pytest.mark.parametrize("stock", ["label-dymo-30856", "label-4x3in", "label-brother-62mm"])
def test_a_desk_on_a_label_stock_prints_one_page_of_its_size(tmp_path: Path, stock: str
                                                             ) -> None:
    web = Web(tmp_path / "data")
    event = web.event(layout=stock)  # the event's design is the stock's size
    r = web.client.put(f"/api/events/{event}/desks/Label desk",
                       json={"printer": "browser", "stock": stock})
    assert r.status_code == 200, r.text
    info = r.json()
    assert (info["printer"], info["stock"], info["kind"]) == ("browser", stock, "label-printer")
    assert info["design"]["source"] == "event" and info["options"] == []  # the browser
    assert web.client.get(f"/api/events/{event}/desks/Label desk").json() == info
    aid = _walkin(web, event)
    job = web.client.post(f"/api/events/{event}/attendees/{aid}/print",
                          json={"desk": "Label desk"}).json()
    assert job["state"] == "done"
    reader = _pdf(web, job["job"])
    want = desk_stock(stock).badge
    assert len(reader.pages) == 1
    assert _shown_mm(reader) == pytest.approx((want[0] / mm(1), want[1] / mm(1)), abs=0.01)
    assert int(reader.pages[0].get("/Rotate", 0)) == desk_stock(stock).rotate
    assert "Wal" in reader.pages[0].extract_text()
    listed = web.client.get(f"/api/events/{event}/desks").json()
    assert {"desk": "Label desk", "printer": "browser", "stock": stock} in listed


def _design(tmp_path: Path, stock: str) -> Path:
    """A layout of ``stock``'s size: the shipped one, with its own title."""
    src = ROOT / "layouts" / f"{stock}.toml"
    text = src.read_text(encoding="utf-8")
    out = tmp_path / f"desk-{stock}.toml"
    out.write_text(text, encoding="utf-8")
    return out


def test_a_desk_design_prints_on_its_stock(web: Web, tmp_path: Path) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    design = _design(tmp_path, "label-dymo-30374")
    r = web.client.post(f"/api/events/{event}/desk-designs/label-dymo-30374",
                        files=[("files", (design.name, design.read_bytes()))])
    assert r.status_code == 200, r.text
    assert [d["stock"] for d in r.json()] == ["label-dymo-30374"]
    assert r.json()[0]["file"] == design.name
    listed = web.client.get("/api/stocks", params={"event": event}).json()
    assert next(s for s in listed if s["name"] == "label-dymo-30374")["design"] == "desk design"
    r = web.client.put(f"/api/events/{event}/desks/D", json={"stock": "label-dymo-30374"})
    assert r.status_code == 200, r.text
    assert r.json()["design"]["source"] == "desk design"
    ada = web.client.get(f"/api/events/{event}/attendees", params={"q": "lovelace"}).json()[0]
    job = web.client.post(f"/api/events/{event}/attendees/{ada['id']}/print",
                          json={"desk": "D"}).json()
    reader = _pdf(web, job["job"])
    assert _shown_mm(reader) == pytest.approx((88.9, 50.8), abs=0.01)
    # A design of another size is refused in one line, and nothing changes.
    wrong = _design(tmp_path, "label-4x3in")
    r = web.client.post(f"/api/events/{event}/desk-designs/label-dymo-30374",
                        files=[("files", (wrong.name, wrong.read_bytes()))])
    assert r.status_code == 400
    assert r.json()["error"].startswith(f"{wrong.name}: badge.size: the design's badge is "
                                        "101.6×76.2 mm and the stock label-dymo-30374")
    assert web.client.get(f"/api/events/{event}/desk-designs").json()[0]["file"] == design.name
    # Dropped: the desk on that stock can no longer print it (it says why).
    assert web.client.delete(f"/api/events/{event}/desk-designs/label-dymo-30374"
                             ).status_code == 204
    assert web.client.delete(f"/api/events/{event}/desk-designs/label-dymo-30374"
                             ).status_code == 404
    info = web.client.get(f"/api/events/{event}/desks/D").json()
    assert "never scales" in info["design"]["error"]


def _fake_lp(folder: Path) -> Path:
    folder.mkdir()
    lp = folder / "lp"
    lp.write_text('#!/bin/sh\necho "$@" >> "$(dirname "$0")/args"\n'
                  'echo "request id is $2-1 (1 file(s))"\n', encoding="utf-8")
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    return folder


def test_the_stock_and_driver_give_lp_its_options(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _fake_lp(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    web = Web(tmp_path / "data", printer="DeskDymo")  # the default queue: not asked of CUPS
    event = web.event(layout="label-dymo-30856")
    r = web.client.put(f"/api/events/{event}/desks/D",
                       json={"stock": "label-dymo-30856", "driver": "dymo"})
    assert r.status_code == 200, r.text
    assert r.json()["options"] == ["PageSize=w176h292", "print-scaling=none"]
    assert (r.json()["driver"], r.json()["driver_chosen"]) == ("dymo", True)
    aid = _walkin(web, event)
    job = web.client.post(f"/api/events/{event}/attendees/{aid}/print", json={"desk": "D"})
    assert job.json()["state"] == "queued", job.text
    args = (folder / "args").read_text(encoding="utf-8").split()
    assert args[:2] == ["-d", "DeskDymo"]
    assert args[2:4] == ["-t", "badge"]  # "badge JOB", the job title
    assert args[5:11] == ["-o", "PageSize=w176h292", "-o", "print-scaling=none", "--",
                          args[-1]]
    # Back to the queue's own driver (none known for this queue): scaling off only.
    r = web.client.put(f"/api/events/{event}/desks/D", json={"driver": "auto"})
    assert r.json()["driver_chosen"] is False
    # On the event's sheet, lp gets no options, as before stocks.
    web.client.put(f"/api/events/{event}/desks/E", json={"stock": "sheet"})
    two = _walkin(web, event, "Bea", "Sheet")
    web.client.post(f"/api/events/{event}/attendees/{two}/print", json={"desk": "E"})
    last = (folder / "args").read_text(encoding="utf-8").splitlines()[-1].split()
    assert "-o" not in last


@pytest.mark.parametrize(("text", "driver"), [
    ('*NickName: "DYMO LabelWriter 450"\n*cupsFilter: "application/vnd.cups-raster 0 '
     'raster2dymolw"', "dymo"),
    ("DYMO LabelWriter 450 Turbo", "dymo"),
    ("DYMO LabelWriter 550", None),
    ("DYMO Label Printer", None),  # CUPS's own sample driver: other media names
    ('*NickName: "Zebra ZPL Label Printer"', "zebra-zpl"),
    ("Zebra EPL2 Label Printer", None),
    ("Brother QL-820NWB Foomatic/ptouch-ql (recommended)", "ptouch-ql"),
    ("Generic CUPS-PDF Printer (w/ options)", None),
])
def test_a_queues_driver_is_read_from_its_ppd_or_make_and_model(text: str, driver: str | None
                                                                ) -> None:
    assert driver_named(text) == driver


def test_held_prints_go_out_together_on_the_events_sheet(web: Web) -> None:
    event = web.event()  # 8 to an A4
    r = web.client.put(f"/api/events/{event}/desks/Desk 1", json={"hold": True})
    assert r.status_code == 200 and r.json()["hold"] is True and r.json()["per_sheet"] == 8
    people = [_walkin(web, event, f"Person{i}", "Held") for i in range(3)]
    for n, aid in enumerate(people, 1):
        j = web.client.post(f"/api/events/{event}/attendees/{aid}/print",
                            json={"desk": "Desk 1"}).json()
        assert (j["state"], j["held"], j["per_sheet"]) == ("waiting", n, 8)
    # Pressed again: the same waiting print, not a second one.
    again = web.client.post(f"/api/events/{event}/attendees/{people[0]}/print",
                            json={"desk": "Desk 1"}).json()
    assert again["state"] == "waiting" and again.get("repeated")
    assert web.client.get(f"/api/events/{event}/desks/Desk 1").json()["held"] == 3
    person = web.client.get(f"/api/events/{event}/attendees/{people[0]}").json()
    assert person["printed"] == 0 and person["prints"][0]["state"] == "waiting"
    # On demand: one sheet with the three badges, from slot 1.
    r = web.client.post(f"/api/events/{event}/desks/Desk 1/sheet")
    assert r.status_code == 202, r.text
    sheet = r.json()
    assert sheet["count"] == 3 and sheet["state"] == "done" and len(sheet["jobs"]) == 3
    reader = _pdf(web, sheet["job"])
    assert len(reader.pages) == 1 and _shown_mm(reader) == pytest.approx((210, 297), abs=0.1)
    text = reader.pages[0].extract_text()
    assert all(f"Person{i}" in text for i in range(3))
    assert _pdf(web, sheet["jobs"][2]).pages[0].extract_text() == text
    for aid in people:
        assert web.client.get(f"/api/events/{event}/attendees/{aid}").json()["printed"] == 1
    r = web.client.post(f"/api/events/{event}/desks/Desk 1/sheet")
    assert r.status_code == 409 and r.json()["error"] == "no badge is held for the sheet at Desk 1"
    # When the sheet is full it prints by itself.
    crowd = [_walkin(web, event, f"Crowd{i}", "Full") for i in range(8)]
    states = [web.client.post(f"/api/events/{event}/attendees/{aid}/print",
                              json={"desk": "Desk 1"}).json() for aid in crowd]
    assert [s["state"] for s in states[:7]] == ["waiting"] * 7
    assert states[7]["state"] == "done" and states[7]["count"] == 8
    assert web.client.get(f"/api/events/{event}/desks/Desk 1").json()["held"] == 0
    # Holding is for the event's sheet only.
    r = web.client.put(f"/api/events/{event}/desks/Desk 2",
                       json={"stock": "page-a6", "hold": True})
    assert r.status_code == 400


def test_the_desk_shows_the_badge_it_is_about_to_print(web: Web, tmp_path: Path) -> None:
    event = web.event(layout="label-dymo-30856")
    web.client.put(f"/api/events/{event}/desks/D", json={"stock": "label-dymo-30856"})
    aid = _walkin(web, event)
    r = web.client.get(f"/api/events/{event}/desks/D/badge.png", params={"attendee": aid})
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    from PIL import Image

    img = Image.open(io.BytesIO(r.content))
    img.save(tmp_path / "desk-thumb.png")
    assert img.width > img.height  # upright as worn: the 30856 card reads across
    sample = web.client.get(f"/api/events/{event}/desks/D/badge.png")
    assert sample.status_code == 200 and sample.content != r.content
    assert web.client.get(f"/api/events/{event}/desks/D/badge.png",
                          params={"attendee": 999999}).status_code == 404


@pytest.mark.parametrize("in_cups", [True, False])
def test_a_held_sheet_cut_by_a_stop_is_settled_as_one_job(web: Web, in_cups: bool,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    from badgepress.web.desk import settle
    from badgepress.web.engine import printing, prints

    sent: list[str] = []

    def submit(queue: str, pdf: Path, *, title: str, options: Sequence[str] = ()
               ) -> printing.Job:
        sent.append(title)
        return printing.Job("Q-7", queue)

    monkeypatch.setattr(printing, "queues", lambda: printing.Queues(
        (printing.Queue("Q", True, None, ""),), None, None))
    monkeypatch.setattr(printing, "submit", submit)
    monkeypatch.setattr(printing, "status", lambda job: printing.JobStatus("queued"))
    event = web.event()
    assert web.client.put(f"/api/events/{event}/desks/D", json={"printer": "Q", "hold": True}
                          ).status_code == 200
    people = [_walkin(web, event, f"P{i}", "Sheet") for i in range(2)]
    for aid in people:
        web.client.post(f"/api/events/{event}/attendees/{aid}/print", json={"desk": "D"})

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # the server stops after lp took the sheet

    with monkeypatch.context() as m:
        m.setattr(prints, "set_print", killed)
        with pytest.raises(KeyboardInterrupt):
            prints.print_sheet(web.state, event, "D")
    first = sent[0].removeprefix("badge ")
    waiting = {prints.job_title(first): "Q-7"} if in_cups else {}
    monkeypatch.setattr(printing, "titled", lambda q, title: waiting.get(title))
    outcome = settle.settle_prints(web.state)
    assert dict(outcome) == ({"queued": 2} if in_cups else {"failed": 2})
    assert len(sent) == 1  # never sent again, badge by badge
    for aid in people:
        last = web.client.get(f"/api/events/{event}/attendees/{aid}").json()["prints"][-1]
        assert last["state"] == ("queued" if in_cups else "failed")


def test_the_design_page_lists_the_desk_stocks_and_takes_a_desk_design(web: Web,
                                                                      tmp_path: Path) -> None:
    event = web.event()
    page = web.client.get(f"/events/{event}/layouts").text  # where a design starts from
    assert 'id="desk-stock-label-dymo-30374"' in page and "never scales" in page
    design = _design(tmp_path, "label-dymo-30374")
    r = web.client.post(f"/events/{event}/design?do=desk&stock=label-dymo-30374",
                        files=[("files", (design.name, design.read_bytes()))],
                        follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("/layouts"), r.text
    page = web.client.get(f"/events/{event}/layouts").text
    row = page.split('id="desk-stock-label-dymo-30374"')[1].split("</li>")[0]
    assert f"the desk design {design.name}" in " ".join(row.split())
    wrong = _design(tmp_path, "label-4x3in")
    r = web.client.post(f"/events/{event}/design?do=desk&stock=label-dymo-30374",
                        files=[("files", (wrong.name, wrong.read_bytes()))])
    assert r.status_code == 400 and "the design&#39;s badge is 101.6×76.2 mm" in r.text

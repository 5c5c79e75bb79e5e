"""The desk's API, second part: each desk's printer remembered on the server, walk-ins
corrected (and reprinted without a nag the first time), a print job followed until it ends,
and the desk's badge the CLI's byte for byte. CUPS is a fake ``lp``/``lpstat`` on PATH here
(test_cups.py and test_desk_browser2.py use the real queue).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from web_helpers import SAMPLE_XLSX, Web

import badgepress.web.engine.prints as desk_module
from badgepress.web.store import lists


def _fake_cups(folder: Path, queues: tuple[str, ...] = ("BadgePDF", "Label")) -> Path:
    """``lp`` that keeps the job (request id QUEUE-N), and ``lpstat`` that lists ``queues``
    and says a job is done once the file ``done-ID`` exists (or held with ``stopped``).
    """
    folder.mkdir()
    (folder / "lp").write_text(
        '#!/bin/sh\nfor last; do :; done; cp "$last" "$(dirname "$0")/printed.pdf"\n'
        'n=$(ls "$(dirname "$0")" | grep -c "^job-"); n=$((n + 1))\n'
        'touch "$(dirname "$0")/job-$2-$n"\necho "request id is $2-$n (1 file(s))"\n',
        encoding="utf-8")
    names = " ".join(queues)
    (folder / "lpstat").write_text(
        '#!/bin/sh\nd="$(dirname "$0")"\n'
        'if [ "$1" = "-p" ]; then for q in ' + names + '; do\n'
        '  if [ -e "$d/stopped" ]; then echo "printer $q disabled since Thu -"; '
        'echo "\tOut of labels"; else echo "printer $q is idle.  enabled since Thu"; fi\n'
        'done; exit 0; fi\n'
        'for f in "$d"/job-*; do [ -e "$f" ] || continue; id=${f##*/job-}\n'
        '  if [ -e "$d/done-$id" ]; then [ "$2" = completed ] && echo "$id root 1 Thu"\n'
        '  else [ "$2" = not-completed ] && echo "$id root 1 Thu"; fi\ndone\nexit 0\n',
        encoding="utf-8")
    for tool in ("lp", "lpstat"):
        (folder / tool).chmod(0o755 | stat.S_IEXEC)
    return folder


@pytest.fixture
def cups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = _fake_cups(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return folder


def _walkin(web: Web, event: str, **fields: str) -> int:
    r = web.client.post(f"/api/events/{event}/attendees", json=fields)
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def test_each_desk_keeps_its_printer_on_the_server(tmp_path: Path, cups: Path) -> None:
    web = Web(tmp_path / "data", printer="BadgePDF")
    event = web.event()
    body = web.client.get("/api/printers").json()
    assert body["queues"] == ["BadgePDF", "Label"] and body["reason"] is None
    assert body["default"] == "BadgePDF"
    # A desk that never chose prints on serve --printer.
    r = web.client.get(f"/api/events/{event}/desks/Desk 1")
    assert {k: r.json()[k] for k in ("desk", "printer", "chosen", "default", "stock")} == {
        "desk": "Desk 1", "printer": "BadgePDF", "chosen": False, "default": "BadgePDF",
        "stock": "sheet"}
    r = web.client.put(f"/api/events/{event}/desks/Desk 1", json={"printer": "Label"})
    assert r.status_code == 200 and r.json()["printer"] == "Label" and r.json()["chosen"]
    r = web.client.put(f"/api/events/{event}/desks/Desk 2", json={"printer": "browser"})
    assert r.json()["printer"] == "browser"
    # Another laptop (a new client, the same server) naming the same desk gets its choice.
    other = Web.__new__(Web)
    other.client = type(web.client)(web.asgi, base_url=str(web.client.base_url))
    assert other.client.get(f"/api/events/{event}/desks/Desk 1").json()["printer"] == "Label"
    # A queue CUPS does not have is refused, in one line.
    r = web.client.put(f"/api/events/{event}/desks/Desk 3", json={"printer": "Nope"})
    assert r.status_code == 400
    assert r.json()["error"] == ("no CUPS queue 'Nope' on this computer; queues: BadgePDF, "
                                 "Label; or choose 'browser'")
    # Each desk prints where it chose.
    one = _walkin(web, event, first_name="Ada", last_name="Label")
    two = _walkin(web, event, first_name="Bea", last_name="Browser")
    three = _walkin(web, event, first_name="Cy", last_name="Default")
    assert web.client.post(f"/api/events/{event}/attendees/{one}/print",
                           json={"desk": "Desk 1"}).json()["printer"] == "Label"
    assert web.client.post(f"/api/events/{event}/attendees/{two}/print",
                           json={"desk": "Desk 2"}).json()["printer"] == "browser"
    assert web.client.post(f"/api/events/{event}/attendees/{three}/print",
                           json={"desk": "Desk 4"}).json()["printer"] == "BadgePDF"
    # Back to the default.
    r = web.client.put(f"/api/events/{event}/desks/Desk 1", json={"printer": None})
    assert (r.json()["printer"], r.json()["chosen"]) == ("BadgePDF", False)
    listed = web.client.get(f"/api/events/{event}/desks").json()
    assert {d["desk"]: d["printer"] for d in listed} == {
        "Desk 1": "BadgePDF", "Desk 2": "browser", "Desk 4": "BadgePDF"}


def test_without_cups_a_desk_can_still_choose_the_browser(web: Web,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    from badgepress.web.engine import printing

    monkeypatch.setattr(printing, "_tool", lambda name: None)
    event = web.event()
    body = web.client.get("/api/printers").json()
    assert body["queues"] == [] and body["reason"].startswith("CUPS is not installed")
    assert "\n" not in body["reason"]
    r = web.client.put(f"/api/events/{event}/desks/Desk 1", json={"printer": "browser"})
    assert r.status_code == 200 and r.json()["printer"] == "browser"
    r = web.client.put(f"/api/events/{event}/desks/Desk 1", json={"printer": "BadgePDF"})
    assert r.status_code == 400 and "queues: none (CUPS is not installed" in r.json()["error"]


def test_a_walkin_is_corrected_and_reprinted(web: Web, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    aid = _walkin(web, event, first_name="Grce", last_name="Hoper", company="US Nayv",
                  role="Speeker")
    first = web.client.post(f"/api/events/{event}/attendees/{aid}/print", json={"desk": "D"})
    assert first.status_code == 202
    r = web.client.patch(f"/api/events/{event}/attendees/{aid}",
                         json={"first_name": "Grace", "last_name": "Hopper",
                               "company": "US Navy", "role": "Speaker"})
    assert r.status_code == 200, r.text
    person = r.json()
    assert (person["name"], person["company"], person["role"]) == (
        "Grace Hopper", "US Navy", "Speaker")
    assert person["fields"]["Ticket Type"] == "Speaker"  # the list's own column follows
    # Durable before the answer: a fresh app over the same folder sees it.
    again = Web(web.data)
    assert again.client.get(f"/api/events/{event}/attendees/{aid}").json()["name"] == (
        "Grace Hopper")
    # Search and exports show the corrected values.
    found = web.client.get(f"/api/events/{event}/attendees", params={"q": "hopper"}).json()
    assert aid in [a["id"] for a in found]
    assert not web.client.get(f"/api/events/{event}/attendees", params={"q": "grce"}).json()
    csv = web.client.get(f"/api/events/{event}/export.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[-1].startswith("walkin,,Grace,Hopper,Grace Hopper,US Navy")
    # The badge changed: the first reprint does not ask; the next one does.
    monkeypatch.setattr(desk_module, "DOUBLE_CLICK", 0.0)
    r = web.client.post(f"/api/events/{event}/attendees/{aid}/print", json={"desk": "D"})
    assert r.status_code == 202 and r.json()["job"] != first.json()["job"]
    pdf = web.client.get(f"/api/prints/{r.json()['job']}.pdf").content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Grace" in text and "Hopper" in text and "Grce" not in text
    r = web.client.post(f"/api/events/{event}/attendees/{aid}/print", json={"desk": "D"})
    assert r.status_code == 409
    # A field sent empty is cleared; one not sent is kept.
    r = web.client.patch(f"/api/events/{event}/attendees/{aid}", json={"company": ""})
    assert (r.json()["company"], r.json()["name"]) == ("", "Grace Hopper")
    r = web.client.patch(f"/api/events/{event}/attendees/{aid}",
                         json={"first_name": "", "last_name": ""})
    assert r.status_code == 400 and "needs a name" in r.json()["error"]


def test_a_listed_attendee_gets_a_desk_correction_printed_over_the_list(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    ada = web.client.get(f"/api/events/{event}/attendees", params={"q": "lovelace"}).json()[0]
    assert ada["corrected"] is False and ada["in_list"] is True
    r = web.client.patch(f"/api/events/{event}/attendees/{ada['id']}",
                         json={"first_name": "Ava"})
    assert r.status_code == 200, r.text
    person = r.json()
    assert (person["first_name"], person["name"], person["corrected"]) == (
        "Ava", "Ava Lovelace", True)
    assert person["corrections"]["first_name"] == {"list": "Ada", "desk": "Ava"}
    csv = web.client.get(f"/api/events/{event}/export.csv").content.decode("utf-8-sig")
    line = next(x for x in csv.splitlines() if "Ava Lovelace" in x)
    assert line.endswith(",yes,yes")  # in the list, corrected
    # The same list again keeps the desk's correction.
    web.upload(event, SAMPLE_XLSX)
    again = web.client.get(f"/api/events/{event}/attendees/{ada['id']}").json()
    assert (again["name"], again["corrected"]) == ("Ava Lovelace", True)
    # Set back to the list's value, it is no correction any more.
    r = web.client.patch(f"/api/events/{event}/attendees/{ada['id']}",
                         json={"first_name": "Ada"})
    assert (r.json()["name"], r.json()["corrected"]) == ("Ada Lovelace", False)
    assert web.client.patch(f"/api/events/{event}/attendees/99999",
                            json={"first_name": "X"}).status_code == 404


def test_a_cups_job_is_followed_until_it_ends(tmp_path: Path, cups: Path) -> None:
    web = Web(tmp_path / "data", printer="BadgePDF")
    event = web.event()
    aid = _walkin(web, event, first_name="Ana", last_name="Li")
    job = web.client.post(f"/api/events/{event}/attendees/{aid}/print",
                          json={"desk": "A"}).json()
    assert (job["state"], job["cups"]) == ("queued", "BadgePDF-1")
    url = f"/api/events/{event}/jobs/{job['job']}"
    r = web.client.get(url).json()
    assert (r["state"], r["cups"], r["attendee"], r["desk"]) == ("queued", "BadgePDF-1", aid, "A")
    (cups / "stopped").touch()  # the printer stops: the job is held, with its message
    import badgepress.web.desk.jobs as deskjobs

    deskjobs._asked.clear()
    r = web.client.get(url).json()
    assert (r["state"], r["message"]) == ("held", "Out of labels")
    # The desk's list says held (with the printer's message), not printed.
    last = web.client.get(f"/api/events/{event}/attendees?q=Ana").json()[0]["last_print"]
    assert (last["state"], last["printer"], last["message"]) == ("held", "BadgePDF",
                                                                  "Out of labels")
    (cups / "stopped").unlink()
    (cups / "done-BadgePDF-1").touch()
    deskjobs._asked.clear()
    assert web.client.get(url).json()["state"] == "done"
    person = web.client.get(f"/api/events/{event}/attendees/{aid}").json()
    assert person["printed"] == 1 and person["prints"][0]["state"] == "done"
    # A job that vanished from CUPS (cancelled) fails, and the walk-in stays.
    aid2 = _walkin(web, event, first_name="Bo", last_name="Lost")
    job2 = web.client.post(f"/api/events/{event}/attendees/{aid2}/print",
                           json={"desk": "A"}).json()
    (cups / f"job-{job2['cups']}").unlink()
    deskjobs._asked.clear()
    r = web.client.get(f"/api/events/{event}/jobs/{job2['job']}").json()
    assert (r["state"], r["message"]) == ("failed", "the job was cancelled or lost")
    assert web.client.get(f"/api/events/{event}/attendees/{aid2}").json()["name"] == "Bo Lost"
    assert web.client.get(f"/api/events/{event}/jobs/nope").status_code == 404


def test_the_desks_badge_is_the_clis_byte_for_byte(web: Web, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    event = web.event(layout="shop-90x55")
    web.upload(event, SAMPLE_XLSX)
    people = web.client.get(f"/api/events/{event}/attendees").json()
    # Several prints first: the event's warm state (layout, planner) is reused between them.
    for a in people[:4]:
        assert web.client.post(f"/api/events/{event}/attendees/{a['id']}/print",
                               json={"desk": "D"}).json()["state"] == "done"
    ada = next(a for a in people if a["last_name"] == "Lovelace")
    job = web.client.post(f"/api/events/{event}/attendees/{ada['id']}/print",
                          json={"desk": "D"}).json()
    desk_pdf = web.client.get(f"/api/prints/{job['job']}.pdf").content
    info = lists.info(web.state.store, event)
    assert info is not None
    src = tmp_path / "cli" / info.path.rsplit("/", 1)[-1]
    src.parent.mkdir()
    shutil.copy(SAMPLE_XLSX, src)
    out = tmp_path / "cli" / "badge.pdf"
    subprocess.run([sys.executable, "-m", "badgepress", "build", str(src), "-o", str(out), "-q",
                    "--layout", "shop-90x55", "--where", "Last Name=Lovelace",
                    "--set", "event.name=DevConf"], check=True,
                   env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
    assert desk_pdf == out.read_bytes()


def test_the_web_finds_with_the_desks_search(web: Web) -> None:
    event = web.event()

    def names(q: str) -> list[str]:
        r = web.client.get(f"/api/events/{event}/attendees", params={"q": q})
        return [a["name"] for a in r.json()]

    assert names("ann") == []  # the index is made now, then kept up to date
    _walkin(web, event, first_name="Bo", last_name="Li", company="Ann Arbor Inc")
    _walkin(web, event, first_name="Annabel", last_name="Smith", ticket="TCK-ANN")
    other = _walkin(web, event, first_name="Ann", last_name="Other")
    # Whole-word name matches first, then names starting with it, then the rest.
    assert names("ann") == ["Ann Other", "Annabel Smith", "Bo Li"]
    assert names("tck-ann") == ["Annabel Smith"]  # a scanned code finds that attendee alone
    web.client.patch(f"/api/events/{event}/attendees/{other}", json={"first_name": "Anna"})
    assert names("ann") == ["Anna Other", "Annabel Smith", "Bo Li"]  # shorter first
    assert names("ann other") == ["Anna Other"] and names("anna") == ["Anna Other", "Annabel Smith"]
    assert names("anna other") == ["Anna Other"]
    # Without a query: row order (walk-ins in the order added).
    every = web.client.get(f"/api/events/{event}/attendees").json()
    assert [a["name"] for a in every] == ["Bo Li", "Annabel Smith", "Anna Other"]


def test_the_pages_fonts_cover_scripts_not_latin(web: Web) -> None:
    from badgepress.text.fonts import shipped_fonts_dir

    r = web.client.get("/fonts/page.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    rules = {re.search(r'url\("/fonts/([^"]+)"\)', line).group(1):  # type: ignore[union-attr]
             line.split("unicode-range: ")[1] for line in r.text.splitlines()}
    assert "U+B82-BFA" in rules["NotoSansTamil-Regular.ttf"]  # the Tamil block
    assert "NotoSansCJK-Common-Regular.ttf" in rules and "NotoSans-Regular.ttf" not in rules
    for name, ranges in rules.items():  # no Latin letter, digit or punctuation is claimed
        for part in ranges.rstrip("; }").split(", "):
            low = int(part[2:].split("-")[0], 16)
            assert low >= 0x530, (name, part)
    font = web.client.get("/fonts/NotoSansTamil-Regular.ttf")
    assert font.status_code == 200 and font.headers["content-type"] == "font/ttf"
    assert font.content == (shipped_fonts_dir() / "NotoSansTamil-Regular.ttf").read_bytes()
    assert web.client.get("/fonts/nope.ttf").status_code == 404
    assert web.client.get("/fonts/..%2F..%2Fpyproject.toml").status_code == 404

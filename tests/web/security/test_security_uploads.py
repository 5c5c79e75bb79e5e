"""Finding 9: uploads are whole or absent. A list is written under a temporary name beside its
final one, flushed, and renamed only after its transaction committed; a full disk answers 507
with one line and leaves nothing (simulated twice: an ``OSError(ENOSPC)`` injected at the
write, and, where this machine lets the test mount one, a real 4 MB tmpfs); on start, what a
killed server left in ``uploads/`` and ``layouts/`` is settled or removed (also shown with
kill -9 during imports of a real server).
"""

from __future__ import annotations

import contextlib
import errno
import html
import io
import os
import shutil
import subprocess
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import Server
from starlette.testclient import TestClient
from web_helpers import BASE, ROOT, SAMPLE_XLSX, Web

from badgepress.web.store import uploads
from badgepress.web.store.uploads import PART

FULL = ("the data folder's disk is full: the list was not stored; free some space and try "
        "again")


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_full_disk_during_a_list_upload_is_507_and_leaves_nothing(
        web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    event = web.event()
    assert web.upload(event, SAMPLE_XLSX).status_code == 200
    before = _files(web.data / "uploads")

    def full(path: Path, data: bytes) -> None:
        with path.open("xb") as f:
            f.write(data[: len(data) // 2])  # part of it reached the disk, then no room
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(uploads, "_write", full)
    r = web.upload(event, SAMPLE_XLSX, "second.xlsx")
    assert (r.status_code, r.json()) == (507, {"error": FULL})
    assert _files(web.data / "uploads") == before
    assert web.client.get(f"/api/events/{event}/import").json()["file"] == "attendees.xlsx"
    # The page says the same line.
    r = web.client.post(f"/events/{event}/list",
                        files={"file": ("second.xlsx", SAMPLE_XLSX.read_bytes())})
    assert r.status_code == 507 and FULL in html.unescape(r.text)
    # A layout upload too.
    text = (ROOT / "layouts" / "a4-90x55-8up.toml").read_bytes()
    r = web.client.post(f"/api/events/{event}/layout", files={"files": ("my.toml", text)})
    assert r.status_code == 507 and r.json()["error"].startswith(
        "the data folder's disk is full: the layout was not stored")
    assert _files(web.data / "layouts") == []


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_really_full_disk(small_disk: Path, tmp_path: Path) -> None:
    web = Web(small_disk / "data")
    event = web.event()
    big = tmp_path / "big.csv"
    big.write_text("Name,Company\n" + "A Person,Some Company Ltd\n" * 250_000,
                   encoding="utf-8")  # about 6 MB: more than the disk holds
    r = web.upload(event, big)
    assert (r.status_code, r.json()) == (507, {"error": FULL})
    assert _files(web.data / "uploads") == []
    assert web.upload(event, SAMPLE_XLSX).status_code == 200  # room again: it works
    # The database's own writes on a full disk: one line too.
    filler = (small_disk / "filler").open("wb", buffering=0)
    with contextlib.suppress(OSError):
        while True:
            filler.write(b"\0" * 65536)
    filler.close()
    names = [f"Event {i}" for i in range(200)]
    answers = [web.client.post("/api/events", json={"name": n}) for n in names]
    full = [r for r in answers if r.status_code != 201]
    assert full and all(r.status_code == 507 for r in full), full[0].text
    assert full[0].json() == {"error": "the data folder's disk is full: nothing was saved; "
                              "free some space and try again"}
    for t in threading.enumerate():  # the previews made after the upload, before unmounting
        if t.name.startswith("prepare-"):
            t.join(60)


def test_on_start_leftovers_are_settled_or_removed(tmp_path: Path) -> None:
    web = Web(tmp_path / "data")
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    stored = web.state.store.db.current_list(web.state.store.event(event))
    assert stored is not None
    up = web.data / "uploads"
    # A list committed but not yet renamed (killed between the two), a half-written
    # temporary, and a copy no list refers to (what the audit found after kill -9).
    (up / stored["stored"]).rename(up / (PART + stored["stored"]))
    (up / (PART + "aaaa.csv")).write_bytes(b"Name\nHalf")
    (up / "bbbb.xlsx").write_bytes(b"orphan")
    (web.data / "layouts" / "cccc").mkdir()
    (web.data / "layouts" / (PART + "dddd")).mkdir()
    again = Web(tmp_path / "data")
    with TestClient(again.asgi, base_url=BASE):  # the app starts
        pass
    assert _files(up) == [stored["stored"]]
    assert _files(web.data / "layouts") == []
    assert again.client.get(f"/api/events/{event}/import").json()["imported"] == 40


def test_kill_9_during_imports_leaves_no_stray_copy(tmp_path: Path) -> None:
    data = tmp_path / "data"
    big = tmp_path / "big.csv"
    big.write_text("Name,Company\n" + "".join(f"Person {i},Company {i % 9}\n"
                                               for i in range(60_000)), encoding="utf-8")
    body = (b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
            b"\r\n" + big.read_bytes() + b"\r\n--b--\r\n")
    server = Server(data)
    event = server.request("POST", "/api/events", {"name": "Kill"})[1]["id"]
    server.stop()
    for delay in (0.05, 0.3, 0.6, 1.0, 1.5):
        server = Server(data)
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        conn.request("POST", f"/api/events/{event}/import", body,
                     {"Content-Type": "multipart/form-data; boundary=b"})
        time.sleep(delay)
        server.kill()
        conn.close()
    server = Server(data)  # starts, tidies
    try:
        status, summary = server.request("GET", f"/api/events/{event}/import")
        referenced = set()
        web = Web(data)
        with web.state.store.db.read() as con:
            referenced = {r[0] for r in con.execute("SELECT stored FROM lists")}
        assert set(_files(data / "uploads")) == referenced
        assert status == 200 and summary["imported"] in (0, 60_000)
    finally:
        server.stop()


def test_an_uploaded_layout_folder_is_whole(web: Web) -> None:
    event = web.event()
    buf = io.BytesIO()
    text = (ROOT / "layouts" / "a4-90x55-8up.toml").read_text(encoding="utf-8")
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("design/layout.toml", text)
    r = web.client.post(f"/api/events/{event}/layout", files={"files": ("d.zip", buf.getvalue())})
    assert r.status_code == 200, r.text
    folders = _files(web.data / "layouts")
    assert len(folders) == 1 and not folders[0].startswith(".")

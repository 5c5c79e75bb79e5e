"""Nothing answered is lost: walk-ins posted by several desks at once to a real server on
127.0.0.1, the server killed with SIGKILL mid-stream and restarted: every walk-in that was
answered with success is there, and none twice (a resent request is the same walk-in).
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

DESKS, PER_DESK = 6, 40


def _start(data: Path) -> tuple[subprocess.Popen[str], int]:
    proc = subprocess.Popen([sys.executable, "-m", "badgepress", "serve", "--port", "0",
                             "--data", str(data)], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"))
    assert proc.stdout is not None
    proc.stdout.readline()
    return proc, int(proc.stdout.readline().strip().rsplit(":", 1)[1].strip("/"))


def _post(port: int, path: str, body: dict[str, str]) -> tuple[int, dict[str, object]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
        r = conn.getresponse()
        return r.status, json.loads(r.read() or b"{}")
    finally:
        conn.close()


def test_kill_9_loses_no_answered_walkin(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proc, port = _start(data)
    status, body = _post(port, "/api/events", {"name": "Durable"})
    assert status == 201
    event = str(body["id"])
    answered: dict[str, int] = {}  # request id -> attendee id
    lock = threading.Lock()
    stop = threading.Event()

    def desk(n: int) -> None:
        for i in range(PER_DESK):
            if stop.is_set():
                return
            request = f"desk{n}-{i}"
            try:
                status, body = _post(port, f"/api/events/{event}/attendees", {
                    "first_name": f"Walk{n}", "last_name": f"In{i}", "request": request})
            except (OSError, http.client.HTTPException):
                return  # the server is gone: this one was not answered
            if status == 201:
                with lock:
                    answered[request] = int(str(body["id"]))

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(DESKS)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    while len(answered) < DESKS * PER_DESK // 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)  # mid-stream
    proc.wait(10)
    stop.set()
    for t in threads:
        t.join(30)
    assert answered, "no walk-in was answered before the kill"

    proc, port = _start(data)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        people: list[dict[str, object]] = []
        while True:  # every page of the list (200 an answer at most)
            conn.request("GET", f"/api/events/{event}/attendees?limit=200&offset={len(people)}")
            page = json.loads(conn.getresponse().read())
            people += page["attendees"]
            if len(people) >= page["total"] or not page["attendees"]:
                break
        ids = [p["id"] for p in people]
        assert len(ids) == len(set(ids))
        assert set(answered.values()) <= set(ids)
        names = [p["name"] for p in people]
        assert len(names) == len(set(names))  # none twice
        # Sending an answered request again is the same walk-in, not a second one.
        request, aid = next(iter(answered.items()))
        n, i = request[4:].split("-")
        status, body = _post(port, f"/api/events/{event}/attendees", {
            "first_name": f"Walk{n}", "last_name": f"In{i}", "request": request})
        assert (status, body["id"]) == (200, aid)
    finally:
        proc.terminate()
        proc.wait(10)

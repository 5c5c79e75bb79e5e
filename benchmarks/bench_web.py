"""The web app against the CLI, on 127.0.0.1 only, in one run (bounded loops).

Measures, for a list of N synthetic attendees (the workbook of bench_build.py):

- upload and map: POST the workbook to /api/events/{e}/import, then fix a mapping (POST
  /mapping, which reads the list again), each until the answer arrives;
- first preview page visible: GET /events/{e}/preview (the hardest badges: every attendee is
  planned) and the 12 badge PNGs on it, one after the other as a browser with one connection;
- full build: POST /build and poll /api/jobs/{job} every 50 ms until done, against
  `badgepress build` of the same file with the same mapping and a report (the app always
  writes one, for its downloads) in a new process; paired
  (app, CLI, app, CLI, ...) so both see the same machine, and the median ratio given;
- badge PNG: GET /attendees/{id}/badge.png for attendees not yet previewed (the first
  rendering of each) and again (cached): median and 95th percentile.

    python benchmarks/bench_web.py              # 10,000 attendees, 3 pairs
    python benchmarks/bench_web.py 2000 --repeat 5
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import make_workbook


class Client:
    """A keep-alive HTTP client to 127.0.0.1 (the app's pages look like this to it)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        h = {"Origin": f"http://127.0.0.1:{self.port}", **(headers or {})}
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=h)
                r = self.conn.getresponse()
                return r.status, r.read()
            except (http.client.RemoteDisconnected, ConnectionError):
                # The server closed an idle keep-alive connection: open a new one, once.
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def json(self, method: str, path: str, data: Any = None) -> Any:
        status, body = self.request(method, path, json.dumps(data).encode() if data is not None
                                    else None, {"Content-Type": "application/json"})
        assert status < 400, (status, body[:300])
        return json.loads(body)

    def upload(self, path: str, name: str, data: bytes) -> Any:
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
                f"filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                ).encode() + data + f"\r\n--{boundary}--\r\n".encode()
        status, out = self.request("POST", path, body, {
            "Content-Type": f"multipart/form-data; boundary={boundary}"})
        assert status == 200, out[:300]
        return json.loads(out)


def start_server(data: Path) -> tuple[subprocess.Popen[str], int]:
    proc = subprocess.Popen([sys.executable, "-m", "badgepress", "serve", "--port", "0",
                             "--data", str(data)], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"))
    assert proc.stdout is not None
    proc.stdout.readline()
    url = proc.stdout.readline().strip()
    return proc, int(url.rsplit(":", 1)[1].strip("/"))


def build_app(c: Client, event: str) -> float:
    t = time.perf_counter()
    job = c.json("POST", f"/api/events/{event}/build")["job"]
    for _ in range(12_000):  # at most ten minutes
        state = c.json("GET", f"/api/jobs/{job}")
        if state["state"] in ("done", "failed"):
            assert state["state"] == "done", state
            return time.perf_counter() - t
        time.sleep(0.05)
    raise RuntimeError("the build did not finish in ten minutes")


def build_cli(src: Path, out: Path) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "badgepress", "build", str(src), "-o", str(out),
                    "--report", str(out.with_suffix(".json")), "-q", "--map",
                    "role=Ticket Type"], check=True)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, nargs="?", default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pngs", type=int, default=60)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        d = Path(tmp)
        src = d / "attendees.xlsx"
        make_workbook(args.n, src)
        proc, port = start_server(d / "data")
        try:
            c = Client(port)
            event = c.json("POST", "/api/events", {"name": "Bench"})["id"]
            t = time.perf_counter()
            summary = c.upload(f"/api/events/{event}/import", "attendees.xlsx",
                               src.read_bytes())
            t_upload = time.perf_counter() - t
            assert summary["imported"] == args.n, summary["imported"]
            t = time.perf_counter()
            c.json("POST", f"/api/events/{event}/mapping", {"role": "Ticket Type"})
            t_map = time.perf_counter() - t
            print(f"{args.n:,} rows: upload and read {t_upload:.2f} s; mapping fixed and read "
                  f"again {t_map:.2f} s")

            t = time.perf_counter()
            status, html = c.request("GET", f"/events/{event}/preview")
            assert status == 200
            ids = [int(part.split("/")[0]) for part in
                   html.decode().split(f"/api/events/{event}/attendees/")[1:]]
            for aid in ids:
                status, _png = c.request("GET", f"/api/events/{event}/attendees/{aid}/badge.png")
                assert status == 200
            t_preview = time.perf_counter() - t
            print(f"first preview page visible (page + {len(ids)} badge PNGs): "
                  f"{t_preview:.2f} s")

            people = c.json("GET", f"/api/events/{event}/attendees?limit={args.pngs + 100}")
            fresh = [p["id"] for p in people if p["id"] not in set(ids)][:args.pngs]
            first, again = [], []
            for aid in fresh:
                t = time.perf_counter()
                c.request("GET", f"/api/events/{event}/attendees/{aid}/badge.png")
                first.append(time.perf_counter() - t)
            for aid in fresh:
                t = time.perf_counter()
                c.request("GET", f"/api/events/{event}/attendees/{aid}/badge.png")
                again.append(time.perf_counter() - t)

            def p95(xs: list[float]) -> float:
                return sorted(xs)[int(0.95 * (len(xs) - 1))]

            print(f"badge PNG, first rendering: median {statistics.median(first) * 1000:.0f} ms,"
                  f" p95 {p95(first) * 1000:.0f} ms ({len(first)} badges); cached: median "
                  f"{statistics.median(again) * 1000:.1f} ms")

            ratios = []
            for i in range(args.repeat):
                a = build_app(c, event)
                b = build_cli(src, d / "cli.pdf")
                ratios.append(a / b)
                print(f"  pair {i + 1}: app {a:.2f} s, CLI {b:.2f} s, ratio {a / b:.2f}")
            print(f"full build of {args.n:,} badges: app / CLI median ratio "
                  f"{statistics.median(ratios):.2f} (range {min(ratios):.2f}-{max(ratios):.2f}, "
                  f"{args.repeat} pairs)")
        finally:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()

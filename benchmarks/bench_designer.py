"""The designer through HTTP, on 127.0.0.1 (a server of its own, with a list of N attendees):

- the render refresh: ``POST /api/events/{e}/layout/render`` after each change (the name
  nudged by up to 0.5 mm, so no render is a cache hit), for one badge of the next attendee of
  the switcher; median and 95th percentile in ms, from the request sent to the PNG read;
- the live checks: ``POST /api/events/{e}/layout/check`` (the checks and the switcher's
  hardest attendees over the whole list);
- the page's load: ``/events/{e}/design`` opened in Debian's chromium (Playwright) until the
  badge is drawn, the elements listed and the switcher filled (hardest first); and each of
  the requests the page makes to get there.

    python benchmarks/bench_designer.py [N] [--renders 60] [--layout a4-90x55-8up]
    python benchmarks/bench_designer.py --event-design     # artwork and a QR code
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import make_workbook
from bench_web import Client, start_server

READY = ("() => { const w = document.querySelector('.dz-stagewrap');"
         " return w && w.dataset.state === 'ready' && w.dataset.wanted === w.dataset.shown"
         " && document.querySelectorAll('#elements [data-element]').length > 0"
         " && document.querySelectorAll('#attendee option').length > 0; }")


def pct(xs: list[float], p: float) -> float:
    return sorted(xs)[min(len(xs) - 1, int(p * len(xs)))]


def timed(c: Client, method: str, path: str, data: object = None) -> tuple[float, bytes]:
    body = json.dumps(data).encode() if data is not None else None
    t = time.perf_counter()
    status, out = c.request(method, path, body, {"Content-Type": "application/json"})
    ms = (time.perf_counter() - t) * 1000
    assert status == 200, (status, out[:300])
    return ms, out


def upload_design(c: Client, api: str) -> None:
    """The sample event's design (its .toml, background and logo) as the event's."""
    folder = Path(__file__).resolve().parents[1] / "sample_data" / "event"
    boundary = uuid.uuid4().hex
    body = b""
    for name in ("event.toml", "background.pdf", "logo.svg"):
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
                 f"filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                 ).encode() + (folder / name).read_bytes() + b"\r\n"
    status, out = c.request("POST", api + "/layout", body + f"--{boundary}--\r\n".encode(),
                            {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 200, out[:300]


def page_load(port: int, event: str, loads: int) -> list[float]:
    """Milliseconds from navigation to a drawn, listed, switchable designer."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for _ in range(loads):
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            t = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/events/{event}/design")
            page.wait_for_function(READY, timeout=120_000, polling=10)
            out.append((time.perf_counter() - t) * 1000)
            page.close()
        browser.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, nargs="?", default=10_000)
    ap.add_argument("--renders", type=int, default=60)
    ap.add_argument("--checks", type=int, default=10)
    ap.add_argument("--loads", type=int, default=5)
    ap.add_argument("--layout", default="a4-90x55-8up")
    ap.add_argument("--event-design", action="store_true",
                    help="the sample event's design (background PDF, SVG logo, QR code)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-designer-") as tmp:
        d = Path(tmp)
        make_workbook(args.n, d / "attendees.xlsx")
        proc, port = start_server(d / "data")
        try:
            c = Client(port)
            event = c.json("POST", "/api/events", {"name": "Designer bench",
                                                   "layout": args.layout})["id"]
            c.upload(f"/api/events/{event}/import", "attendees.xlsx",
                     (d / "attendees.xlsx").read_bytes())
            api = f"/api/events/{event}"
            if args.event_design:
                upload_design(c, api)
                args.layout = "sample event"
            first = {}
            for path in ("/layout", "/designer"):
                first[path], body = timed(c, "GET", api + path)
            layout = json.loads(timed(c, "GET", api + "/layout")[1])["layout"]
            ms, body = timed(c, "POST", api + "/layout/check", {"layout": layout})
            switcher = [a["id"] for a in json.loads(body)["attendees"]]
            print(f"{args.n:,} attendees, layout {args.layout}")
            print(f"first GET /layout {first['/layout']:.0f} ms, GET /designer "
                  f"{first['/designer']:.0f} ms, first POST /layout/check {ms:.0f} ms")
            field = next(i for i, f in enumerate(layout["field"])
                         if "{first_name}" in f.get("text", "") or f.get("text") == "{name}")
            x0 = float(layout["field"][field]["box"]["x"].removesuffix("mm"))
            times = []
            for n in range(args.renders + 1):
                draft = copy.deepcopy(layout)
                draft["field"][field]["box"]["x"] = f"{x0 - 0.5 + (n % 101) * 0.01:.2f}mm"
                ms, png = timed(c, "POST", api + "/layout/render", {
                    "layout": draft, "attendee": switcher[n % len(switcher)]})
                assert png.startswith(b"\x89PNG")
                times.append(ms)
            rest = times[1:]
            print(f"render refresh (POST /layout/render, one badge): first {times[0]:.0f} ms; "
                  f"median {statistics.median(rest):.0f} ms, p95 {pct(rest, 0.95):.0f} ms, "
                  f"max {max(rest):.0f} ms over {len(rest)}")
            checks = []
            for n in range(args.checks):
                draft = copy.deepcopy(layout)
                draft["field"][field]["box"]["x"] = f"{x0 - 0.5 + n * 0.05:.2f}mm"
                checks.append(timed(c, "POST", api + "/layout/check", {"layout": draft})[0])
            print(f"live checks (POST /layout/check over the list): median "
                  f"{statistics.median(checks):.0f} ms, max {max(checks):.0f} ms")
            again = {p: timed(c, "GET", api + p)[0] for p in ("/layout", "/designer")}
            print(f"again: GET /layout {again['/layout']:.0f} ms, GET /designer "
                  f"{again['/designer']:.0f} ms")
            loads = page_load(port, event, args.loads)
            print(f"page load to a drawn, listed, switchable designer: first {loads[0]:.0f} ms,"
                  f" median {statistics.median(loads):.0f} ms, max {max(loads):.0f} ms "
                  f"over {len(loads)}")
        finally:
            proc.terminate()
            proc.wait(30)


if __name__ == "__main__":
    main()

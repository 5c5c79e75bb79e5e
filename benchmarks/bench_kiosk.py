"""Desks and kiosks printing on a label printer at once, on 127.0.0.1 only (bounded loops that
stop by themselves).

- scan -> job accepted by CUPS, with 8 desks and 4 kiosks working at once over N attendees
  (ticket ids ``T-000001`` ...): a desk's scan is the search its page sends for the scanned
  code, then the print of the one attendee found; a kiosk's is its look-up, then its print.
  Every desk and kiosk prints on the DYMO 30856 stock through a DYMO LabelWriter 450 queue
  (its driver read from the queue's PPD, ``lp -o PageSize=w176h292 -o print-scaling=none``).
  "Accepted" is the print's answer: ``lp`` returned CUPS's request id. Latency percentiles and
  errors;
- the one-badge PDF for the label stock, in the server's own warm print state (the engine's
  ``WarmPrints.one_pdf``, in this process): the first, then median and p95 of the rest;
- one kiosk alone, as fast as its budget lets it (look-up and print back to back): badges an
  hour if the printer were instant, and the server's time a badge.

    python benchmarks/bench_kiosk.py --held-queue                 # root: see below
    python benchmarks/bench_kiosk.py --held-queue --seconds 60 --prefix kiosk25

``--held-queue`` (root, lpadmin): a DYMO LabelWriter 450 queue of its own (``PREFIX-held``),
added stopped (``cupsdisable``), so CUPS accepts every job (what is measured) and prints none;
its jobs are cancelled and the queue removed at the end. Without it the desks print in the
browser (the PDF is still made). Each simulated desk and kiosk sends a cookie of its own, as
separate computers (separate addresses) would: the kiosks' budget is per client.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_desk_web import pct, start
from bench_web import Client

STOCK = "label-dymo-30856"
PPD = "dymo:0/cups/model/lw450.ppd"


class Station(Client):
    """A desk's or kiosk's browser: its own cookie, and the kiosk token when it is one."""

    def __init__(self, port: int, name: str, token: str | None = None) -> None:
        super().__init__(port)
        self.extra = {"Cookie": f"station={quote(name)}"}
        if token:
            self.extra["Authorization"] = f"Bearer {token}"

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        return super().request(method, path, body, {**self.extra, **(headers or {})})


def make_list(n: int, path: Path) -> Path:
    """A CSV of ``n`` attendees with ticket ids."""
    firsts = ["Anna", "Eero", "Zoë", "Jürgen", "Eleanor", "Esteban", "Priya", "Kwame", "Li"]
    lasts = ["Lovelace", "Eriksson", "Müller", "Okonkwo", "Nakamura", "Petersen", "Dvořák"]
    rows = ["Ticket ID,First Name,Last Name,Company,Email"]
    rows += [f"T-{i:06},{firsts[i % 9]},{lasts[(i // 9) % 7]}{i % 97},Company {i % 50},"
             f"p{i}@example.org" for i in range(n)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def together(port: int, event: str, token: str, seconds: float, n: int) -> None:
    """8 desks (a scan every 2 s each) and 4 kiosks (one every 3 s each) at once."""
    tickets = iter(range(n))
    lock = threading.Lock()
    times: dict[str, list[float]] = {"desk": [], "kiosk": []}
    errors: list[str] = []
    end = time.monotonic() + seconds

    def next_ticket() -> str:
        with lock:
            return f"T-{next(tickets):06}"

    def station(kind: str, k: int) -> None:
        name = f"{kind.title()} {k}"
        me = Station(port, name, token if kind == "kiosk" else None)
        every = 2.0 if kind == "desk" else 3.0
        while time.monotonic() < end:
            tick = time.monotonic()
            code = next_ticket()
            try:
                t = time.perf_counter()
                if kind == "desk":
                    found = me.json("GET", f"/api/events/{event}/attendees?paged=1&limit=50"
                                           f"&q={quote(code)}")["attendees"]
                    assert len(found) == 1, (code, len(found))
                    job = me.json("POST", f"/api/events/{event}/attendees/{found[0]['id']}"
                                          "/print", {"desk": name})
                else:
                    me.json("GET", f"/api/events/{event}/kiosk/lookup?code={quote(code)}")
                    job = me.json("POST", f"/api/events/{event}/kiosk/print",
                                  {"code": code, "kiosk": name})
                took = time.perf_counter() - t
                if job["state"] == "failed":
                    raise RuntimeError(str(job))
                with lock:
                    times[kind].append(took)
            except Exception as exc:  # counted, the station goes on
                with lock:
                    errors.append(f"{kind}: {exc}")
            time.sleep(max(0.0, every - (time.monotonic() - tick)))

    threads = [threading.Thread(target=station, args=(kind, k))
               for kind, count in (("desk", 8), ("kiosk", 4)) for k in range(1, count + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    both = times["desk"] + times["kiosk"]
    print(f"8 desks + 4 kiosks for {seconds:g} s over {n:,} attendees: {len(both)} scans "
          f"printed, {len(errors)} errors{': ' + errors[0] if errors else ''}")
    for kind, xs in (("desks", times["desk"]), ("kiosks", times["kiosk"]), ("all", both)):
        if xs:
            print(f"  scan -> job accepted, {kind:<6}: median {statistics.median(xs) * 1000:5.0f}"
                  f" ms, p95 {pct(xs, 0.95):5.0f} ms, max {max(xs) * 1000:5.0f} ms "
                  f"({len(xs)})")


def one_kiosk(port: int, event: str, token: str, start_at: int, seconds: float) -> None:
    """One kiosk, look-up and print back to back, waiting only where its budget says so."""
    me = Station(port, "Kiosk alone", token)
    done, server = 0, []
    end = time.monotonic() + seconds
    t0 = time.monotonic()
    code_no = start_at
    while time.monotonic() < end:
        code = f"T-{code_no:06}"
        spent = 0.0
        for method, path, body in (
                ("GET", f"/api/events/{event}/kiosk/lookup?code={quote(code)}", None),
                ("POST", f"/api/events/{event}/kiosk/print",
                 json.dumps({"code": code, "kiosk": "Kiosk alone"}).encode())):
            while True:  # each step waits for the budget, as the page's attendee would
                s0 = time.perf_counter()
                status, _ = me.request(method, path, body, {"Content-Type": "application/json"})
                if status != 429:
                    spent += time.perf_counter() - s0
                    break
                time.sleep(0.1)
            assert status in (200, 202), status
        server.append(spent)
        done += 1
        code_no += 1
    hours = (time.monotonic() - t0) / 3600
    print(f"one kiosk alone for {seconds:g} s: {done} badges, {done / hours:,.0f} an hour "
          f"(its budget: 1 request a second, 2 a badge); the server's time a badge: median "
          f"{statistics.median(server) * 1000:.0f} ms, so {3600 / statistics.median(server):,.0f}"
          " an hour unthrottled")


def label_pdf(runs: int) -> None:
    """The one-badge PDF for the label stock, in the engine's warm print state."""
    from badgepress.model import SourceInfo
    from badgepress.web.engine import Engine
    from badgepress.web.store import Store, events
    from badgepress.web.store.attendees import as_attendee

    with tempfile.TemporaryDirectory(prefix="bench-kiosk-pdf-") as tmp:
        store = Store(Path(tmp) / "data")
        engine = Engine(store)
        event = events.create(store, "PDF bench", layout=STOCK)
        ev = store.event(event)
        info = SourceInfo("walk-in", headers=("first_name", "last_name", "name", "company"))
        times = []
        for i in range(runs):
            row = {"fields": json.dumps({"first_name": f"Anna{i}", "last_name": "Lovelace-Müller",
                                         "name": f"Anna{i} Lovelace-Müller",
                                         "company": "Company"}), "row": None, "id": i}
            t = time.perf_counter()
            engine.warm_prints.one_pdf(ev, info, as_attendee(row), Path(tmp) / f"{i}.pdf", STOCK)
            times.append((time.perf_counter() - t) * 1000)
        rest = times[1:]
        print(f"one-badge PDF on {STOCK} (warm, in the engine): first {times[0]:.0f} ms, then "
              f"median {statistics.median(rest):.1f} ms, p95 "
              f"{statistics.quantiles(rest, n=20)[-1]:.1f} ms ({len(rest)} runs)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, nargs="?", default=10_000)
    ap.add_argument("--held-queue", action="store_true")
    ap.add_argument("--prefix", default="badgepress-bench", help="the held queue's name prefix")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--alone", type=float, default=30, help="seconds of the lone kiosk")
    ap.add_argument("--pdf-runs", type=int, default=40)
    args = ap.parse_args()
    label_pdf(args.pdf_runs)
    queue = None
    if args.held_queue:
        queue = f"{args.prefix}-held"
        subprocess.run(["lpadmin", "-p", queue, "-E", "-v", "socket://127.0.0.1:9", "-m", PPD],
                       check=True, capture_output=True)
        subprocess.run(["cupsdisable", queue], check=True)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-kiosk-") as tmp:
            d = Path(tmp)
            proc, port = start(d / "data", None)
            try:
                run(port, d, args, queue)
            finally:
                proc.terminate()  # type: ignore[attr-defined]
                proc.wait(10)  # type: ignore[attr-defined]
    finally:
        if queue:
            subprocess.run(["cancel", "-a", queue], check=False, capture_output=True)
            subprocess.run(["lpadmin", "-x", queue], check=False, capture_output=True)


def run(port: int, d: Path, args: argparse.Namespace, queue: str | None) -> None:
    """The desks and kiosks together, then one kiosk alone, against a server of their own."""
    c = Client(port)
    event = c.json("POST", "/api/events", {"name": "Kiosk bench", "layout": STOCK})["id"]
    c.upload(f"/api/events/{event}/import", "tickets.csv",
             make_list(args.n, d / "tickets.csv").read_bytes())
    token = c.json("GET", f"/api/events/{event}")["kiosk_link"].split("token=")[1]
    setting: dict[str, Any] = {"printer": queue or "browser", "stock": STOCK}
    for name in [f"Desk {k}" for k in range(1, 9)] + [f"Kiosk {k}" for k in range(1, 5)] + [
            "Kiosk alone"]:
        info = c.json("PUT", f"/api/events/{event}/desks/{quote(name)}", setting)
    print(f"printer {info['printer']}, stock {info['stock']}, driver {info['driver']}, "
          f"lp -o {' -o '.join(info['options']) or '(none)'}")
    c.json("GET", f"/api/events/{event}/attendees?q=T-000001")  # the search index, made once
    together(port, event, token, args.seconds, args.n)
    one_kiosk(port, event, token, args.n // 2, args.alone)


if __name__ == "__main__":
    main()

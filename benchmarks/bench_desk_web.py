"""The registration desk under load, on 127.0.0.1 only (bounded loops that stop by themselves).

- search: queries of 3 to 6 letters from attendees' names (accents dropped, lower case) over
  a list of N attendees: latency percentiles;
- walk-in to job accepted: POST a walk-in, then POST its print (through `--printer QUEUE`
  with lp when given, else the browser path, which still makes the PDF): percentiles;
- 8 desks x 20 walk-ins a minute for --seconds: each desk adds and prints one every 3 s;
  errors counted.

    python benchmarks/bench_desk_web.py                       # 10,000 attendees, browser printing
    python benchmarks/bench_desk_web.py --printer BadgePDF --seconds 60
    python benchmarks/bench_desk_web.py --held-queue --seconds 60   # root: see below

``--held-queue`` (root, lpadmin): print to a queue of its own, added stopped for the run, so
CUPS accepts every job (what is measured) but nothing is printed; its jobs are cancelled and
the queue removed at the end. A run prints a few hundred badges: on a shared cups-pdf queue
they take minutes to drain, and other users of that queue wait behind them.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import make_workbook
from bench_web import Client


def start(data: Path, printer: str | None) -> tuple[object, int]:
    import os
    import subprocess

    args = [sys.executable, "-m", "badgepress", "serve", "--port", "0", "--data", str(data)]
    if printer:
        args += ["--printer", printer]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"))
    assert proc.stdout is not None
    proc.stdout.readline()
    return proc, int(proc.stdout.readline().strip().rsplit(":", 1)[1].strip("/"))


def pct(xs: list[float], p: float) -> float:
    return sorted(xs)[min(len(xs) - 1, int(p * len(xs)))] * 1000


def plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower())
                   if not unicodedata.combining(c))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, nargs="?", default=10_000)
    ap.add_argument("--printer")
    ap.add_argument("--held-queue", action="store_true")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--walkins", type=int, default=60)
    ap.add_argument("--seconds", type=float, default=60)
    args = ap.parse_args()
    rnd = random.Random(7)
    held = None
    if args.held_queue:
        held = args.printer = f"BenchHeld{os.getpid()}"
        subprocess.run(["lpadmin", "-p", held, "-E", "-v", "cups-pdf:/", "-m",
                        "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"], check=True, capture_output=True)
        subprocess.run(["cupsdisable", held], check=True)
    try:
        run(args, rnd)
    finally:
        if held:
            subprocess.run(["cancel", "-a", held], check=False, capture_output=True)
            subprocess.run(["lpadmin", "-x", held], check=False, capture_output=True)


def run(args: argparse.Namespace, rnd: random.Random) -> None:
    """The three measurements, against a server of their own."""
    with tempfile.TemporaryDirectory(prefix="bench-desk-") as tmp:
        d = Path(tmp)
        make_workbook(args.n, d / "attendees.xlsx")
        proc, port = start(d / "data", args.printer)
        try:
            c = Client(port)
            event = c.json("POST", "/api/events", {"name": "Desk bench"})["id"]
            c.upload(f"/api/events/{event}/import", "attendees.xlsx",
                     (d / "attendees.xlsx").read_bytes())
            names = [plain(a["name"]) for a in c.json(
                "GET", f"/api/events/{event}/attendees?limit=200")]
            base = []
            for _ in range(50):  # the floor: a request that does nothing, on this machine now
                t = time.perf_counter()
                c.request("GET", "/favicon.ico")
                base.append(time.perf_counter() - t)
            print(f"baseline (GET /favicon.ico): median {statistics.median(base) * 1000:.1f} ms")
            times = []
            for _ in range(args.queries):
                name = rnd.choice(names).replace(" ", "")
                k = rnd.randint(3, 6)
                start_at = rnd.randint(0, max(0, len(name) - k))
                q = name[start_at:start_at + k]
                t = time.perf_counter()
                c.json("GET", f"/api/events/{event}/attendees?limit=20&q={quote(q)}")
                times.append(time.perf_counter() - t)
            print(f"search over {args.n:,}: median {statistics.median(times) * 1000:.1f} ms, "
                  f"p95 {pct(times, 0.95):.1f} ms ({args.queries} queries)")
            times = []
            for i in range(args.walkins):
                t = time.perf_counter()
                aid = c.json("POST", f"/api/events/{event}/attendees",
                             {"first_name": f"Walk{i}", "last_name": "In", "company": "Bench"}
                             )["id"]
                job = c.json("POST", f"/api/events/{event}/attendees/{aid}/print",
                             {"desk": "bench"})
                assert job["state"] != "failed", job
                times.append(time.perf_counter() - t)
            print(f"walk-in to job accepted ({args.printer or 'browser'}): median "
                  f"{statistics.median(times) * 1000:.0f} ms, p95 {pct(times, 0.95):.0f} ms "
                  f"({args.walkins} walk-ins)")
            errors: list[str] = []
            done = [0]
            lock = threading.Lock()
            end = time.monotonic() + args.seconds

            def desk(n: int) -> None:
                mine = Client(port)
                i = 0
                while time.monotonic() < end:
                    tick = time.monotonic()
                    try:
                        aid = mine.json("POST", f"/api/events/{event}/attendees",
                                        {"first_name": f"D{n}", "last_name": f"W{i}"})["id"]
                        job = mine.json("POST", f"/api/events/{event}/attendees/{aid}/print",
                                        {"desk": f"desk {n}"})
                        if job["state"] == "failed":
                            raise RuntimeError(job["message"])
                        with lock:
                            done[0] += 1
                    except Exception as exc:  # counted, the desk goes on
                        with lock:
                            errors.append(str(exc))
                    i += 1
                    time.sleep(max(0.0, 3.0 - (time.monotonic() - tick)))

            threads = [threading.Thread(target=desk, args=(n,)) for n in range(8)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            print(f"8 desks x 20 walk-ins a minute for {args.seconds:g} s: {done[0]} added and "
                  f"printed, {len(errors)} errors{': ' + errors[0] if errors else ''}")
        finally:
            proc.terminate()  # type: ignore[attr-defined]
            proc.wait(10)  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()

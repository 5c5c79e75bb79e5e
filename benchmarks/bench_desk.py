"""The desk's hot paths: searching 10,000 attendees as a volunteer types, and one walk-in's
badge from typed fields to a job accepted by a CUPS queue.

    python benchmarks/bench_desk.py                  # search, and print to BadgePDF if present
    python benchmarks/bench_desk.py --queue NAME --walkins 40

Search: 500 queries of 2 to 12 typed characters (prefixes of real names, accents dropped as a
volunteer types them, some two-word queries, some scanner codes), over 10,000 synthetic
attendees; the p50 and p95 latency in ms. Walk-in: each one is planned and drawn as a one-badge
PDF with the library (`press`, a warm font book, as a server keeps it) and handed to CUPS with
`lp`; the time from the fields to lp's "request id" (the job accepted), p50 and p95.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from badgepress.model import Attendee, SourceInfo
from badgepress.plan.select import fold
from badgepress.press import press
from badgepress.sheet import load_layout
from badgepress.text import FontBook
from badgepress.web.engine import printing
from badgepress.web.store.index import SearchIndex, entry

FIRST = ["Zoë", "Jürgen", "María José", "Łukasz", "Søren", "Siobhán", "Nguyễn Thị", "Σωκράτης",
         "Анна", "美咲", "Mohammed", "Priya", "Kwame", "Ingrid", "François", "Ana", "Chen"]
LAST = ["Müller", "López García", "Żółkiewski", "Kierkegård", "O'Brien", "Παπαδόπουλος",
        "Павлова", "佐藤", "Al-Rashid", "Okonkwo", "Nakamura", "van der Berg", "Dvořák"]
COMPANY = ["ACME", "Siemens AG", "Telefónica", "Red Hat", "SAP SE", "University of Cambridge"]


def _people(n: int, rng: random.Random) -> list[dict[str, str]]:
    out = []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST) + (str(i % 91) if i % 3 else "")
        out.append({"first_name": first, "last_name": last, "name": f"{first} {last}",
                    "company": rng.choice(COMPANY), "id": f"T-{100000 + i}",
                    "email": f"p{i}@example.org"})
    return out


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def bench_search(n: int, queries: int, rng: random.Random) -> None:
    people = _people(n, rng)
    t0 = time.perf_counter()
    index = SearchIndex(entry(i, p) for i, p in enumerate(people))
    built = time.perf_counter() - t0
    asks = []
    for _ in range(queries):
        p = rng.choice(people)
        kind = rng.random()
        if kind < 0.1:
            asks.append(p["id"])
        elif kind < 0.3:
            asks.append(fold(p["first_name"])[:3] + " " + fold(p["last_name"])[:3])
        else:
            asks.append(fold(p["name"])[: rng.randint(2, 12)])
    times = []
    for q in asks:
        t = time.perf_counter()
        index.search(q)
        times.append((time.perf_counter() - t) * 1000)
    print(f"search over {n:,} attendees: index built in {built * 1000:.0f} ms; "
          f"{queries} queries: p50 {_pct(times, 50):.2f} ms, p95 {_pct(times, 95):.2f} ms, "
          f"max {max(times):.2f} ms")


def bench_walkins(queue: str, count: int, rng: random.Random) -> None:
    found = printing.queues()
    if found.reason or found.get(queue) is None:
        print(f"walk-ins: skipped ({found.reason or f'no CUPS queue {queue}'})")
        return
    layout, book = load_layout("shop-90x55"), FontBook()
    info = SourceInfo("desk", headers=("First Name", "Last Name", "Company"),
                      mapping={"first_name": "First Name", "last_name": "Last Name",
                               "company": "Company"})
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, p in enumerate(_people(count + 1, rng)):
            t = time.perf_counter()
            pdf = Path(tmp) / f"walkin-{i}.pdf"
            press([Attendee(2, p)], info, pdf, layout=layout, book=book)
            printing.submit(queue, pdf, title=p["name"])
            if i:  # the first one loads and registers the fonts: a server does that once
                times.append((time.perf_counter() - t) * 1000)
    print(f"walk-ins to {queue}: {count} badges, fields to job accepted: p50 "
          f"{_pct(times, 50):.0f} ms, p95 {_pct(times, 95):.0f} ms, max {max(times):.0f} ms")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--attendees", type=int, default=10_000)
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--queue", default="BadgePDF")
    ap.add_argument("--walkins", type=int, default=20)
    args = ap.parse_args()
    rng = random.Random(7)
    bench_search(args.attendees, args.queries, rng)
    bench_walkins(args.queue, args.walkins, rng)
    return 0


if __name__ == "__main__":
    sys.exit(main())

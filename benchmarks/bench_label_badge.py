"""One badge's PDF for a desk stock: the event's design turned into the stock's layout
(``on_stock``) and one attendee pressed into a one-page PDF, as the desk prints a walk-in.

    python benchmarks/bench_label_badge.py                    # every label-printer stock
    python benchmarks/bench_label_badge.py --stock label-dymo-30856 --runs 40

Each run is a different attendee (names of every script the shipped fonts cover), drawn with a
warm font book and planner as a server keeps them; the first run (fonts loaded, shaping
caches cold) is reported apart, then the median and p95 of the rest in ms. Target: < 40 ms.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from badgepress.model import Attendee, SourceInfo
from badgepress.plan.planner import Planner
from badgepress.press import press
from badgepress.sheet.deskstock import desk_stock, desk_stocks, on_stock
from badgepress.text import FontBook

NAMES = [("Zoë", "Müller", "ACME"), ("Hubert Blaine", "Wolfeschlegelsteinhausenbergerdorff",
                                      "Philadelphia Typesetting Co."),
         ("Nguyễn Thị", "Ánh", "VNG"), ("Σωκράτης", "Παπαδόπουλος", "OTE"),
         ("Анна", "Павлова", "Яндекс"), ("محمد", "الرشيد", "Aramco"),
         ("अनन्या", "शर्मा", "Infosys"), ("美咲", "佐藤", "Sony"), ("Jo", "Yu", "")]


def run(stock_name: str, runs: int, folder: Path) -> tuple[float, list[float]]:
    stock = desk_stock(stock_name)
    layout = on_stock(stock, stock)
    book = FontBook()
    info = SourceInfo(str(folder / "walk-in.csv"))
    planner = Planner(layout, book, data_dir=folder)
    times = []
    for i in range(runs):
        first, last, company = NAMES[i % len(NAMES)]
        person = Attendee(i + 2, {"first_name": first, "last_name": f"{last}{i or ''}",
                                  "name": f"{first} {last}", "company": company,
                                  "role": "Speaker"})
        t0 = time.perf_counter()
        press([person], info, folder / f"{i}.pdf", layout=layout, book=book, planner=planner)
        times.append((time.perf_counter() - t0) * 1000)
    return times[0], times[1:]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stock", action="append", help="a desk stock (default: every label "
                    "printer's)")
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    names = args.stock or [s.name for s in desk_stocks() if s.stock == "label-printer"]
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            first, rest = run(name, args.runs, Path(tmp))
            p95 = statistics.quantiles(rest, n=20)[-1] if len(rest) > 1 else rest[0]
            print(f"{name:<24} first {first:6.1f} ms   median {statistics.median(rest):5.1f} ms"
                  f"   p95 {p95:5.1f} ms   ({len(rest)} runs)")


if __name__ == "__main__":
    main()

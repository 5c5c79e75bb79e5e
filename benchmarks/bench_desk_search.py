"""The desk's search at 10,000 attendees, through the HTTP API, as the desk page asks it: a page
of 50 with the total (`?q=...&limit=50&paged=1`), on 127.0.0.1 only (bounded loops).

The list mixes the build benchmark's names (Latin, with accents) with names in Cyrillic and
Greek (15 %), so other spellings are part of every query's work. Measured, each as latency
percentiles over a keep-alive connection:

- one-letter queries (a to z, each several times) and two-letter ones (pairs of letters from
  the list's names): the worst case, where most of the list matches and is counted;
- three to six letters from a name (what bench_desk_web.py measures);
- other spellings ("smirnov", "papadopoulos", "mueller", ...) and queries in other scripts;
- the next pages of a one-letter query (offset 50, 100, 500);
- the not-arrived list's pages (`arrived=no`) and the counts (`/stats`);
- the first search after the upload (the index built) and the size of a one-letter answer.

    python benchmarks/bench_desk_search.py                   # 10,000 attendees
    python benchmarks/bench_desk_search.py 20000 --rounds 5
    python benchmarks/bench_desk_search.py --src ../other/src --plain   # another checkout,
                                                             # as its desk asked (no paging)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import person
from bench_desk_web import pct, plain
from bench_web import Client

CYRILLIC = [("Иван", "Смирнов"), ("Андрей", "Петров"), ("Наталья", "Кузнецова"),
            ("Сергей", "Иванов"), ("Юлия", "Соколова"), ("Дмитрий", "Попов"),
            ("Олена", "Шевченко"), ("Фёдор", "Лебедев")]
GREEK = [("Γιώργος", "Παπαδόπουλος"), ("Ευάγγελος", "Νικολάου"), ("Μαρία", "Γεωργίου"),
         ("Κώστας", "Οικονόμου"), ("Ελένη", "Παπαδάκη"), ("Παύλος", "Αντωνίου")]
COMPANY = ["ACME", "Siemens AG", "Газпром", "ΟΤΕ", "Telefónica", "Red Hat", "SAP SE", ""]
TYPES = ["Attendee", "Speaker", "Sponsor", "Staff"]
SPELLED = ["smirnov", "petrov", "kuznetsova", "papadopoulos", "nikolaou", "giorgos",
           "evangelos", "pavlos", "mueller", "muller", "juergen", "soeren", "gazprom",
           "Смирнов", "Παπαδόπουλος", "Müller", "ivan smirnov", "maria georgiou"]


def make_list(n: int, path: Path) -> None:
    """``n`` attendees as a CSV: 85 % the build benchmark's names, 15 % Cyrillic or Greek."""
    rnd = random.Random(42)
    lines = ["First Name,Last Name,Company,Ticket Type,Email"]
    for i in range(n):
        r = rnd.random()
        first, last = (rnd.choice(CYRILLIC) if r < 0.09 else rnd.choice(GREEK) if r < 0.15
                       else person(rnd))
        lines.append(",".join(f'"{v}"' for v in (first, last, rnd.choice(COMPANY),
                                                   rnd.choice(TYPES), f"a{i}@example.org")))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def start(data: Path, src: Path | None) -> tuple[subprocess.Popen[str], int]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    if src is not None:
        env["PYTHONPATH"] = str(src.resolve())
    proc = subprocess.Popen([sys.executable, "-m", "badgepress", "serve", "--port", "0",
                             "--data", str(data)], stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    proc.stdout.readline()
    return proc, int(proc.stdout.readline().strip().rsplit(":", 1)[1].strip("/"))


def timed(c: Client, paths: list[str]) -> tuple[list[float], int]:
    """The seconds each GET took, and the largest answer in bytes."""
    times, biggest = [], 0
    for path in paths:
        t = time.perf_counter()
        status, body = c.request("GET", path)
        times.append(time.perf_counter() - t)
        assert status == 200, (path, status, body[:200])
        biggest = max(biggest, len(body))
    return times, biggest


def line(label: str, times: list[float], biggest: int | None = None) -> None:
    size = f", answers up to {biggest / 1024:.0f} KB" if biggest is not None else ""
    print(f"  {label:<34} median {statistics.median(times) * 1000:5.1f} ms, "
          f"p95 {pct(times, 0.95):5.1f} ms, max {max(times) * 1000:5.1f} ms "
          f"({len(times)}){size}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, nargs="?", default=10_000)
    ap.add_argument("--rounds", type=int, default=4, help="times each query set is asked")
    ap.add_argument("--src", type=Path, help="the src folder of another checkout to serve")
    ap.add_argument("--plain", action="store_true",
                    help="ask as the old desk page did (limit=20, no paging)")
    args = ap.parse_args()
    rnd = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="bench-desk-search-") as tmp:
        d = Path(tmp)
        make_list(args.n, d / "attendees.csv")
        proc, port = start(d / "data", args.src)
        try:
            run(Client(port), d, args, rnd)
        finally:
            proc.terminate()
            proc.wait(10)


def run(c: Client, d: Path, args: argparse.Namespace, rnd: random.Random) -> None:
    event = c.json("POST", "/api/events", {"name": "Search bench"})["id"]
    c.upload(f"/api/events/{event}/import", "attendees.csv", (d / "attendees.csv").read_bytes())
    base = f"/api/events/{event}/attendees?"
    ask = "limit=20&q=" if args.plain else "limit=50&paged=1&q="
    t = time.perf_counter()
    c.json("GET", base + ask + "x")
    print(f"search over {args.n:,} attendees (first search, index built: "
          f"{(time.perf_counter() - t) * 1000:.0f} ms), as the desk asks ({ask}...):")
    words = [plain(a["name"]) for a in c.json("GET", base + "limit=200")
             if isinstance(a, dict)]
    words = [w for w in words if w.isascii()] or ["anna lee"]
    letters = [chr(x) for x in range(ord("a"), ord("z") + 1)]
    pairs = []
    while len(pairs) < 60:
        w = rnd.choice(words).replace(" ", "")
        i = rnd.randrange(max(1, len(w) - 1))
        pairs.append(w[i:i + 2])
    longer = []
    for _ in range(100):
        w = rnd.choice(words).replace(" ", "")
        k = rnd.randint(3, 6)
        i = rnd.randint(0, max(0, len(w) - k))
        longer.append(w[i:i + k])
    for _ in range(30):  # the floor: a request that does nothing, on this machine now
        c.request("GET", "/favicon.ico")
    floor, _ = timed(c, ["/favicon.ico"] * 50)
    line("baseline (GET /favicon.ico)", floor)
    sets = [("one letter (a-z)", letters), ("two letters", pairs),
            ("three to six letters", longer), ("other spellings and scripts", SPELLED)]
    for label, queries in sets:
        paths = [base + ask + quote(q) for q in queries] * args.rounds
        rnd.shuffle(paths)
        line(label, *timed(c, paths))
    if args.plain:
        line("q=a, no limit (all matches)", *timed(c, [base + "q=a"] * 5))
        return
    pages = [f"{base}limit=50&offset={o}&q={q}" for o in (50, 100, 500) for q in letters[:10]]
    line("next pages of one letter", *timed(c, pages * args.rounds))
    arrived = [f"{base}arrived=no&limit=50&offset={o}" for o in (0, 50, 1000, 5000)]
    line("not arrived yet (pages)", *timed(c, arrived * 10 * args.rounds))
    line("counts (/stats)", *timed(c, [f"/api/events/{event}/stats"] * 20 * args.rounds))
    _, body = c.request("GET", base + "limit=50&paged=1&q=a")
    print(f"  q=a: {json.loads(body)['total']:,} found in all, the page of 50 is "
          f"{len(body) / 1024:.0f} KB")


if __name__ == "__main__":
    main()

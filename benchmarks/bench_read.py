"""Read 100,000 attendees from .xlsx and .csv; print rows/second and peak memory.

    python benchmarks/bench_read.py [rows]

The files are generated once (openpyxl write-only mode) and cached in the temp directory.
Each read runs in a fresh subprocess so ru_maxrss is that read's peak, not the generator's.
"""

from __future__ import annotations

import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

HEADER = ["First Name", "Last Name", "Company", "Job Title", "Ticket Type", "Email", "Order #"]
FIRST = ["Ada", "Grace", "José María", "Zsófia", "Søren", "Анна", "محمد", "伟", "Łukasz"]
LAST = ["Lovelace", "Hopper", "de la Cruz Fernández", "Tőkés-Nagyová", "Kierkegård"]


def row(i: int) -> list[object]:
    return [
        FIRST[i % len(FIRST)], f"{LAST[i % len(LAST)]} {i}", f"Company {i % 997}",
        "Engineer", ("Attendee", "Speaker", "Sponsor", "Staff")[i % 4], f"p{i}@example.org",
        1_000_000 + i,
    ]


def make_files(n: int) -> tuple[Path, Path]:
    from openpyxl import Workbook

    folder = Path(tempfile.gettempdir()) / "badgepress-bench"
    folder.mkdir(exist_ok=True)
    xlsx, text = folder / f"attendees-{n}.xlsx", folder / f"attendees-{n}.csv"
    if not xlsx.exists():
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Attendees")
        ws.append(["DevConf 2026 — Attendees"])
        ws.append([])
        ws.append(HEADER)
        for i in range(n):
            ws.append(row(i))
        wb.save(xlsx)
    if not text.exists():
        with text.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(HEADER)
            writer.writerows(row(i) for i in range(n))
    return xlsx, text


def measure(path: str) -> dict[str, float]:
    from badgepress.model import Attendee
    from badgepress.readers import open_attendees

    start = time.perf_counter()
    count = 0
    with open_attendees(path) as table:
        for record in table.records():
            count += isinstance(record, Attendee)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"attendees": count, "seconds": seconds, "peak_mb": peak_kb / 1024}


def baseline() -> float:
    # Interpreter + imports alone, to tell the reader's own memory from Python's.
    import badgepress.readers  # noqa: F401

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        result = baseline() if sys.argv[2] == "--baseline" else measure(sys.argv[2])
        print(json.dumps(result))
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    files = make_files(n)

    def child(arg: str) -> object:
        out = subprocess.run(
            [sys.executable, __file__, "--child", arg], capture_output=True, text=True, check=True
        )
        return json.loads(out.stdout)

    base = child("--baseline")
    print(f"python + imports: {base:.0f} MB peak RSS")
    for path in files:
        r = child(str(path))
        assert isinstance(r, dict)
        size = path.stat().st_size / 2**20
        print(
            f"{path.suffix:6} {size:5.1f} MB  {r['attendees']:,} attendees in {r['seconds']:.2f} s"
            f" = {r['attendees'] / r['seconds']:,.0f} rows/s, peak RSS {r['peak_mb']:.0f} MB"
        )


if __name__ == "__main__":
    main()

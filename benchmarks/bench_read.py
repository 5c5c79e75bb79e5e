"""Read N attendees from every format; print time per 10,000 rows, rows/second, peak memory.

    python benchmarks/bench_read.py [rows] [--repeat R] [--formats xlsx,csv,...]

Formats: .xlsx read by calamine (the default) and by openpyxl (the streaming fallback, forced
here), .xlsb, .xls (at most 65,535 rows: the format's limit), .ods and .csv. The files are
generated once (openpyxl write-only, pyxlsbwriter, xlwt, odfpy: the test extra) and cached in
the temp directory. Each read runs in a fresh subprocess so ru_maxrss is that read's peak, not
the generator's; with --repeat, the formats take turns (A B C A B C ...) and the median is
shown, so a shared machine's swings hit every format alike.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import statistics
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


def make_files(n: int, formats: set[str]) -> dict[str, Path]:
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
    files = {"xlsx": xlsx, "xlsx-openpyxl": xlsx, "csv": text}
    files = {k: v for k, v in files.items() if k in formats}
    if not formats & {"xlsb", "xls", "ods"}:
        return files
    table = [HEADER, *(row(i) for i in range(n))]
    xlsb = folder / f"attendees-{n}.xlsb"
    if "xlsb" in formats and not xlsb.exists():
        from pyxlsbwriter import XlsbWriter

        with XlsbWriter(str(xlsb)) as w:
            w.add_sheet("Attendees")
            w.write_sheet(table)
    xls = folder / f"attendees-{min(n, 65_000)}.xls"
    if "xls" in formats and not xls.exists():
        import xlwt

        book = xlwt.Workbook(encoding="utf-8")
        sheet = book.add_sheet("Attendees")
        for r, values in enumerate(table[:65_001]):
            for c, value in enumerate(values):
                sheet.write(r, c, value)
        book.save(str(xls))
    ods = folder / f"attendees-{n}.ods"
    if "ods" in formats and not ods.exists():
        from odf.opendocument import OpenDocumentSpreadsheet
        from odf.table import Table, TableCell, TableRow
        from odf.text import P

        doc = OpenDocumentSpreadsheet()
        sheet = Table(name="Attendees")
        for values in table:
            tr = TableRow()
            for value in values:
                if isinstance(value, int):
                    cell = TableCell(valuetype="float", value=value)
                else:
                    cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
                tr.addElement(cell)
            sheet.addElement(tr)
        doc.spreadsheet.addElement(sheet)
        doc.save(str(ods))
    made = {"xlsb": xlsb, "xls": xls, "ods": ods}
    return files | {k: v for k, v in made.items() if k in formats}


def measure(path: str, reader: str) -> dict[str, float]:
    from badgepress.model import Attendee
    from badgepress.readers import _calamine, open_attendees

    if reader == "xlsx-openpyxl":
        _calamine.CALAMINE_MAX_CELLS = 0  # every sheet "too large": openpyxl streams it
    if os.environ.get("BENCH_NO_SIZE_LIMIT"):
        # A million rows as openpyxl writes them unpack to 400 MB, past the reader's 200 MB
        # safety limit; lift it to measure the reading itself.
        from badgepress.readers import _xlsx

        _xlsx.MAX_UNZIPPED_BYTES = 1 << 40

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
        if sys.argv[2] == "--baseline":
            print(json.dumps(baseline()))
        else:
            print(json.dumps(measure(sys.argv[2], sys.argv[3])))
        return
    if len(sys.argv) > 2 and sys.argv[1] == "--make":
        make_files(int(sys.argv[2]), set(sys.argv[3].split(",")))
        return
    args = sys.argv[1:]
    repeat, formats = 1, "xlsx,xlsx-openpyxl,xlsb,xls,ods,csv"
    if "--repeat" in args:
        i = args.index("--repeat")
        repeat = int(args.pop(i + 1))
        args.pop(i)
    if "--formats" in args:
        i = args.index("--formats")
        formats = args.pop(i + 1)
        args.pop(i)
    n = int(args[0]) if args else 100_000
    # Made in a child: a process started by this one inherits its peak RSS.
    subprocess.run([sys.executable, __file__, "--make", str(n), formats], check=True)
    files = make_files(n, set(formats.split(",")))

    def child(*arg: str) -> object:
        out = subprocess.run(
            [sys.executable, __file__, "--child", *arg], capture_output=True, text=True,
            check=True,
        )
        return json.loads(out.stdout)

    base = child("--baseline")
    print(f"python + imports: {base:.0f} MB peak RSS")
    results: dict[str, list[dict[str, float]]] = {k: [] for k in files}
    for _ in range(repeat):
        for kind, path in files.items():
            r = child(str(path), kind)
            assert isinstance(r, dict)
            results[kind].append(r)
    for kind, runs in results.items():
        path = files[kind]
        seconds = statistics.median(r["seconds"] for r in runs)
        count = runs[0]["attendees"]
        peak = max(r["peak_mb"] for r in runs)
        size = path.stat().st_size / 2**20
        print(
            f"{kind:14} {size:5.1f} MB  {count:>9,.0f} rows in {seconds:6.2f} s = "
            f"{seconds / count * 10_000:5.3f} s per 10,000 rows ({count / seconds:,.0f} rows/s), "
            f"peak RSS {peak:.0f} MB"
        )


if __name__ == "__main__":
    main()

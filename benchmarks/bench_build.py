"""Build N synthetic attendees from xlsx: badgepress against a bare loop, in one run.

The bare loop is the floor any badge tool stands on: read the same workbook with openpyxl
(read-only), draw two unshaped strings per badge with reportlab onto 8-up A4 pages, save.
Each side runs in its own process. CPU is user + system time of that process and of the
processes it started and reaped (badgepress's background reader is one). Memory is the peak,
sampled every 20 ms, of the summed PSS of the process and its children (PSS splits a page
that forked processes still share between them, so the sum counts it once); "RSS" is the
main process's exact peak (ru_maxrss), for comparison with older runs. "main x" is the CPU
time of badgepress's main process alone (the drawing process, sampled from /proc just before
it ends) over the bare loop's: on a machine with a free second core, where the reader and the
joiner overlap it, the wall ratio that a run tends to; on a loaded machine the wall ratio is
noise and this is the figure to compare.

    python benchmarks/bench_build.py            # 10,000 and 100,000
    python benchmarks/bench_build.py 10000      # just one size
    python benchmarks/bench_build.py 10000 --repeat 7   # and the median ratio of 7 pairs
    python benchmarks/bench_build.py 10000 --layout a4-90x55-8up-duplex   # fronts and backs
    python benchmarks/bench_build.py 10000 --repeat 5 --layout a4-90x55-8up \
        --layout a4-90x55-8up-duplex     # bare, one-sided, duplex, bare, ...: paired in one run
    python benchmarks/bench_build.py 10000 --repeat 5 --inproc   # also read in one process

With ``--env KEY=VALUE`` another run in each round builds with that variable set, e.g.
``--env BADGEPRESS_FIT_AHEAD=0`` (names fitted in the drawing process, not in the reader's)
or ``--env BADGEPRESS_WORKERS=0`` (one process). With ``--profile`` one more build runs under
cProfile in one process (``reader_process=False``) after the rounds, and the functions that
took the most time are printed.

badgepress is compiled to bytecode first (``compile_package``), as an installed copy is: with
``PYTHONDONTWRITEBYTECODE`` set (this machine sets it) and an editable install, each build
compiled it from source, 0.1-0.2 s a build that figures taken before this was added count
against badgepress (the bare loop's libraries are compiled).

With ``--inproc`` a third run in each round builds with ``build(..., reader_process=False)``
(the list read in the drawing process, no forked reader), so the two designs are compared
in the same rounds.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST = ["Ana", "Wolfgang", "Maria Magdalena", "José María", "Zsófia", "Hubert Blaine", "Jo",
         "Bartholomew", "Nguyễn Thị", "Søren", "François", "Łukasz", "Siobhán", "Mohammed",
         "Priya", "Kwame", "Ingrid", "Pablo Diego", "Aleksandra", "Chen"]
LAST = ["Li", "Tőkés", "van der Heijden-Vermeulen", "de la Cruz Fernández", "Nagy",
        "Wolfeschlegelsteinhausenbergerdorff", "Featherstonehaugh-Cholmondeley", "Ánh",
        "Kierkegård", "Żółkiewski", "O'Brien", "McDonald", "von Bismarck", "Mensah",
        "Al-Rashid", "Schmidt", "García Márquez", "Nakamura", "Okonkwo", "Ivanova"]
COMPANY = ["ACME", "Siemens AG", "Internationale Gesellschaft für Zusammenarbeit GmbH",
           "Telefónica", "Prezi", "BBC", "", "University of Cambridge", "Red Hat", "SAP SE"]
ROLES = ["Attendee", "Speaker", "Sponsor", "Staff"]


# Real lists have mostly unique full names, so the fit cache must not flatter the benchmark:
# names are also made from stems and endings (tens of thousands of combinations).
STEMS = ["Kowal", "Berg", "Nieder", "Ols", "Fern", "Mart", "Rossi", "Dvoř", "Szab", "Lind",
         "Horv", "Petr", "Nov", "Jansen", "Brå", "Kır", "Müll", "Gonç", "Łęcz", "Sørens"]
ENDINGS = ["czyk", "mann", "eier", "son", "ández", "ínez", "ello", "ák", "ó", "qvist", "ath",
           "ović", "ák-Novotná", "sen", "ten", "ilmaz", "er", "alves", "ycki", "en"]
GIVEN = ["Ann", "Mar", "Jo", "Kat", "El", "Lu", "Fran", "Ib", "Ser", "Al", "Dan", "Ré"]
GIVEN_END = ["a", "ie", "ek", "ina", "ís", "o", "ette", "rahim", "gio", "exandra", "iel", "my"]


def person(rnd: random.Random) -> tuple[str, str]:
    if rnd.random() < 0.3:
        return rnd.choice(FIRST), rnd.choice(LAST)
    first = rnd.choice(GIVEN) + rnd.choice(GIVEN_END)
    if rnd.random() < 0.2:
        first += " " + rnd.choice(GIVEN) + rnd.choice(GIVEN_END)
    last = rnd.choice(STEMS) + rnd.choice(ENDINGS)
    if rnd.random() < 0.15:
        last = rnd.choice(["van der ", "de la ", "von ", "di ", "da "]) + last
    return first, last


def make_workbook(n: int, path: Path) -> None:
    from openpyxl import Workbook

    rnd = random.Random(42)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Attendees")
    ws.append(["First Name", "Last Name", "Company", "Ticket Type", "Email"])
    for i in range(n):
        f, last = person(rnd)
        ws.append([f, last, rnd.choice(COMPANY), rnd.choice(ROLES), f"a{i}@example.org"])
    wb.save(path)


BARE = r'''
import sys
from openpyxl import load_workbook
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from badgepress.text.fonts import shipped_fonts_dir
fonts = shipped_fonts_dir()
pdfmetrics.registerFont(TTFont("B", str(fonts / "NotoSans-Bold.ttf")))
pdfmetrics.registerFont(TTFont("R", str(fonts / "NotoSans-Regular.ttf")))
c = Canvas(sys.argv[2], pagesize=(595.28, 841.89), initialFontName="B")
wb = load_workbook(sys.argv[1], read_only=True, data_only=True)
ws = wb.worksheets[0]
i = 0
for row in ws.iter_rows(min_row=2, values_only=True):
    slot = i % 8
    if i and slot == 0:
        c.showPage()
    x = 34 + (slot % 2) * 272
    y = 758 - (slot // 2 + 1) * 173
    c.setFont("B", 24); c.drawCentredString(x + 127, y + 90, f"{row[0]} {row[1]}")
    c.setFont("R", 12); c.drawCentredString(x + 127, y + 40, str(row[2] or ""))
    i += 1
c.showPage(); c.save()
'''


INPROC_KEY = "(inproc)"
ENV_KEY = "env:"
PROFILE = r'''
import cProfile, pstats, sys
from badgepress.press import build
cProfile.run("build(sys.argv[1], sys.argv[2], reader_process=False)", sys.argv[3])
pstats.Stats(sys.argv[3]).sort_stats("tottime").print_stats(25)
pstats.Stats(sys.argv[3]).sort_stats("cumtime").print_stats(25)
'''
INPROC = r'''
import sys
from badgepress.press import build
build(sys.argv[1], sys.argv[2], reader_process=False)
'''


def descendants(root: int) -> list[int]:
    """``root`` and every process below it, from the parent ids in /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_bytes()
            except OSError:
                continue  # gone meanwhile
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])  # after "(comm) state"
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def pss_kb(pid: int) -> int:
    try:
        with Path(f"/proc/{pid}/smaps_rollup").open("rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass  # exited between the listing and the read
    return 0


def cpu_s(pid: int) -> float | None:
    """User + system seconds a process has used so far (from /proc), or None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return None
    fields = stat[stat.rindex(b")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


#: CPU seconds of the main process of the last run(), sampled just before it ended: with a
#: free second core, the critical path of a run whose helpers overlap it
LAST_MAIN_CPU = [0.0]


COMPILE = r"""
import compileall, os, badgepress
compileall.compile_dir(os.path.dirname(badgepress.__file__), quiet=1)
"""


def size_and_repeats(doc: str) -> tuple[int, int, Path]:
    """The usual command line of a comparison (``[SIZE] [--repeat N]``, 10,000 and 3 by
    default), with the package compiled and the workbook of SIZE rows made (once, cached).
    """
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("size", nargs="?", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cache = Path(tempfile.gettempdir()) / "badgepress-bench"
    cache.mkdir(exist_ok=True)
    compile_package()
    xlsx = cache / f"attendees-v2-{args.size}.xlsx"
    if not xlsx.exists():
        make_workbook(args.size, xlsx)
    return args.size, args.repeat, xlsx


def compile_package(env: dict[str, str] | None = None) -> None:
    """Compile the badgepress that ``env`` imports to bytecode, as ``pip install`` does.

    Where ``PYTHONDONTWRITEBYTECODE`` is set (this machine sets it) and badgepress is an
    editable install, every build would compile its modules from source first: 0.1-0.2 s a
    run that no installed copy pays, against a bare loop whose libraries are compiled.
    """
    subprocess.run([sys.executable, "-c", COMPILE], check=True,
                   env={**os.environ, **env} if env else None)


def run(cmd: list[str], env: dict[str, str] | None = None
        ) -> tuple[float, float, float, float]:
    """Wall seconds, CPU seconds, peak MB of the process tree (summed PSS, sampled) and the
    main process's peak RSS in MB, of one command (``env``: variables added for it). The main
    process's own CPU seconds (without its children) go to ``LAST_MAIN_CPU``.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, **env} if env else None)
    main_cpu = 0.0
    peak = 0
    # Listing the processes reads every /proc/*/stat (about 3 ms); a PSS read costs 0.2 ms.
    # The list is refreshed every 10th sample so that sampling takes about 2% of a core,
    # which the measured processes would otherwise lose.
    for sample in itertools.count():
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if sample % 10 == 0:
            tree = descendants(proc.pid)
        peak = max(peak, sum(pss_kb(p) for p in tree))
        main_cpu = cpu_s(proc.pid) or main_cpu
        time.sleep(0.02)
    wall = time.perf_counter() - start
    if status != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{cmd[:3]} failed: {err}")
    LAST_MAIN_CPU[0] = main_cpu
    return wall, usage.ru_utime + usage.ru_stime, peak / 1024, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=1,
                        help="pairs of runs per size (bare, then badgepress); with more than "
                             "one, a summary line gives the median ratios")
    parser.add_argument("--layout", action="append", default=[],
                        help="the layout badgepress builds (default: its default); repeat it "
                             "to build each after the same bare run; the bare loop stays the "
                             "same one-sided loop")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                        help="also build with this environment variable set (repeatable: "
                             "one more run per round each, of the first --layout)")
    parser.add_argument("--profile", action="store_true",
                        help="after the rounds, profile one build in one process (cProfile)")
    parser.add_argument("--inproc", action="store_true",
                        help="also build with the reader in the drawing process (no fork)")
    args = parser.parse_args()
    layouts: list[str | None] = [*(args.layout or [None]),
                                 *([INPROC_KEY] if args.inproc else []),
                                 *(ENV_KEY + e for e in args.env)]
    cache = Path(tempfile.gettempdir()) / "badgepress-bench"
    cache.mkdir(exist_ok=True)
    compile_package()
    for e in args.env:
        key, _, value = e.partition("=")
        compile_package({key: value})
    # Wall time on a shared machine is noisy; CPU time (user + system) is steadier.
    print(f"{'':>10} {'bare':<21}  {'badgepress':<27}  {'ratio':<13}")
    print(f"{'attendees':>10} {'wall s':>7} {'cpu s':>6} {'MB':>6}  {'wall s':>7} {'cpu s':>6} "
          f"{'MB':>6} {'RSS':>5}  {'wall x':>6} {'cpu x':>6} {'main x':>6} {'badges/s':>9}")
    for n in args.sizes:
        xlsx = cache / f"attendees-v2-{n}.xlsx"
        if not xlsx.exists():
            make_workbook(n, xlsx)
        walls: dict[str | None, list[float]] = {lay: [] for lay in layouts}
        cpus: dict[str | None, list[float]] = {lay: [] for lay in layouts}
        mains: dict[str | None, list[float]] = {lay: [] for lay in layouts}
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as tmp:
                bare = run([sys.executable, "-c", BARE, str(xlsx), f"{tmp}/bare.pdf"])
                for lay in layouts:
                    if lay == INPROC_KEY:  # the list read in the drawing process, no fork
                        ours = run([sys.executable, "-c", INPROC, str(xlsx),
                                    f"{tmp}/badges.pdf"])
                    elif lay and lay.startswith(ENV_KEY):
                        key, _, value = lay[len(ENV_KEY):].partition("=")
                        ours = run([sys.executable, "-m", "badgepress", "build", str(xlsx),
                                    "-o", f"{tmp}/badges.pdf", "-q",
                                    *(["--layout", args.layout[0]] if args.layout else [])],
                                   env={key: value})
                    else:
                        ours = run([sys.executable, "-m", "badgepress", "build", str(xlsx),
                                    "-o", f"{tmp}/badges.pdf", "-q",
                                    *(["--layout", lay] if lay else [])])
                    size = Path(f"{tmp}/badges.pdf").stat().st_size / 1e6
                    walls[lay].append(ours[0] / bare[0])
                    cpus[lay].append(ours[1] / bare[1])
                    mains[lay].append(LAST_MAIN_CPU[0] / bare[1])
                    print(f"{n:>10} {bare[0]:>7.2f} {bare[1]:>6.2f} {bare[2]:>6.0f}  "
                          f"{ours[0]:>7.2f} {ours[1]:>6.2f} {ours[2]:>6.0f} {ours[3]:>5.0f}  "
                          f"{walls[lay][-1]:>6.2f} {cpus[lay][-1]:>6.2f} {mains[lay][-1]:>6.2f} "
                          f"{n / ours[0]:>9.0f}   "
                          f"pdf {size:.1f} MB{'  ' + lay if lay else ''}", flush=True)
        if args.repeat > 1:
            for lay in layouts:
                w, c, m = walls[lay], cpus[lay], mains[lay]
                print(f"{n:>10} median of {args.repeat}: wall x {statistics.median(w):.2f} "
                      f"(range {min(w):.2f}-{max(w):.2f}), cpu x {statistics.median(c):.2f} "
                      f"(range {min(c):.2f}-{max(c):.2f}), main x {statistics.median(m):.2f} "
                      f"(range {min(m):.2f}-{max(m):.2f}){'  ' + lay if lay else ''}",
                      flush=True)
        if args.profile:
            with tempfile.TemporaryDirectory() as tmp:
                subprocess.run([sys.executable, "-c", PROFILE, str(xlsx), f"{tmp}/badges.pdf",
                                f"{tmp}/profile"], check=True)


if __name__ == "__main__":
    main()

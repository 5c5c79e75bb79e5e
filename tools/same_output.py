"""Check that two revisions build byte-identical PDFs and reports (for refactors and moves).

Every shipped layout builds the sample data and the test corpus with ``SOURCE_DATE_EPOCH`` set,
once with the code of REV (a temporary ``git worktree``) and once with the working tree; the
PDFs and reports are compared by SHA-256. A 13,000-row list is built too, so that a run in
parts joined by the second process is covered. Both sides run with this Python and its
installed dependencies, each with its own ``src`` first on ``PYTHONPATH``.

    python tools/same_output.py main          # the working tree against main
    python tools/same_output.py HEAD~3 --keep  # keep the outputs in ./out/same-output
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Every shipped layout, and the sample event (artwork, QR codes, conditions)
LAYOUTS = [*sorted(p.stem for p in (ROOT / "layouts").glob("*.toml")),
           "sample_data/event/event.toml"]
INPUTS = ["sample_data/attendees.xlsx", "sample_data/attendees.csv", "tests/scripts/names.csv"]


def _long_list(path: Path, rows: int) -> None:
    first = ["Ana", "Zsófia", "Nguyễn Thị", "Σωκράτης", "Анна", "محمد", "अनन्या", "美咲"]
    last = ["Li", "Wolfeschlegelsteinhausenbergerdorff", "van der Heijden", "Παπαδόπουλος",
            "Павлова", "الرشيد", "शर्मा", "佐藤"]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["First Name", "Last Name", "Company"])
        for i in range(rows):
            w.writerow([first[i % 8], f"{last[(i // 8) % 8]}{i % 97 or ''}", f"Co {i % 13}"])


def _run(src: Path, cwd: Path, args: list[str]) -> int:
    env = dict(os.environ, PYTHONPATH=str(src), SOURCE_DATE_EPOCH="1700000000")
    proc = subprocess.run([sys.executable, "-m", "badgepress", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)
    return proc.returncode


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.exists() else "-"


def main() -> int:
    """Compare; exit 1 when any output differs."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("rev", help="the revision to compare the working tree with")
    ap.add_argument("--keep", action="store_true", help="keep the outputs in out/same-output")
    ap.add_argument("--rows", type=int, default=13000, help="rows of the long list (0: none)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="same-output-"))
    old = tmp / "old"
    subprocess.run(["git", "worktree", "add", "--detach", str(old), args.rev], cwd=ROOT,
                   check=True, capture_output=True)
    try:
        inputs = [ROOT / p for p in INPUTS]
        if args.rows:
            long = tmp / "long.csv"
            _long_list(long, args.rows)
            inputs.append(long)
        cases = [(i, lay) for i in inputs for lay in LAYOUTS]
        if args.rows:
            cases = [c for c in cases if c[0].name != "long.csv" or c[1] == LAYOUTS[0]]
        same = differ = 0
        for inp, layout in cases:
            digests = []
            for side, src in (("old", old / "src"), ("new", ROOT / "src")):
                out = tmp / side / "runs" / f"{inp.stem}-{inp.suffix[1:]}-{Path(layout).stem}"
                out.mkdir(parents=True, exist_ok=True)
                # The same relative input path on both sides, as the report records it.
                code = _run(src, ROOT, ["build", str(inp.relative_to(ROOT) if inp.is_relative_to(
                    ROOT) else inp), "--layout", layout, "-o", str(out / "b.pdf"),
                    "--report", str(out / "r.json"), "-q"])
                digests.append((code, _digest(out / "b.pdf"), _digest(out / "r.json")))
            ok = digests[0] == digests[1]
            same += ok
            differ += not ok
            print(f"{'same ' if ok else 'DIFFER'} {inp.name:<16} {layout:<16} "
                  f"exit {digests[1][0]} pdf {digests[1][1]} report {digests[1][2]}"
                  + ("" if ok else f"  (was exit {digests[0][0]} pdf {digests[0][1]} "
                     f"report {digests[0][2]})"))
        print(f"{same} same, {differ} different")
        if args.keep:
            dest = ROOT / "out" / "same-output"
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(tmp / "new", dest / "new")
            shutil.copytree(tmp / "old", dest / "old", ignore=shutil.ignore_patterns(".git"))
        return 1 if differ else 0
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT,
                       check=False, capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""Run the hostile corpus (tests/hostile_corpus.py) through ``python -m badgepress build`` and
print each case's exit code, wall time, CPU time and peak memory.

    python benchmarks/bench_hostile.py [--src DIR] [--only TEXT] [--timeout S]

Each case runs in a fresh wrapper process, so the peak is that case's: the largest resident
set of the build and of any process it started (the background reader, the joiner), from
``getrusage(RUSAGE_CHILDREN)`` in the wrapper. ``--src`` runs another checkout's ``src`` (to
compare with an older revision); ``--only`` picks cases whose name contains the text. The
long-name and sparse-sheet cases are included; the machine is shared, so compare figures from
one run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile_corpus import argv, make_corpus  # noqa: E402

WRAPPER = r"""
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
try:
    p = subprocess.run(sys.argv[2:], capture_output=True, text=True, timeout=float(sys.argv[1]))
    code, err = p.returncode, p.stderr
except subprocess.TimeoutExpired:
    code, err = "timeout", ""
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "wall": wall, "cpu": ru.ru_utime + ru.ru_stime,
                  "peak_mb": ru.ru_maxrss / 1024, "err": err.strip().splitlines()[-1:]}))
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", default=str(ROOT / "src"), help="the badgepress src to run")
    ap.add_argument("--only", default="", help="only cases whose name contains this")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds a case may take")
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=args.src)
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        work = Path(tmp)
        cases = [c for c in make_corpus(work, slow=True) if args.only in c.name]
        print(f"{'case':<34} {'exit':>5} {'wall s':>7} {'cpu s':>7} {'peak MB':>8}  message")
        for case in cases:
            out = work / "out"
            for p in out.iterdir():
                if p.is_file():
                    p.unlink()
            for name, data in case.before.items():
                (out / name).write_bytes(data)
            cmd = [sys.executable, "-c", WRAPPER, str(args.timeout), sys.executable, "-m",
                   "badgepress", "build", *argv(case, work)]
            proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
            r = json.loads(proc.stdout)
            msg = (r["err"][0] if r["err"] else "")[:60]
            print(f"{case.name:<34} {r['code']!s:>5} {r['wall']:7.2f} {r['cpu']:7.2f} "
                  f"{r['peak_mb']:8.0f}  {msg}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

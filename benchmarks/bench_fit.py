"""Average cost of fitting one name field (shape + break options + closed-form fit), in µs.

A realistic mix: Latin names with particles and hyphens, Vietnamese, Greek, Cyrillic, Arabic,
Hebrew, Devanagari, Tamil, Bengali, Thai, Chinese, Japanese and Korean, each name unique so
that no per-name cache helps. Fonts, HarfBuzz shape plans and glyph extents are per-run state
(loaded once, shared by every badge), so they are warmed up before timing, as in a real run.

Two ways of making the names unique are timed:

- ``script``: the family name gets a few extra letters of its own script (``Павлова`` ->
  ``Павловаквр``), so every name stays in one script and direction, like real names.
- ``latin`` (the original benchmark): ``x`` repeated and a decimal number appended
  (``عبد الله الهاشميxxx123``), which makes every non-Latin name mixed-script and, for Arabic
  and Hebrew, mixed-direction: a harsher, less realistic load.
- ``list``: the mostly Latin names of ``bench_build.py`` (particles, hyphens, accents), as a
  European or American event's list has them.

Usage: ``python benchmarks/bench_fit.py [N] [--repeat R]``: prints the best of R runs per mode,
each in a fresh process so that no cache survives from one run to the next.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time

from badgepress.fonts import FontBook
from badgepress.layout import load_layout
from badgepress.model import Attendee
from badgepress.plan import Planner

#: (first name, family name, letters of the same script to make the family name unique)
MIX = [
    ("Maria Magdalena", "van der Heijden-Vermeulen", "abdeiklmnorstu"),
    ("José María", "de la Cruz Fernández", "abdeiklmnorstu"),
    ("Wolfgang", "Tőkés", "abdeiklmnorstuöő"), ("Nguyễn Thị", "Ánh", "abdghiklmnostuăâêôơư"),
    ("Σωκράτης", "Παπαδόπουλος", "αβγδεικλμνοπρστ"), ("Анна", "Павлова", "абвгдеиклмнопрст"),
    ("محمد", "عبد الله الهاشمي", "بتدرسعفقكلمنهوي"), ("דוד", "כהן", "אבגדהולמנסרשת"),
    ("प्रियंका", "क्षत्रिय", "कखगचजटडतदनपबमयरलवसह"),
    ("முத்துலட்சுமி", "சுப்பிரமணியன்", "கசடதநபமயரலவழளறன"),
    ("সৌমিত্র", "চট্টোপাধ্যায়", "কখগচজটডতদনপবমযরলসহ"),
    ("สมชาย", "ใจดี", "กขคงจชดตทนบปพมยรลวสหอ"), ("伟", "张", "明华国建文军平志芳娜敏静丽强磊洋"),
    ("太郎", "山田", "一二三子美和花郎太田中川本村"), ("민준", "김", "민준서연지우현수영진"),
    ("Hubert Blaine", "Wolfeschlegelsteinhausen", "abdeiklmnorstu"),
]


def _digits(i: int, alphabet: str) -> str:
    """``i`` written in base ``len(alphabet)`` with ``alphabet`` as digits (at least one)."""
    out = ""
    while True:
        i, d = divmod(i, len(alphabet))
        out = alphabet[d] + out
        if i == 0:
            return out


def people(n: int, mode: str) -> list[Attendee]:
    """``n`` attendees drawn from ``MIX``, each name unique (see the module docstring)."""
    rnd = random.Random(1)
    out = []
    if mode == "list":
        from bench_build import person  # the Latin names of the build benchmark

        seen: set[tuple[str, str]] = set()
        while len(out) < n:
            first, last = person(rnd)
            if (first, last) not in seen:
                seen.add((first, last))
                out.append(Attendee(len(out) + 2, {"first_name": first, "last_name": last,
                                                   "name": ""}))
        return out
    for i in range(n):
        first, last, letters = rnd.choice(MIX)
        suffix = _digits(i, letters) if mode == "script" else f"{'x' * (i % 7)}{i}"
        out.append(Attendee(i + 2, {"first_name": first, "last_name": last + suffix,
                                    "name": ""}))
    return out


def run(n: int, mode: str) -> float:
    """Mean µs per name field fitted, for a fresh planner of ``n`` names."""
    planner = Planner(load_layout("a4-90x55-8up"), FontBook())
    spec = next(f for f in planner.layout.fields if f.name == "name")
    # Per-run state: every font of the mix loaded, shape plans and glyph extents warm.
    for first, last, _ in MIX:
        planner._fit(spec, f"{last} {first}")
    todo = [planner.text_for(spec, a) for a in people(n, mode)]
    start = time.perf_counter()
    for text in todo:
        planner._fit(spec, text)
    return (time.perf_counter() - start) / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--mode", choices=["script", "latin", "list", "all"], default="all")
    parser.add_argument("--once", action="store_true", help="one run here; print µs only")
    args = parser.parse_args()
    if args.once:
        print(run(args.n, args.mode))
        return
    for mode in ["script", "latin", "list"] if args.mode == "all" else [args.mode]:
        times = [float(subprocess.run(
            [sys.executable, __file__, str(args.n), "--mode", mode, "--once"],
            check=True, capture_output=True, text=True).stdout) for _ in range(args.repeat)]
        what = "Latin names of bench_build" if mode == "list" else \
            f"names in mixed scripts, {mode} suffixes"
        print(f"{args.n} unique {what}: "
              f"{min(times):.0f} µs per name field fitted (runs: "
              f"{', '.join(f'{t:.0f}' for t in times)})")


if __name__ == "__main__":
    main()

"""The cost of --pdfx: the sample event (vector background, SVG logo in RGB, QR codes, bands)
built for 10,000 attendees as a plain PDF and as PDF/X-4 (output intent, XMP, the logo's RGB
converted to CMYK, and the build's own preflight of the first and last sheet), in turns.

Target: the PDF/X build within 1.2x the plain one; the PDF grows by the profile once.

    python benchmarks/bench_pdfx.py              # 10,000 attendees, 3 repeats
    python benchmarks/bench_pdfx.py 2000 --repeat 5
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_build import run, size_and_repeats  # noqa: E402

EVENT = ROOT / "sample_data" / "event" / "event.toml"


def main() -> None:
    size, repeat, xlsx = size_and_repeats(__doc__ or "")
    walls: dict[str, list[float]] = {"plain": [], "pdfx": []}
    cpus: dict[str, list[float]] = {"plain": [], "pdfx": []}
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{size} attendees, layout {EVENT.relative_to(ROOT)}")
        print(f"{'run':>4} {'build':<6} {'wall s':>7} {'cpu s':>6} {'MB':>6} {'PDF kB':>8}")
        for rep in range(repeat):
            for name, extra in (("plain", []), ("pdfx", ["--pdfx"])):
                pdf = folder / f"{name}.pdf"
                wall, cpu, mb, _ = run([sys.executable, "-m", "badgepress", "build", str(xlsx),
                                        "-l", str(EVENT), "-o", str(pdf), "-q", *extra])
                walls[name].append(wall)
                cpus[name].append(cpu)
                sizes[name] = pdf.stat().st_size
                print(f"{rep + 1:>4} {name:<6} {wall:>7.2f} {cpu:>6.2f} {mb:>6.0f} "
                      f"{sizes[name] / 1e3:>8.0f}", flush=True)
    ratio = [x / p for x, p in zip(walls["pdfx"], walls["plain"], strict=True)]
    cpu_ratio = [x / p for x, p in zip(cpus["pdfx"], cpus["plain"], strict=True)]
    print(f"median wall time: plain {statistics.median(walls['plain']):.2f} s, pdfx "
          f"{statistics.median(walls['pdfx']):.2f} s: {statistics.median(ratio):.2f}x "
          f"({min(ratio):.2f}-{max(ratio):.2f}); CPU {statistics.median(cpu_ratio):.2f}x")
    print(f"PDF: plain {sizes['plain'] / 1e3:.0f} kB, pdfx {sizes['pdfx'] / 1e3:.0f} kB "
          f"({(sizes['pdfx'] - sizes['plain']) / 1e3:+.0f} kB: the profile, once)")


if __name__ == "__main__":
    main()

"""Artwork and QR codes at scale: badgepress with a vector PDF background, an SVG logo and a
PNG (and then a per-badge QR code too) against the bare loop of bench_build.py, in one run.

Each repeat runs bare, plain (the default layout), art and art+qr one after the other, so the
ratios compare runs made minutes apart at most on a shared machine; with --repeat the median
ratios are printed. File sizes show that the artwork is written once, not per badge.

    python benchmarks/bench_artwork.py              # 10,000 attendees, 3 repeats
    python benchmarks/bench_artwork.py 2000 --repeat 5
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_build import BARE, run, size_and_repeats  # noqa: E402

ART = """
[[image]]
file = "background.pdf"
box = "bleed"
fit = "cover"

[[image]]
file = "logo.svg"
box = { x = "6mm", y = "46mm", width = "20mm", height = "8mm" }

[[image]]
file = "flag.png"
box = { x = "64mm", y = "46mm", width = "20mm", height = "8mm" }
"""
QR = """
[[qr]]
data = "{email}"
box = { x = "70mm", y = "4mm", width = "16mm", height = "16mm" }
"""


def layouts(folder: Path) -> dict[str, str]:
    """The layouts compared, written into ``folder`` with their artwork."""
    from PIL import Image

    shutil.copy(ROOT / "sample_data" / "event" / "background.pdf", folder)
    shutil.copy(ROOT / "sample_data" / "event" / "logo.svg", folder)
    Image.new("RGB", (472, 189), "#d52b1e").save(folder / "flag.png")  # 600 dpi at 20 x 8 mm
    base = (ROOT / "layouts" / "a4-90x55-8up.toml").read_text(encoding="utf-8")
    # the role field moves left of the QR code's box in the art+qr layout
    narrow = base.replace('box = { x = "5mm", y = "4mm", width = "80mm", height = "4.5mm" }',
                          'box = { x = "5mm", y = "4mm", width = "60mm", height = "4.5mm" }')
    out = {"plain": "a4-90x55-8up"}
    for name, text in (("art", base + ART), ("art+qr", narrow + ART + QR)):
        path = folder / f"{name.replace('+', '-')}.toml"
        path.write_text(text, encoding="utf-8")
        out[name] = str(path)
    return out


def main() -> None:
    size, repeat, xlsx = size_and_repeats(__doc__ or "")
    ratios: dict[str, list[float]] = {}
    cpu_ratios: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        lays = layouts(folder)
        art_bytes = sum((folder / f).stat().st_size
                        for f in ("background.pdf", "logo.svg", "flag.png"))
        print(f"{size} attendees; artwork files {art_bytes / 1e3:.1f} kB in all")
        print(f"{'run':>6} {'layout':<8} {'wall s':>7} {'cpu s':>6} {'MB':>6} {'wall x':>7} "
              f"{'cpu x':>6} {'PDF kB':>8}")
        for rep in range(repeat):
            bare = run([sys.executable, "-c", BARE, str(xlsx), str(folder / "bare.pdf")])
            print(f"{rep + 1:>6} {'bare':<8} {bare[0]:>7.2f} {bare[1]:>6.2f} {bare[2]:>6.0f}",
                  flush=True)
            for name, lay in lays.items():
                pdf = folder / f"{name}.pdf"
                ours = run([sys.executable, "-m", "badgepress", "build", str(xlsx), "-l", lay,
                            "-o", str(pdf), "-q"])
                ratios.setdefault(name, []).append(ours[0] / bare[0])
                cpu_ratios.setdefault(name, []).append(ours[1] / bare[1])
                print(f"{rep + 1:>6} {name:<8} {ours[0]:>7.2f} {ours[1]:>6.2f} {ours[2]:>6.0f} "
                      f"{ratios[name][-1]:>7.2f} {cpu_ratios[name][-1]:>6.2f} "
                      f"{pdf.stat().st_size / 1e3:>8.0f}", flush=True)
        sizes = {name: (folder / f"{name}.pdf").stat().st_size for name in lays}
    print("median wall-time ratio to the bare loop: " + ", ".join(
        f"{name} {statistics.median(r):.2f}x ({min(r):.2f}-{max(r):.2f})"
        for name, r in ratios.items()))
    print("median CPU-time ratio (steadier on a busy machine): " + ", ".join(
        f"{name} {statistics.median(r):.2f}x" for name, r in cpu_ratios.items()))
    print(f"PDF growth over plain: art {(sizes['art'] - sizes['plain']) / 1e3:+.1f} kB, "
          f"art+qr {(sizes['art+qr'] - sizes['plain']) / 1e3:+.1f} kB "
          f"({(sizes['art+qr'] - sizes['art']) / size:.0f} bytes a QR code)")


if __name__ == "__main__":
    main()

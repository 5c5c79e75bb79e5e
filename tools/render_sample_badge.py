"""Render the README's picture: three badges of the sample event (a speaker, an attendee and a
member of staff), side by side, as ``docs/sample-badge.png``.

    python tools/render_sample_badge.py          # after changing the sample event or the code

Each badge is made by the library's own preview (its bleed box, from the built PDF), so the
picture shows exactly what prints.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "attendees.csv"
LAYOUT = ROOT / "sample_data" / "event" / "event.toml"
OUT = ROOT / "docs" / "sample-badge.png"
PEOPLE = ["Ada", "Jan", "Jo"]  # a speaker, an attendee, staff
DPI = 150
GAP = 24


def main() -> int:
    """Write docs/sample-badge.png; returns the exit code."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    sys.path.insert(0, str(ROOT / "src"))
    from badgepress.press.preview import preview

    with SAMPLE.open(encoding="utf-8", newline="") as f:
        rows = {r["First Name"]: i + 2 for i, r in enumerate(csv.DictReader(f))}
    tiles = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in PEOPLE:
            png = Path(tmp) / f"{name}.png"
            preview(SAMPLE, png, layout=str(LAYOUT), row=rows[name], dpi=DPI)
            tiles.append(Image.open(io.BytesIO(png.read_bytes())).convert("RGB"))
    width = sum(t.size[0] for t in tiles) + GAP * (len(tiles) + 1)
    height = max(t.size[1] for t in tiles) + 2 * GAP
    sheet = Image.new("RGB", (width, height), "white")
    x = GAP
    for tile in tiles:
        sheet.paste(tile, (x, GAP))
        x += tile.size[0] + GAP
    sheet.save(OUT, optimize=True)
    print(f"wrote {OUT.relative_to(ROOT)} ({width} x {height} px)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

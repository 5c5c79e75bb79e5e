"""Artwork files and layouts for the artwork, QR and condition tests, made in code."""

from __future__ import annotations

import csv
from pathlib import Path

from PIL import Image
from reportlab.lib.colors import CMYKColor
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parents[1]

BASE = """
name = "test"
[sheet]
size = "A4"
[badge]
size = "90mm x 55mm"
bleed = "3mm"
safe = "4mm"
[grid]
columns = 2
rows = 4
gutter = "6mm"
[marks]
crop = true
"""

NAME_FIELD = """
[[field]]
name = "name"
text = "{first_name}\\n{last_name}"
box = { x = "5mm", y = "25mm", width = "80mm", height = "18mm" }
font = "Noto Sans Bold"
size = { max = "30pt", min = "10pt" }
lines = 2
"""

SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" viewBox="0 0 100 50">
  <rect x="0" y="0" width="100" height="50" fill="#00a000"/>
  <circle cx="25" cy="25" r="20" fill="#ffffff"/>
</svg>
"""


def background_pdf(path: Path, pages: int = 1) -> Path:
    """A 96 x 61 mm vector page (90 x 55 mm and 3 mm bleed) of solid cyan, with a circle."""
    w, h = 96 * 72 / 25.4, 61 * 72 / 25.4
    c = Canvas(str(path), pagesize=(w, h), invariant=1)
    for _ in range(pages):
        c.setFillColor(CMYKColor(1, 0, 0, 0))
        c.rect(0, 0, w, h, stroke=0, fill=1)
        c.setFillColor(CMYKColor(0, 1, 0, 0))
        c.circle(w / 2, h / 2, 20, stroke=0, fill=1)
        c.showPage()
    c.save()
    return path


def png(path: Path, size: tuple[int, int] = (600, 300), color: str = "red") -> Path:
    """A solid PNG with an alpha channel."""
    Image.new("RGBA", size, color).save(path)
    return path


def jpeg(path: Path, size: tuple[int, int] = (600, 300)) -> Path:
    """A solid JPEG."""
    Image.new("RGB", size, "blue").save(path, quality=90)
    return path


def layout(folder: Path, elements: str, *, fields: str = NAME_FIELD, base: str = BASE,
           name: str = "layout.toml") -> Path:
    """A layout file in ``folder``: the base geometry, ``elements`` and ``fields``."""
    path = folder / name
    path.write_text(base + elements + fields, encoding="utf-8")
    return path


def attendees(path: Path, rows: list[dict[str, str]]) -> Path:
    """A CSV with the keys of the first row as header."""
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


PEOPLE = [
    {"First Name": "Ada", "Last Name": "Lovelace", "Ticket Type": "Speaker",
     "Email": "ada@example.org", "ID": "A-1"},
    {"First Name": "Grace", "Last Name": "Hopper", "Ticket Type": "Staff",
     "Email": "grace.hopper@navy.example", "ID": "A-2"},
    {"First Name": "Jan", "Last Name": "van der Berg", "Ticket Type": "attendee",
     "Email": "", "ID": "A-3"},
    {"First Name": "Zoë", "Last Name": "Ødegård", "Ticket Type": "SPEAKER",
     "Email": "zoë.ødegård@exämple.org", "ID": "A-4"},
]

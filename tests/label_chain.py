"""Run a badge PDF through a label printer's real CUPS driver chain and read back what the
printer would print.

``cupsfilter -e -p PPD -m printer/foo`` runs the filters a CUPS queue with that PPD runs
(pdftopdf, the rasteriser, the driver's own filter) and writes the printer's language. The
decoders below read that language back into a picture of the label as the page shows it
(row 0 the page's top, the first row printed; column 0 its left edge), at the printer's
resolution, from the commands alone:

- DYMO LabelWriter (``raster2dymolw``): ``ESC B`` dot tab, ``ESC D`` bytes a line, ``SYN``
  raw and ``ETB`` run-length lines, ``ESC f 1 n`` skipped lines, ``ESC L`` label length,
  ``ESC G``/``ESC E`` form feeds. The first line lands where the driver's ImageableArea
  starts (the printer cannot print above it).
- Zebra ZPL (CUPS's ``rastertolabel``): the ``~DG`` graphic (hex with ZPL's run-length
  letters, ``,`` ``!`` and ``:``), recalled once per label by ``^XG`` inside ``^XA``...``^XZ``.
- Brother QL (``rastertoptch``): ``ESC i z`` media and line count, ``ESC i d`` feed margin,
  ``M``-compressed (PackBits) ``g`` lines and ``Z`` blank lines, ``0x0C``/``0x1A`` print. QL
  lines are sent mirrored across the 720-pin head; 62 mm tape (732 dots) sits centred on it.

Also the CUPS raster the rasteriser hands the driver (``-m application/vnd.cups-raster``):
its page header (PageSize, HWResolution, cupsWidth/Height) and pixels.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

DRIVERD = Path("/usr/lib/cups/daemon/cups-driverd")
#: cupsfilter lives in /usr/sbin, which a user's PATH may lack.
CUPSFILTER = shutil.which("cupsfilter") or "/usr/sbin/cupsfilter"


def have_cupsfilter() -> bool:
    """Whether this machine can run CUPS filter chains (cupsfilter and cups-driverd)."""
    return Path(CUPSFILTER).exists() and DRIVERD.exists()


def ppd(uri: str, dest: Path) -> Path | None:
    """The PPD of driver ``uri`` (``lpinfo -m`` name) written to ``dest``; None without it."""
    proc = subprocess.run([str(DRIVERD), "cat", uri], capture_output=True, check=False)
    if proc.returncode or not proc.stdout.startswith(b"*PPD-Adobe"):
        return None
    dest.write_bytes(proc.stdout)
    return dest


def run_chain(ppd_path: Path, pdf: Path, options: tuple[str, ...], mime: str = "printer/foo"
              ) -> bytes:
    """The bytes the queue's filters make of ``pdf`` with job ``options`` (KEY=VALUE)."""
    args = [CUPSFILTER, "-e", "-p", str(ppd_path), "-m", mime]
    for opt in options:
        args += ["-o", opt]
    proc = subprocess.run([*args, str(pdf)], capture_output=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-2000:]
    return proc.stdout


def run_to_filter(ppd_path: Path, pdf: Path, options: tuple[str, ...], driver: str
                  ) -> tuple[bytes, bytes]:
    """The CUPS raster of ``pdf`` (``cupsfilter`` as far as the driver's input), and what the
    driver's own filter ``driver`` makes of it, run as CUPS runs it (job, user, title, copies,
    options; ``PPD`` in the environment). ``DEVICE_URI`` names a network printer: the DYMO
    filter's language monitor polls a USB printer's status for about 20 s when there is none.
    """
    raster = run_chain(ppd_path, pdf, options, "application/vnd.cups-raster")
    env = {"PPD": str(ppd_path), "DEVICE_URI": "socket://127.0.0.1:9100", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([f"/usr/lib/cups/filter/{driver}", "1", "badgepress", "badge", "1",
                           " ".join(options)], input=raster, capture_output=True, env=env,
                          check=False, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-2000:]
    return raster, proc.stdout


def ppd_media(text: str, name: str) -> tuple[tuple[float, float], tuple[float, ...]]:
    """``PaperDimension`` (w, h) and ``ImageableArea`` (x0, y0, x1, y1) of media ``name``
    (pt), from a PPD's text.
    """
    def find(key: str) -> tuple[float, ...]:
        m = re.search(rf"^\*{key} {re.escape(name)}(?:/[^:]*)?: \"([^\"]+)\"", text, re.M)
        assert m, f"{key} {name} not in the PPD"
        return tuple(float(v) for v in m.group(1).split())

    w, h = find("PaperDimension")
    return (w, h), find("ImageableArea")


# --- CUPS raster ---------------------------------------------------------------------------

@dataclass
class RasterPage:
    """One page of a CUPS raster stream: the header fields the checks read, and its picture."""

    page_size: tuple[int, int]
    resolution: tuple[int, int]
    bounding_box: tuple[int, int, int, int]
    width: int
    height: int
    image: Image.Image


def cups_raster(data: bytes) -> list[RasterPage]:
    """The pages of an uncompressed CUPS raster (v3, ``RaS3``/``3SaR``) stream."""
    assert data[:4] in (b"RaS3", b"3SaR"), data[:4]
    order = "<" if data[:4] == b"3SaR" else ">"
    pos, pages = 4, []
    while pos < len(data):
        head = data[pos:pos + 1796]
        pos += 1796
        u = struct.unpack(order + "81I", head[256:580])
        width, height, bpp, bpl, space = u[29], u[30], u[33], u[34], u[36]
        pixels = data[pos:pos + bpl * height]
        pos += bpl * height
        if bpp == 1:
            img = Image.frombytes("1", (width, height), pixels).convert("L")
            img = img.point(lambda v: 255 - v) if space == 3 else img  # K: 1 is black
        elif bpp == 24:
            img = Image.frombytes("RGB", (width, height), pixels).convert("L")
        else:
            img = Image.frombytes("L", (width, height), pixels)
            img = img.point(lambda v: 255 - v) if space == 3 else img
        pages.append(RasterPage((u[24], u[25]), (u[5], u[6]), (u[7], u[8], u[9], u[10]),
                                width, height, img))
    return pages


# --- what the printer prints ---------------------------------------------------------------

@dataclass
class Printed:
    """Labels as the printer prints them: each a greyscale picture of the whole label (white
    where nothing is printed), in the page's orientation, at ``dpi``; ``printable`` the part of
    the label the printer can put dots on (pixels: left, top, right, bottom).
    """

    dpi: float
    labels: list[Image.Image]
    printable: tuple[int, int, int, int]
    facts: dict[str, object] = field(default_factory=dict)


def _bits(rows: list[bytes], width: int) -> Image.Image:
    raw = b"".join(r[: width // 8].ljust(width // 8, b"\0") for r in rows)
    return Image.frombytes("1", (width, len(rows)), raw).convert("L").point(lambda v: 255 - v)


def dymo(data: bytes, page: tuple[float, float], area: tuple[float, ...]) -> Printed:
    """Decode a DYMO LabelWriter job for media ``page`` (w, h pt) whose ImageableArea is
    ``area`` (pt): the head's dot 0 is the label's left edge; the first line prints at the
    area's top.
    """
    dpi, head = 300, 672
    i, labels, rows = 0, [], []
    facts: dict[str, object] = {}
    bpl, tab = 0, 0
    while i < len(data) and data[i] == 0x1B and data[i + 1] == 0x1B:
        i += 1  # the reset: a run of ESC

    def feed() -> None:
        nonlocal rows
        if rows:
            labels.append(rows)
        rows = []

    while i < len(data):
        c = data[i]
        if c == 0x1B:
            op = chr(data[i + 1])
            size = {"Q": 4, "B": 3, "D": 3, "L": 4, "q": 3}.get(op, 2)
            arg = data[i + 2:i + size]
            if op == "B":
                tab = arg[0]
            elif op == "D":
                bpl = arg[0]
            elif op == "L":
                facts["label_length_dots"] = arg[0] << 8 | arg[1]
            elif op == "f":
                size = 4
                rows += [b""] * data[i + 3]
            elif op in "EG":
                feed()
            i += size
        elif c == 0x16:  # SYN: a raw line of bpl bytes after the dot tab
            rows.append(b"\0" * tab + data[i + 1:i + 1 + bpl])
            i += 1 + bpl
        elif c == 0x17:  # ETB: runs of bits, high bit black, low 7 bits the run less one
            i += 1
            bits: list[int] = []
            while len(bits) < bpl * 8:
                bits += [data[i] >> 7] * ((data[i] & 0x7F) + 1)
                i += 1
            line = bytes(int("".join(map(str, bits[k:k + 8])), 2) for k in range(0, bpl * 8, 8))
            rows.append(b"\0" * tab + line)
        else:
            raise AssertionError(f"unknown DYMO byte {c:#04x} at {i}")
    feed()
    k = dpi / 72
    width, height = round(page[0] * k), round(page[1] * k)
    # The driver sends the raster from the area's left edge on (no page offset: its PPDs set
    # cupsInteger0 to 0): the head's first dot prints the area's left edge.
    left, top = round(area[0] * k), round((page[1] - area[3]) * k)
    out = []
    for label in labels:
        canvas = Image.new("L", (width, height), 255)
        canvas.paste(_bits(label, head).crop((0, 0, min(head, width), len(label))), (left, top))
        out.append(canvas)
    facts["lines"] = [len(label) for label in labels]
    printable = (left, top, min(left + head, round(area[2] * k)),
                 round((page[1] - area[1]) * k))
    return Printed(dpi, out, printable, facts)


def _zpl_rows(text: str, per_row: int, rows: int) -> list[bytes]:
    out: list[str] = []
    row, prev, i = "", "0" * per_row * 2, 0
    while len(out) < rows:
        c = text[i]
        n = 0
        while "G" <= c <= "Y" or "g" <= c <= "z":
            n += ord(c) - ord("F") if c <= "Y" else (ord(c) - ord("f")) * 20
            i += 1
            c = text[i]
        i += 1
        if c == ",":
            row = row.ljust(per_row * 2, "0")
        elif c == "!":
            row = row.ljust(per_row * 2, "F")
        elif c == ":":
            row = prev
        elif c not in "\r\n":
            row += c * max(n, 1)
        if len(row) >= per_row * 2:
            out.append(row[: per_row * 2])
            prev, row = out[-1], ""
    return [bytes.fromhex(r) for r in out]


def zpl(data: bytes, dpi: float) -> Printed:
    """Decode a ZPL job: each ``^XA``...``^XZ`` that recalls the ``~DG`` graphic (``^XG``)
    prints one label: the graphic at ``^FO``, ``^PW`` dots wide.
    """
    text = data.decode("latin-1")
    m = re.search(r"~DG([^,]+),(\d+),(\d+),", text)
    assert m, "no ~DG graphic"
    total, per_row = int(m.group(2)), int(m.group(3))
    graphic = _bits(_zpl_rows(text[m.end():], per_row, total // per_row), per_row * 8)
    formats = re.findall(r"\^XA(.*?)\^XZ", text[m.end():], re.S)
    labels, facts = [], {"graphic": (per_row * 8, total // per_row)}
    for fmt in formats:
        if "^XG" not in fmt:
            continue
        width = int(re.search(r"\^PW(\d+)", fmt).group(1))  # type: ignore[union-attr]
        fo = re.search(r"\^FO(\d+),(\d+)\^XG", fmt)
        assert fo, fmt
        facts.update(width=width, orientation=re.search(r"\^PO(\w)", fmt).group(1))  # type: ignore[union-attr]
        canvas = Image.new("L", (width, graphic.height), 255)
        canvas.paste(graphic.crop((0, 0, width, graphic.height)),
                     (int(fo.group(1)), int(fo.group(2))))
        labels.append(canvas)
    height = labels[0].height if labels else 0
    width = labels[0].width if labels else 0
    return Printed(dpi, labels, (0, 0, width, height), facts)


def _packbits(b: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(b):
        n = b[i]
        i += 1
        if n < 128:
            out += b[i:i + n + 1]
            i += n + 1
        elif n > 128:
            out += bytes([b[i]]) * (257 - n)
            i += 1
    return bytes(out)


#: Brother QL: 720 pins at 300 dpi; 62 mm tape is 732 dots wide, centred on the head, and
#: pins 12 to 707 print on it; a die-cut label's first and last 35 lines are not printed
#: (Brother's QL raster command reference: 62 x 100 mm is 1179 lines, 1109 printable).
QL_PINS, QL_TAPE_62, QL_PRINTABLE_62, QL_DIECUT_MARGIN = 720, 732, (12, 708), 35


def brother_ql(data: bytes) -> Printed:
    """Decode a Brother QL raster job for 62 mm media: per printed label the cut piece, as
    the page shows it (lines un-mirrored, the feed margin above and below).
    """
    i = 0
    while data[i] == 0:
        i += 1  # the invalidate run
    labels: list[Image.Image] = []
    lines: list[bytes] = []
    facts: dict[str, object] = {}
    comp, margin = 0, 0
    first = (QL_TAPE_62 - QL_PINS) // 2  # tape dots left of pin 0 (mirrored: right)
    while i < len(data):
        c = data[i]
        if c == 0x1B and data[i + 1] == ord("@"):
            i += 2
        elif c == 0x1B and data[i + 1] == ord("i"):
            op = chr(data[i + 2])
            size = {"z": 10, "M": 1, "K": 1, "A": 1, "a": 1, "d": 2, "S": 0}[op]
            arg = data[i + 3:i + 3 + size]
            if op == "z":
                facts.update(media_type=arg[1], width_mm=arg[2], length_mm=arg[3],
                             raster_lines=int.from_bytes(arg[4:8], "little"))
            elif op == "d":
                margin = int.from_bytes(arg, "little")
            elif op == "K":
                facts["cut_at_end"] = bool(arg[0] & 0x08)
            elif op == "M":
                facts["auto_cut"] = bool(arg[0] & 0x40)
            i += 3 + size
        elif c == ord("M"):
            comp = data[i + 1]
            i += 2
        elif c == ord("g"):
            raw = data[i + 3:i + 3 + data[i + 2]]
            lines.append(_packbits(raw) if comp == 2 else raw)
            i += 3 + data[i + 2]
        elif c == ord("Z"):
            lines.append(b"\0" * (QL_PINS // 8))
            i += 1
        elif c in (0x0C, 0x1A):
            if facts.get("length_mm"):  # die-cut: the printer skips the label's ends
                margin = max(margin, QL_DIECUT_MARGIN)
            pins = _bits(lines, QL_PINS).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
            canvas = Image.new("L", (QL_TAPE_62, len(lines) + 2 * margin), 255)
            canvas.paste(pins, (first, margin))
            labels.append(canvas)
            lines = []
            i += 1
        else:
            raise AssertionError(f"unknown Brother byte {c:#04x} at {i}")
    facts["margin_dots"] = margin
    lo, hi = QL_PRINTABLE_62
    height = labels[0].height if labels else 0
    printable = (QL_TAPE_62 - first - hi, margin, QL_TAPE_62 - first - lo, height - margin)
    return Printed(300, labels, printable, facts)

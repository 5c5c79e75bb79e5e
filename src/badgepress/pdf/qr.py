"""QR codes as vector paths: encoded with zxing-cpp, each row's runs of dark modules written as
rectangles of one path filled once (not one shape per module), on a white square (the code
and its quiet zone) so that it never sits on a background's tint.

The symbol is scaled to the largest square that fits its box with the 4-module quiet zone
inside the box, centred. Operators are relative to the badge's trim corner.
"""

from __future__ import annotations

import re
import sys

import zxingcpp
from reportlab.lib.rl_accel import fp_str

from badgepress.errors import LayoutError
from badgepress.pdf._marks import fill
from badgepress.plan.elements import QrPlan
from badgepress.sheet.geometry import Rect

#: Modules of light margin around the symbol that scanners need (ISO/IEC 18004).
QUIET_ZONE = 4
#: The smallest module a phone camera reads reliably at badge distance (pt): 0.4 mm.
MIN_MODULE = 0.4 * 72 / 25.4
#: The data mask every code is made with (ISO/IEC 18004 pattern 2: every third column).
#: Letting the encoder try all eight and score each costs 5 times the encoding itself (0.15
#: ms against 0.03 ms a code here); scored by the standard's penalty rules over 400 e-mail
#: and URL codes and 160 vCards, pattern 2 alone does as well as that choice on average
#: (e-mail and URLs: 525 against 541; vCards: 1,070 against 1,032) and is the best fixed
#: pattern. Any mask is part of the standard: every reader decodes them all.
DATA_MASK = 2


_DARK_RUN = re.compile(rb"[\x00-\x7f]+")

#: Modules a chunk (see :class:`_Chunks`): a symbol's modules in reading order are cut into
#: chunks of this many, each looked up as one 64-bit integer (one byte a module).
CHUNK = 8
#: Light padding that completes a symbol's last chunk.
_PAD = b"\xff" * CHUNK
#: Chunk tables kept per symbol size (a build uses one or two sizes; vCards a few more).
_TABLES: dict[int, list[_Chunks]] = {}
#: Chunk operators kept at most, over all sizes (about 60 bytes each: a few MB). A list of
#: e-mail codes (21 x 21 modules, 56 positions) needs at most 14,336; large codes (a vCard of
#: 57 x 57 has 407 positions) may meet more, and then the tables start afresh.
MAX_CHUNKS = 100_000
#: Heads (colour and scaling) of the codes drawn so far, per box, colour and symbol size.
_HEADS: dict[tuple[object, ...], tuple[str, float]] = {}


class _Chunks(dict[int, str]):
    """The operators of one chunk position of a symbol, by the chunk's modules: made the first
    time a pattern is met, then looked up. A position has at most 256 patterns, and every
    code of a size shares the table, so a long list meets each one early and formats nothing
    after that.

    A run of dark modules is cut where a chunk ends (as where a row does): its rectangles
    still abut and are filled as one path, so the printed symbol is the same.
    """

    __slots__ = ("size", "start")
    #: operators made since the tables last started afresh (see MAX_CHUNKS)
    made = 0

    def __init__(self, size: int, start: int) -> None:
        super().__init__()
        self.size = size
        self.start = start

    def __missing__(self, key: int) -> str:
        if _Chunks.made >= MAX_CHUNKS:
            for tables in _TABLES.values():
                for table in tables:
                    table.clear()
            _Chunks.made = 0
        _Chunks.made += 1
        modules = key.to_bytes(CHUNK, sys.byteorder)
        size, last = self.size, self.size * self.size
        ops: list[str] = []
        run_x = run_y = run = 0
        for i, value in enumerate(modules):
            p = self.start + i
            y, x = divmod(p, size)
            dark = value < 128 and p < last
            if run and (not dark or y != run_y):
                ops.append(f"{run_x} {run_y} {run} 1 re")
                run = 0
            if dark:
                if not run:
                    run_x, run_y = x, y
                run += 1
        if run:
            ops.append(f"{run_x} {run_y} {run} 1 re")
        value_ops = self[key] = "\n".join(ops)
        return value_ops


def _modules(data: str, level: str) -> tuple[int, bytes]:
    """``(modules per side, the modules in reading order)``: one byte a module, dark below
    128. Raises ``ValueError`` when ``data`` cannot be encoded (too long).
    """
    try:
        code = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level=level,
                                       data_mask=DATA_MASK)
    except Exception as exc:  # zxing-cpp raises its own error types
        raise ValueError(str(exc)) from None
    image = memoryview(code.to_image(scale=1, add_quiet_zones=False))  # type: ignore[arg-type]
    return len(image), image.tobytes()


def _joined_rows(data: str, level: str) -> tuple[int, bytes]:
    """``(modules per side, rows joined by a light byte)``: one byte a module, dark below 128.
    Raises ``ValueError`` when ``data`` cannot be encoded (too long).
    """
    size, raw = _modules(data, level)
    # Rows joined by a light byte, so that one pass finds every run and none spans two rows.
    return size, b"\xff".join([raw[y * size:(y + 1) * size] for y in range(size)])


def matrix(data: str, level: str) -> tuple[int, list[list[tuple[int, int]]]]:
    """``(modules per side, dark runs per row as (start, length))`` of ``data`` as a QR code
    at error-correction ``level`` (L, M, Q or H). Raises ``ValueError`` when it cannot be
    encoded (too long).
    """
    size, joined = _joined_rows(data, level)
    runs: list[list[tuple[int, int]]] = [[] for _ in range(size)]
    for m in _DARK_RUN.finditer(joined):
        y, x = divmod(m.start(), size + 1)
        runs[y].append((x, m.end() - m.start()))
    return size, runs


def path_ops(size: int, modules: bytes) -> str:
    """The rectangles (``x y w 1 re``, in modules, rows counted down from the top) of a
    symbol's dark modules (``modules``: ``size`` x ``size`` bytes, dark below 128), one path:
    each chunk of :data:`CHUNK` modules looked up, not formatted again.
    """
    tables = _TABLES.get(size)
    if tables is None:
        tables = _TABLES[size] = [_Chunks(size, start)
                                  for start in range(0, size * size, CHUNK)]
    keys = memoryview(modules + _PAD[:-len(modules) % CHUNK]).cast("Q").tolist()
    return "\n".join(filter(None, map(dict.__getitem__, tables, keys)))


def _head(qr: QrPlan, size: int) -> tuple[str, float]:
    """The colour and ``cm`` that start ``qr``'s symbol of ``size`` modules, and its module
    size (pt): the largest square in the box with the quiet zone inside it, centred.
    """
    spec = qr.spec
    key = (spec.box, spec.color, size)
    hit = _HEADS.get(key)
    if hit is None:
        box = spec.box
        side = min(box.width, box.height)
        module = side / (size + 2 * QUIET_ZONE)
        x0 = box.x0 + (box.width - side) / 2 + QUIET_ZONE * module
        top = box.y0 + (box.height + side) / 2 - QUIET_ZONE * module
        # The code and its quiet zone on white, whatever is under it: a scanner reads dark
        # modules against light paper, not against a background's tint.
        white = (f"1 g {fp_str(box.x0 + (box.width - side) / 2, box.y0 + (box.height - side) / 2)}"
                 f" {fp_str(side, side)} re f")
        hit = _HEADS[key] = (f"{white}\n{fill(spec.color)}\n"
                             f"q {fp_str(module, 0, 0, -module, x0, top)} cm", module)
    return hit


def qr_ops(qr: QrPlan, source: str) -> tuple[str, float]:
    """The operators that draw ``qr`` (relative to the trim corner), and its module size (pt).

    The path is written in modules (``cm`` scales a module to its size, rows counted down
    from the top), so each run is four small integers. Raises ``LayoutError`` (naming the
    layout key) when the data cannot be encoded at all.
    """
    spec = qr.spec
    try:
        size, modules = _modules(qr.data, spec.error)
    except ValueError as exc:
        raise LayoutError(f"cannot encode {len(qr.data)} characters as a QR code ({exc}); "
                          "shorten the data or lower error", path=source,
                          key=f"{spec.key}.data") from None
    head, module = _head(qr, size)
    return f"{head}\n{path_ops(size, modules)}\nf Q", module


def module_warning(qr: QrPlan, module: float) -> str | None:
    """The row's warning when the modules print smaller than :data:`MIN_MODULE`, else None."""
    if module >= MIN_MODULE - 1e-9:
        return None
    return (f"{qr.spec.key}: QR modules print {module * 25.4 / 72:.2f} mm wide (under 0.4 mm: "
            f"{len(qr.data)} characters are too many for the box); it may not scan; enlarge "
            "the box, shorten the data or lower error")


def module_size(data: str, box: Rect, level: str) -> float:
    """The module size (pt) of ``data`` as a QR code at error correction ``level`` (L, M, Q,
    H) in ``box``, as :func:`qr_ops` draws it. Raises ``ValueError`` when it cannot be
    encoded (too long).
    """
    size, _ = _modules(data, level)
    return min(box.width, box.height) / (size + 2 * QUIET_ZONE)

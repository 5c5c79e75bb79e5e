"""QR codes as vector paths: encoded with zxing-cpp, each row's runs of dark modules written as
rectangles of one path filled once (not one shape per module).

The symbol is scaled to the largest square that fits its box with the 4-module quiet zone
inside the box, centred. Operators are relative to the badge's trim corner.
"""

from __future__ import annotations

import re

import zxingcpp
from reportlab.lib.rl_accel import fp_str

from badgepress.errors import LayoutError
from badgepress.pdf._marks import fill
from badgepress.plan.elements import QrPlan

#: Modules of light margin around the symbol that scanners need (ISO/IEC 18004).
QUIET_ZONE = 4
#: The smallest module a phone camera reads reliably at badge distance (pt): 0.4 mm.
MIN_MODULE = 0.4 * 72 / 25.4


_DARK_RUN = re.compile(rb"[\x00-\x7f]+")


#: "x y length 1 re" of a run at a position of the rows joined by light bytes (see qr_ops):
#: the same positions recur in every code of a size, so each is formatted once.
_RUN_OPS: dict[tuple[int, int, int], str] = {}


def _joined_rows(data: str, level: str) -> tuple[int, bytes]:
    """``(modules per side, rows joined by a light byte)``: one byte a module, dark below 128.
    Raises ``ValueError`` when ``data`` cannot be encoded (too long).
    """
    try:
        code = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level=level)
    except Exception as exc:  # zxing-cpp raises its own error types
        raise ValueError(str(exc)) from None
    image = memoryview(code.to_image(scale=1, add_quiet_zones=False))  # type: ignore[arg-type]
    size = len(image)
    raw = image.tobytes()
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


def qr_ops(qr: QrPlan, source: str) -> tuple[str, float]:
    """The operators that draw ``qr`` (relative to the trim corner), and its module size (pt).

    The path is written in modules (``cm`` scales a module to its size, rows counted down
    from the top), so each run is four small integers. Raises ``LayoutError`` (naming the
    layout key) when the data cannot be encoded at all.
    """
    spec = qr.spec
    try:
        size, joined = _joined_rows(qr.data, spec.error)
    except ValueError as exc:
        raise LayoutError(f"cannot encode {len(qr.data)} characters as a QR code ({exc}); "
                          "shorten the data or lower error", path=source,
                          key=f"{spec.key}.data") from None
    box = spec.box
    side = min(box.width, box.height)
    module = side / (size + 2 * QUIET_ZONE)
    x0 = box.x0 + (box.width - side) / 2 + QUIET_ZONE * module
    top = box.y0 + (box.height + side) / 2 - QUIET_ZONE * module
    parts = [fill(spec.color), f"q {fp_str(module, 0, 0, -module, x0, top)} cm"]
    get, width = _RUN_OPS.get, size + 1
    for m in _DARK_RUN.finditer(joined):
        start, end = m.span()
        op = get((size, start, end))
        if op is None:
            y, x = divmod(start, width)
            op = _RUN_OPS[size, start, end] = f"{x} {y} {end - start} 1 re"
        parts.append(op)
    parts.append("f Q")
    return "\n".join(parts), module


def module_warning(qr: QrPlan, module: float) -> str | None:
    """The row's warning when the modules print smaller than :data:`MIN_MODULE`, else None."""
    if module >= MIN_MODULE - 1e-9:
        return None
    return (f"{qr.spec.key}: QR modules print {module * 25.4 / 72:.2f} mm wide (under 0.4 mm: "
            f"{len(qr.data)} characters are too many for the box); it may not scan; enlarge "
            "the box, shorten the data or lower error")

"""The QR path as made from chunk tables: exactly the dark modules, each once, in one path."""

from __future__ import annotations

import pytest

from badgepress.pdf import qr
from badgepress.pdf.qr import matrix, path_ops

DATA = ["ada@example.org", "a1@example.org", "https://example.org/badge?id=A-17&n=Grace",
        "BEGIN:VCARD\nVERSION:3.0\nN:Lovelace;Ada\nEMAIL:ada@example.org\nORG:Analytical "
        "Engines Ltd\nEND:VCARD", "Zoë Ødegård · 東京"]


def _cells(ops: str) -> list[tuple[int, int]]:
    cells = []
    for line in ops.split("\n"):
        x, y, w, h, op = line.split()
        assert op == "re" and h == "1" and int(w) >= 1
        cells.extend((int(x) + i, int(y)) for i in range(int(w)))
    return cells


@pytest.mark.parametrize("data", DATA)
def test_the_rectangles_cover_exactly_the_dark_modules_once(data: str) -> None:
    size, runs = matrix(data, "Q")
    dark = {(x + i, y) for y, row in enumerate(runs) for x, n in row for i in range(n)}
    _, modules = qr._modules(data, "Q")
    for _ in range(2):  # made, then looked up: the same
        cells = _cells(path_ops(size, modules))
        assert len(cells) == len(set(cells)) and set(cells) == dark


def test_tables_that_start_afresh_give_the_same_path(monkeypatch: pytest.MonkeyPatch) -> None:
    found = {d: path_ops(*qr._modules(d, "M")) for d in DATA}
    monkeypatch.setattr(qr, "MAX_CHUNKS", 50)
    monkeypatch.setattr(qr, "_TABLES", {})
    monkeypatch.setattr(qr._Chunks, "made", 0)
    for d in DATA * 2:
        assert path_ops(*qr._modules(d, "M")) == found[d]
        assert qr._Chunks.made <= 50
        assert sum(len(t) for tables in qr._TABLES.values() for t in tables) <= 50


def test_every_code_is_made_with_the_fixed_mask() -> None:
    # zxing-cpp ignores options it does not know: a version without data_mask would score all
    # eight masks again (correct, five times slower). The codes must be those of mask 2.
    import zxingcpp

    def image(data: str, **options: object) -> bytes:
        code = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level="M",
                                       **options)
        return memoryview(code.to_image(scale=1, add_quiet_zones=False)).tobytes()  # type: ignore[arg-type]

    for data in DATA:
        assert qr._modules(data, "M")[1] == image(data, data_mask=qr.DATA_MASK)
    assert any(image(d, data_mask=2) != image(d, data_mask=3) for d in DATA)

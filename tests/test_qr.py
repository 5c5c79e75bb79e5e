"""[[qr]]: vector QR codes that decode to exactly their row's data from a 300 dpi render."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from badgepress.errors import LayoutError
from badgepress.pdf.preview import render_png
from badgepress.pdf.qr import QUIET_ZONE, matrix, qr_ops
from badgepress.plan.elements import QrPlan
from badgepress.press import build
from badgepress.sheet.geometry import Rect
from badgepress.sheet.layout import BLACK, QrSpec

from .artwork_helpers import PEOPLE, attendees, layout

QR = """
[[qr]]
data = "{data}"
box = {{ x = "64mm", y = "4mm", width = "22mm", height = "20mm" }}
error = "{level}"
"""


def _decode(pdf: Path, badge: dict) -> list[zxingcpp.Barcode]:
    png = render_png(pdf, page=badge["page"], box=Rect(*badge["bleed"]), dpi=300)
    return zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))


@pytest.mark.parametrize(("data", "level"), [
    ("{email}", "M"),
    ("{id}", "H"),
    ("BEGIN:VCARD\\nVERSION:3.0\\nN:{last_name};{first_name}\\nEMAIL:{email}\\nEND:VCARD", "L"),
    ("https://example.org/badge?id={id}&n={first_name}", "Q"),
])
def test_every_qr_decodes_to_exactly_its_rows_data(tmp_path: Path, data: str,
                                                   level: str) -> None:
    src = attendees(tmp_path / "people.csv", PEOPLE)
    lay = layout(tmp_path, QR.format(data=data, level=level))
    result = build(src, tmp_path / "b.pdf", layout=str(lay), report=tmp_path / "r.json")
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    decoded = 0
    for badge, person in zip(report["badges"], PEOPLE, strict=True):
        expected = (data.replace("\\n", "\n").replace("{email}", person["Email"])
                    .replace("{id}", person["ID"]).replace("{first_name}", person["First Name"])
                    .replace("{last_name}", person["Last Name"]))
        found = _decode(tmp_path / "b.pdf", badge)
        if data == "{email}" and not person["Email"]:
            assert found == []  # empty data: nothing drawn, and said on the row
            assert (badge["row"], "qr[1]: '{email}' is empty for this attendee; no QR code "
                    "printed") in result.warnings
            continue
        assert [b.text for b in found] == [expected]
        assert found[0].format == zxingcpp.BarcodeFormat.QRCode
        assert found[0].ec_level == level
        decoded += 1
    assert decoded >= 3


def test_modules_are_one_path_with_the_quiet_zone_inside_the_box() -> None:
    spec = QrSpec("qr[1]", "{email}", Rect(10, 20, 110, 80), "M", BLACK, 3, ())
    ops, module = qr_ops(QrPlan(spec, "ada@example.org"), "x.toml")
    size, runs = matrix("ada@example.org", "M")
    assert module == pytest.approx(60 / (size + 2 * QUIET_ZONE))
    lines = ops.splitlines()
    cm = next(line.split() for line in lines if line.endswith(" cm"))
    m, _, _, minus_m, tx, ty = map(float, cm[1:7])
    assert m == pytest.approx(module) and minus_m == pytest.approx(-module)
    rects = [tuple(map(int, line.split()[:4])) for line in lines if line.endswith(" re")]
    dark = sum(length for row in runs for _, length in row)
    assert sum(r[2] for r in rects) == dark
    assert len(rects) < dark / 1.5  # runs, not one rectangle per module
    assert ops.count(" re\n") == len(rects) and ops.endswith(" re\nf Q")  # one path, one fill
    # in page units: x = tx + col * m, y = ty - row * m (rows counted down from the top)
    side = 60  # the largest square of the 100 x 60 box, centred
    left = 10 + (100 - side) / 2
    assert min(tx + r[0] * m for r in rects) >= left + QUIET_ZONE * module - 1e-3
    assert max(tx + (r[0] + r[2]) * m for r in rects) <= left + side - QUIET_ZONE * module + 1e-3
    assert min(ty - (r[1] + 1) * m for r in rects) >= 20 + QUIET_ZONE * module - 1e-3
    assert max(ty - r[1] * m for r in rects) <= 80 - QUIET_ZONE * module + 1e-3


def test_a_qr_too_dense_for_its_box_is_a_warning_on_the_row(tmp_path: Path) -> None:
    src = attendees(tmp_path / "people.csv", PEOPLE[:1])
    lay = layout(tmp_path, """
[[qr]]
data = "https://example.org/a/very/long/registration/link/{email}/{id}/{first_name}/{last_name}"
box = { x = "70mm", y = "4mm", width = "10mm", height = "10mm" }
error = "H"
""")
    result = build(src, tmp_path / "b.pdf", layout=str(lay))
    assert len(result.warnings) == 1
    row, message = result.warnings[0]
    assert row == 2 and message.startswith("qr[1]: QR modules print 0.")
    assert "under 0.4 mm" in message


def test_qr_keys_are_checked(tmp_path: Path) -> None:
    src = attendees(tmp_path / "people.csv", PEOPLE[:1])
    for table, message in [
        ('data = "{email}"\nbox = { x = "1mm", y = "1mm", width = "9mm", height = "9mm" }\n'
         'error = "X"', r"qr\[1\].error: expected one of l, m, q, h"),
        ('box = { x = "1mm", y = "1mm", width = "9mm", height = "9mm" }',
         r"qr\[1\].data: is required"),
        ('data = "{email"\nbox = { x = "1mm", y = "1mm", width = "9mm", height = "9mm" }',
         r"qr\[1\].data: unbalanced brace"),
    ]:
        lay = layout(tmp_path, f"\n[[qr]]\n{table}\n")
        with pytest.raises(LayoutError, match=message):
            build(src, tmp_path / "b.pdf", layout=str(lay))


def test_a_qr_is_vector_not_an_image(tmp_path: Path) -> None:
    src = attendees(tmp_path / "people.csv", PEOPLE[:1])
    lay = layout(tmp_path, QR.format(data="{email}", level="M"))
    build(src, tmp_path / "b.pdf", layout=str(lay))
    page = PdfReader(tmp_path / "b.pdf").pages[0]
    assert "/XObject" not in page["/Resources"]  # type: ignore[operator]
    assert page.get_contents().get_data().count(b" re\n") > 20  # type: ignore[union-attr]


def test_codes_encoded_ahead_in_the_reader_process_give_the_same_pdf(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    rows = [dict(PEOPLE[i % len(PEOPLE)], ID=f"A-{i}") for i in range(240)]
    src = attendees(tmp_path / "people.csv", rows)
    lay = layout(tmp_path, QR.format(data="{id} {email}", level="Q"))
    build(src, tmp_path / "aside.pdf", layout=str(lay), reader_process=True)
    build(src, tmp_path / "here.pdf", layout=str(lay), reader_process=False)
    assert (tmp_path / "aside.pdf").read_bytes() == (tmp_path / "here.pdf").read_bytes()

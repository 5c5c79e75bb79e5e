"""``badgepress preview`` (one badge's bleed box, or one sheet, as PNG) and
``badgepress layouts --copy``."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from badgepress.cli import main

from .conftest import ROOT
from .test_cli import Capture

SAMPLE = ROOT / "sample_data" / "attendees.xlsx"
EVENT = ROOT / "sample_data" / "event" / "event.toml"


def test_preview_of_one_badge_is_its_bleed_box(tmp_path: Path) -> None:
    out = tmp_path / "badge.png"
    err = Capture()
    assert main(["preview", str(SAMPLE), "-l", str(EVENT), "--row", "7", "--dpi", "150",
                 "-o", str(out)], err=err) == 0, err.text
    img = Image.open(out)
    assert abs(img.size[0] - 96 / 25.4 * 150) <= 2 and abs(img.size[1] - 61 / 25.4 * 150) <= 2
    # the speaker band's colour differs from an attendee's: row 4 is a speaker, 7 is not
    main(["preview", str(SAMPLE), "-l", str(EVENT), "--row", "4", "--dpi", "150",
          "-o", str(tmp_path / "speaker.png")], err=Capture())
    band = (img.size[0] // 2, 20)
    speaker = Image.open(tmp_path / "speaker.png").convert("RGB").getpixel(band)
    attendee = img.convert("RGB").getpixel(band)
    assert speaker != attendee and speaker[0] > 150 and attendee[2] > 100  # type: ignore[index]


def test_preview_of_a_sheet(tmp_path: Path) -> None:
    out = tmp_path / "sheet.png"
    assert main(["preview", str(SAMPLE), "--page", "2", "--dpi", "36", "-o", str(out)],
                err=Capture()) == 0
    assert Image.open(out).size == (298, 421)  # A4 at 36 dpi
    err = Capture()
    assert main(["preview", str(SAMPLE), "--page", "9", "-o", str(out)], err=err) == 1
    assert "--page 9: the badges fill only 5 pages" in err.text


def test_preview_of_a_row_without_a_badge_says_why(tmp_path: Path) -> None:
    err = Capture()
    assert main(["preview", str(SAMPLE), "--row", "43", "-o", str(tmp_path / "x.png")],
                err=err) == 1
    assert "--row 43: no badge for this row: it is left out (blank row)" in err.text
    assert err.text.count("\n") == 1
    assert not (tmp_path / "x.png").exists()
    assert main(["preview", str(SAMPLE), "-o", str(tmp_path / "x.png")], err=Capture()) == 2


def test_layouts_copy_writes_a_shipped_layout_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    assert main(["layouts", "--copy", "shop-90x55", str(target)], err=Capture()) == 0
    assert target.read_text(encoding="utf-8") == (ROOT / "layouts" / "shop-90x55.toml").read_text(
        encoding="utf-8")
    target.write_text("mine", encoding="utf-8")
    err = Capture()
    assert main(["layouts", "--copy", "shop-90x55", str(target)], err=err) == 1
    assert "already exists; badgepress never overwrites a file" in err.text
    assert target.read_text(encoding="utf-8") == "mine"
    err = Capture()
    assert main(["layouts", "--copy", "nope", str(tmp_path / "n.toml")], err=err) == 1
    assert "unknown layout 'nope'" in err.text

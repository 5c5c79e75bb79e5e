"""Zipped layouts: ``-l layout.zip`` builds the unzipped layout's PDF byte for byte; a zip is
checked as the web app checks an upload, each refusal one line naming the zip and member;
``pack_layout`` writes the same bytes for the same layout.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from badgepress.errors import LayoutError
from badgepress.press import build
from badgepress.press.preview import preview
from badgepress.sheet.document import pack_layout, read_layout_data
from badgepress.sheet.layoutzip import layout_zip, opened_layout, read_layout_zip
from tests.artwork_helpers import NAME_FIELD, PEOPLE, ROOT, attendees, jpeg, layout, png

from .fuzzing import budget, run

EVENT = ROOT / "sample_data" / "event"
PEOPLE_CSV = ROOT / "sample_data" / "attendees.csv"


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return path


def _event_zip(path: Path) -> Path:
    return _zip(path, {p.name: p.read_bytes() for p in sorted(EVENT.iterdir())})


@pytest.fixture(autouse=True)
def _epoch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))


def test_a_zipped_layout_builds_the_unzipped_layouts_pdf(tmp_path: Path) -> None:
    zipped = _event_zip(tmp_path / "event.zip")
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    build(PEOPLE_CSV, a, layout=str(EVENT / "event.toml"))
    result = build(PEOPLE_CSV, b, layout=str(zipped))
    assert a.read_bytes() == b.read_bytes()
    assert result.layout == "event"
    assert not list((tmp_path / "scratch").iterdir())  # the unpacked folder is gone


def test_a_zip_with_raster_artwork_and_a_font_by_path_builds_the_same_pdf(
        tmp_path: Path) -> None:
    folder = tmp_path / "layout"
    folder.mkdir()
    png(folder / "logo.png")
    jpeg(folder / "photo.jpg")
    shutil.copy(ROOT / "fonts" / "NotoSans-Bold.ttf", folder / "bold.ttf")
    lay = layout(folder, '[[image]]\nfile = "logo.png"\nbox = { x = "4mm", y = "45mm", '
                 'width = "20mm", height = "8mm" }\n[[image]]\nfile = "photo.jpg"\nbox = '
                 '"bleed"\n', fields=NAME_FIELD.replace('"Noto Sans Bold"', '"bold.ttf"'))
    people = attendees(tmp_path / "people.csv", PEOPLE)
    zipped = _zip(tmp_path / "mine.zip", {p.name: p.read_bytes() for p in folder.iterdir()})
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    build(people, a, layout=str(lay))
    build(people, b, layout=str(zipped))
    assert a.read_bytes() == b.read_bytes()


def test_the_cli_builds_and_previews_a_zipped_layout(tmp_path: Path) -> None:
    zipped = _event_zip(tmp_path / "event.zip")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    for layout_arg, out in ((str(EVENT / "event.toml"), "a.pdf"), (str(zipped), "b.pdf")):
        proc = subprocess.run([sys.executable, "-m", "badgepress", "build", str(PEOPLE_CSV),
                               "-l", layout_arg, "-o", str(tmp_path / out), "-q"],
                              capture_output=True, text=True, env=env, check=False)
        assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    preview(PEOPLE_CSV, tmp_path / "row.png", layout=str(zipped), row=2, dpi=50)
    assert (tmp_path / "row.png").read_bytes().startswith(b"\x89PNG")


def test_a_mistake_inside_a_zipped_layout_names_the_zip_and_the_member(tmp_path: Path) -> None:
    text = (EVENT / "event.toml").read_text(encoding="utf-8")
    bad = text.replace('box = { x = "5mm", y = "24mm", width = "80mm"',
                       'box = { x = "5mm", y = "24mm", width = "88mm"')
    zipped = _zip(tmp_path / "bad.zip", {"event.toml": bad.encode(),
                                          "logo.svg": (EVENT / "logo.svg").read_bytes(),
                                          "background.pdf": (EVENT / "background.pdf")
                                          .read_bytes()})
    with pytest.raises(LayoutError) as exc:
        build(PEOPLE_CSV, tmp_path / "x.pdf", layout=str(zipped))
    assert str(exc.value).startswith(f"{zipped}: event.toml: field[2].box: reaches outside")
    no_art = _zip(tmp_path / "noart.zip", {"event.toml": text.encode(),
                                           "logo.svg": (EVENT / "logo.svg").read_bytes()})
    with pytest.raises(LayoutError) as exc:
        build(PEOPLE_CSV, tmp_path / "x.pdf", layout=str(no_art))
    assert str(exc.value).startswith(f"{no_art}: event.toml: image[1].file: background.pdf: "
                                     "not found")
    assert "badgepress-layout-" not in str(exc.value)
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(("members", "says"), [
    ({"art/logo.png": b"x", "a.toml": b""}, "art/logo.png: is in a folder"),
    ({"art/": b"", "a.toml": b""}, "art/: is in a folder"),
    ({".DS_Store": b"x", "a.toml": b""}, ".DS_Store: is a hidden file"),
    ({"my logo.png": b"x", "a.toml": b""}, "my logo.png: use a file name of letters"),
    ({"run.sh": b"x", "a.toml": b""}, "run.sh: a layout zip may hold"),
    ({"logo.png": b"x"}, "holds 0 .toml files"),
    ({"a.toml": b"", "b.toml": b""}, "holds 2 .toml files"),
    ({"a.toml": b"", "A.TOML": b""}, "A.TOML: is in the zip twice"),
    ({f"f{i}.png": b"" for i in range(201)}, "holds more than 200 files"),
])
def test_a_zip_is_refused_as_the_web_upload_refuses_it(tmp_path: Path,
                                                      members: dict[str, bytes],
                                                      says: str) -> None:
    zipped = _zip(tmp_path / "l.zip", members)
    with pytest.raises(LayoutError) as exc:
        read_layout_zip(zipped)
    assert str(exc.value).startswith(f"{zipped}: {says}")
    assert "\n" not in str(exc.value)


def test_finders_metadata_is_left_out(tmp_path: Path) -> None:
    zipped = _zip(tmp_path / "l.zip", {"a.toml": b"x", "__MACOSX/._a.toml": b"junk"})
    assert read_layout_zip(zipped) == [("a.toml", b"x")]


def _patched(data: bytes, name: bytes, *, size: int | None = None, flag: int | None = None
             ) -> bytes:
    """``data`` (a zip) with the central directory entry of ``name`` saying another
    uncompressed ``size`` or general purpose ``flag``.
    """
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at != -1:
        length = int.from_bytes(out[at + 28:at + 30], "little")
        if out[at + 46:at + 46 + length] == name:
            if size is not None:
                out[at + 24:at + 28] = size.to_bytes(4, "little")
            if flag is not None:
                out[at + 8:at + 10] = flag.to_bytes(2, "little")
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def test_lying_sizes_bombs_and_encryption_are_refused(tmp_path: Path) -> None:
    good = _zip(tmp_path / "g.zip", {"a.toml": b"x" * 5000, "b.png": b"y" * 10}).read_bytes()
    with pytest.raises(LayoutError, match=r"^l\.zip: a\.toml: (unpacks larger|cannot be "
                                          r"unpacked)"):
        read_layout_zip("l.zip", _patched(good, b"a.toml", size=100))
    with pytest.raises(LayoutError, match=r"^l\.zip: unpacks to more than 200 MB; refused$"):
        read_layout_zip("l.zip", _patched(good, b"b.png", size=2**31))
    with pytest.raises(LayoutError, match=r"^l\.zip: a\.toml: is encrypted"):
        read_layout_zip("l.zip", _patched(good, b"a.toml", flag=1))
    with pytest.raises(LayoutError, match=r"^l\.zip: is not a readable \.zip file$"):
        read_layout_zip("l.zip", b"PK\x03\x04 not really")


def test_pack_layout_writes_the_same_bytes_and_they_build_the_same_pdf(tmp_path: Path) -> None:
    data = read_layout_data(EVENT / "event.toml")
    original = (EVENT / "event.toml").read_text(encoding="utf-8")
    first = pack_layout(data, EVENT, name="event", original=original)
    assert first == pack_layout(data, EVENT, name="event", original=original)
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert names == ["background.pdf", "event.toml", "logo.svg"]
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0)
               for i in zipfile.ZipFile(io.BytesIO(first)).infolist())
    assert dict(read_layout_zip("x.zip", first))["event.toml"].decode() == original
    zipped = tmp_path / "event.zip"
    zipped.write_bytes(first)
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    build(PEOPLE_CSV, a, layout=str(EVENT / "event.toml"))
    build(PEOPLE_CSV, b, layout=str(zipped))
    assert a.read_bytes() == b.read_bytes()


def test_pack_layout_puts_files_from_folders_at_the_top_and_renames_them(
        tmp_path: Path) -> None:
    for sub in ("art", "more"):
        (tmp_path / sub).mkdir()
    png(tmp_path / "art" / "logo.png")
    png(tmp_path / "more" / "logo.png", color="blue")
    data = read_layout_data(EVENT / "event.toml")
    data["image"] = [{"file": "art/logo.png", "box": "trim"},
                     {"file": "more/logo.png", "box": "trim"},
                     {"file": "photos/{id}.jpg", "box": "trim"}]
    packed = pack_layout(data, tmp_path, name="x")
    members = dict(read_layout_zip("x.zip", packed))
    assert sorted(members) == ["logo-2.png", "logo.png", "x.toml"]
    assert b'file = "logo.png"' in members["x.toml"]
    assert b'file = "logo-2.png"' in members["x.toml"]
    assert b'file = "photos/{id}.jpg"' in members["x.toml"]  # per attendee: not in the zip
    data["image"][0]["file"] = "art/gone.png"
    with pytest.raises(LayoutError, match=r"^image\[1\]\.file: art/gone\.png: cannot be read"):
        pack_layout(data, tmp_path)


def test_layout_zip_refuses_names_it_could_not_read_back() -> None:
    with pytest.raises(LayoutError, match="is in a folder"):
        layout_zip("", {"art/x.png": b""})


def test_a_layout_name_that_is_no_zip_passes_through() -> None:
    with opened_layout("a4-90x55-8up") as name:
        assert name == "a4-90x55-8up"


def test_any_bytes_are_a_zipped_layout_or_one_layout_error() -> None:
    good = _zip(Path(tempfile.mkdtemp()) / "g.zip",
                {"a.toml": b"name = 'x'\n" * 20, "b.png": b"\x89PNG" + b"y" * 300}).read_bytes()

    @budget(300)
    @given(st.one_of(
        st.binary(max_size=400),
        st.tuples(st.integers(0, len(good) - 1), st.binary(min_size=1, max_size=8)).map(
            lambda p: good[:p[0]] + p[1] + good[p[0] + len(p[1]):]),
        st.integers(0, len(good)).map(lambda n: good[:n])))
    def prop(data: bytes) -> None:
        try:
            members = read_layout_zip("f.zip", data)
        except LayoutError as exc:
            assert str(exc).startswith("f.zip: ")
            assert "\n" not in str(exc)
            return
        assert sum(n.endswith(".toml") for n, _ in members) == 1

    run(prop)

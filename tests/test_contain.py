"""Containment (issue 23): every file a layout makes badgepress read lies in the layout's
folder (or a folder the caller pins), or a folder allowed by ``--allow-files`` or the layout's
``[files] allow``; fonts by path may also come from the shipped fonts and ``--font-dir``. A
value filled into a file name from attendee data never names another folder.

One test per place a file name comes from data: an image's ``file`` (PNG, background PDF,
SVG), a font by path, a per-attendee template, the back side's elements, ``--set`` overrides;
each through symlinks pointing out, absolute paths, ``..``, NUL bytes and overlong names.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from badgepress.cli import main
from badgepress.errors import LayoutError, OptionError
from badgepress.model import Attendee, SourceInfo
from badgepress.press import build, press
from badgepress.press.preview import preview
from badgepress.sheet.layout import load_layout
from badgepress.text.fonts import shipped_fonts_dir

from .artwork_helpers import (
    BASE,
    NAME_FIELD,
    PEOPLE,
    SVG,
    attendees,
    background_pdf,
    layout,
    png,
)
from .conftest import ROOT

FONT = ROOT / "fonts" / "NotoSans-Bold.ttf"
BOX = 'box = { x = "4mm", y = "45mm", width = "24mm", height = "8mm" }'


def image(file: str, box: str = BOX, kind: str = "image") -> str:
    """An ``[[image]]`` (or ``[[back.image]]``) table naming ``file``."""
    return f"\n[[{kind}]]\nfile = {file!r}\n{box}\n"


def run(*argv: str) -> tuple[int, str]:
    err = io.StringIO()
    code = main(list(argv), out=io.StringIO(), err=err)
    return code, err.getvalue()


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """``event/`` (the layout's folder, with a photo and artwork) and ``private/`` beside it,
    holding files a layout must never read.
    """
    event, private = tmp_path / "event", tmp_path / "private"
    (event / "photos").mkdir(parents=True)
    private.mkdir()
    png(event / "photos" / "A-1.png")
    png(private / "secret.png", color="green")
    background_pdf(private / "secret.pdf")
    (private / "secret.svg").write_text(SVG, encoding="utf-8")
    shutil.copy(FONT, private / "Secret.ttf")
    attendees(event / "people.csv", PEOPLE[:2])
    return event, private


def refused(event: Path, elements: str, *argv: str, fields: str = NAME_FIELD,
            base: str = BASE) -> str:
    """Build ``event/people.csv`` with a layout of ``elements`` through the CLI; it must
    fail with one line and write nothing. Returns that line.
    """
    lay = layout(event, elements, fields=fields, base=base)
    code, err = run("build", str(event / "people.csv"), "-l", str(lay), "-o",
                    str(event / "b.pdf"), *argv)
    assert code == 1, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert not (event / "b.pdf").exists()
    return err


# -- the layout's own files: refused when it is loaded, naming the key and the value --------

@pytest.mark.parametrize("name", ["secret.png", "secret.pdf", "secret.svg"])
def test_an_image_outside_the_layouts_folder_is_refused(
        folders: tuple[Path, Path], name: str) -> None:
    event, private = folders
    for file in (f"../private/{name}", str(private / name), f"photos/../../private/{name}"):
        err = refused(event, image(file, 'box = "bleed"' if name.endswith("pdf") else BOX))
        assert f"image[1].file: {file!r} is outside the layout's folder" in err, err
        assert "--allow-files" in err


def test_a_symlink_that_points_out_is_refused_and_one_that_stays_in_is_not(
        folders: tuple[Path, Path]) -> None:
    event, private = folders
    (event / "out.png").symlink_to(private / "secret.png")
    (event / "linked").symlink_to(private, target_is_directory=True)
    (event / "in.png").symlink_to(event / "photos" / "A-1.png")
    for file in ("out.png", "linked/secret.png"):
        assert f"{file!r} is outside the layout's folder" in refused(event, image(file))
    lay = layout(event, image("in.png"))
    assert build(event / "people.csv", event / "b.pdf", layout=str(lay)).warnings == []


def test_a_nul_or_an_overlong_name_is_one_line(folders: tuple[Path, Path]) -> None:
    event, _ = folders
    err = refused(event, '\n[[image]]\nfile = "a\\u0000.png"\n' + BOX + "\n")
    assert "image[1].file: 'a\\x00.png' holds a NUL character" in err
    err = refused(event, image("x" * 300 + ".png"))
    assert "image[1].file: 'xxx" in err and "is too long for a file name" in err
    err = refused(event, image("d/" * 2100 + "x.png"))
    assert "is too long for a file name" in err


def test_percent_encoding_is_only_a_name(folders: tuple[Path, Path]) -> None:
    # A file system does not decode %2e%2e: it is a folder of that name, inside the layout's.
    event, _ = folders
    err = refused(event, image("%2e%2e/private/secret.png"))
    assert "image[1].file: %2e%2e/private/secret.png: not found" in err, err


def test_the_back_sides_images_are_contained_too(folders: tuple[Path, Path]) -> None:
    event, _ = folders
    back = (image("../private/secret.pdf", kind="back.image")
            + NAME_FIELD.replace("[[field]]", "[[back.field]]"))
    duplex = BASE.replace('size = "A4"\n', 'size = "A4"\nduplex = "long-edge"\n')
    err = refused(event, back, base=duplex)
    assert "back.image[1].file: '../private/secret.pdf' is outside the layout's folder" in err
    # and a back's per-attendee file, per row
    back = (image("photos/{id}.png", kind="back.image")
            + NAME_FIELD.replace("[[field]]", "[[back.field]]"))
    people = [dict(PEOPLE[0]), dict(PEOPLE[1], ID="../../private/secret")]
    src = attendees(event / "walk.csv", people)
    result = build(src, event / "b.pdf", layout=str(layout(event, back, base=duplex)))
    assert result.badges == 2 and result.warnings == [
        (3, "back.image[1]: {id} is '../../private/secret': a value that names a file may "
            "not hold /, \\ or ..; printed without it")]


def test_set_overrides_of_file_keys_are_contained(folders: tuple[Path, Path]) -> None:
    event, private = folders
    err = refused(event, image("photos/A-1.png"), "--set", "image[1].file=../private/secret.png")
    assert "image[1].file: '../private/secret.png' is outside" in err
    err = refused(event, "", "--set", f"field[1].font={private / 'Secret.ttf'}")
    assert f"field[1].font: {str(private / 'Secret.ttf')!r} is outside the layout's folder " \
           "and the font folders" in err, err


def test_allow_files_and_the_layouts_files_allow_let_a_folder_in(
        folders: tuple[Path, Path]) -> None:
    event, private = folders
    lay = layout(event, image("../private/secret.png"))
    result = build(event / "people.csv", event / "b.pdf", layout=str(lay),
                   allow_files=[private])
    assert result.warnings == []
    code, err = run("build", str(event / "people.csv"), "-l", str(lay), "-o",
                    str(event / "c.pdf"), "--allow-files", str(private), "-q")
    assert code == 0, err
    allowed = BASE.replace('name = "test"\n', 'name = "test"\n[files]\nallow = ["../private"]\n')
    lay = layout(event, image("../private/secret.png"), base=allowed)
    assert build(event / "people.csv", event / "d.pdf", layout=str(lay)).warnings == []


def test_a_folder_to_allow_must_be_a_folder(folders: tuple[Path, Path]) -> None:
    event, _ = folders
    err = refused(event, image("photos/A-1.png"), "--allow-files", str(event / "nope"))
    assert "--allow-files" in err and "nope" in err and "not a folder" in err
    for allow, message in (('"../nope"', "files.allow: '../nope' is not a folder"),
                           ("3", "files.allow: expected a folder"),
                           ('["a\\u0000"]', "holds a NUL character"),
                           ('["."]\nother = 1', "files.other: unknown key")):
        base = BASE.replace('name = "test"\n', f'name = "test"\n[files]\nallow = {allow}\n')
        assert message in refused(event, "", base=base), allow


# -- fonts named by path -----------------------------------------------------------------

def _font_field(font: str) -> str:
    return NAME_FIELD.replace('font = "Noto Sans Bold"', f"font = {font!r}")


def test_a_font_by_path_lies_in_the_layouts_folder_the_shipped_fonts_or_a_font_dir(
        folders: tuple[Path, Path]) -> None:
    event, private = folders
    shutil.copy(FONT, event / "Mine.ttf")
    shipped = shipped_fonts_dir() / FONT.name  # the installed package's, wherever it lies
    for font in ("Mine.ttf", str(event / "Mine.ttf"), str(shipped)):
        lay = layout(event, "", fields=_font_field(font))
        assert build(event / "people.csv", event / "ok.pdf", layout=str(lay)).badges == 2
    for font in ("../private/Secret.ttf", str(private / "Secret.ttf")):
        err = refused(event, "", fields=_font_field(font))
        assert f"field[1].font: {font!r} is outside the layout's folder" in err, err
        assert "--font-dir" in err
    lay = layout(event, "", fields=_font_field(str(private / "Secret.ttf")))
    for argv in (["--font-dir", str(private)], ["--allow-files", str(private)]):
        code, err = run("build", str(event / "people.csv"), "-l", str(lay), "-o",
                        str(event / "ok.pdf"), "-q", *argv)
        assert code == 0, err
    (event / "Link.ttf").symlink_to(private / "Secret.ttf")
    err = refused(event, "", fields=_font_field("Link.ttf"))
    assert "field[1].font: 'Link.ttf' is outside" in err
    err = refused(event, "", fields=NAME_FIELD.replace('"Noto Sans Bold"', '"a\\u0000.ttf"'))
    assert "field[1].font: 'a\\x00.ttf' holds a NUL character" in err, err
    err = refused(event, "", fields=_font_field("f" * 300 + ".ttf"))
    assert "field[1].font: 'fff" in err and "is too long for a file name" in err


def test_shipped_layouts_and_the_sample_event_keep_working(tmp_path: Path) -> None:
    src = ROOT / "sample_data" / "attendees.csv"
    for lay in ("a4-90x55-8up", str(ROOT / "sample_data" / "event" / "event.toml")):
        result = build(src, tmp_path / "b.pdf", layout=lay)
        assert result.badges > 0


# -- per-attendee files: refused on the row, the badge printed without the image ----------

def _walk_in(event: Path, ticket: str, template: str = "photos/{id}.png",
             **kwargs: object) -> tuple[list[str], bytes]:
    """Print one badge for an attendee whose ticket id is ``ticket``, as the desk does."""
    lay = load_layout(str(layout(event, image(template))), **kwargs)  # type: ignore[arg-type]
    who = Attendee(2, {"first_name": "Eve", "last_name": "Walk-In", "name": "Eve Walk-In",
                       "id": ticket})
    info = SourceInfo("walk-in.csv", headers=("First Name", "Last Name", "ID"),
                      mapping={"first_name": "First Name", "last_name": "Last Name",
                               "id": "ID"})
    out = event / "one.pdf"
    result = press([who], info, out, layout=lay)
    assert result.badges == 1  # no attendee is lost
    return [w for _, w in result.warnings], out.read_bytes()


@pytest.mark.parametrize(("ticket", "message"), [
    ("../../../../srv/private/secret", "{id} is '../../../../srv/private/secret': a value "
     "that names a file may not hold /, \\ or .."),
    ("a/b", "{id} is 'a/b'"),
    ("a\\b", "{id} is 'a\\\\b'"),
    ("..", "{id} is '..'"),
    ("x\0y", "{id} is 'x\\x00y'"),
])
def test_a_ticket_that_names_another_folder_never_names_a_file(
        folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, ticket: str,
        message: str) -> None:
    event, private = folders
    monkeypatch.chdir(event)  # the desk's working folder: where a relative attendee file lies
    warnings, pdf = _walk_in(event, ticket.replace("srv/private", str(private)[1:]))
    assert len(warnings) == 1 and warnings[0].startswith("image[1]: {id} is "), warnings
    if "srv" not in ticket:
        assert message in warnings[0]
    assert warnings[0].endswith("; printed without it")
    assert b"/Subtype /Image" not in pdf


def test_values_that_make_a_dot_folder_are_refused(
        folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    event, _ = folders
    monkeypatch.chdir(event)
    warnings, _ = _walk_in(event, ".", template="photos/.{id}/../../private/secret.png")
    assert "the values make the name 'photos/../../../private/secret.png'" in warnings[0]
    warnings, _ = _walk_in(event, ".", template="{id}")
    assert "a folder or file name that is empty, '.' or '..' is refused" in warnings[0]


def test_an_overlong_value_is_one_warning(
        folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    event, _ = folders
    monkeypatch.chdir(event)
    warnings, _ = _walk_in(event, "x" * 400)
    assert len(warnings) == 1 and "is too long for a file name" in warnings[0]
    assert len(warnings[0]) < 400


def test_a_per_attendee_template_that_points_out_is_refused_per_row(
        folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    event, private = folders
    monkeypatch.chdir(event)
    png(private / "A-1.png")
    (event / "photos" / "A-2.png").symlink_to(private / "secret.png")
    for template in (str(private / "{id}.png"), "../private/{id}.png", "photos/{id}.png"):
        warnings, pdf = _walk_in(event, "A-2" if template.startswith("photos") else "A-1",
                                 template)
        assert len(warnings) == 1 and "is outside the layout's folder" in warnings[0], warnings
        assert "printed without it" in warnings[0] and "--allow-files" in warnings[0]
        assert b"/Subtype /Image" not in pdf
    warnings, pdf = _walk_in(event, "A-1", "../private/{id}.png", allow_files=[private])
    assert warnings == [] and b"/Subtype /Image" in pdf
    warnings, pdf = _walk_in(event, "A-1")
    assert warnings == [] and b"/Subtype /Image" in pdf


def test_the_report_says_why_and_strict_fails(folders: tuple[Path, Path]) -> None:
    event, _ = folders
    people = [dict(PEOPLE[0]), dict(PEOPLE[1], ID="../A-1")]
    src = attendees(event / "walk.csv", people)
    lay = layout(event, image("photos/{id}.png"))
    result = build(src, event / "b.pdf", layout=str(lay))
    assert result.badges == 2
    assert result.warnings == [(3, "image[1]: {id} is '../A-1': a value that names a file "
                                   "may not hold /, \\ or ..; printed without it")]
    code, err = run("build", str(src), "-l", str(lay), "-o", str(event / "c.pdf"), "--strict")
    assert code == 1 and "row 3: image[1]: {id} is '../A-1'" in err


# -- the library's pin: the web app's event folder ----------------------------------------

def test_a_pinned_root_holds_every_file_and_the_layout_cannot_widen_it(
        folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    event, private = folders
    monkeypatch.chdir(tmp_path)  # per-attendee names are found from the pinned root, not here
    warnings, pdf = _walk_in(event, "A-1", files_root=event)
    assert warnings == [] and b"/Subtype /Image" in pdf
    warnings, _ = _walk_in(event, "../private/secret", files_root=event)
    assert "{id} is '../private/secret'" in warnings[0]
    # The layout's own folder is not a root when another is pinned.
    lay = layout(event, image("photos/A-1.png"))
    with pytest.raises(LayoutError, match=r"image\[1\].file: 'photos/A-1.png' is outside the "
                       "folders this layout may read"):
        load_layout(str(lay), files_root=private)
    allowed = BASE.replace('name = "test"\n', 'name = "test"\n[files]\nallow = ["../private"]\n')
    lay = layout(event, "", base=allowed)
    load_layout(str(lay))  # the command line trusts the layout's own allow list
    with pytest.raises(LayoutError, match="files.allow: '../private' is outside the folders "
                       "this layout may read; a layout here may not allow more"):
        load_layout(str(lay), files_root=event)
    load_layout(str(lay), files_root=event, allow_files=[private])  # the caller may
    for nope in (event / "nope", "a\0b", "x" * 5000):
        with pytest.raises(OptionError, match="not a folder"):
            load_layout(str(lay), files_root=nope)
        with pytest.raises(OptionError, match="not a folder"):
            load_layout(str(lay), allow_files=[nope])


def test_preview_takes_the_same_options(folders: tuple[Path, Path]) -> None:
    event, private = folders
    lay = layout(event, image("../private/secret.png"))
    with pytest.raises(LayoutError, match="is outside the layout's folder"):
        preview(event / "people.csv", event / "p.png", layout=str(lay), row=2, dpi=30)
    preview(event / "people.csv", event / "p.png", layout=str(lay), row=2, dpi=30,
            allow_files=[private])
    code, err = run("preview", str(event / "people.csv"), "-l", str(lay), "--row", "2",
                    "--dpi", "30", "-o", str(event / "q.png"), "--allow-files", str(private))
    assert code == 0, err

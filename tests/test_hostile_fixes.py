"""Issue 15's smaller classes, each at its root: bidi isolates on both backends, a font given
as a symlink (and read by itself), a reader process that dies, the progress bar after an
error, and layouts asking for more than can be printed.
"""

from __future__ import annotations

import io
import os
import signal
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from badgepress.cli import main
from badgepress.errors import FontError, LayoutError, WorkerError
from badgepress.press.prefetch import background, can_fork
from badgepress.sheet.impose import plan_sheet
from badgepress.sheet.layout import load_layout, parse_layout
from badgepress.text import bidi, fontdb
from badgepress.text.bidi import visual_runs
from badgepress.text.fonts import FontBook

from .conftest import ROOT

FONTS = ROOT / "fonts"
DEFAULT = ROOT / "layouts" / "a4-90x55-8up.toml"

ISOLATED = [
    "\u2067علي\u2069 Ali",
    "Ali \u2066x\u2069 علي",
    "\u2068abc",
    "علي\u2069",
    "\u2067\u2069",
    "\u2066\u2067علي Ali\u2069\u2069 z",
    "x \u2069\u2069 علي 12",
    "علي \u2066Bob (x)\u2069 حسن",
    "\u2067Ali \u0639\u0644\u064a\u2069",
]


@pytest.mark.parametrize("text", ISOLATED, ids=ascii)
def test_bidi_isolates_on_both_backends(text: str) -> None:
    runs = {}
    for name in ("fribidi", "python-bidi", "none"):
        if name == "fribidi" and bidi.backend() != "fribidi":
            continue
        restore = bidi._use_backend(name)
        try:
            runs[name] = visual_runs(text)
        finally:
            restore()
        covered = sorted(i for r in runs[name] for i in range(r.start, r.end))
        assert covered == list(range(len(text)))  # every character in exactly one run
    if "fribidi" in runs:
        assert runs["python-bidi"] == runs["fribidi"]


def test_a_font_given_as_a_symlink_that_sorts_after_its_target(tmp_path: Path) -> None:
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / "a-target.ttf").write_bytes((FONTS / "NotoSans-Bold.ttf").read_bytes())
    (folder / "z-link.ttf").symlink_to(folder / "a-target.ttf")
    face = FontBook(system_fonts=False).resolve(str(folder / "z-link.ttf"))
    assert face.full_name == "Noto Sans Bold" and face.path == folder / "z-link.ttf"


def test_a_font_file_is_read_by_itself_not_with_its_folder(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "NotoSans-Regular.ttf").write_bytes((FONTS / "NotoSans-Regular.ttf").read_bytes())
    (tmp_path / "junk.ttf").write_bytes(b"not a font")
    monkeypatch.setattr(fontdb, "discover", lambda dirs: pytest.fail("walked the folder"))
    book = FontBook(system_fonts=False)
    assert book.resolve(str(tmp_path / "NotoSans-Regular.ttf")).full_name == "Noto Sans Regular"
    with pytest.raises(FontError, match=r"junk.ttf cannot be read as a font"):
        book.resolve(str(tmp_path / "junk.ttf"))
    with pytest.raises(FontError, match="font file not found"):
        book.resolve(str(tmp_path / "none.ttf"))


def counting(n: int = 1_000_000) -> Iterator[int]:
    yield from range(n)


@pytest.mark.skipif(not can_fork(), reason="the background reader needs fork")
def test_a_reader_killed_mid_message_says_what_happened() -> None:
    with background(counting) as items:
        next(items)
        child = items._child
        assert child is not None and items.pid is not None
        os.kill(items.pid, signal.SIGKILL)

        def torn() -> bytes:  # what a pipe cut inside a message gives
            raise OSError("got end of file during message")

        child.conn.recv_bytes = torn  # type: ignore[method-assign]
        with pytest.raises(WorkerError) as info:
            list(items)
    message = str(info.value)
    assert "background reader process was killed by SIGKILL" in message
    assert "BADGEPRESS_WORKERS=0" in message and "None" not in message


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_is_cleared_before_an_error(tmp_path: Path, monkeypatch) -> None:
    import badgepress.press.run as run

    def failing(*args: object, progress=None, **kwargs: object) -> None:  # type: ignore[no-untyped-def]
        progress(100, 200)
        raise LayoutError("broken", path="x.toml")

    monkeypatch.setattr(run, "build", failing)
    err = _Tty()
    code = main(["build", "in.csv", "-o", str(tmp_path / "b.pdf")], out=io.StringIO(), err=err)
    assert code == 1
    text = err.getvalue()
    assert text.endswith("\r\033[Kbadgepress: error: x.toml: broken\n"), repr(text)


def _layout(**changes: object) -> dict[str, object]:
    data = tomllib.loads(DEFAULT.read_text(encoding="utf-8"))
    for dotted, value in changes.items():
        table = data
        *parents, key = dotted.split("__")
        for p in parents:
            table = table[p]
        table[key] = value
    return data


@pytest.mark.parametrize(("changes", "key", "message"), [
    ({"badge__size": "9mm x 55mm"}, "badge.size", "too small to print a name on"),
    ({"sheet__size": "1600mm x 1000mm"}, "sheet.size", "larger than any press sheet"),
    ({"sheet__size": "9000000mm x 1mm"}, "sheet.size", "longer than the largest PDF page"),
    ({"badge__bleed": float("nan")}, "badge.bleed", "finite length"),
    ({"badge__bleed": float("inf")}, "badge.bleed", "finite length"),
    ({"badge__bleed": 10**400}, "badge.bleed", "longer than the largest PDF page"),
    ({"field": 3}, "field", "needs at least one [[field]] table"),
    ({"field": [3]}, "field[1]", "must be a table"),
    ({"rect": "x"}, "rect", "must be an array of tables"),
    ({"rect": ["x"]}, "rect[1]", "must be a table"),
    ({"sheet__size": 3}, "sheet.size", "expected a size"),
])
def test_a_layout_asking_the_impossible_names_the_key(changes, key, message) -> None:
    with pytest.raises(LayoutError) as info:
        parse_layout(_layout(**changes), path="x.toml", name="x")
    assert info.value.key == key and message in info.value.message, str(info.value)


def test_a_million_tiny_badges_are_refused_before_any_geometry() -> None:
    data = _layout(sheet__size="1500mm x 1500mm", sheet__margin=0, badge__size="10mm x 10mm",
                   badge__bleed=0, badge__safe="1mm", grid={}, marks={"crop": False}, rect=[],
                   field=[{"text": "{name}", "box": {"x": "1mm", "y": "1mm", "width": "8mm",
                                                     "height": "8mm"},
                           "size": {"max": "6pt", "min": "2pt"}}])
    lay = parse_layout(data, path="x.toml", name="x")
    with pytest.raises(LayoutError, match=r"150 x 150 = 22,500 badges on one sheet is more "
                       "than 500") as info:
        plan_sheet(lay)
    assert info.value.key == "badge.size"


def test_a_layout_nested_thousands_deep_or_huge_is_one_line(tmp_path: Path) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(LayoutError, match="nested thousands of levels deep"):
        load_layout(str(deep))
    huge = tmp_path / "huge.toml"
    huge.write_text("# " + "x" * (2 * 1024 * 1024) + "\n", encoding="utf-8")
    with pytest.raises(LayoutError, match="is larger than 1024 KB"):
        load_layout(str(huge))


@pytest.mark.parametrize("lines", [1, 2, 3])
@pytest.mark.parametrize("word", ["Abcdefghij", "a", "x" * 20_000])
def test_a_name_far_too_long_costs_what_fits_not_its_length(monkeypatch, lines, word) -> None:
    import badgepress.plan.planner as planner_module
    from badgepress.model import Attendee
    from badgepress.plan.planner import Planner

    shaped: list[int] = []
    real = planner_module.shape_line

    def counting_shape(text, chain):  # type: ignore[no-untyped-def]
        shaped.append(len(text))
        return real(text, chain)

    monkeypatch.setattr(planner_module, "shape_line", counting_shape)
    text = DEFAULT.read_text(encoding="utf-8").replace("lines = 2", f"lines = {lines}")
    data = tomllib.loads(text)
    lay = parse_layout(data, path=str(DEFAULT), name="x")
    planner = Planner(lay, FontBook(system_fonts=False))
    name = " ".join([word] * (100_000 // (len(word) + 1) + 1))
    badge = planner.plan(0, Attendee(2, {"name": name, "first_name": name, "last_name": ""}))
    field = next(f for f in badge.fields if f.spec.name == "name")
    assert field.fitted is not None and field.fitted.status == "overflow"
    printed = "".join(field.fitted.lines)
    assert printed.endswith("\u2026") and len(printed) < 3_000
    assert sum(shaped) < 20 * len(printed)  # measured: what fits, not 100,000 characters
    assert field.fitted.size >= 1.9
    # Never outside its box.
    x0, y0, x1, y1 = field.fitted.block
    assert x0 >= -1e-6 and y0 >= -1e-6
    assert x1 <= field.spec.box.width + 1e-6 and y1 <= field.spec.box.height + 1e-6
    warning = next(w for w in badge.warnings if w.startswith("name:"))
    assert f"is {len(name):,} characters" in warning and "cut with '\u2026'" in warning


@pytest.mark.parametrize("text", [
    "\u0590 0 0 0",          # an unassigned code point (no bidi class): python-bidi asserted
    "\u0600\xad",            # a soft hyphen (BN): python-bidi drops it, levels misaligned
    "\u202bعلي\u202c Ali",   # an explicit embedding and its PDF, dropped the same way
    "علي\u2029Ali",          # a paragraph separator inside a line
], ids=ascii)
def test_python_bidi_takes_what_it_cannot_handle_as_neutrals(text: str) -> None:
    restore = bidi._use_backend("python-bidi")
    try:
        runs = visual_runs(text)
    finally:
        restore()
    assert sorted(i for r in runs for i in range(r.start, r.end)) == list(range(len(text)))


def test_registering_a_font_never_searches_the_system_for_type1_fonts(tmp_path: Path,
                                                                       monkeypatch) -> None:
    from reportlab.pdfbase import pdfmetrics

    from badgepress.pdf._embed import register

    copy = tmp_path / "Fresh.ttf"
    copy.write_bytes((FONTS / "NotoSans-Regular.ttf").read_bytes())
    book = FontBook(system_fonts=False)
    font = book.load(book.resolve(str(copy)))  # a key no test registered before
    monkeypatch.setattr(pdfmetrics, "findFontAndRegister",
                        lambda name: pytest.fail(f"searched the system for {name}"))
    assert register(font) == font.key
    assert font.key in pdfmetrics.getRegisteredFontNames()

"""The layout as data (sheet.document): read as TOML gives it, checked as the CLI checks a
file, written back deterministically with comments kept; every shipped layout opened and
saved unchanged builds the same PDF, byte for byte.
"""

from __future__ import annotations

import copy
import json
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from badgepress.errors import LayoutError
from badgepress.press import build
from badgepress.sheet.document import (
    check_layout_data,
    check_values,
    read_layout_data,
    write_layout_text,
)
from badgepress.sheet.layout import load_layout
from badgepress.sheet.sides import plan_sides

from .conftest import ROOT
from .fuzzing import budget, run
from .test_fuzz_layout import KEYS, _set

SHIPPED = [*sorted((ROOT / "layouts").glob("*.toml")), ROOT / "sample_data/event/event.toml"]
EVENT = ROOT / "sample_data/event/event.toml"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_shipped_layout_reads_as_toml_gives_it_and_writes_back_as_itself(path: Path) -> None:
    data = read_layout_data(path)
    text = path.read_text(encoding="utf-8")
    assert data == tomllib.loads(text)
    assert list(data) == list(tomllib.loads(text))  # the file's order
    wire = json.loads(json.dumps(data))  # as the browser sends it back
    assert write_layout_text(wire, text) == text
    fresh = write_layout_text(wire)
    assert tomllib.loads(fresh) == data
    assert write_layout_text(wire) == fresh  # deterministic
    lay = check_layout_data(wire, base=path.parent, name=path.stem)
    assert lay == load_layout(str(path))


def test_every_shipped_layout_saved_unchanged_builds_the_same_pdf(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Opened in the designer (JSON) and saved, afresh and over the original, into another
    folder with its artwork: the same PDF, byte for byte.
    """
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("BADGEPRESS_WORKERS", "0")
    people = ROOT / "sample_data" / "attendees.csv"
    for path in SHIPPED:
        wire = json.loads(json.dumps(read_layout_data(path)))
        original = tmp_path / path.stem / "original.pdf"
        original.parent.mkdir()
        build(people, original, layout=str(path))
        for how, text in (("fresh", write_layout_text(wire)),
                          ("edited", write_layout_text(wire, path.read_text("utf-8")))):
            folder = tmp_path / path.stem / how
            folder.mkdir()
            for art in path.parent.iterdir():
                if art.suffix in (".pdf", ".svg", ".png"):
                    shutil.copy(art, folder / art.name)
            (folder / path.name).write_text(text, encoding="utf-8")
            out = folder / "badges.pdf"
            build(people, out, layout=str(folder / path.name))
            assert out.read_bytes() == original.read_bytes(), (path.name, how)


def test_an_edit_keeps_the_comments_and_the_untouched_text() -> None:
    text = EVENT.read_text(encoding="utf-8")
    data = read_layout_data(EVENT)
    data["qr"][0]["box"]["x"] = "66mm"
    del data["rect"][1]  # the speakers' band goes; its comment with it
    data["rect"].insert(0, {"box": {"x": "0mm", "y": "0mm", "width": "90mm", "height": "4mm"},
                            "color": "#ff0000"})
    data["badge"]["corner"] = "2mm"
    out = write_layout_text(data, text)
    assert tomllib.loads(out) == data
    assert out.startswith(text[:text.index("[event]")])  # the file's opening comment
    assert "# ...green for staff" in out and "# ...red for speakers" not in out
    assert "[[rect]]                        # the band: blue for everyone...\n" in out
    assert 'box = { x = "66mm", y = "4mm", width = "19mm", height = "19mm" }' in out
    green = out.index("# ...green for staff")
    assert out.index('when = "ticket_type=Staff"') > green  # the comment kept its band


def test_check_layout_data_gives_the_clis_message_without_the_file(tmp_path: Path) -> None:
    data = read_layout_data(EVENT)
    data["field"][0]["box"]["width"] = "70mm"
    with pytest.raises(LayoutError) as exc:
        check_layout_data(data, base=tmp_path)
    assert str(exc.value).startswith("field[1].box: reaches outside the safe area")
    file = tmp_path / "mine.toml"
    file.write_text(write_layout_text(data), encoding="utf-8")
    with pytest.raises(LayoutError) as cli:
        load_layout(str(file))
    assert str(cli.value) == f"{file}: {exc.value}"
    with pytest.raises(LayoutError) as shown:
        check_layout_data(data, base=tmp_path, shown="mine.toml")
    assert str(shown.value) == f"mine.toml: {exc.value}"


def test_a_layout_that_does_not_fit_its_sheet_is_refused_as_a_build_refuses_it(
        tmp_path: Path) -> None:
    data = read_layout_data(ROOT / "layouts" / "a4-90x55-8up.toml")
    data["grid"]["columns"] = 3
    with pytest.raises(LayoutError, match=r"^grid"):
        check_layout_data(data, base=tmp_path)


@pytest.mark.parametrize(("data", "key"), [
    ({"badge": {"bleed": None}}, "badge.bleed"),
    ({"field": [{"box": {"x": None}}]}, "field[1].box.x"),
    ({"field": [{"when": ["a=b", None]}]}, "field[1].when[2]"),
    ({"event": {"name": "\ud800"}}, "event.name"),
    ({"grid": {"columns": 2**64}}, "grid.columns"),
    ({"field": [{"condense": float("nan")}]}, "field[1].condense"),
    ({"a": json.loads("[" * 12 + "1" + "]" * 12)}, "a" + "[1]" * 12),
])
def test_values_toml_cannot_hold_are_refused_naming_the_key(data: dict[str, Any],
                                                            key: str) -> None:
    with pytest.raises(LayoutError) as exc:
        check_values(data)
    assert exc.value.key == key
    with pytest.raises(LayoutError):
        write_layout_text(data)


# --- properties -------------------------------------------------------------------------

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**66), max_value=2**66),
    st.floats(allow_nan=False), st.text(max_size=30))
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)
toml_scalars = st.one_of(
    st.booleans(), st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False), st.text(max_size=30))
toml_values = st.recursive(toml_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=16)
tables = st.dictionaries(st.text(max_size=8), toml_values, max_size=6)


def test_any_table_of_toml_values_is_written_as_toml_that_reads_back_as_it() -> None:
    originals = st.sampled_from([None, *[p.read_text("utf-8") for p in SHIPPED]])

    @budget(150)
    @given(data=tables, original=originals)
    def prop(data: dict[str, Any], original: str | None) -> None:
        text = write_layout_text(data, original)
        assert tomllib.loads(text) == data
        assert write_layout_text(data, original) == text

    run(prop)


def test_a_shipped_layout_edited_anywhere_is_written_back_with_its_edit() -> None:
    @budget(150)
    @given(which=st.sampled_from(KEYS), value=toml_values)
    def prop(which: tuple[str, str, tuple[Any, ...], bool], value: Any) -> None:
        name, _key, path, _table = which
        source = (ROOT / "layouts" / name).read_text("utf-8")
        doc = copy.deepcopy(tomllib.loads(source))
        _set(doc, path, value)
        try:
            check_values(doc)
        except LayoutError as exc:  # deeper than a layout may be
            assert "nested deeper" in str(exc)
            return
        text = write_layout_text(doc, source)
        assert tomllib.loads(text) == doc

    run(prop)


def test_a_dict_is_checked_exactly_as_the_cli_checks_the_same_file(tmp_path: Path) -> None:
    """Any value (JSON's null too) at any key of a shipped layout: the dict and the file it is
    written to are both accepted as the same Layout, or both refused with the same line.
    """
    @budget(200)
    @given(which=st.sampled_from(KEYS), value=json_values)
    def prop(which: tuple[str, str, tuple[Any, ...], bool], value: Any) -> None:
        name, key, path, _table = which
        doc = copy.deepcopy(tomllib.loads((ROOT / "layouts" / name).read_text("utf-8")))
        _set(doc, path, value)
        file = tmp_path / "fuzz.toml"
        try:
            check_values(doc)
        except LayoutError as exc:
            assert exc.key is not None and exc.key.startswith(key)
            return
        file.write_text(write_layout_text(doc), encoding="utf-8")
        cli: Any
        try:
            lay = load_layout(str(file))
            plan_sides(lay)
            cli = lay
        except LayoutError as exc:
            cli = str(exc)
        try:
            ours: Any = check_layout_data(doc, base=tmp_path, name="fuzz", shown=str(file))
        except LayoutError as exc:
            ours = str(exc)
        assert ours == cli

    run(prop)

"""Property tests of the layout parser (Hypothesis; budget in tests/fuzzing.py): a value of the
wrong type at any key of a real layout raises LayoutError naming that key; any value at any
key, and any text as a layout file, gives a Layout or a LayoutError, never anything else.
"""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from badgepress.errors import LayoutError
from badgepress.sheet.impose import plan_sheet
from badgepress.sheet.layout import load_layout, parse_layout

from .conftest import ROOT
from .fuzzing import budget, run

LAYOUTS = sorted((ROOT / "layouts").glob("*.toml"))
TMP = Path()  # set by the test that writes files


def _paths(value: Any, key: str = "") -> list[tuple[str, tuple[Any, ...], bool]]:
    """Every key of a parsed layout: (dotted key as errors name it, path, is it a table)."""
    out: list[tuple[str, tuple[Any, ...], bool]] = []

    def walk(v: Any, name: str, path: tuple[Any, ...]) -> None:
        if isinstance(v, dict):
            if path:
                out.append((name, path, True))
            for k, sub in v.items():
                if isinstance(sub, list) and sub and all(isinstance(t, dict) for t in sub):
                    out.append((f"{name}.{k}" if name else k, (*path, k), False))
                    for i, t in enumerate(sub):
                        walk(t, f"{name}.{k}[{i + 1}]" if name else f"{k}[{i + 1}]",
                             (*path, k, i))
                else:
                    walk(sub, f"{name}.{k}" if name else k, (*path, k))
        else:
            out.append((name, path, False))

    walk(value, key, ())
    return out


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for p in path[:-1]:
        data = data[p]
    data[path[-1]] = value


DOCS = {p.name: tomllib.loads(p.read_text(encoding="utf-8")) for p in LAYOUTS}
KEYS = [(name, key, path, table) for name, doc in DOCS.items()
        for key, path, table in _paths(doc)]

scalars = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70), st.floats(), st.text(max_size=30),
    st.booleans(), st.dates(), st.datetimes(), st.times())
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=10)
#: Never right where a table or an array of tables is expected.
not_tables = st.one_of(st.integers(), st.floats(), st.text(max_size=20), st.booleans(),
                       st.dates(), st.lists(scalars, min_size=1, max_size=3))
#: Never right where a length, a size, a count, a string, a choice or a colour is expected
#: (a bool is right at marks.crop, which takes these instead).
odd_leaves = st.one_of(st.dates(), st.datetimes(), st.times(),
                       st.lists(scalars, max_size=3),
                       st.dictionaries(st.text(max_size=8), scalars, max_size=3))


def _parse(doc: dict[str, Any]) -> None:
    plan_sheet(parse_layout(doc, path="fuzz.toml", name="fuzz"))


@budget(120)
@given(st.data())
def _wrong_type_names_the_key(data: st.DataObject) -> None:
    name, key, path, table = data.draw(st.sampled_from(KEYS))
    doc = copy.deepcopy(DOCS[name])
    value = data.draw(not_tables if table or key.endswith(("field", "rect")) else odd_leaves)
    _set(doc, path, value)
    with pytest.raises(LayoutError) as info:
        _parse(doc)
    err = info.value
    # The key itself, or (for an array of tables given as a list of non-tables) its first item.
    assert err.key == key or (err.key or "").startswith(f"{key}["), (key, value, str(err))
    assert err.path == "fuzz.toml" and "\n" not in str(err)


def test_a_value_of_the_wrong_type_at_any_key_names_that_key() -> None:
    run(_wrong_type_names_the_key)


@budget(80)
@given(st.data())
def _any_value_anywhere(data: st.DataObject) -> None:
    name, _key, path, _table = data.draw(st.sampled_from(KEYS))
    doc = copy.deepcopy(DOCS[name])
    _set(doc, path, data.draw(values))
    try:
        _parse(doc)
    except LayoutError as err:
        assert err.path == "fuzz.toml" and err.key and "\n" not in str(err)


def test_any_value_at_any_key_is_a_layout_or_a_layout_error() -> None:
    run(_any_value_anywhere)


@budget(60)
@given(st.data())
def _any_text(data: st.DataObject) -> None:
    base = LAYOUTS[0].read_text(encoding="utf-8")
    cut = data.draw(st.integers(0, len(base)))
    text = base[:cut] + data.draw(st.text(max_size=60)) + base[cut:]
    path = TMP / "fuzz.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        lay = load_layout(str(path))
        plan_sheet(lay)
    except LayoutError as err:
        assert str(path) in str(err) and "\n" not in str(err)


def test_any_text_as_a_layout_file_is_a_layout_or_one_line(tmp_path: Path,
                                                           monkeypatch) -> None:
    monkeypatch.setattr(__import__(__name__, fromlist=["TMP"]), "TMP", tmp_path)
    run(_any_text)


def test_the_wrong_types_are_really_never_right() -> None:
    # Each kind of odd leaf, at a length key, fails (a sanity check on the strategies).
    for value in (dt.date(2020, 1, 1), [1], {"a": 1}):
        doc = copy.deepcopy(DOCS["a4-90x55-8up.toml"])
        doc["badge"]["bleed"] = value
        with pytest.raises(LayoutError, match="badge.bleed"):
            _parse(doc)

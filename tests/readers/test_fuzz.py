"""Property tests of the readers (Hypothesis): whatever the bytes, a reader either yields
records with every data row accounted for, or raises badgepress's own error.

Seeded and short in the normal run (a few seconds). For a nightly run, set
``BADGEPRESS_FUZZ_SECONDS``: each property then runs batch after batch, each batch with the
next seed, until that many seconds have passed.
"""

from __future__ import annotations

import codecs
import functools
import io
import os
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import hypothesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from readers_helpers import WRITERS, data_rows

from badgepress.errors import BadgepressError
from badgepress.readers import open_attendees

FUZZ_SECONDS = float(os.environ.get("BADGEPRESS_FUZZ_SECONDS", "0") or 0)
EXAMPLES = 40
EXTENSIONS = [".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"]
ROWS = [["DevConf 2026"], [], ["First Name", "Last Name", "Company", "Email"],
        ["Ada", "Lovelace", "Analytical", "ada@e.org"], [], ["Grace", "Hopper", None, None],
        [None, None, "Acme", None], ["张", "伟", "华为", None], ["Zoë", "Ça", "=1+1", 3.5]]


def fuzz(strategy: st.SearchStrategy[Any]) -> Callable[[Callable[[Any], None]], Callable[[], None]]:
    """Turn ``check(example)`` into a seeded test (see the module docstring)."""

    def wrap(check: Callable[[Any], None]) -> Callable[[], None]:
        def test() -> None:
            stop = time.monotonic() + FUZZ_SECONDS
            batch = 0
            while True:
                run = settings(max_examples=EXAMPLES if not FUZZ_SECONDS else 200,
                               deadline=None, database=None, derandomize=False,
                               suppress_health_check=list(HealthCheck))(given(strategy)(check))
                hypothesis.seed(20261126 + batch)(run)()
                batch += 1
                if time.monotonic() >= stop:
                    return

        test.__name__, test.__doc__ = check.__name__, check.__doc__
        return test

    return wrap


def read_checked(path: Path) -> None:
    """Read ``path``; on success every data row below the header is accounted for, once."""
    try:
        with open_attendees(path) as table:
            header = table.info.header_row
            records = list(table.records())
    except BadgepressError as err:
        assert "\n" not in str(err)
        return
    assert header is not None
    rows = data_rows(records)
    if rows:
        assert rows == list(range(header + 1, rows[-1] + 1))


_FOLDER = Path(tempfile.mkdtemp(prefix="badgepress-fuzz-"))


def write_temp(name: str, data: bytes) -> Path:
    path = _FOLDER / name  # one file per name, rewritten by each example
    path.write_bytes(data)
    return path


@functools.cache
def workbook(kind: str) -> bytes:
    folder = _FOLDER
    rows = [[v if not (kind == "xlsb" and isinstance(v, str) and v.startswith("=")) else "2"
             for v in row] for row in ROWS]
    return WRITERS[kind](folder / f"base.{kind}", rows, start_col=2).read_bytes()


@fuzz(st.tuples(st.sampled_from(EXTENSIONS), st.binary(max_size=3000)))
def test_arbitrary_bytes(example: tuple[str, bytes]) -> None:
    ext, data = example
    read_checked(write_temp(f"any{ext}", data))


_CELL = st.text(
    alphabet=st.sampled_from(list('ab Zé张,;\t"\r\n\'=#\u200b\u00a0')) | st.characters(),
    max_size=12)


@fuzz(st.tuples(st.lists(st.lists(_CELL, max_size=6), max_size=12),
                st.sampled_from([",", ";", "\t"]), st.sampled_from(["\n", "\r\n", "\r"]),
                st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "cp1251", "gb18030",
                                 "cp932"]),
                st.booleans()))
def test_arbitrary_csv_text(example: tuple[list[list[str]], str, str, str, bool]) -> None:
    rows, sep, end, codec, header = example
    lines = ([sep.join(["Name", "Company", "Email"])] if header else []) + [
        sep.join(row) for row in rows]
    data = end.join(lines).encode(codec, errors="replace")
    read_checked(write_temp("list.csv", data))


def _mutate_bytes(data: bytes, how: int, at: int, chunk: bytes) -> bytes:
    at %= max(len(data), 1)
    if how == 0:  # overwrite
        return data[:at] + chunk + data[at + len(chunk):]
    if how == 1:  # cut
        return data[:at]
    if how == 2:  # insert
        return data[:at] + chunk + data[at:]
    return data[:at] + data[at + len(chunk):]  # delete


_MUTATION = st.tuples(st.integers(0, 3), st.integers(0, 1 << 20),
                      st.binary(min_size=1, max_size=64))


@fuzz(st.tuples(st.sampled_from(["xlsx", "xls", "xlsb", "ods"]), _MUTATION))
def test_mutated_workbook_files(example: tuple[str, tuple[int, int, bytes]]) -> None:
    kind, mutation = example
    read_checked(write_temp(f"m.{kind}", _mutate_bytes(workbook(kind), *mutation)))


_XML_BITS = [b'<row r="1048577">', b'<c r="XFD3" t="e"><v>#REF!</v></c>', b"<f>1+1</f>",
             b'<!DOCTYPE x [<!ENTITY a "b">]>', b"&a;", b'r="', b'"', b"<", b">", b"</row>",
             b'<row r="99999999">', b'<c r="A2" t="s"><v>999</v></c>', b"\x00", b"\xff"]


@fuzz(st.tuples(st.integers(0, 50), st.integers(0, 3), st.integers(0, 1 << 16),
                st.sampled_from(_XML_BITS) | st.binary(min_size=1, max_size=32)))
def test_mutated_xlsx_parts(example: tuple[int, int, int, bytes]) -> None:
    # Mutations inside the zip's XML members (re-zipped with good CRCs), where the parsers
    # and the raw scan see them.
    which, how, at, chunk = example
    src = zipfile.ZipFile(io.BytesIO(workbook("xlsx")))
    members = [i for i in src.infolist() if i.filename.endswith((".xml", ".rels"))]
    target = members[which % len(members)].filename
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == target:
                data = _mutate_bytes(data, how, at, chunk)
            zout.writestr(info.filename, data)
    read_checked(write_temp("m.xlsx", out.getvalue()))


def test_found_by_fuzzing() -> None:
    # An .xls cell record whose column was mutated to 18,433 (beyond XFD) once crashed the
    # column-letter helper instead of being a corrupt file.
    read_checked(write_temp("m.xls", _mutate_bytes(workbook("xls"), 0, 2260, b"\x00H")))


def test_the_utf16_bom_cases_are_covered() -> None:
    # A sanity check of the helpers above: a good file reads, rows accounted for.
    path = write_temp("u.txt", codecs.BOM_UTF16_LE + "Name\r\nAda\r\n\r\nGrace\r\n".encode(
        "utf-16-le"))
    with open_attendees(path) as table:
        assert data_rows(table.records()) == [2, 3, 4]

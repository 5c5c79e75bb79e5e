"""The layout as data, for editors (the web app's designer): the dict TOML gives, checked as a
file is, and written back to TOML.

:func:`read_layout_data` reads a layout file into plain dicts and lists with exactly the
structure and key names of the format (``sheet``, ``badge``, ``grid``, ``marks``, ``event``,
``field`` as a list of tables, ``image``, ``rect``, ``qr``, ``back``...), in the file's order,
lengths as the strings with units the file gives. :func:`check_layout_data` checks such a dict
as :func:`~badgepress.sheet.layout.load_layout` checks a file, with the same one-line
messages (``field[1].box: reaches outside the safe area ...``). :func:`write_layout_text`
writes it back to TOML, deterministically: a dict equal to the file's is written as the file
itself, byte for byte; an edited one is written into the original text with tomlkit, so that
comments and the formatting of everything unchanged stay where they were; with no original,
a fresh file (top-level keys, then tables, then arrays of tables; boxes and sizes as inline
tables). Every text written reads back as the dict it was made from (checked).

Keys nobody edits are kept: the dict holds everything the file has, unknown keys included
(which the check then refuses, as for a file). Nothing is ever dropped by writing.
"""

from __future__ import annotations

import copy
import datetime
import difflib
import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, InlineTable, Table

from badgepress.errors import LayoutError
from badgepress.sheet._files import read_toml
from badgepress.sheet.layout import Layout, parse_layout
from badgepress.sheet.layoutzip import layout_files, layout_zip
from badgepress.sheet.limits import MAX_LAYOUT_BYTES
from badgepress.sheet.sides import plan_sides

#: The deepest nesting a layout may have, counting array elements (the format's deepest key,
#: ``back.field[1].box.x``, is 5 levels down); a deeper dict is refused before anything walks
#: it further.
MAX_DEPTH = 12
#: The most items (keys and array elements, all levels) a layout dict may hold.
MAX_ITEMS = 20_000
_INT_RANGE = range(-(2**63), 2**63)

__all__ = ["MAX_DEPTH", "check_layout_data", "check_values", "pack_layout", "read_layout_data",
           "write_layout_text"]


def read_layout_data(path: str | Path) -> dict[str, Any]:
    """The layout file ``path`` as plain data (see the module docstring). TOML dates and
    times, which no layout key takes, become their ISO strings, so the dict is JSON. Raises
    ``LayoutError`` for a file too large, unreadable or not TOML, as a build does.
    """
    data: dict[str, Any] = _plain(read_toml(Path(path)))
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def _key(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def check_values(data: Any, *, path: str | None = None) -> None:
    """Raise ``LayoutError`` naming the key unless ``data`` is a table of values TOML can
    hold: string keys, strings (valid Unicode), whole numbers within 64 bits, numbers,
    true/false, arrays and tables, at most :data:`MAX_DEPTH` levels deep. JSON's ``null`` is
    no TOML value.
    """
    if not isinstance(data, Mapping):
        raise LayoutError(f"a layout is a table of keys, got {type(data).__name__}", path=path)
    count = 0

    def walk(value: Any, key: str, depth: int) -> None:
        nonlocal count
        count += 1
        if count > MAX_ITEMS:
            raise LayoutError(f"has more than {MAX_ITEMS:,} keys and values; a layout is short",
                              path=path)
        if depth > MAX_DEPTH:
            raise LayoutError(f"is nested deeper than {MAX_DEPTH} levels; the deepest layout "
                              "key is back.field[1].box.x", path=path, key=key)
        if isinstance(value, Mapping):
            for name, item in value.items():
                if not isinstance(name, str) or not _encodable(name):
                    raise LayoutError(f"key {name!r:.40} is not text", path=path, key=key or None)
                walk(item, _key(key, name), depth + 1)
        elif isinstance(value, list | tuple):
            for i, item in enumerate(value):
                walk(item, f"{key}[{i + 1}]", depth + 1)
        elif value is None:
            raise LayoutError("has no value (null); give one or remove the key", path=path,
                              key=key)
        elif isinstance(value, str):
            if not _encodable(value):
                raise LayoutError("is not valid text (a lone surrogate)", path=path, key=key)
        elif isinstance(value, float):
            if value != value:
                raise LayoutError("is not a number (nan)", path=path, key=key)
        elif isinstance(value, bool):
            pass
        elif isinstance(value, int):
            if value not in _INT_RANGE:
                raise LayoutError(f"{value} is larger than a TOML whole number may be",
                                  path=path, key=key)
        else:
            raise LayoutError(f"{type(value).__name__} is not a TOML value", path=path, key=key)

    for name, item in data.items():
        if not isinstance(name, str) or not _encodable(name):
            raise LayoutError(f"key {name!r:.40} is not text", path=path)
        walk(item, name, 1)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_layout_data(data: Mapping[str, Any], *, base: str | Path, name: str = "layout",
                      shown: str | None = None, pinned: bool = False) -> Layout:
    """The :class:`Layout` of ``data``, checked as a layout file is by the CLI (its keys and
    values, and that its badges fit the sheet and both sides print). ``base`` is the folder
    its artwork and fonts are named from; ``name`` the layout's name (a file's stem);
    ``pinned``: every file it reads must lie in ``base`` (``files_root``: its own ``[files]
    allow`` may name only folders inside; for layouts that come from a client).
    Raises ``LayoutError`` whose message is the CLI's line without the file
    (``field[1].box: ...``), or with ``shown`` in the file's place.
    """
    check_values(data, path=shown)
    source = str(Path(base) / f"{name}.toml")
    try:
        layout = parse_layout(data, path=source, name=name,
                              files_root=Path(base) if pinned else None)
        plan_sides(layout)
    except LayoutError as exc:
        raise LayoutError(exc.message.replace(source, shown or name), path=shown,
                          key=exc.key) from None
    return layout


def write_layout_text(data: Mapping[str, Any], original: str | None = None) -> str:
    """``data`` as TOML text (see the module docstring): ``original`` itself when it reads as
    ``data``; else ``original`` edited to hold ``data`` (comments kept); else a fresh file.
    The same arguments give the same text. Raises ``LayoutError`` when ``data`` holds
    something TOML cannot (see :func:`check_values`) or the text would be larger than a
    layout may be.
    """
    check_values(data)
    plain = dict(data)
    text: str | None = None
    if original is not None:
        try:
            if tomllib.loads(original) == plain:
                return original
            doc = tomlkit.parse(original)
            _sync(doc, plain, 0)
            text = tomlkit.dumps(doc)
            if _reads(text) != plain:  # tomlkit could not keep the structure: write afresh
                text = None
        except (TOMLKitError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            # an original tomlkit cannot edit (it reads TOML a little differently): afresh
            text = None
    if text is None:
        text = tomlkit.dumps(_document(plain))
        if _reads(text) != plain:
            raise LayoutError("cannot be written as TOML as it is (a key or value TOML cannot "
                              "hold); please report this layout")
    if len(text.encode("utf-8")) > MAX_LAYOUT_BYTES:
        raise LayoutError(f"would be larger than {MAX_LAYOUT_BYTES // 1024} KB; a layout is a "
                          "short TOML file")
    return text


def _reads(text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def _is_tables(value: Any) -> bool:
    """Whether ``value`` is written as an array of tables (``[[name]]``)."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _item(value: Any, level: int) -> Any:
    """``value`` as a tomlkit item for a container ``level`` deep: the document (0) holds
    tables and arrays of tables; a top-level table (1, such as ``[back]``) holds arrays of
    tables; everything deeper is inline (``box = { x = ..., ... }``).
    """
    if isinstance(value, dict):
        if level == 0:
            super_table = bool(value) and all(_is_tables(v) for v in value.values())
            table = tomlkit.table(is_super_table=super_table)
            _fill(table, value, 1)
            return table
        inline = tomlkit.inline_table()
        for k, v in value.items():
            inline.append(k, _item(v, 2))
        return inline
    if _is_tables(value) and level <= 1:
        aot = tomlkit.aot()
        for v in value:
            table = tomlkit.table()
            _fill(table, v, 2)
            aot.append(table)
        return aot
    if isinstance(value, list):
        array = tomlkit.array()
        array.extend(_item(v, 2) for v in value)
        return array
    return tomlkit.item(value)


def _fill(container: Any, values: Mapping[str, Any], level: int) -> None:
    """Add ``values`` to ``container`` (``level`` deep): plain keys first, then tables and
    arrays of tables, as TOML needs, each group in the dict's order.
    """
    def late(v: Any) -> bool:
        return (level == 0 and isinstance(v, dict)) or (level <= 1 and _is_tables(v))

    for k, v in values.items():
        if not late(v):
            container.append(k, _item(v, level))
    for k, v in values.items():
        if late(v):
            container.append(k, _item(v, level))


def _document(data: Mapping[str, Any]) -> tomlkit.TOMLDocument:
    doc = tomlkit.document()
    _fill(doc, data, 0)
    return doc


def _unwrap(item: Any) -> Any:
    return item.unwrap() if hasattr(item, "unwrap") else item


def _sync(container: Any, target: Mapping[str, Any], level: int) -> None:
    """Edit the tomlkit ``container`` (``level`` deep) in place until it holds ``target``:
    keys gone are deleted, keys changed are replaced where they stand (tables and arrays of
    tables are edited key by key, element by element), new keys are added.
    """
    for key in [k for k in container if k not in target]:
        del container[key]
    for key, value in target.items():
        if key not in container:
            container[key] = _item(value, level)
            continue
        current = container[key]
        if _unwrap(current) == value:
            continue
        if isinstance(value, dict) and isinstance(current, Table | InlineTable):
            _sync(current, value, level + 1)
        elif _is_tables(value) and isinstance(current, AoT):
            _sync_tables(current, value, level)
        else:
            container[key] = _item(value, level)


def _sync_tables(aot: AoT, values: Sequence[Mapping[str, Any]], level: int) -> None:
    """Edit the array of tables ``aot`` into ``values``: elements that are unchanged stay as
    they are written (with their comments), even where others were added, removed or moved
    around them; the others are edited key by key, added or removed.
    """
    old = [json.dumps(_unwrap(t), sort_keys=True, default=str) for t in aot]
    new = [json.dumps(v, sort_keys=True, default=str) for v in values]
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    # Worked from the end, so that the indexes of the operations still to come hold.
    for tag, i1, i2, j1, j2 in reversed(ops):
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(paired):
            _sync(aot[i1 + k], values[j1 + k], 2)
        for k in reversed(range(i1 + paired, i2)):
            del aot[k]
        for k in range(j1 + paired, j2):
            table = tomlkit.table()
            _fill(table, values[k], 2)
            table.add(tomlkit.nl())
            aot.insert(k, table)


def pack_layout(data: Mapping[str, Any], base: str | Path, *, name: str = "layout",
                original: str | None = None) -> bytes:
    """The layout ``data`` as a zipped layout (:func:`badgepress.sheet.layoutzip.layout_zip`):
    its TOML (written by :func:`write_layout_text` over ``original``, comments kept) as
    ``NAME.toml``, and every file it names (fixed artwork, fonts by path; see
    :func:`~badgepress.sheet.layoutzip.layout_files`) from ``base``, at the top of the zip. A
    file named with folders (``art/logo.png``) is stored under its own name, and the layout
    is changed to name it so (``logo-2.png`` where two files share a name); everything else
    is kept. Deterministic: the same layout and files, the same bytes. Raises ``LayoutError``
    naming the key of a file that cannot be read.
    """
    folder = Path(base)
    members: dict[str, bytes] = {}
    renamed: dict[str, str] = {}
    for file in layout_files(data):
        path = Path(file) if Path(file).is_absolute() else folder / file
        try:
            body = path.read_bytes()
        except OSError as exc:
            raise LayoutError(f"{file}: cannot be read ({exc.strerror or exc}); the layout "
                              "cannot be zipped without it", key=_file_key(data, file)) from None
        member = _member_name(Path(file).name, members, body)
        members[member] = body
        if member != file:
            renamed[file] = member
    if renamed:
        data = _renamed(data, renamed)
    text = write_layout_text(data, original)
    return layout_zip(text, members, f"{name}.toml")


def _member_name(name: str, members: Mapping[str, bytes], body: bytes) -> str:
    """A member name for a file called ``name``: safe characters only, and not one that
    another file (other content) took already.
    """
    stem, suffix = Path(re.sub(r"[^A-Za-z0-9._-]", "-", name).lstrip(".-_") or "file").stem, \
        Path(name).suffix.lower()
    candidate, n = f"{stem}{suffix}", 1
    while candidate in members and members[candidate] != body:
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    return candidate


def _faces(data: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    back = data.get("back")
    return [("", data), *([("back.", back)] if isinstance(back, Mapping) else [])]


def _file_key(data: Mapping[str, Any], file: str) -> str | None:
    """The key that names ``file`` first (``image[2].file``, ``field[1].font``)."""
    for prefix, face in _faces(data):
        for kind, key in (("image", "file"), ("field", "font")):
            tables = face.get(kind)
            for i, table in enumerate(tables if isinstance(tables, list) else []):
                if isinstance(table, Mapping) and table.get(key) == file:
                    return f"{prefix}{kind}[{i + 1}].{key}"
    return None


def _renamed(data: Mapping[str, Any], renamed: Mapping[str, str]) -> dict[str, Any]:
    """A copy of ``data`` whose images and fonts name files as ``renamed`` says."""
    out: dict[str, Any] = copy.deepcopy(dict(data))
    for _prefix, face in _faces(out):
        for kind, key in (("image", "file"), ("field", "font")):
            tables = face.get(kind)
            for table in tables if isinstance(tables, list) else []:
                if isinstance(table, dict) and table.get(key) in renamed:
                    table[key] = renamed[table[key]]
    return out

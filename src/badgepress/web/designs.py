"""The event's design: a shipped layout, or one the user uploaded with its files, and the
``[event]`` strings of a layout that has them.

Uploads are stored in a generated folder under ``layouts/``. A layout names its artwork and
fonts by paths relative to itself, so the files keep their base names inside that folder, but
only names of letters, digits, ``.``, ``-`` and ``_`` (no folders, nothing hidden) are
accepted: nothing the client sends becomes a path. A .zip is unpacked the same way, with
limits on its members' count and unpacked size (zip bombs are refused).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import secrets
import shutil
import tomllib
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from badgepress.errors import BadgepressError, LayoutError
from badgepress.sheet.impose import plan_sheet
from badgepress.sheet.layout import load_layout, shipped_layouts

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
#: Allowed in an uploaded layout folder.
LAYOUT_SUFFIXES = {".toml", ".ttf", ".otf", ".ttc", ".pdf", ".png", ".jpg", ".jpeg", ".svg",
                   ".txt", ".md"}
ZIP_MAX_MEMBERS = 200
ZIP_MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Shipped:
    """A shipped layout as the design page lists it."""

    name: str
    title: str


def shipped() -> list[Shipped]:
    """The shipped layouts, by name (read once: they are part of the installed package)."""
    return list(_shipped())


@functools.cache
def _shipped() -> tuple[Shipped, ...]:
    return tuple(Shipped(p.stem, load_layout(str(p)).title) for p in shipped_layouts())


def _safe(name: str, what: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    if not SAFE_NAME.match(base) or base.endswith("."):
        raise LayoutError(f"{what} {name!r}: use a file name of letters, digits, '.', '-' and "
                          "'_' only")
    if Path(base).suffix.lower() not in LAYOUT_SUFFIXES:
        raise LayoutError(f"{what} {name!r}: a layout folder may hold "
                          + ", ".join(sorted(LAYOUT_SUFFIXES)) + " files only")
    return base


def save_layout_upload(root: Path, files: list[tuple[str, bytes]]) -> tuple[str, str]:
    """Store uploaded layout files (a .toml and its files, or one .zip) in a new generated
    folder under ``root``; returns ``(folder, toml name)``. Raises ``LayoutError``.
    """
    members: list[tuple[str, bytes]] = []
    for name, data in files:
        if name.lower().endswith(".zip"):
            members.extend(_unzip(name, data))
        else:
            members.append((_safe(name, "file"), data))
    tomls = [n for n, _ in members if n.lower().endswith(".toml")]
    if len(tomls) != 1:
        raise LayoutError("upload exactly one .toml layout (with its artwork and fonts, or a "
                          f".zip of them); got {len(tomls)} .toml files")
    names = [n for n, _ in members]
    if len(set(names)) != len(names):
        raise LayoutError("two uploaded files have the same name")
    folder = secrets.token_hex(8)
    target = root / folder
    target.mkdir(parents=True)
    try:
        for name, data in members:
            (target / name).write_bytes(data)
    except OSError as exc:
        shutil.rmtree(target, ignore_errors=True)
        raise LayoutError(f"cannot store the layout: {exc.strerror}") from None
    return folder, tomls[0]


def _unzip(name: str, data: bytes) -> list[tuple[str, bytes]]:
    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile:
        raise LayoutError(f"{name}: not a readable .zip file") from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()
                 and not i.filename.startswith("__MACOSX/")
                 and not i.filename.rsplit("/", 1)[-1].startswith(".")]
        if len(infos) > ZIP_MAX_MEMBERS:
            raise LayoutError(f"{name}: more than {ZIP_MAX_MEMBERS} files; zip the layout "
                              "folder only")
        if sum(i.file_size for i in infos) > ZIP_MAX_BYTES:
            raise LayoutError(f"{name}: unpacks to more than {ZIP_MAX_BYTES // 2**20} MB; "
                              "refused")
        out = []
        for info in infos:
            if info.flag_bits & 0x1:
                raise LayoutError(f"{name}: is encrypted; zip it without a password")
            with zf.open(info) as f:
                body = f.read(ZIP_MAX_BYTES + 1)
            if len(body) > info.file_size:  # the header lied about the size
                raise LayoutError(f"{name}: {info.filename} unpacks larger than it says; "
                                  "refused")
            out.append((_safe(info.filename, f"{name}: member"), body))
        return out


def event_keys(layout_path: Path) -> dict[str, str]:
    """The ``[event]`` strings of a layout file (key -> text); empty when it has none.
    Remembered per file version (a preview asks on every badge).
    """
    try:
        stamp = layout_path.stat().st_mtime_ns
    except OSError:
        return {}
    key = (str(layout_path), stamp)
    if key not in _EVENT_KEYS:
        if len(_EVENT_KEYS) > 256:
            _EVENT_KEYS.clear()
        _EVENT_KEYS[key] = _read_event_keys(layout_path)
    return dict(_EVENT_KEYS[key])


_EVENT_KEYS: dict[tuple[str, int], dict[str, str]] = {}


def _read_event_keys(layout_path: Path) -> dict[str, str]:
    try:
        data = tomllib.loads(layout_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    table = data.get("event", {})
    if not isinstance(table, dict):
        return {}
    return {str(k): v for k, v in table.items() if isinstance(v, str)}


_TABLE_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


def with_event_text(text: str, values: dict[str, str]) -> str:
    """A layout's TOML ``text`` with its ``[event]`` table's strings replaced by ``values``
    (the table is moved to the end of the file; everything else is kept line for line).
    """
    out: list[str] = []
    rest: list[str] = []  # lines of [event] that are not among ``values``
    inside = False
    for line in text.splitlines(keepends=True):
        m = _TABLE_HEADER.match(line)
        if m:
            inside = m.group(1) == "event"
            if inside:
                continue
        if inside:
            key = line.split("=", 1)[0].strip().strip('"')
            if line.strip() and ("=" not in line or key not in values):
                rest.append(line)
            continue
        out.append(line)
    body = "".join(out).rstrip("\n") + "\n\n[event]\n" + "".join(rest)
    return body + "".join(f"{json.dumps(k)} = {json.dumps(v, ensure_ascii=False)}\n"
                          for k, v in values.items())


def design_path(data: Path, event: dict[str, Any], toml: Path) -> Path:
    """The layout file a build of ``event`` uses: ``toml`` itself, or, where the event's
    ``[event]`` text differs from the layout's, a copy (of an upload's whole folder, with its
    fonts and artwork) under the event's folder with that text written in. The copy's folder
    is named by its content, so builds and previews never rewrite a file another reads.
    """
    values = event_keys(toml)
    wanted = {k: str(event["event_text"].get(k, v)) for k, v in values.items()}
    if not values or wanted == values:
        return toml
    text = with_event_text(toml.read_text(encoding="utf-8"), wanted)
    digest = hashlib.sha256((str(toml) + "\0" + text).encode()).hexdigest()[:16]
    folder = data / "events" / str(event["id"]) / "design" / digest
    out = folder / toml.name
    if out.is_file():
        return out
    tmp = folder.with_name(f".{digest}.{secrets.token_hex(4)}")
    if toml.parent.parent == data / "layouts":  # an upload: its folder holds only its files
        shutil.copytree(toml.parent, tmp)
    else:
        tmp.mkdir(parents=True)
    (tmp / toml.name).write_text(text, encoding="utf-8")
    try:
        tmp.rename(folder)
    except OSError:  # made meanwhile by another request: the same content
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def check_layout(path: Path, original: str) -> None:
    """Load the layout as the CLI does; a mistake raises ``LayoutError`` naming ``original``."""
    try:
        plan_sheet(load_layout(str(path)))  # the badges must fit the sheet, as in a build
    except BadgepressError as exc:
        raise LayoutError(str(exc).replace(str(path), original)) from None

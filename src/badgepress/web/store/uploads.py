"""Uploaded layouts: a .toml with its artwork and fonts, or a .zip of them, stored in a new
generated folder under ``layouts/``.

A layout names its artwork and fonts by paths relative to itself, so the files keep their
base names inside that folder, but only names of letters, digits, ``.``, ``-`` and ``_`` (no
folders, nothing hidden) are accepted: nothing the client sends becomes a path. A .zip is
unpacked the same way, with limits on its members' count and unpacked size (zip bombs are
refused).
"""

from __future__ import annotations

import re
import secrets
import shutil
import zipfile
from io import BytesIO
from pathlib import Path

from badgepress.errors import BadgepressError, LayoutError
from badgepress.sheet.impose import plan_sheet
from badgepress.sheet.layout import load_layout

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
#: Allowed in an uploaded layout folder.
LAYOUT_SUFFIXES = {".toml", ".ttf", ".otf", ".ttc", ".pdf", ".png", ".jpg", ".jpeg", ".svg",
                   ".txt", ".md"}
ZIP_MAX_MEMBERS = 200
ZIP_MAX_BYTES = 200 * 1024 * 1024


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


def check_layout(path: Path, original: str) -> None:
    """Load the layout as the CLI does; a mistake raises ``LayoutError`` naming ``original``."""
    try:
        plan_sheet(load_layout(str(path)))  # the badges must fit the sheet, as in a build
    except BadgepressError as exc:
        raise LayoutError(str(exc).replace(str(path), original)) from None

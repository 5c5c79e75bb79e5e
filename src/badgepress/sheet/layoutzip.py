"""Zipped layouts: a ``.zip`` holding one ``.toml`` layout beside its artwork and fonts, read
as the unzipped layout is read, and written from a layout's data and files.

:func:`read_layout_zip` checks a zip as the web app checks an upload: at most
:data:`ZIP_MAX_MEMBERS` files and :data:`ZIP_MAX_BYTES` unpacked, every member at the top
(no folders), none hidden, none encrypted, names of letters, digits, ``.``, ``-`` and ``_``
with a layout file's suffix, exactly one ``.toml``, and no member larger than its header says
(a zip bomb that lies about its sizes). Finder's ``__MACOSX/`` entries are left out. Every
refusal is one ``LayoutError`` line naming the zip and the member.

:func:`opened_layout` unpacks a zip into a temporary folder for as long as a build needs it;
artwork and fonts are named in the PDF by their content, so the PDF is the one the unzipped
layout builds, byte for byte. :func:`layout_zip` writes a layout (its TOML and the files it
names) as a zip with fixed time stamps and sorted members: the same layout, the same bytes.
"""

from __future__ import annotations

import re
import shutil
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from typing import Any

from badgepress.errors import BadgepressError, LayoutError

#: The most files a zipped layout may hold (and the web app's upload).
ZIP_MAX_MEMBERS = 200
#: The most bytes a zipped layout may unpack to: 200 MB.
ZIP_MAX_BYTES = 200 * 1024 * 1024
#: A member's name: letters, digits, ``.``, ``-`` and ``_``, not starting with a dot.
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
#: What a layout folder may hold.
LAYOUT_SUFFIXES = frozenset({".toml", ".ttf", ".otf", ".ttc", ".pdf", ".png", ".jpg", ".jpeg",
                             ".svg", ".txt", ".md"})
#: Font files a field names by path.
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
#: The time stamp of every member written (zip's earliest: 1980-01-01 00:00).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

__all__ = ["LAYOUT_SUFFIXES", "ZIP_MAX_BYTES", "ZIP_MAX_MEMBERS", "file_name_error", "layout_files",
           "layout_zip", "opened_layout", "read_layout_zip"]


def file_name_error(name: str) -> str | None:
    """Why ``name`` may not name a file of a layout folder (a zip's member, an uploaded
    file): in a folder, hidden, odd characters, not a layout file's suffix; None when it may.
    """
    if "/" in name or "\\" in name:
        return ("is in a folder; put the layout's files at the top of the zip, beside the "
                ".toml (the layout names them without folders)")
    if name.startswith("."):
        return "is a hidden file; leave it out of the zip"
    if not SAFE_NAME.match(name) or name.endswith("."):
        return "use a file name of letters, digits, '.', '-' and '_' only"
    if Path(name).suffix.lower() not in LAYOUT_SUFFIXES:
        return "a layout zip may hold " + ", ".join(sorted(LAYOUT_SUFFIXES)) + " files only"
    return None


def read_layout_zip(path: str | Path, data: bytes | None = None) -> list[tuple[str, bytes]]:
    """The members of the zipped layout ``path`` (or of ``data``, named ``path`` in messages)
    as ``(name, bytes)``, in the zip's order, checked as the module docstring says. Raises
    ``LayoutError`` naming the zip and the member.
    """
    where = str(path)

    def fail(message: str) -> LayoutError:
        return LayoutError(message, path=where)

    try:
        zf = zipfile.ZipFile(BytesIO(data) if data is not None else Path(path))
    except (zipfile.BadZipFile, EOFError, ValueError, OverflowError, NotImplementedError,
            struct.error):
        raise fail("is not a readable .zip file") from None
    except OSError as exc:
        raise fail(f"cannot be read: {exc.strerror or exc}") from None
    out: list[tuple[str, bytes]] = []
    with zf:
        infos = [i for i in zf.infolist() if not i.filename.startswith("__MACOSX/")]
        if len(infos) > ZIP_MAX_MEMBERS:
            raise fail(f"holds more than {ZIP_MAX_MEMBERS} files; zip the layout's own files "
                       "only")
        if sum(i.file_size for i in infos) > ZIP_MAX_BYTES:
            raise fail(f"unpacks to more than {ZIP_MAX_BYTES // 2**20} MB; refused")
        seen: set[str] = set()
        total = 0
        for info in infos:
            name = info.filename
            why = file_name_error(name)
            if why is not None:  # a name with a line break or such shown quoted: one line
                raise fail(f"{name if name.isprintable() else repr(name)}: {why}")
            if name.lower() in seen:
                raise fail(f"{name}: is in the zip twice")
            seen.add(name.lower())
            if info.flag_bits & 0x1:
                raise fail(f"{name}: is encrypted; zip the layout without a password")
            try:
                with zf.open(info) as f:
                    body = f.read(min(info.file_size, ZIP_MAX_BYTES - total) + 1)
            except (zipfile.BadZipFile, EOFError, ValueError, OSError, zlib.error, struct.error,
                    NotImplementedError, RuntimeError, OverflowError) as exc:
                raise fail(f"{name}: cannot be unpacked ({exc}); zip the layout again") from None
            if len(body) > info.file_size:
                raise fail(f"{name}: unpacks larger than the zip says; refused")
            total += len(body)
            out.append((name, body))
    tomls = [n for n, _ in out if n.lower().endswith(".toml")]
    if len(tomls) != 1:
        raise fail(f"holds {len(tomls)} .toml files; a zipped layout holds exactly one .toml "
                   "beside its artwork and fonts")
    return out


def _rename(exc: BadgepressError, folder: str, shown: str) -> None:
    """Say ``shown`` (the zip) where ``exc`` names a file in ``folder`` (where it was
    unpacked), in its file and its message.
    """
    def fix(text: str) -> str:
        return text.replace(folder + "/", shown + ": ").replace(folder, shown)

    if exc.path is not None:
        exc.path = fix(exc.path)
    exc.message = fix(exc.message)
    exc.args = (exc._format(),)


@contextmanager
def opened_layout(name_or_path: str) -> Iterator[str]:
    """``name_or_path`` itself, or for a ``.zip`` the path of its ``.toml`` unpacked into a
    temporary folder that lasts as long as the ``with`` block. A ``BadgepressError`` raised
    inside the block that names a file of that folder names the zip instead
    (``layout.zip: logo.png: ...``).
    """
    if not name_or_path.lower().endswith(".zip"):
        yield name_or_path
        return
    members = read_layout_zip(name_or_path)
    try:
        folder = tempfile.mkdtemp(prefix="badgepress-layout-")
    except OSError as exc:
        raise LayoutError(f"cannot be unpacked: {exc.strerror or exc}",
                          path=name_or_path) from None
    try:
        try:
            for name, body in members:
                (Path(folder) / name).write_bytes(body)
        except OSError as exc:
            raise LayoutError(f"cannot be unpacked: {exc.strerror or exc}",
                              path=name_or_path) from None
        toml = next(n for n, _ in members if n.lower().endswith(".toml"))
        try:
            yield str(Path(folder) / toml)
        except BadgepressError as exc:
            _rename(exc, folder, name_or_path)
            raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def layout_files(data: Mapping[str, Any]) -> list[str]:
    """The files the layout ``data`` names, as written: the file of every image (front and
    back) that is the same on every badge (no ``{placeholder}``), and every font named by
    path; in layout order, each once.
    """
    names: list[str] = []
    faces = [data]
    back = data.get("back")
    if isinstance(back, Mapping):
        faces.append(back)
    for face in faces:
        for image in _tables(face, "image"):
            file = image.get("file")
            if isinstance(file, str) and not _has_placeholder(file):
                names.append(file)
        for field in _tables(face, "field"):
            font = field.get("font")
            if isinstance(font, str) and font.lower().endswith(FONT_SUFFIXES):
                names.append(font)
    return list(dict.fromkeys(names))


def _tables(face: Mapping[str, Any], kind: str) -> list[Mapping[str, Any]]:
    value = face.get(kind, [])
    return [t for t in value if isinstance(t, Mapping)] if isinstance(value, list) else []


def _has_placeholder(template: str) -> bool:
    return "{" in template.replace("{{", "").replace("}}", "")


def layout_zip(text: str, files: Mapping[str, bytes], toml_name: str = "layout.toml") -> bytes:
    """A zipped layout: the TOML ``text`` as ``toml_name`` and ``files`` (member name ->
    bytes) beside it, sorted by name, every member dated :data:`ZIP_TIME`, deflated: the same
    arguments give the same bytes. Each name must be one :func:`read_layout_zip` accepts
    (``LayoutError`` otherwise), so what is written can be read back.
    """
    members = {toml_name: text.encode("utf-8"), **files}
    for name in members:
        why = file_name_error(name)
        if why is not None:
            raise LayoutError(f"{name}: {why}", path=toml_name)
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, wherever it is written
            info.external_attr = 0o644 << 16
            zf.writestr(info, members[name], compresslevel=9)
    return out.getvalue()

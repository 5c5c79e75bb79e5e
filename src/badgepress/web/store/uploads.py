"""Uploads kept whole or not at all, uploaded layouts, and the designer's files.

Every uploaded file is written under a temporary name beside its final one (``.part-NAME``),
flushed to disk, and renamed only after the transaction that refers to it committed
(:func:`stage`, :func:`settle`). A failure (the disk full included: ``StorageFullError``, one
line) removes the temporary. On start, :func:`tidy` finishes a rename a killed server left
undone (the database refers to the file) and removes every other temporary and every file in
``uploads/`` and folder in ``layouts/`` that nothing refers to.

Uploaded layouts: a .toml with its artwork and fonts, or a .zip of them, stored in a new
generated folder under ``layouts/``.

A layout names its artwork and fonts by paths relative to itself, so the files keep their
base names inside that folder, but only names of letters, digits, ``.``, ``-`` and ``_`` (no
folders, nothing hidden) are accepted: nothing the client sends becomes a path. A .zip is
unpacked the same way: its members side by side or in one folder (a zipped layout folder,
the folder dropped), never in sub-folders; hidden files and macOS's ``__MACOSX/`` that zip
tools add are skipped; with limits on its members' count and unpacked size (zip bombs are
refused), and a member that cannot be unpacked is refused with one line.

The designer's files: an event's workshop (``events/<id>/designer/``) holds the artwork and
fonts its drafts use; saving a design writes a new generated folder under ``layouts/`` (the
files hard-linked where the disk allows), recorded as an upload is.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import shutil
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from io import BytesIO
from pathlib import Path

from badgepress.errors import BadgepressError, LayoutError
from badgepress.sheet.impose import plan_sheet
from badgepress.sheet.layout import load_layout
from badgepress.web.store.base import Store
from badgepress.web.store.db import Database, StorageFullError

#: The prefix of a file or folder being written (hidden; never a generated name).
PART = ".part-"

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
    def fill(target: Path) -> None:
        for name, data in members:
            write_new(target / name, data)

    target, folder = stage_folder(root, fill, "the layout")
    settle(target, root / folder)
    return folder, tomls[0]


def stage_folder(root: Path, fill: Callable[[Path], None], what: str) -> tuple[Path, str]:
    """A new generated folder under ``root``, filled by ``fill(folder)`` under its temporary
    name (``.part-NAME``, see :func:`stage`); returns the temporary and ``NAME``, for
    :func:`settle`. On an error nothing is left: ``StorageFullError`` when the disk is full,
    else ``LayoutError`` naming ``what``.
    """
    folder = secrets.token_hex(8)
    target = root / (PART + folder)
    try:
        target.mkdir(parents=True)
        fill(target)
    except OSError as exc:
        shutil.rmtree(target, ignore_errors=True)
        error = full_disk(exc, what)
        if error is exc:
            error = LayoutError(f"cannot store {what}: {exc.strerror}")
        raise error from None
    return target, folder


#: What a zip tool adds that is never a layout's: macOS's resource forks and hidden files
#: (``.DS_Store``); skipped.
def _metadata(name: str) -> bool:
    return name.startswith("__MACOSX/") or name.rsplit("/", 1)[-1].startswith(".")


def _unzip(name: str, data: bytes) -> list[tuple[str, bytes]]:
    """The members of an uploaded .zip as ``(base name, bytes)``: side by side, or all in one
    folder (a zipped layout folder; the folder is dropped). Members in sub-folders, unsafe
    names, too many or too large members, and members that cannot be read (corrupt, an
    unknown compression method, sizes that lie) are refused with ``LayoutError``.
    """
    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        raise LayoutError(f"{name}: not a readable .zip file") from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir() and not _metadata(i.filename)]
        if len(infos) > ZIP_MAX_MEMBERS:
            raise LayoutError(f"{name}: more than {ZIP_MAX_MEMBERS} files; zip the layout "
                              "folder only")
        if sum(i.file_size for i in infos) > ZIP_MAX_BYTES:
            raise LayoutError(f"{name}: unpacks to more than {ZIP_MAX_BYTES // 2**20} MB; "
                              "refused")
        folders = {i.filename.replace("\\", "/").rpartition("/")[0] for i in infos}
        for info in infos:
            folder = info.filename.replace("\\", "/").rpartition("/")[0]
            if folder and (len(folders) > 1 or "/" in folder or folder in (".", "..")):
                raise LayoutError(f"{name}: {info.filename!r} is in a sub-folder; a layout "
                                  "names its files by base name: zip them side by side, or "
                                  "in one folder")
        out = []
        for info in infos:
            base = _safe(info.filename, f"{name}: member")
            if info.flag_bits & 0x1:
                raise LayoutError(f"{name}: is encrypted; zip it without a password")
            try:
                with zf.open(info) as f:
                    body = f.read(info.file_size + 1)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, ValueError,
                    OSError, RuntimeError) as exc:
                why = " ".join(str(exc).split()) or type(exc).__name__
                raise LayoutError(f"{name}: {base} cannot be unpacked ({why}); zip the "
                                  "layout again") from None
            if len(body) != info.file_size:  # the header lied about the size
                raise LayoutError(f"{name}: {base} unpacks to {len(body)} bytes, not the "
                                  f"{info.file_size} it says; refused")
            out.append((base, body))
        return out


def check_layout(path: Path, original: str) -> None:
    """Load the layout as the CLI does; a mistake raises ``LayoutError`` naming ``original``."""
    try:
        plan_sheet(load_layout(str(path)))  # the badges must fit the sheet, as in a build
    except BadgepressError as exc:
        raise LayoutError(str(exc).replace(str(path), original)) from None


def full_disk(exc: OSError, what: str) -> Exception:
    """The error to raise for ``exc``: ``StorageFullError`` (one line) when the disk is full,
    else ``exc`` itself.
    """
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageFullError(f"the data folder's disk is full: {what} was not stored; free "
                                "some space and try again")
    return exc


def write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to the new file ``path`` and flush it to disk."""
    _write(path, data)


def _write(path: Path, data: bytes) -> None:
    with path.open("xb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def stage(final: Path, data: bytes, what: str = "the upload") -> Path:
    """Write ``data`` to the temporary beside ``final`` and flush it to disk; returns the
    temporary. On any error nothing is left (``StorageFullError`` when the disk is full).
    """
    tmp = final.with_name(PART + final.name)
    try:
        _write(tmp, data)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise full_disk(exc, what) from None
    return tmp


def settle(tmp: Path, final: Path) -> None:
    """Give a staged file or folder its final name (after the transaction that refers to it
    committed), and flush the rename to disk.
    """
    tmp.replace(final)
    fd = os.open(final.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def tidy(data: Path, db: Database) -> list[str]:
    """Settle or remove what a killed server left in ``uploads/`` and ``layouts/`` (see the
    module docstring); returns the names removed.
    """
    with db.read() as con:
        kept = {"uploads": {r[0] for r in con.execute("SELECT stored FROM lists")},
                "layouts": {r[0] for r in con.execute("SELECT folder FROM layouts")}}
    removed = []
    for sub, names in kept.items():
        folder = data / sub
        for path in sorted(folder.iterdir()):
            name = path.name.removeprefix(PART)
            if name != path.name and name in names and not (folder / name).exists():
                settle(path, folder / name)  # committed, not yet renamed: finish it
            elif path.name not in names:
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
                removed.append(f"{sub}/{path.name}")
    return removed


# ---- the designer's workshop and saved designs ---------------------------------------------

#: What may be uploaded for a design: artwork and fonts.
ARTWORK_SUFFIXES = (".pdf", ".svg", ".png", ".jpg", ".jpeg", ".ttf", ".otf")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def workshop(store: Store, event_id: str) -> Path:
    """The event's designer folder (see the module docstring), made on first use."""
    folder = store.data / "events" / event_id / "designer"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _inside(name: str) -> bool:
    """Whether ``name`` is a relative path that stays in its folder (no ``..``, nothing
    hidden).
    """
    path = Path(name)
    return (bool(path.parts) and not path.is_absolute()
            and not any(p.startswith(".") for p in path.parts))


def _same(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def bring_files(store: Store, event_id: str, source: Path, names: Iterable[str]) -> None:
    """Copy the files ``names`` (relative to ``source``, the saved design's folder) into the
    event's workshop, replacing files of the same name there (the design names them so).
    A name outside ``source``, or a file that cannot be read, is left out: a draft that names
    it says so when it is drawn.
    """
    folder = workshop(store, event_id)
    root = source.resolve()
    for name in names:
        src, target = source / name, folder / name
        try:
            if not _inside(name) or not src.resolve().is_relative_to(root):
                continue
            if target.is_file() and _same(src, target):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            settle(stage(target, src.read_bytes(), "the design's artwork"), target)
        except OSError:
            continue


def artwork_name(client_name: str) -> str:
    """The name an uploaded artwork or font file is kept under: the client's base name with
    anything but letters, digits, ``.``, ``-`` and ``_`` made ``-``, its suffix in lower case.
    ``LayoutError`` for a file that is neither artwork nor a font.
    """
    base = client_name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = base.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix not in ARTWORK_SUFFIXES:
        raise LayoutError(f"{base!r}: upload artwork (.pdf, .svg, .png, .jpg, .jpeg) or a font "
                          "(.ttf, .otf)")
    return (_UNSAFE.sub("-", stem).strip(".-_")[:80] or "artwork") + suffix


def add_file(store: Store, event_id: str, client_name: str, data: bytes,
             check: Callable[[Path], str | None]) -> str:
    """Keep an uploaded artwork or font file in the event's workshop; returns the name it has
    there (:func:`artwork_name`; ``logo-2.png`` when another file is called ``logo.png``, the
    same name when the same file was uploaded before). ``check(path)`` says why the file
    cannot be used, or None; then ``LayoutError`` naming the file, and nothing is kept.
    """
    name = artwork_name(client_name)
    folder = workshop(store, event_id)
    suffix = Path(name).suffix
    stem = name[: -len(suffix)]
    with store.lock(event_id):
        candidate, n = name, 1
        while (folder / candidate).exists():
            if (folder / candidate).is_file() and (folder / candidate).read_bytes() == data:
                return candidate
            n += 1
            candidate = f"{stem}-{n}{suffix}"
        tmp = stage(folder / candidate, data, "the artwork")
        try:
            why = check(tmp)
            if why is not None:
                raise LayoutError(f"{name}: {why}")
            settle(tmp, folder / candidate)
        finally:
            tmp.unlink(missing_ok=True)
    return candidate


def files_of(store: Store, event_id: str) -> list[str]:
    """The artwork and fonts in the event's workshop (names, sorted)."""
    folder = workshop(store, event_id)
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and _inside(str(p.relative_to(folder)))
                  and p.suffix.lower() in ARTWORK_SUFFIXES)


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def save_design(store: Store, event_id: str, toml: str, text: str, files: Iterable[str],
                event_text: Mapping[str, str]) -> None:
    """Make ``text`` (a layout's TOML, kept as ``toml``) and the workshop's files ``files``
    (the artwork and fonts it names) the event's design: a new generated folder under
    ``layouts/``, recorded as an upload is, with the event's ``[event]`` strings set to
    ``event_text`` (the layout's own, so its builds print them). On any error nothing changes.
    """
    source = workshop(store, event_id)
    root = store.data / "layouts"

    def fill(tmp: Path) -> None:
        for name in files:
            if _inside(name) and (source / name).is_file():
                (tmp / name).parent.mkdir(parents=True, exist_ok=True)
                _link(source / name, tmp / name)
        write_new(tmp / toml, text.encode("utf-8"))

    tmp, folder = stage_folder(root, fill, "the design")
    try:
        with store.db.connect() as con:
            row = con.execute("SELECT event_text FROM events WHERE id = ?",
                              (event_id,)).fetchone()
            if row is None:
                raise LayoutError(f"no event {event_id!r}")
            merged = dict(json.loads(row["event_text"]), **event_text)
            cur = con.execute("INSERT INTO layouts (event_id, folder, toml, original, uploaded) "
                              "VALUES (?, ?, ?, ?, ?)", (event_id, folder, toml, toml,
                                                         time.time()))
            con.execute("UPDATE events SET layout = ?, event_text = ?, updated = ? WHERE id = ?",
                        (f"upload:{cur.lastrowid}", json.dumps(merged, ensure_ascii=False),
                         time.time(), event_id))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    settle(tmp, root / folder)

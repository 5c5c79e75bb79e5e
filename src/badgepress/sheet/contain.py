"""Containment: every file a layout makes badgepress read lies inside the folders it may read.

Those folders (:class:`FileRoots`) are the layout's own folder (or a folder the caller pins
instead: the web app pins the event's), plus folders allowed by the caller (``--allow-files``)
and by the layout (``[files] allow``). A name is checked as the real path it leads to, after
its template is filled and every symlink is followed, so ``..``, absolute paths and links
that point out are all refused alike.

A value filled into a file name from attendee data (``file = "photos/{id}.png"``) never names
another folder: a value holding a path separator, ``..`` or a NUL is refused before any file is
looked at (:func:`file_name`). Fonts named by path may also lie in the shipped fonts and the
``--font-dir`` folders (the caller passes those).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from badgepress.errors import LayoutError, OptionError
from badgepress.model import Attendee
from badgepress.sheet._toml import TableReader
from badgepress.sheet.template import Template

#: What separates folders in a name, on any system a layout may have been written on.
SEPARATORS = ("/", "\\")
#: The longest name of one file or folder, and of a whole path, in bytes (Linux, macOS).
MAX_NAME_BYTES, MAX_PATH_BYTES = 255, 4095
#: How much of a refused value a message shows.
SHOWN = 200


def shown(value: str) -> str:
    """``value`` quoted for a one-line message, cut to :data:`SHOWN` characters."""
    return repr(value if len(value) <= SHOWN else value[:SHOWN] + "...")


def real(path: str | os.PathLike[str]) -> str:
    """The absolute path ``path`` leads to, every symlink followed (as far as it exists)."""
    # realpath, not Path.resolve: it does not raise on a loop of symlinks. A name with a NUL
    # (no file's name) stays as written: callers refuse it (name_problem, _is_folder).
    try:
        return os.path.normcase(os.path.realpath(path))
    except ValueError:
        return os.path.normcase(Path(path).absolute())


def _is_folder(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a folder (False for a name no file can have)."""
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a file's name on this system (a NUL, too long, not encodable);
    None when it can. Nothing is read.
    """
    if "\0" in name:
        return "holds a NUL character, which no file name may hold"
    try:
        data = os.fsencode(name)
    except UnicodeError:
        return "holds characters that cannot be part of a file name"
    parts = data.replace(b"\\", b"/").split(b"/")
    if len(data) > MAX_PATH_BYTES or any(len(p) > MAX_NAME_BYTES for p in parts):
        return (f"is too long for a file name (at most {MAX_NAME_BYTES} bytes a name, "
                f"{MAX_PATH_BYTES} in all)")
    return None


@dataclass(frozen=True, slots=True)
class FileRoots:
    """The folders a layout's files must lie in, as real paths (symlinks followed).

    ``folders[0]`` is the root: the layout's own folder, or the folder the caller pinned
    (``pinned``: then relative names of per-attendee files are found from it too, not from
    the attendee file's folder). The rest were allowed by the caller or the layout.
    """

    folders: tuple[str, ...]
    pinned: bool = False

    @classmethod
    def make(cls, root: str | os.PathLike[str], allow: Iterable[str | os.PathLike[str]] = (),
             *, pinned: bool = False) -> FileRoots:
        """Roots of ``root`` and the folders in ``allow`` (relative ones from the current
        folder), each once.
        """
        return cls(tuple(dict.fromkeys((real(root), *(real(a) for a in allow)))), pinned)

    def widened(self, allow: Iterable[str]) -> FileRoots:
        """These roots and the real folders ``allow``."""
        return FileRoots(tuple(dict.fromkeys((*self.folders, *allow))), self.pinned)

    def holds(self, real_path: str) -> bool:
        """Whether the real path ``real_path`` is one of the folders or lies inside one."""
        return any(real_path == f or real_path.startswith(f.rstrip(os.sep) + os.sep)
                   for f in self.folders)

    def find(self, path: str | os.PathLike[str]) -> str | None:
        """The real path of ``path`` when it lies inside the roots; None when it does not or
        cannot be a file's name (:func:`name_problem`).
        """
        if name_problem(os.fspath(path)) is not None:
            return None
        found = real(path)
        return found if self.holds(found) else None

    def outside(self) -> str:
        """How a message names where a refused file is not: the layout's folder, or the
        folders the caller allowed.
        """
        if self.pinned:
            return "outside the folders this layout may read"
        return ("outside the layout's folder" + (" and the allowed folders"
                                                 if len(self.folders) > 1 else ""))

    def advice(self) -> str:
        """What to do about a refused file, for a message."""
        if self.pinned:
            return "add the file to the layout's own files"
        return ("put it beside the layout, or allow its folder with --allow-files DIR (or "
                "[files] allow = [\"DIR\"] in the layout)")


def read_files(top: TableReader, pinned: FileRoots | None,
               allow: Sequence[str | os.PathLike[str]] = ()) -> FileRoots:
    """The layout's roots: ``pinned`` (the caller's) or the layout's folder with ``allow``,
    widened by the layout's ``[files] allow`` (folders relative to the layout). With pinned
    roots, an allowed folder outside them is an error: a layout never widens what a caller
    pinned.
    """
    given = [("files_root", f) for f in (pinned.folders[:1] if pinned else ())]
    for what, folder in (*given, *(("--allow-files", f) for f in allow)):
        if not _is_folder(folder):
            raise OptionError(f"{what} {shown(os.fspath(folder))}: not a folder; give an "
                              "existing folder for the layout's files to lie in")
    base = Path(top.path).parent
    roots = pinned or FileRoots.make(base, allow)
    table = top.sub("files")

    def folders(value: Any) -> list[str]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) and v.strip()
                                                  for v in items):
            raise ValueError(f"expected a folder (\"../photos\") or a list of them, got "
                             f"{value!r:.60}")
        return items

    extra: list[str] = []
    none: list[str] = []
    for folder in table.get("allow", folders, none):
        problem = name_problem(folder)
        if problem is not None:
            raise table.fail("allow", f"{shown(folder)} {problem}")
        found = real(base / folder)
        if not _is_folder(found):
            raise table.fail("allow", f"{shown(folder)} is not a folder (relative to the "
                             "layout file)")
        if pinned is not None and not pinned.holds(found):
            raise table.fail("allow", f"{shown(folder)} is {pinned.outside()}; a layout here "
                             "may not allow more")
        extra.append(found)
    table.done()
    return roots.widened(extra)


def check_fixed(roots: FileRoots, images: Iterable[Any], path: str) -> None:
    """Raise ``LayoutError`` (the image's key and its file) for an image of the layout whose
    file is the same on every badge and lies outside ``roots`` (``images``: ``ImageSpec``;
    those named from attendee fields are checked per badge, by the plan room).
    """
    for image in images:
        if image.per_attendee:
            continue
        problem = name_problem(image.file)
        if problem is None and roots.find(image.path) is None:
            problem = f"is {roots.outside()}; {roots.advice()}"
        if problem is not None:
            raise LayoutError(f"{shown(image.file)} {problem}", path=path,
                              key=f"{image.key}.file")


def font_problem(font: str, base: Path, roots: FileRoots,
                 font_dirs: Sequence[str | os.PathLike[str]]) -> str | None:
    """Why the font file ``font`` (a path, relative to the layout's folder ``base``) may not
    be read: outside ``roots`` and the font folders ``font_dirs`` (the shipped fonts, the
    ``--font-dir`` folders). None when it may.
    """
    problem = name_problem(font)
    if problem is not None:
        return problem
    path = Path(font) if Path(font).is_absolute() else base / font
    if roots.widened(real(d) for d in font_dirs).find(path) is not None:
        return None
    return (f"is {roots.outside()} and the font folders; name the font by its full name, "
            "or give its folder with --font-dir DIR")


def _held(parts: Sequence[str]) -> list[bool]:
    """For each folder and file name of a template (``parts``: literals and NUL + key),
    whether a placeholder is in it.
    """
    out = [False]
    for part in parts:
        if part[:1] == "\0":
            out[-1] = True
        else:
            out.extend(False for _ in range(part.replace("\\", "/").count("/")))
    return out


def value_problem(key: str, value: str) -> str | None:
    """Why the attendee value ``value`` of ``{key}`` may not be filled into a file name: it
    holds a path separator, ``..`` or a NUL. None when it may.
    """
    if any(s in value for s in SEPARATORS) or ".." in value or "\0" in value:
        return (f"{{{key}}} is {shown(value)}: a value that names a file may not hold "
                "/, \\ or ..")
    return None


def file_name(template: Template, attendee: Attendee) -> str:
    """``template`` filled from ``attendee`` as a file name, or ``ValueError`` saying why it
    cannot name a file: a value with a path separator, ``..`` or a NUL, a folder or file name
    that the values make empty, ``.`` or ``..``, or a name no file can have. Nothing is read.
    """
    keys = dict.fromkeys(template.keys)
    if {"first_name", "last_name"} & set(keys):
        keys["name"] = None  # a name template falls back to the full name
    values = {k: attendee.get(k) for k in keys}
    for key, value in values.items():
        problem = value_problem(key, value)
        if problem is not None:
            raise ValueError(problem)
    name = template.render(attendee)
    # No value holds a separator, so the name's folders are the template's own: a name made
    # "." or ".." by values (".{id}" with id ".") is the only way left to step out, and an
    # empty one ("photos/{id}/a.png") would name another file.
    names = name.replace("\\", "/").split("/")
    held = _held(template.parts or Template.parse(template.source).parts)
    if len(names) != len(held) or any(
            h and n.strip() in ("", ".", "..") for n, h in zip(names, held, strict=True)):
        raise ValueError(f"the values make the name {shown(name)}: a folder or file name "
                         "that is empty, '.' or '..' is refused")
    problem = name_problem(name)
    if problem is not None:
        raise ValueError(f"{shown(name)} {problem}")
    return name

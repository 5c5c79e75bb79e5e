"""The event's design: a shipped layout, or one the organiser uploaded (``uploads``) or saved
from the designer, and the ``[event]`` strings of a layout that has them, written into a copy
of the layout for the event's builds, previews and prints.

The designer's files: each event has a **workshop** folder (``events/<id>/designer/``) that
holds the files its unsaved drafts name: the saved design's artwork and fonts (copied in when
the design is opened) and the artwork and fonts uploaded for it (never overwritten: a file of
another content gets a new name). Saving a design writes a new generated folder under
``layouts/`` (the layout's TOML and the files it names, hard-linked from the workshop) and
records it as the event's design, as an upload is recorded: builds, previews, the desks and
``layout.toml`` use it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import secrets
import shutil
import time
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from badgepress.errors import LayoutError
from badgepress.sheet.layout import DEFAULT_LAYOUT, load_layout, resolve_layout, shipped_layouts
from badgepress.web.store.base import Store
from badgepress.web.store.uploads import settle, stage, stage_folder, write_new

#: The layout a new event starts with: the command line's default (one-sided, 8 to an A4).
DEFAULT = DEFAULT_LAYOUT


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
    return body + "".join(f"{_toml(k)} = {_toml(v)}\n" for k, v in values.items())


def _toml(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes; TOML also wants DEL escaped)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def design_path(data: Path, event: dict[str, Any], toml: Path) -> Path:
    """The layout file a build of ``event`` uses: ``toml`` itself, or, where the event's
    ``[event]`` text (its own name and dates unless the organiser set others) differs from
    the layout's, a copy (of an upload's whole folder, with its
    fonts and artwork) under the event's folder with that text written in. The copy's folder
    is named by its content, so builds and previews never rewrite a file another reads.
    """
    values = event_keys(toml)
    own = {"name": event.get("name") or "", "dates": event.get("dates") or ""}
    wanted = {k: str(event["event_text"].get(k) or own.get(k) or v) for k, v in values.items()}
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




def layout_file(store: Store, ev: Mapping[str, Any]) -> Path:
    """The .toml of the event's chosen layout (shipped or uploaded)."""
    ref: str = ev["layout"]
    if ref.startswith("upload:"):
        with store.db.read() as con:
            row = con.execute("SELECT folder, toml FROM layouts WHERE id = ?",
                              (int(ref[7:]),)).fetchone()
        return store.data / "layouts" / str(row["folder"]) / str(row["toml"])
    return resolve_layout(ref)


def layout_ref(store: Store, ev: Mapping[str, Any]) -> str:
    """What the event's build passes as ``layout``: the shipped name, or a .toml path
    (with the event's ``[event]`` text written in, see :func:`design_path`).
    """
    toml = layout_file(store, ev)
    path = design_path(store.data, dict(ev), toml)
    if path == toml and not ev["layout"].startswith("upload:"):
        return str(ev["layout"])
    return str(path)


def shipped_ref(store: Store, ev: Mapping[str, Any], name: str) -> str:
    """What a build of the event with the shipped layout ``name`` would pass as ``layout``
    (the event's ``[event]`` text written in): for the design page's thumbnails.
    """
    toml = resolve_layout(name)
    path = design_path(store.data, dict(ev), toml)
    return name if path == toml else str(path)


def used_file(store: Store, ev: Mapping[str, Any]) -> Path:
    """The layout file the event's builds use (``GET /api/events/{event}/layout.toml``)."""
    ref = layout_ref(store, ev)
    return Path(ref) if ref.endswith(".toml") else layout_file(store, ev)


def is_shipped(name: str) -> bool:
    """Whether ``name`` is a shipped layout's name."""
    return name in {s.name for s in shipped()}


def choose_shipped(store: Store, event_id: str, name: str) -> None:
    """Make the shipped layout ``name`` the event's design (checked by the caller)."""
    with store.db.connect() as con:
        con.execute("UPDATE events SET layout = ?, updated = ? WHERE id = ?",
                    (name, time.time(), event_id))


def choose_upload(store: Store, event_id: str, folder: str, toml: str) -> None:
    """Record the uploaded layout ``folder/toml`` (under ``layouts/``) and make it the
    event's design.
    """
    with store.db.connect() as con:
        cur = con.execute("INSERT INTO layouts (event_id, folder, toml, original, uploaded) "
                          "VALUES (?, ?, ?, ?, ?)", (event_id, folder, toml, toml, time.time()))
        con.execute("UPDATE events SET layout = ?, updated = ? WHERE id = ?",
                    (f"upload:{cur.lastrowid}", time.time(), event_id))


def set_event_text(store: Store, event_id: str, values: Mapping[str, str]) -> None:
    """Set the event's ``[event]`` strings (only keys its layout has)."""
    ev = store.event(event_id)
    keys = event_keys(layout_file(store, ev))
    unknown = [k for k in values if k not in keys]
    if unknown:
        raise LayoutError(f"the layout has no [event] key {unknown[0]!r}; its keys: "
                          + (", ".join(keys) or "none"))
    merged = dict(ev["event_text"], **{k: str(v) for k, v in values.items()})
    with store.db.connect() as con:
        con.execute("UPDATE events SET event_text = ?, updated = ? WHERE id = ?",
                    (json.dumps(merged, ensure_ascii=False), time.time(), event_id))


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

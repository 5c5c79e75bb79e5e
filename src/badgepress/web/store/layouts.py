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
import re
import secrets
import shutil
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from badgepress.errors import LayoutError
from badgepress.sheet.layout import DEFAULT_LAYOUT, load_layout, resolve_layout, shipped_layouts
from badgepress.web.store.base import Store

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


# ---- desk designs: a layout per desk stock, for a badge of another size -------------------

def desk_design(store: Store, event_id: str, stock: str | None) -> Path | None:
    """The .toml of the event's desk design for ``stock`` (the newest uploaded), or None."""
    if stock is None:
        return None
    with store.db.read() as con:
        row = con.execute("SELECT folder, toml FROM layouts WHERE event_id = ? AND stock = ? "
                          "ORDER BY id DESC LIMIT 1", (event_id, stock)).fetchone()
    if row is None:
        return None
    return store.data / "layouts" / str(row["folder"]) / str(row["toml"])


def desk_designs(store: Store, event_id: str) -> list[dict[str, Any]]:
    """The event's desk designs: ``[{"stock", "file", "uploaded"}]`` (the newest per stock),
    by stock.
    """
    with store.db.read() as con:
        rows = con.execute("SELECT stock, original, MAX(uploaded) AS uploaded FROM layouts "
                           "WHERE event_id = ? AND stock IS NOT NULL GROUP BY stock "
                           "ORDER BY stock", (event_id,)).fetchall()
    return [{"stock": r["stock"], "file": r["original"], "uploaded": r["uploaded"]}
            for r in rows]


def add_desk_design(store: Store, event_id: str, stock: str, folder: str, toml: str,
                    original: str) -> None:
    """Record the uploaded layout ``folder/toml`` (under ``layouts/``) as the event's desk
    design for ``stock`` (the one before it is forgotten, and its folder removed).
    """
    with store.db.connect() as con:
        old = [r["folder"] for r in con.execute(
            "SELECT folder FROM layouts WHERE event_id = ? AND stock = ?", (event_id, stock))]
        con.execute("DELETE FROM layouts WHERE event_id = ? AND stock = ?", (event_id, stock))
        con.execute("INSERT INTO layouts (event_id, folder, toml, original, uploaded, stock) "
                    "VALUES (?, ?, ?, ?, ?, ?)", (event_id, folder, toml, original, time.time(),
                                                  stock))
        con.execute("UPDATE events SET updated = ? WHERE id = ?", (time.time(), event_id))
    for name in old:
        shutil.rmtree(store.data / "layouts" / name, ignore_errors=True)


def drop_desk_design(store: Store, event_id: str, stock: str) -> bool:
    """Forget the event's desk design for ``stock`` (its files removed); whether it had one."""
    with store.db.connect() as con:
        old = [r["folder"] for r in con.execute(
            "SELECT folder FROM layouts WHERE event_id = ? AND stock = ?", (event_id, stock))]
        con.execute("DELETE FROM layouts WHERE event_id = ? AND stock = ?", (event_id, stock))
    for name in old:
        shutil.rmtree(store.data / "layouts" / name, ignore_errors=True)
    return bool(old)

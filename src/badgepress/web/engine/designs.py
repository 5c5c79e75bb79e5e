"""The designer at work: an event's layout opened as data, drafts drawn, checked and saved, the
artwork and fonts uploaded for it, and the layout zipped to take away.

The layout travels as the dict of its TOML (:mod:`badgepress.sheet.document`); it comes from
a client, so every file it reads must lie in the event's workshop (``store.uploads.workshop``;
pinned: its own ``[files] allow`` cannot reach out, a font or artwork path cannot leave it). A
draft is drawn by :class:`~badgepress.press.draft.DraftRenderer` (the build's own pipeline,
one badge, about 20 ms warm) with the workshop's files, for a real attendee of the list. The
live checks (:func:`~badgepress.press.design.design_findings`) run with a font book and a
lock of their own, so a check on one core never holds up a draw on the other. Saving checks
the draft as ``badgepress build`` checks a layout before its first badge (keys, fonts,
artwork, the list's columns) and stores it as the event's design.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from badgepress.errors import BadgepressError, LayoutError
from badgepress.model import Attendee, SourceInfo
from badgepress.plan.hardest import hardest_first
from badgepress.plan.planner import Planner
from badgepress.press.checks import check_back_keys, check_template_keys
from badgepress.press.design import artwork_error, check_design, design_findings
from badgepress.press.draft import DraftRenderer
from badgepress.sheet.document import pack_layout, read_layout_data, write_layout_text
from badgepress.sheet.findings import Finding
from badgepress.sheet.layout import Layout, shipped_layouts
from badgepress.sheet.layoutzip import layout_files
from badgepress.sheet.stock import GROUPS
from badgepress.text.fontdb import read_one
from badgepress.text.fonts import FontBook
from badgepress.web.engine.previews import SAMPLE, Previewer
from badgepress.web.store import Store
from badgepress.web.store.attendees import as_attendee
from badgepress.web.store.layouts import used_file
from badgepress.web.store.lists import info as list_info
from badgepress.web.store.uploads import add_file, bring_files, files_of, save_design, workshop

#: Seconds the live checks may plan texts for (hardest first) when a draft is checked, and
#: when a design is saved.
CHECK_SECONDS, SAVE_SECONDS = 0.4, 1.0
#: Attendees the switcher offers, hardest first.
SWITCHER = 40
#: A column whose values "show only when" offers: at most this many different values.
MOST_VALUES = 40
#: The element tables of a face, which a stock's layout leaves out.
ELEMENTS = ("field", "image", "rect", "qr")
_FONTS = (".ttf", ".otf")


def finding_json(f: Finding) -> dict[str, Any]:
    """A live check's finding as the API answers it."""
    return {"key": f.key, "check": f.check, "message": f.message, "count": f.count,
            "checked": f.checked, "attendees": [{"row": r, "name": n} for r, n in f.attendees]}


def _font_error(path: Path) -> str | None:
    try:
        face = read_one(path)
    except BadgepressError:
        return "is not a font badgepress can read; upload a .ttf or .otf file"
    return None if face.usable else "has no outlines badgepress can draw (a bitmap font)"


@functools.cache
def stocks() -> tuple[dict[str, Any], ...]:
    """Every shipped layout as a stock to design on: its name, title, group (as ``badgepress
    layouts`` heads it) and its layout without elements (sheet, badge, grid, marks, ...);
    ``back``: whether it prints a back (duplex or fold-over).
    """
    heads = {stock: head for head, kinds in GROUPS for stock in kinds}
    out = []
    for path in shipped_layouts():
        data = read_layout_data(path)
        back = isinstance(data.get("back"), dict)
        geometry = {k: v for k, v in data.items()
                    if k not in (*ELEMENTS, "back", "event", "description")}
        kind = str(data.get("sheet", {}).get("stock", "cut"))
        out.append({"name": path.stem, "title": str(data.get("name", path.stem)),
                    "group": heads.get(kind, heads["cut"]), "back": back,
                    "layout": geometry})
    return tuple(sorted(out, key=lambda s: (list(heads.values()).index(s["group"]),
                                            s["title"])))


@contextlib.contextmanager
def _no_file(base: Path, name: str) -> Iterator[None]:
    """Errors raised inside without the draft's file (which is not on disk): the key and the
    line alone, as :func:`~badgepress.sheet.document.check_layout_data` gives them.
    """
    try:
        yield
    except BadgepressError as exc:
        if exc.path in (str(base / f"{name}.toml"), f"{name}.toml"):
            exc.path = None
            exc.args = (exc._format(),)
        raise


class Designs:
    """The designer's engine for one store (its caches: drafts, checks, the lists' people)."""

    def __init__(self, store: Store, previews: Previewer) -> None:
        self.store = store
        #: drafts take turns with the previews (one lock: the build's settings are global)
        self.drafts = DraftRenderer(book=previews.book, lock=previews.lock,
                                    scratch=store.scratch, pinned=True)
        self._book = FontBook()  # the live checks' fonts
        self._check_lock = threading.Lock()
        self._planners: OrderedDict[int, tuple[Layout, Planner]] = OrderedDict()
        self._people: dict[str, tuple[Any, list[tuple[int, Attendee]]]] = {}
        self._orders: dict[str, tuple[Any, list[tuple[int, Attendee]], list[Attendee]]] = {}

    # ---- what the designer reads ---------------------------------------------------------
    def _saved(self, event_id: str) -> Path:
        return used_file(self.store, self.store.event(event_id))

    def open(self, event_id: str) -> dict[str, Any]:
        """The event's design as data (``{"layout", "name", "warnings", "attendees"}``: the
        live checks and the switcher's attendees as :meth:`check` gives them), its artwork
        and fonts brought into the workshop for the drafts.
        """
        path = self._saved(event_id)
        data = read_layout_data(path)
        bring_files(self.store, event_id, path.parent, layout_files(data))
        try:
            checked = self.check(event_id, data, CHECK_SECONDS)
        except BadgepressError:  # a design its list no longer fits: said when it is drawn
            checked = {"warnings": [], "attendees": []}
        return {"layout": data, "name": path.stem, **checked}

    def setup(self, event_id: str) -> dict[str, Any]:
        """What the page offers: the list's columns and the values of the short ones (for
        "show only when"), the fonts, the workshop's files and the stocks.
        """
        info = list_info(self.store, event_id)
        headers = list(info.headers) if info is not None else []
        people = [a for _, a in self._people_of(event_id)]
        values: dict[str, list[str]] = {}
        for column in [*headers, "ticket_type", "role"]:
            counts: dict[str, int] = {}
            for a in people:
                v = a.fields.get(column, "").strip()
                if v:
                    counts[v] = counts.get(v, 0) + 1
                if len(counts) > MOST_VALUES:
                    break
            if 0 < len(counts) <= MOST_VALUES:
                values[column] = sorted(counts, key=lambda v: (-counts[v], v.casefold()))
        fonts = sorted({f.full_name for f in self._book.shipped if f.usable})
        return {"headers": headers, "values": values, "fonts": fonts,
                "files": files_of(self.store, event_id), "stocks": list(stocks()),
                "attendees": len(people)}

    def _people_of(self, event_id: str) -> list[tuple[int, Attendee]]:
        """The event's attendees as ``(id, Attendee)``, kept per version of its list."""
        with self.store.db.read() as con:
            stamp = tuple(con.execute("SELECT COUNT(*), MAX(updated), MAX(id) FROM attendees "
                                      "WHERE event_id = ?", (event_id,)).fetchone())
            hit = self._people.get(event_id)
            if hit is not None and hit[0] == stamp:
                return hit[1]
            rows = con.execute("SELECT id, row, fields FROM attendees WHERE event_id = ? "
                               "ORDER BY row, id", (event_id,)).fetchall()
        people = [(int(r["id"]), as_attendee(r)) for r in rows]
        if len(self._people) > 8:
            self._people.clear()
        self._people[event_id] = (stamp, people)
        return people

    def _info(self, event_id: str, base: Path) -> SourceInfo:
        """The list's facts for a draft (its headers give the standard fields), placed in
        the workshop: per-attendee files are looked up there, never beside the server.
        """
        info = list_info(self.store, event_id)
        if info is None:
            info = SourceInfo("sample", headers=tuple(SAMPLE.fields))
        return dataclasses.replace(info, path=str(base / Path(info.path).name))

    # ---- drafts ----------------------------------------------------------------------------
    def render(self, event_id: str, data: Mapping[str, Any], attendee_id: int | None,
               side: str = "front") -> bytes:
        """PNG of the unsaved layout ``data`` for the attendee ``attendee_id`` (None: the
        hardest, or a sample name before any list); ``side``: ``"front"`` or ``"back"``.
        Raises ``LayoutError`` or ``FontError`` with the CLI's line, without a file.
        """
        path = self._saved(event_id)
        base = workshop(self.store, event_id)
        if attendee_id is not None:
            attendee = as_attendee(self.store.attendee(event_id, attendee_id))
        else:
            people = self._people_of(event_id)
            attendee = people[0][1] if people else SAMPLE
        return self.drafts.render(data, base, attendee, self._info(event_id, base),
                                  name=path.stem, side="back" if side == "back" else "front")

    def _planner(self, layout: Layout, base: Path) -> Planner:
        hit = self._planners.get(id(layout))
        if hit is not None and hit[0] is layout:
            return hit[1]
        planner = Planner(layout, self._book, data_dir=base)
        self._planners[id(layout)] = (layout, planner)
        while len(self._planners) > 4:
            self._planners.popitem(last=False)
        return planner

    def findings(self, event_id: str, data: Mapping[str, Any],
                 seconds: float = CHECK_SECONDS) -> list[dict[str, Any]]:
        """The live checks of ``data`` over the event's list (see the module docstring)."""
        return self.check(event_id, data, seconds)["warnings"]  # type: ignore[no-any-return]

    def check(self, event_id: str, data: Mapping[str, Any],
              seconds: float = CHECK_SECONDS) -> dict[str, Any]:
        """``{"warnings": the live checks, "attendees": the switcher's attendees, hardest
        first}`` for the draft ``data``. Raises ``LayoutError`` or ``FontError`` (the CLI's
        line) for a draft a build would refuse.
        """
        path = self._saved(event_id)
        base = workshop(self.store, event_id)
        info = self._info(event_id, base)
        people = self._people_of(event_id)
        layout = self.drafts.layout(data, base, path.stem)
        with self._check_lock, _no_file(base, path.stem):
            planner = self._planner(layout, base)
            order = self._order(event_id, planner, people)
            found = design_findings(layout, order, info, book=self._book, planner=planner,
                                    seconds=seconds, ordered=True)
        ids = {id(a): i for i, a in people}
        return {"warnings": [finding_json(f) for f in found],
                "attendees": [{"id": ids[id(a)], "row": a.row, "name": a.get("name")}
                              for a in order[:SWITCHER]]}

    def _order(self, event_id: str, planner: Planner,
               people: list[tuple[int, Attendee]]) -> list[Attendee]:
        """The event's attendees hardest first for ``planner``'s layout, kept while the
        list and the layout's texts stay the same (moving a box keeps it).
        """
        faces = [planner.layout.front, planner.layout.back]
        key = (id(people), tuple(s.template for f in faces if f is not None for s in f.fields))
        hit = self._orders.get(event_id)
        if hit is not None and hit[0] == key and hit[1] is people:
            return hit[2]
        order = hardest_first(planner, [a for _, a in people])
        if len(self._orders) > 8:
            self._orders.clear()
        self._orders[event_id] = (key, people, order)
        return order

    # ---- saving and taking away ----------------------------------------------------------
    def save(self, event_id: str, data: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Check the draft ``data`` as a build would (keys, fonts, artwork, the list's
        columns) and make it the event's design; returns its live checks. Raises
        ``LayoutError`` or ``FontError`` with the CLI's line, without a file; on any error
        nothing changes.
        """
        path = self._saved(event_id)
        base = workshop(self.store, event_id)
        with self._check_lock, _no_file(base, path.stem):
            layout = check_design(data, base, name=path.stem, book=self._book, pinned=True)
        info = list_info(self.store, event_id)
        if info is not None:
            try:
                check_template_keys(layout, info)
                if layout.back is not None:
                    check_back_keys(layout, info)
            except LayoutError as exc:
                raise LayoutError(exc.message, key=exc.key) from None
        text = write_layout_text(data, path.read_text(encoding="utf-8"))
        event = data.get("event")
        strings = ({str(k): str(v) for k, v in event.items() if isinstance(v, str | int | float)}
                   if isinstance(event, Mapping) else {})
        save_design(self.store, event_id, path.name, text, layout_files(data), strings)
        self.store.changed(event_id)
        return self.findings(event_id, data, SAVE_SECONDS)

    def add_artwork(self, event_id: str, name: str, data: bytes) -> str:
        """Keep an uploaded artwork (PDF, SVG, PNG, JPEG) or font (.ttf, .otf) for the
        event's design; returns the name an image's ``file`` (a field's ``font``) takes.
        ``LayoutError`` naming the file when it cannot be used, as a build would say it.
        """
        self.store.event(event_id)

        def why(path: Path) -> str | None:
            if name.lower().endswith(_FONTS):
                return _font_error(path)
            return artwork_error(path)

        return add_file(self.store, event_id, name, data, why)

    def zipped(self, event_id: str) -> tuple[bytes, str]:
        """The event's saved design as a zipped layout (its TOML, artwork and fonts), which
        ``badgepress build LIST -l NAME.zip`` builds into the app's PDF; and its name.
        """
        path = self._saved(event_id)
        text = path.read_text(encoding="utf-8")
        body = pack_layout(read_layout_data(path), path.parent, name=path.stem, original=text)
        return body, f"{path.stem}.zip"

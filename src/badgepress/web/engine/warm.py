"""The desks' warm state per event and stock: what printing one badge needs, made once and kept.

A desk prints one badge at a time, and most of a cold one-badge build is finding things out
again: which layout file the event uses (with its ``[event]`` text written in), loading and
checking it, the list's facts, the font chains, a :class:`~badgepress.plan.planner.Planner`.
:class:`WarmPrints` keeps these per event and stock, keyed by everything they depend on (the
layout reference and its file's time, the desk design for the stock, the list, the mapping,
the ``[event]`` text), so they are made again only when the organiser changes one of those; a
walk-in changes none of them.

On a desk stock (``sheet.deskstock``) the layout is the event's design on the stock's page
(:func:`~badgepress.sheet.deskstock.on_stock`), or the desk design uploaded for that stock
(``store.layouts.desk_design``) on it; on the event's sheet (stock None) it is the event's own
layout, the badge in slot 1.

The badge is still drawn by the library's own pipeline (:func:`badgepress.press.press`, with
the kept planner), so its PDF is byte for byte the one the CLI builds for that attendee with
that layout.
"""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from badgepress.errors import LayoutError
from badgepress.model import Attendee, SourceInfo
from badgepress.pdf.preview import render_png
from badgepress.plan.planner import Planner
from badgepress.press import press
from badgepress.sheet.deskstock import desk_stock, on_stock
from badgepress.sheet.layout import Layout
from badgepress.sheet.sides import plan_sides
from badgepress.web.engine.previews import Previewer
from badgepress.web.store import Store
from badgepress.web.store.layouts import design_path, desk_design, layout_file, layout_ref
from badgepress.web.store.lists import info as list_info

#: Warm states kept (events times the stocks their desks print on).
KEPT = 16
#: Thumbnails of the badge a desk is about to print, kept (about 15 KB each).
PNGS = 256
#: A thumbnail's resolution (dots per inch).
THUMB_DPI = 100


@dataclass(frozen=True)
class Warm:
    """One event's print state on one stock: the layout reference, the list's facts, the
    layout the desk prints with, its planner, and which design it is.
    """

    key: tuple[Any, ...]
    ref: str
    info: SourceInfo | None
    layout: Layout
    planner: Planner
    design: str
    title: str


class WarmPrints:
    """Warm print states of an app's events (see the module docstring)."""

    def __init__(self, store: Store, previews: Previewer) -> None:
        self.store = store
        self.previews = previews
        self._kept: dict[tuple[str, str | None], Warm] = {}
        self._pngs: dict[tuple[Any, ...], bytes] = {}
        self._lock = threading.Lock()

    def _key(self, ev: dict[str, Any], stock: str | None) -> tuple[Any, ...]:
        toml = layout_file(self.store, ev)
        stamp = toml.stat().st_mtime_ns if toml.is_file() else 0
        design = desk_design(self.store, ev["id"], stock) if stock else None
        return (ev["layout"], stamp, ev["list_id"], ev["sheet"],
                json.dumps(ev["mapping"], sort_keys=True),
                json.dumps(ev["event_text"], sort_keys=True), stock,
                str(design) if design else None,
                design.stat().st_mtime_ns if design and design.is_file() else 0)

    def get(self, ev: dict[str, Any], stock: str | None = None) -> Warm:
        """The warm state for the event row ``ev`` (as :meth:`Store.event` gives it) on the
        desk stock ``stock`` (None: the event's sheet), made now if the event's layout, the
        stock's desk design, the list, mapping or ``[event]`` text changed since it was kept.
        ``LayoutError`` (one line) when the design cannot print on the stock.
        """
        key = self._key(ev, stock)
        hit = self._kept.get((ev["id"], stock))
        if hit is not None and hit.key == key:
            return hit
        ref = layout_ref(self.store, ev)
        info = list_info(self.store, ev["id"])
        layout = self.previews.layout(ref)
        design = "event"
        if stock is not None:
            own = key[7]
            if own is not None:
                # the desk design gets the event's [event] text written in, as the event's does
                layout = self.previews.layout(str(design_path(self.store.data, ev, Path(own))))
                design = "desk design"
            title = layout.title
            layout = on_stock(layout, desk_stock(stock))
        # The layout's folder is pinned as the root of its files (Previewer.layout): the
        # planner looks for per-attendee files there, whatever list or walk-in it plans.
        planner = Planner(layout, self.previews.book)
        warm = Warm(key, ref, info, layout, planner, design,
                    title if stock is not None else layout.title)
        with self._lock:
            if len(self._kept) >= KEPT and (ev["id"], stock) not in self._kept:
                self._kept.pop(next(iter(self._kept)))
            self._kept[(ev["id"], stock)] = warm
        return warm

    def fits(self, ev: dict[str, Any], stock: str) -> tuple[str | None, str | None]:
        """Whether a desk can print the event on the desk stock ``stock``, without making a
        planner: ``("event" or "desk design", None)``, or ``(None, why)`` (one line).
        """
        if desk_design(self.store, ev["id"], stock) is not None:
            return "desk design", None
        try:
            on_stock(self.previews.layout(layout_ref(self.store, ev)), desk_stock(stock))
        except LayoutError as exc:
            return None, exc.message
        return "event", None

    def info(self, ev: dict[str, Any]) -> SourceInfo | None:
        """The event's list facts (None before any upload), from the warm state."""
        return self.get(ev).info

    def design(self, ev: dict[str, Any], stock: str | None) -> dict[str, Any]:
        """Which design a desk on ``stock`` prints with: ``{"title", "source": "event" or
        "desk design", "width_mm", "height_mm"}`` (the badge, as it reads).
        """
        warm = self.get(ev, stock)
        return {"title": warm.title, "source": warm.design,
                "width_mm": round(warm.layout.badge[0] / 72 * 25.4, 2),
                "height_mm": round(warm.layout.badge[1] / 72 * 25.4, 2)}

    def per_sheet(self, ev: dict[str, Any]) -> int:
        """How many badges one sheet of the event's own layout holds."""
        lay = self.get(ev).layout
        return (lay.columns or 1) * (lay.rows or 1)

    def one_pdf(self, ev: dict[str, Any], info: SourceInfo, attendee: Attendee,
                out: Path, stock: str | None = None) -> None:
        """Write ``attendee``'s badge alone as the PDF ``out`` with the event's warm layout
        and planner on ``stock`` (the build's own pipeline, under the previews' drawing lock).
        """
        self.badges_pdf(ev, info, [attendee], out, stock)

    def badges_pdf(self, ev: dict[str, Any], info: SourceInfo, attendees: list[Attendee],
                   out: Path, stock: str | None = None) -> None:
        """Write the badges of ``attendees`` as the PDF ``out`` (on the event's sheet: as many
        to a sheet as it holds, from slot 1).
        """
        warm = self.get(ev, stock)
        with self.previews.lock:
            press(attendees, info, out, layout=warm.layout, book=self.previews.book,
                  planner=warm.planner)

    def badge_png(self, ev: dict[str, Any], stock: str | None, info: SourceInfo,
                  attendee: Attendee, dpi: float = THUMB_DPI) -> bytes:
        """A PNG of the badge a desk on ``stock`` prints for ``attendee`` (its page on a desk
        stock, its slot on the sheet), upright as worn; the same PDF the desk prints, drawn.
        """
        warm = self.get(ev, stock)
        key = (warm.key, info.headers, tuple(sorted(attendee.fields.items())), dpi)
        hit = self._pngs.get(key)
        if hit is not None:
            return hit
        scratch = self.store.scratch
        scratch.mkdir(parents=True, exist_ok=True)
        pdf = scratch / f"desk-{threading.get_ident()}-{secrets.token_hex(4)}.pdf"
        try:
            self.one_pdf(ev, info, attendee, pdf, stock)
            front = plan_sides(warm.layout).front
            page, slot = front.locate(0)
            png = render_png(pdf, page=page, box=slot.bleed, dpi=dpi,
                             turn=(slot.rotation - front.rotate) % 360)
        finally:
            pdf.unlink(missing_ok=True)
        with self._lock:
            if len(self._pngs) >= PNGS:
                self._pngs.clear()
            self._pngs[key] = png
        return png

    def name_as_printed(self, ev: dict[str, Any], attendee: Attendee) -> str:
        """The attendee's name as the event's badge prints it (the field that shows the name,
        its case option applied; its line breaks as spaces).
        """
        warm = self.get(ev)
        names = {"name", "first_name", "last_name"}
        for spec in warm.layout.fields:
            if spec.name == "name" or names & set(warm.planner.templates[spec.name].keys):
                text = " ".join(warm.planner.text_for(spec, attendee).split())
                if text:
                    return text
        return attendee.get("name")

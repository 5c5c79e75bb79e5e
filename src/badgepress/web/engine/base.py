"""The engine at work for the app's events: a badge's PNG, a shipped layout's thumbnail, the
hardest badges first, a design checked against the list, and the full build in the
background. Each takes the event from the store and hands the library what the CLI would.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import threading
from pathlib import Path
from typing import Any

from badgepress.errors import BadgepressError, InputError, LayoutError
from badgepress.model import SourceInfo
from badgepress.press.checks import check_template_keys
from badgepress.sheet.deskstock import desk_stock, on_stock
from badgepress.web.engine.builds import Builds
from badgepress.web.engine.designs import Designs
from badgepress.web.engine.previews import SAMPLE, Difficulty, Previewer
from badgepress.web.engine.warm import WarmPrints
from badgepress.web.store import NotFoundError, Store
from badgepress.web.store.attendees import as_attendee, attendee_row
from badgepress.web.store.events import basis
from badgepress.web.store.layouts import (
    add_desk_design,
    choose_shipped,
    choose_upload,
    is_shipped,
    layout_ref,
    shipped_ref,
)
from badgepress.web.store.lists import info as list_info
from badgepress.web.store.uploads import check_layout, save_layout_upload

#: Badges made ready (rendered) in the background after a change, for the preview page.
PREPARED = 12


class Engine:
    """The library's caches for one store (layouts, fonts, planners, PNGs, the desks' warm
    print state) and the builds it runs. After every change of an event's list or design it
    renders that event's hardest badges in the background (:meth:`prepare`).
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.previews = Previewer(store.scratch)
        self.builds = Builds(store)
        #: the desks' warm print state per event (layout, list facts, planner)
        self.warm_prints = WarmPrints(store, self.previews)
        #: the designer's drafts, checks and saves
        self.designs = Designs(store, self.previews)
        store.listen(self.prepare)

    # ---- previews ------------------------------------------------------------------------
    def badge_png(self, event_id: str, attendee_id: int, side: str = "front") -> bytes:
        """The PNG of one attendee's badge (``side="back"``: its back) with the event's
        design.
        """
        ev = self.store.event(event_id)
        att = as_attendee(self.store.attendee(event_id, attendee_id))
        info = list_info(self.store, event_id)
        assert info is not None  # an attendee exists, so a list does
        return self.previews.badge_png(layout_ref(self.store, ev), info, att, side=side)

    def thumb_png(self, event_id: str, layout: str) -> bytes:
        """A shipped layout's badge for the event's hardest attendee (or a sample name)."""
        if not is_shipped(layout):
            raise NotFoundError(f"no shipped layout {layout!r}")
        ref = shipped_ref(self.store, self.store.event(event_id), layout)
        info = list_info(self.store, event_id)
        hardest = self.hardest(event_id, 1)
        if info is None or not hardest:
            info, att = SourceInfo("sample", headers=tuple(SAMPLE.fields)), SAMPLE
        else:
            att = as_attendee(self.store.attendee(event_id, hardest[0]["id"]))
        try:
            return self.previews.badge_png(ref, info, att, dpi=100)
        except BadgepressError:
            return self.previews.badge_png(ref, SourceInfo("sample", headers=tuple(
                SAMPLE.fields)), SAMPLE, dpi=100)

    def warm(self, event_id: str, attendee_ids: list[int]) -> None:
        """Render the badges of ``attendee_ids`` together (one PDF), so that the preview page's
        images are ready when the browser asks for them.
        """
        if not attendee_ids:
            return
        ev = self.store.event(event_id)
        info = list_info(self.store, event_id)
        assert info is not None
        atts = [as_attendee(self.store.attendee(event_id, i)) for i in attendee_ids]
        self.previews.warm(layout_ref(self.store, ev), info, atts)

    def prepare(self, event_id: str) -> None:
        """Rank the event's badges and render the hardest in the background (after a new
        list, mapping or design), so that the preview page is ready when it is opened.
        """
        def run() -> None:
            # An error here is shown by the preview page when it is opened.
            with contextlib.suppress(BadgepressError, OSError):
                self.warm(event_id, [a["id"] for a in self.hardest(event_id, PREPARED)])

        threading.Thread(target=run, name=f"prepare-{event_id}", daemon=True).start()

    def hardest(self, event_id: str, limit: int = 24) -> list[dict[str, Any]]:
        """The attendees whose badges are hardest to set, hardest first, with their warnings."""
        ev = self.store.event(event_id)
        if ev["list_id"] is None:
            return []
        with self.store.db.read() as con:
            rows = con.execute("SELECT * FROM attendees WHERE event_id = ?",
                               (event_id,)).fetchall()
            stamp = con.execute("SELECT MAX(updated) FROM attendees WHERE event_id = ?",
                                (event_id,)).fetchone()[0]
        ranks = self.previews.rank(layout_ref(self.store, ev),
                                   f"{event_id}:{ev['list_id']}:{stamp}",
                                   [(r["id"], as_attendee(r)) for r in rows])
        by_id = {r["id"]: r for r in rows}
        order = sorted(ranks, key=lambda i: (-ranks[i].score, by_id[i]["row"] or 0))
        return [dict(attendee_row(by_id[i]), **_difficulty(ranks[i])) for i in order[:limit]]

    # ---- the design ----------------------------------------------------------------------
    def sides(self, event_id: str) -> dict[str, Any]:
        """What the event's design prints on: ``{"title", "sides": "one-sided" |
        "double-sided" | "fold-over", "duplex": "long-edge" | "short-edge" | None, "per_page"}``
        (the build and preview pages say it).
        """
        lay = self.previews.layout(layout_ref(self.store, self.store.event(event_id)))
        kind = ("fold-over" if lay.fold else "double-sided" if lay.back is not None
                else "one-sided")
        return {"title": lay.title, "sides": kind, "duplex": lay.duplex,
                "per_page": (lay.columns or 1) * (lay.rows or 1)}

    def set_layout(self, event_id: str, name: str) -> None:
        """Choose a shipped layout; refused (``LayoutError``) when the list lacks a column it
        names.
        """
        self.store.event(event_id)
        if not is_shipped(name):
            raise LayoutError(f"unknown layout {name!r}")
        self._check_with_list(event_id, name, name)
        choose_shipped(self.store, event_id, name)
        self.store.changed(event_id)

    def upload_layout(self, event_id: str, files: list[tuple[str, bytes]]) -> None:
        """Store an uploaded layout (a .toml with its files, or a .zip), check it as the CLI
        would, and choose it. On any error nothing changes.
        """
        self.store.event(event_id)
        folder, toml = save_layout_upload(self.store.data / "layouts", files)
        path = self.store.data / "layouts" / folder / toml
        try:
            check_layout(path, toml)
            self._check_with_list(event_id, str(path), toml)
            self._check_by_drawing(event_id, path)
            choose_upload(self.store, event_id, folder, toml)
        except BaseException:
            shutil.rmtree(path.parent, ignore_errors=True)
            raise
        self.store.changed(event_id)

    def upload_desk_design(self, event_id: str, stock: str, files: list[tuple[str, bytes]]
                           ) -> None:
        """Store an uploaded layout (a .toml with its files, or a .zip) as the event's desk
        design for the desk stock ``stock``: checked as the CLI would, and as the desk prints
        it (its badge the stock's size within 0.5 mm, its texts where the stock's printer
        prints: ``on_stock``). On any error nothing changes.
        """
        self.store.event(event_id)
        target = desk_stock(stock)
        folder, toml = save_layout_upload(self.store.data / "layouts", files)
        path = self.store.data / "layouts" / folder / toml
        try:
            check_layout(path, toml)
            try:
                on_stock(self.previews.layout(str(path)), target)
            except LayoutError as exc:
                raise LayoutError(exc.message.replace("the event's badge", "the design's "
                                                      "badge"), path=toml, key=exc.key) from None
            self._check_with_list(event_id, str(path), toml)
            self._check_by_drawing(event_id, path)
            add_desk_design(self.store, event_id, target.name, folder, toml, toml)
        except BaseException:
            shutil.rmtree(path.parent, ignore_errors=True)
            raise

    def _check_with_list(self, event_id: str, ref: str, shown: str) -> None:
        """The layout ``ref`` loads, its fonts are found, and the list has every column its
        texts name; errors name the layout as ``shown``.
        """
        info = list_info(self.store, event_id)
        try:
            lay = self.previews.layout(ref)
            for spec in lay.fields:
                self.previews.book.chain(spec.font, base=Path(lay.source).parent)
            if info is not None:
                check_template_keys(lay, info)
        except BadgepressError as exc:
            raise LayoutError(str(exc).replace(ref, shown)) from None

    def _check_by_drawing(self, event_id: str, toml: Path) -> None:
        """Draw one badge with the uploaded layout ``toml``, as a build would: artwork and
        fonts the layout names but the upload lacks are refused now, naming the file the
        layout expects, never the server's folders.
        """
        info = list_info(self.store, event_id)
        att = SAMPLE
        if info is not None:
            with self.store.db.read() as con:
                row = con.execute("SELECT * FROM attendees WHERE event_id = ? AND source = "
                                  "'import' ORDER BY row LIMIT 1", (event_id,)).fetchone()
            if row is not None:
                att = as_attendee(row)
        if info is None or att is SAMPLE:
            info = SourceInfo("sample", headers=tuple(SAMPLE.fields))
        try:
            self.previews.badge_png(str(toml), info, att, dpi=20)
        except BadgepressError as exc:
            message = str(exc).replace(str(toml), toml.name)
            message = message.replace(str(toml.parent) + "/", "").replace(str(toml.parent), ".")
            if "not found" in message:
                message = (message.split("; check the path")[0] + "; upload it with the layout "
                           "(choose the .toml and its files together, or a .zip of them)")
            raise LayoutError(message) from None

    # ---- builds --------------------------------------------------------------------------
    def start_build(self, event_id: str, *, pdfx: bool = False) -> tuple[str, bool]:
        """Start building the event's PDF in the background; ``(job id, new)``. ``pdfx``:
        PDF/X-4 for a print shop, preflighted (``press.build``'s ``pdfx``).
        """
        ev = self.store.event(event_id)
        lst = self.store.db.current_list(ev)
        if lst is None:
            raise InputError("upload an attendee list before building")
        spec = {"source": str(self.store.data / "uploads" / lst["stored"]),
                "source_name": lst["original"], "layout": layout_ref(self.store, ev),
                "mapping": ev["mapping"], "sheet": ev["sheet"], "pdfx": pdfx}
        with self.store.db.read() as con:
            names = {r["row"]: json.loads(r["fields"]).get("name", "") for r in con.execute(
                "SELECT row, fields FROM attendees WHERE event_id = ? AND source = 'import' "
                "AND in_list = 1", (event_id,))}
        return self.builds.start(event_id, spec, lst["info"]["imported"],
                                 basis=basis(self.store, ev), names=names)


def _difficulty(d: Difficulty) -> dict[str, Any]:
    return {"score": d.score, "reasons": list(d.reasons), "warnings": list(d.warnings)}

"""One badge of an unsaved layout as a PNG, for the designer: after every change, the badge of
a real attendee as the engine renders it.

The layout comes as data (:mod:`badgepress.sheet.document`: the dict of its TOML), is checked
as a file is, drawn by :func:`badgepress.press.press` (the build's own pipeline: plan, fit,
draw, embed) into a PDF of one badge, and rendered by
:func:`badgepress.pdf.preview.render_png`: what the designer shows is what the PDF prints.
The badge's trim and its bleed on every side are rendered, upright (a label printer's turned
page and a fold-over's back panel are turned back), so the picture is the canvas of
:mod:`badgepress.sheet.canvas` (for a fold-over panel, the strip beyond the fold shows the
other panel).

What is kept between renders: the font book (fonts loaded and shaped once), the checked
layouts and their planners (fonts resolved, texts fitted) by the layout's content, artwork by
its content (:mod:`badgepress.pdf._artwork` keeps it for the process), and the PNGs by
everything they depend on (the layout, the attendee, the files the layout names as they are
on disk now).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from badgepress.errors import BadgepressError, LayoutError
from badgepress.model import Attendee, SourceInfo
from badgepress.pdf.preview import render_png
from badgepress.plan.planner import Planner
from badgepress.press.run import press
from badgepress.sheet.document import check_layout_data
from badgepress.sheet.layout import Layout
from badgepress.sheet.layoutzip import layout_files
from badgepress.sheet.sides import Sides, plan_sides
from badgepress.text.fonts import FontBook

#: Resolution of a draft's picture (dots per inch): a 90 mm badge and its bleed are about 490
#: pixels wide, as the web app's previews.
DRAFT_DPI = 130
#: Layouts (and their planners) kept: the designer's last few states (undo, redo).
LAYOUTS_KEPT = 16
#: PNGs kept (about 30-60 KB each).
PNGS_KEPT = 256

Side = Literal["front", "back"]

__all__ = ["DRAFT_DPI", "DraftRenderer"]


class DraftRenderer:
    """Renders badges of layouts given as data; one per process (or per app) keeps its caches.

    ``lock`` serialises the drawing: the build tunes the garbage collector and reportlab's
    settings while it draws, which two threads must not do at once. The web app passes its
    previews' lock, so drafts and previews take turns. ``scratch``: where the one-badge PDFs
    are written (each removed after rendering); default: a temporary folder of its own.
    ``pinned``: every file a layout reads must lie in the folder it is named from (``base``;
    for layouts that come from a client: its own ``[files] allow`` cannot reach out).
    """

    def __init__(self, *, book: FontBook | None = None, lock: threading.Lock | None = None,
                 scratch: Path | None = None, pinned: bool = False) -> None:
        self.book = book or FontBook()
        self.lock = lock or threading.Lock()
        self._scratch = scratch
        self._pinned = pinned
        self._layouts: OrderedDict[str, tuple[Layout, Sides]] = OrderedDict()
        self._planners: OrderedDict[tuple[str, str], Planner] = OrderedDict()
        self._pngs: OrderedDict[str, bytes] = OrderedDict()

    def layout(self, data: Mapping[str, Any], base: str | Path, name: str = "layout"
               ) -> Layout:
        """The :class:`Layout` of ``data`` (artwork and fonts named from ``base``), checked as
        a layout file is (:func:`~badgepress.sheet.document.check_layout_data`); kept by
        content. Raises ``LayoutError`` with the CLI's line, without a file.
        """
        return self._layout(self._key(data, base, name), data, base, name)[0]

    @staticmethod
    def _key(data: Mapping[str, Any], base: str | Path, name: str) -> str:
        text = json.dumps([data, str(base), name], sort_keys=True, ensure_ascii=False,
                          default=str)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def _layout(self, key: str, data: Mapping[str, Any], base: str | Path,
                name: str) -> tuple[Layout, Sides]:
        hit = self._layouts.get(key)
        if hit is None:
            layout = check_layout_data(data, base=base, name=name, pinned=self._pinned)
            hit = self._layouts[key] = (layout, plan_sides(layout))
            while len(self._layouts) > LAYOUTS_KEPT:
                self._layouts.popitem(last=False)
        self._layouts.move_to_end(key)
        return hit

    def _planner(self, key: str, layout: Layout, info: SourceInfo) -> Planner:
        pkey = (key, str(Path(info.path).parent))
        planner = self._planners.get(pkey)
        if planner is None or planner.layout is not layout:
            planner = self._planners[pkey] = Planner(layout, self.book,
                                                     data_dir=Path(info.path).parent)
            while len(self._planners) > LAYOUTS_KEPT:
                self._planners.popitem(last=False)
        self._planners.move_to_end(pkey)
        return planner

    def render(self, data: Mapping[str, Any], base: str | Path, attendee: Attendee,
               info: SourceInfo | None = None, *, name: str = "layout", side: Side = "front",
               dpi: float = DRAFT_DPI) -> bytes:
        """PNG of ``attendee``'s badge (its bleed box, upright) with the layout ``data``,
        whose artwork and fonts are named from ``base``. ``info``: the attendee list's
        (its headers give the standard fields ``ticket_type`` and ``pronouns``; its folder is
        where per-attendee images are); ``side``: ``"back"`` for a layout with a back.
        Raises ``LayoutError`` (or ``FontError``) with the CLI's line, without a file.
        """
        info = info or SourceInfo(str(Path(base) / "attendees"))
        key = self._key(data, base, name)
        layout, sides = self._layout(key, data, base, name)
        sheet = sides.front if side == "front" else sides.back
        if sheet is None:
            raise LayoutError("the layout has no back side; add [[back.field]] tables",
                              key="back")
        png_key = hashlib.sha256(json.dumps(
            [key, side, dpi, info.path, list(info.headers), sorted(attendee.fields.items()),
             _stamps(data, Path(base))], ensure_ascii=False).encode("utf-8", "surrogatepass")
        ).hexdigest()
        hit = self._pngs.get(png_key)
        if hit is not None:
            self._pngs.move_to_end(png_key)
            return hit
        page, slot = sheet.locate(0)
        turn = (slot.rotation - sheet.rotate) % 360
        with self.lock, self._folder() as folder:
            pdf = folder / "draft.pdf"
            try:
                planner = self._planner(key, layout, info)
                press([attendee], info, pdf, layout=layout, book=self.book, planner=planner)
            except BadgepressError as exc:
                raise _without(exc, layout.source) from None
            # The trim and its bleed on every side, the canvas (sheet.canvas); a fold-over
            # panel's own bleed stops at the fold, where this shows the other panel.
            box = slot.trim.grow(layout.bleed)
            png = render_png(pdf, page=page, box=box, dpi=dpi, turn=turn, compress=1)
        self._pngs[png_key] = png
        while len(self._pngs) > PNGS_KEPT:
            self._pngs.popitem(last=False)
        return png

    @contextlib.contextmanager
    def _folder(self) -> Any:
        if self._scratch is not None:
            self._scratch.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix="badgepress-draft-", dir=self._scratch))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def _stamps(data: Mapping[str, Any], base: Path) -> list[tuple[str, int, int]]:
    """The files ``data`` names, as they are on disk now (size and time of change, ns): a
    file replaced under the same name renders afresh.
    """
    out = []
    for file in layout_files(data):
        path = Path(file) if Path(file).is_absolute() else base / file
        try:
            st = path.stat()
        except OSError:
            out.append((file, -1, -1))
            continue
        out.append((file, st.st_size, st.st_mtime_ns))
    return out


def _without(exc: BadgepressError, source: str) -> BadgepressError:
    """``exc`` without the draft's layout file (which is not on disk: the message names the
    key alone, as :func:`~badgepress.sheet.document.check_layout_data` does).
    """
    if isinstance(exc, LayoutError) and exc.path == source:
        return LayoutError(exc.message, key=exc.key)
    return exc

"""The renderer: draws planned badges onto the pages of one PDF.

It takes planned badges in output order and writes pages: colour bands (bled past the trim,
:mod:`._marks`), text as HarfBuzz-shaped glyph runs (:mod:`._text`), and crop marks last, in
registration colour. Every font is embedded (:mod:`._embed`); the canvas is created with an
embedded initial font so that no unembedded Helvetica is referenced.

Speed and memory: each badge is one ``q 1 0 0 1 x y cm ... Q`` block, and each field's
operators are written relative to the badge's trim corner, so the operators of a text that
recurs are made once and reused on every badge. Each finished page's content is compressed at
once, so memory grows by the compressed size of the pages (about 0.2 KB a badge), not by their
text.
"""

from __future__ import annotations

import gc
import os
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas

from badgepress import __version__
from badgepress.pdf._document import prepare
from badgepress.pdf._embed import register
from badgepress.pdf._face import FaceDrawer
from badgepress.pdf._marks import REGISTRATION, badge_head, crop_mark_path, fold_mark_path
from badgepress.pdf._text import TextWriter
from badgepress.pdf.colour import Converter
from badgepress.pdf.icc import OutputProfile
from badgepress.plan.elements import FaceItems
from badgepress.plan.planner import BadgePlan
from badgepress.sheet.geometry import Rect
from badgepress.sheet.impose import SheetPlan, Slot
from badgepress.sheet.layout import Layout
from badgepress.text.face import LoadedFont


@contextmanager
def _flate_only() -> Iterator[None]:
    """Streams written inside are Flate-compressed only: ASCII85 on top makes them 25 % larger
    and slower to write. reportlab reads ``rl_config.useA85`` as it writes each stream, so it
    is set for badgepress's own writes and put back after, and other code in the process
    (a web app) keeps reportlab's setting.
    """
    old = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = old


def page_size(sheet: SheetPlan) -> tuple[float, float]:
    """The page size to give reportlab's canvas (pt): a page turned a quarter (/Rotate 90 or
    270) is given as it shows, for reportlab writes its MediaBox the other way round; the
    MediaBox is then the sheet as planned.
    """
    if sheet.rotate % 180:
        return sheet.height, sheet.width
    return sheet.width, sheet.height


class PdfRenderer:
    """Draws badges onto pages of one PDF. Call :meth:`draw` in output order, then :meth:`close`.

    With ``SOURCE_DATE_EPOCH`` set the output is byte-for-byte reproducible.
    """

    def __init__(self, target: str | os.PathLike[str], sheet: SheetPlan, layout: Layout,
                 initial_font: LoadedFont, *, title: str = "Badges",
                 pages_per_part: int = 0,
                 on_part: Callable[[Path], None] | None = None,
                 back: SheetPlan | None = None, items: FaceItems | None = None,
                 back_items: FaceItems | None = None,
                 profile: OutputProfile | None = None) -> None:
        """``back``: the geometry of the badges' backs: a page of its own after each front
        page (duplex), or panels on the front's page (fold-over); None for one-sided layouts.
        ``items``, ``back_items``: the planner's (front and back), whose prefix objects start
        its badges' elements, so that the drawer knows them by identity (made here if None).
        ``profile``: write PDF/X-4 with this output intent (None: a plain PDF).
        """
        self.profile = profile
        self.sheet = sheet
        self.back = back
        #: A duplex sheet's back operators, drawn on the back page once its front is done
        self._backs: list[str] | None = [] if back is not None and back.side == 1 else None
        self._back_heads: dict[int, str] = {}
        self._back_marks = ""
        #: Called with each part's path as soon as that part is written (not the last one,
        #: which close() writes), so that joining can start while later parts are drawn.
        self.on_part = on_part
        self.layout = layout
        self.title = title
        self.target = Path(target)
        #: With ``pages_per_part``, a new PDF (``target.1``, ``target.2``, ...) is started
        #: every that many pages, for the finisher to join; 0 means one file, ``target``.
        self.pages_per_part = pages_per_part
        self.parts: list[Path] = []
        self._registered: set[str] = set()
        self._initial = self._register(initial_font)
        self.page = 0  # the page being drawn (1-based); also the number of pages so far
        self._heads: dict[int, str] = {}
        self._marks = ""
        #: a face of fields and bands only, drawn as before artwork existed (same bytes)
        items = items or FaceItems(layout.front, layout.source, layout.files)
        self._plain = items.plain
        convert = Converter(profile) if profile is not None else None
        self.face = FaceDrawer([layout.front], layout.source, _flate_only, items.prefix,
                               convert)
        # The back has a drawer of its own: its artwork is checked before the first badge, and
        # its forms are listed in the resources of the page the back prints on.
        back_face = layout.back or layout.front
        back_items = back_items or FaceItems(back_face, layout.source, layout.files)
        self._back_plain = back_items.plain
        self.back_face = FaceDrawer([back_face] if layout.back else [], layout.source,
                                    _flate_only, back_items.prefix, convert)
        self._open_part()

    def _open_part(self) -> None:
        """Start a new canvas; what refers to its font subsets starts afresh with it."""
        path = self.target.with_name(f"{self.target.name}.{len(self.parts) + 1}") \
            if self.pages_per_part else self.target
        self.parts.append(path)
        deterministic = bool(os.environ.get("SOURCE_DATE_EPOCH", "").strip())
        self.c = Canvas(str(path), pagesize=page_size(self.sheet),
                        initialFontName=self._initial, initialFontSize=10,
                        invariant=1 if deterministic else 0, pageCompression=1)
        prepare(self.c, self.profile)  # EOL before every endstream; PDF/X-4 with a profile
        self.c.setTitle(self.title)
        self.c.setSubject(self.layout.title)
        self.c.setAuthor("")
        self.c.setCreator(f"badgepress {__version__}")
        self.c.setProducer(f"badgepress {__version__} (reportlab)")
        self.c.setPageCallBack(self._compress_page)
        self._part_pages = 0
        self._text = TextWriter(self.c, self._register)
        self.face.start_document(self.c, self._text)
        self.back_face.start_document(self.c, self._text)

    def _register(self, font: LoadedFont) -> str:
        if font.key not in self._registered:
            register(font)
            self._registered.add(font.key)
        return font.key

    def _compress_page(self, _number: int) -> None:
        """Replace the page just finished by its compressed stream, so that a long run holds
        compressed pages only (reportlab would keep every page's text until ``save``).
        """
        page = self.c._doc.Pages.pages[-1]
        stream = page.stream
        if isinstance(stream, str) and page.Contents is None:
            # The same bytes reportlab writes at save(): a FlateDecode stream of the UTF-8 text.
            content = zlib.compress(stream.encode("utf8"))
            page.Contents = PDFStream(PDFDictionary({"Filter": PDFArray(
                [PDFName("FlateDecode")])}), content)
            page.stream = None

    def _head(self, slot: Slot) -> str:
        """The start of a badge in ``slot`` (see :func:`._marks.badge_head`), made once a slot."""
        hit = self._heads.get(slot.index)
        if hit is None:
            hit = self._heads[slot.index] = badge_head(self.layout, slot)
        return hit

    def _start_page(self, page: int) -> None:
        while self.page < page:
            if self.page:
                self._finish_page()
                if self._backs is not None:
                    self._back_page()
                if self._part_pages >= self.pages_per_part:
                    with _flate_only():
                        self.c.save()
                    del self.c
                    gc.collect()  # a saved document is a web of cycles: free it now
                    if self.on_part is not None:
                        self.on_part(self.parts[-1])
                    self._open_part()
            self.page += 1
            self._part_pages += 1
            self._page_boxes(self.sheet)

    def _page_boxes(self, sheet: SheetPlan) -> None:
        """TrimBox, BleedBox (and /Rotate, for a label printer) of the page being drawn."""
        self.c.setTrimBox(self._box(sheet.trim_box, sheet))
        self.c.setBleedBox(self._box(sheet.bleed_box, sheet))
        if sheet.rotate:
            self.c.setPageRotation(sheet.rotate)

    def _back_page(self) -> None:
        """The back page of the sheet just finished: its badges' backs, then its marks."""
        assert self.back is not None and self._backs is not None
        self.page += 1
        self._part_pages += 1
        self._page_boxes(self.back)
        if self._backs:
            # The back's artwork forms, made while the front page was drawn, belong to this
            # page's resources.
            self.c._formsinuse.extend(self.back_face.forms_on(self.page))
            self.c.addLiteral("\n".join(self._backs))
        self._backs = []
        self._finish_page(self.back)

    @staticmethod
    def _box(r: Rect, sheet: SheetPlan) -> tuple[float, float, float, float]:
        """``r`` (pt) rounded to 0.001 pt, never past the page (MediaBox): an edge on the
        page's is written as the MediaBox writes it, so that the boxes nest exactly.
        """
        return (max(round(r.x0, 3), 0.0), max(round(r.y0, 3), 0.0),
                min(round(r.x1, 3), sheet.width), min(round(r.y1, 3), sheet.height))

    def _finish_page(self, sheet: SheetPlan | None = None) -> None:
        c = self.c
        sheet = sheet or self.sheet
        if sheet.marks or sheet.fold_marks:
            c.saveState()
            c.setStrokeColor(REGISTRATION)  # through reportlab: it declares the colour space
            c.setLineWidth(self.layout.marks.width)
            c.setLineCap(0)
            if sheet is self.sheet:
                if not self._marks:
                    self._marks = " ".join(
                        ([crop_mark_path(sheet.marks)] if sheet.marks else [])
                        + ([fold_mark_path(sheet.fold_marks)] if sheet.fold_marks else []))
                c.addLiteral(self._marks)
            else:
                if not self._back_marks:
                    self._back_marks = crop_mark_path(sheet.marks)
                c.addLiteral(self._back_marks)
            c.restoreState()
        with _flate_only():
            c.showPage()

    def draw(self, badge: BadgePlan) -> list[str]:
        """Draw one badge; badges must come in output order (page by page). Returns warnings
        for the badge's row that only drawing finds (a photo that cannot be used, a QR code
        printed too small).
        """
        self._start_page(badge.page)
        parts, warnings = self._side(badge, self._plain, self.face, self._head)
        # The front first: a form made for the back must find the page's operators begun.
        self.c.addLiteral("\n".join(parts))
        back = badge.back
        if back is not None:
            # Drawn by the same code as the front, from the back's own face and slot (turned
            # through its matrix where the slot is turned 180°).
            on_page = self._backs is None  # a fold-over's back panel: on this page
            ops, more = self._side(back, self._back_plain, self.back_face, self._back_head,
                                   self.page if on_page else self.page + 1)
            warnings = warnings + more
            if on_page:
                self.c.addLiteral("\n".join(ops))
            else:
                assert self._backs is not None
                self._backs.append("\n".join(ops))
        return warnings

    def _back_head(self, slot: Slot) -> str:
        """:meth:`_head` for the back's face."""
        head = self._back_heads.get(slot.index)
        if head is None:
            head = self._back_heads[slot.index] = badge_head(self.layout, slot, self.layout.back)
        return head

    def _side(self, side: BadgePlan, plain: bool, drawer: FaceDrawer,
              head: Callable[[Slot], str], page: int = 0) -> tuple[list[str], list[str]]:
        """The operators of one side of a badge, front or back alike, and the warnings that
        drawing it finds: a side of fields and bands only as before artwork existed (the same
        bytes), any other through its face's drawer. ``page``: where the side is printed
        (default: the page being drawn).
        """
        if plain:
            parts = [head(side.slot)]
            parts.extend(self._text.field_ops(fp) for fp in side.fields
                         if fp.fitted is not None)
            warnings: list[str] = []
        else:
            slot = side.slot
            parts = [drawer.head(slot)]
            warnings = drawer.badge_ops(side.elements, slot, page or self.page, parts)
        parts.append("Q")
        return parts, warnings
        self.c.addLiteral("\n".join(parts))
        return warnings

    def close(self) -> int:
        """Finish the last page and write the file (or the last part). Returns the number of
        pages in all.
        """
        if self.page == 0:
            self._start_page(1)
        self._finish_page()
        if self._backs is not None:
            self._back_page()
        with _flate_only():
            self.c.save()
        return self.page

"""A face's elements in drawing order as PDF operators: colour bands, artwork forms, QR codes
and text, relative to the badge's trim corner.

One :class:`FaceDrawer` serves a whole build: artwork is read and checked once (a bad file of
the layout fails before the first badge), made into one Form XObject per document (a long
run's parts are separate documents), and placed by every badge that shows it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from reportlab.lib.rl_accel import fp_str

from badgepress.errors import LayoutError
from badgepress.pdf._artwork import (
    MIN_DPI,
    Art,
    ArtworkError,
    effective_dpi,
    load,
    make_form,
    place_ops,
)
from badgepress.pdf._marks import band_op
from badgepress.pdf._text import TextWriter
from badgepress.pdf.colour import Converter
from badgepress.plan.elements import ImagePlan, QrPlan
from badgepress.plan.planner import FieldPlan
from badgepress.sheet.elements import ImageSpec, badge_rect
from badgepress.sheet.geometry import Rect
from badgepress.sheet.impose import Slot
from badgepress.sheet.layout import Face, RectSpec
from badgepress.sheet.sides import own_bleed, transform

#: Placement operators kept for reuse (per image, file and slot; photos make many).
OPS_CACHE_SIZE = 4096


class FaceDrawer:
    """Operators for the elements of planned badges; artwork loaded once per build."""

    def __init__(self, faces: Iterable[Face], source: str,
                 writing: Callable[[], AbstractContextManager[None]],
                 prefix: tuple[object, ...] = (), convert: Converter | None = None) -> None:
        """Load and check every image of ``faces`` whose file is the same on every badge.

        ``writing`` is the renderer's context for writing streams (images read reportlab's
        stream settings as they are made). ``prefix``: the elements every badge starts with
        alike (:attr:`badgepress.plan.elements.FaceItems.prefix`), drawn from one string a
        slot. Raises ``LayoutError`` naming the image's key and its file when one cannot be
        used. ``convert``: the artwork's RGB made CMYK with it, for PDF/X (where a PDF that
        uses a font without embedding it cannot be used either).
        """
        self.source = source
        self.convert = convert
        self.prefix = prefix
        #: slot index -> the prefix form's name, operators, artwork, box and ``Do`` operator
        self._prefix_ops: dict[int, tuple[str, str, list[Art],
                                          tuple[float, float, float, float], str]] = {}
        #: slot index -> ``q`` and the ``cm`` that moves to the badge's trim corner (see head)
        self._heads: dict[int, str] = {}
        self._writing = writing
        self._arts: dict[tuple[Path, int], Art | ArtworkError] = {}
        self._ops: dict[tuple[str, Path, int], str] = {}
        self._bands: dict[tuple[int, int], str] = {}
        self._dpi_noted: set[Path] = set()
        #: (id of a fixed image's plan, slot) -> its art and operators (plans live as long
        #: as the planner, which outlives the drawing)
        self._fixed: dict[tuple[int, int], tuple[Art, str]] = {}
        #: file-level remarks for the report: soft images, ignored SVG references
        self.notices: list[str] = []
        self._static: list[tuple[ImageSpec, Art]] = []
        for face in faces:
            for spec in face.images:
                if not spec.per_attendee:
                    art = self._load(spec.path, spec.page)
                    if isinstance(art, ArtworkError):
                        raise LayoutError(f"{spec.file}: {art}", path=source,
                                          key=f"{spec.key}.file")
                    self._static.append((spec, art))
        self.canvas: Any = None

    def _load(self, path: Path, page: int) -> Art | ArtworkError:
        key = (path, page)
        hit = self._arts.get(key)
        if hit is None:
            try:
                hit = load(path, page, self.convert)
            except ArtworkError as exc:
                hit = exc
            if isinstance(hit, Art) and hit.unembedded:
                fonts = ", ".join(hit.unembedded[:3])
                if self.convert is not None:
                    hit = ArtworkError(f"uses the font {fonts} without embedding it, and PDF/X "
                                       "needs every font embedded; export it again with fonts "
                                       "embedded (or text as outlines)")
                else:
                    self.notices.append(f"{path}: uses the font {fonts} without embedding it; "
                                        "a print shop's preflight rejects that: export it "
                                        "again with fonts embedded (or text as outlines)")
            self._arts[key] = hit
            refs = list(hit.ignored) if isinstance(hit, Art) else []
            if refs:
                shown = ", ".join(repr(r) for r in refs[:3])
                self.notices.append(f"{path}: external references ignored ({shown}): "
                                    "badgepress reads nothing outside the SVG")
            if isinstance(hit, Art):
                self.notices.extend(hit.notes)
        return hit

    def start_document(self, canvas: Any, text: TextWriter) -> None:
        """A new document (canvas): its forms are made afresh, when first used."""
        self.canvas = canvas
        self.text = text
        self._forms: set[str] = set()
        self._page_forms: set[str] = set()
        self._page = -1

    def forms_on(self, page: int) -> list[str]:
        """The forms this drawer's badges use on ``page`` (for a page whose operators were
        made while another page was being drawn: a duplex sheet's back).
        """
        return sorted(self._page_forms) if page == self._page else []

    def _use(self, art: Art, page: int) -> None:
        """Make ``art``'s form in this document if needed, and list it in the page's
        resources.
        """
        self._use_form(art.name, page, lambda: self._make_art(art))

    def _make_art(self, art: Art) -> None:
        with self._writing():
            make_form(self.canvas, art)

    def _use_form(self, name: str, page: int, make: Callable[[], None]) -> None:
        """List form ``name`` in the page's resources, calling ``make`` first when this
        document does not have it yet.
        """
        c = self.canvas
        if page != self._page:
            self._page, self._page_forms = page, set()
        if name not in self._forms:
            make()
            self._forms.add(name)
            # Making a form on a page with no operators yet resets the page's list of forms
            # in use (reportlab's accumulators): list again what this page uses so far.
            c._formsinuse.extend(n for n in self._page_forms if n not in c._formsinuse)
        if name not in self._page_forms:
            c._formsinuse.append(name)  # the page's /XObject resources
            self._page_forms.add(name)

    def _make_lead(self, name: str, ops: str, arts: list[Art],
                   bbox: tuple[float, float, float, float]) -> None:
        """The form of the elements every badge starts with (bands, artwork placements)."""
        c = self.canvas
        for art in arts:
            if art.name not in self._forms:
                self._make_art(art)
                self._forms.add(art.name)
        c.beginForm(name, *bbox)
        c.addLiteral(ops)
        c._formsinuse.extend(art.name for art in arts)  # the form's /XObject resources
        c.endForm()

    def _lead(self, slot: Slot, page: int) -> str:
        """``/Name Do`` of the form that draws :attr:`prefix` in ``slot`` (relative to the trim
        corner): made once a document for each distinct geometry (most layouts: one).
        """
        hit = self._prefix_ops.get(slot.index)
        if hit is not None and page == self._page and hit[0] in self._page_forms:
            return hit[4]  # listed in this page's resources already (most badges)
        if hit is None:
            lead_ops: list[str] = []
            self.badge_ops(self.prefix, slot, page, lead_ops, lead=False)
            arts = [self._fixed[id(e), slot.index][0] for e in self.prefix
                    if isinstance(e, ImagePlan)]
            b = own_bleed(slot)
            bbox = (b.x0, b.y0, b.x1, b.y1)
            ops = "\n".join(lead_ops)
            digest = hashlib.sha1(f"{ops}\n{bbox}".encode()).hexdigest()[:16]
            name = f"lead{digest}"
            hit = self._prefix_ops[slot.index] = (name, ops, arts, bbox, f"/FormXob.{name} Do")
        name, ops, arts, bbox, do = hit
        self._use_form(name, page, lambda: self._make_lead(name, ops, arts, bbox))
        return do

    def head(self, slot: Slot) -> str:
        """``q`` and the ``cm`` that moves to ``slot``'s trim corner (turned with the slot),
        which a badge's operators (:meth:`badge_ops`) are relative to; made once a slot.
        """
        move = self._heads.get(slot.index)
        if move is None:
            if slot.rotation:
                move = f"q {fp_str(*transform(slot))} cm"
            else:
                move = f"q 1 0 0 1 {fp_str(slot.trim.x0)} {fp_str(slot.trim.y0)} cm"
            self._heads[slot.index] = move
        return move

    def badge_ops(self, elements: Sequence[object], slot: Slot, page: int,
                  out: list[str], lead: bool = True) -> list[str]:
        """Append the operators of ``elements`` (a badge's, in drawing order) to ``out``;
        returns warnings for the badge's row (a photo that cannot be used, a QR code whose
        modules print too small).
        """
        warnings: list[str] = []
        n = len(self.prefix) if lead else 0
        # A planner's badges start with its prefix objects themselves: the tuple comparison
        # (identity first, in C) settles most badges before the element-wise check.
        if n and (elements[:n] == self.prefix
                  or all(a is b or (isinstance(a, ImagePlan) and isinstance(b, ImagePlan)
                                    and a.spec is b.spec)
                         for a, b in zip(elements, self.prefix, strict=False))):
            # The same bands and artwork on every badge: one string a slot.
            out.append(self._lead(slot, page))
            elements = elements[n:]
        for element in elements:
            if isinstance(element, FieldPlan):
                out.append(self.text.field_ops(element))
            elif isinstance(element, RectSpec):
                key = (id(element), slot.index)
                band = self._bands.get(key)
                if band is None:
                    band = self._bands[key] = band_op(element, slot)
                out.append(band)
            elif isinstance(element, QrPlan):
                from badgepress.pdf.qr import module_warning, qr_ops  # zxing-cpp: with QRs only

                if element.ahead is not None:
                    size, _, ops = element.ahead.partition("\n")
                    module = float(size)
                else:
                    ops, module = qr_ops(element, self.source)
                out.append(ops)
                warning = module_warning(element, module)
                if warning:
                    warnings.append(warning)
            elif isinstance(element, ImagePlan):
                self._image(element, slot, page, out, warnings)
        return warnings

    def _image(self, image: ImagePlan, slot: Slot, page: int, out: list[str],
               warnings: list[str]) -> None:
        fixed = self._fixed.get((id(image), slot.index))
        if fixed is not None:  # the same image plan on every badge: its art and operators
            self._use(fixed[0], page)
            out.append(fixed[1])
            return
        spec = image.spec
        art = self._load(image.path, spec.page)
        if isinstance(art, ArtworkError):
            warnings.append(f"{spec.key}: {str(image.path)!r} {art}; printed without it")
            return
        self._use(art, page)
        key = (spec.key, image.path, slot.index)
        ops = self._ops.get(key)
        if ops is None:
            trim = slot.trim
            target = badge_rect(spec.area, spec.box, Rect(0, 0, trim.width, trim.height),
                                own_bleed(slot))
            ops = place_ops(art, target, spec.fit, target)
            dpi = effective_dpi(art, target, spec.fit)
            if dpi is not None and dpi < MIN_DPI and image.path not in self._dpi_noted:
                self._dpi_noted.add(image.path)
                self.notices.append(f"{spec.key}: {image.path} prints at {dpi:.0f} dpi (under "
                                    f"{MIN_DPI}); it may look soft: use a larger image")
            if len(self._ops) >= OPS_CACHE_SIZE:
                self._ops.clear()
            self._ops[key] = ops
            if not spec.per_attendee:
                self._fixed[id(image), slot.index] = (art, ops)
        out.append(ops)

"""Planning: for each attendee, what goes where on which page, at what size. No drawing.

The planner resolves the layout's fonts once, then for every attendee fills each field's
template, shapes and fits it, and returns a :class:`BadgePlan` that the renderer draws and the
report describes. Warnings (condensed, overflow, missing characters) are collected per badge.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from badgepress.errors import LayoutError
from badgepress.model import Attendee
from badgepress.plan._overlong import ELLIPSIS, FLOOR_PT, SHORT, cut_point
from badgepress.plan.ahead import FitsAhead, FontRef, PackedFit, font_keys, pack, unpack
from badgepress.plan.elements import FaceItems
from badgepress.sheet.contain import FileRoots, font_problem, shown
from badgepress.sheet.geometry import Rect
from badgepress.sheet.impose import SheetPlan, Slot, plan_sheet
from badgepress.sheet.layout import FieldSpec, Layout
from badgepress.sheet.sides import place, plan_sides
from badgepress.sheet.template import Template
from badgepress.text import fontdb, namecase
from badgepress.text.chain import FontChain
from badgepress.text.face import LoadedFont
from badgepress.text.fit import FitBox, Fitted, fit
from badgepress.text.fonts import FontBook, names_file
from badgepress.text.linebreak import options
from badgepress.text.shaping import ShapedLine, shape_line
from badgepress.text.words import Lines

#: How many distinct texts per field keep their fit cached (companies and roles repeat).
FIT_CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class FieldPlan:
    """One field of one badge: its page box (pt), text, fit, and shaped lines to draw."""

    spec: FieldSpec
    box: Rect
    text: str
    fitted: Fitted | None
    shaped: tuple[ShapedLine, ...]
    missing: tuple[str, ...]

    @property
    def fonts(self) -> tuple[str, ...]:
        """Fonts used by the field's lines, in order of first use."""
        return tuple(dict.fromkeys(f for line in self.shaped for f in line.fonts))


@dataclass(frozen=True, slots=True)
class BadgePlan:
    """One badge: the attendee, its page (1-based) and slot, its fields, and its warnings."""

    attendee: Attendee
    page: int
    slot: Slot
    fields: tuple[FieldPlan, ...]
    warnings: tuple[str, ...]
    #: what the side prints, in drawing order: shown fields (with text), colour bands
    #: (``RectSpec``), images (``ImagePlan``) and QR codes (``QrPlan``)
    elements: tuple[object, ...] = ()
    #: The badge's back side (page, slot behind the front, fields), planned by the same code
    back: BadgePlan | None = None


#: The attendee of a blank badge (``--blanks``): every field that shows attendee data is left
#: empty, the artwork and fixed texts are printed.
BLANK = Attendee(0, {})

_Fit = tuple[Fitted | None, tuple[ShapedLine, ...], tuple[str, ...]]


def _codepoint(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"'{ch}' (U+{ord(ch):04X}{' ' + name if name else ''})"


def check_font(spec: FieldSpec, base: Path, roots: FileRoots, font_dirs: tuple[Path, ...],
               source: str) -> None:
    """Raise ``LayoutError`` (the field's ``font`` key and its value) when the font file a
    field names by path lies outside the layout's ``roots`` and the font folders.
    """
    problem = font_problem(spec.font, base, roots, font_dirs)
    if problem is not None:
        raise LayoutError(f"{shown(spec.font)} {problem}", path=source,
                          key=f"{spec.key or spec.name}.font")


class Planner:
    """Plans badges for one layout; fonts and the sheet geometry are resolved at construction."""

    def __init__(self, layout: Layout, book: FontBook, data_dir: Path | None = None, *,
                 sheet: SheetPlan | None = None, shared: Planner | None = None) -> None:
        """``data_dir``: the attendee file's folder, where per-attendee image files are (the
        pinned root instead, when the layout was loaded with ``files_root``). Files and fonts
        by path must lie in ``layout.files`` (:mod:`badgepress.sheet.contain`): a font outside
        them is a ``LayoutError`` here, before any badge.
        ``sheet``: the geometry to plan on (a back's); default: the layout's front sheet.
        ``shared``: the front's planner, whose work a back's fields of the same name share.
        """
        self.layout = layout
        roots = layout.files or FileRoots.make(Path(layout.source).parent)
        #: a caller that pinned the layout's files to a folder pins per-attendee names too
        self.data_dir = Path(roots.folders[0]) if roots.pinned else data_dir
        self.book = book
        #: fits made ahead in the reader's process (see plan.ahead), by (field, text)
        self._given: dict[tuple[str, str], tuple[_Fit, tuple[int, int] | None]] = {}
        self._fonts: dict[str, LoadedFont] = {}
        #: the texts of the next badge's fields, filled ahead: (its row, {field name: text})
        self._texts: tuple[int, dict[str, str]] = (-1, {})
        self.items = FaceItems(layout.front, layout.source, roots)
        sides = plan_sides(layout) if sheet is None else None
        self.sheet: SheetPlan = sheet or (sides.front if sides else plan_sheet(layout))
        #: The back is planned by a planner of its own over the back's face and sheet.
        self.back: Planner | None = None
        base = Path(layout.source).parent
        self.chains: dict[str, FontChain] = {}
        for spec in layout.fields:
            if names_file(spec.font):
                check_font(spec, base, roots, (*book.extra_dirs, book.shipped_dir),
                           layout.source)
            self.chains[spec.name] = book.chain(spec.font, base=base)
        self.templates = {spec.name: Template.parse(spec.template) for spec in layout.fields}
        self._fits: dict[str, dict[str, _Fit]] = {spec.name: {} for spec in layout.fields}
        #: texts cut to what fits (see _overlong): (characters kept, characters in all)
        self._cut: dict[str, dict[str, tuple[int, int]]] = {spec.name: {}
                                                             for spec in layout.fields}
        self._lines = {name: Lines(chain) for name, chain in self.chains.items()}
        self._fit_boxes = {spec.name: FitBox(spec.box.width, spec.box.height, spec.size_min,
                                             spec.size_max, spec.align, spec.valign,
                                             spec.condense_min, spec.line_gap,
                                             spec.line_sizes == "each")
                           for spec in layout.fields}
        if shared is not None:
            self._share(shared)
        if sides is not None and sides.back is not None and layout.back is not None:
            self.back = Planner(replace(layout, front=layout.back, back=None), book,
                                self.data_dir, sheet=sides.back, shared=self)
        # Each field's page box in each slot: the same on every page.
        self._boxes = {(spec.name, slot.index): place(spec.box, slot)
                       for spec in layout.fields for slot in self.sheet.slots}

    def _share(self, front: Planner) -> None:
        """Share the front's work with this back's fields of the same name: a field in the
        same font measures and shapes each line once for both sides, and one that also has the
        same box size and fitting options (the name again) is fitted once for both.
        """
        specs = {spec.name: spec for spec in front.layout.fields}
        for spec in self.layout.fields:
            other = specs.get(spec.name)
            if other is None or front.chains[spec.name] is not self.chains[spec.name]:
                continue
            self._lines[spec.name] = front._lines[spec.name]
            if (front._fit_boxes[spec.name] == self._fit_boxes[spec.name]
                    and other.lines == spec.lines):
                self._fits[spec.name] = front._fits[spec.name]

    def _fit(self, spec: FieldSpec, text: str) -> _Fit:
        """Fit ``text`` into the field: ``(fitted, shaped lines, characters not printed)``."""
        cache = self._fits[spec.name]
        hit = cache.get(text)
        if hit is not None:
            return hit
        if self._given:
            given = self._given.pop((spec.name, text), None)
            if given is not None:
                hit, cut = given
                if cut is not None:  # not kept in the cache, as below
                    self._cut[spec.name][text] = cut
                    return hit
                if len(cache) >= FIT_CACHE_SIZE:
                    cache.clear()
                cache[text] = hit
                return hit
        chain = self.chains[spec.name]
        if len(text) > SHORT:
            one_line = " ".join(text.split())
            keep = cut_point(one_line, spec.lines, self._fit_boxes[spec.name],
                             lambda t: shape_line(t, chain).metrics)
            if keep is not None:
                # Far more than the box holds at any legible size: set what fits (the warning
                # says how much was left out). The cut text is shorter than twice what fits.
                got = self._fit(spec, one_line[:keep] + ELLIPSIS)
                self._cut[spec.name][text] = (keep, len(one_line))
                return got
        primary = chain.primary.covers_all(text)  # most names: one set operation
        # char_face is remembered per character: a dict lookup each.
        uncovered = () if primary else tuple(dict.fromkeys(
            ch for ch in text if chain.char_face(ch) is None and fontdb.needs_glyph(ch)))
        if uncovered:
            # Set the text without them, so that no gap or stray space is left where they were
            # ("Zoë 🎉 Müller" prints as "Zoë Müller", centred on what is really printed).
            table = dict.fromkeys(map(ord, uncovered), " ")
            kept = (" ".join(line.translate(table).split()) for line in text.split("\n"))
            fitted, shaped, missing = self._fit(spec, "\n".join(line for line in kept if line))
            missing = tuple(dict.fromkeys(uncovered + missing))
        else:
            box = self._fit_boxes[spec.name]
            opts = options(text, spec.lines)
            lines = self._lines[spec.name]
            lines.begin(opts[0].lines[0] if opts else "")
            fitted = fit(opts, lines.metrics, box)
            shaped = tuple(map(lines.shaped, fitted.lines)) if fitted else ()
            # What shaping could not print either: a cmap that promised a glyph the font lacks.
            missing = tuple(dict.fromkeys(ch for line in shaped for ch in line.missing))
        if len(cache) >= FIT_CACHE_SIZE:
            cache.clear()
        cache[text] = fitted, shaped, missing
        return fitted, shaped, missing

    def fit_ahead(self, attendee: Attendee, known: dict[str, LoadedFont] | None = None,
                  *, fits: bool = True) -> FitsAhead:
        """The texts of ``attendee``'s fields, and (with ``fits``) the fits of those this
        planner has not fitted yet (front and back), for another process's planner to
        :meth:`give`. ``known``: the fonts the other process has, by key (default: those
        loaded now).
        """
        if known is None:
            known = font_keys(self.book.loaded())
        out: list[tuple[PackedFit, ...]] = []
        texts: list[dict[str, str]] = []
        planner: Planner | None = self
        while planner is not None:
            packed = []
            filled = {}
            specs = (planner.layout.fields if planner.items.plain or planner.items.all_fields
                     else planner.items.shown_fields(attendee))
            for spec in specs:
                text = filled[spec.name] = planner.text_for(spec, attendee)
                if not fits or text in planner._fits[spec.name]:
                    continue  # sent before (the other planner keeps it as long as this one)
                got = pack(spec.name, text, planner._fit(spec, text),
                           planner._cut[spec.name].get(text), known)
                if got is not None:
                    packed.append(got)
            out.append(tuple(packed))
            texts.append(filled)
            planner = planner.back
        return FitsAhead(attendee.row, tuple(out), tuple(texts))

    def give(self, ahead: FitsAhead) -> None:
        """Take fits made ahead by another process's :meth:`fit_ahead` for the next badge:
        :meth:`plan` uses them instead of fitting those texts again (the same result).
        """
        planner: Planner | None = self
        for fits, texts in zip(ahead.fits, ahead.texts, strict=True):
            if planner is None:
                break
            planner._texts = ahead.row, texts
            planner._given.clear()  # what the last badge did not use (its texts were cached)
            for packed in fits:
                got = unpack(packed, planner._font)
                if got is not None:
                    name, text, fit_, cut = got
                    planner._given[name, text] = fit_, cut
            planner = planner.back

    def _font(self, ref: FontRef) -> LoadedFont | None:
        """The font a fit made ahead names: a loaded one by key, or a TrueType face loaded
        now (as fitting its text here would have loaded it).
        """
        if not isinstance(ref, str):
            return self.book.load(ref)
        font = self._fonts.get(ref)
        if font is None:
            self._fonts = font_keys(self.book.loaded())
            font = self._fonts.get(ref)
        return font

    def text_for(self, spec: FieldSpec, attendee: Attendee) -> str:
        """The field's text for ``attendee``, with the field's case option applied."""
        row, texts = self._texts
        if row == attendee.row and spec.name in texts:
            return texts[spec.name]  # filled ahead (see give)
        template = self.templates[spec.name]
        if attendee is BLANK and template.keys:
            return ""
        text = template.render(attendee)
        if spec.case == "upper":
            return namecase.upper(text)
        if spec.case == "title":
            return namecase.smart_title(text)
        return text

    def plan(self, index: int, attendee: Attendee) -> BadgePlan:
        """Plan the ``index``-th badge (0-based, in output order) for ``attendee``."""
        page, slot = self.sheet.locate(index)
        fields, warnings = [], []
        items = self.items
        for spec in (self.layout.fields if items.plain or items.all_fields
                     else items.shown_fields(attendee)):
            text = self.text_for(spec, attendee)
            fitted, shaped, missing = self._fit(spec, text)
            box = self._boxes[spec.name, slot.index]
            fields.append(FieldPlan(spec, box, text, fitted, shaped, missing))
            if missing:
                chars = ", ".join(_codepoint(ch) for ch in missing[:5])
                more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
                warnings.append(f"{spec.name}: no font has {chars}{more}; printed without "
                                f"{'it' if len(missing) == 1 else 'them'} (add a font that "
                                "covers them with --font-dir)")
            if fitted is None:
                continue
            shown = " / ".join(fitted.lines)
            cut = self._cut[spec.name].get(text)
            if cut is not None:
                kept, total = cut
                warnings.append(
                    f"{spec.name}: {' '.join(text[:80].split())[:40]!r}... is {total:,} "
                    "characters, far more than the "
                    f"box holds even at {min(FLOOR_PT, spec.size_min):g}pt; printed its first "
                    f"{kept:,} at {fitted.size:g}pt, cut with '{ELLIPSIS}'")
            elif fitted.status == "condensed":
                warnings.append(f"{spec.name}: {shown!r} condensed to {fitted.hscale:.1%} width "
                                f"at {fitted.size:g}pt to fit")
            elif fitted.status == "overflow":
                warnings.append(
                    f"{spec.name}: {shown!r} does not fit at {spec.size_min:g}pt even condensed "
                    f"to {spec.condense_min:.0%}; set at {fitted.size:g}pt instead")
        if items.plain:  # bands, then text: nothing to decide
            elements: tuple[object, ...] = (
                *self.layout.rects, *(fp for fp in fields if fp.fitted is not None))
        else:
            drawn = {id(fp.spec): fp for fp in fields if fp.fitted is not None}
            elements, extra = items.plan(attendee, lambda s: drawn.get(id(s)), self.data_dir)
            warnings.extend(extra)
        if self.back is None:
            return BadgePlan(attendee, page, slot, tuple(fields), tuple(warnings), elements)
        back = self.back.plan(index, attendee)
        # Element keys of the back say so already ("back.qr[1]: ..."); field names do not.
        warnings.extend(w if w.startswith("back.") else f"back {w}" for w in back.warnings)
        return BadgePlan(attendee, page, slot, tuple(fields), tuple(warnings), elements, back)

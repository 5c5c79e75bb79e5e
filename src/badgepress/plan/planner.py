"""Planning: for each attendee, what goes where on which page, at what size. No drawing.

The planner resolves the layout's fonts once, then for every attendee fills each field's
template, shapes and fits it, and returns a :class:`BadgePlan` that the renderer draws and the
report describes. Warnings (condensed, overflow, missing characters) are collected per badge.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from badgepress.model import Attendee
from badgepress.plan.elements import FaceItems
from badgepress.sheet.geometry import Rect
from badgepress.sheet.impose import SheetPlan, Slot, plan_sheet
from badgepress.sheet.layout import FieldSpec, Layout
from badgepress.sheet.template import Template
from badgepress.text import fontdb, namecase
from badgepress.text.chain import FontChain
from badgepress.text.fit import FitBox, Fitted, fit
from badgepress.text.fonts import FontBook
from badgepress.text.linebreak import options
from badgepress.text.shaping import ShapedLine
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
    #: what the front prints, in drawing order: shown fields (with text), colour bands
    #: (``RectSpec``), images (``ImagePlan``) and QR codes (``QrPlan``)
    elements: tuple[object, ...] = ()


_Fit = tuple[Fitted | None, tuple[ShapedLine, ...], tuple[str, ...]]


def _codepoint(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"'{ch}' (U+{ord(ch):04X}{' ' + name if name else ''})"


class Planner:
    """Plans badges for one layout; fonts and the sheet geometry are resolved at construction."""

    def __init__(self, layout: Layout, book: FontBook, data_dir: Path | None = None) -> None:
        """``data_dir``: the attendee file's folder, where per-attendee image files are."""
        self.layout = layout
        self.data_dir = data_dir
        self.items = FaceItems(layout.front, layout.source)
        self.sheet: SheetPlan = plan_sheet(layout)
        base = Path(layout.source).parent
        self.chains: dict[str, FontChain] = {}
        for spec in layout.fields:
            self.chains[spec.name] = book.chain(spec.font, base=base)
        self.templates = {spec.name: Template.parse(spec.template) for spec in layout.fields}
        self._fits: dict[str, dict[str, _Fit]] = {spec.name: {} for spec in layout.fields}
        self._lines = {name: Lines(chain) for name, chain in self.chains.items()}
        self._fit_boxes = {spec.name: FitBox(spec.box.width, spec.box.height, spec.size_min,
                                             spec.size_max, spec.align, spec.valign,
                                             spec.condense_min, spec.line_gap,
                                             spec.line_sizes == "each")
                           for spec in layout.fields}
        # Each field's page box in each slot: the same on every page.
        self._boxes = {(spec.name, slot.index): spec.box.shift(slot.trim.x0, slot.trim.y0)
                       for spec in layout.fields for slot in self.sheet.slots}

    def _fit(self, spec: FieldSpec, text: str) -> _Fit:
        """Fit ``text`` into the field: ``(fitted, shaped lines, characters not printed)``."""
        cache = self._fits[spec.name]
        hit = cache.get(text)
        if hit is not None:
            return hit
        chain = self.chains[spec.name]
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

    def text_for(self, spec: FieldSpec, attendee: Attendee) -> str:
        """The field's text for ``attendee``, with the field's case option applied."""
        text = self.templates[spec.name].render(attendee)
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
        for spec in self.layout.fields if items.plain else items.shown_fields(attendee):
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
            if fitted.status == "condensed":
                warnings.append(f"{spec.name}: {shown!r} condensed to {fitted.hscale:.1%} width "
                                f"at {fitted.size:g}pt to fit")
            elif fitted.status == "overflow":
                warnings.append(
                    f"{spec.name}: {shown!r} does not fit at {spec.size_min:g}pt even condensed "
                    f"to {spec.condense_min:.0%}; set at {fitted.size:g}pt instead")
        if items.plain:  # bands, then text: nothing to decide
            elements = (*self.layout.rects, *(fp for fp in fields if fp.fitted is not None))
            return BadgePlan(attendee, page, slot, tuple(fields), tuple(warnings), elements)
        drawn = {id(fp.spec): fp for fp in fields if fp.fitted is not None}
        elements, extra = items.plan(attendee, lambda s: drawn.get(id(s)), self.data_dir)
        return BadgePlan(attendee, page, slot, tuple(fields), tuple(warnings + extra), elements)

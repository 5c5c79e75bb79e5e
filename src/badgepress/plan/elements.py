"""What a face shows for one attendee, in drawing order: which elements' ``when`` conditions
hold (parsed and matched by :mod:`badgepress.plan.select`, the code of ``--where``), each
image's file and each QR code's data, and the warnings about them (a missing photo, a QR code
with nothing to encode).

A per-attendee file is looked for only when its name is safe (:func:`~badgepress.sheet.contain.
file_name`: no value with a path separator, ``..`` or a NUL) and lies inside the layout's
roots (:class:`~badgepress.sheet.contain.FileRoots`, symlinks followed); otherwise the badge is
printed without it and its row gets a warning saying why, as for a missing file.

Drawing order: by layer (lower first; defaults: background images 0, colour bands 1, other
images 2, QR codes 3, text 4), then by that default order, then in file order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from badgepress.errors import BadgepressError, LayoutError
from badgepress.model import CANONICAL_FIELDS, STANDARD_FIELDS, Attendee
from badgepress.plan.select import Condition, resolve_key
from badgepress.sheet.contain import FileRoots, file_name
from badgepress.sheet.elements import (
    LAYER_BACKGROUND,
    LAYER_IMAGE,
    LAYER_QR,
    LAYER_RECT,
    LAYER_TEXT,
    ImageSpec,
    QrSpec,
)
from badgepress.sheet.layout import Face, FieldSpec, RectSpec
from badgepress.sheet.template import Template

Spec = FieldSpec | RectSpec | ImageSpec | QrSpec


@dataclass(frozen=True, slots=True)
class ImagePlan:
    """An image on one badge: its spec and the file to draw (absolute, or as the layout or
    attendee file's folder makes it).
    """

    spec: ImageSpec
    path: Path


#: The private field an attendee's QR code travels in when it was encoded ahead (by
#: ``press.ahead``, in the reader's process): NUL + the QR's layout key. Value: the module
#: size (pt), a newline, and the drawing operators.
QR_AHEAD = "\0"


@dataclass(frozen=True, slots=True)
class QrPlan:
    """A QR code on one badge: its spec and the exact text it encodes (never empty), and its
    operators and module size when they were made ahead (see :data:`QR_AHEAD`).
    """

    spec: QrSpec
    data: str
    ahead: str | None = None


def _default_rank(spec: Spec) -> int:
    if isinstance(spec, FieldSpec):
        return LAYER_TEXT
    if isinstance(spec, RectSpec):
        return LAYER_RECT
    if isinstance(spec, QrSpec):
        return LAYER_QR
    return LAYER_IMAGE if spec.area == "box" else LAYER_BACKGROUND


def drawing_order(face: Face) -> tuple[Spec, ...]:
    """The face's elements in the order they are drawn (see the module docstring)."""
    specs: list[Spec] = [*face.images, *face.rects, *face.qrs, *face.fields]
    keyed = [(s.layer, _default_rank(s), i, s) for i, s in enumerate(specs)]
    return tuple(s for *_, s in sorted(keyed, key=lambda k: k[:3]))


def _spec_key(spec: Spec, index: int) -> str:
    return spec.key or f"{type(spec).__name__}[{index}]"


class FaceItems:
    """Decides, per attendee, what one face shows and with what data.

    ``source`` is the layout file (for errors). Conditions are parsed here, once, so a badly
    written ``when`` fails before any badge is drawn. ``roots``: the folders a per-attendee
    file may lie in (default: the layout file's).
    """

    def __init__(self, face: Face, source: str, roots: FileRoots | None = None) -> None:
        self.face = face
        self.source = source
        self.roots = roots or FileRoots.make(Path(source).parent)
        self.order = drawing_order(face)
        self.conditions: dict[int, tuple[Condition, ...]] = {}
        for i, spec in enumerate(self.order):
            if spec.when:
                self.conditions[id(spec)] = tuple(self._parse(spec, w, i) for w in spec.when)
        self._keys: dict[str, str] = {}
        self._templates: dict[str, Template] = {}
        for spec in self.order:
            if isinstance(spec, QrSpec):
                self._templates[spec.key] = Template.parse(spec.data)
            elif isinstance(spec, ImageSpec) and spec.per_attendee:
                self._templates[spec.key] = Template.parse(spec.file)
        #: images whose file is the same on every badge: one plan each, reused
        self._fixed = {spec.key: ImagePlan(spec, spec.path)
                       for spec in self.order
                       if isinstance(spec, ImageSpec) and not spec.per_attendee}
        #: the leading elements (in drawing order) that every badge shows alike: colour bands
        #: and fixed images without a condition (the drawing makes their operators once a slot)
        lead: list[Any] = []
        for spec in self.order:
            if isinstance(spec, RectSpec) and not spec.when:
                lead.append(spec)
            elif isinstance(spec, ImageSpec) and spec.key in self._fixed and not spec.when:
                lead.append(self._fixed[spec.key])
            else:
                break
        self.prefix: tuple[Any, ...] = tuple(lead)
        #: whether a badge may differ from the plain fields-and-bands one
        self.plain = not (self.conditions or face.images or face.qrs) and all(
            s.layer == _default_rank(s) for s in self.order)
        #: whether every badge shows every field (no field has a ``when``)
        self.all_fields = not any(id(f) in self.conditions for f in face.fields)
        #: with no condition, QR code or image named from attendee fields, every badge shows
        #: the same elements bar its fields' plans: after the prefix, (field, None) where a
        #: field's plan goes and (None, element) for the rest, so planning a badge decides
        #: nothing (about 20 us a badge less at 10,000 badges with artwork)
        self._same: tuple[tuple[FieldSpec | None, Any], ...] | None = None
        if not (self.conditions or self._templates):
            self._same = tuple(
                (spec, None) if isinstance(spec, FieldSpec)
                else (None, self._fixed[spec.key] if isinstance(spec, ImageSpec) else spec)
                for spec in self.order[len(self.prefix):])

    def _parse(self, spec: Spec, text: str, index: int) -> Condition:
        try:
            return Condition.parse(text)
        except BadgepressError:
            raise LayoutError(f"{text!r} is not of the form COLUMN=VALUE or COLUMN!=VALUE "
                              "(for example when = \"Ticket Type=Speaker\")", path=self.source,
                              key=f"{_spec_key(spec, index)}.when") from None

    def _key(self, condition: Condition, attendee: Attendee, spec: Spec) -> str:
        hit = self._keys.get(condition.key)
        if hit is None:
            try:
                hit = resolve_key(condition.key, list(attendee.fields), "when")
            except BadgepressError:
                if condition.key.casefold() not in (*CANONICAL_FIELDS, *STANDARD_FIELDS):
                    columns = ", ".join(repr(c) for c in attendee.fields)
                    raise LayoutError(
                        f"{condition.text!r}: the attendee file has no column "
                        f"{condition.key!r} (columns: {columns})", path=self.source,
                        key=f"{spec.key}.when") from None
                hit = condition.key.casefold()  # a standard field this file lacks: empty
            self._keys[condition.key] = hit
        return hit

    def shown(self, spec: Spec, attendee: Attendee) -> bool:
        """Whether every ``when`` condition of ``spec`` holds for ``attendee``."""
        conditions = self.conditions.get(id(spec))
        if not conditions:
            return True
        return all(c.holds(attendee, self._key(c, attendee, spec)) for c in conditions)

    def shown_fields(self, attendee: Attendee) -> Iterator[FieldSpec]:
        """The face's fields that ``attendee``'s badge prints, in file order."""
        return (f for f in self.face.fields if self.shown(f, attendee))

    def plan(self, attendee: Attendee, fields: Callable[[FieldSpec], Any],
             data_dir: Path | None) -> tuple[tuple[Any, ...], list[str]]:
        """The badge's elements in drawing order, and warnings for its row.

        ``fields`` gives a shown field's plan (or None: not shown); colour bands are their
        specs; images and QR codes become :class:`ImagePlan` and :class:`QrPlan`.
        """
        out: list[Any] = list(self.prefix)
        warnings: list[str] = []
        if self._same is not None:
            for field, element in self._same:
                if field is None:
                    out.append(element)
                else:
                    plan = fields(field)
                    if plan is not None:
                        out.append(plan)
            return tuple(out), warnings
        for spec in self.order[len(self.prefix):]:
            if isinstance(spec, FieldSpec):
                plan = fields(spec)
                if plan is not None:
                    out.append(plan)
            elif not self.shown(spec, attendee):
                continue
            elif isinstance(spec, RectSpec):
                out.append(spec)
            elif isinstance(spec, QrSpec):
                data = self._templates[spec.key].render(attendee)
                if data.strip():
                    out.append(QrPlan(spec, data, attendee.fields.get(QR_AHEAD + spec.key)))
                else:
                    warnings.append(f"{spec.key}: {spec.data!r} is empty for this attendee; "
                                    "no QR code printed")
            else:
                image = self._image(spec, attendee, data_dir, warnings)
                if image is not None:
                    out.append(image)
        return tuple(out), warnings

    def _image(self, spec: ImageSpec, attendee: Attendee, data_dir: Path | None,
               warnings: list[str]) -> ImagePlan | None:
        fixed = self._fixed.get(spec.key)
        if fixed is not None:
            return fixed
        template = self._templates[spec.key]
        empty = [k for k in template.keys if not attendee.get(k).strip()]
        name = ""
        if not empty:
            try:
                name = file_name(template, attendee)  # no value steps out of its folder
            except ValueError as exc:
                warnings.append(f"{spec.key}: {exc}; printed without it")
                return None
        if not name.strip():
            keys = ", ".join(f"{{{k}}}" for k in empty) or spec.file
            warnings.append(f"{spec.key}: {keys} is empty for this attendee; no image printed")
            return None
        path = (data_dir or Path()) / name
        if self.roots.find(path) is None:
            warnings.append(f"{spec.key}: {str(path)!r} is {self.roots.outside()}; printed "
                            f"without it ({self.roots.advice()})")
            return None
        try:
            found = path.is_file()
        except OSError as exc:
            found, why = False, exc.strerror
        else:
            why = "not found"
        if not found:
            warnings.append(f"{spec.key}: {str(path)!r} {why}; printed without it")
            return None
        return ImagePlan(spec, path)


def template_sources(face: Face) -> Iterable[tuple[str, str]]:
    """``(layout key, template)`` of every image file and QR data template that reads
    attendee fields.
    """
    for image in face.images:
        if image.per_attendee:
            yield f"{image.key}.file", image.file
    for qr in face.qrs:
        yield f"{qr.key}.data", qr.data

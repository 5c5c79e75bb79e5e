"""QR codes encoded ahead, where the attendee file is read: in the reader's process on a long
list, so that encoding (about a quarter of a millisecond a code) runs on the second core
while this process plans and draws.

Each attendee's codes travel with it as private fields (a key that starts with NUL, which no
column can have); the drawing uses them instead of encoding again. The result is the same
bytes either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from badgepress.model import Attendee, Record
from badgepress.pdf.qr import qr_ops
from badgepress.plan.elements import QR_AHEAD, FaceItems, QrPlan
from badgepress.readers.standard import with_standard
from badgepress.sheet.layout import Layout
from badgepress.sheet.template import Template


def qr_ahead(records: Iterable[Record], layout: Layout,
             standard: Mapping[str, str]) -> Iterator[Record]:
    """``records`` with each attendee's QR codes encoded (operators and module size)."""
    face = layout.front
    if not face.qrs:
        yield from records
        return
    items = FaceItems(face, layout.source, layout.files)
    templates = [(spec, Template.parse(spec.data)) for spec in face.qrs]
    for rec in records:
        if isinstance(rec, Attendee):
            full = with_standard(rec, standard) if standard else rec
            extra: dict[str, str] = {}
            for spec, template in templates:
                if items.shown(spec, full):
                    data = template.render(full)
                    if data.strip():
                        ops, module = qr_ops(QrPlan(spec, data), layout.source)
                        extra[QR_AHEAD + spec.key] = f"{module!r}\n{ops}"
            if extra:
                rec = Attendee(rec.row, {**rec.fields, **extra})
        yield rec

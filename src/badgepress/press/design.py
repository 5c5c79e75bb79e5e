"""The designer's checks: a layout as data checked as a build checks it before its first badge
(:func:`check_design`), and the live checks over a layout, its artwork and an attendee list,
per element (:func:`design_findings`).

:func:`design_findings` returns :class:`~badgepress.sheet.findings.Finding` s, each about one
element key (``field[1]``, ``image[2]``, ``back.qr[1]``):

- geometry (``outside-badge``, ``safe-area``): :func:`badgepress.sheet.findings.placement_findings`;
- artwork (``image-dpi``, ``unembedded-fonts``, ``artwork-text``): each image that is the
  same on every badge, as placed (images named from attendee fields are not opened);
- QR codes (``qr-modules``, ``qr-data``): the data of every attendee the code shows for;
  modules narrower than 0.4 mm, found from the longest data by halving (a dozen encodings
  for any list), counted over the attendees whose data is at least that long;
- text (``condensed``, ``below-minimum``, ``missing-characters``): the list planned hardest
  first within a time budget (:func:`badgepress.plan.hardest.text_findings`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from badgepress.errors import BadgepressError, LayoutError
from badgepress.model import Attendee, SourceInfo
from badgepress.pdf.artfacts import MIN_DPI, ArtworkError, artwork_facts, check_artwork
from badgepress.pdf.qr import MIN_MODULE, module_size
from badgepress.plan.elements import FaceItems
from badgepress.plan.hardest import SHOWN, text_findings
from badgepress.plan.planner import Planner
from badgepress.readers.standard import standard_fields, with_standard
from badgepress.sheet.document import check_layout_data
from badgepress.sheet.elements import QrSpec, badge_rect
from badgepress.sheet.findings import Finding, margin_finding, placement_findings
from badgepress.sheet.geometry import Rect
from badgepress.sheet.layout import Face, Layout
from badgepress.sheet.template import Template
from badgepress.text.fonts import FontBook

__all__ = ["artwork_error", "check_design", "design_findings"]


def check_design(data: Mapping[str, Any], base: str | Path, *, name: str = "layout",
                 book: FontBook | None = None, shown: str | None = None,
                 pinned: bool = False) -> Layout:
    """The :class:`Layout` of ``data`` (files named from ``base``) checked as ``badgepress
    build`` checks a layout file before its first badge: its keys and geometry
    (:func:`~badgepress.sheet.document.check_layout_data`), then its fonts (found and
    loaded), then its artwork (each fixed image readable). ``pinned``: every file it reads
    lies in ``base`` (see :func:`~badgepress.sheet.document.check_layout_data`). Raises the
    build's one-line error (``LayoutError``, ``FontError``) without the file, or with
    ``shown`` in its place.
    """
    layout = check_layout_data(data, base=base, name=name, shown=shown, pinned=pinned)
    folder = str(Path(base))
    try:
        Planner(layout, book or FontBook())
    except BadgepressError as exc:
        if shown is None:  # the folder is the app's own: files are named as the layout does
            exc.message = exc.message.replace(folder + "/", "")
            if exc.path is not None and exc.path.startswith(folder + "/"):
                exc.path = exc.path[len(folder) + 1:]
            exc.args = (exc._format(),)
        raise
    for image in layout.fixed_images():
        try:
            check_artwork(image.path, image.page)
        except ArtworkError as exc:
            raise LayoutError(f"{image.file}: {exc}", path=shown,
                              key=f"{image.key}.file") from None
    return layout


def artwork_error(path: Path, page: int = 1) -> str | None:
    """Why the file ``path`` (page ``page`` of a PDF) cannot be a layout's artwork, as a
    build would say it (``is an encrypted PDF; ...``); None when it can (an upload's check).
    """
    try:
        check_artwork(path, page)
    except ArtworkError as exc:
        return str(exc)
    return None


def _faces(layout: Layout) -> list[Face]:
    return [layout.front] + ([layout.back] if layout.back is not None else [])


def artwork_findings(layout: Layout) -> list[Finding]:
    """Findings about the layout's fixed artwork: where it reaches (the part of its box it
    covers), soft rasters, unembedded fonts, SVG text.
    """
    w, h = layout.badge
    trim = Rect(0, 0, w, h)
    out: list[Finding] = []
    for image in (image for face in _faces(layout) for image in face.images):
        target = badge_rect(image.area, image.box, trim, trim.grow(layout.bleed))
        if image.per_attendee:  # a photo a badge: its box alone
            margin = margin_finding(image.key, "image", target, layout)
            out.extend([margin] if margin is not None else [])
            continue
        try:
            facts = artwork_facts(image.path, image.page, target, image.fit)
        except ArtworkError as exc:
            out.append(Finding(image.key, "artwork", f"{image.file}: {exc}"))
            continue
        margin = margin_finding(image.key, "image", facts.covered, layout)
        if margin is not None:
            out.append(margin)
        if facts.dpi is not None and facts.dpi < MIN_DPI:
            out.append(Finding(image.key, "image-dpi", f"{image.file} prints at "
                               f"{facts.dpi:.0f} dpi at this size (under {MIN_DPI}): it may "
                               "look soft; use a larger image or a smaller box"))
        if facts.unembedded:
            shown = ", ".join(facts.unembedded[:4])
            more = f" and {len(facts.unembedded) - 4} more" if len(facts.unembedded) > 4 else ""
            out.append(Finding(image.key, "unembedded-fonts", f"{image.file} uses fonts it "
                               f"does not embed ({shown}{more}): the printer sets them in a "
                               "font of its own; export the PDF with its fonts embedded, or "
                               "its text as outlines"))
        out.extend(Finding(image.key, "artwork-text", note) for note in facts.notes)
    return out


def _qr_finding(spec: QrSpec, face: Face, source: str,
                attendees: Sequence[Attendee]) -> Finding | None:
    items = FaceItems(face, source)
    template = Template.parse(spec.data)
    datas = []
    for a in attendees:
        if items.shown(spec, a):
            data = template.render(a)
            if data.strip():
                datas.append((len(data.encode("utf-8")), data, a))
    if not datas:
        return None
    datas.sort(key=lambda d: -d[0])  # longest first: the smallest modules
    try:
        smallest = module_size(datas[0][1], spec.box, spec.error)
    except ValueError as exc:
        return Finding(spec.key, "qr-data", f"cannot encode {datas[0][0]} bytes as a QR code "
                       f"({exc}); shorten the data or lower error", 1, len(datas),
                       ((datas[0][2].row, datas[0][2].get("name")),))
    if smallest >= MIN_MODULE - 1e-9:
        return None
    # How many print too small, found by halving: the modules shrink as the data grows (a
    # larger QR version holds more), so the too-small ones are the longest: a prefix.
    lo, hi = 1, len(datas)  # datas[:lo] print too small; the answer lies in [lo, hi]
    while lo < hi:
        mid = (lo + hi) // 2
        if module_size(datas[mid][1], spec.box, spec.error) < MIN_MODULE - 1e-9:
            lo = mid + 1
        else:
            hi = mid
    n = lo
    return Finding(spec.key, "qr-modules", f"QR modules print {smallest * 25.4 / 72:.2f} mm "
                   f"wide for the longest data (under 0.4 mm, for {n} of {len(datas)} "
                   "attendees): it may not scan; enlarge the box, shorten the data or lower "
                   "error", n, len(datas),
                   tuple((a.row, a.get("name")) for _, _, a in datas[:min(n, SHOWN)]))


def qr_findings(layout: Layout, attendees: Sequence[Attendee]) -> list[Finding]:
    """Findings about the layout's QR codes over ``attendees``."""
    out = []
    for face in _faces(layout):
        for spec in face.qrs:
            try:
                finding = _qr_finding(spec, face, layout.source, attendees)
            except BadgepressError as exc:  # a `when` naming a column the list lacks
                finding = Finding(spec.key, "qr-data", exc.message)
            if finding is not None:
                out.append(finding)
    return out


def design_findings(layout: Layout, attendees: Sequence[Attendee],
                    info: SourceInfo | None = None, *, book: FontBook | None = None,
                    planner: Planner | None = None, seconds: float = 1.5,
                    ordered: bool = False) -> list[Finding]:
    """Every live check of ``layout`` over ``attendees`` (records of the list ``info``
    describes: its headers give the standard fields ``ticket_type`` and ``pronouns``), in
    element order: geometry, artwork, QR codes, then text planned for at most ``seconds``.
    ``planner``: this layout's, made beforehand (else one is made with ``book``);
    ``ordered``: ``attendees`` are hardest first already (:func:`~badgepress.plan.hardest.
    hardest_first` for this layout).
    """
    standard = standard_fields(info.headers) if info is not None else {}
    people = [with_standard(a, standard) for a in attendees] if standard else list(attendees)
    out = (placement_findings(layout, images=False) + artwork_findings(layout)
           + qr_findings(layout, people))
    if people:
        if planner is None or planner.layout is not layout:
            data_dir = Path(info.path).parent if info is not None else None
            planner = Planner(layout, book or FontBook(), data_dir=data_dir)
        out.extend(text_findings(planner, people, seconds=seconds, ordered=ordered))
    order = {key: i for i, key in enumerate(_keys(layout))}
    return sorted(out, key=lambda f: order.get(f.key, len(order)))


def _keys(layout: Layout) -> list[str]:
    """Element keys in the order the designer lists them."""
    out: list[str] = []
    for prefix, face in (("", layout.front), ("back.", layout.back)):
        if face is None:
            continue
        for kind, items in (("image", face.images), ("rect", face.rects), ("qr", face.qrs),
                            ("field", face.fields)):
            out.extend(f"{prefix}{kind}[{i + 1}]" for i in range(len(items)))
    return out

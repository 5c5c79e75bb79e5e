"""The stocks a registration desk may print on, and the event's design on one of them.

A desk prints one badge at a time, on the stock loaded in its printer: a label printer's
labels, a card printer's cards, one badge a page on an office printer (each a shipped layout
whose page is the badge: :func:`desk_stocks`), or "the event's sheet" (the event's own layout,
badge in slot 1). :func:`stock_list` is what ``GET /api/stocks`` answers; :func:`on_stock` turns
the event's design into the layout the desk prints with on a stock, or says why it cannot.

Pure: layouts in, layouts out, all lengths in points (millimetres only in the list's JSON).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Literal, TypedDict

from badgepress.errors import LayoutError
from badgepress.sheet._sides_toml import describe_area, outside_printable
from badgepress.sheet._toml import BLACK, Color
from badgepress.sheet.layout import Face, Layout, MarksSpec, load_layout, shipped_layouts
from badgepress.sheet.units import mm

StockKind = Literal["sheet", "label", "label-printer", "card", "page"]

#: The list entry of "the event's sheet": the event's own layout, one badge in slot 1.
SHEET = "sheet"

#: How far the event's badge may differ from the stock's (pt, each way) to print the event's own
#: design on it: 0.5 mm. Less than a label printer's own registration (about 1 mm) and far
#: inside any safe margin (3 mm and more), so nothing reaches an edge it did not; enough for
#: one product given in inches and in millimetres (4 x 3 in is 101.6 x 76.2 mm; CR80 is
#: 85.60 x 53.98 mm, often written 85.6 x 54). Beyond it the desk needs a design for the stock:
#: it never scales one.
SAME_SIZE = mm(0.5)

#: ``sheet.stock`` -> the list's ``kind``.
_KIND: dict[str, StockKind] = {"cut": "sheet", "labels": "label", "inserts": "label",
                               "label-printer": "label-printer", "card": "card",
                               "page": "page"}
#: The kinds a desk can print one badge a page on.
DESK_KINDS = ("label-printer", "card", "page")

#: Solid black for thermal printers: through CUPS's colour management 100 % K (DeviceCMYK)
#: reaches a 1-bit label printer as an 83 % halftone; RGB black reaches it solid.
THERMAL_BLACK = Color("rgb", (0.0, 0.0, 0.0))


class StockEntry(TypedDict):
    """One entry of ``GET /api/stocks``: the badge as it reads, in mm (None: the event's)."""

    name: str
    title: str
    width_mm: float | None
    height_mm: float | None
    kind: StockKind


def kind_of(layout: Layout) -> StockKind:
    """The stock kind of a layout: ``sheet`` (for cutting), ``label`` (label and insert
    sheets), ``label-printer``, ``card`` or ``page`` (one badge a page on an office printer).
    """
    return _KIND.get(layout.stock, "sheet")


@cache
def desk_stocks() -> tuple[Layout, ...]:
    """The shipped one-badge-a-page layouts of a label printer, card printer or office printer,
    sorted by name: the stocks a desk may load. Loaded once per process.
    """
    out = []
    for path in shipped_layouts():
        lay = load_layout(str(path))
        if lay.sheet is None and lay.stock in DESK_KINDS:
            out.append(lay)
    return tuple(sorted(out, key=lambda lay: lay.name))


def desk_stock(name: str) -> Layout:
    """The desk stock called ``name`` (see :func:`desk_stocks`); ``LayoutError`` naming the
    stocks there are for any other name.
    """
    for lay in desk_stocks():
        if lay.name == name:
            return lay
    names = ", ".join(lay.name for lay in desk_stocks())
    raise LayoutError(f"{name!r} is not a desk stock; choose one of: {SHEET}, {names}",
                      key="stock")


def _mm(pt: float) -> float:
    return round(pt / mm(1), 2)


def stock_list(event: Layout | None = None) -> list[StockEntry]:
    """What ``GET /api/stocks`` answers: "the event's sheet" first (its paper size when
    ``event`` is given and prints on sheets, else None), then every desk stock, by name.
    Sizes are the badge as it reads, in mm rounded to 0.01.
    """
    paper = event.sheet if event is not None else None
    title = "The event's sheet" + (f" ({event.title})" if event is not None else "")
    out: list[StockEntry] = [StockEntry(
        name=SHEET, title=title, width_mm=_mm(paper[0]) if paper else None,
        height_mm=_mm(paper[1]) if paper else None, kind="sheet")]
    out.extend(StockEntry(name=lay.name, title=lay.title, width_mm=_mm(lay.badge[0]),
                          height_mm=_mm(lay.badge[1]), kind=kind_of(lay))
               for lay in desk_stocks())
    return out


def _size(size: tuple[float, float]) -> str:
    return f"{size[0] / mm(1):.1f}×{size[1] / mm(1):.1f} mm"


def _solid(face: Face) -> Face:
    """``face`` with its 100 % K texts, bands and QR codes in :data:`THERMAL_BLACK`."""
    def black(color: Color) -> Color:
        return THERMAL_BLACK if color == BLACK else color

    return replace(
        face, fields=tuple(replace(f, color=black(f.color)) for f in face.fields),
        rects=tuple(replace(r, color=black(r.color)) for r in face.rects),
        qrs=tuple(replace(q, color=black(q.color)) for q in face.qrs))


def on_stock(event: Layout, stock: Layout) -> Layout:
    """The layout a desk prints the event's own design with on ``stock`` (a desk stock):
    one badge a page, the page the stock's (its size, its /Rotate for the feed), no crop marks,
    no bleed beyond the page, no printer offsets (those are the office printer's), the stock's
    printable area; on a label printer 100 % K becomes RGB black (solid on a thermal printer).

    Raises ``LayoutError`` naming the event's file and key when the event's badge is not the
    stock's size (within :data:`SAME_SIZE`; the desk never scales a design: it needs a desk
    design for that stock), when a text or QR code lies where the stock's printer prints
    nothing, or when the event prints a back on a one-sided label.
    """
    if stock.sheet is not None or stock.stock not in DESK_KINDS:
        raise LayoutError("is not a one-badge-a-page stock of a label, card or office printer",
                          path=stock.source, key="sheet.stock")
    dw, dh = (abs(a - b) for a, b in zip(event.badge, stock.badge, strict=True))
    if dw > SAME_SIZE or dh > SAME_SIZE:
        turned = (abs(event.badge[0] - stock.badge[1]) <= SAME_SIZE
                  and abs(event.badge[1] - stock.badge[0]) <= SAME_SIZE)
        why = " (turned a quarter: the stock reads the other way)" if turned else ""
        raise LayoutError(
            f"the event's badge is {_size(event.badge)} and the stock {stock.name} is "
            f"{_size(stock.badge)}{why}; the desk never scales a design: make a desk design "
            "for this stock (a layout of its size)", path=event.source, key="badge.size")
    if stock.printable is not None:
        where = outside_printable(event.front, event.back, stock.printable)
        if where is not None:
            raise LayoutError(
                f"reaches where the {stock.name} printer prints nothing (it prints "
                f"{describe_area(stock.printable)} of the badge); make a desk design for this "
                "stock", path=event.source, key=where)
    back, duplex = event.back, event.duplex
    if back is not None and stock.stock == "label-printer":
        raise LayoutError(f"the stock {stock.name} prints one side only; make a desk design "
                          "for it without [back]", path=event.source, key="back")
    if event.fold is not None:
        raise LayoutError("a fold-over badge prints both panels on one sheet; make a desk "
                          f"design for {stock.name}", path=event.source, key="badge.fold")
    front = event.front
    if stock.stock == "label-printer":
        front = _solid(front)
    return replace(
        event, name=f"{event.name}@{stock.name}", title=f"{event.title} · {stock.title}",
        sheet=None, badge=stock.badge, bleed=0.0, columns=1, rows=1, gutter_x=0.0,
        gutter_y=0.0, margin=0.0, marks=MarksSpec(False, event.marks.width,
                                                  event.marks.length, event.marks.offset),
        front=front, back=back, duplex=duplex if back is not None else None,
        stock=stock.stock, rotate=stock.rotate, left=None, top=None, corner=stock.corner,
        back_marks=False, offset=(0.0, 0.0), back_offset=(0.0, 0.0),
        printable=stock.printable)

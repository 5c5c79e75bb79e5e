"""PDF objects copied from artwork, as plain data that can be placed into any reportlab
document: what :mod:`._pdfimport` records from a page with pypdf, and what
:func:`place` writes as one Form XObject.

A recording names its indirect objects by their index (:class:`Indirect`), not by a
document's references, so one recording serves every document of a build (a long run's
parts), crosses a process boundary pickled (artwork is loaded in a helper process while the
list is read: ``press.artahead``), and is kept between builds (the desk's one-badge prints).
Placing it needs reportlab only: no pypdf, no svglib in the drawing process.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFObject, format

#: (a, b, c, d) of the matrix that turns a page's content clockwise by its /Rotate.
_TURNS = {0: (1, 0, 0, 1), 90: (0, -1, 1, 0), 180: (-1, 0, 0, -1), 270: (0, 1, -1, 0)}


def turn_matrix(rotate: int) -> tuple[int, int, int, int, int, int]:
    """The form matrix that shows a page as a viewer does, by its /Rotate (degrees clockwise:
    0, 90, 180 or 270).
    """
    a, b, c, d = _TURNS[rotate]
    return a, b, c, d, 0, 0


def turned_box(bbox: tuple[float, float, float, float],
               rotate: int) -> tuple[float, float, float, float]:
    """``bbox`` (pt) as :func:`turn_matrix` places it: the page's box as a viewer shows it."""
    a, b, c, d = _TURNS[rotate]
    x0, y0, x1, y1 = bbox
    xs = [a * x + c * y for x in (x0, x1) for y in (y0, y1)]
    ys = [b * x + d * y for x in (x0, x1) for y in (y0, y1)]
    return float(min(xs)), float(min(ys)), float(max(xs)), float(max(ys))


class _Raw(PDFObject):  # type: ignore[misc]
    """A PDF value already serialised."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


class _Array(PDFObject):  # type: ignore[misc]
    def __init__(self) -> None:
        self.items: list[Any] = []

    def format(self, document: Any) -> bytes:
        return b"[" + b" ".join(format(v, document) for v in self.items) + b"]"


class _Dict(PDFObject):  # type: ignore[misc]
    def __init__(self) -> None:
        self.items: list[tuple[bytes, Any]] = []

    def format(self, document: Any) -> bytes:
        return b"<<" + b"".join(k + b" " + format(v, document) + b"\n"
                                for k, v in self.items) + b">>"


class _Stream(PDFObject):  # type: ignore[misc]
    __RefOnly__ = 1

    def __init__(self, head: _Dict, data: bytes) -> None:
        self.head, self.data = head, data

    def format(self, document: Any) -> bytes:
        head = _Dict()
        head.items = [(k, v) for k, v in self.head.items if k != b"/Length"]
        head.items.append((b"/Length", _Raw(str(len(self.data)).encode())))
        return head.format(document) + b"\nstream\n" + self.data + b"\nendstream\n"


@dataclass(frozen=True, slots=True)
class Indirect:
    """The ``index``-th indirect object of a :class:`Recorded` (in the order they were met)."""

    index: int


@dataclass(frozen=True, slots=True)
class Recorded:
    """A Form XObject and the indirect objects it uses, ready for :func:`place`.

    ``objects`` are in the order a walk of the source met them (a parent before what it
    refers to), so that placing them numbers a document's objects as copying them from the
    source one by one did.
    """

    objects: tuple[Any, ...]
    form: _Stream


class _Late(PDFObject):  # type: ignore[misc]
    """A reference to a placed object, resolved when the document is written."""

    def __init__(self, refs: list[Any], index: int) -> None:
        self.refs, self.index = refs, index

    def format(self, document: Any) -> bytes:
        return bytes(format(self.refs[self.index], document))


def _copy(obj: Any, refs: list[Any]) -> Any:
    """A fresh copy of ``obj`` for one document (reportlab marks an object with the name it
    registers it under), its :class:`Indirect` values pointing at ``refs``.
    """
    if isinstance(obj, Indirect):
        return _Late(refs, obj.index)
    if isinstance(obj, _Stream):
        return _Stream(_copy(obj.head, refs), obj.data)
    if isinstance(obj, _Dict):
        out = _Dict()
        out.items = [(k, _copy(v, refs)) for k, v in obj.items]
        return out
    if isinstance(obj, _Array):
        array = _Array()
        array.items = [_copy(v, refs) for v in obj.items]
        return array
    return _Raw(obj.data)


def place(document: Any, recorded: Recorded, name: str) -> None:
    """Write ``recorded`` into reportlab ``document`` as the Form XObject ``name`` (drawn
    with ``/FormXob.NAME Do``), its objects numbered in their recorded order.
    """
    refs: list[Any] = []
    copies = [_copy(obj, refs) for obj in recorded.objects]
    refs.extend(document.Reference(obj) for obj in copies)
    document.Reference(_copy(recorded.form, refs), document.getXObjectName(name))

"""A page of another PDF as one Form XObject of the document reportlab is writing.

pypdf reads the page; its content becomes the form's stream and its resources (fonts, images,
colour spaces, nested forms) are copied object by object into reportlab's document, so the
artwork stays vector and is written once, however many badges draw it. Shared objects stay
shared; streams keep their own compression (they are copied, not decoded and re-encoded).
"""

from __future__ import annotations

import io
import zlib
from typing import Any

from pypdf import PageObject
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import PDFObject, format

from badgepress.pdf._artwork import turn_matrix

#: Keys not followed: they lead back up to the source's page tree or annotations.
_SKIP = frozenset({"/Parent", "/P", "/StructParents", "/StructParent"})


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


def _name(key: str) -> bytes:
    out = io.BytesIO()
    NameObject(key).write_to_stream(out)
    return out.getvalue()


class Importer:
    """Copies pypdf objects into one reportlab document; each source object once."""

    def __init__(self, document: Any) -> None:
        self.doc = document
        self._done: dict[tuple[int, int, int], Any] = {}

    def value(self, obj: Any) -> Any:
        """The reportlab object (or reference) for pypdf object ``obj``."""
        if isinstance(obj, IndirectObject):
            key = (id(obj.pdf), obj.idnum, obj.generation)
            hit = self._done.get(key)
            if hit is None:
                target = obj.get_object()
                shell = self._shell(target)
                hit = self._done[key] = self.doc.Reference(shell)
                self._fill(shell, target)
            return hit
        shell = self._shell(obj)
        self._fill(shell, obj)
        return shell

    def _shell(self, obj: Any) -> Any:
        if isinstance(obj, StreamObject):
            return _Stream(_Dict(), b"")
        if isinstance(obj, DictionaryObject):
            return _Dict()
        if isinstance(obj, ArrayObject):
            return _Array()
        out = io.BytesIO()
        if obj is None:
            return _Raw(b"null")
        obj.write_to_stream(out)
        return _Raw(out.getvalue())

    def _fill(self, shell: Any, obj: Any) -> None:
        if isinstance(shell, _Stream):
            self._fill(shell.head, obj)
            if "/Filter" in obj:
                shell.data = obj._data  # still encoded: copied as it is
            else:
                shell.data = zlib.compress(obj.get_data())
                shell.head.items.append((b"/Filter", _Raw(b"/FlateDecode")))
        elif isinstance(shell, _Dict):
            for k, v in obj.items():
                if k not in _SKIP and not (isinstance(obj, StreamObject) and k == "/Length"):
                    shell.items.append((_name(k), self.value(v)))
        elif isinstance(shell, _Array):
            shell.items = [self.value(v) for v in obj]

    def form(self, page: PageObject,
             rotate: int = 0) -> tuple[PDFObject, tuple[float, float, float, float]]:
        """A Form XObject of ``page`` (cropped to its CropBox) and that box (pt). ``rotate``:
        the page's /Rotate (0, 90, 180 or 270), which the form's matrix applies, so that the
        form shows the page as a viewer does (its box turned: see :func:`._artwork.turned_box`).
        """
        box = page.cropbox
        bbox = (float(box.left), float(box.bottom), float(box.right), float(box.top))
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        head = _Dict()
        head.items = [(b"/Type", _Raw(b"/XObject")), (b"/Subtype", _Raw(b"/Form")),
                      (b"/FormType", _Raw(b"1")),
                      (b"/BBox", _Raw(f"[{fp_str(*bbox)}]".encode())),
                      (b"/Filter", _Raw(b"/FlateDecode"))]
        if rotate:
            head.items.append((b"/Matrix", _Raw(f"[{fp_str(*turn_matrix(rotate))}]".encode())))
        resources = page.get("/Resources")
        if resources is not None:
            head.items.append((b"/Resources", self.value(resources)))
        group = page.get("/Group")
        if group is not None:
            head.items.append((b"/Group", self.value(group)))
        return _Stream(head, zlib.compress(data)), bbox

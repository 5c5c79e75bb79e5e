"""A page of another PDF recorded as one Form XObject (:class:`._pdfobjects.Recorded`), for
any document reportlab writes.

pypdf reads the page; its content becomes the form's stream and its resources (fonts, images,
colour spaces, nested forms) are recorded object by object, so the artwork stays vector and is
written once a document, however many badges draw it. Shared objects stay shared; streams keep
their own compression (they are copied, not decoded and re-encoded).
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

from badgepress.pdf._pdfobjects import (
    Indirect,
    Recorded,
    _Array,
    _Dict,
    _Raw,
    _Stream,
    turn_matrix,
)

#: Keys not followed: they lead back up to the source's page tree or annotations.
_SKIP = frozenset({"/Parent", "/P", "/StructParents", "/StructParent"})


def _name(key: str) -> bytes:
    out = io.BytesIO()
    NameObject(key).write_to_stream(out)
    return out.getvalue()


class Recorder:
    """Records pypdf objects of one source file as plain data; each source object once."""

    def __init__(self) -> None:
        #: the indirect objects met, in order (see :class:`._pdfobjects.Recorded`)
        self.objects: list[Any] = []
        self._done: dict[tuple[int, int], Indirect] = {}

    def value(self, obj: Any) -> Any:
        """The recorded object (or :class:`Indirect`) for pypdf object ``obj``."""
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            hit = self._done.get(key)
            if hit is None:
                target = obj.get_object()
                shell = self._shell(target)
                hit = self._done[key] = Indirect(len(self.objects))
                self.objects.append(shell)
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

    def form(self, page: PageObject, rotate: int = 0) -> Recorded:
        """A Form XObject of ``page`` (cropped to its CropBox) with what it uses. ``rotate``:
        the page's /Rotate (0, 90, 180 or 270), which the form's matrix applies, so that the
        form shows the page as a viewer does (its box turned: see :func:`._pdfobjects.turned_box`).
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
        return Recorded(tuple(self.objects), _Stream(head, zlib.compress(data)))

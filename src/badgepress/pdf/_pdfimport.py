"""A page of another PDF recorded as one Form XObject (:class:`._pdfobjects.Recorded`), for
any document reportlab writes.

pypdf reads the page; its content becomes the form's stream and its resources (fonts, images,
colour spaces, nested forms) are recorded object by object, so the artwork stays vector and is
written once a document, however many badges draw it. Shared objects stay shared; streams keep
their own compression (they are copied, not decoded and re-encoded) unless they change.

Only the resources the content uses are kept (:mod:`._artclean`), the page's and each nested
form's: a font a page lists and never uses does not reach the badge PDF; a used font that is
not embedded is named in :attr:`Recorder.unembedded`. For PDF/X, RGB colours and images are
converted to the output profile's CMYK as they are recorded (:mod:`._recolour`).
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

from badgepress.pdf._artclean import pruned_items, unembedded, uses, without_idle_fonts
from badgepress.pdf._content import operations
from badgepress.pdf._pdfobjects import (
    Indirect,
    Recorded,
    _Array,
    _Dict,
    _Raw,
    _Stream,
    turn_matrix,
)
from badgepress.pdf.colour import Converter

#: Keys not followed: they lead back up to the source's page tree or annotations.
_SKIP = frozenset({"/Parent", "/P", "/StructParents", "/StructParent"})


def _name(key: str) -> bytes:
    out = io.BytesIO()
    NameObject(key).write_to_stream(out)
    return out.getvalue()


class Recorder:
    """Records pypdf objects of one source file as plain data; each source object once."""

    def __init__(self, convert: Converter | None = None) -> None:
        """``convert``: RGB colours and images to CMYK with it (PDF/X); None: as they are."""
        #: the indirect objects met, in order (see :class:`._pdfobjects.Recorded`)
        self.objects: list[Any] = []
        self._done: dict[tuple[int, int], Indirect] = {}
        self.convert = convert
        #: the base names of fonts the content uses that are not embedded, in order met
        self.unembedded: dict[str, None] = {}
        #: the resources of the content being recorded: a nested form without resources of
        #: its own uses them, and gets a copy (a form's resources are never inherited from
        #: the page it is finally drawn on)
        self._inherit: list[Any] = []

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
        if isinstance(shell, _Stream) and (obj.get("/Subtype") == "/Form"
                                           or obj.get("/PatternType") == 1):
            self._fill_content(shell, obj)
        elif isinstance(shell, _Stream) and self.convert is not None \
                and obj.get("/Subtype") == "/Image" and self._fill_image(shell, obj):
            pass
        elif isinstance(shell, _Stream):
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

    def _fill_image(self, shell: _Stream, obj: StreamObject) -> bool:
        """An RGB image recorded as CMYK (see :func:`._recolour.image`); False if left as is."""
        from badgepress.pdf._recolour import image

        assert self.convert is not None
        done = image(obj, self.convert)
        if done is None:
            return False
        changed, data = done
        for k, v in obj.items():
            if k not in _SKIP and k not in changed and k not in ("/Length", "/DecodeParms"):
                shell.head.items.append((_name(k), self.value(v)))
        shell.head.items.extend((_name(k), _Raw(str(v).encode())) for k, v in changed.items())
        shell.data = data
        return True

    def _content(self, data: bytes, resources: Any) -> tuple[bytes, _Dict | None]:
        """A content stream's data (converted to CMYK when converting) and its resources cut
        down to what it uses, recorded; the fonts it uses that are not embedded are noted.
        """
        data = without_idle_fonts(data)
        if self.convert is not None:
            from badgepress.pdf._recolour import rewrite

            data = rewrite(data, resources, self.convert)
        used = uses(operations(data), resources)
        if not isinstance(resources, DictionaryObject):
            return data, None
        self.unembedded.update(dict.fromkeys(unembedded(resources, used["/Font"])))
        shell = _Dict()
        self._inherit.append(resources)
        try:
            for key, value in pruned_items(resources, used):
                shell.items.append((_name(key), self.value(value)))
        finally:
            self._inherit.pop()
        return data, shell

    def _group(self, group: Any) -> Any:
        """A transparency group, its blending space CMYK instead of RGB when converting."""
        from badgepress.pdf._recolour import is_rgb

        recorded = self.value(group)
        target = group.get_object() if isinstance(group, IndirectObject) else group
        if self.convert is not None and isinstance(target, DictionaryObject) \
                and is_rgb(target.get("/CS")):
            if isinstance(recorded, Indirect):
                recorded = self.objects[recorded.index]
            recorded.items = [(k, _Raw(b"/DeviceCMYK") if k == b"/CS" else v)
                              for k, v in recorded.items]
        return recorded

    def _fill_content(self, shell: _Stream, obj: StreamObject) -> None:
        """A form or tiling pattern: its content and resources as :meth:`_content` makes
        them; its data copied as it is when nothing changed.
        """
        data = obj.get_data()
        own = obj.get("/Resources")
        resources = own.get_object() if own is not None else \
            (self._inherit[-1] if self._inherit else None)
        new, res = self._content(data, resources)
        for k, v in obj.items():
            if k in _SKIP or k in ("/Length", "/Resources"):
                continue
            if new is not data and k in ("/Filter", "/DecodeParms"):
                continue
            shell.head.items.append((_name(k), self._group(v) if k == "/Group" else
                                     self.value(v)))
        if res is not None:
            shell.head.items.append((b"/Resources", res))
        if new is not data:
            shell.data = zlib.compress(new)
            shell.head.items.append((b"/Filter", _Raw(b"/FlateDecode")))
        elif "/Filter" in obj:
            shell.data = obj._data
        else:
            shell.data = zlib.compress(data)
            shell.head.items.append((b"/Filter", _Raw(b"/FlateDecode")))

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
        data, res = self._content(data, resources.get_object() if resources is not None
                                  else None)
        if res is not None:
            head.items.append((b"/Resources", res))
        group = page.raw_get("/Group") if "/Group" in page else None
        if group is not None:
            head.items.append((b"/Group", self._group(group)))
        return Recorded(tuple(self.objects), _Stream(head, zlib.compress(data)))

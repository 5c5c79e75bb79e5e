"""The finisher: joins the renderer's parts into one PDF. The only module that imports pypdf.

reportlab holds every page of a document until it saves it, so a long run is rendered in parts
of a few hundred pages and joined here. The join streams: each part's objects are read,
renumbered and written out one at a time, so memory holds one part, never the whole PDF.
Streams are copied as they are (still compressed), so the join costs little beyond reading.

Each part embeds its own font subsets, each tagged from its own glyphs (pdf._embed), so a
subset that recurs in several parts keeps its tag and different ones differ. Preflight tools
flag two different fonts under one name, so should two different subsets meet under one name
(a hash collision), the later one is given another tag here.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import os
import re
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
)

from badgepress.errors import BadgepressError, OutputError

_SUBSET = re.compile(r"/[A-Z]{6}\+")
_HEADER = re.compile(r"%PDF-(\d\.\d)")
_CATALOG, _PAGES, _INFO = 1, 2, 3
#: Cross-reference lines written at a time.
_XREF_LINES = 4096


class _Out:
    """A binary file that knows its position and hashes what it writes (for the file ID)."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.tell = 0
        self.md5 = hashlib.md5(usedforsecurity=False)

    def write(self, data: bytes) -> None:
        self.raw.write(data)
        self.md5.update(data)
        self.tell += len(data)

    def object(self, number: int, obj: PdfObject) -> int:
        """Write ``obj`` as indirect object ``number``; returns where it starts."""
        start = self.tell
        buf = io.BytesIO()
        obj.write_to_stream(buf)
        self.write(f"{number} 0 obj\n".encode() + buf.getvalue() + b"\nendobj\n")
        return start


def _header(part: str) -> bytes:
    """The joined file's first lines: PDF 1.4, or the parts' version when later (1.6 for
    PDF/X-4; ``part`` is a part's header line).
    """
    found = _HEADER.match(part)
    version = max("1.4", found.group(1)) if found else "1.4"
    return f"%PDF-{version}\n".encode() + b"%\x93\x8c\x8b\x9e badgepress\n"


def _retag(name: str, digest: bytes, taken: dict[str, bytes]) -> str:
    """A new subset tag for the subset ``name`` (``/ABCDEF+Font``) whose font program hashes
    to ``digest``: letters from a hash of both, unused in ``taken`` (or used by this subset).
    """
    rest = name[8:]
    salt = 0
    while True:
        n = int.from_bytes(hashlib.sha256(name.encode() + digest + bytes([salt])).digest()[:8],
                           "big")
        letters = ""
        for _ in range(6):
            n, d = divmod(n, 26)
            letters += chr(ord("A") + d)
        new = f"/{letters}+{rest}"
        if taken.setdefault(new, digest) == digest:
            return new
        salt += 1


class _Part:
    """Copies one part's pages and what they use into the output, renumbering objects."""

    def __init__(self, reader: PdfReader, index: int, out: _Out, offsets: array[int],
                 tags: dict[str, bytes] | None = None) -> None:
        self.reader = reader
        self.index = index
        self.out = out
        self.offsets = offsets
        #: every subset name written so far, with a hash of its font program (all parts)
        self.tags: dict[str, bytes] = {} if tags is None else tags
        self.numbers: dict[int, int] = {}
        self.queue: list[tuple[int, int]] = []

    def ref(self, old: IndirectObject) -> IndirectObject:
        new = self.numbers.get(old.idnum)
        if new is None:
            new = self.numbers[old.idnum] = len(self.offsets)
            self.offsets.append(0)
            self.queue.append((old.idnum, new))
        return IndirectObject(new, 0, None)

    def copy(self, obj: PdfObject) -> PdfObject:
        if isinstance(obj, IndirectObject):
            return self.ref(obj)
        if isinstance(obj, StreamObject):
            stream: StreamObject = (EncodedStreamObject() if isinstance(obj, EncodedStreamObject)
                                    else DecodedStreamObject())
            for key, value in obj.items():
                if key != "/Length":
                    stream[NameObject(key)] = self.copy(value)
            stream._data = obj._data  # the bytes as stored: still compressed, never re-encoded
            return stream
        if isinstance(obj, DictionaryObject):
            new = DictionaryObject()
            for key, value in obj.items():
                if key in ("/BaseFont", "/FontName") and _SUBSET.match(str(value)):
                    value = NameObject(self._subset_name(str(value), obj))
                new[NameObject(key)] = self.copy(value)
            return new
        if isinstance(obj, ArrayObject):
            return ArrayObject(self.copy(v) for v in obj)
        return obj

    def _subset_name(self, name: str, font: DictionaryObject) -> str:
        """``name`` as it is, unless an earlier part holds a different subset under it (the
        tags come from the subsets' glyphs, pdf._embed, so that takes a hash collision).
        """
        desc = font if "/FontFile2" in font else font.get("/FontDescriptor")
        desc = desc.get_object() if desc is not None else None
        data = desc.get("/FontFile2") if isinstance(desc, DictionaryObject) else None
        stream = data.get_object() if data is not None else None
        digest = hashlib.sha256(stream._data if isinstance(stream, StreamObject) else b"")\
            .digest()
        if self.tags.setdefault(name, digest) == digest:
            return name
        return _retag(name, digest, self.tags)

    def _page_refs(self) -> list[IndirectObject]:
        """The part's page references in order, read from its page tree's root without
        loading the pages: reportlab writes one flat /Pages node. (``reader.pages`` would load
        and keep every page's dictionary until the part is done: about 15 kB a page.)
        Any other tree is walked by pypdf.
        """
        catalog = self.reader.trailer["/Root"].get_object()
        root = catalog.get("/Pages") if isinstance(catalog, DictionaryObject) else None
        root = root.get_object() if root is not None else None
        kids = root.get("/Kids") if isinstance(root, DictionaryObject) else None
        if (isinstance(root, DictionaryObject) and isinstance(kids, ArrayObject)
                and root.get("/Count") == len(kids)
                and all(isinstance(kid, IndirectObject) for kid in kids)):
            return list(kids)
        refs = []
        for page in self.reader.pages:
            assert page.indirect_reference is not None
            refs.append(page.indirect_reference)
        return refs

    def catalog_entries(self) -> dict[str, PdfObject]:
        """The catalog's document-wide entries a PDF/X part has (``/OutputIntents``,
        ``/Metadata``), copied into the output with what they use.
        """
        catalog = self.reader.trailer["/Root"].get_object()
        entries = {key: self.copy(catalog.raw_get(key)) for key in ("/OutputIntents", "/Metadata")
                   if isinstance(catalog, DictionaryObject) and key in catalog}
        self._flush()
        return entries

    def pages(self) -> list[IndirectObject]:
        """Write every page of the part and what it uses; returns the new page references."""
        refs = [self.ref(kid) for kid in self._page_refs()]
        self._flush()
        return refs

    def _flush(self) -> None:
        """Write the objects referred to so far (and what they refer to)."""
        cache = self.reader.resolved_objects
        while self.queue:
            old, new = self.queue.pop(0)
            obj = self.copy(self.reader.get_object(old) or NumberObject(0))
            # Each object is copied once (self.numbers): the reader need not keep it, and
            # keeping every page's content until the part is done cost about 30 kB a page.
            cache.pop((0, old), None)
            if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Page":
                obj[NameObject("/Parent")] = IndirectObject(_PAGES, 0, None)
            self.offsets[new] = self.out.object(new, obj)


def join(parts: Iterable[Path], target: str | os.PathLike[str]) -> int:
    """Join the PDFs ``parts`` (made by the renderer, in order) into ``target``. ``parts`` is
    read as the join goes, so it may yield each part as soon as it is written.

    The document information (title, creator, dates) is the first part's. The file ID is a
    hash of the content, so the output is as reproducible as the parts. Returns the number of
    pages.
    """
    # Eight bytes an object and a page (a list of ints and of pypdf references took about
    # 40 and 150): a million badges make 1.25 million objects.
    offsets = array("q", [0, 0, 0, 0])  # object 0 is the free list's head; 1-3 are written last
    kids = array("q")  # the pages' object numbers
    info: DictionaryObject | None = None
    tags: dict[str, bytes] = {}
    extra: dict[str, PdfObject] = {}
    with Path(target).open("wb") as raw:
        out = _Out(raw)
        for index, path in enumerate(parts):
            try:
                reader = PdfReader(path)
                part = _Part(reader, index, out, offsets, tags)
                if index == 0:
                    # The parts' version (1.6 for PDF/X-4), the first part's Info and output
                    # intent: the same in every part.
                    out.write(_header(reader.pdf_header))
                    first = reader.trailer["/Info"].get_object()
                    if isinstance(first, DictionaryObject):
                        info = first
                    extra = part.catalog_entries()
                kids.extend(ref.idnum for ref in part.pages())
                del reader
                gc.collect()  # a reader is a web of cycles: free it before reading the next
            except PyPdfError as exc:  # a part we wrote ourselves: this is a bug, not bad input
                raise OutputError(f"cannot join the rendered parts: {exc}", path=path) from None
        if not out.tell:
            out.write(_header(""))
        tail = {
            _CATALOG: DictionaryObject({NameObject("/Type"): NameObject("/Catalog"),
                                        NameObject("/Pages"): IndirectObject(_PAGES, 0, None),
                                        **{NameObject(k): v for k, v in extra.items()}}),
            _PAGES: DictionaryObject({NameObject("/Type"): NameObject("/Pages"),
                                      NameObject("/Kids"): ArrayObject(
                                          IndirectObject(n, 0, None) for n in kids),
                                      NameObject("/Count"): NumberObject(len(kids))}),
            _INFO: info or DictionaryObject(),
        }
        for number, obj in tail.items():
            offsets[number] = out.object(number, obj)
        file_id = out.md5.hexdigest().upper()
        xref = out.tell
        out.write(f"xref\n0 {len(offsets)}\n0000000000 65535 f \n".encode())
        for at in range(1, len(offsets), _XREF_LINES):  # in pieces: 20 bytes an object
            out.write("".join(f"{offset:010d} 00000 n \n"
                              for offset in offsets[at:at + _XREF_LINES]).encode())
        out.write(f"trailer\n<< /ID [<{file_id}> <{file_id}>] /Info {_INFO} 0 R "
                  f"/Root {_CATALOG} 0 R /Size {len(offsets)} >>\n"
                  f"startxref\n{xref}\n%%EOF\n".encode())
    return len(kids)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m badgepress.pdf.finish TARGET``: join the parts named on standard input, one
    JSON string a line, as they come, into ``TARGET``; print ``{"pages": N}``, or
    ``{"error": ..., "path": ...}`` and exit 1.

    A build starts this as a process of its own when its first part is written, so that
    joining goes on while the later parts are drawn; a fresh process, not a fork, so that it
    does not keep a copy of the whole build's memory.
    """
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("usage: python -m badgepress.pdf.finish TARGET < parts (JSON lines)\n")
        return 2

    def parts() -> Iterator[Path]:
        for line in sys.stdin:
            if line.strip():
                yield Path(json.loads(line))

    try:
        pages = join(parts(), args[0])
    except BadgepressError as exc:
        print(json.dumps({"error": exc.message, "path": exc.path}))
        return 1
    print(json.dumps({"pages": pages}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

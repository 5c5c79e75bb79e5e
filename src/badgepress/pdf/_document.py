"""What badgepress adds to a document reportlab writes: an end-of-line before every
``endstream`` (always), and for PDF/X-4 the output intent, the XMP metadata and the Info keys.

reportlab ends a stream's data with ``endstream`` at once (``...~>endstream``); ISO 32000
asks for an end-of-line marker between them, and strict validators (PDFBox, veraPDF, GWG
preflights) report "Expected EOL before the endstream keyword". reportlab writes every stream
in one method of its own, so the file it makes is mended as a whole when it is formatted
(:func:`end_streams`: a newline after each stream's ``/Length`` bytes, the cross-reference
offsets moved to match). This is done for one document at a time (:func:`prepare` gives that
canvas's document a subclass), never by changing reportlab itself.
"""

from __future__ import annotations

import bisect
import hashlib
import html
import re
import uuid
import zlib
from typing import Any, ClassVar

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFCatalog,
    PDFDate,
    PDFDictionary,
    PDFDocument,
    PDFInfo,
    PDFName,
    PDFString,
)

from badgepress.pdf._pdfobjects import _Dict, _Raw, _Stream
from badgepress.pdf.icc import OutputProfile

#: The PDF version PDF/X-4 (ISO 15930-7) is based on.
PDFX_VERSION = (1, 6)
PDFX_NAME = "PDF/X-4"
_LENGTH = re.compile(rb"/Length (\d+)")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) n")


def _xml(text: str) -> str:
    """``text`` as XML character data (``&``, ``<``, ``>`` escaped): what the XMP packet holds.
    (xml.sax.saxutils.escape does the same, but importing it loads urllib.request, ssl and
    email: about 25 ms and 5 MB in every build's process.)
    """
    return html.escape(text, quote=False)


def end_streams(data: bytes) -> bytes:
    """``data`` (a whole PDF as reportlab writes it: one classic cross-reference table) with
    a newline after every stream's data, before ``endstream``, and every offset after it
    (cross-reference entries, ``startxref``) moved by the bytes put in before it.
    """
    out: list[bytes] = []
    inserted: list[int] = []  # positions in ``data`` before which a newline went in
    pos = 0
    while True:
        at = data.find(b"\nstream\n", pos)
        if at < 0:
            break
        head = data.rfind(b" obj", 0, at)
        lengths = _LENGTH.findall(data, head if head >= 0 else 0, at)
        if not lengths:  # not a stream of reportlab's making: leave the rest as it is
            break
        end = at + 8 + int(lengths[-1])
        if data[end:end + 9] != b"endstream":  # an EOL there already (objects of our own)
            continue_at = end if data[end:end + 1] in (b"\n", b"\r") else at + 8
            out.append(data[pos:continue_at])
            pos = continue_at
            continue
        out.append(data[pos:end])
        out.append(b"\n")
        inserted.append(end)
        pos = end
    if not inserted:
        return data
    xref = data.rfind(b"\nxref\n", pos)
    if xref < 0:
        return data
    out.append(data[pos:xref])

    def moved(match: re.Match[bytes]) -> bytes:
        old = int(match.group(1))
        return b"%010d %s n" % (old + bisect.bisect_right(inserted, old - 1), match.group(2))

    tail = data[xref:]
    start = tail.rfind(b"startxref\n")
    table = _XREF_ENTRY.sub(moved, tail[:start])
    startxref = int(tail[start + 10:].split(b"\n", 1)[0])
    out.append(table)
    out.append(b"startxref\n%d\n%%%%EOF\n" % (startxref + len(inserted)))
    return b"".join(out)


class _Document(PDFDocument):  # type: ignore[misc]
    """A reportlab document whose file has an EOL before every ``endstream``."""

    def format(self) -> bytes:
        """The file as reportlab formats it, mended by :func:`end_streams`."""
        return end_streams(super().format())


class _PdfxCatalog(PDFCatalog):  # type: ignore[misc]
    """A catalog that also writes ``/OutputIntents``."""

    __NoDefault__: ClassVar[list[str]] = [*PDFCatalog.__NoDefault__, "OutputIntents"]


class _PdfxInfo(PDFInfo):  # type: ignore[misc]
    """The Info dictionary of a PDF/X-4 file: what the XMP says too, ``GTS_PDFXVersion``
    and ``Trapped /False``; empty Author and Keywords are left out (XMP has none).
    """

    def format(self, document: Any) -> bytes:
        date = PDFDate(ts=document._timeStamp, dateFormatter=self._dateFormatter)
        entries: dict[str, Any] = {"Title": PDFString(self.title)}
        if self.subject:
            entries["Subject"] = PDFString(self.subject)
        entries.update({"Creator": PDFString(self.creator),
                        "Producer": PDFString(self.producer),
                        "CreationDate": date, "ModDate": date,
                        "Trapped": PDFName("False"),
                        "GTS_PDFXVersion": PDFString(PDFX_NAME)})
        return bytes(PDFDictionary(entries).format(document))


_compressed: dict[str, bytes] = {}


def _profile_stream(profile: OutputProfile) -> _Stream:
    """The ICC profile as a stream (compressed once a process)."""
    data = _compressed.get(profile.digest)
    if data is None:
        data = _compressed[profile.digest] = zlib.compress(profile.data)
    head = _Dict()
    head.items = [(b"/N", _Raw(b"4")), (b"/Filter", _Raw(b"/FlateDecode"))]
    return _Stream(head, data)


def _iso_date(stamp: Any) -> str:
    """The reportlab time stamp as XMP writes a date: what the Info dictionary's date says."""
    y, mo, d, h, mi, s = stamp.YMDhms
    sign = "-" if stamp.dhh < 0 or stamp.dmm < 0 else "+"
    return (f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}"
            f"{sign}{abs(stamp.dhh):02d}:{abs(stamp.dmm):02d}")


def xmp_packet(*, title: str, subject: str, creator: str, producer: str, date: str,
               document_id: str) -> bytes:
    """The XMP metadata of a PDF/X-4 file (UTF-8): ``dc:title``, ``xmp:CreateDate``,
    ``xmp:ModifyDate``, ``xmp:CreatorTool``, ``pdf:Producer``, ``pdf:Trapped``, the
    ``xmpMM`` identifiers and ``pdfxid:GTS_PDFXVersion``. ``date`` is ISO 8601.
    """
    def alt(text: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{_xml(text)}</rdf:li></rdf:Alt>'

    description = f"<dc:description>{alt(subject)}</dc:description>\n" if subject else ""
    body = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
        ' xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"'
        ' xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">\n'
        "<dc:format>application/pdf</dc:format>\n"
        f"<dc:title>{alt(title)}</dc:title>\n{description}"
        f"<xmp:CreateDate>{date}</xmp:CreateDate>\n"
        f"<xmp:ModifyDate>{date}</xmp:ModifyDate>\n"
        f"<xmp:MetadataDate>{date}</xmp:MetadataDate>\n"
        f"<xmp:CreatorTool>{_xml(creator)}</xmp:CreatorTool>\n"
        f"<pdf:Producer>{_xml(producer)}</pdf:Producer>\n"
        "<pdf:Trapped>False</pdf:Trapped>\n"
        f"<xmpMM:DocumentID>{document_id}</xmpMM:DocumentID>\n"
        f"<xmpMM:InstanceID>{document_id}</xmpMM:InstanceID>\n"
        "<xmpMM:VersionID>1</xmpMM:VersionID>\n"
        "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n"
        f"<pdfxid:GTS_PDFXVersion>{PDFX_NAME}</pdfxid:GTS_PDFXVersion>\n"
        "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
    )
    # Room to edit in place, as XMP writers leave it; then the closing processing instruction.
    return (body + (" " * 99 + "\n") * 10 + '<?xpacket end="w"?>').encode("utf-8")


class _PdfxDocument(_Document):
    """A document written as PDF/X-4: its output intent and XMP are added as it is formatted
    (the title and dates are final by then).
    """

    profile: OutputProfile

    def format(self) -> bytes:
        info = self.info
        date = _iso_date(self._timeStamp)
        document_id = "uuid:" + str(uuid.UUID(bytes=hashlib.md5(
            "\n".join((info.title, info.subject, info.creator, date)).encode(),
            usedforsecurity=False).digest()))
        head = _Dict()
        head.items = [(b"/Type", _Raw(b"/Metadata")), (b"/Subtype", _Raw(b"/XML"))]
        self.Catalog.Metadata = _Stream(head, xmp_packet(
            title=info.title, subject=info.subject, creator=info.creator,
            producer=info.producer, date=date, document_id=document_id))
        profile = self.profile
        intent = _Dict()
        intent.items = [(b"/Type", _Raw(b"/OutputIntent")), (b"/S", _Raw(b"/GTS_PDFX")),
                        (b"/OutputConditionIdentifier", PDFString(profile.identifier)),
                        (b"/OutputCondition", PDFString(profile.condition)),
                        (b"/RegistryName", PDFString(profile.registry)),
                        (b"/Info", PDFString(profile.description)),
                        (b"/DestOutputProfile", _profile_stream(profile))]
        self.Catalog.OutputIntents = PDFArray([intent])
        return super().format()


def prepare(canvas: Any, profile: OutputProfile | None = None) -> None:
    """Make ``canvas``'s document one that ends every stream with an EOL and, with
    ``profile``, a PDF/X-4 file with that output intent (PDF 1.6, XMP, Info keys). Call it
    right after making the canvas, before anything is drawn.
    """
    doc = canvas._doc
    if profile is None:
        doc.__class__ = _Document
        return
    doc.__class__ = _PdfxDocument
    doc.profile = profile
    doc._pdfVersion = max(tuple(doc._pdfVersion), PDFX_VERSION)
    doc.Catalog.__class__ = _PdfxCatalog
    doc.info.__class__ = _PdfxInfo

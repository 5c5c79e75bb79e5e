"""Long runs are rendered in parts and joined: the joined PDF must be the single one, page for
page, pixel for pixel, with every font embedded and no two different subsets under one name."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from badgepress.pdf.finish import _retag
from badgepress.press import run as build_module
from badgepress.press.run import build

from .conftest import ROOT

SAMPLE = ROOT / "sample_data" / "attendees.xlsx"


def _build(tmp_path: Path, name: str, badges_per_part: int, layout: str, monkeypatch) -> Path:
    monkeypatch.setattr(build_module, "BADGES_PER_PART", badges_per_part)
    out = tmp_path / f"{name}.pdf"
    build(SAMPLE, out, layout=layout)
    return out


@pytest.mark.parametrize("layout", ["a4-90x55-8up", "shop-90x55"])
def test_joined_parts_render_exactly_like_one_file(tmp_path, monkeypatch, layout):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    whole = _build(tmp_path, "whole", 10_000, layout, monkeypatch)
    parts = _build(tmp_path, "parts", 16, layout, monkeypatch)  # 2 pages of 8, or 16 pages
    assert not list(tmp_path.glob("*.pdf.*")), "part files are cleaned up"
    a, b = pdfium.PdfDocument(whole), pdfium.PdfDocument(parts)
    assert len(a) == len(b) > 2
    for i in range(len(a)):
        assert a[i].get_textpage().get_text_range() == b[i].get_textpage().get_text_range()
        pa = a[i].render(scale=0.8).to_pil().tobytes()
        pb = b[i].render(scale=0.8).to_pil().tobytes()
        assert pa == pb, f"page {i + 1} differs"
    ra, rb = PdfReader(whole), PdfReader(parts)
    for pa_, pb_ in zip(ra.pages, rb.pages, strict=True):
        assert pa_.trimbox == pb_.trimbox and pa_.bleedbox == pb_.bleedbox
    assert rb.metadata == ra.metadata


def test_subset_names_come_from_the_glyphs_and_every_font_is_embedded(tmp_path, monkeypatch):
    pdf = _build(tmp_path, "parts", 16, "a4-90x55-8up", monkeypatch)
    fonts: dict[str, set[bytes]] = {}
    for page in PdfReader(pdf).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            assert font["/Subtype"] != "/Type1", font  # no unembedded Helvetica
            name = str(font["/BaseFont"])
            assert re.fullmatch(r"/[A-Z]{6}\+.+", name), name
            descriptor = font["/FontDescriptor"]
            assert "/FontFile2" in descriptor and descriptor["/FontName"] == name
            fonts.setdefault(name, set()).add(
                hashlib.sha256(descriptor["/FontFile2"].get_object()._data).digest())
    # one font program per subset name: different subsets never share a name
    assert all(len(files) == 1 for files in fonts.values()), fonts
    tags = [n[1:7] for n in fonts]
    assert len(set(tags)) == len(tags) >= 3 and "AAAAAA" not in tags


def test_a_tag_collision_between_parts_gets_a_new_tag():
    taken = {"/ABCDEF+NotoSans-Bold": b"one"}
    new = _retag("/ABCDEF+NotoSans-Bold", b"two", taken)
    assert re.fullmatch(r"/[A-Z]{6}\+NotoSans-Bold", new) and new != "/ABCDEF+NotoSans-Bold"
    assert _retag("/ABCDEF+NotoSans-Bold", b"two", taken) == new  # the same subset: same tag
    assert _retag("/ABCDEF+NotoSans-Bold", b"three", taken) not in ("/ABCDEF+NotoSans-Bold", new)


def test_joined_output_is_reproducible(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    one = _build(tmp_path, "one", 16, "a4-90x55-8up", monkeypatch)
    two = _build(tmp_path, "two", 16, "a4-90x55-8up", monkeypatch)
    assert one.read_bytes() == two.read_bytes()


def test_page_references_are_read_from_the_flat_page_tree_without_loading_pages(
        tmp_path, monkeypatch):
    from pypdf.generic import ArrayObject, IndirectObject, NameObject, NumberObject

    from badgepress.pdf.finish import _Out, _Part

    part = _build(tmp_path, "part", 10_000, "a4-90x55-8up", monkeypatch)
    reader = PdfReader(part)
    expected = [p.indirect_reference for p in PdfReader(part).pages]
    with (tmp_path / "x").open("wb") as raw:
        got = _Part(reader, 0, _Out(raw), [0])._page_refs()
    assert [r.idnum for r in got] == [r.idnum for r in expected] and len(got) > 2
    assert reader.flattened_pages is None  # the pages were not loaded
    # A tree that is not one flat node (its count disagrees) is walked by pypdf instead.
    root = reader.trailer["/Root"].get_object()["/Pages"].get_object()
    root[NameObject("/Count")] = NumberObject(len(expected) + 1)
    assert isinstance(root["/Kids"], ArrayObject)
    with (tmp_path / "y").open("wb") as raw:
        walked = _Part(reader, 0, _Out(raw), [0])._page_refs()
    assert all(isinstance(r, IndirectObject) for r in walked)
    assert [r.idnum for r in walked] == [r.idnum for r in expected]


def test_building_from_a_workbook_does_not_import_openpyxl(tmp_path):
    """calamine reads; openpyxl (about 20 MB and 0.1 s) is imported only for its fallback."""
    import subprocess
    import sys

    script = ("import sys\nfrom badgepress.press import build\n"
              f"build({str(SAMPLE)!r}, {str(tmp_path / 'b.pdf')!r}, reader_process=False)\n"
              "assert 'openpyxl' not in sys.modules, 'openpyxl imported'\n")
    subprocess.run([sys.executable, "-c", script], check=True)

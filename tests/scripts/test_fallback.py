"""Fallback order: the shipped fonts before the system's, also when a system font could set a
whole mixed line by itself."""

import pytest

from badgepress.text import fontdb
from badgepress.text.fonts import FontBook
from badgepress.text.shaping import shape_line


def _runs(book: FontBook, text: str) -> list[tuple[str, str | None]]:
    chain = book.chain("Noto Sans Bold")
    return [(text[s:e], font.name if font else None) for s, e, font in chain.itemize(text)]


def test_system_font_covering_a_whole_run_does_not_beat_the_shipped_fonts() -> None:
    book = FontBook()
    if not any(fontdb.covers(face, "علي (") for face in book.system):
        pytest.skip("no system font covers Arabic and brackets (DejaVu Sans does)")
    # Noto Sans Arabic has no brackets, DejaVu Sans has both; the Arabic stays in Noto Sans
    # Arabic and the bracket goes to the layout's font, as in every other name.
    assert _runs(book, "علي (") == [("علي ", "Noto Sans Arabic Bold"), ("(", "Noto Sans Bold")]
    assert shape_line("علي (Ali)", book.chain("Noto Sans Bold")).fonts == (
        "Noto Sans Bold", "Noto Sans Arabic Bold")


def test_system_fonts_still_fill_what_no_shipped_font_has() -> None:
    book = FontBook()
    system = [face for face in book.system if fontdb.covers(face, "😀")]
    if not system:
        pytest.skip("no system font has U+1F600 (DejaVu Sans does)")
    runs = _runs(book, "Zoë 😀")
    assert runs[0] == ("Zoë ", "Noto Sans Bold")
    assert runs[1][0] == "😀" and runs[1][1] in {face.full_name for face in system}

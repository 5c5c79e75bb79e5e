import time
from pathlib import Path

import pytest

from badgepress.text import fontdb
from badgepress.text.fontdb import BADGE_SCRIPTS, FontFace, coverage, covers, discover, find

FONTS = Path(__file__).resolve().parents[2] / "fonts"
SHIPPED = sorted(p.name for p in FONTS.glob("*.ttf"))

EXPECTED_SCRIPTS = {
    "NotoSans": {"Latin", "Greek", "Cyrillic"},
    "NotoSansArabic": {"Arabic"},
    "NotoSansHebrew": {"Hebrew"},
    "NotoSansDevanagari": {"Devanagari"},
    "NotoSansTamil": {"Tamil"},
    "NotoSansBengali": {"Bengali"},
    "NotoSansThai": {"Thai"},
    "NotoSansCJK-Common": {
        "Han (Chinese)", "Japanese kana", "Hangul", "Han (Japanese)", "Han (Traditional Chinese)"
    },
    "NotoSansGeorgian": {"Georgian"},
    "NotoSansArmenian": {"Armenian"},
    "NotoSansGujarati": {"Gujarati"},
    "NotoSansGurmukhi": {"Gurmukhi"},
    "NotoSansTelugu": {"Telugu"},
    "NotoSansKannada": {"Kannada"},
    "NotoSansMalayalam": {"Malayalam"},
    "NotoSansKhmer": {"Khmer"},
    "NotoSansLao": {"Lao"},
    "NotoSansMyanmar": {"Myanmar"},
}


@pytest.fixture(scope="module")
def faces() -> list[FontFace]:
    return discover([FONTS])


def test_every_shipped_file_is_discovered_as_truetype(faces: list[FontFace]) -> None:
    assert sorted(f.path.name for f in faces) == SHIPPED
    assert all(f.truetype and f.index == 0 for f in faces)
    assert len(SHIPPED) == 2 * len(EXPECTED_SCRIPTS)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_font_metadata_and_scripts(faces: list[FontFace], name: str) -> None:
    face = next(f for f in faces if f.path.name == name)
    stem, style = name.removesuffix(".ttf").rsplit("-", 1)
    assert face.style == style
    assert face.weight == (700 if style == "Bold" else 400)
    assert not face.italic
    assert face.full_name == f"{face.family} {style}"
    assert EXPECTED_SCRIPTS[stem] <= set(fontdb.scripts_covered(face))


def test_badge_scripts_all_covered_out_of_the_box(faces: list[FontFace]) -> None:
    coverage_by_script = fontdb.badge_coverage(faces)
    assert [s.name for s in BADGE_SCRIPTS] == list(coverage_by_script)
    assert all(coverage_by_script.values()), coverage_by_script
    assert not any("NOT COVERED" in line for line in fontdb.format_coverage(faces))


@pytest.mark.parametrize("weight", ["Regular", "Bold"])
def test_cjk_font_covers_common_names(faces: list[FontFace], weight: str) -> None:
    face = find(faces, f"Noto Sans CJK Common {weight}")
    assert face is not None and face.path.name == f"NotoSansCJK-Common-{weight}.ttf"
    names = ["张伟", "山田太郎", "김민준", "欧阳娜娜", "渡辺さくら", "タナカ・ジョン", "이서연"]
    names += ["王芳 Wang", "黃志明", "吳淑芬", "髙橋", "山﨑"]
    for name in names:
        assert covers(face, name), name
    cmap = coverage(face)
    assert len(cmap) > 12_000
    assert "Han (Traditional Chinese)" in fontdb.scripts_covered(face)
    assert not covers(face, "똠")  # documented gap: Hangul outside KS X 1001


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Noto Sans Bold", "NotoSans-Bold.ttf"),
        ("noto sans bold", "NotoSans-Bold.ttf"),
        ("Noto Sans Arabic Bold", "NotoSansArabic-Bold.ttf"),
        ("Noto Sans Arabic", "NotoSansArabic-Regular.ttf"),
        ("Noto Sans", "NotoSans-Regular.ttf"),
        ("Noto Sans Regular", "NotoSans-Regular.ttf"),
        ("NotoSansHebrew-Bold", "NotoSansHebrew-Bold.ttf"),
        ("Noto  Sans   Tamil  BOLD", "NotoSansTamil-Bold.ttf"),
        ("Noto Sans CJK Common", "NotoSansCJK-Common-Regular.ttf"),
    ],
)
def test_find(faces: list[FontFace], query: str, expected: str) -> None:
    face = find(faces, query)
    assert face is not None and face.path.name == expected


@pytest.mark.parametrize("query", ["Noto Sans Italic", "Comic Sans", "", "Noto Sans Arabic Black"])
def test_find_misses(faces: list[FontFace], query: str) -> None:
    assert find(faces, query) is None


def test_discover_is_fast_deterministic_and_skips_junk(tmp_path: Path) -> None:
    (tmp_path / "broken.ttf").write_bytes(b"not a font")
    (tmp_path / "notes.txt").write_text("x")
    fontdb._read_file.cache_clear()
    started = time.perf_counter()
    first = discover([FONTS, tmp_path, FONTS])
    elapsed = time.perf_counter() - started
    assert elapsed < 0.5
    assert first == discover([FONTS, tmp_path])  # duplicates dropped, order stable
    assert all(f.path.parent == FONTS for f in first)


def test_listing_one_line_per_face(faces: list[FontFace]) -> None:
    lines = fontdb.format_listing(faces)
    assert len(lines) == len(faces)
    bold = next(line for line in lines if line.startswith("Noto Sans Bold "))
    assert "NotoSans-Bold.ttf" in bold and "700" in bold and "Latin, Greek, Cyrillic" in bold
    assert fontdb.format_listing([]) == ["no fonts found"]


@pytest.mark.parametrize(
    ("ch", "code"),
    [("a", "Latn"), ("ő", "Latn"), ("Ω", "Grek"), ("ж", "Cyrl"), ("ع", "Arab"), ("ש", "Hebr"),
     ("क", "Deva"), ("த", "Taml"), ("ক", "Beng"), ("ก", "Thai"), ("张", "Hani"), ("あ", "Hira"),
     ("ア", "Kana"), ("김", "Hang"), ("1", "Zyyy"), (" ", "Zyyy"), ("\u0301", "Zinh")],
)
def test_script_of(ch: str, code: str) -> None:
    assert fontdb.script_of(ch) == code

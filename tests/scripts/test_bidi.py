
import sys
import unicodedata
from collections.abc import Iterator

import pytest

from badgepress.text import bidi
from badgepress.text.bidi import BidiRun, paragraph_is_rtl, visual_runs

BACKENDS = ["fribidi", "python-bidi"]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "fribidi" and bidi.backend() != "fribidi":
        pytest.skip("libfribidi not installed")
    restore = bidi._use_backend(request.param)
    yield request.param
    restore()


def pieces(text: str, base: str = "auto") -> list[tuple[str, bool]]:
    return [(text[r.start : r.end], r.rtl) for r in visual_runs(text, base)]  # type: ignore[arg-type]


def display(text: str, base: str = "auto") -> str:
    """What the line looks like: RTL runs reversed (HarfBuzz does that when shaping)."""
    out = []
    for r in visual_runs(text, base):  # type: ignore[arg-type]
        s = text[r.start : r.end]
        out.append(s[::-1] if r.rtl else s)
    return "".join(out)


def test_mixed_arabic_latin_brackets(backend: str) -> None:
    text = "علي (Ali) 2024"
    assert pieces(text) == [("2024", False), (") ", True), ("Ali", False), ("علي (", True)]
    # Read left to right: 2024 (Ali) علي -- brackets are mirrored by the RTL shaper.
    assert display(text) == "2024 )Ali( " + "علي"[::-1]


def test_pure_arabic_is_one_rtl_run(backend: str) -> None:
    assert visual_runs("محمد عبد الله") == [BidiRun(0, 13, True)]


def test_hebrew_with_digits(backend: str) -> None:
    text = "שלום 123 עולם"
    assert pieces(text) == [(" עולם", True), ("123", False), ("שלום ", True)]
    assert display(text) == "םלוע 123 םולש"


def test_latin_only_is_one_ltr_run(backend: str) -> None:
    assert visual_runs("Zsófia Tőkés-Nagyová") == [BidiRun(0, 20, False)]
    assert visual_runs("Anna (Li) 2024") == [BidiRun(0, 14, False)]


def test_base_direction_from_first_strong(backend: str) -> None:
    assert paragraph_is_rtl("  (علي) Ali")
    assert not paragraph_is_rtl("123 Ali علي")
    assert not paragraph_is_rtl("123 - ()")
    assert display("abc אבג def") == "abc גבא def"
    assert display("אבג abc def") == "abc def גבא"


def test_explicit_base(backend: str) -> None:
    assert pieces("Ali", "rtl") == [("Ali", False)]
    assert display("abc אבג", "rtl") == "גבא abc"
    assert display("אבג abc", "ltr") == "גבא abc"


def test_latin_name_with_hebrew_in_brackets(backend: str) -> None:
    assert display("José (יוסי) Cohen") == "José (" + "יוסי"[::-1] + ") Cohen"


def test_arabic_with_latin_title_and_comma(backend: str) -> None:
    assert display("Dr. سارة أحمد") == "Dr. " + "سارة أحمد"[::-1]
    assert display("سارة أحمد, PhD") == "PhD ," + "سارة أحمد"[::-1]


def test_arabic_indic_digits_keep_their_order(backend: str) -> None:
    assert display("علي ٢٠٢٤") == "٢٠٢٤ " + "علي"[::-1]


def test_empty() -> None:
    assert visual_runs("") == []
    assert not paragraph_is_rtl("")


def test_runs_cover_text_exactly_once(backend: str) -> None:
    for text in ["علي (Ali) 2024", "a (ב [c] ד) e", "א ב (c d) ה", "x [א] y", "((ا"]:
        covered = sorted(i for r in visual_runs(text) for i in range(r.start, r.end))
        assert covered == list(range(len(text)))


def test_backends_agree_with_python_bidi_rust_display() -> None:
    get_display = pytest.importorskip("bidi").get_display
    cases = ["علي (Ali) 2024", "(علي)", "דוד לוי (David Levi)", "א ב (c d) ה", "x [א] y",
             "Ali (علي)", "abc אבג def", "سارة أحمد, PhD", "محمد ٣ (X)"]
    for name in BACKENDS:
        if name == "fribidi" and bidi.backend() != "fribidi":
            continue
        restore = bidi._use_backend(name)
        try:
            for text in cases:
                assert display(text) == get_display(text), (name, text)
        finally:
            restore()


def test_ltr_fast_path_skips_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: object) -> list[int]:
        raise AssertionError("backend called for LTR text")

    monkeypatch.setattr(bidi, "_levels", boom)
    text = "Nguyễn Thị Ánh 张伟 Ωμέγα"
    assert visual_runs(text) == [BidiRun(0, len(text), False)]


def test_rtl_regex_catches_every_rtl_code_point() -> None:
    missed = [
        hex(cp) for cp in range(sys.maxunicode + 1)
        if unicodedata.bidirectional(chr(cp)) in ("R", "AL", "AN", "RLE", "RLO", "RLI")
        and not bidi._RTL_POSSIBLE.match(chr(cp))
    ]
    assert missed == []


@pytest.mark.parametrize("text", [
    "محمد عبد الله الهاشمي", "דוד בן גוריון", "عبد الرحمن (أبو محمد)", " علي ", "«علي»", "שָׁלוֹם",
    "، محمد.", "ـعلي", "אבג - דהו",
])
@pytest.mark.parametrize("base", ["auto", "rtl"])
def test_right_to_left_only_text_is_one_run_as_the_full_algorithm_says(text, base):
    from badgepress.text.bidi import _levels, _runs_from_levels

    assert visual_runs(text, base) == [BidiRun(0, len(text), True)]
    assert _runs_from_levels(_levels(text, base)) == [BidiRun(0, len(text), True)]

import pytest

from badgepress.sheet.units import parse_length, parse_size


@pytest.mark.parametrize(("text", "pt"), [
    ("25.4mm", 72.0), ("2.54cm", 72.0), ("1in", 72.0), ("12pt", 12.0), (12, 12.0),
    ("0.125 in", 9.0), (" 3MM ", 3 * 72 / 25.4), (".5in", 36.0),
])
def test_lengths(text, pt):
    assert parse_length(text) == pytest.approx(pt)


@pytest.mark.parametrize("bad", ["3 furlongs", "mm", "", True, None, "1.2.3mm"])
def test_bad_lengths_say_what_is_allowed(bad):
    with pytest.raises(ValueError, match="expected a length such as '3mm'"):
        parse_length(bad)


def test_sizes():
    assert parse_size("90mm x 55mm") == pytest.approx((255.1181, 155.9055), abs=1e-4)
    assert parse_size("4in×3in") == (288.0, 216.0)
    assert parse_size("a4") == pytest.approx((595.2756, 841.8898), abs=1e-4)
    assert parse_size("Letter") == (612.0, 792.0)
    with pytest.raises(ValueError, match="expected a size such as '90mm x 55mm' or one of A3"):
        parse_size("B17")

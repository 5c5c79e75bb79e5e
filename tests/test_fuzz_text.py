"""Property tests of the text engine (Hypothesis; budget in tests/fuzzing.py): any Unicode
name, of any length, is planned without an exception, and every field's text lies inside its
box, as the report says (``text_box`` within ``box``).
"""

from __future__ import annotations

import tomllib
from functools import cache

from hypothesis import given
from hypothesis import strategies as st

from badgepress.model import Attendee
from badgepress.plan.planner import Planner
from badgepress.press.report import badge_entry
from badgepress.sheet.layout import parse_layout
from badgepress.text import bidi
from badgepress.text.fonts import FontBook

from .conftest import ROOT
from .fuzzing import budget, run

LAYOUT = ROOT / "layouts" / "a4-90x55-8up.toml"
#: Variants of the default layout's name field.
VARIANTS = {
    "two lines": {},
    "three lines, each": {"lines": 3, "line_sizes": "each", "align": "left"},
    "one line, right, no condensing": {"lines": 1, "align": "right", "condense": 1.0,
                                       "valign": "top"},
}

#: Letters of every script, marks, spaces, controls, bidi marks and isolates, emoji, private
#: use and unassigned code points: anything a spreadsheet cell can hold (no surrogates).
names = st.one_of(
    st.text(min_size=1, max_size=40),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.text(st.sampled_from("al- \u2066\u2067\u2068\u2069\u200f\u0639\u0644\u064a"
                            "\u0301\u094d\u0915\ud55c\u6771\n"), min_size=1, max_size=200),
    st.builds(lambda w, n: " ".join([w] * n), st.text(min_size=1, max_size=12),
              st.integers(1, 3000)),
)


@cache
def planner(variant: str) -> Planner:
    data = tomllib.loads(LAYOUT.read_text(encoding="utf-8"))
    name_field = next(f for f in data["field"] if f.get("name") == "name")
    name_field.update(VARIANTS[variant])
    lay = parse_layout(data, path=str(LAYOUT), name=variant)
    return Planner(lay, FontBook(system_fonts=False))


def _inside(inner: list[float], outer: list[float]) -> bool:
    tol = 0.01  # the report rounds to 0.001 pt
    return (inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol
            and inner[2] <= outer[2] + tol and inner[3] <= outer[3] + tol)


@budget(60)
@given(first=names, last=names, company=st.text(max_size=80),
       variant=st.sampled_from(sorted(VARIANTS)), index=st.integers(0, 7),
       backend=st.sampled_from(["as installed", "python-bidi"]))
def _any_name(first: str, last: str, company: str, variant: str, index: int,
              backend: str) -> None:
    attendee = Attendee(2, {"first_name": first, "last_name": last, "name": f"{first} {last}",
                            "company": company})
    # Both bidi backends: the fallback (no libfribidi) once failed on isolates.
    restore = bidi._use_backend(backend if backend != "as installed" else bidi.backend())
    try:
        badge = planner(variant).plan(index, attendee)
    finally:
        restore()
    entry = badge_entry(badge)
    for field in entry["fields"]:
        if field["text_box"] is not None:
            assert _inside(field["text_box"], field["box"]), (variant, field)
            assert field["status"] in ("fit", "two-lines", "condensed", "overflow")
            assert all(size > 0 for size in field["sizes"]), field
        else:
            assert field["status"] == "empty" and field["lines"] == []


def test_any_name_is_planned_inside_its_box() -> None:
    run(_any_name)

"""``when`` and ``--where`` are one matcher: case- and accent-insensitive, values and columns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from badgepress.model import Attendee
from badgepress.plan.elements import FaceItems
from badgepress.plan.select import Condition, select
from badgepress.press import build
from badgepress.sheet.layout import load_layout

from .artwork_helpers import attendees, layout

PEOPLE = [
    {"Name": "Ada Lovelace", "Ticket Type": "Speaker", "Café": "OUI", "Régime": "Végétarien"},
    {"Name": "Bo Li", "Ticket Type": "SPEAKER", "Café": "non", "Régime": "vegetarien"},
    {"Name": "Chloé Dubois", "Ticket Type": "attendee", "Café": "Oùi", "Régime": "omnivore"},
    {"Name": "Dan Ek", "Ticket Type": " speaker  ", "Café": "", "Régime": "VÉGÉTARIEN "},
]

BAND = """
[[rect]]
box = {{ x = "0mm", y = "45mm", width = "90mm", height = "10mm" }}
color = "#ff0000"
when = {when}
"""


@pytest.mark.parametrize(("text", "expected"), [
    ("Ticket Type=speaker", ["Ada Lovelace", "Bo Li", "Dan Ek"]),
    ("ticket type = SPEAKER", ["Ada Lovelace", "Bo Li", "Dan Ek"]),
    ("Café=oui", ["Ada Lovelace", "Chloé Dubois"]),
    ("Cafe=OUI", ["Ada Lovelace", "Chloé Dubois"]),  # the column named without its accent
    ("Régime=vegetarien", ["Ada Lovelace", "Bo Li", "Dan Ek"]),
    ("regime!=Végétarien", ["Chloé Dubois"]),
    ("Name=chloe dubois", ["Chloé Dubois"]),
])
def test_when_and_where_match_alike(tmp_path: Path, text: str, expected: list[str]) -> None:
    src = attendees(tmp_path / "people.csv", PEOPLE)
    # --where
    rep = tmp_path / "where.json"
    build(src, tmp_path / "where.pdf", where=[text], report=rep)
    printed = [PEOPLE[b["row"] - 2]["Name"] for b in
               json.loads(rep.read_text(encoding="utf-8"))["badges"]]
    assert printed == [p["Name"] for p in PEOPLE if p["Name"] in expected]
    # when: the band is on exactly the badges --where selects
    lay = load_layout(str(layout(tmp_path, BAND.format(when=json.dumps(text)))))
    items = FaceItems(lay.front, lay.source)
    (band,) = lay.front.rects
    people = [Attendee(i + 2, {k: v for k, v in p.items()}) for i, p in enumerate(PEOPLE)]
    shown = [p.get("Name") for p in people if items.shown(band, p)]
    assert shown == [p["Name"] for p in PEOPLE if p["Name"] in expected]


def test_the_matcher_is_one_for_both() -> None:
    speaker = Condition.parse("Ticket Type=speaker")
    ada = Attendee(2, {"Ticket Type": "Speaker"})
    assert speaker.holds(ada, "Ticket Type")
    assert not Condition.parse("Ticket Type!=SPEAKER").holds(ada, "Ticket Type")
    kept = list(select([ada], where=["ticket type=Spéaker"]))
    assert kept == [ada]

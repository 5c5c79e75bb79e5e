"""Shared fixtures: attendees, a built PDF per layout, and the repo paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from badgepress.model import Attendee, SourceInfo

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ["a4-90x55-8up", "a4-cr80-10up", "letter-4x3-6up", "shop-90x55"]

def edited_layout(tmp_path: Path, old: str, new: str, name: str = "mine.toml") -> Path:
    """A copy of the default shipped layout with ``old`` (which must occur once) replaced."""
    text = (ROOT / "layouts" / "a4-90x55-8up.toml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


NAMES = [
    ("Ana", "Li", "ACME"),
    ("Wolfgang", "Tőkés", "Siemens AG"),
    ("Maria Magdalena", "van der Heijden-Vermeulen", "Rijkswaterstaat"),
    ("José María", "de la Cruz Fernández", "Telefónica"),
    ("Hubert Blaine", "Wolfeschlegelsteinhausenbergerdorff",
     "Internationale Gesellschaft für Zusammenarbeit GmbH"),
    ("Zsófia", "Nagy", "Prezi"),
    ("Bartholomew", "Featherstonehaugh-Cholmondeley", "BBC"),
    ("Nguyễn Thị", "Ánh", "VNG"),
    ("Σωκράτης", "Παπαδόπουλος", "OTE"),
    ("Jo", "Yu", ""),
    ("Анна", "Павлова", "Яндекс"),
]


def make_attendees(names: list[tuple[str, str, str]] = NAMES) -> list[Attendee]:
    return [
        Attendee(i + 2, {"first_name": f, "last_name": last, "name": f"{f} {last}",
                         "company": c, "role": "Speaker" if i % 3 == 0 else "Attendee"})
        for i, (f, last, c) in enumerate(names)
    ]


INFO = SourceInfo("attendees.csv", headers=("First Name", "Last Name", "Company", "Ticket Type"),
                  mapping={"first_name": "First Name", "last_name": "Last Name",
                           "company": "Company", "role": "Ticket Type"})


@pytest.fixture
def attendees() -> list[Attendee]:
    return make_attendees()

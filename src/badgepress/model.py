"""Plain data shared by the readers and the rest of the pipeline.

A reader turns a spreadsheet into a stream of :class:`Attendee` and :class:`Skipped` records
(and :class:`Notice` for row-level warnings), in row order, so that no row is ever lost
silently: each data row becomes exactly one ``Attendee`` or one ``Skipped``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

#: The attendee fields badgepress knows by name. Readers map header names onto these keys;
#: every other column stays available to layouts under its header text.
CANONICAL_FIELDS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "name",
    "company",
    "job_title",
    "role",
    "email",
    "id",
)


@dataclass(frozen=True, slots=True)
class Attendee:
    """One attendee, from one spreadsheet row.

    ``row`` is the row number as the spreadsheet shows it (the header row of a sheet whose
    header is its first row is row 1, so the first attendee is row 2). ``fields`` holds the
    canonical keys (``first_name``, ``last_name``, ``name``, ``company``, ...) that could be
    mapped, plus every column under its header text. ``name`` is always present and non-empty:
    the full-name column, or first and last name joined by a space.
    """

    row: int
    fields: Mapping[str, str]

    def get(self, key: str, default: str = "") -> str:
        """Return the value of ``key`` (canonical key or header text), or ``default``."""
        return self.fields.get(key, default)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A data row that gets no badge, and why (``"blank row"``, ``"no name"``, ...)."""

    row: int
    reason: str


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning about a row (or the whole file when ``row`` is None) that does not drop it."""

    row: int | None
    message: str


Record = Attendee | Skipped | Notice


@dataclass(slots=True)
class SourceInfo:
    """What a reader found out about its file; filled in while it is read."""

    path: str
    sheet: str | None = None
    header_row: int | None = None
    headers: tuple[str, ...] = ()
    #: canonical key -> header text it was read from
    mapping: dict[str, str] = field(default_factory=dict)

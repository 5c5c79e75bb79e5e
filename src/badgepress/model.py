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

#: Standard fields recognised from common headers (``Ticket Type``, ``Pronouns``, ...) for
#: layouts (``{pronouns}``, ``when = "ticket_type=Speaker"``); a file without them leaves
#: them empty. ``ticket_type`` reads the same column as ``role`` when that is a ticket column.
STANDARD_FIELDS: tuple[str, ...] = ("ticket_type", "pronouns")


def is_east_asian(text: str) -> bool:
    """True when ``text`` is all Han ideographs, kana or Hangul."""
    # Han ideographs, kana and Hangul (with the CJK extension blocks), nothing else; and the
    # ideographic iteration and closing marks 々 〆 〇, which are part of names (佐々木, 〆木).
    return bool(text) and all(
        "\u3040" <= c <= "\u30ff" or "\u3400" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af"
        or "\u3005" <= c <= "\u3007"
        or "\U00020000" <= c <= "\U0003134f"
        for c in text
    )


def compose_name(first: str, last: str) -> str:
    """The full name from its parts: "First Last", or, when both are written in Chinese,
    Japanese or Korean script, family name first without a space (张伟, 山田太郎, 김민준).
    """
    if is_east_asian(first) and is_east_asian(last):
        return last + first
    return " ".join(p for p in (first, last) if p)


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

    def __reduce__(self) -> tuple[type[Attendee], tuple[int, Mapping[str, str]]]:
        # Every attendee crosses the reader's pipe pickled: rebuilt by its constructor, not by
        # the generic __setstate__ of a frozen dataclass with slots (which looks its fields
        # up again for each object: about 8 us an attendee in the drawing process).
        return Attendee, (self.row, self.fields)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A data row that gets no badge, and why (``"blank row"``, ``"no name"``, ...).

    ``last_row`` is set on a range of rows skipped for one reason (blank rows ``row`` to
    ``last_row``, both included), so that a sheet with data at row 2 and row 1,048,576 costs
    one record, not a million; None for a single row.
    """

    row: int
    reason: str
    last_row: int | None = None

    @property
    def rows(self) -> int:
        """How many rows this record stands for."""
        return 1 if self.last_row is None else self.last_row - self.row + 1


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
    #: the last row number, when the file tells it cheaply (for progress; None: unknown)
    last_row: int | None = None

"""Standard fields that a column may fill besides the one the header table gives it:
``ticket_type`` (a "Ticket Type" column is both the role printed on a badge and the ticket
type that layouts' ``when`` conditions test) and ``pronouns``.

They are added to each attendee's fields for the layout (``{pronouns}``,
``when = "ticket_type=Speaker"``) by the pipeline, from the header texts the reader found;
a file without such a column leaves them empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from badgepress.model import Attendee
from badgepress.readers._headers import header_key

# (standard key, header texts), in order of preference.
_STANDARD_TABLE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ticket_type", ("Ticket Type", "Ticket type name", "Ticket", "ticket_name", "Ticket name",
                     "Ticket class", "Registration type", "Attendee type", "Participant type",
                     "Category", "Product", "Ticketart", "Ticket-Typ", "Tickettyp",
                     "Kategorie", "Type de billet", "Catégorie", "Tipo de entrada",
                     "Categoría")),
    ("pronouns", ("Pronouns", "Pronoun", "Preferred pronouns", "Your pronouns", "Pronomen",
                  "Pronoms", "Pronombres")),
)
_RANK = {header_key(text): (key, rank)
         for key, texts in _STANDARD_TABLE for rank, text in enumerate(texts)}


def standard_fields(headers: Sequence[str]) -> dict[str, str]:
    """Standard key -> the header text it is read from (the most specific header; the
    leftmost of equals), for the headers a file has.
    """
    best: dict[str, tuple[int, int, str]] = {}
    for column, text in enumerate(headers):
        hit = _RANK.get(header_key(text)) if text else None
        if hit is not None:
            key, rank = hit
            if key not in best or (rank, column) < best[key][:2]:
                best[key] = (rank, column, text)
    return {key: text for key, (_, _, text) in best.items()}


def with_standard(attendee: Attendee, found: Mapping[str, str]) -> Attendee:
    """``attendee`` with the standard fields of :func:`standard_fields` added (a field the
    reader already set is kept).
    """
    fields = attendee.fields
    extra = {key: fields.get(header, "") for key, header in found.items() if key not in fields}
    return Attendee(attendee.row, {**fields, **extra}) if extra else attendee

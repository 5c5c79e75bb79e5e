"""Recognise the header row and map its columns onto badgepress's attendee fields.

Header texts are compared by a *key*: accents stripped, case folded, ``#`` read as ``no``
and everything that is not a letter or digit dropped, so "E-Mail", "e_mail" and "Email"
are the same header, and "Order #" is "Order No".

Rules for the ambiguous headers (documented for users in the report and README):

* "Name" (English, German) is the full name, unless the sheet also has a first-name column
  but no last-name column: German forms write "Vorname | Name", where Name is the surname.
* French "Nom" is always the family name ("Nom complet" is the full name).
* Spanish "Nombre" is the given name when there is an "Apellido(s)" column, else the full
  name. "Primer apellido" and "Segundo apellido" are joined into ``last_name``.
* "Title"/"Titre" is a job title only when no clearer job-title column ("Job Title",
  "Position", ...) exists: on forms it is often an honorific (Dr, Ms).
* When several columns fit one field, the attendee-level one wins over the order-level one
  ("Attendee #" over "Order #", "Email" over "Order Email"); equal candidates: the leftmost,
  with a notice. ``--map`` always wins; ``--map field=""`` unmaps a field.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from badgepress.errors import InputError, NoNameColumnError
from badgepress.model import CANONICAL_FIELDS

# (canonical key, priority, header texts). Lower priority wins when several columns match.
_ALIAS_TABLE: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("first_name", 0, ("First Name", "first_name", "Firstname", "Given name", "Given names",
                       "Forename", "Forenames", "First", "Ticket First Name",
                       "Attendee First Name", "Attendee name: Given name", "Vorname",
                       "Prénom", "Prenom", "Nombre de pila")),
    ("last_name", 0, ("Last Name", "last_name", "Lastname", "Surname", "Family name",
                      "Last", "Ticket Last Name", "Attendee Last Name",
                      "Attendee name: Family name", "Nachname", "Familienname", "Zuname",
                      "Nom", "Nom de famille", "Apellido", "Apellidos", "Primer apellido")),
    ("last_name_2", 0, ("Segundo apellido",)),
    ("name", 0, ("Full name", "Fullname", "Your name", "Ticket Full Name", "Attendee name",
                 "Attendee full name", "Participant name", "Display name", "Badge name",
                 "Name on badge", "Vollständiger Name", "Nom complet", "Nombre completo",
                 "Nombre y apellidos")),
    ("name", 1, ("Name", "Attendee", "Participant", "Teilnehmer", "Teilnehmer Name")),
    ("company", 0, ("Company", "Company name", "Ticket Company Name", "Organisation",
                    "Organization", "Organisation name", "Organization name", "Org",
                    "Affiliation", "Employer", "Institution", "Firma", "Unternehmen",
                    "Arbeitgeber", "Entreprise", "Société", "Organisme", "Empresa",
                    "Organización", "Compañía", "Institución")),
    ("job_title", 0, ("Job Title", "job_title", "Jobtitle", "Job", "Position", "Job position",
                      "Role at company", "Funktion", "Berufsbezeichnung", "Jobtitel",
                      "Fonction", "Poste", "Cargo", "Puesto")),
    ("job_title", 5, ("Title", "Titre")),
    ("role", 0, ("Ticket Type", "Ticket", "ticket_name", "Ticket name", "Product",
                 "Registration type", "Attendee type", "Role", "Category", "Ticketart",
                 "Ticket-Typ", "Tickettyp", "Kategorie", "Rolle", "Type de billet",
                 "Catégorie", "Rôle", "Tipo de entrada", "Categoría", "Rol")),
    ("email", 0, ("Email", "E-mail", "Email address", "Ticket Email", "Attendee email",
                  "Mail", "E-Mail-Adresse", "Courriel", "Adresse e-mail",
                  "Adresse électronique", "Correo electrónico", "Correo")),
    ("email", 1, ("Order Email", "Buyer Email", "Purchaser Email")),
    ("id", 0, ("ID", "Attendee #", "Attendee ID", "Attendee No", "Ticket Reference",
               "Ticket ID", "Ticket number", "Badge ID", "Registration ID", "api_id",
               "User ID", "Member ID", "Participant ID", "Ticket-Nr", "Ticket No", "Ticket #",
               "Ticketnummer", "Ticket-Nummer", "Ticket code", "Teilnehmer-ID",
               "Teilnehmernummer", "Numéro de billet", "Número de entrada")),
    ("id", 1, ("Order #", "Order code", "Order ID", "Order number", "Order reference")),
)

#: The fields that make a row a header row: without one of them there is nothing to print.
NAME_FIELDS = ("first_name", "last_name", "name")


def header_key(text: str) -> str:
    """Return the comparison key of a header: accent-, case- and punctuation-insensitive."""
    decomposed = unicodedata.normalize("NFKD", text.replace("#", " no ").casefold())
    return "".join(c for c in decomposed if c.isalnum())


_ALIASES: dict[str, tuple[str, int]] = {
    header_key(text): (canonical, priority)
    for canonical, priority, texts in _ALIAS_TABLE
    for text in texts
}
# Headers whose meaning depends on the other headers (see the module docstring).
_NAME_OR_SURNAME = header_key("Name")
_NOMBRE = header_key("Nombre")


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index (0 -> A, 25 -> Z, 26 -> AA)."""
    letters = ""
    n = index + 1
    while n:
        n, d = divmod(n - 1, 26)
        letters = chr(ord("A") + d) + letters
    return letters


def quoted_list(texts: Sequence[str]) -> str:
    """``'A', 'B'`` for messages: quoting shows where a header has stray spaces."""
    return ", ".join(repr(t) for t in texts)


def looks_like_header(cells: Sequence[str], wanted: Sequence[str] = ()) -> bool:
    """Whether a row holds a name-like header, or one of the headers the user named."""
    wanted_folded = {w.casefold() for w in wanted if w}
    for cell in cells:
        key = header_key(cell)
        if key == _NOMBRE or _ALIASES.get(key, ("",))[0] in NAME_FIELDS:
            return True
        if cell.casefold() in wanted_folded:
            return True
    return False


@dataclass(slots=True)
class ColumnMap:
    """Where each field comes from: canonical key -> 0-based column indices (joined by a space)."""

    columns: dict[str, list[int]] = field(default_factory=dict)
    #: field name each column is published under in ``Attendee.fields`` (header text)
    field_names: dict[int, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    def describe(self, headers: Sequence[str]) -> dict[str, str]:
        """Canonical key -> header text (``"A + B"`` when a field joins several columns)."""
        return {k: " + ".join(headers[c] for c in cols) for k, cols in self.columns.items()}


def map_columns(
    headers: Sequence[str],
    override: Mapping[str, str] | None,
    *,
    path: str,
    where: str,
) -> ColumnMap:
    """Map header texts (``""`` for blank header cells) to canonical fields.

    ``where`` names the table in messages ("sheet 'Attendees'" or "the file"). Raises
    :class:`InputError` for unknown ``--map`` fields or headers, a needed header that appears
    twice, and a table without any name column.
    """
    result = ColumnMap()
    present = [i for i, h in enumerate(headers) if h]
    _name_columns(headers, present, result, path)

    candidates: dict[str, list[tuple[int, int]]] = {}
    for i in present:
        key = header_key(headers[i])
        if key in _ALIASES:
            canonical, priority = _ALIASES[key]
            candidates.setdefault(canonical, []).append((priority, i))
    _resolve_ambiguous(headers, present, candidates)

    for canonical, found in candidates.items():
        found.sort()
        best_priority, best = found[0]
        result.columns[canonical] = [best]
        rivals = [i for p, i in found[1:] if p == best_priority and headers[i] != headers[best]]
        # A field the caller mapped (--map) needs no notice: its column was chosen.
        if rivals and canonical != "last_name_2" and canonical not in (override or {}):
            result.notices.append(
                f"both {quoted_list([headers[best], *(headers[i] for i in rivals)])} look like "
                f"{canonical}; using {headers[best]!r} (choose with --map {canonical}=\"...\")"
            )
    second = result.columns.pop("last_name_2", None)
    if second and "last_name" in result.columns:
        result.columns["last_name"] += second

    for canonical, header in (override or {}).items():
        _apply_override(canonical, header, headers, result, path)

    for canonical, cols in result.columns.items():
        for col in cols:
            _check_unique(headers, col, path, canonical)
    if not any(k in result.columns for k in NAME_FIELDS):
        listed = quoted_list([headers[i] for i in present])
        raise NoNameColumnError(
            f"no name column found in {where} (headers: {listed}); "
            f'say which column holds the names with --map name="..."',
            path=path, headers=tuple(headers),
        )
    return result


def _resolve_ambiguous(
    headers: Sequence[str], present: list[int], candidates: dict[str, list[tuple[int, int]]]
) -> None:
    keys = {i: header_key(headers[i]) for i in present}
    nombre = [i for i in present if keys[i] == _NOMBRE]
    target = "first_name" if "last_name" in candidates else "name"
    for i in nombre:
        candidates.setdefault(target, []).append((0 if target == "first_name" else 1, i))
    if "first_name" in candidates and "last_name" not in candidates:
        plain_name = [(p, i) for p, i in candidates.get("name", []) if keys[i] == _NAME_OR_SURNAME]
        if plain_name:
            candidates["last_name"] = plain_name
            candidates["name"] = [c for c in candidates["name"] if c not in plain_name]
            if not candidates["name"]:
                del candidates["name"]


def _name_columns(headers: Sequence[str], present: list[int], result: ColumnMap, path: str) -> None:
    # Every column is published under its header text; a repeated header gets its column
    # letter so that no value is hidden behind another.
    seen: dict[str, int] = {}
    for i in present:
        folded = headers[i].casefold()
        if folded in seen:
            first = seen[folded]
            name = f"{headers[i]} ({column_letter(i)})"
            result.notices.append(
                f"header {headers[i]!r} appears twice (columns {column_letter(first)} and "
                f"{column_letter(i)}); the second one is available as {name!r}"
            )
        else:
            seen[folded] = i
            name = headers[i]
        result.field_names[i] = name


def _check_unique(headers: Sequence[str], col: int, path: str, canonical: str) -> None:
    same = [i for i, h in enumerate(headers) if h and h.casefold() == headers[col].casefold()]
    if len(same) > 1:
        letters = " and ".join(column_letter(i) for i in same)
        raise InputError(
            f"header {headers[col]!r} appears {_times(len(same))} (columns {letters}) and "
            f"badgepress needs it for {canonical}; rename one of them",
            path=path,
        )


def _times(n: int) -> str:
    return {2: "twice", 3: "three times"}.get(n, f"{n} times")


def _apply_override(
    canonical: str, header: str, headers: Sequence[str], result: ColumnMap, path: str
) -> None:
    if canonical not in CANONICAL_FIELDS:
        raise InputError(
            f"--map {canonical}=\"{header}\": unknown field {canonical!r}; use one of "
            f"{', '.join(CANONICAL_FIELDS)}",
            path=path,
        )
    if not header:
        result.columns.pop(canonical, None)
        return
    for match in (
        lambda h: h == header,
        lambda h: h.casefold() == header.casefold(),
        lambda h: header_key(h) == header_key(header) != "",
    ):
        cols = [i for i, h in enumerate(headers) if h and match(h)]
        if cols:
            result.columns[canonical] = cols[:1]
            return
    raise InputError(
        f"--map {canonical}=\"{header}\": no such header (headers: "
        f"{quoted_list([h for h in headers if h])}); use a header exactly as it is written",
        path=path,
    )

from __future__ import annotations

from pathlib import Path

import pytest
from readers_helpers import attendees

from badgepress.errors import InputError
from badgepress.readers import open_attendees


def table_of(tmp_path: Path, headers: list[str], row: list[str], **kwargs: object):
    path = tmp_path / "h.csv"
    path.write_text(",".join(headers) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    with open_attendees(path, **kwargs) as table:  # type: ignore[arg-type]
        return table.info.mapping, attendees(table.records())


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (  # Eventbrite
            ["Order #", "First Name", "Last Name", "Email", "Ticket Type", "Attendee #",
             "Company", "Job Title"],
            {"id": "Attendee #", "first_name": "First Name", "last_name": "Last Name",
             "email": "Email", "role": "Ticket Type", "company": "Company",
             "job_title": "Job Title"},
        ),
        (  # pretix
            ["Order code", "Attendee name", "Attendee name: Given name",
             "Attendee name: Family name", "Product", "Company", "E-mail"],
            {"id": "Order code", "name": "Attendee name",
             "first_name": "Attendee name: Given name",
             "last_name": "Attendee name: Family name", "role": "Product",
             "company": "Company", "email": "E-mail"},
        ),
        (  # Tito
            ["Ticket Reference", "Ticket", "Ticket Full Name", "Ticket First Name",
             "Ticket Last Name", "Ticket Email", "Ticket Company Name"],
            {"id": "Ticket Reference", "role": "Ticket", "name": "Ticket Full Name",
             "first_name": "Ticket First Name", "last_name": "Ticket Last Name",
             "email": "Ticket Email", "company": "Ticket Company Name"},
        ),
        (  # Luma
            ["api_id", "name", "first_name", "last_name", "email", "ticket_name"],
            {"id": "api_id", "name": "name", "first_name": "first_name",
             "last_name": "last_name", "email": "email", "role": "ticket_name"},
        ),
        (["Name", "User ID"], {"name": "Name", "id": "User ID"}),  # Meetup
        (  # Google Forms
            ["Timestamp", "Full name", "Organization", "Email Address"],
            {"name": "Full name", "company": "Organization", "email": "Email Address"},
        ),
        (["Your name", "Affiliation", "Position"],
         {"name": "Your name", "company": "Affiliation", "job_title": "Position"}),
        (["Forename", "Surname", "Employer", "Category"],
         {"first_name": "Forename", "last_name": "Surname", "company": "Employer",
          "role": "Category"}),
        (  # German: "Name" next to "Vorname" is the surname
            ["Vorname", "Name", "Unternehmen", "Funktion", "E-Mail"],
            {"first_name": "Vorname", "last_name": "Name", "company": "Unternehmen",
             "job_title": "Funktion", "email": "E-Mail"},
        ),
        (  # French: Nom is the family name
            ["Prénom", "Nom", "Société", "Poste", "Courriel"],
            {"first_name": "Prénom", "last_name": "Nom", "company": "Société",
             "job_title": "Poste", "email": "Courriel"},
        ),
        (["NOM", "Organisme", "Fonction"],
         {"last_name": "NOM", "company": "Organisme", "job_title": "Fonction"}),
        (  # Spanish: Nombre is the given name next to Apellidos
            ["Nombre", "Apellidos", "Empresa", "Cargo", "Correo electrónico"],
            {"first_name": "Nombre", "last_name": "Apellidos", "company": "Empresa",
             "job_title": "Cargo", "email": "Correo electrónico"},
        ),
        (["Nombre", "Organización", "Puesto"],
         {"name": "Nombre", "company": "Organización", "job_title": "Puesto"}),
        (  # "Title" yields to a clearer job title column
            ["Title", "First Name", "Last Name", "Job Title"],
            {"first_name": "First Name", "last_name": "Last Name", "job_title": "Job Title"},
        ),
        (["Name", "Title"], {"name": "Name", "job_title": "Title"}),
        (["  first   NAME ", "LAST_NAME", "e_mail"],
         {"first_name": "first NAME", "last_name": "LAST_NAME", "email": "e_mail"}),
    ],
)
def test_common_exports_are_mapped(
    tmp_path: Path, headers: list[str], expected: dict[str, str]
) -> None:
    mapping, _ = table_of(tmp_path, headers, ["x"] * len(headers))
    assert mapping == expected


def test_spanish_two_family_names_are_joined(tmp_path: Path) -> None:
    mapping, [a] = table_of(
        tmp_path,
        ["Nombre", "Primer apellido", "Segundo apellido"],
        ["José María", "de la Cruz", "Fernández"],
    )
    assert mapping["last_name"] == "Primer apellido + Segundo apellido"
    assert a.fields["last_name"] == "de la Cruz Fernández"
    assert a.fields["name"] == "José María de la Cruz Fernández"


def test_full_name_column_wins_when_filled_else_name_is_composed(tmp_path: Path) -> None:
    path = tmp_path / "n.csv"
    path.write_text("Full name,First Name,Last Name\nDr. Ada King,Ada,Lovelace\n,Grace,\n",
                    encoding="utf-8")
    with open_attendees(path) as table:
        names = [a.fields["name"] for a in attendees(table.records())]
    assert names == ["Dr. Ada King", "Grace"]


def test_map_overrides_and_unmaps(tmp_path: Path) -> None:
    mapping, [a] = table_of(
        tmp_path,
        ["Teilnehmer Vorname", "Teilnehmer Nachname", "Title"],
        ["Ada", "Lovelace", "Dr"],
        mapping={"first_name": "Teilnehmer Vorname", "last_name": "teilnehmer nachname",
                 "job_title": ""},
    )
    assert mapping == {"first_name": "Teilnehmer Vorname", "last_name": "Teilnehmer Nachname"}
    assert a.fields["name"] == "Ada Lovelace"
    assert "job_title" not in a.fields
    assert a.fields["Title"] == "Dr"


def test_rival_columns_give_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Name,Email,E-mail\nAda,a@x,b@x\n", encoding="utf-8")
    with open_attendees(path) as table:
        assert table.info.mapping["email"] == "Email"
        first = next(iter(table.records()))
    assert first.message == (  # type: ignore[union-attr]
        "both 'Email', 'E-mail' look like email; using 'Email' (choose with --map email=\"...\")"
    )


def test_unneeded_duplicate_header_is_kept_under_its_column_letter(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("Name,Notes,Company,Notes\nAda,one,A,two\n", encoding="utf-8")
    with open_attendees(path) as table:
        records = list(table.records())
    assert records[0].message == (  # type: ignore[union-attr]
        "header 'Notes' appears twice (columns B and D); the second one is available as "
        "'Notes (D)'"
    )
    assert attendees(records)[0].fields["Notes (D)"] == "two"


def test_needed_duplicate_header_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("Name,Email,Company,Email\nAda,a,A,b\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        open_attendees(path)
    assert str(err.value) == (
        f"{path}: header 'Email' appears twice (columns B and D) and badgepress needs it for "
        "email; rename one of them"
    )

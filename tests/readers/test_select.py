from __future__ import annotations

import pytest

from badgepress.errors import BadgepressError
from badgepress.model import Attendee, Notice, Record, Skipped
from badgepress.plan.select import collation_key, select


def person(row: int, first: str, last: str, company: str = "", role: str = "Attendee",
           email: str = "") -> Attendee:
    fields = {
        "First Name": first, "Last Name": last, "Company": company, "Ticket Type": role,
        "Email": email, "first_name": first, "last_name": last, "company": company,
        "role": role, "email": email, "name": f"{first} {last}".strip(),
    }
    return Attendee(row, fields)


PEOPLE: list[Record] = [
    person(2, "Jan", "van der Berg", "Philips", "Speaker"),
    person(3, "Émile", "Zola", "Gallimard"),
    Skipped(4, "blank row"),
    person(5, "Ana", "de la Cruz Fernández", "Telefónica", "speaker"),
    person(6, "Ludwig", "von Beethoven", "Wiener", "Staff"),
    person(7, "Łukasz", "Żółkiewski", "PKO"),
    person(8, "Anna", "Abel", "Acme"),
    person(9, "Ahmed", "al-Rashid", "Aramco"),
    person(10, "Ellen", "Ångström", "Volvo"),
    person(11, "zoe", "adams", "Acme"),
]


def names(records: list[Record]) -> list[str]:
    return [r.fields["last_name"] for r in records if isinstance(r, Attendee)]


def test_where_keeps_every_row_accounted() -> None:
    out = list(select(PEOPLE, where=["Ticket Type=Speaker"]))
    assert names(out) == ["van der Berg", "de la Cruz Fernández"]
    assert Skipped(3, "not selected by --where 'Ticket Type=Speaker'") in out
    rows = sorted(r.row for r in out if isinstance(r, Attendee | Skipped))
    assert rows == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]


def test_where_not_equal_canonical_key_and_several_conditions() -> None:
    out = list(select(PEOPLE, where=["role!=speaker", "COMPANY = acme"]))
    assert names(out) == ["Abel", "adams"]


def test_sort_by_last_name_ignores_particles_case_and_accents() -> None:
    out = list(select(PEOPLE, sort="last_name"))
    assert out[0] == Skipped(4, "blank row")
    assert names(out) == [
        "Abel", "adams", "Ångström", "von Beethoven", "van der Berg", "de la Cruz Fernández",
        "al-Rashid", "Zola", "Żółkiewski",
    ]


def test_sort_by_header_text_of_family_name_and_by_company() -> None:
    assert names(list(select(PEOPLE, sort="Last Name")))[:4] == [
        "Abel", "adams", "Ångström", "von Beethoven"
    ]
    companies = [r.fields["company"] for r in select(PEOPLE, sort="company")
                 if isinstance(r, Attendee)]
    assert companies[:3] == ["Acme", "Acme", "Aramco"]  # stable for ties: Abel before adams


def test_collation_key() -> None:
    assert collation_key("van der Berg", family_name=True) < collation_key("Bos", family_name=True)
    assert collation_key("Room 9") < collation_key("Room 10")
    assert collation_key("Łódź") == collation_key("lodz")
    assert collation_key("van", family_name=True) == collation_key("Van")


def test_duplicates_are_flagged_not_dropped() -> None:
    records: list[Record] = [
        person(2, "Ada", "Lovelace", "Analytical", email="ada@example.org"),
        person(3, "ADA", "Lovélace", "analytical"),
        person(4, "A.", "King", "Other", email="Ada@Example.org"),
        person(5, "Ada", "Lovelace", "Somewhere else"),
    ]
    out = list(select(records))
    assert out == [
        records[0],
        records[1], Notice(3, "possible duplicate of row 2 (same name and company)"),
        records[2], Notice(4, "possible duplicate of row 2 (same email)"),
        records[3],
    ]


def test_duplicate_notice_follows_its_attendee_when_sorted() -> None:
    records: list[Record] = [person(2, "Zed", "Zulu", "Z"), person(3, "Zed", "Zulu", "Z"),
                             person(4, "Al", "Alpha")]
    out = list(select(records, sort="name"))
    assert out == [records[2], records[0], records[1],
                   Notice(3, "possible duplicate of row 2 (same name and company)")]


@pytest.mark.parametrize("bad", ["Ticket Type", "=Speaker", "role"])
def test_invalid_where(bad: str) -> None:
    with pytest.raises(BadgepressError) as err:
        list(select(PEOPLE, where=[bad]))
    assert str(err.value) == (
        f"--where {bad!r} is not of the form COLUMN=VALUE or COLUMN!=VALUE "
        '(for example --where "Ticket Type=Speaker")'
    )


def test_unknown_keys_list_the_columns() -> None:
    with pytest.raises(BadgepressError) as err:
        list(select(PEOPLE, sort="Shoe size"))
    assert str(err.value) == (
        "--sort 'Shoe size': no such column (columns: 'First Name', 'Last Name', 'Company', "
        "'Ticket Type', 'Email', 'first_name', 'last_name', 'company', 'role', 'email', 'name')"
    )
    with pytest.raises(BadgepressError) as err:
        select(PEOPLE, where=["Size=XL"], columns=["Name", "Company"]).__next__()
    assert str(err.value) == "--where 'Size': no such column (columns: 'Name', 'Company')"


def test_letters_outside_basic_latin_sort_with_their_base_letter() -> None:
    names = ["Zhukov", "Əliyev", "Ŋgugi", "ʻAkana", "Ɓello", "Ɛkow", "Adams", "Egbe", "Nnamdi",
             "Ɔkyere", "Ðorđević", "Þórsdóttir", "Oyelaran"]
    ordered = sorted(names, key=collation_key)
    assert ordered == ["Adams", "ʻAkana", "Ɓello", "Ðorđević", "Egbe", "Ɛkow", "Əliyev",
                       "Ŋgugi", "Nnamdi", "Ɔkyere", "Oyelaran", "Þórsdóttir", "Zhukov"]


def test_digits_of_any_script_do_not_crash_the_sort() -> None:
    assert collation_key("Room ፩") == ((1, "room ፩"),)  # Ethiopic one: a number, not decimal
    assert collation_key("Room ٣") == collation_key("Room 3")  # Arabic-Indic three
    people: list[Record] = [person(2, "A", "፩"), person(3, "B", "Abebe"), person(4, "C", "10")]
    assert names(list(select(people, sort="last_name"))) == ["10", "Abebe", "፩"]

"""Who is who across versions of a list (``web.store.versions``): ticket id, e-mail, name and
company; duplicates within one version; a corrected ticket id; a re-read of the same file;
desk corrections and their conflicts.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from badgepress.web.store.versions import Row, Stored, correct, identity, keyed, match


def _old(id_: int, fields: dict[str, str], *, row: int = 0, in_list: bool = True,
         history: bool = False, corrections: dict[str, dict[str, str]] | None = None
         ) -> Stored:
    return Stored(id_, keyed([fields])[0], row or id_ + 1, dict(fields), in_list, history,
                  corrections or {})


def test_identity_is_the_ticket_else_the_email_else_the_name_and_company() -> None:
    assert identity({"id": " T-1 ", "email": "a@x.org", "name": "Ann"}) == "id:t-1"
    assert identity({"email": "Ann@X.org", "name": "Ann"}) == "email:ann@x.org"
    assert identity({"name": "Zoë  Müller", "company": "ACME"}) == "name:zoe muller|acme"
    assert identity({"name": "Zoë Müller"}) == "name:zoe muller"
    # the same person however the list spells the case, accents and spaces
    assert identity({"name": "ZOE MULLER", "company": " acme"}) == identity(
        {"name": "Zoë Müller", "company": "ACME"})


def test_duplicates_within_one_version_are_separate_attendees() -> None:
    rows = [{"name": "Li Wei"}, {"name": "Li Wei"}, {"name": "li wei"}]
    assert keyed(rows) == ["name:li wei", "name:li wei#2", "name:li wei#3"]


def test_rows_are_matched_by_ticket_id_whatever_else_changed() -> None:
    old = [_old(1, {"id": "T1", "name": "Ann Lee"}), _old(2, {"id": "T2", "name": "Bob"})]
    new = [Row(5, {"id": "T2", "name": "Robert"}), Row(6, {"id": "T1", "name": "Ann Lee"})]
    out = match(old, new)
    assert [(o.old.id if o.old else None, o.how) for o in out] == [(2, "key"), (1, "key")]
    assert out[0].edits == ({"field": "name", "old": "Bob", "new": "Robert"},)
    assert out[1].edits == ()


def test_a_corrected_ticket_id_is_found_by_email_then_by_name() -> None:
    old = [_old(1, {"id": "T1", "name": "Ann", "email": "ann@x.org"}),
           _old(2, {"id": "T2", "name": "Bob", "company": "ACME"})]
    new = [Row(2, {"id": "T1x", "name": "Ann", "email": "ann@x.org"}),
           Row(3, {"id": "T2x", "name": "Bob", "company": "Acme"})]
    out = match(old, new)
    assert [(o.old.id if o.old else None, o.how, o.key) for o in out] == [
        (1, "email", "id:t1x"), (2, "name", "id:t2x")]
    assert out[0].edits == ({"field": "id", "old": "T1", "new": "T1x"},)


def test_an_ambiguous_fallback_is_not_guessed() -> None:
    # two Bobs at ACME: a corrected ticket id cannot say which one it was
    old = [_old(1, {"id": "T1", "name": "Bob", "company": "ACME"}),
           _old(2, {"id": "T2", "name": "Bob", "company": "ACME"})]
    out = match(old, [Row(2, {"id": "T9", "name": "Bob", "company": "ACME"})])
    assert out[0].old is None  # a new attendee
    assert {o.old.id for o in out[1:] if o.old} == {1, 2}  # both not in the new version


def test_the_same_file_read_with_another_mapping_matches_row_by_row() -> None:
    # mapping the ticket column changes every identity; the rows are the same rows
    old = [_old(1, {"name": "Ann", "email": "a@x"}, row=2),
           _old(2, {"name": "Bob", "email": "b@x"}, row=3)]
    new = [Row(2, {"name": "Ann", "email": "a@x", "id": "T1"}),
           Row(3, {"name": "Bob", "email": "b@x", "id": "T2"})]
    out = match(old, new, same_file=True)
    assert [(o.old.id if o.old else None, o.how, o.key) for o in out] == [
        (1, "row", "id:t1"), (2, "row", "id:t2")]


def test_an_attendee_missing_from_the_new_version_is_an_outcome_without_a_row() -> None:
    old = [_old(1, {"id": "T1", "name": "Ann"}, history=True), _old(2, {"id": "T2", "name": "B"})]
    out = match(old, [Row(2, {"id": "T2", "name": "B"})])
    gone = [o for o in out if o.new is None]
    assert [(o.old.id, o.old.history) for o in gone if o.old] == [(1, True)]


def test_an_attendee_not_in_the_list_comes_back_with_their_id() -> None:
    old = [_old(1, {"id": "T1", "name": "Ann"}, in_list=False, history=True)]
    out = match(old, [Row(9, {"id": "T1", "name": "Ann"})])
    assert out[0].old is not None and out[0].old.id == 1


def test_a_desk_correction_stays_until_the_list_says_the_same() -> None:
    fields, fixes = correct({"name": "Jon Smith", "last_name": "Smith"}, {},
                            {"name": "Jon Smith", "last_name": "Smith"}, {"name": "John Smith"})
    assert fields["name"] == "John Smith"
    assert fixes == {"name": {"list": "Jon Smith", "desk": "John Smith"}}
    old = _old(1, {"id": "T1", **fields}, corrections=fixes, history=True)
    # the list still says "Jon": the desk's name stays, no conflict
    out = match([old], [Row(2, {"id": "T1", "name": "Jon Smith", "last_name": "Smith"})])[0]
    assert (out.fields["name"], out.corrections, out.conflicts, out.edits) == (
        "John Smith", fixes, (), ())
    # the list now says "John": the correction ends
    out = match([old], [Row(2, {"id": "T1", "name": "John Smith", "last_name": "Smith"})])[0]
    assert (out.fields["name"], out.corrections) == ("John Smith", {})
    # the list says something else: a conflict, the desk's value stays on the badge
    out = match([old], [Row(2, {"id": "T1", "name": "Jonathan Smith", "last_name": "Smith"})])[0]
    assert out.fields["name"] == "John Smith"
    assert out.conflicts == ({"field": "name", "list_was": "Jon Smith",
                              "list_now": "Jonathan Smith", "desk": "John Smith"},)


def test_a_correction_set_back_to_the_list_value_is_no_correction() -> None:
    listed = {"name": "Ann"}
    fields, fixes = correct(listed, {}, listed, {"name": "Anne"})
    fields, fixes = correct(fields, fixes, listed, {"name": "Ann"})
    assert (fields, fixes) == ({"name": "Ann"}, {})


names = st.text(alphabet="abcAB éü-", min_size=1, max_size=8)


@given(st.lists(st.fixed_dictionaries({"name": names, "company": names}), max_size=12),
       st.randoms(use_true_random=False))
def test_every_old_attendee_and_every_new_row_has_exactly_one_outcome(
        rows: list[dict[str, str]], rnd: object) -> None:
    old = [_old(i, r) for i, r in enumerate(rows)]
    new_rows = list(rows)
    rnd.shuffle(new_rows)  # type: ignore[attr-defined]
    new = [Row(i + 2, r) for i, r in enumerate(new_rows[: len(new_rows) // 2 + 1])]
    out = match(old, new)
    assert [o.new for o in out if o.new is not None] == new
    olds = [o.old.id for o in out if o.old is not None]
    assert sorted(olds) == sorted(set(olds)) == list(range(len(rows)))
    # a row of the new version identical to an old one is that old attendee
    for o in out:
        if o.new is not None and o.old is not None:
            assert identity(o.new.fields).split("#")[0] == identity(o.old.fields).split("#")[0]

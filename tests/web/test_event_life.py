"""A real event's life through the API: lists that change after the first print, a mapping
changed after a print, attendees dropped from the list kept with their history.
"""

from __future__ import annotations

from typing import Any

from web_helpers import Web


def _csv(web: Web, event: str, text: str, name: str = "list.csv") -> Any:
    return web.client.post(f"/api/events/{event}/import",
                           files={"file": (name, text.encode("utf-8"))})


def _find(web: Web, event: str, q: str) -> dict[str, Any]:
    found = web.client.get(f"/api/events/{event}/attendees", params={"q": q}).json()
    assert len(found) == 1, found
    return dict(found[0])


def test_a_newer_list_without_a_printed_attendee_keeps_them_with_their_prints(web: Web) -> None:
    event = web.event()
    r = _csv(web, event, "Ticket ID,Name,Company\nT1,Ann Lee,ACME\nT2,Bob Ray,Initech\n")
    assert r.status_code == 200, r.text
    ann = _find(web, event, "ann")
    printed = web.client.post(f"/api/events/{event}/attendees/{ann['id']}/print",
                              json={"desk": "D1"})
    assert printed.status_code == 202
    # v2 drops Ann: answered (it crashed with a FOREIGN KEY error), Ann kept, not in the list
    r = _csv(web, event, "Ticket ID,Name,Company\nT2,Bob Ray,Initech\nT3,Cy Doe,Umbrella\n")
    assert r.status_code == 200, r.text
    changes = r.json()["changes"]
    assert (changes["added"], changes["removed"], changes["kept"]) == (1, 0, 1)
    assert changes["examples"]["kept"] == ["Ann Lee"]
    kept = web.client.get(f"/api/events/{event}/attendees/{ann['id']}").json()
    assert (kept["in_list"], kept["printed"], kept["prints"][0]["desk"]) == (False, 1, "D1")
    # an attendee with no desk history is simply removed
    assert web.client.get(f"/api/events/{event}/attendees",
                          params={"q": "bob"}).json()[0]["in_list"] is True
    csv = web.client.get(f"/api/events/{event}/export.csv").content.decode("utf-8-sig")
    ann_line = next(line for line in csv.splitlines() if "Ann Lee" in line)
    assert ann_line.endswith(",no,no")  # not in the list, not corrected
    # v3 has Ann again: the same attendee, with her print
    r = _csv(web, event, "Ticket ID,Name,Company\nT1,Ann Lee,ACME\nT2,Bob Ray,Initech\n")
    assert r.status_code == 200, r.text
    back = web.client.get(f"/api/events/{event}/attendees/{ann['id']}").json()
    assert (back["in_list"], back["printed"]) == (True, 1)


def test_a_corrected_ticket_id_keeps_the_person(web: Web) -> None:
    event = web.event()
    _csv(web, event, "Ticket-Nr,Name,Email\nT1,Ann Lee,ann@x.org\nT2,Bob Ray,bob@x.org\n")
    ann = _find(web, event, "ann")
    web.client.post(f"/api/events/{event}/attendees/{ann['id']}/print", json={"desk": "D"})
    r = _csv(web, event, "Ticket-Nr,Name,Email\nT1-fixed,Ann Lee,ann@x.org\nT2,Bob Ray,bob@x.org\n")
    assert r.status_code == 200, r.text
    changes = r.json()["changes"]
    assert (changes["added"], changes["removed"], changes["kept"], changes["edited"]) == (
        0, 0, 0, 1)
    assert changes["examples"]["edited"][0]["changes"] == [
        {"field": "Ticket-Nr", "old": "T1", "new": "T1-fixed"}]
    again = web.client.get(f"/api/events/{event}/attendees/{ann['id']}").json()
    assert (again["ticket"], again["printed"], again["in_list"]) == ("T1-fixed", 1, True)


def test_a_mapping_changed_after_a_print_is_a_mapping_change(web: Web) -> None:
    event = web.event()
    rows = "".join(f"T{i},Person {i},{'Speaker' if i % 3 else 'Staff'},Gold\n"
                   for i in range(60))
    _csv(web, event, "Ticket ID,Name,Role,Ticket-Typ\n" + rows)
    first = _find(web, event, "T1")
    web.client.post(f"/api/events/{event}/attendees/{first['id']}/print", json={"desk": "D"})
    r = web.client.post(f"/api/events/{event}/mapping", json={"role": "Ticket-Typ"})
    assert r.status_code == 200, r.text
    changes = r.json()["changes"]
    # it was reported as "60 added, 60 removed" and crashed after a print
    assert (changes["added"], changes["removed"], changes["kept"], changes["edited"]) == (
        0, 0, 0, 60)
    assert changes["mapping"] == [{"field": "role", "old": "Role", "new": "Ticket-Typ"}]
    again = web.client.get(f"/api/events/{event}/attendees/{first['id']}").json()
    assert (again["role"], again["printed"]) == ("Gold", 1)


def test_duplicates_in_one_version_stay_two_attendees(web: Web) -> None:
    event = web.event()
    r = _csv(web, event, "Name,Company\nLi Wei,ACME\nLi Wei,ACME\n")
    assert r.json()["imported"] == 2
    ids = [a["id"] for a in web.client.get(f"/api/events/{event}/attendees").json()]
    r = _csv(web, event, "Name,Company\nLi Wei,ACME\nLi Wei,ACME\n")
    assert r.json()["changes"]["unchanged"] == 2
    assert [a["id"] for a in web.client.get(f"/api/events/{event}/attendees").json()] == ids


def test_the_changes_pages_take_whole_numbers_only(web: Web) -> None:
    event = web.event()
    _csv(web, event, "Name\nAnn\n")
    _csv(web, event, "Name\nAnn\nBob\n")
    r = web.client.get(f"/api/events/{event}/changes", params={"kind": "added"})
    assert r.json() == {"kind": "added", "total": 1, "offset": 0, "items": ["Bob"]}
    for bad in ("1" * 5000, "²", "-1"):  # 5,000 digits was a 500 (int()'s limit)
        r = web.client.get(f"/api/events/{event}/changes", params={"offset": bad})
        assert r.status_code == 400 and "offset must be a whole number" in r.json()["error"]
        assert web.client.get(f"/events/{event}/changes", params={"page": bad}).status_code \
            == 400

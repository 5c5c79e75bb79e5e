"""The desk at 10,000 attendees, through the API: search answers a page (``limit``, default
50, at most 200; ``offset``; ``paged=1``) with the exact total, best match first; other
spellings find names in other scripts and umlauts ("smirnov" finds Смирнов, "mueller"
Müller); results carry the ticket type; the event's counts (``/stats``) and who has not
arrived yet (``arrived=no``), both open to the desk role.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient
from web_helpers import BASE, Web

from badgepress.web.store.events import desk_token


def _csv(web: Web, event: str, text: str, name: str = "list.csv") -> None:
    r = web.client.post(f"/api/events/{event}/import",
                        files={"file": (name, text.encode("utf-8"))})
    assert r.status_code == 200, r.text


def _find(web: Web, event: str, **params: Any) -> Any:
    r = web.client.get(f"/api/events/{event}/attendees", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def _names(found: Any) -> list[str]:
    rows = found["attendees"] if isinstance(found, dict) else found
    return [a["name"] for a in rows]


@pytest.fixture
def crowd(web: Web) -> str:
    """260 attendees named "Alpha ...", and three with Alpha elsewhere in their name."""
    event = web.event()
    rows = [f"Person{i:03},Alpha,Co{i % 7},T{i}" for i in range(260)]
    rows += ["Alphabet,Soup,Letters,X1", "Zed,Alphaville,Films,X2", "Ann,Noalpha,Inside,X3"]
    _csv(web, event, "First Name,Last Name,Company,Ticket-Nr\n" + "\n".join(rows) + "\n")
    return event


def test_a_search_answers_a_page_with_the_total(web: Web, crowd: str) -> None:
    # The plain list answer (old clients): capped at 50 by default, at 200 at most.
    assert len(_find(web, crowd, q="alpha")) == 50
    assert len(_find(web, crowd, q="alpha", limit=120)) == 120
    assert len(_find(web, crowd, q="alpha", limit=1000)) == 200
    assert len(_find(web, crowd)) == 50  # no query: the list in row order, capped too
    # paged=1 or an offset: {"total", "attendees"}, the total counted exactly.
    first = _find(web, crowd, q="alpha", paged=1)
    assert first["total"] == 263 and len(first["attendees"]) == 50
    pages = [_find(web, crowd, q="alpha", limit=100, offset=o) for o in (0, 100, 200)]
    assert [p["total"] for p in pages] == [263, 263, 263]
    ids = [a["id"] for p in pages for a in p["attendees"]]
    assert len(ids) == 263 and len(set(ids)) == 263  # every one once, nobody twice
    assert _find(web, crowd, q="alpha", offset=300) == {"total": 263, "attendees": []}
    # Best match first: the name word whole, then names starting with it, then the rest.
    names = _names(pages[2])
    assert set(names[-3:-1]) == {"Alphabet Soup", "Zed Alphaville"}  # shorter text first
    assert names[-1] == "Ann Noalpha"
    assert _names(pages[0])[0] == "Person000 Alpha"
    everyone = _find(web, crowd, paged=1, limit=10, offset=5)
    assert everyone["total"] == 263 and _names(everyone)[0] == "Person005 Alpha"
    # Two words, and nothing found.
    two = _find(web, crowd, q="alpha co3", paged=1)
    assert two["total"] == len([i for i in range(260) if i % 7 == 3])
    assert _find(web, crowd, q="nobody here", paged=1) == {"total": 0, "attendees": []}
    # A scanned ticket code finds that attendee alone, in either answer.
    assert _names(_find(web, crowd, q="T12", paged=1)) == ["Person012 Alpha"]


@pytest.mark.parametrize("params", [{"limit": "0"}, {"limit": "ten"}, {"offset": "-1"},
                                    {"limit": "1.5"}, {"arrived": "maybe"}, {"paged": "2"}])
def test_a_page_asked_wrongly_is_one_line(web: Web, crowd: str, params: dict[str, str]
                                          ) -> None:
    r = web.client.get(f"/api/events/{crowd}/attendees", params={"q": "a", **params})
    assert r.status_code == 400
    assert list(r.json()) == ["error"] and "\n" not in r.json()["error"]


def test_other_spellings_find_names_in_other_scripts(web: Web) -> None:
    event = web.event()
    _csv(web, event, "First Name,Last Name,Company\n"
         "Иван,Смирнов,Газпром\nΓιώργος,Παπαδόπουλος,OTE\nΕυάγγελος,Νικολάου,Athens\n"
         "Jürgen,Müller,Siemens\nHans,Mueller,Bosch\nAnn,Muller,ACME\nSøren,Kierkegård,Tivoli\n"
         "Ivan,Smirnoff,Vodka Ltd\nАндрей,Петров,Yandex\nMaria,Straße,Street\n")

    def found(q: str) -> list[str]:
        return _names(_find(web, event, q=q))

    assert found("smirnov") == ["Иван Смирнов"]
    assert found("smir") == ["Иван Смирнов", "Ivan Smirnoff"]
    assert found("ivan smirnov") == ["Иван Смирнов"]
    assert found("gazprom") == ["Иван Смирнов"]  # the company too
    assert found("papadopoulos") == ["Γιώργος Παπαδόπουλος"]
    assert found("giorgos") == ["Γιώργος Παπαδόπουλος"]
    assert found("evangelos") == ["Ευάγγελος Νικολάου"]
    assert found("andrey") == found("andrei") == ["Андрей Петров"]
    # German and Danish letters spelled out, both ways where it makes sense.
    assert found("mueller") == ["Hans Mueller", "Jürgen Müller"]
    assert set(found("müller")) == {"Jürgen Müller", "Hans Mueller", "Ann Muller"}
    assert set(found("muller")) == {"Jürgen Müller", "Ann Muller"}
    assert found("juergen") == ["Jürgen Müller"]
    assert found("soeren") == found("søren") == ["Søren Kierkegård"]
    assert found("strasse") == ["Maria Straße"]
    # A query in the other script finds the Latin spelling too, and its own script first.
    assert found("Смирнов") == ["Иван Смирнов"]
    assert set(found("Смирноф")) == {"Ivan Smirnoff"}
    assert found("Παπαδόπουλος") == ["Γιώργος Παπαδόπουλος"]
    # The total counts each attendee once, however many spellings found them.
    assert _find(web, event, q="müller", paged=1)["total"] == 3


def test_results_carry_the_ticket_type(web: Web) -> None:
    event = web.event()
    _csv(web, event, "First Name,Last Name,Ticket Type,Ticket ID\nAnn,Lee,Speaker,T-1\n"
         "Bob,Ray,,T-2\n")
    people = {a["name"]: a for a in _find(web, event)}
    assert people["Ann Lee"]["ticket_type"] == "Speaker"
    assert people["Ann Lee"]["ticket"] == "T-1"
    assert people["Bob Ray"]["ticket_type"] == ""
    other = web.event("Other")
    _csv(web, other, "Name,Ticket\nCy Doe,T-9\n")
    assert _find(web, other)[0]["ticket_type"] == "T-9"  # as a layout's {ticket_type} has it
    r = web.client.post(f"/api/events/{other}/mapping", json={"id": "Ticket", "role": ""})
    assert r.status_code == 200, r.text
    assert _find(web, other)[0]["ticket_type"] == ""  # "Ticket" is the ticket id here
    walkin = web.client.post(f"/api/events/{other}/attendees",
                             json={"first_name": "Wal", "role": "Press"})
    assert walkin.status_code == 201
    assert _find(web, other, q="wal")[0]["ticket_type"] == ""  # the role is its own field


def _print(web: Web, event: str, aid: int) -> None:
    r = web.client.post(f"/api/events/{event}/attendees/{aid}/print", json={"desk": "D1"})
    assert r.status_code == 202 and r.json()["state"] != "failed", r.text


def test_the_counts_and_who_has_not_arrived(web: Web) -> None:
    event = web.event()
    _csv(web, event, "First Name,Last Name,Email\nAnn,Lee,ann@x.org\nBob,Ray,bob@x.org\n"
         "Cy,Doe,cy@x.org\nDee,Fox,dee@x.org\n")
    stats = web.client.get(f"/api/events/{event}/stats").json()
    assert stats == {"attendees": 4, "checked_in": 0, "printed": 0, "walk_ins": 0,
                     "not_in_list": 0, "not_arrived": 4}
    ids = {a["name"]: a["id"] for a in _find(web, event)}
    _print(web, event, ids["Ann Lee"])
    _print(web, event, ids["Bob Ray"])
    walkin = web.client.post(f"/api/events/{event}/attendees",
                             json={"first_name": "Wal", "last_name": "Kin"}).json()["id"]
    assert web.client.get(f"/api/events/{event}/stats").json() == {
        "attendees": 5, "checked_in": 2, "printed": 2, "walk_ins": 1, "not_in_list": 0,
        "not_arrived": 2}
    not_yet = _find(web, event, arrived="no", paged=1)
    assert not_yet["total"] == 2 and _names(not_yet) == ["Cy Doe", "Dee Fox"]
    assert _names(_find(web, event, arrived="no", q="dee")) == ["Dee Fox"]
    assert _find(web, event, arrived="no", q="ann", paged=1)["total"] == 0
    assert _names(_find(web, event, arrived="yes")) == ["Ann Lee", "Bob Ray"]
    _print(web, event, walkin)
    # A newer list without Ann (printed: kept, not in the list) and with Eve.
    _csv(web, event, "First Name,Last Name,Email\nBob,Ray,bob@x.org\nCy,Doe,cy@x.org\n"
         "Dee,Fox,dee@x.org\nEve,Ng,eve@x.org\n", "v2.csv")
    assert web.client.get(f"/api/events/{event}/stats").json() == {
        "attendees": 5, "checked_in": 2, "printed": 2, "walk_ins": 1, "not_in_list": 1,
        "not_arrived": 3}
    assert _names(_find(web, event, arrived="no")) == ["Cy Doe", "Dee Fox", "Eve Ng"]
    ann = _find(web, event, q="ann lee")[0]
    assert ann["in_list"] is False and ann["printed"] == 1  # still found, with their print
    assert web.client.get("/api/events/nope/stats").status_code == 404


def test_the_desk_role_sees_the_counts_and_the_not_arrived(web: Web) -> None:
    event, other = web.event(), web.event("Other")
    _csv(web, event, "First Name,Last Name\nAnn,Lee\n")
    desk = TestClient(web.asgi, base_url=BASE,
                      headers={"Authorization": f"Bearer {desk_token(web.state.store, event)}"})
    assert desk.get(f"/api/events/{event}/stats").json()["attendees"] == 1
    r = desk.get(f"/api/events/{event}/attendees", params={"arrived": "no", "paged": "1"})
    assert r.status_code == 200 and r.json()["total"] == 1
    r = desk.get(f"/api/events/{event}/attendees", params={"q": "lee", "offset": "0"})
    assert r.status_code == 200 and r.json()["total"] == 1
    assert desk.get(f"/api/events/{other}/stats").status_code == 403

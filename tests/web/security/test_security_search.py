"""Finding 6: a desk cannot tie up the CPU with searches. A query is cut to 200 characters and
5 different words; a client's searches run one at a time (the newest waiting one wins) and at
most 10 a second; searches run in worker threads, few at once. So one query of 7,000 x "e"
over 10,020 attendees is milliseconds (it took 23.7 s), and a desk's normal search waits little
while another desk sends 45 searches of 700 one-letter words at once (it waited 15.5 s).
"""

from __future__ import annotations

import statistics
import threading
import time
from pathlib import Path

from live_server import Server
from starlette.testclient import TestClient
from web_helpers import BASE, Web, big_list

from badgepress.web.edge.searches import BURST
from badgepress.web.store.events import desk_token
from badgepress.web.store.index import QUERY_WORDS, SearchIndex, entry

PEOPLE = 10_020


def test_a_query_is_cut_to_a_few_words() -> None:
    index = SearchIndex(entry(i, {"name": f"Eee Eeeson{i}", "company": "Eeee"})
                        for i in range(PEOPLE))
    start = time.perf_counter()
    hits = index.search(" ".join(["e"] * 7000), 20)
    took = time.perf_counter() - start
    assert len(hits) == 20 and took < 1.0, took
    # Only the first few different words count: a sixth word is not required.
    words = " ".join(f"w{i}" for i in range(QUERY_WORDS))
    small = SearchIndex([entry(1, {"name": words})])
    assert small.search(words + " nowhere") != []


def test_searches_beyond_the_rate_are_answered_429(web: Web) -> None:
    event = web.event()
    web.client.post(f"/api/events/{event}/attendees", json={"first_name": "Ana"})
    with TestClient(web.asgi, base_url=BASE) as client:  # one event loop, as a server's
        answers = [client.get(f"/api/events/{event}/attendees", params={"q": "ana"})
                   for _ in range(int(BURST) + 10)]
    refused = [r for r in answers if r.status_code == 429]
    assert 5 <= len(refused) <= 12
    assert refused[0].json() == {"error": "too many searches from this desk (more than 10 a "
                                 "second); wait a moment"}
    # Another client (the organiser here, a desk link there) is not slowed by that one.
    token = desk_token(web.state.store, event)
    other = web.client.get(f"/api/events/{event}/attendees", params={"q": "ana"},
                           headers={"Authorization": f"Bearer {token}"})
    assert other.status_code == 200


def test_a_search_waits_little_while_another_desk_floods(tmp_path: Path) -> None:
    web = Web(tmp_path / "data")
    event = web.event()
    assert web.upload(event, big_list(tmp_path / "big.csv", PEOPLE)).status_code == 200
    token = desk_token(web.state.store, event)
    server = Server(tmp_path / "data")
    try:
        attack = "/api/events/" + event + "/attendees?limit=200&q=" + "+".join(["e"] * 700)
        normal = f"/api/events/{event}/attendees?q=lovelace+anna&limit=20"
        assert server.request("GET", normal)[0] == 200
        waits, answers = [], []
        for _ in range(8):  # rounds of 45 searches sent at once by one desk
            ready = threading.Barrier(46)

            def flood(ready: threading.Barrier = ready) -> None:
                ready.wait()
                answers.append(server.request(
                    "GET", attack, headers={"Authorization": f"Bearer {token}"})[0])

            threads = [threading.Thread(target=flood) for _ in range(45)]
            for t in threads:
                t.start()
            ready.wait()
            time.sleep(0.02)
            start = time.perf_counter()
            status, found = server.request("GET", normal)
            waits.append(time.perf_counter() - start)
            assert status == 200 and found
            for t in threads:
                t.join(30)
            time.sleep(1.0)
    finally:
        server.stop()
    assert answers.count(200) >= 8 and set(answers) == {200, 429}
    # Tens of milliseconds on an idle machine (benchmarks/bench_search_flood.py); the bound
    # leaves room for a loaded CI machine and is still far from the 15.5 s of the audit.
    assert statistics.median(waits) < 0.25 and max(waits) < 1.0, waits

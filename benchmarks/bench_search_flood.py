"""A desk's search while another desk floods the server with searches (issue 23, finding 6).

    python benchmarks/bench_search_flood.py [--rounds 20]

A real ``badgepress serve`` on 127.0.0.1 over 10,020 attendees. Reports, in ms:
- the worst single searches, alone: one query of 7,000 x "e", one of 700 one-letter words,
  ``q=e`` (the most matches), each with the API's largest page (``limit=200``);
- a normal search (``q=lovelace anna``, ``limit=20``, as the desk sends) alone, and while one
  desk link sends 45 searches of 700 one-letter words at once (a round every second): p50,
  p95 and the worst of its waits, and how the 45 were answered (200 or 429).
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "web"))

from live_server import Server
from web_helpers import Web, big_list

from badgepress.web.store.events import desk_token

PEOPLE = 10_020


def _get(port: int, path: str, token: str | None = None) -> tuple[int, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    start = time.perf_counter()
    conn.request("GET", path, headers={"Authorization": f"Bearer {token}"} if token else {})
    r = conn.getresponse()
    r.read()
    conn.close()
    return r.status, (time.perf_counter() - start) * 1000


def _pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--attack", default="+".join(["e"] * 700))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        web = Web(Path(tmp) / "data")
        event = web.event()
        web.upload(event, big_list(Path(tmp) / "list.csv", PEOPLE))
        token = desk_token(web.state.store, event)
        server = Server(Path(tmp) / "data")
        try:
            base = f"/api/events/{event}/attendees?"
            for name, q in (("7,000 x e", "e" * 7000), ("700 one-letter words",
                                                        "+".join("etaoinshrdlu"[i % 12]
                                                                 for i in range(700))),
                            ("q=e", "e")):
                took = min(_get(server.port, base + f"limit=200&q={q}")[1] for _ in range(3))
                print(f"alone, {name}: {took:.1f} ms")
                time.sleep(0.5)
            normal = base + "limit=20&q=lovelace+anna"
            alone = [_get(server.port, normal)[1] for _ in range(20)]
            print(f"normal search alone: p50 {statistics.median(alone):.1f} ms, "
                  f"p95 {_pct(alone, 95):.1f} ms")
            attack = base + "limit=200&q=" + args.attack
            waits: list[float] = []
            answers: list[int] = []
            for _ in range(args.rounds):
                ready = threading.Barrier(46)

                def flood(ready: threading.Barrier = ready) -> None:
                    ready.wait()
                    answers.append(_get(server.port, attack, token)[0])

                threads = [threading.Thread(target=flood) for _ in range(45)]
                for t in threads:
                    t.start()
                ready.wait()
                time.sleep(0.02)
                waits.append(_get(server.port, normal)[1])
                for t in threads:
                    t.join()
                time.sleep(1.0)
            print(f"normal search under 45 parallel searches: p50 {statistics.median(waits):.1f}"
                  f" ms, p95 {_pct(waits, 95):.1f} ms, worst {max(waits):.1f} ms "
                  f"({args.rounds} rounds; the 45: {answers.count(200)} answered, "
                  f"{answers.count(429)} refused 429)")
        finally:
            server.stop()


if __name__ == "__main__":
    main()

"""The desks' search budget: one desk (or script) cannot slow another's search down.

A search is cheap (a query is cut to a few words: :mod:`badgepress.web.store.index`), but
CPU time is shared: 45 searches at once from one client would hold every worker thread and
the interpreter's lock, and a volunteer's search would wait behind them. So searches pass a
gate, per client (its address and the token or cookie it holds):

- **one at a time**: a client's searches run one after the other; of those waiting, only the
  newest runs, the others are answered 429 (a desk shows only its latest query's answer);
- **a rate**: at most :data:`RATE` searches a second on average (bursts of :data:`BURST`),
  beyond that 429 with one line;
- **few at once overall**: at most :data:`RUNNING` searches run at the same time, in worker
  threads (never on the event loop), first come first served.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from badgepress.errors import InputError

T = TypeVar("T")

#: Searches a second a client may send on average, and in one burst.
RATE, BURST = 10.0, 20.0
#: Searches that run at the same time, whoever sent them (about the machine's cores).
RUNNING = 2


class TooManySearchesError(InputError):
    """A client sent searches faster than the gate lets through (the app answers 429)."""


@dataclass
class _Client:
    tokens: float
    stamp: float
    turn: asyncio.Lock = field(default_factory=asyncio.Lock)
    latest: int = 0


class SearchGate:
    """The gate above; :meth:`run` a search through it."""

    def __init__(self, *, rate: float = RATE, burst: float = BURST,
                 running: int = RUNNING, what: str = "searches from this desk") -> None:
        self.rate, self.burst, self.running = rate, burst, running
        #: what the refusal says was too many
        self.what = what
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots = asyncio.Semaphore(running)
        self._clients: dict[str, _Client] = {}

    def _admit(self, key: str) -> _Client:
        """The client's state, one token taken; ``TooManySearchesError`` when it has none."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # the server has one loop; a test client one a request
            self._loop, self._slots, self._clients = loop, asyncio.Semaphore(self.running), {}
        now = time.monotonic()
        if len(self._clients) > 4096:  # forget the clients idle for a minute
            self._clients = {k: c for k, c in self._clients.items()
                             if c.turn.locked() or now - c.stamp < 60}
        c = self._clients.setdefault(key, _Client(self.burst, now))
        c.tokens = min(self.burst, c.tokens + (now - c.stamp) * self.rate)
        c.stamp = now
        if c.tokens < 1:
            raise TooManySearchesError(f"too many {self.what} (more than {self.rate:g} a "
                                       "second); wait a moment")
        c.tokens -= 1
        return c

    async def run(self, key: str, search: Callable[[], T]) -> T:
        """``search()`` in a worker thread once the gate lets it through (see the module
        docstring); ``TooManySearchesError`` when refused or replaced by a newer search.
        """
        c = self._admit(key)
        c.latest += 1
        mine = c.latest
        async with c.turn:  # one at a time per client
            if c.latest != mine:
                raise TooManySearchesError("replaced by a newer search from this desk")
            async with self._slots:  # few at a time overall
                return await run_in_threadpool(search)


def client_key(request: Request) -> str:
    """Who is searching: the client's address and a digest of the token or cookie it holds
    (desks on one laptop share an address; their links differ).
    """
    host = request.client.host if request.client else "?"
    held = (request.headers.get("authorization", "") + "|"
            + request.headers.get("cookie", ""))
    return host + "|" + hashlib.sha256(held.encode("utf-8", "surrogatepass")).hexdigest()[:16]

"""Finding an attendee at the desk from a few typed letters, or a scanned ticket code.

Every attendee's name, company, email and ticket id are folded once (case and accents off,
locale-free, as ``--where`` folds: "Zoë" is "zoe", "Müller" "muller"), so a query is one
``str.find`` pass over all their texts joined, then a score for those found: about 2 ms
(median) for 10,000 attendees. Every word of
the query must occur somewhere; attendees whose name holds the words whole rank first, then
those whose name words start with them, then the same over all their text, then shorter texts,
then the order of the list. A query that is exactly an attendee's ticket id or email
(what a barcode scanner types) finds that attendee alone.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from badgepress.plan.select import fold

#: The attendee fields a desk search looks in (the canonical keys of badgepress.model).
SEARCHED = ("name", "first_name", "last_name", "company", "email", "id", "ticket_type",
            "role", "job_title")
_NAMES = ("name", "first_name", "last_name")
#: The most of a query searched: its first 200 characters, and its first 5 different words
#: (a longer query costs more and finds nothing more on a badge).
QUERY_CHARS, QUERY_WORDS = 200, 5


@dataclass(frozen=True, slots=True)
class Entry:
    """One searchable attendee: ``key`` identifies them to the caller."""

    key: int
    text: str  # folded, words separated by single spaces, a space before and after each
    name: str  # the same of the name fields alone
    codes: frozenset[str]  # folded ticket id and email, matched whole


@dataclass(frozen=True, slots=True)
class Hit:
    """An attendee found: ``key`` as given to the index; ``exact`` for a whole-code match."""

    key: int
    exact: bool


def entry(key: int, fields: dict[str, str], folded: str | None = None) -> Entry:
    """The searchable form of an attendee's ``fields`` (attendee field key -> text).
    ``folded``: the text to search in, already folded, when it is more than the
    :data:`SEARCHED` fields (the web app searches every column of the list).
    """
    name = _spaced(fold(" ".join(fields.get(k, "") for k in _NAMES)))
    text = _spaced(folded if folded is not None
                   else fold(" ".join(fields.get(k, "") for k in SEARCHED)))
    codes = frozenset(fold(fields[k]).strip() for k in ("id", "email") if fields.get(k, "").strip())
    return Entry(key, text, name, codes)


def _spaced(text: str) -> str:
    """``text``'s words separated by single spaces, with a space before and after."""
    return " " + " ".join(text.split()) + " "


class SearchIndex:
    """The desk's attendees, searchable as typed. Add and replace entries as attendees change.

    The entries' texts are also kept joined in one string, made again after a change, so that
    finding the attendees that hold a word is ``str.find`` at C speed over all of them; only
    those found are scored in Python. Ticket codes and e-mails are kept in a dictionary.
    """

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._entries: dict[int, Entry] = {}
        self._codes: dict[str, dict[int, None]] = {}
        self._joined: tuple[list[Entry], list[int], str] | None = None
        for e in entries:
            self.put(e)

    def put(self, e: Entry) -> None:
        """Add ``e``, or replace the entry with its key."""
        self.remove(e.key, keep_place=True)
        self._entries[e.key] = e
        for code in e.codes:
            self._codes.setdefault(code, {})[e.key] = None
        self._joined = None

    def remove(self, key: int, *, keep_place: bool = False) -> None:
        """Forget the attendee ``key`` (if present)."""
        old = self._entries.get(key)
        if old is None:
            return
        for code in old.codes:
            self._codes.get(code, {}).pop(key, None)
        if not keep_place:  # a replaced entry keeps its place in the order
            del self._entries[key]
        self._joined = None

    def __len__(self) -> int:
        return len(self._entries)

    def _holding(self, word: str) -> list[tuple[int, Entry]]:
        """``(place, entry)`` of the entries whose text holds ``word``, in order."""
        if self._joined is None:
            entries = list(self._entries.values())
            starts, at = [], 0
            for e in entries:
                starts.append(at)
                at += len(e.text) + 1
            self._joined = (entries, starts, "\n".join(e.text for e in entries))
        entries, starts, joined = self._joined
        if word not in joined:
            return []
        out: list[tuple[int, Entry]] = []
        find, pos, end = joined.find, 0, len(starts)
        while True:
            i = find(word, pos)
            if i < 0:
                return out
            k = bisect.bisect_right(starts, i) - 1
            out.append((k, entries[k]))
            pos = starts[k + 1] if k + 1 < end else len(joined)

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """The attendees matching ``query`` (cut to :data:`QUERY_CHARS` and
        :data:`QUERY_WORDS`), best first, at most ``limit``.
        """
        q = fold(query[:QUERY_CHARS]).strip()
        if not q:
            return []
        exact = self._codes.get(q)
        if exact:
            return [Hit(key, True) for key in list(exact)[:limit]]
        words: Sequence[str] = list(dict.fromkeys(q.split()))[:QUERY_WORDS]
        # The entries holding the longest word first (str.find over every text at once), then
        # a score for those few.
        found = self._holding(max(words, key=len))
        if len(words) == 1:  # what a volunteer types first: no per-word loops
            w = words[0]
            ws, ww = " " + w, " " + w + " "
            # Only attendees with a word starting with it can rank above the rest (who then
            # go by length and order): score those, and take the rest only as needed.
            starting = {i for i, _ in self._holding(ws)}
            scored = sorted((-(ww in e.name), -(ws in e.name), -(ww in e.text), -1,
                             len(e.text), i, e.key) for i, e in found if i in starting)
            if len(scored) < limit:
                scored += heapq.nsmallest(limit - len(scored), (
                    (0, 0, 0, 0, len(e.text), i, e.key) for i, e in found
                    if i not in starting))
        else:
            starts = [" " + w for w in words]
            wholes = [" " + w + " " for w in words]
            scored = sorted(
                (-sum(w in e.name for w in wholes), -sum(w in e.name for w in starts),
                 -sum(w in e.text for w in wholes), -sum(w in e.text for w in starts),
                 len(e.text), i, e.key)
                for i, e in found if all(w in e.text for w in words))
        return [Hit(key, False) for *_, key in scored[:limit]]

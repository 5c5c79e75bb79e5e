"""Finding an attendee at the desk from a few typed letters, or a scanned ticket code.

Every attendee's name, company, email and ticket id are folded once (case and accents off,
locale-free, as ``--where`` folds: "Zoë" is "zoe", "Müller" "muller"), so a query costs one
substring test per word per attendee: a few milliseconds for 10,000 attendees. Every word of
the query must occur somewhere; attendees whose name holds the words whole rank first, then
those whose name words start with them, then the same over all their text, then shorter texts,
then the order of the list. A query that is exactly an attendee's ticket id or email
(what a barcode scanner types) finds that attendee alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from badgepress.plan.select import fold

#: The attendee fields a desk search looks in (the canonical keys of badgepress.model).
SEARCHED = ("name", "first_name", "last_name", "company", "email", "id", "ticket_type",
            "role", "job_title")
_NAMES = ("name", "first_name", "last_name")


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
    """The desk's attendees, searchable as typed. Add and replace entries as attendees change."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._entries: dict[int, Entry] = {}
        for e in entries:
            self.put(e)

    def put(self, e: Entry) -> None:
        """Add ``e``, or replace the entry with its key."""
        self._entries[e.key] = e

    def remove(self, key: int) -> None:
        """Forget the attendee ``key`` (if present)."""
        self._entries.pop(key, None)

    def __len__(self) -> int:
        return len(self._entries)

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """The attendees matching ``query``, best first, at most ``limit``."""
        q = fold(query).strip()
        if not q:
            return []
        exact = [Hit(e.key, True) for e in self._entries.values() if q in e.codes]
        if exact:
            return exact[:limit]
        words: Sequence[str] = q.split()
        # A filter in one comprehension first (most attendees fail it), then a score for the
        # few that pass: this keeps a 10,000-attendee search to a few milliseconds.
        entries = list(self._entries.values())
        if len(words) == 1:  # what a volunteer types first: no per-word loops
            w = words[0]
            ws, ww = " " + w, " " + w + " "
            scored = sorted((-(ww in e.name), -(ws in e.name), -(ww in e.text), -(ws in e.text),
                             len(e.text), i, e.key)
                            for i, e in enumerate(entries) if w in e.text)
        else:
            starts = [" " + w for w in words]
            wholes = [" " + w + " " for w in words]
            scored = sorted(
                (-sum(w in e.name for w in wholes), -sum(w in e.name for w in starts),
                 -sum(w in e.text for w in wholes), -sum(w in e.text for w in starts),
                 len(e.text), i, e.key)
                for i, e in enumerate(entries) if all(w in e.text for w in words))
        return [Hit(key, False) for *_, key in scored[:limit]]

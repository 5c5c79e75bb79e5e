"""Finding an attendee at the desk from a few typed letters, or a scanned ticket code.

Every attendee's name, company, email and ticket id are folded once (case and accents off,
locale-free, as ``--where`` folds: "Zoë" is "zoe", "Müller" "muller"), so a query is one
``str.find`` pass over all their texts joined, then a score for those found: about 2 ms
(median) for 10,000 attendees. Every word of
the query must occur somewhere; attendees whose name holds the words whole rank first, then
those whose name words start with them, then the same over all their text, then shorter texts,
then the order of the list. A query that is exactly an attendee's ticket id or email
(what a barcode scanner types) finds that attendee alone.

**Other spellings.** A word in another script, or with letters that have a spelling of their
own, is folded once more into the Latin spellings a volunteer would type (:func:`spellings`),
kept beside the attendee's text: "Смирнов" is also "smirnov", "Παπαδόπουλος" "papadopoulos",
"Müller" "mueller", "Søren" "soeren". A query in such letters is searched in each of its own
spellings too ("Müller" finds Mueller and Muller; "Смирнов" finds Smirnov), best score kept.
The romanisation is anyascii's (ISC licence, every script, a table per Unicode block),
with the Greek digraphs that it spells letter by letter (ου, αυ, ευ, γγ) first set as Greek
passports spell them.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from anyascii import anyascii

from badgepress.plan.select import fold

#: The attendee fields a desk search looks in (the canonical keys of badgepress.model).
SEARCHED = ("name", "first_name", "last_name", "company", "email", "id", "ticket_type",
            "role", "job_title")
_NAMES = ("name", "first_name", "last_name")

#: Letters that German, Danish and Norwegian spell out when typed without them.
_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ø": "oe",
                              "å": "aa", "æ": "ae"})
_VOICELESS = "θκξπστφχψ"
#: Greek digraphs as passports spell them (ELOT 743), before the letter-by-letter rest.
_GREEK = re.compile(r"ου|[αεη]υ|γγ|γξ|γχ|^μπ|^ντ")
_GREEK_SPELLED = {"ου": "ou", "γγ": "ng", "γξ": "nx", "γχ": "nch", "μπ": "b", "ντ": "d"}
_VOWEL_U = {"α": "a", "ε": "e", "η": "i"}


def _greek(match: re.Match[str]) -> str:
    pair = match.group()
    if pair in _GREEK_SPELLED:
        return _GREEK_SPELLED[pair]
    # αυ, ευ, ηυ: "av" before a vowel or a voiced consonant, "af" before a voiceless one
    after = match.string[match.end():match.end() + 1]
    return _VOWEL_U[pair[0]] + ("f" if after and after in _VOICELESS else "v")


def _latin(text: str) -> str:
    """``text`` (lower case) in ASCII letters, as anyascii spells it; the apostrophes that
    stand for the Cyrillic hard and soft signs dropped ("наталья": "natalya").
    """
    return anyascii(text).lower().replace("'", "")


@functools.lru_cache(maxsize=1 << 16)
def spellings(word: str) -> tuple[str, ...]:
    """The other ways a volunteer may type ``word`` (one word, any script), folded, besides
    its own fold: ``"Müller"`` -> ``("mueller",)``, ``"Смирнов"`` -> ``("smirnov",)``,
    ``"Андрей"`` -> ``("andrey", "andrei")``; ``()`` for a word of plain ASCII letters.
    """
    if word.isascii():
        return ()
    low = unicodedata.normalize("NFC", word.lower())
    own = fold(low)
    greek = _GREEK.sub(_greek, own)
    # Letter by letter from the word as written too, where no Greek digraph was spelled:
    # "андрей" is "andrey" so, and "andrei" from its fold ("андреи").
    out = dict.fromkeys((fold(low.translate(_SPELLED_OUT)), _latin(greek),
                         _latin(low) if greek == own else ""))
    return tuple(w for w in out if w and w != own and " " not in w)


def respelled(text: str) -> str:
    """The words of ``text`` that have other spellings, in those spellings (space-separated)."""
    return " ".join(s for w in text.split() for s in spellings(w))


@dataclass(frozen=True, slots=True)
class Entry:
    """One searchable attendee: ``key`` identifies them to the caller."""

    key: int
    text: str  # folded, words separated by single spaces, a space before and after each
    name: str  # the same of the name fields alone
    codes: frozenset[str]  # folded ticket id and email, matched whole
    size: int  # the length of the text as written (before other spellings): shorter first


@dataclass(frozen=True, slots=True)
class Hit:
    """An attendee found: ``key`` as given to the index; ``exact`` for a whole-code match."""

    key: int
    exact: bool


@dataclass(frozen=True, slots=True)
class Found:
    """A page of what a query found: ``total`` attendees in all, ``hits`` best first."""

    total: int
    hits: list[Hit]


def entry(key: int, fields: dict[str, str], folded: str | None = None) -> Entry:
    """The searchable form of an attendee's ``fields`` (attendee field key -> text).
    ``folded``: the text to search in, already folded, when it is more than the
    :data:`SEARCHED` fields (the web app searches every column of the list). The words of
    the :data:`SEARCHED` fields are also kept in their other :func:`spellings`.
    """
    names = " ".join(fields.get(k, "") for k in _NAMES)
    searched = " ".join(fields.get(k, "") for k in SEARCHED)
    own = _spaced(folded if folded is not None else fold(searched))
    codes = frozenset(fold(fields[k]).strip() for k in ("id", "email") if fields.get(k, "").strip())
    if searched.isascii():
        return Entry(key, own, _spaced(fold(names)), codes, len(own))
    return Entry(key, _spaced(own + respelled(searched)), _spaced(fold(names) + " " +
                 respelled(names)), codes, len(own))


def _spaced(text: str) -> str:
    """``text``'s words separated by single spaces, with a space before and after."""
    return " " + " ".join(text.split()) + " "


def _query_forms(query: str) -> list[str]:
    """The folded forms a query is searched in: its fold, and for a query in other letters
    the :func:`spellings` of its words as well.
    """
    own = fold(query).strip()
    if query.isascii() or not own:
        return [own] if own else []
    words = query.split()
    forms = dict.fromkeys([own])
    for i in range(3):  # each kind of other spelling of every word at once
        forms[" ".join((spellings(w) + (fold(w),) * 3)[i] for w in words)] = None
    return [f for f in forms if f.strip()]


#: A score: smaller is better (whole-word name matches, word starts, length, list order).
_Score = tuple[int, int, int, int, int, int, int]


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
        """The attendees matching ``query``, best first, at most ``limit``."""
        return self.page(query, limit).hits

    def page(self, query: str, limit: int = 20, offset: int = 0,
             among: Collection[int] | None = None) -> Found:
        """The attendees matching ``query``, best first: how many in all, and ``limit`` of them
        from ``offset`` on. ``among``: only these keys count (a filter, such as not arrived).
        """
        forms = _query_forms(query)
        if not forms:
            return Found(0, [])
        exact = self._codes.get(forms[0])
        if exact:
            keys = [k for k in exact if among is None or k in among]
            return Found(len(keys), [Hit(k, True) for k in keys[offset:offset + limit]])
        need = offset + limit
        if len(forms) == 1:
            found, best = self._scored(forms[0].split(), need, among)
            total = len(found)
        else:  # a query in other letters: each of its spellings, the best score of each key
            union: set[int] = set()
            scores: dict[int, _Score] = {}
            for form in forms:
                found, best = self._scored(form.split(), need, among)
                union.update(e.key for _, e in found)
                for score in best:
                    kept = scores.get(score[-1])
                    if kept is None or score < kept:
                        scores[score[-1]] = score
            best, total = sorted(scores.values())[:need], len(union)
        return Found(total, [Hit(s[-1], False) for s in best[offset:need]])

    def _scored(self, words: Sequence[str], need: int, among: Collection[int] | None
                ) -> tuple[list[tuple[int, Entry]], list[_Score]]:
        """The entries holding every word, and the best ``need`` of their scores, best first."""
        # The entries holding the longest word first (str.find over every text at once), then
        # a score for those few.
        found = self._holding(max(words, key=len))
        if among is not None:
            found = [(i, e) for i, e in found if e.key in among]
        if len(words) == 1:  # what a volunteer types first: no per-word loops
            w = words[0]
            ws, ww = " " + w, " " + w + " "
            # Only attendees with a word starting with it can rank above the rest (who then
            # go by length and order): score those, and take the rest only as needed.
            starting = {i for i, _ in self._holding(ws)}
            scored: list[_Score] = heapq.nsmallest(need, (
                (-(ww in e.name), -(ws in e.name), -(ww in e.text), -1, e.size, i, e.key)
                for i, e in found if i in starting))
            if len(scored) < need:
                scored += heapq.nsmallest(need - len(scored), (
                    (0, 0, 0, 0, e.size, i, e.key) for i, e in found if i not in starting))
            return found, scored
        found = [(i, e) for i, e in found if all(w in e.text for w in words)]
        starts = [" " + w for w in words]
        wholes = [" " + w + " " for w in words]
        return found, heapq.nsmallest(need, (
            (-sum(w in e.name for w in wholes), -sum(w in e.name for w in starts),
             -sum(w in e.text for w in wholes), -sum(w in e.text for w in starts),
             e.size, i, e.key)
            for i, e in found))

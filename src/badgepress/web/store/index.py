"""Finding an attendee at the desk from a few typed letters, or a scanned ticket code.

Every attendee's name, company, email and ticket id are folded once (case and accents off,
locale-free, as ``--where`` folds: "Zoë" is "zoe", "Müller" "muller"), so a query is a test
of every text in C loops, then a score for those found: a few milliseconds for 10,000
attendees, one-letter queries that find them all included. Every word of
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

import functools
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import contains, eq, neg

from anyascii import anyascii

from badgepress.plan.select import fold

#: The attendee fields a desk search looks in (the canonical keys of badgepress.model).
SEARCHED = ("name", "first_name", "last_name", "company", "email", "id", "ticket_type",
            "role", "job_title")
_NAMES = ("name", "first_name", "last_name")
#: The most of a query searched: its first 200 characters, and its first 5 different words
#: (a longer query costs more and finds nothing more on a badge).
QUERY_CHARS, QUERY_WORDS = 200, 5

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
    the :func:`spellings` of its words as well; of the query, its first :data:`QUERY_CHARS`
    characters and first :data:`QUERY_WORDS` different words only.
    """
    words = list(dict.fromkeys(query[:QUERY_CHARS].split()))[:QUERY_WORDS]
    query = " ".join(words)
    own = fold(query).strip()
    if query.isascii() or not own:
        return [own] if own else []
    forms = dict.fromkeys([own])
    for i in range(3):  # each kind of other spelling of every word at once
        forms[" ".join((spellings(w) + (fold(w),) * 3)[i] for w in words)] = None
    return [f for f in forms if f.strip()]


#: A score: smaller is better (whole-word name matches, word starts; then shorter texts, then
#: the order of the list, which the place in :class:`SearchIndex`'s kept order is), and the key.
_Score = tuple[int, int, int, int, int, int]


class SearchIndex:
    """The desk's attendees, searchable as typed. Add and replace entries as attendees change.

    The entries are kept in the order that breaks ties (shorter texts first, then the order
    they were added in), their texts, names and keys in lists made again after a change. A
    query tests every text with C loops only (``map``, ``compress``: about 50 ns an attendee),
    so that a one-letter query that 10,000 attendees match costs what a rare name does; the
    best of those found are then chosen by score. Ticket codes and e-mails are kept in a
    dictionary.
    """

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._entries: dict[int, Entry] = {}
        self._codes: dict[str, dict[int, None]] = {}
        self._lists: _Lists | None = None
        for e in entries:
            self.put(e)

    def put(self, e: Entry) -> None:
        """Add ``e``, or replace the entry with its key."""
        self.remove(e.key, keep_place=True)
        self._entries[e.key] = e
        for code in e.codes:
            self._codes.setdefault(code, {})[e.key] = None
        self._lists = None

    def remove(self, key: int, *, keep_place: bool = False) -> None:
        """Forget the attendee ``key`` (if present)."""
        old = self._entries.get(key)
        if old is None:
            return
        for code in old.codes:
            self._codes.get(code, {}).pop(key, None)
        if not keep_place:  # a replaced entry keeps its place in the order
            del self._entries[key]
        self._lists = None

    def __len__(self) -> int:
        return len(self._entries)

    def _kept(self) -> _Lists:
        """The entries' texts, names and keys, in tie-break order."""
        if self._lists is None:
            added = list(self._entries.values())
            entries = [added[k] for k in sorted(range(len(added)),
                                                key=lambda k: (added[k].size, k))]
            texts, names = [e.text for e in entries], [e.name for e in entries]
            self._lists = _Lists((texts, "\n".join(texts)), (names, "\n".join(names)),
                                 [e.key for e in entries])
        return self._lists

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
            total, best = self._scored(forms[0].split(), need, among)
        else:  # a query in other letters: each of its spellings, the best score of each key
            union: set[int] = set()
            scores: dict[int, _Score] = {}
            for form in forms:
                _, best = self._scored(form.split(), need, among, union)
                for score in best:
                    kept = scores.get(score[-1])
                    if kept is None or score < kept:
                        scores[score[-1]] = score
            best, total = sorted(scores.values())[:need], len(union)
        return Found(total, [Hit(s[-1], False) for s in best[offset:need]])

    def _scored(self, words: Sequence[str], need: int, among: Collection[int] | None,
                union: set[int] | None = None) -> tuple[int, list[_Score]]:
        """How many entries hold every word, and the best ``need`` of their scores, best
        first; the keys found are added to ``union`` when given.
        """
        kept = self._kept()
        (texts, _), keys = kept.texts, kept.keys
        words = sorted(words, key=len, reverse=True)  # the longest first: it finds fewest
        found: list[int] = list(compress(range(len(texts)), map(contains, texts,
                                                                 repeat(words[0]))))
        for w in words[1:]:
            found = list(compress(found, map(contains, map(texts.__getitem__, found),
                                             repeat(w))))
        if among is not None:
            found = list(compress(found, map(among.__contains__, map(keys.__getitem__, found))))
        if union is not None:
            union.update(map(keys.__getitem__, found))
        if not found:
            return 0, []
        starts = [" " + w for w in words]
        wholes = [" " + w + " " for w in words]
        levels = [(kept.names, wholes), (kept.names, starts), (kept.texts, wholes),
                  (kept.texts, starts)]
        return len(found), _best(found, levels, need, (), keys)


#: Strings in the index's order, and the same joined by newlines (to ask "anywhere?" once).
_Column = tuple[list[str], str]
#: What a score's parts count, in order: (the strings, the parts looked for in each).
_Levels = list[tuple[_Column, list[str]]]


@dataclass(frozen=True, slots=True)
class _Lists:
    """A :class:`SearchIndex`'s entries in tie-break order: texts, names, keys."""

    texts: _Column
    names: _Column
    keys: list[int]


def _best(found: list[int], levels: _Levels, need: int, prefix: tuple[int, ...],
          keys: list[int]) -> list[_Score]:
    """The best ``need`` scores of the places ``found`` (ascending: tie-break order), the
    parts of the score in ``levels`` after ``prefix``.

    A part is counted only where it decides: the found are grouped by the first part (minus
    how many of the words each holds), and only the groups that reach into the best ``need``
    are grouped by the next; the last group's order is the tie-break order, already there.
    So a one-letter query over 10,000 names counts a few parts of a few groups, and sorts
    nothing (C loops only).
    """
    if not levels:
        return [(*prefix, i, keys[i]) for i in found[:need]]  # type: ignore[misc]
    (strings, joined), parts = levels[0]
    if not any(p in joined for p in parts):  # nobody holds it: the part decides nothing
        return _best(found, levels[1:], need, (*prefix, 0), keys)
    values = list(_minus(strings if len(found) == len(strings) else
                         list(map(strings.__getitem__, found)), parts))
    out: list[_Score] = []
    kinds = sorted(set(values))
    for v in kinds:
        group = found if len(kinds) == 1 else list(compress(found, map(eq, values, repeat(v))))
        out += _best(group, levels[1:], need - len(out), (*prefix, v), keys)
        if len(out) >= need:
            break
    return out


def _minus(strings: list[str], parts: list[str]) -> Iterator[int]:
    """For each string, minus how many of ``parts`` it holds (C loops only)."""
    if len(parts) == 1:
        return map(neg, map(contains, strings, repeat(parts[0])))
    return map(neg, map(sum, zip(*(map(contains, strings, repeat(p)) for p in parts),
                                 strict=True)))

"""Choose and order the attendees that get badges, and flag likely duplicates.

Pure functions over records; no file access.

Sorting uses a locale-free collation key: text is case-folded, accents are stripped (é -> e,
ł -> l, ø -> o, ß -> ss), Latin letters that are not accented forms sort with their base
letter (Ə -> e, Ŋ -> n, Ɓ -> b), modifier letters such as the ʻokina are ignored, and runs of
decimal digits in any script compare as numbers. When sorting by family name
(``last_name``, or the header mapped to it), leading particles (van, van der, de la, von, di,
al-, bin, ...) do not decide the order: "van der Berg" files under B, as Dutch and German
directories and most badge-desk alphabetical queues do (Belgian and French usage differ; use
``--sort`` on a column prepared the way you want). Ties keep file order (the sort is stable).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from badgepress.errors import BadgepressError
from badgepress.model import Attendee, Notice, Record, Skipped
from badgepress.plan._seen import Seen

#: Name particles ignored at the start of a family name when sorting.
PARTICLES = frozenset({
    "van", "von", "der", "den", "de", "del", "della", "dela", "di", "da", "das", "dos", "do",
    "du", "des", "la", "le", "los", "las", "ten", "ter", "zu", "zum", "zur", "af", "av", "al",
    "el", "bin", "bint", "ibn", "ben", "ap",
})
_PARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|an|as|at|ar)-", re.IGNORECASE)
# Letters that NFKD does not decompose into base + accent.
_FOLD = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "\u0131": "i",
     "ħ": "h", "ŧ": "t", "ŀ": "l"}
)
_DIGITS = re.compile(r"(\d+)")  # decimal digits of any script (int() reads them all)
#: Latin letters whose Unicode name does not end in their base letter.
_BASE_NAMES = {"SCHWA": "e", "TURNED E": "e", "REVERSED E": "e", "OPEN E": "e", "ENG": "n",
               "OPEN O": "o", "EZH": "z", "ESH": "s", "ETH": "d", "THORN": "th", "AE": "ae",
               "OE": "oe", "ALPHA": "a", "GAMMA": "g", "IOTA": "i", "UPSILON": "u",
               "DOTLESS I": "i", "DOTLESS J": "j", "KRA": "q", "LONG S": "s", "SHARP S": "ss",
               "TURNED A": "a", "TURNED V": "v", "TURNED M": "m", "TURNED R": "r", "YOGH": "z"}
_LATIN_NAME = re.compile(r"LATIN (?:SMALL |CAPITAL )?(?:LETTER |LIGATURE )(?:SMALL CAPITAL )?"
                         r"([A-Z]+(?: [A-Z]+)*?)(?: WITH .*)?")
#: Sort keys that hold a family name (canonical key or common header texts, folded).
_FAMILY_KEYS = frozenset({
    "lastname", "surname", "familyname", "ticketlastname", "attendeelastname", "nachname",
    "familienname", "zuname", "nom", "nomdefamille", "apellido", "apellidos",
})


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` (locale-free)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    if decomposed.isascii():
        return decomposed
    return decomposed.translate(_BASE)


class _BaseTable(dict[int, "str | None"]):
    """``str.translate`` table, filled as characters are met: accents (combining marks) and
    modifier letters go, Latin letters become their base letter, the rest stay.
    """

    def __missing__(self, code: int) -> str | None:
        c = chr(code)
        value = None if unicodedata.combining(c) else _base(c) or None
        self[code] = value
        return value


def _base(c: str) -> str:
    """The base letter a Latin letter sorts with; "" for a modifier letter; else ``c``."""
    if c.isascii():
        return c
    category = unicodedata.category(c)
    if category == "Lm":
        return ""  # ʻ ʼ ˀ: the ʻokina and other modifier letters
    if not category.startswith("L"):
        return c
    match = _LATIN_NAME.fullmatch(unicodedata.name(c, ""))
    if match is None:
        return c
    name = match.group(1)
    if name in _BASE_NAMES:
        return _BASE_NAMES[name]
    return name.lower() if len(name) == 1 else c


_BASE = _BaseTable()


def is_family_name_key(key: str) -> bool:
    """Whether sorting by ``key`` sorts family names (so particles are skipped)."""
    return "".join(c for c in fold(key) if c.isalnum()) in _FAMILY_KEYS


def collation_key(text: str, *, family_name: bool = False) -> tuple[tuple[int, int | str], ...]:
    """Sort key for ``text``; with ``family_name``, leading particles sort after the name."""
    words = fold(text).split()
    if family_name:
        lead = 0
        while lead < len(words) - 1 and words[lead].rstrip(".'\u2019") in PARTICLES:
            lead += 1
        words = words[lead:] + words[:lead]
        if words and _PARTICLE_PREFIX.match(words[0]) and len(words[0]) > 3:
            words[0] = words[0][3:]
    parts: list[tuple[int, int | str]] = []
    for piece in _DIGITS.split(" ".join(words)):
        if piece.isdecimal():
            parts.append((0, int(piece)))
        elif piece:
            parts.append((1, piece))
    return tuple(parts)


@dataclass(frozen=True, slots=True)
class Condition:
    """One ``--where`` item (or a layout's ``when``): ``key=value`` or ``key!=value``.

    Values compare as :func:`fold` leaves them, with runs of spaces as one: "speaker" matches
    "Speaker", "cafe=OUI" matches "Oui" in a column headed "Café", "Zoe" matches "Zoë".
    """

    text: str
    key: str
    value: str
    negate: bool

    @classmethod
    def parse(cls, text: str) -> Condition:
        """Parse ``"Ticket Type=Speaker"`` or ``"role!=Staff"``."""
        match = re.fullmatch(r"\s*([^=!]+?)\s*(!?=)\s*(.*?)\s*", text)
        if match is None:
            raise BadgepressError(
                f"--where {text!r} is not of the form COLUMN=VALUE or COLUMN!=VALUE "
                "(for example --where \"Ticket Type=Speaker\")"
            )
        return cls(text, match.group(1), fold(" ".join(match.group(3).split())),
                   match.group(2) == "!=")

    def holds(self, attendee: Attendee, key: str) -> bool:
        """Whether the attendee's value under ``key`` satisfies the condition (accent- and
        case-insensitive).
        """
        equal = fold(" ".join(attendee.get(key).split())) == self.value
        return equal != self.negate


def resolve_key(key: str, columns: Sequence[str], option: str) -> str:
    """The field name in ``columns`` that ``key`` names: exact, else case-insensitive, else
    also accent-insensitive (:func:`fold`).
    """
    if key in columns:
        return key
    folded = [c for c in columns if c.casefold() == key.casefold()]
    if folded:
        return folded[0]
    folded = [c for c in columns if fold(c) == fold(key)]
    if folded:
        return folded[0]
    listed = ", ".join(repr(c) for c in columns)
    raise BadgepressError(f"{option} {key!r}: no such column (columns: {listed})")


def select(
    records: Iterable[Record],
    *,
    where: Sequence[str] = (),
    sort: str | None = None,
    columns: Sequence[str] | None = None,
) -> Iterator[Record]:
    """Filter with ``where``, order by ``sort``, and flag possible duplicates.

    Every record is kept: attendees failing a condition become ``Skipped(row, "not selected
    by --where '...'")``. Duplicates (same name and company, or same email) among the selected
    attendees get a ``Notice`` right after them and are never dropped. Without ``sort`` the
    output streams in file order; with it, Skipped and Notice records come first, then the
    attendees in order. ``columns`` (header texts and canonical keys) lets bad keys fail
    before any record is read; otherwise they are checked against the first attendee.
    """
    conditions = [Condition.parse(w) for w in where]
    state = _Selection(conditions, sort, columns)
    stream = state.run(records)
    if sort is None:
        yield from stream
        return
    others: list[Record] = []
    chosen: list[Attendee] = []
    notes: dict[int, list[Notice]] = {}
    for record in stream:
        if isinstance(record, Attendee):
            chosen.append(record)
        elif isinstance(record, Notice) and record.message.startswith(_DUPLICATE):
            assert record.row is not None
            notes.setdefault(record.row, []).append(record)
        else:
            others.append(record)
    yield from others
    assert state.sort_key is not None
    family = is_family_name_key(state.sort_key)
    key = state.sort_key
    for attendee in sorted(chosen, key=lambda a: collation_key(a.get(key), family_name=family)):
        yield attendee
        yield from notes.get(attendee.row, [])


_DUPLICATE = "possible duplicate of row"


class _Selection:
    def __init__(
        self, conditions: list[Condition], sort: str | None, columns: Sequence[str] | None
    ) -> None:
        self.conditions = conditions
        self.sort = sort
        self.keys: list[str] = []
        self.sort_key: str | None = None
        self._ready = False
        if columns is not None:
            self._resolve(columns)

    def _resolve(self, columns: Sequence[str]) -> None:
        self.keys = [resolve_key(c.key, columns, "--where") for c in self.conditions]
        if self.sort is not None:
            self.sort_key = resolve_key(self.sort, columns, "--sort")
        self._ready = True

    def run(self, records: Iterable[Record]) -> Iterator[Record]:
        # Keyed by hash: a long list keeps an int per attendee, not its strings (a collision,
        # about 1 in 10^10 for 100,000 rows, would only add a wrong "possible duplicate").
        seen_name, seen_email = Seen(), Seen()  # compact: about 40 bytes an attendee
        for record in records:
            if not isinstance(record, Attendee):
                yield record
                continue
            if not self._ready:
                self._resolve(list(record.fields))
            failed = next(
                (c for c, k in zip(self.conditions, self.keys, strict=True)
                 if not c.holds(record, k)),
                None,
            )
            if failed is not None:
                yield Skipped(record.row, f"not selected by --where {failed.text!r}")
                continue
            yield record
            note = _duplicates(record, seen_name, seen_email)
            if note is not None:
                yield note


def _duplicates(record: Attendee, seen_name: Seen, seen_email: Seen) -> Notice | None:
    name_key = hash((fold(" ".join(record.get("name").split())),
                     _fold_company(record.get("company"))))
    address = record.get("email").strip().casefold()
    by_name = seen_name.first(name_key, record.row)
    by_email = seen_email.first(hash(address), record.row) if address else None
    if by_email is not None:
        return Notice(record.row, f"{_DUPLICATE} {by_email} (same email)")
    if by_name is not None:
        return Notice(record.row, f"{_DUPLICATE} {by_name} (same name and company)")
    return None


@functools.lru_cache(maxsize=4096)
def _fold_company(company: str) -> str:
    # Companies repeat down a list; their folded form is remembered.
    return fold(company.strip())

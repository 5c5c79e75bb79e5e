"""List versions: how an attendee stays the same person from one version of the list to the
next, and what changed. Pure: rows in, a plan out; ``lists.store_list`` applies it in one
transaction.

**Identity.** An attendee is the same person in two versions when they have the same ticket
id (the list's ticket id column); without one, the same e-mail; without either, the same name
and company as folded for search (case, accents and spacing off). Two rows of one version with
the same identity are two attendees (``#2``, ``#3`` in the order of the list). When the ticket
id itself was corrected, the person is found again by e-mail, then by name and company, where
exactly one attendee on each side has it. Reading the *same file* again with another mapping
matches row by row: the rows are the same rows.

**What the desk recorded is never lost.** An attendee of the old version that the new one does
not have is deleted only when the desk has no history for them (no print, no check-in, no
correction); otherwise they stay, "not in the current list", with their prints. They come
back (same id, same history) if a later version has them again.

**Desk corrections.** A desk may correct what an imported attendee's badge says; the
correction is kept per field as ``{"list": what the list said, "desk": what the desk set}``
and printed over the list's row. A new version that still says what the list said keeps the
correction; one that now says what the desk set ends it (the list caught up); one that says
something else is a **conflict**: the desk's value stays on the badge until the organiser
chooses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from badgepress.model import CANONICAL_FIELDS
from badgepress.web.store.attendees import fold

#: A field's desk correction: ``{"list": the list's value, "desk": the corrected value}``.
Corrections = dict[str, dict[str, str]]


def identity(fields: Mapping[str, str]) -> str:
    """What makes a row the same attendee in a newer list: ``id:`` the ticket id, else
    ``email:`` the e-mail, else ``name:`` the name and company, all folded.
    """
    for key in ("id", "email"):
        value = " ".join(fold(fields.get(key, "")).split())
        if value:
            return f"{key}:{value}"
    name = " ".join(fold(fields.get("name", "")).split())
    company = " ".join(fold(fields.get("company", "")).split())
    return f"name:{name}|{company}" if company else f"name:{name}"


def keyed(rows: Iterable[Mapping[str, str]]) -> list[str]:
    """The identity of each row of one version; the n-th row with the same identity gets
    ``#n`` (duplicates are separate attendees).
    """
    seen: dict[str, int] = {}
    out = []
    for fields in rows:
        key = identity(fields)
        n = seen[key] = seen.get(key, 0) + 1
        out.append(key if n == 1 else f"{key}#{n}")
    return out


@dataclass(frozen=True)
class Stored:
    """An imported attendee as stored before the new version."""

    id: int
    key: str
    row: int | None
    fields: dict[str, str]  # what is printed: the list's row with the desk's corrections
    in_list: bool
    history: bool  # printed, checked in or corrected at a desk: never deleted
    corrections: Corrections = field(default_factory=dict)

    def listed(self) -> dict[str, str]:
        """The list's own row as last imported (the corrected fields as the list said)."""
        out = dict(self.fields)
        for name, c in self.corrections.items():
            if c["list"]:
                out[name] = c["list"]
            else:
                out.pop(name, None)
        return out


@dataclass(frozen=True)
class Row:
    """A row of the new version."""

    row: int
    fields: dict[str, str]


@dataclass(frozen=True)
class Outcome:
    """What becomes of one attendee: ``old`` None for a new attendee, ``new`` None for one the
    new version does not have; ``key`` is their identity from now on; ``how`` says how they
    were found (``row``, ``key``, ``email``, ``name``; ``""`` for no match).
    """

    old: Stored | None
    new: Row | None
    key: str
    how: str = ""
    fields: dict[str, str] = field(default_factory=dict)  # what is printed from now on
    corrections: Corrections = field(default_factory=dict)
    conflicts: tuple[dict[str, str], ...] = ()
    edits: tuple[dict[str, str], ...] = ()  # {"field", "old", "new"}: the list's changes


def _unique_by(items: Iterable[tuple[Any, str]]) -> dict[str, Any]:
    """``value -> item`` for values that exactly one item has (empty values left out)."""
    found: dict[str, list[Any]] = {}
    for item, value in items:
        if value:
            found.setdefault(value, []).append(item)
    return {v: its[0] for v, its in found.items() if len(its) == 1}


def _folded(fields: Mapping[str, str], *keys: str) -> str:
    return "|".join(" ".join(fold(fields.get(k, "")).split()) for k in keys).strip("|")


def match(old: list[Stored], new: list[Row], *, same_file: bool = False) -> list[Outcome]:
    """Each attendee's outcome: every row of ``new`` once (in order), then the ``old``
    attendees it does not have. ``same_file``: ``new`` is the same file read with another
    mapping (rows are matched by row number first).
    """
    keys = keyed(r.fields for r in new)
    pairs: dict[int, Stored] = {}  # index in new -> old
    how: dict[int, str] = {}
    taken: set[int] = set()

    def pair(i: int, o: Stored, why: str) -> None:
        pairs[i], how[i] = o, why
        taken.add(o.id)

    if same_file:
        by_row = {o.row: o for o in old if o.in_list and o.row is not None}
        for i, r in enumerate(new):
            if r.row in by_row:
                pair(i, by_row[r.row], "row")
    by_key = {o.key: o for o in old if o.id not in taken}
    for i, k in enumerate(keys):
        if i not in pairs and k in by_key and by_key[k].id not in taken:
            pair(i, by_key[k], "key")
    for why, fields in (("email", ("email",)), ("name", ("name", "company"))):
        left_old = _unique_by((o, _folded(o.listed(), *fields)) for o in old
                              if o.id not in taken)
        left_new = _unique_by((i, _folded(r.fields, *fields)) for i, r in enumerate(new)
                              if i not in pairs)
        for value, i in left_new.items():
            if value in left_old:
                pair(i, left_old[value], why)
    out = [_outcome(pairs.get(i), r, keys[i], how.get(i, "")) for i, r in enumerate(new)]
    out += [Outcome(o, None, o.key, fields=o.fields, corrections=o.corrections)
            for o in old if o.id not in taken]
    return out


def _outcome(old: Stored | None, new: Row, key: str, how: str) -> Outcome:
    if old is None:
        return Outcome(None, new, key, how, fields=dict(new.fields))
    listed = old.listed()
    fields = dict(new.fields)
    kept: Corrections = {}
    conflicts = []
    for name, c in old.corrections.items():
        now = new.fields.get(name, "")
        if now == c["desk"]:
            continue  # the list caught up with the desk
        if now != c["list"]:
            conflicts.append({"field": name, "list_was": c["list"], "list_now": now,
                              "desk": c["desk"]})
        kept[name] = {"list": now, "desk": c["desk"]}
        if c["desk"]:
            fields[name] = c["desk"]
        else:
            fields.pop(name, None)
    return Outcome(old, new, key, how, fields=fields, corrections=kept,
                   conflicts=tuple(conflicts), edits=tuple(changed(listed, new.fields)))


def changed(old: Mapping[str, str], new: Mapping[str, str]) -> list[dict[str, str]]:
    """The columns whose value changed, with old and new values: the list's own column names
    (header texts) where any changed; the canonical keys only where no column did (a mapping
    change).
    """
    names = sorted(f for f in set(old) | set(new) if old.get(f, "") != new.get(f, ""))
    shown = [f for f in names if f not in CANONICAL_FIELDS] or names
    return [{"field": f, "old": old.get(f, ""), "new": new.get(f, "")} for f in shown]


def mapping_changes(before: Mapping[str, str], after: Mapping[str, str]
                    ) -> list[dict[str, str]]:
    """Which fields are read from another column now: ``[{"field", "old", "new"}]`` (column
    header texts; ``""`` for none).
    """
    return [{"field": k, "old": before.get(k, ""), "new": after.get(k, "")}
            for k in sorted(set(before) | set(after)) if before.get(k, "") != after.get(k, "")]


def correct(fields: Mapping[str, str], corrections: Corrections, listed: Mapping[str, str],
            given: Mapping[str, str]) -> tuple[dict[str, str], Corrections]:
    """An imported attendee's printed ``fields`` and ``corrections`` after a desk sets
    ``given`` (field -> value; "" clears); ``listed`` is the list's own row. A field set back
    to the list's value is no longer a correction.
    """
    out_fields = dict(fields)
    out = {k: dict(v) for k, v in corrections.items()}
    for name, value in given.items():
        was = out[name]["list"] if name in out else listed.get(name, "")
        if value == was:
            out.pop(name, None)
        else:
            out[name] = {"list": was, "desk": value}
        if value:
            out_fields[name] = value
        else:
            out_fields.pop(name, None)
    return out_fields, out

"""The hardest badges first: which attendees of a list to plan when there is no time to plan
them all, and the designer's text checks over them (condensed, set below the minimum size,
characters no font has), per field.

The order is cheap to make (no shaping): for each field that reads attendee fields, the
attendees whose text is longest (characters, East Asian wide ones counted twice), and the
attendees whose names go beyond Latin
(fallback fonts, right to left, characters that may be missing), longest first; an
attendee's place is its best place in any of these rankings, so the hardest of every field
come first. Planning then follows that order until the time is up.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence

from badgepress.model import Attendee
from badgepress.plan.planner import Planner
from badgepress.sheet.findings import Finding
from badgepress.sheet.layout import FieldSpec

#: Attendees named in a finding (the rest are counted).
SHOWN = 12

__all__ = ["SHOWN", "hardest_first", "text_findings"]


#: East Asian wide and fullwidth letters (Hangul, CJK, kana, fullwidth forms), which take
#: about twice a Latin letter's width.
_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\ua4cf\uac00-\ud7a3\uf900-\ufaff"
                   "\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]")


def _width(text: str) -> int:
    """About how wide ``text`` sets, in Latin letters."""
    return len(text) + len(_WIDE.findall(text))


def _fields(planner: Planner) -> list[tuple[Planner, FieldSpec]]:
    out = [(planner, s) for s in planner.layout.fields]
    if planner.back is not None and planner.layout.back is not None:
        out.extend((planner.back, s) for s in planner.layout.back.fields)
    return out


def hardest_first(planner: Planner, attendees: Sequence[Attendee]) -> list[Attendee]:
    """``attendees`` with the likely hardest badges for ``planner``'s layout first (see the
    module docstring); the same attendees, each once.
    """
    best = [len(attendees)] * len(attendees)
    seen: set[str] = set()
    for owner, spec in _fields(planner):
        template = owner.templates[spec.name]
        if not template.keys or spec.template in seen:
            continue  # the same text on every badge, or a text ranked already (a back's)
        seen.add(spec.template)
        crowd = [-_width(template.render(a)) for a in attendees]
        if not crowd or min(crowd) == max(crowd):
            continue  # all alike (an empty column): nothing to rank by
        for rank, i in enumerate(sorted(range(len(attendees)), key=crowd.__getitem__)):
            best[i] = min(best[i], rank)
    beyond = [i for i, a in enumerate(attendees) if any(ord(c) > 0x24F for c in a.get("name"))]
    beyond.sort(key=lambda i: -len(attendees[i].get("name")))
    for rank, i in enumerate(beyond):
        best[i] = min(best[i], rank)
    order = sorted(range(len(attendees)), key=lambda i: (best[i], i))
    return [attendees[i] for i in order]


def text_findings(planner: Planner, attendees: Sequence[Attendee], *,
                  seconds: float = 1.5, ordered: bool = False) -> list[Finding]:
    """Plan ``attendees`` hardest first (:func:`hardest_first`) for at most ``seconds`` and
    report, per field key (``field[2]``, ``back.field[1]``), the attendees whose text is
    condensed, set below the field's smallest size, or has characters no font has: how many
    of those planned, and the first :data:`SHOWN` of them as ``(row, name)``. ``ordered``:
    ``attendees`` are in that order already (a caller that keeps it saves ordering them).
    """
    deadline = time.monotonic() + seconds
    hits: dict[tuple[str, str], list[Attendee]] = {}
    narrowest: dict[str, float] = {}
    smallest: dict[str, float] = {}
    minimum: dict[str, float] = {}
    checked = 0
    for attendee in attendees if ordered else hardest_first(planner, attendees):
        if checked and time.monotonic() > deadline:
            break
        badge = planner.plan(0, attendee)
        checked += 1
        plans = list(badge.fields) + (list(badge.back.fields) if badge.back else [])
        for fp in plans:
            key = fp.spec.key
            if fp.missing:
                hits.setdefault((key, "missing-characters"), []).append(attendee)
            if fp.fitted is None:
                continue
            if fp.fitted.status == "condensed":
                hits.setdefault((key, "condensed"), []).append(attendee)
                narrowest[key] = min(narrowest.get(key, 1.0), fp.fitted.hscale)
            elif fp.fitted.status == "overflow":
                hits.setdefault((key, "below-minimum"), []).append(attendee)
                smallest[key] = min(smallest.get(key, fp.spec.size_min), fp.fitted.size)
                minimum[key] = fp.spec.size_min
    out = []
    for (key, check), who in hits.items():
        n = len(who)
        of = (f"{n:,} of {checked:,} attendee{'s' if checked != 1 else ''}"
              if checked == len(attendees) else
              f"{n:,} of the {checked:,} hardest of {len(attendees):,} attendees (checked "
              "hardest first, for as long as the check may take)")
        if check == "condensed":
            message = (f"condensed to fit for {of} (down to {narrowest[key]:.1%} width); "
                       "widen the box, allow two lines or lower size.min")
        elif check == "below-minimum":
            message = (f"does not fit at size.min ({minimum[key]:g}pt) even condensed for {of}"
                       f" (set at {smallest[key]:g}pt); widen or heighten the box, or allow "
                       "more lines")
        else:
            message = (f"has characters no font has for {of}: they print blank; add a font "
                       "that covers them")
        out.append(Finding(key, check, message, n, checked,
                           tuple((a.row, a.get("name")) for a in who[:SHOWN])))
    return sorted(out, key=lambda f: (f.key, f.check))

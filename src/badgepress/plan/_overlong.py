"""Texts far longer than their box can hold: found, and cut, in time proportional to what
fits, not to their length.

A field's text is set as large as fits, and below ``size.min`` rather than cut (status
``overflow``). That has a floor: below :data:`FLOOR_PT` nothing is legible, and a text that
does not fit its box even there (a 10,000-character "name") would otherwise be line-broken
and measured whole, which cost 20 s and 2 GB for one name. Such a text is cut to what fits
at the floor, ending in "…", and the badge's warning says how many characters were left out.

The test is cheap: a text of up to :data:`SHORT` characters is never cut (every real name);
a longer one is measured on prefixes of doubling length until one alone is wider than all
the field's lines at the floor size, condensed; the cut is then found by bisection among
prefixes no longer than twice what fits.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from badgepress.text.fit import FitBox, LineMetrics

#: The smallest size (pt) an overflowing text is set at before it is cut (or the field's own
#: ``size.min``, if that is smaller).
FLOOR_PT = 2.0
#: Texts up to this many characters are fitted whole, never cut.
SHORT = 256
#: What marks a cut text's end.
ELLIPSIS = "\u2026"


def _capacity_em(box: FitBox, lines: int, text: str = "") -> float:
    """The widest one-line text (em) whose lines could fit the box at the floor size (with
    ``text``: as many lines as it has places to break, spaces and hyphens, allow).
    """
    if text:
        lines = min(lines, 1 + text.count(" ") + text.count("-"))
    floor = min(FLOOR_PT, box.size_min)
    # Breaking into lines drops a space per break: allow an em each.
    return lines * box.width / (floor * box.condense_min) + lines


def cut_point(text: str, lines: int, box: FitBox,
              measure: Callable[[str], LineMetrics]) -> int | None:
    """Where to cut ``text`` (one line, spaces collapsed) so that it fits ``lines`` lines of
    ``box`` at the floor size: the number of characters kept, or None when it may fit whole.
    ``measure`` gives a one-line text's metrics in em.
    """
    if len(text) <= SHORT:
        return None
    cap = _capacity_em(box, lines)
    k = SHORT
    while True:
        k = min(2 * k, len(text))
        if measure(text[:k]).width > cap:
            break
        if k == len(text):
            return None
    # text[:hi] does not fit; text[:k // 2] may not either, where it has fewer places to
    # break than the field has lines (one long word).
    lo, hi = 1, k
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if measure(text[:mid] + ELLIPSIS).width <= _capacity_em(box, lines, text[:mid]):
            lo = mid
        else:
            hi = mid
    # Never between a character and the marks that combine with it.
    while lo > 1 and unicodedata.combining(text[lo]):
        lo -= 1
    return lo

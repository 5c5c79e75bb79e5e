"""Badges' texts filled (and, when asked, names fitted) ahead, where the attendee file is read:
in the reader's process on a long list, so that this work runs on the second core while this
process draws. See :mod:`badgepress.plan.ahead` and :func:`fit_aside`; the PDF is the same
bytes either way.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from badgepress.model import Attendee, Record, SourceInfo
from badgepress.plan.ahead import FitsAhead, font_keys
from badgepress.plan.planner import BLANK, Planner
from badgepress.readers.standard import standard_fields, with_standard
from badgepress.sheet.layout import Layout
from badgepress.text.fonts import FontBook

#: The default of :func:`fit_aside`: 0, texts only (see there)
FIT_SHARE = 0

#: What the reader's stream carries: records, and fits made ahead for the next attendee
Item = Record | FitsAhead


def fit_aside() -> int:
    """What the reader's process does ahead for the drawing process, from
    ``BADGEPRESS_FIT_AHEAD``: ``0`` nothing; ``texts`` fill each badge's texts; ``N`` (1, 2,
    3, ...) fill them and also fit the new texts of one attendee in N (the drawing process
    fits the others). Returns -1 for nothing, 0 for texts only, else N. The PDF is the same
    either way.

    Measured on 10,000 badges (benchmarks/bench_build.py, five rounds each, the shared
    two-core machine with about one core free), wall time over the bare loop's (the drawing
    process's own CPU over the bare loop's in brackets): nothing ahead 1.00x and 1.07x (0.99,
    1.01); texts 0.98x twice (0.96, 0.94); every attendee's fits 1.05x (0.76: the reader's
    process, which spends about 1.9 s fitting what saves the other 0.9-1.2 s, becomes the
    slower one); one in 2, 1.06x (0.90); one in 3, 1.15x (0.86). So texts only is the default.
    """
    value = os.environ.get("BADGEPRESS_FIT_AHEAD", "").strip().lower()
    if value in ("0", "no", "off"):
        return -1
    if value.isdigit():
        return int(value)
    return FIT_SHARE


def ahead_planner(layout: Layout, book: FontBook, info: SourceInfo,
                  aside: bool) -> Planner | None:
    """The planner for a build whose list is read in a second process (``aside``), made
    before that process starts so that it fits new texts ahead with fonts both processes have
    (as ``press`` would make it); None when nothing is read aside or :func:`fit_aside` says no.
    """
    if not aside or fit_aside() < 0:
        return None
    return Planner(layout, book, data_dir=Path(info.path).parent)


def fits_ahead(records: Iterator[Record], planner: Planner | None,
               info: SourceInfo) -> Iterator[Item]:
    """``records``, each attendee preceded by its texts and the fits of the new ones;
    ``records`` as they are when ``planner`` is None. ``info``: the file's (its columns).

    Call it in the reader's process, with the planner the drawing process will use, made
    before that process started: the fonts it had loaded then are the ones both processes
    have, and only fits set in those are sent.
    """
    if planner is None:
        return records
    return _ahead(records, planner, standard_fields(info.headers), max(0, fit_aside()))


def _ahead(records: Iterable[Record], planner: Planner,
           standard: Mapping[str, str], share: int) -> Iterator[Item]:
    known = font_keys(planner.book.loaded())
    count = 0
    for rec in records:
        if isinstance(rec, Attendee) and rec is not BLANK:
            # The texts as the drawing process will fill them (see run._draw)
            full = with_standard(rec, standard) if standard else rec
            count += 1
            yield planner.fit_ahead(full, known, fits=share > 0 and count % share == 0)
        yield rec


__all__ = ["FitsAhead", "Item", "ahead_planner", "fit_aside", "fits_ahead"]

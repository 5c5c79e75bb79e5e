"""Names fitted ahead, where the attendee file is read: in the reader's process on a long
list, so that fitting (the larger part of planning) runs on the second core while this process
draws. See :mod:`badgepress.plan.ahead`; the PDF is the same bytes either way.
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

#: What the reader's stream carries: records, and fits made ahead for the next attendee
Item = Record | FitsAhead


def fit_aside() -> bool:
    """Whether the reader's process also fits each new text ahead: unless
    ``BADGEPRESS_FIT_AHEAD`` is 0 (for measuring; the PDF is the same either way).
    """
    return os.environ.get("BADGEPRESS_FIT_AHEAD", "").strip() != "0"


def ahead_planner(layout: Layout, book: FontBook, info: SourceInfo,
                  aside: bool) -> Planner | None:
    """The planner for a build whose list is read in a second process (``aside``), made
    before that process starts so that it fits new texts ahead with fonts both processes have
    (as ``press`` would make it); None when nothing is read aside or :func:`fit_aside` says no.
    """
    if not (aside and fit_aside()):
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
    return _ahead(records, planner, standard_fields(info.headers))


def _ahead(records: Iterable[Record], planner: Planner,
           standard: Mapping[str, str]) -> Iterator[Item]:
    known = font_keys(planner.book.loaded())
    for rec in records:
        if isinstance(rec, Attendee) and rec is not BLANK:
            # The texts as the drawing process will fill them (see run._draw)
            full = with_standard(rec, standard) if standard else rec
            yield planner.fit_ahead(full, known)
        yield rec


__all__ = ["FitsAhead", "Item", "ahead_planner", "fit_aside", "fits_ahead"]

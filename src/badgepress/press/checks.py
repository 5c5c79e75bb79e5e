"""Checks of a layout against the attendee file and the options, before any badge is drawn."""

from __future__ import annotations

import contextlib
import functools
import tomllib
from dataclasses import replace

from badgepress.errors import LayoutError, OptionError
from badgepress.model import CANONICAL_FIELDS, STANDARD_FIELDS, Notice, SourceInfo
from badgepress.plan.elements import template_sources
from badgepress.sheet.layout import Layout, shipped_layouts
from badgepress.sheet.template import Template


def check_template_keys(layout: Layout, info: SourceInfo) -> list[Notice]:
    """Raise if a field names a column the file lacks; note canonical keys that will be empty."""
    known = {h.casefold() for h in info.headers}
    notes = []
    sources = [(f"layout field {spec.name!r}", f"field[{i + 1}].text", spec.template)
               for i, spec in enumerate(layout.fields)]
    sources += [(f"layout {key.partition('.')[0]}", key, template)
                for key, template in template_sources(layout.front)]
    for what, where, template in sources:
        for key in Template.parse(template).keys:
            if key in STANDARD_FIELDS:
                continue  # ticket_type, pronouns: empty when the file has no such column
            if key in CANONICAL_FIELDS:
                if key not in info.mapping and key not in ("name", "first_name", "last_name"):
                    notes.append(Notice(None, f"{what} uses {{{key}}} but "
                                        f"{info.path} has no such column; it stays empty"))
            elif key.casefold() not in known:
                raise LayoutError(
                    f"uses {{{key}}}, but {info.path} has no column {key!r}; columns are: "
                    + ", ".join(info.headers), path=layout.source, key=where)
    return notes


def check_start(layout: Layout, per_page: int, start_at: int, blanks: int) -> None:
    """Refuse a ``--start-at`` slot the sheet does not have, or a negative ``--blanks``."""
    if not 1 <= start_at <= per_page:
        raise OptionError(f"--start-at {start_at}: the layout has {per_page} "
                          f"{'slot' if per_page == 1 else 'slots'} a sheet; give a slot from 1 "
                          f"to {per_page} (reading order: left to right, top to bottom)",
                          path=layout.source)
    if blanks < 0:
        raise OptionError(f"--blanks {blanks}: give a number of blank badges, 0 or more")


def check_back_keys(layout: Layout, info: SourceInfo) -> list[Notice]:
    """:func:`check_template_keys` for the back's fields (keys named ``back.field[N]``)."""
    assert layout.back is not None
    try:
        return check_template_keys(replace(layout, front=layout.back), info)
    except LayoutError as exc:
        raise LayoutError(exc.message, path=exc.path, key=f"back.{exc.key}") from None


@functools.cache
def _examples() -> frozenset[tuple[str, str]]:
    """The ``[event]`` strings the shipped layouts come with ("DevConf 2026"): examples."""
    out: set[tuple[str, str]] = set()
    for path in shipped_layouts():
        with contextlib.suppress(OSError, ValueError):
            table = tomllib.loads(path.read_text(encoding="utf-8")).get("event", {})
            out.update((str(k), str(v)) for k, v in table.items() if isinstance(v, str))
    return frozenset(out)


def check_example_event(layout: Layout) -> list[Notice]:
    """A notice for each ``[event]`` string a text prints that is still a shipped layout's
    example (a copy of a shipped layout included): nobody's badges should say "DevConf 2026"
    unnoticed.
    """
    event = layout.event or {}
    return [Notice(None, f"the badges print the layout's example event {key} "
                         f"{event[key]!r}: set yours with --set event.{key}=\"...\" (or in the "
                         "layout's [event] table)")
            for key in sorted(layout.event_used)
            if key in event and (key, event[key]) in _examples()]

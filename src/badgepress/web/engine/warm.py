"""The desk's warm state per event: what printing one badge needs, made once and kept.

A desk prints one badge at a time, and most of a cold one-badge build is finding things out
again: which layout file the event uses (with its ``[event]`` text written in), loading and
checking it, the list's facts, the font chains, a :class:`~badgepress.plan.planner.Planner`.
:class:`WarmPrints` keeps these per event, keyed by everything they depend on (the layout
reference and its file's time, the list, the mapping, the ``[event]`` text), so they are
made again only when the organiser changes one of those; a walk-in changes none of them.

The badge is still drawn by the library's own pipeline (:func:`badgepress.press.press`, with
the kept planner), so its PDF is byte for byte the one the CLI builds for that attendee.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from badgepress.model import Attendee, SourceInfo
from badgepress.plan.planner import Planner
from badgepress.press import press
from badgepress.sheet.layout import Layout
from badgepress.web.engine.previews import Previewer
from badgepress.web.store import Store
from badgepress.web.store.layouts import layout_file, layout_ref
from badgepress.web.store.lists import info as list_info

#: Events whose warm state is kept (a server rarely runs more desks' events than this).
KEPT = 8


@dataclass(frozen=True)
class Warm:
    """One event's print state: the layout reference, the list's facts, layout and planner."""

    key: tuple[Any, ...]
    ref: str
    info: SourceInfo | None
    layout: Layout
    planner: Planner


class WarmPrints:
    """Warm print states of an app's events (see the module docstring)."""

    def __init__(self, store: Store, previews: Previewer) -> None:
        self.store = store
        self.previews = previews
        self._kept: dict[str, Warm] = {}
        self._lock = threading.Lock()

    def _key(self, ev: dict[str, Any]) -> tuple[Any, ...]:
        toml = layout_file(self.store, ev)
        stamp = toml.stat().st_mtime_ns if toml.is_file() else 0
        return (ev["layout"], stamp, ev["list_id"], ev["sheet"],
                json.dumps(ev["mapping"], sort_keys=True),
                json.dumps(ev["event_text"], sort_keys=True))

    def get(self, ev: dict[str, Any]) -> Warm:
        """The warm state for the event row ``ev`` (as :meth:`App.event` gives it), made now
        if the event's layout, list, mapping or ``[event]`` text changed since it was kept.
        """
        key = self._key(ev)
        hit = self._kept.get(ev["id"])
        if hit is not None and hit.key == key:
            return hit
        ref = layout_ref(self.store, ev)
        info = list_info(self.store, ev["id"])
        layout = self.previews.layout(ref)
        # The layout's folder is pinned as the root of its files (Previewer.layout): the
        # planner looks for per-attendee files there, whatever list or walk-in it plans.
        planner = Planner(layout, self.previews.book)
        warm = Warm(key, ref, info, layout, planner)
        with self._lock:
            if len(self._kept) >= KEPT and ev["id"] not in self._kept:
                self._kept.pop(next(iter(self._kept)))
            self._kept[ev["id"]] = warm
        return warm

    def info(self, ev: dict[str, Any]) -> SourceInfo | None:
        """The event's list facts (None before any upload), from the warm state."""
        return self.get(ev).info

    def one_pdf(self, ev: dict[str, Any], info: SourceInfo, attendee: Attendee,
                out: Path) -> None:
        """Write ``attendee``'s badge alone as the PDF ``out`` with the event's warm layout
        and planner (the build's own pipeline, under the previews' drawing lock).
        """
        warm = self.get(ev)
        with self.previews.lock:
            press([attendee], info, out, layout=warm.layout, book=self.previews.book,
                  planner=warm.planner)

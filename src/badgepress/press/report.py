"""The build report: every input row accounted for, as JSON (schema version 1).

Badge entries are streamed to a temporary file while the PDF is drawn, so memory stays flat
however many attendees there are; :meth:`ReportWriter.finish` assembles the final document.
Coordinates are PDF points, origin at the page's lower left.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from badgepress.errors import OutputError
from badgepress.model import Notice, Skipped
from badgepress.plan.planner import BLANK, BadgePlan
from badgepress.sheet.geometry import Rect
from badgepress.sheet.sides import place

VERSION = 1


def _text_box(badge: BadgePlan, box: Rect, block: tuple[float, float, float, float]
              ) -> list[float]:
    """Where a field's text block was drawn on the page, for a slot turned 180° (pt)."""
    own = Rect(box.x0 + block[0], box.y0 + block[1], box.x0 + block[2], box.y0 + block[3])
    return place(own, badge.slot).as_list()


def badge_entry(badge: BadgePlan) -> dict[str, Any]:
    """The report entry of one badge (see the README for the fields)."""
    entry = {"row": None if badge.attendee is BLANK else badge.attendee.row,
             **_side_entry(badge)}
    if badge.attendee is BLANK:
        entry["blank"] = True
    if badge.back is not None:
        back = _side_entry(badge.back)
        back["rotation"] = badge.back.slot.rotation
        del back["slot"], back["warnings"]
        entry["back"] = back
    return entry


def _side_entry(badge: BadgePlan) -> dict[str, Any]:
    """The entry of one side: page, slot, trim, bleed, fields, warnings."""
    fields = []
    for fp in badge.fields:
        f = fp.fitted
        fields.append({
            "name": fp.spec.name,
            "box": fp.box.as_list(),
            "lines": list(f.lines) if f else [],
            "size": f.size if f else 0,
            "sizes": list(f.line_sizes) if f else [],
            "status": f.status if f else "empty",
            "hscale": f.hscale if f else 1.0,
            "text_box": (_text_box(badge, fp.spec.box, f.block) if badge.slot.rotation else
                         [round(v, 3) for v in (fp.box.x0 + f.block[0], fp.box.y0 + f.block[1],
                                                fp.box.x0 + f.block[2], fp.box.y0 + f.block[3])])
            if f else None,
            "fonts": list(fp.fonts),
            "missing": list(fp.missing),
        })
    return {
        "page": badge.page,
        "slot": badge.slot.index,
        "trim": badge.slot.trim.as_list(),
        "bleed": badge.slot.bleed.as_list(),
        "fields": fields,
        "warnings": list(badge.warnings),
    }


def skipped_entry(skipped: Skipped) -> dict[str, Any]:
    """The report entry of a skipped row, or of a range of them (with ``last_row``)."""
    entry: dict[str, Any] = {"row": skipped.row, "reason": skipped.reason}
    if skipped.last_row is not None:
        entry["last_row"] = skipped.last_row
    return entry


class ReportWriter:
    """Collects the report while a build runs; writes it atomically at the end."""

    def __init__(self) -> None:
        self._badges = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._count = 0
        self.skipped: list[Skipped] = []
        self.notices: list[Notice] = []

    def add_badge(self, badge: BadgePlan) -> None:
        """Record one drawn badge."""
        if self._count:
            self._badges.write(",\n  ")
        self._badges.write(json.dumps(badge_entry(badge), ensure_ascii=False))
        self._count += 1

    def write(self, path: str | os.PathLike[str], header: dict[str, Any]) -> None:
        """Write the report to ``path`` atomically: under a temporary name beside it (see
        :class:`~badgepress.press.outputs.Staged`), moved into place when complete.
        """
        from badgepress.press.outputs import Staged

        with Staged(path, "the report") as staged:
            self.write_to(staged.tmp, header, shown=path)
            staged.commit()

    def write_to(self, path: str | os.PathLike[str], header: dict[str, Any], *,
                 shown: str | os.PathLike[str] | None = None) -> None:
        """Write the report to ``path`` as it is (the caller stages it): ``header`` keys, then
        badges, skipped and notices. ``shown``: the path errors name (the real target).
        """
        target = Path(path)
        try:
            with target.open("w", encoding="utf-8") as out:
                out.write("{\n")
                for key, value in header.items():
                    out.write(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
                out.write('  "badges": [\n  ')
                self._badges.seek(0)
                shutil.copyfileobj(self._badges, out)
                out.write("\n  ],\n")
                skipped = [skipped_entry(s) for s in self.skipped]
                notices = [{"row": n.row, "message": n.message} for n in self.notices]
                out.write(f'  "skipped": {json.dumps(skipped, ensure_ascii=False)},\n')
                out.write(f'  "notices": {json.dumps(notices, ensure_ascii=False)}\n}}\n')
        except OSError as exc:
            raise OutputError(f"cannot write the report: {exc.strerror or exc}",
                              path=Path(shown or target)) from None

    def close(self) -> None:
        """Release the temporary file."""
        self._badges.close()

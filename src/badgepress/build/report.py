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
from badgepress.plan.planner import BadgePlan

VERSION = 1


def badge_entry(badge: BadgePlan) -> dict[str, Any]:
    """The report entry of one badge (see the README for the fields)."""
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
            "text_box": [round(v, 3) for v in (fp.box.x0 + f.block[0], fp.box.y0 + f.block[1],
                                               fp.box.x0 + f.block[2], fp.box.y0 + f.block[3])]
            if f else None,
            "fonts": list(fp.fonts),
            "missing": list(fp.missing),
        })
    return {
        "row": badge.attendee.row,
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
        """Write the report to ``path``: ``header`` keys, then badges, skipped and notices."""
        target = Path(path)
        tmp = target.with_name(f".{target.name}.tmp")
        try:
            with tmp.open("w", encoding="utf-8") as out:
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
            tmp.replace(target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise OutputError(f"cannot write the report: {exc.strerror}", path=target) from None

    def close(self) -> None:
        """Release the temporary file."""
        self._badges.close()

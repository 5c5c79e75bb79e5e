"""Badge previews and the hardest-first order, from the library itself.

A preview is a one-badge PDF made by :func:`badgepress.press.press` (the build's own
pipeline: plan, draw, embed) and rendered by :func:`badgepress.pdf.preview.render_png`, so it
shows what the full PDF prints. "Hardest" comes from planning every attendee with the
layout (:class:`badgepress.plan.planner.Planner`): overflow, missing characters, condensed,
right-to-left, then the longest names.

One lock for the process serialises the work: the library's build tunes the garbage
collector and reportlab's stream settings for its duration, which two threads must not do at
once (two drawings at once wrote a corrupt PDF), and two cores are better used by the
background build than by parallel previews.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from badgepress.errors import LayoutError
from badgepress.model import Attendee, SourceInfo
from badgepress.pdf.preview import render_png
from badgepress.plan.planner import Planner
from badgepress.press import press
from badgepress.sheet.layout import Layout, load_layout, resolve_layout
from badgepress.sheet.sides import plan_sides
from badgepress.text.fonts import FontBook

#: Stands in for an attendee when an event has no list yet (layout thumbnails, drafts).
SAMPLE = Attendee(2, {"first_name": "Maria Magdalena", "last_name": "van der Heijden",
                      "name": "Maria Magdalena van der Heijden", "company": "Rijkswaterstaat",
                      "role": "Speaker"})
#: Preview resolution (dots per inch): a 90 mm badge and its bleed are about 490 pixels wide.
PREVIEW_DPI = 130
#: PNGs kept in memory (about 40 KB each).
PNG_CACHE = 512


#: Attendees planned to find the hardest: the longest texts for their boxes, and those with
#: letters beyond Latin (fallback fonts, right-to-left, missing characters). Planning every
#: attendee of a long list takes about a third of a build; these few find the same badges.
LONGEST, BEYOND_LATIN = 300, 300


def _candidates(planner: Planner, attendees: list[tuple[int, Attendee]]
                ) -> list[tuple[int, Attendee]]:
    """The attendees worth planning to find the hardest badges (see ``LONGEST``)."""
    if len(attendees) <= LONGEST + BEYOND_LATIN:
        return attendees
    specs = planner.layout.fields

    def crowding(att: Attendee) -> float:
        return max(len(planner.text_for(s, att)) * s.size_min / s.box.width for s in specs)

    longest = sorted(attendees, key=lambda p: -crowding(p[1]))[:LONGEST]
    chosen = {aid for aid, _ in longest}
    beyond = [p for p in attendees if p[0] not in chosen
              and any(ord(c) > 0x24F for c in p[1].get("name"))][:BEYOND_LATIN]
    return longest + beyond


#: Serialises the library's drawing in this process, whichever app asks (see the docstring).
_PRESS = threading.Lock()


@dataclass(frozen=True)
class Difficulty:
    """How hard an attendee's badge is: a score (higher first) and the planner's warnings."""

    score: float
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]


def is_rtl(text: str) -> bool:
    """True when ``text`` has a right-to-left letter (Hebrew, Arabic, ...)."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


class Previewer:
    """Renders badge PNGs and ranks attendees, caching layouts, fonts and images."""

    def __init__(self, scratch: Path) -> None:
        #: where the one-badge PDFs are written (each removed after rendering)
        self.scratch = scratch
        self.book = FontBook()
        #: one for the whole process: reportlab's settings are global while it writes
        self.lock = _PRESS
        self._layouts: dict[tuple[str, float], Layout] = {}
        self._planners: dict[tuple[str, float], Planner] = {}
        self._pngs: OrderedDict[str, bytes] = OrderedDict()
        self._ranks: dict[str, dict[int, Difficulty]] = {}

    def layout(self, ref: str) -> Layout:
        """The layout ``ref`` (shipped name or .toml path), loaded once per file version."""
        path = Path(ref)
        stamp = path.stat().st_mtime if path.suffix == ".toml" and path.is_file() else 0.0
        key = (ref, stamp)
        lay = self._layouts.get(key)
        if lay is None:
            # The layout's own folder is the root of every file it reads, per-attendee images
            # included (never the server's working directory: sheet.contain).
            lay = self._layouts[key] = load_layout(ref, files_root=resolve_layout(ref).parent)
        return lay

    def _planner(self, ref: str) -> Planner:
        lay = self.layout(ref)
        key = (ref, 0.0 if lay.source == ref else Path(lay.source).stat().st_mtime)
        planner = self._planners.get(key)
        if planner is None:
            planner = self._planners[key] = Planner(lay, self.book)
        return planner

    def _key(self, ref: str, dpi: float, info: SourceInfo, attendee: Attendee,
             side: str = "front") -> str:
        return hashlib.sha256(repr((ref, dpi, info.headers, sorted(attendee.fields.items()),
                                    side)).encode()).hexdigest()

    def badge_png(self, ref: str, info: SourceInfo, attendee: Attendee,
                  dpi: float = PREVIEW_DPI, side: str = "front") -> bytes:
        """PNG of ``attendee``'s badge (its bleed box, upright as worn) with layout ``ref``,
        drawn by the build's own pipeline into a one-badge PDF; ``side="back"``: its back
        (``LayoutError`` for a one-sided layout).
        """
        key = self._key(ref, dpi, info, attendee, side)
        hit = self._pngs.get(key)
        if hit is not None:
            return hit
        if side == "back" and self.layout(ref).back is None:
            raise LayoutError(f"the layout {self.layout(ref).name!r} has no back")
        self.warm(ref, info, [attendee], dpi)
        return self._pngs[key]

    def one_pdf(self, ref: str, info: SourceInfo, attendee: Attendee, out: Path) -> None:
        """Write ``attendee``'s badge alone as a PDF (the desk prints it), with the build's
        own pipeline.
        """
        with self.lock:
            press([attendee], info, out, layout=self.layout(ref), book=self.book)

    def warm(self, ref: str, info: SourceInfo, attendees: list[Attendee],
             dpi: float = PREVIEW_DPI) -> list[bytes]:
        """PNGs of several badges from one PDF (one build, its pages rendered badge by
        badge), remembered for :meth:`badge_png`: a preview page costs one build, not twelve.
        """
        with self.lock:
            lay = self.layout(ref)
            sides = plan_sides(lay)
            self.scratch.mkdir(parents=True, exist_ok=True)
            pdf = self.scratch / f"{threading.get_ident()}-{secrets.token_hex(4)}.pdf"
            made: dict[str, bytes] = {}
            pngs = []
            try:
                press(attendees, info, pdf, layout=lay, book=self.book)
                for i, att in enumerate(attendees):
                    for side, plan in (("front", sides.front), ("back", sides.back)):
                        if plan is None:
                            continue
                        page, slot = plan.locate(i)
                        png = render_png(pdf, page=page, box=slot.bleed, dpi=dpi,
                                         turn=(slot.rotation - plan.rotate) % 360)
                        made[self._key(ref, dpi, info, att, side)] = png
                        if side == "front":
                            pngs.append(png)
            finally:
                pdf.unlink(missing_ok=True)
            for key, png in made.items():
                self._pngs[key] = png
                self._pngs.move_to_end(key)
            while len(self._pngs) > PNG_CACHE:
                self._pngs.popitem(last=False)
        return pngs

    def rank(self, ref: str, version: str,
             attendees: list[tuple[int, Attendee]]) -> dict[int, Difficulty]:
        """Each attendee id's :class:`Difficulty` with layout ``ref``; ``version`` names the
        list and design (a new version is planned again). On long lists only the likely
        hardest are planned (:func:`_candidates`); the others rank by name length.
        """
        key = f"{ref}\0{version}"
        hit = self._ranks.get(key)
        if hit is not None:
            return hit
        with self.lock:
            planner = self._planner(ref)
            out = {aid: Difficulty(min(len(att.get("name")), 99), (), ())
                   for aid, att in attendees}
            for aid, att in _candidates(planner, attendees):
                plan = planner.plan(0, att)
                reasons = []
                score = 0.0
                for fp in plan.fields:
                    if fp.missing:
                        reasons.append("missing characters")
                        score += 400
                    if fp.fitted is not None and fp.fitted.status == "overflow":
                        reasons.append("overflow")
                        score += 800
                    elif fp.fitted is not None and fp.fitted.status == "condensed":
                        reasons.append("condensed")
                        score += 200
                name = att.get("name")
                if is_rtl(name):
                    reasons.append("right-to-left")
                    score += 100
                score += min(len(name), 99)
                out[aid] = Difficulty(score, tuple(dict.fromkeys(reasons)), plan.warnings)
        if len(self._ranks) > 16:
            self._ranks.clear()
        self._ranks[key] = out
        return out

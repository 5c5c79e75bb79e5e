"""Bidi runs (minimal stand-in; replaced by the full UAX #9 module from the scripts branch)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BidiRun:
    """A slice of the logical text and its direction."""

    start: int
    end: int
    rtl: bool


def visual_runs(text: str, base: str = "auto") -> list[BidiRun]:
    """Runs in visual order (stand-in: one run, RTL when the first strong character is)."""
    rtl = False
    for ch in text:
        b = unicodedata.bidirectional(ch)
        if b in ("L", "R", "AL"):
            rtl = b != "L"
            break
    return [BidiRun(0, len(text), rtl)] if text else []

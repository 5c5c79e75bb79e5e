"""Option types the commands share."""

from __future__ import annotations

import argparse


def parse_offset_option(text: str) -> tuple[float, float]:
    """An ``X,Y`` offset option (e.g. ``0.8mm,-1.2mm``) in pt, or argparse's error."""
    from badgepress.sheet.units import parse_offset

    try:
        return parse_offset(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None

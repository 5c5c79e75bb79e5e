"""Options shared by the command line's commands: ``--map``, the file options, the sheet's
options (``--start-at``, ``--blanks``, offsets) and ``--set``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def pair(text: str) -> tuple[str, str]:
    """A ``KEY=VALUE`` option value (``--map``) as its two parts."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise argparse.ArgumentTypeError(
            f"expected KEY=COLUMN, e.g. first_name=Vorname, got {text!r}")
    return key.strip(), value.strip().strip("\"'")


def add_file_options(p: argparse.ArgumentParser) -> None:
    """--font-dir and --allow-files: the folders a layout's files may come from."""
    p.add_argument("--font-dir", action="append", default=[], metavar="DIR",
                   help="extra folder of fonts a layout may name")
    p.add_argument("--allow-files", action="append", default=[], metavar="DIR",
                   help="a folder outside the layout's own that its images and fonts may "
                   "come from (a photo folder)")


def offset(text: str) -> tuple[float, float]:
    """An ``X,Y`` offset (``--offset 0.8mm,-1.2mm``) in points."""
    from badgepress.sheet.units import parse_offset

    try:
        return parse_offset(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def count(text: str) -> int:
    """A whole number option value."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def add_sides_options(b: argparse.ArgumentParser) -> None:
    """The options of ``build`` for stock and printers: --start-at, --blanks, offsets."""
    b.add_argument("--start-at", type=count, default=1, metavar="N",
                   help="put the first badge in slot N of the first sheet (reading order), "
                   "e.g. when labels 1 to N-1 of a label sheet are used")
    b.add_argument("--blanks", type=count, default=0, metavar="N",
                   help="add N badges with the artwork and no attendee text, after the "
                   "attendees")
    b.add_argument("--offset", type=offset, metavar="X,Y",
                   help="move everything printed by X right and Y up (e.g. 0.8mm,-1.2mm) to "
                   "make up for the printer; overrides the layout's [printer] offset")
    b.add_argument("--back-offset", type=offset, metavar="X,Y",
                   help="the same for the back side of duplex sheets")


def glue_offsets(argv: Sequence[str]) -> list[str]:
    """``--offset -0.8mm,1mm`` as ``--offset=-0.8mm,1mm``: argparse would take a value that
    starts with a minus sign for an option.
    """
    out: list[str] = []
    for arg in argv:
        if out and out[-1] in ("--offset", "--back-offset") and arg[:1] == "-" \
                and arg[1:2] in tuple("0123456789."):
            out[-1] = f"{out[-1]}={arg}"
        else:
            out.append(arg)
    return out


def add_set(p: argparse.ArgumentParser) -> None:
    """The ``--set KEY=VALUE`` option."""
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help='override a layout key by its dotted path, e.g. --set '
                   'event.name="PyConf 2027" or --set badge.bleed=2mm')


def add_layout_option(p: argparse.ArgumentParser) -> None:
    """The ``-l, --layout`` option: a shipped layout, a .toml, or a .zip of one."""
    p.add_argument("-l", "--layout", default="a4-90x55-8up",
                   help="shipped layout name, path of a .toml layout, or a .zip of one with its "
                   "artwork and fonts (default: %(default)s)")

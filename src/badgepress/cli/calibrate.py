"""``badgepress calibrate``: a page of the layout's cut lines with millimetre scales, to
print and read the printer's offset from.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from badgepress.cli._options import parse_offset_option


def add_calibrate_parser(sub: Any) -> None:
    """The ``calibrate`` command: a page of cut lines and millimetre scales."""
    c = sub.add_parser("calibrate", help="print a page that shows how far the printer shifts",
                       description="Write a PDF of the layout's cut lines with millimetre "
                       "scales, to print and read the printer's offset from.")
    c.add_argument("-l", "--layout", default="a4-90x55-8up",
                   help="shipped layout name, path of a .toml layout, or a .zip of one with its "
                   "artwork and fonts (default: %(default)s)")
    c.add_argument("-o", "--output", default="calibrate.pdf",
                   help="PDF to write (default: %(default)s)")
    c.add_argument("--offset", type=parse_offset_option, metavar="X,Y",
                   help="print with this offset (to check a correction)")
    c.add_argument("--back-offset", type=parse_offset_option, metavar="X,Y")
    c.add_argument("--debug", action="store_true", help="show a traceback on errors")


def cmd_calibrate(args: argparse.Namespace, err: TextIO) -> int:
    """Write the calibration PDF; a one-line summary on stderr."""
    from badgepress.press.calibrate import calibrate

    pages = calibrate(args.layout, args.output, offset=args.offset,
                      back_offset=args.back_offset)
    err.write(f"{args.output}: calibration, {pages} {'page' if pages == 1 else 'pages'}; print "
              "at actual size (100 %), fold or measure as the page says, then build with "
              "--offset X,Y\n")
    return 0

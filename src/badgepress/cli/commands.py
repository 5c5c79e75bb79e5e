"""The command line's other commands: ``preview``, ``calibrate``, ``layouts``, ``fonts`` and
``serve`` (the build command, the parser and the exit codes are in the package's
``__init__``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from badgepress.cli.options import add_file_options, add_layout_option, add_set, offset, pair

EXIT_OK = 0
#: Warnings a preview lists on stderr.
SHOWN_WARNINGS = 20


def serve_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``serve`` command's options."""
    s = sub.add_parser("serve", help="run the web app in a browser (http://127.0.0.1:8000/)",
                       description="Run the organiser's web app: events, attendee lists, "
                       "designs, previews and builds in the browser.")
    s.add_argument("--data", metavar="DIR", help="data folder (default: the per-user data "
                   "folder, e.g. ~/.local/share/badgepress)")
    s.add_argument("--port", type=int, default=8000, help="port (default: %(default)s; 0: any "
                   "free port)")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: "
                   "%(default)s; 0.0.0.0 for other computers, with an access token)")
    s.add_argument("--max-upload", type=float, default=50, metavar="MB",
                   help="largest upload in MB (default: %(default)g)")
    s.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="a host name the app may be reached by besides its addresses")
    s.add_argument("--printer", metavar="QUEUE", help="the desks' CUPS queue (default: none, "
                   "the browser prints)")
    s.add_argument("--debug", action="store_true", help="show a traceback on errors")


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    """``badgepress serve``: run the web app until interrupted."""
    from badgepress.web import serve

    serve(Path(args.data) if args.data else None, host=args.host, port=args.port,
          max_upload=int(args.max_upload * 1024 * 1024), allow_hosts=tuple(args.allow_host),
          printer=args.printer, out=out)
    return EXIT_OK


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
    c.add_argument("--offset", type=offset, metavar="X,Y",
                   help="print with this offset (to check a correction)")
    c.add_argument("--back-offset", type=offset, metavar="X,Y")
    c.add_argument("--debug", action="store_true", help="show a traceback on errors")


def cmd_calibrate(args: argparse.Namespace, err: TextIO) -> int:
    """Write the calibration PDF; a one-line summary on stderr."""
    from badgepress.press.calibrate import calibrate

    pages = calibrate(args.layout, args.output, offset=args.offset,
                      back_offset=args.back_offset)
    err.write(f"{args.output}: calibration, {pages} {'page' if pages == 1 else 'pages'}; print "
              "at actual size (100 %), fold or measure as the page says, then build with "
              "--offset X,Y\n")
    return EXIT_OK


def layout_listing() -> list[str]:
    """``badgepress layouts``: shipped layouts by stock, one a line under a heading."""
    from badgepress.sheet.stock import layout_groups

    lines: list[str] = []
    groups = layout_groups()
    width = max((len(name) for _, entries in groups for name, _ in entries), default=20)
    for heading, entries in groups:
        lines.append(("\n" if lines else "") + heading + ":")
        lines.extend(f"  {name:<{width}} {title}" for name, title in entries)
    return lines


def add_preview(sub: Any) -> None:
    """The ``preview`` command's options."""
    v = sub.add_parser("preview", help="one badge or one sheet as a PNG",
                       description="Render one badge (its bleed box) or one sheet to PNG.")
    v.add_argument("input", help="attendee file")
    v.add_argument("-o", "--output", default="preview.png",
                   help="PNG to write (default: %(default)s)")
    add_layout_option(v)
    which = v.add_mutually_exclusive_group(required=True)
    which.add_argument("--row", type=int, metavar="N",
                       help="the badge of spreadsheet row N (as the spreadsheet numbers rows)")
    which.add_argument("--page", type=int, metavar="N", help="sheet N of the PDF")
    v.add_argument("--dpi", type=float, default=300, help="resolution (default: %(default)s)")
    v.add_argument("--sheet", help="worksheet to read")
    v.add_argument("--map", action="append", type=pair, default=[], metavar="KEY=COLUMN")
    v.add_argument("--where", action="append", default=[], metavar="COLUMN=VALUE")
    v.add_argument("--sort", metavar="KEY")
    add_file_options(v)
    v.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    v.add_argument("--debug", action="store_true", help="show a traceback on errors")
    add_set(v)


def cmd_preview(args: argparse.Namespace, err: TextIO) -> int:
    """``badgepress preview``: one badge (``--row``) or one sheet (``--page``) as PNG."""
    from badgepress.press.preview import preview

    result = preview(args.input, args.output, layout=args.layout, row=args.row,
                     page=args.page, dpi=args.dpi, sheet=args.sheet, mapping=dict(args.map),
                     where=args.where, sort=args.sort, font_dirs=args.font_dir,
                     set_values=args.set, allow_files=args.allow_files)
    if not args.quiet:
        for row, msg in result.warnings[:SHOWN_WARNINGS]:
            err.write(f"  row {row}: {msg}\n")
        what = f"row {args.row}" if args.row is not None else f"page {args.page}"
        err.write(f"{args.output}: {what} at {args.dpi:g} dpi, layout {result.layout}\n")
    return EXIT_OK


def cmd_copy(name: str, target: str, err: TextIO) -> int:
    """``badgepress layouts --copy NAME FILE``: a shipped layout copied, never over a file."""
    from badgepress.errors import OutputError
    from badgepress.sheet.layout import resolve_layout

    source = resolve_layout(name)
    path = Path(target)
    if path.exists():
        raise OutputError("already exists; badgepress never overwrites a file: choose another "
                          "name or remove it first", path=path)
    if not path.parent.is_dir():
        raise OutputError(f"folder {str(path.parent)!r} does not exist", path=path)
    try:
        with path.open("x", encoding="utf-8") as f:
            f.write(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise OutputError(f"cannot write the layout: {exc.strerror}", path=path) from None
    err.write(f"{target}: copied from {source.stem}; edit it and build with --layout "
              f"{target}\n")
    return EXIT_OK


def cmd_layouts(out: TextIO) -> int:
    """``badgepress layouts``: the shipped layouts by stock."""
    for line in layout_listing():
        out.write(line + "\n")
    return EXIT_OK


def cmd_fonts(args: argparse.Namespace, out: TextIO) -> int:
    """``badgepress fonts``: the fonts found and the scripts they cover."""
    from badgepress.text import fontdb
    from badgepress.text.fonts import SYSTEM_FONT_DIRS, shipped_fonts_dir

    dirs = [Path(d) for d in args.font_dir] + [shipped_fonts_dir()]
    if args.system:
        dirs += list(SYSTEM_FONT_DIRS)
    faces = fontdb.discover(dirs)
    for line in fontdb.format_listing(faces):
        out.write(line + "\n")
    out.write("\nScripts a badge may need, and the fonts that cover them:\n")
    for line in fontdb.format_coverage(faces):
        out.write(line + "\n")
    return EXIT_OK



"""The command line: a thin shell over :func:`badgepress.press.run.build` (and the other
commands' library calls; ``preflight`` is in :mod:`.preflight`).

Exit codes: 0 done (warnings allowed), 1 bad input, layout, font or output (one line on
stderr, no traceback), 2 usage, 130 interrupted. ``--strict`` turns warnings into exit 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from badgepress import __version__
from badgepress.cli._options import parse_offset_option
from badgepress.errors import BadgepressError, StrictError

if TYPE_CHECKING:
    from badgepress.press.run import BuildResult

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

#: Warnings listed on stderr before the summary says "and N more".
BAR_WIDTH = 30
SHOWN_WARNINGS = 20


def _pair(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise argparse.ArgumentTypeError(
            f"expected KEY=COLUMN, e.g. first_name=Vorname, got {text!r}")
    return key.strip(), value.strip().strip("\"'")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="badgepress", description="Print-ready name badges from an "
                                "attendee spreadsheet.")
    p.add_argument("--version", action="version", version=f"badgepress {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    b = sub.add_parser("build", help="make the badges PDF from an attendee file",
                       description="Make one print-ready PDF of badges from an attendee file "
                       "(.xlsx, .xlsm, .xlsb, .xls, .ods, .csv, .tsv, .txt).")
    b.add_argument("input", help="attendee file")
    b.add_argument("-o", "--output", default="badges.pdf",
                   help="PDF to write (default: %(default)s)")
    b.add_argument("-l", "--layout", default="a4-90x55-8up",
                   help="shipped layout name, path of a .toml layout, or a .zip of one with its "
                   "artwork and fonts (default: %(default)s)")
    b.add_argument("--report", metavar="FILE.json", help="write the JSON report here")
    b.add_argument("--sheet", help="worksheet to read (default: the first with a name column)")
    b.add_argument("--map", action="append", type=_pair, default=[], metavar="KEY=COLUMN",
                   help='use COLUMN for an attendee field, e.g. --map first_name="Vorname"')
    b.add_argument("--where", action="append", default=[], metavar="COLUMN=VALUE",
                   help='only rows where COLUMN is VALUE, e.g. --where "Ticket Type=Speaker"')
    b.add_argument("--sort", metavar="KEY", help="order badges by a field, e.g. last_name")
    b.add_argument("--font-dir", action="append", default=[], metavar="DIR",
                   help="extra folder of fonts a layout may name")
    b.add_argument("--strict", action="store_true",
                   help="exit 1 if any badge is not printed as given (condensed, overflow, "
                   "missing characters) or a row is left out for a reason other than blank")
    b.add_argument("--pdfx", action="store_true",
                   help="write PDF/X-4 for a print shop (output intent, XMP, boxes; RGB "
                   "artwork converted to the profile's CMYK) and preflight the result")
    b.add_argument("--output-profile", metavar="FILE.icc",
                   help="the print shop's CMYK output profile (implies --pdfx; default: the "
                   "shipped ISO Coated v2, FOGRA39)")
    b.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    b.add_argument("--debug", action="store_true", help="show a traceback on errors")
    _add_set(b)
    add_sides_options(b)
    _add_preview(sub)
    lay = sub.add_parser("layouts", help="list the shipped layouts, grouped by stock, or copy "
                         "one to edit")
    lay.add_argument("--copy", nargs=2, metavar=("NAME", "FILE"),
                     help="write shipped layout NAME to FILE (never overwrites)")
    from badgepress.cli.calibrate import add_calibrate_parser

    add_calibrate_parser(sub)
    from badgepress.cli.preflight import add_preflight_parser

    add_preflight_parser(sub)
    f = sub.add_parser("fonts", help="list available fonts and the scripts they cover")
    f.add_argument("--font-dir", action="append", default=[], metavar="DIR")
    f.add_argument("--system", action="store_true", help="include system fonts")
    _serve_parser(sub)
    return p


def _serve_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


def _cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    from pathlib import Path

    from badgepress.web import serve

    serve(Path(args.data) if args.data else None, host=args.host, port=args.port,
          max_upload=int(args.max_upload * 1024 * 1024), allow_hosts=tuple(args.allow_host),
          printer=args.printer, out=out)
    return EXIT_OK


def _count(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def add_sides_options(b: argparse.ArgumentParser) -> None:
    """The options of ``build`` for stock and printers: --start-at, --blanks, offsets."""
    b.add_argument("--start-at", type=_count, default=1, metavar="N",
                   help="put the first badge in slot N of the first sheet (reading order), "
                   "e.g. when labels 1 to N-1 of a label sheet are used")
    b.add_argument("--blanks", type=_count, default=0, metavar="N",
                   help="add N badges with the artwork and no attendee text, after the "
                   "attendees")
    b.add_argument("--offset", type=parse_offset_option, metavar="X,Y",
                   help="move everything printed by X right and Y up (e.g. 0.8mm,-1.2mm) to "
                   "make up for the printer; overrides the layout's [printer] offset")
    b.add_argument("--back-offset", type=parse_offset_option, metavar="X,Y",
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


def layout_listing() -> list[str]:
    """``badgepress layouts``: shipped layouts by stock, one a line under a heading."""
    from badgepress.sheet.stock import layout_groups

    lines: list[str] = []
    for heading, entries in layout_groups():
        lines.append(("\n" if lines else "") + heading + ":")
        lines.extend(f"  {name:<20} {title}" for name, title in entries)
    return lines


def _progress(err: TextIO) -> Callable[[int, int | None], None]:
    start = time.monotonic()

    def show(done: int, expected: int | None) -> None:
        rate = done / max(time.monotonic() - start, 1e-6)
        line = f"{done:,} badges ({rate:,.0f}/s)"
        if expected:
            # The expected count includes blank and skipped rows: an estimate, capped at 99 %
            # until the run really ends.
            part = min(done / expected, 0.99)
            bar = "#" * int(part * BAR_WIDTH)
            line = f"[{bar:<{BAR_WIDTH}}] {part:4.0%}  {line}"
        err.write(f"\r  {line}")
        err.flush()

    return show


def _cmd_build(args: argparse.Namespace, err: TextIO) -> int:
    from badgepress.press.run import build

    show = _progress(err) if not args.quiet and err.isatty() else None
    strict_error: StrictError | None = None
    try:
        result = build(args.input, args.output, layout=args.layout, report=args.report,
                       sheet=args.sheet, mapping=dict(args.map), where=args.where,
                       sort=args.sort, font_dirs=args.font_dir, progress=show,
                       strict=args.strict, set_values=args.set, start_at=args.start_at,
                       blanks=args.blanks, offset=args.offset, back_offset=args.back_offset,
                       pdfx=args.pdfx, output_profile=args.output_profile)
    except StrictError as exc:
        strict_error = exc
        result = exc.result  # type: ignore[assignment]
    finally:
        if show is not None:
            err.write("\r\033[K")  # clear the bar, so that what follows starts its own line
            err.flush()
    if not args.quiet:
        _summary(args, result, err)
    if strict_error is not None:
        err.write(f"badgepress: {strict_error.message}; see the warnings above\n")
        return EXIT_ERROR
    return EXIT_OK


def _add_set(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help='override a layout key by its dotted path, e.g. --set '
                   'event.name="PyConf 2027" or --set badge.bleed=2mm')


def _summary(args: argparse.Namespace, result: BuildResult, err: TextIO) -> None:
    """The warnings (up to SHOWN_WARNINGS) and the one-line summary, on ``err``."""
    lines = [f"  row {row}: {msg}" for row, msg in result.warnings]
    lines += [f"  row {n.row}: {n.message}" if n.row else f"  {n.message}"
              for n in result.notices]
    for line in lines[:SHOWN_WARNINGS]:
        err.write(line + "\n")
    if len(lines) > SHOWN_WARNINGS:
        err.write(f"  ... and {len(lines) - SHOWN_WARNINGS} more"
                  f"{' in ' + args.report if args.report else ' (see --report)'}\n")
    dropped = ", ".join(f"row {s.row} ({s.reason})" if s.last_row is None else
                        f"rows {s.row:,} to {s.last_row:,} ({s.reason})"
                        for s in result.skipped[:5])
    more = f", and {len(result.skipped) - 5} more" if len(result.skipped) > 5 else ""
    skipped = sum(s.rows for s in result.skipped)
    err.write(
        f"{args.output}: {_plural(result.badges, 'badge')} on {_plural(result.pages, 'page')}"
        f"{f' ({result.blanks} blank)' if result.blanks else ''}, layout "
        f"{result.layout}; {_plural(result.rows_read, 'row')} read, {skipped} skipped"
        f"{': ' + dropped + more if dropped else ''}; "
        f"{_plural(len(result.warnings), 'warning')}\n")


def _plural(n: int, word: str) -> str:
    """``n`` and ``word``, plural unless ``n`` is 1: "1 warning", "3 warnings"."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"




def _add_preview(sub: Any) -> None:
    v = sub.add_parser("preview", help="one badge or one sheet as a PNG",
                       description="Render one badge (its bleed box) or one sheet to PNG.")
    v.add_argument("input", help="attendee file")
    v.add_argument("-o", "--output", default="preview.png",
                   help="PNG to write (default: %(default)s)")
    v.add_argument("-l", "--layout", default="a4-90x55-8up",
                   help="shipped layout name, path of a .toml layout, or a .zip of one with its "
                   "artwork and fonts (default: %(default)s)")
    which = v.add_mutually_exclusive_group(required=True)
    which.add_argument("--row", type=int, metavar="N",
                       help="the badge of spreadsheet row N (as the spreadsheet numbers rows)")
    which.add_argument("--page", type=int, metavar="N", help="sheet N of the PDF")
    v.add_argument("--dpi", type=float, default=300, help="resolution (default: %(default)s)")
    v.add_argument("--sheet", help="worksheet to read")
    v.add_argument("--map", action="append", type=_pair, default=[], metavar="KEY=COLUMN")
    v.add_argument("--where", action="append", default=[], metavar="COLUMN=VALUE")
    v.add_argument("--sort", metavar="KEY")
    v.add_argument("--font-dir", action="append", default=[], metavar="DIR")
    v.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    v.add_argument("--debug", action="store_true", help="show a traceback on errors")
    _add_set(v)


def _cmd_preview(args: argparse.Namespace, err: TextIO) -> int:
    from badgepress.press.preview import preview

    result = preview(args.input, args.output, layout=args.layout, row=args.row,
                     page=args.page, dpi=args.dpi, sheet=args.sheet, mapping=dict(args.map),
                     where=args.where, sort=args.sort, font_dirs=args.font_dir,
                     set_values=args.set)
    if not args.quiet:
        for row, msg in result.warnings[:SHOWN_WARNINGS]:
            err.write(f"  row {row}: {msg}\n")
        what = f"row {args.row}" if args.row is not None else f"page {args.page}"
        err.write(f"{args.output}: {what} at {args.dpi:g} dpi, layout {result.layout}\n")
    return EXIT_OK


def _cmd_copy(name: str, target: str, err: TextIO) -> int:
    from pathlib import Path

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


def _cmd_layouts(out: TextIO) -> int:
    for line in layout_listing():
        out.write(line + "\n")
    return EXIT_OK


def _cmd_fonts(args: argparse.Namespace, out: TextIO) -> int:
    from pathlib import Path

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


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None,
         err: TextIO | None = None) -> int:
    """Run the CLI; returns the exit code (see the module docstring)."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = _parser().parse_args(glue_offsets(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    try:
        if args.command == "build":
            return _cmd_build(args, err)
        if args.command == "layouts":
            if args.copy:
                return _cmd_copy(args.copy[0], args.copy[1], err)
            return _cmd_layouts(out)
        if args.command == "preview":
            return _cmd_preview(args, err)
        if args.command == "calibrate":
            from badgepress.cli.calibrate import cmd_calibrate

            return cmd_calibrate(args, err)
        if args.command == "preflight":
            from badgepress.cli.preflight import cmd_preflight

            return cmd_preflight(args, out)
        if args.command == "serve":
            return _cmd_serve(args, out)
        return _cmd_fonts(args, out)
    except BadgepressError as exc:
        if getattr(args, "debug", False):
            raise
        err.write(f"badgepress: error: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        err.write("badgepress: interrupted\n")
        return EXIT_INTERRUPTED


def entry() -> None:
    """Console-script entry point."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``badgepress layouts | head``): not an error of ours. Point
        # stdout at nothing so that the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 0
    sys.exit(code)

"""The command line: a thin shell over :func:`badgepress.press.run.build`. This module holds
the parser, ``build`` and ``main``; ``commands`` the other commands (``preflight`` in its own
module), ``options`` the options they share.

Exit codes: 0 done (warnings allowed), 1 bad input, layout, font or output (one line on
stderr, no traceback), 2 usage, 130 interrupted. ``--strict`` turns warnings into exit 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from badgepress import __version__
from badgepress.cli.commands import (
    add_calibrate_parser,
    add_preview,
    cmd_calibrate,
    cmd_copy,
    cmd_fonts,
    cmd_layouts,
    cmd_preview,
    cmd_serve,
    serve_parser,
)
from badgepress.cli.options import (
    add_file_options,
    add_layout_option,
    add_set,
    add_sides_options,
    glue_offsets,
    pair,
)
from badgepress.cli.preflight import add_preflight_parser, cmd_preflight
from badgepress.errors import BadgepressError, StrictError

if TYPE_CHECKING:
    from badgepress.press.run import BuildResult

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

#: Warnings listed on stderr before the summary says "and N more".
BAR_WIDTH = 30
SHOWN_WARNINGS = 20


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
    add_layout_option(b)
    b.add_argument("--report", metavar="FILE.json", help="write the JSON report here")
    b.add_argument("--sheet", help="worksheet to read (default: the first with a name column)")
    b.add_argument("--map", action="append", type=pair, default=[], metavar="KEY=COLUMN",
                   help='use COLUMN for an attendee field, e.g. --map first_name="Vorname"')
    b.add_argument("--where", action="append", default=[], metavar="COLUMN=VALUE",
                   help='only rows where COLUMN is VALUE, e.g. --where "Ticket Type=Speaker"')
    b.add_argument("--sort", metavar="KEY", help="order badges by a field, e.g. last_name")
    add_file_options(b)
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
    add_set(b)
    add_sides_options(b)
    add_preview(sub)
    lay = sub.add_parser("layouts", help="list the shipped layouts, grouped by stock, or copy "
                         "one to edit")
    lay.add_argument("--copy", nargs=2, metavar=("NAME", "FILE"),
                     help="write shipped layout NAME to FILE (never overwrites)")
    add_calibrate_parser(sub)
    add_preflight_parser(sub)
    f = sub.add_parser("fonts", help="list available fonts and the scripts they cover")
    f.add_argument("--font-dir", action="append", default=[], metavar="DIR")
    f.add_argument("--system", action="store_true", help="include system fonts")
    serve_parser(sub)
    return p


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
                       sort=args.sort, font_dirs=args.font_dir, allow_files=args.allow_files,
                       progress=show, strict=args.strict, set_values=args.set,
                       start_at=args.start_at, blanks=args.blanks, offset=args.offset,
                       back_offset=args.back_offset, pdfx=args.pdfx,
                       output_profile=args.output_profile)
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
                return cmd_copy(args.copy[0], args.copy[1], err)
            return cmd_layouts(out)
        if args.command == "preview":
            return cmd_preview(args, err)
        if args.command == "calibrate":
            return cmd_calibrate(args, err)
        if args.command == "preflight":
            return cmd_preflight(args, out)
        if args.command == "serve":
            return cmd_serve(args, out)
        return cmd_fonts(args, out)
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

"""``badgepress preflight FILE.pdf [--pdfx] [--json]``: a PDF checked as a print shop's
preflight would (:func:`badgepress.press.preflight.preflight_file`); the findings on stdout,
exit 1 when there are errors.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO


def add_preflight_parser(sub: Any) -> None:
    """The ``preflight`` command: what a print shop's preflight would say about a PDF."""
    c = sub.add_parser("preflight", help="check a PDF as a print shop's preflight would",
                       description="Check any PDF as a print shop's preflight would: fonts, "
                       "image resolution, ink coverage, hairlines, small text in several inks, "
                       "spot colours, transparency, page boxes; with --pdfx also PDF/X-4. "
                       "Exit 1 when there are errors.")
    c.add_argument("input", help="the PDF to check")
    c.add_argument("--pdfx", action="store_true",
                   help="check it as a PDF/X-4 job (identification, no RGB)")
    c.add_argument("--json", action="store_true", help="write the findings as JSON on stdout")
    c.add_argument("--debug", action="store_true", help="show a traceback on errors")


def cmd_preflight(args: argparse.Namespace, out: TextIO) -> int:
    """Run the preflight; findings on stdout (text or JSON). Exit 1 when there are errors."""
    import json

    from badgepress.press.preflight import preflight_file

    report = preflight_file(args.input, pdfx=args.pdfx)
    if args.json:
        out.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        for finding in report.findings:
            out.write(finding.line() + "\n")
        out.write(report.summary() + "\n")
    return 1 if report.count("error") else 0

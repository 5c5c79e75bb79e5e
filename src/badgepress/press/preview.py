"""``preview()``: one badge (its bleed box) or one sheet as a PNG, from the same PDF a build
writes, for designers (``badgepress preview``) and the web app.

Only what the picture needs is drawn: the one attendee of ``row``, or the attendees of the
first ``page`` sheets.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from badgepress.errors import InputError, OutputError
from badgepress.model import Attendee, Record, Skipped
from badgepress.pdf.preview import render_png
from badgepress.plan.select import select
from badgepress.press.outputs import Named, Staged, check_paths, run_inputs
from badgepress.press.run import BuildResult, press
from badgepress.readers import open_attendees
from badgepress.sheet.impose import plan_sheet
from badgepress.sheet.layout import DEFAULT_LAYOUT, load_layout, resolve_layout
from badgepress.sheet.layoutzip import opened_layout
from badgepress.text.fonts import FontBook


def _only_row(records: Iterator[Record], row: int, path: str) -> Iterator[Record]:
    """The attendee of spreadsheet row ``row`` (and the notices about it); raises when that
    row is not an attendee.
    """
    found = False
    reason = None
    for rec in records:
        if isinstance(rec, Attendee):
            if rec.row == row:
                found = True
                yield rec
        elif isinstance(rec, Skipped):
            if rec.row == row:
                reason = rec.reason
        elif rec.row == row:
            yield rec
    if not found:
        why = f"it is left out ({reason})" if reason else "it holds no attendee (the header, " \
            "a title, or past the last row)"
        raise InputError(f"--row {row}: no badge for this row: {why}", path=path)


def _first_pages(records: Iterator[Record], badges: int) -> Iterator[Record]:
    count = 0
    for rec in records:
        if isinstance(rec, Attendee):
            if count == badges:
                return
            count += 1
        yield rec


def preview(source: str | Path, output: str | os.PathLike[str], *,
            layout: str = DEFAULT_LAYOUT, row: int | None = None, page: int | None = None,
            dpi: float = 300, sheet: str | None = None,
            mapping: Mapping[str, str] | None = None, where: Sequence[str] = (),
            sort: str | None = None, font_dirs: Sequence[str | os.PathLike[str]] = (),
            set_values: Sequence[str] = ()) -> BuildResult:
    """Write a PNG of the badge of spreadsheet row ``row`` (its bleed box) or of sheet
    ``page`` (1-based) to ``output``, at ``dpi``. Exactly one of ``row`` and ``page`` is
    given. Returns the result of the build behind the picture (its warnings).
    """
    if (row is None) == (page is None):
        raise InputError("give either a row (--row N) or a page (--page N) to preview")
    if dpi <= 0:
        raise OutputError("--dpi must be greater than 0", path=Path(output))
    target = Path(output)
    check_paths(run_inputs(source, resolve_layout(layout)), [Named("the preview", target)])
    with opened_layout(layout) as layout:  # a .zip: unpacked while the preview is made
        lay = load_layout(layout, set_values)
        # The picture is an output like the PDF: never written over the list, the layout or a font.
        check_paths(run_inputs(source, lay), [Named("the preview", target)])
        book = FontBook([Path(d) for d in font_dirs])
        sheet_plan = plan_sheet(lay)
        if not target.parent.is_dir():
            raise OutputError(f"cannot write the preview: folder {str(target.parent)!r} does not "
                              "exist", path=target)
        with open_attendees(source, sheet=sheet, mapping=mapping) as table, \
                tempfile.TemporaryDirectory(prefix="badgepress-preview-") as tmp:
            records = select(table.records(), where=where, sort=sort)
            if row is not None:
                chosen = _only_row(records, row, str(source))
            else:
                assert page is not None
                if page < 1:
                    raise InputError(f"--page {page}: pages are numbered from 1", path=source)
                chosen = _first_pages(records, page * len(sheet_plan.slots))
            pdf = Path(tmp) / "preview.pdf"
            result = press(chosen, table.info, pdf, layout=lay, book=book)
            if page is not None and result.pages < page:
                raise InputError(f"--page {page}: the badges fill only {result.pages} "
                                 f"page{'s' if result.pages != 1 else ''}", path=source)
            box = sheet_plan.slots[0].bleed if row is not None else None
            png = render_png(pdf, page=page or 1, box=box, dpi=dpi)
    with Staged(target, "the preview") as staged:
        try:
            staged.tmp.write_bytes(png)
        except OSError as exc:
            raise OutputError(f"cannot write the preview: {exc.strerror}", path=target) from None
        staged.commit()
    return result

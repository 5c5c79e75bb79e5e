"""``build()``: attendee file + layout -> one imposed PDF (+ report). The library entry point.

Pipeline: read (streaming) -> select (``--where``, ``--sort``) -> plan each badge (fit) ->
render -> report. Rows stream through one at a time, so memory stays flat for any list size
(``--sort`` is the exception: it has to see every row first).
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from badgepress.errors import (
    BadgepressError,
    InputError,
    OutputError,
    StrictError,
)
from badgepress.model import (
    Attendee,
    Notice,
    Record,
    Skipped,
    SourceInfo,
)
from badgepress.pdf import icc
from badgepress.pdf.joining import PartJoiner
from badgepress.pdf.render import PdfRenderer
from badgepress.plan.planner import BLANK, Planner
from badgepress.press.ahead import qr_ahead
from badgepress.press.artahead import artwork_ahead
from badgepress.press.checks import (
    check_back_keys,
    check_example_event,
    check_start,
    check_template_keys,
)
from badgepress.press.fitahead import FitsAhead, Item, ahead_planner, fits_ahead
from badgepress.press.outputs import Staged, check_paths, run_inputs, run_outputs
from badgepress.press.pdfx import check_output, pdfx_colours
from badgepress.press.prefetch import background
from badgepress.press.preflight import Report
from badgepress.press.report import VERSION, ReportWriter
from badgepress.readers.standard import standard_fields, with_standard
from badgepress.sheet.layout import DEFAULT_LAYOUT, Layout, load_layout, resolve_layout
from badgepress.sheet.layoutzip import opened_layout
from badgepress.sheet.output import with_output
from badgepress.text.fonts import FontBook

#: Called as ``progress(badges done, badges expected or None)`` every 100 badges.
Progress = Callable[[int, int | None], None]

#: reportlab holds a document's pages until it saves it, so long runs are rendered in parts of
#: about this many badges and joined (finish.py), each part while the next is drawn
#: (joining.py): memory stays flat however long the list. Measured on 100,000 badges: parts of
#: 16,000 made the joining process peak at 75 MB (all processes: 219 MB), parts of 8,000 put a
#: join after the last badge of a 10,000 list (1.6x the bare loop instead of 1.2x); 12,000:
#: 198 MB, 1.15x, and a list of 10,000 stays one part, never joined.
BADGES_PER_PART = 12_000

#: Data rows from which the file is read in a second process (see read_aside). Measured: the
#: fork, pipe and exit cost the parent nothing and the child about 6 ms of CPU; from about 100
#: rows the overlap wins (200 rows: 79 ms instead of 91; 2,000: 0.50 s instead of 0.73). A
#: one-badge build stays in one process.
READ_ASIDE_ROWS = 200
#: The file size that stands for those rows when a workbook does not state its rows: about
#: 5 KB of workbook plus 30 bytes a row as openpyxl writes them; Excel always states them.
READ_ASIDE_BYTES = 16 * 1024


@dataclass
class BuildResult:
    """What a build did: counts, and every warning with its row."""

    output: str
    layout: str
    pages: int = 0
    badges: int = 0
    rows_read: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    #: (row, message) for each badge warning: condensed, overflow, missing characters
    warnings: list[tuple[int, str]] = field(default_factory=list)
    #: blank badges (``--blanks``) among ``badges``
    blanks: int = 0
    #: a PDF/X build's preflight of what it wrote (None for other builds)
    preflight: Report | None = None

    @property
    def problems(self) -> int:
        """Warnings that ``--strict`` turns into failure: badges not printed as given, and
        rows left out for any reason but being blank or filtered out.
        """
        dropped = [s for s in self.skipped
                   if not s.reason.startswith(("blank", "not selected"))]
        checked = self.preflight.count("error") + self.preflight.count("warning") \
            if self.preflight is not None else 0
        return len(self.warnings) + len(dropped) + checked


@contextmanager
def _batch_gc() -> Iterator[None]:
    """Collect garbage less often while badges stream through.

    A build makes millions of short-lived objects and almost no reference cycles, and the
    collector's default (every 700 allocations, a full pass over every live object now and
    then) took about a tenth of a 10,000-badge run. Restored on exit.
    """
    threshold = gc.get_threshold()
    gc.freeze()  # fonts, layout and modules loaded so far are never garbage
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def press(records: Iterable[Item], info: SourceInfo, output: str | os.PathLike[str], *,
          layout: Layout, book: FontBook | None = None, report: str | os.PathLike[str] | None =
          None, progress: Progress | None = None, strict: bool = False, start_at: int = 1,
          blanks: int = 0, planner: Planner | None = None) -> BuildResult:
    """Render ``records`` (from a reader) with ``layout`` into the PDF ``output``.

    ``start_at``: the first badge goes in this slot (1-based, reading order) of the first
    sheet; ``blanks``: this many badges with the artwork and no attendee text follow the
    attendees. The PDF and the report are written beside their targets under temporary names
    (:class:`~badgepress.press.outputs.Staged`) and moved into place only when the run
    succeeds: on any error, and with ``strict`` when there are warnings (``StrictError``),
    the previous files stay exactly as they were. (With no badge to print, the report is
    still written, to say why; no PDF is.) ``planner``: this ``layout``'s, made beforehand
    (by ``build()`` before the reader forks; the desk keeps one warm per event). The files
    the layout may read are where its ``files`` say (see ``load_layout``'s ``files_root``).
    """
    target = Path(output)
    check_paths(run_inputs(info.path, layout), run_outputs(target, report))
    # Fail before an hour of rendering, not after it: the folders must be there.
    for path, what in ((target, "PDF"), (Path(report) if report is not None else None, "report")):
        if path is not None and not path.parent.is_dir():
            raise OutputError(f"cannot write the {what}: folder {str(path.parent)!r} does not "
                              "exist; create it or choose another path", path=path)
    profile = icc.output_profile(layout.output, layout.source) if layout.output.pdfx else None
    layout = pdfx_colours(layout)
    book = book or FontBook()
    if planner is None or planner.layout is not layout:
        planner = Planner(layout, book, data_dir=Path(info.path).parent)
    check_start(layout, planner.sheet.per_page, start_at, blanks)
    result = BuildResult(output=str(output), layout=layout.name)
    result.notices.extend(check_example_event(layout))
    result.notices.extend(check_template_keys(layout, info))
    if layout.back is not None:
        result.notices.extend(check_back_keys(layout, info))
    with contextlib.ExitStack() as stack:
        pdf = stack.enter_context(Staged(target, "the PDF"))
        staged_report = (stack.enter_context(Staged(report, "the report"))
                         if report is not None else None)
        writer = stack.enter_context(contextlib.closing(ReportWriter()))
        final = _draw(with_blanks(records, blanks), info, planner, layout, pdf, result, writer,
                      report is not None, progress, start_at - 1, profile)
        result.rows_read = result.badges - result.blanks + sum(s.rows for s in result.skipped)
        writer.skipped, writer.notices = result.skipped, result.notices
        if staged_report is not None:
            header = {"version": VERSION, "layout": layout.name, "pages": result.pages,
                      "rows_read": result.rows_read, "source": info.path, "sheet": info.sheet}
            writer.write_to(staged_report.tmp, header, shown=report)
        if not result.badges:
            if staged_report is not None:
                staged_report.commit()  # the report says why nothing was printed
            if result.skipped:
                first = result.skipped[0]
                why = (f"all {result.rows_read} data rows were left out (row {first.row}: "
                       f"{first.reason}{', ...' if result.rows_read > 1 else ''})")
            else:
                why = "the file has no rows below its header"
            raise InputError(f"no badges to print: {why}; no PDF written"
                             f"{' (the report lists every row)' if report is not None else ''}",
                             path=info.path)
        if profile is not None:
            result.preflight, found = check_output(final, target, result.pages,
                                                   planner.sheet.sides)
            result.notices.extend(found)
        if strict and result.problems:
            n = result.problems
            raise StrictError(f"--strict: {n} {'badge or row' if n == 1 else 'badges or rows'} "
                              "not printed as given; the previous output (if any) is left as it "
                              "was", path=target, result=result)
        pdf.commit(final)
        if staged_report is not None:
            staged_report.commit()
    return result


def _draw(records: Iterable[Item], info: SourceInfo, planner: Planner, layout: Layout,
          pdf: Staged, result: BuildResult, writer: ReportWriter, reporting: bool,
          progress: Progress | None, skip: int = 0,
          profile: icc.OutputProfile | None = None) -> Path:
    """Plan and draw every record into ``pdf``'s temporary files; returns the finished PDF's
    temporary path (a single part, or the joined file). ``skip``: slots of the first sheet
    already used (``--start-at``).
    """
    tmp = pdf.tmp
    standard = standard_fields(info.headers)  # ticket_type, pronouns
    first_font = planner.chains[layout.fields[0].name].primary
    renderer: PdfRenderer | None = None
    joiner: PartJoiner | None = None
    final = tmp
    # Rows after the header: an estimate of the badges to come, for a progress bar.
    expected = info.last_row - info.header_row if info.last_row and info.header_row else None
    with _batch_gc():
        try:
            per_page = len(planner.sheet.slots)

            def part_done(path: Path) -> None:
                # The first finished part starts the join, in a second process when that is
                # allowed (joining.py): each part is joined while the next is drawn.
                nonlocal joiner
                if joiner is None:
                    joiner = PartJoiner(tmp, aside=workers_allowed())
                joiner.add(path)

            renderer = PdfRenderer(tmp, planner.sheet, layout, first_font,
                                   title=f"Badges from {Path(info.path).name}",
                                   pages_per_part=max(1, BADGES_PER_PART // per_page)
                                   * planner.sheet.sides,  # a duplex sheet: two pages
                                   on_part=part_done, items=planner.items,
                                   back_items=planner.back.items if planner.back is not None
                                   and layout.back is not None else None,
                                   back=planner.back.sheet if planner.back else None,
                                   profile=profile)
            for rec in records:
                if isinstance(rec, Attendee):
                    if standard and rec is not BLANK:
                        rec = with_standard(rec, standard)
                    badge = planner.plan(skip + result.badges, rec)
                    drawn = renderer.draw(badge)
                    if drawn:
                        badge = replace(badge, warnings=badge.warnings + tuple(drawn))
                    if reporting:
                        writer.add_badge(badge)
                    if rec is BLANK:
                        result.blanks += 1
                    else:
                        result.warnings.extend((rec.row, w) for w in badge.warnings)
                    result.badges += 1
                    if progress and result.badges % 100 == 0:
                        progress(result.badges, expected)
                elif isinstance(rec, FitsAhead):
                    planner.give(rec)  # the next attendee's texts, fitted in the reader
                elif isinstance(rec, Skipped):
                    result.skipped.append(rec)
                else:
                    result.notices.append(rec)
            result.pages = renderer.close()
            result.notices.extend(Notice(None, m) for m in (*renderer.face.notices,
                                                            *renderer.back_face.notices))
            if not result.badges:
                result.pages = 0  # nothing to print: no PDF (an error below); the report says why
            elif len(renderer.parts) == 1:
                final = renderer.parts[0]
            else:
                assert joiner is not None
                joiner.add(renderer.parts[-1])
                joiner.finish()
        except OSError as exc:
            raise OutputError(f"cannot write the PDF: {exc.strerror or exc}",
                              path=pdf.target) from None
        finally:
            if joiner is not None:
                joiner.close()  # stops a join left unfinished by an error
    return final


def with_blanks(records: Iterable[Item], blanks: int) -> Iterator[Item]:
    """``records``, then ``blanks`` blank badges (``--blanks``), but only after at least one
    row was read: a file with no attendees still fails as such.
    """
    seen = False
    for rec in records:
        seen = seen or isinstance(rec, Attendee)
        yield rec
    if seen:
        for _ in range(blanks):
            yield BLANK


def with_offsets(layout: Layout, offset: tuple[float, float] | None,
                 back_offset: tuple[float, float] | None) -> Layout:
    """``layout`` with the printer offsets given on the command line (pt) instead of its own
    ``[printer]`` ones.
    """
    if offset is not None:
        layout = replace(layout, offset=offset)
    if back_offset is not None:
        layout = replace(layout, back_offset=back_offset)
    return layout


def workers_allowed() -> bool:
    """Whether a second process may take work (reading, joining): unless
    ``BADGEPRESS_WORKERS`` is 0.
    """
    return os.environ.get("BADGEPRESS_WORKERS", "").strip() != "0"


def read_aside(info: SourceInfo, sort: str | None = None) -> bool:
    """Whether reading ``info``'s file in a second process pays: the list is long enough, the
    order is the file's (``--sort`` sees every row before the first badge: nothing to overlap),
    and ``BADGEPRESS_WORKERS`` is not 0.
    """
    if not workers_allowed() or sort is not None:
        return False
    if info.last_row is not None:
        return info.last_row - (info.header_row or 0) >= READ_ASIDE_ROWS
    # A workbook that does not state its size (openpyxl's write-only mode writes none):
    # judge by the file's size.
    try:
        return Path(info.path).stat().st_size >= READ_ASIDE_BYTES
    except OSError:
        return False


def build(source: str | Path, output: str | os.PathLike[str], *,
          layout: str = DEFAULT_LAYOUT, report: str | os.PathLike[str] | None = None,
          sheet: str | None = None, mapping: Mapping[str, str] | None = None,
          where: Sequence[str] = (), sort: str | None = None,
          font_dirs: Sequence[str | os.PathLike[str]] = (),
          progress: Progress | None = None, reader_process: bool | None = None,
          set_values: Sequence[str] = (), start_at: int = 1, blanks: int = 0,
          offset: tuple[float, float] | None = None,
          back_offset: tuple[float, float] | None = None, strict: bool = False,
          source_name: str | None = None, allow_files: Sequence[str | os.PathLike[str]] = (),
          files_root: str | os.PathLike[str] | None = None, pdfx: bool = False,
          output_profile: str | os.PathLike[str] | None = None) -> BuildResult:
    """Build the badges PDF for the attendees in ``source`` (.xlsx, .csv, ...).

    ``layout`` is a shipped layout name, a .toml path, or a .zip of a .toml and its files
    (built as the unzipped .toml is: the same PDF). Raises a ``BadgepressError`` subclass
    with a one-line message for any bad input; warnings are in the result (and the report).
    ``reader_process``: read the file in a second process while this one draws (True), or
    not (False); None decides by :func:`read_aside`. Either way the PDF is the same.
    ``set_values``: ``KEY=VALUE`` layout overrides (``--set``), e.g. ``event.name=PyConf``.
    ``start_at``, ``blanks``: see :func:`press`; ``offset``, ``back_offset``: printer offsets
    ``(x right, y up)`` in pt, instead of the layout's ``[printer]`` table.
    No output may be an input or another output (``OutputError`` before anything is read or
    written); the outputs are replaced only on success, and with ``strict`` only when there
    are no warnings (else ``StrictError``, whose ``result`` lists them).
    ``source_name``: the name the PDF's title, the report and messages give the file, when it
    is stored under another (the web app keeps uploads under generated names); default: its
    path as given. ``pdfx``: write PDF/X-4 (as the layout's ``[output] standard`` does);
    ``output_profile``: the print shop's CMYK output profile (an ``.icc`` file; implies
    ``pdfx``), instead of the layout's or the shipped one.
    Every file the layout reads (artwork, fonts by path, per-attendee images) must lie in the
    layout's folder, a folder of ``allow_files`` (``--allow-files``) or of the layout's
    ``[files] allow``; with ``files_root``, in that folder or one of ``allow_files`` only, and
    per-attendee names are found from it (the web app pins an event's folder so).
    """
    from badgepress.plan.select import select
    from badgepress.readers import open_attendees

    outputs = run_outputs(Path(output), report)
    check_paths(run_inputs(source, resolve_layout(layout)), outputs)
    with opened_layout(layout) as layout:  # a .zip: unpacked for the run
        lay = with_offsets(load_layout(layout, set_values, files_root=files_root,
                                       allow_files=allow_files), offset, back_offset)
        if pdfx or output_profile is not None:
            lay = replace(lay, output=with_output(lay.output, pdfx, output_profile))
        lay = pdfx_colours(lay)
        check_paths(run_inputs(source, lay), outputs)  # fonts given by path are inputs too
        book = FontBook([Path(d) for d in font_dirs])
        with (artwork_ahead(lay, workers_allowed()) as artwork_loaded,
              open_attendees(source, sheet=sheet, mapping=mapping) as table):
            aside = read_aside(table.info, sort) if reader_process is None else reader_process
            if source_name is not None:
                table.info.path = source_name
            planner = ahead_planner(lay, book, table.info, aside)  # fits names in the reader

            def read() -> Iterator[Record]:
                # With fork the child reads the workbook this process opened; this process only
                # closes it, after the child is gone. QR codes are encoded there too (ahead.py).
                selected = select(table.records(), where=where, sort=sort)
                if not lay.front.qrs:
                    return selected
                return qr_ahead(selected, lay, standard_fields(table.info.headers))

            with background(lambda: fits_ahead(read(), planner, table.info), fork=aside) as records:
                artwork_loaded()  # loaded aside meanwhile (artahead.py)
                return press(records, table.info, output, layout=lay, book=book, report=report,
                             progress=progress, strict=strict, start_at=start_at, blanks=blanks,
                             planner=planner)


__all__ = ["BadgepressError", "BuildResult", "build", "press", "read_aside"]

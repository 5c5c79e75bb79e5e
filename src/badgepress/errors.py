"""The one exception hierarchy of badgepress.

Every error a user can cause derives from :class:`BadgepressError`. Its ``str()`` is a single
line that names the file (and the row, column or key where there is one) and says what to do.
The CLI prints exactly that line and exits 1; nothing else should escape as a traceback.
"""

from __future__ import annotations

from pathlib import Path


class BadgepressError(Exception):
    """Root of every error badgepress raises on bad input, layouts, fonts or output."""

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        super().__init__(self._format())

    def _where(self) -> str:
        return self.path or ""

    def _format(self) -> str:
        where = self._where()
        return f"{where}: {self.message}" if where else self.message


class InputError(BadgepressError):
    """An attendee file cannot be read: missing, corrupt, unsupported, or has no usable table.

    ``row`` is the row number as the spreadsheet shows it; ``column`` a header name.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.row = row
        self.column = column
        super().__init__(message, path=path)

    def _where(self) -> str:
        parts = [self.path] if self.path else []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        return ": ".join(parts)


class NoNameColumnError(InputError):
    """No column of an attendee file holds names: ``headers`` are those of the likeliest
    header row (row ``header_row`` of ``sheet``), so that a caller can ask which column does
    (the web app's mapping drop-downs) instead of naming a command-line option.
    """

    def __init__(self, message: str, *, path: str | Path | None = None,
                 headers: tuple[str, ...] = (), sheet: str | None = None,
                 header_row: int | None = None) -> None:
        self.headers = headers
        self.sheet = sheet
        self.header_row = header_row
        super().__init__(message, path=path)


class LayoutError(BadgepressError):
    """A layout file is missing, malformed, or describes badges that do not fit the sheet.

    ``key`` is the dotted TOML key at fault (``badge.size``, ``field[2].box.width``).
    """

    def __init__(self, message: str, *, path: str | Path | None = None, key: str | None = None):
        self.key = key
        super().__init__(message, path=path)

    def _where(self) -> str:
        parts = [self.path] if self.path else []
        if self.key:
            parts.append(self.key)
        return ": ".join(parts)


class FontError(BadgepressError):
    """A font named by a layout cannot be found or loaded."""


class OutputError(BadgepressError):
    """The PDF or report cannot be written."""


class WorkerError(BadgepressError):
    """A helper process (the background reader) stopped before its work was done: killed, or
    out of memory.
    """


class OptionError(BadgepressError):
    """A build option does not suit the layout (``--start-at`` past the last slot, ...)."""


class StrictError(BadgepressError):
    """``--strict`` was given and the build produced warnings (overflow, missing glyphs, ...).

    ``result`` is the build's result (a ``BuildResult``), so that a caller can list the
    warnings; nothing was written.
    """

    def __init__(self, message: str, *, path: str | Path | None = None,
                 result: object = None) -> None:
        self.result = result
        super().__init__(message, path=path)


class PrintError(BadgepressError):
    """A badge could not be handed to a printer: no CUPS, no such queue, or the queue refused
    the job. ``queue`` is the CUPS queue's name where there is one.
    """

    def __init__(self, message: str, *, queue: str | None = None) -> None:
        self.queue = queue
        super().__init__(message, path=None)

    def _where(self) -> str:
        return f"printer {self.queue}" if self.queue else ""


def one_line(exc: BaseException) -> str:
    """Any exception's message as one line (its first), or its type's name when it has none:
    what the web app stores or shows for an error that is not a :class:`BadgepressError`.
    """
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__

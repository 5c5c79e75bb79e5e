"""badgepress: print-ready, imposed PDF name badges from an attendee spreadsheet."""

from badgepress.errors import (
    BadgepressError,
    FontError,
    InputError,
    LayoutError,
    OutputError,
    StrictError,
    WorkerError,
)

__version__ = "0.1.0"

__all__ = [
    "BadgepressError",
    "FontError",
    "InputError",
    "LayoutError",
    "OutputError",
    "StrictError",
    "WorkerError",
    "__version__",
]

"""The layout's artwork loaded in a helper process while this one opens the list and loads
its fonts (see :mod:`badgepress.pdf.preload`): about 0.35 s off the drawing process at the
start of a build with a PDF or SVG background.

The helper only saves time. Whatever becomes of it (it cannot start, a file is bad, it dies),
the drawing process loads what it did not get itself, and a bad file fails there with its
layout key, as without a helper. The PDF is the same either way.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from badgepress.pdf.preload import artwork_files, load_files, remember
from badgepress.press.prefetch import background, can_fork
from badgepress.sheet.layout import Layout


@contextlib.contextmanager
def artwork_ahead(layout: Layout, allowed: bool = True) -> Iterator[Callable[[], None]]:
    """Start loading ``layout``'s fixed artwork in a forked process; the context gives a
    function that waits for it and keeps it for this process's drawing (call it just before
    drawing; calling it is optional, and once is enough). With ``allowed`` false, no
    artwork, or no fork here, nothing starts and the function does nothing.
    """
    files = artwork_files(layout)
    if not (allowed and files and can_fork()):
        yield lambda: None
        return
    with background(lambda: iter((load_files(files, layout),)), batch=1) as loading:

        def wait() -> None:
            with contextlib.suppress(Exception):  # the drawing loads what did not come
                remember(next(loading, []))

        yield wait

"""Names in any script in the pages: the shipped Noto fonts served with ``@font-face``.

A desk laptop (or headless Chromium) often has no Tamil, CJK or Khmer fonts, and shows such
names as boxes. ``/fonts/page.css`` declares each shipped script font (regular and bold) under
one family, :data:`FAMILY`, with a ``unicode-range`` made from its own character map, so the
browser downloads a font only when a name on the page needs one of its characters.

The family comes first in the pages' font list (``app.css``): some systems' default font
claims CJK characters it cannot draw, so a family after it is never asked. To leave the pages'
own text to the system's fonts, the family claims no Latin, Greek or Cyrillic letter, and no
punctuation, arrow or symbol (the main Noto Sans is not in it): Latin text never makes the
browser fetch a font. The fonts come from this machine; nothing is fetched from the internet.
"""

from __future__ import annotations

import functools
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from badgepress.text.fontdb import coverage, read_one
from badgepress.text.fonts import shipped_fonts_dir

#: The family the pages name after the system's fonts (``app.css``).
FAMILY = "badgepress names"
#: Code points left to the system's fonts: Latin, Greek, Cyrillic and the like (below U+0530),
#: the punctuation, arrows and symbols (U+2000 to U+2BFF), and the specials at U+FFF0.
_SYSTEM = (frozenset(range(0, 0x530)) | frozenset(range(0x2000, 0x2C00))
           | frozenset(range(0xFFF0, 0x10000)) | {0xFEFF})


def font_files() -> dict[str, Path]:
    """The shipped font files the pages may use, by file name."""
    folder = shipped_fonts_dir()
    return {p.name: p for p in sorted(folder.glob("*.ttf"))}


def _ranges(points: frozenset[int], gap: int = 1) -> str:
    """``points`` as a CSS ``unicode-range`` (``U+41-5A, U+B80-BFF``); code points less than
    ``gap`` apart join one range (what lies between is unassigned or the same script's).
    """
    out: list[str] = []
    run: list[int] = []
    for cp in sorted(points):
        if run and cp <= run[1] + gap:
            run[1] = cp
            continue
        if run:
            out.append(f"U+{run[0]:X}" if run[0] == run[1] else f"U+{run[0]:X}-{run[1]:X}")
        run = [cp, cp]
    if run:
        out.append(f"U+{run[0]:X}" if run[0] == run[1] else f"U+{run[0]:X}-{run[1]:X}")
    return ", ".join(out)


@functools.cache
def page_css() -> str:
    """The ``@font-face`` rules of every shipped font (made once per process)."""
    rules = []
    for name, path in font_files().items():
        if name.startswith("NotoSans-"):  # Latin, Greek, Cyrillic: the system's fonts do
            continue
        points = coverage(read_one(path)) - _SYSTEM
        if not points:
            continue
        weight = 700 if "-Bold" in name else 400
        rules.append(f'@font-face {{ font-family: "{FAMILY}"; src: url("/fonts/{name}") '
                     f'format("truetype"); font-weight: {weight}; font-display: swap; '
                     f"unicode-range: {_ranges(points, 256 if 'CJK' in name else 16)}; }}")
    return "\n".join(rules) + "\n"


async def css(_request: Request) -> Response:
    """GET /fonts/page.css: the ``@font-face`` rules (:func:`page_css`)."""
    text = await run_in_threadpool(page_css)
    return Response(text, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


async def font(request: Request) -> Response:
    """GET /fonts/{name}: a shipped font file (only those :func:`font_files` lists)."""
    path = font_files().get(request.path_params["name"])
    if path is None:
        return Response("no such font", status_code=404, media_type="text/plain")
    return FileResponse(path, media_type="font/ttf",
                        headers={"Cache-Control": "max-age=86400"})


ROUTES = [
    Route("/fonts/page.css", css, methods=["GET"]),
    Route("/fonts/{name}", font, methods=["GET"]),
]

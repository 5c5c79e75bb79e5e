"""The preflight's checks of a placed image: effective resolution at its printed size, its
colour space, its largest ink total (8-bit CMYK images) and alpha (transparency).
"""

from __future__ import annotations

import math
from typing import Any

from pypdf.generic import StreamObject

from badgepress.pdf._pfcolour import PPI_ERROR, PPI_WARNING, TAC_LIMIT, Matrix, Paint, Space, space


def check_image(scanner: Any, obj: Any, ctm: Matrix, fill: Paint, resources: Any) -> None:
    """Check an image (a stream, or an inline image's keys) placed by matrix ``ctm``;
    ``scanner`` is the :class:`._pfscan.Scanner` that reports.
    """
    a, b, c, d, e, f = ctm
    at = (round(e, 1), round(f, 1))
    width, height = float(obj.get("/Width", 0)), float(obj.get("/Height", 0))
    placed = (math.hypot(a, b) / 72, math.hypot(c, d) / 72)
    if width and height and placed[0] > 0 and placed[1] > 0 and not obj.get("/ImageMask"):
        ppi = min(width / placed[0], height / placed[1])
        mm = f"{placed[0] * 25.4:.0f} x {placed[1] * 25.4:.0f} mm"
        if ppi < PPI_ERROR:
            scanner.emit("image-ppi", "error", at, f"an image of {ppi:.0f} ppi at its printed "
                         f"size ({mm})", "use an image of at least 300 ppi at that size (it "
                         "prints blurred and blocky)")
        elif ppi < PPI_WARNING:
            scanner.emit("image-ppi", "warning", at, f"an image of {ppi:.0f} ppi at its "
                         f"printed size ({mm})", "use an image of 300 ppi at that size; under "
                         "300 it looks soft")
    if obj.get("/ImageMask"):
        scanner.check_paint(fill, "an image mask", at)
        return
    sp = space(obj.get("/ColorSpace", "/DeviceGray"), resources)
    if sp.kind == "indexed-cmyk":
        sp = Space("cmyk", 1)
    scanner.check_paint(Paint(sp.kind, (0.0, 0.0, 0.0, 0.0)), "an image", at)
    if sp.kind == "cmyk" and isinstance(obj, StreamObject):
        tac = scanner.image_tac.get(id(obj))
        if tac is None:
            tac = scanner.image_tac[id(obj)] = image_tac(obj)
        if tac > TAC_LIMIT * 255 + 0.5:
            scanner.emit("tac", "warning", at, f"an image with up to {tac / 2.55:.0f} % total "
                         f"ink, over {TAC_LIMIT * 100:.0f} %", "convert the image with the "
                         "shop's profile (it limits the ink total)")
    if "/SMask" in obj or obj.get("/SMaskInData"):
        scanner.transparency("an image with alpha", at)


def image_tac(obj: Any) -> float:
    """The largest ink total (0-1020) over the pixels of an 8-bit CMYK image; 0 when it
    cannot be measured here (JPEG and other image codecs are not decoded).
    """
    from PIL import Image, ImageMath

    filters = str(obj.get("/Filter", ""))
    if obj.get("/BitsPerComponent", 8) != 8 or any(
            f in filters for f in ("DCT", "JPX", "JBIG2", "CCITT")):
        return 0.0
    try:
        im = Image.frombytes("CMYK", (int(obj["/Width"]), int(obj["/Height"])), obj.get_data())
        c, m, y, k = im.split()
        total = ImageMath.lambda_eval(lambda v: v["c"] + v["m"] + v["y"] + v["k"],
                                      c=c, m=m, y=y, k=k)
        return float(total.getextrema()[1])
    except Exception:  # a damaged or odd image: not measured
        return 0.0

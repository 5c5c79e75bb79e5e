"""RGB converted to the output profile's CMYK for PDF/X, with LittleCMS (Pillow's ``ImageCms``).

Why convert rather than tag RGB with an ICC profile (which PDF/X-4 also allows): a shop's
preflight for a CMYK press (GWG 2015's CMYK variants, most online printers) rejects RGB however
it is tagged, the shop's RIP would convert it anyway with an intent nobody chose, and the
PDF's own preview then shows what will print. Conversions use the relative colorimetric intent
with black point compensation (the usual choice for logos and photos going to print): white
stays paper white and black becomes the profile's deepest black. Neutral greys of flat colour
(``r == g == b``: black text and rules in an SVG, a hex ``#000000``) become black ink alone at
the same lightness (L*), so that small black text and hairlines do not turn into four-ink
rich black, which would misregister; photos are converted pixel by pixel with no such rule.
"""

from __future__ import annotations

import io
from typing import Any

from badgepress.pdf.icc import OutputProfile

#: Neutral greys: L* of each 8-bit K value through the output profile, kept per profile.
_RAMPS: dict[str, list[int]] = {}


class Converter:
    """RGB (sRGB, or an image's own embedded profile) to the CMYK of ``profile``."""

    def __init__(self, profile: OutputProfile) -> None:
        from PIL import ImageCms

        self.profile = profile
        self.digest = profile.digest
        self._cms = ImageCms
        self._out = ImageCms.ImageCmsProfile(io.BytesIO(profile.data))
        self._srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
        self._rgb = self._transform(self._srgb)
        self._colours: dict[tuple[int, int, int], tuple[float, float, float, float]] = {}
        self._ramp = _RAMPS.get(self.digest)
        if self._ramp is None:
            self._ramp = _RAMPS[self.digest] = self._k_ramp()

    def _transform(self, source: Any) -> Any:
        cms = self._cms
        return cms.buildTransform(source, self._out, "RGB", "CMYK",
                                  renderingIntent=cms.Intent.RELATIVE_COLORIMETRIC,
                                  flags=cms.Flags.BLACKPOINTCOMPENSATION)

    def _k_ramp(self) -> list[int]:
        """L* (0-255) of black ink alone at each of its 256 tints, through the profile."""
        from PIL import Image

        cms = self._cms
        lab = cms.ImageCmsProfile(cms.createProfile("LAB"))
        to_lab = cms.buildTransform(self._out, lab, "CMYK", "LAB",
                                    renderingIntent=cms.Intent.RELATIVE_COLORIMETRIC)
        ramp = Image.new("CMYK", (256, 1))
        ramp.putdata([(0, 0, 0, k) for k in range(256)])
        out = to_lab.apply(ramp)
        return [out.getpixel((k, 0))[0] for k in range(256)]

    def _lightness(self, grey: int) -> int:
        """L* (0-255) of the sRGB grey ``grey`` (0-255)."""
        from PIL import Image

        cms = self._cms
        lab = cms.ImageCmsProfile(cms.createProfile("LAB"))
        to_lab = cms.buildTransform(self._srgb, lab, "RGB", "LAB")
        pixel = to_lab.apply(Image.new("RGB", (1, 1), (grey, grey, grey))).getpixel((0, 0))
        return int(pixel[0])

    def cmyk(self, rgb: tuple[float, float, float]) -> tuple[float, float, float, float]:
        """The CMYK (0-1, three decimals) of the sRGB colour ``rgb`` (0-1), at 8-bit precision."""
        key = (round(min(max(rgb[0], 0.0), 1.0) * 255), round(min(max(rgb[1], 0.0), 1.0) * 255),
               round(min(max(rgb[2], 0.0), 1.0) * 255))
        hit = self._colours.get(key)
        if hit is None:
            if key[0] == key[1] == key[2]:
                hit = (0.0, 0.0, 0.0, self._grey_k(key[0]))
            else:
                from PIL import Image

                pixel = self._rgb.apply(Image.new("RGB", (1, 1), key)).getpixel((0, 0))
                c, m, y, k = (round(v / 255, 3) for v in pixel)
                hit = (c, m, y, k)
            self._colours[key] = hit
        return hit

    def _grey_k(self, grey: int) -> float:
        """Black ink alone (0-1) that matches the lightness of sRGB grey ``grey`` (0-255)."""
        if grey >= 255:
            return 0.0
        target = self._lightness(grey)
        assert self._ramp is not None
        best = min(range(256), key=lambda k: (abs(self._ramp[k] - target), -k))  # type: ignore[index]
        return round(best / 255, 3)

    def image(self, im: Any) -> Any:
        """``im`` (a Pillow image without alpha: RGB, or L, CMYK as they are) in the output
        CMYK; an RGB image with its own ICC profile is converted from that profile.
        """
        if im.mode in ("L", "CMYK", "1"):
            return im if im.mode != "1" else im.convert("L")
        rgb = im if im.mode == "RGB" else im.convert("RGB")
        own = im.info.get("icc_profile")
        transform = self._rgb
        if own:
            try:
                source = self._cms.ImageCmsProfile(io.BytesIO(own))
                if source.profile.xcolor_space.strip() == "RGB":
                    transform = self._transform(source)
            except (OSError, self._cms.PyCMSError):
                transform = self._rgb
        return transform.apply(rgb)


def raster_form(path: Any, convert: Converter) -> Any:
    """A PNG or JPEG file as a recorded form (:class:`._pdfobjects.Recorded`) of its size in
    pixels, its colour converted to CMYK (grey stays grey) and its alpha kept as a soft mask.
    """
    import zlib

    from PIL import Image

    from badgepress.pdf._pdfobjects import Indirect, Recorded, _Dict, _Raw, _Stream

    with Image.open(path) as src:
        src.load()
        im = src.convert("RGBA") if src.mode == "P" and "transparency" in src.info else src
        alpha = im.getchannel("A") if im.mode in ("RGBA", "LA", "PA") else None
        if im.mode in ("RGBA", "PA", "P", "I", "I;16", "F"):
            im = im.convert("RGB")
        elif im.mode == "LA":
            im = im.convert("L")
        if "icc_profile" in src.info:
            im.info["icc_profile"] = src.info["icc_profile"]
    out = convert.image(im)
    width, height = out.size
    space = b"/DeviceGray" if out.mode == "L" else b"/DeviceCMYK"

    def image(data: bytes, colour: bytes, extra: list[tuple[bytes, Any]]) -> _Stream:
        head = _Dict()
        head.items = [(b"/Type", _Raw(b"/XObject")), (b"/Subtype", _Raw(b"/Image")),
                      (b"/Width", _Raw(str(width).encode())),
                      (b"/Height", _Raw(str(height).encode())),
                      (b"/ColorSpace", _Raw(colour)), (b"/BitsPerComponent", _Raw(b"8")),
                      (b"/Filter", _Raw(b"/FlateDecode")), *extra]
        return _Stream(head, zlib.compress(data))

    objects: list[Any] = []
    extra: list[tuple[bytes, Any]] = []
    if alpha is not None and alpha.getextrema() != (255, 255):
        objects.append(image(alpha.tobytes(), b"/DeviceGray", []))
        extra.append((b"/SMask", Indirect(0)))
    objects.append(image(out.tobytes(), space, extra))
    resources = _Dict()
    xobjects = _Dict()
    xobjects.items = [(b"/Im0", Indirect(len(objects) - 1))]
    resources.items = [(b"/XObject", xobjects)]
    head = _Dict()
    head.items = [(b"/Type", _Raw(b"/XObject")), (b"/Subtype", _Raw(b"/Form")),
                  (b"/FormType", _Raw(b"1")),
                  (b"/BBox", _Raw(f"[0 0 {width} {height}]".encode())),
                  (b"/Resources", resources), (b"/Filter", _Raw(b"/FlateDecode"))]
    ops = f"q {width} 0 0 {height} 0 0 cm /Im0 Do Q".encode()
    return Recorded(tuple(objects), _Stream(head, zlib.compress(ops)))

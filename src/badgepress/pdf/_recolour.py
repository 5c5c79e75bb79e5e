"""RGB in imported artwork (PDF pages, SVG drawings) converted to the output profile's CMYK
for PDF/X (see :mod:`.colour` for the conversion itself and why).

Content operators are rewritten where they set an RGB colour (``rg``/``RG``, and ``sc``/
``scn`` after ``cs`` chose an RGB space), each as its span (:func:`._content.spans`), so that
everything else stays byte for byte; RGB images of 8 bits a component are converted and
written as CMYK (Flate). What is left in RGB (shadings, inline images, other image kinds) is
listed, for the preflight to report.
"""

from __future__ import annotations

import io
import zlib
from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject, StreamObject
from reportlab.lib.rl_accel import fp_str

from badgepress.pdf._content import spans
from badgepress.pdf.colour import Converter

_RGB_NAMES = frozenset({"/DeviceRGB", "/RGB", "/CalRGB"})


def _resolved(obj: Any) -> Any:
    return obj.get_object() if obj is not None and hasattr(obj, "get_object") else obj


def is_rgb(space: Any) -> bool:
    """Whether colour space ``space`` (a name or an array, resolved) is an RGB one."""
    space = _resolved(space)
    if isinstance(space, str):
        return space in _RGB_NAMES
    if isinstance(space, ArrayObject) and space:
        kind = space[0]
        if kind == "/CalRGB":
            return True
        if kind == "/ICCBased" and len(space) > 1:
            stream = _resolved(space[1])
            return isinstance(stream, StreamObject) and stream.get("/N") == 3
    return False


def _space_is_rgb(name: str, resources: Any) -> bool:
    if name in _RGB_NAMES:
        return True
    spaces = _resolved(resources.get("/ColorSpace")) if isinstance(resources, dict) else None
    return isinstance(spaces, DictionaryObject) and name in spaces and is_rgb(spaces[name])


def rewrite(data: bytes, resources: Any, convert: Converter) -> bytes:
    """``data`` (a content stream) with every RGB colour it sets converted to CMYK."""
    pieces: list[bytes] = []
    done = 0
    rgb = [False, False]  # the fill's and the stroke's space is an RGB one (q/Q kept)
    saved: list[list[bool]] = []
    for operands, op, start, end in spans(data):
        new: str | None = None
        if op == "q":
            saved.append(list(rgb))
        elif op == "Q" and saved:
            rgb = saved.pop()
        elif op in ("rg", "RG") and len(operands) == 3:
            new = f"{fp_str(*convert.cmyk(tuple(operands)))} {'k' if op == 'rg' else 'K'}"
        elif op in ("cs", "CS") and operands and isinstance(operands[0], str):
            which = 0 if op == "cs" else 1
            rgb[which] = _space_is_rgb(operands[0], resources)
            if rgb[which]:
                new = f"/DeviceCMYK {op}"
        elif op in ("sc", "scn", "SC", "SCN") and rgb[op[0] == "S"] and len(operands) == 3 \
                and all(isinstance(v, float) for v in operands):
            new = f"{fp_str(*convert.cmyk(tuple(operands)))} {op}"
        elif op in ("g", "k", "G", "K"):
            rgb[op.isupper()] = False
        if new is not None:
            pieces.append(data[done:start])
            pieces.append(b" " + new.encode("ascii"))
            done = end
    if not pieces:
        return data
    pieces.append(data[done:])
    return b"".join(pieces)


def image(stream: StreamObject, convert: Converter) -> tuple[dict[str, Any], bytes] | None:
    """An RGB image XObject as CMYK: its dictionary's changed entries and its new (Flate)
    data; None when it is not RGB, or not of a kind converted here (kept as it is).
    """
    from PIL import Image

    if not is_rgb(stream.get("/ColorSpace")) or stream.get("/BitsPerComponent", 8) != 8 \
            or "/Decode" in stream or stream.get("/ImageMask"):
        return None
    filters = _resolved(stream.get("/Filter"))
    names = list(filters) if isinstance(filters, ArrayObject) else [filters] if filters else []
    try:
        width, height = int(stream["/Width"]), int(stream["/Height"])  # type: ignore[call-overload]
        if names and names[-1] == "/DCTDecode":
            im: Any = Image.open(io.BytesIO(stream.get_data()))
            im.load()
        elif any(n in ("/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode") for n in names):
            return None
        else:
            im = Image.frombytes("RGB", (width, height), stream.get_data())
    except (OSError, ValueError, KeyError, TypeError):
        return None
    cmyk = convert.image(im.convert("RGB") if im.mode != "RGB" else im)
    changed = {"/ColorSpace": "/DeviceCMYK", "/BitsPerComponent": 8, "/Filter": "/FlateDecode"}
    return changed, zlib.compress(cmyk.tobytes())

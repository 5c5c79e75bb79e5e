"""ICC output profiles for PDF/X: the shipped one (``profiles/``, ISO Coated v2 300 %,
FOGRA39, zlib licence: see ``profiles/README.md``) or a print shop's own, checked to be what a
PDF/X output intent needs: an ICC output (``prtr``) profile for CMYK.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from badgepress.errors import LayoutError, OptionError
from badgepress.sheet.output import OutputSpec

#: The profile a ``--pdfx`` build embeds when the layout and the command line name none.
SHIPPED = Path(__file__).resolve().parent / "profiles" / "ISOcoated_v2_300_bas.icc"
SHIPPED_IDENTIFIER = "FOGRA39"
SHIPPED_CONDITION = "Coated FOGRA39 (ISO 12647-2:2004): ISO Coated v2 300% (basICColor)"
REGISTRY = "http://www.color.org"
#: Larger than any real output profile (the largest common ones are about 4 MB).
MAX_PROFILE_BYTES = 64 * 1024 * 1024

_CLASSES = {b"scnr": "an input (scanner or camera)", b"mntr": "a display",
            b"link": "a device link", b"spac": "a colour space conversion",
            b"abst": "an abstract", b"nmcl": "a named colour", b"prtr": "an output"}


@dataclass(frozen=True, slots=True)
class OutputProfile:
    """A CMYK output profile and how the output intent names its condition."""

    data: bytes
    identifier: str
    condition: str
    registry: str
    description: str

    @property
    def digest(self) -> str:
        """A short hash of the profile's bytes (names objects and caches; hex)."""
        return hashlib.sha1(self.data).hexdigest()[:16]


_cache: dict[tuple[Path, str | None], OutputProfile] = {}


def _fail(spec: OutputSpec, source: str, path: Path, message: str) -> Exception:
    """A one-line error naming the profile file and where it was given."""
    if spec.origin == "output.profile":
        return LayoutError(f"{path}: {message}", path=source, key="output.profile")
    return OptionError(f"{message} ({spec.origin})", path=path)


def check_header(data: bytes) -> str | None:
    """Why ``data`` is not an ICC CMYK output profile, or None when it is one."""
    if len(data) < 132 or data[36:40] != b"acsp":
        return "is not an ICC profile (no 'acsp' signature in its header)"
    cls, space = data[12:16], data[16:20]
    if cls != b"prtr" or space != b"CMYK":
        kind = _CLASSES.get(cls, f"an unknown ({cls.decode('latin-1')!r})")
        what = space.decode("latin-1").strip() or "?"
        return (f"is {kind} profile for {what}, not a CMYK output (prtr) profile; ask the print "
                "shop for their CMYK output profile")
    return None


def _description(data: bytes) -> str:
    """The profile's description tag, read by LittleCMS ('' when it has none)."""
    from PIL import ImageCms

    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
        return (ImageCms.getProfileDescription(profile) or "").strip()
    except (OSError, ImageCms.PyCMSError):
        return ""


def output_profile(spec: OutputSpec, source: str) -> OutputProfile:
    """The output profile ``spec`` asks for (the shipped one when it names none), read and
    checked once a process. ``source``: the layout file, for messages. Raises
    ``LayoutError`` (a profile given in the layout) or ``OptionError`` (``--output-profile``)
    with a one-line message when the file is missing or not a CMYK output profile.
    """
    path = spec.profile or SHIPPED
    key = (path.resolve(), spec.condition)
    hit = _cache.get(key)
    if hit is not None:
        return hit
    try:
        with path.open("rb") as f:
            data = f.read(MAX_PROFILE_BYTES + 1)
    except OSError as exc:
        raise _fail(spec, source, path, f"cannot be read ({exc.strerror}); give the path of "
                    "an ICC profile") from None
    if len(data) > MAX_PROFILE_BYTES:
        raise _fail(spec, source, path, "is larger than 64 MB: not an ICC output profile")
    why = check_header(data)
    if why is not None:
        raise _fail(spec, source, path, why)
    description = _description(data)
    if spec.profile is None:
        hit = OutputProfile(data, SHIPPED_IDENTIFIER, SHIPPED_CONDITION, REGISTRY, description)
    else:
        name = spec.condition or description or path.stem
        hit = OutputProfile(data, name, description or name, REGISTRY, description or name)
    _cache[key] = hit
    return hit

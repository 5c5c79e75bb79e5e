"""The ``[output]`` table: which print standard the PDF follows, and for PDF/X the shop's
output profile. Pure data; the profile file itself is read and checked by the pdf room.

```toml
[output]
standard = "PDF/X-4"        # default: none (a plain print-ready PDF)
profile = "shop.icc"        # the print shop's CMYK output profile (relative to this file);
                            # default: the shipped ISO Coated v2 (FOGRA39)
condition = "FOGRA39"       # the OutputConditionIdentifier for that profile (optional)
```

The command line's ``--pdfx`` and ``--output-profile FILE.icc`` set the same (see
:func:`with_output`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from badgepress.sheet._toml import TableReader, text

#: The standards badgepress writes, as the layout spells them.
STANDARDS = ("PDF/X-4",)


@dataclass(frozen=True, slots=True)
class OutputSpec:
    """The PDF's standard (None: a plain print-ready PDF) and, for PDF/X, the output profile
    (None: the shipped default) and its condition identifier (None: from the profile).
    ``origin`` names where the profile was given, for messages (``output.profile`` or
    ``--output-profile``).
    """

    standard: str | None = None
    profile: Path | None = None
    condition: str | None = None
    origin: str = "output.profile"

    @property
    def pdfx(self) -> bool:
        """Whether the PDF is written as PDF/X-4."""
        return self.standard == "PDF/X-4"


NO_OUTPUT = OutputSpec()


def _standard(value: Any) -> str:
    if isinstance(value, str):
        for name in STANDARDS:
            if value.strip().upper().replace(" ", "") == name.replace(" ", ""):
                return name
        if value.strip().lower() in ("", "none"):
            return ""
    raise ValueError(f"expected {' or '.join(repr(s) for s in STANDARDS)} (or 'none'), "
                     f"got {value!r}")


def read_output(top: TableReader, base: Path) -> OutputSpec:
    """The ``[output]`` table of a layout (absent: :data:`NO_OUTPUT`); ``base`` is the layout
    file's folder, which a relative ``profile`` path starts from.
    """
    if "output" not in top.table:
        top.used.add("output")
        return NO_OUTPUT
    t = top.sub("output")
    standard = t.get("standard", _standard, "") or None
    profile_text = t.get("profile", text, "")
    condition = t.get("condition", text, "") or None
    t.done()
    if (profile_text or condition) and standard is None:
        raise t.fail("standard", "is needed with profile or condition: set standard = "
                     "\"PDF/X-4\" (or build with --pdfx)")
    profile = base / profile_text if profile_text else None
    return OutputSpec(standard, profile, condition)


def with_output(spec: OutputSpec, pdfx: bool = False,
                profile: str | os.PathLike[str] | None = None) -> OutputSpec:
    """``spec`` with the command line's ``--pdfx`` and ``--output-profile`` applied: either
    one asks for PDF/X-4; a profile given there replaces the layout's.
    """
    if not pdfx and profile is None:
        return spec
    out = replace(spec, standard="PDF/X-4")
    if profile is not None:
        out = replace(out, profile=Path(profile), condition=None, origin="--output-profile")
    return out

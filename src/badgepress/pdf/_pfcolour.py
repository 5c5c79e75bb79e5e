"""Colours as the preflight sees them: which inks a colour puts down (for total area coverage,
rich black and small multi-ink text) and what kind of space it comes from (device RGB, ICC
RGB, spot, registration), from a content stream's colour operators and its resources.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

Matrix = tuple[float, float, float, float, float, float]
#: Limits the checks use (GWG 2015 sheet-fed, and what shops ask for).
SMALL_TEXT = 12.0   # pt: smaller text in rich black or 3+ inks misregisters
HAIRLINE = 0.125    # pt
TAC_LIMIT = 3.0     # 300 %
PPI_ERROR, PPI_WARNING = 150.0, 300.0
#: Separation names that are process inks, not spot colours.
PROCESS = {"/Cyan": 0, "/Magenta": 1, "/Yellow": 2, "/Black": 3}


@dataclass(frozen=True, slots=True)
class Paint:
    """A colour as inks: ``cmyk`` (0-1 each), spot inks by name (0-1), and the kind of space
    it was given in: ``gray``, ``cmyk``, ``rgb`` (device), ``icc-rgb``, ``lab``, ``spot``,
    ``registration`` (``/All``), ``none`` (``/None``), ``pattern``, ``other``.
    """

    kind: str
    cmyk: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 1.0)
    spots: tuple[tuple[str, float], ...] = ()

    @property
    def coverage(self) -> float:
        """Total area coverage (0-4+, 1 = 100 %): the inks' tints added up."""
        return sum(self.cmyk) + sum(t for _, t in self.spots)

    @property
    def inks(self) -> int:
        """How many inks (process and spot) the colour uses."""
        return sum(1 for v in self.cmyk if v > 0.005) + sum(1 for _, t in self.spots if t > 0.005)

    @property
    def known(self) -> bool:
        """Whether the inks are known (device grey, CMYK, separations)."""
        return self.kind in ("gray", "cmyk", "spot", "registration", "none")

    @property
    def white(self) -> bool:
        """No ink at all (paper white: a knockout)."""
        return self.known and self.coverage < 0.005


BLACK = Paint("gray", (0.0, 0.0, 0.0, 1.0))


def _resolved(obj: Any) -> Any:
    return obj.get_object() if obj is not None and hasattr(obj, "get_object") else obj


@dataclass(frozen=True, slots=True)
class Space:
    """A colour space: its kind (as :class:`Paint`), its component count, and for a
    separation or DeviceN its ink names (``/All`` for registration).
    """

    kind: str
    n: int
    names: tuple[str, ...] = ()


_DEVICE = {"/DeviceGray": Space("gray", 1), "/G": Space("gray", 1),
           "/DeviceRGB": Space("rgb", 3), "/RGB": Space("rgb", 3),
           "/DeviceCMYK": Space("cmyk", 4), "/CMYK": Space("cmyk", 4),
           "/Pattern": Space("pattern", 0)}


def space(value: Any, resources: Any) -> Space:
    """The :class:`Space` of a colour space operand or entry (a name, resolved through
    ``resources``' ``/ColorSpace``, or an array).
    """
    value = _resolved(value)
    if isinstance(value, str):
        if value in _DEVICE:
            return _DEVICE[value]
        table = _resolved(resources.get("/ColorSpace")) if isinstance(resources, dict) else None
        if isinstance(table, DictionaryObject) and value in table:
            return space(table[value], None)
        return Space("other", 0)
    if not isinstance(value, ArrayObject) or not value:
        return Space("other", 0)
    family = value[0]
    if family == "/ICCBased" and len(value) > 1:
        stream = _resolved(value[1])
        n = int(stream.get("/N", 0)) if isinstance(stream, StreamObject) else 0
        return {1: Space("gray", 1), 3: Space("icc-rgb", 3), 4: Space("cmyk", 4)}.get(
            n, Space("other", n))
    if family in ("/CalRGB",):
        return Space("icc-rgb", 3)
    if family == "/CalGray":
        return Space("gray", 1)
    if family == "/Lab":
        return Space("lab", 3)
    if family == "/Separation" and len(value) > 1:
        name = str(value[1])
        kind = "registration" if name == "/All" else "none" if name == "/None" else "spot"
        return Space(kind, 1, (name,))
    if family == "/DeviceN" and len(value) > 1 and isinstance(_resolved(value[1]), ArrayObject):
        names = tuple(str(n) for n in _resolved(value[1]))
        return Space("spot", len(names), names)
    if family == "/Indexed" and len(value) > 1:
        base = space(value[1], resources)
        return Space(base.kind if base.kind != "cmyk" else "indexed-cmyk", 1)
    if family == "/Pattern":
        return Space("pattern", 0)
    return Space("other", 0)


def paint(sp: Space, values: list[Any]) -> Paint:
    """The :class:`Paint` of component ``values`` in space ``sp``."""
    nums = [float(v) for v in values if isinstance(v, float)]
    if sp.kind == "gray" and nums:
        return Paint("gray", (0.0, 0.0, 0.0, 1.0 - min(max(nums[0], 0.0), 1.0)))
    if sp.kind == "cmyk" and len(nums) >= 4:
        c, m, y, k = (min(max(v, 0.0), 1.0) for v in nums[:4])
        return Paint("cmyk", (c, m, y, k))
    if sp.kind in ("spot", "registration", "none") and nums:
        if sp.kind == "registration":
            return Paint("registration", (nums[0],) * 4)
        if sp.kind == "none":
            return Paint("none", (0.0, 0.0, 0.0, 0.0))
        cmyk = [0.0, 0.0, 0.0, 0.0]
        spots = []
        for name, tint in zip(sp.names, nums, strict=False):
            if name in PROCESS:
                cmyk[PROCESS[name]] = tint
            elif name != "/None":
                spots.append((name, tint))
        return Paint("spot" if spots else "cmyk", (cmyk[0], cmyk[1], cmyk[2], cmyk[3]),
                     tuple(spots))
    return Paint(sp.kind, (0.0, 0.0, 0.0, 0.0))


def initial(sp: Space) -> Paint:
    """The colour a space starts with when chosen by ``cs``/``CS`` (ISO 32000, 8.6.5)."""
    if sp.kind == "gray":
        return BLACK
    if sp.kind == "cmyk":
        return Paint("cmyk", (0.0, 0.0, 0.0, 1.0))
    if sp.kind in ("spot", "registration", "none"):
        return paint(sp, [1.0] * max(sp.n, 1))
    return Paint(sp.kind, (0.0, 0.0, 0.0, 0.0))

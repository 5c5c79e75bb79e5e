"""Rectangles in PDF points, origin at the lower left of the page, y growing upwards."""

from __future__ import annotations

from dataclasses import dataclass

#: Geometry comparisons tolerate this much (pt): far below anything a printer resolves.
EPSILON = 1e-6


@dataclass(frozen=True, slots=True)
class Rect:
    """An axis-aligned rectangle; ``x0 <= x1`` and ``y0 <= y1``, all in points."""

    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def from_size(cls, x: float, y: float, width: float, height: float) -> Rect:
        """Build a rectangle from its lower-left corner and its size (pt)."""
        return cls(x, y, x + width, y + height)

    @property
    def width(self) -> float:
        """Width in points."""
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        """Height in points."""
        return self.y1 - self.y0

    def grow(self, by: float) -> Rect:
        """Return this rectangle enlarged by ``by`` points on every side (negative shrinks)."""
        return Rect(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)

    def shift(self, dx: float, dy: float) -> Rect:
        """Return this rectangle moved by ``(dx, dy)`` points."""
        return Rect(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy)

    def contains(self, other: Rect) -> bool:
        """True when ``other`` lies inside this rectangle (edges may touch)."""
        return (
            other.x0 >= self.x0 - EPSILON
            and other.y0 >= self.y0 - EPSILON
            and other.x1 <= self.x1 + EPSILON
            and other.y1 <= self.y1 + EPSILON
        )

    def overlaps(self, other: Rect) -> bool:
        """True when the interiors intersect (touching edges do not count)."""
        return (
            self.x0 < other.x1 - EPSILON
            and other.x0 < self.x1 - EPSILON
            and self.y0 < other.y1 - EPSILON
            and other.y0 < self.y1 - EPSILON
        )

    def as_list(self, ndigits: int = 3) -> list[float]:
        """``[x0, y0, x1, y1]`` rounded for reports (pt)."""
        return [round(v, ndigits) for v in (self.x0, self.y0, self.x1, self.y1)]


@dataclass(frozen=True, slots=True)
class Segment:
    """A straight line from ``(x0, y0)`` to ``(x1, y1)`` in points (a crop mark)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def bounds(self) -> Rect:
        """The segment's bounding rectangle (zero width or height for axis-aligned marks)."""
        return Rect(min(self.x0, self.x1), min(self.y0, self.y1),
                    max(self.x0, self.x1), max(self.y0, self.y1))

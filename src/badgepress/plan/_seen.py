"""A compact map from a 64-bit hash to the first row that had it, for duplicate notices.

A ``dict[int, int]`` costs about 110 bytes an entry (two int objects and a slot), so the two
maps of ``select`` (name and company, email) held about 220 bytes per attendee: 22 MB for
100,000 rows, 220 MB for a million. Here keys and rows live in two flat arrays with open
addressing (linear probing, at most half full): 12 bytes a slot, about 24-48 bytes an entry.
"""

from __future__ import annotations

from array import array

_MASK64 = (1 << 64) - 1


class Seen:
    """``hash -> first row``: :meth:`first` says the row that had ``key`` first, if any, and
    remembers ``row`` for it otherwise.
    """

    def __init__(self, slots: int = 1024) -> None:
        self._size = slots  # a power of two
        self._keys = array("Q", [0]) * slots  # 0: empty
        self._rows = array("I", [0]) * slots
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def first(self, key: int, row: int) -> int | None:
        """The row remembered for ``key``; None (and ``row`` remembered) when it is new."""
        key = (key & _MASK64) or 1
        mask = self._size - 1
        keys = self._keys
        i = key & mask
        while True:
            k = keys[i]
            if k == key:
                return int(self._rows[i])
            if k == 0:
                break
            i = (i + 1) & mask
        keys[i] = key
        self._rows[i] = row
        self._count += 1
        if 2 * self._count > self._size:
            self._grow()
        return None

    def _grow(self) -> None:
        old_keys, old_rows = self._keys, self._rows
        self._size *= 2
        self._keys = array("Q", [0]) * self._size
        self._rows = array("I", [0]) * self._size
        mask = self._size - 1
        keys, rows = self._keys, self._rows
        for k, r in zip(old_keys, old_rows, strict=True):
            if k:
                i = k & mask
                while keys[i]:
                    i = (i + 1) & mask
                keys[i] = k
                rows[i] = r


__all__ = ["Seen"]

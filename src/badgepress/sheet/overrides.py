"""``--set KEY=VALUE``: change one scalar key of a layout by its dotted path before the layout
is checked, so a mistake gets the same message as the same mistake in the file.

Paths are written as the layout's messages write them: ``event.name``, ``badge.bleed``,
``grid.columns``, ``field[2].size.max`` (arrays of tables are 1-based). The value is read as a
TOML value when it is one (``3``, ``true``, ``"text"``), and as a string otherwise (``3mm``,
``PyConf 2027 Berlin``).
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Mapping, Sequence
from typing import Any

from badgepress.errors import LayoutError
from badgepress.sheet.elements import event_keys_used

_PART = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)(?:\[(\d+)\])?$")


def parse_value(text: str) -> Any:
    """``text`` as a TOML scalar (number, boolean, quoted string), else the text itself."""
    try:
        value = tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text
    return value if not isinstance(value, dict | list) else text


def apply_overrides(data: Mapping[str, Any], items: Sequence[str], *, path: str
                    ) -> dict[str, Any]:
    """A copy of the parsed layout ``data`` with each ``KEY=VALUE`` of ``items`` set.

    Only scalars may be set; a missing table on the way is created (``event.city=...``), an
    array element must exist. Raises ``LayoutError`` naming the key.
    """
    out: dict[str, Any] = copy.deepcopy(dict(data))
    for item in items:
        key, sep, raw = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise LayoutError(f"--set {item!r}: expected KEY=VALUE, e.g. --set "
                              "event.name=\"PyConf 2027\"", path=path)
        _set(out, key, parse_value(raw.strip()), path)
    return out


def check_event_overrides(data: Mapping[str, Any], items: Sequence[str], *, path: str) -> None:
    """Refuse ``--set event.KEY=...`` for a key that no text of the layout (``data``, with
    the overrides applied) uses: a typo (``event.nam``) would otherwise change nothing.
    """
    used = event_keys_used(data)
    for item in items:
        key = item.partition("=")[0].strip()
        name = key[len("event."):] if key.startswith("event.") else None
        if name is not None and name not in used:
            keys = ", ".join(f"event.{k}" for k in sorted(used)) or "none"
            raise LayoutError(f"no text of this layout uses {{{key}}} (its texts use: "
                              f"{keys}); --set one of those, or put {{{key}}} in a text",
                              path=path, key=key)


def _set(data: dict[str, Any], key: str, value: Any, path: str) -> None:
    parts = key.split(".")
    node: Any = data
    for depth, part in enumerate(parts):
        m = _PART.match(part.strip())
        if m is None:
            raise LayoutError(f"--set: {part!r} is not a key (write keys as event.name, "
                              "grid.columns or field[2].font)", path=path, key=key)
        name, index = m.group(1), m.group(2)
        last = depth == len(parts) - 1
        if index is not None:
            array = node.get(name)
            i = int(index)
            if not isinstance(array, list) or not 1 <= i <= len(array):
                have = len(array) if isinstance(array, list) else 0
                raise LayoutError(f"--set: the layout has {have} [[{name}]] tables; there is "
                                  f"no {name}[{i}]", path=path, key=key)
            if last:
                raise LayoutError("--set: this is a table; set one of its keys",
                                  path=path, key=key)
            node = array[i - 1]
            continue
        if last:
            if isinstance(node.get(name), dict | list):
                raise LayoutError("--set: this is a table; set one of its keys (e.g. "
                                  f"{key}.x)", path=path, key=key)
            node[name] = value
            return
        child = node.setdefault(name, {})
        if not isinstance(child, dict):
            raise LayoutError(f"--set: {'.'.join(parts[:depth + 1])} is not a table",
                              path=path, key=key)
        node = child

r"""What may come in: text that every later step can keep, JSON of a sane shape, numbers in
queries and paths.

Text fields end up in SQLite, in spreadsheets (the exports: a workbook cannot hold C0
controls), in TOML (the event text written into a layout copy: TOML forbids controls and
DEL) and on badges. So a text with a C0 or C1 control character (tab, line feed and carriage
return aside: they are whitespace, folded where a field takes one line), DEL, or a lone
surrogate (``"\ud800"`` in JSON, which no UTF-8 file can hold) is refused with one line that
names the field and the character. File names given by a browser are labels only: such
characters are removed from them instead.
"""

from __future__ import annotations

import re
from typing import Any

from badgepress.errors import InputError

#: C0 controls but tab, LF and CR; DEL; C1 controls; lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
#: The deepest nesting of a JSON body (the API's bodies are flat objects).
JSON_DEPTH = 16
#: The longest number a path or query may hold: an id stored by SQLite (64 bits) has 19.
_DIGITS = 18
_HUGE_NUMBER = re.compile(rf"(?:^|/)[0-9]{{{_DIGITS + 1},}}(?=$|[/.])")


def bad_character(text: str) -> str | None:
    """What in ``text`` cannot be kept (``"a control character (U+0001)"``), or None."""
    m = _FORBIDDEN.search(text)
    if m is None:
        return None
    code = ord(m.group())
    if 0xD800 <= code <= 0xDFFF:
        return f"a broken character (a lone surrogate, U+{code:04X})"
    return f"a control character (U+{code:04X})"


def checked(text: str, what: str) -> str:
    """``text``, or ``InputError`` naming ``what`` when it holds a character that cannot be
    kept (see the module docstring).
    """
    why = bad_character(text)
    if why is not None:
        raise InputError(f"{what} holds {why}, which badges, spreadsheets and layouts cannot "
                         "keep; remove it")
    return text


def file_name(name: str) -> str:
    """A browser's file name with the characters that cannot be kept removed."""
    return _FORBIDDEN.sub("", name).strip() or "upload"


def checked_json(body: Any) -> dict[str, Any]:
    """A parsed JSON body as a route takes it: an object, at most :data:`JSON_DEPTH` deep,
    whose keys and strings hold no character that cannot be kept. ``InputError`` otherwise.
    """
    if not isinstance(body, dict):
        raise InputError("the request body must be a JSON object")
    todo: list[tuple[Any, str, int]] = [(body, "", 1)]
    while todo:
        value, where, depth = todo.pop()
        if depth > JSON_DEPTH:
            raise InputError(f"the request body is nested more than {JSON_DEPTH} deep")
        items = (value.items() if isinstance(value, dict)
                 else ((f"{where}[{i}]", v) for i, v in enumerate(value)))
        for key, item in items:
            name = key if isinstance(value, list) else (
                f"{where}.{key}" if where else str(key))
            if isinstance(value, dict):
                checked(str(key), "a field name")
            if isinstance(item, str):
                checked(item, name)
            elif isinstance(item, dict | list):
                todo.append((item, name, depth + 1))
    return body


def path_problem(path: str) -> tuple[int, str] | None:
    """Why the request's path (decoded) is refused, as ``(status, one line)``, or None: a
    control character in it (400), a number in it longer than any stored id (404).
    """
    why = bad_character(path)
    if why is not None:
        return 400, f"the address holds {why}; remove it"
    if _HUGE_NUMBER.search(path):
        return 404, f"no such item: a number in the address has more than {_DIGITS} digits"
    return None


def whole_number(raw: str | None, name: str, *, most: int) -> int | None:
    """A query's whole number ``raw`` (None when absent or empty), at most ``most`` (larger
    asks for ``most``); ``InputError`` for anything but ASCII digits.
    """
    if raw is None or raw == "":
        return None
    if not re.fullmatch(r"[0-9]{1,12}", raw):
        raise InputError(f"{name} must be a whole number (0 to {most}); got {raw[:20]!r}")
    return min(int(raw), most)

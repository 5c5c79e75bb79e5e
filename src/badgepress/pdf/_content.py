"""Content streams read as operators: a small tokenizer for the preflight, the artwork's
resource pruning and its colour conversion (ISO 32000-1, 7.8.2 and 8.9.7).

Operands come as Python values: numbers as float, names as ``str`` starting with ``/`` (``#xx``
escapes decoded), strings as ``bytes``, arrays as lists and dictionaries as dicts (an inline
image's ``BI`` dictionary is the operand of its ``ID``; its data is skipped). A stream that is
damaged past some point yields what came before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_WHITE = b" \t\r\n\f\x00"
_TOKEN = re.compile(rb"""
    [ \t\r\n\f\x00]+ | %[^\r\n]*                              # white space, comments
  | (?P<num>[+-]?(?:\d+\.?\d*|\.\d+))(?![^ \t\r\n\f\x00()<>\[\]{}/%])
  | (?P<name>/[^ \t\r\n\f\x00()<>\[\]{}/%]*)
  | (?P<str>\()
  | (?P<hex><[0-9A-Fa-f \t\r\n\f]*>)
  | (?P<open><<|\[)
  | (?P<close>>>|\])
  | (?P<op>[^ \t\r\n\f\x00()<>\[\]{}/%]+)
""", re.X)
_NAME_ESCAPE = re.compile(r"#([0-9A-Fa-f]{2})")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
#: An inline image's data ends with white space, ``EI`` and white space (or the end).
_EI = re.compile(rb"[ \t\r\n\f\x00]EI(?=[ \t\r\n\f\x00]|$)")


def _name(raw: bytes) -> str:
    text = raw.decode("latin-1")
    return _NAME_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "#" in text else text


def _string(data: bytes, at: int) -> tuple[bytes, int]:
    """The literal string that starts after the ``(`` at ``at - 1``; returns it and the
    position after its ``)``.
    """
    depth, out, i, n = 1, bytearray(), at, len(data)
    while i < n:
        c = data[i]
        if c == 0x5C:  # backslash
            nxt = data[i + 1:i + 2]
            if nxt in _ESCAPES:
                out += _ESCAPES[nxt]
                i += 2
            elif nxt[:1].isdigit():
                digits = re.match(rb"[0-7]{1,3}", data[i + 1:i + 4])
                width = len(digits.group(0)) if digits else 1
                out.append(int(data[i + 1:i + 1 + width], 8) & 0xFF if digits else 0)
                i += 1 + width
            elif nxt in (b"\r", b"\n"):
                i += 3 if data[i + 1:i + 3] == b"\r\n" else 2
            else:
                out += nxt
                i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
        out.append(c)
        i += 1
    return bytes(out), n


def _hex(raw: bytes) -> bytes:
    digits = bytes(b for b in raw[1:-1] if b not in _WHITE)
    if len(digits) % 2:
        digits += b"0"
    return bytes.fromhex(digits.decode("ascii"))


def _close(stack: list[list[Any]], token: bytes) -> Any:
    """The array or dictionary that ``token`` closes (popped from ``stack``)."""
    items = stack.pop()
    if token == b"]":
        return items
    return {items[i]: items[i + 1] for i in range(0, len(items) - 1, 2)
            if isinstance(items[i], str)}


def operations(data: bytes) -> Iterator[tuple[list[Any], str]]:
    """Each operator of content stream ``data`` with its operands, in order."""
    for operands, op, _, _ in spans(data):
        yield operands, op


def spans(data: bytes) -> Iterator[tuple[list[Any], str, int, int]]:
    """:func:`operations` with where each operator's text is in ``data``: from the end of the
    one before (its operands, white space first) to the end of this one, so that replacing a
    span rewrites one operator and leaves the rest (inline image data too) byte for byte.
    """
    operands: list[Any] = []
    start = 0
    stack: list[list[Any]] = []
    pos, n = 0, len(data)
    match = _TOKEN.match
    while pos < n:
        m = match(data, pos)
        if m is None:  # a stray delimiter: skip it
            pos += 1
            continue
        pos = m.end()
        kind = m.lastgroup
        if kind is None:
            continue
        value: Any
        if kind == "op":
            word = m.group("op")
            if stack:  # true, false, null inside an array or dictionary
                stack[-1].append({b"true": True, b"false": False}.get(word))
                continue
            op = word.decode("latin-1")
            if op == "ID":
                ends = _EI.search(data, pos)
                pos = ends.end() if ends else n
                yield [_inline(operands)], "ID", start, pos
                operands, start = [], pos
                continue
            if op in ("true", "false", "null"):
                operands.append({"true": True, "false": False}.get(op))
                continue
            yield operands, op, start, pos
            operands, start = [], pos
            continue
        if kind == "num":
            value = float(m.group("num"))
        elif kind == "name":
            value = _name(m.group("name"))
        elif kind == "str":
            value, pos = _string(data, pos)
        elif kind == "hex":
            value = _hex(m.group("hex"))
        elif kind == "open":
            stack.append([])
            continue
        else:  # close
            if not stack:
                continue
            value = _close(stack, m.group("close"))
        (stack[-1] if stack else operands).append(value)


def _inline(operands: list[Any]) -> dict[str, Any]:
    """An inline image's dictionary from the operands after ``BI`` (key, value, ...)."""
    return {operands[i]: operands[i + 1] for i in range(0, len(operands) - 1, 2)
            if isinstance(operands[i], str)}

r"""Field templates: ``"{first_name}\\n{last_name}"`` filled from an attendee.

A placeholder is any text in braces: a canonical key (``first_name``, ``company``, ``role``, ...)
or a column's header text (``{Ticket Type}``); ``{{`` and ``}}`` stand for literal braces. A
newline marks a preferred line break.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from badgepress.model import Attendee, is_east_asian

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]+)\}")
_NAME_PARTS = frozenset({"first_name", "last_name"})
_FIRST = re.compile(r"\{\s*first_name\s*\}")
_LAST = re.compile(r"\{\s*last_name\s*\}")


@functools.lru_cache(maxsize=256)
def _compile(source: str) -> tuple[str, ...]:
    """Literal parts, and placeholders as NUL + key (NUL never survives the readers)."""
    parts: list[str] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(source):
        parts.append(source[pos : m.start()])
        parts.append("\0" + m.group(1).strip() if m.group(1) else m.group(0)[0])
        pos = m.end()
    parts.append(source[pos:])
    return tuple(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Template:
    """A parsed template: the source text and the keys it uses."""

    source: str
    keys: tuple[str, ...]
    #: literal parts and NUL-prefixed keys, from ``_compile``
    parts: tuple[str, ...] = ()

    @classmethod
    def parse(cls, source: str) -> Template:
        """Parse ``source``; raises ``ValueError`` on an unbalanced brace."""
        stripped = _PLACEHOLDER.sub("", source)
        if "{" in stripped or "}" in stripped:
            raise ValueError(
                f"unbalanced brace in {source!r}; write {{{{ or }}}} for a literal one")
        keys = tuple(m.group(1).strip() for m in _PLACEHOLDER.finditer(source) if m.group(1))
        return cls(source, keys, _compile(source))

    def render(self, attendee: Attendee) -> str:
        """Fill the template; a name template over first/last name falls back to the full name.

        A file with only a full-name column still gets a name on every badge; a line left
        empty by missing values disappears rather than leaving a blank line.
        """
        get = attendee.get
        parts = self.parts or _compile(self.source)
        keys = set(self.keys)
        if _NAME_PARTS & keys:
            source = self.source
            first, last = get("first_name"), get("last_name")
            if keys >= _NAME_PARTS and is_east_asian(first) and is_east_asian(last):
                # Chinese, Japanese and Korean names put the family name first, with no space.
                source = _LAST.sub("", source, count=1)
                source = _FIRST.sub("{last_name}{first_name}", source, count=1)
                parts = _compile(source)
            elif not (first or last):
                source = _FIRST.sub("{name}", source, count=1)
                source = _LAST.sub("", source)
                parts = _compile(source)

        text = "".join(get(part[1:]) if part[:1] == "\0" else part for part in parts)
        if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
            return text  # the common case: one line, nothing to tidy
        lines = [" ".join(line.split()) for line in text.split("\n")]
        return "\n".join(line for line in lines if line)

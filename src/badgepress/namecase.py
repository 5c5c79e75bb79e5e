"""Case options for name fields (minimal stand-in; replaced by the scripts branch)."""

from __future__ import annotations


def smart_title(text: str) -> str:
    """Title-case a name (stand-in)."""
    return text.title()


def upper(text: str) -> str:
    """Upper-case a name."""
    return text.upper()

"""``python -m badgepress``."""

from badgepress.cli import entry

entry()

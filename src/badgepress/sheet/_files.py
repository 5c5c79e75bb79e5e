"""Where layouts are: the shipped ones (package data, or the checkout's ``layouts/``) and a
user's ``.toml`` file, found by name or path.
"""

from __future__ import annotations

import difflib
from importlib import resources
from pathlib import Path

from badgepress.errors import LayoutError


def shipped_layouts_dir() -> Path:
    """The folder of the layouts that ship with badgepress (package data)."""
    data = Path(str(resources.files("badgepress"))) / "_data" / "layouts"
    if data.is_dir():
        return data
    # Running from a source checkout (tests, editable installs): the repo's own folder.
    return Path(__file__).resolve().parents[3] / "layouts"


def shipped_layouts() -> list[Path]:
    """Paths of the shipped layouts, sorted by name."""
    return sorted(shipped_layouts_dir().glob("*.toml"))


def resolve_layout(name_or_path: str) -> Path:
    """Find a layout by shipped name (``a4-90x55-8up``) or by the path of a ``.toml`` file
    (or of a ``.zip`` of one: see :func:`badgepress.sheet.layoutzip.opened_layout`).
    """
    candidate = Path(name_or_path)
    if candidate.suffix.lower() in (".toml", ".zip") or candidate.exists():
        if not candidate.is_file():
            raise LayoutError("layout file not found; give a path to a .toml file (or a .zip "
                              "of one and its files) or one of: "
                              + ", ".join(p.stem for p in shipped_layouts()), path=candidate)
        return candidate
    shipped = shipped_layouts_dir() / f"{name_or_path}.toml"
    if shipped.is_file():
        return shipped
    names = [p.stem for p in shipped_layouts()]
    close = difflib.get_close_matches(name_or_path.lower(), names, n=1, cutoff=0.75)
    if close:
        raise LayoutError(f"unknown layout {name_or_path!r}; did you mean {close[0]!r}? "
                          "(badgepress layouts lists them all)")
    raise LayoutError(
        f"unknown layout {name_or_path!r}; shipped layouts are: " + ", ".join(names)
        + " (or give the path of your own .toml file)"
    )

"""Where layouts are: the shipped ones (package data, or the checkout's ``layouts/``) and a
user's ``.toml`` file, found by name or path.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from badgepress.errors import LayoutError
from badgepress.sheet.limits import MAX_LAYOUT_BYTES


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
    """Find a layout by shipped name (``a4-90x55-8up``) or by the path of a ``.toml`` file."""
    candidate = Path(name_or_path)
    if candidate.suffix.lower() == ".toml" or candidate.exists():
        if not candidate.is_file():
            raise LayoutError("layout file not found; give a path to a .toml file or one of: "
                              + ", ".join(p.stem for p in shipped_layouts()), path=candidate)
        return candidate
    shipped = shipped_layouts_dir() / f"{name_or_path}.toml"
    if shipped.is_file():
        return shipped
    raise LayoutError(
        f"unknown layout {name_or_path!r}; shipped layouts are: "
        + ", ".join(p.stem for p in shipped_layouts())
        + " (or give the path of your own .toml file)"
    )


def read_layout_toml(path: Path) -> dict[str, Any]:
    """The TOML document of the layout file ``path``; ``LayoutError`` when it is too large,
    not TOML, nested absurdly deep or unreadable.
    """
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_LAYOUT_BYTES + 1)
        if len(raw) > MAX_LAYOUT_BYTES:
            raise LayoutError(f"is larger than {MAX_LAYOUT_BYTES // 1024} KB; a layout is a "
                              "short TOML file (the shipped ones are under 4 KB)", path=path)
        return tomllib.loads(raw.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LayoutError(f"is not valid TOML: {exc}", path=path) from None
    except RecursionError:
        raise LayoutError("is not a layout: its tables or arrays are nested thousands of levels "
                          "deep", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LayoutError(f"cannot be read: {exc}", path=path) from None

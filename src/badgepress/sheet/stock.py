"""Stock: what a layout is printed on, for ``badgepress layouts``: sheets for cutting, label
and insert stock (slots where the maker puts them), and label printers (the page is the label).
"""

from __future__ import annotations

from badgepress.sheet.layout import load_layout, shipped_layouts

#: Headings of ``badgepress layouts``, and the ``sheet.stock`` values listed under each.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Sheets for cutting", ("cut",)),
    ("Label and insert stock", ("labels", "inserts")),
    ("Label printers (one badge a page)", ("label-printer",)),
    ("Card printers and office printers (one badge a page)", ("card", "page")),
)


def layout_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """The shipped layouts as ``(heading, [(name, title), ...])``, by stock, names sorted."""
    layouts = [load_layout(str(path)) for path in shipped_layouts()]
    out = []
    for heading, stocks in GROUPS:
        entries = sorted((lay.name, lay.title) for lay in layouts if lay.stock in stocks)
        if entries:
            out.append((heading, entries))
    return out

"""What an imported page's content really uses of its resources, and which of its fonts are
not embedded: so that a recorded page keeps only those resources (a font listed and never
used, such as the Helvetica reportlab lists on every page, never reaches the badge PDF) and a
font that is used without being embedded can be named.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

#: The resource categories pruned, and the operators that name an entry of each (operand 0).
CATEGORIES = ("/Font", "/XObject", "/ExtGState", "/ColorSpace", "/Pattern", "/Shading",
              "/Properties")
_BY_OPERATOR = {"Tf": "/Font", "Do": "/XObject", "gs": "/ExtGState", "cs": "/ColorSpace",
                "CS": "/ColorSpace", "sh": "/Shading"}

Uses = dict[str, set[str]]


def _resolved(obj: Any) -> Any:
    return obj.get_object() if obj is not None and hasattr(obj, "get_object") else obj


def uses(ops: Iterable[tuple[list[Any], str]], resources: Any,
         seen: set[int] | None = None) -> Uses:
    """The resource names (by category) the operators ``ops`` refer to, with those of the
    forms they draw that have no resources of their own (and so use ``resources``).
    """
    out: Uses = {c: set() for c in CATEGORIES}
    seen = set() if seen is None else seen
    for operands, op in ops:
        category = _BY_OPERATOR.get(op)
        if category is not None and operands and isinstance(operands[0], str):
            out[category].add(operands[0])
            if op == "Do":
                _inherited(operands[0], resources, out, seen)
        elif op in ("scn", "SCN") and operands and isinstance(operands[-1], str):
            out["/Pattern"].add(operands[-1])
        elif op in ("BDC", "DP") and len(operands) > 1 and isinstance(operands[1], str):
            out["/Properties"].add(operands[1])
        elif op == "ID" and operands and isinstance(operands[0], dict):
            space = operands[0].get("/CS", operands[0].get("/ColorSpace"))
            if isinstance(space, str):
                out["/ColorSpace"].add(space)
    return out


def _inherited(name: str, resources: Any, out: Uses, seen: set[int]) -> None:
    """Add the uses of form ``name`` when it has no resources of its own."""
    from badgepress.pdf._content import operations

    xobjects = _resolved(resources.get("/XObject")) if isinstance(resources, dict) else None
    ref = xobjects.raw_get(name) if isinstance(xobjects, DictionaryObject) and \
        name in xobjects else None
    form = _resolved(ref)
    if not isinstance(form, StreamObject) or form.get("/Subtype") != "/Form" \
            or "/Resources" in form or id(form) in seen:
        return
    seen.add(id(form))
    for category, names in uses(operations(form.get_data()), resources, seen).items():
        out[category] |= names


def pruned_items(resources: DictionaryObject, used: Uses) -> list[tuple[str, Any]]:
    """``resources``' entries with each category cut down to the names in ``used``
    (categories left empty are dropped; other keys, such as ``/ProcSet``, are kept).
    """
    items: list[tuple[str, Any]] = []
    for key, value in resources.items():
        if key not in CATEGORIES:
            items.append((key, resources.raw_get(key)))
            continue
        table = _resolved(value)
        if not isinstance(table, DictionaryObject):
            continue
        kept = DictionaryObject({k: table.raw_get(k) for k in table if k in used[key]})
        if kept:
            items.append((key, kept))
    return items


def _embedded(font: DictionaryObject) -> bool:
    """Whether ``font`` carries its glyphs (Type 3 fonts draw them with their own content)."""
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return True
    if subtype == "/Type0":
        kids = _resolved(font.get("/DescendantFonts"))
        kid = _resolved(kids[0]) if isinstance(kids, ArrayObject) and kids else None
        return isinstance(kid, DictionaryObject) and _embedded(kid)
    desc = _resolved(font.get("/FontDescriptor"))
    return isinstance(desc, DictionaryObject) and any(
        k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def unembedded(resources: Any, names: Iterable[str]) -> list[str]:
    """The base font names of the fonts ``names`` of ``resources`` that are not embedded."""
    fonts = _resolved(resources.get("/Font")) if isinstance(resources, dict) else None
    out = []
    for name in sorted(names):
        font = _resolved(fonts.get(name)) if isinstance(fonts, DictionaryObject) else None
        if isinstance(font, DictionaryObject) and not _embedded(font):
            out.append(str(font.get("/BaseFont", name)).lstrip("/"))
    return out


_SHOWS = frozenset({"Tj", "TJ", "'", '"'})


def without_idle_fonts(data: bytes) -> bytes:
    """``data`` (a content stream) without the ``Tf`` operators that no text is shown with
    (reportlab starts every page with ``BT /F1 12 Tf 14.4 TL ET``, selecting Helvetica and
    drawing nothing): their fonts are then not used, and not kept (:func:`uses`). The font in
    effect follows ``q``/``Q``, so a ``Tf`` whose font a later ``Q`` brings back for text is
    kept.
    """
    from badgepress.pdf._content import spans

    tfs: list[tuple[int, int]] = []
    live: set[int] = set()
    current: int | None = None
    saved: list[int | None] = []
    for _, op, start, end in spans(data):
        if op == "Tf":
            current = len(tfs)
            tfs.append((start, end))
        elif op in _SHOWS and current is not None:
            live.add(current)
        elif op == "q":
            saved.append(current)
        elif op == "Q" and saved:
            current = saved.pop()
    idle = [span for i, span in enumerate(tfs) if i not in live]
    if not idle:
        return data
    pieces, done = [], 0
    for start, end in idle:
        pieces.append(data[done:start])
        done = end
    pieces.append(data[done:])
    return b"".join(pieces)

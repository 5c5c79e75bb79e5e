"""Whether a font's layout tables can act across a space: the licence to shape word by word.

HarfBuzz shapes a line as a whole. If no substitution or positioning rule of the font can
match, skip or look past the space glyph, then a rule can never join glyphs on both sides of
a space, and a line shapes exactly as its words shaped one at a time, laid end to end with
the space between them (see words.py). This module decides that from the font's GSUB, GPOS
and kern tables, conservatively: any rule that might involve the space, even in a feature
HarfBuzz would not turn on, makes the answer "no", and the caller shapes lines whole.

Noto Sans, Noto Sans Tamil, Thai, Arabic, Hebrew, Malayalam and Telugu pass. Noto Sans
Devanagari and Bengali do not (their ``dist`` feature positions glyphs next to a space), nor
does the CJK font (a ``calt`` rule looks at spaces; others substitute full-width ones).
"""

from __future__ import annotations

import functools
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otBase

#: Lookup flags (OpenType spec, "Lookup table"): glyph classes a lookup skips over.
_IGNORE_BASE, _IGNORE_LIGATURES, _IGNORE_MARKS = 0x2, 0x4, 0x8
_MARK_TYPES = 0xFF00 | 0x10  # MarkAttachmentType, UseMarkFilteringSet
#: Tables whose rules this module does not read (Apple's layout): their fonts are never inert.
_UNREAD = ("morx", "mort", "kerx", "feat", "trak")


@functools.lru_cache(maxsize=64)
def space_is_inert(path: Path, index: int = 0) -> bool:
    """True when no layout rule of the face at ``path`` (``index`` in a collection) can
    involve the space glyph (U+0020), so text shapes the same split at its spaces.

    Reads the font's GSUB, GPOS, GDEF and kern tables (tens of milliseconds for a large
    Latin font); the answer is remembered per face.
    """
    font = TTFont(str(path), lazy=True, fontNumber=index)
    try:
        space = font.getBestCmap().get(0x20)
        return space is not None and not _involved(font, space)
    finally:
        font.close()


def _involved(font: TTFont, glyph: str) -> bool:
    """Whether any layout rule of ``font`` might match, skip or look at ``glyph``."""
    if any(tag in font for tag in _UNREAD):
        return True
    if "kern" in font:
        for sub in font["kern"].kernTables:
            pairs = getattr(sub, "kernTable", None)
            if pairs is None or any(glyph in pair for pair in pairs):
                return True
    # The glyph's class decides which lookups skip it (and so could match around it).
    # Unclassified glyphs are bases to HarfBuzz when the font has no GDEF classes.
    gdef = font["GDEF"].table if "GDEF" in font else None
    classes = gdef.GlyphClassDef if gdef is not None else None
    gclass = classes.classDefs.get(glyph, 0) if classes is not None else 1
    skipped_by = {0: _IGNORE_BASE, 1: _IGNORE_BASE, 2: _IGNORE_LIGATURES,
                  3: _IGNORE_MARKS | _MARK_TYPES}.get(gclass, 0)
    for tag in ("GSUB", "GPOS"):
        if tag not in font or font[tag].table.LookupList is None:
            continue
        for lookup in font[tag].table.LookupList.Lookup:
            if lookup.LookupFlag & skipped_by:
                return True
            if any(_subtable_involves(sub, glyph) for sub in lookup.SubTable):
                return True
    return False


def _subtable_involves(sub: otBase.BaseTable, glyph: str) -> bool:
    """Whether one lookup subtable names ``glyph``, or reaches it as class 0 ("every glyph
    not listed") of a class definition that its rules use.
    """
    sub = getattr(sub, "ExtSubTable", sub)  # extension lookups wrap the real subtable
    sub.ensureDecompiled()
    fmt = getattr(sub, "Format", None)
    name = type(sub).__name__
    if name == "PairPos" and fmt == 2:
        # Pair kerning by class: the glyph can only be second (it is in no Coverage, checked
        # below); unlisted in ClassDef2 it is class 0, whose column must be all zero.
        if glyph in sub.Coverage.glyphs or glyph in sub.ClassDef2.classDefs:
            return True
        return any(_nonzero(rec.Class2Record[0]) for rec in sub.Class1Record)
    if name == "PairPos" and fmt == 1:
        return glyph in sub.Coverage.glyphs or any(
            pv.SecondGlyph == glyph for ps in sub.PairSet for pv in ps.PairValueRecord)
    coverages = _COVERAGES.get(name)
    if coverages is not None:
        # Rules that act on one glyph, or on marks and what they attach to: only their
        # coverage can name the glyph (anchors and values, the bulk of GPOS, stay unread).
        return any(glyph in getattr(sub, attr).glyphs for attr in coverages)
    if fmt == 2 and name in _CLASS_CONTEXTS and _class_zero_used(sub):
        # Class 0 is every glyph a class definition does not list: the glyph, if unlisted.
        defs = [getattr(sub, attr, None) for attr in _CLASS_CONTEXTS[name]]
        if any(cd is None or glyph not in cd.classDefs for cd in defs):
            return True
    return _names(sub, glyph)


#: Class-based context subtables (format 2) and their class definitions.
_CLASS_CONTEXTS = {
    "ContextSubst": ("ClassDef",), "ContextPos": ("ClassDef",),
    "ChainContextSubst": ("BacktrackClassDef", "InputClassDef", "LookAheadClassDef"),
    "ChainContextPos": ("BacktrackClassDef", "InputClassDef", "LookAheadClassDef"),
}
#: Subtables whose coverage tables name every glyph they can act on.
_COVERAGES = {
    "SinglePos": ("Coverage",), "CursivePos": ("Coverage",),
    "MarkBasePos": ("MarkCoverage", "BaseCoverage"),
    "MarkLigPos": ("MarkCoverage", "LigatureCoverage"),
    "MarkMarkPos": ("Mark1Coverage", "Mark2Coverage"),
}


def _nonzero(rec: otBase.BaseTable) -> bool:
    """Whether a pair's value records move anything (a device or variation table counts)."""
    values = [getattr(rec, attr, None) for attr in ("Value1", "Value2")]
    return any(v != 0 for value in values if value is not None for v in vars(value).values())


def _class_zero_used(sub: otBase.BaseTable) -> bool:
    """Whether a class-based context rule uses class 0 anywhere but its first glyph."""
    sets = getattr(sub, "ClassSet", None) or getattr(sub, "ChainClassSet", None) or []
    for rule_set in sets:
        if rule_set is None:
            continue
        rules = getattr(rule_set, "ClassRule", None) or getattr(rule_set, "ChainClassRule",
                                                                 None) or []
        for rule in rules:
            for attr in ("Class", "Backtrack", "Input", "LookAhead"):
                if 0 in (getattr(rule, attr, None) or ()):
                    return True
    return False


def _names(obj: object, glyph: str) -> bool:
    """Whether ``glyph`` appears anywhere in a decompiled table (coverage, class or rule)."""
    if isinstance(obj, str):
        return obj == glyph
    if isinstance(obj, list | tuple):
        return any(_names(x, glyph) for x in obj)
    if isinstance(obj, dict):
        return glyph in obj or any(_names(v, glyph) for v in obj.values())
    if isinstance(obj, otBase.BaseTable):
        obj.ensureDecompiled()
        return any(_names(v, glyph) for k, v in vars(obj).items() if k not in ("reader", "font"))
    return False  # numbers, value records (no glyph names in them)

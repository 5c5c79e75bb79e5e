
"""Unicode bidirectional algorithm (UAX #9): one line of text as directional runs in visual order.

A mixed name such as "علي (Ali) 2024" must be split into runs that are each shaped in one
direction (HarfBuzz returns an RTL run's glyphs already in visual order) and then laid out left
to right in the order :func:`visual_runs` returns. Runs refer to the logical text by code-point
index, so callers keep the logical string for font selection and shaping.

Backends, best first:

1. libfribidi through ctypes, with bracket pairs (rule N0: without it "علي (Ali)" puts the
   parentheses on the wrong side). Debian: ``apt-get install libfribidi0``.
2. The pure-Python stages of python-bidi's ``bidi.algorithm`` plus our own rule N0, which
   python-bidi lacks. Same runs as fribidi for names (no explicit embeddings). python-bidi
   knows no isolates (LRI/RLI/FSI/PDI, which readers keep): each is resolved here on its own
   and counts as a neutral in the text around it, as UAX #9 says.
3. Neither available: the whole line is one run in the paragraph direction. Correct for
   single-direction names, wrong only for mixed ones.

Pure left-to-right text never reaches a backend: it is detected with a regex and returned as one
run, since almost every name is LTR.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Base = Literal["auto", "ltr", "rtl"]


@dataclass(frozen=True, slots=True)
class BidiRun:
    """A maximal stretch of one embedding level: ``text[start:end]`` in code points."""

    start: int
    end: int
    rtl: bool  # shape this run right-to-left


# Everything with bidi class R, AL or AN, plus the explicit RTL marks and embeddings. Text that
# matches none of these has no right-to-left content and (with an LTR or auto base) is one run.
_RTL_POSSIBLE = re.compile(
    "[\u0590-\u08ff\u200f\u202b\u202e\u2067\ufb1d-\ufdff\ufe70-\ufeff"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)

_STRONG_RTL = frozenset({"R", "AL"})
#: Bidi classes of text that is one right-to-left run whenever it has an R or AL.
_RTL_ONLY = frozenset({"R", "AL", "NSM", "WS", "ON"})
_ISOLATE_OPEN = frozenset({"LRI", "RLI", "FSI"})


def paragraph_is_rtl(text: str) -> bool:
    """Paragraph direction by rules P2-P3: the first strong character (outside isolates)
    decides; text with no strong character is LTR.
    """
    if text.isascii():
        return False
    depth = 0
    for ch in text:
        cls = unicodedata.bidirectional(ch)
        if cls in _ISOLATE_OPEN:
            depth += 1
        elif cls == "PDI":
            depth = max(0, depth - 1)
        elif depth == 0 and cls == "L":
            return False
        elif depth == 0 and cls in _STRONG_RTL:
            return True
    return False


def visual_runs(text: str, base: Base = "auto") -> list[BidiRun]:
    """Directional runs of one line, ordered left to right as displayed (rule L2).

    ``base`` is the paragraph direction: "auto" takes it from the first strong character, as
    UAX #9 P2-P3 says. Each run covers ``text[start:end]`` (code points, logical order); draw
    the runs in list order, shaping each in its own direction. Empty text gives no runs.
    """
    if not text:
        return []
    if base != "rtl" and (text.isascii() or not _RTL_POSSIBLE.search(text)):
        return [BidiRun(0, len(text), False)]
    if base != "ltr":
        classes = set(map(unicodedata.bidirectional, text))
        if classes <= _RTL_ONLY and not classes.isdisjoint(_STRONG_RTL):
            # Only right-to-left letters, marks, spaces and punctuation: the paragraph is
            # right to left and every neutral sits between R's or the R paragraph's ends
            # (rules N0-N1), so all is level 1. Most Arabic and Hebrew names.
            return [BidiRun(0, len(text), True)]
    return _runs_from_levels(_levels(text, base))


def _runs_from_levels(levels: list[int]) -> list[BidiRun]:
    """Group equal levels into runs, then reverse from the highest level down to the lowest
    odd one (rule L2).
    """
    runs: list[tuple[int, int, int]] = []  # (start, end, level)
    for i, level in enumerate(levels):
        if runs and runs[-1][2] == level:
            runs[-1] = (runs[-1][0], i + 1, level)
        else:
            runs.append((i, i + 1, level))
    odd = [lv for _, _, lv in runs if lv % 2]
    if odd:
        for k in range(max(lv for _, _, lv in runs), min(odd) - 1, -1):
            i = 0
            while i < len(runs):
                if runs[i][2] < k:
                    i += 1
                    continue
                j = i
                while j < len(runs) and runs[j][2] >= k:
                    j += 1
                runs[i:j] = runs[i:j][::-1]
                i = j
    return [BidiRun(s, e, bool(lv % 2)) for s, e, lv in runs]


def _levels(text: str, base: Base) -> list[int]:
    """Resolved embedding levels (after rule L1), one per code point."""
    if _FRIBIDI is not None:
        return _fribidi_levels(_FRIBIDI, text, base)
    if _PYBIDI is not None:
        return _pybidi_levels(_PYBIDI, text, base)
    rtl = base == "rtl" or (base == "auto" and paragraph_is_rtl(text))
    return [1 if rtl else 0] * len(text)


# --- backend 1: libfribidi ------------------------------------------------------------------

# FriBidiParType values (fribidi-bidi-types.h): LTR = strong|letter, RTL = that|rtl, ON = auto.
_FRIBIDI_PAR = {"ltr": 0x110, "rtl": 0x111, "auto": 0x40}


def _load_fribidi() -> Any:
    """The libfribidi CDLL with prototypes set, or None if it or bracket support is missing."""
    name = ctypes.util.find_library("fribidi")
    if name is None:
        return None
    try:
        lib = ctypes.CDLL(name)
        u32p = ctypes.POINTER(ctypes.c_uint32)
        lib.fribidi_get_bidi_types.argtypes = [u32p, ctypes.c_int, u32p]
        lib.fribidi_get_bidi_types.restype = None
        lib.fribidi_get_bracket_types.argtypes = [u32p, ctypes.c_int, u32p, u32p]
        lib.fribidi_get_bracket_types.restype = None
        lib.fribidi_get_par_embedding_levels_ex.argtypes = [
            u32p, u32p, ctypes.c_int, u32p, ctypes.POINTER(ctypes.c_int8)
        ]
        lib.fribidi_get_par_embedding_levels_ex.restype = ctypes.c_int8
    except (OSError, AttributeError):  # no library, or fribidi < 1.0 without bracket support
        return None
    return lib


def _fribidi_levels(lib: Any, text: str, base: Base) -> list[int]:
    n = len(text)
    u32 = ctypes.c_uint32 * n
    chars = u32(*map(ord, text))
    types = u32()
    brackets = u32()
    levels = (ctypes.c_int8 * n)()
    par = ctypes.c_uint32(_FRIBIDI_PAR[base])
    lib.fribidi_get_bidi_types(chars, n, types)
    lib.fribidi_get_bracket_types(chars, n, types, brackets)
    # Returns max level + 1, or 0 on failure (only on allocation failure).
    if lib.fribidi_get_par_embedding_levels_ex(types, brackets, n, ctypes.byref(par), levels) == 0:
        raise MemoryError("fribidi_get_par_embedding_levels_ex failed")
    return list(levels)


# --- backend 2: python-bidi stages + rule N0 ------------------------------------------------

# Paired brackets (UAX #9 BD14-BD16) that matter in names; only mirrored ones pair.
_BRACKETS = {
    o: c
    for o, c in zip(
        "([{⁅⁽₍〈《「『【〔〖〘〚（［｛｢", ")]}⁆⁾₎〉》」』】〕〗〙〛）］｝｣", strict=True
    )
    if unicodedata.mirrored(o)
}
_CLOSERS = {c: o for o, c in _BRACKETS.items()}


def _load_pybidi() -> Any:
    try:
        from bidi import algorithm
    except ImportError:
        return None
    needed = (
        "get_empty_storage", "get_embedding_levels", "explicit_embed_and_overrides",
        "resolve_weak_types", "resolve_neutral_types", "resolve_implicit_levels",
    )  # fmt: skip
    return algorithm if all(hasattr(algorithm, f) for f in needed) else None


def _strong(kind: str) -> str | None:
    """Direction of a resolved type for N0/N1 purposes: numbers count as R."""
    return "L" if kind == "L" else "R" if kind in ("R", "AL", "EN", "AN") else None


def _apply_n0(chars: list[dict[str, Any]], base_level: int) -> None:
    """Rule N0 on python-bidi's per-character storage (types after W1-W7), in place."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for i, cell in enumerate(chars):
        if cell["type"] != "ON":
            continue
        ch = cell["ch"]
        if ch in _BRACKETS:
            if len(stack) == 63:  # BD16: stop pairing on overflow
                break
            stack.append((_BRACKETS[ch], i))
        elif ch in _CLOSERS:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    for opening, closing in sorted(pairs):
        embedding = "R" if chars[opening]["level"] % 2 else "L"
        inside = {_strong(c["type"]) for c in chars[opening + 1 : closing]} - {None}
        if not inside:
            continue
        if embedding in inside:
            new = embedding
        else:
            # Only the opposite direction inside: it wins if the text before the bracket (or
            # the paragraph start) has that direction too, else the embedding direction does.
            new = next(
                (d for c in reversed(chars[:opening]) if (d := _strong(c["type"]))),
                "R" if base_level % 2 else "L",
            )
        for k in (opening, closing):
            chars[k]["type"] = new
            j = k + 1  # NSMs after a bracket follow it
            while j < len(chars) and chars[j]["orig"] == "NSM":
                chars[j]["type"] = new
                j += 1


def _isolates(text: str) -> list[tuple[int, int]]:
    """The outermost isolates of ``text`` (rule BD9): ``(start, end)`` from the initiator
    (LRI, RLI, FSI) to its matching PDI, inclusive, or to the end when it has none.
    """
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        cls = unicodedata.bidirectional(ch)
        if cls in _ISOLATE_OPEN:
            if depth == 0:
                start = i
            depth += 1
        elif cls == "PDI" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    if depth:
        spans.append((start, len(text)))
    return spans


#: A neutral (bidi class ON) that stands for a whole isolate in the text around it (rule X5a:
#: an isolate counts as one neutral there), and for a PDI that closes nothing.
_NEUTRAL = "￼"


def _pybidi_levels(algorithm: Any, text: str, base: Base) -> list[int]:
    """Levels by python-bidi's stages, which know no isolates (LRI, RLI, FSI, PDI: they fail
    an assertion there): each isolate is resolved on its own, as its own paragraph one level
    up (rules X5a-X5c, X6a), and counts as a neutral in the text around it.
    """
    spans = _isolates(text) if _HAS_ISOLATE.search(text) else []
    if not spans and not _HAS_ISOLATE.search(text):
        return _pybidi_plain(algorithm, text, base)
    base_level = {"ltr": 0, "rtl": 1}.get(base, int(paragraph_is_rtl(text)))
    outer = list(text)
    for start, end in spans:
        outer[start:end] = _NEUTRAL * (end - start)
    # A PDI that closes nothing is a neutral as well (rule X6a).
    levels = _pybidi_plain(algorithm, "".join(_NEUTRAL if unicodedata.bidirectional(c) == "PDI"
                                              else c for c in outer),
                           "rtl" if base_level else "ltr")
    for start, end in spans:
        opener = unicodedata.bidirectional(text[start])
        closed = end - start >= 2 and unicodedata.bidirectional(text[end - 1]) == "PDI"
        inner = text[start + 1 : end - 1 if closed else end]
        inner_base: Base = ("rtl" if opener == "RLI" else "ltr" if opener == "LRI"
                            else "rtl" if paragraph_is_rtl(inner) else "ltr")
        level = levels[start]  # the isolate's marks keep the level of the text around them
        # The least level above the marks' of the isolate's direction.
        up = level + 1 if (level % 2 == 0) == (inner_base == "rtl") else level + 2
        if inner:
            sub = _pybidi_levels(algorithm, inner, inner_base)
            levels[start + 1 : start + 1 + len(inner)] = [up + v - (inner_base == "rtl")
                                                          for v in sub]
    return levels


_HAS_ISOLATE = re.compile("[\u2066-\u2069]")


#: Bidi classes python-bidi cannot take as they are: unassigned code points (class "") fail
#: an assertion, and explicit embeddings and boundary neutrals (soft hyphen, ZWJ, ...) are
#: removed (rule X9), so the levels no longer line up with the text. Each is given to it as
#: a neutral, which it resolves like the text around it, as X9's note says.
_PYBIDI_NEUTRALISED = frozenset({"", "BN", "LRE", "RLE", "LRO", "RLO", "PDF", "B"})


def _pybidi_plain(algorithm: Any, text: str, base: Base) -> list[int]:
    """python-bidi's levels for text without isolates."""
    if any(unicodedata.bidirectional(c) in _PYBIDI_NEUTRALISED for c in text):
        text = "".join(_NEUTRAL if unicodedata.bidirectional(c) in _PYBIDI_NEUTRALISED else c
                       for c in text)
    storage = algorithm.get_empty_storage()
    base_level = {"ltr": 0, "rtl": 1}.get(base, int(paragraph_is_rtl(text)))
    storage["base_level"] = base_level
    storage["base_dir"] = "LR"[base_level]
    algorithm.get_embedding_levels(text, storage)
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    _apply_n0(storage["chars"], base_level)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    levels = [int(c["level"]) for c in storage["chars"]]
    # Rule L1: trailing whitespace, and whitespace before a tab/separator, gets the base level.
    trailing = True
    for i in range(len(text) - 1, -1, -1):
        cls = unicodedata.bidirectional(text[i])
        if cls in ("S", "B"):
            levels[i] = base_level
            trailing = True
        elif trailing and cls in ("WS", "BN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI",
                                  "FSI", "PDI"):
            levels[i] = base_level
        else:
            trailing = False
    return levels


_FRIBIDI: Any = _load_fribidi()
_PYBIDI: Any = _load_pybidi()


def backend() -> str:
    """Which implementation :func:`visual_runs` uses: "fribidi", "python-bidi" or "none"."""
    return "fribidi" if _FRIBIDI is not None else "python-bidi" if _PYBIDI is not None else "none"


def _use_backend(name: str) -> Callable[[], None]:
    """Force a backend (tests); returns a function restoring the previous state."""
    global _FRIBIDI, _PYBIDI
    saved = (_FRIBIDI, _PYBIDI)
    if name != "fribidi":
        _FRIBIDI = None
        if name != "python-bidi":
            _PYBIDI = None

    def restore() -> None:
        global _FRIBIDI, _PYBIDI
        _FRIBIDI, _PYBIDI = saved

    return restore

r"""Where a name may break into lines. Pure string logic, no fonts.

Rules: break only between words; a particle (van, van der, de la, bin, al, ...) stays with the
word after it, so "van der | Berg" never happens; a break the layout's template marks with a
newline (``{first_name}\\n{last_name}``) is preferred; a break after a hyphen is a last resort;
text without spaces (Chinese, Japanese, Thai) is not broken except where the template says.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import NamedTuple

#: Particles that belong to the word after them. Lower-case; matched case-insensitively.
PARTICLES: frozenset[str] = frozenset([
    "van", "von", "der", "den", "de", "del", "della", "dela", "di", "da", "das", "dos", "du",
    "des", "la", "le", "lo", "zu", "zum", "zur", "ter", "ten", "te", "op", "bin", "binti",
    "ibn", "bint", "al", "el", "ben", "ap", "af", "av", "y", "e", "st.", "saint", "san",
    "santa", "abd", "abdul", "abu", "umm", "mac", "عبد", "أبو", "ابو", "بن", "ابن", "بنت", "آل",
    "أم",
])

_PARTICLE_LEN = max(map(len, PARTICLES))

#: A text with more break points than this (dozens of words: never a name, but a long text
#: that overflows) tries only the :data:`WINDOW` breaks nearest each line's even share, and
#: its preferred ones, rather than every combination: n lines cost WINDOW ** (n - 1) options,
#: not breaks ** (n - 1).
MANY_BREAKS = 48
WINDOW = 8

#: Cost of a break, as a fraction of the size it gives (the fit maximises size x (1 - cost)).
COST_PREFERRED = 0.0
COST_WORD = 0.04
COST_HYPHEN = 0.15
_COSTS = {"pref": COST_PREFERRED, "word": COST_WORD, "hyphen": COST_HYPHEN}


class Option(NamedTuple):
    """One way to set a text: its lines, and the cost of the breaks it uses.

    A named tuple rather than a frozen dataclass: a name makes several, and a tuple is made
    in half the time.
    """

    lines: tuple[str, ...]
    cost: float
    hyphen: bool = False


def _words(line: str) -> list[str]:
    """Split on spaces, gluing each particle to the next word (and runs of particles)."""
    words = line.split()
    out: list[str] = []
    glue = False
    for i, w in enumerate(words):
        if glue:
            out[-1] = f"{out[-1]} {w}"
        else:
            out.append(w)
        # Particles glue forwards; "al-Rashid" carries its own hyphen and needs no glue.
        glue = len(w) <= _PARTICLE_LEN and w.lower() in PARTICLES and i < len(words) - 1
    return out


def options(text: str, max_lines: int) -> list[Option]:
    """Every way to set ``text`` in 1 to ``max_lines`` lines, one-line first.

    Newlines in ``text`` mark preferred breaks. Hyphen breaks are offered too, flagged, for the
    caller to use only when nothing else fits.
    """
    if "\n" in text:
        parts = [" ".join(p.split()) for p in text.split("\n")]
        parts = [p for p in parts if p]
    else:  # the common case: no preferred break
        parts = [" ".join(text.split())]
    if not parts or not parts[0]:
        return []
    one = Option((" ".join(parts),), 0.0)
    if max_lines == 1:
        return [one]
    # Tokens, as (start, end) spans of the one-line text, with the kind of break that
    # follows each: "pref", "word" or "hyphen". Every line is then a slice of that text.
    full = one.lines[0]
    spans: list[tuple[int, int]] = []
    kinds: list[str] = []
    pos = 0
    for part in parts:
        words = _words(part)
        for wi, word in enumerate(words):
            pieces = _hyphen_pieces(word)
            for hi, piece in enumerate(pieces):
                spans.append((pos, pos + len(piece)))
                pos += len(piece)
                last_word = wi == len(words) - 1
                kinds.append("hyphen" if hi < len(pieces) - 1 else
                             ("pref" if last_word else "word"))
            pos += 1  # the space after a word (and after each part)
    kinds[-1] = "end"
    out = [one]
    breaks = [i for i, k in enumerate(kinds) if k != "end"]
    end = len(full)
    many = len(breaks) > MANY_BREAKS
    for b in _near(breaks, spans, kinds, end, 2)[0] if many else breaks:
        kind = kinds[b]  # two lines, written out: most fields allow two
        out.append(Option((full[: spans[b][1]], full[spans[b + 1][0] : end]), _COSTS[kind],
                          kind == "hyphen"))
    for n in range(3, max_lines + 1):
        combos: Iterable[tuple[int, ...]] = itertools.combinations(breaks, n - 1)
        if many:
            combos = (c for c in itertools.product(*_near(breaks, spans, kinds, end, n))
                      if all(a < b for a, b in itertools.pairwise(c)))
        for combo in combos:
            lines, start, cost, hyphen = [], 0, 0.0, False
            for b in combo:
                lines.append(full[start : spans[b][1]])
                start = spans[b + 1][0]
                kind = kinds[b]
                hyphen |= kind == "hyphen"
                cost += _COSTS[kind]
            lines.append(full[start:end])
            out.append(Option(tuple(lines), cost, hyphen))
    return out


def _near(breaks: list[int], spans: list[tuple[int, int]], kinds: list[str], length: int,
          n: int) -> list[list[int]]:
    """For each of the ``n - 1`` breaks of an ``n``-line option, the :data:`WINDOW` break
    points nearest its share of the text (``j / n`` of ``length``), and every preferred one:
    the breaks worth trying in a text with more than :data:`MANY_BREAKS` of them.
    """
    preferred = [b for b in breaks if kinds[b] == "pref"]
    out = []
    for j in range(1, n):
        ideal = j * length / n
        near = sorted(breaks, key=lambda b: (abs(spans[b][1] - ideal), b))[:WINDOW]
        out.append(sorted(set(near + preferred)))
    return out


def _hyphen_pieces(word: str) -> list[str]:
    """``Nagy-Kovács`` -> ``["Nagy-", "Kovács"]``; a leading or trailing hyphen is not a break."""
    inner = word[1:-1]
    if "-" not in inner and "\u2010" not in inner:
        return [word]  # the common case, without a loop over the characters
    pieces: list[str] = []
    current = ""
    for i, ch in enumerate(word):
        current += ch
        if ch in "-\u2010" and 0 < i < len(word) - 1:
            pieces.append(current)
            current = ""
    pieces.append(current)
    return pieces


"""Case options for name fields: :func:`smart_title` and :func:`upper`.

Spreadsheets often hold names in ALL CAPS (exported from registration systems) or all
lowercase (typed on phones). :func:`smart_title` repairs those while leaving alone anything a
person evidently typed with care. The rules, in order:

* **Which words change.** If the whole text has no lowercase letter, every word is
  title-cased ("ANNA LI" -> "Anna Li"). Otherwise only words that are entirely lowercase, or
  entirely uppercase and longer than four letters, are; mixed-case words ("iOS", "McKinsey",
  "DuPont", "MacLeod") and short all-caps words ("IBM", "SAP", "WU") are kept as typed, since
  in mixed text they are most likely deliberate.
* **Title-casing a word** lowercases it and capitalises the first letter of each part after a
  hyphen ("Jean-Luc", "Nagy-Kovács"), and after an apostrophe that follows a single letter
  ("O'Brien", "D'Angelo"; but "Thiong'o"). Dutch "ij" at the start is one letter ("IJssel").
* **Mc/Mac.** "Mc" + two or more letters always becomes "McX" ("McDonald"). "Mac" only does
  for a list of well-known Scottish/Irish surnames ("MacDonald", "MacLeod"): Macias, Machado,
  Mackie and Macy are names too, so the pattern alone is not clear enough.
* **Particles** (van, von, de, da, di, du, del, della, dos, zu, ter, bin, ibn, al, el, y, ...)
  become lowercase when they are not the first word ("Ludwig van Beethoven",
  "José María de la Cruz", "Ahmed al-Hashimi"); "la", "las", "los", "le", "der", "den" only
  directly after another particle ("de la", "van der"), so "Marine Le Pen" stays. A name
  starting with a particle capitalises it ("Van der Berg"). Capitalised particles that are part
  of a surname ("Dick Van Dyke") cannot be recovered from all-caps input.
* **Roman numerals** II-VIII after the first word stay uppercase ("John Smith III").
* Characters of scripts without case (Arabic, Han, Devanagari, ...) are never changed, and
  changed words are returned in NFC.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = "'\u2019\u02bc"
_HYPHENS = "-\u2010\u2011"
_PARTICLES = frozenset(
    {
        "van", "von", "de", "da", "di", "du", "del", "della", "dello", "dei", "degli", "das",
        "dos", "do", "des", "zu", "zum", "zur", "ter", "ten", "te", "op", "y", "e",
        "bin", "binti", "bint", "ibn", "ap", "af", "av", "al", "el",
    }
)  # fmt: skip
_AFTER_PARTICLE = frozenset({"la", "las", "los", "le", "lo", "der", "den"})
_ROMAN = frozenset({"ii", "iii", "iv", "vi", "vii", "viii"})
_MAC_NAMES = frozenset(
    {
        "arthur", "aulay", "bride", "donald", "dougall", "duff", "ewan", "farlane", "gregor",
        "innes", "intyre", "kay", "kinnon", "lachlan", "laren", "lean", "lennan", "leod",
        "millan", "neil", "pherson", "queen", "rae",
    }
)  # fmt: skip
_WORD_SPLIT = re.compile(r"(\s+)")
_PART_SPLIT = re.compile(f"([{_HYPHENS}])")


def _cap(s: str) -> str:
    """Capitalise the first letter (title case, so a digraph like ǆ becomes ǅ)."""
    return s[:1].title() + s[1:] if s else s


def _title_part(part: str) -> str:
    """Title-case one hyphen-free part of a word, already lowercased."""
    for apos in _APOSTROPHES:
        head, sep, tail = part.partition(apos)
        if sep and len(head) == 1 and head.isalpha() and tail:
            return head.upper() + apos + _title_part(tail)
    if part.startswith("ij"):
        return "IJ" + part[2:]
    if part.startswith("mc") and len(part) > 3 and part[2].isalpha():
        return "Mc" + _cap(part[2:])
    if part.startswith("mac") and part[3:] in _MAC_NAMES:
        return "Mac" + _cap(part[3:])
    return _cap(part)


def _title_word(word: str, position: int, after_particle: bool) -> tuple[str, bool]:
    """Title-case one word; return it and whether it was a lowercase particle."""
    lower = word.lower()
    if position == 0 and lower in _PARTICLES:
        return _cap(lower), True  # "Van der Berg": capitalised, but "der" still follows it
    if position > 0:
        if lower in _PARTICLES or (after_particle and lower in _AFTER_PARTICLE):
            return lower, True
        if lower in _ROMAN:
            return word.upper(), False
    parts = _PART_SPLIT.split(lower)
    out = []
    for i, part in enumerate(parts):
        if i == 0 and position > 0 and len(parts) > 1 and part in ("al", "el"):
            out.append(part)  # "al-Hashimi": the article stays lowercase mid-name
        else:
            out.append(part if part in _HYPHENS else _title_part(part))
    # Turkish İ lowercases to i + combining dot; a lowercase i already has its dot (a leading
    # one was capitalised to I + dot, which NFC turns back into İ).
    joined = "".join(out).replace("i\u0307", "i")
    return unicodedata.normalize("NFC", joined), False


def _cased_letters(word: str) -> tuple[bool, bool, int]:
    """(has uppercase, has lowercase, number of cased letters) of a word."""
    upper = lower = False
    count = 0
    for ch in word:
        if ch.isupper() or ch.istitle():
            upper = True
            count += 1
        elif ch.islower():
            lower = True
            count += 1
    return upper, lower, count


def smart_title(text: str) -> str:
    """Title-case a name typed in ALL CAPS or all lowercase, keeping deliberate casing.

    See the module docstring for the exact rules. Whitespace is preserved as given.
    """
    whole_upper, whole_lower, _ = _cased_letters(text)
    all_caps_input = whole_upper and not whole_lower
    pieces = _WORD_SPLIT.split(text)
    position = 0
    after_particle = False
    for i, piece in enumerate(pieces):
        if not piece or piece.isspace():
            continue
        upper, lower, count = _cased_letters(piece)
        change = (
            all_caps_input
            or (lower and not upper)
            or (upper and not lower and count > 4)
        )
        if change and count:
            pieces[i], after_particle = _title_word(piece, position, after_particle)
        else:
            after_particle = piece.lower() in _PARTICLES  # a kept "Van" still governs "der"
        position += 1
    return "".join(pieces)


# Greek is written without accents in capitals; the diaeresis stays.
_GREEK_DROPPED_MARKS = frozenset("\u0300\u0301\u0342\u0313\u0314\u0345")


def upper(text: str) -> str:
    """Full Unicode uppercase ("ß" -> "SS", "ﬁ" -> "FI"); uncased scripts are unchanged.

    Greek follows Greek typography: accents (tonos, and the polytonic accents and breathings)
    are dropped in capitals, e.g. "Άννα" -> "ΑΝΝΑ". Output is NFC.
    """
    result = text.upper()
    if any("\u0370" <= c <= "\u03ff" or "\u1f00" <= c <= "\u1fff" for c in result):
        decomposed = unicodedata.normalize("NFD", result)
        kept = []
        base_is_greek = False
        for ch in decomposed:
            if unicodedata.combining(ch) == 0:
                base_is_greek = unicodedata.name(ch, "").startswith("GREEK")
            elif base_is_greek and ch in _GREEK_DROPPED_MARKS:
                continue
            kept.append(ch)
        result = "".join(kept)
    return unicodedata.normalize("NFC", result)

"""Which legacy code page a CSV that is not UTF-8 is in.

Registration exports that are not UTF-8 come from Excel's plain "CSV" on a Windows set to
the organiser's language, so the candidates are a short, explicit list of those code pages
(:data:`CODE_PAGES`), never every encoding there is: unrestricted detection reads a Western
file as Windows-1250 and turns "Muñoz" into "Muńoz".

How one is chosen:

1. each candidate must decode the whole file;
2. a decoding that puts Latin and Cyrillic letters in one word ("Muсoz"), shows half-width
   katakana (what Chinese bytes look like read as Shift-JIS), or whose ideographs are mostly
   outside the code page's common set (GB2312 level 1, JIS level 1 and kana: where names
   are written; Cyrillic or Japanese bytes read as GBK land mostly outside) is implausible
   and dropped;
3. Windows-1252 wins when its decoding looks Western: accented letters sit inside words with
   plain Latin letters ("Müller", "José"), not in words made only of them ("Èâàí Ïåòðîâ" is
   Russian read as Windows-1252);
4. otherwise charset-normalizer, restricted to the candidates left, picks by the languages'
   letter frequencies (Chinese and Japanese differ there; their byte patterns overlap).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: Python codec -> the name the notice gives it, in the order tried.
CODE_PAGES = {
    "cp1252": "Windows-1252 (Western European)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "gb18030": "GB18030 (Simplified Chinese, GBK)",
    "cp932": "Shift-JIS (Japanese, Windows-932)",
}

_WORD = re.compile(r"[^\W\d_]+")
_HALFWIDTH_KANA = re.compile("[\uff61-\uff9f]")
#: How much of the file charset-normalizer looks at.
_SAMPLE = 256 * 1024


def _is_latin(c: str) -> bool:
    return c < "\u0250" or "\u1e00" <= c <= "\u1eff"


def _is_cyrillic(c: str) -> bool:
    return "\u0400" <= c <= "\u052f"


#: Lead bytes of the common characters of the East Asian code pages: GB2312's symbols and
#: level-1 hanzi; Shift-JIS's symbols, kana and level-1 kanji.
_COMMON_LEADS = {"gb18030": range(0xA1, 0xD8), "cp932": range(0x81, 0xA0)}
#: Below this share of common characters, an East Asian decoding is taken for noise.
_COMMON_SHARE = 0.7


def _mostly_common(text: str, codec: str) -> bool:
    leads = _COMMON_LEADS.get(codec)
    if leads is None:
        return True
    wide = [c for c in set(text) if c >= "\u3000"]
    if not wide:
        return True
    common = sum(c.encode(codec)[0] in leads for c in wide)
    return common >= _COMMON_SHARE * len(wide)


def _plausible(text: str, codec: str) -> bool:
    if _HALFWIDTH_KANA.search(text) or not _mostly_common(text, codec):
        return False
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if any(map(_is_latin, word)) and any(map(_is_cyrillic, word)):
            return False
    return True


#: Non-letters that Western text really holds: quotes, dashes, currency, degree, NBSP, ...
_WESTERN_SYMBOLS = frozenset("€“”‘’„–—…«»‹›°§©®™•·¿¡×÷£¥¢±\u00a0")


def looks_western(text: str) -> bool:
    """Whether the non-ASCII characters of ``text`` look like Western text: accented letters
    inside words with plain Latin letters ("Müller"), not words made only of them ("Èâàí
    Ïåòðîâ" is Russian read as Windows-1252), and few symbols that names never hold ("ŽR“c‘"
    is Japanese read as Windows-1252).
    """
    letters = odd = 0
    for c in text:
        if c.isascii():
            continue
        if c.isalpha():
            letters += 1
        elif c not in _WESTERN_SYMBOLS:
            odd += 1
    if odd > letters // 8:
        return False
    inside = alone = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if any(c.isascii() for c in word) or len(word) == 1:
            inside += 1
        else:
            alone += 1
    return alone <= inside // 4


def detect_code_page(data: bytes, candidates: Sequence[str] = tuple(CODE_PAGES)) -> str | None:
    """The codec of the candidates that ``data`` (not UTF-8) is most likely in; None when no
    candidate decodes it.
    """
    decoded: dict[str, str] = {}
    for codec in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _plausible(text, codec):
            decoded[codec] = text
    if not decoded:
        return None
    if "cp1252" in decoded and looks_western(decoded["cp1252"]):
        return "cp1252"
    if len(decoded) == 1:
        return next(iter(decoded))
    from charset_normalizer import from_bytes

    sample = data if len(data) <= _SAMPLE else data[: data.rfind(b"\n", 0, _SAMPLE) + 1]
    best = from_bytes(sample or data, cp_isolation=list(decoded)).best()
    if best is not None and best.encoding in decoded:
        return str(best.encoding)
    return next(iter(decoded))

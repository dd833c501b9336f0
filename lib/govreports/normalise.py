"""Stage 1b: a simplified-script reading of a text, character for character.

Reports copied by mirror sites come in traditional characters, sometimes with pinyin injected after
characters (穩(wěn)). The parser reads a normalised form in which traditional characters are simplified
(OpenCC ``t2s``) and injected pinyin is blanked with spaces. The normalised text has exactly the length of
the original, so every offset found in it points at the same place in the original text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

HAN = re.compile(r"[\u4e00-\u9fff]")
# Pinyin with a tone mark in ASCII or full-width brackets right after a Han character: 遠(yuǎn), 設(shè).
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN = re.compile(rf"(?<=[\u4e00-\u9fff])[(（](?=[a-zü{TONED}]*[{TONED}])[a-zü{TONED}]{{1,7}}[)）]")
# A text is read as traditional when at least this share of its Han characters changes under t2s.
TRADITIONAL_SHARE = 0.05


@dataclass(frozen=True)
class Normalised:
    text: str  # same length as the original
    traditional: bool  # traditional characters were simplified
    pinyin: int  # injected pinyin annotations blanked


@cache
def _converter():
    import opencc  # imported late: only texts in traditional script need it

    return opencc.OpenCC("t2s")


def _simplify(text: str) -> str:
    """t2s conversion that keeps the length: phrase-level first, character by character if that changes it."""
    conv = _converter()
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    chars = []
    for ch in text:
        c = conv.convert(ch) if HAN.match(ch) else ch
        chars.append(c if len(c) == 1 else ch)
    return "".join(chars)


def traditional_share(text: str, sample: int = 20000) -> float:
    """Share of the Han characters of (the start of) ``text`` that t2s changes."""
    head = text[:sample]
    if _simplify(head) == head:  # the common case, a simplified text: nothing to count
        return 0.0
    han = HAN.findall(head)
    if not han:
        return 0.0
    joined = "".join(han)
    simple = _simplify(joined)
    if simple == joined:
        return 0.0
    return sum(a != b for a, b in zip(joined, simple)) / len(han)


def normalise(text: str) -> Normalised:
    """The simplified reading of ``text``; the original is returned unchanged when there is nothing to do."""
    blanked, n = PINYIN.subn(lambda m: " " * len(m.group()), text)
    traditional = traditional_share(blanked) >= TRADITIONAL_SHARE
    out = _simplify(blanked) if traditional else blanked
    assert len(out) == len(text)
    return Normalised(out, traditional, n)

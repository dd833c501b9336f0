"""Stage 1b: a unified, simplified-script reading of a text, character for character.

Every format (text, web page, PDF, Word) passes through here. PDFs printed by Chromium, and some pages and
texts, carry radicals (⼈ U+2F08, ⺠ U+2EA0) and compatibility ideographs (U+F900…) where ideographs are
meant; reports copied by mirror sites come in traditional characters, sometimes with pinyin injected after
characters (穩(wěn)). The parser reads a normalised form in which radicals and compatibility ideographs are
the unified ideographs they stand for (``data/unified_ideographs.tsv``, from the Unicode Character
Database), traditional characters are simplified (OpenCC ``t2s``) and injected pinyin is blanked with
spaces. Each step replaces one character by one, so the normalised text has exactly the length of the
original and every offset found in it points at the same place in the original text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..resources import data_path

HAN = re.compile(r"[\u4e00-\u9fff]")
# Pinyin with a tone mark in ASCII or full-width brackets right after a Han character: 遠(yuǎn), 設(shè).
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN = re.compile(rf"(?<=[\u4e00-\u9fff])[(（](?=[a-zü{TONED}]*[{TONED}])[a-zü{TONED}]{{1,7}}[)）]")
# A text is read as traditional when at least this share of its Han characters changes under t2s.
TRADITIONAL_SHARE = 0.05
IDEOGRAPH_TABLE = "unified_ideographs.tsv"  # made by tools/make_ideograph_table.py
IDEOGRAPH_COLUMNS = ("code", "char", "target", "ideograph", "source")  # its header line, after the comments
IDEOGRAPHS_READ = "read as unified ideograph"  # what the warning of :func:`ideograph_note` says


@dataclass(frozen=True)
class Normalised:
    text: str  # same length as the original
    traditional: bool  # traditional characters were simplified
    pinyin: int  # injected pinyin annotations blanked
    ideographs: int  # radicals and compatibility ideographs read as unified ideographs


@cache
def _ideographs() -> tuple[dict[int, str], re.Pattern]:
    """The table of ``IDEOGRAPH_TABLE`` for ``str.translate`` and a pattern of the characters it maps."""
    table = {}
    lines = data_path(IDEOGRAPH_TABLE).read_text(encoding="utf-8").splitlines()
    for line in lines[lines.index("\t".join(IDEOGRAPH_COLUMNS)) + 1:]:
        code, _, target, *_ = line.split("\t")
        table[int(code, 16)] = chr(int(target, 16))
    runs: list[list[int]] = []  # the class as ranges: one of a thousand single characters is slow
    for c in sorted(table):
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return table, re.compile("[" + "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "")
                                           for a, b in runs) + "]")


def unify(text: str) -> tuple[str, int]:
    """``text`` with its radicals and compatibility ideographs read as unified ideographs, one for one, and
    how many there were."""
    table, pattern = _ideographs()
    count = len(pattern.findall(text))
    return (text.translate(table), count) if count else (text, 0)


def ideograph_note(count: int) -> str:
    """The warning of a text whose ``count`` radicals or compatibility ideographs were read as ideographs."""
    s = "s" if count != 1 else ""
    return f"{count} radical or compatibility character{s} {IDEOGRAPHS_READ}{s}"


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
    """The unified, simplified reading of ``text``; the original is returned unchanged when there is nothing
    to do. Radicals are unified first, so that pinyin after them and their traditional forms are seen."""
    unified, ideographs = unify(text)
    blanked, n = PINYIN.subn(lambda m: " " * len(m.group()), unified)
    traditional = traditional_share(blanked) >= TRADITIONAL_SHARE
    out = _simplify(blanked) if traditional else blanked
    assert len(out) == len(text)
    return Normalised(out, traditional, n, ideographs)

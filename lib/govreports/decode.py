"""Stage 1: bytes to text.

Accepts UTF-8 (with or without BOM), UTF-16 with BOM, GB18030 (a superset of GBK and GB2312) and Big5
(traditional script, as served by Taiwan-style gateways and mirror sites). Both legacy encodings decode
most byte strings without error, so the choice between them is made by which reading gives common
characters: a real GBK text is nearly all GB2312 level-1 characters, a real Big5 text nearly all Big5
frequent characters, and either one read in the other encoding is not. Only the BOM is removed: line ends and punctuation stay as they are, so that offsets into the
decoded text find every span again.
"""
from __future__ import annotations

import re

import codecs
from dataclasses import dataclass


class DecodeError(ValueError):
    """A file that cannot be read as text; the message is a one-line reason."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "gb18030" or "big5"


@dataclass(frozen=True)
class Extracted:
    """The text of a document file (PDF, Word): what its offsets point into."""

    text: str
    format: str  # "pdf" or "docx"
    pages: tuple[tuple[int, int], ...] = ()  # (offset, page number) where each run of one page's text starts
    chrome: frozenset[int] = frozenset()  # start offsets of the lines that are page chrome
    notes: tuple[str, ...] = ()  # what the reader of the file noticed (pages without text …), one line each


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # control characters but \t \n \v \f \r


def _looks_binary(text: str) -> bool:
    """Control characters other than line ends and tabs are the mark of a binary file."""
    sample = text[:20000]
    if not sample:
        return False
    controls = len(_CONTROL.findall(sample))
    return "\x00" in sample or controls / len(sample) > 0.01


# Code ranges of the frequent characters of each legacy encoding: GB2312 level 1 (3,755 characters) and
# Big5's frequently used characters (5,401).
_COMMON = {"gb18030": ("gb2312", 0xB0A1, 0xD7F9), "big5": ("big5", 0xA440, 0xC67E)}


def common_share(text: str, encoding: str) -> float:
    """Share of the Han characters of ``text`` that are frequent characters of ``encoding``."""
    codec, lo, hi = _COMMON[encoding]
    han = [c for c in text[:20000] if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return 0.0
    hits = 0
    for c in han:
        try:
            b = c.encode(codec)
        except UnicodeEncodeError:
            continue
        hits += len(b) == 2 and lo <= (b[0] << 8 | b[1]) <= hi
    return hits / len(han)


def _legacy(data: bytes) -> tuple[str, str]:
    """Decode bytes that are not UTF-8 as GB18030 or Big5, whichever gives common characters."""
    readings = {}
    for enc in ("gb18030", "big5"):
        try:
            readings[enc] = data.decode(enc)
        except UnicodeDecodeError:
            pass
    if not readings:
        raise DecodeError("undecodable: neither UTF-8, UTF-16 with BOM, GB18030/GBK nor Big5")
    enc = max(readings, key=lambda e: (common_share(readings[e], e), e == "gb18030"))
    return readings[enc], enc


def decode(data: bytes) -> Decoded:
    """Decode a report file; raise :class:`DecodeError` with a one-line reason when it is not text."""
    if not data:
        raise DecodeError("empty file")
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {name} after its byte-order mark at byte {exc.start + len(bom)}") from None
            encoding = codec
            break
    else:
        if b"\x00" in data[:20000]:
            raise DecodeError("binary file (NUL bytes and no UTF-16 byte-order mark)")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _legacy(data)
    if _looks_binary(text):
        raise DecodeError("binary file (control characters in the text)")
    if not text.strip():
        raise DecodeError("whitespace only" if text else "empty file")
    return Decoded(text, encoding)

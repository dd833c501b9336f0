"""Stage 1: bytes to text.

Accepts UTF-8 (with or without BOM), UTF-16 (with or without BOM), GB18030 (a superset of GBK and GB2312) and
Big5 (traditional script, as served by Taiwan-style gateways and mirror sites). Both legacy encodings decode
most byte strings without error, so the choice between them is made by which reading gives common
characters: a real GBK text is nearly all GB2312 level-1 characters, a real Big5 text nearly all Big5
frequent characters, and either one read in the other encoding is not. UTF-16 without a BOM is recognised the
same way, by a reading that is nearly all text characters, its Han characters mostly common ones. Only the BOM
is removed: line ends and punctuation stay as they are, so that offsets into the decoded text find every span
again. The one exception: a text with a few NUL bytes (a damaged or padded download) is read without them,
with a note saying how many; more make a binary file.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass


class DecodeError(ValueError):
    """A file that cannot be read as text; the message is a one-line reason."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "gb18030" or "big5"
    notes: tuple[str, ...] = ()  # what decoding changed (NUL bytes removed), one line each


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
        raise DecodeError("undecodable: neither UTF-8, UTF-16, GB18030/GBK nor Big5")
    enc = max(readings, key=lambda e: (common_share(readings[e], e), e == "gb18030"))
    return readings[enc], enc


# Characters a Chinese text consists of: ASCII, Latin-1 and the accented letters of pinyin, general punctuation
# (with the en, em and thin spaces that indent paragraphs), CJK punctuation, enclosed and Roman numerals, box
# drawing, shapes, bopomofo, the CJK unified ideographs, full-width forms. UTF-16 read in the wrong byte order,
# GBK or Big5 read as UTF-16, or binary bytes give mostly other characters.
_TEXT_CHAR = re.compile("[\t\n\r\x20-\x7e\xa0-\u024f\u2000-\u205e\u2160-\u217f\u2460-\u24ff\u2500-\u25ff"
                        "\u3000-\u303f\u3100-\u312f\u3200-\u32ff\u4e00-\u9fff\uff00-\uffef]")
_HAN = re.compile("[\u4e00-\u9fff]")
_HAN_OR_ASCII = re.compile("[\x00-\x7f\u4e00-\u9fff]")  # ASCII read in the wrong byte order is not ASCII
MIN_UTF16_TEXT = 0.9  # share of text characters a reading as UTF-16 without BOM must give
MIN_COMMON = 0.7  # … and the share of its Han characters that are frequent ones (GB2312 level 1 or Big5's)
MAX_NUL_SHARE = 0.01  # a text may hold this share of NUL bytes (dropped, with a note); more make it binary
_NUL_BINARY = "binary file (NUL bytes and no UTF-16 byte-order mark)"


def _utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: the text and its byte order when a reading of the first 20,000 bytes looks like
    text (:func:`_reads_as_text`; of two, the one with more text, then more Han and ASCII characters) and the
    whole decodes; else None."""
    if len(data) % 2:
        return None
    readings = {codec: data[:20000].decode(codec, errors="replace") for codec in ("utf-16-le", "utf-16-be")}
    scores = {codec: _text_share(text) for codec, text in readings.items() if _reads_as_text(text)}
    if not scores:
        return None
    codec = max(scores, key=lambda c: (scores[c], len(_HAN_OR_ASCII.findall(readings[c]))))
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        return None


def _text_share(text: str) -> float:
    return len(_TEXT_CHAR.findall(text)) / len(text) if text else 0.0


def _reads_as_text(text: str) -> bool:
    """Nearly all text characters, and its Han characters (if any) mostly frequent ones: ASCII read as UTF-16
    gives Han characters too, but rare ones."""
    if _text_share(text) < MIN_UTF16_TEXT:
        return False
    return not _HAN.search(text) or max(common_share(text, "gb18030"), common_share(text, "big5")) >= MIN_COMMON


def _without_bom(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Text, encoding and notes of bytes without a byte-order mark. With NUL bytes: a few in what is UTF-8
    without them are dropped; else UTF-16 (ASCII and many CJK characters put NUL bytes into it); else a few
    in a GB18030 or Big5 text are dropped; more make a binary file."""
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8", ()
        except UnicodeDecodeError:
            pass
        return (*(_utf16(data) or _legacy(data)), ())
    nuls = data.count(0)
    few = nuls <= MAX_NUL_SHARE * len(data)
    note = (f"{nuls} NUL byte{'s' if nuls > 1 else ''} removed from the text",)
    if few:
        try:
            text = data.replace(b"\x00", b"").decode("utf-8")
            if text.strip() and not _looks_binary(text):
                return text, "utf-8", note
        except UnicodeDecodeError:
            pass
    found = _utf16(data)
    if found:
        return (*found, ())
    if not few:
        raise DecodeError(_NUL_BINARY)
    try:
        text, encoding = _legacy(data.replace(b"\x00", b""))
    except DecodeError:
        raise DecodeError(_NUL_BINARY) from None
    if _looks_binary(text) or not text.strip():
        raise DecodeError(_NUL_BINARY)
    return text, encoding, note


def decode(data: bytes) -> Decoded:
    """Decode a report file; raise :class:`DecodeError` with a one-line reason when it is not text."""
    if not data:
        raise DecodeError("empty file")
    notes: tuple[str, ...] = ()
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {name} after its byte-order mark at byte {exc.start + len(bom)}") from None
            encoding = codec
            break
    else:
        text, encoding, notes = _without_bom(data)
    if _looks_binary(text):
        raise DecodeError("binary file (control characters in the text)")
    if not text.strip():
        raise DecodeError("whitespace only" if text else "empty file")
    return Decoded(text, encoding, notes)

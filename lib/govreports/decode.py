"""Stage 1: bytes to text.

Accepts UTF-8 (with or without BOM), UTF-16 with BOM, and GB18030 (a superset of GBK and GB2312).
Only the BOM is removed: line ends and punctuation stay as they are, so that offsets into the
decoded text find every span again.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass


class DecodeError(ValueError):
    """A file that cannot be read as text; the message is a one-line reason."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be" or "gb18030"


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)


def _looks_binary(text: str) -> bool:
    """Control characters other than line ends and tabs are the mark of a binary file."""
    sample = text[:20000]
    if not sample:
        return False
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\x7f")
    return "\x00" in sample or controls / len(sample) > 0.01


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
            try:
                text, encoding = data.decode("gb18030"), "gb18030"
            except UnicodeDecodeError:
                raise DecodeError("undecodable: neither UTF-8, UTF-16 with BOM, nor GB18030/GBK") from None
    if _looks_binary(text):
        raise DecodeError("binary file (control characters in the text)")
    if not text.strip():
        raise DecodeError("whitespace only" if text else "empty file")
    return Decoded(text, encoding)

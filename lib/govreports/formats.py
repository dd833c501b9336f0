"""Which file formats the book reads, and what it says about the ones it does not.

A file's format is decided by its first bytes where they tell (a PDF, a Word or OFD package, an old Office
file, an image), else by its name: a report saved under the wrong extension is still read as what it is.
"""
from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import PurePath

from .decode import DecodeError, Extracted

TEXT_SUFFIXES = {".txt", ".text", ".html", ".htm", ""}
DOCUMENT_SUFFIXES = {".pdf", ".docx"}
READ_SUFFIXES = TEXT_SUFFIXES | DOCUMENT_SUFFIXES

_OLD_WORD = "an old Word or WPS file (.doc/.wps) is not read: save it as .docx or PDF (另存为 .docx 或 PDF)"
_OFD = "an OFD file is not read: export it as PDF (在版式阅读器中另存为 PDF)"
_IMAGE = "an image is not read: it needs OCR first (图片，需要先做文字识别)"
_OTHER_OFFICE = "a spreadsheet or presentation, not a report text: not read"
NOT_READ = {
    ".doc": _OLD_WORD, ".wps": _OLD_WORD, ".dot": _OLD_WORD, ".rtf": "an RTF file is not read: save it as .docx or PDF",
    ".ofd": _OFD, ".odt": "an OpenDocument text is not read: save it as .docx or PDF",
    **{s: _IMAGE for s in (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp")},
    **{s: _OTHER_OFFICE for s in (".xls", ".xlsx", ".et", ".ppt", ".pptx", ".dps", ".csv")},
    **{s: "an archive is not read: unpack it into the folder" for s in (".zip", ".rar", ".7z", ".gz", ".tar")},
}
_MAGIC_IMAGE = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")


def suffix_problem(name: str) -> str | None:
    """Why a file of this name is not read, or None when its format is one the book reads."""
    suffix = PurePath(name).suffix.lower()
    if suffix in READ_SUFFIXES:
        return None
    return NOT_READ.get(suffix, f"unsupported file type {suffix} (text, web pages, PDF and .docx are read)")


def suffix_format(name: str) -> str:
    """The format a file's name says: text, html, pdf, docx, or its extension."""
    suffix = PurePath(name).suffix.lower()
    return {".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}.get(
        suffix, "text" if suffix in TEXT_SUFFIXES else suffix.lstrip("."))


def sniff(data: bytes) -> str | None:
    """The format the bytes show: "pdf", "docx", or None for text (or anything else ``decode`` judges).
    Raises :class:`DecodeError` for formats that are recognised but not read."""
    head = data[:1024]
    if data.lstrip()[:5] == b"%PDF-" or (b"%PDF-" in head and b"endobj" in data):
        return "pdf"  # the header may follow a few bytes of junk; then its objects make it a PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            raise DecodeError("damaged zip package (.docx/.ofd): cannot be opened; download it again") from None
        if "word/document.xml" in names:
            return "docx"
        if "OFD.xml" in names or any(n.lower() == "ofd.xml" for n in names):
            raise DecodeError(_OFD)
        raise DecodeError("a zip package that is not a Word document: not read")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise DecodeError(_OLD_WORD)
    if data.startswith(_MAGIC_IMAGE) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        raise DecodeError(_IMAGE)
    return None


def extract(data: bytes) -> Extracted | None:
    """The text of a PDF or Word file, None for bytes that are to be decoded as text."""
    kind = sniff(data)
    if kind == "pdf":
        from .pdf_text import pdf_to_text

        return pdf_to_text(data)
    if kind == "docx":
        from .docx_text import docx_to_text

        return docx_to_text(data)
    return None
